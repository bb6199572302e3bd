// Package org holds the organisation tree, people and their roles, and the rules of who may
// act where. It has no SQL and no HTTP: the store persists these values, the web layer asks
// these rules before it shows a page, and the store's callers ask them before they change data.
package org

import (
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"gongkai/internal/errs"
)

// Kind is the kind of an organisation in the disclosure hierarchy.
type Kind string

const (
	KindProvince     Kind = "province"      // 省政府政务公开办公室 (the root)
	KindProvinceDept Kind = "province_dept" // 省级有关部门
	KindCity         Kind = "city"          // 设区市 (incl. 杨凌示范区, 西咸新区, 韩城)
	KindUnit         Kind = "unit"          // 试点单位: 县、区、开发区、示范区、新区
	KindDept         Kind = "dept"          // a unit's department
	KindTownship     Kind = "township"      // 乡镇、街道
)

// Kinds lists the kinds in display order.
var Kinds = []Kind{KindProvince, KindProvinceDept, KindCity, KindUnit, KindDept, KindTownship}

// Label is the Chinese name of the kind.
func (k Kind) Label() string {
	switch k {
	case KindProvince:
		return "省政府政务公开办公室"
	case KindProvinceDept:
		return "省级部门"
	case KindCity:
		return "设区市"
	case KindUnit:
		return "试点单位"
	case KindDept:
		return "部门"
	case KindTownship:
		return "乡镇（街道）"
	}
	return string(k)
}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool {
	for _, x := range Kinds {
		if x == k {
			return true
		}
	}
	return false
}

// allowedParents says under which kinds an organisation of each kind may sit.
var allowedParents = map[Kind][]Kind{
	KindProvince:     nil,
	KindProvinceDept: {KindProvince},
	KindCity:         {KindProvince},
	KindUnit:         {KindCity, KindProvince},
	KindDept:         {KindUnit, KindCity, KindProvince},
	KindTownship:     {KindUnit},
}

// CanSitUnder reports whether an organisation of kind k may have a parent of kind parent
// ("" for the root).
func (k Kind) CanSitUnder(parent Kind) bool {
	if parent == "" {
		return k == KindProvince
	}
	for _, p := range allowedParents[k] {
		if p == parent {
			return true
		}
	}
	return false
}

// Org is one organisation. Path is the materialised path of IDs from the root,
// "/1/4/17/", so that a subtree is a prefix.
type Org struct {
	ID       int64
	ParentID int64 // 0 for the root
	Code     string
	Name     string
	// FullName is the organisation's full official name (西安市未央区人民政府): the default
	// 发布机构 of its records. Empty: the short Name (see Official).
	FullName string
	Kind     Kind
	UnitType string // for units: 县, 区, 开发区, 示范区, 新区
	// CreditCode is the 统一社会信用代码 (18 characters), the issuer in the default 索引号.
	CreditCode string
	Path       string
	Sort       int
	Sample     bool // 示例数据
	Domains    []string
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Official is the name an organisation publishes under: its full name, else its name.
func (o Org) Official() string {
	if strings.TrimSpace(o.FullName) != "" {
		return o.FullName
	}
	return o.Name
}

// Contains reports whether o is other or one of its ancestors.
func (o Org) Contains(other Org) bool {
	return o.Path != "" && strings.HasPrefix(other.Path, o.Path)
}

// Depth is the number of levels above o (0 for the root).
func (o Org) Depth() int { return strings.Count(o.Path, "/") - 2 }

// UnitTypes are the kinds of pilot unit named in the plan.
var UnitTypes = []string{"县", "区", "县级市", "开发区", "示范区", "新区"}

var codePattern = regexp.MustCompile(`^[0-9a-z][0-9a-z_-]{1,31}$`)

var creditPattern = regexp.MustCompile(`^[0-9A-Z]{18}$`)

// ValidateCode checks an organisation or domain code: the administrative division code
// where one exists (610112), otherwise a short lowercase slug.
func ValidateCode(code string) string {
	if code == "" {
		return "不能为空"
	}
	if !codePattern.MatchString(code) {
		return "只能使用小写字母、数字、下划线和连字符，2至32个字符"
	}
	if slices.Contains(ReservedCodes, code) {
		return "与系统保留路径冲突"
	}
	return ""
}

// ReservedCodes are the first path segments the site itself uses (and those the contract
// reserves for later): a unit's pages live at /{code}/, so no organisation may take them.
var ReservedCodes = []string{"admin", "api", "static", "search", "login", "logout", "account", "settings", "ratings",
	"healthz", "metrics", "feed.atom", "sitemap.xml", "robots.txt", "favicon.ico", "pilot", "questions", "requests",
	"subscriptions", "consultations", "assets", "www"}

// ValidateChildCode checks the code of an organisation a unit administrator creates under
// parent: it must be the parent's code, a hyphen and a slug (610112-mzj), so that it can
// neither be a real administrative division code (six digits, no hyphen) nor collide with
// another unit's organisations, which carry that unit's code. Only a system administrator
// chooses codes freely.
func ValidateChildCode(parent Org, code string) string {
	slug, ok := strings.CutPrefix(code, parent.Code+"-")
	if !ok || slug == "" || !codePattern.MatchString("x"+slug) {
		return "须以上级机构代码“" + parent.Code + "-”开头，后接小写字母、数字或连字符（如 " + parent.Code + "-mzj）"
	}
	return ""
}

// Validate checks the fields a person enters for an organisation.
func (o Org) Validate() error {
	var fe []errs.FieldError
	if m := ValidateCode(o.Code); m != "" {
		fe = append(fe, errs.FieldError{Field: "code", Label: "代码", Message: m})
	}
	name := strings.TrimSpace(o.Name)
	if name == "" {
		fe = append(fe, errs.FieldError{Field: "name", Label: "名称", Message: "不能为空"})
	} else if utf8.RuneCountInString(name) > 64 {
		fe = append(fe, errs.FieldError{Field: "name", Label: "名称", Message: "不能超过64个字"})
	}
	if utf8.RuneCountInString(strings.TrimSpace(o.FullName)) > 64 {
		fe = append(fe, errs.FieldError{Field: "full_name", Label: "全称", Message: "不能超过64个字"})
	}
	if !o.Kind.Valid() {
		fe = append(fe, errs.FieldError{Field: "kind", Label: "类型", Message: "未知的机构类型"})
	}
	if o.CreditCode != "" && !creditPattern.MatchString(o.CreditCode) {
		fe = append(fe, errs.FieldError{Field: "credit_code", Label: "统一社会信用代码", Message: "须为18位数字或大写字母"})
	}
	if o.Kind == KindUnit && o.UnitType != "" {
		ok := false
		for _, t := range UnitTypes {
			ok = ok || t == o.UnitType
		}
		if !ok {
			fe = append(fe, errs.FieldError{Field: "unit_type", Label: "单位类别", Message: "未知的单位类别"})
		}
	}
	if len(fe) > 0 {
		return errs.Fields("机构信息有误", fe...)
	}
	return nil
}

// Domain is a policy domain (领域). The 25 of the plan are built in; administrators add more.
type Domain struct {
	Code    string
	Name    string
	Sort    int
	Builtin bool
}

// Validate checks a domain an administrator enters.
func (d Domain) Validate() error {
	var fe []errs.FieldError
	if m := ValidateCode(d.Code); m != "" {
		fe = append(fe, errs.FieldError{Field: "code", Label: "代码", Message: m})
	}
	if n := utf8.RuneCountInString(strings.TrimSpace(d.Name)); n == 0 || n > 32 {
		fe = append(fe, errs.FieldError{Field: "name", Label: "名称", Message: "须为1至32个字"})
	}
	if len(fe) > 0 {
		return errs.Fields("领域信息有误", fe...)
	}
	return nil
}

// IsBody reports whether o is an organisation of a unit that discloses on its own account
// (公开主体 below the unit): a department or a township (乡镇、街道).
func (o Org) IsBody() bool { return o.Kind == KindDept || o.Kind == KindTownship }

// MayIssueFor reports whether o may be the issuing body (发布机构) of a record of unit u: the
// unit itself, or one of its departments or townships.
func MayIssueFor(u, o Org) bool {
	return u.Kind == KindUnit && (o.ID == u.ID || (o.IsBody() && o.ID != 0 && u.Contains(o)))
}

// OrganisationCode is the 9-character organisation code (组织机构代码) inside the unified
// social credit code (characters 9 to 17), "" when the credit code is not set.
func (o Org) OrganisationCode() string {
	if len(o.CreditCode) != 18 {
		return ""
	}
	return o.CreditCode[8:17]
}
