package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"gongkai/internal/attach"
	"gongkai/internal/audit"
	"gongkai/internal/calendar"
	"gongkai/internal/org"
	"gongkai/internal/record"
	"gongkai/internal/search"
)

// The 现行有效 filter of search. Whether a document is in force depends on the day, and the
// index is read-optimised: each document carries a meta token when it is in force on the day
// it is indexed (publication, a rebuild), and RefreshInForce indexes again, once a day or
// more often, the documents whose force may have changed since its last run — those that
// came into force (施行日期), lapsed or were repealed (ends_on), or were repealed by a document
// published since (repealed_by with a newer updated_at).

const settingForceRefreshed = "search.force_refreshed_at"

// RefreshInForce re-indexes the published records whose force may have changed since the
// last refresh (every dated or repealed one at the first) and returns how many. doc makes
// a record's search document as of today. Running it twice, or on two instances at once,
// indexes the same documents again: the result is the same.
func (s *Store) RefreshInForce(ctx context.Context, by audit.Actor, doc func(record.Record, org.Org, []attach.Attachment) search.Doc) (int, error) {
	last, err := s.Setting(ctx, settingForceRefreshed)
	if err != nil {
		return 0, err
	}
	now := s.now()
	today := calendar.DateOf(now).String()
	where, args := "r.state = 'published' AND (r.validity <> '' OR r.effective_on IS NOT NULL OR r.ends_on IS NOT NULL OR r.repealed_by <> 0)", []any{}
	if t, err := time.Parse(time.RFC3339Nano, last); err == nil {
		since := calendar.DateOf(t).String()
		where = `r.state = 'published' AND ((r.effective_on > ? AND r.effective_on <= ?) OR (r.ends_on > ? AND r.ends_on <= ?)
			OR (r.repealed_by <> 0 AND r.updated_at >= ?))`
		args = []any{since, today, since, today, t}
	}
	recs, err := s.publishedWhere(ctx, where, args, 1_000_000)
	if err != nil {
		return 0, err
	}
	rows, err := s.prepareRecords(ctx, recs, map[int64]org.Org{}, doc)
	if err != nil {
		return 0, fmt.Errorf("search in force: %w", err)
	}
	n := 0
	err = s.tx(ctx, func(tx *sql.Tx) error {
		for _, r := range rows {
			// Amended, withdrawn or published again meanwhile: its own transaction indexed it.
			var rev int
			err := tx.QueryRowContext(ctx, s.q("SELECT public_revision FROM records WHERE id = ? AND state = 'published'"), r.d.ID).Scan(&rev)
			if err == sql.ErrNoRows || err == nil && rev != r.revision {
				continue
			}
			if err != nil {
				return err
			}
			if err := s.IndexDoc(ctx, tx, r.d); err != nil {
				return err
			}
			n++
		}
		if _, err := tx.ExecContext(ctx, s.q("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
			settingForceRefreshed, now.Format(time.RFC3339Nano)); err != nil {
			return err
		}
		if n == 0 {
			return nil
		}
		if err := s.touchContent(ctx, tx); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, by, Change{Action: "search.force_refreshed", ObjectType: "search", ObjectID: "index",
			Detail: map[string]any{"records": n, "day": today}})
	})
	return n, err
}

const settingDocVersion = "search.doc_version"

// ClaimSearchUpgrade moves the recorded version of the search documents to version and
// reports whether this call did (and must now rebuild the index): of several instances
// starting at once, one does. A database without the setting is taken as current.
func (s *Store) ClaimSearchUpgrade(ctx context.Context, version string) (bool, error) {
	res, err := s.wdb.ExecContext(ctx, s.q(`UPDATE settings SET value = ? WHERE key = ? AND value <> ?`), version, settingDocVersion, version)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// SetSearchDocVersion records the version of the search documents (after a rebuild, or to
// undo a claim whose rebuild failed).
func (s *Store) SetSearchDocVersion(ctx context.Context, version string) error {
	_, err := s.wdb.ExecContext(ctx, s.q("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
		settingDocVersion, version)
	return err
}
