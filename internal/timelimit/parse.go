package timelimit

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"gongkai/internal/calendar"
)

// maxDays rejects implausible lengths (a typo such as 2000个工作日, eight years) instead of
// computing with them: disclosure limits in the national catalogs are days or weeks, and a year
// (366 days) is already far beyond any of them.
const maxDays = 366

// Clause patterns, applied to normalized text (see normalize) one clause at a time. Compiled
// once; regexp values are immutable and safe for concurrent use.
const unitRe = `(个工作日|工作日|个自然日|自然日|日|天)`

var (
	sameRe      = regexp.MustCompile(`^同上$`)
	longTermRe  = regexp.MustCompile(`^(长期|常态化|常年|持续)(?:公开|有效|更新|公示)?$`)
	immediateRe = regexp.MustCompile(`^(?:(.+?)(?:之后|以后|后))?(实时|即时|及时|随时)(?:予以公开|公开|更新|发布|公布|推送)?$`)
	periodicRe  = regexp.MustCompile(`^(?:每|按)(周|月|季度|季|半年|年度|年)(?:公开|更新|发布|公布)?(?:一次)?$`)
	periodAfter = regexp.MustCompile(`^每(月|季度|季|半年|年度|年)(?:结束|终了|末)?(?:之后|以后|后)(\d+)` + unitRe + `(?:以内|之内|内)(?:公开|更新|发布|公布)?$`)
	yearlyByRe  = regexp.MustCompile(`^每年(?:的)?(\d+)月(\d+)日(?:前|之前|以前)(?:公开|更新|发布|公布)?$`)
	monthlyByRe = regexp.MustCompile(`^每月(?:的)?(\d+)日(?:前|之前|以前)(?:公开|更新|发布|公布)?$`)
	publicityRe = regexp.MustCompile(`^(?:[\p{Han}]{1,12}前)?(?:张榜)?公示(?:期|时间|期限)?(?:为|不少于|不得少于|不低于)?(\d+)` + unitRe + `$`)
	deadlineRe  = regexp.MustCompile(`^(?:自|从)?(?:(.+?)(之日起|之日后|日起|之后|以后|起|后))?(?:不超过|最迟不超过|最长不超过|最迟)?(\d+)` + unitRe +
		`(?:以内|之内|内)?(?:予以公开|主动公开|完成公开|公开|予以公示|公示|发布|公布|更新|完成)?$`)
)

// Parse reads one 公开时限 cell. It accepts several clauses separated by ，or ；(a deadline and a
// publicity period, in either order); anything it cannot account for entirely is Unrecognized.
func Parse(text string) Rule {
	unknown := Rule{Text: text, Kind: Unrecognized}
	s := normalize(text)
	if s == "" {
		return unknown
	}
	clauses := strings.FieldsFunc(s, func(r rune) bool { return r == '，' || r == '；' || r == '。' })
	var primary *Rule
	var publicity Span
	for _, c := range clauses {
		r, ok := parseClause(c)
		switch {
		case !ok:
			return unknown
		case r.Kind == Publicity:
			if !publicity.IsZero() {
				return unknown
			}
			publicity = r.Publicity
		case r.Kind == SameAsAbove && len(clauses) > 1:
			return unknown // 同上 plus something else: which part is "the same"?
		default:
			if primary != nil {
				return unknown // two deadlines, or 长期 and 及时 together: a person decides
			}
			primary = &r
		}
	}
	out := Rule{Kind: Publicity}
	if primary != nil {
		out = *primary
	}
	out.Text = text
	out.Publicity = publicity
	return out
}

// parseClause recognizes one clause; the order matters where patterns overlap (a periodic
// "每季度结束后15日内" also looks like a deadline after an event).
func parseClause(c string) (Rule, bool) {
	if sameRe.MatchString(c) {
		return Rule{Kind: SameAsAbove}, true
	}
	if m := longTermRe.FindStringSubmatch(c); m != nil {
		return Rule{Kind: LongTerm, Word: m[1]}, true
	}
	if m := immediateRe.FindStringSubmatch(c); m != nil {
		return Rule{Kind: Immediate, Event: m[1], Word: m[2]}, true
	}
	if m := periodicRe.FindStringSubmatch(c); m != nil {
		return Rule{Kind: Periodic, Every: interval(m[1])}, true
	}
	if m := periodAfter.FindStringSubmatch(c); m != nil {
		span, ok := span(m[2], m[3])
		return Rule{Kind: Periodic, Every: interval(m[1]), Limit: span}, ok
	}
	if m := yearlyByRe.FindStringSubmatch(c); m != nil {
		mon, _ := strconv.Atoi(m[1])
		day, _ := strconv.Atoi(m[2])
		// 2 月 29 日 exists in leap years only; a yearly deadline on it is a typo.
		if _, err := calendar.NewDate(2025, time.Month(mon), day); err != nil {
			return Rule{}, false
		}
		return Rule{Kind: Periodic, Every: Yearly, ByMonth: mon, ByDay: day}, true
	}
	if m := monthlyByRe.FindStringSubmatch(c); m != nil {
		day, _ := strconv.Atoi(m[1])
		if day < 1 || day > 28 { // a day every month has
			return Rule{}, false
		}
		return Rule{Kind: Periodic, Every: Monthly, ByDay: day}, true
	}
	if m := publicityRe.FindStringSubmatch(c); m != nil {
		span, ok := span(m[1], m[2])
		return Rule{Kind: Publicity, Publicity: span}, ok
	}
	if m := deadlineRe.FindStringSubmatch(c); m != nil {
		span, ok := span(m[3], m[4])
		if !ok {
			return Rule{}, false
		}
		kind := CalendarDays
		if span.Unit == calendar.WorkingDays {
			kind = WorkingDays
		}
		event := m[1]
		if event != "" {
			switch m[2] {
			case "之日起", "之日后":
				event += "之日"
			case "日起":
				event += "日"
			}
		}
		return Rule{Kind: kind, Event: event, Limit: span}, true
	}
	return Rule{}, false
}

func span(num, unit string) (Span, bool) {
	n, err := strconv.Atoi(num)
	if err != nil || n <= 0 || n > maxDays {
		return Span{}, false
	}
	if strings.HasSuffix(unit, "工作日") {
		return Span{n, calendar.WorkingDays}, true
	}
	return Span{n, calendar.CalendarDays}, true
}

func interval(s string) Interval {
	switch s {
	case "周":
		return Weekly
	case "月":
		return Monthly
	case "季度", "季":
		return Quarterly
	case "半年":
		return HalfYearly
	}
	return Yearly
}

// String renders the rule in normalized Chinese: "信息形成或者变更之日起20个工作日内",
// "10个工作日内，公示7个工作日", "每季度结束后15日内". An Unrecognized rule renders as its text.
func (r Rule) String() string {
	var s string
	switch r.Kind {
	case WorkingDays, CalendarDays:
		s = eventPrefix(r.Event) + r.Limit.String() + "内"
	case Publicity:
		return "公示" + r.Publicity.String()
	case Immediate:
		if r.Event != "" {
			s = r.Event + "后"
		}
		s += r.Word + "公开"
	case LongTerm:
		s = r.Word + "公开"
	case Periodic:
		switch {
		case r.ByMonth != 0:
			s = "每年" + strconv.Itoa(r.ByMonth) + "月" + strconv.Itoa(r.ByDay) + "日前"
		case r.ByDay != 0:
			s = "每月" + strconv.Itoa(r.ByDay) + "日前"
		case !r.Limit.IsZero():
			s = r.Every.String() + "结束后" + r.Limit.String() + "内"
		default:
			s = r.Every.String() + "公开"
		}
	case SameAsAbove:
		return "同上"
	default:
		return r.Text
	}
	if !r.Publicity.IsZero() {
		s += "，公示" + r.Publicity.String()
	}
	return s
}

// eventPrefix links the event to the period: a day takes 起 (之日起), an act takes 后 (批准后).
func eventPrefix(event string) string {
	switch {
	case event == "":
		return ""
	case strings.HasSuffix(event, "日"):
		return event + "起"
	}
	return event + "后"
}
