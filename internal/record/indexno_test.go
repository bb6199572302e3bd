package record

import (
	"strings"
	"testing"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
)

const testCredit = "11610000016000365Q" // the example of standards.md §4

func TestIndexFormat(t *testing.T) {
	day := calendar.MustDate(2017, 3, 8)
	tests := []struct {
		pattern, issuer string
		seq             int
		want            string
	}{
		{DefaultIndexPattern, testCredit, 123, "11610000016000365Q/2017-00123"},
		{DefaultIndexPattern, testCredit, 1, "11610000016000365Q/2017-00001"},
		{DefaultIndexPattern, testCredit, 99999, "11610000016000365Q/2017-99999"},
		{"{code}/{yyyymm}-{seq:4}", "016000365", 7, "016000365/201703-0007"},
		{"{code}/{yyyy}{mm}-{seq:4}", "01600036-5", 7, "01600036-5/201703-0007"},
		{"{code}-{yyyy}-{seq}", "wy", 1234567, "wy-2017-1234567"},
		{"ZW{yyyy}/{code}/{seq:3}", "A1", 12, "ZW2017/A1/012"},
		{"{credit}/{yyyy}-{seq:9}", testCredit, 5, "11610000016000365Q/2017-000000005"},
	}
	for _, tc := range tests {
		p, err := ParseIndexPattern(tc.pattern)
		if err != nil {
			t.Fatalf("%s: %v", tc.pattern, err)
		}
		got, err := p.Format(tc.issuer, day, tc.seq)
		if err != nil || got != tc.want {
			t.Errorf("%s with %s #%d = %q, %v; want %q", tc.pattern, tc.issuer, tc.seq, got, err, tc.want)
		}
		if p.String() != tc.pattern {
			t.Errorf("String() = %q", p.String())
		}
	}
}

// A sequence that outgrows its width is refused rather than widened: the national catalog shows
// fixed-width numbers that sort as text.
func TestIndexFormatOverflowAndBadInput(t *testing.T) {
	day := calendar.MustDate(2017, 12, 31)
	p := MustIndexPattern(DefaultIndexPattern)
	_, err := p.Format(testCredit, day, 100000)
	wantErr(t, err, errs.Conflict, "索引号顺序号已用尽：11610000016000365Q的2017年已发布第100000条，超出格式“{credit}/{yyyy}-{seq:5}”的5位顺序号")
	monthly := MustIndexPattern("{code}/{yyyymm}-{seq:2}")
	_, err = monthly.Format("A1", day, 100)
	wantErr(t, err, errs.Conflict, "A1的2017年12月已发布第100条")

	_, err = p.Format("11610000016000365", day, 1) // 17 characters
	wantErr(t, err, errs.Invalid, "统一社会信用代码")
	_, err = p.Format("11610000016000365I", day, 1) // I is not in the alphabet
	wantErr(t, err, errs.Invalid, "统一社会信用代码")
	_, err = monthly.Format("A/1", day, 1)
	wantErr(t, err, errs.Invalid, "只能包含字母、数字和连字符")
	_, err = monthly.Format("", day, 1)
	wantErr(t, err, errs.Invalid, "发布机构代码应为1至32个字符")
	for _, seq := range []int{0, -1} {
		if _, err := p.Format(testCredit, day, seq); errs.Code(err) != errs.Internal {
			t.Errorf("seq %d: %v", seq, err)
		}
	}
	if _, err := p.Format(testCredit, calendar.Date{}, 1); errs.Code(err) != errs.Internal {
		t.Errorf("no date: %v", err)
	}
	if _, err := (IndexPattern{}).Format(testCredit, day, 1); errs.Code(err) != errs.Internal {
		t.Errorf("zero pattern: %v", err)
	}
}

func TestIndexPatternErrors(t *testing.T) {
	tests := []struct{ pattern, msg string }{
		{"", "不能为空，默认为 {credit}/{yyyy}-{seq:5}"},
		{"   ", "不能为空"},
		{"{credit}/{yyyy}-", "缺少顺序号 {seq:N}"},
		{"{yyyy}-{seq:5}", "缺少发布机构代码 {credit} 或 {code}"},
		{"{credit}-{seq:5}", "缺少年份 {yyyy} 或 {yyyymm}"},
		{"{credit}/{code}/{yyyy}-{seq}", "{credit} 与 {code} 只能用其一"},
		{"{credit}/{yyyy}{yyyymm}-{seq}", "{yyyy} 与 {yyyymm} 只能用其一"},
		{"{credit}/{yyyymm}{mm}-{seq}", "{mm} 须与 {yyyy} 同用"},
		{"{credit}/{yyyy}-{seq:5}-{seq}", "占位符“{seq}”只能出现一次"},
		{"{credit}/{yyyy}/{yyyy}-{seq}", "占位符“{yyyy}”只能出现一次"},
		{"{credit}/{yyyy}-{seq:0}", "顺序号位数“0”应为1至9的数字"},
		{"{credit}/{yyyy}-{seq:10}", "顺序号位数“10”应为1至9"},
		{"{credit}/{yyyy}-{seq:05}", "顺序号位数“05”"},
		{"{credit}/{yyyy}-{seq:x}", "顺序号位数“x”"},
		{"{credit}/{year}-{seq:5}", "无法识别的占位符“{year}”"},
		{"{Credit}/{yyyy}-{seq:5}", "无法识别的占位符“{Credit}”"},
		{"{credit}/{yyyy-{seq:5}", "无法识别的占位符“{yyyy-{seq:5}”"},
		{"{credit}/{yyyy}-{seq:5", "“{”没有对应的“}”"},
		{"{credit}/yyyy}-{seq:5}", "多余的“}”"},
		{"{credit} / {yyyy}-{seq:5}", "不能包含空格"},
		{strings.Repeat("x", 50) + DefaultIndexPattern, "不能超过64个字符"},
	}
	for _, tc := range tests {
		_, err := ParseIndexPattern(tc.pattern)
		if err == nil {
			t.Errorf("%q: no error", tc.pattern)
			continue
		}
		wantErr(t, err, errs.Invalid, tc.msg)
		if e := err.(*errs.Error); len(e.Fields) != 1 || e.Fields[0].Field != "index_pattern" {
			t.Errorf("%q: fields %+v", tc.pattern, e.Fields)
		}
	}
}

func TestIndexScopeAndCounterKey(t *testing.T) {
	day := calendar.MustDate(2026, 3, 8)
	tests := []struct {
		pattern string
		scope   Scope
		key     string
	}{
		{DefaultIndexPattern, ScopeYearly, testCredit + "/2026"},
		{"{code}/{yyyymm}-{seq:4}", ScopeMonthly, testCredit + "/2026-03"},
		{"{code}/{yyyy}{mm}-{seq:4}", ScopeMonthly, testCredit + "/2026-03"},
		{"{code}-{yyyy}-{seq}", ScopeYearly, testCredit + "/2026"},
	}
	for _, tc := range tests {
		p := MustIndexPattern(tc.pattern)
		if p.Scope() != tc.scope {
			t.Errorf("%s: scope %d, want %d", tc.pattern, p.Scope(), tc.scope)
		}
		if got := p.CounterKey(testCredit, day); got != tc.key {
			t.Errorf("%s: key %q, want %q", tc.pattern, got, tc.key)
		}
	}
	// Sequences of different years (or months) never share a counter.
	p := MustIndexPattern(DefaultIndexPattern)
	if p.CounterKey(testCredit, calendar.MustDate(2026, 12, 31)) == p.CounterKey(testCredit, calendar.MustDate(2027, 1, 1)) {
		t.Error("yearly key does not change with the year")
	}
	if p.Width() != 5 || MustIndexPattern("{code}-{yyyy}-{seq}").Width() != 0 {
		t.Error("Width")
	}
}

func TestMustIndexPatternPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic")
		}
	}()
	MustIndexPattern("{seq}")
}
