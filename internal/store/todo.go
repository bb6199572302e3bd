package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"gongkai/internal/audit"
	"gongkai/internal/catalog"
	"gongkai/internal/errs"
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

// RebaseDraft replaces the entries of a draft by entries rebased onto a newer version, and
// its source by the newer version ("copy:N"), in one transaction with its audit entry.
func (s *Store) RebaseDraft(ctx context.Context, by audit.Actor, versionID int64, entries []catalog.Entry, source string, notes []string) error {
	entries = slices.Clone(entries)
	for i := range entries {
		entries[i].Normalize()
		entries[i].Seq, entries[i].ID = i+1, 0
	}
	if err := validateEntries(entries); err != nil {
		return err
	}
	catalog.AssignKeys(nil, entries)
	return s.tx(ctx, func(tx *sql.Tx) error {
		v, c, err := s.draftTx(ctx, tx, versionID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.q("DELETE FROM catalog_entries WHERE version_id = ?"), versionID); err != nil {
			return err
		}
		for i := range entries {
			if err := s.insertEntry(ctx, tx, versionID, &entries[i]); err != nil {
				if s.isUniqueViolation(err) {
					return errs.Fields("目录条目有误", errs.FieldError{Field: fmt.Sprintf("entries[%d]", i), Label: fmt.Sprintf("第%d条", i+1), Message: "与其他条目重复"})
				}
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, s.q("UPDATE catalog_versions SET source = ?, updated_at = ? WHERE id = ?"), source, s.now(), versionID); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, by, Change{Action: "catalog.version.rebase", ObjectType: "catalog", ObjectID: c.ID, OrgID: c.OrgID,
			Detail: map[string]any{"version": v.Number, "source": source, "entries": len(entries), "notes": notes}})
	})
}

// LinkCandidates lists records of kind that a record of unit unitID (at unitPath) may link
// to: the unit's own that are not withdrawn, and the published ones of the units above it,
// whose title contains q ("" for any), newest first.
func (s *Store) LinkCandidates(ctx context.Context, unitID int64, unitPath string, kind record.Kind, q string, limit int) ([]record.Item, error) {
	if limit <= 0 || limit > 100 {
		limit = 20
	}
	like := "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(q) + "%"
	return collect(ctx, s.db, s.q(`SELECT r.id, r.title, r.kind, r.state, r.published_at, r.updated_at, o.code, o.name FROM records r
		JOIN orgs o ON o.id = r.unit_id
		WHERE r.kind = ? AND r.title LIKE ? ESCAPE '\'
		AND ((r.unit_id = ? AND r.state <> 'withdrawn') OR (r.unit_id <> ? AND r.state = 'published' AND ? LIKE o.path || '%'))
		ORDER BY r.updated_at DESC, r.id DESC LIMIT ?`), []any{string(kind), like, unitID, unitID, unitPath, limit}, func(sc scanner) (record.Item, error) {
		var it record.Item
		var k, st string
		var pub sql.NullTime
		err := sc.Scan(&it.ID, &it.Title, &k, &st, &pub, &it.UpdatedAt, &it.UnitCode, &it.UnitName)
		it.Kind, it.State, it.PublishedAt, it.RevisionTitle = record.Kind(k), record.State(st), pub.Time, it.Title
		return it, err
	})
}
