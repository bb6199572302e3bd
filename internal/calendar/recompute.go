package calendar

// Computation is a stored period: what the storage layer keeps per deadline so due dates can be
// recomputed when the calendar changes (a new year's notice, a local closure).
type Computation struct {
	From Date
	N    int
	Unit Unit
}

// Change is one computation whose result differs between two calendars.
type Change struct {
	Index    int // position in the input slice
	Old, New Due
}

// Recompute returns the computations whose due date or provisional flag differs between old
// and new, in input order. It is pure and allocation-free when nothing changes; the caller
// updates its rows. The provisional flag counts as a change because the interface shows it: a
// date confirmed by a newly loaded notice must lose its "仅供参考".
func Recompute(old, new *Calendar, comps []Computation) []Change {
	var out []Change
	for i, c := range comps {
		a := old.Compute(c.From, c.N, c.Unit)
		b := new.Compute(c.From, c.N, c.Unit)
		if a.Date != b.Date || a.Provisional != b.Provisional {
			out = append(out, Change{Index: i, Old: a, New: b})
		}
	}
	return out
}

// ChangedDays returns the first and last day whose working status or provisional flag differs
// between old and new. A result depends only on the days between its event day and its due date
// (inclusive), so the storage layer need only pass to Recompute the rows whose span overlaps
// [first, last] (for positive N: event day <= last and stored due date >= first). ok is false
// when the calendars agree everywhere.
func ChangedDays(old, new *Calendar) (first, last Date, ok bool) {
	lo := old.base
	if new.base.Before(lo) {
		lo = new.base
	}
	hi := old.base.AddDays(len(old.flags) - 1)
	if e := new.base.AddDays(len(new.flags) - 1); e.After(hi) {
		hi = e
	}
	const cmpMask = flagWorking | flagProvisional
	for d := lo; !d.After(hi); d = d.AddDays(1) {
		a, _ := old.at(d)
		b, _ := new.at(d)
		if a&cmpMask != b&cmpMask {
			if !ok {
				first, ok = d, true
			}
			last = d
		}
	}
	return first, last, ok
}
