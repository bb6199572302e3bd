package app_test

import (
	"context"
	"testing"

	"gongkai/internal/app"
	"gongkai/internal/calendar"
	"gongkai/internal/campaign"
	"gongkai/internal/record"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestProgressFiguresDeadlines: the figures of a progress report count the records
// published in the period by their due day and after it (as recorded at publication), and
// freeze them into the report on submission.
func TestProgressFiguresDeadlines(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		ctx := context.Background()
		super, admin := w.who("supervisor@610000"), w.who("admin@610112")
		today := w.a.Today()
		y, m, _ := today.Civil()
		first := calendar.MustDate(y, m, 1)
		last := calendar.MustDate(y, m, 1).AddDays(40)
		last = calendar.MustDate(last.Year(), last.Month(), 1).AddDays(-1)
		id, err := w.a.SaveCampaign(ctx, super, campaign.Campaign{Name: "本月", IssuedOn: first, ReportsUntil: last,
			Units:    []campaign.Participant{{Unit: "610112", Domains: []string{"shjz"}}},
			Cadences: campaign.Cadences{Unit: campaign.Monthly},
			Phases: []campaign.Phase{{Name: "一", Deliverables: []campaign.Deliverable{{Kind: campaign.KindWorkPlan, Title: "方案", Owner: campaign.OwnerUnit,
				Recipients: []campaign.Recipient{campaign.ToProvince}, Due: campaign.Due{Date: last}}}}}})
		if err != nil {
			t.Fatal(err)
		}
		_, rows, err := w.a.CampaignObligations(ctx, admin, id, app.ObligationFilter{Unit: "610112", Kind: campaign.KindProgress})
		if err != nil || len(rows) != 1 {
			t.Fatalf("progress obligations: %v %v", rows, err)
		}
		figures := func() campaign.Figures {
			pg, err := w.a.Obligation(ctx, admin, rows[0].ID)
			if err != nil || pg.Figures == nil {
				t.Fatalf("figures: %v", err)
			}
			return *pg.Figures
		}
		before := figures()
		onTime := w.mustCreate(app.RecordInput{Kind: record.KindOther, Title: "按时发布", BodyHTML: "<p>x</p>"})
		w.publishAs("610112", onTime)
		late := w.mustCreate(app.RecordInput{Kind: record.KindOther, Title: "超期发布", BodyHTML: "<p>x</p>", FormedOn: today.AddDays(-90).String()})
		w.publishAs("610112", late)
		after := figures()
		if after.DeadlinesMet != before.DeadlinesMet+1 || after.DeadlinesLate != before.DeadlinesLate+1 || after.Records != before.Records+2 {
			t.Fatalf("before %+v, after %+v", before, after)
		}
		sid, _, err := w.a.Submit(ctx, admin, rows[0].ID, campaign.Submission{Progress: "进展"})
		if err != nil {
			t.Fatal(err)
		}
		pg, _ := w.a.Obligation(ctx, admin, rows[0].ID)
		if len(pg.Submissions) != 1 || pg.Submissions[0].ID != sid || pg.Submissions[0].Figures == nil || pg.Submissions[0].Figures.DeadlinesMet != after.DeadlinesMet ||
			pg.Submissions[0].Figures.DeadlinesLate != after.DeadlinesLate {
			t.Fatalf("frozen: %+v", pg.Submissions)
		}
	})
}
