// Package participation holds public participation (公众参与): comments on consultations of
// draft decisions (决策预公开), their moderation and the published feedback (意见采纳情况), and
// public questions to a unit (政民互动) answered on the working-day clock. Plain Go: no SQL, no
// HTTP, no clock — time comes in as an argument.
package participation

import (
	"net/mail"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"gongkai/internal/errs"
)

// Lengths, in characters.
const (
	MaxCommentLen  = 1500 // a full comment, URL-encoded, stays under the public body limit (16 KiB)
	MaxQuestionLen = 1500
	MaxTitleLen    = 100
	MaxNameLen     = 30
	MaxContactLen  = 100
	MaxReasonLen   = 500
	MaxAnswerLen   = 20000
	MaxIssueLen    = 50
)

// Limits bound how often one client writes (comments and questions count together).
type Limits struct {
	PerHour int // submissions per client per hour
}

// DefaultLimits: ten an hour, far above what a person writes and far below a flood.
var DefaultLimits = Limits{PerHour: 10}

// ErrTooOften refuses a client over its limit (HTTP 429).
var ErrTooOften = errs.E(errs.Conflict, "提交过于频繁，请一小时后再试")

var (
	mobileRe   = regexp.MustCompile(`^1[3-9][0-9]{9}$`)
	landlineRe = regexp.MustCompile(`^(0[0-9]{2,3}-?)?[2-9][0-9]{6,7}(-[0-9]{1,6})?$`)
)

// ValidContact reports whether s is a mobile or landline number or an email address.
func ValidContact(s string) bool {
	s = strings.TrimSpace(s)
	if strings.Contains(s, "@") {
		a, err := mail.ParseAddress(s)
		return err == nil && a.Address == s && a.Name == "" && strings.Contains(s[strings.LastIndex(s, "@"):], ".")
	}
	d := strings.NewReplacer(" ", "", "（", "", "）", "", "(", "", ")", "").Replace(s)
	d = strings.TrimPrefix(d, "+86")
	return mobileRe.MatchString(d) || landlineRe.MatchString(d)
}

// textField checks a required or optional text's length.
func textField(fe []errs.FieldError, field, label, v string, required bool, max int) []errs.FieldError {
	n := utf8.RuneCountInString(strings.TrimSpace(v))
	switch {
	case n == 0 && required:
		fe = append(fe, errs.FieldError{Field: field, Label: label, Message: "不能为空"})
	case n > max:
		fe = append(fe, errs.FieldError{Field: field, Label: label, Message: "不能超过" + itoa(max) + "字（现为" + itoa(n) + "字）"})
	}
	return fe
}

func itoa(n int) string { return strconv.Itoa(n) }

// contactField checks the contact: required, valid, never published.
func contactField(fe []errs.FieldError, v string) []errs.FieldError {
	v = strings.TrimSpace(v)
	switch {
	case v == "":
		return append(fe, errs.FieldError{Field: "contact", Label: "联系方式", Message: "请填写手机、电话或电子邮箱（不公开）"})
	case utf8.RuneCountInString(v) > MaxContactLen || !ValidContact(v):
		return append(fe, errs.FieldError{Field: "contact", Label: "联系方式", Message: "应为手机号码、固定电话或电子邮箱"})
	}
	return fe
}
