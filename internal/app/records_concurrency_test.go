package app_test

import (
	"context"
	"sync"
	"testing"

	"gongkai/internal/errs"
	"gongkai/internal/record"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestConcurrentRevisions: twenty staff press 修订 on the same published record at once.
// Exactly one amendment is made; everyone else is told it already exists (Conflict, 409),
// never an internal error, on both databases.
func TestConcurrentRevisions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		ctx := context.Background()
		id := w.recordIn(record.StatePublished)
		editor := w.who("editor@610112")
		var wg sync.WaitGroup
		errors := make([]error, 20)
		for i := range errors {
			wg.Go(func() {
				_, errors[i] = w.a.Act(ctx, editor, id, record.Action{Kind: record.ActionRevise})
			})
		}
		wg.Wait()
		ok := 0
		for _, err := range errors {
			switch {
			case err == nil:
				ok++
			case !errs.Is(err, errs.Conflict):
				t.Errorf("%s: %v", errs.Code(err), err)
			}
		}
		if ok != 1 {
			t.Fatalf("%d amendments made", ok)
		}
		row, _ := s.RecordRowByID(ctx, id)
		revs, _ := s.Revisions(ctx, id)
		if row.PendingRevision != 2 || len(revs) != 2 {
			t.Fatalf("pending %d, %d revisions", row.PendingRevision, len(revs))
		}
	})
}
