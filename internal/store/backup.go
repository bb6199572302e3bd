package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Backup writes a consistent copy of a SQLite database to path (VACUUM INTO takes a
// snapshot while the server keeps running). PostgreSQL is backed up with its own tools.
func (s *Store) Backup(ctx context.Context, path string) error {
	if s.d.name != "sqlite" {
		return errors.New("PostgreSQL 数据库请使用 pg_dump 备份（gongkai backup 仅用于 SQLite）")
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("%s 已存在，不会覆盖", path)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return err
	}
	_, err := s.wdb.ExecContext(ctx, "VACUUM INTO ?", path)
	return err
}
