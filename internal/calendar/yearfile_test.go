package calendar

import (
	"errors"
	"strings"
	"testing"
)

func TestParseYearValid(t *testing.T) {
	y, err := ParseYear("2027.json", []byte(`{"year":2027,"papers":["https://example.gov.cn/n"],"days":[
		{"name":"元旦","date":"2026-12-31","isOffDay":true},
		{"name":"元旦","date":"2027-01-01","isOffDay":true},
		{"name":"春节","date":"2027-02-14","isOffDay":false}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if y.Year != 2027 || y.File != "2027.json" || len(y.Papers) != 1 || len(y.Days) != 3 {
		t.Fatalf("unexpected %+v", y)
	}
	if d := y.Days[2]; d.Date != MustParseDate("2027-02-14") || d.Name != "春节" || d.Off {
		t.Errorf("day 3 = %+v", d)
	}
}

func TestParseYearErrors(t *testing.T) {
	for _, tc := range []struct {
		name, file, data string
		entry            int
		field            string
		text             string // exact Error() of the first problem
	}{
		{"malformed JSON", "2027.json", `{"year":2027,"days":[`, 0, "", "2027.json：JSON 格式错误：无法解析"},
		{"syntax error", "2027.json", `{"year":2027 "days":[]}`, 0, "", "2027.json：JSON 格式错误：第 14 字节附近语法错误"},
		{"wrong type", "2027.json", `{"year":"2027","days":[]}`, 0, "", "2027.json：JSON 格式错误：字段 year 的类型不对（应为 int）"},
		{"trailing content", "2027.json", `{"year":2027,"days":[{"name":"元旦","date":"2027-01-01","isOffDay":true}]} {}`, 0, "", "2027.json：JSON 格式错误：文件末尾有多余内容"},
		{"missing year", "2027.json", `{"days":[{"name":"元旦","date":"2027-01-01","isOffDay":true}]}`, 0, "year", "2027.json：缺少 year 字段"},
		{"year out of range", "x.json", `{"year":20277,"days":[{"name":"元旦","date":"2027-01-01","isOffDay":true}]}`, 0, "year", "x.json：year 字段 20277 不在 2000–2200 之间"},
		{"file name mismatch", "2028.json", `{"year":2027,"days":[{"name":"元旦","date":"2027-01-01","isOffDay":true}]}`, 0, "year", "2028.json：文件名与 year 字段（2027）不一致"},
		{"no days", "2027.json", `{"year":2027,"days":[]}`, 0, "days", "2027.json：没有任何日期（days 为空）"},
		{"impossible date", "2027.json", `{"year":2027,"days":[
			{"name":"元旦","date":"2027-01-01","isOffDay":true},
			{"name":"春节","date":"2027-02-06","isOffDay":true},
			{"name":"春节","date":"2027-02-30","isOffDay":true}]}`, 3, "date", "2027.json 第3项（2027-02-30）：日期不存在"},
		{"bad date format", "2027.json", `{"year":2027,"days":[{"name":"元旦","date":"2027/1/1","isOffDay":true}]}`, 1, "date", "2027.json 第1项（2027/1/1）：日期格式应为 YYYY-MM-DD"},
		{"date in another year", "2027.json", `{"year":2027,"days":[{"name":"元旦","date":"2028-01-01","isOffDay":true}]}`, 1, "date", "2027.json 第1项（2028-01-01）：日期不在 2027 年内（只允许上一年 12 月）"},
		{"previous year but not December", "2027.json", `{"year":2027,"days":[{"name":"元旦","date":"2026-11-30","isOffDay":true}]}`, 1, "date", "2027.json 第1项（2026-11-30）：日期不在 2027 年内（只允许上一年 12 月）"},
		{"both off and on", "2027.json", `{"year":2027,"days":[
			{"name":"春节","date":"2027-02-06","isOffDay":true},
			{"name":"春节","date":"2027-02-06","isOffDay":false}]}`, 2, "isOffDay", "2027.json 第2项（2027-02-06）：同一日期既列为休息又列为上班（另见第1项）"},
		{"duplicate", "2027.json", `{"year":2027,"days":[
			{"name":"元旦","date":"2027-01-01","isOffDay":true},
			{"name":"春节","date":"2027-02-06","isOffDay":true},
			{"name":"春节","date":"2027-02-06","isOffDay":true}]}`, 3, "date", "2027.json 第3项（2027-02-06）：与第2项重复"},
		{"missing name", "2027.json", `{"year":2027,"days":[{"date":"2027-01-01","isOffDay":true}]}`, 1, "name", "2027.json 第1项（2027-01-01）：缺少节日名称"},
		{"missing isOffDay", "2027.json", `{"year":2027,"days":[{"name":"元旦","date":"2027-01-01"}]}`, 1, "isOffDay", "2027.json 第1项（2027-01-01）：缺少 isOffDay 字段"},
		{"missing date", "2027.json", `{"year":2027,"days":[{"name":"元旦","isOffDay":true}]}`, 1, "date", "2027.json 第1项：缺少 date 字段"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseYear(tc.file, []byte(tc.data))
			var ye *YearError
			if !errors.As(err, &ye) {
				t.Fatalf("error %v is not a *YearError", err)
			}
			if ye.File != tc.file || ye.Entry != tc.entry || ye.Field != tc.field {
				t.Errorf("got File=%q Entry=%d Field=%q, want %q %d %q", ye.File, ye.Entry, ye.Field, tc.file, tc.entry, tc.field)
			}
			if ye.Error() != tc.text {
				t.Errorf("Error() = %q, want %q", ye.Error(), tc.text)
			}
		})
	}
}

// TestParseYearAllErrors checks that one pass reports every bad entry, not just the first.
func TestParseYearAllErrors(t *testing.T) {
	_, err := ParseYear("2027.json", []byte(`{"year":2027,"days":[
		{"name":"元旦","date":"2027-01-01","isOffDay":true},
		{"name":"春节","date":"2027-02-29","isOffDay":true},
		{"name":"春节","date":"2025-12-31","isOffDay":true},
		{"name":"元旦","date":"2027-01-01","isOffDay":true}]}`))
	var es YearErrors
	if !errors.As(err, &es) || len(es) != 3 {
		t.Fatalf("want 3 errors, got %v", err)
	}
	for i, entry := range []int{2, 3, 4} {
		if es[i].Entry != entry {
			t.Errorf("error %d is for entry %d, want %d", i, es[i].Entry, entry)
		}
	}
	if !strings.Contains(err.Error(), "；") {
		t.Errorf("joined message should separate problems: %q", err)
	}
}
