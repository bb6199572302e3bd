package export_test

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"gongkai/internal/audit"
	"gongkai/internal/search"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestSearchRebuildBenchmark measures gongkai search rebuild on GONGKAI_BENCH_REBUILD_N
// published records of the corpus (default 100,000), on SQLite and PostgreSQL: records per
// second, with the time of one search of a common word after it. A benchmark, not a test (no
// time is asserted); it runs only with GONGKAI_BENCH_REBUILD=1:
//
//	GONGKAI_BENCH_REBUILD=1 go test -run SearchRebuildBenchmark -v -timeout 2h ./internal/export/
func TestSearchRebuildBenchmark(t *testing.T) {
	if os.Getenv("GONGKAI_BENCH_REBUILD") != "1" {
		t.Skip("benchmark: set GONGKAI_BENCH_REBUILD=1 to run it")
	}
	n := 100000
	if v := os.Getenv("GONGKAI_BENCH_REBUILD_N"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil {
			t.Fatal(err)
		}
	}
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		start := time.Now()
		w := newCorpusWorld(t, s, n)
		t.Logf("%s: loaded %d records in %s", s.Kind(), n, time.Since(start).Round(time.Second))
		for round := range 2 { // the second rebuild replaces a full index
			st, err := w.app.RebuildSearchIndex(ctx, audit.System("bench"), 0, nil)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: rebuild %d: %d records in %s: %.0f records/s", s.Kind(), round+1, st.Records, st.Took.Round(time.Millisecond),
				float64(st.Records)/st.Took.Seconds())
		}
		for _, q := range []string{"低保", "公示", "镇"} {
			t0 := time.Now()
			res, err := w.app.Search(ctx, search.Request{Q: q})
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: search %s after the rebuild: %d hits (exact %v), %s", s.Kind(), q, res.Total, res.TotalExact, time.Since(t0).Round(time.Microsecond))
		}
	})
}
