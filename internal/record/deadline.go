package record

import (
	"gongkai/internal/calendar"
	"gongkai/internal/timelimit"
)

// InterpretationWorkingDays is how late a policy interpretation may follow its policy document:
// published with it, at the latest 3 working days after it (国办发〔2016〕19号).
const InterpretationWorkingDays = 3

// DueDate returns the day by which r must be published, and false when no single deadline
// applies (a long-term or periodic item, an unrecognised time limit, a missing event date).
//
//   - A policy interpretation is due InterpretationWorkingDays after its policy's first
//     publication (r.PolicyPublishedOn); before the policy is published it has no due date of
//     its own, since it is to be published with the policy. The entry's rule does not apply:
//     the national rule for interpretations is the stricter and more specific one.
//   - Every other record is due by its entry's time-limit rule, counted from r.FormedOn (the day
//     the information was formed or changed, i.e. the rule's event).
//
// entryRule is the parsed 公开时限 of r's catalog entry (timelimit.Parse(r.TimeLimitText), with
// 同上 resolved against the rows above in the catalog).
func DueDate(r Record, entryRule timelimit.Rule, cal *calendar.Calendar) (calendar.Due, bool) {
	if r.Kind == KindInterpretation {
		if r.PolicyPublishedOn.IsZero() {
			return calendar.Due{}, false
		}
		return InterpretationDue(cal, r.PolicyPublishedOn), true
	}
	if r.FormedOn.IsZero() {
		return calendar.Due{}, false
	}
	return entryRule.Due(cal, r.FormedOn)
}

// InterpretationDue is the due date of an interpretation of a policy published on policyDay.
func InterpretationDue(cal *calendar.Calendar, policyDay calendar.Date) calendar.Due {
	return cal.AddWorkingDays(policyDay, InterpretationWorkingDays)
}

// PublicityEnd returns the last day of a publicity notice's 公示期, counted from its first day
// of posting (r.PublicityStart, else the day it was published; that day itself is not counted),
// and false when r has no period or has not been posted yet.
func PublicityEnd(r Record, cal *calendar.Calendar) (calendar.Due, bool) {
	if r.Publicity.IsZero() || r.Publicity.N < 0 {
		return calendar.Due{}, false
	}
	start := r.PublicityStart
	if start.IsZero() && !r.PublishedAt.IsZero() {
		start = calendar.DateOf(r.PublishedAt)
	}
	if start.IsZero() {
		return calendar.Due{}, false
	}
	due := cal.Compute(start, r.Publicity.N, r.Publicity.Unit)
	return due, !due.Date.IsZero()
}

// Overdue reports whether a deadline has passed on today: the due day itself is still in time.
// For a record not yet published pass the current day; to tell whether a published record was
// late pass the day it was published.
func Overdue(due calendar.Due, today calendar.Date) bool {
	return !due.Date.IsZero() && today.After(due.Date)
}
