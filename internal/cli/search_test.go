package cli_test

import (
	"context"
	"strings"
	"testing"

	"gongkai/internal/app"
	"gongkai/internal/config"
	"gongkai/internal/demo"
	"gongkai/internal/store/storetest"
)

// TestSearchRebuildCommand: gongkai search rebuild indexes every published record of the
// database it is given, reports progress on stderr and the figure on stdout, and refuses a
// batch size out of range.
func TestSearchRebuildCommand(t *testing.T) { storetest.EachDSN(t, testSearchRebuildCommand) }

func testSearchRebuildCommand(t *testing.T, dsn string) {
	ctx := context.Background()
	cfg := config.Default()
	cfg.DB, cfg.DataDir = dsn, t.TempDir()
	a, err := app.Open(ctx, cfg, nil, true)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := demo.Fill(ctx, a); err != nil {
		t.Fatal(err)
	}
	a.Close()

	code, stdout, stderr := run(t, "search", "rebuild", "--batch", "5", "--db", dsn)
	if code != 0 || !strings.Contains(stdout, "检索索引已重建") || !strings.Contains(stderr, "已索引") {
		t.Fatalf("rebuild: %d %q %q", code, stdout, stderr)
	}
	if strings.Contains(stdout, "：0 条") {
		t.Errorf("the demo's published records were not indexed: %q", stdout)
	}
	if code, _, _ := run(t, "search", "rebuild", "--batch", "0", "--db", dsn); code != 2 {
		t.Errorf("--batch 0: exit %d, want 2", code)
	}
	if code, _, _ := run(t, "search", "--db", dsn); code != 2 {
		t.Errorf("search without rebuild: exit %d, want 2", code)
	}
}
