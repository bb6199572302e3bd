package search

import (
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// TestFastNormalize checks the table-free path of normalize against golang.org/x/text.
func TestFastNormalize(t *testing.T) {
	for r := rune(0); r <= 0xFFFF; r++ {
		if f, ok := fastNFKC(r); ok {
			if want := norm.NFKC.String(string(r)); string(f) != want {
				t.Fatalf("fastNFKC(%U) = %q, NFKC gives %q", r, string(f), want)
			}
		}
	}
	for _, s := range []string{
		"关于２０２６年第三季度城乡最低生活保障资金发放情况的公示（第１批）：ＰＭ２．５，Ａ股。",
		"e\u0301te\u0301", "Ａ\u0301", "，\u0301", "低\u0301保", "ｶﾞｷﾞ㈠①⼀⺟", "\u3000 \t\n", "ÉTÉ Straße İ",
		"한국어 テスト ﾃｽﾄ", "𠀀𪚥", "",
	} {
		want := []rune(norm.NFKC.String(s))
		for i, r := range want {
			want[i] = unicode.ToLower(r)
		}
		nt := normalize(s)
		if string(nt.runes) != string(want) {
			t.Errorf("normalize(%q) = %q, want %q", s, string(nt.runes), string(want))
		}
		for i := range nt.runes {
			if nt.from[i] > nt.to[i] || nt.to[i] > len(s) || i > 0 && nt.from[i] < nt.from[i-1] {
				t.Errorf("normalize(%q): bad offsets at %d: %d–%d", s, i, nt.from[i], nt.to[i])
			}
		}
	}
}

func TestTokens(t *testing.T) {
	cases := []struct {
		in   string
		want string // document tokens
		q    string // query tokens
	}{
		{"低保", "低保 保", "低保"},
		{"最低生活保障", "最低 低生 生活 活保 保障 障", "最低 低生 生活 活保 保障"},
		{"镇", "镇", "镇"},
		{"乡、镇", "乡 镇", "乡 镇"},
		{"2026年", "2026 年", "2026 年"},
		{"2026年第三季度", "2026 年 年第 第三 三季 季度 度", "2026 年 年第 第三 三季 季度"},
		{"低保2026", "低保 保 2026", "低保 保 2026"},
		{"PM2.5浓度", "pm2 5 浓 浓度 度", "pm2 5 浓 浓度"},
		{"ＰＭ２．５", "pm2 5", "pm2 5"},                        // full-width
		{"２０２６年", "2026 年", "2026 年"},                      // full-width digits
		{"⼀站式", "一站 站式 式", "一站 站式"},                        // Kangxi radical ⼀ is 一
		{"COVID-19疫情", "covid 19 疫 疫情 情", "covid 19 疫 疫情"}, // hyphen separates
		{"A股", "a 股", "a 股"},
		{"低保 2026", "低保 保 2026", "低保 保 2026"}, // a phrase across runs lines up
		{"  ，。！ ", "", ""},
		{"Ｈｅｌｌｏ　World", "hello world", "hello world"}, // ideographic space
		{"café", "café", "café"},
		{"e\u0301t\u00e9", "été", "été"}, // composed by NFKC
		{strings.Repeat("x", 50), strings.Repeat("x", 40), strings.Repeat("x", 40)},
	}
	for _, tc := range cases {
		if got := strings.Join(Tokens(tc.in), " "); got != tc.want {
			t.Errorf("Tokens(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if got := strings.Join(queryTokens(tc.in), " "); got != tc.q {
			t.Errorf("queryTokens(%q) = %q, want %q", tc.in, got, tc.q)
		}
	}
}

// TestPhraseIsSubstring checks the property the index relies on: a query's tokens occur
// consecutively among a text's tokens exactly when the query is a substring of the text
// (for queries that start and end inside Han runs or at word boundaries).
func TestPhraseIsSubstring(t *testing.T) {
	text := "关于2026年第三季度城乡最低生活保障资金发放情况的公示：全镇低保对象120户，PM2.5浓度下降。"
	inside := func(q string) bool {
		tt, qt := Tokens(text), queryTokens(q)
		for i := 0; i+len(qt) <= len(tt); i++ {
			if slices.Equal(tt[i:i+len(qt)], qt) {
				return true
			}
		}
		return false
	}
	for _, q := range []string{"最低生活保障", "生活保障", "低生", "2026年", "2026年第三季度", "第三季度城乡", "公示", "全镇低保",
		"低保对象120户", "PM2.5浓度", "资金发放情况的公示", "的公", "示"} {
		if !inside(q) {
			t.Errorf("%q is in the text but its tokens are not", q)
		}
	}
	for _, q := range []string{"生活最低", "保障生活", "低保资金", "2026年第四季度", "季度2026", "城乡低保", "120户低保", "公示全镇"} {
		if strings.Contains(text, q) {
			t.Fatalf("bad case %q", q)
		}
		if inside(q) && len([]rune(q)) > 1 {
			t.Errorf("%q is not in the text but its tokens are", q)
		}
	}
}

func TestParseQuery(t *testing.T) {
	cases := []struct {
		in   string
		want string // String() of the parsed query
	}{
		{"低保", "低保"},
		{"  低保   社保 ", "低保 社保"},
		{"低保、社保，医保;新农合", "低保 社保 医保 新农合"},
		{`"最低 生活保障" 2026年`, `"最低 生活保障" 2026年`},
		{"“城乡低保”", `"城乡低保"`},
		{"低保 -农村", "低保 -农村"},
		{"低保 －农村", "低保 -农村"}, // full-width minus
		{"低保 - 农村", "低保 农村"}, // a lone minus is nothing
		{"COVID-19", "covid-19"},
		{"ＰＭ２．５", "pm2.5"},
		{"低保 低保 低保", "低保"},
		{"低保 -低保", "低保 -低保"},
		{"AND OR NOT NEAR", "and or not near"},
		{"title:低保", "title:低保"},
		{"(低保)", "(低保)"},
		{"*", ""},
		{"", ""},
		{"-低保", "-低保"},
		{`"未闭合`, `"未闭合"`},
		{"a b c d e f g h i j k l", "a b c d e f g h i j"}, // at most 10 terms
	}
	for _, tc := range cases {
		if got := ParseQuery(tc.in).String(); got != tc.want {
			t.Errorf("ParseQuery(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	q := ParseQuery("镇 低保 -农村")
	if !q.Terms[0].Alts[0].Prefix || q.Terms[1].Alts[0].Prefix || len(q.Exclude) != 1 || q.Empty() {
		t.Fatalf("%+v", q)
	}
	if !ParseQuery("-低保").Empty() || !ParseQuery("，。").Empty() {
		t.Fatal("a query without positive terms must be empty")
	}
	if long := ParseQuery(strings.Repeat("长", 100)); len([]rune(long.Terms[0].Text)) != maxTermRunes {
		t.Fatalf("long term kept %d runes", len([]rune(long.Terms[0].Text)))
	}
}

func TestSynonyms(t *testing.T) {
	syn := NewSynonyms(DefaultSynonymGroups())
	cases := []struct {
		term string
		want []string
	}{
		{"低保", []string{"低保", "最低生活保障"}},
		{"最低生活保障", []string{"最低生活保障", "低保"}},
		{"农村低保", []string{"农村低保", "农村最低生活保障"}}, // the longer member wins
		{"城乡低保", []string{"城乡低保", "城乡最低生活保障"}}, // found inside the term
		{"医保", []string{"医保", "医疗保险", "医疗保障"}}, // in two groups
		{"医疗保险", []string{"医疗保险", "医保"}},       // … which stay apart
		{"社保 医保", []string{"社保 医保", "社保 医疗保险", "社保 医疗保障", "社会保险 医保", "社会保险 医疗保险", "社会保险 医疗保障"}},
		{"PPP项目", []string{"ppp项目", "政府和社会资本合作项目"}},
		{"apppp", []string{"apppp"}}, // Latin members are whole words
		{"公租房", []string{"公租房", "公共租赁住房"}},
		{"危改", []string{"危改", "危房改造"}},
		{"五保", []string{"五保", "特困人员供养"}},
		{"天气", []string{"天气"}},
	}
	for _, tc := range cases {
		if got := syn.Alternatives(tc.term); !slices.Equal(got, tc.want) {
			t.Errorf("Alternatives(%q) = %q, want %q", tc.term, got, tc.want)
		}
	}
	if got := syn.Alternatives(strings.Repeat("低保", 10)); len(got) != maxAlts {
		t.Errorf("alternatives are not capped: %d", len(got))
	}
	var none *Synonyms
	if got := none.Alternatives("低保"); !slices.Equal(got, []string{"低保"}) {
		t.Errorf("nil synonyms: %q", got)
	}
	q := syn.Expand(ParseQuery(`低保 "医保" -社保`))
	if len(q.Terms[0].Alts) != 2 || len(q.Terms[1].Alts) != 1 || len(q.Exclude[0].Alts) != 2 {
		t.Fatalf("expand: %+v", q)
	}
	// Every default group is usable: at least two members with tokens.
	for _, g := range DefaultSynonymGroups() {
		if _, err := CleanSynonymGroup(g); err != nil {
			t.Errorf("default group %q: %v", g, err)
		}
	}
}

func TestSnippet(t *testing.T) {
	syn := NewSynonyms(DefaultSynonymGroups())
	body := "根据有关规定，现将情况公示如下。" + strings.Repeat("各镇街要高度重视，确保工作落到实处。", 6) +
		"全区共有最低生活保障对象120户，本季度发放低保资金<b>36</b>万元。\n\n公示期为5个工作日。"
	q := syn.Expand(ParseQuery("低保 资金"))
	fs := Snippet(body, q, 60)
	html := HTML(fs)
	// Adjacent matches join into one mark.
	for _, want := range []string{"<mark>最低生活保障</mark>", "<mark>低保资金</mark>", "&lt;b&gt;36&lt;/b&gt;"} {
		if !strings.Contains(html, want) {
			t.Errorf("snippet %q lacks %q", html, want)
		}
	}
	if !strings.HasPrefix(Text(fs), "…") || strings.Contains(html, "<b>") {
		t.Errorf("snippet %q", html)
	}
	if n := len([]rune(strings.Trim(Text(fs), "…"))); n > 60 {
		t.Errorf("snippet of %d runes", n)
	}
	if strings.Contains(Text(fs), "\n") {
		t.Errorf("whitespace not collapsed: %q", Text(fs))
	}
	// The snippet starts after a sentence end when one is near.
	if !strings.HasPrefix(Text(fs), "…全区") {
		t.Errorf("snippet does not start at the sentence: %q", Text(fs))
	}
	// No match: the start of the text.
	if got := Text(Snippet(body, ParseQuery("冰雹"), 10)); got != "根据有关规定，现将情…" {
		t.Errorf("no-match snippet %q", got)
	}
	// Short text: all of it, no ellipsis.
	if got := HTML(Snippet("低保标准", q, 60)); got != "<mark>低保</mark>标准" {
		t.Errorf("short snippet %q", got)
	}
	// Full-width text keeps its original characters, marked where the normalised form matched.
	if got := HTML(Highlight("ＰＭ２．５浓度", ParseQuery("pm2.5"))); got != "<mark>ＰＭ２．５</mark>浓度" {
		t.Errorf("full-width highlight %q", got)
	}
	// A single character is marked wherever it is.
	if got := HTML(Highlight("乡镇、镇长、镇", ParseQuery("镇"))); got != "乡<mark>镇</mark>、<mark>镇</mark>长、<mark>镇</mark>" {
		t.Errorf("single character highlight %q", got)
	}
	// Excluded terms are not marked; markup in the title is escaped.
	if got := HTML(Highlight("<i>农村</i>低保", syn.Expand(ParseQuery("低保 -农村")))); got != "&lt;i&gt;农村&lt;/i&gt;<mark>低保</mark>" {
		t.Errorf("title highlight %q", got)
	}
	// A match in the middle of a long text: ellipses on both sides.
	long := strings.Repeat("各镇街要高度重视。", 20) + "低保资金" + strings.Repeat("确保工作落到实处。", 20)
	if got := Text(Snippet(long, q, 40)); !strings.HasPrefix(got, "…") || !strings.HasSuffix(got, "…") || !strings.Contains(got, "低保资金") {
		t.Errorf("middle snippet %q", got)
	}
	// Invalid UTF-8 does not panic and stays valid.
	if got := HTML(Snippet("低保\xff\xfe资金", q, 10)); got != "<mark>低保</mark>\uFFFD<mark>资金</mark>" {
		t.Errorf("invalid UTF-8: %q", got)
	}
}

func TestPresent(t *testing.T) {
	q := NewSynonyms(DefaultSynonymGroups()).Expand(ParseQuery("低保"))
	title, body := "农村低保名单", "经评议，纳入最低生活保障。"
	pr := Present(title, body, q, 50)
	if HTML(pr.Title) != HTML(Highlight(title, q)) || HTML(pr.Snippet) != HTML(Snippet(body, q, 50)) || pr.Strength != Strength(title, body, q) || !pr.InTitle {
		t.Fatalf("Present disagrees: %+v", pr)
	}
	q2 := ParseQuery("低保 评议")
	if Present(title, body, q2, 50).InTitle || !Present("低保评议", "", q2, 50).InTitle {
		t.Fatal("InTitle needs every term in the title")
	}
}

func TestStrength(t *testing.T) {
	q := ParseQuery("低保")
	title := Strength("低保资金", "", q)
	body := Strength("资金", "低保", q)
	more := Strength("资金", "低保，低保，低保", q)
	if !(title > more && more > body && body > 0) || Strength("a", "b", q) != 0 {
		t.Fatalf("title %v, body %v, repeated %v", title, body, more)
	}
}

func TestRequestCheck(t *testing.T) {
	r, err := Request{Q: "x"}.Check()
	if err != nil || r.Limit != DefaultLimit {
		t.Fatalf("%+v %v", r, err)
	}
	if r, _ := (Request{Limit: 1000}).Check(); r.Limit != MaxLimit {
		t.Fatalf("limit %d", r.Limit)
	}
	if r, _ := (Request{Offset: Cap - 5, Limit: 50}).Check(); r.Limit != 5 {
		t.Fatalf("limit near the cap %d", r.Limit)
	}
	now := time.Now()
	for _, bad := range []Request{{Offset: Cap}, {Sort: "x"}, {From: now, To: now}} {
		if _, err := bad.Check(); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
}
