package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"gongkai/internal/attach"
	"gongkai/internal/record"
)

// Queries for the static export (gongkai export-site, internal/export). The export finds
// what changed since its last run through the audit log: every change of a record appends
// an entry naming it in the same transaction, and entries are numbered under the audit
// chain's lock, so their IDs become visible in order on both databases — unlike updated_at,
// which is taken when a transaction starts and may become visible after a later one.

const exportRecordCols = `r.id, o.code, r.domain_code, r.entry_key, r.state, r.policy_id, r.public_revision, r.updated_at`

func scanExportRecord(sc scanner) (record.ExportRef, error) {
	var r record.ExportRef
	var state string
	err := sc.Scan(&r.ID, &r.UnitCode, &r.Domain, &r.EntryKey, &state, &r.PolicyID, &r.PublicRevision, &r.UpdatedAt)
	r.State = record.State(state)
	return r, err
}

// AuditHead is the ID of the newest audit entry, 0 for an empty log: the export's cursor.
func (s *Store) AuditHead(ctx context.Context) (int64, error) {
	var id sql.NullInt64
	err := s.db.QueryRowContext(ctx, "SELECT MAX(id) FROM audit_log").Scan(&id)
	return id.Int64, err
}

// RecordsTouchedSince lists the IDs of the records named by audit entries after afterID up
// to and including upTo, at most limit of them; more is set when there were more.
func (s *Store) RecordsTouchedSince(ctx context.Context, afterID, upTo int64, limit int) (ids []int64, more bool, err error) {
	objs, err := collect(ctx, s.db, s.q(`SELECT DISTINCT object_id FROM audit_log WHERE id > ? AND id <= ? AND object_type = 'record' LIMIT ?`),
		[]any{afterID, upTo, limit + 1}, func(sc scanner) (string, error) {
			var o string
			err := sc.Scan(&o)
			return o, err
		})
	if err != nil {
		return nil, false, err
	}
	if len(objs) > limit {
		return nil, true, nil
	}
	for _, o := range objs {
		id, err := strconv.ParseInt(o, 10, 64)
		if err != nil {
			return nil, false, fmt.Errorf("audit entry names record %q: %w", o, err)
		}
		ids = append(ids, id)
	}
	return ids, false, nil
}

// idList renders IDs for an IN clause; they are integers, so no placeholder is needed and a
// long list does not run into the databases' parameter limits.
func idList(ids []int64) string {
	var b strings.Builder
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(id, 10))
	}
	return b.String()
}

// ExportRecords returns the rows of the given records, by ID; IDs that no longer exist are
// simply absent.
func (s *Store) ExportRecords(ctx context.Context, ids []int64) ([]record.ExportRef, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	return collect(ctx, s.db, `SELECT `+exportRecordCols+` FROM records r JOIN orgs o ON o.id = r.unit_id
		WHERE r.id IN (`+idList(ids)+`) ORDER BY r.id`, nil, scanExportRecord)
}

// PublishedExportRecords lists every published record, by ID.
func (s *Store) PublishedExportRecords(ctx context.Context) ([]record.ExportRef, error) {
	return collect(ctx, s.db, `SELECT `+exportRecordCols+` FROM records r JOIN orgs o ON o.id = r.unit_id
		WHERE r.state = 'published' ORDER BY r.id`, nil, scanExportRecord)
}

// PublishedInterpretationsOf lists the published records that interpret one of the given
// policies: their pages name the policy, so they change with it.
func (s *Store) PublishedInterpretationsOf(ctx context.Context, policyIDs []int64) ([]record.ExportRef, error) {
	if len(policyIDs) == 0 {
		return nil, nil
	}
	return collect(ctx, s.db, `SELECT `+exportRecordCols+` FROM records r JOIN orgs o ON o.id = r.unit_id
		WHERE r.policy_id IN (`+idList(policyIDs)+`) AND r.state = 'published' ORDER BY r.id`, nil, scanExportRecord)
}

// ExportAttachments lists the public attachments (see PublicAttachment): those of the public
// revisions of published, proactively disclosed records, of the given records or of all with
// ids nil.
func (s *Store) ExportAttachments(ctx context.Context, ids []int64) ([]attach.PublicFile, error) {
	where := ""
	if ids != nil {
		if len(ids) == 0 {
			return nil, nil
		}
		where = " AND r.id IN (" + idList(ids) + ")"
	}
	return collect(ctx, s.db, `SELECT a.record_id, a.hash, a.media_type, a.name FROM record_attachments a JOIN records r ON r.id = a.record_id
		WHERE r.state = 'published' AND r.openness = 'proactive' AND a.revision = r.public_revision`+where+` ORDER BY a.record_id, a.position, a.id`, nil,
		func(sc scanner) (attach.PublicFile, error) {
			var a attach.PublicFile
			err := sc.Scan(&a.RecordID, &a.Hash, &a.MediaType, &a.Name)
			return a, err
		})
}

// CatalogsFingerprint hashes which version of every catalog is in force: the catalog pages
// change when it does, and the record pages do not.
func (s *Store) CatalogsFingerprint(ctx context.Context) (string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT c.org_id, c.domain_code, v.id, v.number, v.effective_at FROM catalogs c
		JOIN catalog_versions v ON v.catalog_id = c.id AND v.state = 'effective' ORDER BY c.org_id, c.domain_code, v.id`)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	h := sha256.New()
	for rows.Next() {
		var org, vid int64
		var number int
		var domain string
		var eff sql.NullTime
		if err := rows.Scan(&org, &domain, &vid, &number, &eff); err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%d %s %d %d %d\n", org, domain, vid, number, eff.Time.UnixMicro())
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)[:16]), nil
}

// RefreshPlannerStats lets SQLite's query planner gather the table statistics it needs.
// Without them it takes the index on state for nearly every record query, so that on a
// large site each record page scans every published record (30 ms a page at 100,000
// records instead of under 1 ms), which a static export renders a hundred thousand times.
// PRAGMA optimize is what SQLite recommends running now and then: it analyses only tables
// whose statistics are missing or stale, with a bounded sample, and does nothing otherwise.
// PostgreSQL keeps its statistics itself (autovacuum).
func (s *Store) RefreshPlannerStats(ctx context.Context) error {
	if s.d.name != "sqlite" {
		return nil
	}
	if _, err := s.wdb.ExecContext(ctx, "PRAGMA optimize=0x10002"); err != nil {
		return err
	}
	// A connection reads the statistics when it loads the schema, and ANALYZE does not make
	// the others reload it: the read pool's connections would keep planning without them.
	// The idle ones are closed (ANALYZE sqlite_schema would reload them, but the read pool is
	// query-only), so that the next reads open fresh connections; one busy at this moment is
	// replaced at the next refresh (hourly, and before every export).
	var conns []*sql.Conn
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	for range s.db.Stats().Idle {
		c, err := s.db.Conn(ctx)
		if err != nil {
			return err
		}
		conns = append(conns, c)
		c.Raw(func(any) error { return driver.ErrBadConn }) // discard it when released
	}
	return nil
}
