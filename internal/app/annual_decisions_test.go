package app_test

import (
	"context"
	"testing"

	"gongkai/internal/app"
	"gongkai/internal/record"
	"gongkai/internal/request"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestAnnualReportDecisions: table 二 counts the 行政许可, 行政处罚 and 行政强制 decisions
// of the year from the published enforcement notices that state their act, and adds the
// decisions entered by hand; drafts, other years and other kinds do not count; only an
// enforcement notice may state an act.
func TestAnnualReportDecisions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		ctx := context.Background()
		at(w.a, "2026-06-15")
		admin := w.who("admin@610112")
		year := w.a.Today().Year()
		notice := func(act record.EnforcementAct, written string, publish bool) {
			id := w.mustCreate(app.RecordInput{Kind: record.KindEnforcement, Title: "执法公示" + string(act), BodyHTML: "<p>决定</p>", WrittenOn: written, EnforcementAct: act})
			if publish {
				w.publishAs("610112", id)
			}
		}
		notice(record.ActPenalty, "2026-03-02", true)
		notice(record.ActPenalty, "2026-05-06", true)
		notice(record.ActLicensing, "2026-04-01", true)
		notice(record.ActCoercion, "2026-04-01", false) // a draft
		notice(record.ActCoercion, "2025-12-30", true)  // last year
		notice("", "2026-04-01", true)                  // no act stated
		if _, err := w.a.CreateRecord(ctx, w.who("editor@610112"), w.unit, "shjz", w.entry.ID, app.RecordInput{FormedOn: w.a.Today().String(), Kind: record.KindOther,
			Title: "不是执法公示", BodyHTML: "<p>x</p>", EnforcementAct: record.ActPenalty}); fieldError(err, record.FieldEnforcementAct) == "" {
			t.Fatalf("an act on another kind: %v", err)
		}
		if _, err := w.a.SaveAnnualReport(ctx, admin, w.unit, year, request.Texts{}, request.Table2{Penalty: 5, Licensing: 1}); err != nil {
			t.Fatal(err)
		}
		rep, err := w.a.AnnualReport(ctx, admin, w.unit, year)
		if err != nil {
			t.Fatal(err)
		}
		t2 := rep.Table2
		if t2.PenaltyRecords != 2 || t2.LicensingRecords != 1 || t2.CoercionRecords != 0 || t2.Penalty != 7 || t2.Licensing != 2 || t2.Coercion != 0 {
			t.Fatalf("table 二: %+v", t2)
		}
		last, _ := w.a.AnnualReport(ctx, admin, w.unit, year-1)
		if last.Table2.CoercionRecords != 1 {
			t.Fatalf("last year: %+v", last.Table2)
		}
	})
}
