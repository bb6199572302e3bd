// Package rating holds citizens' ratings of catalog and record pages (满意度评价): the values
// and their Chinese names, what a valid rating is, how often one client may rate, and how
// ratings are summed up.
package rating

import (
	"time"

	"gongkai/internal/errs"
)

// Rating values.
const (
	Satisfied = 1 // 满意
	Fair      = 2 // 基本满意
	Poor      = 3 // 不满意
)

// Label is the Chinese name of a rating value.
func Label(v int) string {
	switch v {
	case Satisfied:
		return "满意"
	case Fair:
		return "基本满意"
	case Poor:
		return "不满意"
	}
	return ""
}

// Rating is one citizen's rating.
type Rating struct {
	SubjectType string // "catalog" or "record"
	SubjectID   int64
	UnitID      int64
	Domain      string
	EntryKey    string
	Value       int
	Reason      string
	Client      string // salted hash of the client
	CreatedAt   time.Time
}

// MaxReason bounds the written opinion, in characters.
const MaxReason = 500

// Validate checks the value and the length of the opinion.
func (r Rating) Validate() error {
	if r.Value < Satisfied || r.Value > Poor {
		return errs.Fields("评价有误", errs.FieldError{Field: "value", Label: "评价", Message: "请选择满意、基本满意或不满意"})
	}
	if n := len([]rune(r.Reason)); n > MaxReason {
		return errs.Fields("评价有误", errs.FieldError{Field: "reason", Label: "意见", Message: "不能超过500字"})
	}
	return nil
}

// The refusals of a rating when a client is over its limits.
var (
	ErrRatedBefore = errs.E(errs.Conflict, "您已评价过本页面，感谢参与")
	ErrTooOften    = errs.E(errs.Conflict, "评价过于频繁，请稍后再试")
)

// Limits bound how often one client rates.
type Limits struct {
	PerSubject time.Duration // one rating of the same page per client in this window
	PerHour    int           // ratings per client per hour, all pages
}

// Summary counts ratings for one group (a unit, a domain or an entry).
type Summary struct {
	UnitID    int64
	Domain    string
	EntryKey  string
	Satisfied int
	Fair      int
	Poor      int
}

// Total is the number of ratings.
func (r Summary) Total() int { return r.Satisfied + r.Fair + r.Poor }

// Rate is the satisfaction rate in percent: 满意 counts fully, 基本满意 half.
func (r Summary) Rate() float64 {
	if r.Total() == 0 {
		return 0
	}
	return float64(2*r.Satisfied+r.Fair) * 50 / float64(r.Total())
}
