package calendar

import (
	"strconv"
	"strings"
	"time"
)

// mark sets Provisional and Reason on due if any day in [lo, hi] is outside the certain range.
// The common case is two integer comparisons; the reason text is only built when needed.
func (c *Calendar) mark(due *Due, lo, hi Date) {
	if !lo.Before(c.certLo) && !hi.After(c.certHi) {
		return
	}
	due.Provisional = true
	due.Reason = c.reason(lo, hi)
}

// reason names the notice years whose absence makes [lo, hi] uncertain, e.g.
// "2027年放假安排尚未录入，按法定节假日推算，仅供参考".
func (c *Calendar) reason(lo, hi Date) string {
	var missing, noLunar []int
	addYear := func(list []int, y int) []int {
		if n := len(list); n == 0 || list[n-1] != y {
			list = append(list, y)
		}
		return list
	}
	for y := lo.Year(); y <= hi.Year(); y++ {
		covered := c.first != 0 && y >= c.first && y <= c.last
		if !covered {
			missing = addYear(missing, y)
			if y < lunarFirstYear || y > lunarLastYear {
				noLunar = addYear(noLunar, y)
			}
		}
		// Late December of the last covered year depends on the next notice.
		if c.first != 0 && y == c.last && !hi.Before(MustDate(y, time.December, decemberTail)) {
			missing = addYear(missing, y+1)
		}
	}
	var b strings.Builder
	b.WriteString(yearList(missing))
	b.WriteString("放假安排尚未录入，按法定节假日推算")
	if len(noLunar) > 0 {
		b.WriteString("，")
		b.WriteString(yearList(noLunar))
		b.WriteString("的春节、清明节、端午节、中秋节未计入")
	}
	b.WriteString("，仅供参考")
	return b.String()
}

// yearList writes ascending years as "2027年", "2027年、2029年" or "2027年至2030年" for runs.
func yearList(ys []int) string {
	var parts []string
	for i := 0; i < len(ys); {
		j := i
		for j+1 < len(ys) && ys[j+1] == ys[j]+1 {
			j++
		}
		switch {
		case j == i:
			parts = append(parts, strconv.Itoa(ys[i])+"年")
		case j == i+1:
			parts = append(parts, strconv.Itoa(ys[i])+"年", strconv.Itoa(ys[j])+"年")
		default:
			parts = append(parts, strconv.Itoa(ys[i])+"年至"+strconv.Itoa(ys[j])+"年")
		}
		i = j + 1
	}
	return strings.Join(parts, "、")
}
