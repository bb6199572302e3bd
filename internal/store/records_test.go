package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"gongkai/internal/catalog"
	"gongkai/internal/errs"
	"gongkai/internal/record"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// eachUnmigrated is storetest.Each on databases that are not migrated yet.
func eachUnmigrated(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	t.Helper()
	open := func(t *testing.T, dsn string) *store.Store {
		s, err := store.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	t.Run("sqlite", func(t *testing.T) { fn(t, open(t, storetest.SQLiteDSN(t))) })
	t.Run("postgres", func(t *testing.T) { fn(t, open(t, storetest.PostgresDSN(t))) })
}

// TestMigrationRecordsOpennessAndIDs puts records into the schema as it was before migration
// 12 — a public 主动公开 one, a public 依申请公开 one, each with a revision and an attachment,
// and a draft discarded after its creation was audited — and migrates. Nothing is lost (on
// SQLite the records table is rebuilt: no revision or attachment may go with the old table),
// the openness of each record is carried over, foreign keys are enforced again, and the next
// record's ID is past every ID the audit log names.
func TestMigrationRecordsOpennessAndIDs(t *testing.T) {
	eachUnmigrated(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if _, err := s.MigrateUpToForTest(ctx, 11); err != nil {
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
			if s.Kind() != "postgres" {
				return query
			}
			for i := 1; strings.Contains(query, "?"); i++ {
				query = strings.Replace(query, "?", fmt.Sprintf("$%d", i), 1)
			}
			return query
		}
		exec := func(query string, args ...any) {
			t.Helper()
			if _, err := db.ExecContext(ctx, q(query), args...); err != nil {
				t.Fatalf("%s: %v", query, err)
			}
		}
		now := time.Date(2026, 11, 2, 3, 4, 5, 0, time.UTC)
		hashOf := func(title string) string { return fmt.Sprintf("%064x", len(title)) }
		insert := func(title string, open record.Openness, state record.State, public int) int64 {
			t.Helper()
			var id int64
			if err := db.QueryRowContext(ctx, q(`INSERT INTO records (unit_id, domain_code, entry_id, entry_key, kind, state, title, public_revision, created_at, updated_at)
				VALUES (?, 'shjz', ?, ?, 'other', ?, ?, ?, ?, ?) RETURNING id`), unit.ID, es[0].ID, es[0].Key, string(state), title, public, now, now).Scan(&id); err != nil {
				t.Fatal(err)
			}
			data, _ := json.Marshal(record.Record{ID: id, Kind: record.KindOther, Title: title, Openness: open, State: state, Revision: 1, PublicRevision: public})
			exec(`INSERT INTO record_revisions (record_id, revision, state, title, data, updated_at) VALUES (?, 1, ?, ?, ?, ?)`, id, string(state), title, string(data), now)
			exec(`INSERT INTO record_attachments (record_id, revision, position, name, media_type, size, hash, created_at) VALUES (?, 1, 1, '名单.xlsx', 'application/octet-stream', 1, ?, ?)`,
				id, hashOf(title), now)
			return id
		}
		proactive := insert("主动公开的信息", record.OpenProactive, record.StatePublished, 1)
		onRequest := insert("依申请公开的信息乙", record.OpenOnRequest, record.StatePublished, 1)
		discarded := insert("已删除的草稿甲乙丙", record.OpenProactive, record.StateDraft, 0)
		exec(`INSERT INTO audit_log (id, at, action, object_type, object_id, prev_hash, hash)
			SELECT COALESCE(MAX(id), 0) + 1, ?, 'record.create', 'record', ?, '', '' FROM audit_log`, now, fmt.Sprint(discarded))
		exec(`DELETE FROM records WHERE id = ?`, discarded)

		if n, err := s.Migrate(ctx); err != nil || n == 0 {
			t.Fatalf("migrate: %d %v", n, err)
		}

		count := func(query string) int {
			var n int
			if err := db.QueryRowContext(ctx, query).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		if n, m := count("SELECT count(*) FROM record_revisions"), count("SELECT count(*) FROM record_attachments"); n != 2 || m != 2 {
			t.Fatalf("after the migration: %d revisions, %d attachments", n, m)
		}
		if row, err := s.RecordRowByID(ctx, proactive); err != nil || row.Title != "主动公开的信息" || row.State != record.StatePublished || !row.CreatedAt.Equal(now) {
			t.Fatalf("record %d: %+v %v", proactive, row, err)
		}
		if _, err := s.PublicAttachment(ctx, proactive, hashOf("主动公开的信息")); err != nil {
			t.Fatalf("the 主动公开 record's attachment: %v", err)
		}
		if _, err := s.PublicAttachment(ctx, onRequest, hashOf("依申请公开的信息乙")); !errs.Is(err, errs.NotFound) {
			t.Fatalf("the 依申请公开 record's attachment: %v", err)
		}
		if s.Kind() == "sqlite" {
			if n := count("PRAGMA foreign_keys"); n != 1 {
				t.Fatalf("foreign keys left off: %d", n)
			}
			// The six indexes the rebuild recreates (later migrations may add more).
			if n := count(`SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'records' AND sql IS NOT NULL
				AND name IN ('records_unit', 'records_entry', 'records_policy', 'records_scheduled', 'records_index_no', 'records_published')`); n != 6 {
				t.Fatalf("%d indexes on records", n)
			}
		}
		if _, err := db.ExecContext(ctx, q(`INSERT INTO record_revisions (record_id, revision, state, title, data, updated_at) VALUES (999999, 1, 'draft', 'x', '{}', ?)`), now); err == nil {
			t.Fatal("a revision of no record was accepted")
		}
		r, err := s.CreateRecord(ctx, sys, record.Record{UnitID: unit.ID, Domain: "shjz", EntryID: es[0].ID, EntryKey: es[0].Key, Kind: record.KindOther,
			Title: "迁移后的新信息", Openness: record.OpenProactive, State: record.StateDraft, Revision: 1}, unit.ID, store.RecordChange{})
		if err != nil {
			t.Fatal(err)
		}
		if r.ID <= discarded {
			t.Fatalf("new record %d takes an ID the audit log already names (%d)", r.ID, discarded)
		}
	})
}
