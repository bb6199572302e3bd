package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
)

// dialect holds what differs between SQLite and PostgreSQL.
type dialect struct {
	name string
	// rebind turns ? placeholders into the dialect's form.
	rebind func(string) string
	// lock serialises a class of writers inside tx. SQLite has one writer connection and
	// IMMEDIATE transactions, so holding a write transaction already excludes the others;
	// PostgreSQL takes a transaction-scoped advisory lock, which also serialises several
	// gongkai instances on one database.
	lock func(ctx context.Context, tx *sql.Tx, key int64) error
	// forUpdate locks a selected row to the end of the transaction (SQLite: the write
	// transaction already excludes other writers).
	forUpdate string
}

// Advisory lock keys.
const (
	lockAudit   int64 = 0x676b0001
	lockMigrate int64 = 0x676b0002
)

var sqliteDialect = dialect{
	name:   "sqlite",
	rebind: func(q string) string { return q },
	lock:   func(context.Context, *sql.Tx, int64) error { return nil },
}

var postgresDialect = dialect{
	name:      "postgres",
	rebind:    dollarPlaceholders,
	forUpdate: " FOR UPDATE",
	lock: func(ctx context.Context, tx *sql.Tx, key int64) error {
		_, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", key)
		return err
	},
}

// dollarPlaceholders rewrites ? to $1, $2 … outside string literals.
func dollarPlaceholders(q string) string {
	if !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n, inStr := 0, false
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\'':
			inStr = !inStr
			b.WriteByte(c)
		case c == '?' && !inStr:
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
