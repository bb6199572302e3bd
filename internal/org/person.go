package org

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"gongkai/internal/errs"
)

// Role is what a person does at an organisation (requirements.md, "Who uses it").
type Role string

const (
	RoleEditor     Role = "editor"     // 经办人
	RoleReviewer   Role = "reviewer"   // 保密审查
	RoleApprover   Role = "approver"   // 审核签发
	RoleUnitAdmin  Role = "unit_admin" // 试点单位政务公开办
	RoleSupervisor Role = "supervisor" // 设区市/省政府政务公开办公室
	RoleDeptGuide  Role = "dept_guide" // 省级有关部门
	RoleAssessor   Role = "assessor"   // 第三方评估
	RoleSysadmin   Role = "sysadmin"   // 系统管理员
)

// Roles lists the roles in display order.
var Roles = []Role{RoleEditor, RoleReviewer, RoleApprover, RoleUnitAdmin, RoleSupervisor, RoleDeptGuide, RoleAssessor, RoleSysadmin}

// Label is the Chinese name of the role.
func (r Role) Label() string {
	switch r {
	case RoleEditor:
		return "经办人"
	case RoleReviewer:
		return "保密审查员"
	case RoleApprover:
		return "审核签发人"
	case RoleUnitAdmin:
		return "单位管理员（政务公开办）"
	case RoleSupervisor:
		return "监督人员（政务公开办公室）"
	case RoleDeptGuide:
		return "省级部门指导人员"
	case RoleAssessor:
		return "第三方评估人员"
	case RoleSysadmin:
		return "系统管理员"
	}
	return string(r)
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if x == r {
			return true
		}
	}
	return false
}

// Person is someone who signs in. The password hash never leaves the store's callers.
type Person struct {
	ID             int64
	Login          string
	Name           string
	PasswordHash   string
	FailedAttempts int
	LockedUntil    time.Time // zero when not locked
	Disabled       bool
	Sample         bool
	CreatedAt      time.Time
	Grants         []Grant
	// SetupHash is the hash of a one-time link with which the person sets their own
	// password (a new account, or after a reset), valid until SetupExpires; "" when none.
	SetupHash    string
	SetupExpires time.Time
}

// SetupPending reports whether the person has yet to set a password through a link that is
// still valid at now.
func (p Person) SetupPending(now time.Time) bool {
	return p.SetupHash != "" && p.SetupExpires.After(now)
}

// Grant gives a person a role at an organisation, and so in its subtree.
type Grant struct {
	OrgID   int64
	OrgCode string
	OrgName string
	OrgPath string
	Role    Role
}

// Locked reports whether the account is locked at now.
func (p Person) Locked(now time.Time) bool { return p.LockedUntil.After(now) }

var loginPattern = regexp.MustCompile(`^[A-Za-z0-9._-]{1,48}(@[A-Za-z0-9._-]{1,48})?$`)

// ValidatePerson checks what an administrator enters for a person.
func ValidatePerson(login, name string) []errs.FieldError {
	var fe []errs.FieldError
	if !loginPattern.MatchString(login) {
		fe = append(fe, errs.FieldError{Field: "login", Label: "登录名", Message: "只能使用字母、数字、点、下划线、连字符，可带一个@"})
	}
	if n := utf8.RuneCountInString(strings.TrimSpace(name)); n == 0 || n > 32 {
		fe = append(fe, errs.FieldError{Field: "name", Label: "姓名", Message: "须为1至32个字"})
	}
	return fe
}

// ValidatePassword checks a new password for the person signing in as login and returns
// what is wrong with it, in Chinese, or "". Beyond a length of 10 to 128 characters it
// refuses what guessing tries first: the login name, long runs of one character or of
// consecutive characters (aaaa, 12345, fedcb), a short pattern repeated (abcabcabc), and
// what zxcvbn finds guessable: common passwords, words and names, keyboard patterns, dates
// and their combinations (see common.go).
func ValidatePassword(login, pw string) string {
	n := utf8.RuneCountInString(pw)
	switch {
	case n < 10:
		return "至少10个字符"
	case n > 128:
		return "不能超过128个字符"
	}
	lower := strings.ToLower(pw)
	if l := strings.ToLower(strings.TrimSpace(login)); l != "" {
		name, _, _ := strings.Cut(l, "@")
		if strings.Contains(lower, l) || (utf8.RuneCountInString(name) >= 4 && strings.Contains(lower, name)) {
			return "不能包含登录名"
		}
	}
	rs := []rune(lower)
	if m := runs(rs); m != "" {
		return m
	}
	if repeated(rs) {
		return "不能由同一组字符重复组成"
	}
	name, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(login)), "@")
	if guessable(pw, login, name) {
		return "容易被猜中（常见密码、单词、键盘排列或日期的组合），请换一个更长或更少见的密码"
	}
	return ""
}

// runs finds four equal characters in a row, or five consecutive ones up or down.
func runs(rs []rune) string {
	same, up, down := 1, 1, 1
	for i := 1; i < len(rs); i++ {
		same, up, down = next(same, rs[i] == rs[i-1]), next(up, rs[i] == rs[i-1]+1), next(down, rs[i] == rs[i-1]-1)
		if same >= 4 {
			return "不能包含4个或更多连续相同的字符"
		}
		if up >= 5 || down >= 5 {
			return "不能包含5个或更多连续的字符（如12345、abcde）"
		}
	}
	return ""
}

func next(count int, continues bool) int {
	if continues {
		return count + 1
	}
	return 1
}

// repeated reports whether rs is a shorter pattern written out at least twice.
func repeated(rs []rune) bool {
	for p := 1; p <= len(rs)/2; p++ {
		if len(rs)%p != 0 {
			continue
		}
		same := true
		for i := p; i < len(rs) && same; i++ {
			same = rs[i] == rs[i-p]
		}
		if same {
			return true
		}
	}
	return false
}
