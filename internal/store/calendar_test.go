package store_test

import (
	"context"
	"strings"
	"testing"

	"gongkai/internal/audit"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// A 2027 notice as an administrator would import it (dates are illustrative, shaped like
// the real notices: a longer 元旦 block).
const year2027 = `{"year": 2027, "papers": ["https://www.gov.cn/example/2027"], "days": [
 {"name": "元旦", "date": "2027-01-01", "isOffDay": true},
 {"name": "元旦", "date": "2027-01-02", "isOffDay": true},
 {"name": "元旦", "date": "2027-01-03", "isOffDay": true},
 {"name": "元旦", "date": "2027-01-04", "isOffDay": true},
 {"name": "元旦", "date": "2027-01-05", "isOffDay": true}
]}`

func TestCalendarImportRecomputes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		src, err := s.CalendarSource(ctx)
		if err != nil {
			t.Fatal(err)
		}
		cal, err := src.Build()
		if err != nil {
			t.Fatal(err)
		}
		// Two stored deadlines: one across the new year (moves), one in 2026 (stays).
		from := calendar.MustParseDate("2026-12-20")
		d1 := cal.AddWorkingDays(from, 20)
		if !d1.Provisional {
			t.Fatal("a 2027 due date should be provisional before the 2027 notice")
		}
		from2 := calendar.MustParseDate("2026-09-30")
		d2 := cal.AddWorkingDays(from2, 20)
		for i, d := range []calendar.Due{d1, d2} {
			if err := s.SaveDeadline(ctx, store.Deadline{SubjectType: "test", SubjectID: string(rune('a' + i)), From: d.From, N: d.N, Unit: d.Unit, Due: d.Date, Provisional: d.Provisional}); err != nil {
				t.Fatal(err)
			}
		}
		v0, _ := s.CalendarVersion(ctx)

		// Bad files change nothing.
		for _, bad := range []string{
			`{"year": 2027, "days": [`,
			`{"year": 2027, "days": [{"name": "元旦", "date": "2027-02-30", "isOffDay": true}]}`,
			`{"year": 2027, "days": [{"name": "元旦", "date": "2028-01-01", "isOffDay": true}]}`,
			`{"year": 2027, "days": [{"name": "元旦", "date": "2027-01-01", "isOffDay": true}, {"name": "元旦", "date": "2027-01-01", "isOffDay": false}]}`,
			`{"year": 2029, "days": []}`, // leaves a gap: 2027 and 2028 missing
		} {
			_, _, err := s.ImportCalendarYear(ctx, sys, "bad.json", []byte(bad))
			if !errs.Is(err, errs.Invalid) {
				t.Errorf("bad file accepted or wrong error: %v\n%s", err, bad)
			}
		}
		if v, _ := s.CalendarVersion(ctx); v != v0 {
			t.Fatal("a refused import changed the calendar version")
		}
		if ys, _ := s.CalendarYears(ctx); len(ys) != 0 {
			t.Fatalf("a refused import stored a year: %v", ys)
		}

		y, ch, err := s.ImportCalendarYear(ctx, sys, "2027.json", []byte(year2027))
		if err != nil {
			t.Fatal(err)
		}
		if y.Year != 2027 || ch.Recomputed != 1 {
			t.Fatalf("import: year %d, recomputed %d", y.Year, ch.Recomputed)
		}
		got, err := s.DeadlineOf(ctx, "test", "a")
		if err != nil {
			t.Fatal(err)
		}
		src, _ = s.CalendarSource(ctx)
		cal2, _ := src.Build()
		want := cal2.AddWorkingDays(from, 20)
		if got.Due != want.Date || got.Provisional || got.Due == d1.Date {
			t.Fatalf("recomputed: %v (prov %v), want %v; before %v", got.Due, got.Provisional, want.Date, d1.Date)
		}
		if got2, _ := s.DeadlineOf(ctx, "test", "b"); got2.Due != d2.Date {
			t.Fatalf("a 2026 deadline moved: %v", got2.Due)
		}
		// A local closure on a working day inside a period moves it by one day.
		ch, err = s.AddClosure(ctx, sys, calendar.Closure{Date: calendar.MustParseDate("2026-10-12"), Name: "暴雨停止办公"})
		if err != nil || ch.Recomputed != 1 {
			t.Fatalf("closure: %v, %d", err, ch.Recomputed)
		}
		if got2, _ := s.DeadlineOf(ctx, "test", "b"); got2.Due.String() != "2026-11-04" {
			t.Fatalf("after closure: %v", got2.Due)
		}
		if _, err := s.AddClosure(ctx, sys, calendar.Closure{Date: calendar.MustParseDate("2026-10-12"), Name: "重复"}); !errs.Is(err, errs.Invalid) {
			t.Fatalf("duplicate closure: %v", err)
		}
		if _, err := s.RemoveClosure(ctx, sys, calendar.MustParseDate("2026-10-12")); err != nil {
			t.Fatal(err)
		}
		if got2, _ := s.DeadlineOf(ctx, "test", "b"); got2.Due.String() != "2026-11-03" {
			t.Fatalf("after removing closure: %v", got2.Due)
		}
		es, _ := s.ListAudit(ctx, audit.Query{Action: "calendar."})
		if len(es) != 3 || !strings.Contains(es[2].Detail, `"recomputed_deadlines":1`) {
			t.Fatalf("audit: %+v", es)
		}
	})
}
