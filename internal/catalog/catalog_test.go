package catalog

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func validEntry() Entry {
	return Entry{
		Item1: "最低生活保障", Item2: "办事指南",
		Content:         "办理事项、办理条件",
		LegalBasis:      "《社会救助暂行办法》",
		TimeLimitText:   "信息形成或者变更之日起20个工作日内",
		ResponsibleBody: "县级人民政府民政部门",
		Channels:        []string{"website"},
		AudiencePublic:  true, ModeProactive: true, LevelCounty: true,
	}
}

func fields(errs []FieldError) []string {
	var out []string
	for _, e := range errs {
		out = append(out, e.Field+":"+e.Message)
	}
	return out
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Entry)
		want   []string // field:message prefixes, in order
	}{
		{"valid", func(*Entry) {}, nil},
		{"only item1", func(e *Entry) { e.Item2 = "" }, nil},
		{"only item2", func(e *Entry) { e.Item1 = "" }, nil},
		{"no item", func(e *Entry) { e.Item1, e.Item2 = " ", "" }, []string{"item2:一级事项和二级事项至少填写一项"}},
		{"no content", func(e *Entry) { e.Content = "\n" }, []string{"content:不能为空"}},
		{"no time limit", func(e *Entry) { e.TimeLimitText = "" }, []string{"time_limit:不能为空"}},
		{"time limit 同上", func(e *Entry) { e.TimeLimitText = "同上" }, []string{"time_limit:请填写具体内容"}},
		{"no body", func(e *Entry) { e.ResponsibleBody = "" }, []string{"responsible_body:不能为空"}},
		{"no channel", func(e *Entry) { e.Channels = nil }, []string{"channels:至少选择一个公开渠道"}},
		{"unknown code", func(e *Entry) { e.Channels = []string{"fax"} }, []string{"channels:无法识别的公开渠道“fax”"}},
		{"duplicate channel", func(e *Entry) { e.Channels = []string{"website", "website"} }, []string{"channels:公开渠道“政府网站”重复"}},
		{"custom ok", func(e *Entry) { e.Channels = []string{CustomChannel("12345热线")} }, nil},
		{"custom empty", func(e *Entry) { e.Channels = []string{"custom:"} }, []string{"channels:自定义渠道名称不能为空"}},
		{"custom with mark", func(e *Entry) { e.Channels = []string{"custom:■热线"} }, []string{"channels:自定义渠道“■热线”不能包含"}},
		{"custom shadows national", func(e *Entry) { e.Channels = []string{"custom:公示栏"} }, []string{"channels:自定义渠道“公示栏”与国家规定的渠道"}},
		{"no audience", func(e *Entry) { e.AudiencePublic = false }, []string{"audience:请选择"}},
		{"both audiences", func(e *Entry) { e.AudienceGroup = true }, nil},
		{"no mode", func(e *Entry) { e.ModeProactive = false }, []string{"mode:请选择"}},
		{"both modes", func(e *Entry) { e.ModeOnRequest = true }, nil},
		{"no level is allowed", func(e *Entry) { e.LevelCounty = false }, nil},
		{"bad stage", func(e *Entry) { e.Stages = []Stage{"planning"} }, []string{"stages:无法识别的五公开类别"}},
		{"duplicate stage", func(e *Entry) { e.Stages = []Stage{StageResult, StageResult} }, []string{"stages:五公开类别“结果”重复"}},
		{"not public without basis", func(e *Entry) { e.NotPublic, e.ModeProactive = true, false },
			[]string{"not_public_basis:标记为不予公开时必须写明法律依据"}},
		{"not public with basis", func(e *Entry) {
			e.NotPublic, e.NotPublicBasis = true, "《中华人民共和国政府信息公开条例》第十五条"
			e.Channels, e.AudiencePublic, e.ModeProactive, e.TimeLimitText = nil, false, false, ""
		}, nil},
		{"not public but proactive", func(e *Entry) { e.NotPublic, e.NotPublicBasis = true, "第十五条" },
			[]string{"mode:不予公开的事项不能标记为主动公开"}},
		{"basis without mark", func(e *Entry) { e.NotPublicBasis = "第十五条" }, []string{"not_public_basis:未标记为不予公开"}},
		{"too long", func(e *Entry) { e.Content = strings.Repeat("长", MaxTextLen+1) }, []string{"content:内容过长（10001字，上限10000字）"}},
		{"several problems in column order", func(e *Entry) { e.Content, e.ResponsibleBody, e.AudiencePublic = "", "", false },
			[]string{"content:", "responsible_body:", "audience:"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := validEntry()
			tt.change(&e)
			got := fields(e.Validate())
			if len(got) != len(tt.want) {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tt.want[i]) {
					t.Errorf("error %d = %q, want prefix %q", i, got[i], tt.want[i])
				}
			}
			for _, fe := range e.Validate() {
				if fe.Label == "" || fe.Label == fe.Field {
					t.Errorf("field %s has no Chinese label", fe.Field)
				}
			}
		})
	}
}

func TestNormalize(t *testing.T) {
	e := Entry{
		Item1:           " 最低生活\n保障 ",
		Item2:           "临　时　救　助",
		Content:         "\u3000办理事项\r\n\r\n  办理条件 \r\n",
		ResponsibleBody: "县民政局\n\n乡镇人民政府",
		Notes:           "Item A  \n",
		Channels:        []string{"custom:12345热线", "bulletin_board", "website", "website", "custom: 12345热线 "},
		Stages:          []Stage{StageResult, StageDecision, StageResult},
	}
	e.Normalize()
	want := Entry{
		Item1:           "最低生活保障",
		Item2:           "临时救助",
		Content:         "办理事项\n办理条件",
		ResponsibleBody: "县民政局\n乡镇人民政府",
		Notes:           "Item A",
		Channels:        []string{"website", "bulletin_board", "custom:12345热线"},
		Stages:          []Stage{StageDecision, StageResult},
	}
	if !reflect.DeepEqual(e, want) {
		t.Fatalf("got  %#v\nwant %#v", e, want)
	}
	if got := normalizeName("COVID 19  救助\n补贴 Plan"); got != "COVID 19 救助补贴 Plan" {
		t.Errorf("normalizeName mixed = %q", got)
	}
	var empty Entry
	empty.Channels, empty.Stages = []string{}, []Stage{}
	empty.Normalize()
	if empty.Channels != nil || empty.Stages != nil {
		t.Errorf("empty lists should become nil: %#v", empty)
	}
}

func TestChannelFromName(t *testing.T) {
	tests := map[string]string{
		"政府网站":    "website",
		" 政府 网站 ": "website",
		"两微一端":    "weibo_wechat_app",
		"两微一端（政务微博、微信、客户端）":  "weibo_wechat_app",
		"两微一端(政务微博、微信、客户端)":  "weibo_wechat_app",
		"发布会／听证会":            "press_hearing",
		"社区/企事业单位/村公示栏（电子屏）": "bulletin_board",
		"公示栏":         "bulletin_board",
		"精准推送":        "targeted_push",
		"其他":          "other",
		"其他（12345热线）": "custom:12345热线",
		"其他：政务公开专区":   "custom:政务公开专区",
		"12345热线":     "custom:12345热线",
		"公共资源交易平台":    "custom:公共资源交易平台",
		"":            "",
		"\u3000":      "",
		"便民服务窗口":      "custom:便民服务窗口",
		"政务服务中心":      "service_center",
		"社区/企事业单位/村公示栏(电子屏)": "bulletin_board",
		"入户/现场":       "door_to_door",
		"广播电视":        "broadcast",
		"纸质媒体":        "print_media",
		"公开查阅点":       "reading_point",
		"便民服务站":       "service_station",
		"政府公报":        "gazette",
		"政务微博、微信、客户端": "weibo_wechat_app",
		"发布会/听证会":     "press_hearing",
		"社区/企事业单位/村公示栏（电子屏） ":     "bulletin_board",
		"  其他 （ 12345热线 ） ":       "custom:12345热线",
		"custom:not-a-prefix-use": "custom:custom:not-a-prefix-use",
	}
	for in, want := range tests {
		if got := ChannelFromName(in); got != want {
			t.Errorf("ChannelFromName(%q) = %q, want %q", in, got, want)
		}
	}
	for _, code := range NationalChannelCodes() {
		if got := ChannelFromName(ChannelName(code)); got != code {
			t.Errorf("official name of %s resolves to %s", code, got)
		}
	}
	if n := len(NationalChannelCodes()); n != 13 {
		t.Errorf("national channels = %d, want 13", n)
	}
}

func TestTransition(t *testing.T) {
	states := []VersionState{VersionDraft, VersionFiled, VersionEffective, VersionSuperseded, "bogus"}
	allowed := map[[2]VersionState]bool{
		{VersionDraft, VersionFiled}:          true,
		{VersionFiled, VersionEffective}:      true,
		{VersionFiled, VersionDraft}:          true,
		{VersionEffective, VersionSuperseded}: true,
	}
	for _, from := range states {
		for _, to := range states {
			err := Transition(from, to)
			if allowed[[2]VersionState{from, to}] {
				if err != nil {
					t.Errorf("%s → %s refused: %v", from, to, err)
				}
				continue
			}
			if err == nil {
				t.Errorf("%s → %s allowed", from, to)
				continue
			}
			if !errors.Is(err, ErrIllegalTransition) {
				t.Errorf("%s → %s: error %v does not match ErrIllegalTransition", from, to, err)
			}
			var te *TransitionError
			if !errors.As(err, &te) || te.From != from || te.To != to {
				t.Errorf("%s → %s: error %#v", from, to, err)
			}
		}
	}
	if msg := Transition(VersionDraft, VersionEffective).Error(); msg != "目录版本不能从“草稿”变为“现行有效”，只能变为“已备案”" {
		t.Errorf("message = %q", msg)
	}
	if msg := Transition(VersionSuperseded, VersionDraft).Error(); !strings.Contains(msg, "该状态不能再变更") {
		t.Errorf("message = %q", msg)
	}
}

func summary(cs []Change) []string {
	var out []string
	for _, c := range cs {
		var name string
		if c.New != nil {
			name = c.New.Item2
		} else {
			name = c.Old.Item2
		}
		s := string(c.Kind) + " " + name
		for _, f := range c.Fields {
			s += " " + f.Field + "[" + f.Old + "→" + f.New + "]"
		}
		out = append(out, s)
	}
	return out
}

func TestDiff(t *testing.T) {
	base := SampleEntries("shjz")[:4] // 政策文件, 办事指南, 审核信息, 审批结果 of 最低生活保障
	keyed := func(es []Entry) []Entry {
		out := append([]Entry(nil), es...)
		for i := range out {
			out[i].Key = "k" + out[i].Item2
		}
		return out
	}

	t.Run("identical", func(t *testing.T) {
		if got := Diff(base, base); len(got) != 0 {
			t.Fatalf("got %q", summary(got))
		}
	})
	t.Run("order and bookkeeping are not changes", func(t *testing.T) {
		b := keyed(base)
		b[0], b[1] = b[1], b[0]
		b[0].ID, b[0].Seq, b[0].ResponsibleOrgID = 99, 7, 3
		b[1].Channels = []string{"reading_point", "website", "service_center", "weibo_wechat_app", "gazette"}
		if got := Diff(keyed(base), b); len(got) != 0 {
			t.Fatalf("got %q", summary(got))
		}
	})
	t.Run("renamed entry matched by key", func(t *testing.T) {
		a, b := keyed(base), keyed(base)
		b[2].Item2 = "初审公示"
		b[2].TimeLimitText = "公示7个工作日"
		want := []string{"changed 初审公示 item2[审核信息→初审公示] time_limit[制定或获取信息之日起10个工作日内，公示7个工作日→公示7个工作日]"}
		if got := summary(Diff(a, b)); !reflect.DeepEqual(got, want) {
			t.Fatalf("got %q\nwant %q", got, want)
		}
	})
	t.Run("renamed entry without keys is removed and added", func(t *testing.T) {
		b := append([]Entry(nil), base...)
		b[2].Item2 = "初审公示"
		want := []string{"removed 审核信息", "added 初审公示"} // the removed one shows at its old place
		if got := summary(Diff(base, b)); !reflect.DeepEqual(got, want) {
			t.Fatalf("got %q\nwant %q", got, want)
		}
	})
	t.Run("fields, added and removed in b order", func(t *testing.T) {
		b := []Entry{base[0], base[2], base[3]} // 办事指南 removed
		b[1].Channels = []string{"bulletin_board", "website"}
		b[1].AudiencePublic = true
		b[2].LevelTownship = false
		extra := validEntry()
		extra.Item2 = "资金使用"
		b = append([]Entry{extra}, b...)
		want := []string{
			"added 资金使用",
			"removed 办事指南",
			"changed 审核信息 channels[社区/企事业单位/村公示栏（电子屏）→政府网站；社区/企事业单位/村公示栏（电子屏）] audience[特定群体→全社会、特定群体]",
			"changed 审批结果 level[县级、乡级→县级]",
		}
		for i := 0; i < 3; i++ { // stable across runs
			if got := summary(Diff(base, b)); !reflect.DeepEqual(got, want) {
				t.Fatalf("got %q\nwant %q", got, want)
			}
		}
	})
	t.Run("removed first entry goes first", func(t *testing.T) {
		got := summary(Diff(base, base[1:]))
		if want := []string{"removed 政策文件"}; !reflect.DeepEqual(got, want) {
			t.Fatalf("got %q", got)
		}
	})
	t.Run("duplicate names pair up in order", func(t *testing.T) {
		a := []Entry{validEntry(), validEntry()}
		a[1].Content = "第二条"
		b := []Entry{validEntry(), validEntry(), validEntry()}
		b[1].Content = "第二条"
		b[2].Content = "第三条"
		want := []string{"added 办事指南"}
		got := Diff(a, b)
		if s := summary(got); !reflect.DeepEqual(s, want) || got[0].New != &b[2] {
			t.Fatalf("got %q", s)
		}
	})
	t.Run("field labels", func(t *testing.T) {
		b := append([]Entry(nil), base...)
		b[0].NotPublic, b[0].NotPublicBasis = true, "第十五条"
		got := Diff(base, b)
		if len(got) != 1 || len(got[0].Fields) != 2 || got[0].Fields[0].Label != "不予公开" || got[0].Fields[1].Label != "不予公开依据" {
			t.Fatalf("got %+v", got)
		}
	})
}

func TestAssignKeys(t *testing.T) {
	prev := SampleEntries("shjz")
	AssignKeys(nil, prev)
	seen := map[string]bool{}
	for _, e := range prev {
		if e.Key == "" || seen[e.Key] {
			t.Fatalf("key %q empty or repeated", e.Key)
		}
		seen[e.Key] = true
	}
	next := SampleEntries("shjz")
	next[0].Key = "kept"
	next[1].Item2 = "办事指南（新）"
	AssignKeys(prev, next)
	if next[0].Key != "kept" {
		t.Errorf("existing key overwritten")
	}
	if next[1].Key == prev[1].Key || seen[next[1].Key] {
		t.Errorf("renamed entry should get a new key, got %q", next[1].Key)
	}
	for i := 2; i < len(next); i++ {
		if next[i].Key != prev[i].Key {
			t.Errorf("entry %d: key %q, want %q", i, next[i].Key, prev[i].Key)
		}
	}
}

func TestSampleEntries(t *testing.T) {
	for _, code := range []string{"shjz", "snbt"} {
		es := SampleEntries(code)
		if len(es) < 8 || len(es) > 15 {
			t.Errorf("%s: %d entries", code, len(es))
		}
		for i, e := range es {
			if e.Seq != i+1 {
				t.Errorf("%s[%d]: seq %d", code, i, e.Seq)
			}
			if errs := e.Validate(); errs != nil {
				t.Errorf("%s[%d] %s/%s invalid: %v", code, i, e.Item1, e.Item2, errs)
			}
			n := e
			n.Normalize()
			if !reflect.DeepEqual(n, e) {
				t.Errorf("%s[%d] not normalized", code, i)
			}
		}
		es[0].Item1 = "changed"
		if SampleEntries(code)[0].Item1 == "changed" {
			t.Errorf("%s: SampleEntries shares memory between calls", code)
		}
	}
	if SampleEntries("cxgh") != nil {
		t.Errorf("unknown domain should give nil")
	}
	var found bool
	for _, e := range SampleEntries("snbt") {
		if e.Item2 == "农机购置补贴" {
			found = e.TimeLimitText == "20个工作日内" && e.ResponsibleBody == "县级农业农村部门" &&
				reflect.DeepEqual(e.Channels, []string{"website"}) && e.AudiencePublic && !e.AudienceGroup &&
				e.ModeProactive && e.LevelCounty && !e.LevelTownship
		}
	}
	if !found {
		t.Errorf("snbt: 农机购置补贴 missing or not as in the national example")
	}
}
