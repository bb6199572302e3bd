package web

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// pageCache keeps rendered public pages in memory. Entries belong to a content version: when
// any instance publishes, withdraws or changes public content it advances the version in the
// store, and every instance sees that within checkEvery and starts afresh.
type pageCache struct {
	version    func(ctx context.Context) (int64, error)
	checkEvery time.Duration
	maxEntries int

	mu      sync.RWMutex
	current int64
	checked time.Time
	pages   map[string]*cachedPage
}

// cachedPage is a complete response, with its gzip form made once.
type cachedPage struct {
	status int
	header http.Header // complete for the plain body
	gzHead http.Header // complete for the gzip body
	body   []byte
	gz     []byte
	etag   string
	rm     *routeMetrics // the metrics of the route that made it, counted on every hit
}

func newPageCache(version func(context.Context) (int64, error)) *pageCache {
	return &pageCache{version: version, checkEvery: time.Second, maxEntries: 20000, pages: map[string]*cachedPage{}}
}

// refresh drops everything when the content version moved; at most once per checkEvery.
func (c *pageCache) refresh(ctx context.Context) {
	c.mu.RLock()
	fresh := time.Since(c.checked) < c.checkEvery
	c.mu.RUnlock()
	if fresh {
		return
	}
	v, err := c.version(ctx)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.checked = time.Now()
	if err != nil || v != c.current {
		c.current = v
		c.pages = map[string]*cachedPage{}
	}
}

// Invalidate drops every page at once (this instance changed content).
func (c *pageCache) Invalidate() {
	c.mu.Lock()
	c.pages = map[string]*cachedPage{}
	c.checked = time.Time{}
	c.mu.Unlock()
}

func (c *pageCache) get(key string) *cachedPage {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.pages[key]
}

func (c *pageCache) put(key string, p *cachedPage) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.pages) >= c.maxEntries {
		c.pages = map[string]*cachedPage{} // crude but bounded; a full site fits many times over
	}
	c.pages[key] = p
}

// recorder captures a response for the cache.
type recorder struct {
	header http.Header
	status int
	buf    bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }
func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
}
func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.buf.Write(b)
}

func compressible(ctype string) bool {
	return strings.HasPrefix(ctype, "text/") || strings.Contains(ctype, "json") || strings.Contains(ctype, "xml") || strings.Contains(ctype, "javascript")
}

// makeCached turns a recorded response into a cache entry with an ETag and a gzip form, and
// prepares both header sets once, so that a hit only copies slices.
func makeCached(rec *recorder) *cachedPage {
	sum := sha256.Sum256(rec.buf.Bytes())
	p := &cachedPage{status: rec.status, body: rec.buf.Bytes(), etag: `"` + hex.EncodeToString(sum[:12]) + `"`}
	if compressible(rec.header.Get("Content-Type")) && len(p.body) > 512 {
		var gz bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
		zw.Write(p.body)
		zw.Close()
		p.gz = gz.Bytes()
	}
	base := rec.header.Clone()
	base["Etag"] = []string{p.etag}
	if base.Get("Cache-Control") == "" {
		base["Cache-Control"] = []string{"public, max-age=60"}
	}
	base["Vary"] = append(base["Vary"], "Accept-Encoding, Cookie")
	p.header = base.Clone()
	p.header["Content-Length"] = []string{strconv.Itoa(len(p.body))}
	if p.gz != nil {
		p.gzHead = base.Clone()
		p.gzHead["Content-Encoding"] = []string{"gzip"}
		p.gzHead["Content-Length"] = []string{strconv.Itoa(len(p.gz))}
	}
	return p
}

func acceptsGzip(r *http.Request) bool {
	ae := r.Header.Get("Accept-Encoding")
	if ae == "" {
		return false
	}
	for part := range strings.SplitSeq(ae, ",") {
		coding, params, _ := strings.Cut(part, ";")
		if c := strings.TrimSpace(coding); c != "gzip" && c != "*" {
			continue
		}
		// "gzip;q=0" (or q=0.0…) refuses it; any other weight accepts it.
		q, ok := strings.CutPrefix(strings.TrimSpace(params), "q=")
		if !ok || strings.Trim(q, "0.") != "" {
			return true
		}
	}
	return false
}

// serve writes a cached page, answering 304 when the client has it, and says which.
func (p *cachedPage) serve(w http.ResponseWriter, r *http.Request) int {
	h := w.Header()
	head, body := p.header, p.body
	if p.gz != nil && acceptsGzip(r) {
		head, body = p.gzHead, p.gz
	}
	for k, v := range head {
		h[k] = v
	}
	if match := r.Header.Get("If-None-Match"); match != "" && (match == p.etag || strings.Contains(match, p.etag)) {
		delete(h, "Content-Length")
		delete(h, "Content-Encoding")
		w.WriteHeader(http.StatusNotModified)
		return http.StatusNotModified
	}
	w.WriteHeader(p.status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
	return p.status
}

// cached serves anonymous GETs of public pages from the cache. Signed-in staff and non-200
// answers are never cached. The key is the path and the query parameters the route reads
// (Route.Query, and a known flash code), in a canonical order; other parameters are removed
// from the request before the handler sees it, so that no page can depend on them and
// ?x=random cannot fill the cache with copies of one page. Request headers never enter the
// key (beyond the large-text choice): nothing a client sends can change a page for others.
func (s *Server) cached(rt Route, rm *routeMetrics, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if (r.Method != http.MethodGet && r.Method != http.MethodHead) || principalOf(r) != nil {
			next.ServeHTTP(w, r)
			return
		}
		if r.URL.RawQuery != "" {
			u := *r.URL
			u.RawQuery = canonicalQuery(u.Query(), rt.Query)
			r = r.WithContext(r.Context())
			r.URL = &u
		}
		s.cache.refresh(r.Context())
		key := r.URL.RequestURI()
		if r.Header.Get("Cookie") != "" && largeText(r) {
			key = "large|" + key
		}
		if p := s.cache.get(key); p != nil {
			p.serve(w, r)
			return
		}
		rec := &recorder{header: http.Header{}}
		next.ServeHTTP(rec, r)
		if rec.status != http.StatusOK || rec.header.Get("Set-Cookie") != "" || strings.Contains(rec.header.Get("Cache-Control"), "no-store") {
			// Not for the cache: passed on as it is, without the ETag and gzip work a cache
			// entry gets (under load, most of these are 503s).
			rec.writeTo(w, r)
			return
		}
		p := makeCached(rec)
		p.rm = rm
		s.cache.put(key, p)
		p.serve(w, r)
	})
}

// writeTo sends a recorded response unchanged.
func (r *recorder) writeTo(w http.ResponseWriter, req *http.Request) {
	h := w.Header()
	for k, v := range r.header {
		h[k] = v
	}
	w.WriteHeader(cmp.Or(r.status, http.StatusOK))
	if req.Method != http.MethodHead {
		w.Write(r.buf.Bytes())
	}
}

// canonicalQuery keeps the first non-empty value of each parameter in allowed, and msg when
// it names a flash message, encoded in sorted order.
func canonicalQuery(q url.Values, allowed []string) string {
	out := url.Values{}
	for _, k := range allowed {
		if v := q.Get(k); v != "" {
			out.Set(k, v)
		}
	}
	if m := q.Get("msg"); flashText(m) != "" {
		out.Set("msg", m)
	}
	return out.Encode()
}
