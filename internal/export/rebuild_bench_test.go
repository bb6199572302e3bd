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
		// The reference, in the same run: the publication path (IndexDoc, one call per record)
		// over the oldest records in publication order, batches of 2,000 per transaction, as
		// the index was built before the rebuild existed — on an emptied index.
		ref := min(n, 5000)
		if err := s.RemoveDocs(ctx, idsUpTo(n)...); err != nil {
			t.Fatal(err)
		}
		docs := make([]search.Doc, 0, ref)
		for id := int64(1); id <= int64(ref); id++ {
			r, err := w.app.CurrentRevision(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			docs = append(docs, search.Doc{ID: r.ID, Unit: "610112", Domain: r.Domain, Kind: string(r.Kind), Published: r.PublishedAt, Title: r.Title, Body: r.BodyHTML})
		}
		t0 := time.Now()
		for lo := 0; lo < len(docs); lo += 2000 {
			if err := s.IndexDocs(ctx, docs[lo:min(lo+2000, len(docs))]...); err != nil {
				t.Fatal(err)
			}
		}
		took := time.Since(t0)
		t.Logf("%s: reference, IndexDoc in publication order: %d records in %s: %.0f records/s", s.Kind(), ref, took.Round(time.Millisecond), float64(ref)/took.Seconds())
		if _, err := w.app.RebuildSearchIndex(ctx, audit.System("bench"), 0, nil); err != nil {
			t.Fatal(err)
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

func idsUpTo(n int) []int64 {
	ids := make([]int64, n)
	for i := range ids {
		ids[i] = int64(i + 1)
	}
	return ids
}
