package sanitize

import "testing"

func TestParagraphs(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"第一段。\n第二段。\r\n\r\n  第三段 a < b & c。  ", "<p>第一段。</p><p>第二段。</p><p>第三段 a &lt; b &amp; c。</p>"},
		{"<p>已是HTML</p>\n<p>不变</p>", "<p>已是HTML</p>\n<p>不变</p>"},
		{"含有&nbsp;实体", "含有&nbsp;实体"},
		{"  \n ", "  \n "},
		{"<script>alert(1)</script>", "<script>alert(1)</script>"}, // markup: left to Body
	} {
		if got := Paragraphs(tc.in); got != tc.want {
			t.Errorf("Paragraphs(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	// Text with markup goes to Body as it is, which drops the script.
	if got := Body(Paragraphs("一行\n<script>alert(1)</script>")); got != "一行\n" {
		t.Errorf("mixed: %q", got)
	}
}
