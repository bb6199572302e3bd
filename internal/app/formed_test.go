package app_test

import (
	"context"
	"testing"

	"gongkai/internal/app"
	"gongkai/internal/errs"
	"gongkai/internal/record"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestFormedOnRequired: under an entry whose time limit counts from formation or change, a
// record needs its 形成日期 (no default to the day of keying in), not in the future; a record
// formed months ago is overdue at once, counted from that day.
func TestFormedOnRequired(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		ctx := context.Background()
		ed := w.who("editor@610112")
		in := app.RecordInput{Kind: record.KindOther, Title: "未填形成日期", BodyHTML: "<p>正文</p>"}
		_, err := w.a.CreateRecord(ctx, ed, w.unit, "shjz", w.entry.ID, in)
		if !errs.Is(err, errs.Invalid) || fieldError(err, record.FieldFormedOn) == "" {
			t.Fatalf("no 形成日期: %v", err)
		}
		in.FormedOn = w.a.Today().AddDays(1).String()
		if _, err := w.a.CreateRecord(ctx, ed, w.unit, "shjz", w.entry.ID, in); fieldError(err, record.FieldFormedOn) == "" {
			t.Fatalf("形成日期 tomorrow: %v", err)
		}
		formed := w.a.Today().AddDays(-90)
		in.FormedOn = formed.String()
		r, err := w.a.CreateRecord(ctx, ed, w.unit, "shjz", w.entry.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		if r.FormedOn != formed {
			t.Fatalf("formed on %s", r.FormedOn)
		}
		due, err := w.a.DueWithin(ctx, ed, w.unit, 0)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, d := range due {
			if d.RecordID == r.ID {
				found = d.Due.Before(w.a.Today().AddDays(-50))
			}
		}
		if !found {
			t.Fatalf("a record formed 90 days ago under a 20-working-day rule is not overdue: %+v", due)
		}
	})
}
