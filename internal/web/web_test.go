package web_test

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"gongkai/internal/app"
	"gongkai/internal/audit"
	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/config"
	"gongkai/internal/demo"
	"gongkai/internal/org"
	"gongkai/internal/record"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
	"gongkai/internal/web"
)

// env is a running test server with the demo dataset.
type env struct {
	t        testing.TB
	srv      *web.Server
	ts       *httptest.Server
	store    *store.Store
	app      *app.App
	accounts map[string]demo.Account
}

func newEnv(t testing.TB, s *store.Store, opts ...func(*config.Config)) *env {
	t.Helper()
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	for _, o := range opts {
		o(&cfg)
	}
	a := app.New(s, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	a.Hash = auth.TestParams
	accs, ok, err := demo.Fill(context.Background(), a)
	if err != nil || !ok {
		t.Fatalf("demo: %v %v", ok, err)
	}
	srv, err := web.New(a)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	e := &env{t: t, srv: srv, ts: ts, store: s, app: a, accounts: map[string]demo.Account{}}
	for _, acc := range accs {
		e.accounts[acc.Login] = acc
	}
	return e
}

// client returns an HTTP client that does not follow redirects, signed in as login ("" for
// an anonymous visitor).
func (e *env) client(login string) *http.Client {
	e.t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if login == "" {
		return c
	}
	resp, err := c.PostForm(e.ts.URL+"/login", url.Values{"login": {login}, "password": {e.accounts[login].Password}})
	if err != nil {
		e.t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		e.t.Fatalf("sign in as %s: %d", login, resp.StatusCode)
	}
	return c
}

var setupLinkRe = regexp.MustCompile(`(/account/setup\?t=[A-Za-z0-9_%-]+)`)

// setupLinkIn finds the one-time setup link in a page.
func setupLinkIn(t *testing.T, body string) string {
	t.Helper()
	m := setupLinkRe.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no setup link in the page")
	}
	return m[1]
}

// setPassword opens a setup link and sets the password through it.
func (e *env) setPassword(t *testing.T, link, password string) {
	t.Helper()
	c := e.client("")
	code, body := get(t, c, e.ts.URL+link)
	if code != 200 || !strings.Contains(body, "设置密码") {
		t.Fatalf("setup page: %d", code)
	}
	u, _ := url.Parse(link)
	resp, err := c.PostForm(e.ts.URL+"/account/setup", url.Values{"t": {u.Query().Get("t")}, "password": {password}, "confirm": {password}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("set password: %d", resp.StatusCode)
	}
}

func get(t *testing.T, c *http.Client, u string) (int, string) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestPublicPages(t *testing.T) { storetest.Each(t, testPublicPages) }

func testPublicPages(t *testing.T, s *store.Store) {
	e := newEnv(t, s)
	c := e.client("")
	for _, tc := range []struct {
		path string
		code int
		want string
	}{
		{"/", 200, "未央区"},
		{"/610112/", 200, "社会救助"},
		{"/610112", 301, ""},
		{"/610100/", 404, "页面不存在"}, // a city is not a unit
		{"/nope", 404, "页面不存在"},
		{"/a/b/c", 404, "页面不存在"},
		{"/healthz", 200, `"ok"`},
		{"/metrics", 200, "# TYPE gongkai_http_requests_total"},
		{"/api/v1/openapi.json", 200, `"openapi"`},
		{"/admin/", 303, ""},
	} {
		code, body := get(t, c, e.ts.URL+tc.path)
		if code != tc.code || !strings.Contains(body, tc.want) {
			t.Errorf("GET %s: %d, want %d with %q", tc.path, code, tc.code, tc.want)
		}
	}
	var doc map[string]any
	_, body := get(t, c, e.ts.URL+"/api/v1/openapi.json")
	if err := json.Unmarshal([]byte(body), &doc); err != nil || doc["openapi"] != "3.0.3" {
		t.Fatalf("openapi: %v", err)
	}
}

// TestRoleRouteScope walks every route of the router, as every demo role, at the person's
// own organisation and at one outside their subtree: a route is refused with 403 exactly
// when the permission matrix says so, and anonymous visitors are sent to sign in.
func TestRoleRouteScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		ctx := context.Background()
		// A bystander in each unit, the {id} of person routes.
		bystander := map[string]int64{}
		for _, code := range []string{"610112", "610111"} {
			u, _ := s.OrgByCode(ctx, code)
			p, err := s.CreatePerson(ctx, audit.System("test"), org.Person{Login: "bystander@" + code, Name: "旁观者", PasswordHash: "x",
				Grants: []org.Grant{{OrgID: u.ID, Role: org.RoleEditor}}})
			if err != nil {
				t.Fatal(err)
			}
			bystander[code] = p.ID
			if _, _, err := e.app.CreateToken(ctx, audit.System("test"), p.ID, "test", 30); err != nil {
				t.Fatal(err)
			}
		}
		tokenOf := map[int64]string{}
		for _, id := range bystander {
			ts, err := s.Tokens(ctx, id)
			if err != nil || len(ts) != 1 {
				t.Fatal(ts, err)
			}
			tokenOf[id] = strconv.FormatInt(ts[0].ID, 10)
		}
		targets := []string{"610112", "610111", "610100", "610000", "sxmzt", "610112-zjbjd", "610112-mzj"}
		anon := e.client("")
		clients := map[string]*http.Client{}
		for login := range e.accounts {
			clients[login] = e.client(login)
		}
		checked := 0
		for _, rt := range e.srv.Routes() {
			if rt.Access != web.OrgScope && rt.Access != web.SignedIn {
				continue
			}
			for _, target := range targets {
				id := bystander["610112"]
				if strings.HasPrefix(target, "610111") {
					id = bystander["610111"]
				}
				// {id} is the bystander on person routes; elsewhere an ID that names nothing, so
				// that the answer is about the route's scope, not about whichever record, question
				// or consultation the demo happens to hold under the bystander's number.
				idText := "987654321"
				if strings.Contains(rt.Pattern, "/people/{id}") {
					idText = strconv.FormatInt(id, 10)
				}
				path := strings.NewReplacer("{org}", target, "{id}", idText, "{token}", tokenOf[id], "{$}", "").Replace(rt.Pattern)
				// Anonymous: never served.
				code := do(t, anon, rt.Method, e.ts.URL+path)
				if (rt.Method == "GET" && code != http.StatusSeeOther) || (rt.Method == "POST" && code != http.StatusUnauthorized) {
					t.Errorf("anonymous %s %s: %d", rt.Method, path, code)
				}
				if rt.Access != web.OrgScope {
					continue
				}
				o, err := s.OrgByCode(ctx, target)
				if err != nil {
					t.Fatal(err)
				}
				for login := range e.accounts {
					p, _ := s.PersonByLogin(ctx, login)
					allowed := org.Allowed(p.Grants, rt.Perm, o)
					code := do(t, clients[login], rt.Method, e.ts.URL+path)
					if allowed == (code == http.StatusForbidden) || code == http.StatusUnauthorized || code >= 500 {
						t.Errorf("%s %s %s: %d, allowed=%v", login, rt.Method, path, code, allowed)
					}
					checked++
				}
			}
		}
		if checked < 500 {
			t.Fatalf("only %d role × route checks ran", checked)
		}
	})
}

func do(t *testing.T, c *http.Client, method, u string) int {
	t.Helper()
	var resp *http.Response
	var err error
	if method == "POST" {
		resp, err = c.PostForm(u, url.Values{})
	} else {
		resp, err = c.Get(u)
	}
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestLockout(t *testing.T) { storetest.Each(t, testLockout) }

func testLockout(t *testing.T, s *store.Store) {
	e := newEnv(t, s)
	c := e.client("")
	post := func(pw string) (int, string) {
		resp, err := c.PostForm(e.ts.URL+"/login", url.Values{"login": {"editor@610112"}, "password": {pw}})
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	for i := 1; i <= 4; i++ {
		if code, body := post("wrong-password"); code != 401 || !strings.Contains(body, "登录名或密码错误") {
			t.Fatalf("attempt %d: %d", i, code)
		}
	}
	code, body := post("wrong-password")
	if code != 401 || !strings.Contains(body, "账户已锁定，请于") {
		t.Fatalf("fifth attempt: %d %s", code, body)
	}
	// Even the right password is refused while locked.
	if code, body := post(e.accounts["editor@610112"].Password); code != 401 || !strings.Contains(body, "账户已锁定") {
		t.Fatalf("right password while locked: %d", code)
	}
	entries, err := e.store.ListAudit(context.Background(), audit.Query{Action: "login."})
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, en := range entries {
		counts[en.Action]++
	}
	if counts["login.failed"] != 4 || counts["login.locked"] != 1 || counts["login.refused_locked"] != 1 {
		t.Fatalf("audit: %v", counts)
	}
	// The unit administrator unlocks; then the right password works.
	admin := e.client("admin@610112")
	p, _ := e.store.PersonByLogin(context.Background(), "editor@610112")
	resp, err := admin.PostForm(e.ts.URL+"/admin/orgs/610112/people/"+strconv.FormatInt(p.ID, 10)+"/unlock", url.Values{})
	if err != nil || resp.StatusCode != 303 {
		t.Fatalf("unlock: %v %v", err, resp.StatusCode)
	}
	if code, _ := post(e.accounts["editor@610112"].Password); code != 303 {
		t.Fatalf("after unlock: %d", code)
	}
}

func TestCrossOriginRefused(t *testing.T) { storetest.Each(t, testCrossOriginRefused) }

func testCrossOriginRefused(t *testing.T, s *store.Store) {
	e := newEnv(t, s)
	c := e.client("admin@610112")
	req, _ := http.NewRequest("POST", e.ts.URL+"/admin/orgs/610112/people", strings.NewReader("login=x@610112&name=x&roles=editor"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 403 {
		t.Fatalf("cross-site POST: %d", resp.StatusCode)
	}
	if _, err := e.store.PersonByLogin(context.Background(), "x@610112"); err == nil {
		t.Fatal("cross-site POST created a person")
	}
	// The same form from the site itself works.
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Body = io.NopCloser(strings.NewReader("login=x@610112&name=x&roles=editor"))
	resp, err = c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 201 {
		t.Fatalf("same-origin POST: %d", resp.StatusCode)
	}
}

func TestAdminForms(t *testing.T) { storetest.Each(t, testAdminForms) }

func testAdminForms(t *testing.T, s *store.Store) {
	e := newEnv(t, s)
	ctx := context.Background()
	admin := e.client("admin@610112")
	post := func(path string, form url.Values) (int, string) {
		resp, err := admin.PostForm(e.ts.URL+path, form)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	// Invalid input: every problem named, nothing written.
	code, body := post("/admin/orgs/610112/new", url.Values{"kind": {"township"}, "code": {"BAD CODE"}, "name": {""}, "sort": {"x"}})
	if code != 422 || !strings.Contains(body, "排序号") {
		t.Fatalf("bad sort: %d", code)
	}
	code, body = post("/admin/orgs/610112/new", url.Values{"kind": {"township"}, "code": {"BAD CODE"}, "name": {""}})
	if code != 422 || !strings.Contains(body, "代码：只能使用") || !strings.Contains(body, "名称：不能为空") {
		t.Fatalf("bad org: %d %s", code, body)
	}
	code, _ = post("/admin/orgs/610112/new", url.Values{"kind": {"city"}, "code": {"610112-x"}, "name": {"错层"}})
	if code != 422 {
		t.Fatalf("city under unit accepted: %d", code)
	}
	orgs, _ := e.store.Orgs(ctx)
	n := len(orgs)
	code, _ = post("/admin/orgs/610112/new", url.Values{"kind": {"township"}, "code": {"610112-dmg"}, "name": {"大明宫街道"}})
	if code != 303 {
		t.Fatalf("create township: %d", code)
	}
	orgs, _ = e.store.Orgs(ctx)
	if len(orgs) != n+1 {
		t.Fatalf("orgs: %d → %d", n, len(orgs))
	}
	// A unit admin cannot hand out supervisor or sysadmin: refused and audited.
	code, body = post("/admin/orgs/610112/people", url.Values{"login": {"boss@610112"}, "name": {"x"}, "roles": {"sysadmin"}})
	if code != 403 || !strings.Contains(body, "无权") {
		t.Fatalf("sysadmin grant: %d", code)
	}
	code, body = post("/admin/orgs/610112-dmg/people", url.Values{"login": {"li@610112"}, "name": {"李四"}, "roles": {"editor"}})
	if code != 201 {
		t.Fatalf("create person: %d", code)
	}
	p, err := e.store.PersonByLogin(ctx, "li@610112")
	if err != nil || len(p.Grants) != 1 || p.Grants[0].OrgCode != "610112-dmg" {
		t.Fatalf("person: %+v %v", p, err)
	}
	// The new person sets their own password through the one-time link, and signs in.
	e.setPassword(t, setupLinkIn(t, body), "Li-Si-Dmg-2026")
	e.accounts["li@610112"] = demo.Account{Login: "li@610112", Password: "Li-Si-Dmg-2026"}
	li := e.client("li@610112")
	if code, body := get(t, li, e.ts.URL+"/admin/orgs/610112-dmg/"); code != 200 || !strings.Contains(body, "大明宫街道") {
		t.Fatalf("li's org page: %d", code)
	}
	if code, _ := get(t, li, e.ts.URL+"/admin/orgs/610112/"); code != 403 {
		t.Fatalf("li at the unit above: %d", code)
	}
	// Every change is in the audit log.
	es, _ := e.store.ListAudit(ctx, audit.Query{})
	var actions []string
	for _, en := range es {
		if en.ActorLogin == "admin@610112" {
			actions = append(actions, en.Action)
		}
	}
	if strings.Join(actions, ",") != "person.create,person.refused,org.create,login.ok" {
		t.Fatalf("audit of admin: %v", actions)
	}
}

func TestAPIUnitsAndTokens(t *testing.T) { storetest.Each(t, testAPIUnitsAndTokens) }

func testAPIUnitsAndTokens(t *testing.T, s *store.Store) {
	e := newEnv(t, s)
	ctx := context.Background()
	p, _ := e.store.PersonByLogin(ctx, "editor@610111")
	tok, _, err := e.app.CreateToken(ctx, audit.System("test"), p.ID, "test", 90)
	if err != nil {
		t.Fatal(err)
	}
	call := func(token string) (int, map[string]any) {
		req, _ := http.NewRequest("GET", e.ts.URL+"/api/v1/units", nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var v map[string]any
		json.NewDecoder(resp.Body).Decode(&v)
		return resp.StatusCode, v
	}
	code, v := call("")
	if units := v["units"].([]any); code != 200 || len(units) != 5 {
		t.Fatalf("public units: %d %d", code, len(units))
	}
	code, v = call(tok)
	if units := v["units"].([]any); code != 200 || len(units) != 1 || units[0].(map[string]any)["code"] != "610111" {
		t.Fatalf("scoped units: %d %v", code, v)
	}
	code, v = call("gk_forged")
	if code != 401 || v["error"].(map[string]any)["code"] != "unauthorized" {
		t.Fatalf("forged token: %d %v", code, v)
	}
}

func TestCalendarAdmin(t *testing.T) { storetest.Each(t, testCalendarAdmin) }

func testCalendarAdmin(t *testing.T, s *store.Store) {
	e := newEnv(t, s)
	sys := e.client("sysadmin")
	code, body := get(t, sys, e.ts.URL+"/admin/orgs/610000/calendar?from=2026-09-30&n=20&unit=working")
	if code != 200 || !strings.Contains(body, "截止日期：2026-11-03") || !strings.Contains(body, "10月10日调休上班") {
		t.Fatalf("calculator: %d", code)
	}
	if code, body = get(t, sys, e.ts.URL+"/admin/orgs/610000/calendar?from=2026-02-30&n=20"); code != 422 || !strings.Contains(body, "日期不存在") {
		t.Fatalf("bad date: %d", code)
	}
	upload := func(c *http.Client, name, content string) (int, string) {
		var buf strings.Builder
		mw := multipartWriter(&buf)
		fw, _ := mw.CreateFormFile("file", name)
		io.WriteString(fw, content)
		mw.Close()
		req, _ := http.NewRequest("POST", e.ts.URL+"/admin/orgs/610000/calendar/import", strings.NewReader(buf.String()))
		req.Header.Set("Content-Type", mw.FormDataContentType())
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	bad := `{"year": 2027, "days": [{"name": "春节", "date": "2027-02-30", "isOffDay": true}]}`
	if code, body := upload(sys, "2027.json", bad); code != 422 || !strings.Contains(body, "2027.json") || !strings.Contains(body, "2027-02-30") {
		t.Fatalf("bad upload: %d %s", code, body)
	}
	good := `{"year": 2027, "papers": [], "days": [{"name": "元旦", "date": "2027-01-01", "isOffDay": true}]}`
	if code, _ := upload(e.client("admin@610112"), "2027.json", good); code != 403 {
		t.Fatalf("unit admin import: %d", code)
	}
	if code, _ := upload(sys, "2027.json", good); code != 303 {
		t.Fatalf("good upload: %d", code)
	}
	if _, body := get(t, sys, e.ts.URL+"/admin/orgs/610000/calendar"); !strings.Contains(body, "管理员导入") {
		t.Fatal("imported year not listed")
	}
}

func multipartWriter(w io.Writer) *multipart.Writer { return multipart.NewWriter(w) }

func TestPublicCatalog(t *testing.T) { storetest.Each(t, testPublicCatalog) }

func testPublicCatalog(t *testing.T, s *store.Store) {
	e := newEnv(t, s)
	c := e.client("")
	code, body := get(t, c, e.ts.URL+"/610112/catalog/")
	if code != 200 || !strings.Contains(body, "/610112/catalog/shjz/") || !strings.Contains(body, "起施行") {
		t.Fatalf("catalog index: %d", code)
	}
	code, body = get(t, c, e.ts.URL+"/610112/catalog/shjz/")
	if code != 200 || !strings.Contains(body, "公开时限") || !strings.Contains(body, "最低生活保障") || !strings.Contains(body, `rowspan=`) {
		t.Fatalf("catalog table: %d", code)
	}
	// 岐山县's 涉农补贴 catalog is only a draft: the public sees no entries.
	code, body = get(t, c, e.ts.URL+"/610323/catalog/snbt/")
	if code != 200 || strings.Contains(body, "<tr id=") || !strings.Contains(body, "尚未发布") {
		t.Fatalf("draft catalog shown: %d", code)
	}
	if code, _ = get(t, c, e.ts.URL+"/610112/catalog/zdbc/"); code != 404 {
		t.Fatalf("domain not of the unit: %d", code)
	}
	code, body = get(t, c, e.ts.URL+"/api/v1/units/610112/catalogs/shjz")
	var v struct {
		Version struct{ Number int }
		Entries []struct {
			ID        int64
			TimeLimit struct{ Kind string } `json:"time_limit"`
			Channels  []struct{ Code, Name string }
		}
	}
	if err := json.Unmarshal([]byte(body), &v); err != nil || code != 200 || len(v.Entries) < 8 || v.Entries[0].ID == 0 || v.Entries[0].TimeLimit.Kind == "" || len(v.Entries[0].Channels) == 0 {
		t.Fatalf("api catalog: %d %v %s", code, err, body[:200])
	}
	if code, _ = get(t, c, e.ts.URL+"/api/v1/units/610323/catalogs/snbt"); code != 404 {
		t.Fatalf("api draft catalog: %d", code)
	}
}

// TestCatalogEditingAndFiling walks the whole catalog procedure through the admin pages.
func TestCatalogEditingAndFiling(t *testing.T) { storetest.Each(t, testCatalogEditingAndFiling) }

func testCatalogEditingAndFiling(t *testing.T, s *store.Store) {
	e := newEnv(t, s)
	ctx := context.Background()
	editor := e.client("editor@610112")
	post := func(c *http.Client, path string, form url.Values) (int, string, string) {
		t.Helper()
		resp, err := c.PostForm(e.ts.URL+path, form)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b), resp.Header.Get("Location")
	}
	base := "/admin/orgs/610112/catalogs/shjz"
	code, _, loc := post(editor, base+"/drafts", url.Values{"from": {"newest"}, "note": {"调整办理时限"}})
	if code != 303 || !strings.Contains(loc, base+"/v/2") {
		t.Fatalf("new draft: %d %s", code, loc)
	}
	// A reviewer cannot edit catalogs.
	if code, _, _ := post(e.client("reviewer@610112"), base+"/drafts", url.Values{"from": {"newest"}}); code != 403 {
		t.Fatalf("reviewer draft: %d", code)
	}
	code, body := get(t, editor, e.ts.URL+base+"/v/2")
	if code != 200 || !strings.Contains(body, "新增条目") {
		t.Fatalf("draft page: %d", code)
	}
	u, _ := e.store.OrgByCode(ctx, "610112")
	cat, _ := e.store.Catalog(ctx, u.ID, "shjz")
	v2, _ := e.store.VersionByNumber(ctx, cat.ID, 2)
	es, _ := e.store.Entries(ctx, v2.ID)
	entryPath := base + "/v/2/entries/" + strconv.FormatInt(es[0].ID, 10)
	// Bad input: each field named, nothing changed.
	code, body, _ = post(editor, entryPath, url.Values{"item1": {es[0].Item1}, "item2": {es[0].Item2}, "content": {""}, "time_limit": {"改天再说"}, "responsible_body": {""}})
	if code != 422 || !strings.Contains(body, "公开内容（要素）：不能为空") || !strings.Contains(body, "公开主体：不能为空") || !strings.Contains(body, "至少选择一个公开渠道") {
		t.Fatalf("bad entry: %d", code)
	}
	if after, _ := e.store.Entries(ctx, v2.ID); after[0].Content != es[0].Content {
		t.Fatal("refused edit changed the entry")
	}
	form := url.Values{"item1": {es[0].Item1}, "item2": {es[0].Item2}, "content": {es[0].Content + "、监督电话"}, "legal_basis": {es[0].LegalBasis},
		"time_limit": {"信息形成或者变更之日起15个工作日内"}, "responsible_body": {es[0].ResponsibleBody}, "channels": {"website", "bulletin_board"},
		"custom_channels": {"12345热线"}, "audience_public": {"1"}, "mode_proactive": {"1"}, "level_county": {"1"}, "stages": {"service"}, "reason": {"缩短时限"}}
	if code, _, _ = post(editor, entryPath, form); code != 303 {
		t.Fatalf("save entry: %d", code)
	}
	after, _ := e.store.Entries(ctx, v2.ID)
	if after[0].TimeLimitText != "信息形成或者变更之日起15个工作日内" || len(after[0].Channels) != 3 {
		t.Fatalf("saved entry: %+v", after[0])
	}
	code, body = get(t, editor, e.ts.URL+base+"/compare?a=1&b=2")
	if code != 200 || !strings.Contains(body, "共 1 处差异") || !strings.Contains(body, "15个工作日") {
		t.Fatalf("compare: %d", code)
	}
	// The editor may not file; the unit administrator does.
	if code, _, _ = post(editor, base+"/v/2/file", nil); code != 403 {
		t.Fatalf("editor files: %d", code)
	}
	if code, _, _ = post(e.client("admin@610112"), base+"/v/2/file", nil); code != 303 {
		t.Fatalf("admin files: %d", code)
	}
	// Another city's office is no recipient; the unit's city and the province office accept.
	city, prov := e.client("supervisor@610100"), e.client("supervisor@610000")
	vid := strconv.FormatInt(v2.ID, 10)
	if code, body = get(t, city, e.ts.URL+"/admin/orgs/610100/filings"); code != 200 || !strings.Contains(body, "第2版") {
		t.Fatalf("city filings: %d", code)
	}
	if code, _, _ = post(prov, "/admin/orgs/610100/filings/"+vid, url.Values{"decision": {"accepted"}}); code != 403 {
		t.Fatalf("province acting for the city: %d", code)
	}
	for _, c := range []struct {
		client *http.Client
		org    string
	}{{city, "610100"}, {prov, "610000"}} {
		if code, _, _ = post(c.client, "/admin/orgs/"+c.org+"/filings/"+vid, url.Values{"decision": {"accepted"}}); code != 303 {
			t.Fatalf("%s accepts: %d", c.org, code)
		}
	}
	code, body = get(t, e.client(""), e.ts.URL+"/610112/catalog/shjz/")
	if code != 200 || !strings.Contains(body, "第2版") || !strings.Contains(body, "15个工作日内") || !strings.Contains(body, "12345热线") {
		t.Fatalf("public page after filing: %d", code)
	}
}

func TestPublicCachingAndCompression(t *testing.T) {
	storetest.Each(t, testPublicCachingAndCompression)
}

func testPublicCachingAndCompression(t *testing.T, s *store.Store) {
	e := newEnv(t, s)
	req, _ := http.NewRequest("GET", e.ts.URL+"/610112/catalog/shjz/", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	tr := &http.Transport{DisableCompression: true}
	c := &http.Client{Transport: tr}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	etag := resp.Header.Get("ETag")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Encoding") != "gzip" || etag == "" || !strings.Contains(resp.Header.Get("Cache-Control"), "public") {
		t.Fatalf("first: %d %v", resp.StatusCode, resp.Header)
	}
	req.Header.Set("If-None-Match", etag)
	resp, _ = c.Do(req)
	resp.Body.Close()
	if resp.StatusCode != 304 {
		t.Fatalf("revalidation: %d", resp.StatusCode)
	}
	// A change made through this instance shows at once.
	editor := e.client("editor@610112")
	admin := e.client("admin@610112")
	resp, _ = editor.PostForm(e.ts.URL+"/admin/orgs/610112/catalogs/shjz/drafts", url.Values{"from": {"empty"}})
	resp.Body.Close()
	resp, _ = editor.PostForm(e.ts.URL+"/admin/orgs/610112/catalogs/shjz/v/2/entries", url.Values{"item1": {"缓存测试事项"}, "item2": {"子项"}, "content": {"内容"},
		"time_limit": {"实时公开"}, "responsible_body": {"区民政局"}, "channels": {"website"}, "audience_public": {"1"}, "mode_proactive": {"1"}})
	resp.Body.Close()
	resp, _ = admin.PostForm(e.ts.URL+"/admin/orgs/610112/catalogs/shjz/v/2/file", nil)
	resp.Body.Close()
	for _, sup := range []string{"610100", "610000"} {
		resp, _ = e.client("supervisor@"+sup).PostForm(e.ts.URL+"/admin/orgs/"+sup+"/filings/"+strconv.FormatInt(mustVersionID(t, e, "610112", "shjz", 2), 10), url.Values{"decision": {"accepted"}})
		resp.Body.Close()
	}
	req.Header.Del("If-None-Match")
	req.Header.Del("Accept-Encoding")
	resp, _ = c.Do(req)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(b), "缓存测试事项") || resp.Header.Get("ETag") == etag {
		t.Fatal("the public page was served stale after a new version took effect")
	}
	// Signed-in staff are never served from the cache, nor cached.
	resp, _ = editor.Get(e.ts.URL + "/610112/catalog/shjz/")
	resp.Body.Close()
	if resp.Header.Get("ETag") != "" || !strings.Contains(resp.Header.Get("Cache-Control"), "no-store") {
		t.Fatalf("staff response: %v", resp.Header)
	}
}

func mustVersionID(t *testing.T, e *env, unit, domain string, n int) int64 {
	ctx := context.Background()
	u, _ := e.store.OrgByCode(ctx, unit)
	c, err := e.store.Catalog(ctx, u.ID, domain)
	if err != nil {
		t.Fatal(err)
	}
	v, err := e.store.VersionByNumber(ctx, c.ID, n)
	if err != nil {
		t.Fatal(err)
	}
	return v.ID
}

func TestRatings(t *testing.T) { storetest.Each(t, testRatings) }

func testRatings(t *testing.T, s *store.Store) {
	e := newEnv(t, s)
	ctx := context.Background()
	u, _ := e.store.OrgByCode(ctx, "610112")
	c, _ := e.store.Catalog(ctx, u.ID, "shjz")
	visitor := e.client("")
	rate := func(value, reason string) string {
		resp, err := visitor.PostForm(e.ts.URL+"/ratings", url.Values{"subject_type": {"catalog"}, "subject_id": {strconv.FormatInt(c.ID, 10)}, "value": {value}, "reason": {reason}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 303 {
			t.Fatalf("rate: %d", resp.StatusCode)
		}
		loc, _ := url.Parse(resp.Header.Get("Location"))
		return loc.Query().Get("msg")
	}
	if msg := rate("9", ""); msg != "rating-value" {
		t.Fatalf("bad value: %q", msg)
	}
	if msg := rate("2", "希望补充办理时限"); msg != "rated" {
		t.Fatalf("first: %q", msg)
	}
	if msg := rate("1", ""); msg != "rating-repeat" {
		t.Fatalf("second: %q", msg)
	}
	if _, body := get(t, visitor, e.ts.URL+"/610112/catalog/shjz/?msg=rating-repeat"); !strings.Contains(body, "已评价过") {
		t.Fatal("the message of rating-repeat is not shown")
	}
	for _, who := range []string{"admin@610112", "supervisor@610100"} {
		code, body := get(t, e.client(who), e.ts.URL+"/admin/orgs/"+map[string]string{"admin@610112": "610112", "supervisor@610100": "610100"}[who]+"/ratings")
		if code != 200 || !strings.Contains(body, "希望补充办理时限") || !strings.Contains(body, "50.0%") {
			t.Fatalf("%s ratings page: %d", who, code)
		}
	}
	if code, _ := get(t, e.client("admin@610111"), e.ts.URL+"/admin/orgs/610112/ratings"); code != 403 {
		t.Fatalf("other unit: %d", code)
	}
}

func TestLargeText(t *testing.T) { storetest.Each(t, testLargeText) }

func testLargeText(t *testing.T, s *store.Store) {
	e := newEnv(t, s)
	c := e.client("")
	c.CheckRedirect = nil // follow back to the page
	code, body := get(t, c, e.ts.URL+"/settings/text?size=large&back=/610112/")
	if code != 200 || !strings.Contains(body, `<html lang="zh-CN" class="large">`) || !strings.Contains(body, "标准字号") {
		t.Fatalf("large: %d", code)
	}
	// Another visitor still gets the standard page from the cache.
	if _, body := get(t, e.client(""), e.ts.URL+"/610112/"); strings.Contains(body, `class="large"`) {
		t.Fatal("large-text page served to another visitor")
	}
	if code, _ := get(t, e.client(""), e.ts.URL+"/settings/text?size=large&back=//evil.example/"); code != 303 {
		t.Fatalf("redirect: %d", code)
	}
}

func TestFeedsAndSitemap(t *testing.T) { storetest.Each(t, testFeedsAndSitemap) }

func testFeedsAndSitemap(t *testing.T, s *store.Store) {
	e := newEnv(t, s)
	c := e.client("")
	type feed struct {
		XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		Title   string   `xml:"title"`
		Updated string   `xml:"updated"`
		Entries []struct {
			Title string `xml:"title"`
			ID    string `xml:"id"`
			Link  struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
			Updated string `xml:"updated"`
		} `xml:"entry"`
	}
	for _, path := range []string{"/feed.atom", "/610112/feed.atom", "/610112/catalog/shjz/feed.atom"} {
		code, body := get(t, c, e.ts.URL+path)
		var f feed
		if err := xml.Unmarshal([]byte(body), &f); err != nil || code != 200 {
			t.Fatalf("%s: %d %v", path, code, err)
		}
		if len(f.Entries) == 0 || f.Updated == "" {
			t.Fatalf("%s: %d entries", path, len(f.Entries))
		}
		for _, en := range f.Entries {
			if _, err := time.Parse(time.RFC3339, en.Updated); err != nil || en.ID == "" || !strings.HasPrefix(en.Link.Href, "http") {
				t.Fatalf("%s: bad entry %+v", path, en)
			}
			if strings.Contains(en.Title, "审查中") || strings.Contains(en.Title, "未遮盖") || strings.Contains(en.Title, "定时发布") {
				t.Fatalf("%s lists an unpublished record: %s", path, en.Title)
			}
			// Each entry's page is public.
			u, _ := url.Parse(en.Link.Href)
			if code, _ := get(t, c, e.ts.URL+u.Path); code != 200 {
				t.Fatalf("%s: entry page %s answers %d", path, u.Path, code)
			}
		}
	}
	if code, _ := get(t, c, e.ts.URL+"/610112/catalog/zdbc/feed.atom"); code != 404 {
		t.Fatalf("feed of a domain the unit lacks: %d", code)
	}
	code, body := get(t, c, e.ts.URL+"/sitemap.xml")
	var idx struct {
		Sitemaps []struct {
			Loc string `xml:"loc"`
		} `xml:"sitemap"`
	}
	if err := xml.Unmarshal([]byte(body), &idx); err != nil || code != 200 || len(idx.Sitemaps) != 2 {
		t.Fatalf("sitemap index: %d %v %d", code, err, len(idx.Sitemaps))
	}
	total := 0
	for _, sm := range idx.Sitemaps {
		u, _ := url.Parse(sm.Loc)
		code, body := get(t, c, e.ts.URL+u.RequestURI())
		var set struct {
			URLs []struct {
				Loc string `xml:"loc"`
			} `xml:"url"`
		}
		if err := xml.Unmarshal([]byte(body), &set); err != nil || code != 200 || len(set.URLs) == 0 {
			t.Fatalf("%s: %d %v", sm.Loc, code, err)
		}
		total += len(set.URLs)
	}
	if total < 30 {
		t.Fatalf("sitemaps list %d addresses", total)
	}
}

func TestSearchPageAndAPI(t *testing.T) { storetest.Each(t, testSearchPageAndAPI) }

func testSearchPageAndAPI(t *testing.T, s *store.Store) {
	e := newEnv(t, s)
	c := e.client("")
	code, body := get(t, c, e.ts.URL+"/search?q="+url.QueryEscape("低保"))
	if code != 200 || !strings.Contains(body, "<mark>") || !strings.Contains(body, "最低生活保障") || strings.Contains(body, "审查中") {
		t.Fatalf("search 低保: %d", code)
	}
	code, body = get(t, c, e.ts.URL+"/api/v1/search?q="+url.QueryEscape("农机")+"&unit=610112")
	var v struct {
		Total   int
		Results []struct {
			ID    int64
			URL   string
			Title string
		}
	}
	if err := json.Unmarshal([]byte(body), &v); err != nil || code != 200 || v.Total != 1 || !strings.Contains(v.Results[0].Title, "农机购置") {
		t.Fatalf("api search: %d %s", code, body)
	}
	if code, _ := get(t, c, e.ts.URL+"/search?q=x&from=2026-13-01"); code != 422 {
		t.Fatalf("bad date: %d", code)
	}
	// Withdrawn records leave the index.
	approver := e.client("approver@610112")
	resp, _ := approver.PostForm(e.ts.URL+"/admin/orgs/610112/records/"+strconv.FormatInt(v.Results[0].ID, 10)+"/act", url.Values{"action": {"withdraw"}, "reason": {"测试撤回"}, "confirm": {"yes"}})
	resp.Body.Close()
	_, body = get(t, c, e.ts.URL+"/api/v1/search?q="+url.QueryEscape("农机")+"&unit=610112")
	if !strings.Contains(body, `"total":0`) {
		t.Fatalf("withdrawn still found: %s", body)
	}
}

// TestOpenAPICoversRoutes: every API route of the router is in the OpenAPI document.
func TestOpenAPICoversRoutes(t *testing.T) { storetest.Each(t, testOpenAPICoversRoutes) }

func testOpenAPICoversRoutes(t *testing.T, s *store.Store) {
	e := newEnv(t, s)
	_, body := get(t, e.client(""), e.ts.URL+"/api/v1/openapi.json")
	var doc struct {
		Paths map[string]map[string]any
	}
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatal(err)
	}
	for _, rt := range e.srv.Routes() {
		p, ok := strings.CutPrefix(rt.Pattern, "/api/v1")
		if !ok || p == "/openapi.json" {
			continue
		}
		method := strings.ToLower(rt.Method)
		if strings.Contains(p, "{action}") {
			for _, a := range []string{"submit", "review", "approve", "withdraw", "revise", "discard", "cancel-schedule", "mask-pii", "allow-pii", "confirm-no-pii"} {
				if doc.Paths[strings.Replace(p, "{action}", a, 1)][method] == nil {
					t.Errorf("OpenAPI lacks %s %s", rt.Method, strings.Replace(p, "{action}", a, 1))
				}
			}
			continue
		}
		if doc.Paths[p][method] == nil {
			t.Errorf("OpenAPI lacks %s %s", rt.Method, p)
		}
	}
}

func TestSettingsAndSynonyms(t *testing.T) { storetest.Each(t, testSettingsAndSynonyms) }

func testSettingsAndSynonyms(t *testing.T, s *store.Store) {
	e := newEnv(t, s)
	sys := e.client("sysadmin")
	post := func(c *http.Client, path string, form url.Values) int {
		resp, err := c.PostForm(e.ts.URL+path, form)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := post(sys, "/admin/orgs/610000/settings/index-pattern", url.Values{"index_pattern": {"{yyyy}-{seq:5}"}}); code != 422 {
		t.Fatalf("pattern without issuer: %d", code)
	}
	if code := post(sys, "/admin/orgs/610000/settings/index-pattern", url.Values{"index_pattern": {"{code}/{yyyymm}-{seq:4}"}}); code != 303 {
		t.Fatalf("pattern: %d", code)
	}
	if code := post(e.client("admin@610112"), "/admin/orgs/610000/settings/index-pattern", url.Values{"index_pattern": {"{code}/{yyyy}-{seq:4}"}}); code != 403 {
		t.Fatalf("unit admin sets the pattern: %d", code)
	}
	c := e.client("")
	if _, body := get(t, c, e.ts.URL+"/api/v1/search?q="+url.QueryEscape("残补")); !strings.Contains(body, `"total":0`) {
		t.Fatalf("before: %s", body)
	}
	if code := post(sys, "/admin/orgs/610000/settings/synonyms", url.Values{"terms": {"残补、最低生活保障"}}); code != 303 {
		t.Fatalf("add synonyms: %d", code)
	}
	if _, body := get(t, c, e.ts.URL+"/api/v1/search?q="+url.QueryEscape("残补")); strings.Contains(body, `"total":0`) {
		t.Fatalf("synonym not applied: %s", body)
	}
	if code := post(e.client("admin@610112"), "/admin/orgs/610112/settings/policy", url.Values{"same_reviewer_approver": {"1"}}); code != 303 {
		t.Fatalf("policy: %d", code)
	}
	u, _ := e.store.OrgByCode(context.Background(), "610112")
	if exc, _ := e.app.UnitException(context.Background(), u.ID); exc.State != app.ExceptionRequested {
		t.Fatalf("exception request not saved: %+v", exc)
	}
}

// TestTwoInstances: two servers on one database (as a province runs them behind a load
// balancer). A sign-in on one is valid on the other (sessions live in the store), and a
// publication through one shows on the other's cached pages within seconds.
func TestTwoInstances(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a := newEnv(t, s)
		cfg := config.Default()
		cfg.DataDir = a.app.Cfg.DataDir
		b2 := app.New(s, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
		srvB, err := web.New(b2)
		if err != nil {
			t.Fatal(err)
		}
		tsB := httptest.NewServer(srvB)
		defer tsB.Close()
		visitor := &http.Client{}
		page := "/610112/catalog/snbt/"
		_, before := get(t, visitor, tsB.URL+page) // now cached on B
		// The session made on A works on B.
		editor := a.client("editor@610112")
		u, _ := url.Parse(a.ts.URL)
		uB, _ := url.Parse(tsB.URL)
		editor.Jar.SetCookies(uB, editor.Jar.Cookies(u))
		if code, _ := get(t, editor, tsB.URL+"/admin/orgs/610112/records"); code != 200 {
			t.Fatalf("session from A on B: %d", code)
		}
		// Publish through A.
		ctx := context.Background()
		unit, _ := s.OrgByCode(ctx, "610112")
		_, es, _ := a.app.EffectiveCatalog(ctx, unit, "snbt")
		who := func(login string) *app.Principal {
			p, _ := s.PersonByLogin(ctx, login)
			return &app.Principal{Person: p}
		}
		r, err := a.app.CreateRecord(ctx, who("editor@610112"), unit, "snbt", es[0].ID, app.RecordInput{FormedOn: formedToday(), Kind: record.KindOther, Title: "两个实例之间的缓存失效测试", BodyHTML: "<p>x</p>"})
		if err != nil {
			t.Fatal(err)
		}
		for _, st := range []struct {
			login string
			kind  record.ActionKind
		}{{"editor@610112", record.ActionSubmit}, {"reviewer@610112", record.ActionReviewPass}, {"approver@610112", record.ActionApprove}} {
			if _, err := a.app.Act(ctx, who(st.login), r.ID, record.Action{Kind: st.kind}); err != nil {
				t.Fatal(err)
			}
		}
		for i := 0; ; i++ {
			_, after := get(t, visitor, tsB.URL+page)
			if strings.Contains(after, "两个实例之间的缓存失效测试") {
				break
			}
			if i > 50 {
				t.Fatalf("B still serves the old page (before: %d bytes)", len(before))
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
}

// formedToday is the 形成日期 of the test records: today, by the clock the app uses.
func formedToday() string { return calendar.DateOf(time.Now()).String() }
