package store

import (
	"context"
	"strconv"

	"gongkai/internal/record"
)

// RecordStateCounts counts the records of the subtree of path (by unit or issuer) per state
// of the revision staff work on, as the records list's tabs show them.
func (s *Store) RecordStateCounts(ctx context.Context, path string) (map[record.State]int, error) {
	type count struct {
		state string
		n     int
	}
	rows, err := collect(ctx, s.db, s.q(`SELECT v.state, COUNT(*) FROM records r
		JOIN orgs o ON o.id = r.unit_id
		LEFT JOIN orgs i ON i.id = r.issuer_org_id
		JOIN record_revisions v ON v.record_id = r.id AND v.revision = CASE WHEN r.pending_revision <> 0 THEN r.pending_revision WHEN r.public_revision <> 0 THEN r.public_revision ELSE 1 END
		WHERE (o.path LIKE ? OR i.path LIKE ?) GROUP BY v.state`), []any{path + "%", path + "%"}, func(sc scanner) (count, error) {
		var c count
		err := sc.Scan(&c.state, &c.n)
		return c, err
	})
	if err != nil {
		return nil, err
	}
	out := map[record.State]int{}
	for _, c := range rows {
		out[record.State(c.state)] = c.n
	}
	return out, nil
}

// ReturnedTo lists the IDs of the records whose latest step of the procedure (submission or
// return) was a return, and whose draft or amendment personID wrote (created or revised).
func (s *Store) ReturnedTo(ctx context.Context, personID int64) (map[int64]bool, error) {
	ids, err := collect(ctx, s.db, s.q(`SELECT DISTINCT c.object_id FROM audit_log c
		WHERE c.actor_id = ? AND c.object_type = 'record' AND c.action IN ('record.create', 'record.revise', 'record.submit')
		AND (SELECT b.action FROM audit_log b WHERE b.object_type = 'record' AND b.object_id = c.object_id
			AND b.action IN ('record.submit', 'record.review_return', 'record.approve_return', 'record.revise', 'record.create')
			ORDER BY b.id DESC LIMIT 1) IN ('record.review_return', 'record.approve_return')`), []any{personID}, func(sc scanner) (string, error) {
		var id string
		err := sc.Scan(&id)
		return id, err
	})
	if err != nil {
		return nil, err
	}
	out := map[int64]bool{}
	for _, x := range ids {
		if n, err := strconv.ParseInt(x, 10, 64); err == nil {
			out[n] = true
		}
	}
	return out, nil
}
