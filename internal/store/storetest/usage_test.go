package storetest

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sqliteOnly lists the test files allowed to open SQLite alone: benchmarks whose figures the
// README gives for SQLite.
var sqliteOnly = map[string]bool{
	"internal/web/bench_test.go":    true,
	"internal/export/bench_test.go": true,
}

// TestEveryDatabaseTestRunsOnBoth fails when a test outside the benchmarks opens SQLite
// directly instead of running on both databases through Each, EachDSN or OpenLike.
func TestEveryDatabaseTestRunsOnBoth(t *testing.T) {
	root := filepath.Join("..", "..", "..")
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("module root not found: %v", err)
	}
	checked := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		if rel == "internal/store/storetest/usage_test.go" || sqliteOnly[rel] {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		checked++
		lines := strings.Split(string(b), "\n")
		for i, line := range lines {
			if !strings.Contains(line, "storetest.OpenSQLite(") && !strings.Contains(line, "storetest.SQLiteDSN(") {
				continue
			}
			// Paired with PostgreSQL on the next line, as in Each or a test comparing the two.
			if next := lines[min(i+1, len(lines)-1)]; strings.Contains(next, "storetest.OpenPostgres(") || strings.Contains(next, "storetest.PostgresDSN(") {
				continue
			}
			t.Errorf("%s:%d opens SQLite alone; run the test on both databases with storetest.Each (or EachDSN, OpenLike)", rel, i+1)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 20 {
		t.Fatalf("only %d test files checked", checked)
	}
}
