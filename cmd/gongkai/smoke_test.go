package main_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// The smoke tests build and run the real binary.

var buildOnce sync.Once
var binPath, buildErr = "", error(nil)

func binary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "gongkai-bin")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "gongkai")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// server is a running gongkai process.
type server struct {
	cmd       *exec.Cmd
	base      string
	passwords map[string]string
	stderr    *strings.Builder
	done      chan error
}

var startedRe = regexp.MustCompile(`已启动：(http://\S+?)/ `)

func start(t *testing.T, args ...string) *server {
	t.Helper()
	cmd := exec.Command(binary(t), append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	cmd.Env = append(os.Environ(), "GONGKAI_LOG_LEVEL=debug")
	stdout, _ := cmd.StdoutPipe()
	s := &server{cmd: cmd, passwords: map[string]string{}, stderr: &strings.Builder{}, done: make(chan error, 1)}
	cmd.Stderr = s.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); <-s.done })
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
		s.done <- cmd.Wait()
	}()
	timeout := time.After(60 * time.Second)
	for {
		select {
		case line, ok := <-lines:
			if !ok {
				t.Fatalf("server exited before starting: %s", s.stderr)
			}
			if m := startedRe.FindStringSubmatch(line); m != nil {
				s.base = m[1]
				go func() {
					for range lines {
					}
				}()
				return s
			}
			if f := strings.Fields(line); len(f) >= 2 && strings.Contains(f[0], "@") || len(f) >= 2 && (f[0] == "sysadmin" || f[0] == "assessor") {
				s.passwords[f[0]] = f[1]
			}
		case <-timeout:
			t.Fatalf("server did not start: %s", s.stderr)
		}
	}
}

func (s *server) signIn(t *testing.T, login string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.PostForm(s.base+"/login", url.Values{"login": {login}, "password": {s.passwords[login]}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in %s: %d", login, resp.StatusCode)
	}
	return c
}

func TestSmokeDemoSignIn(t *testing.T) { storetest.EachDSN(t, testSmokeDemoSignIn) }

func testSmokeDemoSignIn(t *testing.T, dsn string) {
	dir := t.TempDir()
	s := start(t, "--demo", "--db", dsn, "--data", dir)
	if len(s.passwords) != 19 { // 13, and a drafter, reviewer and approver at 610112-mzj and 610112-zjbjd
		t.Fatalf("demo printed %d accounts: %v", len(s.passwords), s.passwords)
	}
	c := s.signIn(t, "admin@610112")
	resp, err := c.Get(s.base + "/admin/orgs/610112/")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(b), "未央区") || !strings.Contains(string(b), "张家堡街道") {
		t.Fatalf("admin page: %d", resp.StatusCode)
	}
	// SIGTERM: a clean, prompt exit.
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-s.done:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v\n%s", err, s.stderr)
		}
		s.done <- nil
	case <-time.After(30 * time.Second):
		t.Fatal("no exit 30 s after SIGTERM")
	}
	if !strings.Contains(s.stderr.String(), "msg=stopped") {
		t.Fatalf("no clean stop in the log:\n%s", s.stderr)
	}
}

// TestSmokeKilledWhileWriting kills the server with SIGKILL while people are being
// created and checks that, after a restart, the database opens and holds every write the
// server acknowledged, and the audit chain is intact.
func TestSmokeKilledWhileWriting(t *testing.T) { storetest.EachDSN(t, testSmokeKilledWhileWriting) }

func testSmokeKilledWhileWriting(t *testing.T, dsn string) {
	dir := t.TempDir()
	s := start(t, "--demo", "--db", dsn, "--data", dir)
	c := s.signIn(t, "admin@610112")
	var acked []string
	// Write for at least 1.5 s and at least 5 acknowledged writes (a loaded machine is slow).
	began := time.Now()
	for i := 0; time.Since(began) < 1500*time.Millisecond || (len(acked) < 5 && time.Since(began) < 60*time.Second); i++ {
		login := fmt.Sprintf("p%d@610112", i)
		resp, err := c.PostForm(s.base+"/admin/orgs/610112/people", url.Values{"login": {login}, "name": {"压力测试"}, "roles": {"editor"}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusCreated {
			acked = append(acked, login)
		}
	}
	// Kill with a request in flight.
	go c.PostForm(s.base+"/admin/orgs/610112/people", url.Values{"login": {"inflight@610112"}, "name": {"x"}, "roles": {"editor"}})
	time.Sleep(5 * time.Millisecond)
	s.cmd.Process.Kill()
	<-s.done
	s.done <- nil
	if len(acked) < 5 {
		t.Fatalf("only %d writes acknowledged before the kill", len(acked))
	}
	st, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, login := range acked {
		if _, err := st.PersonByLogin(context.Background(), login); err != nil {
			t.Fatalf("acknowledged %s lost: %v", login, err)
		}
	}
	out, err := exec.Command(binary(t), "audit", "verify", "--db", dsn).CombinedOutput()
	if err != nil {
		t.Fatalf("audit verify after kill: %v\n%s", err, out)
	}
	// And it serves again.
	s2 := start(t, "--db", dsn, "--data", dir)
	resp, err := http.Get(s2.base + "/healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("restart: %v", err)
	}
	resp.Body.Close()
	t.Logf("%d acknowledged writes survived SIGKILL", len(acked))
}

// TestSmokeEdgeSettings: the edge limits reach the server from flags and the environment.
func TestSmokeEdgeSettings(t *testing.T) { storetest.EachDSN(t, testSmokeEdgeSettings) }

func testSmokeEdgeSettings(t *testing.T, dsn string) {
	dir := t.TempDir()
	t.Setenv("GONGKAI_MAX_PUBLIC_BODY", "1KiB")
	s := start(t, "--demo", "--db", dsn, "--data", dir, "--metrics-token", "m3trics")
	for _, tc := range []struct {
		auth string
		code int
	}{{"", 401}, {"Bearer m3trics", 200}} {
		req, _ := http.NewRequest("GET", s.base+"/metrics", nil)
		if tc.auth != "" {
			req.Header.Set("Authorization", tc.auth)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tc.code {
			t.Errorf("/metrics with %q: %d, want %d", tc.auth, resp.StatusCode, tc.code)
		}
	}
	resp, err := http.PostForm(s.base+"/ratings", url.Values{"reason": {strings.Repeat("x", 2048)}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("2 KiB rating with a 1 KiB limit: %d", resp.StatusCode)
	}
	// Without --base-url, feeds link to the address actually listened on.
	resp, err = http.Get(s.base + "/feed.atom")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(b), `href="`+s.base+`/"`) {
		t.Errorf("feed links do not use %s:\n%.300s", s.base, b)
	}
}

func TestSmokeBadInvocations(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"serve", "--bogus"}, 2, "未知参数"},
		{[]string{"frobnicate"}, 2, "未知命令"},
		{[]string{"serve", "--db", "mysql://x"}, 2, "数据库地址无效"},
		{[]string{"serve", "--db", "sqlite:"}, 2, "数据库地址无效"},
		{[]string{"serve", "--session-idle", "soon"}, 2, "session-idle"},
		{[]string{"serve", "--max-public-body", "lots"}, 2, "max-public-body"},
		{[]string{"serve", "--max-busy", "0"}, 2, "max-busy"},
		{[]string{"serve", "--trusted-proxies", "10.0.0.0/33"}, 2, "trusted-proxies"},
		{[]string{"serve", "--base-url", "ftp://gk.example"}, 2, "--base-url"},
		{[]string{"migrate", "--db", "postgres://nobody:x@127.0.0.1:1/none?connect_timeout=2"}, 1, "无法连接数据库"},
		{[]string{"token", "create", "--db", "sqlite:" + filepath.Join(dir, "t.db")}, 2, "--user"},
	} {
		cmd := exec.Command(binary(t), tc.args...)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		err := cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		}
		msg := strings.TrimSpace(stderr.String())
		if code != tc.code || !strings.Contains(msg, tc.want) || strings.Count(msg, "\n") > 0 && tc.args[0] != "frobnicate" {
			t.Errorf("%v: exit %d, stderr %q; want exit %d with %q on one line", tc.args, code, msg, tc.code, tc.want)
		}
	}
}

func TestSmokeRefusesNewerSchema(t *testing.T) { storetest.EachDSN(t, testSmokeRefusesNewerSchema) }

func testSmokeRefusesNewerSchema(t *testing.T, dsn string) {
	dir := t.TempDir()
	if out, err := exec.Command(binary(t), "migrate", "--db", dsn).CombinedOutput(); err != nil {
		t.Fatalf("migrate: %v %s", err, out)
	}
	st, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.RawForTest().Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', CURRENT_TIMESTAMP)"); err != nil {
		t.Fatal(err)
	}
	st.Close()
	out, err := exec.Command(binary(t), "serve", "--addr", "127.0.0.1:0", "--db", dsn, "--data", dir).CombinedOutput()
	if err == nil || !strings.Contains(string(out), "新于本程序支持的版本") {
		t.Fatalf("newer schema accepted: %v %s", err, out)
	}
}

func TestSmokeTokenCreate(t *testing.T) { storetest.EachDSN(t, testSmokeTokenCreate) }

func testSmokeTokenCreate(t *testing.T, dsn string) {
	dir := t.TempDir()
	s := start(t, "--demo", "--db", dsn, "--data", dir)
	out, err := exec.Command(binary(t), "token", "create", "--user", "editor@610112", "--db", dsn).Output()
	if err != nil {
		t.Fatal(err)
	}
	tok := strings.TrimSpace(string(out))
	if !strings.HasPrefix(tok, "gk_") || strings.Contains(tok, "\n") {
		t.Fatalf("token output %q", out)
	}
	req, _ := http.NewRequest("GET", s.base+"/api/v1/me", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(b), `"editor@610112"`) {
		t.Fatalf("/api/v1/me: %d %s", resp.StatusCode, b)
	}
	if out, err := exec.Command(binary(t), "token", "create", "--user", "nobody", "--db", dsn).CombinedOutput(); err == nil || !strings.Contains(string(out), "不存在") {
		t.Fatalf("token for unknown user: %v %s", err, out)
	}
}

func TestSmokeCalendarCommands(t *testing.T) { storetest.EachDSN(t, testSmokeCalendarCommands) }

func testSmokeCalendarCommands(t *testing.T, dsn string) {
	out, err := exec.Command(binary(t), "calendar", "add", "--from", "2026-09-30", "--working-days", "20").Output()
	if err != nil || strings.TrimSpace(string(out)) != "2026-11-03" {
		t.Fatalf("calendar add: %v %q", err, out)
	}
	out, err = exec.Command(binary(t), "calendar", "add", "--from", "2026-09-20", "--days", "20", "--explain").Output()
	if err != nil || !strings.HasPrefix(string(out), "2026-10-10\n自2026年9月20日起20日") {
		t.Fatalf("calendar add --days: %v %q", err, out)
	}
	dir := t.TempDir()
	bad := filepath.Join(dir, "2027.json")
	os.WriteFile(bad, []byte(`{"year": 2027, "days": [{"name": "元旦", "date": "2027-01-01", "isOffDay": true}, {"name": "元旦", "date": "2027-01-01", "isOffDay": false}]}`), 0o644)
	cmd := exec.Command(binary(t), "calendar", "import", bad, "--db", dsn)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Run(); err == nil || !strings.Contains(stderr.String(), "2027.json") || strings.Count(strings.TrimSpace(stderr.String()), "\n") != 0 {
		t.Fatalf("bad import: %v %q", err, stderr.String())
	}
	good := filepath.Join(dir, "good-2027.json")
	os.WriteFile(good, []byte(`{"year": 2027, "papers": [], "days": [{"name": "元旦", "date": "2027-01-01", "isOffDay": true}]}`), 0o644)
	if out, err := exec.Command(binary(t), "calendar", "import", "--db", dsn, good).CombinedOutput(); err != nil || !strings.Contains(string(out), "已导入2027年") {
		t.Fatalf("good import: %v %s", err, out)
	}
	// With the database, 2027 is no longer provisional.
	cmd = exec.Command(binary(t), "calendar", "add", "--from", "2026-12-20", "--working-days", "20", "--db", dsn)
	stderr.Reset()
	cmd.Stderr = &stderr
	if out, err := cmd.Output(); err != nil || strings.TrimSpace(string(out)) != "2027-01-18" || strings.Contains(stderr.String(), "推算") {
		t.Fatalf("calendar add with db: %v %q %q", err, out, stderr.String())
	}
}

func TestSmokeCatalogCommands(t *testing.T) { storetest.EachDSN(t, testSmokeCatalogCommands) }

func testSmokeCatalogCommands(t *testing.T, dsn string) {
	dir := t.TempDir()
	start(t, "--demo", "--db", dsn, "--data", dir)
	out := filepath.Join(dir, "c.xlsx")
	if b, err := exec.Command(binary(t), "catalog", "export", "--unit", "610112", "--domain", "shjz", "--db", dsn, "--out", out).CombinedOutput(); err != nil {
		t.Fatalf("export: %v %s", err, b)
	}
	b, err := exec.Command(binary(t), "catalog", "import", "--unit", "610112", "--domain", "shjz", "--db", dsn, out).CombinedOutput()
	if err != nil || !strings.Contains(string(b), "第2版（草稿）") {
		t.Fatalf("import: %v %s", err, b)
	}
	bad := filepath.Join(dir, "bad.xlsx")
	os.WriteFile(bad, []byte("this is not a workbook"), 0o644)
	cmd := exec.Command(binary(t), "catalog", "import", "--unit", "610112", "--domain", "shjz", "--db", dsn, bad)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Run(); err == nil || !strings.Contains(stderr.String(), "bad.xlsx") || strings.Count(strings.TrimSpace(stderr.String()), "\n") != 0 {
		t.Fatalf("bad import: %v %q", err, stderr.String())
	}
}

// api calls the JSON API of a running server.
func api(t *testing.T, base, method, path, token string, body any) (int, map[string]any) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, base+path, rd)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil
	}
	defer resp.Body.Close()
	var v map[string]any
	json.NewDecoder(resp.Body).Decode(&v)
	return resp.StatusCode, v
}

func tokenFor(t *testing.T, dsn, login string) string {
	t.Helper()
	out, err := exec.Command(binary(t), "token", "create", "--user", login, "--db", dsn).Output()
	if err != nil {
		t.Fatalf("token for %s: %v", login, err)
	}
	return strings.TrimSpace(string(out))
}

// draftReady creates a record through the API and takes it to awaiting approval.
func draftReady(t *testing.T, base string, tok map[string]string, title string) string {
	t.Helper()
	code, cat := api(t, base, "GET", "/api/v1/units/610112/catalogs/shjz", "", nil)
	if code != 200 {
		t.Fatalf("catalog: %d", code)
	}
	entry := cat["entries"].([]any)[0].(map[string]any)["id"]
	code, r := api(t, base, "POST", "/api/v1/records", tok["editor"], map[string]any{"unit": "610112", "domain": "shjz", "entry_id": entry, "title": title, "body_html": "<p>" + title + "</p>",
		"formed_on": time.Now().Format("2006-01-02")})
	if code != 201 {
		t.Fatalf("create: %d %v", code, r)
	}
	id := fmt.Sprint(int64(r["id"].(float64)))
	if code, r = api(t, base, "POST", "/api/v1/records/"+id+"/submit", tok["editor"], map[string]any{}); code != 200 {
		t.Fatalf("submit: %d %v", code, r)
	}
	if code, r = api(t, base, "POST", "/api/v1/records/"+id+"/review", tok["reviewer"], map[string]any{"decision": "pass"}); code != 200 {
		t.Fatalf("review: %d %v", code, r)
	}
	return id
}

// TestSmokeScheduledAcrossRestart: a record scheduled for a moment when the server is down
// is published as soon as the server is back.
func TestSmokeScheduledAcrossRestart(t *testing.T) {
	storetest.EachDSN(t, testSmokeScheduledAcrossRestart)
}

func testSmokeScheduledAcrossRestart(t *testing.T, dsn string) {
	dir := t.TempDir()
	s := start(t, "--demo", "--db", dsn, "--data", dir)
	tok := map[string]string{}
	for _, role := range []string{"editor", "reviewer", "approver"} {
		tok[role] = tokenFor(t, dsn, role+"@610112")
	}
	id := draftReady(t, s.base, tok, "定时发布测试")
	at := time.Now().Add(3 * time.Second)
	code, r := api(t, s.base, "POST", "/api/v1/records/"+id+"/approve", tok["approver"], map[string]any{"decision": "approve", "at": at.In(time.FixedZone("CST", 8*3600)).Format(time.RFC3339)})
	if code != 200 || r["state"] != "scheduled" {
		t.Fatalf("approve at: %d %v", code, r)
	}
	s.cmd.Process.Signal(syscall.SIGTERM)
	<-s.done
	s.done <- nil
	time.Sleep(time.Until(at) + time.Second) // the time passes while the server is down
	s2 := start(t, "--db", dsn, "--data", dir)
	deadline := time.Now().Add(60 * time.Second)
	for {
		code, r := api(t, s2.base, "GET", "/api/v1/records/"+id, "", nil)
		if code == 200 && r["state"] == "published" && r["index_no"] != nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("not published a minute after restart: %d %v", code, r)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// TestSmokeKilledDuringPublication: after SIGKILL in the middle of publications, every record
// is either published with its index number and its audit entry, or not published at all.
func TestSmokeKilledDuringPublication(t *testing.T) {
	storetest.EachDSN(t, testSmokeKilledDuringPublication)
}

func testSmokeKilledDuringPublication(t *testing.T, dsn string) {
	dir := t.TempDir()
	s := start(t, "--demo", "--db", dsn, "--data", dir)
	tok := map[string]string{}
	for _, role := range []string{"editor", "reviewer", "approver"} {
		tok[role] = tokenFor(t, dsn, role+"@610112")
	}
	var ids []string
	for i := 0; i < 12; i++ {
		ids = append(ids, draftReady(t, s.base, tok, fmt.Sprintf("发布中断测试%d", i)))
	}
	done := make(chan struct{})
	fourth := make(chan struct{})
	go func() {
		defer close(done)
		for i, id := range ids {
			if i == 4 {
				close(fourth)
			}
			api(t, s.base, "POST", "/api/v1/records/"+id+"/approve", tok["approver"], map[string]any{"decision": "approve"})
		}
	}()
	<-fourth // kill with the fifth publication in flight
	time.Sleep(2 * time.Millisecond)
	s.cmd.Process.Kill()
	<-s.done
	s.done <- nil
	<-done
	st, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	published := 0
	for _, idText := range ids {
		var id int64
		fmt.Sscan(idText, &id)
		row, err := st.RecordRowByID(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		log, _ := st.RecordLog(context.Background(), id)
		approved := false
		for _, e := range log {
			approved = approved || e.Action == "record.approve"
		}
		isPub := row.State == "published"
		if isPub != (row.IndexNo != "") || isPub != approved || (!isPub && row.State != "awaiting_approval") {
			t.Fatalf("record %d half published: state %s, index %q, audited %v", id, row.State, row.IndexNo, approved)
		}
		if isPub {
			published++
		}
	}
	if out, err := exec.Command(binary(t), "audit", "verify", "--db", dsn).CombinedOutput(); err != nil {
		t.Fatalf("audit verify: %v %s", err, out)
	}
	t.Logf("%d of %d publications completed before the kill; none half done", published, len(ids))
}

// TestBrowserAccessibility runs e2e/a11y.mjs: the public page types in Debian's chromium,
// driven by playwright-core, checked with axe-core. It needs node, /usr/bin/chromium and
// `npm ci` in e2e/ (.ci/run installs them); elsewhere it skips unless
// GONGKAI_REQUIRE_BROWSER=1 says the browser suite must run.
func TestBrowserAccessibility(t *testing.T) {
	browserSuite(t, "a11y.mjs", "accessibility check", func(s *server, _ string) []string {
		return []string{"E2E_LOGIN=admin@610112", "E2E_PASSWORD=" + s.passwords["admin@610112"]}
	})
}
