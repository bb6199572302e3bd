package calendar

import "testing"

func TestRecompute(t *testing.T) {
	years := Official()
	old, err := New(years[:len(years)-1], nil) // before the 2026 notice was loaded
	if err != nil {
		t.Fatal(err)
	}
	cur := officialCal(t)
	comps := []Computation{
		{MustParseDate("2024-03-01"), 20, WorkingDays},  // 0: 2024, unaffected
		{MustParseDate("2026-09-30"), 20, WorkingDays},  // 1: date moves (国庆 7 days, not 3)
		{MustParseDate("2026-03-02"), 10, WorkingDays},  // 2: same date, no longer provisional
		{MustParseDate("2026-09-11"), 20, CalendarDays}, // 3: 10-01 → 10-08
		{MustParseDate("2028-03-01"), 20, WorkingDays},  // 4: still provisional, same date
	}
	changes := Recompute(old, cur, comps)
	want := map[int][2]string{
		1: {"2026-10-30", "2026-11-03"},
		2: {"2026-03-16", "2026-03-16"},
		3: {"2026-10-05", "2026-10-08"},
	}
	if len(changes) != len(want) {
		t.Fatalf("got %d changes: %+v", len(changes), changes)
	}
	for _, c := range changes {
		w, ok := want[c.Index]
		if !ok || c.Old.Date.String() != w[0] || c.New.Date.String() != w[1] {
			t.Errorf("change %d: %s → %s, want %v", c.Index, c.Old.Date, c.New.Date, w)
		}
		if !c.Old.Provisional || c.New.Provisional {
			t.Errorf("change %d: provisional %v → %v", c.Index, c.Old.Provisional, c.New.Provisional)
		}
	}
	if got := Recompute(cur, cur, comps); len(got) != 0 {
		t.Errorf("same calendar: %d changes", len(got))
	}

	first, last, ok := ChangedDays(old, cur)
	if !ok || first.String() != "2025-12-25" || last.String() != "2026-12-24" {
		t.Errorf("ChangedDays = %s, %s, %v", first, last, ok)
	}
	closed, err := New(Official(), []Closure{{MustParseDate("2026-07-20"), "台风"}})
	if err != nil {
		t.Fatal(err)
	}
	first, last, ok = ChangedDays(cur, closed)
	if !ok || first != last || first.String() != "2026-07-20" {
		t.Errorf("ChangedDays with a closure = %s, %s, %v", first, last, ok)
	}
	if _, _, ok := ChangedDays(cur, officialCal(t)); ok {
		t.Error("identical calendars reported as changed")
	}
}
