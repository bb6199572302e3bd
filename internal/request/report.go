package request

import (
	"strconv"
	"strings"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
)

// Case is one request as the annual report sees it.
type Case struct {
	Kind     ApplicantKind
	Received calendar.Date
	Closed   calendar.Date // zero while open
	Result   ReplyType     // set when Closed is
	Reason   int
}

// Row is one line of a report table: Cells follow the table's columns.
type Row struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	Cells []int  `json:"cells"`
}

// Table3Columns are the columns of table 三: 自然人, the five kinds of 法人或其他组织, 总计.
func Table3Columns() []string {
	cols := []string{}
	for _, k := range ApplicantKinds() {
		cols = append(cols, k.Label())
	}
	return append(cols, "总计")
}

// Table3 is 三、收到和处理政府信息公开申请情况.
type Table3 struct {
	Columns []string `json:"columns"`
	Rows    []Row    `json:"rows"`
}

// Keys of the rows the check reads.
const (
	RowNew        = "new"
	RowCarriedIn  = "carried_in"
	RowTotal      = "total"
	RowCarriedOut = "carried_out"
)

// ResultKey names the result row of a type and reason: "open", "withheld_3", …
func ResultKey(t ReplyType, reason int) string {
	if len(t.Reasons()) == 0 {
		return string(t)
	}
	return string(t) + "_" + strconv.Itoa(reason)
}

// BuildTable3 counts the cases for year y: new this year, carried over from the year before,
// results of the year by type and reason, carried to the next year.
func BuildTable3(y int, cases []Case) Table3 {
	jan1 := calendar.MustDate(y, 1, 1)
	dec31 := calendar.MustDate(y, 12, 31)
	t := Table3{Columns: Table3Columns()}
	ncol := len(t.Columns)
	add := func(key, label string) {
		t.Rows = append(t.Rows, Row{Key: key, Label: label, Cells: make([]int, ncol)})
	}
	add(RowNew, "一、本年新收政府信息公开申请数量")
	add(RowCarriedIn, "二、上年结转政府信息公开申请数量")
	roman := []string{"（一）", "（二）", "（三）", "（四）", "（五）", "（六）"}
	for i, rt := range ReplyTypes() {
		if rs := rt.Reasons(); len(rs) > 0 {
			for j, r := range rs {
				add(ResultKey(rt, j+1), "三、"+roman[i]+rt.Label()+" "+strconv.Itoa(j+1)+"."+r)
			}
		} else {
			add(ResultKey(rt, 0), "三、"+roman[i]+rt.Label())
		}
	}
	add(RowTotal, "三、（七）总计")
	add(RowCarriedOut, "四、结转下年度继续办理")
	index := map[string]int{}
	for i, r := range t.Rows {
		index[r.Key] = i
	}
	col := map[ApplicantKind]int{}
	for i, k := range ApplicantKinds() {
		col[k] = i
	}
	inc := func(key string, c int) {
		r := &t.Rows[index[key]]
		r.Cells[c]++
		r.Cells[ncol-1]++
	}
	for _, c := range cases {
		ci, ok := col[c.Kind]
		if !ok || c.Received.After(dec31) || (!c.Closed.IsZero() && c.Closed.Before(jan1)) {
			continue
		}
		if c.Received.Year() == y {
			inc(RowNew, ci)
		} else {
			inc(RowCarriedIn, ci)
		}
		if !c.Closed.IsZero() && !c.Closed.After(dec31) {
			key := ResultKey(c.Result, c.Reason)
			if _, ok := index[key]; !ok {
				key = ResultKey(ReplyOther, 3)
			}
			inc(key, ci)
			inc(RowTotal, ci)
		} else {
			inc(RowCarriedOut, ci)
		}
	}
	return t
}

// Cell returns the value of a row and column; -1 if there is no such cell.
func (t Table3) Cell(key string, col int) int {
	for _, r := range t.Rows {
		if r.Key == key && col >= 0 && col < len(r.Cells) {
			return r.Cells[col]
		}
	}
	return -1
}

// Failure is one cell of the check that does not add up.
type Failure struct {
	Column  string `json:"column"`
	Message string `json:"message"`
}

// Check runs the national format's check on table 三: in every column 一 + 二 = 三(七) + 四,
// the total is the sum of the results, and the 总计 column is the sum of the others.
func (t Table3) Check() []Failure {
	var out []Failure
	n := len(t.Columns)
	for c := 0; c < n; c++ {
		name := t.Columns[c]
		in := t.Cell(RowNew, c) + t.Cell(RowCarriedIn, c)
		outv := t.Cell(RowTotal, c) + t.Cell(RowCarriedOut, c)
		if in != outv {
			out = append(out, Failure{Column: name, Message: "表三“" + name + "”列：一+二=" + strconv.Itoa(in) + "，三（七）+四=" + strconv.Itoa(outv) + "，不相等"})
		}
		sum := 0
		for _, r := range t.Rows {
			if r.Key != RowNew && r.Key != RowCarriedIn && r.Key != RowTotal && r.Key != RowCarriedOut {
				sum += r.Cells[c]
			}
		}
		if tot := t.Cell(RowTotal, c); sum != tot {
			out = append(out, Failure{Column: name, Message: "表三“" + name + "”列：各项办理结果之和为" + strconv.Itoa(sum) + "，三（七）总计为" + strconv.Itoa(tot)})
		}
	}
	for _, r := range t.Rows {
		sum := 0
		for c := 0; c < n-1; c++ {
			sum += r.Cells[c]
		}
		if sum != r.Cells[n-1] {
			out = append(out, Failure{Column: "总计", Message: "表三“" + r.Label + "”行：各列之和为" + strconv.Itoa(sum) + "，总计为" + strconv.Itoa(r.Cells[n-1])})
		}
	}
	return out
}

// AppealKind is a remedy the applicant took against a request's handling.
type AppealKind string

const (
	AppealReconsideration AppealKind = "reconsideration"   // 行政复议
	AppealLitigation      AppealKind = "litigation_direct" // 行政诉讼：未经复议直接起诉
	AppealAfterReview     AppealKind = "litigation_after"  // 行政诉讼：复议后起诉
)

// AppealKinds lists the kinds in the order of table 四.
func AppealKinds() []AppealKind {
	return []AppealKind{AppealReconsideration, AppealLitigation, AppealAfterReview}
}

// Label is the Chinese name.
func (k AppealKind) Label() string {
	switch k {
	case AppealReconsideration:
		return "行政复议"
	case AppealLitigation:
		return "行政诉讼（未经复议直接起诉）"
	case AppealAfterReview:
		return "行政诉讼（复议后起诉）"
	}
	return string(k)
}

// Valid reports whether k is known.
func (k AppealKind) Valid() bool {
	return k == AppealReconsideration || k == AppealLitigation || k == AppealAfterReview
}

// Outcome is how a reconsideration or a lawsuit ended.
type Outcome string

const (
	OutcomeUpheld    Outcome = "upheld"    // 结果维持
	OutcomeCorrected Outcome = "corrected" // 结果纠正
	OutcomeOther     Outcome = "other"     // 其他结果
	OutcomePending   Outcome = "pending"   // 尚未审结
)

// Outcomes lists the outcomes in the order of table 四.
func Outcomes() []Outcome {
	return []Outcome{OutcomeUpheld, OutcomeCorrected, OutcomeOther, OutcomePending}
}

// Label is the Chinese name.
func (o Outcome) Label() string {
	switch o {
	case OutcomeUpheld:
		return "结果维持"
	case OutcomeCorrected:
		return "结果纠正"
	case OutcomeOther:
		return "其他结果"
	case OutcomePending:
		return "尚未审结"
	}
	return string(o)
}

// Valid reports whether o is known.
func (o Outcome) Valid() bool {
	return o == OutcomeUpheld || o == OutcomeCorrected || o == OutcomeOther || o == OutcomePending
}

// Appeal is a reconsideration or lawsuit recorded against a request.
type Appeal struct {
	ID      int64
	Request int64
	Kind    AppealKind
	Filed   calendar.Date
	Outcome Outcome
	Decided calendar.Date // zero while pending
	Note    string
}

// Table4 is 四、政府信息公开行政复议、行政诉讼情况: for each kind, the four outcomes and 总计.
type Table4 struct {
	Rows []Row `json:"rows"` // one per AppealKind; cells: 维持, 纠正, 其他, 尚未审结, 总计
}

// BuildTable4 counts the appeals filed in year y by their outcome as of 31 December.
func BuildTable4(y int, appeals []Appeal) Table4 {
	dec31 := calendar.MustDate(y, 12, 31)
	var t Table4
	row := map[AppealKind]int{}
	for i, k := range AppealKinds() {
		t.Rows = append(t.Rows, Row{Key: string(k), Label: k.Label(), Cells: make([]int, 5)})
		row[k] = i
	}
	for _, a := range appeals {
		i, ok := row[a.Kind]
		if !ok || a.Filed.Year() != y {
			continue
		}
		o := a.Outcome
		if o != OutcomePending && (a.Decided.IsZero() || a.Decided.After(dec31)) {
			o = OutcomePending
		}
		for j, x := range Outcomes() {
			if x == o {
				t.Rows[i].Cells[j]++
			}
		}
		t.Rows[i].Cells[4]++
	}
	return t
}

// Table2 is 二、主动公开政府信息情况.
type Table2 struct {
	RulesMade, RulesRepealed, RulesInForce             int
	NormativeMade, NormativeRepealed, NormativeInForce int
	// Licensing, Penalty, Coercion: the decisions of the year, those published as enforcement
	// notices on the platform (…Records, WithDecisions) plus those entered by hand (made
	// elsewhere).
	Licensing, Penalty, Coercion                      int
	LicensingRecords, PenaltyRecords, CoercionRecords int
	FeesWan                                           float64 // 行政事业性收费, 万元, entered by hand
}

// Decision is an enforcement decision published on the platform (执法公示): its act
// ("licensing", "penalty", "coercion", as record.EnforcementAct) and the day it was made.
type Decision struct {
	Act string
	On  calendar.Date
}

// WithDecisions adds the decisions made in year y to the counts entered by hand.
func (t Table2) WithDecisions(y int, ds []Decision) Table2 {
	t.LicensingRecords, t.PenaltyRecords, t.CoercionRecords = 0, 0, 0
	for _, d := range ds {
		if d.On.IsZero() || d.On.Year() != y {
			continue
		}
		switch d.Act {
		case "licensing":
			t.LicensingRecords++
		case "penalty":
			t.PenaltyRecords++
		case "coercion":
			t.CoercionRecords++
		}
	}
	t.Licensing += t.LicensingRecords
	t.Penalty += t.PenaltyRecords
	t.Coercion += t.CoercionRecords
	return t
}

// ReportDue is the day the annual report for year y is due (Art.49): 31 January for a
// department, 31 March for a government.
func ReportDue(y int, department bool) calendar.Date {
	if department {
		return calendar.MustDate(y+1, 1, 31)
	}
	return calendar.MustDate(y+1, 3, 31)
}

// PolicyDoc is a published policy document as table 二 counts it.
type PolicyDoc struct {
	DocNo    string
	Written  calendar.Date // 成文日期: the day it was made
	Repealed calendar.Date // 废止或失效日期; zero while in force
	InForce  bool          // 有效性 says 有效 (or says nothing)
}

// IsRule reports whether a document is a 规章: rules are promulgated by an order (令), e.g.
// 陕西省人民政府令第12号; every other policy document with a number counts as a
// 行政规范性文件.
func (d PolicyDoc) IsRule() bool { return strings.Contains(d.DocNo, "令") }

// BuildTable2 counts the documents made, repealed and in force in year y; the decision counts
// and the fees come from manual (entered by hand).
func BuildTable2(y int, docs []PolicyDoc, manual Table2) Table2 {
	t := manual
	t.RulesMade, t.RulesRepealed, t.RulesInForce = 0, 0, 0
	t.NormativeMade, t.NormativeRepealed, t.NormativeInForce = 0, 0, 0
	dec31 := calendar.MustDate(y, 12, 31)
	for _, d := range docs {
		if strings.TrimSpace(d.DocNo) == "" || d.Written.IsZero() {
			continue // a document without a number or a date is not a normative document
		}
		made, repealed, inForce := &t.NormativeMade, &t.NormativeRepealed, &t.NormativeInForce
		if d.IsRule() {
			made, repealed, inForce = &t.RulesMade, &t.RulesRepealed, &t.RulesInForce
		}
		if d.Written.Year() == y {
			*made++
		}
		if !d.Repealed.IsZero() && d.Repealed.Year() == y {
			*repealed++
		}
		if !d.Written.After(dec31) && (d.Repealed.IsZero() || d.Repealed.After(dec31)) && (d.InForce || !d.Repealed.IsZero()) {
			*inForce++
		}
	}
	return t
}

// Texts are the sections written by staff: 一 总体情况, 五 存在的主要问题及改进情况,
// 六 其他需要报告的事项.
type Texts struct {
	Overview string
	Problems string
	Other    string
}

// Report is the annual report of a unit or a department for a year.
type Report struct {
	Year       int
	UnitName   string
	Department bool
	Texts      Texts
	Table2     Table2
	Table3     Table3
	Table4     Table4
	Failures   []Failure
	Due        calendar.Date
}

// Validate checks the figures entered by hand.
func (t Table2) Validate() error {
	var fs []errs.FieldError
	for _, f := range []struct {
		field, label string
		v            int
	}{{"licensing", "行政许可处理决定数量", t.Licensing}, {"penalty", "行政处罚处理决定数量", t.Penalty}, {"coercion", "行政强制处理决定数量", t.Coercion}} {
		if f.v < 0 {
			fs = append(fs, errs.FieldError{Field: f.field, Label: f.label, Message: "不能为负数"})
		}
	}
	if t.FeesWan < 0 || t.FeesWan > 1e9 {
		fs = append(fs, errs.FieldError{Field: "fees_wan", Label: "行政事业性收费金额（万元）", Message: "不在合理范围内"})
	}
	if len(fs) > 0 {
		return errs.Fields("年度报告数据有误", fs...)
	}
	return nil
}
