package campaign

import (
	"net/mail"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"gongkai/internal/errs"
)

// ContactRole is the part a contact plays for a unit or city (§五(二)).
type ContactRole string

const (
	RoleLeader  ContactRole = "leader"  // 主管负责同志
	RoleLiaison ContactRole = "liaison" // 联络员
)

// Label is the Chinese name of the role.
func (r ContactRole) Label() string {
	switch r {
	case RoleLeader:
		return "主管负责同志"
	case RoleLiaison:
		return "联络员"
	}
	return string(r)
}

// Liaison is one registration of a contact; a change is a new registration and the earlier
// ones stay as history.
type Liaison struct {
	ID          int64
	OrgID       int64
	OrgCode     string
	OrgName     string
	Role        ContactRole
	Name        string
	Post        string
	OfficePhone string
	Mobile      string
	Email       string
	At          time.Time
	ByName      string
	Current     bool // the newest registration of this role at this organisation
}

var (
	mobilePattern = regexp.MustCompile(`^1[3-9][0-9]{9}$`)
	phonePattern  = regexp.MustCompile(`^[0-9()（）+\- ]{7,20}$`)
)

// Validate checks a registration as entered.
func (l Liaison) Validate() error {
	var fe []errs.FieldError
	add := func(f, label, m string) { fe = append(fe, errs.FieldError{Field: f, Label: label, Message: m}) }
	if l.Role != RoleLeader && l.Role != RoleLiaison {
		add("role", "类别", "须为主管负责同志或联络员")
	}
	if n := utf8.RuneCountInString(strings.TrimSpace(l.Name)); n == 0 || n > 32 {
		add("name", "姓名", "须为1至32个字")
	}
	if n := utf8.RuneCountInString(strings.TrimSpace(l.Post)); n == 0 || n > 64 {
		add("post", "职务", "须为1至64个字")
	}
	if l.OfficePhone != "" && !phonePattern.MatchString(l.OfficePhone) {
		add("office_phone", "办公电话", "格式有误")
	}
	if !mobilePattern.MatchString(l.Mobile) {
		add("mobile", "手机号码", "须为11位手机号码")
	}
	if l.Email != "" {
		if a, err := mail.ParseAddress(l.Email); err != nil || a.Address != l.Email {
			add("email", "电子邮箱", "格式有误")
		}
	}
	if len(fe) > 0 {
		return errs.Fields("联络员信息有误", fe...)
	}
	return nil
}

// MaskMobile hides the middle four digits of a mobile number: 139****5678.
func MaskMobile(m string) string {
	if len(m) != 11 {
		return strings.Repeat("*", len(m))
	}
	return m[:3] + "****" + m[7:]
}
