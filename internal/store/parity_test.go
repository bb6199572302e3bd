package store_test

import (
	"context"
	"database/sql"
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"

	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// searchOnly lists the columns and tables that exist on one database only, because full-text
// search is built differently on each (FTS5 virtual tables on SQLite; tsvector columns kept in
// the row on PostgreSQL). Everything else must be the same on both databases.
var searchOnly = map[string]string{
	"search_title":          "sqlite: FTS5 index of titles",
	"search_all":            "sqlite: FTS5 index of titles, bodies and metadata",
	"search_docs.title_tsv": "postgres: tsvector of the title",
	"search_docs.tsv":       "postgres: tsvector of the whole document",
}

// TestMigrationParity migrates both databases and compares what they hold: the same schema
// version, the same tables, the same columns in each table, except the documented search
// columns above.
func TestMigrationParity(t *testing.T) {
	lite := storetest.OpenSQLite(t)
	pg := storetest.OpenPostgres(t)
	ctx := context.Background()
	for _, s := range []*store.Store{lite, pg} {
		v, err := s.SchemaVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if v != s.KnownVersion() {
			t.Errorf("%s: schema version %d after migrating, binary knows %d", s.Kind(), v, s.KnownVersion())
		}
	}
	if lite.KnownVersion() != pg.KnownVersion() {
		t.Fatalf("the binary knows migration %d for SQLite and %d for PostgreSQL", lite.KnownVersion(), pg.KnownVersion())
	}
	a, b := sqliteColumns(t, lite.RawForTest()), postgresColumns(t, pg.RawForTest())
	for _, name := range slices.Sorted(maps.Keys(searchOnly)) {
		delete(a, name)
		delete(b, name)
	}
	for _, k := range slices.Sorted(maps.Keys(a)) {
		if _, ok := b[k]; !ok {
			t.Errorf("%s exists on SQLite only", k)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(b)) {
		if _, ok := a[k]; !ok {
			t.Errorf("%s exists on PostgreSQL only", k)
		}
	}
	t.Logf("%d tables and columns on SQLite, %d on PostgreSQL", len(a), len(b))
	if len(a) < 20 {
		t.Fatalf("only %d tables and columns found on SQLite: the catalogue query is wrong", len(a))
	}
}

// sqliteColumns returns "table" and "table.column" for every ordinary table.
func sqliteColumns(t *testing.T, db *sql.DB) map[string]bool {
	t.Helper()
	rows, err := db.Query(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, n)
	}
	rows.Close()
	out := map[string]bool{}
	for _, tb := range tables {
		// FTS5 shadow tables (search_all_data, …) belong to their virtual table.
		if isShadow(tb, tables) {
			continue
		}
		out[tb] = true
		if _, ok := searchOnly[tb]; ok {
			continue
		}
		cols, err := db.Query(`SELECT name FROM pragma_table_info(?)`, tb)
		if err != nil {
			t.Fatal(err)
		}
		for cols.Next() {
			var c string
			if err := cols.Scan(&c); err != nil {
				t.Fatal(err)
			}
			out[tb+"."+c] = true
		}
		cols.Close()
	}
	return out
}

func isShadow(table string, all []string) bool {
	for v := range searchOnly {
		if !strings.Contains(v, ".") && strings.HasPrefix(table, v+"_") && slices.Contains(all, v) {
			return true
		}
	}
	return false
}

// postgresColumns returns "table" and "table.column" for every table of the test's schema.
func postgresColumns(t *testing.T, db *sql.DB) map[string]bool {
	t.Helper()
	rows, err := db.Query(`SELECT c.table_name, c.column_name FROM information_schema.columns c
		JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
		WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var tb, c string
		if err := rows.Scan(&tb, &c); err != nil {
			t.Fatal(err)
		}
		out[tb] = true
		out[tb+"."+c] = true
	}
	return out
}

// TestSchemaVersionErrors: a schema older or newer than the binary is told apart by a
// sentinel, not by the text of the message.
func TestSchemaVersionErrors(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if err := s.CheckSchema(ctx); err != nil {
			t.Fatalf("fresh schema: %v", err)
		}
		db := s.RawForTest()
		if _, err := db.Exec(`DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations)`); err != nil {
			t.Fatal(err)
		}
		if err := s.CheckSchema(ctx); !errors.Is(err, store.ErrSchemaOlder) || errors.Is(err, store.ErrSchemaNewer) {
			t.Fatalf("one migration missing: %v, want ErrSchemaOlder", err)
		}
		if _, err := db.Exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future', CURRENT_TIMESTAMP)`); err != nil {
			t.Fatal(err)
		}
		err := s.CheckSchema(ctx)
		if !errors.Is(err, store.ErrSchemaNewer) || errors.Is(err, store.ErrSchemaOlder) {
			t.Fatalf("a future migration: %v, want ErrSchemaNewer", err)
		}
		if !strings.Contains(err.Error(), "9999") {
			t.Errorf("message does not name the version: %v", err)
		}
		if _, err := s.Migrate(ctx); !errors.Is(err, store.ErrSchemaNewer) {
			t.Errorf("Migrate on a newer schema: %v, want ErrSchemaNewer", err)
		}
	})
}
