package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestPlannerStatsReachReadPool (issue 15): the statistics that RefreshPlannerStats gathers
// reach the connections of the read pool that were open before, so that the record page's
// interpretations query uses the index on policy_id there instead of walking every published
// record in date order (32 ms a page at 20,000 records). On PostgreSQL, which keeps its own
// statistics, RefreshPlannerStats does nothing and succeeds.
func TestPlannerStatsReachReadPool(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if s.Kind() != "sqlite" {
			if err := s.RefreshPlannerStats(ctx); err != nil {
				t.Fatal(err)
			}
			return
		}
		w := s.RawForTest()
		if _, err := w.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
			t.Fatal(err)
		}
		tx, err := w.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		ins, err := tx.PrepareContext(ctx, `INSERT INTO records (id, unit_id, domain_code, entry_id, entry_key, kind, policy_id, openness, state, title,
			public_revision, pending_revision, published_at, created_at, updated_at) VALUES (?, 1, 'shjz', 1, 'k', 'other', ?, 'proactive', 'published', 't', 1, 0, ?, ?, ?)`)
		if err != nil {
			t.Fatal(err)
		}
		day := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		for id := 1; id <= 5000; id++ {
			policy := 0
			if id%1000 == 0 {
				policy = id - 1
			}
			at := day.Add(time.Duration(id) * time.Minute)
			if _, err := ins.ExecContext(ctx, id, policy, at, at, at); err != nil {
				t.Fatal(err)
			}
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		if _, err := w.ExecContext(ctx, "PRAGMA foreign_keys = ON"); err != nil {
			t.Fatal(err)
		}
		plan := func() string {
			rows, err := s.ReadPoolForTest().QueryContext(ctx, "EXPLAIN QUERY PLAN SELECT id FROM records WHERE policy_id = ? AND state = 'published' ORDER BY published_at", 999)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var out []string
			for rows.Next() {
				var id, parent, unused int
				var detail string
				if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
					t.Fatal(err)
				}
				out = append(out, detail)
			}
			return strings.Join(out, "; ")
		}
		before := plan() // a read connection opens, without statistics, and stays in the pool
		if err := s.RefreshPlannerStats(ctx); err != nil {
			t.Fatal(err)
		}
		after := plan()
		if !strings.Contains(after, "records_policy") {
			t.Errorf("after RefreshPlannerStats the read pool plans %q (before: %q), want the index records_policy", after, before)
		}
	})
}
