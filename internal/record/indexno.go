package record

import (
	"fmt"
	"strconv"
	"strings"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
)

// DefaultIndexPattern is the national default form of the 索引号 (standards.md §4): the issuer's
// unified social credit code, the year and a five-digit sequence, e.g.
// 11610000016000365Q/2017-00123.
const DefaultIndexPattern = "{credit}/{yyyy}-{seq:5}"

// Scope is how long an index-number sequence runs before it starts again at 1. The store keeps
// one counter per issuer and scope period (see IndexPattern.CounterKey).
type Scope uint8

const (
	ScopeYearly  Scope = iota + 1 // the pattern shows the year only
	ScopeMonthly                  // the pattern shows the month too: {yyyymm} or {mm}
)

// IndexPattern is a parsed 索引号 pattern. Localities differ (some use the 9-character
// organisation code, some the month), so the pattern is configuration; ParseIndexPattern checks
// it once, when an administrator sets it, and Format cannot then fail on the pattern itself.
//
// Placeholders:
//
//	{credit}   the issuer's unified social credit code (统一社会信用代码, 18 characters)
//	{code}     any other issuer code, e.g. the 9-character organisation code (1–32 of 0-9 A-Z a-z -)
//	{yyyy}     year of publication            {yyyymm}  year and month, e.g. 201703
//	{mm}       month, two digits (needs {yyyy})
//	{seq:N}    the sequence, zero-padded to N digits (1–9); {seq} without padding
//
// Everything else is literal; it may not contain spaces or braces.
type IndexPattern struct {
	text  string
	parts []indexPart
	scope Scope
	width int // of {seq:N}; 0 for {seq}
	field string
}

type indexPart struct {
	literal string
	ph      string // placeholder name, "" for a literal
}

// String returns the pattern as written.
func (p IndexPattern) String() string { return p.text }

// Scope tells whether the sequence restarts every year or every month.
func (p IndexPattern) Scope() Scope { return p.scope }

// Width is the padding of the sequence (0: none).
func (p IndexPattern) Width() int { return p.width }

// ParseIndexPattern checks a pattern. The sequence must be unique per issuer and period, so a
// valid pattern names the issuer ({credit} or {code}) and the year, and has exactly one {seq}.
// Errors are errs.Invalid with the reason in Chinese.
func ParseIndexPattern(s string) (IndexPattern, error) {
	bad := func(format string, args ...any) (IndexPattern, error) {
		return IndexPattern{}, errs.Fields("索引号格式有误",
			errs.FieldError{Field: "index_pattern", Label: "索引号格式", Message: fmt.Sprintf(format, args...)})
	}
	if strings.TrimSpace(s) == "" {
		return bad("不能为空，默认为 %s", DefaultIndexPattern)
	}
	if len(s) > 64 {
		return bad("不能超过64个字符")
	}
	p := IndexPattern{text: s}
	count := map[string]int{}
	rest := s
	for rest != "" {
		open := strings.IndexAny(rest, "{}")
		if open < 0 {
			p.parts = append(p.parts, indexPart{literal: rest})
			break
		}
		if rest[open] == '}' {
			return bad("多余的“}”")
		}
		if open > 0 {
			p.parts = append(p.parts, indexPart{literal: rest[:open]})
		}
		end := strings.IndexByte(rest[open:], '}')
		if end < 0 {
			return bad("“{”没有对应的“}”")
		}
		name := rest[open+1 : open+end]
		rest = rest[open+end+1:]
		switch {
		case name == "credit", name == "code", name == "yyyy", name == "yyyymm", name == "mm", name == "seq":
		case strings.HasPrefix(name, "seq:"):
			w, err := strconv.Atoi(name[len("seq:"):])
			if err != nil || w < 1 || w > 9 || strconv.Itoa(w) != name[len("seq:"):] {
				return bad("顺序号位数“%s”应为1至9的数字，如 {seq:5}", name[len("seq:"):])
			}
			p.width = w
			name = "seq"
		default:
			return bad("无法识别的占位符“{%s}”，可用：{credit} {code} {yyyy} {yyyymm} {mm} {seq:N}", name)
		}
		count[name]++
		p.parts = append(p.parts, indexPart{ph: name})
	}
	for _, part := range p.parts {
		if strings.ContainsAny(part.literal, " \t\r\n\u3000") {
			return bad("不能包含空格")
		}
	}
	for name, n := range count {
		if n > 1 {
			return bad("占位符“{%s}”只能出现一次", name)
		}
	}
	switch {
	case count["seq"] == 0:
		return bad("缺少顺序号 {seq:N}")
	case count["credit"]+count["code"] == 0:
		return bad("缺少发布机构代码 {credit} 或 {code}")
	case count["credit"]+count["code"] > 1:
		return bad("{credit} 与 {code} 只能用其一")
	case count["yyyy"]+count["yyyymm"] == 0:
		// Without the year two years' sequences would produce the same numbers.
		return bad("缺少年份 {yyyy} 或 {yyyymm}：顺序号每年重新编号，索引号须含年份")
	case count["yyyy"]+count["yyyymm"] > 1:
		return bad("{yyyy} 与 {yyyymm} 只能用其一")
	case count["mm"] > 0 && count["yyyy"] == 0:
		return bad("{mm} 须与 {yyyy} 同用")
	}
	p.scope = ScopeYearly
	if count["yyyymm"]+count["mm"] > 0 {
		p.scope = ScopeMonthly
	}
	if count["credit"] > 0 {
		p.field = "credit"
	} else {
		p.field = "code"
	}
	return p, nil
}

// MustIndexPattern is ParseIndexPattern for constants; it panics on a bad pattern.
func MustIndexPattern(s string) IndexPattern {
	p, err := ParseIndexPattern(s)
	if err != nil {
		panic(err)
	}
	return p
}

// checkIssuer checks the issuer code against the placeholder the pattern uses.
func (p IndexPattern) checkIssuer(code string) error {
	if p.field == "credit" {
		if !isCreditCode(code) {
			return errs.E(errs.Invalid, "发布机构的统一社会信用代码“%s”格式不正确（应为18位数字或大写字母）", code)
		}
		return nil
	}
	if code == "" || len(code) > 32 {
		return errs.E(errs.Invalid, "发布机构代码应为1至32个字符")
	}
	for _, c := range code {
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '-') {
			return errs.E(errs.Invalid, "发布机构代码“%s”只能包含字母、数字和连字符", code)
		}
	}
	return nil
}

// isCreditCode checks the shape of a unified social credit code (GB 32100-2015): 18 characters
// from the code's alphabet (digits and capital letters without I, O, Z, S, V). The check
// character is not verified: registry data with a wrong one exists and must still publish.
func isCreditCode(s string) bool {
	if len(s) != 18 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= '0' && c <= '9' {
			continue
		}
		if c < 'A' || c > 'Z' || c == 'I' || c == 'O' || c == 'Z' || c == 'S' || c == 'V' {
			return false
		}
	}
	return true
}

// Format builds the index number of the seq-th record of issuer published on day. A sequence
// that does not fit the pattern's width is an error, not a longer number: index numbers are
// fixed-width in the national catalog and sort as text, and 100000 records of one issuer in one
// year means the pattern is wrong for that issuer — an administrator widens it.
func (p IndexPattern) Format(issuer string, day calendar.Date, seq int) (string, error) {
	if p.parts == nil {
		return "", errs.E(errs.Internal, "record: index pattern not parsed")
	}
	if err := p.checkIssuer(issuer); err != nil {
		return "", err
	}
	if day.IsZero() {
		return "", errs.E(errs.Internal, "record: index number without a publication date")
	}
	if seq < 1 {
		return "", errs.E(errs.Internal, "record: index sequence %d < 1", seq)
	}
	num := strconv.Itoa(seq)
	if p.width > 0 && len(num) > p.width {
		return "", errs.E(errs.Conflict, "索引号顺序号已用尽：%s的%s已发布第%d条，超出格式“%s”的%d位顺序号，请管理员加宽顺序号位数",
			issuer, periodLabel(p.scope, day), seq, p.text, p.width)
	}
	var b strings.Builder
	for _, part := range p.parts {
		switch part.ph {
		case "":
			b.WriteString(part.literal)
		case "credit", "code":
			b.WriteString(issuer)
		case "yyyy":
			b.WriteString(fmt.Sprintf("%04d", day.Year()))
		case "yyyymm":
			b.WriteString(fmt.Sprintf("%04d%02d", day.Year(), int(day.Month())))
		case "mm":
			b.WriteString(fmt.Sprintf("%02d", int(day.Month())))
		case "seq":
			b.WriteString(strings.Repeat("0", max(p.width-len(num), 0)) + num)
		}
	}
	return b.String(), nil
}

// CounterKey names the sequence counter the store must advance for a record of issuer published
// on day: "ISSUER/2017" for a yearly pattern, "ISSUER/2017-03" for a monthly one. The store
// increments the counter of that key in the transaction that publishes the record, so a
// sequence number is never given twice nor lost to a crash.
func (p IndexPattern) CounterKey(issuer string, day calendar.Date) string {
	if p.scope == ScopeMonthly {
		return fmt.Sprintf("%s/%04d-%02d", issuer, day.Year(), int(day.Month()))
	}
	return fmt.Sprintf("%s/%04d", issuer, day.Year())
}

func periodLabel(s Scope, day calendar.Date) string {
	if s == ScopeMonthly {
		return fmt.Sprintf("%d年%d月", day.Year(), int(day.Month()))
	}
	return fmt.Sprintf("%d年", day.Year())
}

// UsesCreditCode reports whether the issuer in the pattern is the unified social credit code
// ({credit}) rather than another code ({code}).
func (p IndexPattern) UsesCreditCode() bool { return p.field == "credit" }
