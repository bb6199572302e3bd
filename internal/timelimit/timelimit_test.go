package timelimit

import (
	"testing"

	"gongkai/internal/calendar"
)

const (
	wd = calendar.WorkingDays
	cd = calendar.CalendarDays
)

// TestParse covers the phrasings of standards.md §1 and others found in published 基层政务公开
// 标准目录 (社会救助, 涉农补贴, 财政预决算, 行政执法, 重大建设项目 …), in the shapes they take in
// real spreadsheets: full-width digits, spaces, line breaks, Chinese numerals, final 。
func TestParse(t *testing.T) {
	for _, tc := range []struct {
		text string
		want Rule   // Text is filled in by the test
		str  string // normalized rendering
	}{
		// standards.md §1
		{"信息形成或者变更之日起20个工作日内", Rule{Kind: WorkingDays, Event: "信息形成或者变更之日", Limit: Span{20, wd}}, "信息形成或者变更之日起20个工作日内"},
		{"制定或获取信息之日起10个工作日内", Rule{Kind: WorkingDays, Event: "制定或获取信息之日", Limit: Span{10, wd}}, "制定或获取信息之日起10个工作日内"},
		{"公示7个工作日", Rule{Kind: Publicity, Publicity: Span{7, wd}}, "公示7个工作日"},
		{"本级人民代表大会或其常务委员会批准后20日内", Rule{Kind: CalendarDays, Event: "本级人民代表大会或其常务委员会批准", Limit: Span{20, cd}}, "本级人民代表大会或其常务委员会批准后20日内"},
		{"行政许可、行政处罚决定作出之日起7个工作日内", Rule{Kind: WorkingDays, Event: "行政许可、行政处罚决定作出之日", Limit: Span{7, wd}}, "行政许可、行政处罚决定作出之日起7个工作日内"},
		{"实时公开", Rule{Kind: Immediate, Word: "实时"}, "实时公开"},
		{"及时公开", Rule{Kind: Immediate, Word: "及时"}, "及时公开"},
		{"长期公开", Rule{Kind: LongTerm, Word: "长期"}, "长期公开"},
		{"同上", Rule{Kind: SameAsAbove}, "同上"},
		{"10个工作日内，公示7个工作日", Rule{Kind: WorkingDays, Limit: Span{10, wd}, Publicity: Span{7, wd}}, "10个工作日内，公示7个工作日"},
		{"20个工作日内", Rule{Kind: WorkingDays, Limit: Span{20, wd}}, "20个工作日内"},
		// other real phrasings and spreadsheet noise
		{"自信息形成或者变更之日起20个工作日内。", Rule{Kind: WorkingDays, Event: "信息形成或者变更之日", Limit: Span{20, wd}}, "信息形成或者变更之日起20个工作日内"},
		{"信息形成或变更之日起\n２０个工作日内", Rule{Kind: WorkingDays, Event: "信息形成或变更之日", Limit: Span{20, wd}}, "信息形成或变更之日起20个工作日内"},
		{"信息形成（变更）之日起 20 个工作日内", Rule{Kind: WorkingDays, Event: "信息形成（变更）之日", Limit: Span{20, wd}}, "信息形成（变更）之日起20个工作日内"},
		{"信息形成(变更)之日起二十个工作日内", Rule{Kind: WorkingDays, Event: "信息形成（变更）之日", Limit: Span{20, wd}}, "信息形成（变更）之日起20个工作日内"},
		{"作出行政处罚决定之日起七个工作日内予以公示", Rule{Kind: WorkingDays, Event: "作出行政处罚决定之日", Limit: Span{7, wd}}, "作出行政处罚决定之日起7个工作日内"},
		{"收到申请之日起十五个工作日内", Rule{Kind: WorkingDays, Event: "收到申请之日", Limit: Span{15, wd}}, "收到申请之日起15个工作日内"},
		{"批准后十五日内", Rule{Kind: CalendarDays, Event: "批准", Limit: Span{15, cd}}, "批准后15日内"},
		{"经本级人大批准后20天内公开", Rule{Kind: CalendarDays, Event: "经本级人大批准", Limit: Span{20, cd}}, "经本级人大批准后20日内"},
		{"公示期满后5个工作日内", Rule{Kind: WorkingDays, Event: "公示期满", Limit: Span{5, wd}}, "公示期满后5个工作日内"},
		{"审核确定后10个工作日内，公示期为7天", Rule{Kind: WorkingDays, Event: "审核确定", Limit: Span{10, wd}, Publicity: Span{7, cd}}, "审核确定后10个工作日内，公示7日"},
		{"公示7天；公示结束后20个工作日内", Rule{Kind: WorkingDays, Event: "公示结束", Limit: Span{20, wd}, Publicity: Span{7, cd}}, "公示结束后20个工作日内，公示7日"},
		{"公示期不少于5个工作日", Rule{Kind: Publicity, Publicity: Span{5, wd}}, "公示5个工作日"},
		{"张榜公示七天", Rule{Kind: Publicity, Publicity: Span{7, cd}}, "公示7日"},
		{"即时公开", Rule{Kind: Immediate, Word: "即时"}, "即时公开"},
		{"实时更新", Rule{Kind: Immediate, Word: "实时"}, "实时公开"},
		{"信息形成后及时公开", Rule{Kind: Immediate, Event: "信息形成", Word: "及时"}, "信息形成后及时公开"},
		{"常态化公开", Rule{Kind: LongTerm, Word: "常态化"}, "常态化公开"},
		{"长期", Rule{Kind: LongTerm, Word: "长期"}, "长期公开"},
		{"每季度公开一次", Rule{Kind: Periodic, Every: Quarterly}, "每季度公开"},
		{"按月更新", Rule{Kind: Periodic, Every: Monthly}, "每月公开"},
		{"每年", Rule{Kind: Periodic, Every: Yearly}, "每年公开"},
		{"每半年公开", Rule{Kind: Periodic, Every: HalfYearly}, "每半年公开"},
		{"每季度结束后15日内", Rule{Kind: Periodic, Every: Quarterly, Limit: Span{15, cd}}, "每季度结束后15日内"},
		{"每年3月31日前", Rule{Kind: Periodic, Every: Yearly, ByMonth: 3, ByDay: 31}, "每年3月31日前"},
		{"每年一月三十一日前公开", Rule{Kind: Periodic, Every: Yearly, ByMonth: 1, ByDay: 31}, "每年1月31日前"},
		{"每月10日前", Rule{Kind: Periodic, Every: Monthly, ByDay: 10}, "每月10日前"},
		{"同上。", Rule{Kind: SameAsAbove}, "同上"},
		{"　同 上 ", Rule{Kind: SameAsAbove}, "同上"},
	} {
		got := Parse(tc.text)
		want := tc.want
		want.Text = tc.text
		if got != want {
			t.Errorf("Parse(%q)\n got %+v\nwant %+v", tc.text, got, want)
		}
		if got.String() != tc.str {
			t.Errorf("Parse(%q).String() = %q, want %q", tc.text, got.String(), tc.str)
		}
		if got.NeedsReview() != (want.Kind == SameAsAbove) {
			t.Errorf("Parse(%q).NeedsReview() = %v", tc.text, got.NeedsReview())
		}
	}
}

// TestParseUnrecognized: anything not wholly understood is kept verbatim and flagged.
func TestParseUnrecognized(t *testing.T) {
	for _, text := range []string{
		"",
		"   ",
		"按有关规定",
		"定期公开",
		"视情况而定",
		"原则上20个工作日内",
		"20个工作日内（法律法规另有规定的从其规定）",
		"3个月内",
		"0个工作日内",
		"2000个工作日内",
		"每年2月30日前",
		"每月31日前",
		"同上，公示7天",
		"长期公开，实时更新",
		"20个工作日内，10个工作日内",
		"公示7天，公示5天",
		"不少于30日",
		"二三十日内",
		"根据项目进度及时公开相关信息",
	} {
		got := Parse(text)
		if got.Kind != Unrecognized || got.Text != text || !got.NeedsReview() || got.String() != text {
			t.Errorf("Parse(%q) = %+v, want Unrecognized with the text intact", text, got)
		}
		if _, ok := got.Due(nil, calendar.Date{}); ok {
			t.Errorf("Parse(%q).Due ok", text)
		}
	}
}

func TestChineseNumber(t *testing.T) {
	for in, want := range map[string]int{"十": 10, "十五": 15, "二十": 20, "二十五": 25, "三十": 30, "九十": 90, "一百": 100, "一百二十": 120, "一百零五": 105, "两": 2, "七": 7, "二〇": 20} {
		if got, ok := chineseNumber([]rune(in)); !ok || got != want {
			t.Errorf("chineseNumber(%s) = %d, %v; want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"二三十", "百"} {
		if _, ok := chineseNumber([]rune(in)); ok {
			t.Errorf("chineseNumber(%s) accepted", in)
		}
	}
	if got := normalize("统一按十五日内一次"); got != "统一按15日内一次" {
		t.Errorf("normalize kept/changed the wrong numerals: %q", got)
	}
}

func TestResolve(t *testing.T) {
	col := []Rule{
		Parse("同上"), // first row: nothing above
		Parse("信息形成或者变更之日起20个工作日内"),
		Parse("同上"),
		Parse("同上"),
		Parse("长期公开"),
		Parse("同上"),
	}
	got := ResolveAll(col)
	if got[0].Kind != SameAsAbove || !got[0].NeedsReview() {
		t.Errorf("row 1: %+v", got[0])
	}
	for _, i := range []int{2, 3} {
		if got[i].Kind != WorkingDays || got[i].Limit != (Span{20, wd}) || !got[i].Inherited || got[i].Text != "同上" || got[i].NeedsReview() {
			t.Errorf("row %d: %+v", i+1, got[i])
		}
		if got[i].String() != "信息形成或者变更之日起20个工作日内" {
			t.Errorf("row %d renders %q", i+1, got[i].String())
		}
	}
	if got[5].Kind != LongTerm || !got[5].Inherited {
		t.Errorf("row 6: %+v", got[5])
	}
	if r := Parse("长期公开").Resolve(got[1]); r.Kind != LongTerm || r.Inherited {
		t.Errorf("Resolve changed a stated rule: %+v", r)
	}
}

func TestDue(t *testing.T) {
	cal, err := calendar.New(calendar.Official(), nil)
	if err != nil {
		t.Fatal(err)
	}
	ev := calendar.MustParseDate("2026-09-30")
	for _, tc := range []struct {
		text string
		ok   bool
		want string
	}{
		{"信息形成或者变更之日起20个工作日内", true, "2026-11-03"},
		{"本级人民代表大会或其常务委员会批准后20日内", true, "2026-10-20"},
		{"10个工作日内，公示7个工作日", true, "2026-10-20"},
		{"实时公开", true, "2026-09-30"},
		{"公示7个工作日", false, ""},
		{"长期公开", false, ""},
		{"每季度", false, ""},
		{"同上", false, ""},
	} {
		due, ok := Parse(tc.text).Due(cal, ev)
		if ok != tc.ok || ok && due.Date.String() != tc.want {
			t.Errorf("%s: Due = %s, %v; want %s, %v", tc.text, due.Date, ok, tc.want, tc.ok)
		}
	}
	// Immediate on a holiday: the first working day after it.
	if due, _ := Parse("及时公开").Due(cal, calendar.MustParseDate("2026-10-03")); due.Date.String() != "2026-10-08" {
		t.Errorf("immediate on a holiday: %s", due.Date)
	}
	end, ok := Parse("10个工作日内，公示7个工作日").PublicityEnd(cal, calendar.MustParseDate("2026-10-20"))
	if !ok || end.Date.String() != "2026-10-29" {
		t.Errorf("PublicityEnd = %s, %v", end.Date, ok)
	}
	if _, ok := Parse("20个工作日内").PublicityEnd(cal, ev); ok {
		t.Error("PublicityEnd without a publicity period")
	}
}

func TestKindString(t *testing.T) {
	if WorkingDays.String() != "工作日时限" || Unrecognized.String() != "无法识别" || Kind(99).String() != "?" {
		t.Error("Kind names")
	}
}
