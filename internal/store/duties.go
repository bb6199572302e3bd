package store

import (
	"context"
	"database/sql"
	"fmt"

	"gongkai/internal/audit"
	"gongkai/internal/calendar"
	"gongkai/internal/record"
)

func nullDate(d calendar.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.String()
}

// applyDuties records, in ApplyRecord's transaction, what a publication does to the duties:
// the record's timeliness (once, at the first publication), the clocks it starts (the
// interpretation of a policy), and the repeal of the documents it repeals.
func (s *Store) applyDuties(ctx context.Context, tx *sql.Tx, by audit.Actor, out record.Outcome, r record.Record, row record.Row, unitOrgID int64, ch RecordChange) error {
	if out.To != record.StatePublished {
		return nil
	}
	if t := ch.Timeliness; t != nil {
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO record_timeliness (record_id, due_day, published_on, on_time, basis, provisional, recorded_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (record_id) DO NOTHING`), r.ID, t.Due.String(), t.PublishedOn.String(), t.OnTime, t.Basis, t.Provisional, s.now()); err != nil {
			return err
		}
	}
	for _, c := range ch.Clocks {
		if err := s.SetDeadline(ctx, tx, c); err != nil {
			return err
		}
	}
	if len(r.Repeals) == 0 {
		return nil
	}
	from := r.RepealFrom(calendar.DateOf(s.now()))
	for _, id := range r.Repeals {
		res, err := tx.ExecContext(ctx, s.q(`UPDATE records SET repealed_by = ?, repealed_from = ?,
			ends_on = CASE WHEN ends_on IS NULL OR ends_on > ? THEN ? ELSE ends_on END, updated_at = ?
			WHERE id = ? AND repealed_by = 0 AND kind = 'policy'`), r.ID, from.String(), from.String(), from.String(), s.now(), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			continue // already repealed by another document, or not a policy document any more
		}
		if err := s.appendAudit(ctx, tx, by, Change{Action: "record.repealed", ObjectType: "record", ObjectID: id, OrgID: unitOrgID,
			Detail: map[string]any{"repealed_by": r.ID, "from": from.String(), "title": r.Title}}); err != nil {
			return err
		}
	}
	return nil
}

// RecordTimeliness returns the timeliness kept for a published record (NotFound when none:
// published before it was kept, or with no single deadline).
func (s *Store) RecordTimeliness(ctx context.Context, id int64) (record.Timeliness, error) {
	t := record.Timeliness{RecordID: id}
	var due, pub string
	err := s.db.QueryRowContext(ctx, s.q("SELECT due_day, published_on, on_time, basis, provisional FROM record_timeliness WHERE record_id = ?"), id).
		Scan(&due, &pub, &t.OnTime, &t.Basis, &t.Provisional)
	if err != nil {
		return t, notFound(err, "及时性记录")
	}
	t.Due, _ = calendar.ParseDate(due)
	t.PublishedOn, _ = calendar.ParseDate(pub)
	return t, nil
}

// subtree is the condition "the record's unit or its issuing body lies in the subtree at
// path", over records r joined with orgs o (unit) and i (issuer).
const subtree = "(o.path LIKE ? OR i.path LIKE ?)"

const joinBodies = ` JOIN orgs o ON o.id = r.unit_id LEFT JOIN orgs i ON i.id = r.issuer_org_id `

// LateRecords lists the published records of the subtree at path that were published after
// their due day, the latest due first (at most 500).
func (s *Store) LateRecords(ctx context.Context, path string) ([]record.LateItem, error) {
	return collect(ctx, s.db, s.q(`SELECT r.id, r.title, o.code, o.name, COALESCE(i.name, o.name), t.due_day, t.published_on, t.basis, t.provisional
		FROM record_timeliness t JOIN records r ON r.id = t.record_id`+joinBodies+`
		WHERE `+subtree+` AND t.on_time = ? AND r.state = 'published' ORDER BY t.due_day DESC, r.id LIMIT 500`),
		[]any{path + "%", path + "%", false}, func(sc scanner) (record.LateItem, error) {
			var it record.LateItem
			var due, pub string
			err := sc.Scan(&it.RecordID, &it.Title, &it.UnitCode, &it.UnitName, &it.IssuerName, &due, &pub, &it.Timeliness.Basis, &it.Timeliness.Provisional)
			it.Timeliness.RecordID = it.RecordID
			it.Timeliness.Due, _ = calendar.ParseDate(due)
			it.Timeliness.PublishedOn, _ = calendar.ParseDate(pub)
			return it, err
		})
}

// OverdueInterpretations lists the published policy documents of the subtree at path whose
// interpretation clock (started at their publication) ran out before today with no
// interpretation published, the oldest first (at most 500).
func (s *Store) OverdueInterpretations(ctx context.Context, path string, today calendar.Date) ([]record.DueItem, error) {
	return collect(ctx, s.db, s.q(`SELECT r.id, r.title, o.code, o.name, r.state, d.due_day, d.provisional
		FROM records r`+joinBodies+`
		JOIN deadlines d ON d.subject_type = 'interpretation' AND d.subject_id = CAST(r.id AS TEXT)
		WHERE `+subtree+` AND r.kind = 'policy' AND r.state = 'published' AND d.due_day < ?
		AND NOT EXISTS (SELECT 1 FROM records x WHERE x.policy_id = r.id AND x.kind = 'interpretation' AND x.state = 'published')
		ORDER BY d.due_day, r.id LIMIT 500`),
		[]any{path + "%", path + "%", today.String()}, scanDueItem)
}

func scanDueItem(sc scanner) (record.DueItem, error) {
	var it record.DueItem
	var st, due string
	if err := sc.Scan(&it.RecordID, &it.Title, &it.UnitCode, &it.UnitName, &st, &due, &it.Provisional); err != nil {
		return it, err
	}
	it.State = record.State(st)
	d, err := calendar.ParseDate(due)
	it.Due = d
	return it, err
}

// EntryPublications returns, for unit unitID, the first-publication days of its published
// records by domain and entry key ("domain/key"), oldest first.
func (s *Store) EntryPublications(ctx context.Context, unitID int64) (map[string][]calendar.Date, error) {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT domain_code, entry_key, published_at FROM records
		WHERE unit_id = ? AND state = 'published' AND published_at IS NOT NULL ORDER BY published_at`), unitID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]calendar.Date{}
	for rows.Next() {
		var dom, key string
		var at sql.NullTime
		if err := rows.Scan(&dom, &key, &at); err != nil {
			return nil, err
		}
		k := fmt.Sprintf("%s/%s", dom, key)
		out[k] = append(out[k], calendar.DateOf(at.Time))
	}
	return out, rows.Err()
}
