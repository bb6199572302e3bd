package calendar

import (
	"strconv"
	"strings"
)

// Explain says in Chinese how the due date was reached, naming the holidays and make-up days
// that fall inside the period, e.g.
//
//	自2026年9月30日起20个工作日（不含当日；10月1日至7日国庆节休假，10月10日调休上班），截止2026年11月3日
//	自2026年9月11日起20日（不含当日），期满日10月1日为休息日（10月1日至7日国庆节休假），顺延至2026年10月8日
//
// Dates inside the sentence omit the year when it is the year of From. A provisional result ends
// with its reason in parentheses. A Due rebuilt from storage (no calendar) explains without the
// holiday list. A Due with no Date explains as "".
func (d Due) Explain() string {
	if d.Date.IsZero() {
		return "" // nothing was computed (unknown unit or absurd length)
	}
	var b strings.Builder
	ref := d.From.Year()
	switch {
	case d.N == 0:
		if d.Date == d.From {
			b.WriteString("截止" + fullDate(d.Date) + "（当日）")
		} else {
			b.WriteString(fullDate(d.From) + "为休息日" + d.paren(d.From, d.Date.AddDays(-1), ref, true))
			b.WriteString("，截止" + fullDate(d.Date))
		}
	case d.N < 0:
		b.WriteString(fullDate(d.From) + "前" + strconv.Itoa(-d.N) + d.Unit.String() + "为" + fullDate(d.Nominal))
		if d.Extended() {
			b.WriteString("，为休息日，提前至" + fullDate(d.Date))
		}
	case d.Unit == WorkingDays:
		b.WriteString("自" + fullDate(d.From) + "起" + strconv.Itoa(d.N) + "个工作日（不含当日")
		if notes := d.notes(d.From.AddDays(1), d.Date, ref); notes != "" {
			b.WriteString("；" + notes)
		}
		b.WriteString("），截止" + fullDate(d.Date))
	default:
		b.WriteString("自" + fullDate(d.From) + "起" + strconv.Itoa(d.N) + "日（不含当日），")
		if d.Extended() {
			b.WriteString("期满日" + relDate(d.Nominal, ref) + "为休息日" + d.paren(d.Nominal, d.Date.AddDays(-1), ref, true))
			b.WriteString("，顺延至" + fullDate(d.Date))
		} else {
			b.WriteString("期满日为" + fullDate(d.Date))
		}
	}
	if d.Provisional {
		b.WriteString("（" + d.Reason + "）")
	}
	return b.String()
}

// paren returns the notes for [lo, hi] in parentheses; "（周末）" when only ordinary weekend days
// lie there and weekend is set.
func (d Due) paren(lo, hi Date, ref int, weekend bool) string {
	if d.cal == nil {
		return ""
	}
	if notes := d.notes(lo, hi, ref); notes != "" {
		return "（" + notes + "）"
	}
	if weekend {
		return "（周末）"
	}
	return ""
}

// notes lists, in date order, each holiday block (consecutive days off with the same name), each
// local closure block and each make-up day in [lo, hi], e.g. "10月1日至7日国庆节休假，10月10日调休上班".
func (d Due) notes(lo, hi Date, ref int) string {
	if d.cal == nil || hi.Before(lo) {
		return ""
	}
	type item struct {
		kind       DayKind
		name       string
		start, end Date
		extra      []Date // further make-up days merged into one item
	}
	var items []item
	for day := lo; !day.After(hi); day = day.AddDays(1) {
		f, name := d.cal.at(day)
		kind := DayKind(f & kindMask)
		if kind != Holiday && kind != MakeUpDay && kind != Closed {
			continue
		}
		if n := len(items); n > 0 {
			last := &items[n-1]
			switch {
			case kind != MakeUpDay && last.kind == kind && last.name == name && last.end.AddDays(1) == day:
				last.end = day
				continue
			case kind == MakeUpDay && last.kind == MakeUpDay:
				last.extra = append(last.extra, day)
				continue
			}
		}
		items = append(items, item{kind: kind, name: name, start: day, end: day})
	}
	parts := make([]string, 0, len(items))
	for _, it := range items {
		switch it.kind {
		case Holiday:
			parts = append(parts, rangeDate(it.start, it.end, ref)+it.name+"休假")
		case Closed:
			parts = append(parts, rangeDate(it.start, it.end, ref)+"因"+it.name+"停止办公")
		case MakeUpDay:
			s := relDate(it.start, ref)
			prev := it.start
			for _, e := range it.extra {
				s += "、" + shortAfter(prev, e, ref)
				prev = e
			}
			parts = append(parts, s+"调休上班")
		}
	}
	return strings.Join(parts, "，")
}

// fullDate is "2026年9月30日".
func fullDate(d Date) string {
	y, m, dd := d.Civil()
	return strconv.Itoa(y) + "年" + strconv.Itoa(int(m)) + "月" + strconv.Itoa(dd) + "日"
}

// relDate omits the year when it is ref: "10月1日".
func relDate(d Date, ref int) string {
	y, m, dd := d.Civil()
	if y != ref {
		return fullDate(d)
	}
	return strconv.Itoa(int(m)) + "月" + strconv.Itoa(dd) + "日"
}

// shortAfter writes e as briefly as possible after prev: "7日", "11月2日" or a full date.
func shortAfter(prev, e Date, ref int) string {
	py, pm, _ := prev.Civil()
	y, m, dd := e.Civil()
	switch {
	case y != py:
		return fullDate(e)
	case m != pm:
		return strconv.Itoa(int(m)) + "月" + strconv.Itoa(dd) + "日"
	}
	return strconv.Itoa(dd) + "日"
}

// rangeDate is "10月1日", "10月1日至7日", "9月30日至10月3日" or "2026年12月31日至2027年1月2日".
func rangeDate(a, b Date, ref int) string {
	if a == b {
		return relDate(a, ref)
	}
	return relDate(a, ref) + "至" + shortAfter(a, b, ref)
}

// Notes lists the holiday blocks, local closures and make-up days in [lo, hi] as Explain does,
// e.g. "10月1日至8日国庆节、中秋节休假，10月11日调休上班"; "" when there are none. Dates omit
// the year of lo.
func (c *Calendar) Notes(lo, hi Date) string {
	return Due{cal: c}.notes(lo, hi, lo.Year())
}
