// Package subscribe is the public's email subscriptions (issue 13): to a unit, a domain or a
// search query, mailed at each publication or in a daily digest, confirmed by a link in an
// email before anything else is sent (double opt-in), ended by a one-click link (RFC 8058).
// Plain Go: no SQL, no SMTP, no clock.
package subscribe

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"gongkai/internal/errs"
)

// Frequency is how often a subscriber hears.
type Frequency string

const (
	Immediate Frequency = "immediate" // one email per publication
	Daily     Frequency = "daily"     // one digest a day, when there is something
)

// Label is the frequency's Chinese name.
func (f Frequency) Label() string {
	switch f {
	case Immediate:
		return "每次发布时"
	case Daily:
		return "每日汇总"
	}
	return string(f)
}

// State is where a subscription stands.
type State string

const (
	StatePending      State = "pending"      // waiting for the confirmation link
	StateConfirmed    State = "confirmed"    // mailed
	StateUnsubscribed State = "unsubscribed" // ended
)

// Subscription is one address's interest.
type Subscription struct {
	ID           int64
	Email        string
	Unit         string // unit code ("" = any unit; then Query is required)
	Domain       string // domain code within the unit ("" = all)
	Query        string // words that must all appear in the title or summary ("" = any)
	Frequency    Frequency
	State        State
	CreatedAt    time.Time
	ConfirmedAt  time.Time
	LastDigestAt time.Time
}

// Normalize trims what people type.
func (s *Subscription) Normalize() {
	s.Email = strings.TrimSpace(s.Email)
	s.Unit, s.Domain, s.Query = strings.TrimSpace(s.Unit), strings.TrimSpace(s.Domain), strings.Join(strings.Fields(s.Query), " ")
}

// Validate checks the form: a plain email address, a scope (a unit, a unit's domain, or a
// query) and a frequency.
func (s Subscription) Validate() error {
	var fe []errs.FieldError
	addr, err := mail.ParseAddress(s.Email)
	switch {
	case s.Email == "":
		fe = append(fe, errs.FieldError{Field: "email", Label: "电子邮箱", Message: "不能为空"})
	case err != nil || addr.Address != s.Email || len(s.Email) > 254 || !strings.Contains(s.Email[strings.LastIndex(s.Email, "@")+1:], "."):
		fe = append(fe, errs.FieldError{Field: "email", Label: "电子邮箱", Message: "不是有效的电子邮箱地址"})
	}
	if s.Unit == "" && s.Query == "" {
		fe = append(fe, errs.FieldError{Field: "unit", Label: "订阅范围", Message: "请选择单位，或填写关键词"})
	}
	if s.Domain != "" && s.Unit == "" {
		fe = append(fe, errs.FieldError{Field: "domain", Label: "领域", Message: "请先选择单位"})
	}
	if utf8.RuneCountInString(s.Query) > 50 {
		fe = append(fe, errs.FieldError{Field: "q", Label: "关键词", Message: "不能超过50字"})
	}
	if s.Frequency != Immediate && s.Frequency != Daily {
		fe = append(fe, errs.FieldError{Field: "frequency", Label: "发送频率", Message: "须为“每次发布时”或“每日汇总”"})
	}
	if len(fe) > 0 {
		return errs.Fields("订阅信息有误", fe...)
	}
	return nil
}

// Item is what a subscription is matched against: a published record.
type Item struct {
	ID          int64
	Unit        string
	Domain      string
	Title       string
	Summary     string
	URL         string
	PublishedAt time.Time
}

// Matches reports whether the item falls under the subscription.
func (s Subscription) Matches(it Item) bool {
	if s.Unit != "" && s.Unit != it.Unit || s.Domain != "" && s.Domain != it.Domain {
		return false
	}
	text := strings.ToLower(it.Title + " " + it.Summary)
	for _, w := range strings.Fields(strings.ToLower(s.Query)) {
		if !strings.Contains(text, w) {
			return false
		}
	}
	return true
}

// NewToken returns a random token for a link and the hash that is stored of it.
func NewToken() (token, hash string) {
	var b [24]byte
	rand.Read(b[:])
	token = base64.RawURLEncoding.EncodeToString(b[:])
	return token, HashToken(token)
}

// HashToken is what is stored of a link's token: a link found in a database dump is useless.
func HashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// Mail kinds.
const (
	MailRecord = "record" // one publication, to an immediate subscriber
	MailDigest = "digest" // the day's publications, to a daily subscriber
)

// Mail is an email owed to a subscriber: an outbox row.
type Mail struct {
	ID             int64
	SubscriptionID int64
	Kind           string
	RecordIDs      []int64
	Key            string // idempotency key: one row per (subscription, record) or (subscription, day)
	Attempts       int
	LastError      string
	State          string // pending, sent, skipped, failed

	Subscription Subscription // filled in when claimed
}
