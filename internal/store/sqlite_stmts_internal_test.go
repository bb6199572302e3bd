package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
)

// TestKeptStatements: a connection reuses its prepared statements, runs the same query
// inside the loop of its own open rows (uncached then), keeps at most maxStmtsPerConn,
// and answers the same as before throughout.
func TestKeptStatements(t *testing.T) {
	ctx := context.Background()
	db := openSQLite("file:" + filepath.Join(t.TempDir(), "t.db"))
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)"); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 5; i++ {
		if _, err := db.ExecContext(ctx, "INSERT INTO t (id, v) VALUES (?, ?)", i, fmt.Sprint("v", i)); err != nil {
			t.Fatal(err)
		}
	}
	const q = "SELECT id, v FROM t WHERE id >= ? ORDER BY id"
	read := func() ([]string, error) {
		// In a transaction, so that the inner query runs on the same connection.
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return nil, err
		}
		defer tx.Rollback()
		rows, err := tx.QueryContext(ctx, q, 1)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var id int
			var v string
			if err := rows.Scan(&id, &v); err != nil {
				return nil, err
			}
			// The same statement while its rows are open, on the same connection.
			var inner string
			if err := tx.QueryRowContext(ctx, q, id).Scan(&id, &inner); err != nil {
				return nil, err
			}
			out = append(out, v+"="+inner)
		}
		return out, rows.Err()
	}
	for range 3 {
		got, err := read()
		if err == nil && (len(got) != 5 || got[4] != "v5=v5") {
			err = fmt.Errorf("read %v", got)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	// A changed schema is seen by a kept statement (SQLite prepares it again).
	if _, err := db.ExecContext(ctx, "ALTER TABLE t ADD COLUMN w TEXT DEFAULT 'x'"); err != nil {
		t.Fatal(err)
	}
	var w string
	if err := db.QueryRowContext(ctx, "SELECT * FROM t WHERE id = ?", 1).Scan(new(int), new(string), &w); err != nil || w != "x" {
		t.Fatalf("after ALTER: %q %v", w, err)
	}
	for i := range maxStmtsPerConn + 40 {
		var n int
		if err := db.QueryRowContext(ctx, fmt.Sprintf("SELECT %d + count(*) FROM t", i)).Scan(&n); err != nil || n != i+5 {
			t.Fatalf("query %d: %d %v", i, n, err)
		}
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var kept int
	conn.Raw(func(dc any) error {
		c := dc.(*stmtConn)
		kept = len(c.stmts)
		for _, k := range c.stmts {
			if k.busy {
				t.Error("a statement left busy")
			}
		}
		return nil
	})
	if kept != maxStmtsPerConn {
		t.Fatalf("%d statements kept, want %d", kept, maxStmtsPerConn)
	}
}
