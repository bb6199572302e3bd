package calendar

import (
	"errors"
	"fmt"
	"time"
)

// Date is a civil date in the proleptic Gregorian calendar, without time of day or zone.
//
// It is a single int32 (days counted so that 0001-01-01 is 1), so it is cheap to copy, compare
// with ==, and use as a map key; the zero Date means "no date" and sorts before every real one.
// Deadlines are about days, not instants: using time.Time here would drag zones and hours into
// every comparison.
type Date struct{ n int32 }

// unixEpochDay is the value of n for 1970-01-01 (0001-01-01 is 1, and 719162 days separate them).
const unixEpochDay = 719163

// Valid year range for dates built from text. Wider than any deadline needs, narrow enough that
// arithmetic in int32 can never overflow.
const (
	minYear = 1
	maxYear = 9999
)

// shanghai is China Standard Time as a fixed zone, so conversions do not depend on the tzdata of
// the machine (China has had no daylight saving since 1991). Read-only.
var shanghai = time.FixedZone("CST", 8*3600)

// Errors returned (wrapped) by ParseDate, so callers can tell a typo from an impossible date.
var (
	ErrDateFormat = errors.New("日期格式应为 YYYY-MM-DD")
	ErrNoSuchDate = errors.New("日期不存在")
)

// NewDate returns the date y-m-d, or ErrNoSuchDate if it does not exist (2026-02-30, month 13).
func NewDate(y int, m time.Month, d int) (Date, error) {
	if y < minYear || y > maxYear || m < time.January || m > time.December || d < 1 || d > daysIn(y, m) {
		return Date{}, fmt.Errorf("%w：%04d-%02d-%02d", ErrNoSuchDate, y, int(m), d)
	}
	return Date{int32(daysFromCivil(y, int(m), d) + unixEpochDay)}, nil
}

// MustDate is NewDate for literals in code and tests; it panics on an impossible date.
func MustDate(y int, m time.Month, d int) Date {
	dt, err := NewDate(y, m, d)
	if err != nil {
		panic(err)
	}
	return dt
}

// ParseDate parses "2006-01-02" strictly: four-digit year, two-digit month and day.
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, fmt.Errorf("%w：%q", ErrDateFormat, s)
	}
	num := func(part string) (int, bool) {
		v := 0
		for i := 0; i < len(part); i++ {
			c := part[i]
			if c < '0' || c > '9' {
				return 0, false
			}
			v = v*10 + int(c-'0')
		}
		return v, true
	}
	y, ok1 := num(s[0:4])
	m, ok2 := num(s[5:7])
	d, ok3 := num(s[8:10])
	if !ok1 || !ok2 || !ok3 {
		return Date{}, fmt.Errorf("%w：%q", ErrDateFormat, s)
	}
	return NewDate(y, time.Month(m), d)
}

// MustParseDate is ParseDate for literals; it panics on bad input.
func MustParseDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// DateOf returns the date of instant t as seen in China (UTC+8).
func DateOf(t time.Time) Date {
	y, m, d := t.In(shanghai).Date()
	return Date{int32(daysFromCivil(y, int(m), d) + unixEpochDay)}
}

// Time returns midnight at the start of d in China (UTC+8).
func (d Date) Time() time.Time {
	y, m, dd := d.Civil()
	return time.Date(y, m, dd, 0, 0, 0, 0, shanghai)
}

// IsZero reports whether d is the zero Date ("no date").
func (d Date) IsZero() bool { return d.n == 0 }

// Civil returns year, month and day.
func (d Date) Civil() (year int, month time.Month, day int) {
	y, m, dd := civilFromDays(int(d.n) - unixEpochDay)
	return y, time.Month(m), dd
}

// Year returns the year of d.
func (d Date) Year() int { y, _, _ := d.Civil(); return y }

// Month returns the month of d.
func (d Date) Month() time.Month { _, m, _ := d.Civil(); return m }

// Day returns the day of the month of d.
func (d Date) Day() int { _, _, dd := d.Civil(); return dd }

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday {
	// 1970-01-01 was a Thursday.
	w := (int(d.n) - unixEpochDay + 4) % 7
	if w < 0 {
		w += 7
	}
	return time.Weekday(w)
}

// AddDays returns d plus n calendar days (n may be negative).
func (d Date) AddDays(n int) Date { return Date{d.n + int32(n)} }

// Sub returns the number of days from e to d (d - e).
func (d Date) Sub(e Date) int { return int(d.n - e.n) }

// Before reports whether d is earlier than e.
func (d Date) Before(e Date) bool { return d.n < e.n }

// After reports whether d is later than e.
func (d Date) After(e Date) bool { return d.n > e.n }

// Compare returns -1, 0 or +1 as d is before, equal to or after e (for slices.SortFunc).
func (d Date) Compare(e Date) int {
	switch {
	case d.n < e.n:
		return -1
	case d.n > e.n:
		return 1
	}
	return 0
}

// String returns "2006-01-02", or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	y, m, dd := d.Civil()
	b := make([]byte, 10)
	put := func(at, v, width int) {
		for i := width - 1; i >= 0; i-- {
			b[at+i] = byte('0' + v%10)
			v /= 10
		}
	}
	put(0, y, 4)
	b[4] = '-'
	put(5, int(m), 2)
	b[7] = '-'
	put(8, dd, 2)
	return string(b)
}

// MarshalText encodes d as "2006-01-02" (empty for the zero Date), for JSON and forms.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText is the inverse of MarshalText.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func daysIn(y int, m time.Month) int {
	switch m {
	case time.February:
		if isLeap(y) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// daysFromCivil and civilFromDays are Howard Hinnant's branch-light algorithms
// (http://howardhinnant.github.io/date_algorithms.html); days are counted from 1970-01-01.
func daysFromCivil(y, m, d int) int {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

func civilFromDays(z int) (y, m, d int) {
	z += 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	m = mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return y, m, d
}
