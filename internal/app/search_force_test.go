package app_test

import (
	"context"
	"testing"
	"time"

	"gongkai/internal/search"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestSearchInForce: the search's 现行有效 filter finds a document from its 施行日期 until it
// lapses, and a repealed one until its repeal takes effect, as the hourly refresh re-indexes
// the documents whose force changed; the clock drives it. Without the filter every
// published document is found throughout.
func TestSearchInForce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		ctx := context.Background()
		base := time.Now()
		w.travel(base, 0)
		today := w.a.Today()
		in := policyInput("冰雹救助限期有效的文件")
		in.EffectiveOn, in.ExpiresOn = today.AddDays(5).String(), today.AddDays(30).String()
		lapsing := w.mustCreate(in)
		w.publishAs("610112", lapsing)
		old := w.mustCreate(policyInput("冰雹救助将被废止的文件"))
		w.publishAs("610112", old)
		rep := policyInput("冰雹救助新的实施细则")
		rep.Repeals, rep.EffectiveOn = []int64{old}, today.AddDays(10).String()
		newer := w.mustCreate(rep)
		w.publishAs("610112", newer)
		found := func(inForce bool) map[int64]bool {
			t.Helper()
			if _, err := w.a.RefreshInForce(ctx); err != nil {
				t.Fatal(err)
			}
			res, err := w.a.Search(ctx, search.Request{Q: "冰雹救助", InForce: inForce})
			if err != nil {
				t.Fatal(err)
			}
			m := map[int64]bool{}
			for _, h := range res.Hits {
				m[h.ID] = true
			}
			return m
		}
		check := func(day int, lapsingIn, oldIn, newerIn bool) {
			t.Helper()
			w.travel(base, day)
			if m := found(true); m[lapsing] != lapsingIn || m[old] != oldIn || m[newer] != newerIn {
				t.Errorf("day %d, 现行有效: %v; want lapsing %v, old %v, newer %v", day, m, lapsingIn, oldIn, newerIn)
			}
			if m := found(false); !m[lapsing] || !m[old] || !m[newer] {
				t.Errorf("day %d, all: %v", day, m)
			}
		}
		check(0, false, true, false)
		check(6, true, true, false)
		check(10, true, false, true)
		check(30, false, false, true)
		// A refresh with nothing to change indexes nothing.
		if n, err := w.a.RefreshInForce(ctx); err != nil || n != 0 {
			t.Errorf("second refresh on the same day: %d, %v", n, err)
		}
	})
}
