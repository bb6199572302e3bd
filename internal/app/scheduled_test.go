package app_test

import (
	"context"
	"testing"
	"time"

	"gongkai/internal/record"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestPublishDue: a record approved for a later time stays scheduled and private until its
// time, is then published once by the scheduler, and a second run publishes nothing.
func TestPublishDue(t *testing.T) { storetest.Each(t, testPublishDue) }

func testPublishDue(t *testing.T, s *store.Store) {
	ctx := context.Background()
	w := newWorld(t, s)
	id := w.recordIn(record.StateScheduled) // approved for an hour from now
	if n, err := w.a.PublishDue(ctx); err != nil || n != 0 {
		t.Fatalf("before its time: %d published, %v", n, err)
	}
	if st := w.state(id); st != record.StateScheduled {
		t.Fatalf("before its time: %s", st)
	}
	if _, _, err := w.a.PublicRecord(ctx, id); err == nil {
		t.Fatal("a scheduled record is public before its time")
	}
	later := time.Now().Add(2 * time.Hour)
	w.a.Clock = func() time.Time { return later }
	if n, err := w.a.PublishDue(ctx); err != nil || n != 1 {
		t.Fatalf("at its time: %d published, %v", n, err)
	}
	if st := w.state(id); st != record.StatePublished {
		t.Fatalf("at its time: %s", st)
	}
	if r, _, err := w.a.PublicRecord(ctx, id); err != nil || r.ID != id {
		t.Fatalf("published record: %v", err)
	}
	if n, err := w.a.PublishDue(ctx); err != nil || n != 0 {
		t.Fatalf("second run: %d published, %v", n, err)
	}
}
