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

// ValidatePassword enforces a minimum that a county office can live with.
func ValidatePassword(pw string) string {
	if utf8.RuneCountInString(pw) < 10 {
		return "至少10个字符"
	}
	if utf8.RuneCountInString(pw) > 128 {
		return "不能超过128个字符"
	}
	return ""
}
