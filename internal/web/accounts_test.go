package web_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"gongkai/internal/audit"
	"gongkai/internal/auth"
	"gongkai/internal/config"
	"gongkai/internal/org"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

func postForm(t *testing.T, c *http.Client, u string, form url.Values) (int, string) {
	t.Helper()
	resp, err := c.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func auditCount(t *testing.T, s *store.Store, prefix string) map[string]int {
	t.Helper()
	es, err := s.ListAudit(context.Background(), audit.Query{Action: prefix, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	n := map[string]int{}
	for _, e := range es {
		n[e.Action]++
	}
	return n
}

// TestUnitAdminCannotTakeOverHigherAccounts (issue 16, HIGH 1): a person who holds a role
// inside the unit but also a higher one elsewhere is out of the unit administrator's reach,
// for every management action and for granting; each refusal is a 403 in the audit log.
func TestUnitAdminCannotTakeOverHigherAccounts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		ctx := context.Background()
		unit, _ := s.OrgByCode(ctx, "610112")
		city, _ := s.OrgByCode(ctx, "610100")
		root, _ := s.OrgByCode(ctx, "610000")
		hash, _ := auth.HashPassword("Original-Pass-42", auth.TestParams)
		victims := map[string][]org.Grant{
			"dual@610112": {{OrgID: unit.ID, Role: org.RoleEditor}, {OrgID: city.ID, Role: org.RoleSupervisor}},
			"root@610112": {{OrgID: unit.ID, Role: org.RoleReviewer}, {OrgID: root.ID, Role: org.RoleSysadmin}},
			"away@610112": {{OrgID: unit.ID, Role: org.RoleEditor}, {OrgID: mustOrg(t, s, "610111").ID, Role: org.RoleEditor}},
		}
		admin := e.client("admin@610112")
		for login, grants := range victims {
			p, err := s.CreatePerson(ctx, audit.System("test"), org.Person{Login: login, Name: "受害者", PasswordHash: hash, Grants: grants})
			if err != nil {
				t.Fatal(err)
			}
			base := e.ts.URL + "/admin/orgs/610112/people/" + strconv.FormatInt(p.ID, 10)
			for _, action := range []struct {
				path string
				form url.Values
			}{
				{"/password", url.Values{"password": {"Taken-Over-2026"}}},
				{"/unlock", nil},
				{"/disable", url.Values{"disabled": {"true"}}},
				{"/roles", url.Values{"roles": {"editor", "unit_admin"}}},
			} {
				if code, _ := postForm(t, admin, base+action.path, action.form); code != http.StatusForbidden {
					t.Errorf("%s %s: %d, want 403", login, action.path, code)
				}
			}
			after, _ := s.Person(ctx, p.ID)
			if after.PasswordHash != hash || after.Disabled || len(after.Grants) != len(grants) {
				t.Errorf("%s changed: %+v", login, after)
			}
			// The page says why, and offers no management forms.
			if code, body := get(t, admin, base); code != 200 || strings.Contains(body, "people/"+strconv.FormatInt(p.ID, 10)+"/password") || !strings.Contains(body, "您不能管理此人员") {
				t.Errorf("%s page: %d", login, code)
			}
		}
		if n := auditCount(t, s, "person.refused")["person.refused"]; n != 3*4 {
			t.Fatalf("refusals audited: %d, want 12", n)
		}
		// Granting above one's own rank is refused the same way.
		ed, _ := s.PersonByLogin(ctx, "editor@610112")
		if code, _ := postForm(t, admin, e.ts.URL+"/admin/orgs/610112/people/"+strconv.FormatInt(ed.ID, 10)+"/roles",
			url.Values{"roles": {"editor", "supervisor"}}); code != http.StatusForbidden {
			t.Fatalf("granting supervisor: %d", code)
		}
		// A plain member of the unit stays manageable, and the system administrator manages all.
		if code, body := postForm(t, admin, e.ts.URL+"/admin/orgs/610112/people/"+strconv.FormatInt(ed.ID, 10)+"/password", nil); code != 200 || !strings.Contains(body, "/account/setup?t=") {
			t.Fatalf("reset of a plain editor: %d", code)
		}
		dual, _ := s.PersonByLogin(ctx, "dual@610112")
		if code, _ := postForm(t, e.client("sysadmin"), e.ts.URL+"/admin/orgs/610112/people/"+strconv.FormatInt(dual.ID, 10)+"/unlock", nil); code != http.StatusSeeOther {
			t.Fatalf("sysadmin unlock: %d", code)
		}
	})
}

func mustOrg(t *testing.T, s *store.Store, code string) org.Org {
	t.Helper()
	o, err := s.OrgByCode(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// TestParallelWrongPasswords (issue 16, MEDIUM 8): many wrong passwords sent at once are
// checked no more often than the lockout allows, and the account ends locked.
func TestParallelWrongPasswords(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		// Sign-ins are bounded (--max-sign-ins): widen the bound so that all of them race.
		e := newEnv(t, s, func(c *config.Config) { c.MaxSignIns = 32 })
		ctx := context.Background()
		// A slow hash, so that every request is still checking while the others arrive.
		p, _ := s.PersonByLogin(ctx, "editor@610112")
		slow, _ := auth.HashPassword(e.accounts["editor@610112"].Password, auth.Params{Memory: 16 * 1024, Time: 3, Threads: 1})
		if err := s.SetPassword(ctx, audit.System("test"), p.ID, slow); err != nil {
			t.Fatal(err)
		}
		const n = 16
		var wg sync.WaitGroup
		codes := make(chan int, n)
		start := make(chan struct{})
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				// Fewer than the per-client limit: only the account's own count is under test.
				req, _ := http.NewRequest("POST", e.ts.URL+"/login", strings.NewReader(url.Values{"login": {"editor@610112"}, "password": {"wrong-" + strconv.Itoa(i)}}.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Error(err)
					return
				}
				resp.Body.Close()
				codes <- resp.StatusCode
			}()
		}
		close(start)
		wg.Wait()
		close(codes)
		for c := range codes {
			if c != http.StatusUnauthorized {
				t.Errorf("status %d", c)
			}
		}
		got := auditCount(t, s, "login.")
		if checked := got["login.failed"] + got["login.locked"]; checked != e.app.Cfg.LockAttempts || got["login.locked"] != 1 || got["login.refused_locked"] != n-checked {
			t.Fatalf("passwords checked in parallel: %v (lockout after %d)", got, e.app.Cfg.LockAttempts)
		}
		if after, _ := s.Person(ctx, p.ID); !after.Locked(time.Now()) {
			t.Fatal("not locked after the parallel attempts")
		}
	})
}

// TestClientSignInLimit (issue 16, MEDIUM 8): one client address trying many logins is
// stopped with 429, whatever logins it tries; successful sign-ins do not count.
func TestClientSignInLimit(t *testing.T) { storetest.Each(t, testClientSignInLimit) }

func testClientSignInLimit(t *testing.T, s *store.Store) {
	e := newEnv(t, s)
	c := e.client("")
	limit := e.app.Cfg.ClientAttempts
	for i := range limit - 1 {
		if code, _ := postForm(t, c, e.ts.URL+"/login", url.Values{"login": {"guess" + strconv.Itoa(i) + "@610112"}, "password": {"nope-nope-nope"}}); code != 401 {
			t.Fatalf("attempt %d: %d", i+1, code)
		}
	}
	for range 3 { // successes are given back
		e.client("editor@610111")
	}
	if code, _ := postForm(t, c, e.ts.URL+"/login", url.Values{"login": {"last@610112"}, "password": {"nope-nope-nope"}}); code != 401 {
		t.Fatalf("attempt %d: %d", limit, code)
	}
	resp, err := c.PostForm(e.ts.URL+"/login", url.Values{"login": {"editor@610112"}, "password": {e.accounts["editor@610112"].Password}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" || !strings.Contains(string(b), "登录失败次数过多") {
		t.Fatalf("past the client limit: %d %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	if auditCount(t, e.store, "login.refused_client")["login.refused_client"] != 1 {
		t.Fatal("refusal not audited")
	}
}

// TestUnknownLoginLocksLikeKnown (issue 16, LOW): a login nobody has gets the same answers
// as a real one, the lock included, so the lockout does not tell which accounts exist.
func TestUnknownLoginLocksLikeKnown(t *testing.T) { storetest.Each(t, testUnknownLoginLocksLikeKnown) }

func testUnknownLoginLocksLikeKnown(t *testing.T, s *store.Store) {
	e := newEnv(t, s)
	answers := func(login string) []string {
		var out []string
		for range e.app.Cfg.LockAttempts + 1 {
			// A fresh client each time would not matter: the address is the same.
			code, body := postForm(t, e.client(""), e.ts.URL+"/login", url.Values{"login": {login}, "password": {"wrong-password"}})
			msg := "other"
			switch {
			case strings.Contains(body, "账户已锁定"):
				msg = "locked"
			case strings.Contains(body, "登录名或密码错误"):
				msg = "wrong"
			}
			out = append(out, strconv.Itoa(code)+" "+msg)
		}
		return out
	}
	known, unknown := answers("reviewer@610112"), answers("nobody@610112")
	if strings.Join(known, ",") != strings.Join(unknown, ",") || !strings.HasSuffix(known[len(known)-1], "locked") {
		t.Fatalf("known %v\nunknown %v", known, unknown)
	}
}

// TestLoginInvalidBytes (issue 16, LOW): a NUL byte or invalid UTF-8 in a login is a 4xx on
// both databases, never an internal error.
func TestLoginInvalidBytes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		for _, login := range []string{"admin\x00@610112", "\xff\xfe", "ad\x00min"} {
			code, body := postForm(t, e.client(""), e.ts.URL+"/login", url.Values{"login": {login}, "password": {"x"}})
			if code < 400 || code >= 500 || !strings.Contains(body, "工作人员登录") {
				t.Errorf("login %q: %d", login, code)
			}
		}
		// A user agent with invalid UTF-8 does not break a sign-in either.
		req, _ := http.NewRequest("POST", e.ts.URL+"/login", strings.NewReader(url.Values{"login": {"editor@610112"}, "password": {e.accounts["editor@610112"].Password}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("User-Agent", "bad\xffagent")
		c := e.client("")
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign-in with a bad user agent: %d", resp.StatusCode)
		}
	})
}

// TestNewAccountSetupLink (issue 16, MEDIUM 9): an administrator cannot choose a new
// person's password; the person sets it through a one-time link.
func TestNewAccountSetupLink(t *testing.T) { storetest.Each(t, testNewAccountSetupLink) }

func testNewAccountSetupLink(t *testing.T, s *store.Store) {
	e := newEnv(t, s)
	admin := e.client("admin@610112")
	// A password sent along (as the old form did) is not the account's password.
	code, body := postForm(t, admin, e.ts.URL+"/admin/orgs/610112/people", url.Values{"login": {"rev2@610112"}, "name": {"新审查员"},
		"password": {"Chosen-By-Admin-1"}, "roles": {"reviewer", "approver"}})
	if code, _ := postForm(t, e.client(""), e.ts.URL+"/login", url.Values{"login": {"rev2@610112"}, "password": {"Chosen-By-Admin-1"}}); code != 401 {
		t.Fatalf("the administrator's password signs in: %d", code)
	}
	if code != http.StatusCreated {
		t.Fatalf("create: %d", code)
	}
	link := setupLinkIn(t, body)
	// Weak passwords are refused on the setup page too.
	u, _ := url.Parse(link)
	secret := u.Query().Get("t")
	if code, body := postForm(t, e.client(""), e.ts.URL+"/account/setup", url.Values{"t": {secret}, "password": {"woaini1314520"}, "confirm": {"woaini1314520"}}); code != 422 || !strings.Contains(body, "常见密码") {
		t.Fatalf("common password: %d", code)
	}
	e.setPassword(t, link, "Shen-Cha-Yuan-7")
	// One time only.
	if code, _ := get(t, e.client(""), e.ts.URL+link); code != 404 {
		t.Fatalf("second use of the link: %d", code)
	}
	if code, _ := postForm(t, e.client(""), e.ts.URL+"/login", url.Values{"login": {"rev2@610112"}, "password": {"Shen-Cha-Yuan-7"}}); code != 303 {
		t.Fatalf("sign-in with the person's own password: %d", code)
	}
	if auditCount(t, e.store, "person.activate")["person.activate"] != 1 {
		t.Fatal("activation not audited")
	}
}

// TestExceptionNeedsSupervisor (issue 16, MEDIUM 9): the unit administrator only asks for the
// reviewer/approver exception; a supervisor of the city sees it and decides.
func TestExceptionNeedsSupervisor(t *testing.T) { storetest.Each(t, testExceptionNeedsSupervisor) }

func testExceptionNeedsSupervisor(t *testing.T, s *store.Store) {
	e := newEnv(t, s)
	ctx := context.Background()
	u := mustOrg(t, e.store, "610112")
	admin := e.client("admin@610112")
	if code, _ := postForm(t, admin, e.ts.URL+"/admin/orgs/610112/settings/policy", url.Values{"same_reviewer_approver": {"1"}}); code != 303 {
		t.Fatalf("request: %d", code)
	}
	if pol, _ := e.app.UnitPolicy(ctx, u.ID); pol.AllowSameReviewerApprover {
		t.Fatal("the exception is in effect on the unit administrator's word alone")
	}
	// The administrator cannot approve it, nor can the other unit's supervisor-less admin.
	if code, _ := postForm(t, admin, e.ts.URL+"/admin/orgs/610112/exception", url.Values{"decision": {"approve"}}); code != 403 {
		t.Fatalf("admin approves: %d", code)
	}
	sup := e.client("supervisor@610100")
	if _, body := get(t, sup, e.ts.URL+"/admin/orgs/610100/"); !strings.Contains(body, "待批准的发布流程例外") || !strings.Contains(body, "未央区") {
		t.Fatal("the request is not shown to the city's supervisor")
	}
	if _, body := get(t, sup, e.ts.URL+"/admin/orgs/610112/"); !strings.Contains(body, "待设区市或省政务公开办公室监督人员批准") {
		t.Fatal("the unit page does not show the request")
	}
	if code, _ := postForm(t, sup, e.ts.URL+"/admin/orgs/610112/exception", url.Values{"decision": {"approve"}}); code != 303 {
		t.Fatalf("supervisor approves: %d", code)
	}
	if pol, _ := e.app.UnitPolicy(ctx, u.ID); !pol.AllowSameReviewerApprover {
		t.Fatal("approved exception not in effect")
	}
	// Withdrawn by a supervisor of the province, it stops at once.
	if code, _ := postForm(t, e.client("supervisor@610000"), e.ts.URL+"/admin/orgs/610112/exception", url.Values{"decision": {"reject"}}); code != 303 {
		t.Fatalf("province withdraws: %d", code)
	}
	if pol, _ := e.app.UnitPolicy(ctx, u.ID); pol.AllowSameReviewerApprover {
		t.Fatal("withdrawn exception still in effect")
	}
	got := auditCount(t, e.store, "unit.exception")
	if got["unit.exception_request"] != 1 || got["unit.exception_approve"] != 1 || got["unit.exception_reject"] != 1 {
		t.Fatalf("audit: %v", got)
	}
}

// TestTokensRevokedAndExpire (issue 16, MEDIUM 11): an administrator's password reset and
// disabling revoke a person's API tokens; tokens expire; an administrator revokes one from
// the person's page.
func TestTokensRevokedAndExpire(t *testing.T) { storetest.Each(t, testTokensRevokedAndExpire) }

func testTokensRevokedAndExpire(t *testing.T, s *store.Store) {
	e := newEnv(t, s)
	ctx := context.Background()
	call := func(token string) int {
		req, _ := http.NewRequest("GET", e.ts.URL+"/api/v1/me", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	editor, _ := e.store.PersonByLogin(ctx, "editor@610112")
	tok, _, err := e.app.CreateToken(ctx, audit.System("test"), editor.ID, "集成", 90)
	if err != nil || call(tok) != 200 {
		t.Fatalf("new token: %v", err)
	}
	admin := e.client("admin@610112")
	personURL := e.ts.URL + "/admin/orgs/610112/people/" + strconv.FormatInt(editor.ID, 10)
	if code, _ := postForm(t, admin, personURL+"/password", url.Values{"password": {"New-Pass-Word-9"}}); code != 200 {
		t.Fatalf("reset: %d", code)
	}
	if code := call(tok); code != 401 {
		t.Fatalf("token after a password reset: %d", code)
	}
	// Disabling revokes too.
	tok2, _, _ := e.app.CreateToken(ctx, audit.System("test"), editor.ID, "第二个", 90)
	postForm(t, admin, personURL+"/disable", url.Values{"disabled": {"true"}, "confirm": {"yes"}})
	postForm(t, admin, personURL+"/disable", url.Values{"disabled": {"false"}})
	if code := call(tok2); code != 401 {
		t.Fatalf("token after disabling: %d", code)
	}
	// Revoking one from the page.
	tok3, t3, _ := e.app.CreateToken(ctx, audit.System("test"), editor.ID, "第三个", 90)
	if _, body := get(t, admin, personURL); !strings.Contains(body, "第三个") || !strings.Contains(body, "/tokens/"+strconv.FormatInt(t3.ID, 10)+"/revoke") {
		t.Fatal("token not listed with a revoke button")
	}
	if code, _ := postForm(t, admin, personURL+"/tokens/"+strconv.FormatInt(t3.ID, 10)+"/revoke", url.Values{"confirm": {"yes"}}); code != 303 || call(tok3) != 401 {
		t.Fatalf("revoke: %d", code)
	}
	// Expiry.
	tok4, _, _ := e.app.CreateToken(ctx, audit.System("test"), editor.ID, "一天", 1)
	if call(tok4) != 200 {
		t.Fatal("fresh token refused")
	}
	e.app.Clock = func() time.Time { return time.Now().Add(25 * time.Hour) }
	defer func() { e.app.Clock = time.Now }()
	if code := call(tok4); code != 401 {
		t.Fatalf("expired token: %d", code)
	}
}

// TestPasswordPolicy (issue 16, LOW): a person's own new password is refused when it holds
// the login, a run or a common password.
func TestPasswordPolicy(t *testing.T) { storetest.Each(t, testPasswordPolicy) }

func testPasswordPolicy(t *testing.T, s *store.Store) {
	e := newEnv(t, s)
	c := e.client("editor@610111")
	for _, pw := range []string{"woaini1314520", "0123456789ab", "editor@610111x", "Password2024!"} {
		code, _ := postForm(t, c, e.ts.URL+"/account/password", url.Values{"current": {e.accounts["editor@610111"].Password}, "password": {pw}})
		if code != 422 {
			t.Errorf("%q accepted: %d", pw, code)
		}
	}
	if code, _ := postForm(t, c, e.ts.URL+"/account/password", url.Values{"current": {e.accounts["editor@610111"].Password}, "password": {"Ba-Qiao-Jing-Ban-7"}}); code != 303 {
		t.Fatalf("a good password: %d", code)
	}
}

// TestSubOrgCodes (issue 16, LOW): a unit administrator's new organisations carry the unit's
// code as prefix; real division codes and reserved route words are refused.
func TestSubOrgCodes(t *testing.T) { storetest.Each(t, testSubOrgCodes) }

func testSubOrgCodes(t *testing.T, s *store.Store) {
	e := newEnv(t, s)
	admin := e.client("admin@610112")
	for _, code := range []string{"610113", "settings", "ratings", "610111-mzj2", "mzj"} {
		if st, _ := postForm(t, admin, e.ts.URL+"/admin/orgs/610112/new", url.Values{"kind": {"dept"}, "code": {code}, "name": {"某局"}}); st != 422 {
			t.Errorf("code %q: %d", code, st)
		}
	}
	if st, _ := postForm(t, admin, e.ts.URL+"/admin/orgs/610112/new", url.Values{"kind": {"dept"}, "code": {"610112-jyj"}, "name": {"未央区教育局"}}); st != 303 {
		t.Fatalf("prefixed code: %d", st)
	}
	// The system administrator still chooses freely, but not a reserved word.
	sys := e.client("sysadmin")
	if st, _ := postForm(t, sys, e.ts.URL+"/admin/orgs/610100/new", url.Values{"kind": {"unit"}, "code": {"610113"}, "name": {"雁塔区"}}); st != 303 {
		t.Fatalf("sysadmin division code: %d", st)
	}
	if st, _ := postForm(t, sys, e.ts.URL+"/admin/orgs/610100/new", url.Values{"kind": {"unit"}, "code": {"account"}, "name": {"保留"}}); st != 422 {
		t.Fatalf("reserved word: %d", st)
	}
}
