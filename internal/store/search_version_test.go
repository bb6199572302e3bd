package store_test

import (
	"context"
	"testing"
	"time"

	"gongkai/internal/search"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestSearchDocVersionMigration: migration 0018 marks an index made by the earlier code
// (documents present) as version 1, to be rebuilt at the next start, and an empty one as
// current; a claim of the upgrade succeeds once.
func TestSearchDocVersionMigration(t *testing.T) {
	storetest.EachDSN(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if _, err := s.MigrateUpToForTest(ctx, 17); err != nil {
			t.Fatal(err)
		}
		if err := s.IndexDocs(ctx, search.Doc{ID: 1, Unit: "610112", Published: time.Now(), Title: "升级前已索引的文档"}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		if v, _ := s.Setting(ctx, "search.doc_version"); v != "1" {
			t.Fatalf("an index made before the migration is version %q, want 1", v)
		}
		for i, want := range []bool{true, false} {
			if ok, err := s.ClaimSearchUpgrade(ctx, "2"); err != nil || ok != want {
				t.Errorf("claim %d: %v %v, want %v", i+1, ok, err, want)
			}
		}
	})
}
