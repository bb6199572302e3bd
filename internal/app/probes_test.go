package app_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"gongkai/internal/app"
	"gongkai/internal/calendar"
	"gongkai/internal/inspection"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestProbeSiteUnreachable registers a unit's external site (a real local server, private
// addresses allowed), runs hourly probe rounds with the clock moved, and checks that a
// round runs once per slot, that the site-unreachable indicator of the v2 set vetoes at 5 %
// failed probes over the week before the cut-off with its exact deduction and evidence,
// and that a v1 round has no such indicator.
func TestProbeSiteUnreachable(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		ctx := context.Background()
		var failing atomic.Bool
		srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, _ *http.Request) {
			if failing.Load() {
				rw.WriteHeader(http.StatusServiceUnavailable)
				return
			}
			rw.Write([]byte("ok"))
		}))
		defer srv.Close()
		admin := w.who("admin@610112")
		// The demo's site of the unit is not probed here: nothing leaves the machine.
		demoSites, err := w.a.ProbeSites(ctx, admin, w.unit)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range demoSites {
			if err := w.a.RemoveProbeSite(ctx, admin, w.unit, x.Target.ID); err != nil {
				t.Fatal(err)
			}
		}

		// Loopback is refused unless private addresses are allowed.
		if _, err := w.a.AddProbeSite(ctx, admin, "610112", srv.URL, "县政府门户网站"); !hasField(err, "url") {
			t.Fatalf("loopback site accepted: %v", err)
		}
		if _, err := w.a.AddProbeSite(ctx, admin, "610112", "ftp://example.org/", ""); !hasField(err, "url") {
			t.Fatalf("ftp site accepted: %v", err)
		}
		w.a.Cfg.AllowPrivateWebhooks = true
		if _, err := w.a.AddProbeSite(ctx, admin, "610112", srv.URL, "县政府门户网站"); err != nil {
			t.Fatal(err)
		}
		if _, err := w.a.AddProbeSite(ctx, admin, "610112", srv.URL, "重复"); !hasField(err, "url") {
			t.Fatalf("duplicate site accepted: %v", err)
		}

		cutoff := calendar.DateOf(time.Now()).AddDays(40).Time().Add(10 * time.Hour)
		probeAt := func(at time.Time, fail bool) int {
			t.Helper()
			failing.Store(fail)
			w.a.Clock = func() time.Time { return at }
			n, err := w.a.ProbeDue(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		// A failure eight days before the cut-off lies outside the week.
		probeAt(cutoff.AddDate(0, 0, -8), true)
		// 40 hourly rounds in the week, 2 of them failing: 5 %.
		for i := 1; i <= 40; i++ {
			at := cutoff.Add(-time.Duration(i) * time.Hour)
			if n := probeAt(at, i == 3 || i == 30); n != 1 {
				t.Fatalf("round %d probed %d sites", i, n)
			}
			if i == 1 {
				// The same slot again (another instance): nothing runs.
				if n := probeAt(at.Add(time.Minute), true); n != 0 {
					t.Fatalf("slot ran twice: %d", n)
				}
			}
		}
		sites, err := w.a.ProbeSites(ctx, admin, w.unit)
		if err != nil || len(sites) != 1 || len(sites[0].Latest) != 24 {
			t.Fatalf("sites: %v %+v", err, sites)
		}

		w.a.Clock = func() time.Time { return cutoff.AddDate(0, 0, -30) }
		id, ls := w.round("可访问性检查", calendar.DateOf(cutoff).AddDays(-30), cutoff)
		expect(t, ls, "W06", 1, 4, "/admin/orgs/610112/probes", srv.URL, "共监测40次", "2次无法访问", "5.0%", "HTTP 503")
		if !ls["W06"].Veto {
			t.Fatal("W06 does not veto at 5 %")
		}
		pg, err := w.a.Round(ctx, admin, id)
		if err != nil || pg.Round.Set.Version != 2 || !pg.Scores[0].Vetoed {
			t.Fatalf("round: %v v%d vetoed=%v", err, pg.Round.Set.Version, pg.Scores[0].Vetoed)
		}

		// A round on the first version keeps its set: no W06.
		prov := w.who("supervisor@610000")
		root, _ := s.OrgByCode(ctx, "610000")
		w.a.Clock = func() time.Time { return cutoff.Add(2 * time.Hour) }
		id1, err := w.a.CreateRound(ctx, prov, root, app.RoundInput{Name: "v1轮次", PeriodFrom: calendar.DateOf(cutoff).AddDays(-30), PeriodTo: calendar.DateOf(cutoff), Cutoff: cutoff,
			Units: []string{"610112"}, SetKey: "default@1", Scorers: []string{inspection.ScorerProvince}, Combine: inspection.CombineAverage, ObjectionDays: 3})
		if err != nil {
			t.Fatal(err)
		}
		if err := w.a.ComputeRound(ctx, prov, id1); err != nil {
			t.Fatal(err)
		}
		if _, ok := w.lines(id1)["W06"]; ok {
			t.Fatal("a v1 round has W06")
		}
	})
}
