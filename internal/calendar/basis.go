package calendar

// Basis is what the calendar in force is built from.
type Basis struct {
	Years    []Year // embedded official years, overridden by imported ones
	Imported map[int]bool
	Closures []Closure
}

// Build makes the calendar.
func (cs Basis) Build() (*Calendar, error) { return New(cs.Years, cs.Closures) }

// Outcome is the outcome of a change of the calendar.
type Outcome struct {
	Recomputed int // stored deadlines whose due date moved
}
