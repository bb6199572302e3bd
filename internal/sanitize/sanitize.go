// Package sanitize turns the rich text of a record body (typed in the editor
// or pasted from Word) into HTML that is safe to publish on the portal, and
// extracts its plain text for search indexing.
//
// The allow-list is what a government record body needs and no more:
// paragraphs, headings h2–h4 (h1 is the page title), emphasis, lists, quotes,
// tables with merged cells, links, images from the record's own attachments,
// rules and sub/superscripts. Everything else is
// removed; the text inside removed elements is kept, except inside script,
// style and similar elements, whose content is dropped with them.
//
// Decisions worth knowing:
//   - No style attribute at all: pasted Word styling is noise, and CSS is an
//     injection vector (url(javascript:…), expression()). Layout comes from the
//     portal's stylesheet; a few class names (ClassNames) let editors align
//     text and number paragraphs.
//   - Links may be http, https, mailto or relative. A protocol-relative link
//     (//example.org/x) is kept: it is an ordinary link to another site, no
//     more dangerous than https://example.org/x, and gets the same rel.
//     Every link gets rel="noopener noreferrer nofollow" and loses target.
//   - Images may load only from the record's own attachments, as the public
//     site serves them (/{unit}/records/{id}/files/{sha256}; see RecordBody):
//     never another site (a remote image would tell that site who reads the
//     record, and could change after review), never a data: URL (it would
//     escape the attachment checks), never another record's file. Body, for
//     texts that are not a record's, keeps no image at all.
package sanitize

import (
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/microcosm-cc/bluemonday"
	"golang.org/x/net/html"
)

// ClassNames are the only class values a body may carry. They map to rules in
// the portal stylesheet and replace the inline styles that are stripped.
const ClassNames = "align-left align-center align-right indent"

// LinkRel is the rel every link gets: the target page can neither script
// the portal (noopener), see which record linked to it (noreferrer), nor gain
// ranking from it (nofollow).
const LinkRel = "noopener noreferrer nofollow"

// bodyPolicy is built once: bluemonday policies are safe for concurrent use
// once built, and building one compiles regular expressions.
var bodyPolicy = sync.OnceValue(newBodyPolicy)

func newBodyPolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements(
		"p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u",
		"ul", "ol", "li", "blockquote",
		"table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
		"span", "div", "hr", "sub", "sup",
	)
	p.AllowAttrs("colspan", "rowspan").Matching(regexp.MustCompile(`^[1-9][0-9]{0,2}$`)).OnElements("td", "th")
	p.AllowAttrs("scope").Matching(regexp.MustCompile(`^(row|col|rowgroup|colgroup)$`)).OnElements("th")

	p.AllowAttrs("href").OnElements("a")
	p.AllowURLSchemes("http", "https", "mailto")
	p.AllowRelativeURLs(true)
	p.RequireParseableURLs(true)
	p.RequireNoFollowOnLinks(true)
	p.RequireNoReferrerOnLinks(true)

	// Images: only the shape of a record's file address here; RecordBody keeps those of
	// the record itself and Body none.
	p.AllowAttrs("src").Matching(fileSrc).OnElements("img")
	p.AllowAttrs("alt").OnElements("img")
	p.AllowAttrs("width", "height").Matching(regexp.MustCompile(`^[0-9]{1,4}$`)).OnElements("img")

	names := strings.Join(strings.Fields(ClassNames), "|")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^(?:`+names+`)(?: (?:`+names+`))*$`)).
		OnElements("p", "div", "span", "td", "th", "table", "h2", "h3", "h4", "li", "blockquote")
	return p
}

// fileSrc is the address of a record's attachment on the public site: unit code, record ID
// and the file's SHA-256 (lower-case hex), nothing else.
var fileSrc = regexp.MustCompile(`^/[A-Za-z0-9_-]{1,64}/records/[1-9][0-9]{0,18}/files/[0-9a-f]{64}$`)

// Body returns the sanitized HTML of a rich text that is not a record's body (an answer, a
// document being imported): no images.
func Body(src string) string {
	return RecordBody(src, "")
}

// FilesPath is the address prefix of a record's attachments on the public site (the route
// GET /{unit}/records/{id}/files/{hash}); an image of a record body points there.
func FilesPath(unitCode string, recordID int64) string {
	return "/" + unitCode + "/records/" + strconv.FormatInt(recordID, 10) + "/files/"
}

// RecordBody returns the sanitized HTML of a record body whose images may show the record's
// own attachments: an <img> stays only when its src is files (FilesPath of the record)
// followed by a SHA-256. With files empty (a record not yet created) no image stays. The
// public site serves such a file only while it belongs to the public revision of the
// published record, so an image never shows more than the record's attachment list does.
func RecordBody(src, files string) string {
	return keepImages(setLinkRel(bodyPolicy().Sanitize(src)), files)
}

// keepImages drops every <img> whose src does not start with files (all of them when files
// is empty). The policy has already checked the shape of src.
func keepImages(s, files string) string {
	if !strings.Contains(s, "<img") {
		return s
	}
	return eachTag(s, func(raw string, tok html.Token) string {
		keep := tok.Data != "img"
		for _, a := range tok.Attr {
			if tok.Data == "img" && a.Key == "src" {
				keep = files != "" && strings.HasPrefix(a.Val, files) && fileSrc.MatchString(a.Val)
			}
		}
		if keep {
			return raw
		}
		return ""
	})
}

// setLinkRel gives every link exactly LinkRel. bluemonday adds nofollow and
// noreferrer but adds noopener only together with target="_blank", which a
// body must not have.
func setLinkRel(s string) string {
	if !strings.Contains(s, "<a ") {
		return s
	}
	return eachTag(s, func(raw string, tok html.Token) string {
		if tok.Data != "a" {
			return raw
		}
		attrs := tok.Attr[:0]
		for _, a := range tok.Attr {
			if a.Key != "rel" && a.Key != "target" {
				attrs = append(attrs, a)
			}
		}
		tok.Attr = append(attrs, html.Attribute{Key: "rel", Val: LinkRel})
		return tok.String()
	})
}

// eachTag rewrites the start (and self-closing) tags of sanitised HTML: each is replaced by
// what f returns for its raw text and its token; everything else is copied as it is.
func eachTag(s string, f func(raw string, tok html.Token) string) string {
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			b.Write(z.Raw())
			continue
		}
		raw := string(z.Raw())
		b.WriteString(f(raw, z.Token()))
	}
	return b.String()
}

// Text returns the plain text of an HTML body for search indexing and PII
// scanning: block elements and <br> become line breaks, table cells are
// separated by tabs, whitespace runs collapse to one space and empty lines
// are dropped. The content of script, style, template and similar elements
// is not text. Attribute values (alt, title) are not included; pii.FindHTML
// scans those.
func Text(src string) string {
	var t textBuilder
	z := html.NewTokenizer(strings.NewReader(src))
	skip := 0 // depth inside elements whose content is not text
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		switch tt {
		case html.TextToken:
			if skip == 0 {
				t.text(string(z.Text()))
			}
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			name, _ := z.TagName()
			n := string(name)
			if notText(n) {
				if tt == html.StartTagToken {
					skip++
				} else if tt == html.EndTagToken && skip > 0 {
					skip--
				}
				continue
			}
			switch {
			case n == "td" || n == "th":
				if tt != html.EndTagToken {
					t.cell()
				}
			case isBlock(n):
				t.newline()
			}
		}
	}
	t.newline()
	return strings.Join(t.lines, "\n")
}

func notText(name string) bool {
	switch name {
	case "script", "style", "template", "noscript", "iframe", "object", "noembed", "noframes", "head", "title", "select", "textarea", "svg", "math":
		return true
	}
	return false
}

func isBlock(name string) bool {
	switch name {
	case "p", "div", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
		"blockquote", "pre", "table", "caption", "thead", "tbody", "tfoot", "tr",
		"section", "article", "header", "footer", "aside", "nav", "main", "figure", "figcaption",
		"address", "details", "summary", "form", "fieldset", "legend", "center", "body", "html":
		return true
	}
	return false
}

type textBuilder struct {
	lines   []string
	cur     strings.Builder
	space   bool // a collapsed space is pending
	lastTab bool // cur ends with a cell separator
}

func (t *textBuilder) text(s string) {
	for _, r := range s {
		switch r {
		case ' ', '\t', '\n', '\r', '\f', '\u00a0':
			t.space = true
			continue
		}
		if t.space && t.cur.Len() > 0 && !t.lastTab {
			t.cur.WriteByte(' ')
		}
		t.space = false
		t.lastTab = false
		t.cur.WriteRune(r)
	}
}

func (t *textBuilder) cell() {
	if t.cur.Len() > 0 {
		t.cur.WriteByte('\t')
		t.lastTab = true
	}
	t.space = false
}

func (t *textBuilder) newline() {
	if line := strings.TrimRight(t.cur.String(), " \t"); line != "" {
		t.lines = append(t.lines, line)
	}
	t.cur.Reset()
	t.space = false
	t.lastTab = false
}
