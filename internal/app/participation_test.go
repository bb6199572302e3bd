package app_test

import (
	"context"
	"testing"
	"time"

	"gongkai/internal/app"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/participation"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// chinaAt is 10:00 in China on day d.
func chinaAt(d string) time.Time {
	return calendar.MustParseDate(d).Time().Add(10 * time.Hour)
}

// TestQuestionClock: the due day counts working days on the official calendar — across the
// Mid-Autumn and National Day holidays and the make-up working days (调休) of 2026 — an
// extension adds the period once more, and the statistics count answer times in working
// days and questions unanswered for more than three months.
func TestQuestionClock(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		ctx := context.Background()
		u, _ := s.OrgByCode(ctx, "610111")
		ask := func(day, title string) participation.Question {
			w.a.Clock = func() time.Time { return chinaAt(day) }
			_, q, err := w.a.Ask(ctx, u, app.QuestionInput{Title: title, Text: "请问如何办理？", Contact: "13812345678", AllowPublic: true}, "203.0.113.7")
			if err != nil {
				t.Fatal(err)
			}
			return q
		}
		// Friday 18 September: Sunday the 20th is a make-up working day.
		if q := ask("2026-09-18", "调休日"); q.Due != calendar.MustDate(2026, 9, 24) {
			t.Fatalf("due %s, want 2026-09-24", q.Due)
		}
		stale := ask("2026-06-01", "三个月未答复")
		// Wednesday 30 September: 1–7 October are off, Saturday the 10th is worked.
		q := ask("2026-09-30", "国庆节前")
		if q.Due != calendar.MustDate(2026, 10, 13) {
			t.Fatalf("due %s, want 2026-10-13", q.Due)
		}
		editor, approver := w.who("editor@610111"), w.who("approver@610111")
		w.a.Clock = func() time.Time { return chinaAt("2026-10-12") }
		// The editors hear of new questions, and of a question due within a working day once.
		pg, err := w.a.Notifications(ctx, editor, true)
		if err != nil || len(pg.Items) < 3 || pg.Items[0].Kind != participation.NoticeQuestion {
			t.Fatalf("notifications: %+v %v", pg, err)
		}
		n, err := w.a.RemindQuestions(ctx)
		if err != nil || n < 2 { // due soon: 国庆节前; overdue: the other two
			t.Fatalf("reminders: %d %v", n, err)
		}
		if again, _ := w.a.RemindQuestions(ctx); again != 0 {
			t.Fatalf("reminded twice: %d", again)
		}
		if _, err := w.a.ActOnQuestion(ctx, editor, q.ID, participation.QAct{Kind: participation.QExtend}); !errs.Is(err, errs.Invalid) {
			t.Fatalf("extension without reason: %v", err)
		}
		x, err := w.a.ActOnQuestion(ctx, editor, q.ID, participation.QAct{Kind: participation.QExtend, Reason: "需会同民政局核实"})
		if err != nil || x.Due != calendar.MustDate(2026, 10, 20) {
			t.Fatalf("extended due %s: %v", x.Due, err)
		}
		if _, err := w.a.ActOnQuestion(ctx, editor, q.ID, participation.QAct{Kind: participation.QDraft, AnswerHTML: "<p>请携带身份证件到街道办理。</p>"}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.a.ActOnQuestion(ctx, editor, q.ID, participation.QAct{Kind: participation.QApprove}); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("the drafter approves: %v", err)
		}
		if _, err := w.a.ActOnQuestion(ctx, approver, q.ID, participation.QAct{Kind: participation.QApprove}); err != nil {
			t.Fatal(err)
		}
		st, err := w.a.StatusOf(ctx, "no-such-token-000000000000")
		if !errs.Is(err, errs.NotFound) {
			t.Fatalf("unknown token: %+v %v", st, err)
		}
		w.a.Clock = func() time.Time { return chinaAt("2026-10-14") }
		stats, err := w.a.QuestionStatsOf(ctx, w.who("supervisor@610100"), u)
		if err != nil {
			t.Fatal(err)
		}
		// Answered on 12 October: 8, 9, 10 (调休) and 12 October are 4 working days.
		if stats.Received != 3 || stats.Answered != 1 || stats.MedianWorkingDays != 4 || stats.Overdue != 2 || stats.Stale != 1 {
			t.Fatalf("stats: %+v", stats)
		}
		rows, err := w.a.QuestionList(ctx, editor, u, participation.QuestionReceived)
		if err != nil || len(rows) != 2 || !rows[0].Overdue {
			t.Fatalf("due list: %+v %v", rows, err)
		}
		_ = stale
		if _, err := w.a.QuestionList(ctx, w.who("editor@610112"), u, ""); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("another unit's editor: %v", err)
		}
	})
}

// TestQuestionRoutedToBody: a question routed to a department (the responsible body of the
// entry asked about) is answered there: the department's staff see and answer it, the unit
// office sees it, another department does not.
func TestQuestionRoutedToBody(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		ctx := context.Background()
		mzj, _ := s.OrgByCode(ctx, "610112-mzj")
		q, err := s.AddQuestion(ctx, participation.Question{UnitID: w.unit.ID, BodyOrgID: mzj.ID, Title: "低保标准", Text: "问", Contact: "13812345678",
			Client: "c", Due: calendar.MustDate(2026, 12, 14)}, "610112", "hash-of-token", participation.DefaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.a.ActOnQuestion(ctx, w.who("editor@610112-mzj"), q.ID, participation.QAct{Kind: participation.QDraft, AnswerHTML: "<p>答</p>"}); err != nil {
			t.Fatalf("the department's editor: %v", err)
		}
		if _, err := w.a.ActOnQuestion(ctx, w.who("approver@610112-zjbjd"), q.ID, participation.QAct{Kind: participation.QApprove}); !errs.Is(err, errs.NotFound) {
			t.Fatalf("another body's approver: %v", err)
		}
		if _, err := w.a.Question(ctx, w.who("admin@610112"), q.ID); err != nil {
			t.Fatalf("the unit office: %v", err)
		}
		if _, err := w.a.ActOnQuestion(ctx, w.who("approver@610112-mzj"), q.ID, participation.QAct{Kind: participation.QApprove}); err != nil {
			t.Fatalf("the department's approver: %v", err)
		}
		rows, err := w.a.QuestionList(ctx, w.who("editor@610112-mzj"), mzj, "")
		if err != nil || len(rows) != 1 {
			t.Fatalf("the department's list: %d %v", len(rows), err)
		}
	})
}
