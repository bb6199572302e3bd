package app_test

import (
	"context"
	"testing"

	"gongkai/internal/app"
	"gongkai/internal/calendar"
	"gongkai/internal/campaign"
	"gongkai/internal/request"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestDueDaysFollowTheCalendar: a local closure added to the calendar moves the due days
// that count working days — a campaign deliverable due "5 working days after issue", the
// liaison registration, a request's 20 working days — and removing it moves them back; a
// deliverable with a fixed date and an obligation already submitted stay.
func TestDueDaysFollowTheCalendar(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		ctx := context.Background()
		d := calendar.MustParseDate
		at(w.a, "2025-09-15")
		super, admin, editor, sysadmin := w.who("supervisor@610000"), w.who("admin@610112"), w.who("editor@610111"), w.who("sysadmin")
		root, _ := s.OrgByCode(ctx, "610000")
		unit, _ := s.OrgByCode(ctx, "610111")
		id, err := w.a.SaveCampaign(ctx, super, campaign.Campaign{Name: "日历", IssuedOn: d("2025-09-15"),
			Units: []campaign.Participant{{Unit: "610112", Domains: []string{"shjz"}}},
			Phases: []campaign.Phase{{Name: "一", Deliverables: []campaign.Deliverable{
				{Kind: campaign.KindWorkPlan, Title: "方案", Owner: campaign.OwnerUnit, Recipients: []campaign.Recipient{campaign.ToProvince}, Due: campaign.Due{WorkingDays: 5, After: campaign.EventIssued}},
				{Kind: campaign.KindOther, Title: "已报", Owner: campaign.OwnerUnit, Recipients: []campaign.Recipient{campaign.ToProvince}, Due: campaign.Due{WorkingDays: 6, After: campaign.EventIssued}},
				{Kind: campaign.KindSummary, Title: "总结", Owner: campaign.OwnerUnit, Recipients: []campaign.Recipient{campaign.ToProvince}, Due: campaign.Due{Date: d("2025-12-31")}}}}}})
		if err != nil {
			t.Fatal(err)
		}
		dues := func() map[string]calendar.Date {
			_, rows, err := w.a.CampaignObligations(ctx, super, id, app.ObligationFilter{Unit: "610112"})
			if err != nil {
				t.Fatal(err)
			}
			m := map[string]calendar.Date{}
			for _, r := range rows {
				m[r.Title] = r.Due
			}
			return m
		}
		_, rows, _ := w.a.CampaignObligations(ctx, super, id, app.ObligationFilter{Unit: "610112", Kind: campaign.KindOther})
		if _, _, err := w.a.Submit(ctx, admin, rows[0].ID, campaign.Submission{Summary: "已报送"}); err != nil {
			t.Fatal(err)
		}
		ap := sampleApplication("王五")
		ap.Channel, ap.Received = request.ChannelPost, d("2025-09-15")
		x, _, err := w.a.RegisterRequest(ctx, editor, unit, ap)
		if err != nil {
			t.Fatal(err)
		}
		requestDue := func() calendar.Date {
			pg, err := w.a.Request(ctx, editor, unit, x.ID)
			if err != nil {
				t.Fatal(err)
			}
			return pg.Status.Clock.Due
		}
		before, reqBefore := dues(), requestDue()
		if before["方案"] != d("2025-09-22") || before["报送主管负责同志和联络员名单"] != d("2025-09-22") || before["已报"] != d("2025-09-23") {
			t.Fatalf("before: %v", before)
		}
		if _, err := w.a.AddClosure(ctx, sysadmin, root, calendar.Closure{Date: d("2025-09-17"), Name: "台风停止办公"}); err != nil {
			t.Fatal(err)
		}
		after, reqAfter := dues(), requestDue()
		cal, _, _ := w.a.Calendar(ctx)
		if after["方案"] != d("2025-09-23") || after["报送主管负责同志和联络员名单"] != d("2025-09-23") || after["已报"] != before["已报"] || after["总结"] != before["总结"] {
			t.Fatalf("after the closure: %v", after)
		}
		if want := cal.AddWorkingDays(reqBefore, 1).Date; reqAfter != want {
			t.Fatalf("request due %s after the closure, want %s (was %s)", reqAfter, want, reqBefore)
		}
		if _, err := w.a.RemoveClosure(ctx, sysadmin, root, d("2025-09-17")); err != nil {
			t.Fatal(err)
		}
		if again := dues(); again["方案"] != before["方案"] || requestDue() != reqBefore {
			t.Fatalf("after removing the closure: %v", again)
		}
	})
}
