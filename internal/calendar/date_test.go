package calendar

import (
	"encoding/json"
	"errors"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    string
		wantErr error
	}{
		{"2026-09-30", "2026-09-30", nil},
		{"2024-02-29", "2024-02-29", nil},
		{"2000-02-29", "2000-02-29", nil},
		{"0001-01-01", "0001-01-01", nil},
		{"9999-12-31", "9999-12-31", nil},
		{"2026-02-30", "", ErrNoSuchDate},
		{"2023-02-29", "", ErrNoSuchDate},
		{"1900-02-29", "", ErrNoSuchDate},
		{"2026-04-31", "", ErrNoSuchDate},
		{"2026-13-01", "", ErrNoSuchDate},
		{"2026-00-10", "", ErrNoSuchDate},
		{"0000-01-01", "", ErrNoSuchDate},
		{"2026-1-01", "", ErrDateFormat},
		{"2026/01/01", "", ErrDateFormat},
		{"2026-01-0a", "", ErrDateFormat},
		{" 2026-01-01", "", ErrDateFormat},
		{"", "", ErrDateFormat},
	} {
		d, err := ParseDate(tc.in)
		if !errors.Is(err, tc.wantErr) {
			t.Errorf("ParseDate(%q) error = %v, want %v", tc.in, err, tc.wantErr)
			continue
		}
		if err == nil && d.String() != tc.want {
			t.Errorf("ParseDate(%q) = %s, want %s", tc.in, d, tc.want)
		}
	}
	_, err := ParseDate("2026-02-30")
	if got, want := err.Error(), "日期不存在：2026-02-30"; got != want {
		t.Errorf("error text = %q, want %q", got, want)
	}
}

// TestDateAgainstTime checks the day arithmetic against the standard library for every day of
// 1890–2110 (covers leap centuries 1900 and 2000 and the whole working range).
func TestDateAgainstTime(t *testing.T) {
	start := time.Date(1890, 1, 1, 0, 0, 0, 0, time.UTC)
	d0 := MustDate(1890, time.January, 1)
	for i := 0; ; i++ {
		tm := start.AddDate(0, 0, i)
		if tm.Year() > 2110 {
			break
		}
		d := d0.AddDays(i)
		y, m, dd := d.Civil()
		if y != tm.Year() || m != tm.Month() || dd != tm.Day() {
			t.Fatalf("day %d: Civil = %d-%d-%d, want %s", i, y, m, dd, tm.Format(time.DateOnly))
		}
		if d.Weekday() != tm.Weekday() {
			t.Fatalf("%s: Weekday = %v, want %v", d, d.Weekday(), tm.Weekday())
		}
		if d.String() != tm.Format(time.DateOnly) {
			t.Fatalf("String = %s, want %s", d, tm.Format(time.DateOnly))
		}
		if back, err := NewDate(y, m, dd); err != nil || back != d {
			t.Fatalf("NewDate(%s) = %v, %v", d, back, err)
		}
	}
}

func TestDateTimeConversion(t *testing.T) {
	// 16:30 UTC on 30 September is already 1 October in Beijing.
	utc := time.Date(2026, 9, 30, 16, 30, 0, 0, time.UTC)
	if got := DateOf(utc); got != MustDate(2026, time.October, 1) {
		t.Errorf("DateOf(%v) = %s, want 2026-10-01", utc, got)
	}
	if got := DateOf(time.Date(2026, 9, 30, 15, 59, 0, 0, time.UTC)); got != MustDate(2026, time.September, 30) {
		t.Errorf("DateOf(15:59Z) = %s, want 2026-09-30", got)
	}
	d := MustDate(2026, time.October, 1)
	tm := d.Time()
	if tm.UTC() != time.Date(2026, 9, 30, 16, 0, 0, 0, time.UTC) {
		t.Errorf("Time() = %v, want midnight CST", tm)
	}
	if DateOf(tm) != d {
		t.Errorf("DateOf(Time()) round trip failed")
	}
}

func TestDateMisc(t *testing.T) {
	a, b := MustParseDate("2026-09-30"), MustParseDate("2026-11-03")
	if b.Sub(a) != 34 || !a.Before(b) || !b.After(a) || a.Compare(b) != -1 || b.Compare(a) != 1 || a.Compare(a) != 0 {
		t.Error("comparison helpers disagree")
	}
	if a.Year() != 2026 || a.Month() != time.September || a.Day() != 30 {
		t.Error("Year/Month/Day wrong")
	}
	var zero Date
	if !zero.IsZero() || zero.String() != "" || !zero.Before(MustDate(1, time.January, 1)) {
		t.Error("zero Date should be empty and earliest")
	}
	type rec struct {
		D Date `json:"d"`
		E Date `json:"e"`
	}
	out, err := json.Marshal(rec{D: a})
	if err != nil || string(out) != `{"d":"2026-09-30","e":""}` {
		t.Fatalf("Marshal = %s, %v", out, err)
	}
	var back rec
	if err := json.Unmarshal(out, &back); err != nil || back.D != a || !back.E.IsZero() {
		t.Fatalf("Unmarshal = %+v, %v", back, err)
	}
	if err := json.Unmarshal([]byte(`{"d":"2026-02-30"}`), &back); !errors.Is(err, ErrNoSuchDate) {
		t.Errorf("Unmarshal impossible date: err = %v", err)
	}
}
