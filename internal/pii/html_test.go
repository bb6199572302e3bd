package pii

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestFindHTML(t *testing.T) {
	id := id18("610112", "19900101", "123")
	ent := strings.ReplaceAll(id[:4], "6", "&#54;") + id[4:] // &#54;101…
	tests := []struct {
		name  string
		src   string
		want  []want
		value []string // source text at the offsets, if not Value
	}{
		{"text", "<p>身份证号：" + id + "</p>", []want{{ID18, id}}, nil},
		{"title attribute", `<span title="` + id + `">张三</span>`, []want{{ID18, id}}, nil},
		{"unquoted attribute", `<img alt=` + id + `>`, []want{{ID18, id}}, nil},
		{"tel link", `<a href="tel:13812345678">电话</a>`, []want{{Mobile, "13812345678"}}, nil},
		{"split by inline tags", "<p>6101<b>12</b>" + id[6:] + "</p>", []want{{ID18, id}}, []string{"6101<b>12</b>" + id[6:]}},
		{"character references", "<p>" + ent + "</p>", []want{{ID18, id}}, []string{ent}},
		{"named reference joins", "<p>电话&nbsp;13812345678</p>", []want{{Mobile, "13812345678"}}, nil},
		{"comment", "<!-- " + id + " -->", []want{{ID18, id}}, nil},
		{"script", "<script>var id='" + id + "';</script>", []want{{ID18, id}}, nil},
		{"textarea", "<textarea>" + id + "</textarea>", []want{{ID18, id}}, nil},
		{"two cells do not join", "<tr><td>6101</td><td>12" + id[6:] + "</td></tr>", nil, nil},
		{"br splits", "138<br>12345678", nil, nil},
		{"tag name digits ignored", `<p data-x="1">订单 11610000016000365Q/2017-00123</p>`, nil, nil},
		{"unterminated tag at end", `<p>x</p><a title="` + id, []want{{ID18, id}}, nil},
		{"cells in a list", "<table><tr><td>张三</td><td>" + id + "</td><td>13912345678</td></tr></table>",
			[]want{{ID18, id}, {Mobile, "13912345678"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := FindHTML(tt.src)
			if len(got) != len(tt.want) {
				t.Fatalf("FindHTML(%q) = %+v, want %v", tt.src, got, tt.want)
			}
			for i, f := range got {
				if f.Kind != tt.want[i].kind || f.Value != tt.want[i].value {
					t.Errorf("finding %d = %v %q, want %v %q", i, f.Kind, f.Value, tt.want[i].kind, tt.want[i].value)
				}
				wantSrc := f.Value
				if tt.value != nil {
					wantSrc = tt.value[i]
				}
				if tt.src[f.Start:f.End] != wantSrc {
					t.Errorf("source at %d:%d = %q, want %q", f.Start, f.End, tt.src[f.Start:f.End], wantSrc)
				}
			}
		})
	}
}

func TestMaskHTML(t *testing.T) {
	id := id18("610112", "19900101", "123")
	tail := id[14:]
	tests := []struct {
		name, src, want string
	}{
		{"text", "<p class=x>身份证号：" + id + "</p>", "<p class=x>身份证号：610112********" + tail + "</p>"},
		{"attribute keeps markup", `<span  TITLE='` + id + `' data-n=1>张三</span>`, `<span  TITLE='610112********` + tail + `' data-n=1>张三</span>`},
		{"split by inline tag", "<p>6101<b>12</b>" + id[6:] + "</p>", "<p>6101<b>12</b>********" + tail + "</p>"},
		{"references", "<p>&#49;3812345678 &amp; 更多</p>", "<p>138****5678 &amp; 更多</p>"},
		{"comment", "<!--" + id + "-->", "<!--610112********" + tail + "-->"},
		{"script stays raw", "<script>if(a<b&&c)x='13812345678'</script>", "<script>if(a<b&&c)x='138****5678'</script>"},
		{"nothing", "<p>无 <b>个人</b> 信息</p>", "<p>无 <b>个人</b> 信息</p>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := MaskHTML(tt.src, DefaultPolicy())
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Fatalf("MaskHTML(%q)\n got %q\nwant %q", tt.src, got, tt.want)
			}
			if fs := FindHTML(got); len(fs) != 0 {
				t.Fatalf("masked HTML still has %+v", fs)
			}
		})
	}
}

// TestDecodeMatchesTokenizer checks the offset-keeping decoder against the
// tokenizer it mirrors.
func TestDecodeMatchesTokenizer(t *testing.T) {
	for _, s := range []string{
		"a&amp;b", "&lt;&gt;", "&notit;", "&notin;", "&#54;&#x36;&#X36", "&#", "&#x;", "&", "&amp",
		"a\r\nb\rc", "&nbsp;1", "&copy2024", "&ampx", "&#0;", "&#128;", "&unknown;", "&AMP;",
	} {
		dec, spans := decodeHTML(s, 0, modeText)
		if want := html.UnescapeString(strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")); dec != want {
			t.Errorf("decodeHTML(%q) = %q, want %q", s, dec, want)
		}
		if len(spans) != len(dec) {
			t.Errorf("decodeHTML(%q): %d spans for %d bytes", s, len(spans), len(dec))
		}
	}
	// Attribute values: compare with the tokenizer's attributes.
	for _, v := range []string{"a&amp;b", "&notit;", "&amp=1", "&lt=", "x&#54;", "&copy2024"} {
		src := `<p title="` + v + `">`
		z := html.NewTokenizer(strings.NewReader(src))
		z.Next()
		tok := z.Token()
		sp := attrValueSpans(src)
		if len(sp) != 1 {
			t.Fatalf("attrValueSpans(%q) = %v", src, sp)
		}
		dec, _ := decodeHTML(src[sp[0].start:sp[0].end], 0, modeAttr)
		if dec != tok.Attr[0].Val {
			t.Errorf("attribute %q decoded %q, tokenizer %q", v, dec, tok.Attr[0].Val)
		}
	}
}

func TestAttrValueSpans(t *testing.T) {
	tests := []struct {
		raw  string
		want []string
	}{
		{`<a href="x" title='y z'>`, []string{"x", "y z"}},
		{`<a href=x title=y>`, []string{"x", "y"}},
		{`<a   b = "1"  c>`, []string{"1"}},
		{`<img src=a/>`, []string{"a/"}},
		{`<p a="1" a="2">`, []string{"1", "2"}},
		{`<p =x=1>`, []string{"1"}},
		{`<p/a=1>`, []string{"1"}},
		{`<p a="unterminated>`, []string{"unterminated>"}},
		{`</p a=1>`, nil},
	}
	for _, tt := range tests {
		var got []string
		for _, s := range attrValueSpans(tt.raw) {
			got = append(got, tt.raw[s.start:s.end])
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("attrValueSpans(%q) = %q, want %q", tt.raw, got, tt.want)
		}
	}
}

func FuzzMaskHTML(f *testing.F) {
	id := id18("610112", "19900101", "123")
	for _, s := range []string{
		"<p>" + id + "</p>", `<a title="` + id + `">x</a>`, "6101<b>12</b>" + id[6:], "<!--13812345678-->",
		"<script>13812345678</script>", "&#49;3812345678", "<p a=13812345678>", "<textarea>138 1234 5678",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		out, err := MaskHTML(src, DefaultPolicy())
		if err != nil {
			return
		}
		if fs := FindHTML(out); len(fs) != 0 {
			t.Fatalf("MaskHTML(%q) = %q still has %+v", src, out, fs)
		}
	})
}
