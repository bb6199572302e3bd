// Package campaign models a supervised work campaign such as the 2017 grassroots
// standardization pilot (requirements.md §四–§五) as data: its document, participating units
// and their domains, phases with deliverables and due rules, report cadences; the
// obligations generated from it for every owner; the state of each obligation; submissions
// (备案) in versions with a receipt per recipient; liaisons. Nothing about any particular
// year is in code. Plain Go: no SQL, no HTTP, no clock (today comes in as an argument).
package campaign

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
)

// Owner says who owes a deliverable.
type Owner string

const (
	OwnerUnit       Owner = "unit"       // each pilot unit
	OwnerCity       Owner = "city"       // each city with pilot units
	OwnerDepartment Owner = "department" // each provincial department
	OwnerProvince   Owner = "province"   // the province office
)

// Owners lists the owners in display order.
var Owners = []Owner{OwnerUnit, OwnerCity, OwnerDepartment, OwnerProvince}

// Label is the Chinese name of the owner.
func (o Owner) Label() string {
	switch o {
	case OwnerUnit:
		return "各试点单位"
	case OwnerCity:
		return "各设区市"
	case OwnerDepartment:
		return "省级有关部门"
	case OwnerProvince:
		return "省政府政务公开办公室"
	}
	return string(o)
}

// Recipient says who receives a deliverable: the province office or the owner's city.
type Recipient string

const (
	ToProvince Recipient = "province"
	ToCity     Recipient = "city"
)

// Label is the Chinese name of the recipient.
func (r Recipient) Label() string {
	switch r {
	case ToProvince:
		return "省政府政务公开办公室"
	case ToCity:
		return "所在设区市"
	}
	return string(r)
}

// Kind is what an obligation delivers.
type Kind string

const (
	KindWorkPlan   Kind = "work_plan"   // 工作方案
	KindCatalog    Kind = "catalog"     // 事项清单和标准目录
	KindSummary    Kind = "summary"     // 工作总结
	KindCityReport Kind = "city_report" // 设区市试点工作报告
	KindInspection Kind = "inspection"  // 检查验收
	KindOverall    Kind = "overall"     // 全省总体报告
	KindLiaison    Kind = "liaison"     // 联络员和主管负责同志名单
	KindProgress   Kind = "progress"    // 进展情况报告
	KindOther      Kind = "other"
	// KindRectification is the rectification report (整改报告) a unit owes after an
	// inspection notice (see Rectification).
	KindRectification Kind = "rectification"
)

// Kinds lists the kinds in display order.
var Kinds = []Kind{KindLiaison, KindWorkPlan, KindCatalog, KindProgress, KindSummary, KindCityReport, KindInspection, KindOverall, KindOther, KindRectification}

// Label is the Chinese name of the kind.
func (k Kind) Label() string {
	switch k {
	case KindWorkPlan:
		return "工作方案"
	case KindCatalog:
		return "事项清单和标准目录"
	case KindSummary:
		return "工作总结"
	case KindCityReport:
		return "试点工作报告"
	case KindInspection:
		return "检查验收"
	case KindOverall:
		return "总体报告"
	case KindLiaison:
		return "联络员和主管负责同志"
	case KindProgress:
		return "进展情况报告"
	case KindOther:
		return "其他"
	case KindRectification:
		return "整改报告"
	}
	return string(k)
}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return slices.Contains(Kinds, k) }

// Cadence is how often an owner reports progress.
type Cadence string

const (
	Semimonthly Cadence = "semimonthly" // 1–15 and 16–end of each month
	Monthly     Cadence = "monthly"
	NoReports   Cadence = "" // no progress reports
)

// Label is the Chinese name of the cadence.
func (c Cadence) Label() string {
	switch c {
	case Semimonthly:
		return "每两周（半月）"
	case Monthly:
		return "每月"
	}
	return "不报送"
}

// Due is a due rule: a date, or a number of working days after an event ("issued_on", the
// issue date of the campaign's document).
type Due struct {
	Date        calendar.Date
	WorkingDays int
	After       string
}

// EventIssued is the one event a working-day rule may count from.
const EventIssued = "issued_on"

// Resolve computes the due day on the official calendar.
func (d Due) Resolve(cal *calendar.Calendar, issued calendar.Date) calendar.Date {
	if !d.Date.IsZero() {
		return d.Date
	}
	return cal.AddWorkingDays(issued, d.WorkingDays).Date
}

// String is the rule in Chinese: 2017-08-31, or 印发后5个工作日内.
func (d Due) String() string {
	if !d.Date.IsZero() {
		return d.Date.String()
	}
	return fmt.Sprintf("印发后%d个工作日内", d.WorkingDays)
}

// Deliverable is something an owner must file by a due day.
type Deliverable struct {
	Kind       Kind
	Title      string
	Owner      Owner
	Recipients []Recipient
	Due        Due
}

// Phase is a stage of the campaign with its deliverables.
type Phase struct {
	Name         string
	Deliverables []Deliverable
}

// Cadences say how often each kind of owner reports, and when a period's report is due.
type Cadences struct {
	Unit       Cadence
	City       Cadence
	Department Cadence
	// DueAfter: a period's report is due this many working days after the period ends
	// (default 3).
	DueAfter int
	// RemindBefore: reminders go out this many working days before a due day (default 2).
	RemindBefore int
	// LiaisonDays: liaisons are registered within this many working days of issue (default
	// 5; §五(二)).
	LiaisonDays int
}

// Defaults fills in the default numbers.
func (c Cadences) Defaults() Cadences {
	if c.DueAfter == 0 {
		c.DueAfter = 3
	}
	if c.RemindBefore == 0 {
		c.RemindBefore = 2
	}
	if c.LiaisonDays == 0 {
		c.LiaisonDays = 5
	}
	return c
}

// Of returns the cadence of an owner.
func (c Cadences) Of(o Owner) Cadence {
	switch o {
	case OwnerUnit:
		return c.Unit
	case OwnerCity:
		return c.City
	case OwnerDepartment:
		return c.Department
	}
	return NoReports
}

// Participant is a pilot unit with its pilot domains.
type Participant struct {
	Unit    string // organisation code
	Domains []string
}

// Campaign is a campaign as the province office defines it.
type Campaign struct {
	ID       int64
	Name     string
	DocNo    string // 文号
	IssuedOn calendar.Date
	DocText  string // the document's text, or
	DocLink  string // a link to its published record
	Units    []Participant
	Phases   []Phase
	Cadences Cadences
	// ReportsUntil ends progress reporting (default: the latest due day of a deliverable).
	ReportsUntil calendar.Date
	// Public: shown on the 试点工作专题 (/pilot/).
	Public bool
	// Rectification, when set, makes this the rectification an inspection notice orders:
	// its obligations are the named units' rectification reports and nothing else.
	Rectification *Rectification
	CreatedAt     time.Time
}

// LastDue is the latest dated deliverable due day (working-day rules count from issue).
func (c Campaign) LastDue(cal *calendar.Calendar) calendar.Date {
	var last calendar.Date
	for _, ph := range c.Phases {
		for _, d := range ph.Deliverables {
			if x := d.Due.Resolve(cal, c.IssuedOn); x.After(last) {
				last = x
			}
		}
	}
	return last
}

// Validate checks a campaign as entered: names, dates (no due day before the issue date),
// owners, recipients and cadences. Whether units and domains exist is checked by the
// caller, which knows them (ValidateUnits).
func (c Campaign) Validate() error {
	var fe []errs.FieldError
	add := func(field, label, msg string) {
		fe = append(fe, errs.FieldError{Field: field, Label: label, Message: msg})
	}
	if n := utf8.RuneCountInString(strings.TrimSpace(c.Name)); n == 0 || n > 200 {
		add("name", "名称", "须为1至200个字")
	}
	if utf8.RuneCountInString(c.DocNo) > 100 {
		add("doc_no", "文号", "不能超过100个字")
	}
	if c.IssuedOn.IsZero() {
		add("issued_on", "印发日期", "须为 YYYY-MM-DD 格式的日期")
	}
	if c.DocLink != "" && !strings.HasPrefix(c.DocLink, "/") && !strings.HasPrefix(c.DocLink, "https://") {
		add("doc_link", "文件链接", "须为本站路径或 https 地址")
	}
	if len(c.Units) == 0 {
		add("units", "试点单位", "至少一个")
	}
	seen := map[string]bool{}
	for i, u := range c.Units {
		if seen[u.Unit] {
			add(fmt.Sprintf("units[%d].unit", i), "试点单位", fmt.Sprintf("“%s”重复", u.Unit))
		}
		seen[u.Unit] = true
		if len(u.Domains) == 0 {
			add(fmt.Sprintf("units[%d].domains", i), "试点内容", fmt.Sprintf("“%s”至少一个领域", u.Unit))
		}
	}
	for pi, ph := range c.Phases {
		if strings.TrimSpace(ph.Name) == "" {
			add(fmt.Sprintf("phases[%d].name", pi), "阶段名称", "不能为空")
		}
		for di, d := range ph.Deliverables {
			f := fmt.Sprintf("phases[%d].deliverables[%d]", pi, di)
			if !d.Kind.Valid() || d.Kind == KindProgress || d.Kind == KindRectification {
				add(f+".kind", "报送事项类型", "无效")
			}
			if strings.TrimSpace(d.Title) == "" || utf8.RuneCountInString(d.Title) > 200 {
				add(f+".title", "报送事项名称", "须为1至200个字")
			}
			if !slices.Contains(Owners, d.Owner) {
				add(f+".owner", "报送主体", "须为 unit、city、department 或 province")
			}
			if len(d.Recipients) == 0 && d.Owner != OwnerProvince {
				add(f+".recipients", "接收方", "至少一个")
			}
			for _, r := range d.Recipients {
				if r != ToProvince && r != ToCity {
					add(f+".recipients", "接收方", "须为 province 或 city")
				} else if r == ToCity && d.Owner != OwnerUnit && slices.Contains(Owners, d.Owner) {
					add(f+".recipients", "接收方", "只有试点单位的报送事项可以报所在设区市")
				}
			}
			switch {
			case !d.Due.Date.IsZero():
				if !c.IssuedOn.IsZero() && d.Due.Date.Before(c.IssuedOn) {
					add(f+".due", "截止日期", "不能早于印发日期")
				}
			case d.Due.After != EventIssued:
				add(f+".due", "截止日期", "须为日期，或印发后若干个工作日（after 为 issued_on）")
			case d.Due.WorkingDays < 1 || d.Due.WorkingDays > 400:
				add(f+".due", "截止日期", "工作日数须为1至400")
			}
		}
	}
	for _, x := range []struct {
		c     Cadence
		field string
	}{{c.Cadences.Unit, "cadences.unit"}, {c.Cadences.City, "cadences.city"}, {c.Cadences.Department, "cadences.department"}} {
		if x.c != NoReports && x.c != Semimonthly && x.c != Monthly {
			add(x.field, "报送频次", "须为 semimonthly 或 monthly")
		}
	}
	cd := c.Cadences
	if cd.DueAfter < 0 || cd.DueAfter > 30 || cd.RemindBefore < 0 || cd.RemindBefore > 30 || cd.LiaisonDays < 0 || cd.LiaisonDays > 60 {
		add("cadences", "报送频次", "工作日数超出范围")
	}
	if !c.ReportsUntil.IsZero() && !c.IssuedOn.IsZero() && c.ReportsUntil.Before(c.IssuedOn) {
		add("reports_until", "进展报送截止", "不能早于印发日期")
	}
	if len(fe) > 0 {
		return errs.Fields("试点工作安排有误", fe...)
	}
	return nil
}
