// Package timelimit understands the 公开时限 column of a standard catalog: free text such as
// "信息形成或者变更之日起20个工作日内" or "10个工作日内，公示7个工作日", turned into a Rule the
// calendar can compute with.
//
// The parser never guesses: a text that is not fully accounted for by the known phrasings is
// Unrecognized, kept verbatim and flagged for a person (NeedsReview).
package timelimit

import (
	"strconv"

	"gongkai/internal/calendar"
)

// Kind is what a time limit says.
type Kind uint8

const (
	Unrecognized Kind = iota // not understood: shown verbatim, a person decides
	WorkingDays              // N个工作日内 (from an event)
	CalendarDays             // N日内 / N天内 (from an event)
	Publicity                // only a publicity period: 公示7个工作日
	Immediate                // 实时 / 即时 / 及时 / 随时
	LongTerm                 // 长期公开 / 常态化公开
	Periodic                 // 每季度 / 每年3月31日前 / 每月结束后10日内 …
	SameAsAbove              // 同上: the rule of the row above (see Resolve)
)

// String returns the Chinese name of the kind, for filters and labels.
func (k Kind) String() string {
	switch k {
	case Unrecognized:
		return "无法识别"
	case WorkingDays:
		return "工作日时限"
	case CalendarDays:
		return "自然日时限"
	case Publicity:
		return "公示期"
	case Immediate:
		return "即时公开"
	case LongTerm:
		return "长期公开"
	case Periodic:
		return "定期公开"
	case SameAsAbove:
		return "同上"
	}
	return "?"
}

// Span is a length of time: N working or calendar days.
type Span struct {
	N    int
	Unit calendar.Unit
}

// IsZero reports whether s is unset.
func (s Span) IsZero() bool { return s.N == 0 }

func (s Span) String() string { return strconv.Itoa(s.N) + s.Unit.String() }

// Interval is the period of a Periodic rule.
type Interval uint8

const (
	NoInterval Interval = iota
	Weekly
	Monthly
	Quarterly
	HalfYearly
	Yearly
)

// String returns the Chinese prefix: 每周, 每月, 每季度, 每半年, 每年.
func (iv Interval) String() string {
	switch iv {
	case Weekly:
		return "每周"
	case Monthly:
		return "每月"
	case Quarterly:
		return "每季度"
	case HalfYearly:
		return "每半年"
	case Yearly:
		return "每年"
	}
	return ""
}

// Rule is one parsed time limit. Text is always the original cell, unchanged.
type Rule struct {
	Text string
	Kind Kind

	// Event starts the period, without the linking 起/后: "信息形成或者变更之日",
	// "本级人民代表大会或其常务委员会批准". Empty when the text names none.
	Event string
	// Limit is the deadline for WorkingDays and CalendarDays, and the delay after the end of
	// the period for Periodic ("每季度结束后15日内").
	Limit Span
	// Publicity is a publicity period that comes alone (Kind Publicity) or with a deadline.
	Publicity Span
	// Word is the wording of Immediate (实时/即时/及时/随时) and LongTerm (长期/常态化/常年/持续).
	Word string

	// Periodic: Every, and optionally a fixed day by which to publish (每年3月31日前: ByMonth 3,
	// ByDay 31; 每月10日前: ByDay 10).
	Every          Interval
	ByMonth, ByDay int

	// Inherited is set by Resolve on a 同上 row that took the rule of the row above.
	Inherited bool
}

// NeedsReview reports whether a person must look at the text: it was not understood, or it is
// an unresolved 同上.
func (r Rule) NeedsReview() bool { return r.Kind == Unrecognized || r.Kind == SameAsAbove }

// Resolve returns the rule for a 同上 row given the (already resolved) rule of the row above;
// other rules are returned unchanged. The original text "同上" is kept.
func (r Rule) Resolve(prev Rule) Rule {
	if r.Kind != SameAsAbove {
		return r
	}
	out := prev
	out.Text = r.Text
	out.Inherited = prev.Kind != SameAsAbove
	return out
}

// ResolveAll resolves a column of rules top to bottom, so chains of 同上 take the last rule
// stated. A 同上 in the first row stays SameAsAbove (and NeedsReview).
func ResolveAll(rules []Rule) []Rule {
	out := make([]Rule, len(rules))
	for i, r := range rules {
		if i > 0 {
			r = r.Resolve(out[i-1])
		}
		out[i] = r
	}
	return out
}

// Due computes the deadline for an event on the given day, where the rule has one:
// WorkingDays and CalendarDays count from the event day (not counted); Immediate is due on the
// event day itself if it is a working day, otherwise on the next working day — "实时/及时" leave
// no waiting time, but nobody can publish on a day the office is closed. Publicity, LongTerm,
// Periodic, SameAsAbove and Unrecognized have no single deadline: ok is false.
func (r Rule) Due(cal *calendar.Calendar, event calendar.Date) (due calendar.Due, ok bool) {
	switch r.Kind {
	case WorkingDays, CalendarDays:
		return cal.Compute(event, r.Limit.N, r.Limit.Unit), true
	case Immediate:
		return cal.AddWorkingDays(event, 0), true
	}
	return calendar.Due{}, false
}

// CountsFromEvent reports whether the rule counts its deadline from the day of an event — the
// day the information was formed or changed (信息形成或者变更之日), or the event it names — so
// that a record under it must say when that was (record.Record.FormedOn): without the day there
// is no deadline, and a default such as the day a clerk keyed the record in would hide lateness.
func (r Rule) CountsFromEvent() bool {
	return r.Kind == WorkingDays || r.Kind == CalendarDays || r.Kind == Immediate
}

// PublicityEnd computes the last day of the publicity period starting on start (the day of
// posting is not counted), where the rule has one.
func (r Rule) PublicityEnd(cal *calendar.Calendar, start calendar.Date) (calendar.Due, bool) {
	if r.Publicity.IsZero() {
		return calendar.Due{}, false
	}
	return cal.Compute(start, r.Publicity.N, r.Publicity.Unit), true
}
