// Package leakcheck is the no-leak crawler the web and export tests share:
// unique markers to plant in content that must stay private, a search for
// them (and for the content hashes of private files) in whatever a visitor
// can get, inside workbooks and documents too, the link extraction, and a
// breadth-first crawl over any site that answers addresses.
//
// It is not a test package so that both test suites can import it; nothing
// outside tests uses it.
package leakcheck

import (
	"bytes"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strings"

	"gongkai/internal/ooxml"
)

// Marks hands out unique markers, LEAKMARK001X, LEAKMARK002X …, and keeps
// the list of those handed out.
type Marks struct{ list []string }

// New returns a new marker.
func (m *Marks) New() string {
	s := fmt.Sprintf("LEAKMARK%03dX", len(m.list)+1)
	m.list = append(m.list, s)
	return s
}

// List returns the markers handed out so far.
func (m *Marks) List() []string { return append([]string(nil), m.list...) }

// Secrets is what must not reach a visitor: markers planted in private
// content and the content hashes of private files (a hash names its file, so
// linking it is a leak).
type Secrets struct {
	Markers []string
	Hashes  []string
}

// Find returns the markers and hashes in body, which was answered at addr.
// The parts of an Office file (XLSX, DOCX) are searched decompressed. A
// hash that addr itself holds is not counted: a page asked for by an
// address naming a file may repeat its address.
func (s Secrets) Find(addr string, body []byte) []string {
	texts := [][]byte{body}
	if bytes.HasPrefix(body, []byte("PK\x03\x04")) {
		texts = append(texts, parts(body)...)
	}
	var found []string
	in := func(needle string) bool {
		for _, t := range texts {
			if bytes.Contains(t, []byte(needle)) {
				return true
			}
		}
		return false
	}
	for _, m := range s.Markers {
		if in(m) {
			found = append(found, m)
		}
	}
	for _, h := range s.Hashes {
		if (addr == "" || !strings.Contains(addr, h)) && in(h) {
			found = append(found, h)
		}
	}
	return found
}

// parts returns the decompressed parts of a zip container, within the
// bounds an upload has: a container the guard refuses is searched as it is.
func parts(data []byte) [][]byte {
	zr, err := ooxml.Open(data, ooxml.Limits{MaxFileSize: 64 << 20, MaxEntries: 4000, MaxUncompressed: 256 << 20, MaxRatio: 1000})
	if err != nil {
		return nil
	}
	var out [][]byte
	for _, f := range zr.File {
		if b, err := ooxml.ReadPart(f, 256<<20, nil); err == nil {
			out = append(out, b)
		}
	}
	return out
}

var linkRe = regexp.MustCompile(`(?:href|src|action)="([^"]+)"|<loc>([^<]+)</loc>`)

// Links returns the targets of the href, src and action attributes of a page
// and the <loc> addresses of a sitemap, with &amp; decoded.
func Links(body []byte) []string {
	var out []string
	for _, m := range linkRe.FindAllSubmatch(body, -1) {
		out = append(out, strings.ReplaceAll(string(m[1])+string(m[2]), "&amp;", "&"))
	}
	return out
}

// IsPage reports whether a body is one whose links a crawl follows: an HTML
// page, a sitemap or a feed.
func IsPage(body []byte) bool {
	for _, s := range []string{"<html", "<urlset", "<sitemapindex", "<feed"} {
		if bytes.Contains(body, []byte(s)) {
			return true
		}
	}
	return false
}

// Crawl visits addresses breadth first, each once: Check sees every answer,
// and the links of every page answered 200 that Follow accepts are visited
// in turn, up to Max addresses.
type Crawl struct {
	// Get answers an address with a status and a body.
	Get func(addr string) (status int, body []byte)
	// Follow turns a link found on the page at from into the address to
	// visit; false: not followed.
	Follow func(from, link string) (string, bool)
	// Check is shown every answer.
	Check func(addr string, status int, body []byte)
	// Max bounds the addresses visited (default 20,000).
	Max int

	seen  map[string]bool
	queue []string
}

// Add queues an address, unless it was seen already.
func (c *Crawl) Add(addr string) {
	if c.seen == nil {
		c.seen = map[string]bool{}
	}
	if !c.seen[addr] {
		c.seen[addr] = true
		c.queue = append(c.queue, addr)
	}
}

// Run crawls from the queued addresses and returns how many were visited.
func (c *Crawl) Run() int {
	limit := c.Max
	if limit <= 0 {
		limit = 20000
	}
	for len(c.queue) > 0 && len(c.seen) < limit {
		addr := c.queue[0]
		c.queue = c.queue[1:]
		status, body := c.Get(addr)
		c.Check(addr, status, body)
		if status != 200 || !IsPage(body) {
			continue
		}
		for _, l := range Links(body) {
			if next, ok := c.Follow(addr, l); ok {
				c.Add(next)
			}
		}
	}
	return len(c.seen)
}

// SameSite is a Follow for a site served at base (e.g. a test server's
// URL): a link to a path of the site, absolute or with base in front, is
// followed, unless its path starts with one of the skipped prefixes.
func SameSite(base string, skip ...string) func(from, link string) (string, bool) {
	return func(_, link string) (string, bool) {
		u, err := url.Parse(strings.TrimPrefix(link, base))
		if err != nil || u.IsAbs() || !strings.HasPrefix(u.Path, "/") {
			return "", false
		}
		for _, p := range skip {
			if strings.HasPrefix(u.Path, p) {
				return "", false
			}
		}
		return u.RequestURI(), true
	}
}

// ReadAll reads a body, at most 32 MiB.
func ReadAll(r io.Reader) []byte {
	b, _ := io.ReadAll(io.LimitReader(r, 32<<20))
	return b
}
