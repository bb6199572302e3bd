package inspection

import (
	"fmt"
	"html"
	"strings"
)

// BodyHTML writes the notice as the body of the record that publishes it: the introduction,
// the ranking table, the outstanding units, the problems per unit with their evidence and
// the rectification requirement counted from publication (the record's publication day is
// not known while it is drafted). Evidence on the public site is linked with its note;
// evidence on staff pages is only counted: its notes may name records not yet published or
// quote a citizen's question, which a public notice must not repeat.
func (d NoticeDraft) BodyHTML(issuer string) string {
	var b strings.Builder
	esc := html.EscapeString
	p := func(s string) { b.WriteString("<p>" + esc(s) + "</p>\n") }
	p(d.Intro)
	b.WriteString("<h2>一、检查评估排名</h2>\n<table>\n<thead><tr><th>名次</th><th>单位</th><th>得分</th><th>备注</th></tr></thead>\n<tbody>\n")
	for _, r := range d.Ranking {
		note := ""
		if r.Vetoed {
			note = "单项否决，不合格"
		}
		fmt.Fprintf(&b, "<tr><td>%d</td><td>%s</td><td>%g</td><td>%s</td></tr>\n", r.Rank, esc(r.Unit), r.Score, note)
	}
	b.WriteString("</tbody>\n</table>\n<h2>二、表现突出的单位</h2>\n")
	if len(d.Outstanding) == 0 {
		p(fmt.Sprintf("本轮检查没有得分达到%d分的单位。", OutstandingScore))
	} else {
		p(fmt.Sprintf("%s得分达到%d分以上，予以通报表扬。", strings.Join(d.Outstanding, "、"), OutstandingScore))
	}
	b.WriteString("<h2>三、发现的问题</h2>\n")
	if len(d.Problems) == 0 {
		p("本轮检查未发现扣分问题。")
	}
	for i, up := range d.Problems {
		fmt.Fprintf(&b, "<h3>（%s）%s（得分%g）</h3>\n<ol>\n", chineseNumber(i+1), esc(up.Unit), up.Score)
		for _, it := range up.Items {
			b.WriteString("<li>" + esc(it.Text))
			var evs []string
			staff := 0
			for _, ev := range it.Evidence {
				note := esc(strings.TrimSpace(ev.Note))
				if note == "" {
					note = "查看"
				}
				if publicURL(ev.URL) {
					evs = append(evs, `<a href="`+esc(ev.URL)+`">`+note+`</a>`)
				} else {
					staff++
				}
			}
			if staff > 0 {
				evs = append(evs, fmt.Sprintf("另有%d项依据已在工作平台告知被检查单位", staff))
			}
			if len(evs) > 0 {
				b.WriteString("。依据：" + strings.Join(evs, "；"))
			}
			b.WriteString("</li>\n")
		}
		b.WriteString("</ol>\n")
	}
	b.WriteString("<h2>四、整改要求</h2>\n")
	p(fmt.Sprintf("请以上存在问题的单位对照检查发现的问题逐项整改，自本通报发布之日起%d个工作日内，通过平台向%s报送整改报告。", d.Days, issuer))
	return b.String()
}

// publicURL reports whether an evidence address is a page of the public site.
func publicURL(u string) bool {
	return strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "//") && !strings.HasPrefix(u, "/admin/") && !strings.HasPrefix(u, "/api/")
}

// chineseNumber writes 1–99 in Chinese numerals (一, 十二, 二十三).
func chineseNumber(n int) string {
	digits := []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n < 10:
		return digits[n]
	case n < 20:
		if n == 10 {
			return "十"
		}
		return "十" + digits[n%10]
	case n < 100:
		s := digits[n/10] + "十"
		if n%10 != 0 {
			s += digits[n%10]
		}
		return s
	}
	return fmt.Sprint(n)
}
