package app_test

import (
	"context"
	"io"
	"log/slog"
	"slices"
	"testing"

	"gongkai/internal/app"
	"gongkai/internal/campaign"
	"gongkai/internal/config"
	"gongkai/internal/demo"
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

// TestTodoCampaign: on the demo, a pilot unit's administrator finds the campaign obligations
// it owes that are due, missing or returned — its own only —, and the province office's
// supervisor the submissions waiting for its receipt.
func TestTodoCampaign(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		cfg := config.Default()
		cfg.DataDir = t.TempDir()
		a := app.New(s, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
		if _, _, err := demo.Fill(ctx, a); err != nil {
			t.Fatal(err)
		}
		todo := func(login string) app.TodoPage {
			t.Helper()
			p, err := a.PersonByLogin(ctx, login)
			if err != nil {
				t.Fatal(err)
			}
			pg, err := a.Todo(ctx, &app.Principal{Person: p})
			if err != nil {
				t.Fatal(err)
			}
			return pg
		}
		u, err := s.OrgByCode(ctx, "610111")
		if err != nil {
			t.Fatal(err)
		}
		var owed int
		states := map[campaign.State]bool{}
		for _, sec := range todo("admin@610111").Sections {
			for _, ob := range sec.Owed {
				owed++
				states[ob.State] = true
				if ob.OrgID != u.ID {
					t.Errorf("610111 is shown an obligation of %s", ob.OrgCode)
				}
				if ob.State != campaign.StateDue && ob.State != campaign.StateMissing && ob.State != campaign.StateReturned {
					t.Errorf("obligation %d in state %s on the to-do list", ob.ID, ob.State)
				}
			}
		}
		if owed == 0 || !states[campaign.StateMissing] {
			t.Fatalf("610111 owes %d obligations on its to-do list, states %v; the demo has due and missing ones", owed, states)
		}
		prov, err := s.OrgByCode(ctx, "610000")
		if err != nil {
			t.Fatal(err)
		}
		var receipts int
		for _, sec := range todo("supervisor@610000").Sections {
			for _, ob := range sec.ToReceipt {
				receipts++
				if ob.Status != campaign.StatusPending || !slices.Contains(ob.Recipients, prov.ID) {
					t.Errorf("obligation %d (%s, recipients %v) waiting for the province's receipt", ob.ID, ob.Status, ob.Recipients)
				}
			}
		}
		if receipts == 0 {
			t.Fatal("the province office has no submission to receipt; the demo has pending ones")
		}
	})
}
