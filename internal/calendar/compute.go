package calendar

// Unit is how a period is counted.
type Unit uint8

const (
	WorkingDays  Unit = iota + 1 // 个工作日
	CalendarDays                 // 日 (natural days; 民法典 第203条 applies to the last day)
)

// String returns the Chinese unit as used after a number: "个工作日" or "日".
func (u Unit) String() string {
	switch u {
	case WorkingDays:
		return "个工作日"
	case CalendarDays:
		return "日"
	}
	return "?"
}

// Due is the result of a period computation, kept as a value so it can be stored, compared and
// explained later.
type Due struct {
	From Date // the event day (not counted)
	N    int  // length of the period; negative counts backwards
	Unit Unit
	// Date is the last day of the period: always a working day.
	Date Date
	// Nominal is From+N for calendar days before the 第203条 extension to a working day; for
	// working days it equals Date.
	Nominal Date
	// Provisional is true when the computation touched a day whose status a notice not yet
	// loaded may change; Reason then says which (in Chinese).
	Provisional bool
	Reason      string

	cal *Calendar // for Explain; nil on a Due rebuilt from storage
}

// Extended reports whether a calendar-day period ran to a rest day and was extended.
func (d Due) Extended() bool { return d.Date != d.Nominal }

// maxPeriod bounds n (100 years of days): periods are days to months, and a corrupt stored value
// must not make a request walk millions of days. Beyond it the result has a zero Date.
const maxPeriod = 36600

// Compute counts n units from the event day from. An unknown unit, or |n| > 36600, yields a
// zero Date.
func (c *Calendar) Compute(from Date, n int, unit Unit) Due {
	switch unit {
	case WorkingDays:
		return c.AddWorkingDays(from, n)
	case CalendarDays:
		return c.AddDays(from, n)
	}
	return Due{From: from, N: n, Unit: unit, cal: c}
}

// AddWorkingDays returns the n-th working day after from; from itself is never counted, so the
// result is always a working day strictly after from. n == 0 means "the same day": from if it is
// a working day, otherwise the next one. A negative n gives the |n|-th working day before from.
func (c *Calendar) AddWorkingDays(from Date, n int) Due {
	due := Due{From: from, N: n, Unit: WorkingDays, cal: c}
	if n > maxPeriod || n < -maxPeriod {
		return due
	}
	due.Date = c.addWorking(from, n)
	due.Nominal = due.Date
	switch {
	case n > 0:
		c.mark(&due, from.AddDays(1), due.Date)
	case n == 0:
		c.mark(&due, from, due.Date)
	default:
		c.mark(&due, due.Date, from.AddDays(-1))
	}
	return due
}

// AddDays counts n calendar days after from (from not counted). If the last day is not a working
// day the period ends on the next working day (民法典 第203条: a period whose last day is a
// statutory rest day ends on the day after the rest). A negative n counts backwards and, for a
// reminder that must not come too late, moves a rest day to the working day before it.
func (c *Calendar) AddDays(from Date, n int) Due {
	due := Due{From: from, N: n, Unit: CalendarDays, cal: c}
	if n > maxPeriod || n < -maxPeriod {
		return due
	}
	due.Nominal = from.AddDays(n)
	due.Date = due.Nominal
	if n >= 0 {
		if !c.working(due.Date) {
			due.Date = c.addWorking(due.Date, 1)
		}
		c.mark(&due, due.Nominal, due.Date)
	} else {
		if !c.working(due.Date) {
			due.Date = c.addWorking(due.Date, -1)
		}
		c.mark(&due, due.Date, due.Nominal)
	}
	return due
}

// NextWorkingDay returns the first working day strictly after d.
func (c *Calendar) NextWorkingDay(d Date) Date { return c.addWorking(d, 1) }

// WorkingDaysBetween counts the working days in (a, b], so that
// WorkingDaysBetween(from, AddWorkingDays(from, n).Date) == n for every n > 0. When b is before
// a the count of (b, a] is returned negated.
func (c *Calendar) WorkingDaysBetween(a, b Date) int {
	if b.Before(a) {
		return -c.WorkingDaysBetween(b, a)
	}
	ai, bi := a.Sub(c.base), b.Sub(c.base)
	if ai >= 0 && bi < len(c.flags) {
		return int(c.cum[bi+1] - c.cum[ai+1])
	}
	count := 0
	for d := a.AddDays(1); !d.After(b); d = d.AddDays(1) {
		if c.working(d) {
			count++
		}
	}
	return count
}

// addWorking is the core: with the running counts it is a binary search inside the span; only
// periods leaving the span walk day by day.
func (c *Calendar) addWorking(from Date, n int) Date {
	if n == 0 {
		if c.working(from) {
			return from
		}
		n = 1
	}
	i := from.Sub(c.base)
	if i >= 0 && i < len(c.flags) {
		if n > 0 {
			// Smallest j > i with cum[j+1] >= cum[i+1]+n; cum only grows on working days, so
			// that j is a working day.
			target := c.cum[i+1] + int32(n)
			if target <= c.cum[len(c.flags)] {
				lo, hi := i+1, len(c.flags)-1
				for lo < hi {
					mid := int(uint(lo+hi) >> 1)
					if c.cum[mid+1] >= target {
						hi = mid
					} else {
						lo = mid + 1
					}
				}
				return c.base.AddDays(lo)
			}
		} else {
			// Largest j < i with cum[j] <= cum[i]+n: then j itself is working and there are
			// exactly -n working days in [j, i).
			target := c.cum[i] + int32(n)
			if target >= 0 {
				lo, hi := 0, i-1
				for lo < hi {
					mid := int(uint(lo+hi+1) >> 1)
					if c.cum[mid] <= target {
						lo = mid
					} else {
						hi = mid - 1
					}
				}
				return c.base.AddDays(lo)
			}
		}
	}
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	d := from
	for n > 0 {
		d = d.AddDays(step)
		if c.working(d) {
			n--
		}
	}
	return d
}
