package app_test

import (
	"context"
	"gongkai/internal/org"
	"testing"

	"gongkai/internal/app"
	"gongkai/internal/calendar"
	"gongkai/internal/request"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestAnnualReportFromRequests builds requests with known outcomes across 2024–2026 and checks
// tables 三 and 四 of 2025 cell by cell.
func TestAnnualReportFromRequests(t *testing.T) { storetest.Each(t, testAnnualReportFromRequests) }

func testAnnualReportFromRequests(t *testing.T, s *store.Store) {
	w := newWorld(t, s)
	ctx := context.Background()
	a := w.a
	editor, reviewer, approver := w.who("editor@610111"), w.who("reviewer@610111"), w.who("approver@610111")
	unit, _ := s.OrgByCode(ctx, "610111") // 610112 has the demo requests
	d := calendar.MustParseDate
	register := func(kind request.ApplicantKind, received string) int64 {
		at(a, received)
		ap := sampleApplication("申请人")
		ap.Applicant.Kind, ap.Channel, ap.Received = kind, request.ChannelInPerson, d(received)
		x, _, err := a.RegisterRequest(ctx, editor, unit, ap)
		if err != nil {
			t.Fatal(err)
		}
		return x.ID
	}
	answer := func(id int64, day string, typ request.ReplyType, reason int) {
		at(a, day)
		if _, err := a.DraftReply(ctx, editor, org.Org{}, id, request.Reply{Type: typ, Reason: reason}); err != nil {
			t.Fatal(err)
		}
		if _, err := a.ReviewReply(ctx, reviewer, org.Org{}, id, true, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := a.ApproveReply(ctx, approver, org.Org{}, id, true, ""); err != nil {
			t.Fatal(err)
		}
	}
	carriedIn := register(request.ApplicantPerson, "2024-12-20")
	answer(carriedIn, "2025-01-10", request.ReplyOpen, 0)
	closed2024 := register(request.ApplicantPerson, "2024-11-04")
	answer(closed2024, "2024-11-20", request.ReplyOpen, 0)
	withheld := register(request.ApplicantPerson, "2025-03-03")
	answer(withheld, "2025-03-20", request.ReplyWithheld, 4)
	lapsed := register(request.ApplicantBusiness, "2025-06-02")
	at(a, "2025-06-03")
	if _, _, err := a.AddRequestEvent(ctx, editor, org.Org{}, lapsed, request.Event{Kind: request.EventCorrectionNotice, On: d("2025-06-03"), Until: d("2025-06-20")}); err != nil {
		t.Fatal(err)
	}
	register(request.ApplicantResearch, "2025-12-22") // still open at the end of the year
	register(request.ApplicantCharity, "2026-01-05")  // next year's
	at(a, "2025-04-01")
	if _, err := a.AddAppeal(ctx, editor, org.Org{}, withheld, request.Appeal{Kind: request.AppealReconsideration, Filed: d("2025-04-01"), Outcome: request.OutcomePending}); err != nil {
		t.Fatal(err)
	}
	at(a, "2025-05-06")
	pg, _ := a.Request(ctx, editor, org.Org{}, withheld)
	if _, err := a.AddAppeal(ctx, editor, org.Org{}, withheld, request.Appeal{ID: pg.Request.Appeals[0].ID, Kind: request.AppealReconsideration, Filed: d("2025-04-01"),
		Outcome: request.OutcomeCorrected, Decided: d("2025-05-06")}); err != nil {
		t.Fatal(err)
	}

	at(a, "2026-02-02")
	rep, err := a.AnnualReport(ctx, w.who("supervisor@610100"), unit, 2025)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]int{
		request.RowNew:        {1, 1, 1, 0, 0, 0, 3},
		request.RowCarriedIn:  {1, 0, 0, 0, 0, 0, 1},
		"open":                {1, 0, 0, 0, 0, 0, 1},
		"withheld_4":          {1, 0, 0, 0, 0, 0, 1},
		"other_1":             {0, 1, 0, 0, 0, 0, 1},
		request.RowTotal:      {2, 1, 0, 0, 0, 0, 3},
		request.RowCarriedOut: {0, 0, 1, 0, 0, 0, 1},
	}
	for key, cells := range want {
		for c, v := range cells {
			if got := rep.Table3.Cell(key, c); got != v {
				t.Errorf("table 三 %s %s: %d, want %d", key, rep.Table3.Columns[c], got, v)
			}
		}
	}
	if len(rep.Failures) != 0 {
		t.Errorf("check: %v", rep.Failures)
	}
	if got := rep.Table4.Rows[0].Cells; got[1] != 1 || got[4] != 1 {
		t.Errorf("table 四: %v", got)
	}
	if rep.Due.String() != "2026-03-31" {
		t.Errorf("due %s", rep.Due)
	}
	// Sections and hand-entered figures are kept; a negative count is refused.
	if _, err := a.SaveAnnualReport(ctx, editor, unit, 2025, request.Texts{Overview: "总体情况"}, request.Table2{Penalty: -1}); fieldError(err, "penalty") == "" {
		t.Fatalf("negative: %v", err)
	}
	rep, err = a.SaveAnnualReport(ctx, editor, unit, 2025, request.Texts{Overview: "总体情况"}, request.Table2{Penalty: 12, FeesWan: 3.5})
	if err != nil || rep.Texts.Overview != "总体情况" || rep.Table2.Penalty != 12 || rep.Table2.FeesWan != 3.5 {
		t.Fatalf("%v %+v", err, rep.Table2)
	}
	if _, err := a.SaveAnnualReport(ctx, w.who("supervisor@610100"), unit, 2025, request.Texts{}, request.Table2{}); err == nil {
		t.Fatal("supervisor edits the unit's report")
	}
}

// TestDemoRequests: the demo has 未央区's requests in every state and a checked 2025 report.
func TestDemoRequests(t *testing.T) { storetest.Each(t, testDemoRequests) }

func testDemoRequests(t *testing.T, s *store.Store) {
	w := newWorld(t, s)
	ctx := context.Background()
	l, err := w.a.Requests(ctx, w.who("editor@610112"), w.unit, "")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[request.State]bool{}
	overdue, appeals := false, 0
	for _, r := range l.Rows {
		seen[r.Status.State] = true
		overdue = overdue || r.Status.Overdue
	}
	for _, st := range []request.State{request.StateReceived, request.StateCorrection, request.StateExtended, request.StateConsultation, request.StateAnswered} {
		if !seen[st] {
			t.Errorf("demo lacks a request in state %s", st)
		}
	}
	for _, r := range l.Rows {
		pg, err := w.a.Request(ctx, w.who("editor@610112"), org.Org{}, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		appeals += len(pg.Request.Appeals)
	}
	if !overdue || appeals == 0 {
		t.Errorf("demo: overdue %v, appeals %d", overdue, appeals)
	}
	if w.a.Today().Year() >= 2026 {
		rep, err := w.a.AnnualReport(ctx, w.who("editor@610112"), w.unit, 2025)
		if err != nil || len(rep.Failures) != 0 || rep.Table3.Cell(request.RowNew, 6) != 4 || rep.Table3.Cell(request.RowCarriedOut, 6) != 1 || rep.Texts.Overview == "" {
			t.Fatalf("2025 report: %v %+v", err, rep.Table3)
		}
	}
}

// TestAnnualReportDues: the city office sees each unit's report of the year before with its
// due day; 未央区's demo report is written, 灞桥区's is not and is overdue after 31 March.
func TestAnnualReportDues(t *testing.T) { storetest.Each(t, testAnnualReportDues) }

func testAnnualReportDues(t *testing.T, s *store.Store) {
	w := newWorld(t, s)
	ctx := context.Background()
	city, _ := s.OrgByCode(ctx, "610100")
	at(w.a, "2026-04-01")
	ds, err := w.a.AnnualReportDues(ctx, w.who("supervisor@610100"), city, 2025)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]app.ReportDue{}
	for _, d := range ds {
		got[d.Org.Code] = d
	}
	if d := got["610112"]; !d.Written || !d.Checked || d.Overdue || d.Due.String() != "2026-03-31" {
		t.Errorf("610112: %+v", d)
	}
	if d := got["610111"]; d.Written || !d.Overdue {
		t.Errorf("610111: %+v", d)
	}
	if _, err := w.a.AnnualReportDues(ctx, w.who("editor@610111"), city, 2025); err == nil {
		t.Error("a unit's editor sees the city's list")
	}
}
