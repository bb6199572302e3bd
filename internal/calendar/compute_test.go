package calendar

import (
	"math/rand/v2"
	"strings"
	"testing"
	"testing/quick"
)

// uncertain is the specification of Provisional for the official calendar, written out
// independently: outside 2017–2026, or from 25 December 2026 (the 2027 notice may move it).
func uncertain(d Date) bool {
	return d.Year() < 2017 || d.Year() > 2026 || !d.Before(MustParseDate("2026-12-25"))
}

func anyUncertain(lo, hi Date) bool {
	for d := lo; !d.After(hi); d = d.AddDays(1) {
		if uncertain(d) {
			return true
		}
	}
	return false
}

// walk is the obvious day-by-day reference for AddWorkingDays, using only IsWorkingDay.
func walk(c *Calendar, from Date, n int) Date {
	if n == 0 {
		if c.IsWorkingDay(from) {
			return from
		}
		n = 1
	}
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	d := from
	for n > 0 {
		d = d.AddDays(step)
		if c.IsWorkingDay(d) {
			n--
		}
	}
	return d
}

// TestProperties draws random periods from 2015 to 2062, so they start before, inside and after
// the notices and cross the end of the precomputed span (2060).
func TestProperties(t *testing.T) {
	cal := officialCal(t)
	rng := rand.New(rand.NewPCG(20261103, 1))
	lo := MustParseDate("2015-01-01")
	span := MustParseDate("2062-12-31").Sub(lo)
	for range 4000 {
		from := lo.AddDays(rng.IntN(span))
		n := rng.IntN(341) - 40

		due := cal.AddWorkingDays(from, n)
		if !cal.IsWorkingDay(due.Date) {
			t.Fatalf("AddWorkingDays(%s, %d) = %s, not a working day", from, n, due.Date)
		}
		if want := walk(cal, from, n); due.Date != want {
			t.Fatalf("AddWorkingDays(%s, %d) = %s, reference walk gives %s", from, n, due.Date, want)
		}
		switch {
		case n > 0:
			if !due.Date.After(from) || cal.WorkingDaysBetween(from, due.Date) != n {
				t.Fatalf("AddWorkingDays(%s, %d) = %s: between = %d", from, n, due.Date, cal.WorkingDaysBetween(from, due.Date))
			}
			if due.Provisional != anyUncertain(from.AddDays(1), due.Date) {
				t.Fatalf("AddWorkingDays(%s, %d): provisional = %v", from, n, due.Provisional)
			}
		case n < 0:
			// Backwards, from is not counted: exactly -n working days in [Date, from).
			if got := cal.WorkingDaysBetween(due.Date.AddDays(-1), from.AddDays(-1)); !due.Date.Before(from) || got != -n {
				t.Fatalf("AddWorkingDays(%s, %d) = %s: %d working days in [result, from)", from, n, due.Date, got)
			}
		}
		if due.Provisional != (due.Reason != "") {
			t.Fatalf("Provisional %v with reason %q", due.Provisional, due.Reason)
		}

		if n >= 0 {
			cd := cal.AddDays(from, n)
			nominal := from.AddDays(n)
			if cd.Nominal != nominal || !cal.IsWorkingDay(cd.Date) || cd.Date.Before(nominal) {
				t.Fatalf("AddDays(%s, %d) = %+v", from, n, cd)
			}
			for d := nominal; d.Before(cd.Date); d = d.AddDays(1) {
				if cal.IsWorkingDay(d) {
					t.Fatalf("AddDays(%s, %d) = %s skipped working day %s", from, n, cd.Date, d)
				}
			}
			if cd.Provisional != anyUncertain(nominal, cd.Date) {
				t.Fatalf("AddDays(%s, %d): provisional = %v", from, n, cd.Provisional)
			}
		}

		next := cal.NextWorkingDay(from)
		if !next.After(from) || !cal.IsWorkingDay(next) || cal.WorkingDaysBetween(from, next) != 1 {
			t.Fatalf("NextWorkingDay(%s) = %s", from, next)
		}
	}
}

// TestQuickBetween: counting is additive, whatever the dates (testing/quick).
func TestQuickBetween(t *testing.T) {
	cal := officialCal(t)
	base := MustParseDate("2016-06-01")
	f := func(a, b, c uint16) bool {
		x, y, z := base.AddDays(int(a%20000)), base.AddDays(int(b%20000)), base.AddDays(int(c%20000))
		return cal.WorkingDaysBetween(x, y)+cal.WorkingDaysBetween(y, z) == cal.WorkingDaysBetween(x, z) &&
			cal.WorkingDaysBetween(x, y) == -cal.WorkingDaysBetween(y, x)
	}
	if err := quick.Check(f, &quick.Config{MaxCount: 300, Rand: nil}); err != nil {
		t.Error(err)
	}
}

func TestComputeUnits(t *testing.T) {
	cal := officialCal(t)
	from := MustParseDate("2026-09-11")
	if d := cal.Compute(from, 20, CalendarDays); d.Date.String() != "2026-10-08" || d.Nominal.String() != "2026-10-01" || !d.Extended() {
		t.Errorf("calendar days: %+v", d)
	}
	// Counts the Sunday worked on 20 September and the Saturday worked on 10 October.
	if d := cal.Compute(from, 20, WorkingDays); d.Date.String() != "2026-10-15" || d.Extended() {
		t.Errorf("working days: %+v", d)
	}
	if d := cal.Compute(from, 20, Unit(9)); !d.Date.IsZero() {
		t.Errorf("unknown unit should give a zero date: %+v", d)
	}
	// A calendar-day period ending on a make-up Saturday ends there.
	if d := cal.AddDays(MustParseDate("2026-09-20"), 20); d.Date.String() != "2026-10-10" || d.Extended() {
		t.Errorf("make-up Saturday: %+v", d)
	}
	// Negative calendar days land on the working day before a rest day.
	if d := cal.AddDays(MustParseDate("2026-10-12"), -5); d.Nominal.String() != "2026-10-07" || d.Date.String() != "2026-09-30" {
		t.Errorf("negative calendar days: %+v", d)
	}
	// An absurd length (a corrupt stored value) is refused rather than walked.
	if d := cal.Compute(from, 1_000_000, WorkingDays); !d.Date.IsZero() || d.Explain() != "" {
		t.Errorf("huge n: %+v", d)
	}
	if d := cal.AddWorkingDays(MustParseDate("2026-10-01"), 0); d.Date.String() != "2026-10-08" {
		t.Errorf("n=0 on a holiday: %+v", d)
	}
	if d := cal.AddWorkingDays(MustParseDate("2026-10-09"), 0); d.Date.String() != "2026-10-09" {
		t.Errorf("n=0 on a working day: %+v", d)
	}
}

func TestProvisionalReason(t *testing.T) {
	cal := officialCal(t)
	for _, tc := range []struct {
		from   string
		n      int
		reason string
	}{
		{"2026-12-01", 10, ""},
		{"2026-12-10", 10, ""}, // ends on 24 December
		{"2026-12-10", 12, "2027年放假安排尚未录入，按法定节假日推算，仅供参考"}, // ends in the December tail
		{"2027-03-01", 20, "2027年放假安排尚未录入，按法定节假日推算，仅供参考"},
		{"2027-12-01", 400, "2027年至2029年放假安排尚未录入，按法定节假日推算，仅供参考"},
		{"2016-12-01", 30, "2016年放假安排尚未录入，按法定节假日推算，仅供参考"},
		{"2070-01-05", 5, "2070年放假安排尚未录入，按法定节假日推算，2070年的春节、清明节、端午节、中秋节未计入，仅供参考"},
	} {
		d := cal.AddWorkingDays(MustParseDate(tc.from), tc.n)
		if d.Reason != tc.reason || d.Provisional != (tc.reason != "") {
			t.Errorf("%s + %d: provisional %v, reason %q; want %q", tc.from, tc.n, d.Provisional, d.Reason, tc.reason)
		}
	}
	empty, err := New(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if f, l := empty.Covered(); f != 0 || l != 0 {
		t.Errorf("empty Covered() = %d, %d", f, l)
	}
	if _, _, ok := empty.Certain(); ok {
		t.Error("empty calendar claims certain days")
	}
	if d := empty.AddWorkingDays(MustParseDate("2026-09-30"), 20); !d.Provisional || !strings.HasPrefix(d.Reason, "2026年") {
		t.Errorf("empty calendar: %+v", d)
	}
	if from, to, ok := cal.Certain(); !ok || from.String() != "2017-01-01" || to.String() != "2026-12-24" {
		t.Errorf("Certain() = %s, %s, %v", from, to, ok)
	}
}

func TestClosures(t *testing.T) {
	closures := []Closure{
		{MustParseDate("2026-07-20"), "台风"},
		{MustParseDate("2026-10-02"), "重复的假日"}, // already a holiday: no effect
		{MustParseDate("2027-03-01"), "暴雨"},    // in a computed year
	}
	cal, err := New(Official(), closures)
	if err != nil {
		t.Fatal(err)
	}
	if info := cal.Day(MustParseDate("2026-07-20")); info.Working || info.Kind != Closed || info.Source != SourceLocal || info.Name != "台风" || info.Provisional {
		t.Errorf("closure: %+v", info)
	}
	if info := cal.Day(MustParseDate("2026-10-02")); info.Name != "国庆节" || info.Source != SourceOfficial {
		t.Errorf("closure on a holiday must not replace it: %+v", info)
	}
	if cal.IsWorkingDay(MustParseDate("2027-03-01")) {
		t.Error("closure in a computed year ignored")
	}
	if d := cal.AddWorkingDays(MustParseDate("2026-07-17"), 1); d.Date.String() != "2026-07-21" {
		t.Errorf("closure not skipped: %s", d.Date)
	}
}

func TestNewErrors(t *testing.T) {
	years := Official()
	d := MustParseDate("2026-07-20")
	for _, tc := range []struct {
		name     string
		years    []Year
		closures []Closure
		want     string
	}{
		{"gap", append(years[:3:3], years[4:]...), nil, "缺少 2020 年的放假安排：已录入的年份须连续"},
		{"duplicate year", append(years[:2:2], years[1]), nil, "2018 年的放假安排重复（2018.json 与 2018.json）"},
		{"conflict", []Year{
			{Year: 2018, File: "x.json", Days: []ListedDay{{Date: MustParseDate("2017-12-31"), Name: "元旦", Off: false}}},
			{Year: 2017, File: "2017b.json", Days: []ListedDay{{Date: MustParseDate("2017-12-31"), Name: "元旦", Off: true}}},
		}, nil, "2017b.json 与 x.json 对 2017-12-31 的安排矛盾（一为休息，一为上班）"},
		{"day outside its year", []Year{{Year: 2027, File: "2027.json", Days: []ListedDay{{Date: MustParseDate("2028-01-01"), Name: "元旦", Off: true}}}}, nil, "2027.json：2028-01-01 不在 2027 年内"},
		{"closure without reason", nil, []Closure{{Date: d}}, "停止办公日 2026-07-20：缺少原因"},
		{"closure without date", nil, []Closure{{Name: "台风"}}, "停止办公日：日期为空"},
		{"closure twice", nil, []Closure{{d, "台风"}, {d, "台风"}}, "停止办公日 2026-07-20 重复"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(tc.years, tc.closures)
			if err == nil || err.Error() != tc.want {
				t.Errorf("New error = %v, want %q", err, tc.want)
			}
		})
	}
}

// TestConcurrentUse: a Calendar is read-only after New (run with -race).
func TestConcurrentUse(t *testing.T) {
	cal := officialCal(t)
	done := make(chan Date)
	for i := range 4 {
		go func() {
			var last Date
			for k := range 200 {
				last = cal.AddWorkingDays(MustParseDate("2026-01-05").AddDays(i*50+k), 20).Date
				_ = cal.Day(last).Name
			}
			done <- last
		}()
	}
	for range 4 {
		if d := <-done; d.IsZero() {
			t.Error("no result")
		}
	}
}
