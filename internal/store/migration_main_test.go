package store_test

import (
	"compress/gzip"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/catalog"
	"gongkai/internal/record"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// recordSnapshot is what a database holds of its records, compared before and after the
// migrations of issue 14.
type recordSnapshot struct {
	rows        map[int64]string // id → unit, entry, kind, state, title, revisions, index number, publication
	revisions   map[string]string
	attachments int
	validity    map[int64]string // from each record's public (or only) revision
	ends        map[int64]calendar.Date
	units       map[int64]int64
}

func snapshot(t *testing.T, s *store.Store) recordSnapshot {
	t.Helper()
	ctx := context.Background()
	db := s.RawForTest()
	snap := recordSnapshot{rows: map[int64]string{}, revisions: map[string]string{}, validity: map[int64]string{}, units: map[int64]int64{}, ends: map[int64]calendar.Date{}}
	rows, err := db.QueryContext(ctx, `SELECT id, unit_id, entry_id, kind, state, title, public_revision, pending_revision, COALESCE(index_no, ''), published_at FROM records`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id, unit, entry int64
		var kind, state, title, no string
		var pub, pend int
		var at sql.NullTime
		if err := rows.Scan(&id, &unit, &entry, &kind, &state, &title, &pub, &pend, &no, &at); err != nil {
			t.Fatal(err)
		}
		snap.rows[id] = fmt.Sprint(unit, entry, kind, state, title, pub, pend, no, at.Time.UTC().Format(time.RFC3339Nano))
		snap.units[id] = unit
	}
	rows.Close()
	revs, err := db.QueryContext(ctx, `SELECT v.record_id, v.revision, v.state, v.title, v.data, r.public_revision FROM record_revisions v JOIN records r ON r.id = v.record_id`)
	if err != nil {
		t.Fatal(err)
	}
	for revs.Next() {
		var id int64
		var rev, pub int
		var state, title, data string
		if err := revs.Scan(&id, &rev, &state, &title, &data, &pub); err != nil {
			t.Fatal(err)
		}
		snap.revisions[fmt.Sprint(id, "/", rev)] = state + "|" + title + "|" + data
		if rev == max(pub, 1) {
			var r record.Record
			if err := json.Unmarshal([]byte(data), &r); err != nil {
				t.Fatal(err)
			}
			snap.validity[id] = string(r.Validity)
			if r.Validity == record.ValidityRepealed || r.Validity == record.ValidityExpired {
				snap.ends[id] = r.RepealedOn
			}
		}
	}
	revs.Close()
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM record_attachments").Scan(&snap.attachments); err != nil {
		t.Fatal(err)
	}
	return snap
}

// TestMigrationFromMain migrates a database made by the current main (schema 12) with the
// migrations of issue 14 and checks that nothing is lost: every record row, revision and
// attachment is still there unchanged, each record is issued by its unit, its 有效性 columns
// come from its revision, and the store reads every revision. On SQLite the database is the
// demo dataset written by main's code (testdata/main-0012-demo.db.gz); on PostgreSQL it is
// made by main's migrations up to 12 and records inserted in that schema.
func TestMigrationFromMain(t *testing.T) {
	check := func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if v, err := s.SchemaVersion(ctx); err != nil || v != 12 {
			t.Fatalf("fixture schema %d %v", v, err)
		}
		before := snapshot(t, s)
		if len(before.rows) < 3 || len(before.revisions) < 3 {
			t.Fatalf("fixture too small: %d records", len(before.rows))
		}
		if _, err := s.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		after := snapshot(t, s)
		if len(after.rows) != len(before.rows) || len(after.revisions) != len(before.revisions) || after.attachments != before.attachments {
			t.Fatalf("lost: %d/%d records, %d/%d revisions, %d/%d attachments", len(after.rows), len(before.rows),
				len(after.revisions), len(before.revisions), after.attachments, before.attachments)
		}
		for id, r := range before.rows {
			if after.rows[id] != r {
				t.Errorf("record %d: %s → %s", id, r, after.rows[id])
			}
		}
		for k, v := range before.revisions {
			if after.revisions[k] != v {
				t.Errorf("revision %s changed", k)
			}
		}
		for id := range before.rows {
			row, err := s.RecordRowByID(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if row.IssuerOrgID != before.units[id] {
				t.Errorf("record %d: issuer %d, unit %d", id, row.IssuerOrgID, before.units[id])
			}
			if row.EndsOn != before.ends[id] {
				t.Errorf("record %d: ends on %s, revision says %s", id, row.EndsOn, before.ends[id])
			}
			if string(row.Validity) != before.validity[id] {
				t.Errorf("record %d: validity %q, revision says %q", id, row.Validity, before.validity[id])
			}
			rev, err := s.Revision(ctx, id, row.Current())
			if err != nil || rev.Title == "" {
				t.Errorf("record %d: revision %v", id, err)
			}
		}
	}
	t.Run("sqlite", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "main.db")
		gunzip(t, filepath.Join("testdata", "main-0012-demo.db.gz"), path)
		s, err := store.Open(context.Background(), "sqlite:"+path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		check(t, s)
	})
	t.Run("postgres", func(t *testing.T) {
		s, err := store.Open(context.Background(), storetest.PostgresDSN(t))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		mainFixture(t, s)
		check(t, s)
	})
}

func gunzip(t *testing.T, from, to string) {
	t.Helper()
	f, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	out, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, z); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

// mainFixture brings a new database to schema 12 and writes, in that schema, the records main
// makes: a published policy with its interpretation, a repealed document, a draft and a
// published record with an attachment and a pending amendment.
func mainFixture(t *testing.T, s *store.Store) {
	t.Helper()
	ctx := context.Background()
	if _, err := s.MigrateUpToForTest(ctx, 12); err != nil {
		t.Fatal(err)
	}
	unit := oldTree(t, s)
	v, err := s.NewDraft(ctx, sys, unit.ID, "shjz", false, catalog.SampleEntries("shjz"), "测试目录", "new", 0)
	if err != nil {
		t.Fatal(err)
	}
	es, err := s.Entries(ctx, v.ID)
	if err != nil {
		t.Fatal(err)
	}
	db := s.RawForTest()
	q := func(query string) string {
		for i := 1; strings.Contains(query, "?"); i++ {
			query = strings.Replace(query, "?", fmt.Sprintf("$%d", i), 1)
		}
		return query
	}
	now := time.Date(2026, 11, 2, 3, 4, 5, 0, time.UTC)
	insert := func(r record.Record, state record.State, public, pending int, indexNo string) int64 {
		t.Helper()
		var id int64
		var pub any
		if public != 0 {
			pub = now
		}
		var no any
		if indexNo != "" {
			no = indexNo
		}
		if err := db.QueryRowContext(ctx, q(`INSERT INTO records (unit_id, domain_code, entry_id, entry_key, kind, policy_id, openness, state, title,
			public_revision, pending_revision, index_no, published_at, created_at, updated_at)
			VALUES (?, 'shjz', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`), unit.ID, es[0].ID, es[0].Key, string(r.Kind), r.PolicyID,
			string(r.Openness), string(state), r.Title, public, pending, no, pub, now, now).Scan(&id); err != nil {
			t.Fatal(err)
		}
		revs := max(public, 1)
		if pending != 0 {
			revs = pending
		}
		for rev := 1; rev <= revs; rev++ {
			r.ID, r.Revision, r.PublicRevision, r.State = id, rev, public, state
			if rev == pending {
				r.State = record.StateDraft
			}
			data, _ := json.Marshal(r)
			if _, err := db.ExecContext(ctx, q(`INSERT INTO record_revisions (record_id, revision, state, title, data, updated_at) VALUES (?, ?, ?, ?, ?, ?)`),
				id, rev, string(r.State), r.Title, string(data), now); err != nil {
				t.Fatal(err)
			}
		}
		return id
	}
	day := calendar.MustParseDate("2026-10-01")
	policy := insert(record.Record{Kind: record.KindPolicy, Title: "实施细则", Openness: record.OpenProactive, Validity: record.ValidityEffective, WrittenOn: day}, record.StatePublished, 1, 0, "X/2026-00001")
	insert(record.Record{Kind: record.KindInterpretation, Title: "实施细则解读", Openness: record.OpenProactive, PolicyID: policy}, record.StatePublished, 1, 0, "X/2026-00002")
	insert(record.Record{Kind: record.KindPolicy, Title: "旧办法", Openness: record.OpenProactive, Validity: record.ValidityRepealed, RepealedOn: day}, record.StatePublished, 1, 0, "X/2026-00003")
	insert(record.Record{Kind: record.KindOther, Title: "草稿", Openness: record.OpenProactive}, record.StateDraft, 0, 0, "")
	amended := insert(record.Record{Kind: record.KindOther, Title: "有修订稿的信息", Openness: record.OpenProactive}, record.StatePublished, 1, 2, "X/2026-00004")
	if _, err := db.ExecContext(ctx, q(`INSERT INTO record_attachments (record_id, revision, position, name, media_type, size, hash, created_at) VALUES (?, 1, 1, '名单.xlsx', 'application/octet-stream', 1, ?, ?)`),
		amended, strings.Repeat("ab", 32), now); err != nil {
		t.Fatal(err)
	}
}
