package store

import (
	"context"
	"database/sql"
	"strconv"
)

// touchContent marks inside tx that what the public sees has changed, so that every
// instance drops its cached pages. The version is a counter in settings.
func (s *Store) touchContent(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, s.q(`INSERT INTO settings (key, value) VALUES ('content.version', '1')
		ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(settings.value AS INTEGER) + 1 AS TEXT)`))
	return err
}

// ContentVersion is the counter touchContent advances.
func (s *Store) ContentVersion(ctx context.Context) (int64, error) {
	var v string
	err := s.db.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = 'content.version'").Scan(&v)
	if err == sql.ErrNoRows {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	return strconv.ParseInt(v, 10, 64)
}

// Secret returns a random installation secret kept under key, creating it on first use.
// Not audited: the audit log must not carry secrets.
func (s *Store) Secret(ctx context.Context, key string, make func() string) (string, error) {
	if _, err := s.wdb.ExecContext(ctx, s.q("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING"), key, make()); err != nil {
		return "", err
	}
	return s.Setting(ctx, key)
}

// TouchContent marks that what the public sees has changed (e.g. search synonyms), so that
// every instance drops its cached pages.
func (s *Store) TouchContent(ctx context.Context) error {
	return s.tx(ctx, func(tx *sql.Tx) error { return s.touchContent(ctx, tx) })
}
