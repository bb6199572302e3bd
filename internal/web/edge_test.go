package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"gongkai/internal/audit"
	"gongkai/internal/config"
	"gongkai/internal/record"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// repeatReader yields n bytes of 'x' without holding them in memory.
type repeatReader struct{ n int64 }

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.n <= 0 {
		return 0, io.EOF
	}
	m := min(int64(len(p)), r.n)
	for i := range p[:m] {
		p[i] = 'x'
	}
	r.n -= m
	return int(m), nil
}

// multipartBody is a multipart form with the given fields and one file of size bytes,
// streamed.
func multipartBody(fields map[string]string, file string, size int64) (io.Reader, string) {
	var head bytes.Buffer
	mw := multipart.NewWriter(&head)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	mw.CreateFormFile("file", file)
	boundary := mw.Boundary()
	tail := "\r\n--" + boundary + "--\r\n"
	return io.MultiReader(bytes.NewReader(head.Bytes()), &repeatReader{n: size}, strings.NewReader(tail)), mw.FormDataContentType()
}

// sessionCookie signs in as login and returns the session cookie, for requests sent to the
// handler directly.
func sessionCookie(t *testing.T, e *env, login string) string {
	t.Helper()
	c := e.client(login)
	u, _ := url.Parse(e.ts.URL)
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == "gongkai_session" {
			return ck.Name + "=" + ck.Value
		}
	}
	t.Fatal("no session cookie")
	return ""
}

// serve sends a request straight to the handler, without the net/http server around it,
// which (for the original request only) removes multipart temporary files by itself.
func serve(e *env, method, target string, body io.Reader, ctype, cookie string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, body)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if cookie != "" {
		req.Header.Set("Cookie", cookie)
	}
	rec := httptest.NewRecorder()
	e.srv.ServeHTTP(rec, req)
	return rec
}

func tempFiles(t *testing.T, dir string) []string {
	t.Helper()
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, de := range des {
		out = append(out, de.Name())
	}
	return out
}

// TestUploadsBoundedAndCleaned: a large multipart POST to a form that expects no file is
// refused before it is read (it used to leave its temporary file behind for good), every
// such route refuses multipart, bodies are bounded per route, and the upload routes remove
// their temporary files whatever the outcome.
func TestUploadsBoundedAndCleaned(t *testing.T) { storetest.Each(t, testUploadsBoundedAndCleaned) }

func testUploadsBoundedAndCleaned(t *testing.T, s *store.Store) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	e := newEnv(t, s)

	// 40 MB to the sign-in form: more than net/http keeps in memory (32 MB).
	body, ct := multipartBody(map[string]string{"login": "nobody", "password": "x"}, "big.bin", 40<<20)
	rec := serve(e, "POST", "/login", body, ct, "")
	if rec.Code != http.StatusUnsupportedMediaType || !strings.Contains(rec.Body.String(), "不接受文件上传") {
		t.Errorf("multipart sign-in: %d", rec.Code)
	}
	if left := tempFiles(t, tmp); len(left) > 0 {
		t.Fatalf("temporary files left by a sign-in POST: %v", left)
	}
	// Every POST route that takes no file refuses multipart, signed in or not.
	staff := sessionCookie(t, e, "admin@610112")
	files := 0
	for _, rt := range e.srv.Routes() {
		if rt.Method != "POST" {
			continue
		}
		if rt.Files {
			files++
			continue
		}
		path := strings.NewReplacer("{org}", "610112", "{id}", "1", "{domain}", "shjz", "{n}", "1", "{pos}", "0", "{version}", "1",
			"{day}", "2026-01-01", "{action}", "submit", "{$}", "").Replace(rt.Pattern)
		for _, cookie := range []string{"", staff} {
			body, ct := multipartBody(map[string]string{"x": "1"}, "a.txt", 10)
			if rec := serve(e, "POST", path, body, ct, cookie); rec.Code != http.StatusUnsupportedMediaType {
				t.Errorf("multipart POST %s (signed in: %v): %d", path, cookie != "", rec.Code)
			}
		}
	}
	if files != 14 {
		t.Errorf("%d upload routes, want 14 (workbook, attachments, calendar, campaign units, Word import for a new and an existing record, an image of the 正文, submission, request reply, a posting's photo, marks and objections from the pages and the API)", files)
	}
	// Bodies are bounded before they are parsed: a public form takes 16 KiB by default.
	form := url.Values{"subject_type": {"catalog"}, "subject_id": {"1"}, "value": {"1"}, "reason": {strings.Repeat("长", 20000)}}
	if rec := serve(e, "POST", "/ratings", strings.NewReader(form.Encode()), "application/x-www-form-urlencoded", ""); rec.Code != http.StatusRequestEntityTooLarge ||
		!strings.Contains(rec.Body.String(), "最多接受 16 KB") {
		t.Errorf("large rating: %d", rec.Code)
	}

	// Uploads: a file larger than what is kept in memory goes to a temporary file, which is
	// gone after the request, on success and on failure alike.
	ctx := context.Background()
	u, _ := e.store.OrgByCode(ctx, "610112")
	items, err := e.store.Records(ctx, store.RecordQuery{UnitID: u.ID, States: []record.State{record.StateDraft}, Limit: 10})
	if err != nil || len(items) == 0 {
		t.Fatalf("a draft of 610112: %v", err)
	}
	editor := sessionCookie(t, e, "editor@610112")
	for _, tc := range []struct {
		path string
		size int64
	}{
		{fmt.Sprintf("/admin/orgs/610112/records/%d/attachments", items[0].ID), 3 << 20}, // not a valid document: refused by the checks
		{"/admin/orgs/610112/records/999999/attachments", 3 << 20},                       // no such record
		{"/admin/orgs/610112/catalogs/shjz/import", 3 << 20},                             // not a workbook
		{"/admin/orgs/610112/catalogs/shjz/import", 11 << 20},                            // over the limit: 413
	} {
		body, ct := multipartBody(nil, "upload.pdf", tc.size)
		rec := serve(e, "POST", tc.path, body, ct, editor)
		if rec.Code < 400 || (tc.size > 10<<20) != (rec.Code == http.StatusRequestEntityTooLarge) {
			t.Errorf("upload %s (%d bytes): %d", tc.path, tc.size, rec.Code)
		}
		if left := tempFiles(t, tmp); len(left) > 0 {
			t.Fatalf("temporary files left by %s: %v", tc.path, left)
		}
	}
}

// TestLocalReturnAddresses: back= and next= stay on this site, whatever a browser would strip.
func TestLocalReturnAddresses(t *testing.T) { storetest.Each(t, testLocalReturnAddresses) }

func testLocalReturnAddresses(t *testing.T, s *store.Store) {
	e := newEnv(t, s)
	c := e.client("")
	for _, tc := range []struct{ back, want string }{
		{"/610112/", "/610112/"},
		{"/search?q=%E4%BD%8E%E4%BF%9D#top", "/search?q=%E4%BD%8E%E4%BF%9D#top"},
		{"//evil.example/", "/"},
		{"/\t/evil.example/", "/"},
		{"/\n/evil.example/", "/"},
		{"/\r/evil.example/", "/"},
		{"\t//evil.example/", "/"},
		{"/\\evil.example/", "/"},
		{"/a\\..\\..\\/evil.example/", "/"},
		{"https://evil.example/", "/"},
		{"/\x7f/evil.example/", "/"},
		{"", "/"},
	} {
		resp, err := c.Get(e.ts.URL + "/settings/text?size=large&back=" + url.QueryEscape(tc.back))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("Location"); resp.StatusCode != 303 || got != tc.want {
			t.Errorf("back=%q: %d Location %q, want %q", tc.back, resp.StatusCode, got, tc.want)
		}
	}
	// Sign-in, with the same check.
	acc := e.accounts["editor@610112"]
	for _, next := range []string{"/\t/evil.example/", "/\\evil.example"} {
		resp, err := e.client("").PostForm(e.ts.URL+"/login", url.Values{"login": {acc.Login}, "password": {acc.Password}, "next": {next}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("Location"); resp.StatusCode != 303 || got != "/admin/" {
			t.Errorf("sign-in next=%q: %d Location %q", next, resp.StatusCode, got)
		}
	}
}

// TestHostHeaderNotInLinks: a forged Host (or X-Forwarded-*) never reaches the feeds and
// sitemaps, which are cached for everyone.
func TestHostHeaderNotInLinks(t *testing.T) { storetest.Each(t, testHostHeaderNotInLinks) }

func testHostHeaderNotInLinks(t *testing.T, s *store.Store) {
	for _, base := range []string{"", "https://gk.example.gov.cn"} {
		e := newEnv(t, storetest.OpenLike(t, s), func(c *config.Config) { c.BaseURL = base; c.TrustProxy = true })
		want := base
		if want == "" {
			want = "http://127.0.0.1:8080" // the listen address of config.Default
		}
		for _, path := range []string{"/feed.atom", "/610112/feed.atom", "/sitemap.xml", "/sitemap.xml?part=pages"} {
			req, _ := http.NewRequest("GET", e.ts.URL+path, nil)
			req.Host = "evil.example"
			req.Header.Set("X-Forwarded-Host", "evil2.example")
			req.Header.Set("X-Forwarded-Proto", "https")
			for range 2 { // the second answer comes from the cache
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 || strings.Contains(string(b), "evil") || !strings.Contains(string(b), want+"/") {
					t.Fatalf("base %q, %s with a forged Host: %d\n%.400s", base, path, resp.StatusCode, b)
				}
			}
		}
	}
}

// TestCacheKeyIgnoresUnknownParameters: ?x=random neither renders nor stores a page of its
// own, and parameters a route does not read never reach its page.
func TestCacheKeyIgnoresUnknownParameters(t *testing.T) {
	storetest.Each(t, testCacheKeyIgnoresUnknownParameters)
}

func testCacheKeyIgnoresUnknownParameters(t *testing.T, s *store.Store) {
	e := newEnv(t, s)
	c := e.client("")
	_, first := get(t, c, e.ts.URL+"/610112/")
	for i := range 5 {
		code, body := get(t, c, e.ts.URL+"/610112/?x="+strconv.Itoa(i)+"&utm_source=a")
		if code != 200 || body != first {
			t.Fatalf("?x=%d: %d, page differs", i, code)
		}
	}
	code, body := get(t, c, e.ts.URL+"/search?q="+url.QueryEscape("公示")+"&evil=INJECTED&page=2")
	if code != 200 || strings.Contains(body, "INJECTED") || !strings.Contains(body, "page=1") {
		t.Fatalf("search with an unknown parameter: %d", code)
	}
	// A record has one address: /records/0042 redirects to /records/42.
	ctx := context.Background()
	u, _ := e.store.OrgByCode(ctx, "610112")
	items, _ := e.store.Records(ctx, store.RecordQuery{UnitID: u.ID, Published: true, Limit: 1})
	resp, err := c.Get(e.ts.URL + "/610112/records/00" + strconv.FormatInt(items[0].ID, 10))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 301 || resp.Header.Get("Location") != "/610112/records/"+strconv.FormatInt(items[0].ID, 10) {
		t.Fatalf("leading zeros: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
}

// TestFlashMessagesAreCodes: ?msg= shows only the fixed text of a known code.
func TestFlashMessagesAreCodes(t *testing.T) { storetest.Each(t, testFlashMessagesAreCodes) }

func testFlashMessagesAreCodes(t *testing.T, s *store.Store) {
	e := newEnv(t, s)
	c := e.client("")
	forged := "本站已停止服务，请致电 400-000-0000"
	for _, path := range []string{"/610112/", "/610112/catalog/shjz/", "/login", "/search"} {
		if _, body := get(t, c, e.ts.URL+path+"?msg="+url.QueryEscape(forged)); strings.Contains(body, "400-000-0000") {
			t.Errorf("%s shows the text of ?msg=", path)
		}
	}
	if _, body := get(t, e.client("editor@610112"), e.ts.URL+"/admin/orgs/610112/records?msg="+url.QueryEscape(forged)); strings.Contains(body, "400-000-0000") {
		t.Error("a staff page shows the text of ?msg=")
	}
	if _, body := get(t, c, e.ts.URL+"/610112/?msg=rated"); !strings.Contains(body, "感谢您的评价") {
		t.Error("the text of a known code is not shown")
	}
}

// TestRatingsPerClientAddress: the limits count per client address, whatever User-Agent or
// forged X-Forwarded-For hops it sends; only an effective catalog or a published record can
// be rated.
func TestRatingsPerClientAddress(t *testing.T) { storetest.Each(t, testRatingsPerClientAddress) }

func testRatingsPerClientAddress(t *testing.T, s *store.Store) {
	e := newEnv(t, s, func(c *config.Config) {
		c.TrustProxy = true
		c.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}
		c.RatingsPerHour = 3
	})
	ctx := context.Background()
	catalogID := func(unit, domain string) int64 {
		u, _ := e.store.OrgByCode(ctx, unit)
		cs, err := e.store.CatalogsOf(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cs {
			if c.Domain == domain || domain == "" {
				return c.ID
			}
		}
		t.Fatalf("no catalog %s/%s", unit, domain)
		return 0
	}
	shjz, snbt := catalogID("610112", "shjz"), catalogID("610112", "snbt")
	rate := func(id int64, xff, ua string) (int, string) {
		req, _ := http.NewRequest("POST", e.ts.URL+"/ratings", strings.NewReader(url.Values{"subject_type": {"catalog"}, "subject_id": {strconv.FormatInt(id, 10)}, "value": {"1"}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-For", xff)
		req.Header.Set("User-Agent", ua)
		resp, err := e.client("").Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		loc, _ := url.Parse(resp.Header.Get("Location"))
		return resp.StatusCode, loc.Query().Get("msg")
	}
	for i, tc := range []struct {
		id       int64
		xff, ua  string
		code     int
		msg      string
		scenario string
	}{
		{shjz, "1.1.1.1, 203.0.113.9", "a", 303, "rated", "first rating"},
		{shjz, "2.2.2.2, 203.0.113.9", "b", 303, "rating-repeat", "forged first hop and another browser"},
		{shjz, "203.0.113.9, 10.0.0.5", "c", 303, "rating-repeat", "the same client through a further trusted proxy"},
		{shjz, "203.0.113.10", "a", 303, "rated", "another client"},
		{snbt, "203.0.113.10", "a", 303, "rated", "another page"},
		{catalogID("610323", ""), "203.0.113.10", "a", 404, "", "a catalog with a draft only"},
		{catalogID("610000", "shjz"), "203.0.113.10", "a", 404, "", "the province's template"},
	} {
		code, msg := rate(tc.id, tc.xff, tc.ua)
		if code != tc.code || msg != tc.msg {
			t.Errorf("%d %s: %d %q, want %d %q", i, tc.scenario, code, msg, tc.code, tc.msg)
		}
	}
	// The hourly limit (3 here) counts every page of the client.
	if _, msg := rate(catalogID("610111", "shjz"), "203.0.113.10", "z"); msg != "rated" {
		t.Fatalf("third rating: %q", msg)
	}
	if _, msg := rate(catalogID("610528", ""), "203.0.113.10", "z"); msg != "rating-often" {
		t.Fatalf("fourth rating within the hour: %q", msg)
	}
}

// TestTextValidatedAtEdge: NUL bytes, invalid UTF-8 and overlong filters are refused with
// 400 on both databases (PostgreSQL used to answer 500).
func TestTextValidatedAtEdge(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		ctx := context.Background()
		p, _ := e.store.PersonByLogin(ctx, "editor@610112")
		tok, _, err := e.app.CreateToken(ctx, audit.System("test"), p.ID, "test", 90)
		if err != nil {
			t.Fatal(err)
		}
		anon, editor := e.client(""), e.client("editor@610112")
		long := strings.Repeat("a", 1400)
		for _, target := range []string{
			"/search?q=%00", "/search?q=%FF%FE", "/search?unit=" + long, "/search?q=" + long, "/search?domain=" + long,
			"/api/v1/search?q=%00", "/api/v1/search?subject=" + long, "/610112/records/%00", "/%FF/", "/610112/catalog/%00/",
			"/admin/orgs/610112/audit?action=%00",
		} {
			for _, c := range []*http.Client{anon, editor} {
				resp, err := c.Get(e.ts.URL + target)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != 400 {
					t.Errorf("GET %.60s: %d, want 400", target, resp.StatusCode)
				}
			}
		}
		post := func(c *http.Client, path string, form url.Values) int {
			resp, err := c.PostForm(e.ts.URL+path, form)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			return resp.StatusCode
		}
		u, _ := e.store.OrgByCode(ctx, "610112")
		cat, _ := e.store.Catalog(ctx, u.ID, "shjz")
		_, entries, err := e.app.EffectiveCatalog(ctx, u, "shjz")
		if err != nil {
			t.Fatal(err)
		}
		entry := "shjz:" + strconv.FormatInt(entries[0].ID, 10)
		for _, bad := range []string{"原因\x00", "原因\xff"} {
			if code := post(anon, "/ratings", url.Values{"subject_type": {"catalog"}, "subject_id": {strconv.FormatInt(cat.ID, 10)}, "value": {"1"}, "reason": {bad}}); code != 400 {
				t.Errorf("rating reason %q: %d", bad, code)
			}
			if code := post(editor, "/admin/orgs/610112/records", url.Values{"entry": {entry}, "title": {"标题" + bad}}); code != 400 {
				t.Errorf("record title %q: %d", bad, code)
			}
		}
		req, _ := http.NewRequest("POST", e.ts.URL+"/api/v1/records", strings.NewReader(`{"unit":"610112","domain":"shjz","title":"标题\u0000"}`))
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 400 {
			t.Errorf("API title with \\u0000: %d", resp.StatusCode)
		}
	})
}

// TestMetricsRestricted: /metrics answers only a loopback client without a token, and only
// the token when one is set.
func TestMetricsRestricted(t *testing.T) { storetest.Each(t, testMetricsRestricted) }

func testMetricsRestricted(t *testing.T, s *store.Store) {
	e := newEnv(t, s)
	req := httptest.NewRequest("GET", "/metrics", nil) // from 192.0.2.1
	rec := httptest.NewRecorder()
	e.srv.ServeHTTP(rec, req)
	if rec.Code != 403 {
		t.Errorf("metrics from a remote client: %d", rec.Code)
	}
	if code, body := get(t, e.client(""), e.ts.URL+"/metrics"); code != 200 || !strings.Contains(body, "gongkai_http_requests_total") {
		t.Errorf("metrics from loopback: %d", code)
	}
	e = newEnv(t, storetest.OpenLike(t, s), func(c *config.Config) { c.MetricsToken = "m3trics" })
	for _, tc := range []struct {
		auth string
		code int
	}{{"", 401}, {"Bearer wrong", 401}, {"Bearer m3trics", 200}} {
		req, _ := http.NewRequest("GET", e.ts.URL+"/metrics", nil)
		if tc.auth != "" {
			req.Header.Set("Authorization", tc.auth)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tc.code {
			t.Errorf("metrics with %q: %d, want %d", tc.auth, resp.StatusCode, tc.code)
		}
	}
}

// TestHealthzChecksDataDirectory: a data directory that takes no write is reported.
func TestHealthzChecksDataDirectory(t *testing.T) { storetest.Each(t, testHealthzChecksDataDirectory) }

func testHealthzChecksDataDirectory(t *testing.T, s *store.Store) {
	notDir := filepath.Join(t.TempDir(), "file")
	os.WriteFile(notDir, []byte("x"), 0o600)
	e := newEnv(t, s)
	if code, body := get(t, e.client(""), e.ts.URL+"/healthz"); code != 200 || !strings.Contains(body, `"ok"`) {
		t.Fatalf("healthy: %d %s", code, body)
	}
	dirs := []string{notDir}
	if os.Geteuid() != 0 { // root writes into read-only directories
		ro := t.TempDir()
		os.Chmod(ro, 0o500)
		t.Cleanup(func() { os.Chmod(ro, 0o700) })
		dirs = append(dirs, ro)
	}
	for _, dir := range dirs {
		e := newEnv(t, storetest.OpenLike(t, s), func(c *config.Config) { c.DataDir = dir })
		code, body := get(t, e.client(""), e.ts.URL+"/healthz")
		if code != 503 || !strings.Contains(body, "数据目录不可写") {
			t.Errorf("data directory %s: %d %s", dir, code, body)
		}
	}
}

// TestStaffResponsesNotStored: answers to staff and API tokens carry private, no-store.
func TestStaffResponsesNotStored(t *testing.T) { storetest.Each(t, testStaffResponsesNotStored) }

func testStaffResponsesNotStored(t *testing.T, s *store.Store) {
	e := newEnv(t, s)
	ctx := context.Background()
	p, _ := e.store.PersonByLogin(ctx, "editor@610112")
	tok, _, err := e.app.CreateToken(ctx, audit.System("test"), p.ID, "test", 90)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		method, path, token string
		body                string
	}{
		{"GET", "/api/v1/me", tok, ""},
		{"GET", "/api/v1/units", tok, ""},
		{"GET", "/api/v1/units/610112/catalogs/shjz", tok, ""},
		{"POST", "/api/v1/records", tok, `{"unit":"610112"}`},
		{"GET", "/admin/", "", ""},
		{"GET", "/admin/orgs/610112/", "", ""},
	} {
		req, _ := http.NewRequest(tc.method, e.ts.URL+tc.path, strings.NewReader(tc.body))
		if tc.token != "" {
			req.Header.Set("Authorization", "Bearer "+tc.token)
		}
		resp, err := e.client("").Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if cc := resp.Header.Get("Cache-Control"); cc != "private, no-store" {
			t.Errorf("%s %s: %d Cache-Control %q", tc.method, tc.path, resp.StatusCode, cc)
		}
	}
	resp, err := e.client("editor@610112").Get(e.ts.URL + "/admin/orgs/610112/catalogs/shjz/v/1/export.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if cc := resp.Header.Get("Cache-Control"); resp.StatusCode != 200 || cc != "private, no-store" {
		t.Errorf("staff workbook export: %d Cache-Control %q", resp.StatusCode, cc)
	}
}
