package app

import (
	"context"
	"os"
	"path/filepath"

	"gongkai/internal/audit"
)

// dataDirKey names the setting in which serve records the data directory it uses.
const dataDirKey = "data_dir"

// RecordDataDir notes in the database the absolute data directory (attachments) this
// instance serves from, so that a command run later on the same machine without --data
// (export-site) finds the same files. It writes, and audits, only a change.
func (a *App) RecordDataDir(ctx context.Context) error {
	abs, err := filepath.Abs(a.Cfg.DataDir)
	if err != nil {
		return err
	}
	cur, err := a.store.Setting(ctx, dataDirKey)
	if err != nil || cur == abs {
		return err
	}
	return a.store.SetSetting(ctx, audit.System("serve"), dataDirKey, abs)
}

// RecordedDataDir is the data directory serve last recorded, when it exists on this machine
// and differs from the configured one; "" otherwise.
func (a *App) RecordedDataDir(ctx context.Context) string {
	d, err := a.store.Setting(ctx, dataDirKey)
	if err != nil || d == "" {
		return ""
	}
	if abs, err := filepath.Abs(a.Cfg.DataDir); err == nil && abs == d {
		return ""
	}
	if fi, err := os.Stat(d); err != nil || !fi.IsDir() {
		return ""
	}
	return d
}
