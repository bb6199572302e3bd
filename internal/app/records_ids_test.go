package app_test

import (
	"context"
	"testing"

	"gongkai/internal/app"
	"gongkai/internal/record"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestRecordIDsNeverReused: a discarded draft's ID is not given to the next record, so that
// the audit history of an ID is the history of one record, on both databases.
func TestRecordIDsNeverReused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		ctx := context.Background()
		first, err := w.create(w.unit, app.RecordInput{Kind: record.KindOther, Title: "将删除的草稿", BodyHTML: "<p>x</p>"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.a.Act(ctx, w.who("editor@610112"), first.ID, record.Action{Kind: record.ActionDiscard}); err != nil {
			t.Fatal(err)
		}
		next, err := w.create(w.unit, app.RecordInput{Kind: record.KindOther, Title: "新的草稿", BodyHTML: "<p>y</p>"})
		if err != nil {
			t.Fatal(err)
		}
		if next.ID <= first.ID {
			t.Fatalf("the discarded record's ID %d was given again (%d)", first.ID, next.ID)
		}
		log, err := s.RecordLog(ctx, next.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(log) != 1 || log[0].Action != "record.create" {
			t.Fatalf("history of record %d: %+v", next.ID, log)
		}
	})
}
