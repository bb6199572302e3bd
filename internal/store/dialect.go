package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
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
	// skipLocked ends a SELECT whose rows a worker claims: other instances skip them
	// (SQLite: the single writer already excludes the others).
	skipLocked string
	// index is the full-text search index.
	index searchIndex
	// hasTable counts the tables named by its one argument (0 or 1).
	hasTable string
	// timestamp is the column type of a point in time.
	timestamp string
	// classify tells what kind of constraint a driver error reports.
	classify func(error) dbErrKind
}

// dbErrKind is what a database error means to the store's callers.
type dbErrKind int

const (
	dbErrOther dbErrKind = iota
	dbErrUnique
	dbErrForeignKey
)

// isUniqueViolation reports a unique-constraint failure, from the driver's error code.
func (s *Store) isUniqueViolation(err error) bool {
	return err != nil && s.d.classify(err) == dbErrUnique
}

// isForeignKeyViolation reports a foreign-key failure, from the driver's error code.
func (s *Store) isForeignKeyViolation(err error) bool {
	return err != nil && s.d.classify(err) == dbErrForeignKey
}

// sqliteClassify reads SQLite's extended result code.
func sqliteClassify(err error) dbErrKind {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return dbErrOther
	}
	switch e.Code() {
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		return dbErrUnique
	case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
		return dbErrForeignKey
	}
	return dbErrOther
}

// postgresClassify reads the SQLSTATE.
func postgresClassify(err error) dbErrKind {
	var e *pgconn.PgError
	if !errors.As(err, &e) {
		return dbErrOther
	}
	switch e.Code {
	case "23505": // unique_violation
		return dbErrUnique
	case "23503": // foreign_key_violation
		return dbErrForeignKey
	}
	return dbErrOther
}

// Advisory lock keys.
const (
	lockAudit   int64 = 0x676b0001
	lockMigrate int64 = 0x676b0002
)

var sqliteDialect = dialect{
	name:      "sqlite",
	rebind:    func(q string) string { return q },
	lock:      func(context.Context, *sql.Tx, int64) error { return nil },
	index:     ftsIndex{},
	hasTable:  "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?",
	timestamp: "TIMESTAMP",
	classify:  sqliteClassify,
}

var postgresDialect = dialect{
	name:       "postgres",
	rebind:     dollarPlaceholders,
	forUpdate:  " FOR UPDATE",
	skipLocked: " FOR UPDATE OF d SKIP LOCKED",
	index:      tsIndex{},
	hasTable:   "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1",
	timestamp:  "TIMESTAMPTZ",
	classify:   postgresClassify,
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
