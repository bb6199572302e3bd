package campaign

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"gongkai/internal/attach"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
)

// Party is an organisation that owes or receives: a pilot unit (with its city and pilot
// domains), a city, a provincial department or the province office.
type Party struct {
	ID      int64
	Code    string
	Name    string
	CityID  int64 // a unit's city; 0 when it sits directly under the province
	Domains []string
}

// Parties are the organisations a campaign's obligations are generated for.
type Parties struct {
	Province    Party
	Units       []Party // the participants, in the campaign's order
	Cities      []Party // the cities of the participants
	Departments []Party // the provincial departments
}

// Obligation is one thing one owner owes: a deliverable, a period's progress report or the
// liaison registration.
type Obligation struct {
	ID         int64
	CampaignID int64
	OrgID      int64
	OrgCode    string
	OrgName    string
	Owner      Owner
	// Key identifies the obligation within its campaign and owner across regenerations:
	// "d:<kind>:<title>", "p:2026-12-1" (a period) or "liaison".
	Key         string
	Kind        Kind
	Title       string
	Phase       string
	PeriodStart calendar.Date // progress reports only
	PeriodEnd   calendar.Date
	Due         calendar.Date
	Recipients  []int64 // organisations receiving it

	// From the submissions (filled by the store).
	Version     int              // newest version, 0 when nothing was submitted
	SubmittedOn calendar.Date    // the day of the first submission
	Status      SubmissionStatus // of the newest version
	Public      bool             // the owner marked the newest version public (工作方案, 工作总结)
}

// Period is the label of a report period ("" for a deliverable).
func (o Obligation) Period() string {
	if o.PeriodStart.IsZero() {
		return ""
	}
	y, m, d := o.PeriodStart.Civil()
	switch {
	case d == 1 && o.PeriodEnd.Day() == 15:
		return fmt.Sprintf("%d年%d月上半月", y, m)
	case d == 16:
		return fmt.Sprintf("%d年%d月下半月", y, m)
	}
	return fmt.Sprintf("%d年%d月", y, m)
}

// State is where an obligation stands on a given day.
type State string

const (
	StateUpcoming  State = "upcoming"  // not yet due
	StateDue       State = "due"       // within the reminder window up to the due day
	StateSubmitted State = "submitted" // submitted in time, waiting for receipts
	StateAccepted  State = "accepted"  // every recipient accepted the newest version
	StateReturned  State = "returned"  // a recipient returned the newest version
	StateLate      State = "late"      // first submitted after the due day, waiting for receipts
	StateMissing   State = "missing"   // the due day has passed and nothing was submitted
)

// States lists the states in display order.
var States = []State{StateMissing, StateLate, StateReturned, StateDue, StateSubmitted, StateUpcoming, StateAccepted}

// Label is the Chinese name of the state.
func (s State) Label() string {
	switch s {
	case StateUpcoming:
		return "未到期"
	case StateDue:
		return "即将到期"
	case StateSubmitted:
		return "已报送待签收"
	case StateAccepted:
		return "已签收"
	case StateReturned:
		return "已退回"
	case StateLate:
		return "逾期报送"
	case StateMissing:
		return "逾期未报"
	}
	return string(s)
}

// Symbol marks the state in grids beside its text, so that it never rests on colour alone.
func (s State) Symbol() string {
	switch s {
	case StateUpcoming:
		return "○"
	case StateDue:
		return "◔"
	case StateSubmitted:
		return "△"
	case StateAccepted:
		return "✓"
	case StateReturned:
		return "↩"
	case StateLate:
		return "!"
	case StateMissing:
		return "✗"
	}
	return "?"
}

// Valid reports whether s is a known state.
func (s State) Valid() bool { return slices.Contains(States, s) }

// RemindFrom is the first day of the reminder window: remindBefore working days before due.
func RemindFrom(cal *calendar.Calendar, due calendar.Date, remindBefore int) calendar.Date {
	if remindBefore <= 0 {
		return due
	}
	return cal.AddWorkingDays(due, -remindBefore).Date
}

// StateOn decides the state of o on day today.
func (o Obligation) StateOn(today calendar.Date, cal *calendar.Calendar, remindBefore int) State {
	return o.StateAt(today, RemindFrom(cal, o.Due, remindBefore))
}

// StateAt decides the state of o on day today, its reminder window opening on remindFrom
// (RemindFrom; callers deciding many obligations compute it once per due day).
func (o Obligation) StateAt(today, remindFrom calendar.Date) State {
	if o.Version == 0 {
		switch {
		case today.After(o.Due):
			return StateMissing
		case !today.Before(remindFrom):
			return StateDue
		}
		return StateUpcoming
	}
	switch o.Status {
	case StatusReturned:
		return StateReturned
	case StatusAccepted:
		return StateAccepted
	}
	if o.SubmittedOn.After(o.Due) {
		return StateLate
	}
	return StateSubmitted
}

// DaysLate is how many days after the due day o was first submitted, or (nothing
// submitted) how many days have passed since it; 0 when not late.
func (o Obligation) DaysLate(today calendar.Date) int {
	end := today
	if o.Version > 0 {
		end = o.SubmittedOn
	}
	if n := end.Sub(o.Due); n > 0 {
		return n
	}
	return 0
}

// Generate computes every obligation of a campaign: each deliverable per owner, each report
// period per owner with a cadence, and the liaison registration of every unit and city.
// IDs and submission fields are left empty; the store matches them by (org, key).
func Generate(c Campaign, cal *calendar.Calendar, ps Parties) []Obligation {
	if c.Rectification != nil {
		return c.Rectification.obligations(c, cal, ps)
	}
	cd := c.Cadences.Defaults()
	var out []Obligation
	owners := func(o Owner) []Party {
		switch o {
		case OwnerUnit:
			return ps.Units
		case OwnerCity:
			return ps.Cities
		case OwnerDepartment:
			return ps.Departments
		}
		return []Party{ps.Province}
	}
	recipients := func(p Party, rs []Recipient) []int64 {
		var ids []int64
		for _, r := range rs {
			id := ps.Province.ID
			if r == ToCity && p.CityID != 0 {
				id = p.CityID
			}
			if !slices.Contains(ids, id) && id != p.ID {
				ids = append(ids, id)
			}
		}
		return ids
	}
	ownerOf := func(p Party) Owner {
		switch {
		case p.ID == ps.Province.ID:
			return OwnerProvince
		case slices.ContainsFunc(ps.Cities, func(x Party) bool { return x.ID == p.ID }):
			return OwnerCity
		case slices.ContainsFunc(ps.Departments, func(x Party) bool { return x.ID == p.ID }):
			return OwnerDepartment
		}
		return OwnerUnit
	}
	mk := func(p Party, key string, kind Kind, title, phase string, due calendar.Date, rs []Recipient) Obligation {
		return Obligation{CampaignID: c.ID, OrgID: p.ID, OrgCode: p.Code, OrgName: p.Name, Owner: ownerOf(p), Key: key, Kind: kind,
			Title: title, Phase: phase, Due: due, Recipients: recipients(p, rs)}
	}
	// Liaisons: units report to the province office and their city, cities to the province.
	liaisonDue := cal.AddWorkingDays(c.IssuedOn, cd.LiaisonDays).Date
	for _, p := range ps.Units {
		out = append(out, mk(p, "liaison", KindLiaison, "报送主管负责同志和联络员名单", "", liaisonDue, []Recipient{ToProvince, ToCity}))
	}
	for _, p := range ps.Cities {
		out = append(out, mk(p, "liaison", KindLiaison, "报送主管负责同志和联络员名单", "", liaisonDue, []Recipient{ToProvince}))
	}
	for _, ph := range c.Phases {
		for _, d := range ph.Deliverables {
			due := d.Due.Resolve(cal, c.IssuedOn)
			for _, p := range owners(d.Owner) {
				out = append(out, mk(p, "d:"+string(d.Kind)+":"+d.Title, d.Kind, d.Title, ph.Name, due, d.Recipients))
			}
		}
	}
	until := c.ReportsUntil
	if until.IsZero() {
		until = c.LastDue(cal)
	}
	for _, o := range []Owner{OwnerUnit, OwnerCity, OwnerDepartment} {
		cad := cd.Of(o)
		if cad == NoReports {
			continue
		}
		rs := []Recipient{ToProvince}
		if o == OwnerUnit {
			rs = append(rs, ToCity)
		}
		for _, per := range Periods(cad, c.IssuedOn, until) {
			due := cal.AddWorkingDays(per[1], cd.DueAfter).Date
			for _, p := range owners(o) {
				ob := mk(p, "p:"+periodKey(cad, per[0]), KindProgress, "", "", due, rs)
				ob.PeriodStart, ob.PeriodEnd = per[0], per[1]
				ob.Title = ob.Period() + "进展情况报告"
				out = append(out, ob)
			}
		}
	}
	return out
}

func periodKey(c Cadence, start calendar.Date) string {
	y, m, d := start.Civil()
	if c == Semimonthly {
		half := 1
		if d > 15 {
			half = 2
		}
		return fmt.Sprintf("%04d-%02d-%d", y, m, half)
	}
	return fmt.Sprintf("%04d-%02d", y, m)
}

// Periods lists the report periods [start, end] of a cadence that begin on or after the
// period containing from and end on or before until: halves of months (1–15, 16–end) or
// months. The period in which the campaign starts is its first.
func Periods(c Cadence, from, until calendar.Date) [][2]calendar.Date {
	var out [][2]calendar.Date
	if c == NoReports || from.IsZero() || until.Before(from) {
		return nil
	}
	y, m, d := from.Civil()
	start := calendar.MustDate(y, m, 1)
	if c == Semimonthly && d > 15 {
		start = calendar.MustDate(y, m, 16)
	}
	for len(out) < 2000 {
		y, m, d := start.Civil()
		var end calendar.Date
		monthEnd := calendar.MustDate(y, m, 1).AddDays(40)
		monthEnd = calendar.MustDate(monthEnd.Year(), monthEnd.Month(), 1).AddDays(-1)
		switch {
		case c == Semimonthly && d == 1:
			end = calendar.MustDate(y, m, 15)
		default:
			end = monthEnd
		}
		if end.After(until) {
			break
		}
		out = append(out, [2]calendar.Date{start, end})
		start = end.AddDays(1)
	}
	return out
}

// SubmissionStatus is what the recipients made of a submission.
type SubmissionStatus string

const (
	StatusPending  SubmissionStatus = "pending"  // waiting for a receipt
	StatusAccepted SubmissionStatus = "accepted" // every recipient accepted
	StatusReturned SubmissionStatus = "returned" // a recipient returned it
)

// Decision is a recipient's receipt.
type Decision string

const (
	Accept Decision = "accept"
	Return Decision = "return"
)

// Label is the Chinese name of the decision.
func (d Decision) Label() string {
	switch d {
	case Accept:
		return "签收"
	case Return:
		return "退回"
	}
	return string(d)
}

// Receipt is one recipient's answer to a submission.
type Receipt struct {
	SubmissionID  int64
	RecipientID   int64
	RecipientName string
	Decision      Decision
	Opinion       string
	PersonID      int64
	PersonName    string
	At            time.Time
}

// ValidateReceipt checks a receipt as entered: a return needs an opinion.
func ValidateReceipt(d Decision, opinion string) error {
	var fe []errs.FieldError
	if d != Accept && d != Return {
		fe = append(fe, errs.FieldError{Field: "decision", Label: "签收意见", Message: "须为 accept（签收）或 return（退回）"})
	}
	if d == Return && strings.TrimSpace(opinion) == "" {
		fe = append(fe, errs.FieldError{Field: "opinion", Label: "意见", Message: "退回时须写明意见"})
	}
	if utf8.RuneCountInString(opinion) > 2000 {
		fe = append(fe, errs.FieldError{Field: "opinion", Label: "意见", Message: "不能超过2000字"})
	}
	if len(fe) > 0 {
		return errs.Fields("签收有误", fe...)
	}
	return nil
}

// StatusOf decides a submission's status from its receipts and the recipients it needs.
func StatusOf(receipts []Receipt, recipients []int64) SubmissionStatus {
	accepted := 0
	for _, r := range receipts {
		if r.Decision == Return {
			return StatusReturned
		}
		if slices.Contains(recipients, r.RecipientID) {
			accepted++
		}
	}
	if accepted >= len(recipients) {
		return StatusAccepted
	}
	return StatusPending
}

// Figures are the numbers the platform fills into a progress report for its period, frozen
// into the report when it is submitted.
type Figures struct {
	RecordsByDomain  map[string]int `json:"records_by_domain"` // records published in the period
	Records          int            `json:"records"`
	CatalogVersions  int            `json:"catalog_versions"`  // catalog versions filed in the period
	DeadlinesMet     int            `json:"deadlines_met"`     // records published in the period by their due day
	DeadlinesLate    int            `json:"deadlines_late"`    // records published in the period after their due day
	DeadlinesOverdue int            `json:"deadlines_overdue"` // records still unpublished past their due day at the period's end
	Ratings          int            `json:"ratings"`           // ratings received
	Satisfied        int            `json:"satisfied"`         // of them 满意 or 基本满意
}

// Add sums figures (a city's report shows its units' figures summed).
func (f *Figures) Add(g Figures) {
	if f.RecordsByDomain == nil {
		f.RecordsByDomain = map[string]int{}
	}
	for k, v := range g.RecordsByDomain {
		f.RecordsByDomain[k] += v
	}
	f.Records += g.Records
	f.CatalogVersions += g.CatalogVersions
	f.DeadlinesMet += g.DeadlinesMet
	f.DeadlinesLate += g.DeadlinesLate
	f.DeadlinesOverdue += g.DeadlinesOverdue
	f.Ratings += g.Ratings
	f.Satisfied += g.Satisfied
}

// SatisfiedShare is the share of satisfied ratings in percent (0 without ratings).
func (f Figures) SatisfiedShare() float64 {
	if f.Ratings == 0 {
		return 0
	}
	return float64(f.Satisfied) * 100 / float64(f.Ratings)
}

// Submission is one version of what an owner filed for an obligation.
type Submission struct {
	ID           int64
	ObligationID int64
	Version      int
	Summary      string // 报送说明
	Progress     string // 工作进展
	Problems     string // 存在问题
	NextSteps    string // 下步打算
	Experience   string // 典型经验 (optional)
	Public       bool   // the owner marks a 工作方案 or 工作总结 public
	Highlight    bool   // the province office selected its 典型经验 for the special topic
	Figures      *Figures
	// Files: attachments, checked like record attachments (attach.Sniff, attach.Extract,
	// the personal-information guard); downloadable by the owner and the recipients only.
	Files []attach.Attachment
	// Catalogs: for the catalog deliverable, the owner's filed catalog versions it reports.
	Catalogs   []CatalogRef
	PersonID   int64
	PersonName string
	At         time.Time
	Receipts   []Receipt
}

// MaxText bounds each text of a submission.
const MaxText = 10000

// MaxFiles bounds the attachments of one submission.
const MaxFiles = 10

// CatalogRef is a filed catalog version that a catalog submission reports.
type CatalogRef struct {
	VersionID  int64
	Domain     string // domain code
	DomainName string
	Number     int
	FiledAt    time.Time
}

// Validate checks a submission for an obligation of kind k: a progress report needs its
// 工作进展; anything else a 报送说明.
func (s Submission) Validate(k Kind) error {
	var fe []errs.FieldError
	for _, f := range []struct{ field, label, v string }{
		{"summary", "报送说明", s.Summary}, {"progress", "工作进展", s.Progress}, {"problems", "存在问题", s.Problems},
		{"next_steps", "下步打算", s.NextSteps}, {"experience", "典型经验", s.Experience},
	} {
		if utf8.RuneCountInString(f.v) > MaxText || !utf8.ValidString(f.v) {
			fe = append(fe, errs.FieldError{Field: f.field, Label: f.label, Message: fmt.Sprintf("不能超过%d字", MaxText)})
		}
	}
	if k == KindProgress && strings.TrimSpace(s.Progress) == "" {
		fe = append(fe, errs.FieldError{Field: "progress", Label: "工作进展", Message: "不能为空"})
	}
	if k != KindProgress && strings.TrimSpace(s.Summary) == "" {
		fe = append(fe, errs.FieldError{Field: "summary", Label: "报送说明", Message: "不能为空"})
	}
	if len(s.Files) > MaxFiles {
		fe = append(fe, errs.FieldError{Field: "files", Label: "附件", Message: fmt.Sprintf("每次报送最多%d个附件", MaxFiles)})
	}
	if len(s.Catalogs) > 0 && k != KindCatalog {
		fe = append(fe, errs.FieldError{Field: "catalog_versions", Label: "目录版本", Message: "只有事项清单和标准目录的报送可以引用目录版本"})
	}
	if s.Public && k != KindWorkPlan && k != KindSummary {
		fe = append(fe, errs.FieldError{Field: "public", Label: "公开", Message: "只有工作方案和工作总结可以在专题页公开"})
	}
	if len(fe) > 0 {
		return errs.Fields("报送内容有误", fe...)
	}
	return nil
}
