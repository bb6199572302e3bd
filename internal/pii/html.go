package pii

import (
	"errors"
	"sort"
	"strings"
	"time"

	"golang.org/x/net/html"

	"gongkai/internal/ooxml"
)

// HTML scanning.
//
// FindHTML and MaskHTML look at what a reader of the page (or of its source)
// can see: text, attribute values (title="…", alt="…", href="tel:…") and
// comments. Markup itself is never scanned, so a tag name or a URL path made
// of digits does not count.
//
// Text nodes separated only by inline tags are joined before scanning, the
// way a browser renders them: 6101<b>12</b>199001011234 is one ID. Block
// elements, <br>, table cells and replaced elements such as <img> end a run of
// text, so two cells never merge into one number. Comments are invisible and
// neither join nor split the text around them. An ID split by a block element
// (for example across two <td>) is not found — it is not one number on the
// page either.

// span is a byte range of the HTML source.
type span struct{ start, end int }

type segKind uint8

const (
	segText    segKind = iota // text with character references
	segRaw                    // text of script, style and the like: no references
	segAttr                   // attribute value
	segComment                // comment body
)

// segment is one piece of visible text with, for each byte of its decoded
// text, the source bytes it came from.
type segment struct {
	kind       segKind
	start, end int // source span replaced when masking
	wrapL      string
	wrapR      string
	text       string
	spans      []span
}

type htmlDoc struct {
	segs   []segment
	groups [][]int // segments scanned together, in source order
}

// FindHTML returns the personal information in an HTML document or fragment,
// masked with DefaultPolicy. Start and End are offsets into src; Value is the
// decoded text, so a number written with character references (&#54;101…)
// is found too.
func FindHTML(src string) []Finding {
	doc := parseHTML(src)
	now := time.Now()
	p := DefaultPolicy()
	var out []Finding
	for _, g := range doc.groups {
		text, spans := doc.joined(g)
		for _, f := range findAll(text, now, p) {
			f.Start, f.End = spans[f.Start].start, spans[f.End-1].end
			out = append(out, f)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

// MaskHTML masks every finding in an HTML document or fragment with p
// (DefaultPolicy if p is invalid). Only the bytes of masked text change;
// markup, attribute order and untouched text stay as they were, so the
// result can be diffed against the original for review.
func MaskHTML(src string, p Policy) (string, error) {
	p = p.effective()
	out := src
	// One round is enough: masking keeps the token structure, and each
	// group is masked to a fixed point. The loop only guards that claim.
	for round := 0; round < 3; round++ {
		doc := parseHTML(out)
		var repl []ooxml.Edit
		for _, g := range doc.groups {
			text, _ := doc.joined(g)
			masked := Mask(text, p)
			if masked == text {
				continue
			}
			texts := make([]string, len(g))
			for i, si := range g {
				texts[i] = doc.segs[si].text
			}
			parts, ok := ooxml.Recut(masked, texts)
			if !ok {
				return "", errors.New("个人信息脱敏：脱敏改变了网页文字的长度，请人工处理")
			}
			for i, si := range g {
				s := doc.segs[si]
				if parts[i] != s.text {
					repl = append(repl, ooxml.Edit{Start: s.start, End: s.end, Text: s.wrapL + encodeSeg(s.kind, parts[i]) + s.wrapR})
				}
			}
		}
		if len(repl) == 0 {
			return out, nil
		}
		out = ooxml.Apply(out, repl)
	}
	if len(FindHTML(out)) > 0 {
		return "", errors.New("个人信息脱敏：网页内容无法完全脱敏，请人工处理")
	}
	return out, nil
}

func encodeSeg(k segKind, s string) string {
	switch k {
	case segText:
		return html.EscapeString(s)
	case segAttr:
		return escapeAttr(s)
	}
	// Raw text and comments take no references; masking only turns digits
	// into a mask character, which cannot end the element or the comment.
	return s
}

// escapeAttr escapes a value so that it is safe quoted or unquoted.
func escapeAttr(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&#34;")
		case '\'':
			b.WriteString("&#39;")
		case '`':
			b.WriteString("&#96;")
		case '=':
			b.WriteString("&#61;")
		case ' ', '\t', '\n', '\r', '\f':
			b.WriteString("&#")
			b.WriteString(itoa(int(c)))
			b.WriteByte(';')
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var d []byte
	for ; n > 0; n /= 10 {
		d = append([]byte{byte('0' + n%10)}, d...)
	}
	return string(d)
}

func (d *htmlDoc) joined(g []int) (string, []span) {
	if len(g) == 1 {
		s := d.segs[g[0]]
		return s.text, s.spans
	}
	var b strings.Builder
	var spans []span
	for _, i := range g {
		b.WriteString(d.segs[i].text)
		spans = append(spans, d.segs[i].spans...)
	}
	return b.String(), spans
}

// breaksText reports whether an element ends a run of text: block-level,
// table and replaced elements, and elements whose content is not text.
// Everything else, unknown tags included (browsers render them inline), joins
// the text around it.
func breaksText(name string) bool {
	switch name {
	case "address", "article", "aside", "blockquote", "body", "br", "caption", "col", "colgroup",
		"dd", "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer",
		"form", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hr", "html", "li", "main",
		"nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th",
		"thead", "tr", "ul", "menu", "center", "listing",
		"img", "input", "button", "select", "option", "optgroup", "textarea", "title", "meta",
		"link", "base", "iframe", "object", "embed", "video", "audio", "canvas", "svg", "math",
		"script", "style", "template", "noscript", "noembed", "noframes", "xmp", "plaintext",
		"frameset", "frame", "area", "map", "source", "track", "picture":
		return true
	}
	return false
}

// rawText reports the elements whose text the tokenizer does not decode.
func rawText(name string) bool {
	switch name {
	case "script", "style", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext":
		return true
	}
	return false
}

func parseHTML(src string) *htmlDoc {
	doc := &htmlDoc{}
	var cur []int
	flush := func() {
		if len(cur) > 0 {
			doc.groups = append(doc.groups, cur)
			cur = nil
		}
	}
	add := func(s segment, own bool) {
		if s.text == "" {
			return
		}
		doc.segs = append(doc.segs, s)
		if own {
			doc.groups = append(doc.groups, []int{len(doc.segs) - 1})
		} else {
			cur = append(cur, len(doc.segs)-1)
		}
	}
	z := html.NewTokenizer(strings.NewReader(src))
	off := 0
	rawNext := false
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		// Take the length before Text, which rewrites newlines in place.
		start := off
		off += len(z.Raw())
		end := off
		wasRaw := rawNext
		rawNext = false
		switch tt {
		case html.TextToken:
			text := string(z.Text())
			kind, mode := segText, modeText
			if wasRaw {
				kind, mode = segRaw, modeRaw
			}
			dec, spans := decodeHTML(src[start:end], start, mode)
			if dec != text {
				dec, spans = text, coarse(len(text), start, end)
			}
			add(segment{kind: kind, start: start, end: end, text: dec, spans: spans}, false)
		case html.CommentToken:
			text := string(z.Text())
			dec, spans := decodeHTML(src[start:end], start, modeComment)
			if i := strings.Index(dec, text); i >= 0 && text != "" {
				sp := spans[i : i+len(text)]
				add(segment{kind: segComment, start: sp[0].start, end: sp[len(sp)-1].end, text: text, spans: sp}, true)
			} else {
				add(segment{kind: segComment, start: start, end: end, wrapL: "<!--", wrapR: "-->",
					text: text, spans: coarse(len(text), start, end)}, true)
			}
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			name, _ := z.TagName()
			n := string(name)
			if breaksText(n) {
				flush()
			}
			if tt == html.EndTagToken {
				continue
			}
			rawNext = rawText(n)
			for _, v := range attrValueSpans(src[start:end]) {
				dec, spans := decodeHTML(src[start+v.start:start+v.end], start+v.start, modeAttr)
				add(segment{kind: segAttr, start: start + v.start, end: start + v.end, text: dec, spans: spans}, true)
			}
		default: // doctype
			flush()
		}
	}
	flush()
	// An unterminated tag at the end is dropped by the tokenizer but is
	// still in the published source: scan it as it is.
	if off < len(src) {
		dec, spans := decodeHTML(src[off:], off, modeRaw)
		add(segment{kind: segRaw, start: off, end: len(src), text: dec, spans: spans}, true)
	}
	return doc
}

func coarse(n, start, end int) []span {
	s := make([]span, n)
	for i := range s {
		s[i] = span{start, end}
	}
	return s
}

// attrValueSpans returns the spans of the attribute values of a start tag,
// relative to raw. It follows golang.org/x/net/html's tokenizer step by step
// (readTag, readTagAttrKey, readTagAttrVal) so that the spans are the values
// the tokenizer reports — plus repeated attributes, which the tokenizer
// drops but which are still in the source.
func attrValueSpans(raw string) []span {
	ws := func(c byte) bool { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' }
	n := len(raw)
	if n < 2 || raw[0] != '<' || raw[1] == '/' || raw[1] == '!' || raw[1] == '?' {
		return nil
	}
	i := 2
	for i < n && !ws(raw[i]) && raw[i] != '/' && raw[i] != '>' {
		i++
	}
	skip := func() {
		for i < n && ws(raw[i]) {
			i++
		}
	}
	skip()
	var out []span
	for i < n && raw[i] != '>' {
		// key
		ks := i
		for i < n {
			c := raw[i]
			i++
			if c == '=' && ks+1 == i {
				continue
			}
			if c == '=' || ws(c) || c == '/' || c == '>' {
				i--
				break
			}
		}
		ke := i
		// value
		vs, ve := i, i
		skip()
		if i < n {
			c := raw[i]
			i++
			switch {
			case c == '/':
			case c != '=':
				i--
			default:
				skip()
				if i < n {
					q := raw[i]
					i++
					switch q {
					case '>':
						i--
					case '\'', '"':
						vs = i
						if j := strings.IndexByte(raw[i:], q); j >= 0 {
							ve = i + j
							i += j + 1
						} else {
							ve, i = n, n
						}
					default:
						vs = i - 1
						for i < n && !ws(raw[i]) && raw[i] != '>' {
							i++
						}
						ve = i
					}
				}
			}
		}
		if ks != ke && vs < ve {
			out = append(out, span{vs, ve})
		}
		skip()
	}
	return out
}

type decodeMode uint8

const (
	modeText    decodeMode = iota // text: character references, newlines
	modeRaw                       // raw text: newlines only
	modeAttr                      // attribute: references (attribute rules), newlines, NUL
	modeComment                   // comment: newlines, NUL
)

// decodeHTML decodes raw source text the way the tokenizer does and records,
// for each byte of the result, the source span it came from.
func decodeHTML(s string, base int, mode decodeMode) (string, []span) {
	var b strings.Builder
	b.Grow(len(s))
	spans := make([]span, 0, len(s))
	emit := func(out string, from, to int) {
		b.WriteString(out)
		for range len(out) {
			spans = append(spans, span{base + from, base + to})
		}
	}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				emit("\n", i, i+2)
				i += 2
			} else {
				emit("\n", i, i+1)
				i++
			}
			continue
		case c == 0 && (mode == modeAttr || mode == modeComment):
			emit("\uFFFD", i, i+1)
			i++
			continue
		case c == '&' && (mode == modeText || mode == modeAttr):
			if n, v := entityAt(s[i:], mode == modeAttr); n > 0 {
				emit(v, i, i+n)
				i += n
				continue
			}
		}
		b.WriteByte(c)
		spans = append(spans, span{base + i, base + i + 1})
		i++
	}
	return b.String(), spans
}

// entityAt returns the length and value of the character reference at the
// start of s (which begins with '&'), or 0 if there is none. It mirrors the
// tokenizer's unescapeEntity and lets html.UnescapeString, which knows the
// entity table, produce the value.
func entityAt(s string, attr bool) (int, string) {
	if len(s) < 2 {
		return 0, ""
	}
	isDec := func(c byte) bool { return c >= '0' && c <= '9' }
	isHex := func(c byte) bool { return isDec(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }
	if s[1] == '#' {
		if len(s) < 3 {
			return 0, ""
		}
		i := 2
		hex := s[i] == 'x' || s[i] == 'X'
		if hex {
			i++
		}
		i0 := i
		for i < len(s) && (hex && isHex(s[i]) || !hex && isDec(s[i])) {
			i++
		}
		if i == i0 {
			return 0, ""
		}
		if i < len(s) && s[i] == ';' {
			i++
		}
		return i, html.UnescapeString(s[:i])
	}
	i := 1
	for i < len(s) {
		c := s[i]
		i++
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || isDec(c) {
			continue
		}
		if c != ';' {
			i--
		}
		break
	}
	name := s[1:i]
	if name == "" {
		return 0, ""
	}
	if attr && name[len(name)-1] != ';' && i < len(s) && s[i] == '=' {
		return 0, ""
	}
	piece := s[:i]
	u := html.UnescapeString(piece)
	if u == piece {
		return 0, ""
	}
	// A reference without ';' may match only a prefix of the name ("&notit"
	// is "¬it"); the tokenizer tries prefixes of up to six letters, longest
	// first, and never inside attributes.
	for c := min(len(piece)-1, 7); c >= 3; c-- {
		d := html.UnescapeString(piece[:c])
		if d != piece[:c] && d+piece[c:] == u {
			if attr {
				return 0, ""
			}
			return c, d
		}
	}
	return len(piece), u
}
