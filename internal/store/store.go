// Package store keeps gongkai's data in SQLite (the default, embedded) or PostgreSQL (for a
// province running several instances). SQL is written by hand; the differences between the
// two databases are confined to dialect.go (placeholders, locks, error codes, types), the
// search index files search_sqlite.go and search_postgres.go, and the migration files.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"

	"gongkai/internal/errs"
)

// Store is the one concrete storage type.
type Store struct {
	db  *sql.DB // reads
	wdb *sql.DB // writes: a single connection on SQLite, the same pool on PostgreSQL
	d   dialect
	// Now is the clock; tests replace it.
	Now func() time.Time
	// docCount caches the number of indexed documents for search estimates.
	docCount struct {
		mu sync.Mutex
		n  int
		at time.Time
	}
}

// Kind names the database: "sqlite" or "postgres".
func (s *Store) Kind() string { return s.d.name }

// ParseDSN checks a DSN and tells which database it names.
func ParseDSN(dsn string) (kind, target string, err error) {
	switch {
	case strings.HasPrefix(dsn, "sqlite:"):
		p := strings.TrimPrefix(dsn, "sqlite:")
		if p == "" || strings.ContainsAny(p, "?#") {
			return "", "", fmt.Errorf("数据库地址无效：sqlite: 之后须为文件路径（不含 ? 和 #）：%q", dsn)
		}
		return "sqlite", p, nil
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		u, err := url.Parse(dsn)
		if err != nil || u.Host == "" {
			return "", "", fmt.Errorf("数据库地址无效：无法解析 PostgreSQL 地址 %q", redact(dsn))
		}
		return "postgres", dsn, nil
	}
	return "", "", fmt.Errorf("数据库地址无效：%q 须以 sqlite: 或 postgres:// 开头", redact(dsn))
}

func redact(dsn string) string {
	if u, err := url.Parse(dsn); err == nil && u.User != nil {
		if _, ok := u.User.Password(); ok {
			u.User = url.UserPassword(u.User.Username(), "xxxxx")
			return u.String()
		}
	}
	return dsn
}

// Open connects to the database named by dsn and checks that it answers. It does not migrate.
func Open(ctx context.Context, dsn string) (*Store, error) {
	kind, target, err := ParseDSN(dsn)
	if err != nil {
		return nil, err
	}
	s := &Store{Now: time.Now}
	switch kind {
	case "sqlite":
		if err := os.MkdirAll(filepath.Dir(target), 0o750); err != nil {
			return nil, fmt.Errorf("无法创建数据库目录：%v", err)
		}
		// WAL for concurrent readers; FULL sync so an acknowledged write survives a crash;
		// foreign keys on; a busy timeout rather than immediate SQLITE_BUSY; IMMEDIATE
		// transactions so a writer takes the lock at BEGIN instead of failing at COMMIT.
		pragmas := "_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_time_format=sqlite"
		// Each connection keeps its prepared statements (sqlite_stmts.go).
		s.wdb = openSQLite("file:" + target + "?" + pragmas + "&_txlock=immediate")
		s.wdb.SetMaxOpenConns(1)
		s.db = openSQLite("file:" + target + "?" + pragmas + "&_pragma=query_only(1)")
		s.db.SetMaxOpenConns(8)
		s.d = sqliteDialect
	case "postgres":
		if s.db, err = sql.Open("pgx", target); err != nil {
			return nil, fmt.Errorf("数据库地址无效：%v", err)
		}
		s.db.SetMaxOpenConns(20)
		s.db.SetConnMaxIdleTime(5 * time.Minute)
		s.wdb = s.db
		s.d = postgresDialect
	}
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	// The write pool first: on SQLite it creates the file and switches it to WAL.
	if err := s.wdb.PingContext(pctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("无法连接数据库 %s：%v", redact(dsn), err)
	}
	if kind == "sqlite" {
		var v string
		if err := s.wdb.QueryRowContext(pctx, "SELECT sqlite_version()").Scan(&v); err != nil {
			s.Close()
			return nil, err
		}
		if !sqliteVersionOK(v) {
			s.Close()
			return nil, fmt.Errorf("SQLite 版本 %s 过旧：3.51.3 之前的版本有 WAL 重置损坏缺陷", v)
		}
	}
	return s, nil
}

// sqliteVersionOK reports whether v is at least 3.51.3.
func sqliteVersionOK(v string) bool {
	var a, b, c int
	fmt.Sscanf(v, "%d.%d.%d", &a, &b, &c)
	return a > 3 || (a == 3 && (b > 51 || (b == 51 && c >= 3)))
}

// Close closes the pools.
func (s *Store) Close() error {
	var err error
	if s.db != nil {
		err = s.db.Close()
	}
	if s.wdb != nil && s.wdb != s.db {
		err = errors.Join(err, s.wdb.Close())
	}
	return err
}

// Ping tells whether the store answers.
func (s *Store) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }

// now is the clock in UTC at microsecond precision, which both databases keep exactly.
func (s *Store) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// q rewrites a query written with ? placeholders for the dialect.
func (s *Store) q(query string) string { return s.d.rebind(query) }

// tx runs fn in a write transaction, committing if it returns nil.
func (s *Store) tx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.wdb.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// notFound turns sql.ErrNoRows into a NotFound error with the given message.
func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return errs.E(errs.NotFound, "%s不存在", what)
	}
	return err
}

// nullTime converts a zero time to NULL.
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Truncate(time.Microsecond)
}

// scanner is what *sql.Row and *sql.Rows have in common.
type scanner interface{ Scan(...any) error }

// collect runs a query and scans every row with scan.
func collect[T any](ctx context.Context, q queryer, query string, args []any, scan func(scanner) (T, error)) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
