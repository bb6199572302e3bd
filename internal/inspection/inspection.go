// Package inspection holds inspection and evaluation (检查评估): indicator sets as data,
// inspection rounds, the findings behind every lost point, manual marks, objections (异议),
// scores and rankings, and bonus points (绩效评估加分). Plain Go: no SQL, no HTTP, no clock.
package inspection

import (
	"embed"
	"encoding/json"
	"fmt"
	"math"
	"path"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"gongkai/internal/attach"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
)

// Rule kinds of the automatic indicators. Each names one computation the platform makes
// from its own data; the parameters come from the set.
const (
	RuleHomeStale          = "home_stale"          // the unit's home not updated for Days
	RuleColumnStale        = "column_stale"        // a column not updated for NewsDays / NoticeDays by type
	RuleColumnBlank        = "column_blank"        // a column with nothing published
	RuleQuestionUnanswered = "question_unanswered" // a public question unanswered for more than Days
	RuleCatalogCoverage    = "catalog_coverage"    // a proactive entry with nothing published
	RuleTimelinessLate     = "timeliness_late"     // a record published after its due day
	RuleDeadlineOverdue    = "deadline_overdue"    // a deadline passed with the record unpublished
	RuleInterpretationLate = "interpretation_late" // an interpretation after its due day, or none
	RuleCatalogFilingLate  = "catalog_filing_late" // a catalog deliverable filed late or not at all
	RuleReportLate         = "report_late"         // a progress report filed late or not at all
	RuleWithdrawalReason   = "withdrawal_reason"   // a withdrawal without a real reason
	RuleSatisfaction       = "satisfaction"        // share of 满意 + 基本满意 below Threshold
	RuleSiteUnreachable    = "site_unreachable"    // a registered external site failing Threshold % of its probes over Days
)

// RuleKinds lists the automatic computations the platform knows.
var RuleKinds = []string{RuleHomeStale, RuleColumnStale, RuleColumnBlank, RuleQuestionUnanswered, RuleCatalogCoverage,
	RuleTimelinessLate, RuleDeadlineOverdue, RuleInterpretationLate, RuleCatalogFilingLate, RuleReportLate,
	RuleWithdrawalReason, RuleSatisfaction, RuleSiteUnreachable}

// Column types for RuleColumnStale.
const (
	ColumnNews   = "news"   // 动态要闻类
	ColumnNotice = "notice" // 通知公告、政策文件类
)

// Rule is the deduction rule of an indicator with its parameters.
type Rule struct {
	Kind string  `json:"kind"`
	Per  float64 `json:"per"` // points per finding

	Days          int               `json:"days,omitempty"`
	NewsDays      int               `json:"news_days,omitempty"`
	NoticeDays    int               `json:"notice_days,omitempty"`
	DefaultColumn string            `json:"default_column,omitempty"`
	Columns       map[string]string `json:"columns,omitempty"` // domain code → column type
	VetoOver      int               `json:"veto_over,omitempty"`
	MinChars      int               `json:"min_chars,omitempty"`
	MinCount      int               `json:"min_count,omitempty"`
	Threshold     float64           `json:"threshold,omitempty"` // percent
}

// ColumnType is the type of the column of domain under this rule.
func (r Rule) ColumnType(domain string) string {
	if t := r.Columns[domain]; t != "" {
		return t
	}
	if r.DefaultColumn != "" {
		return r.DefaultColumn
	}
	return ColumnNotice
}

// StaleDays is the number of days after which a column of type t is stale.
func (r Rule) StaleDays(t string) int {
	if t == ColumnNews {
		return r.NewsDays
	}
	return r.NoticeDays
}

// Indicator is one item of a set, published with its definition beside every score.
type Indicator struct {
	Code       string  `json:"code"`
	Group      string  `json:"group"`
	Name       string  `json:"name"`
	Definition string  `json:"definition"`
	Max        float64 `json:"max"`
	Auto       bool    `json:"auto"`
	Veto       bool    `json:"veto"`
	Rule       *Rule   `json:"rule,omitempty"`
}

// KindLabel is 自动 or 人工.
func (i Indicator) KindLabel() string {
	if i.Auto {
		return "自动计算"
	}
	return "现场评分"
}

// Set is a versioned indicator set.
type Set struct {
	Code       string      `json:"code"`
	Version    int         `json:"version"`
	Name       string      `json:"name"`
	Basis      string      `json:"basis"`
	Indicators []Indicator `json:"indicators"`
}

// Key names a set version: "default@1".
func (s Set) Key() string { return fmt.Sprintf("%s@%d", s.Code, s.Version) }

// Indicator finds an indicator by code.
func (s Set) Indicator(code string) (Indicator, bool) {
	for _, i := range s.Indicators {
		if i.Code == code {
			return i, true
		}
	}
	return Indicator{}, false
}

// Validate checks a set: unique codes, known rule kinds, sensible points.
func (s Set) Validate() error {
	var fe []errs.FieldError
	if s.Code == "" || s.Version <= 0 || strings.TrimSpace(s.Name) == "" {
		fe = append(fe, errs.FieldError{Field: "code", Label: "指标体系", Message: "须有代码、版本号和名称"})
	}
	seen := map[string]bool{}
	for _, i := range s.Indicators {
		switch {
		case i.Code == "" || seen[i.Code]:
			fe = append(fe, errs.FieldError{Field: "indicators", Label: "指标代码", Message: fmt.Sprintf("“%s”为空或重复", i.Code)})
		case strings.TrimSpace(i.Name) == "" || strings.TrimSpace(i.Definition) == "":
			fe = append(fe, errs.FieldError{Field: "indicators", Label: "指标" + i.Code, Message: "须有名称和定义"})
		case i.Max <= 0 || i.Max > 100:
			fe = append(fe, errs.FieldError{Field: "indicators", Label: "指标" + i.Code, Message: "分值须在0到100之间"})
		case i.Auto && (i.Rule == nil || !slices.Contains(RuleKinds, i.Rule.Kind) || i.Rule.Per <= 0):
			fe = append(fe, errs.FieldError{Field: "indicators", Label: "指标" + i.Code, Message: "自动指标须有已知的扣分规则和每项扣分"})
		}
		seen[i.Code] = true
	}
	if len(s.Indicators) == 0 {
		fe = append(fe, errs.FieldError{Field: "indicators", Label: "指标", Message: "至少一项"})
	}
	if len(fe) > 0 {
		return errs.Fields("指标体系有误", fe...)
	}
	return nil
}

//go:embed sets/*.json
var setFiles embed.FS

// Shipped returns the indicator sets that ship with the platform (data files in sets/),
// ordered by code and version.
func Shipped() []Set {
	names, _ := setFiles.ReadDir("sets")
	var out []Set
	for _, n := range names {
		b, err := setFiles.ReadFile(path.Join("sets", n.Name()))
		if err != nil {
			panic(err)
		}
		var s Set
		if err := json.Unmarshal(b, &s); err != nil {
			panic(fmt.Sprintf("inspection: %s: %v", n.Name(), err))
		}
		if err := s.Validate(); err != nil {
			panic(fmt.Sprintf("inspection: %s: %v", n.Name(), err))
		}
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b Set) int {
		if c := strings.Compare(a.Code, b.Code); c != 0 {
			return c
		}
		return a.Version - b.Version
	})
	return out
}

// FindSet finds a shipped set by "code" (its newest version) or "code@version".
func FindSet(key string) (Set, bool) {
	code, ver, _ := strings.Cut(key, "@")
	var best Set
	found := false
	for _, s := range Shipped() {
		if s.Code != code || (ver != "" && fmt.Sprint(s.Version) != ver) {
			continue
		}
		if !found || s.Version > best.Version {
			best, found = s, true
		}
	}
	return best, found
}

// Scorer kinds: who scores the manual indicators of a round.
const (
	ScorerCity     = "city"     // the unit's city office
	ScorerProvince = "province" // the province office
	ScorerAssessor = "assessor" // third-party assessors
)

// ScorerLabel is the Chinese name of a scorer kind.
func ScorerLabel(k string) string {
	switch k {
	case ScorerCity:
		return "设区市政务公开办"
	case ScorerProvince:
		return "省政府政务公开办公室"
	case ScorerAssessor:
		return "第三方评估机构"
	}
	return k
}

// How marks of several scorers combine.
const (
	CombineAverage = "average" // the mean of every scorer's mark
	CombineLead    = "lead"    // the named lead scorer's mark (the mean while the lead has not scored)
)

// State of a round.
type State string

const (
	StateOpen     State = "open"     // created; manual marks may be given
	StateComputed State = "computed" // automatic indicators frozen; objections may be filed
	StateClosed   State = "closed"   // frozen for good
)

// Label is the Chinese name of the state.
func (s State) Label() string {
	switch s {
	case StateOpen:
		return "评分中"
	case StateComputed:
		return "已计算（异议期）"
	case StateClosed:
		return "已结束"
	}
	return string(s)
}

// Round is an inspection round.
type Round struct {
	ID            int64
	OrgID         int64 // the office that runs it (province office or a city)
	Name          string
	PeriodFrom    calendar.Date
	PeriodTo      calendar.Date
	Cutoff        time.Time
	Units         []int64
	Set           Set // the frozen copy of the set version the round uses
	Scorers       []string
	Combine       string
	LeadLogin     string
	ObjectionDays int
	State         State
	ComputedAt    time.Time
	ObjectionsBy  calendar.Date // the last day an objection may be filed
	ClosedAt      time.Time
	Sample        bool
	CreatedAt     time.Time
}

// MaxObjectionDays bounds the objection window.
const MaxObjectionDays = 30

// Validate checks a new round.
func (r Round) Validate() error {
	var fe []errs.FieldError
	add := func(field, label, msg string) {
		fe = append(fe, errs.FieldError{Field: field, Label: label, Message: msg})
	}
	if n := utf8.RuneCountInString(strings.TrimSpace(r.Name)); n == 0 || n > 100 {
		add("name", "名称", "须填写，不超过100字")
	}
	if r.PeriodFrom.IsZero() {
		add("period_from", "检查期间起", "须为 YYYY-MM-DD")
	}
	if r.PeriodTo.IsZero() {
		add("period_to", "检查期间止", "须为 YYYY-MM-DD")
	}
	if !r.PeriodFrom.IsZero() && !r.PeriodTo.IsZero() && r.PeriodTo.Before(r.PeriodFrom) {
		add("period_to", "检查期间止", "不能早于起始日")
	}
	if r.Cutoff.IsZero() {
		add("cutoff", "截止时间", "须为 RFC 3339 时间")
	} else if !r.PeriodFrom.IsZero() && calendar.DateOf(r.Cutoff).Before(r.PeriodFrom) {
		add("cutoff", "截止时间", "不能早于检查期间起始日")
	}
	if len(r.Units) == 0 {
		add("units", "被检查单位", "至少一个")
	}
	if len(r.Units) > 2000 {
		add("units", "被检查单位", "不超过2000个")
	}
	if len(r.Set.Indicators) == 0 {
		add("indicator_set", "指标体系", "未知的指标体系")
	}
	if len(r.Scorers) == 0 {
		add("scorers", "评分方", "至少一方")
	}
	for _, k := range r.Scorers {
		if k != ScorerCity && k != ScorerProvince && k != ScorerAssessor {
			add("scorers", "评分方", fmt.Sprintf("未知的评分方“%s”", k))
		}
	}
	switch r.Combine {
	case CombineAverage:
	case CombineLead:
		if strings.TrimSpace(r.LeadLogin) == "" {
			add("lead", "主评人", "按主评人计分时须指定主评人")
		}
	default:
		add("combine", "计分方式", "须为 average 或 lead")
	}
	if r.ObjectionDays < 1 || r.ObjectionDays > MaxObjectionDays {
		add("objection_days", "异议期", fmt.Sprintf("须为1到%d个工作日", MaxObjectionDays))
	}
	if len(fe) > 0 {
		return errs.Fields("检查轮次填写有误", fe...)
	}
	return nil
}

// Evidence is one link a unit can open behind a lost point, with a note in plain Chinese.
type Evidence struct {
	URL    string `json:"url"`
	Note   string `json:"note"`
	Domain string `json:"domain,omitempty"` // the pilot domain of the column, entry or record; "" for the unit as a whole
}

// Finding is the result of one automatic indicator for one unit at the cut-off: the
// evidence items found (each counting Per points) and whether it vetoes.
type Finding struct {
	UnitID    int64
	Indicator string
	Count     int
	Points    float64 // deduction, already capped at the indicator's maximum
	Veto      bool
	Evidence  []Evidence
}

// Apply turns the evidence found for an indicator into its finding: Per points each, at
// most Max; a veto indicator vetoes when more than VetoOver items are found.
func Apply(ind Indicator, unitID int64, ev []Evidence) Finding {
	f := Finding{UnitID: unitID, Indicator: ind.Code, Count: len(ev), Evidence: ev}
	if ind.Rule == nil || len(ev) == 0 {
		return f
	}
	f.Points = Round1(math.Min(ind.Max, ind.Rule.Per*float64(len(ev))))
	f.Veto = ind.Veto && len(ev) > ind.Rule.VetoOver
	return f
}

// Round1 rounds to one decimal place, the precision of every score.
func Round1(x float64) float64 { return math.Round(x*10) / 10 }

// Mark is one scorer's points for a manual indicator of one unit.
type Mark struct {
	UnitID      int64
	Indicator   string
	ScorerID    int64
	ScorerLogin string
	ScorerName  string
	Points      float64 // awarded, 0 … Max
	Comment     string
	At          time.Time
	Files       []attach.Attachment // evidence files the scorer gave with the mark
}

// ValidateMark checks points and comment against the indicator.
func ValidateMark(ind Indicator, ok bool, m Mark) error {
	if !ok {
		return errs.Fields("评分有误", errs.FieldError{Field: "indicator", Label: "指标", Message: "本轮指标体系中没有该指标"})
	}
	if ind.Auto {
		return errs.Fields("评分有误", errs.FieldError{Field: "indicator", Label: "指标", Message: fmt.Sprintf("“%s”由平台自动计算，不能人工评分", ind.Name)})
	}
	if math.IsNaN(m.Points) || m.Points < 0 || m.Points > ind.Max || Round1(m.Points) != m.Points {
		return errs.Fields("评分有误", errs.FieldError{Field: "points", Label: "得分", Message: fmt.Sprintf("须在0到%g之间，最多一位小数", ind.Max)})
	}
	if utf8.RuneCountInString(m.Comment) > 2000 {
		return errs.Fields("评分有误", errs.FieldError{Field: "comment", Label: "评分说明", Message: "不超过2000字"})
	}
	if ind.Max-m.Points > 0 && strings.TrimSpace(m.Comment) == "" {
		return errs.Fields("评分有误", errs.FieldError{Field: "comment", Label: "评分说明", Message: "扣分时须说明理由"})
	}
	return nil
}

// ObjectionState is where an objection stands.
type ObjectionState string

const (
	ObjectionPending  ObjectionState = "pending"  // 待处理
	ObjectionAccepted ObjectionState = "accepted" // 异议成立: the deduction is withdrawn
	ObjectionRejected ObjectionState = "rejected" // 异议不成立: the deduction stands
)

// Label is the Chinese name of the state.
func (s ObjectionState) Label() string {
	switch s {
	case ObjectionPending:
		return "待处理"
	case ObjectionAccepted:
		return "异议成立，撤销扣分"
	case ObjectionRejected:
		return "异议不成立，维持扣分"
	}
	return string(s)
}

// Objection is a unit's objection to a deduction.
type Objection struct {
	ID         int64
	RoundID    int64
	UnitID     int64
	Indicator  string
	Reason     string
	State      ObjectionState
	Opinion    string
	FiledBy    string
	DecidedBy  string
	CreatedAt  time.Time
	DecidedAt  time.Time
	UnitName   string
	RoundName  string
	IndicatorN string
	Files      []attach.Attachment // the unit's files with its reason
}

// ValidateObjection checks what a unit files.
func ValidateObjection(o Objection) error {
	if n := utf8.RuneCountInString(strings.TrimSpace(o.Reason)); n < 5 || n > 2000 {
		return errs.Fields("异议有误", errs.FieldError{Field: "reason", Label: "异议理由", Message: "须写明理由，5到2000字"})
	}
	return nil
}

// MayObject decides whether a unit may object to indicator code of round r on day today,
// given the deduction found and the objections already filed.
func MayObject(r Round, today calendar.Date, deducted bool, filed []Objection, unitID int64, code string) error {
	if r.State != StateComputed {
		return errs.E(errs.Conflict, "本轮检查不在异议期内")
	}
	if today.After(r.ObjectionsBy) {
		return errs.Fields("异议有误", errs.FieldError{Field: "indicator", Label: "异议期", Message: fmt.Sprintf("异议期已于%s截止", r.ObjectionsBy)})
	}
	if !deducted {
		return errs.Fields("异议有误", errs.FieldError{Field: "indicator", Label: "指标", Message: "该指标没有扣分，无需异议"})
	}
	for _, o := range filed {
		if o.UnitID == unitID && o.Indicator == code {
			return errs.E(errs.Conflict, "该指标已提出过异议")
		}
	}
	return nil
}

// Line is one indicator of one unit's score.
type Line struct {
	Indicator Indicator
	Deducted  float64
	Veto      bool
	Count     int
	Evidence  []Evidence
	Marks     []Mark
	Scored    bool // a manual indicator with at least one mark; always true for automatic ones once computed
	Objection *Objection
}

// UnitScore is a unit's result in a round.
type UnitScore struct {
	UnitID    int64
	Score     float64
	Deducted  float64
	Vetoed    bool
	Rank      int
	Lines     []Line
	Groups    []GroupScore
	Domains   []DomainScore // deductions per pilot domain, unit-wide ones ("") last
	Unscored  int           // manual indicators nobody has scored yet
	Objecting int           // objections pending
}

// GroupScore is the deduction per group of indicators (网站检查, 试点指标, 现场检查).
type GroupScore struct {
	Group    string
	Max      float64
	Deducted float64
}

// DomainScore is the deduction falling on one pilot domain of a unit ("" for the unit as a
// whole: its home, questions, obligations, ratings, sites and the manual items).
type DomainScore struct {
	Domain   string
	Deducted float64
}

// byDomain splits each line's deduction over the domains of its evidence, in proportion to
// the number of items in each (a capped deduction is shared the same way); a line without
// evidence falls on the unit as a whole.
func byDomain(lines []Line) []DomainScore {
	sum := map[string]float64{}
	var order []string
	add := func(d string, x float64) {
		if _, ok := sum[d]; !ok {
			order = append(order, d)
		}
		sum[d] += x
	}
	for _, ln := range lines {
		if ln.Deducted == 0 {
			continue
		}
		if len(ln.Evidence) == 0 {
			add("", ln.Deducted)
			continue
		}
		n := map[string]int{}
		var doms []string
		for _, e := range ln.Evidence {
			if n[e.Domain] == 0 {
				doms = append(doms, e.Domain)
			}
			n[e.Domain]++
		}
		for _, d := range doms {
			add(d, ln.Deducted*float64(n[d])/float64(len(ln.Evidence)))
		}
	}
	slices.SortStableFunc(order, func(a, b string) int {
		switch {
		case a == b:
			return 0
		case a == "":
			return 1
		case b == "":
			return -1
		}
		return strings.Compare(a, b)
	})
	out := make([]DomainScore, 0, len(order))
	for _, d := range order {
		out = append(out, DomainScore{Domain: d, Deducted: Round1(sum[d])})
	}
	return out
}

// Score computes every unit's score from the frozen findings, the marks and the
// objections: 100 minus the deductions, never below 0; any single veto fails the unit.
// The result depends on nothing else, so recomputing a closed round gives the same numbers.
func Score(r Round, findings []Finding, marks []Mark, objections []Objection, leadID int64) []UnitScore {
	type key struct {
		unit int64
		code string
	}
	fmap := map[key]Finding{}
	for _, f := range findings {
		fmap[key{f.UnitID, f.Indicator}] = f
	}
	mmap := map[key][]Mark{}
	for _, m := range marks {
		k := key{m.UnitID, m.Indicator}
		mmap[k] = append(mmap[k], m)
	}
	omap := map[key]*Objection{}
	for i := range objections {
		o := &objections[i]
		omap[key{o.UnitID, o.Indicator}] = o
	}
	out := make([]UnitScore, 0, len(r.Units))
	for _, u := range r.Units {
		us := UnitScore{UnitID: u}
		groups := map[string]*GroupScore{}
		var order []string
		for _, ind := range r.Set.Indicators {
			k := key{u, ind.Code}
			ln := Line{Indicator: ind, Objection: omap[k]}
			if ind.Auto {
				if f, ok := fmap[k]; ok {
					ln.Deducted, ln.Veto, ln.Count, ln.Evidence, ln.Scored = f.Points, f.Veto, f.Count, f.Evidence, true
				}
			} else {
				ln.Marks = mmap[k]
				if pts, ok := combine(ln.Marks, r.Combine, leadID); ok {
					ln.Scored = true
					ln.Deducted = Round1(ind.Max - pts)
					ln.Veto = ind.Veto && pts == 0
				} else {
					us.Unscored++
				}
			}
			if o := ln.Objection; o != nil {
				switch o.State {
				case ObjectionAccepted:
					ln.Deducted, ln.Veto = 0, false
				case ObjectionPending:
					us.Objecting++
				}
			}
			us.Deducted += ln.Deducted
			us.Vetoed = us.Vetoed || ln.Veto
			g := groups[ind.Group]
			if g == nil {
				g = &GroupScore{Group: ind.Group}
				groups[ind.Group] = g
				order = append(order, ind.Group)
			}
			g.Max += ind.Max
			g.Deducted = Round1(g.Deducted + ln.Deducted)
			us.Lines = append(us.Lines, ln)
		}
		us.Deducted = Round1(us.Deducted)
		us.Score = Round1(math.Max(0, 100-us.Deducted))
		for _, g := range order {
			us.Groups = append(us.Groups, *groups[g])
		}
		us.Domains = byDomain(us.Lines)
		out = append(out, us)
	}
	Rank(out)
	return out
}

// combine gives the awarded points of a manual indicator from its marks.
func combine(ms []Mark, how string, leadID int64) (float64, bool) {
	if len(ms) == 0 {
		return 0, false
	}
	if how == CombineLead {
		for _, m := range ms {
			if m.ScorerID == leadID {
				return m.Points, true
			}
		}
	}
	sum := 0.0
	for _, m := range ms {
		sum += m.Points
	}
	return Round1(sum / float64(len(ms))), true
}

// Rank orders scores best first (vetoed units last, ties by unit id for a stable order) and
// numbers them; equal scores share a rank (1, 2, 2, 4).
func Rank(us []UnitScore) {
	slices.SortStableFunc(us, func(a, b UnitScore) int {
		if a.Vetoed != b.Vetoed {
			if a.Vetoed {
				return 1
			}
			return -1
		}
		if a.Score != b.Score {
			if a.Score > b.Score {
				return -1
			}
			return 1
		}
		return int(a.UnitID - b.UnitID)
	})
	for i := range us {
		if i > 0 && us[i].Score == us[i-1].Score && us[i].Vetoed == us[i-1].Vetoed {
			us[i].Rank = us[i-1].Rank
		} else {
			us[i].Rank = i + 1
		}
	}
}

// Award is a bonus-point award (绩效评估加分).
type Award struct {
	ID        int64
	UnitID    int64
	UnitName  string
	UnitCode  string
	Year      int
	Points    float64
	Reason    string
	Basis     string // the round or notice it rests on, in words
	RoundID   int64  // 0 when the basis is not a round of the platform
	AwardedBy string
	Sample    bool
	CreatedAt time.Time
}

// MaxAward bounds one award.
const MaxAward = 10

// Validate checks an award.
func (a Award) Validate() error {
	var fe []errs.FieldError
	if a.UnitID == 0 {
		fe = append(fe, errs.FieldError{Field: "unit", Label: "单位", Message: "须选择单位"})
	}
	if a.Year < 2000 || a.Year > 2100 {
		fe = append(fe, errs.FieldError{Field: "year", Label: "年度", Message: "须为四位年份"})
	}
	if math.IsNaN(a.Points) || a.Points <= 0 || a.Points > MaxAward || Round1(a.Points) != a.Points {
		fe = append(fe, errs.FieldError{Field: "points", Label: "加分", Message: fmt.Sprintf("须大于0、不超过%d，最多一位小数", MaxAward)})
	}
	if n := utf8.RuneCountInString(strings.TrimSpace(a.Reason)); n == 0 || n > 500 {
		fe = append(fe, errs.FieldError{Field: "reason", Label: "加分理由", Message: "须填写，不超过500字"})
	}
	if n := utf8.RuneCountInString(strings.TrimSpace(a.Basis)); n == 0 || n > 200 {
		fe = append(fe, errs.FieldError{Field: "basis", Label: "依据", Message: "须写明依据的检查轮次或通报，不超过200字"})
	}
	if len(fe) > 0 {
		return errs.Fields("加分填写有误", fe...)
	}
	return nil
}

// Fact is one thing the platform found in its data for an automatic indicator (a record, a
// column, a question, an obligation, a count); app turns facts into findings with evidence.
type Fact struct {
	UnitID   int64
	ID       int64 // record, question or obligation
	Title    string
	Domain   string
	Kind     string
	Due      calendar.Date
	On       calendar.Date // published, answered, submitted …; zero when it never happened
	At       time.Time
	Text     string
	Value, N int
}
