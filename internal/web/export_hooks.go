package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
)

// The hooks in this file let gongkai export-site (internal/export) write the public site as
// static files with the very handlers and templates that serve it, so that a static page is
// byte for byte the page a visitor would get, links aside.

// ExportPage is a public page rendered in-process.
type ExportPage struct {
	Status int
	Header http.Header
	Body   []byte
}

// Exporter renders public pages without the network: the route handlers only, without the
// page cache (whose gzip forms would cost more than the render), metrics, request logging,
// sessions or cross-origin checks, which all concern a live request.
type Exporter struct {
	s    *Server
	mux  *http.ServeMux
	base string // the site's address in feeds and sitemaps
}

// Exporter returns the in-process renderer. host stands in for the request's Host where the
// site's address is needed (feeds and sitemaps) and no base URL is configured.
func (s *Server) Exporter(host string) *Exporter {
	mux := http.NewServeMux()
	for _, rt := range s.routes {
		if !rt.Exported {
			continue
		}
		mux.Handle("GET "+rt.Pattern, s.guard(rt))
	}
	mux.HandleFunc("/", s.notFound)
	base := strings.TrimRight(s.app.Cfg.BaseURL, "/")
	if base == "" {
		base = "http://" + host
	}
	return &Exporter{s: s, mux: mux, base: base}
}

// ExportRoutes lists the patterns of the Exported routes, which the export must cover, so
// that a test fails when a public page type is added and the export does not know it.
func (s *Server) ExportRoutes() []string {
	var out []string
	for _, rt := range s.routes {
		if rt.Exported {
			out = append(out, rt.Pattern)
		}
	}
	return out
}

// Render answers GET target (a path with an optional query) as an anonymous visitor. A
// handler's panic becomes an error rather than ending the export.
func (e *Exporter) Render(ctx context.Context, target string) (page ExportPage, err error) {
	u, err := url.ParseRequestURI(target)
	if err != nil {
		return page, fmt.Errorf("export: bad address %q: %w", target, err)
	}
	r := e.request(ctx, u, target)
	rec := &recorder{header: http.Header{}}
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("export: rendering %s: panic: %v", target, v)
		}
	}()
	e.mux.ServeHTTP(rec, r)
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	return ExportPage{Status: rec.status, Header: rec.header, Body: rec.buf.Bytes()}, nil
}

// request is the anonymous GET of target (u parsed) that Render answers.
func (e *Exporter) request(ctx context.Context, u *url.URL, target string) *http.Request {
	return (&http.Request{Method: http.MethodGet, URL: u, RequestURI: target, Host: hostOf(e.base), Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{}}).WithContext(context.WithValue(ctx, keyExportBase, e.base))
}

func hostOf(base string) string {
	if u, err := url.Parse(base); err == nil {
		return u.Host
	}
	return ""
}

// StaticAssets lists the addresses of the static files (/static/assets/NAME with the
// checksummed name that pages link to).
func (e *Exporter) StaticAssets() []string {
	out := make([]string, 0, len(e.s.pages.static))
	for name := range e.s.pages.static {
		out = append(out, "/static/assets/"+name)
	}
	sort.Strings(out)
	return out
}

// TemplatesFingerprint hashes the embedded templates and static files: pages rendered by
// another build of gongkai may differ, so an export made by one must not be trusted by the
// next without re-rendering. They are embedded, so the hash is taken once per process.
func TemplatesFingerprint() (string, error) { return templatesFingerprint() }

var templatesFingerprint = sync.OnceValues(func() (string, error) {
	h := sha256.New()
	err := fs.WalkDir(assets, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := assets.ReadFile(p)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s %d\n", p, len(b))
		h.Write(b)
		return nil
	})
	return hex.EncodeToString(h.Sum(nil)[:16]), err
})

// SitemapChunkSize is how many records one records sitemap lists: the export edits the last
// part in place only while it stays within this.
func SitemapChunkSize() int { return sitemapChunk }
