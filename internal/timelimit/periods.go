package timelimit

import (
	"strconv"
	"time"

	"gongkai/internal/calendar"
)

// Period is one period of a Periodic rule with the day by which its information is due.
type Period struct {
	Start, End calendar.Date // the period the information covers
	Due        calendar.Due  // the last day to publish it
	Label      string        // "2026年第3季度", "2026年11月", "2025年度"
}

// maxPeriods bounds what Periods returns: a forgotten entry of a weekly rule over years
// should not flood a page.
const maxPeriods = 120

// Periods lists the periods of a Periodic rule whose due day falls after since and on or
// before until, oldest first: the publications the rule required in that window.
//
//   - 每年M月D日前: the information of the previous year, due on M-D;
//   - 每月D日前: that of the previous month, due on the D-th;
//   - 每X结束后N日内: that of each period, due N (working or calendar) days after its end;
//   - 每X (公开/更新): that of each period, due on its last day.
//
// Other rules have no periods (nil).
func (r Rule) Periods(cal *calendar.Calendar, since, until calendar.Date) []Period {
	if r.Kind != Periodic || r.Every == NoInterval || until.Before(since) {
		return nil
	}
	// Start from the period containing a day well before since, so that a due day after its
	// period's end (a report of the previous year) is not missed.
	start := periodStart(r.Every, since.AddDays(-400))
	var out []Period
	for i := 0; i < 2000 && len(out) < maxPeriods; i++ {
		next := advance(r.Every, start)
		p := Period{Start: start, End: next.AddDays(-1), Label: periodLabel(r.Every, start)}
		p.Due = r.periodDue(cal, p)
		if p.Due.Date.After(until) {
			break
		}
		if p.Due.Date.After(since) {
			out = append(out, p)
		}
		start = next
	}
	return out
}

func (r Rule) periodDue(cal *calendar.Calendar, p Period) calendar.Due {
	switch {
	case r.ByMonth != 0: // 每年M月D日前: the year after the period
		d, err := calendar.NewDate(p.End.Year()+1, time.Month(r.ByMonth), r.ByDay)
		if err != nil {
			d = p.End
		}
		return calendar.Due{From: p.End, Date: d}
	case r.ByDay != 0: // 每月D日前: the month after the period
		first := p.End.AddDays(1)
		d, err := calendar.NewDate(first.Year(), first.Month(), r.ByDay)
		if err != nil {
			d = first
		}
		return calendar.Due{From: p.End, Date: d}
	case !r.Limit.IsZero():
		return cal.Compute(p.End, r.Limit.N, r.Limit.Unit)
	}
	return calendar.Due{From: p.End, Date: p.End}
}

// periodStart is the first day of the period of interval iv that contains d.
func periodStart(iv Interval, d calendar.Date) calendar.Date {
	y, m := d.Year(), d.Month()
	first := func(y int, m time.Month) calendar.Date {
		x, _ := calendar.NewDate(y, m, 1)
		return x
	}
	switch iv {
	case Weekly:
		return d.AddDays(-((int(d.Weekday()) + 6) % 7)) // Monday
	case Monthly:
		return first(y, m)
	case Quarterly:
		return first(y, time.Month((int(m)-1)/3*3+1))
	case HalfYearly:
		return first(y, time.Month((int(m)-1)/6*6+1))
	}
	return first(y, time.January)
}

// advance is the first day of the period after the one starting on start.
func advance(iv Interval, start calendar.Date) calendar.Date {
	months := map[Interval]int{Monthly: 1, Quarterly: 3, HalfYearly: 6, Yearly: 12}[iv]
	if iv == Weekly {
		return start.AddDays(7)
	}
	y, m := start.Year(), int(start.Month())-1+months
	d, _ := calendar.NewDate(y+m/12, time.Month(m%12+1), 1)
	return d
}

func periodLabel(iv Interval, start calendar.Date) string {
	y := strconv.Itoa(start.Year()) + "年"
	m := int(start.Month())
	switch iv {
	case Weekly:
		return start.String() + "起一周"
	case Monthly:
		return y + strconv.Itoa(m) + "月"
	case Quarterly:
		return y + "第" + strconv.Itoa((m-1)/3+1) + "季度"
	case HalfYearly:
		if m <= 6 {
			return y + "上半年"
		}
		return y + "下半年"
	}
	return y[:len(y)-len("年")] + "年度"
}

// Covered reports, for periods in order, which of them a publication covers: a publication
// on day d covers the period whose window (the previous period's due day, its own due day]
// holds d. Each period is covered by a publication in its own window.
func Covered(periods []Period, published []calendar.Date) []bool {
	out := make([]bool, len(periods))
	for i, p := range periods {
		lo := calendar.Date{}
		if i > 0 {
			lo = periods[i-1].Due.Date
		} else {
			lo = p.Start.AddDays(-1)
			if p.Due.Date.After(p.End) {
				lo = p.End // a report published after its period ends (the usual case)
			}
		}
		for _, d := range published {
			if d.After(lo) && !d.After(p.Due.Date) {
				out[i] = true
				break
			}
		}
	}
	return out
}
