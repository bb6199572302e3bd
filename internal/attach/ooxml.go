package attach

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"path"
	"strings"

	"gongkai/internal/ooxml"
)

// Shared machinery for DOCX and XLSX: reading XML parts token by token with
// their byte offsets, grouping text nodes into the units a reader sees, and
// rewriting only the bytes of text that masking changed. Going through
// encoding/xml's encoder instead would rename namespace prefixes and break
// the files for Office.

// walkXML calls fn for every token of an XML part with the byte span of the
// token in the input, until fn returns an error. An *Error from the reader
// (a decompression bound) and a cancelled context are returned as they are;
// any other failure of the decoder means the part is not valid XML.
func walkXML(r io.Reader, part string, fn func(tok xml.Token, start, end int64) error) error {
	err := ooxml.WalkXML(r, fn)
	var xe *ooxml.XMLError
	if !errors.As(err, &xe) {
		return err
	}
	var e *Error
	if errors.As(xe.Err, &e) {
		return e
	}
	if errors.Is(xe.Err, context.Canceled) || errors.Is(xe.Err, context.DeadlineExceeded) {
		return xe.Err
	}
	return fail(ErrCorrupt, "文件已损坏（\"%s\"不是有效的 XML）", part)
}

// piece is a text node (with the span of its content in the part) or a
// separator the markup stands for (a tab, a line break).
type piece struct {
	node       bool
	start, end int64
	text       string
}

// textGroup is the text a reader sees as one unit: a paragraph, a shared
// string, an inline string, a comment. Word splits a paragraph into runs
// wherever formatting or editing history changes, often in the middle of a
// number, so masking works on the joined text of the group.
type textGroup []piece

func (g textGroup) String() string {
	var b strings.Builder
	for _, p := range g {
		b.WriteString(p.text)
	}
	return b.String()
}

// textRules says which elements (by local name, in any namespace, so that
// DrawingML text a:p/a:t in a document is covered too) make up text.
type textRules struct {
	group   map[string]bool   // elements that hold one unit of text
	text    map[string]bool   // elements whose character data is text
	own     map[string]bool   // text elements that are a unit by themselves
	isolate map[string]bool   // subtrees whose text nodes are units by themselves
	seps    map[string]string // elements inside a run that stand for characters
}

func docxRules() *textRules {
	return &textRules{
		group: map[string]bool{"p": true},
		text:  map[string]bool{"t": true, "delText": true},
		own:   map[string]bool{"instrText": true, "delInstrText": true},
		seps: map[string]string{"tab": "\t", "ptab": "\t", "br": "\n", "cr": "\n",
			"noBreakHyphen": "-", "softHyphen": ""},
	}
}

// headerFooterRules picks the print headers and footers of a worksheet
// (oddHeader, firstFooter …), each a text of its own.
func headerFooterRules() *textRules {
	own := map[string]bool{}
	for _, p := range []string{"odd", "even", "first"} {
		own[p+"Header"], own[p+"Footer"] = true, true
	}
	return &textRules{own: own}
}

func sharedStringRules() *textRules {
	return &textRules{
		group:   map[string]bool{"si": true, "is": true, "text": true},
		text:    map[string]bool{"t": true},
		isolate: map[string]bool{"rPh": true},
	}
}

// collector turns a token stream into text groups.
type collector struct {
	rules     *textRules
	open      []*textGroup
	groups    []textGroup
	runDepth  int
	isolated  int
	inText    bool
	ownText   bool
	textStart int64
	buf       strings.Builder
}

func newCollector(r *textRules) *collector { return &collector{rules: r} }

func (c *collector) add(p piece, own bool) {
	if own || len(c.open) == 0 {
		c.groups = append(c.groups, textGroup{p})
		return
	}
	top := c.open[len(c.open)-1]
	*top = append(*top, p)
}

func (c *collector) handle(tok xml.Token, start, end int64) error {
	switch t := tok.(type) {
	case xml.StartElement:
		l := t.Name.Local
		if c.rules.group[l] {
			c.open = append(c.open, &textGroup{})
		}
		if l == "r" {
			c.runDepth++
		}
		if c.rules.isolate[l] {
			c.isolated++
		}
		if c.rules.text[l] || c.rules.own[l] {
			c.inText = true
			c.ownText = c.rules.own[l] || c.isolated > 0
			c.textStart = end
			c.buf.Reset()
		} else if s, ok := c.rules.seps[l]; ok && !c.inText && (c.runDepth > 0 || l == "br" || l == "cr") {
			// Tabs count only inside runs (w:tabs in paragraph properties
			// defines tab stops); DrawingML puts a:br beside its runs.
			c.add(piece{text: s}, false)
		}
	case xml.CharData:
		if c.inText {
			c.buf.Write(t)
		}
	case xml.EndElement:
		l := t.Name.Local
		if c.inText && (c.rules.text[l] || c.rules.own[l]) {
			c.add(piece{node: true, start: c.textStart, end: start, text: c.buf.String()}, c.ownText)
			c.inText = false
		}
		if c.rules.isolate[l] && c.isolated > 0 {
			c.isolated--
		}
		if l == "r" && c.runDepth > 0 {
			c.runDepth--
		}
		if c.rules.group[l] && len(c.open) > 0 {
			g := c.open[len(c.open)-1]
			c.open = c.open[:len(c.open)-1]
			if len(*g) > 0 {
				c.groups = append(c.groups, *g)
			}
		}
	}
	return nil
}

// finish closes groups left open by a truncated part.
func (c *collector) finish() []textGroup {
	for i := len(c.open) - 1; i >= 0; i-- {
		if len(*c.open[i]) > 0 {
			c.groups = append(c.groups, *c.open[i])
		}
	}
	c.open = nil
	return c.groups
}

// edit replaces the bytes [start, end) of a part.
func edit(start, end int64, text string) ooxml.Edit {
	return ooxml.Edit{Start: int(start), End: int(end), Text: text}
}

var errLengthChanged = errors.New("attach: mask changed the number of characters")

// maskGroup masks the joined text of a group and returns the edits that
// write the result back node by node. mask must keep the number of runes
// (pii.Mask does): that is what lets the masked text be cut back into the
// original runs.
func maskGroup(g textGroup, mask func(string) string) ([]ooxml.Edit, error) {
	texts := make([]string, len(g))
	for i, p := range g {
		texts[i] = p.text
	}
	joined := strings.Join(texts, "")
	m := mask(joined)
	if m == joined {
		return nil, nil
	}
	parts, ok := ooxml.Recut(m, texts)
	if !ok {
		return nil, errLengthChanged
	}
	var edits []ooxml.Edit
	for i, p := range g {
		if p.node && parts[i] != p.text {
			edits = append(edits, edit(p.start, p.end, ooxml.EscapeText(parts[i])))
		}
	}
	return edits, nil
}

// maskTextPart masks the text groups of a part.
func maskTextPart(data []byte, part string, rules *textRules, mask func(string) string) ([]byte, error) {
	c := newCollector(rules)
	if err := walkXML(bytes.NewReader(data), part, c.handle); err != nil {
		return nil, err
	}
	var edits []ooxml.Edit
	for _, g := range c.finish() {
		e, err := maskGroup(g, mask)
		if err != nil {
			return nil, err
		}
		edits = append(edits, e...)
	}
	if len(edits) == 0 {
		return nil, nil
	}
	return ooxml.Apply(data, edits), nil
}

// textOfPart returns the text groups of a part as lines.
func textOfPart(r io.Reader, part string, rules *textRules, out *textBuf) error {
	c := newCollector(rules)
	if err := walkXML(r, part, c.handle); err != nil {
		return err
	}
	for _, g := range c.finish() {
		out.WriteString(g.String())
		out.sep('\n')
	}
	return nil
}

// genericStrings calls fn with every character data run and attribute
// value of a part that is not otherwise understood: charts, pivot caches,
// SmartArt, custom XML, document properties. Personal information can sit
// in any of them (a pivot cache keeps a copy of the list it summarises).
func genericStrings(r io.Reader, part string, fn func(string)) error {
	return walkXML(r, part, func(tok xml.Token, _, _ int64) error {
		switch t := tok.(type) {
		case xml.StartElement:
			for _, a := range t.Attr {
				if a.Value != "" {
					fn(a.Value)
				}
			}
		case xml.CharData:
			if s := strings.TrimSpace(string(t)); s != "" {
				fn(s)
			}
		}
		return nil
	})
}

// structuralPart reports parts that hold only formatting and package
// structure. They are full of long numeric codes (font PANOSE numbers,
// revision ids) and never hold text a reader sees. Relationship parts are
// not among them: they hold hyperlink targets such as tel:13812345678.
func structuralPart(name string) bool {
	n := strings.ToLower(name)
	switch n {
	case "[content_types].xml", "word/styles.xml", "word/fonttable.xml", "word/settings.xml",
		"word/websettings.xml", "word/numbering.xml", "xl/styles.xml", "xl/calcchain.xml",
		"word/styleswitheffects.xml":
		return true
	}
	return strings.Contains(n, "/theme/") || strings.HasPrefix(n, "customxml/itemprops")
}

func isXMLPart(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	return ext == ".xml" || ext == ".vml" || ext == ".rels"
}

// embeddedPackage reports an embedded Office file (an Excel table inside a
// Word document), whose text is read one level deep.
func embeddedPackage(name string) (Type, bool) {
	n := strings.ToLower(name)
	if !strings.Contains(n, "/embeddings/") {
		return "", false
	}
	switch path.Ext(n) {
	case ".xlsx":
		return XLSX, true
	case ".docx":
		return DOCX, true
	}
	return "", false
}

// docxTextPart reports the parts of a DOCX whose paragraphs are masked in
// place: body, headers, footers, notes and comments.
func docxTextPart(name string) bool {
	n := strings.ToLower(name)
	if n == "word/glossary/document.xml" {
		return true
	}
	base, ok := strings.CutPrefix(n, "word/")
	if !ok || strings.Contains(base, "/") {
		return false
	}
	base, ok = strings.CutSuffix(base, ".xml")
	if !ok {
		return false
	}
	switch base {
	case "document", "footnotes", "endnotes", "comments":
		return true
	}
	for _, p := range []string{"header", "footer"} {
		if rest, ok := strings.CutPrefix(base, p); ok && strings.Trim(rest, "0123456789") == "" {
			return true
		}
	}
	return false
}
