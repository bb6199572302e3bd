package calendar

import (
	"fmt"
	"math"
	"slices"
	"time"
)

// Closure is a local extra day off decided by an administrator (a typhoon, a flood, an
// election day): the office is closed, so the day is not a working day.
type Closure struct {
	Date Date
	Name string // the reason, shown in explanations: 台风停止办公
}

// DayKind says what a day is.
type DayKind uint8

const (
	Workday   DayKind = iota // an ordinary Monday–Friday
	Weekend                  // an ordinary Saturday or Sunday
	Holiday                  // a listed or statutory day off (including weekends inside a block)
	MakeUpDay                // 调休上班: a Saturday or Sunday that is worked
	Closed                   // a local closure on what would have been a working day
)

// Source says where the knowledge about a day comes from.
type Source uint8

const (
	SourceRule     Source = iota // weekday rule only: no listing says anything about the day
	SourceOfficial               // a State Council notice lists it
	SourceComputed               // a statutory holiday computed for a year no notice covers
	SourceLocal                  // a local closure
)

// DayInfo describes one day.
type DayInfo struct {
	Date        Date
	Kind        DayKind
	Working     bool
	Name        string // holiday or closure name; "" for ordinary days
	Source      Source
	Provisional bool // the day lies where no notice is loaded yet
}

// Per-day flag layout: 3 bits kind, 2 bits source, working, provisional.
const (
	kindMask        = 0x07
	sourceShift     = 3
	sourceMask      = 0x03 << sourceShift
	flagWorking     = 1 << 5
	flagProvisional = 1 << 6
)

// decemberTail is the first December day of the last covered year that the NEXT year's notice
// may still change: notices list late-December days around 元旦 (2019.json holds 2018-12-29..31,
// 2023.json holds 2022-12-31). Until that notice is loaded such days are provisional; the 25th
// leaves a margin before the earliest change ever seen (the 29th).
const decemberTail = 25

// Calendar answers working-day questions. Built by New, immutable afterwards, safe for
// concurrent use. Every day of a precomputed span (at least 2008–2060 and all loaded years) has
// a flag byte and a running count of working days, so a due date is one binary search.
type Calendar struct {
	first, last    int  // covered notice years; 0, 0 if none
	certLo, certHi Date // days whose status no future notice can change

	base    Date     // first day of the span
	flags   []uint8  // per day of the span
	names   []uint16 // per day: index into nameTab (0 = no name)
	nameTab []string
	cum     []int32 // cum[i] = working days among the first i days of the span
}

// New builds a calendar from notice years (any order; they must be consecutive, one file per
// year) and local closures. Either may be empty: with no years every result is provisional.
func New(years []Year, closures []Closure) (*Calendar, error) {
	ys := slices.Clone(years)
	slices.SortFunc(ys, func(a, b Year) int { return a.Year - b.Year })
	for i, y := range ys {
		if y.Year < minNoticeYear || y.Year > maxNoticeYear {
			return nil, fmt.Errorf("%s：年份 %d 不在 %d–%d 之间", y.File, y.Year, minNoticeYear, maxNoticeYear)
		}
		if i > 0 && ys[i-1].Year == y.Year {
			return nil, fmt.Errorf("%d 年的放假安排重复（%s 与 %s）", y.Year, ys[i-1].File, y.File)
		}
		if i > 0 && ys[i-1].Year+1 != y.Year {
			return nil, fmt.Errorf("缺少 %d 年的放假安排：已录入的年份须连续", ys[i-1].Year+1)
		}
	}

	// Merge listings; a date may sit in two files (December of the year before).
	type listing struct {
		ListedDay
		file string
	}
	listed := make(map[Date]listing)
	lowYear, highYear := lunarFirstYear, lunarLastYear
	for _, y := range ys {
		for _, d := range y.Days {
			dy := d.Date.Year()
			if dy != y.Year && !(dy == y.Year-1 && d.Date.Month() == time.December) {
				return nil, fmt.Errorf("%s：%s 不在 %d 年内", y.File, d.Date, y.Year)
			}
			if prev, ok := listed[d.Date]; ok && prev.Off != d.Off {
				return nil, fmt.Errorf("%s 与 %s 对 %s 的安排矛盾（一为休息，一为上班）", prev.file, y.File, d.Date)
			}
			listed[d.Date] = listing{d, y.File} // a later notice's wording wins
			lowYear = min(lowYear, dy)
		}
		highYear = max(highYear, y.Year)
	}
	closed := make(map[Date]string, len(closures))
	for _, c := range closures {
		switch {
		case c.Date.IsZero():
			return nil, fmt.Errorf("停止办公日：日期为空")
		case c.Date.Year() < minNoticeYear || c.Date.Year() > maxNoticeYear:
			return nil, fmt.Errorf("停止办公日 %s：年份不在 %d–%d 之间", c.Date, minNoticeYear, maxNoticeYear)
		case c.Name == "":
			return nil, fmt.Errorf("停止办公日 %s：缺少原因", c.Date)
		}
		if _, dup := closed[c.Date]; dup {
			return nil, fmt.Errorf("停止办公日 %s 重复", c.Date)
		}
		closed[c.Date] = c.Name
		lowYear = min(lowYear, c.Date.Year())
		highYear = max(highYear, c.Date.Year())
	}

	cal := &Calendar{
		certLo:  Date{math.MaxInt32},
		nameTab: []string{""},
	}
	if len(ys) > 0 {
		cal.first, cal.last = ys[0].Year, ys[len(ys)-1].Year
		cal.certLo = MustDate(cal.first, time.January, 1)
		cal.certHi = MustDate(cal.last, time.December, decemberTail-1)
	}
	cal.base = MustDate(lowYear, time.January, 1)
	end := MustDate(highYear, time.December, 31)
	n := end.Sub(cal.base) + 1
	cal.flags = make([]uint8, n)
	cal.names = make([]uint16, n)
	cal.cum = make([]int32, n+1)
	nameIdx := map[string]uint16{"": 0}
	intern := func(s string) uint16 {
		if i, ok := nameIdx[s]; ok {
			return i
		}
		i := uint16(len(cal.nameTab))
		cal.nameTab = append(cal.nameTab, s)
		nameIdx[s] = i
		return i
	}
	for i := range n {
		d := cal.base.AddDays(i)
		var f uint8
		var name string
		if l, ok := listed[d]; ok {
			f, name = dayFlags(d, l.Off, !l.Off, SourceOfficial), l.Name
		} else if y := d.Year(); y >= cal.first && y <= cal.last && cal.first != 0 {
			f = dayFlags(d, false, false, SourceRule)
		} else {
			f, name = ruleFlags(d)
		}
		if reason, ok := closed[d]; ok && f&flagWorking != 0 {
			f, name = uint8(Closed)|uint8(SourceLocal)<<sourceShift, reason
		}
		if d.Before(cal.certLo) || d.After(cal.certHi) {
			f |= flagProvisional
		}
		cal.flags[i] = f
		cal.names[i] = intern(name)
		cal.cum[i+1] = cal.cum[i]
		if f&flagWorking != 0 {
			cal.cum[i+1]++
		}
	}
	return cal, nil
}

// dayFlags encodes a day that is off (listed or computed), a make-up day, or neither.
func dayFlags(d Date, off, makeUp bool, src Source) uint8 {
	s := uint8(src) << sourceShift
	switch {
	case off:
		return uint8(Holiday) | s
	case makeUp:
		return uint8(MakeUpDay) | s | flagWorking
	}
	if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return uint8(Weekend) | s
	}
	return uint8(Workday) | s | flagWorking
}

// ruleFlags is a day of a year no notice covers: weekends plus statutory holidays.
func ruleFlags(d Date) (uint8, string) {
	if name := statutoryName(d); name != "" {
		return dayFlags(d, true, false, SourceComputed), name
	}
	return dayFlags(d, false, false, SourceRule), ""
}

// at returns the flags and name index of d; days outside the span (before 2008 or after 2060
// unless loaded years reach further) are computed on the fly.
func (c *Calendar) at(d Date) (uint8, string) {
	if i := d.Sub(c.base); i >= 0 && i < len(c.flags) {
		return c.flags[i], c.nameTab[c.names[i]]
	}
	f, name := ruleFlags(d)
	return f | flagProvisional, name
}

func (c *Calendar) working(d Date) bool {
	if i := d.Sub(c.base); i >= 0 && i < len(c.flags) {
		return c.flags[i]&flagWorking != 0
	}
	f, _ := ruleFlags(d)
	return f&flagWorking != 0
}

// IsWorkingDay reports whether d is a working day: Monday–Friday not listed off, or a listed
// make-up day, and not a local closure.
func (c *Calendar) IsWorkingDay(d Date) bool { return c.working(d) }

// Day describes d.
func (c *Calendar) Day(d Date) DayInfo {
	f, name := c.at(d)
	return DayInfo{
		Date:        d,
		Kind:        DayKind(f & kindMask),
		Working:     f&flagWorking != 0,
		Name:        name,
		Source:      Source(f & sourceMask >> sourceShift),
		Provisional: f&flagProvisional != 0,
	}
}

// Covered returns the first and last year for which a notice is loaded; 0, 0 if none.
func (c *Calendar) Covered() (firstYear, lastYear int) { return c.first, c.last }

// Certain returns the days whose status no future notice can change: 1 January of the first
// covered year to 24 December of the last (the next year's notice may still move the days
// around 元旦). ok is false when no year is loaded.
func (c *Calendar) Certain() (from, to Date, ok bool) {
	if c.first == 0 {
		return Date{}, Date{}, false
	}
	return c.certLo, c.certHi, true
}
