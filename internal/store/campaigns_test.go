package store_test

import (
	"context"
	"testing"

	"gongkai/internal/calendar"
	"gongkai/internal/campaign"
	"gongkai/internal/errs"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestCampaignStore: saving a campaign stores its obligations; regeneration updates future
// ones without a submission, removes those no longer generated, keeps every submitted one;
// submissions version; a receipt per recipient and version; liaisons keep their history.
func TestCampaignStore(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		prov, city, unit, _ := tree(t, s)
		d := calendar.MustParseDate
		c := campaign.Campaign{Name: "测试", IssuedOn: d("2027-01-04"), Units: []campaign.Participant{{Unit: unit.Code, Domains: []string{"shjz"}}}}
		ob := func(key string, due string) campaign.Obligation {
			return campaign.Obligation{OrgID: unit.ID, Key: key, Kind: campaign.KindWorkPlan, Title: key, Due: d(due), Recipients: []int64{prov.ID, city.ID}}
		}
		today := d("2027-02-01")
		id, err := s.SaveCampaign(ctx, sys, c, []int64{unit.ID}, []campaign.Obligation{ob("a", "2027-01-20"), ob("b", "2027-03-01"), ob("c", "2027-03-02")}, today, false)
		if err != nil {
			t.Fatal(err)
		}
		if lastAction(t, s) != "campaign.create" {
			t.Fatal(lastAction(t, s))
		}
		obs, _ := s.Obligations(ctx, store.ObligationQuery{CampaignID: id})
		if len(obs) != 3 || obs[0].Key != "a" || obs[0].OrgCode != unit.Code || obs[0].Owner != campaign.OwnerUnit {
			t.Fatalf("%+v", obs)
		}
		sid, v, err := s.Submit(ctx, sys, obs[1].ID, campaign.Submission{Summary: "b"}, d("2027-02-01"))
		if err != nil || v != 1 {
			t.Fatal(v, err)
		}
		if _, _, err := s.Submit(ctx, sys, obs[1].ID, campaign.Submission{Summary: "b"}, d("2027-02-01")); !errs.Is(err, errs.Conflict) {
			t.Fatalf("second version while pending: %v", err)
		}
		if err := s.AddReceipt(ctx, sys, campaign.Receipt{SubmissionID: sid, RecipientID: city.ID, Decision: campaign.Accept}, false, nil); err != nil {
			t.Fatal(err)
		}
		if err := s.AddReceipt(ctx, sys, campaign.Receipt{SubmissionID: sid, RecipientID: city.ID, Decision: campaign.Accept}, false, nil); !errs.Is(err, errs.Invalid) {
			t.Fatalf("second receipt: %v", err)
		}
		// The plan drops b and c and moves a: b keeps its submission, c goes, a (past) stays.
		c.ID = id
		if _, err := s.SaveCampaign(ctx, sys, c, []int64{unit.ID}, []campaign.Obligation{ob("a", "2027-01-25"), ob("d", "2027-04-01")}, today, false); err != nil {
			t.Fatal(err)
		}
		obs, _ = s.Obligations(ctx, store.ObligationQuery{CampaignID: id})
		keys := ""
		for _, o := range obs {
			keys += o.Key + o.Due.String() + " "
		}
		if keys != "a2027-01-20 b2027-03-01 d2027-04-01 " {
			t.Fatalf("after regeneration: %s", keys)
		}
		subs, _ := s.Submissions(ctx, obs[1].ID)
		if len(subs) != 1 || len(subs[0].Receipts) != 1 || subs[0].Receipts[0].RecipientName != city.Name {
			t.Fatalf("submission kept: %+v", subs)
		}
		for _, l := range []campaign.Liaison{{OrgID: unit.ID, Role: campaign.RoleLiaison, Name: "甲", Post: "科员", Mobile: "13900000001"},
			{OrgID: unit.ID, Role: campaign.RoleLiaison, Name: "乙", Post: "科员", Mobile: "13900000002"}} {
			if _, err := s.AddLiaison(ctx, sys, l); err != nil {
				t.Fatal(err)
			}
		}
		ls, _ := s.Liaisons(ctx, unit.Path)
		if len(ls) != 2 || ls[0].Name != "乙" || !ls[0].Current || ls[1].Current {
			t.Fatalf("liaisons: %+v", ls)
		}
		f, err := s.PeriodFigures(ctx, unit.Path, []string{"shjz"}, d("2027-01-01").Time(), d("2027-02-01").Time())
		if err != nil || f.Records != 0 {
			t.Fatal(f, err)
		}
	})
}
