package app_test

import (
	"context"
	"testing"

	"gongkai/internal/app"
	"gongkai/internal/record"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

func todoHas(pg app.TodoPage, pick func(app.TodoSection) []record.Item, id int64) bool {
	for _, s := range pg.Sections {
		for _, it := range pick(s) {
			if it.ID == id {
				return true
			}
		}
	}
	return false
}

// TestTodo: a record in review waits on the reviewer's list and nobody else's review list;
// once passed it waits for the approver; returned, it waits for its author among the
// returned drafts; the records list counts per state agree.
func TestTodo(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		ctx := context.Background()
		review := func(x app.TodoSection) []record.Item { return x.Review }
		approve := func(x app.TodoSection) []record.Item { return x.Approve }
		returned := func(x app.TodoSection) []record.Item { return x.Returned }
		todo := func(login string) app.TodoPage {
			t.Helper()
			pg, err := w.a.Todo(ctx, w.who(login))
			if err != nil {
				t.Fatal(err)
			}
			return pg
		}
		before, err := w.a.RecordCounts(ctx, w.who("reviewer@610112"), w.unit)
		if err != nil {
			t.Fatal(err)
		}
		id := w.recordIn(record.StateInReview)
		if pg := todo("reviewer@610112"); !todoHas(pg, review, id) || pg.Total == 0 {
			t.Fatalf("reviewer's to-do lacks record %d: %+v", id, pg)
		}
		for _, l := range []string{"editor@610112", "approver@610112"} {
			if todoHas(todo(l), review, id) {
				t.Errorf("%s sees record %d to review", l, id)
			}
		}
		after, err := w.a.RecordCounts(ctx, w.who("reviewer@610112"), w.unit)
		if err != nil {
			t.Fatal(err)
		}
		if after[record.StateInReview] != before[record.StateInReview]+1 {
			t.Errorf("in review: %d then %d", before[record.StateInReview], after[record.StateInReview])
		}
		if _, err := w.a.Act(ctx, w.who("reviewer@610112"), id, record.Action{Kind: record.ActionReviewPass}); err != nil {
			t.Fatal(err)
		}
		if pg := todo("approver@610112"); !todoHas(pg, approve, id) {
			t.Errorf("approver's to-do lacks record %d", id)
		}
		if todoHas(todo("reviewer@610112"), review, id) {
			t.Errorf("a reviewed record stays on the reviewer's list")
		}
		if _, err := w.a.Act(ctx, w.who("approver@610112"), id, record.Action{Kind: record.ActionApproveReturn, Opinion: "请补充依据"}); err != nil {
			t.Fatal(err)
		}
		if !todoHas(todo("editor@610112"), returned, id) {
			t.Errorf("the author's to-do lacks the returned draft %d", id)
		}
		if todoHas(todo("admin@610112"), returned, id) {
			t.Errorf("someone else's returned draft is on the administrator's list")
		}
		if _, err := w.a.Act(ctx, w.who("editor@610112"), id, record.Action{Kind: record.ActionSubmit}); err != nil {
			t.Fatal(err)
		}
		if todoHas(todo("editor@610112"), returned, id) {
			t.Errorf("a resubmitted draft stays among the returned ones")
		}
		if _, err := w.a.Todo(ctx, nil); err == nil {
			t.Error("Todo without a principal succeeded")
		}
	})
}
