package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"gongkai/internal/attach"
	"gongkai/internal/org"
	"gongkai/internal/record"
	"gongkai/internal/search"
)

// Rebuilding the search index from the published records (gongkai search rebuild, and a
// bulk import of legacy content).
//
// Speed comes from the order of insertion. A document's ranking key sorts newest first and
// is the rowid of the FTS5 tables; FTS5 keeps new entries in a pending hash only while
// rowids grow, and writes a segment whenever one is smaller than the previous, so indexing
// records in publication order (oldest first, hence descending rowids) wrote one segment per
// document and spent its time merging them: 17 documents/s after 30,000. The rebuild reads
// the records newest first and inserts each batch sorted by ranking key, in one transaction
// per batch with prepared statements (SQLite) or multi-row statements (PostgreSQL, with the
// GIN indexes built after the load instead of updated row by row).
//
// Search stays available while the index is rebuilt, newest records first. Publication
// goes on too: it indexes its record in its own transaction, and the rebuild, which reads
// a batch before its write transaction, checks in that transaction which of its records are
// still published at the revision it read and not yet indexed, and skips the others.

// RebuildSearch empties the search index and indexes every published record again, batch
// records at a time, newest first. progress, if not nil, is called after each batch with
// the records done so far and the total. Reading and preparing the next batch (decoding,
// tokenizing) runs while the previous one is written.
//
// doc turns a published revision, with the attachments of that revision, into its search
// document (app decides what is indexed, as for publication).
func (s *Store) RebuildSearch(ctx context.Context, batch int, doc func(record.Record, org.Org, []attach.Attachment) search.Doc,
	progress func(done, total int)) (search.RebuildStats, error) {
	start := time.Now()
	var st search.RebuildStats
	if batch <= 0 {
		batch = 2000
	}
	var total int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM records WHERE state = 'published'").Scan(&total); err != nil {
		return st, err
	}
	bulk := s.d.index.(bulkIndex)
	if err := s.tx(ctx, func(tx *sql.Tx) error { return bulk.clear(ctx, tx) }); err != nil {
		return st, fmt.Errorf("search rebuild: emptying the index: %w", err)
	}
	restore, err := bulk.begin(ctx, s.wdb)
	if err != nil {
		return st, fmt.Errorf("search rebuild: %w", err)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type prepared struct {
		rows []bulkRow
		err  error
	}
	batches := make(chan prepared, 1)
	go func() {
		defer close(batches)
		units := map[int64]org.Org{}
		var after *record.Record // keyset: the last record read
		for {
			rows, last, err := s.prepareBatch(ctx, after, batch, units, doc)
			if len(rows) == 0 && err == nil {
				return
			}
			select {
			case batches <- prepared{rows, err}:
			case <-ctx.Done():
				return
			}
			if err != nil {
				return
			}
			after = last
		}
	}()
	for b := range batches {
		if b.err == nil {
			var n, skipped int
			n, skipped, b.err = s.indexBatch(ctx, bulk, b.rows)
			st.Records += n
			st.Skipped += skipped
		}
		if b.err != nil {
			cancel()
			restore(context.WithoutCancel(ctx))
			return st, fmt.Errorf("search rebuild: %w", b.err)
		}
		if progress != nil {
			progress(st.Records+st.Skipped, total)
		}
	}
	if err := restore(ctx); err != nil {
		return st, err
	}
	if err := s.RefreshPlannerStats(ctx); err != nil {
		return st, err
	}
	st.Took = time.Since(start)
	return st, nil
}

// prepareBatch reads the next n published records after the given one and makes their
// rows ready for insertion; last is the last record read.
func (s *Store) prepareBatch(ctx context.Context, after *record.Record, n int, units map[int64]org.Org, doc func(record.Record, org.Org, []attach.Attachment) search.Doc) ([]bulkRow, *record.Record, error) {
	recs, err := s.publishedBatch(ctx, after, n)
	if err != nil || len(recs) == 0 {
		return nil, nil, err
	}
	rows, err := s.prepareRecords(ctx, recs, units, doc)
	return rows, &recs[len(recs)-1], err
}

// prepareRecords makes the search documents of published records (with the attachments of
// their public revisions) ready for insertion.
func (s *Store) prepareRecords(ctx context.Context, recs []record.Record, units map[int64]org.Org, doc func(record.Record, org.Org, []attach.Attachment) search.Doc) ([]bulkRow, error) {
	if len(recs) == 0 {
		return nil, nil
	}
	ids := make([]int64, len(recs))
	for i, r := range recs {
		ids[i] = r.ID
	}
	atts, err := s.publicRevisionAttachments(ctx, ids)
	if err != nil {
		return nil, err
	}
	rows := make([]bulkRow, 0, len(recs))
	for _, r := range recs {
		u, ok := units[r.UnitID]
		if !ok {
			if u, err = s.Org(ctx, r.UnitID); err != nil {
				return nil, err
			}
			units[r.UnitID] = u
		}
		row, err := prepareDoc(doc(r, u, atts[r.ID]))
		if err != nil {
			return nil, fmt.Errorf("record %d: %w", r.ID, err)
		}
		row.revision = r.PublicRevision
		rows = append(rows, row)
	}
	return rows, nil
}

// publicRevisionAttachments returns the names and text of the attachments of the public
// revisions of the given records, by record, in order.
func (s *Store) publicRevisionAttachments(ctx context.Context, ids []int64) (map[int64][]attach.Attachment, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT a.record_id, a.name, a.text FROM record_attachments a JOIN records r ON r.id = a.record_id
		WHERE a.record_id IN (`+idList(ids)+`) AND a.revision = r.public_revision ORDER BY a.record_id, a.position, a.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]attach.Attachment{}
	for rows.Next() {
		var a attach.Attachment
		if err := rows.Scan(&a.RecordID, &a.Name, &a.Text); err != nil {
			return nil, err
		}
		out[a.RecordID] = append(out[a.RecordID], a)
	}
	return out, rows.Err()
}

// publishedBatch reads the next n published records in the order of the index (newest
// first), each at its public revision.
func (s *Store) publishedBatch(ctx context.Context, after *record.Record, n int) ([]record.Record, error) {
	where, args := "r.state = 'published'", []any{}
	if after != nil {
		where += " AND (r.published_at < ? OR (r.published_at = ? AND r.id < ?))"
		args = append(args, after.PublishedAt, after.PublishedAt, after.ID)
	}
	return s.publishedWhere(ctx, where, args, n)
}

// publishedWhere reads at most n published records that satisfy where (on records r), newest
// first, each at its public revision.
func (s *Store) publishedWhere(ctx context.Context, where string, args []any, n int) ([]record.Record, error) {
	args = append(args, n)
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT `+recordCols+`, data FROM (SELECT r.*, v.data FROM records r
		JOIN record_revisions v ON v.record_id = r.id AND v.revision = r.public_revision
		WHERE `+where+` ORDER BY r.published_at DESC, r.id DESC LIMIT ?) AS batch ORDER BY published_at DESC, id DESC`), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []record.Record
	for rows.Next() {
		var data string
		row, err := scanRecordRow(scanFunc(func(dest ...any) error { return rows.Scan(append(dest, &data)...) }))
		if err != nil {
			return nil, err
		}
		var r record.Record
		if err := json.Unmarshal([]byte(data), &r); err != nil {
			return nil, fmt.Errorf("record %d revision %d: %w", row.ID, row.PublicRevision, err)
		}
		overlay(&r, row)
		out = append(out, r)
	}
	return out, rows.Err()
}

// scanFunc adapts a function to the scanner interface.
type scanFunc func(dest ...any) error

func (f scanFunc) Scan(dest ...any) error { return f(dest...) }

// bulkRow is one document ready for insertion: cleaned, tokenized, with its ranking key.
type bulkRow struct {
	d                 search.Doc
	rk                int64
	title, body, meta []string
	revision          int
}

// prepareDoc makes a document ready for the index (IndexDoc, and a rebuild outside any
// transaction): checked, cleaned, tokenized, with its ranking key.
func prepareDoc(d search.Doc) (bulkRow, error) {
	if err := checkDoc(d); err != nil {
		return bulkRow{}, err
	}
	d.Published = d.Published.UTC().Truncate(time.Microsecond)
	for _, f := range []*string{&d.Unit, &d.Domain, &d.Stage, &d.Stages, &d.Kind, &d.Subject, &d.Title, &d.Body} {
		*f = cleanText(*f)
	}
	d.Body = truncateRunes(d.Body, maxIndexRunes)
	return bulkRow{d: d, rk: rankKey(d.Published, d.ID), title: search.Tokens(d.Title), body: search.Tokens(d.Body), meta: metaTokens(d)}, nil
}

// indexBatch inserts a batch in one transaction: the records still published at the
// revision read and not indexed meanwhile by their own publication, in ranking-key order.
// A ranking key already taken (two documents of the same second whose IDs agree in the
// low 24 bits) falls back to IndexDoc, which finds the next free one.
func (s *Store) indexBatch(ctx context.Context, bulk bulkIndex, rows []bulkRow) (indexed, skipped int, err error) {
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.d.ID
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		current := map[int64]int{}
		q, err := tx.QueryContext(ctx, `SELECT id, public_revision FROM records WHERE state = 'published' AND id IN (`+idList(ids)+`)`)
		if err != nil {
			return err
		}
		for q.Next() {
			var id int64
			var rev int
			if err := q.Scan(&id, &rev); err != nil {
				q.Close()
				return err
			}
			current[id] = rev
		}
		q.Close()
		present := map[int64]bool{}
		q, err = tx.QueryContext(ctx, `SELECT id FROM search_docs WHERE id IN (`+idList(ids)+`)`)
		if err != nil {
			return err
		}
		for q.Next() {
			var id int64
			if err := q.Scan(&id); err != nil {
				q.Close()
				return err
			}
			present[id] = true
		}
		q.Close()
		keep := rows[:0:0]
		for _, r := range rows {
			if rev, ok := current[r.d.ID]; ok && rev == r.revision && !present[r.d.ID] {
				keep = append(keep, r)
			}
		}
		skipped = len(rows) - len(keep)
		slices.SortFunc(keep, func(a, b bulkRow) int { return cmpInt64(a.rk, b.rk) })
		for i := 1; i < len(keep); i++ { // equal keys within the batch: the next free one
			if keep[i].rk <= keep[i-1].rk {
				keep[i].rk = keep[i-1].rk + 1
			}
		}
		missed, err := bulk.insertMany(ctx, tx, keep)
		if err != nil {
			return err
		}
		indexed = len(keep)
		for _, r := range missed {
			// Either the ranking key was taken, or the record was indexed by its own
			// publication between the check above and the insert (PostgreSQL reads each
			// statement's own snapshot): that version is at least as new, and stays.
			var n int
			if err := tx.QueryRowContext(ctx, s.q("SELECT count(*) FROM search_docs WHERE id = ?"), r.d.ID).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				indexed--
				skipped++
				continue
			}
			if err := s.IndexDoc(ctx, tx, r.d); err != nil {
				return err
			}
		}
		return nil
	})
	return indexed, skipped, err
}

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// bulkIndex is what a rebuild needs of a database's index besides searchIndex.
type bulkIndex interface {
	// clear empties the index inside tx.
	clear(ctx context.Context, tx *sql.Tx) error
	// begin sets the index up for a bulk load; restore puts the settings back.
	begin(ctx context.Context, db *sql.DB) (restore func(context.Context) error, err error)
	// insertMany inserts rows (sorted by ranking key) inside tx and returns those whose
	// ranking key was taken.
	insertMany(ctx context.Context, tx *sql.Tx, rows []bulkRow) (missed []bulkRow, err error)
}

func (ftsIndex) clear(ctx context.Context, tx *sql.Tx) error {
	for _, q := range []string{
		"INSERT INTO search_title(search_title) VALUES ('delete-all')",
		"INSERT INTO search_all(search_all) VALUES ('delete-all')",
		"DELETE FROM search_docs",
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

// begin: nothing to change on SQLite; inserting in rowid order is what makes the load fast.
func (ftsIndex) begin(context.Context, *sql.DB) (func(context.Context) error, error) {
	return func(context.Context) error { return nil }, nil
}

func (ftsIndex) insertMany(ctx context.Context, tx *sql.Tx, rows []bulkRow) ([]bulkRow, error) {
	docs, err := tx.PrepareContext(ctx, `INSERT OR IGNORE INTO search_docs (rk, id, unit, domain, stage, kind, subject, published, title, body)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return nil, err
	}
	defer docs.Close()
	title, err := tx.PrepareContext(ctx, "INSERT INTO search_title (rowid, title, meta) VALUES (?, ?, ?)")
	if err != nil {
		return nil, err
	}
	defer title.Close()
	all, err := tx.PrepareContext(ctx, "INSERT INTO search_all (rowid, title, body, meta) VALUES (?, ?, ?, ?)")
	if err != nil {
		return nil, err
	}
	defer all.Close()
	var missed []bulkRow
	for _, r := range rows {
		d := r.d
		res, err := docs.ExecContext(ctx, r.rk, d.ID, d.Unit, d.Domain, d.Stage, d.Kind, d.Subject, d.Published, d.Title, d.Body)
		if err != nil {
			return nil, err
		}
		if n, err := res.RowsAffected(); err != nil {
			return nil, err
		} else if n == 0 {
			missed = append(missed, r)
			continue
		}
		t, m := strings.Join(r.title, " "), strings.Join(r.meta, " ")
		if _, err := title.ExecContext(ctx, r.rk, t, m); err != nil {
			return nil, err
		}
		if _, err := all.ExecContext(ctx, r.rk, t, strings.Join(r.body, " "), m); err != nil {
			return nil, err
		}
	}
	return missed, nil
}

func (tsIndex) clear(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, "DELETE FROM search_docs")
	return err
}

// begin drops the GIN indexes for the load and restore builds them again: building a GIN
// index from a full table is many times faster than updating it row by row (in place, as
// the live site keeps it so that searches never scan a pending list, or through the pending
// list). Search goes on meanwhile, reading the table without the indexes. restore builds
// them (with more memory than the default for the sort), whatever happened to the load.
func (tsIndex) begin(ctx context.Context, db *sql.DB) (func(context.Context) error, error) {
	if _, err := db.ExecContext(ctx, "DROP INDEX IF EXISTS search_docs_title_tsv, search_docs_tsv"); err != nil {
		return nil, err
	}
	return func(ctx context.Context) error {
		conn, err := db.Conn(ctx)
		if err != nil {
			return err
		}
		defer conn.Close()
		for _, q := range []string{
			"SET maintenance_work_mem = '256MB'",
			"CREATE INDEX IF NOT EXISTS search_docs_title_tsv ON search_docs USING GIN (title_tsv) WITH (fastupdate = off)",
			"CREATE INDEX IF NOT EXISTS search_docs_tsv ON search_docs USING GIN (tsv) WITH (fastupdate = off)",
			"RESET maintenance_work_mem",
			"ANALYZE search_docs",
		} {
			if _, err := conn.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		return nil
	}, nil
}

// pgBulkRows is the number of rows per INSERT statement (12 parameters each, far below
// PostgreSQL's limit of 65,535).
const pgBulkRows = 200

func (tsIndex) insertMany(ctx context.Context, tx *sql.Tx, rows []bulkRow) ([]bulkRow, error) {
	var missed []bulkRow
	for lo := 0; lo < len(rows); lo += pgBulkRows {
		part := rows[lo:min(lo+pgBulkRows, len(rows))]
		var b strings.Builder
		b.WriteString(`INSERT INTO search_docs (id, rk, unit, domain, stage, kind, subject, published, title, body, title_tsv, tsv) VALUES `)
		args := make([]any, 0, 12*len(part))
		for i, r := range part {
			if i > 0 {
				b.WriteString(", ")
			}
			n := len(args)
			fmt.Fprintf(&b, "($%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d::tsvector, $%d::tsvector)",
				n+1, n+2, n+3, n+4, n+5, n+6, n+7, n+8, n+9, n+10, n+11, n+12)
			d := r.d
			args = append(args, d.ID, r.rk, d.Unit, d.Domain, d.Stage, d.Kind, d.Subject, d.Published, d.Title, d.Body,
				tsvector(r.title, nil, r.meta), tsvector(r.title, r.body, r.meta))
		}
		b.WriteString(" ON CONFLICT DO NOTHING RETURNING id")
		q, err := tx.QueryContext(ctx, b.String(), args...)
		if err != nil {
			return nil, err
		}
		got := map[int64]bool{}
		for q.Next() {
			var id int64
			if err := q.Scan(&id); err != nil {
				q.Close()
				return nil, err
			}
			got[id] = true
		}
		if err := q.Close(); err != nil {
			return nil, err
		}
		for _, r := range part {
			if !got[r.d.ID] {
				missed = append(missed, r)
			}
		}
	}
	return missed, nil
}
