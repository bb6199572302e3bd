package record

import "gongkai/internal/calendar"

// Force is whether a document is in force on a given day (its 有效性 as the day makes it):
// the state follows 施行日期, 失效日期 and a repeal by another document on their day, with
// nobody having to change the record.
type Force string

// The states of a document's force. ForceUnstated: the record states no validity (most kinds
// other than policy documents).
const (
	ForceUnstated Force = ""
	ForcePending  Force = "pending"  // 尚未施行
	ForceInForce  Force = "in_force" // 现行有效
	ForceLapsed   Force = "lapsed"   // 已失效
	ForceRepealed Force = "repealed" // 已废止
)

// Label is the Chinese name shown to the public.
func (f Force) Label() string {
	switch f {
	case ForcePending:
		return "尚未施行"
	case ForceInForce:
		return "现行有效"
	case ForceLapsed:
		return "已失效"
	case ForceRepealed:
		return "已废止"
	}
	return ""
}

// Ended reports whether the document is no longer in force.
func (f Force) Ended() bool { return f == ForceLapsed || f == ForceRepealed }

// EndsOn is the first day r is no longer in force, zero when none is known: the earliest of its
// 失效日期, the 废止日期 or 失效日期 stated with a validity of 废止 or 失效, and the day a
// repeal by another document takes effect.
func (r Record) EndsOn() calendar.Date {
	var end calendar.Date
	take := func(d calendar.Date) {
		if !d.IsZero() && (end.IsZero() || d.Before(end)) {
			end = d
		}
	}
	take(r.ExpiresOn)
	if r.Validity == ValidityRepealed || r.Validity == ValidityExpired {
		take(r.RepealedOn)
	}
	if r.RepealedBy != 0 {
		take(r.RepealedFrom)
	}
	return end
}

// ForceOn is r's state of force on day.
func (r Record) ForceOn(day calendar.Date) Force {
	if r.Validity == "" && r.EffectiveOn.IsZero() && r.ExpiresOn.IsZero() && r.RepealedBy == 0 {
		return ForceUnstated
	}
	repealed := func() Force {
		if r.Validity == ValidityRepealed || r.RepealedBy != 0 {
			return ForceRepealed
		}
		return ForceLapsed
	}
	end := r.EndsOn()
	switch {
	case !end.IsZero() && !day.Before(end):
		if r.RepealedBy != 0 && r.RepealedFrom == end {
			return ForceRepealed
		}
		if r.ExpiresOn == end && r.Validity != ValidityRepealed {
			return ForceLapsed
		}
		return repealed()
	case end.IsZero() && (r.Validity == ValidityRepealed || r.Validity == ValidityExpired):
		return repealed() // stated without a day: ended already
	case !r.EffectiveOn.IsZero() && day.Before(r.EffectiveOn):
		return ForcePending
	}
	return ForceInForce
}

// RepealFrom is the day the repeals of r take effect: its 施行日期, else the day of its
// publication (published, in China).
func (r Record) RepealFrom(published calendar.Date) calendar.Date {
	if !r.EffectiveOn.IsZero() && r.EffectiveOn.After(published) {
		return r.EffectiveOn
	}
	return published
}
