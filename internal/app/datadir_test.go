package app_test

import (
	"context"
	"os"
	"testing"

	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestRecordedDataDir: serve's data directory is found by a command configured with another
// one, and not when it is the same or no longer exists.
func TestRecordedDataDir(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		served := t.TempDir()
		w.a.Cfg.DataDir = served
		if err := w.a.RecordDataDir(ctx); err != nil {
			t.Fatal(err)
		}
		if err := w.a.RecordDataDir(ctx); err != nil { // unchanged: nothing written
			t.Fatal(err)
		}
		if got := w.a.RecordedDataDir(ctx); got != "" {
			t.Errorf("the same directory reported as another: %q", got)
		}
		w.a.Cfg.DataDir = "./data"
		if got := w.a.RecordedDataDir(ctx); got != served {
			t.Errorf("recorded %q, want %q", got, served)
		}
		if err := os.RemoveAll(served); err != nil {
			t.Fatal(err)
		}
		if got := w.a.RecordedDataDir(ctx); got != "" {
			t.Errorf("a directory that is gone: %q", got)
		}
	})
}
