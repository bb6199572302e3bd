package web

import (
	"bytes"
	"html"
	"strconv"
	"strings"

	xhtml "golang.org/x/net/html"
)

// cardTables prepares the tables of a staff page for narrow screens, without touching the
// templates: a table whose head is one row of headers gets data-cards, and every cell of its
// body the header of its column as data-label, so that the stylesheet can show each row as a
// card ("标题：…") at 360 px instead of a squeezed grid or a scroll box. A table it cannot
// label (no head, or a head of several rows) and a .table-scroll box get tabindex="0", so that
// a keyboard can reach and scroll them. The page is rewritten token by token; everything else
// is copied byte for byte.
func cardTables(page []byte) []byte {
	type tok struct {
		typ   xhtml.TokenType
		raw   []byte
		name  string
		attrs map[string]string
	}
	var toks []tok
	z := xhtml.NewTokenizer(bytes.NewReader(page))
	for {
		tt := z.Next()
		if tt == xhtml.ErrorToken {
			break
		}
		t := tok{typ: tt, raw: append([]byte(nil), z.Raw()...)}
		if tt == xhtml.StartTagToken || tt == xhtml.EndTagToken || tt == xhtml.SelfClosingTagToken {
			name, hasAttr := z.TagName()
			t.name = string(name)
			for hasAttr && tt != xhtml.EndTagToken {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				if t.attrs == nil {
					t.attrs = map[string]string{}
				}
				t.attrs[string(k)] = string(v)
			}
		}
		toks = append(toks, t)
	}
	span := func(t tok, attr string) int {
		n, err := strconv.Atoi(t.attrs[attr])
		if err != nil || n < 1 || n > 100 {
			return 1
		}
		return n
	}
	// headOf reads the labels of the table starting at toks[i]: ok when its thead is exactly
	// one row without rowspans.
	headOf := func(i int) (labels []string, ok bool) {
		depth, inHead, rows := 0, false, 0
		var cell *strings.Builder
		for j := i + 1; j < len(toks); j++ {
			t := toks[j]
			switch t.typ {
			case xhtml.StartTagToken:
				switch {
				case t.name == "table":
					depth++
				case depth > 0:
				case t.name == "thead":
					inHead = true
				case t.name == "tbody" || t.name == "tfoot" || (t.name == "tr" && !inHead):
					return nil, false
				case t.name == "tr":
					rows++
				case (t.name == "th" || t.name == "td") && inHead:
					if span(t, "rowspan") > 1 {
						return nil, false
					}
					cell = &strings.Builder{}
					for range span(t, "colspan") - 1 {
						labels = append(labels, "")
					}
				}
			case xhtml.TextToken:
				if cell != nil && depth == 0 {
					cell.WriteString(html.UnescapeString(string(t.raw)))
				}
			case xhtml.EndTagToken:
				switch {
				case t.name == "table" && depth == 0:
					return nil, false
				case t.name == "table":
					depth--
				case depth > 0:
				case (t.name == "th" || t.name == "td") && cell != nil:
					// The label goes to the last column the header spans.
					labels = append(labels, strings.Join(strings.Fields(cell.String()), " "))
					cell = nil
				case t.name == "thead":
					return labels, rows == 1 && len(labels) > 0
				}
			}
		}
		return nil, false
	}
	insert := func(raw []byte, attrs string) []byte {
		end := len(raw) - 1
		if end > 0 && raw[end-1] == '/' {
			end--
		}
		return append(append(append([]byte(nil), raw[:end]...), attrs...), raw[end:]...)
	}
	type state struct {
		labels []string
		cards  bool
		head   bool
		col    int
	}
	var out bytes.Buffer
	out.Grow(len(page) + len(page)/8)
	var stack []*state
	for i, t := range toks {
		raw := t.raw
		var top *state
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		switch {
		case t.typ == xhtml.StartTagToken && t.name == "table":
			labels, ok := headOf(i)
			stack = append(stack, &state{labels: labels, cards: ok})
			if ok {
				raw = insert(raw, " data-cards")
			} else if _, has := t.attrs["tabindex"]; !has {
				raw = insert(raw, ` tabindex="0"`)
			}
		case t.typ == xhtml.EndTagToken && t.name == "table" && top != nil:
			stack = stack[:len(stack)-1]
		case t.typ == xhtml.StartTagToken && t.name == "div" && strings.Contains(" "+t.attrs["class"]+" ", " table-scroll ") && t.attrs["tabindex"] == "":
			raw = insert(raw, ` tabindex="0" role="region" aria-label="表格（可横向滚动）"`)
		case top == nil || !top.cards:
		case t.typ == xhtml.StartTagToken && t.name == "thead":
			top.head = true
		case t.typ == xhtml.EndTagToken && t.name == "thead":
			top.head = false
		case t.typ == xhtml.StartTagToken && t.name == "tr":
			top.col = 0
		case t.typ == xhtml.StartTagToken && (t.name == "td" || t.name == "th") && !top.head:
			n := span(t, "colspan")
			if last := top.col + n - 1; (n == 1 || n < len(top.labels)) && last < len(top.labels) && top.labels[last] != "" {
				if _, has := t.attrs["data-label"]; !has {
					raw = insert(raw, ` data-label="`+html.EscapeString(top.labels[last])+`"`)
				}
			}
			top.col += n
		}
		out.Write(raw)
	}
	return out.Bytes()
}
