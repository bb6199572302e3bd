package store

import (
	"context"
	"database/sql"
	"encoding/json"

	"gongkai/internal/attach"
	"gongkai/internal/record"
)

// Bulk reads for the record pages of the static export: what RecordRowByID, Revisions,
// Attachments and Interpretations read for one record, read for a batch of records in one
// query each, so that exporting a site costs a few queries per hundred pages rather than
// about nine per page. IDs go into the statement as an IN list (idList).

// RecordRowsByID returns the rows of the given records by ID; IDs that do not exist are
// absent.
func (s *Store) RecordRowsByID(ctx context.Context, ids []int64) (map[int64]record.Row, error) {
	out := make(map[int64]record.Row, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := collect(ctx, s.db, "SELECT "+recordCols+" FROM records WHERE id IN ("+idList(ids)+")", nil, scanRecordRow)
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		out[r.ID] = r
	}
	return out, nil
}

// RevisionsOf lists every revision of the given records, oldest first, each with the
// record-level fields of its row filled in (as Revisions does), by record ID. Records absent
// from rows are left out, and so is a record with a revision that cannot be decoded: the
// caller reads that one alone (Revision, Revisions), which tells what is wrong with it.
func (s *Store) RevisionsOf(ctx context.Context, rows map[int64]record.Row) (map[int64][]record.Record, error) {
	out := make(map[int64][]record.Record, len(rows))
	if len(rows) == 0 {
		return out, nil
	}
	ids := make([]int64, 0, len(rows))
	for id := range rows {
		ids = append(ids, id)
	}
	type rev struct {
		id  int64
		rec record.Record
		bad bool
	}
	revs, err := collect(ctx, s.db, "SELECT record_id, revision, data FROM record_revisions WHERE record_id IN ("+idList(ids)+") ORDER BY record_id, revision", nil,
		func(sc scanner) (rev, error) {
			var v rev
			var n int
			var data string
			if err := sc.Scan(&v.id, &n, &data); err != nil {
				return v, err
			}
			v.bad = json.Unmarshal([]byte(data), &v.rec) != nil
			return v, nil
		})
	if err != nil {
		return nil, err
	}
	bad := map[int64]bool{}
	for _, v := range revs {
		if v.bad {
			bad[v.id] = true
			continue
		}
		overlay(&v.rec, rows[v.id])
		out[v.id] = append(out[v.id], v.rec)
	}
	for id := range bad {
		delete(out, id)
	}
	return out, nil
}

// PublicRevisionAttachments lists the attachments of the public revision of each of the
// given records, in order (as Attachments does for that revision), by record ID.
func (s *Store) PublicRevisionAttachments(ctx context.Context, ids []int64) (map[int64][]attach.Attachment, error) {
	out := map[int64][]attach.Attachment{}
	if len(ids) == 0 {
		return out, nil
	}
	atts, err := collect(ctx, s.db, `SELECT a.id, a.record_id, a.revision, a.position, a.name, a.media_type, a.size, a.hash, a.text, a.findings,
		a.unread, a.no_pii_confirmed_by, a.no_pii_confirmed_at, a.created_at
		FROM record_attachments a JOIN records r ON r.id = a.record_id AND a.revision = r.public_revision
		WHERE a.record_id IN (`+idList(ids)+`) ORDER BY a.record_id, a.position, a.id`, nil, func(sc scanner) (attach.Attachment, error) {
		var a attach.Attachment
		var confirmed sql.NullTime
		err := sc.Scan(&a.ID, &a.RecordID, &a.Revision, &a.Position, &a.Name, &a.MediaType, &a.Size, &a.Hash, &a.Text, &a.Findings,
			&a.Unread, &a.ConfirmedBy, &confirmed, &a.CreatedAt)
		a.ConfirmedAt = confirmed.Time
		return a, err
	})
	if err != nil {
		return nil, err
	}
	for _, a := range atts {
		out[a.RecordID] = append(out[a.RecordID], a)
	}
	return out, nil
}

// InterpretationsOf lists the published interpretations of each of the given policy
// records, in the order of Interpretations, by policy ID.
func (s *Store) InterpretationsOf(ctx context.Context, policyIDs []int64) (map[int64][]record.Row, error) {
	out := map[int64][]record.Row{}
	if len(policyIDs) == 0 {
		return out, nil
	}
	type interp struct {
		policy int64
		row    record.Row
	}
	rows, err := collect(ctx, s.db, "SELECT policy_id, "+recordCols+" FROM records WHERE policy_id IN ("+idList(policyIDs)+") AND state = 'published' ORDER BY policy_id, published_at, id", nil,
		func(sc scanner) (interp, error) {
			var v interp
			var err error
			v.row, err = scanRecordRow(prefixScanner{sc, &v.policy})
			return v, err
		})
	if err != nil {
		return nil, err
	}
	for _, v := range rows {
		out[v.policy] = append(out[v.policy], v.row)
	}
	return out, nil
}

// prefixScanner scans a leading column into first and the rest as the wrapped scan asks.
type prefixScanner struct {
	sc    scanner
	first any
}

func (p prefixScanner) Scan(dest ...any) error {
	return p.sc.Scan(append([]any{p.first}, dest...)...)
}
