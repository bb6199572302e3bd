package xlsx

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/catalog"
)

func export(t testing.TB, meta Meta, entries []catalog.Entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Export(&buf, meta, entries); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// featureEntries uses every optional part of an entry: stages, notes, a not-public item,
// custom channels, an entry without 一级事项 and one whose 一级事项 recurs after a gap.
func featureEntries() []catalog.Entry {
	es := catalog.SampleEntries("shjz")[:3]
	es[0].Notes = "示例数据"
	es[1].Channels = append(es[1].Channels, catalog.CustomChannel("12345热线"), catalog.CustomChannel("政务公开专区"))
	extra := []catalog.Entry{
		{Item2: "只有二级事项", Content: "内容", LegalBasis: "", TimeLimitText: "实时公开", ResponsibleBody: "县民政局",
			Channels: []string{"other"}, AudienceGroup: true, ModeOnRequest: true},
		{Item1: "家庭经济状况核对", Item2: "核对报告", Content: "申请家庭的收入、财产核对结果", ResponsibleBody: "县民政局",
			NotPublic: true, NotPublicBasis: "《中华人民共和国政府信息公开条例》第十五条", Notes: "涉及个人隐私"},
		{Item1: "最低生活保障", Item2: "资金使用", Content: "资金分配和使用情况", TimeLimitText: "长期公开", ResponsibleBody: "县财政局",
			Channels: []string{"website", "print_media"}, AudiencePublic: true, ModeProactive: true, LevelCounty: true,
			Stages: catalog.AllStages()},
	}
	es = append(es, extra...)
	for i := range es {
		es[i].Seq = i + 1
		es[i].Normalize()
		if errs := es[i].Validate(); errs != nil {
			panic(errs)
		}
	}
	return es
}

func TestExportRoundTrip(t *testing.T) {
	tests := []struct {
		name    string
		meta    Meta
		entries []catalog.Entry
	}{
		{"社会救助", Meta{Unit: "西安市未央区", Domain: "社会救助", Version: "第1版"}, catalog.SampleEntries("shjz")},
		{"涉农补贴", Meta{Unit: "西安市未央区", Domain: "涉农补贴", Version: "第2版（草稿）"}, catalog.SampleEntries("snbt")},
		{"all features", Meta{Title: "自定义标题", Sheet: "目录/测试*"}, featureEntries()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := export(t, tt.meta, tt.entries)
			res := mustImport(t, data, Options{})
			diffEntries(t, res.Entries, tt.entries)
			if !reflect.DeepEqual(res.Entries, tt.entries) {
				t.Errorf("entries differ beyond the catalog fields")
			}
			if res.Title != tt.meta.title() || res.Sheet != tt.meta.sheetName() {
				t.Errorf("title %q sheet %q", res.Title, res.Sheet)
			}
			// A second round trip is stable too.
			again := mustImport(t, export(t, tt.meta, res.Entries), Options{})
			if !reflect.DeepEqual(again.Entries, res.Entries) {
				t.Errorf("second round trip differs")
			}
		})
	}
}

func TestExportLayout(t *testing.T) {
	entries := catalog.SampleEntries("shjz")
	data := export(t, Meta{Unit: "西安市未央区", Domain: "社会救助", Version: "第1版"}, entries)
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	const sheet = "社会救助"
	cell := func(ref string) string {
		v, err := f.GetCellValue(sheet, ref)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if got := cell("A1"); got != "西安市未央区社会救助领域基层政务公开标准目录（第1版）" {
		t.Errorf("title %q", got)
	}
	for ref, want := range map[string]string{
		"A2": "序号", "B2": "公开事项", "B3": "一级事项", "C3": "二级事项", "D2": "公开内容（要素）", "E2": "公开依据",
		"F2": "公开时限", "G2": "公开主体", "H2": "公开渠道和载体", "I2": "公开对象", "I3": "全社会", "J3": "特定群体",
		"K2": "公开方式", "K3": "主动", "L3": "依申请", "M2": "公开层级", "M3": "县级", "N3": "乡级", "O2": "五公开",
		"A4": "1", "B4": "最低生活保障", "C4": "政策文件", "I4": "√", "J4": "",
	} {
		if got := cell(ref); got != want {
			t.Errorf("%s = %q, want %q", ref, got, want)
		}
	}
	if got := cell("H6"); got != "□政府网站 □政府公报 □两微一端（政务微博、微信、客户端） □发布会/听证会 □广播电视 □纸质媒体 □公开查阅点 □政务服务中心 □便民服务站 □入户/现场 ■社区/企事业单位/村公示栏（电子屏） □精准推送 □其他" {
		t.Errorf("checklist %q", got)
	}
	if got := cell("H15"); !strings.HasSuffix(got, "□其他 ■12345政务服务便民热线") {
		t.Errorf("custom channel %q", got)
	}

	merges, err := f.GetMergeCells(sheet, true)
	if err != nil {
		t.Fatal(err)
	}
	var refs []string
	for _, m := range merges {
		refs = append(refs, m.GetStartAxis()+":"+m.GetEndAxis())
	}
	want := []string{"A1:O1", "A2:A3", "B2:C2", "D2:D3", "E2:E3", "F2:F3", "G2:G3", "H2:H3", "I2:J2", "K2:L2", "M2:N2", "O2:O3",
		"B4:B7", "B8:B11", "B12:B13"} // 最低生活保障 ×4, 特困人员救助供养 ×4, 临时救助 ×2
	if !reflect.DeepEqual(refs, want) {
		t.Errorf("merges %q\nwant %q", refs, want)
	}

	panes, err := f.GetPanes(sheet)
	if err != nil || !panes.Freeze || panes.YSplit != 3 || panes.TopLeftCell != "A4" {
		t.Errorf("panes %+v %v", panes, err)
	}
	layout, err := f.GetPageLayout(sheet)
	if err != nil || *layout.Orientation != "landscape" || *layout.Size != 9 || *layout.FitToWidth != 1 || *layout.FitToHeight != 0 {
		t.Errorf("page layout %v", err)
	}
	props, err := f.GetSheetProps(sheet)
	if err != nil || props.FitToPage == nil || !*props.FitToPage {
		t.Errorf("fit to page not set: %v", err)
	}
	var titles bool
	for _, dn := range f.GetDefinedName() {
		titles = titles || (dn.Name == "_xlnm.Print_Titles" && dn.RefersTo == "'社会救助'!$2:$3" && dn.Scope == sheet)
	}
	if !titles {
		t.Errorf("print titles missing: %+v", f.GetDefinedName())
	}
	if w, _ := f.GetColWidth(sheet, "D"); w != 34 {
		t.Errorf("width D = %v", w)
	}
	if h, _ := f.GetRowHeight(sheet, 5); h <= 20 {
		t.Errorf("row 5 height %v: wrapped text needs more than one line", h)
	}
	style, _ := f.GetCellStyle(sheet, "D5")
	if s, err := f.GetStyle(style); err != nil || s.Alignment == nil || !s.Alignment.WrapText || len(s.Border) != 4 {
		t.Errorf("content style %+v %v", s, err)
	}
}

func TestExportOptionalColumnsOnlyWhenUsed(t *testing.T) {
	es := catalog.SampleEntries("snbt")
	for i := range es {
		es[i].Stages = nil
	}
	f, err := excelize.OpenReader(bytes.NewReader(export(t, Meta{Domain: "涉农补贴"}, es)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if v, _ := f.GetCellValue("涉农补贴", "O2"); v != "" {
		t.Errorf("O2 = %q: the national layout ends at N", v)
	}
	if v, _ := f.GetCellValue("涉农补贴", "A1"); v != "涉农补贴领域基层政务公开标准目录" {
		t.Errorf("title %q", v)
	}
	if got := exportColumns(featureEntries()); len(got) != 17 || got[14].top != "五公开" || got[15].top != "不予公开依据" || got[16].top != "备注" {
		t.Errorf("optional columns %d", len(got))
	}
}

func TestMeta(t *testing.T) {
	for _, tt := range []struct {
		m    Meta
		want string
	}{
		{Meta{Unit: "西安市未央区", Domain: "社会救助", Version: "第1版"}, "西安市未央区社会救助领域基层政务公开标准目录（第1版）"},
		{Meta{Unit: "西安市未央区", Domain: "社会救助", Version: "第2版（草稿）"}, "西安市未央区社会救助领域基层政务公开标准目录 第2版（草稿）"},
		{Meta{Domain: "涉农补贴"}, "涉农补贴领域基层政务公开标准目录"},
		{Meta{Title: "自定义", Domain: "涉农补贴"}, "自定义"},
	} {
		if got := tt.m.title(); got != tt.want {
			t.Errorf("title %q, want %q", got, tt.want)
		}
	}
	for in, want := range map[string]string{
		"":                      "标准目录",
		"社会救助":                  "社会救助",
		"a/b\\c[d]e:f*g?h'":     "abcdefgh",
		strings.Repeat("长", 40): strings.Repeat("长", 31),
	} {
		if got := (Meta{Sheet: in}).sheetName(); got != want {
			t.Errorf("sheetName(%q) = %q, want %q", in, got, want)
		}
	}
}
