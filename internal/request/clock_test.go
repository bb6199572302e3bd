package request

import (
	"strings"
	"testing"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
)

func officialCal(t testing.TB) *calendar.Calendar {
	t.Helper()
	cal, err := calendar.New(calendar.Official(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return cal
}

var d = calendar.MustParseDate

// The expected due days were counted by hand on the State Council notices.
func TestDueDays(t *testing.T) {
	cal := officialCal(t)
	cases := []struct {
		name     string
		received string
		events   []Event
		today    string
		due      string
		phase    Phase
		explain  []string // substrings of the explanation
	}{
		{name: "plain 2017 across National Day with the Saturday make-up day 9-30",
			received: "2017-09-29", today: "2017-10-09", due: "2017-11-02", phase: PhaseRunning,
			explain: []string{"自2017年9月30日起算第20个工作日", "9月30日调休上班", "截止2017年11月2日"}},
		{name: "2020 Spring Festival extended to 2 February",
			received: "2020-01-20", today: "2020-01-21", due: "2020-02-25", phase: PhaseRunning},
		{name: "2024 Spring Festival with the Sunday make-up days 2-4 and 2-18",
			received: "2024-02-05", today: "2024-02-05", due: "2024-03-08", phase: PhaseRunning,
			explain: []string{"2月18日调休上班"}},
		{name: "correction notice moves the start across the 2024 Spring Festival",
			received: "2024-02-05", today: "2024-02-20",
			events: []Event{{Kind: EventCorrectionNotice, On: d("2024-02-07"), Until: d("2024-02-29")},
				{Kind: EventCorrected, On: d("2024-02-19")}},
			due: "2024-03-18", phase: PhaseRunning,
			explain: []string{"自收到补正申请次日2024年2月20日起算第20个工作日"}},
		{name: "waiting for the correction: no due day",
			received: "2024-02-05", today: "2024-02-20",
			events: []Event{{Kind: EventCorrectionNotice, On: d("2024-02-07"), Until: d("2024-02-29")}},
			phase:  PhaseCorrection, explain: []string{"补正期限至2024年2月29日"}},
		{name: "no correction by the set day: 逾期不补正",
			received: "2024-02-05", today: "2024-03-01",
			events: []Event{{Kind: EventCorrectionNotice, On: d("2024-02-07"), Until: d("2024-02-29")}},
			phase:  PhaseLapsedFix, explain: []string{"逾期不补正"}},
		{name: "consultation spanning the 2025 National Day and Mid-Autumn week",
			received: "2025-09-15", today: "2025-10-20",
			events: []Event{{Kind: EventConsultationStart, On: d("2025-09-26"), Party: PartyThird},
				{Kind: EventConsultationEnd, On: d("2025-10-17")}},
			due: "2025-11-03", phase: PhaseRunning,
			explain: []string{"起算第20个工作日", "征求第三方意见11个工作日不计入", "10月11日调休上班"}},
		{name: "open consultation is projected at 15 working days",
			received: "2025-09-15", today: "2025-09-30",
			events: []Event{{Kind: EventConsultationStart, On: d("2025-09-26"), Party: PartyAgency}},
			// 20 + 15 working days after 2025-09-15
			due: "2025-11-07", phase: PhaseConsultation, explain: []string{"正在征求其他机关意见"}},
		{name: "a consultation longer than 15 working days counts 15",
			received: "2023-03-01", today: "2023-06-01",
			events: []Event{{Kind: EventConsultationStart, On: d("2023-03-02"), Party: PartyThird},
				{Kind: EventConsultationEnd, On: d("2023-04-28")}},
			// 35 working days after 2023-03-01 (Qingming 4-5 off): March 2–31 has 22, April 3–4 24, 6–7 26, 10–14 31, 17–20 35
			due: "2023-04-20", phase: PhaseRunning, explain: []string{"征求第三方意见15个工作日不计入"}},
		{name: "extension of 20 working days in 2019 across National Day",
			received: "2019-09-02", today: "2019-09-27",
			events: []Event{{Kind: EventExtension, On: d("2019-09-27"), Days: 20}},
			// 40 working days after 2019-09-02: 9-29 (Sun) and 10-12 (Sat) worked, 10-1..7 off
			due: "2019-11-01", phase: PhaseRunning, explain: []string{"起算第40个工作日（含延期20个工作日）"}},
		{name: "fee time does not count",
			received: "2021-06-01", today: "2021-06-30",
			events: []Event{{Kind: EventFeeNotice, On: d("2021-06-08"), Until: d("2021-06-25"), Fee: 10000},
				{Kind: EventFeePaid, On: d("2021-06-11")}},
			// 20 + 3 working days after 2021-06-01; 6-14 端午 off
			due: "2021-07-05", phase: PhaseRunning, explain: []string{"缴费期间3个工作日不计入"}},
		{name: "2026 New Year make-up day 1-4 and a due day in 2027 is provisional",
			received: "2026-12-07", today: "2026-12-07", due: "2027-01-05", phase: PhaseRunning,
			explain: []string{"自2026年12月8日起算第20个工作日", "尚未"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := Run(cal, d(tc.received), tc.events, d(tc.today))
			if c.Phase != tc.phase {
				t.Errorf("phase %s, want %s (%s)", c.Phase, tc.phase, c.Explained)
			}
			got := ""
			if !c.Due.IsZero() {
				got = c.Due.String()
			}
			if got != tc.due {
				t.Errorf("due %q, want %q (%s)", got, tc.due, c.Explained)
			}
			for _, s := range tc.explain {
				if !strings.Contains(c.Explained, s) {
					t.Errorf("explanation %q lacks %q", c.Explained, s)
				}
			}
		})
	}
}

func TestCheckRules(t *testing.T) {
	cal := officialCal(t)
	rec := d("2025-09-15")
	notice := Event{Kind: EventCorrectionNotice, On: d("2025-09-17"), Until: d("2025-10-15")}
	ext := Event{Kind: EventExtension, On: d("2025-10-09"), Days: 10}
	cases := []struct {
		name   string
		events []Event
		e      Event
		today  string
		field  string // "" = accepted
		msg    string
	}{
		{"notice in time", nil, notice, "2025-09-20", "", ""},
		// 7 working days after 9-15 is 9-24
		{"notice on the 7th working day", nil, Event{Kind: EventCorrectionNotice, On: d("2025-09-24"), Until: d("2025-10-20")}, "2025-09-24", "", ""},
		{"notice after 7 working days", nil, Event{Kind: EventCorrectionNotice, On: d("2025-09-25"), Until: d("2025-10-20")}, "2025-09-25", "on", "7个工作日"},
		{"second notice", []Event{notice, {Kind: EventCorrected, On: d("2025-09-18")}}, Event{Kind: EventCorrectionNotice, On: d("2025-09-19"), Until: d("2025-10-20")}, "2025-09-19", "kind", "只能告知补正一次"},
		{"notice without a set day", nil, Event{Kind: EventCorrectionNotice, On: d("2025-09-16")}, "2025-09-16", "until", "须晚于"},
		{"corrected without a notice", nil, Event{Kind: EventCorrected, On: d("2025-09-16")}, "2025-09-16", "kind", "没有待补正"},
		{"corrected after the set day", []Event{notice}, Event{Kind: EventCorrected, On: d("2025-10-16")}, "2025-10-16", "on", "逾期不补正"},
		{"extension", nil, ext, "2025-10-09", "", ""},
		{"second extension", []Event{ext}, Event{Kind: EventExtension, On: d("2025-10-10"), Days: 5}, "2025-10-10", "kind", "只能延期一次"},
		{"extension beyond 20", nil, Event{Kind: EventExtension, On: d("2025-10-09"), Days: 21}, "2025-10-09", "days", "20个工作日"},
		{"extension after the due day", nil, Event{Kind: EventExtension, On: d("2025-10-20"), Days: 5}, "2025-10-20", "on", "届满"},
		{"extension while waiting for the correction", []Event{notice}, Event{Kind: EventExtension, On: d("2025-09-18"), Days: 5}, "2025-09-18", "kind", "补正"},
		{"event in the future", nil, ext, "2025-10-08", "on", "不能晚于今天"},
		{"event out of order", []Event{ext}, Event{Kind: EventConsultationStart, On: d("2025-10-01"), Party: PartyThird}, "2025-10-10", "on", "顺序有误"},
		{"event before receipt", nil, Event{Kind: EventConsultationStart, On: d("2025-09-01"), Party: PartyThird}, "2025-10-10", "on", "早于收到申请"},
		{"end without start", nil, Event{Kind: EventConsultationEnd, On: d("2025-09-20")}, "2025-10-10", "kind", "没有正在进行"},
		{"consultation without a party", nil, Event{Kind: EventConsultationStart, On: d("2025-09-20")}, "2025-10-10", "party", "第三方"},
		{"unknown kind", nil, Event{Kind: "reopen", On: d("2025-09-20")}, "2025-10-10", "kind", "不在可选范围"},
		{"correction notice after another step", []Event{{Kind: EventConsultationStart, On: d("2025-09-16"), Party: PartyThird}}, Event{Kind: EventCorrectionNotice, On: d("2025-09-17"), Until: d("2025-10-20")}, "2025-09-17", "kind", "之前"},
		{"fee without amount", nil, Event{Kind: EventFeeNotice, On: d("2025-09-16"), Until: d("2025-09-30")}, "2025-09-16", "fee", "大于零"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := len(tc.events)
			_, err := Check(cal, rec, tc.events, tc.e, d(tc.today))
			if len(tc.events) != before {
				t.Fatal("Check changed its input")
			}
			if tc.field == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var e *errs.Error
			if err == nil || !errorsAs(err, &e) || len(e.Fields) == 0 {
				t.Fatalf("want an error on %s, got %v", tc.field, err)
			}
			if e.Fields[0].Field != tc.field || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("got %s %q, want field %s with %q", e.Fields[0].Field, err, tc.field, tc.msg)
			}
		})
	}
}
