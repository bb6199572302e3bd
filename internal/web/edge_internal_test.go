package web

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"gongkai/internal/app"
	"gongkai/internal/auth"
	"gongkai/internal/config"
	"gongkai/internal/demo"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// demoServer is a server over the demo dataset, with its accounts' passwords.
func demoServer(t *testing.T, st *store.Store, opts ...func(*config.Config)) (*Server, map[string]string) {
	t.Helper()
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	for _, o := range opts {
		o(&cfg)
	}
	a := app.New(st, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	a.Hash = auth.TestParams
	accs, ok, err := demo.Fill(context.Background(), a)
	if err != nil || !ok {
		t.Fatalf("demo: %v %v", ok, err)
	}
	s, err := New(a)
	if err != nil {
		t.Fatal(err)
	}
	pw := map[string]string{}
	for _, acc := range accs {
		pw[acc.Login] = acc.Password
	}
	return s, pw
}

func call(s *Server, method, target, cookie string, body io.Reader) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, body)
	if body != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if cookie != "" {
		req.Header.Set("Cookie", cookie)
	}
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	return rec
}

// TestUnknownParametersShareOneCacheEntry: query parameters a route does not read neither
// render a page again nor store one more copy of it.
func TestUnknownParametersShareOneCacheEntry(t *testing.T) {
	storetest.Each(t, testUnknownParametersShareOneCacheEntry)
}

func testUnknownParametersShareOneCacheEntry(t *testing.T, st *store.Store) {
	s, _ := demoServer(t, st)
	for i := range 30 {
		if rec := call(s, "GET", "/610112/?x="+strconv.Itoa(i), "", nil); rec.Code != 200 {
			t.Fatalf("?x=%d: %d", i, rec.Code)
		}
		call(s, "GET", "/search?q=%E4%BD%8E%E4%BF%9D&r="+strconv.Itoa(i), "", nil)
	}
	n := 0
	s.cache.mu.RLock()
	for k := range s.cache.pages {
		if strings.HasPrefix(k, "/610112/") || strings.HasPrefix(k, "/search") {
			n++
		}
	}
	s.cache.mu.RUnlock()
	if n != 2 {
		t.Fatalf("%d cache entries for two pages", n)
	}
}

// TestLoadShedding: when the anonymous share of expensive work is taken, searches and
// uncached pages are answered 503 with Retry-After at once, while cached pages, /healthz and
// signed-in staff (with their reserved share) are still served; static exports are never shed.
func TestLoadShedding(t *testing.T) { storetest.Each(t, testLoadShedding) }

func testLoadShedding(t *testing.T, st *store.Store) {
	s, pw := demoServer(t, st, func(c *config.Config) { c.MaxBusy, c.MaxBusyStaff = 2, 1 })
	if rec := call(s, "GET", "/610112/", "", nil); rec.Code != 200 {
		t.Fatalf("warm the cache: %d", rec.Code)
	}
	rec := call(s, "POST", "/login", "", strings.NewReader(url.Values{"login": {"editor@610112"}, "password": {pw["editor@610112"]}}.Encode()))
	cookie := strings.SplitN(rec.Header().Get("Set-Cookie"), ";", 2)[0]
	if rec.Code != 303 || cookie == "" {
		t.Fatalf("sign in: %d", rec.Code)
	}
	fill := func(p *pool) func() {
		p.maxQueue = 0 // shed at once: the test does not wait for the queue's timer
		for range cap(p.slots) {
			p.slots <- struct{}{}
		}
		return func() {
			for range cap(p.slots) {
				p.release()
			}
		}
	}
	releasePublic := fill(s.public)
	for _, tc := range []struct {
		target, cookie string
		code           int
	}{
		{"/search?q=%E4%BD%8E%E4%BF%9D", "", 503},
		{"/api/v1/search?q=%E4%BD%8E%E4%BF%9D", "", 503},
		{"/610111/", "", 503}, // not cached yet
		{"/610112/", "", 200}, // cached
		{"/healthz", "", 200},
		{"/search?q=%E4%BD%8E%E4%BF%9D", cookie, 200},
		{"/admin/orgs/610112/records", cookie, 200},
	} {
		rec := call(s, "GET", tc.target, tc.cookie, nil)
		if rec.Code != tc.code {
			t.Errorf("%s (staff: %v): %d, want %d", tc.target, tc.cookie != "", rec.Code, tc.code)
		}
		if tc.code == 503 && (rec.Header().Get("Retry-After") == "" || !strings.Contains(rec.Body.String(), "服务器正忙")) {
			t.Errorf("%s: 503 without Retry-After or message: %v", tc.target, rec.Header())
		}
	}
	if page, err := s.Exporter("gk.example").Render(context.Background(), "/610111/"); err != nil || page.Status != 200 {
		t.Errorf("export while busy: %d %v", page.Status, err)
	}
	releaseStaff := fill(s.staff)
	if rec := call(s, "GET", "/admin/orgs/610112/records", cookie, nil); rec.Code != 503 {
		t.Errorf("staff over their share: %d", rec.Code)
	}
	if rec := call(s, "GET", "/healthz", "", nil); rec.Code != 200 {
		t.Errorf("healthz with every share taken: %d", rec.Code)
	}
	releaseStaff()
	releasePublic()
	if rec := call(s, "GET", "/search?q=%E4%BD%8E%E4%BF%9D", "", nil); rec.Code != 200 {
		t.Errorf("search after the load: %d", rec.Code)
	}
	if got := testMetric(t, s, "gongkai_http_shed_total"); got != "4" {
		t.Errorf("shed counter: %q", got)
	}
}

func testMetric(t *testing.T, s *Server, name string) string {
	t.Helper()
	rec := httptest.NewRecorder()
	s.metrics.handler.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	for _, line := range strings.Split(rec.Body.String(), "\n") {
		if v, ok := strings.CutPrefix(line, name+" "); ok {
			return v
		}
	}
	return ""
}

// TestClientIP: the right-most X-Forwarded-For hop not added by a trusted proxy, only behind
// --trust-proxy.
func TestClientIP(t *testing.T) {
	for _, tc := range []struct {
		trust   bool
		proxies string
		remote  string
		xff     []string
		want    string
	}{
		{false, "", "192.0.2.1:1234", []string{"203.0.113.5"}, "192.0.2.1"},
		{true, "", "192.0.2.1:1234", nil, "192.0.2.1"},
		{true, "", "192.0.2.1:1234", []string{"1.1.1.1, 203.0.113.5"}, "203.0.113.5"},
		{true, "", "192.0.2.1:1234", []string{"1.1.1.1", "203.0.113.5"}, "203.0.113.5"},
		{true, "10.0.0.0/8", "192.0.2.1:1234", []string{"1.1.1.1, 203.0.113.5, 10.1.2.3"}, "203.0.113.5"},
		{true, "10.0.0.0/8", "192.0.2.1:1234", []string{"10.0.0.9, 10.1.2.3"}, "10.0.0.9"},
		{true, "", "192.0.2.1:1234", []string{"203.0.113.5, garbage"}, "192.0.2.1"},
		{true, "", "192.0.2.1:1234", []string{"[2001:db8::1]:443"}, "2001:db8::1"},
		{true, "", "[::ffff:192.0.2.9]:80", nil, "192.0.2.9"},
	} {
		cfg := config.Default()
		cfg.TrustProxy = tc.trust
		cfg.TrustedProxies, _ = config.Prefixes("trusted-proxies", tc.proxies)
		s := &Server{app: &app.App{Cfg: cfg}}
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = tc.remote
		for _, h := range tc.xff {
			r.Header.Add("X-Forwarded-For", h)
		}
		if got := s.clientIP(r); got != tc.want {
			t.Errorf("%+v: %s", tc, got)
		}
	}
}
