package demo_test

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"gongkai/internal/app"
	"gongkai/internal/auth"
	"gongkai/internal/config"
	"gongkai/internal/demo"
	"gongkai/internal/store"
)

// filled is an app on s with the demo dataset, and the demo's accounts.
func filled(t *testing.T, s *store.Store) (*app.App, []demo.Account) {
	t.Helper()
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	a := app.New(s, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	a.Hash = auth.TestParams
	accs, ok, err := demo.Fill(context.Background(), a)
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	return a, accs
}
