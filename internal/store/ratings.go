package store

import (
	"context"
	"database/sql"
	"time"

	"gongkai/internal/rating"
)

// AddRating stores a rating unless the client is over its limits. The check and the insert
// are one transaction, so two quick clicks cannot both pass.
func (s *Store) AddRating(ctx context.Context, r rating.Rating, lim rating.Limits) error {
	if err := r.Validate(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		var same, hour int
		if err := tx.QueryRowContext(ctx, s.q("SELECT count(*) FROM ratings WHERE client = ? AND subject_type = ? AND subject_id = ? AND created_at > ?"),
			r.Client, r.SubjectType, r.SubjectID, now.Add(-lim.PerSubject)).Scan(&same); err != nil {
			return err
		}
		if same > 0 {
			return rating.ErrRatedBefore
		}
		if err := tx.QueryRowContext(ctx, s.q("SELECT count(*) FROM ratings WHERE client = ? AND created_at > ?"), r.Client, now.Add(-time.Hour)).Scan(&hour); err != nil {
			return err
		}
		if hour >= lim.PerHour {
			return rating.ErrTooOften
		}
		_, err := tx.ExecContext(ctx, s.q(`INSERT INTO ratings (subject_type, subject_id, unit_id, domain_code, entry_key, value, reason, client, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`), r.SubjectType, r.SubjectID, r.UnitID, r.Domain, r.EntryKey, r.Value, r.Reason, r.Client, now)
		return err
	})
}

// RatingSummaries aggregates the ratings of the units in the subtree at path, grouped by
// unit, domain and entry ("" entry key: ratings of the catalog page itself).
func (s *Store) RatingSummaries(ctx context.Context, path string) ([]rating.Summary, error) {
	return collect(ctx, s.db, s.q(`SELECT r.unit_id, r.domain_code, r.entry_key,
		SUM(CASE WHEN r.value = 1 THEN 1 ELSE 0 END), SUM(CASE WHEN r.value = 2 THEN 1 ELSE 0 END), SUM(CASE WHEN r.value = 3 THEN 1 ELSE 0 END)
		FROM ratings r JOIN orgs o ON o.id = r.unit_id WHERE o.path LIKE ?
		GROUP BY r.unit_id, r.domain_code, r.entry_key ORDER BY r.unit_id, r.domain_code, r.entry_key`), []any{path + "%"}, func(sc scanner) (rating.Summary, error) {
		var x rating.Summary
		err := sc.Scan(&x.UnitID, &x.Domain, &x.EntryKey, &x.Satisfied, &x.Fair, &x.Poor)
		return x, err
	})
}

// RecentReasons lists the latest written opinions in the subtree at path.
func (s *Store) RecentReasons(ctx context.Context, path string, limit int) ([]rating.Rating, error) {
	return collect(ctx, s.db, s.q(`SELECT r.subject_type, r.subject_id, r.unit_id, r.domain_code, r.entry_key, r.value, r.reason, r.created_at
		FROM ratings r JOIN orgs o ON o.id = r.unit_id WHERE o.path LIKE ? AND r.reason <> '' ORDER BY r.id DESC LIMIT ?`), []any{path + "%", limit}, func(sc scanner) (rating.Rating, error) {
		var x rating.Rating
		err := sc.Scan(&x.SubjectType, &x.SubjectID, &x.UnitID, &x.Domain, &x.EntryKey, &x.Value, &x.Reason, &x.CreatedAt)
		return x, err
	})
}
