package inspection

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"gongkai/internal/errs"
)

// Defining a new version of an indicator set (the province office, in the app). A version is
// made from an existing one, shipped or stored; once saved it never changes. Define checks it
// more strictly than the shipped files are checked: the maximum points add up to 100, every
// automatic indicator uses a computation the platform knows with its parameters in range, and
// each error names the indicator and the field.

// RuleLabel is the Chinese name of a rule kind, for the form.
func RuleLabel(kind string) string {
	switch kind {
	case RuleHomeStale:
		return "首页长期未更新"
	case RuleColumnStale:
		return "栏目更新不及时"
	case RuleColumnBlank:
		return "空白栏目"
	case RuleQuestionUnanswered:
		return "互动回应超期"
	case RuleCatalogCoverage:
		return "目录条目无信息"
	case RuleTimelinessLate:
		return "晚于公开时限发布"
	case RuleDeadlineOverdue:
		return "公开时限已过未发布"
	case RuleInterpretationLate:
		return "政策解读超期"
	case RuleCatalogFilingLate:
		return "目录逾期报送"
	case RuleReportLate:
		return "进展情况逾期报送"
	case RuleWithdrawalReason:
		return "撤回未说明理由"
	case RuleSatisfaction:
		return "满意度偏低"
	case RuleSiteUnreachable:
		return "外部网站无法访问"
	}
	return kind
}

// Param is a parameter of a rule kind: its JSON name, its Chinese label and its range.
type Param struct {
	Name     string
	Label    string
	Min, Max float64
}

// Params lists the parameters each rule kind understands (besides Per, which every kind has).
var Params = map[string][]Param{
	RuleHomeStale:          {{"days", "超过多少天未更新", 1, 365}},
	RuleColumnStale:        {{"news_days", "动态要闻类栏目超过多少天未更新", 1, 366}, {"notice_days", "通知公告、政策文件类栏目超过多少天未更新", 1, 731}},
	RuleColumnBlank:        {{"veto_over", "空白栏目超过几个作单项否决", 0, 100}},
	RuleQuestionUnanswered: {{"days", "受理超过多少天未答复", 1, 365}},
	RuleCatalogCoverage:    nil,
	RuleTimelinessLate:     nil,
	RuleDeadlineOverdue:    nil,
	RuleInterpretationLate: nil,
	RuleCatalogFilingLate:  nil,
	RuleReportLate:         nil,
	RuleWithdrawalReason:   {{"min_chars", "撤回理由少于几个字视为未说明", 1, 200}},
	RuleSatisfaction:       {{"threshold", "满意与基本满意合计低于百分之几", 1, 100}, {"min_count", "评价少于多少条不计", 0, 100000}},
	RuleSiteUnreachable:    {{"days", "统计截止前多少天", 1, 31}, {"threshold", "无法访问次数达到监测次数的百分之几", 1, 100}},
}

// param says where the parameter named n of r is kept: an integer field or the threshold
// (both nil for a name no rule has).
func (r *Rule) param(n string) (*int, *float64) {
	switch n {
	case "days":
		return &r.Days, nil
	case "news_days":
		return &r.NewsDays, nil
	case "notice_days":
		return &r.NoticeDays, nil
	case "veto_over":
		return &r.VetoOver, nil
	case "min_chars":
		return &r.MinChars, nil
	case "min_count":
		return &r.MinCount, nil
	case "threshold":
		return nil, &r.Threshold
	}
	return nil, nil
}

// Value reads the parameter named n of r.
func (r Rule) Value(n string) float64 {
	i, f := r.param(n)
	switch {
	case i != nil:
		return float64(*i)
	case f != nil:
		return *f
	}
	return 0
}

// Set sets the parameter named n of r (integers are truncated; Define checks them).
func (r *Rule) Set(n string, v float64) {
	i, f := r.param(n)
	switch {
	case i != nil:
		*i = int(v)
	case f != nil:
		*f = v
	}
}

// normalized keeps only what the rule's kind understands.
func (r Rule) normalized() Rule {
	out := Rule{Kind: r.Kind, Per: r.Per}
	for _, p := range Params[r.Kind] {
		out.Set(p.Name, r.Value(p.Name))
	}
	if r.Kind == RuleColumnStale {
		out.DefaultColumn = r.DefaultColumn
		if len(r.Columns) > 0 {
			out.Columns = map[string]string{}
			for k, v := range r.Columns {
				out.Columns[k] = v
			}
		}
	}
	return out
}

var codePattern = regexp.MustCompile(`^[A-Z][A-Z0-9]{1,9}$`)

// MaxIndicators bounds a set.
const MaxIndicators = 60

// Define checks a new version of a set and returns it in its stored form: texts trimmed,
// each automatic rule reduced to what its kind understands, manual items without a rule.
// domains are the pilot domain codes a column type may name. Every refusal names the
// indicator (field "indicators.N.field", N from 0) in Chinese.
func Define(s Set, domains []string) (Set, error) {
	var fe []errs.FieldError
	add := func(field, label, format string, a ...any) {
		fe = append(fe, errs.FieldError{Field: field, Label: label, Message: fmt.Sprintf(format, a...)})
	}
	s.Name, s.Basis = strings.TrimSpace(s.Name), strings.TrimSpace(s.Basis)
	if n := utf8.RuneCountInString(s.Name); n == 0 || n > 100 {
		add("name", "名称", "须填写，不超过100字")
	}
	if utf8.RuneCountInString(s.Basis) > 2000 {
		add("basis", "依据和说明", "不超过2000字")
	}
	if len(s.Indicators) == 0 {
		add("indicators", "指标", "至少一项")
	}
	if len(s.Indicators) > MaxIndicators {
		add("indicators", "指标", "不超过%d项", MaxIndicators)
	}
	seen := map[string]int{}
	total := 0.0
	out := make([]Indicator, 0, len(s.Indicators))
	for i, ind := range s.Indicators {
		f := func(name string) string { return fmt.Sprintf("indicators.%d.%s", i, name) }
		ind.Code = strings.TrimSpace(ind.Code)
		ind.Group, ind.Name, ind.Definition = strings.TrimSpace(ind.Group), strings.TrimSpace(ind.Name), strings.TrimSpace(ind.Definition)
		label := fmt.Sprintf("第%d项指标", i+1)
		if ind.Code != "" {
			label += "（" + ind.Code + "）"
		}
		switch {
		case !codePattern.MatchString(ind.Code):
			add(f("code"), label, "代码须为大写字母开头的2到10位大写字母或数字，如 M06")
		case seen[ind.Code] > 0:
			add(f("code"), label, "代码与第%d项重复", seen[ind.Code])
		default:
			seen[ind.Code] = i + 1
		}
		if n := utf8.RuneCountInString(ind.Name); n == 0 || n > 50 {
			add(f("name"), label, "名称须填写，不超过50字")
		}
		if n := utf8.RuneCountInString(ind.Group); n == 0 || n > 20 {
			add(f("group"), label, "类别须填写，不超过20字")
		}
		if n := utf8.RuneCountInString(ind.Definition); n < 5 || n > 1000 {
			add(f("definition"), label, "定义须写明评分或扣分办法，5到1000字")
		}
		if math.IsNaN(ind.Max) || ind.Max <= 0 || ind.Max > 100 || Round1(ind.Max) != ind.Max {
			add(f("max"), label, "分值须大于0、不超过100，最多一位小数")
		} else {
			total += ind.Max
		}
		if !ind.Auto {
			ind.Rule = nil
			out = append(out, ind)
			continue
		}
		if ind.Rule == nil || !slices.Contains(RuleKinds, ind.Rule.Kind) {
			kind := ""
			if ind.Rule != nil {
				kind = ind.Rule.Kind
			}
			add(f("kind"), label, "“%s”不是平台能自动计算的扣分规则", kind)
			out = append(out, ind)
			continue
		}
		r := ind.Rule.normalized()
		if math.IsNaN(r.Per) || r.Per <= 0 || Round1(r.Per) != r.Per || (ind.Max > 0 && r.Per > ind.Max) {
			add(f("per"), label, "每项扣分须大于0、不超过分值（%g），最多一位小数", ind.Max)
		}
		for _, p := range Params[r.Kind] {
			v := ind.Rule.Value(p.Name)
			if math.IsNaN(v) || v < p.Min || v > p.Max || (p.Name != "threshold" && v != math.Trunc(v)) {
				add(f(p.Name), label, "“%s”须在%g到%g之间", p.Label, p.Min, p.Max)
			}
		}
		if r.Kind == RuleColumnStale {
			if r.DefaultColumn != ColumnNews && r.DefaultColumn != ColumnNotice {
				add(f("default_column"), label, "未配置类型的栏目须按“动态要闻类”或“通知公告、政策文件类”判断")
			}
			keys := make([]string, 0, len(r.Columns))
			for k := range r.Columns {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				switch {
				case !slices.Contains(domains, k):
					add(f("columns"), label, "栏目类型中的“%s”不是试点领域", k)
				case r.Columns[k] != ColumnNews && r.Columns[k] != ColumnNotice:
					add(f("columns"), label, "领域“%s”的栏目类型须为 news 或 notice", k)
				}
			}
		}
		ind.Rule = &r
		out = append(out, ind)
	}
	if len(s.Indicators) > 0 && Round1(total) != 100 && len(fe) == 0 {
		add("indicators", "指标", "各项指标分值合计须为100分，现为%g分", Round1(total))
	}
	if len(fe) > 0 {
		return s, errs.Fields("指标体系有误", fe...)
	}
	s.Indicators = out
	return s, nil
}

// ColumnTypes writes a column-type map as "domain=type" pairs, one a line, for the form.
func ColumnTypes(m map[string]string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "%s=%s\n", k, m[k])
	}
	return b.String()
}

// ParseColumnTypes reads "domain=type" pairs separated by lines, commas or spaces; Define
// checks the domains and types. ok is false when a pair has no "=".
func ParseColumnTypes(text string) (map[string]string, bool) {
	out := map[string]string{}
	for _, f := range strings.FieldsFunc(text, func(c rune) bool { return c == '\n' || c == '\r' || c == ',' || c == '，' || c == ' ' }) {
		k, v, ok := strings.Cut(f, "=")
		if !ok {
			return out, false
		}
		out[strings.TrimSpace(k)] = strings.TrimSpace(v)
	}
	if len(out) == 0 {
		return nil, true
	}
	return out, true
}
