package participation

import (
	"strings"
	"time"

	"gongkai/internal/errs"
)

// Adoption is how one issue raised in the comments was used.
type Adoption string

// The outcomes.
const (
	Adopted    Adoption = "adopted"     // 采纳
	Partly     Adoption = "partly"      // 部分采纳
	NotAdopted Adoption = "not_adopted" // 未采纳
)

// Adoptions lists the outcomes in display order.
func Adoptions() []Adoption { return []Adoption{Adopted, Partly, NotAdopted} }

// Label is the Chinese name.
func (a Adoption) Label() string {
	switch a {
	case Adopted:
		return "采纳"
	case Partly:
		return "部分采纳"
	case NotAdopted:
		return "未采纳"
	}
	return string(a)
}

// Valid reports whether a is known.
func (a Adoption) Valid() bool { return a.Label() != string(a) }

// FeedbackItem is the answer to one issue.
type FeedbackItem struct {
	Issue    string   `json:"issue"`
	Adoption Adoption `json:"adoption"`
	Reason   string   `json:"reason"`
}

// Feedback is a consultation's 意见采纳情况, written after the period ends and published with it.
type Feedback struct {
	RecordID    int64
	Summary     string
	Items       []FeedbackItem
	UpdatedAt   time.Time
	UpdatedBy   int64
	PublishedAt time.Time // zero while a draft
	PublishedBy int64
}

// Published reports whether the public sees the feedback.
func (f Feedback) Published() bool { return !f.PublishedAt.IsZero() }

// Validate checks the feedback: at least one issue, each with an outcome; a reason for what
// was not (fully) adopted.
func (f Feedback) Validate() error {
	var fe []errs.FieldError
	fe = textField(fe, "summary", "总体情况", f.Summary, false, MaxAnswerLen)
	if len(f.Items) == 0 {
		fe = append(fe, errs.FieldError{Field: "items", Label: "采纳情况", Message: "请至少填写一条意见的采纳情况"})
	}
	for i, it := range f.Items {
		field := "items." + itoa(i+1)
		label := "第" + itoa(i+1) + "条"
		switch {
		case strings.TrimSpace(it.Issue) == "":
			fe = append(fe, errs.FieldError{Field: field + ".issue", Label: label, Message: "意见概要不能为空"})
		case len([]rune(it.Issue)) > MaxReasonLen:
			fe = append(fe, errs.FieldError{Field: field + ".issue", Label: label, Message: "意见概要不能超过" + itoa(MaxReasonLen) + "字"})
		}
		if !it.Adoption.Valid() {
			fe = append(fe, errs.FieldError{Field: field + ".adoption", Label: label, Message: "请选择采纳、部分采纳或未采纳"})
		} else if it.Adoption != Adopted && strings.TrimSpace(it.Reason) == "" {
			fe = append(fe, errs.FieldError{Field: field + ".reason", Label: label, Message: "部分采纳或未采纳的须说明理由"})
		}
		if len([]rune(it.Reason)) > MaxReasonLen*2 {
			fe = append(fe, errs.FieldError{Field: field + ".reason", Label: label, Message: "理由不能超过" + itoa(MaxReasonLen*2) + "字"})
		}
	}
	if len(fe) > 0 {
		return errs.Fields("意见采纳情况填写有误", fe...)
	}
	return nil
}

// AdoptedCount counts the issues adopted fully or in part.
func (f Feedback) AdoptedCount() int {
	n := 0
	for _, it := range f.Items {
		if it.Adoption == Adopted || it.Adoption == Partly {
			n++
		}
	}
	return n
}

// CanWriteFeedback says whether feedback may be written on day-after-close: only once the
// comment period is over, so that nobody answers comments still coming in.
func CanWriteFeedback(periodOpen bool, alreadyPublished bool) error {
	if periodOpen {
		return errs.E(errs.Conflict, "征求意见期尚未结束，结束后才能填写意见采纳情况")
	}
	if alreadyPublished {
		return errs.E(errs.Conflict, "意见采纳情况已公布，不能再修改")
	}
	return nil
}
