package record

import (
	"strings"
	"testing"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/timelimit"
)

func officialCalendar(t *testing.T) *calendar.Calendar {
	t.Helper()
	cal, err := calendar.New(calendar.Official(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return cal
}

// The National Day holiday of 2026: 1–7 October off, Saturday 10 October worked (2026.json).
func TestDueDatesAroundNationalDay2026(t *testing.T) {
	cal := officialCalendar(t)
	d := calendar.MustDate

	// A policy document formed on 30 September, entry rule 20 working days (Art.26):
	// 8, 9, 10(Sat, make-up), 12–16, 19–23, 26–30 October, 2 and 3 November.
	policy := validRecord()
	policy.FormedOn = d(2026, 9, 30)
	due, ok := DueDate(policy, timelimit.Parse("信息形成或者变更之日起20个工作日内"), cal)
	if !ok || due.Date != d(2026, 11, 3) {
		t.Fatalf("policy due %v, %v; want 2026-11-03", due.Date, ok)
	}
	if ex := due.Explain(); !strings.Contains(ex, "10月1日至7日国庆节休假") || !strings.Contains(ex, "10月10日调休上班") {
		t.Errorf("explanation %q", ex)
	}

	// Its interpretation, the policy published on 30 September: 3 working days are 8, 9 and
	// Saturday 10 October, a make-up working day — so the interpretation is due on 10 October,
	// not on Monday the 12th.
	interp := validRecord()
	interp.Kind, interp.PolicyID = KindInterpretation, 1
	interp.PolicyPublishedOn = d(2026, 9, 30)
	interp.FormedOn = d(2026, 9, 1) // ignored: the policy's publication counts
	due, ok = DueDate(interp, timelimit.Parse("信息形成或者变更之日起20个工作日内"), cal)
	if !ok || due.Date != d(2026, 10, 10) || due.Date.Weekday() != time.Saturday || !cal.IsWorkingDay(due.Date) {
		t.Fatalf("interpretation due %v (%v), %v; want Saturday 2026-10-10", due.Date, due.Date.Weekday(), ok)
	}
	if due.N != InterpretationWorkingDays || due.Unit != calendar.WorkingDays || due.From != d(2026, 9, 30) {
		t.Errorf("interpretation due %+v", due)
	}
	// An interpretation of a policy not yet published has no date of its own.
	interp.PolicyPublishedOn = calendar.Date{}
	if _, ok := DueDate(interp, timelimit.Parse("20个工作日内"), cal); ok {
		t.Error("interpretation of an unpublished policy has a due date")
	}
	// An ordinary week: policy published Monday 19 October → Thursday 22 October.
	if got := InterpretationDue(cal, d(2026, 10, 19)).Date; got != d(2026, 10, 22) {
		t.Errorf("ordinary week: %v", got)
	}

	// Calendar days ending in the holiday move to the next working day (民法典 第203条):
	// 20 days after 11 September is 1 October.
	r := validRecord()
	r.FormedOn = d(2026, 9, 11)
	due, ok = DueDate(r, timelimit.Parse("本级人民代表大会或其常务委员会批准后20日内"), cal)
	if !ok || due.Date != d(2026, 10, 8) || due.Nominal != d(2026, 10, 1) {
		t.Errorf("calendar days: %v (nominal %v), %v", due.Date, due.Nominal, ok)
	}

	// Social assistance: 10 working days after Monday 28 September (not counted) → 29, 30
	// September, 8, 9, 10 (Sat), 12–16 October.
	r.FormedOn = d(2026, 9, 28)
	due, _ = DueDate(r, timelimit.Parse("制定或获取信息之日起10个工作日内"), cal)
	if due.Date != d(2026, 10, 16) {
		t.Errorf("10 working days from 28 September: %v", due.Date)
	}
}

func TestDueDateWithoutDeadline(t *testing.T) {
	cal := officialCalendar(t)
	r := validRecord()
	for _, text := range []string{"公示7个工作日", "长期公开", "每季度", "无固定时限", "同上"} {
		if due, ok := DueDate(r, timelimit.Parse(text), cal); ok {
			t.Errorf("%s: due %v", text, due.Date)
		}
	}
	r.FormedOn = calendar.Date{}
	if _, ok := DueDate(r, timelimit.Parse("20个工作日内"), cal); ok {
		t.Error("due date without an event day")
	}
	// 及时公开 formed on the Saturday of a holiday: due on the first working day after it.
	r.FormedOn = calendar.MustDate(2026, 10, 3)
	due, ok := DueDate(r, timelimit.Parse("及时公开"), cal)
	if !ok || due.Date != calendar.MustDate(2026, 10, 8) {
		t.Errorf("immediate: %v, %v", due.Date, ok)
	}
}

func TestPublicityEnd(t *testing.T) {
	cal := officialCalendar(t)
	n := validRecord()
	n.Kind, n.Publicity = KindPublicity, timelimit.Span{N: 7, Unit: calendar.WorkingDays}
	if _, ok := PublicityEnd(n, cal); ok {
		t.Error("an unpublished notice has a publicity end")
	}
	// Published at 01:00 on 30 September in China, which is still the 29th in UTC: the day in
	// China counts. 7 working days: 8, 9, 10, 12, 13, 14, 15 October.
	n.PublishedAt = time.Date(2026, 9, 29, 17, 0, 0, 0, time.UTC)
	due, ok := PublicityEnd(n, cal)
	if !ok || due.From != calendar.MustDate(2026, 9, 30) || due.Date != calendar.MustDate(2026, 10, 15) {
		t.Fatalf("publicity end %v from %v, %v; want 2026-10-15 from 2026-09-30", due.Date, due.From, ok)
	}
	// Posted earlier on the bulletin board: the period runs from there. From Monday 21
	// September: 22, 23, 24, (25–27 中秋节), 28, 29, 30 September, (1–7 国庆节), 8 October.
	n.PublicityStart = calendar.MustDate(2026, 9, 21)
	due, _ = PublicityEnd(n, cal)
	if due.Date != calendar.MustDate(2026, 10, 8) {
		t.Errorf("from 21 September: %v", due.Date)
	}
	// Calendar days: 5 days from Monday 19 October end on Saturday the 24th, a rest day, so on
	// Monday the 26th.
	n.Publicity = timelimit.Span{N: 5, Unit: calendar.CalendarDays}
	n.PublicityStart = calendar.MustDate(2026, 10, 19)
	due, _ = PublicityEnd(n, cal)
	if due.Nominal != calendar.MustDate(2026, 10, 24) || due.Date != calendar.MustDate(2026, 10, 26) {
		t.Errorf("5 calendar days from 19 October: %v (nominal %v)", due.Date, due.Nominal)
	}
	n.Publicity = timelimit.Span{}
	if _, ok := PublicityEnd(n, cal); ok {
		t.Error("no period, but an end")
	}
}

func TestOverdue(t *testing.T) {
	cal := officialCalendar(t)
	due := cal.AddWorkingDays(calendar.MustDate(2026, 9, 30), 20) // 2026-11-03
	for _, tc := range []struct {
		today string
		want  bool
	}{
		{"2026-10-20", false}, {"2026-11-02", false}, {"2026-11-03", false}, {"2026-11-04", true}, {"2027-01-01", true},
	} {
		if got := Overdue(due, calendar.MustParseDate(tc.today)); got != tc.want {
			t.Errorf("Overdue on %s = %v, want %v", tc.today, got, tc.want)
		}
	}
	if Overdue(calendar.Due{}, calendar.MustDate(2030, 1, 1)) {
		t.Error("no due date is never overdue")
	}
}
