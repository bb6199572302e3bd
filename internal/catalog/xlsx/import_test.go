package xlsx

import (
	"reflect"
	"strings"
	"testing"

	"gongkai/internal/catalog"
)

const (
	basis   = "《社会救助暂行办法》"
	limit20 = "信息形成或者变更之日起20个工作日内"
	civil   = "县级人民政府民政部门"
	town    = "乡镇人民政府（街道办事处）"
)

// nationalSheet is a catalog in the national layout: a merged title row, the two-row header and
// the given data rows from row 4, with extra merges.
func nationalSheet(name string, data [][]any, merges ...string) sheetSpec {
	rows := [][]any{{"XX县社会救助领域基层政务公开标准目录"}, hdrTop(), hdrSub()}
	rows = append(rows, data...)
	m := append([]string{"A1:N1"}, headerMerges(2)...)
	return sheetSpec{name: name, rows: rows, merges: append(m, merges...)}
}

func TestImportNational(t *testing.T) {
	data := buildWorkbook(t, nationalSheet("社会救助", [][]any{
		nationalRow(1, "最低生活保障", "政策文件", "涉及最低生活保障的法律、法规、规章和规范性文件", basis, limit20, civil,
			checklist("政府网站", "政府公报"), "√", "", "√", "", "√", ""),
		nationalRow(2, "", "办事指南", "办理事项、办理条件、保障标准、申请材料、办理流程、办理时间、地点、联系方式", basis, limit20, civil+"\n"+town,
			strings.ReplaceAll(checklist("政府网站", "两微一端", "政务服务中心"), " ", "\n"), "✓", "", "●", "", "■", "✔"),
		nationalRow(3, "", "审核信息", "初审对象名单及相关信息", basis, "10个工作日内，公示7个工作日", town,
			checklist("社区/企事业单位/村公示栏（电子屏）"), "", "Y", "是", "", "", "√"),
		nationalRow(4, "临时救助", "办事指南", "办理事项、救助对象", basis, limit20, civil,
			checklist("政府网站"), "√", "", "", "√", "√", ""),
	}, "B4:B6"))
	res := mustImport(t, data, Options{})
	if res.Sheet != "社会救助" || res.Title != "XX县社会救助领域基层政务公开标准目录" || len(res.Skipped) != 0 {
		t.Errorf("sheet %q title %q skipped %v", res.Sheet, res.Title, res.Skipped)
	}
	diffEntries(t, res.Entries, []catalog.Entry{
		entry(1, "最低生活保障", "政策文件", "涉及最低生活保障的法律、法规、规章和规范性文件", basis, limit20, civil,
			[]string{"website", "gazette"}, "public,proactive,county"),
		entry(2, "最低生活保障", "办事指南", "办理事项、办理条件、保障标准、申请材料、办理流程、办理时间、地点、联系方式", basis, limit20, civil+"\n"+town,
			[]string{"website", "weibo_wechat_app", "service_center"}, "public,proactive,county,township"),
		entry(3, "最低生活保障", "审核信息", "初审对象名单及相关信息", basis, "10个工作日内，公示7个工作日", town,
			[]string{"bulletin_board"}, "group,proactive,township"),
		entry(4, "临时救助", "办事指南", "办理事项、救助对象", basis, limit20, civil,
			[]string{"website"}, "public,request,county"),
	})
}

func TestImportTitleRowsAndMergesElsewhere(t *testing.T) {
	rows := [][]any{
		{"附件2"},
		{"XX县社会救助领域基层政务公开标准目录"},
		{"填报单位：XX县民政局", "", "", "", "", "", "", "", "", "", "", "", "2019年10月"},
		nil,
		hdrTop(), hdrSub(),
		// 序号, 公开依据, 公开时限, 公开主体, 渠道 and the marks merged over three rows
		nationalRow(1, "最低生活保障", "办事指南", "办理事项", basis, limit20, civil, checklist("政府网站"), "√", "", "√", "", "√", ""),
		{nil, nil, "审核信息", "初审对象名单"},
		{nil, nil, "审批结果", "保障对象名单"},
	}
	merges := append([]string{"A2:N2"}, headerMerges(5)...)
	for _, col := range []string{"A", "B", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N"} {
		merges = append(merges, col+"7:"+col+"9")
	}
	res := mustImport(t, buildWorkbook(t, sheetSpec{name: "目录", rows: rows, merges: merges}), Options{})
	if res.Title != "XX县社会救助领域基层政务公开标准目录" {
		t.Errorf("title %q", res.Title)
	}
	var want []catalog.Entry
	for i, it := range [][2]string{{"办事指南", "办理事项"}, {"审核信息", "初审对象名单"}, {"审批结果", "保障对象名单"}} {
		want = append(want, entry(i+1, "最低生活保障", it[0], it[1], basis, limit20, civil, []string{"website"}, "public,proactive,county"))
	}
	diffEntries(t, res.Entries, want)
}

func TestImportChannelCell(t *testing.T) {
	tests := []struct {
		cell string
		want []string
	}{
		{"■政府网站\n□政府公报\n■两微一端", []string{"website", "weibo_wechat_app"}},
		{"■政府网站\u3000□政府公报\u3000■社区/企事业单位/村公示栏（电子屏）", []string{"website", "bulletin_board"}},
		{"■两微一端（政务微博、微信、客户端） ■发布会/听证会 □其他", []string{"weibo_wechat_app", "press_hearing"}},
		{"政府网站、公示栏", []string{"website", "bulletin_board"}},
		{"政府网站\n两微一端（政务微博、微信、客户端）", []string{"website", "weibo_wechat_app"}},
		{checklist("政府网站") + " ■12345热线 ■政务公开专区", []string{"website", "custom:12345热线", "custom:政务公开专区"}},
		{"□政府网站 ■其他（12345热线）", []string{"custom:12345热线"}},
		{"√政府网站 □政府公报 √精准推送", []string{"website", "targeted_push"}},
		{"■公共资源交易平台 ■政府网站", []string{"website", "custom:公共资源交易平台"}},
	}
	var rows [][]any
	for i, tt := range tests {
		rows = append(rows, nationalRow(i+1, "事项", "事项"+string(rune('A'+i)), "内容", basis, limit20, civil, tt.cell, "√", "", "√", "", "√", ""))
	}
	res := mustImport(t, buildWorkbook(t, nationalSheet("渠道", rows)), Options{})
	for i, tt := range tests {
		if got := res.Entries[i].Channels; !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%q: got %q, want %q", tt.cell, got, tt.want)
		}
	}
}

func TestImportChannelColumns(t *testing.T) {
	top := []any{"序号", "公开事项", "", "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体", "", "", "", "", "公开对象", "", "公开方式", ""}
	sub := []any{"", "一级事项", "二级事项", "", "", "", "", "政府网站", "两微一端", "公示栏", "12345热线", "政务服务中心", "全社会", "特定群体", "主动", "依申请"}
	rows := [][]any{top, sub,
		{1, "最低生活保障", "办事指南", "办理事项", basis, limit20, civil, "√", "√", "", "√", "", "√", "", "√", ""},
		{2, "最低生活保障", "审核信息", "初审名单", basis, limit20, town, "", "", "●", "", "", "", "√", "√", ""},
	}
	merges := []string{"A1:A2", "B1:C1", "D1:D2", "E1:E2", "F1:F2", "G1:G2", "H1:L1", "M1:N1", "O1:P1"}
	res := mustImport(t, buildWorkbook(t, sheetSpec{name: "渠道列", rows: rows, merges: merges}), Options{})
	diffEntries(t, res.Entries, []catalog.Entry{
		entry(1, "最低生活保障", "办事指南", "办理事项", basis, limit20, civil, []string{"website", "weibo_wechat_app", "custom:12345热线"}, "public,proactive"),
		entry(2, "最低生活保障", "审核信息", "初审名单", basis, limit20, town, []string{"bulletin_board"}, "group,proactive"),
	})
}

func TestImportMarks(t *testing.T) {
	tests := []struct {
		mark string
		set  bool
	}{
		{"√", true}, {"✓", true}, {"●", true}, {"■", true}, {"✔", true}, {"Y", true}, {"是", true},
		{" √ ", true}, {"\u3000√", true}, {"全社会", true}, {"v", true},
		{"", false}, {"□", false}, {"×", false}, {"否", false}, {"/", false},
	}
	var rows [][]any
	for i, tt := range tests {
		// 特定群体 is always set so that every row stays valid
		rows = append(rows, nationalRow(i+1, "事项", "事项"+string(rune('A'+i)), "内容", basis, limit20, civil, checklist("政府网站"), tt.mark, "√", "√", "", "", ""))
	}
	res := mustImport(t, buildWorkbook(t, nationalSheet("标记", rows)), Options{})
	for i, tt := range tests {
		if got := res.Entries[i].AudiencePublic; got != tt.set {
			t.Errorf("mark %q: set = %v, want %v", tt.mark, got, tt.set)
		}
	}
}

func TestImportSpacerRowsWhitespaceAndSameAsAbove(t *testing.T) {
	data := buildWorkbook(t, nationalSheet("社会救助", [][]any{
		nationalRow(1, "最低生活\n保障", "办事指南", "\u3000办理事项\r\n\r\n  办理条件 ", basis, limit20, civil+"\n", checklist("政府网站"), "√", "", "√", "", "√", ""),
		nil,        // spacer row
		{nil},      // still empty
		{3},        // numbered but empty template row
		{"", "  "}, // spaces only
		nationalRow(2, "最低生活保障", "审核信息", "初审名单", "同上", "同 上", "同上。", "同上", "同上", "", "同上", "", "同上", "√"),
		nil,
		nationalRow(3, "临　时　救　助", "办事指南", "办理事项", "同上", limit20, town, checklist("政府网站"), "", "√", "√", "", "", "√"),
	}))
	res := mustImport(t, data, Options{})
	diffEntries(t, res.Entries, []catalog.Entry{
		entry(1, "最低生活保障", "办事指南", "办理事项\n办理条件", basis, limit20, civil, []string{"website"}, "public,proactive,county"),
		entry(2, "最低生活保障", "审核信息", "初审名单", basis, limit20, civil, []string{"website"}, "public,proactive,county,township"),
		entry(3, "临时救助", "办事指南", "办理事项", basis, limit20, town, []string{"website"}, "group,proactive,township"),
	})
}

func TestImportHeaderVariants(t *testing.T) {
	t.Run("特定群众, 依申请公开, 乡、村级, spaced and half-width labels", func(t *testing.T) {
		top := []any{"序  号", "公开事项", "", "公开内容(要素)", "公开依据", "公开时限", "公开主体", "公开渠道和载体", "公开对象", "", "公开方式", "", "公开层级", ""}
		sub := []any{"", "一级事项", "二级事项", "", "", "", "", "", "全社会", "特定群众", "主动公开", "依申请公开", "县级", "乡、村级"}
		rows := [][]any{top, sub,
			nationalRow(1, "农机购置补贴", "补贴结果", "补贴对象、补贴金额", "《农业机械化促进法》", "20个工作日内", "县级农业农村部门", "■政府网站", "", "√", "", "√", "", "√"),
		}
		res := mustImport(t, buildWorkbook(t, sheetSpec{name: "涉农补贴", rows: rows, merges: headerMerges(1)}), Options{})
		diffEntries(t, res.Entries, []catalog.Entry{
			entry(1, "农机购置补贴", "补贴结果", "补贴对象、补贴金额", "《农业机械化促进法》", "20个工作日内", "县级农业农村部门", []string{"website"}, "group,request,township"),
		})
	})
	t.Run("公开层级 dropped, one header row", func(t *testing.T) {
		rows := [][]any{
			{"序号", "一级事项", "二级事项", "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体", "全社会", "特定群体", "主动", "依申请"},
			{1, "农机购置补贴", "政策依据", "政策依据、申请指南、补贴结果、监督渠道", "《农业机械化促进法》", "20个工作日内", "县级农业农村部门", "■政府网站", "√", "", "√", ""},
		}
		res := mustImport(t, buildWorkbook(t, sheetSpec{name: "涉农补贴", rows: rows}), Options{})
		diffEntries(t, res.Entries, []catalog.Entry{
			entry(1, "农机购置补贴", "政策依据", "政策依据、申请指南、补贴结果、监督渠道", "《农业机械化促进法》", "20个工作日内", "县级农业农村部门", []string{"website"}, "public,proactive"),
		})
	})
	t.Run("options written as text in single columns", func(t *testing.T) {
		rows := [][]any{
			{"序号", "公开事项", "公开内容", "公开依据", "公开时限", "公开主体", "公开渠道", "公开对象", "公开方式", "公开层级"},
			{1, "农机购置补贴", "补贴结果", "《农业机械化促进法》", "20个工作日内", "县级农业农村部门", "政府网站", "全社会", "主动", "县级"},
			{2, "农机购置补贴（乡镇）", "补贴结果", "《农业机械化促进法》", "20个工作日内", "乡镇人民政府", "公示栏", "■全社会 ■特定群体", "依申请公开", "乡、村级"},
		}
		res := mustImport(t, buildWorkbook(t, sheetSpec{name: "文字", rows: rows}), Options{})
		diffEntries(t, res.Entries, []catalog.Entry{
			entry(1, "农机购置补贴", "", "补贴结果", "《农业机械化促进法》", "20个工作日内", "县级农业农村部门", []string{"website"}, "public,proactive,county"),
			entry(2, "农机购置补贴（乡镇）", "", "补贴结果", "《农业机械化促进法》", "20个工作日内", "乡镇人民政府", []string{"bulletin_board"}, "public,group,request,township"),
		})
	})
}

func TestImportStages(t *testing.T) {
	t.Run("leading 公开类别 column", func(t *testing.T) {
		top := append([]any{"公开类别"}, hdrTop()...)
		sub := append([]any{""}, hdrSub()...)
		row := func(cat any, seq int, item2 string) []any {
			return append([]any{cat}, nationalRow(seq, "最低生活保障", item2, "内容", basis, limit20, civil, checklist("政府网站"), "√", "", "√", "", "√", "")...)
		}
		rows := [][]any{top, sub, row("决策公开", 1, "政策文件"), row(nil, 2, "政策解读"), row("服务公开", 3, "办事指南"), row("管理、结果公开", 4, "审批结果")}
		merges := []string{"A1:A2", "B1:B2", "C1:D1", "E1:E2", "F1:F2", "G1:G2", "H1:H2", "I1:I2", "J1:K1", "L1:M1", "N1:O1", "A3:A4"}
		res := mustImport(t, buildWorkbook(t, sheetSpec{name: "类别", rows: rows, merges: merges}), Options{})
		want := [][]catalog.Stage{
			{catalog.StageDecision}, {catalog.StageDecision}, {catalog.StageService}, {catalog.StageManagement, catalog.StageResult},
		}
		for i, w := range want {
			if got := res.Entries[i].Stages; !reflect.DeepEqual(got, w) {
				t.Errorf("entry %d stages %v, want %v", i+1, got, w)
			}
		}
	})
	t.Run("trailing 五公开 checklist and notes", func(t *testing.T) {
		top := append(hdrTop(), "五公开", "备注", "不予公开依据")
		sub := append(hdrSub(), "", "", "")
		row := func(seq int, stages, notes, notPublic string) []any {
			return append(nationalRow(seq, "最低生活保障", "事项"+string(rune('A'+seq)), "内容", basis, limit20, civil, checklist("政府网站"), "√", "", "√", "", "√", ""), stages, notes, notPublic)
		}
		rows := [][]any{top, sub,
			row(1, "■决策 □执行 □管理 □服务 ■结果", "", ""),
			row(2, "服务公开", "试点新增", ""),
			row(3, "", "", "《中华人民共和国政府信息公开条例》第十五条"),
		}
		rows[4][10] = "" // not public: no 主动 mark
		merges := append(headerMerges(1), "O1:O2", "P1:P2", "Q1:Q2")
		res := mustImport(t, buildWorkbook(t, sheetSpec{name: "五公开", rows: rows, merges: merges}), Options{})
		e := res.Entries
		if !reflect.DeepEqual(e[0].Stages, []catalog.Stage{catalog.StageDecision, catalog.StageResult}) ||
			!reflect.DeepEqual(e[1].Stages, []catalog.Stage{catalog.StageService}) || e[2].Stages != nil {
			t.Errorf("stages %v %v %v", e[0].Stages, e[1].Stages, e[2].Stages)
		}
		if e[1].Notes != "试点新增" || !e[2].NotPublic || e[2].NotPublicBasis != "《中华人民共和国政府信息公开条例》第十五条" || e[0].NotPublic {
			t.Errorf("notes/not public: %+v", e)
		}
	})
	t.Run("五公开 as one column per stage", func(t *testing.T) {
		top := append(hdrTop(), "五公开", "", "", "", "")
		sub := append(hdrSub(), "决策公开", "执行公开", "管理公开", "服务公开", "结果公开")
		rows := [][]any{top, sub,
			append(nationalRow(1, "最低生活保障", "办事指南", "内容", basis, limit20, civil, checklist("政府网站"), "√", "", "√", "", "√", ""), "", "", "", "√", "√"),
		}
		res := mustImport(t, buildWorkbook(t, sheetSpec{name: "五公开", rows: rows, merges: append(headerMerges(1), "O1:S1")}), Options{})
		if got := res.Entries[0].Stages; !reflect.DeepEqual(got, []catalog.Stage{catalog.StageService, catalog.StageResult}) {
			t.Errorf("stages %v", got)
		}
	})
}

func TestImportLayoutRows(t *testing.T) {
	row := func(seq int, item2 string) []any {
		return nationalRow(seq, "最低生活保障", item2, "内容", basis, limit20, civil, checklist("政府网站"), "√", "", "√", "", "√", "")
	}
	data := buildWorkbook(t, nationalSheet("社会救助", [][]any{
		{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14"}, // column numbers
		{"一、决策公开"},
		row(1, "政策文件"),
		{"二、最低生活保障"},
		row(2, "办事指南"),
		nil,
		{"注：“√”表示适用，公开渠道中“■”表示选中。"},
		{"", "", "", "", "", "", "", "", "", "", "填表人：张三"},
	}, "A5:N5", "A7:N7", "A10:N10"))
	res := mustImport(t, data, Options{})
	if len(res.Entries) != 2 {
		t.Fatalf("entries %d", len(res.Entries))
	}
	for _, e := range res.Entries {
		if !reflect.DeepEqual(e.Stages, []catalog.Stage{catalog.StageDecision}) {
			t.Errorf("%s: stages %v, want the heading's 决策", e.Item2, e.Stages)
		}
	}
	var rows []int
	for _, s := range res.Skipped {
		rows = append(rows, s.Row)
	}
	if !reflect.DeepEqual(rows, []int{5, 7, 10, 11}) || !strings.Contains(res.Skipped[0].Reason, "决策") {
		t.Errorf("skipped %+v", res.Skipped)
	}
}

func TestImportSheetChoice(t *testing.T) {
	good := func(name, item1 string) sheetSpec {
		s := nationalSheet(name, [][]any{
			nationalRow(1, item1, "办事指南", "内容", basis, limit20, civil, checklist("政府网站"), "√", "", "√", "", "√", ""),
		})
		s.rows[0] = []any{"XX县" + name + "领域基层政务公开标准目录"}
		return s
	}
	instructions := sheetSpec{name: "填表说明", rows: [][]any{{"请按国家标准目录格式填写"}}}
	hidden := good("隐藏", "隐藏事项")
	hidden.hidden = true

	res := mustImport(t, buildWorkbook(t, instructions, good("社会救助", "最低生活保障"), hidden), Options{})
	if res.Sheet != "社会救助" || res.Entries[0].Item1 != "最低生活保障" {
		t.Errorf("picked %q", res.Sheet)
	}

	two := buildWorkbook(t, good("社会救助", "最低生活保障"), good("涉农补贴", "农机购置补贴"))
	ie := importError(t, two, Options{})
	wantProblems(t, ie, "工作簿中有多个标准目录工作表（社会救助、涉农补贴），请只保留一个领域的目录后重新上传")
	if res := mustImport(t, two, Options{Domain: "涉农补贴"}); res.Sheet != "涉农补贴" {
		t.Errorf("by domain: %q", res.Sheet)
	}
	if res := mustImport(t, two, Options{Sheet: "社会救助"}); res.Entries[0].Item1 != "最低生活保障" {
		t.Errorf("by name: %+v", res.Entries)
	}
	ie = importError(t, two, Options{Sheet: "养老服务"})
	wantProblems(t, ie, "工作簿中没有名为“养老服务”的工作表（现有：社会救助、涉农补贴）")
	ie = importError(t, buildWorkbook(t, instructions, sheetSpec{name: "空白"}), Options{})
	wantCode(t, ie, CodeNoHeader)
}
