package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"gongkai/internal/audit"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/participation"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestQuestions: tracking numbers count per unit and day, the per-client limit holds across
// a transaction, a status token finds its question, and a step decided on a stale state
// changes nothing.
func TestQuestions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		_, _, unit, _ := tree(t, s)
		day := time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC)
		s.Now = func() time.Time { return day }
		lim := participation.Limits{PerHour: 2}
		add := func(client, token string) (participation.Question, error) {
			return s.AddQuestion(ctx, participation.Question{UnitID: unit.ID, Title: "标题", Text: "内容", Name: "某某", Contact: "13812345678",
				Client: client, Due: calendar.MustDate(2026, 12, 14)}, unit.Code, token, lim)
		}
		a, err := add("c1", "t1")
		if err != nil {
			t.Fatal(err)
		}
		b, err := add("c1", "t2")
		if err != nil {
			t.Fatal(err)
		}
		if a.TrackingNo != unit.Code+"-20261207-0001" || b.TrackingNo != unit.Code+"-20261207-0002" {
			t.Fatalf("tracking numbers %s %s", a.TrackingNo, b.TrackingNo)
		}
		if _, err := add("c1", "t3"); !errors.Is(err, participation.ErrTooOften) {
			t.Fatalf("third in the hour: %v", err)
		}
		if _, err := add("c2", "t3"); err != nil {
			t.Fatalf("another client: %v", err)
		}
		got, err := s.QuestionByToken(ctx, "t2")
		if err != nil || got.ID != b.ID || got.Due != calendar.MustDate(2026, 12, 14) || got.State != participation.QuestionReceived {
			t.Fatalf("by token: %+v %v", got, err)
		}
		if _, err := s.QuestionByToken(ctx, "nope"); !errs.Is(err, errs.NotFound) {
			t.Fatalf("unknown token: %v", err)
		}
		n := got
		n.State, n.AssignedTo = participation.QuestionAssigned, 7
		if err := s.UpdateQuestion(ctx, audit.System("test"), n, participation.QuestionAwaiting, "assigned", "", false); !errs.Is(err, errs.Conflict) {
			t.Fatalf("stale state: %v", err)
		}
		if err := s.UpdateQuestion(ctx, audit.System("test"), n, participation.QuestionReceived, "assigned", "", false); err != nil {
			t.Fatal(err)
		}
		evs, err := s.QuestionEvents(ctx, b.ID)
		if err != nil || len(evs) != 2 || evs[1].Kind != "assigned" {
			t.Fatalf("events: %+v %v", evs, err)
		}
		qs, err := s.Questions(ctx, 0, unit.Path, participation.QuestionAssigned, false, 0)
		if err != nil || len(qs) != 1 || qs[0].ID != b.ID {
			t.Fatalf("list: %+v %v", qs, err)
		}
	})
}
