package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	dto "github.com/prometheus/client_model/go"

	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestCacheHitAnswersLikeTheChain: an anonymous hit answered before the middleware chain
// carries exactly the headers the chain gives (security headers, a fresh request id, the
// cached page's own), revalidates with 304, is counted under its route, and is never given
// to a request with a cookie or a token, nor to an unclean path.
func TestCacheHitAnswersLikeTheChain(t *testing.T) {
	storetest.Each(t, testCacheHitAnswersLikeTheChain)
}

func testCacheHitAnswersLikeTheChain(t *testing.T, st *store.Store) {
	s, pw := demoServer(t, st)
	first := call(s, "GET", "/610112/", "", nil) // a miss: the full chain renders and stores it
	hit := call(s, "GET", "/610112/", "", nil)
	if first.Code != 200 || hit.Code != 200 || hit.Body.String() != first.Body.String() {
		t.Fatalf("miss %d, hit %d, same body %v", first.Code, hit.Code, hit.Body.String() == first.Body.String())
	}
	for k := range first.Header() {
		if k == "X-Request-Id" || k == "Date" {
			continue
		}
		if got, want := strings.Join(hit.Header()[k], "|"), strings.Join(first.Header()[k], "|"); got != want {
			t.Errorf("header %s: hit %q, chain %q", k, got, want)
		}
	}
	for _, k := range []string{"Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy", "Etag", "Vary"} {
		if hit.Header().Get(k) == "" {
			t.Errorf("the hit lacks %s", k)
		}
	}
	if a, b := first.Header().Get("X-Request-Id"), hit.Header().Get("X-Request-Id"); a == "" || b == "" || a == b {
		t.Errorf("request ids %q and %q", a, b)
	}
	if n := counted(s, "GET /{unit}/{$}", "200"); n != 2 {
		t.Errorf("the route counted %v requests, want 2", n)
	}

	req := httptest.NewRequest("GET", "/610112/", nil)
	req.Header.Set("If-None-Match", hit.Header().Get("Etag"))
	rec := serve(s, req)
	if rec.Code != 304 || rec.Body.Len() != 0 || rec.Header().Get("Content-Security-Policy") == "" {
		t.Fatalf("revalidation: %d, %d bytes", rec.Code, rec.Body.Len())
	}
	if n := counted(s, "GET /{unit}/{$}", "304"); n != 1 {
		t.Errorf("304s counted %v, want 1", n)
	}
	req = httptest.NewRequest("HEAD", "/610112/", nil)
	if rec = serve(s, req); rec.Code != 200 || rec.Body.Len() != 0 {
		t.Fatalf("HEAD: %d, %d bytes", rec.Code, rec.Body.Len())
	}

	// Signed in: the staff's own answer, never the cached one.
	login := call(s, "POST", "/login", "", strings.NewReader(url.Values{"login": {"editor@610112"}, "password": {pw["editor@610112"]}}.Encode()))
	cookie := strings.SplitN(login.Header().Get("Set-Cookie"), ";", 2)[0]
	if login.Code != 303 || cookie == "" {
		t.Fatalf("sign in: %d", login.Code)
	}
	rec = call(s, "GET", "/610112/", cookie, nil)
	if rec.Code != 200 || rec.Header().Get("Etag") != "" || !strings.Contains(rec.Header().Get("Cache-Control"), "no-store") {
		t.Fatalf("staff got %d %v", rec.Code, rec.Header())
	}
	// A bad token is refused, not answered from the cache.
	req = httptest.NewRequest("GET", "/610112/", nil)
	req.Header.Set("Authorization", "Bearer nonsense")
	if rec = serve(s, req); rec.Code != 401 {
		t.Fatalf("bad token: %d", rec.Code)
	}
	// An unclean path is redirected by the router as before.
	if rec = call(s, "GET", "/610112/./", "", nil); rec.Code/100 != 3 {
		t.Fatalf("unclean path: %d", rec.Code)
	}
}

func serve(s *Server, req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	return rec
}

// counted reads the request counter of a route and status.
func counted(s *Server, route, code string) float64 {
	var m dto.Metric
	if err := s.metrics.requests.WithLabelValues(route, code).Write(&m); err != nil {
		return -1
	}
	return m.GetCounter().GetValue()
}
