package demo_test

import (
	"context"
	"testing"

	"gongkai/internal/app"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestDemoProbes: the demo shows a unit's external site with a week of hourly probe results,
// two of them failures, recorded without any request leaving the machine.
func TestDemoProbes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		a, _ := filled(t, s)
		p, _ := s.PersonByLogin(ctx, "admin@610112")
		u, _ := s.OrgByCode(ctx, "610112")
		sites, err := a.ProbeSites(ctx, &app.Principal{Person: p}, u)
		if err != nil || len(sites) != 1 || sites[0].Week.Total != 168 || sites[0].Week.Failed != 2 || len(sites[0].Week.Worst) != 2 || sites[0].Week.Worst[0].Millis != 15000 {
			t.Fatalf("demo probes: %v %+v", err, sites)
		}
	})
}
