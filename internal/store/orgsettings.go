package store

import (
	"context"
	"database/sql"

	"gongkai/internal/audit"
)

// SetOrgSetting stores a setting that belongs to one organisation, with an audit entry of
// its own action under that organisation, so that the organisation's audit log (and its
// supervisors) see it.
func (s *Store) SetOrgSetting(ctx context.Context, by audit.Actor, orgID int64, key, value, action string, detail map[string]any) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, s.q("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"), key, value); err != nil {
			return err
		}
		if detail == nil {
			detail = map[string]any{}
		}
		detail["key"], detail["value"] = key, value
		return s.appendAudit(ctx, tx, by, Change{Action: action, ObjectType: "org", ObjectID: orgID, OrgID: orgID, Detail: detail})
	})
}

// SettingsLike returns the settings whose key matches a LIKE pattern.
func (s *Store) SettingsLike(ctx context.Context, pattern string) (map[string]string, error) {
	rows, err := s.db.QueryContext(ctx, s.q("SELECT key, value FROM settings WHERE key LIKE ?"), pattern)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		out[k] = v
	}
	return out, rows.Err()
}
