package app_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"gongkai/internal/demo"
	"gongkai/internal/search"
	"gongkai/internal/store/storetest"
)

// TestUpgradeSearchIndex: a database whose index was made by the earlier search documents
// (migration 0018 marks it version 1) is rebuilt once at start, by one of two instances
// starting together; afterwards the index holds the current documents and no stale one, and a
// later start rebuilds nothing. A database migrated with an empty index is current already.
func TestUpgradeSearchIndex(t *testing.T) {
	storetest.EachDSN(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		apps, stores := instances(t, dsn, 2)
		if v, _ := stores[0].Setting(ctx, "search.doc_version"); v != "2" {
			t.Fatalf("a new database's search documents are version %q, want 2", v)
		}
		if _, _, err := demo.Fill(ctx, apps[0]); err != nil {
			t.Fatal(err)
		}
		if rebuilt, _, err := apps[0].UpgradeSearchIndex(ctx); err != nil || rebuilt {
			t.Fatalf("current index rebuilt: %v %v", rebuilt, err)
		}
		// As an upgraded database: version 1, and a document the current code would not make.
		if err := stores[0].SetSearchDocVersion(ctx, "1"); err != nil {
			t.Fatal(err)
		}
		if err := stores[0].IndexDocs(ctx, search.Doc{ID: 8_000_001, Unit: "610112", Published: time.Now(), Title: "旧版本索引中的文档"}); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		results := make([]bool, 2)
		for i, a := range apps {
			wg.Add(1)
			go func() {
				defer wg.Done()
				rebuilt, _, err := a.UpgradeSearchIndex(ctx)
				if err != nil {
					t.Error(err)
				}
				results[i] = rebuilt
			}()
		}
		wg.Wait()
		if results[0] == results[1] {
			t.Fatalf("rebuilt by instance 1: %v, by instance 2: %v; want exactly one", results[0], results[1])
		}
		res, err := apps[1].Search(ctx, search.Request{Q: "旧版本索引中的文档"})
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range res.Hits {
			if h.ID == 8_000_001 {
				t.Error("the stale document is still indexed after the upgrade")
			}
		}
		if res, err := apps[1].Search(ctx, search.Request{Q: "低保"}); err != nil || res.Total == 0 {
			t.Errorf("after the upgrade 低保 finds %d: %v", res.Total, err)
		}
		if v, _ := stores[1].Setting(ctx, "search.doc_version"); v != "2" {
			t.Errorf("version after the upgrade: %q", v)
		}
		if rebuilt, _, err := apps[1].UpgradeSearchIndex(ctx); err != nil || rebuilt {
			t.Errorf("second start rebuilt again: %v %v", rebuilt, err)
		}
	})
}
