package inspection

import (
	"strings"
	"testing"
)

// TestNoticeBodyHTML: the notice body carries the ranking, the outstanding units, each
// problem with its public evidence linked and staff-only evidence counted only, and the
// requirement counted from publication.
func TestNoticeBodyHTML(t *testing.T) {
	d := NoticeDraft{Title: "关于检查情况的通报", Intro: "按照<指标>检查。", Days: 10,
		Ranking:     []NoticeRank{{Rank: 1, Unit: "未央区", Score: 95}, {Rank: 2, Unit: "灞桥区", Score: 0, Vetoed: true}},
		Outstanding: []string{"未央区"},
		Problems: []UnitProblems{{Unit: "灞桥区", Items: []Problem{{Text: "“时效”扣2分", Evidence: []Evidence{
			{URL: "/610111/catalog/shjz/", Note: "栏目超期未更新"}, {URL: "/admin/orgs/610111/questions/3", Note: "留言超期"}, {URL: "https://evil.example/", Note: "外链"}}}}}}}
	b := d.BodyHTML("陕西省人民政府办公厅")
	for _, want := range []string{"<table>", "<td>1</td><td>未央区</td><td>95</td>", "单项否决，不合格", "未央区得分达到90分以上", "按照&lt;指标&gt;检查。",
		"（一）灞桥区", "另有2项依据已在工作平台告知被检查单位", "10个工作日内", "向陕西省人民政府办公厅报送整改报告"} {
		if !strings.Contains(b, want) {
			t.Errorf("body lacks %q:\n%s", want, b)
		}
	}
	if !strings.Contains(b, `<a href="/610111/catalog/shjz/">栏目超期未更新</a>`) {
		t.Errorf("public evidence not linked:\n%s", b)
	}
	for _, not := range []string{"/admin/", "evil.example", "留言超期", "外链"} {
		if strings.Contains(b, not) {
			t.Errorf("body links %q", not)
		}
	}
	if chineseNumber(12) != "十二" || chineseNumber(20) != "二十" || chineseNumber(10) != "十" {
		t.Error("chinese numbers")
	}
}
