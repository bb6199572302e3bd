package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"

	"gongkai/internal/audit"
	"gongkai/internal/request"
)

// AnnualReportInput returns what staff wrote into the report of the organisation for the year;
// empty texts and zero figures if nothing yet.
func (s *Store) AnnualReportInput(ctx context.Context, orgID int64, year int) (request.Texts, request.Table2, error) {
	var tx request.Texts
	var t2 request.Table2
	var fees string
	err := s.db.QueryRowContext(ctx, s.q("SELECT overview, problems, other, licensing, penalty, coercion, fees_wan FROM annual_reports WHERE org_id = ? AND year = ?"),
		orgID, year).Scan(&tx.Overview, &tx.Problems, &tx.Other, &t2.Licensing, &t2.Penalty, &t2.Coercion, &fees)
	if errors.Is(err, sql.ErrNoRows) {
		return tx, t2, nil
	}
	if err != nil {
		return tx, t2, err
	}
	t2.FeesWan, err = strconv.ParseFloat(fees, 64)
	return tx, t2, err
}

// SaveAnnualReportInput stores the texts and the figures entered by hand.
func (s *Store) SaveAnnualReportInput(ctx context.Context, by audit.Actor, orgID int64, year int, tx request.Texts, t2 request.Table2) error {
	return s.tx(ctx, func(q *sql.Tx) error {
		fees := strconv.FormatFloat(t2.FeesWan, 'f', -1, 64)
		if _, err := q.ExecContext(ctx, s.q(`INSERT INTO annual_reports (org_id, year, overview, problems, other, licensing, penalty, coercion, fees_wan, updated_at, updated_by)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (org_id, year) DO UPDATE SET overview = excluded.overview, problems = excluded.problems, other = excluded.other,
			licensing = excluded.licensing, penalty = excluded.penalty, coercion = excluded.coercion, fees_wan = excluded.fees_wan,
			updated_at = excluded.updated_at, updated_by = excluded.updated_by`),
			orgID, year, tx.Overview, tx.Problems, tx.Other, t2.Licensing, t2.Penalty, t2.Coercion, fees, s.now(), by.Login); err != nil {
			return err
		}
		return s.appendAudit(ctx, q, by, Change{Action: "annual_report.save", ObjectType: "annual_report", ObjectID: strconv.Itoa(year), OrgID: orgID})
	})
}
