package record

import (
	"testing"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
)

func consultationIn(s State, until calendar.Date, reason string) Record {
	r := recordIn(s)
	r.Kind, r.Validity, r.DocNo = KindConsultation, "", ""
	r.Consultation = Consultation{CommentsUntil: until, ShortPeriodReason: reason, DraftingNote: "起草说明"}
	return r
}

func TestConsultationPeriod(t *testing.T) {
	today := calendar.DateOf(testNow()) // 2026-10-20
	for _, tc := range []struct {
		name   string
		until  calendar.Date
		reason string
		field  string
	}{
		{"thirty days", today.AddDays(29), "", ""},
		{"no end", calendar.Date{}, "", FieldCommentsUntil},
		{"ended", today.AddDays(-1), "", FieldCommentsUntil},
		{"short without reason", today.AddDays(10), "", FieldShortPeriodReason},
		{"short with reason", today.AddDays(10), "应急事项，需尽快出台", ""},
		{"one day too short", today.AddDays(28), " ", FieldShortPeriodReason},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fe := consultationIn(StateDraft, tc.until, tc.reason).Validate(today)
			if tc.field == "" && len(fe) > 0 {
				t.Fatalf("want valid, got %v", fe)
			}
			if tc.field != "" && (len(fe) != 1 || fe[0].Field != tc.field) {
				t.Fatalf("want one error on %s, got %v", tc.field, fe)
			}
		})
	}
}

func TestConsultationCountdown(t *testing.T) {
	c := Consultation{CommentsUntil: calendar.MustDate(2026, 11, 18)}
	for _, tc := range []struct {
		today string
		left  int
	}{{"2026-10-20", 30}, {"2026-11-18", 1}, {"2026-11-19", 0}, {"2027-01-01", 0}} {
		if got := c.DaysLeft(calendar.MustParseDate(tc.today)); got != tc.left {
			t.Errorf("%s: %d days left, want %d", tc.today, got, tc.left)
		}
	}
	if n := c.PeriodDays(calendar.MustDate(2026, 10, 20)); n != 30 {
		t.Errorf("period %d days, want 30", n)
	}
}

func TestConsultationApproval(t *testing.T) {
	today := calendar.DateOf(testNow())
	// Submitted with 30 days, approved a week later: the period would be 23 days.
	r := consultationIn(StateAwaitingApproval, today.AddDays(29), "")
	late := testNow().Add(7 * 24 * time.Hour)
	_, err := Decide(r, Action{Kind: ActionApprove}, actor("approver"), Policy{}, late)
	wantErr(t, err, errs.Conflict, "少于30日的须说明理由")
	if _, err := Decide(r, Action{Kind: ActionApprove}, actor("approver"), Policy{}, testNow()); err != nil {
		t.Fatal(err)
	}
	// A decision waits for the feedback of its consultation.
	d := recordIn(StateAwaitingApproval)
	d.ConsultationID = 9
	_, err = Decide(d, Action{Kind: ActionApprove}, actor("approver"), Policy{}, testNow())
	wantErr(t, err, errs.Conflict, "尚未公布意见采纳情况")
	d.ConsultationFeedbackPublished = true
	if _, err := Decide(d, Action{Kind: ActionApprove}, actor("approver"), Policy{}, testNow()); err != nil {
		t.Fatal(err)
	}
}
