package record

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
)

// Consultation fields (决策预公开): a record of KindConsultation is a draft decision published
// for comment; a decision that follows one names it.
const (
	FieldCommentsUntil     = "comments_until"
	FieldShortPeriodReason = "short_period_reason"
	FieldDraftingNote      = "drafting_note"
	FieldConsultation      = "consultation_id"
)

// MinCommentDays is the shortest comment period without a stated reason: 重大行政决策程序暂行条例
// Art.15 ("征求意见期限一般不少于30日").
const MinCommentDays = 30

// Consultation is what a draft decision carries besides the record's content.
type Consultation struct {
	CommentsUntil     calendar.Date // last day comments are taken (inclusive)
	ShortPeriodReason string        // required, and shown publicly, when the period is under MinCommentDays
	DraftingNote      string        // 起草说明
}

// consultationLabel names the consultation fields (see FieldLabel).
func consultationLabel(field string) string {
	switch field {
	case FieldCommentsUntil:
		return "征求意见截止日期"
	case FieldShortPeriodReason:
		return "征求意见期少于30日的理由"
	case FieldDraftingNote:
		return "起草说明"
	case FieldConsultation:
		return "所依据的征求意见"
	}
	return ""
}

// PeriodDays is the length of the comment period in days when it opens on day from
// (the publication day), both days counted.
func (c Consultation) PeriodDays(from calendar.Date) int {
	if c.CommentsUntil.IsZero() || from.IsZero() {
		return 0
	}
	return c.CommentsUntil.Sub(from) + 1
}

// DaysLeft is the countdown shown on the public page: the days comments are still taken,
// today included; 0 once the period has closed.
func (c Consultation) DaysLeft(today calendar.Date) int {
	if c.CommentsUntil.IsZero() || today.After(c.CommentsUntil) {
		return 0
	}
	return c.CommentsUntil.Sub(today) + 1
}

// Open reports whether comments are taken on day today.
func (c Consultation) Open(today calendar.Date) bool { return c.DaysLeft(today) > 0 }

// checkPeriod checks the period as it would run if the consultation opened on day from.
func (c Consultation) checkPeriod(from calendar.Date) []errs.FieldError {
	var fe []errs.FieldError
	switch {
	case c.CommentsUntil.IsZero():
		fe = append(fe, fieldErr(FieldCommentsUntil, "征求意见稿须填写征求意见截止日期"))
	case c.CommentsUntil.Before(from):
		fe = append(fe, fieldErr(FieldCommentsUntil, "不能早于今天（"+from.String()+"）"))
	case c.PeriodDays(from) < MinCommentDays && strings.TrimSpace(c.ShortPeriodReason) == "":
		fe = append(fe, fieldErr(FieldShortPeriodReason, fmt.Sprintf("征求意见期为%d日，少于%d日的须说明理由（将向社会公开）", c.PeriodDays(from), MinCommentDays)))
	}
	return fe
}

// consultationBounds checks the lengths of the consultation fields (every saved revision).
func (r Record) consultationBounds() []errs.FieldError {
	var fe []errs.FieldError
	for _, f := range []struct {
		field, value string
		max          int
	}{{FieldShortPeriodReason, r.Consultation.ShortPeriodReason, MaxNoteLen}, {FieldDraftingNote, r.Consultation.DraftingNote, MaxSummaryLen * 10}} {
		if n := utf8.RuneCountInString(strings.TrimSpace(f.value)); n > f.max {
			fe = append(fe, fieldErr(f.field, fmt.Sprintf("不能超过%d字（现为%d字）", f.max, n)))
		}
	}
	if r.ConsultationID < 0 {
		fe = append(fe, fieldErr(FieldConsultation, "编号无效"))
	}
	return fe
}

// consultationValid is what Validate adds for a consultation: the period, counted from today.
func (r Record) consultationValid(today calendar.Date) []errs.FieldError {
	if r.Kind != KindConsultation {
		return nil
	}
	return r.Consultation.checkPeriod(today)
}

// consultationReady blocks publication of a consultation whose period no longer fits (its
// last day has passed, or it has become shorter than 30 days with no reason) and the approval
// of a decision before the feedback on its consultation is published.
func consultationReady(r Record, a Action, now time.Time) error {
	if a.Kind != ActionApprove && a.Kind != ActionPublishDue {
		return nil
	}
	if r.Kind == KindConsultation && !r.IsAmendment() {
		from := calendar.DateOf(now)
		if a.Kind == ActionApprove && a.At.After(now) {
			from = calendar.DateOf(a.At)
		}
		if fe := r.Consultation.checkPeriod(from); len(fe) > 0 {
			return errs.E(errs.Conflict, "不能%s：%s，请退回修改征求意见截止日期", a.Kind.Label(), fe[0].Message)
		}
	}
	if r.ConsultationID != 0 && !r.ConsultationFeedbackPublished {
		return errs.E(errs.Conflict, "所依据的征求意见（编号%d）尚未公布意见采纳情况，不能%s", r.ConsultationID, a.Kind.Label())
	}
	return nil
}
