package export

import (
	"bytes"
	"encoding/xml"
	"html"
	"net/url"
	"path"
	"strings"
)

// placeholderHost stands in for the site's address in feeds and sitemaps when no base URL is
// configured; the export then strips it, leaving root-relative addresses.
const placeholderHost = "gongkai-export.invalid"

// linker turns the links of rendered pages into links between the exported files.
type linker struct {
	// dynamic is the address of the dynamic site (no trailing slash) for what a static file
	// cannot do: search, ratings, sign-in, the large-text switch. Empty keeps those links
	// root-relative, for a reverse proxy that sends them to gongkai serve.
	dynamic string
	// base is the address feeds and sitemaps were rendered with; placeholder is set when it is
	// the stand-in to strip.
	base        string
	placeholder bool
	res         *resolver
}

// isLinkAttr reports whether the attribute name that ends at b[:end] is one whose value is a
// link: href, src or action, preceded by white space (so that data-href is not one).
func isLinkAttr(b []byte, end int) bool {
	for _, name := range [...]string{"href", "src", "action"} {
		start := end - len(name)
		if start > 0 && bytes.EqualFold(b[start:end], []byte(name)) {
			switch b[start-1] {
			case ' ', '\n', '\t', '\r', '\f':
				return true
			}
		}
	}
	return false
}

// rewriteHTML rewrites every href, src and action of a page rendered at from. The pages come
// from gongkai's templates and sanitised record bodies, where a `="` only occurs in front of a
// double-quoted attribute value (html/template and bluemonday escape quotes in text), so a
// scan suffices. found is called with every page of the export the page links to.
func (l *linker) rewriteHTML(from target, body []byte, found func(target)) []byte {
	var out []byte
	last, i := 0, 0
	for {
		k := bytes.Index(body[i:], []byte(`="`))
		if k < 0 {
			break
		}
		k += i
		start := k + 2
		end := bytes.IndexByte(body[start:], '"')
		if end < 0 {
			break
		}
		end += start
		i = end + 1
		if !isLinkAttr(body, k) {
			continue
		}
		raw := string(body[start:end])
		val := raw
		if strings.IndexByte(raw, '&') >= 0 {
			val = html.UnescapeString(raw)
		}
		nv, internal, t := l.link(from, val)
		if internal && found != nil {
			found(t)
		}
		if nv == val {
			continue
		}
		if out == nil {
			out = make([]byte, 0, len(body)+len(body)/16)
		}
		out = append(out, body[last:start]...)
		out = append(out, html.EscapeString(nv)...)
		last = end
	}
	if out == nil {
		return body
	}
	return append(out, body[last:]...)
}

// hasScheme reports an absolute URL (http:, mailto:, …), which is left alone.
func hasScheme(v string) bool {
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c == ':':
			return i > 0
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	return false
}

// link rewrites one link of the page from. Addresses the export holds become relative links
// to their files (internal, with the target); anything else of the site goes to the dynamic
// address; external links, fragments and empty values stay.
func (l *linker) link(from target, v string) (string, bool, target) {
	if v == "" || v[0] == '#' || hasScheme(v) || strings.HasPrefix(v, "//") {
		return v, false, target{}
	}
	frag := ""
	if i := strings.IndexByte(v, '#'); i >= 0 {
		v, frag = v[:i], v[i:]
	}
	p, q, _ := strings.Cut(v, "?")
	fromPath, _, _ := strings.Cut(from.URL, "?")
	switch {
	case p == "":
		p = fromPath
	case p[0] != '/':
		dir := fromPath[:strings.LastIndexByte(fromPath, '/')+1]
		trailing := strings.HasSuffix(p, "/")
		p = path.Clean(dir + p)
		if trailing && p != "/" {
			p += "/"
		}
	}
	if strings.IndexByte(p, '%') >= 0 {
		if u, err := url.PathUnescape(p); err == nil {
			p = u
		}
	}
	if t, ok := l.res.resolve(p, q); ok {
		return relative(from.File, t.File) + frag, true, t
	}
	dyn := p
	if q != "" {
		dyn += "?" + q
	}
	return l.dynamic + dyn + frag, false, target{}
}

// rewriteXML rewrites a feed or a sitemap. Sitemap parts live at /sitemap.xml?part=… on the
// dynamic site, which a static server cannot tell apart, so the index names their files
// instead; every other address stays the page's canonical address (a web server finds its
// index.html). found is called with the exported addresses a sitemap lists.
func (l *linker) rewriteXML(body []byte, found func(target)) []byte {
	var out []byte
	last, i := 0, 0
	for {
		k := bytes.Index(body[i:], []byte("<loc>"))
		if k < 0 {
			break
		}
		start := i + k + len("<loc>")
		end := bytes.Index(body[start:], []byte("</loc>"))
		if end < 0 {
			break
		}
		end += start
		i = end
		loc := strings.ReplaceAll(string(body[start:end]), "&amp;", "&")
		rest, ok := strings.CutPrefix(loc, l.base)
		if !ok || rest == "" || rest[0] != '/' {
			continue
		}
		p, q, _ := strings.Cut(rest, "?")
		t, ok := l.res.resolve(p, q)
		if !ok {
			continue
		}
		if found != nil {
			found(t)
		}
		if t.Kind != kindSitemapPart && t.Kind != kindSitemapIndex {
			continue
		}
		if out == nil {
			out = make([]byte, 0, len(body))
		}
		out = append(out, body[last:start]...)
		var esc bytes.Buffer
		xml.EscapeText(&esc, []byte(l.base+"/"+t.File))
		out = append(out, esc.Bytes()...)
		last = end
	}
	if out != nil {
		body = append(out, body[last:]...)
	}
	if l.placeholder {
		body = bytes.ReplaceAll(body, []byte(l.base), nil)
	}
	return body
}
