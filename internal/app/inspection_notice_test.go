package app_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"gongkai/internal/app"
	"gongkai/internal/calendar"
	"gongkai/internal/campaign"
	"gongkai/internal/demo"
	"gongkai/internal/errs"
	"gongkai/internal/inspection"
	"gongkai/internal/org"
	"gongkai/internal/record"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// closedRound creates a round of the province office over 610112 and 610111 with cut-off
// at, travels past it, computes it, gives each unit a manual deduction and closes it.
func closedRound(t *testing.T, a *app.App, prov *app.Principal, root org.Org, at time.Time) int64 {
	t.Helper()
	ctx := context.Background()
	id, err := a.CreateRound(ctx, prov, root, app.RoundInput{Name: "通报测试检查", PeriodFrom: calendar.DateOf(at).AddDays(-30), PeriodTo: calendar.DateOf(at), Cutoff: at,
		Units: []string{"610112", "610111"}, SetKey: "default", Scorers: []string{inspection.ScorerProvince}, Combine: inspection.CombineAverage, ObjectionDays: 3})
	if err != nil {
		t.Fatal(err)
	}
	a.Clock = func() time.Time { return at.Add(time.Hour) }
	if err := a.ComputeRound(ctx, prov, id); err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"610112", "610111"} {
		if err := a.SaveMark(ctx, prov, id, u, "M01", 2, "办事指南缺少办理时限"); err != nil {
			t.Fatal(err)
		}
	}
	return id
}

// workingDayAfter is the first working day at least days after today.
func workingDayAfter(t *testing.T, a *app.App, days int) calendar.Date {
	t.Helper()
	cal, _, err := a.Calendar(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	d := calendar.DateOf(time.Now()).AddDays(days)
	for !cal.IsWorkingDay(d) {
		d = d.AddDays(1)
	}
	return d
}

// TestInspectionNoticeRecord: the notice of a closed round becomes a draft record of the
// office that ran it, only by that office, with the rectification period in range; nothing
// of it is public before publication; it goes through review and approval; its publication
// gives each unit named a rectification report due the exact working day (across a local
// closure), once, which the unit files and the office receipts like any deliverable. The
// demo's closed round has its published notice, one report receipted and one still due.
func TestInspectionNoticeRecord(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		ctx := context.Background()
		prov := w.who("supervisor@610000")
		root, _ := s.OrgByCode(ctx, "610000")

		// The demo.
		rounds, err := w.a.Rounds(ctx, prov, root)
		if err != nil {
			t.Fatal(err)
		}
		demoNotice := false
		for _, r := range rounds {
			rn, ok, err := w.a.RoundNotice(ctx, prov, r.ID)
			if err != nil || !ok {
				continue
			}
			demoNotice = true
			if rn.Row.State != record.StatePublished || rn.CampaignID == 0 || rn.Row.Kind != record.KindInspectionNotice || rn.Row.UnitID != root.ID {
				t.Fatalf("demo notice: %+v", rn)
			}
			_, rows, err := w.a.CampaignObligations(ctx, prov, rn.CampaignID, app.ObligationFilter{})
			if err != nil || len(rows) != 2 {
				t.Fatalf("demo rectification: %v %+v", err, rows)
			}
			if rows[0].State != campaign.StateAccepted && rows[1].State != campaign.StateAccepted {
				t.Fatalf("demo: no report receipted: %+v", rows)
			}
			if rows[0].Version != 0 && rows[1].Version != 0 {
				t.Fatalf("demo: no report still due: %+v", rows)
			}
		}
		if !demoNotice {
			t.Fatal("the demo has no notice record")
		}

		day := workingDayAfter(t, w.a, 40)
		id := closedRound(t, w.a, prov, root, day.Time().Add(10*time.Hour))

		// Bad input: the round is not closed yet; nothing is created.
		if _, _, err := w.a.CreateNoticeRecord(ctx, prov, id, app.NoticeInput{Days: 10}); !errs.Is(err, errs.Conflict) || !strings.Contains(err.Error(), "结束") {
			t.Fatalf("notice of an open round: %v", err)
		}
		if err := w.a.CloseRound(ctx, prov, id); err != nil {
			t.Fatal(err)
		}
		for _, days := range []int{0, 61, -1} {
			if _, _, err := w.a.CreateNoticeRecord(ctx, prov, id, app.NoticeInput{Days: days}); fieldError(err, "days") == "" {
				t.Fatalf("%d days: %v", days, err)
			}
		}
		// Only the office that ran the round: not a unit, not a city above the units.
		for _, login := range []string{"admin@610112", "supervisor@610100"} {
			if _, _, err := w.a.CreateNoticeRecord(ctx, w.who(login), id, app.NoticeInput{Days: 10}); !errs.Is(err, errs.Forbidden) && !errs.Is(err, errs.NotFound) {
				t.Fatalf("%s created a notice: %v", login, err)
			}
		}
		if _, ok, err := w.a.RoundNotice(ctx, prov, id); err != nil || ok {
			t.Fatalf("bad input left a notice: %v %v", ok, err)
		}

		rec, existing, err := w.a.CreateNoticeRecord(ctx, prov, id, app.NoticeInput{Days: 1})
		if err != nil || existing {
			t.Fatal(err, existing)
		}
		if rec.State != record.StateDraft || rec.UnitID != root.ID || rec.Kind != record.KindInspectionNotice ||
			!strings.Contains(rec.BodyHTML, "<table>") || !strings.Contains(rec.BodyHTML, "1个工作日内") || !strings.Contains(rec.BodyHTML, "未央区") {
			t.Fatalf("notice draft: %+v", rec)
		}
		again, existing, err := w.a.CreateNoticeRecord(ctx, prov, id, app.NoticeInput{Days: 5})
		if err != nil || !existing || again.ID != rec.ID {
			t.Fatalf("second start: %v %v %d", err, existing, again.ID)
		}
		// Not public before publication, on any of app's public reads.
		hidden := func(stage string) {
			t.Helper()
			if _, _, err := w.a.PublicRecord(ctx, rec.ID); !errs.Is(err, errs.NotFound) {
				t.Fatalf("%s: public record: %v", stage, err)
			}
			ns, err := w.a.PublicInspectionNotices(ctx, 50)
			if err != nil {
				t.Fatal(err)
			}
			for _, n := range ns {
				if n.ID == rec.ID {
					t.Fatalf("%s: listed publicly", stage)
				}
			}
		}
		hidden("draft")

		// The procedure, by the office's staff: a unit's people have no part in it.
		if _, err := w.a.Act(ctx, w.who("editor@610112"), rec.ID, record.Action{Kind: record.ActionSubmit}); err == nil {
			t.Fatal("a unit's editor submitted the office's notice")
		}
		if _, err := w.a.Act(ctx, prov, rec.ID, record.Action{Kind: record.ActionSubmit}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.a.Act(ctx, prov, rec.ID, record.Action{Kind: record.ActionReviewPass}); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("the drafter reviewed: %v", err)
		}
		if _, err := w.a.Act(ctx, w.who("notice-reviewer@610000"), rec.ID, record.Action{Kind: record.ActionReviewPass}); err != nil {
			t.Fatal(err)
		}
		hidden("awaiting approval")
		if _, ok, _ := w.a.RoundNotice(ctx, prov, id); !ok {
			t.Fatal("no notice on the round")
		}

		// A local closure on the working day after publication: one working day later is the
		// next working day after it.
		pub := calendar.DateOf(w.a.Now())
		cal, _, _ := w.a.Calendar(ctx)
		closed := cal.AddWorkingDays(pub, 1).Date
		if _, err := w.a.AddClosure(ctx, w.who("sysadmin"), root, calendar.Closure{Date: closed, Name: "测试停止办公"}); err != nil {
			t.Fatal(err)
		}
		cal, _, _ = w.a.Calendar(ctx)
		want := cal.AddWorkingDays(closed, 1).Date
		if !want.After(closed) || cal.IsWorkingDay(closed) || cal.AddWorkingDays(pub, 1).Date != want {
			t.Fatalf("closure %s not counted: due %s", closed, want)
		}

		if _, err := w.a.Act(ctx, w.who("notice-approver@610000"), rec.ID, record.Action{Kind: record.ActionApprove}); err != nil {
			t.Fatal(err)
		}
		if r, _, err := w.a.PublicRecord(ctx, rec.ID); err != nil || r.State != record.StatePublished {
			t.Fatalf("published notice: %v %+v", err, r.State)
		}
		rn, ok, err := w.a.RoundNotice(ctx, w.who("admin@610112"), id)
		if err != nil || !ok || rn.CampaignID == 0 || rn.Row.State != record.StatePublished || rn.Due != want {
			t.Fatalf("round notice after publication: %v %v %+v", err, ok, rn)
		}
		check := func(stage string) []app.ObligationRow {
			t.Helper()
			_, rows, err := w.a.CampaignObligations(ctx, prov, rn.CampaignID, app.ObligationFilter{})
			if err != nil || len(rows) != 2 {
				t.Fatalf("%s: %v %d obligations", stage, err, len(rows))
			}
			for _, o := range rows {
				if o.Kind != campaign.KindRectification || o.Due != want || len(o.Recipients) != 1 || o.Recipients[0] != root.ID || o.Title != campaign.RectificationTitle {
					t.Fatalf("%s: obligation %+v, want due %s to %d", stage, o.Obligation, want, root.ID)
				}
			}
			// One report per unit: the demo's and this notice's, no more.
			for _, u := range []string{"610112", "610111"} {
				o, _ := s.OrgByCode(ctx, u)
				obs, err := s.Obligations(ctx, store.ObligationQuery{OrgID: o.ID, Kind: campaign.KindRectification})
				if err != nil || len(obs) != 2 {
					t.Fatalf("%s: %s owes %d rectification reports: %v", stage, u, len(obs), err)
				}
			}
			if len(rn.Reports) != 1 || rn.Reports[0].OrgCode != "610112" {
				t.Fatalf("%s: the unit sees %+v on the round", stage, rn.Reports)
			}
			return rows
		}
		rows := check("published")

		// Publishing again, or an amendment published, adds nothing.
		if _, err := w.a.Act(ctx, w.who("notice-approver@610000"), rec.ID, record.Action{Kind: record.ActionApprove}); !errs.Is(err, errs.Conflict) {
			t.Fatalf("second approval: %v", err)
		}
		if _, err := w.a.Act(ctx, prov, rec.ID, record.Action{Kind: record.ActionRevise}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.a.EditRecord(ctx, prov, rec.ID, app.RecordInput{Kind: record.KindInspectionNotice, Title: rec.Title, BodyHTML: rec.BodyHTML + "<p>更正</p>",
			Subject: rec.Subject, Issuer: rec.Issuer, WrittenOn: rec.WrittenOn.String(), FormedOn: rec.FormedOn.String(), ChangeNote: "更正排名说明"}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.a.Act(ctx, prov, rec.ID, record.Action{Kind: record.ActionSubmit}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.a.Act(ctx, w.who("notice-reviewer@610000"), rec.ID, record.Action{Kind: record.ActionReviewPass}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.a.Act(ctx, w.who("notice-approver@610000"), rec.ID, record.Action{Kind: record.ActionApprove}); err != nil {
			t.Fatal(err)
		}
		check("amended")
		// Editing the rectification campaign as a campaign is refused.
		c, err := w.a.CampaignFor(ctx, prov, rn.CampaignID)
		if err != nil {
			t.Fatal(err)
		}
		c.Rectification = nil
		if _, err := w.a.SaveCampaign(ctx, prov, c); !errs.Is(err, errs.Conflict) {
			t.Fatalf("rectification campaign edited: %v", err)
		}

		// The unit files its report like any deliverable; the office receipts it.
		unit := w.who("admin@610112")
		var mine app.ObligationRow
		for _, o := range rows {
			if o.OrgCode == "610112" {
				mine = o
			}
		}
		pg, err := w.a.Obligation(ctx, unit, mine.ID)
		if err != nil || !pg.CanSubmit {
			t.Fatalf("unit's obligation page: %v %+v", err, pg.CanSubmit)
		}
		if _, err := w.a.Obligation(ctx, w.who("admin@610111"), mine.ID); err == nil {
			t.Fatal("another unit sees 610112's report")
		}
		sub, _, err := w.a.Submit(ctx, unit, mine.ID, campaign.Submission{Summary: "已完成整改"})
		if err != nil {
			t.Fatal(err)
		}
		if err := w.a.Receipt(ctx, w.who("admin@610112"), sub, root.ID, campaign.Accept, ""); err == nil {
			t.Fatal("the unit receipted its own report")
		}
		if err := w.a.Receipt(ctx, prov, sub, root.ID, campaign.Accept, ""); err != nil {
			t.Fatal(err)
		}
		pg, _ = w.a.Obligation(ctx, unit, mine.ID)
		if pg.Obligation.State != campaign.StateAccepted {
			t.Fatalf("after the receipt: %s", pg.Obligation.State)
		}
	})
}

// TestInspectionNoticeOnce: a notice scheduled for publication is published by two
// instances on one database at the same moment; exactly one set of rectification reports
// is created.
func TestInspectionNoticeOnce(t *testing.T) {
	storetest.EachDSN(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		apps, stores := instances(t, dsn, 2)
		if _, _, err := demo.Fill(ctx, apps[0]); err != nil {
			t.Fatal(err)
		}
		who := func(login string) *app.Principal {
			p, err := stores[0].PersonByLogin(ctx, login)
			if err != nil {
				t.Fatal(err)
			}
			return &app.Principal{Person: p, IP: "127.0.0.1"}
		}
		prov := who("supervisor@610000")
		root, _ := stores[0].OrgByCode(ctx, "610000")
		a := apps[0]
		day := workingDayAfter(t, a, 40)
		id := closedRound(t, a, prov, root, day.Time().Add(10*time.Hour))
		if err := a.CloseRound(ctx, prov, id); err != nil {
			t.Fatal(err)
		}
		rec, _, err := a.CreateNoticeRecord(ctx, prov, id, app.NoticeInput{Days: 10})
		if err != nil {
			t.Fatal(err)
		}
		at := a.Now().Add(24 * time.Hour)
		for _, st := range []struct {
			p *app.Principal
			a record.Action
		}{
			{prov, record.Action{Kind: record.ActionSubmit}},
			{who("notice-reviewer@610000"), record.Action{Kind: record.ActionReviewPass}},
			{who("notice-approver@610000"), record.Action{Kind: record.ActionApprove, At: at}},
		} {
			if _, err := a.Act(ctx, st.p, rec.ID, st.a); err != nil {
				t.Fatalf("%s: %v", st.a.Kind, err)
			}
		}
		later := func() time.Time { return at.Add(time.Minute) }
		apps[0].Clock, apps[1].Clock = later, later
		var wg sync.WaitGroup
		for i := range 4 {
			wg.Go(func() {
				if _, err := apps[i%2].PublishDue(ctx); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		rn, ok, err := a.RoundNotice(ctx, prov, id)
		if err != nil || !ok || rn.Row.State != record.StatePublished || rn.CampaignID == 0 {
			t.Fatalf("after scheduled publication: %v %v %+v", err, ok, rn)
		}
		cal, _, _ := a.Calendar(ctx)
		_, rows, err := a.CampaignObligations(ctx, prov, rn.CampaignID, app.ObligationFilter{})
		if err != nil || len(rows) != 2 {
			t.Fatalf("%d obligations: %v", len(rows), err)
		}
		// One report per unit for this notice, besides the demo notice's.
		for _, u := range []string{"610112", "610111"} {
			o, _ := stores[0].OrgByCode(ctx, u)
			obs, err := stores[0].Obligations(ctx, store.ObligationQuery{OrgID: o.ID, Kind: campaign.KindRectification})
			if err != nil || len(obs) != 2 {
				t.Fatalf("%s owes %d rectification reports: %v", u, len(obs), err)
			}
		}
		if want := cal.AddWorkingDays(calendar.DateOf(at), 10).Date; rows[0].Due != want {
			t.Fatalf("due %s, want %s", rows[0].Due, want)
		}
	})
}
