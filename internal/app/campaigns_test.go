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
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// currentCampaign is the demo's campaign around today.
func currentCampaign(t *testing.T, a *app.App, p *app.Principal) campaign.Campaign {
	t.Helper()
	cs, err := a.Campaigns(context.Background(), p)
	if err != nil || len(cs) == 0 {
		t.Fatalf("campaigns: %v %v", cs, err)
	}
	return cs[0]
}

func statesOf(rows []app.ObligationRow) map[campaign.State]int {
	m := map[campaign.State]int{}
	for _, r := range rows {
		m[r.State]++
	}
	return m
}

// TestDemoCampaignStates: the demo's current campaign shows every state for 610112 and
// 610111; the 2017 campaign is all accepted.
func TestDemoCampaignStates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		ctx := context.Background()
		super := w.who("supervisor@610000")
		cs, err := w.a.Campaigns(ctx, super)
		if err != nil || len(cs) != 2 || cs[1].DocNo != "陕政办发〔2017〕70号" {
			t.Fatalf("campaigns: %+v %v", cs, err)
		}
		for _, unit := range []string{"610112", "610111"} {
			_, rows, err := w.a.CampaignObligations(ctx, super, cs[0].ID, app.ObligationFilter{Unit: unit})
			if err != nil {
				t.Fatal(err)
			}
			st := statesOf(rows)
			for _, want := range []campaign.State{campaign.StateUpcoming, campaign.StateDue, campaign.StateLate, campaign.StateReturned, campaign.StateAccepted} {
				if st[want] == 0 {
					t.Errorf("%s has no %s obligation: %v", unit, want, st)
				}
			}
		}
		_, rows, err := w.a.CampaignObligations(ctx, super, cs[1].ID, app.ObligationFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if st := statesOf(rows); len(st) != 1 || st[campaign.StateAccepted] == 0 {
			t.Fatalf("2017: %v", st)
		}
		// The dashboard of the province: every state counted, the late list by days late,
		// and 610112's published records (the demo publishes some now) in this month's column.
		root, _ := w.a.OrgByCode(ctx, "610000")
		db, err := w.a.CampaignDashboard(ctx, super, root, cs[0].ID, app.ObligationFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for i := 1; i < len(db.Late); i++ {
			if db.Late[i].DaysLate > db.Late[i-1].DaysLate {
				t.Fatal("late list not sorted by days late")
			}
		}
		published := 0
		for _, r := range db.Published.Rows {
			if r.Unit.Code == "610112" {
				published = r.Counts[len(r.Counts)-1]
			}
		}
		if published == 0 || len(db.Periods) == 0 || len(db.Rows) != 3 {
			t.Fatalf("dashboard: %d published, %d periods, %d rows", published, len(db.Periods), len(db.Rows))
		}
	})
}

// TestCampaignPermissions: a unit sees and files only its own obligations, a city sees its
// units', a department the units' in its domains; receipts only by recipients, once.
func TestCampaignPermissions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		ctx := context.Background()
		super, city, admin12, admin11, editor12, guide := w.who("supervisor@610000"), w.who("supervisor@610100"), w.who("admin@610112"),
			w.who("admin@610111"), w.who("editor@610112"), w.who("guide@sxmzt")
		c := currentCampaign(t, w.a, super)
		owners := func(p *app.Principal) map[string]bool {
			_, rows, err := w.a.CampaignObligations(ctx, p, c.ID, app.ObligationFilter{})
			if err != nil {
				t.Fatal(err)
			}
			m := map[string]bool{}
			for _, r := range rows {
				m[r.OrgCode] = true
			}
			return m
		}
		if o := owners(admin12); len(o) != 1 || !o["610112"] {
			t.Fatalf("unit sees %v", o)
		}
		if o := owners(city); len(o) != 3 || !o["610100"] {
			t.Fatalf("city sees %v", o)
		}
		if o := owners(guide); !o["610112"] || !o["610111"] || o["610100"] {
			t.Fatalf("department sees %v", o) // both units have 社会救助, the 民政厅's domain
		}
		// The catalog obligation of 610112, due now.
		_, rows, _ := w.a.CampaignObligations(ctx, super, c.ID, app.ObligationFilter{Unit: "610112", Kind: campaign.KindCatalog})
		if len(rows) != 1 || rows[0].State != campaign.StateDue {
			t.Fatalf("catalog obligation: %+v", rows)
		}
		ob := rows[0].ID
		if _, _, err := w.a.Submit(ctx, admin11, ob, campaign.Submission{Summary: "x"}); !errs.Is(err, errs.NotFound) {
			t.Fatalf("another unit submits: %v", err)
		}
		if _, _, err := w.a.Submit(ctx, editor12, ob, campaign.Submission{Summary: "x"}); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("an editor submits: %v", err)
		}
		if _, _, err := w.a.Submit(ctx, admin12, ob, campaign.Submission{}); !errs.Is(err, errs.Invalid) || !strings.Contains(err.Error(), "报送说明") {
			t.Fatalf("empty summary: %v", err)
		}
		sid, v, err := w.a.Submit(ctx, admin12, ob, campaign.Submission{Summary: "目录已更新"})
		if err != nil || v != 1 {
			t.Fatal(v, err)
		}
		if _, _, err := w.a.Submit(ctx, admin12, ob, campaign.Submission{Summary: "again"}); !errs.Is(err, errs.Conflict) {
			t.Fatalf("second submission while pending: %v", err)
		}
		if err := w.a.Receipt(ctx, admin12, sid, 0, campaign.Accept, ""); !errs.Is(err, errs.Invalid) {
			t.Fatalf("the owner receipts: %v", err)
		}
		if err := w.a.Receipt(ctx, city, sid, 0, campaign.Return, ""); !errs.Is(err, errs.Invalid) {
			t.Fatalf("a return without opinion: %v", err)
		}
		if err := w.a.Receipt(ctx, city, sid, 0, campaign.Accept, "同意"); err != nil {
			t.Fatal(err)
		}
		if err := w.a.Receipt(ctx, city, sid, 0, campaign.Accept, "同意"); !errs.Is(err, errs.Invalid) {
			t.Fatalf("a second receipt: %v", err)
		}
		if err := w.a.Receipt(ctx, super, sid, 0, campaign.Return, "请补充"); err != nil {
			t.Fatal(err)
		}
		pg, err := w.a.Obligation(ctx, admin12, ob)
		if err != nil || pg.Obligation.State != campaign.StateReturned || !pg.CanSubmit || len(pg.Submissions) != 1 || len(pg.Submissions[0].Receipts) != 2 {
			t.Fatalf("after return: %+v %v", pg.Obligation, err)
		}
		// The owner was told.
		if n, _ := w.a.UnreadCount(ctx, admin12); n == 0 {
			t.Fatal("no notification of the return")
		}
		_, v, err = w.a.Submit(ctx, admin12, ob, campaign.Submission{Summary: "目录已补充更新"})
		if err != nil || v != 2 {
			t.Fatal(v, err)
		}
		pg, _ = w.a.Obligation(ctx, admin12, ob)
		if len(pg.Submissions) != 2 || pg.Submissions[1].Version != 1 || pg.Obligation.State != campaign.StateSubmitted {
			t.Fatalf("versions: %+v", pg)
		}
	})
}

// TestCampaignBadInput: located errors, nothing stored.
func TestCampaignBadInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		ctx := context.Background()
		super, city := w.who("supervisor@610000"), w.who("supervisor@610100")
		d := calendar.MustParseDate
		good := campaign.Campaign{Name: "测试", IssuedOn: d("2027-01-04"), Units: []campaign.Participant{{Unit: "610112", Domains: []string{"shjz"}}},
			Phases: []campaign.Phase{{Name: "一", Deliverables: []campaign.Deliverable{{Kind: campaign.KindWorkPlan, Title: "方案", Owner: campaign.OwnerUnit,
				Recipients: []campaign.Recipient{campaign.ToProvince}, Due: campaign.Due{WorkingDays: 10, After: campaign.EventIssued}}}}}}
		for _, tc := range []struct {
			name  string
			p     *app.Principal
			edit  func(*campaign.Campaign)
			code  string
			field string
		}{
			{"due before issue", super, func(c *campaign.Campaign) { c.Phases[0].Deliverables[0].Due = campaign.Due{Date: d("2026-12-01")} }, errs.Invalid, "phases[0].deliverables[0].due"},
			{"unknown domain", super, func(c *campaign.Campaign) { c.Units[0].Domains = []string{"nope"} }, errs.Invalid, "units[0].domains"},
			{"unknown unit", super, func(c *campaign.Campaign) { c.Units[0].Unit = "999999" }, errs.Invalid, "units[0].unit"},
			{"a city creates", city, func(*campaign.Campaign) {}, errs.Forbidden, ""},
		} {
			c := good
			c.Units = append([]campaign.Participant(nil), good.Units...)
			c.Phases = []campaign.Phase{{Name: "一", Deliverables: append([]campaign.Deliverable(nil), good.Phases[0].Deliverables...)}}
			tc.edit(&c)
			_, err := w.a.SaveCampaign(ctx, tc.p, c)
			if !errs.Is(err, tc.code) {
				t.Fatalf("%s: %v", tc.name, err)
			}
			if tc.field != "" && !hasFieldErr(err, tc.field) {
				t.Fatalf("%s: %v", tc.name, err)
			}
		}
		if cs, _ := w.a.Campaigns(ctx, super); len(cs) != 2 {
			t.Fatalf("%d campaigns after refused input", len(cs))
		}
		id, err := w.a.SaveCampaign(ctx, super, good)
		if err != nil {
			t.Fatal(err)
		}
		_, rows, _ := w.a.CampaignObligations(ctx, super, id, app.ObligationFilter{})
		// liaison ×2 (unit, city), work plan, no reports without cadences.
		if len(rows) != 3 {
			t.Fatalf("%d obligations", len(rows))
		}
	})
}

func hasFieldErr(err error, field string) bool {
	e, ok := err.(*errs.Error)
	if !ok {
		return false
	}
	for _, f := range e.Fields {
		if f.Field == field {
			return true
		}
	}
	return false
}

// TestObligationClock: an obligation moves upcoming → due → missing as the clock travels,
// and a later submission is late; regeneration after an edit keeps the submission.
func TestObligationClock(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		ctx := context.Background()
		super, admin := w.who("supervisor@610000"), w.who("admin@610112")
		d := calendar.MustParseDate
		at := func(day string) { w.a.Clock = func() time.Time { return d(day).Time().Add(10 * time.Hour) } }
		at("2027-03-01")
		c := campaign.Campaign{Name: "时钟", IssuedOn: d("2027-03-01"), Units: []campaign.Participant{{Unit: "610112", Domains: []string{"shjz"}}},
			Phases: []campaign.Phase{{Name: "一", Deliverables: []campaign.Deliverable{
				{Kind: campaign.KindWorkPlan, Title: "方案", Owner: campaign.OwnerUnit, Recipients: []campaign.Recipient{campaign.ToProvince}, Due: campaign.Due{Date: d("2027-03-31")}},
				{Kind: campaign.KindSummary, Title: "总结", Owner: campaign.OwnerUnit, Recipients: []campaign.Recipient{campaign.ToProvince}, Due: campaign.Due{Date: d("2027-06-30")}}}}}}
		id, err := w.a.SaveCampaign(ctx, super, c)
		if err != nil {
			t.Fatal(err)
		}
		state := func() campaign.State {
			_, rows, err := w.a.CampaignObligations(ctx, super, id, app.ObligationFilter{Kind: campaign.KindWorkPlan})
			if err != nil || len(rows) != 1 {
				t.Fatal(rows, err)
			}
			return rows[0].State
		}
		for _, step := range []struct {
			day  string
			want campaign.State
		}{{"2027-03-01", campaign.StateUpcoming}, {"2027-03-29", campaign.StateDue}, {"2027-03-31", campaign.StateDue}, {"2027-04-01", campaign.StateMissing}} {
			at(step.day)
			if got := state(); got != step.want {
				t.Fatalf("%s: %s, want %s", step.day, got, step.want)
			}
		}
		_, rows, _ := w.a.CampaignObligations(ctx, super, id, app.ObligationFilter{Kind: campaign.KindWorkPlan})
		if _, _, err := w.a.Submit(ctx, admin, rows[0].ID, campaign.Submission{Summary: "迟交"}); err != nil {
			t.Fatal(err)
		}
		if got := state(); got != campaign.StateLate {
			t.Fatalf("after a late submission: %s", got)
		}
		// The office moves the summary's due day and drops the work plan: the submitted
		// work plan stays, the summary follows the new date.
		c.ID = id
		c.Phases[0].Deliverables = []campaign.Deliverable{{Kind: campaign.KindSummary, Title: "总结", Owner: campaign.OwnerUnit,
			Recipients: []campaign.Recipient{campaign.ToProvince}, Due: campaign.Due{Date: d("2027-07-30")}}}
		if _, err := w.a.SaveCampaign(ctx, super, c); err != nil {
			t.Fatal(err)
		}
		if got := state(); got != campaign.StateLate {
			t.Fatalf("after the edit the submitted work plan is %s", got)
		}
		_, rows, _ = w.a.CampaignObligations(ctx, super, id, app.ObligationFilter{Kind: campaign.KindSummary})
		if len(rows) != 1 || rows[0].Due != d("2027-07-30") {
			t.Fatalf("summary after the edit: %+v", rows)
		}
	})
}

// TestRemindersOnce: two instances on one database send the reminders of the same moment
// at once; each (obligation, kind, recipient) is notified exactly once, and a second run
// sends nothing.
func TestRemindersOnce(t *testing.T) {
	storetest.EachDSN(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		apps, _ := instances(t, dsn, 2)
		if _, _, err := demo.Fill(ctx, apps[0]); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		sent := make([]int, 4)
		for i := range sent {
			wg.Go(func() {
				n, err := apps[i%2].SendReminders(ctx)
				if err != nil {
					t.Error(err)
				}
				sent[i] = n
			})
		}
		wg.Wait()
		total := sent[0] + sent[1] + sent[2] + sent[3]
		if total == 0 {
			t.Fatal("no reminders at all: the demo has due and missing obligations")
		}
		again, err := apps[1].SendReminders(ctx)
		if err != nil || again != 0 {
			t.Fatalf("second run sent %d, %v", again, err)
		}
		// What was sent: one notice per (subject, kind, recipient).
		p, _ := apps[0].PersonByLogin(ctx, "admin@610111")
		pg, err := apps[0].Notifications(ctx, &app.Principal{Person: p}, false)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		due, late := 0, 0
		for _, n := range pg.Items {
			k := n.Subject + string(n.Kind)
			if seen[k] {
				t.Fatalf("notified twice: %s %s", n.Subject, n.Kind)
			}
			seen[k] = true
			switch n.Kind {
			case campaign.NoticeDueSoon:
				due++
			case campaign.NoticeLate:
				late++
			}
		}
		if due == 0 || late == 0 {
			t.Fatalf("610111 got %d due and %d late reminders", due, late)
		}
	})
}
