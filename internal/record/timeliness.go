package record

import (
	"strconv"

	"gongkai/internal/calendar"
)

// Timeliness is how a published record kept its deadline, fixed on the day of its first
// publication: a later change of the calendar recomputes the deadlines of what is still
// unpublished, never what was already judged.
type Timeliness struct {
	RecordID    int64
	Due         calendar.Date
	PublishedOn calendar.Date
	OnTime      bool
	// Basis says how the due day was counted, in Chinese: "自2026-09-01起20个工作日".
	Basis       string
	Provisional bool // counted on a provisional calendar
}

// Judge records a publication on published against the due day counted from `from` over n
// units: on time when published on or before the due day.
func Judge(due calendar.Due, from calendar.Date, n int, unit calendar.Unit, published calendar.Date) Timeliness {
	return Timeliness{Due: due.Date, PublishedOn: published, OnTime: !Overdue(due, published), Provisional: due.Provisional,
		Basis: Basis(from, n, unit)}
}

// Basis words a deadline's counting: "自2026-09-01起20个工作日", "2026-09-01当日".
func Basis(from calendar.Date, n int, unit calendar.Unit) string {
	if n == 0 {
		return from.String() + "当日（遇非工作日顺延）"
	}
	return "自" + from.String() + "起" + strconv.Itoa(n) + unit.String()
}

// DaysLate is the number of calendar days between the due day and the publication, 0 when on
// time.
func (t Timeliness) DaysLate() int {
	if t.OnTime {
		return 0
	}
	return t.PublishedOn.Sub(t.Due)
}

// LateItem is a record published after its due day.
type LateItem struct {
	RecordID   int64
	Title      string
	UnitCode   string
	UnitName   string
	IssuerName string
	Timeliness Timeliness
}
