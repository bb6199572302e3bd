// Package notify is the platform's in-app notification centre: a notice to one person or to
// whoever holds a role at an organisation, shown in the staff header and on the
// notifications page until it is read. Every capability (reminders of the pilot campaign,
// public questions, disclosure requests) sends through it. A notification names the subject
// it is about, so that it is sent once per (subject, kind, recipient), however many
// instances try. Plain Go: no SQL, no HTTP, no clock.
package notify

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gongkai/internal/errs"
	"gongkai/internal/org"
)

// Kind says what a notification is about, as a short code ("due_soon", "late",
// "returned", …). Each capability names its own kinds; labels are registered with
// RegisterKind so that the centre can show them.
type Kind string

var kindPattern = regexp.MustCompile(`^[a-z][a-z0-9_.]{0,47}$`)

// Valid reports whether k is a well-formed kind code.
func (k Kind) Valid() bool { return kindPattern.MatchString(string(k)) }

// labels are the Chinese names of the kinds, registered by the capabilities at init time.
var labels = map[Kind]string{}

// RegisterKind gives a kind its Chinese label. It is meant for package init functions; a
// second registration of the same kind panics, so two capabilities cannot clash silently.
func RegisterKind(k Kind, label string) {
	if !k.Valid() {
		panic("notify: invalid kind " + string(k))
	}
	if _, dup := labels[k]; dup {
		panic("notify: kind registered twice: " + string(k))
	}
	labels[k] = label
}

// Label is the Chinese name of the kind; 通知 for a kind nobody registered.
func (k Kind) Label() string {
	if l, ok := labels[k]; ok {
		return l
	}
	return "通知"
}

// Recipient is either one person (PersonID) or everybody holding Role at the organisation
// OrgID itself (not its ancestors: a province supervisor is not told what a unit's
// administrator must do).
type Recipient struct {
	PersonID int64
	OrgID    int64
	Role     org.Role
}

// ToPerson addresses one person.
func ToPerson(id int64) Recipient { return Recipient{PersonID: id} }

// ToRole addresses whoever holds role at the organisation.
func ToRole(orgID int64, role org.Role) Recipient { return Recipient{OrgID: orgID, Role: role} }

// Key is the recipient's part of the once-only key: "p:12" or "o:5:unit_admin".
func (r Recipient) Key() string {
	if r.PersonID != 0 {
		return "p:" + strconv.FormatInt(r.PersonID, 10)
	}
	return fmt.Sprintf("o:%d:%s", r.OrgID, r.Role)
}

// Reaches reports whether a person with these grants receives what is sent to r.
func (r Recipient) Reaches(personID int64, grants []org.Grant) bool {
	if r.PersonID != 0 {
		return r.PersonID == personID
	}
	for _, g := range grants {
		if g.OrgID == r.OrgID && g.Role == r.Role {
			return true
		}
	}
	return false
}

// Notification is one notice.
type Notification struct {
	ID        int64
	Recipient Recipient
	Kind      Kind
	// Subject names what the notification is about, e.g. "obligation:42"; with the kind and
	// the recipient it makes the once-only key.
	Subject string
	Text    string // Chinese, plain text
	Link    string // a path on this site ("/admin/…"), or ""
	Created time.Time
	// ReadAt is when the person looking at it marked it read (zero: unread). It is per
	// person: a notification to a role is read by each holder separately.
	ReadAt time.Time
}

// Read reports whether the viewer has read it.
func (n Notification) Read() bool { return !n.ReadAt.IsZero() }

// Limits of the fields.
const (
	MaxText    = 500
	MaxSubject = 200
	MaxLink    = 500
)

// Validate checks a notification before it is sent.
func (n Notification) Validate() error {
	var fe []errs.FieldError
	r := n.Recipient
	switch {
	case r.PersonID < 0 || r.OrgID < 0:
		fe = append(fe, errs.FieldError{Field: "recipient", Label: "接收人", Message: "无效"})
	case r.PersonID != 0 && (r.OrgID != 0 || r.Role != ""):
		fe = append(fe, errs.FieldError{Field: "recipient", Label: "接收人", Message: "只能是一个人，或某单位的某一角色"})
	case r.PersonID == 0 && (r.OrgID == 0 || !r.Role.Valid()):
		fe = append(fe, errs.FieldError{Field: "recipient", Label: "接收人", Message: "须指定人员，或单位及角色"})
	}
	if !n.Kind.Valid() {
		fe = append(fe, errs.FieldError{Field: "kind", Label: "通知类型", Message: "无效"})
	}
	if s := n.Subject; s == "" || len(s) > MaxSubject || strings.ContainsFunc(s, isControl) {
		fe = append(fe, errs.FieldError{Field: "subject", Label: "通知对象", Message: fmt.Sprintf("须为1至%d个字符，不含控制字符", MaxSubject)})
	}
	if t := strings.TrimSpace(n.Text); t == "" || utf8.RuneCountInString(t) > MaxText || !utf8.ValidString(t) {
		fe = append(fe, errs.FieldError{Field: "text", Label: "通知内容", Message: fmt.Sprintf("须为1至%d个字", MaxText)})
	}
	if l := n.Link; l != "" && (len(l) > MaxLink || !strings.HasPrefix(l, "/") || strings.HasPrefix(l, "//") || strings.ContainsAny(l, "\\\r\n\t ")) {
		fe = append(fe, errs.FieldError{Field: "link", Label: "链接", Message: "须为本站内以 / 开头的路径"})
	}
	if len(fe) > 0 {
		return errs.Fields("通知有误", fe...)
	}
	return nil
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }
