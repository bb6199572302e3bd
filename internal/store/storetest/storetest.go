// Package storetest opens real databases for tests: a temporary SQLite file always, and a
// fresh schema in PostgreSQL when GONGKAI_TEST_POSTGRES names a server. The same test
// function runs on both (style.md: no mocked database).
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"gongkai/internal/store"
)

// EnvPostgres names the PostgreSQL server for tests, e.g.
// postgres://gongkai:gongkai@127.0.0.1:5432/gongkai_test?sslmode=disable
const EnvPostgres = "GONGKAI_TEST_POSTGRES"

// EnvRequirePostgres, set to 1 (CI does), turns a missing PostgreSQL into a failure.
const EnvRequirePostgres = "GONGKAI_REQUIRE_POSTGRES"

// Each runs fn as subtests "sqlite" and "postgres", each on a fresh, migrated store.
func Each(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, OpenSQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, OpenPostgres(t)) })
}

// EachDSN runs fn as subtests "sqlite" and "postgres", each with the DSN of a new, empty
// database (not migrated), for tests that open the store as a command or a process does.
func EachDSN(t *testing.T, fn func(t *testing.T, dsn string)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLiteDSN(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, PostgresDSN(t)) })
}

// OpenLike opens another fresh, migrated store on the same kind of database as s, for a
// test under Each that needs more than one.
func OpenLike(tb testing.TB, s *store.Store) *store.Store {
	tb.Helper()
	if s.Kind() == "postgres" {
		return OpenPostgres(tb)
	}
	return OpenSQLite(tb)
}

// OpenSQLite opens a migrated store on a new SQLite file in t's temporary directory.
func OpenSQLite(tb testing.TB) *store.Store {
	tb.Helper()
	return open(tb, SQLiteDSN(tb))
}

// SQLiteDSN is a DSN for a new SQLite file in tb's temporary directory.
func SQLiteDSN(tb testing.TB) string {
	return "sqlite:" + filepath.Join(tb.TempDir(), "gongkai.db")
}

// OpenPostgres opens a migrated store on a new schema; it skips, or fails under
// GONGKAI_REQUIRE_POSTGRES=1, when no server is configured.
func OpenPostgres(tb testing.TB) *store.Store {
	tb.Helper()
	return open(tb, PostgresDSN(tb))
}

// PostgresDSN creates a new empty schema and returns a DSN whose search_path is that
// schema; the schema is dropped when the test ends.
func PostgresDSN(tb testing.TB) string {
	tb.Helper()
	base := os.Getenv(EnvPostgres)
	if base == "" {
		if os.Getenv(EnvRequirePostgres) == "1" {
			tb.Fatalf("%s is not set but %s=1: the PostgreSQL suite must run", EnvPostgres, EnvRequirePostgres)
		}
		tb.Skipf("PostgreSQL suite skipped: set %s=postgres://USER:PASS@HOST:5432/DB?sslmode=disable to run it (see README)", EnvPostgres)
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		admin.Close()
		tb.Fatalf("PostgreSQL at %s: %v", EnvPostgres, err)
	}
	tb.Cleanup(func() {
		admin.Exec("DROP SCHEMA " + schema + " CASCADE")
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func open(tb testing.TB, dsn string) *store.Store {
	tb.Helper()
	s, err := store.Open(context.Background(), dsn)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	if _, err := s.Migrate(context.Background()); err != nil {
		tb.Fatal(err)
	}
	return s
}
