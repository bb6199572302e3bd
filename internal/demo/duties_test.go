package demo_test

import (
	"context"
	"strings"
	"testing"

	"gongkai/internal/app"
	"gongkai/internal/record"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestDemoDuties: the demo shows what issue 14 counts — the department's and the street
// office's own staff, records they issued, an interpretation on time and a policy whose
// interpretation is overdue, a record published late, a quarter with no subsidy report, and
// a measure repealed by the one that replaced it.
func TestDemoDuties(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		a, accs := filled(t, s)
		logins := map[string]bool{}
		for _, acc := range accs {
			logins[acc.Login] = true
		}
		for _, l := range []string{"editor@610112-mzj", "reviewer@610112-mzj", "approver@610112-mzj", "editor@610112-zjbjd", "reviewer@610112-zjbjd", "approver@610112-zjbjd"} {
			if !logins[l] {
				t.Errorf("no demo account %s", l)
			}
		}
		p, _ := s.PersonByLogin(ctx, "admin@610112")
		admin := &app.Principal{Person: p}
		u, _ := s.OrgByCode(ctx, "610112")
		pg, err := a.Duties(ctx, admin, u)
		if err != nil {
			t.Fatal(err)
		}
		has := func(what string, titles []string, part string) {
			for _, x := range titles {
				if strings.Contains(x, part) {
					return
				}
			}
			t.Errorf("%s: nothing with %q in %v", what, part, titles)
		}
		var interp, late, periods []string
		for _, d := range pg.Interpretations {
			interp = append(interp, d.Title)
		}
		for _, d := range pg.Late {
			late = append(late, d.Title)
		}
		for _, g := range pg.MissingPeriods {
			periods = append(periods, g.Entry.Item2+" "+g.Period.Label)
		}
		has("overdue interpretation", interp, "解读逾期")
		has("late", late, "超期发布")
		has("missing period", periods, "补贴发放情况")
		for _, d := range pg.Interpretations {
			if strings.Contains(d.Title, "居家和社区养老服务管理办法") {
				t.Errorf("the policy with its interpretation is listed as overdue")
			}
		}
		items, err := a.PublishedRecords(ctx, u.ID, "ylfw", "", 50, 0)
		if err != nil {
			t.Fatal(err)
		}
		repealed, issuers := false, map[int64]bool{}
		for _, it := range items {
			issuers[it.IssuerOrgID] = true
			if strings.Contains(it.Title, "暂行办法") {
				repealed = it.ForceOn(a.Today()) == record.ForceRepealed
			}
		}
		if !repealed {
			t.Error("the old measure is not repealed")
		}
		mzj, _ := s.OrgByCode(ctx, "610112-mzj")
		jd, _ := s.OrgByCode(ctx, "610112-zjbjd")
		if !issuers[mzj.ID] || !issuers[jd.ID] {
			t.Errorf("issuers %v", issuers)
		}
	})
}
