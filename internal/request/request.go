// Package request holds applications for government information (依申请公开) under the 2019
// Regulations: the applicant and the application (Art.29), the statutory clock (Art.30–34),
// the reply taxonomy of the national annual report (Art.36) and the report's tables 三 and 四.
//
// The package is pure Go: no SQL, no HTTP, no clock. Every function that depends on the day
// takes it as an argument.
package request

import (
	"strings"
	"unicode/utf8"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
)

// ApplicantKind is the column of the annual report's table 三 an applicant falls in.
type ApplicantKind string

const (
	ApplicantPerson   ApplicantKind = "person"   // 自然人
	ApplicantBusiness ApplicantKind = "business" // 法人或其他组织：商业企业
	ApplicantResearch ApplicantKind = "research" // 科研机构
	ApplicantCharity  ApplicantKind = "charity"  // 社会公益组织
	ApplicantLegal    ApplicantKind = "legal"    // 法律服务机构
	ApplicantOtherOrg ApplicantKind = "other"    // 其他
)

// ApplicantKinds lists every kind in the order of table 三's columns.
func ApplicantKinds() []ApplicantKind {
	return []ApplicantKind{ApplicantPerson, ApplicantBusiness, ApplicantResearch, ApplicantCharity, ApplicantLegal, ApplicantOtherOrg}
}

// Label is the Chinese name.
func (k ApplicantKind) Label() string {
	switch k {
	case ApplicantPerson:
		return "自然人"
	case ApplicantBusiness:
		return "商业企业"
	case ApplicantResearch:
		return "科研机构"
	case ApplicantCharity:
		return "社会公益组织"
	case ApplicantLegal:
		return "法律服务机构"
	case ApplicantOtherOrg:
		return "其他"
	}
	return string(k)
}

// Organisation reports whether the applicant is a 法人或其他组织.
func (k ApplicantKind) Organisation() bool { return k != ApplicantPerson }

// Valid reports whether k is one of the kinds.
func (k ApplicantKind) Valid() bool {
	for _, x := range ApplicantKinds() {
		if x == k {
			return true
		}
	}
	return false
}

// Channel is how an application arrived; it decides the receipt date (Art.31).
type Channel string

const (
	ChannelOnline   Channel = "online"    // the form on the site: the day it was submitted
	ChannelInPerson Channel = "in_person" // 当面提交: that day
	ChannelPost     Channel = "post"      // 邮寄: the signed-for day
	ChannelOther    Channel = "other"     // fax, e-mail: the day both sides confirm
)

// Label is the Chinese name.
func (c Channel) Label() string {
	switch c {
	case ChannelOnline:
		return "网上申请"
	case ChannelInPerson:
		return "当面提交"
	case ChannelPost:
		return "信函（邮寄）"
	case ChannelOther:
		return "传真或电子邮件"
	}
	return string(c)
}

// Valid reports whether c is known.
func (c Channel) Valid() bool {
	return c == ChannelOnline || c == ChannelInPerson || c == ChannelPost || c == ChannelOther
}

// MaxPerHour bounds the applications one address files with one unit through the public form
// in an hour.
const MaxPerHour = 5

// ErrTooOften refuses an application over MaxPerHour.
var ErrTooOften = errs.Fields("提交过于频繁", errs.FieldError{Field: "form", Label: "申请", Message: "同一网络地址一小时内最多提交5件申请，请稍后再试，或当面、邮寄提交"})

// IDKinds are the identity documents the form offers.
var IDKinds = []string{"居民身份证", "护照", "港澳居民来往内地通行证", "台湾居民来往大陆通行证", "统一社会信用代码", "其他"}

// Forms are the preferred forms of the information; Deliveries the ways to receive it.
var (
	Forms      = []string{"纸质", "电子文档", "其他"}
	Deliveries = []string{"邮寄", "电子邮件", "网上获取", "当面领取", "其他"}
)

// Applicant is the person or organisation asking (Art.29 第一项). Personal data: shown to staff
// only, masked in lists.
type Applicant struct {
	Kind    ApplicantKind
	Name    string // the person's name or the organisation's name
	Agent   string // an organisation's contact person (联系人), optional
	IDKind  string
	IDNo    string
	Phone   string
	Email   string
	Address string
}

// Application is what the applicant asks for (Art.29 第二、三项).
type Application struct {
	Applicant   Applicant
	Description string // 所需政府信息的名称、文号或者便于查询的其他特征性描述
	Purpose     string // optional
	Form        string
	Delivery    string
	Channel     Channel
	Received    calendar.Date
}

func has(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Validate checks the application as filed on day today; each problem names its field.
func (a Application) Validate(today calendar.Date) error {
	var fs []errs.FieldError
	add := func(field, label, msg string) {
		fs = append(fs, errs.FieldError{Field: field, Label: label, Message: msg})
	}
	ap := a.Applicant
	if !ap.Kind.Valid() {
		add("applicant_kind", "申请人类型", "请选择自然人或法人或其他组织的类别")
	}
	text := func(field, label, v string, max int, required bool) {
		v = strings.TrimSpace(v)
		switch {
		case v == "" && required:
			add(field, label, "不能为空")
		case utf8.RuneCountInString(v) > max:
			add(field, label, "过长")
		}
	}
	text("name", "姓名或名称", ap.Name, 100, true)
	text("agent", "联系人", ap.Agent, 50, false)
	if !has(IDKinds, ap.IDKind) {
		add("id_kind", "证件类型", "请选择证件类型")
	}
	text("id_no", "证件号码", ap.IDNo, 40, true)
	text("phone", "联系电话", ap.Phone, 30, false)
	text("email", "电子邮箱", ap.Email, 100, false)
	if strings.TrimSpace(ap.Phone) == "" && strings.TrimSpace(ap.Email) == "" {
		add("phone", "联系电话", "联系电话和电子邮箱至少填写一项")
	}
	if e := strings.TrimSpace(ap.Email); e != "" && !strings.Contains(e, "@") {
		add("email", "电子邮箱", "格式不正确")
	}
	text("address", "通信地址", ap.Address, 100, true)
	text("description", "所需信息的描述", a.Description, 1000, true)
	text("purpose", "用途", a.Purpose, 200, false)
	if !has(Forms, a.Form) {
		add("form", "获取信息的载体形式", "请选择")
	}
	if !has(Deliveries, a.Delivery) {
		add("delivery", "获取信息的方式", "请选择")
	}
	if !a.Channel.Valid() {
		add("channel", "申请方式", "不在可选范围内")
	}
	switch {
	case a.Received.IsZero():
		add("received_on", "收到申请日期", "不能为空")
	case a.Received.After(today):
		add("received_on", "收到申请日期", "不能晚于今天")
	}
	if len(fs) > 0 {
		return errs.Fields("申请有误", fs...)
	}
	return nil
}

// Masked returns the applicant with the personal data masked for lists: the first character
// of the name, the first and last characters of ID numbers and phones.
func (ap Applicant) Masked() Applicant {
	m := Applicant{Kind: ap.Kind, IDKind: ap.IDKind}
	if ap.Kind.Organisation() {
		m.Name = ap.Name // an organisation's name is not personal data
	} else {
		m.Name = maskKeep(ap.Name, 1, 0)
	}
	m.Agent = maskKeep(ap.Agent, 1, 0)
	m.IDNo = maskKeep(ap.IDNo, 2, 2)
	m.Phone = maskKeep(ap.Phone, 3, 2)
	m.Email = maskKeep(ap.Email, 1, 0)
	m.Address = maskKeep(ap.Address, 3, 0)
	return m
}

func maskKeep(s string, head, tail int) string {
	r := []rune(strings.TrimSpace(s))
	if len(r) == 0 {
		return ""
	}
	if len(r) <= head+tail {
		head, tail = min(1, len(r)-1), 0
	}
	return string(r[:head]) + strings.Repeat("*", max(3, len(r)-head-tail)) + string(r[len(r)-tail:])
}
