package calendar

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"strconv"
	"strings"
	"time"
)

// Year is one State Council holiday notice: the days it lists as off (holidays and the rest
// days moved into them) and as worked (调休上班). Ordinary weekends are not listed.
type Year struct {
	Year   int
	File   string   // where it came from, for messages ("2026.json", an upload name …)
	Papers []string // the notice URL(s)
	Days   []ListedDay
}

// ListedDay is one entry of a notice.
type ListedDay struct {
	Date Date
	Name string // 春节, 中秋节、国庆节 …
	Off  bool   // true: a day off; false: a make-up working day
}

// YearError is one problem in a year file, precise enough to show to the administrator who
// uploaded it. Entry is 1-based; 0 means the file as a whole.
type YearError struct {
	File   string
	Entry  int
	Date   string // the entry's date text as written, if any
	Field  string // JSON field concerned: "year", "days", "date", "name", "isOffDay"
	Reason string // in Chinese
}

func (e *YearError) Error() string {
	if e.Entry == 0 {
		return fmt.Sprintf("%s：%s", e.File, e.Reason)
	}
	if e.Date != "" {
		return fmt.Sprintf("%s 第%d项（%s）：%s", e.File, e.Entry, e.Date, e.Reason)
	}
	return fmt.Sprintf("%s 第%d项：%s", e.File, e.Entry, e.Reason)
}

// YearErrors is every problem found in one file, so an administrator can fix them all at once.
// errors.As(err, &*YearError) finds the first.
type YearErrors []*YearError

func (es YearErrors) Error() string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "；")
}

// Unwrap exposes the individual errors to errors.Is and errors.As.
func (es YearErrors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// maxYearErrors bounds the report for a badly broken file: the first few are enough to act on.
const maxYearErrors = 20

// Accepted notice years. The first national notice in today's form is from 2000; the upper bound
// only catches typos such as 20277.
const (
	minNoticeYear = 2000
	maxNoticeYear = 2200
)

// ParseYear parses and validates one year file in the shape of holidays/*.json:
//
//	{"year": 2026, "papers": ["https://…"], "days": [{"name": "春节", "date": "2026-02-15", "isOffDay": true}, …]}
//
// A notice may list late-December days of the previous year (2019.json holds 2018-12-29..31).
// On failure the error is a YearErrors listing every problem found, in Chinese.
func ParseYear(file string, data []byte) (Year, error) {
	var raw struct {
		Year   *int     `json:"year"`
		Papers []string `json:"papers"`
		Days   *[]struct {
			Name     *string `json:"name"`
			Date     *string `json:"date"`
			IsOffDay *bool   `json:"isOffDay"`
		} `json:"days"`
	}
	whole := func(field, reason string) error {
		return YearErrors{{File: file, Field: field, Reason: reason}}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&raw); err != nil {
		return Year{}, whole("", "JSON 格式错误："+jsonReason(err))
	}
	if dec.More() {
		return Year{}, whole("", "JSON 格式错误：文件末尾有多余内容")
	}
	if raw.Year == nil {
		return Year{}, whole("year", "缺少 year 字段")
	}
	y := *raw.Year
	if y < minNoticeYear || y > maxNoticeYear {
		return Year{}, whole("year", fmt.Sprintf("year 字段 %d 不在 %d–%d 之间", y, minNoticeYear, maxNoticeYear))
	}
	if base := strings.TrimSuffix(path.Base(file), ".json"); isDigits(base) && base != strconv.Itoa(y) {
		return Year{}, whole("year", fmt.Sprintf("文件名与 year 字段（%d）不一致", y))
	}
	if raw.Days == nil || len(*raw.Days) == 0 {
		return Year{}, whole("days", "没有任何日期（days 为空）")
	}

	out := Year{Year: y, File: file, Papers: raw.Papers, Days: make([]ListedDay, 0, len(*raw.Days))}
	var errs YearErrors
	add := func(entry int, date, field, reason string) {
		if len(errs) < maxYearErrors {
			errs = append(errs, &YearError{File: file, Entry: entry, Date: date, Field: field, Reason: reason})
		}
	}
	type seen struct{ entry, slot int } // 1-based entry in the file; index in out.Days
	first := make(map[Date]seen)
	for i, e := range *raw.Days {
		entry := i + 1
		if e.Date == nil {
			add(entry, "", "date", "缺少 date 字段")
			continue
		}
		text := *e.Date
		d, err := ParseDate(text)
		switch {
		case errors.Is(err, ErrNoSuchDate):
			add(entry, text, "date", "日期不存在")
			continue
		case err != nil:
			add(entry, text, "date", "日期格式应为 YYYY-MM-DD")
			continue
		}
		if dy, dm := d.Year(), d.Month(); dy != y && !(dy == y-1 && dm == time.December) {
			add(entry, text, "date", fmt.Sprintf("日期不在 %d 年内（只允许上一年 12 月）", y))
			continue
		}
		if e.Name == nil || strings.TrimSpace(*e.Name) == "" {
			add(entry, text, "name", "缺少节日名称")
			continue
		}
		if e.IsOffDay == nil {
			add(entry, text, "isOffDay", "缺少 isOffDay 字段")
			continue
		}
		day := ListedDay{Date: d, Name: strings.TrimSpace(*e.Name), Off: *e.IsOffDay}
		if s, dup := first[d]; dup {
			if out.Days[s.slot].Off != day.Off {
				add(entry, text, "isOffDay", fmt.Sprintf("同一日期既列为休息又列为上班（另见第%d项）", s.entry))
			} else {
				add(entry, text, "date", fmt.Sprintf("与第%d项重复", s.entry))
			}
			continue
		}
		// A working entry on a weekday is allowed: 2020.json lists 2020-02-03 (Monday) as the
		// first working day after the epidemic extension of 春节. It changes nothing.
		first[d] = seen{entry: entry, slot: len(out.Days)}
		out.Days = append(out.Days, day)
	}
	if len(errs) > 0 {
		return Year{}, errs
	}
	return out, nil
}

// jsonReason turns encoding/json's English message into a short Chinese one with the position.
func jsonReason(err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Sprintf("第 %d 字节附近语法错误", syn.Offset)
	case errors.As(err, &typ):
		return fmt.Sprintf("字段 %s 的类型不对（应为 %s）", typ.Field, typ.Type)
	}
	return "无法解析"
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
