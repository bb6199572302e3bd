package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"

	"gongkai/internal/refdata"
)

//go:embed migrations
var migrationFS embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

func (s *Store) migrations() ([]migration, error) {
	dir := "migrations/" + s.d.name
	ents, err := fs.ReadDir(migrationFS, dir)
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, e := range ents {
		v, err := strconv.Atoi(strings.SplitN(e.Name(), "_", 2)[0])
		if err != nil {
			return nil, fmt.Errorf("migration %s: no version prefix", e.Name())
		}
		b, err := migrationFS.ReadFile(dir + "/" + e.Name())
		if err != nil {
			return nil, err
		}
		out = append(out, migration{v, e.Name(), string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	for i, m := range out {
		if i > 0 && m.version == out[i-1].version {
			return nil, fmt.Errorf("migrations of %s share version %d: %s", s.d.name, m.version, m.name)
		}
	}
	return out, nil
}

// KnownVersion is the newest schema version this binary knows.
func (s *Store) KnownVersion() int {
	ms, _ := s.migrations()
	if len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].version
}

// SchemaVersion reports the database's schema version (0 for an empty database).
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var exists int
	if err := s.wdb.QueryRowContext(ctx, s.d.hasTable, "schema_migrations").Scan(&exists); err != nil {
		return 0, err
	}
	if exists == 0 {
		return 0, nil
	}
	var v sql.NullInt64
	if err := s.wdb.QueryRowContext(ctx, "SELECT max(version) FROM schema_migrations").Scan(&v); err != nil {
		return 0, err
	}
	return int(v.Int64), nil
}

// ErrSchemaOlder and ErrSchemaNewer say that the database's schema is not the one this
// binary was built for: older (run migrate) or newer (run a newer gongkai).
var (
	ErrSchemaOlder = errors.New("schema older than binary")
	ErrSchemaNewer = errors.New("schema newer than binary")
)

// schemaError is a version mismatch, explained in Chinese, that matches ErrSchemaOlder or
// ErrSchemaNewer with errors.Is.
type schemaError struct{ have, known int }

func (e *schemaError) Error() string {
	if e.have < e.known {
		return fmt.Sprintf("数据库结构版本 %d 旧于本程序的版本 %d：请先运行 gongkai migrate", e.have, e.known)
	}
	return fmt.Sprintf("数据库结构版本 %d 新于本程序支持的版本 %d：请使用更新版本的 gongkai", e.have, e.known)
}

func (e *schemaError) Is(target error) bool {
	return (target == ErrSchemaOlder && e.have < e.known) || (target == ErrSchemaNewer && e.have > e.known)
}

// CheckSchema refuses a database whose schema is not the version this binary knows; the
// error matches ErrSchemaOlder or ErrSchemaNewer.
func (s *Store) CheckSchema(ctx context.Context) error {
	v, err := s.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	if known := s.KnownVersion(); v != known {
		return &schemaError{have: v, known: known}
	}
	return nil
}

// Migrate brings the schema up to date, one migration per transaction, and seeds the
// reference data (built-in domains) that the schema relies on. Several instances starting
// at once on PostgreSQL serialise on an advisory lock.
func (s *Store) Migrate(ctx context.Context) (applied int, err error) {
	return s.migrateTo(ctx, 0)
}

// migrateTo applies the migrations up to version upTo (all of them with 0).
func (s *Store) migrateTo(ctx context.Context, upTo int) (applied int, err error) {
	ms, err := s.migrations()
	if err != nil {
		return 0, err
	}
	if err := s.CheckSchema(ctx); errors.Is(err, ErrSchemaNewer) || (err != nil && !errors.Is(err, ErrSchemaOlder)) {
		return 0, err
	}
	if _, err := s.wdb.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at "+s.timestampType()+" NOT NULL)"); err != nil {
		return 0, err
	}
	for _, m := range ms {
		if upTo > 0 && m.version > upTo {
			break
		}
		err := s.migrationTx(ctx, m, func(tx *sql.Tx) error {
			if err := s.d.lock(ctx, tx, lockMigrate); err != nil {
				return err
			}
			var n int
			if err := tx.QueryRowContext(ctx, s.q("SELECT count(*) FROM schema_migrations WHERE version = ?"), m.version).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return nil
			}
			if _, err := tx.ExecContext(ctx, m.sql); err != nil {
				return fmt.Errorf("migration %s: %w", m.name, err)
			}
			_, err := tx.ExecContext(ctx, s.q("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)"), m.version, m.name, s.now())
			applied++
			return err
		})
		if err != nil {
			return applied, err
		}
	}
	if err := s.seedReference(ctx); err != nil {
		return applied, err
	}
	// Fresh planner statistics: without them SQLite picks poor indexes on large tables.
	return applied, s.RefreshPlannerStats(ctx)
}

// noForeignKeys, as the first line of a SQLite migration, makes it run with foreign-key
// enforcement off, as SQLite's procedure for changing a table's definition by rebuilding it
// requires (https://sqlite.org/lang_altertable.html#otheralter): with enforcement on, dropping
// the old table would delete or refuse the rows that reference it. Enforcement cannot change
// inside a transaction, so it is switched off on the write connection before the transaction
// begins and on again after it ends; PRAGMA foreign_key_check must find nothing before the
// migration commits.
const noForeignKeys = "-- gongkai:foreign-keys-off"

// migrationTx runs fn in the transaction of migration m.
func (s *Store) migrationTx(ctx context.Context, m migration, fn func(tx *sql.Tx) error) error {
	if s.d.name != "sqlite" || !strings.HasPrefix(m.sql, noForeignKeys) {
		return s.tx(ctx, fn)
	}
	conn, err := s.wdb.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
		return err
	}
	defer func() {
		// Never hand back to the pool a connection that does not enforce foreign keys.
		var on int
		if _, err := conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA foreign_keys = ON"); err == nil {
			conn.QueryRowContext(context.WithoutCancel(ctx), "PRAGMA foreign_keys").Scan(&on)
		}
		if on != 1 {
			conn.Raw(func(any) error { return driver.ErrBadConn })
		}
	}()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	var table, parent string
	var rowid sql.NullInt64
	var fkid int
	switch err := tx.QueryRowContext(ctx, "PRAGMA foreign_key_check").Scan(&table, &rowid, &parent, &fkid); {
	case err == nil:
		tx.Rollback()
		return fmt.Errorf("migration %s: row %d of %s refers to a missing row of %s", m.name, rowid.Int64, table, parent)
	case !errors.Is(err, sql.ErrNoRows):
		tx.Rollback()
		return fmt.Errorf("migration %s: foreign key check: %w", m.name, err)
	}
	return tx.Commit()
}

func (s *Store) timestampType() string { return s.d.timestamp }

// seedReference inserts the built-in domains that are missing; it never overwrites an
// administrator's edits.
func (s *Store) seedReference(ctx context.Context) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		for _, d := range refdata.Domains() {
			if _, err := tx.ExecContext(ctx, s.q("INSERT INTO domains (code, name, sort, builtin, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (code) DO NOTHING"),
				d.Code, d.Name, d.Order, true, s.now()); err != nil {
				return err
			}
		}
		return nil
	})
}
