package calendar

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// officialCal builds the calendar of the embedded notices.
func officialCal(tb testing.TB) *Calendar {
	tb.Helper()
	c, err := New(Official(), nil)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// rawDay is a notice entry read straight from the JSON files, bypassing ParseYear, so the
// expectations below do not come from the code under test.
type rawDay struct {
	Name     string `json:"name"`
	Date     string `json:"date"`
	IsOffDay bool   `json:"isOffDay"`
}

func readRaw(t *testing.T) map[int][]rawDay {
	t.Helper()
	files, err := filepath.Glob("holidays/*.json")
	if err != nil || len(files) != 10 {
		t.Fatalf("want the 10 notices 2017–2026, got %v %v", files, err)
	}
	out := make(map[int][]rawDay)
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var v struct {
			Year int      `json:"year"`
			Days []rawDay `json:"days"`
		}
		if err := json.Unmarshal(data, &v); err != nil {
			t.Fatal(err)
		}
		out[v.Year] = v.Days
	}
	return out
}

// rawExpect says whether a day is worked according to the raw listings and the weekday rule.
func rawExpect(listed map[string]rawDay, d time.Time) bool {
	if e, ok := listed[d.Format(time.DateOnly)]; ok {
		return !e.IsOffDay
	}
	return d.Weekday() != time.Saturday && d.Weekday() != time.Sunday
}

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	tm, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

// TestOfficialBlocks derives, for every notice, each holiday block (consecutive listed off days
// with the same name) and checks its first and last day are off with that name, the days just
// outside it follow the listings or the weekday rule, and each make-up day is worked.
func TestOfficialBlocks(t *testing.T) {
	cal := officialCal(t)
	raw := readRaw(t)
	listed := make(map[string]rawDay)
	for _, days := range raw {
		for _, d := range days {
			listed[d.Date] = d
		}
	}
	at := func(tm time.Time) Date { return MustDate(tm.Year(), tm.Month(), tm.Day()) }
	blocks := 0
	for year := 2017; year <= 2026; year++ {
		days := slices.Clone(raw[year])
		slices.SortFunc(days, func(a, b rawDay) int { return strings.Compare(a.Date, b.Date) })
		for i := 0; i < len(days); i++ {
			d := days[i]
			if !d.IsOffDay {
				if info := cal.Day(MustParseDate(d.Date)); !info.Working || info.Kind != MakeUpDay || info.Source != SourceOfficial {
					t.Errorf("%d: make-up day %s: %+v", year, d.Date, info)
				}
				continue
			}
			j := i
			for j+1 < len(days) && days[j+1].IsOffDay && days[j+1].Name == d.Name &&
				mustTime(t, days[j+1].Date).Sub(mustTime(t, days[j].Date)) == 24*time.Hour {
				j++
			}
			first, last := mustTime(t, d.Date), mustTime(t, days[j].Date)
			for _, tm := range []time.Time{first, last} {
				info := cal.Day(at(tm))
				if info.Working || info.Kind != Holiday || info.Name != d.Name || info.Source != SourceOfficial {
					t.Errorf("%d: block %s–%s %s: day %s is %+v", year, d.Date, days[j].Date, d.Name, tm.Format(time.DateOnly), info)
				}
			}
			for _, tm := range []time.Time{first.AddDate(0, 0, -1), last.AddDate(0, 0, 1)} {
				if got, want := cal.IsWorkingDay(at(tm)), rawExpect(listed, tm); got != want {
					t.Errorf("%d: next to block %s %s: %s working = %v, want %v", year, d.Name, d.Date, tm.Format(time.DateOnly), got, want)
				}
			}
			blocks++
			i = j
		}
	}
	// 7 holidays a year, less the 4 years (2017, 2020, 2023, 2025) where 中秋 and 国庆 form one
	// block: a loader that dropped or split entries would change the count.
	if blocks != 66 {
		t.Errorf("%d holiday blocks found in ten years, want 66", blocks)
	}
}

// TestOfficialEveryDay compares every day 2017-01-01..2026-12-31 with the raw listings, which
// covers both sides of every year boundary, including the December days that sit in the next
// year's file.
func TestOfficialEveryDay(t *testing.T) {
	cal := officialCal(t)
	listed := make(map[string]rawDay)
	for _, days := range readRaw(t) {
		for _, d := range days {
			listed[d.Date] = d
		}
	}
	for tm := mustTime(t, "2017-01-01"); tm.Year() <= 2026; tm = tm.AddDate(0, 0, 1) {
		d := MustDate(tm.Year(), tm.Month(), tm.Day())
		if got, want := cal.IsWorkingDay(d), rawExpect(listed, tm); got != want {
			t.Errorf("%s working = %v, want %v", d, got, want)
		}
	}
}

// TestOfficialIsACopy: callers may edit what Official returns without touching the embedded data.
func TestOfficialIsACopy(t *testing.T) {
	a := Official()
	a[0].Days[0].Off = !a[0].Days[0].Off
	a[0].Year = 1999
	if b := Official(); b[0].Year != 2017 || b[0].Days[0].Off == a[0].Days[0].Off {
		t.Error("Official() shares its data with callers")
	}
}

// TestKnownFacts are checked against the notices by hand, independently of the data files.
func TestKnownFacts(t *testing.T) {
	cal := officialCal(t)
	for _, tc := range []struct {
		date    string
		working bool
		why     string
	}{
		{"2017-01-02", false, "2017 元旦 Monday"},
		{"2018-12-29", true, "Saturday worked for 2019 元旦 (in 2019.json)"},
		{"2018-12-30", false, "2019 元旦 block"},
		{"2018-12-31", false, "2019 元旦 block, Monday"},
		{"2019-01-01", false, "元旦"},
		{"2019-01-02", true, "after 元旦"},
		{"2022-12-31", false, "2023 元旦 block starts on Saturday (in 2023.json)"},
		{"2023-01-02", false, "2023 元旦 Monday"},
		{"2023-01-03", true, "after 元旦"},
		{"2024-02-04", true, "Sunday worked before 2024 春节"},
		{"2024-02-09", true, "2024 除夕 was a working Friday"},
		{"2024-02-10", false, "2024 春节 first day"},
		{"2024-02-17", false, "2024 春节 last day"},
		{"2024-02-18", true, "Sunday worked after 2024 春节"},
		{"2024-02-19", true, "Monday after"},
		{"2020-01-31", false, "2020 春节 extended (epidemic)"},
		{"2020-02-02", false, "end of extension"},
		{"2020-02-03", true, "first working day after the extension"},
		{"2023-10-07", true, "Saturday worked after 2023 国庆"},
		{"2023-10-08", true, "Sunday worked after 2023 国庆"},
		{"2025-01-26", true, "Sunday worked before 2025 春节"},
		{"2025-01-28", false, "2025 除夕, the first 除夕 off under the 2024 revision"},
		{"2025-02-04", false, "2025 春节 last day"},
		{"2025-02-08", true, "Saturday worked after 2025 春节"},
		{"2026-01-04", true, "Sunday worked after 2026 元旦"},
		{"2026-02-14", true, "Saturday worked before 2026 春节"},
		{"2026-02-23", false, "2026 春节 last day (Monday)"},
		{"2026-02-28", true, "Saturday worked after 2026 春节"},
		{"2026-03-07", false, "an ordinary Saturday"},
		{"2026-03-09", true, "an ordinary Monday"},
		{"2026-09-20", true, "Sunday worked before 2026 国庆"},
		{"2026-10-07", false, "2026 国庆 last day"},
		{"2026-10-08", true, "after 国庆"},
		{"2026-10-10", true, "Saturday worked after 2026 国庆"},
	} {
		if got := cal.IsWorkingDay(MustParseDate(tc.date)); got != tc.working {
			t.Errorf("%s (%s): working = %v, want %v", tc.date, tc.why, got, tc.working)
		}
	}
	for _, tc := range []struct {
		from string
		n    int
		want string
	}{
		{"2026-09-30", 20, "2026-11-03"},
		{"2024-02-09", 1, "2024-02-18"}, // the Sunday worked after 春节
		{"2019-12-31", 1, "2020-01-02"},
		{"2022-12-30", 1, "2023-01-03"},
		{"2018-12-28", 1, "2018-12-29"},
	} {
		if got := cal.AddWorkingDays(MustParseDate(tc.from), tc.n); got.Date.String() != tc.want || got.Provisional {
			t.Errorf("%s + %d working days = %s (provisional %v), want %s", tc.from, tc.n, got.Date, got.Provisional, tc.want)
		}
	}
	if first, last := cal.Covered(); first != 2017 || last != 2026 {
		t.Errorf("Covered() = %d, %d", first, last)
	}
}

// TestLunarTableAgainstNotices: in every notice year, the table's 春节 (正月初一), 端午 and 中秋
// and the formula's 清明 are listed days off under the right name. An error of one day in the
// lunar table would show here for 2017–2026.
func TestLunarTableAgainstNotices(t *testing.T) {
	cal := officialCal(t)
	for y := 2017; y <= 2026; y++ {
		spring, dragon, moon, ok := lunarDates(y)
		if !ok {
			t.Fatalf("no lunar dates for %d", y)
		}
		qm := MustDate(y, time.April, qingmingDay(y))
		for _, c := range []struct {
			d    Date
			name string
		}{{spring, "春节"}, {dragon, "端午节"}, {moon, "中秋节"}, {qm, "清明节"}} {
			info := cal.Day(c.d)
			if info.Working || info.Source != SourceOfficial || !strings.Contains(info.Name, c.name) {
				t.Errorf("%d %s on %s: official day is %+v", y, c.name, c.d, info)
			}
		}
	}
}

// TestStatutoryWithinNotices: every day the law makes a holiday (as computed for uncovered
// years) is a day off in the official notice of that year, for each version of the law in the
// data (2014 version up to 2024, 2025 version after).
func TestStatutoryWithinNotices(t *testing.T) {
	cal := officialCal(t)
	count := 0
	for d := MustParseDate("2017-01-01"); d.Year() <= 2026; d = d.AddDays(1) {
		name := statutoryName(d)
		if name == "" {
			continue
		}
		count++
		info := cal.Day(d)
		if info.Working || info.Kind != Holiday {
			t.Errorf("%s: law says %s, notice has %+v", d, name, info)
		}
	}
	// 2017–2024: 11 days a year, but 中秋 fell on 1 October in 2020; 2025–2026: 13.
	if want := 8*11 - 1 + 2*13; count != want {
		t.Errorf("computed %d statutory days 2017–2026, want %d", count, want)
	}
}

// TestLunarTable spot-checks dates known by heart and the table's shape for every year.
func TestLunarTable(t *testing.T) {
	if len(lunarTable) != (lunarLastYear-lunarFirstYear+1)*lunarLineLen {
		t.Fatalf("table has %d bytes", len(lunarTable))
	}
	for y := lunarFirstYear; y <= lunarLastYear; y++ {
		line := lunarTable[(y-lunarFirstYear)*lunarLineLen:][:lunarLineLen]
		if !strings.HasPrefix(line, time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC).Format("2006")+" ") {
			t.Fatalf("line for %d is %q", y, line)
		}
		spring, dragon, moon, _ := lunarDates(y)
		// 春节 falls 21 Jan – 20 Feb; 端午 is 4 lunar months + 4 days later (121–152 days,
		// depending on a leap month); 中秋 3 lunar months + 10 days after 端午.
		if spring.Before(MustDate(y, 1, 21)) || spring.After(MustDate(y, 2, 20)) {
			t.Errorf("%d: 春节 %s out of range", y, spring)
		}
		if k := dragon.Sub(spring); k < 121 || k > 152 {
			t.Errorf("%d: 端午 %s is %d days after 春节", y, dragon, k)
		}
		if k := moon.Sub(dragon); k < 96 || k > 130 {
			t.Errorf("%d: 中秋 %s is %d days after 端午", y, moon, k)
		}
	}
	for _, tc := range []struct {
		year                  int
		spring, dragon, moonD string
	}{
		{2008, "2008-02-07", "2008-06-08", "2008-09-14"},
		{2027, "2027-02-06", "2027-06-09", "2027-09-15"},
		{2028, "2028-01-26", "2028-05-28", "2028-10-03"},
		{2030, "2030-02-03", "2030-06-05", "2030-09-12"},
		{2033, "2033-01-31", "2033-06-01", "2033-09-08"},
		{2060, "2060-02-02", "2060-06-03", "2060-09-09"},
	} {
		s, d, m, _ := lunarDates(tc.year)
		if s.String() != tc.spring || d.String() != tc.dragon || m.String() != tc.moonD {
			t.Errorf("%d: got %s %s %s", tc.year, s, d, m)
		}
	}
	for y, day := range map[int]int{2008: 4, 2019: 5, 2024: 4, 2026: 5, 2027: 5, 2028: 4, 2032: 4, 2059: 5} {
		if got := qingmingDay(y); got != day {
			t.Errorf("清明 %d: April %d, want %d", y, got, day)
		}
	}
}

// TestComputedYear: with 2026 removed from the notices, 2026 is computed by law and marked
// provisional; with all notices, 2027 is.
func TestComputedYear(t *testing.T) {
	years := Official()
	cal, err := New(years[:len(years)-1], nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		date    string
		working bool
		name    string
	}{
		{"2026-02-16", false, "春节"}, // 除夕
		{"2026-02-19", false, "春节"}, // 初三
		{"2026-02-20", true, ""},    // 初四: the notice gives it off, the law does not
		{"2026-02-14", false, ""},   // a Saturday the notice made a working day
		{"2026-05-01", false, "劳动节"},
		{"2026-05-04", true, ""},
		{"2026-04-05", false, "清明节"},
		{"2026-06-19", false, "端午节"},
		{"2026-09-25", false, "中秋节"},
		{"2026-10-02", false, "国庆节"},
		{"2026-10-05", true, ""},
	} {
		info := cal.Day(MustParseDate(tc.date))
		if info.Working != tc.working || info.Name != tc.name || !info.Provisional {
			t.Errorf("%s: %+v, want working=%v name=%q provisional", tc.date, info, tc.working, tc.name)
		}
		if tc.name != "" && info.Source != SourceComputed {
			t.Errorf("%s: source %v, want computed", tc.date, info.Source)
		}
	}
	full := officialCal(t)
	if info := full.Day(MustParseDate("2027-02-05")); info.Name != "春节" || info.Working || !info.Provisional {
		t.Errorf("2027 除夕: %+v", info)
	}
	// 2028: 中秋 on 3 October joins 国庆 in one block.
	if info := full.Day(MustParseDate("2028-10-01")); info.Name != "中秋节、国庆节" {
		t.Errorf("2028-10-01: %+v", info)
	}
	// Beyond the lunar table: only fixed-date holidays.
	if info := full.Day(MustParseDate("2070-10-01")); info.Name != "国庆节" || info.Working {
		t.Errorf("2070-10-01: %+v", info)
	}
}
