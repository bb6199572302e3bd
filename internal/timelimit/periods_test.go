package timelimit

import (
	"strings"
	"testing"

	"gongkai/internal/calendar"
)

func TestPeriods(t *testing.T) {
	cal, err := calendar.New(calendar.Official(), nil)
	if err != nil {
		t.Fatal(err)
	}
	d := calendar.MustParseDate
	cases := []struct {
		text         string
		since, until string
		want         []string // label@due
	}{
		{"每季度结束后15日内", "2026-01-01", "2026-12-07", []string{"2025年第4季度@2026-01-15", "2026年第1季度@2026-04-15", "2026年第2季度@2026-07-15", "2026年第3季度@2026-10-15"}},
		{"每年3月31日前", "2025-06-01", "2026-12-07", []string{"2025年度@2026-03-31"}},
		{"每月10日前", "2026-09-01", "2026-12-07", []string{"2026年8月@2026-09-10", "2026年9月@2026-10-10", "2026年10月@2026-11-10"}},
		{"每半年公开", "2026-01-01", "2026-12-07", []string{"2026年上半年@2026-06-30"}},
		{"信息形成或者变更之日起20个工作日内", "2026-01-01", "2026-12-07", nil},
	}
	for _, c := range cases {
		var got []string
		for _, p := range Parse(c.text).Periods(cal, d(c.since), d(c.until)) {
			got = append(got, p.Label+"@"+p.Due.Date.String())
		}
		if strings.Join(got, " ") != strings.Join(c.want, " ") {
			t.Errorf("%s: %v, want %v", c.text, got, c.want)
		}
	}
	// 15 calendar days after the end of Q3 is 2026-10-15, a Thursday: a working day.
	ps := Parse("每季度结束后15日内").Periods(cal, d("2026-01-01"), d("2026-12-07"))
	cov := Covered(ps, []calendar.Date{d("2026-01-10"), d("2026-07-20"), d("2026-10-15")})
	// Q4 2025 on time; Q1 2026 missing; Q2 published 07-20, after its due day: it falls in
	// Q3's window, so Q2 counts as missing; Q3 is covered.
	if want := []bool{true, false, false, true}; !equal(cov, want) {
		t.Errorf("covered %v, want %v", cov, want)
	}
}

func equal(a, b []bool) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestPublicityAfterEvent: a publicity period named after the event it precedes (发放前公示7个
// 工作日, as in the sample catalog) is a publicity period in its own unit.
func TestPublicityAfterEvent(t *testing.T) {
	for text, want := range map[string]string{"发放前公示7个工作日": "公示7个工作日", "公示7天": "公示7日", "资金发放前张榜公示5日": "公示5日"} {
		r := Parse(text)
		if r.Kind != Publicity || r.String() != want {
			t.Errorf("%s: %v %s, want %s", text, r.Kind, r.String(), want)
		}
	}
}
