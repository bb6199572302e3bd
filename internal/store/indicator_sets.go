package store

import (
	"context"
	"database/sql"
	"encoding/json"

	"gongkai/internal/audit"
	"gongkai/internal/errs"
	"gongkai/internal/inspection"
)

// CreateIndicatorSet stores a new version of the set s.Code, numbered after every stored
// version and after floor (the newest shipped one), and returns it as stored. Saved versions
// are never updated. The indicator sets are published (the open API lists them), so the
// public content version moves. The audit entry is filed under the province (rootID).
func (s *Store) CreateIndicatorSet(ctx context.Context, by audit.Actor, set inspection.Set, basedOn string, floor int, rootID int64) (inspection.Set, error) {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var top int
		if err := tx.QueryRowContext(ctx, s.q("SELECT COALESCE(MAX(version), 0) FROM indicator_sets WHERE code = ?"), set.Code).Scan(&top); err != nil {
			return err
		}
		set.Version = max(top, floor) + 1
		body, err := json.Marshal(set)
		if err != nil {
			return err
		}
		var id int64
		if err := tx.QueryRowContext(ctx, s.q(`INSERT INTO indicator_sets (code, version, name, based_on, body, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`), set.Code, set.Version, set.Name, basedOn, string(body), nullID(by.PersonID), s.now()).Scan(&id); err != nil {
			if s.isUniqueViolation(err) {
				return errs.E(errs.Conflict, "指标体系“%s”刚刚有了新版本，请刷新后重试", set.Code)
			}
			return err
		}
		if err := s.touchContent(ctx, tx); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, by, Change{Action: "indicator_set.create", ObjectType: "indicator_set", ObjectID: id, OrgID: rootID,
			Detail: map[string]any{"set": set.Key(), "name": set.Name, "based_on": basedOn, "indicators": len(set.Indicators)}})
	})
	return set, err
}

// IndicatorSets lists the stored set versions, by code and version.
func (s *Store) IndicatorSets(ctx context.Context) ([]inspection.Set, error) {
	return collect(ctx, s.db, "SELECT body FROM indicator_sets ORDER BY code, version", nil, func(sc scanner) (inspection.Set, error) {
		var body string
		var set inspection.Set
		if err := sc.Scan(&body); err != nil {
			return set, err
		}
		return set, json.Unmarshal([]byte(body), &set)
	})
}
