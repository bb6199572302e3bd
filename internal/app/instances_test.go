package app_test

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"gongkai/internal/app"
	"gongkai/internal/config"
	"gongkai/internal/store"
)

// instances opens n app instances on one database (dsn), each with its own store, pool and
// data directory, as n servers of a province share one PostgreSQL; the database is migrated.
func instances(t *testing.T, dsn string, n int) ([]*app.App, []*store.Store) {
	t.Helper()
	ctx := context.Background()
	var apps []*app.App
	var stores []*store.Store
	for range n {
		s, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		if _, err := s.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		cfg := config.Default()
		cfg.DataDir = t.TempDir()
		apps = append(apps, app.New(s, cfg, slog.New(slog.NewTextHandler(io.Discard, nil))))
		stores = append(stores, s)
	}
	return apps, stores
}
