package cli_test

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"testing"

	"gongkai/internal/audit"
	"gongkai/internal/cli"
	"gongkai/internal/org"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := cli.Main(cli.Env{Args: args, Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" }})
	return code, out.String(), errOut.String()
}

// TestTokenCommands (issue 16, MEDIUM 11): tokens are created with an expiry, listed and
// revoked from the command line; create still prints the token alone on stdout.
func TestTokenCommands(t *testing.T) { storetest.EachDSN(t, testTokenCommands) }

func testTokenCommands(t *testing.T, dsn string) {
	if code, _, stderr := run(t, "migrate", "--db", dsn); code != 0 {
		t.Fatal(stderr)
	}
	ctx := context.Background()
	s, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	o, err := s.CreateOrg(ctx, audit.System("test"), org.Org{Code: "610000", Name: "省政府政务公开办公室", Kind: org.KindProvince})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreatePerson(ctx, audit.System("test"), org.Person{Login: "robot", Name: "接口账户", PasswordHash: "x",
		Grants: []org.Grant{{OrgID: o.ID, Role: org.RoleAssessor}}}); err != nil {
		t.Fatal(err)
	}
	s.Close()

	code, stdout, stderr := run(t, "token", "create", "--user", "robot", "--days", "7", "--db", dsn)
	if code != 0 || strings.Count(stdout, "\n") != 1 || !strings.HasPrefix(stdout, "gk_") || !strings.Contains(stderr, "到期") {
		t.Fatalf("create: %d %q %q", code, stdout, stderr)
	}
	if code, _, _ := run(t, "token", "create", "--user", "robot", "--days", "0", "--db", dsn); code != 2 {
		t.Fatalf("--days 0: %d", code)
	}
	code, stdout, _ = run(t, "token", "list", "--user", "robot", "--db", dsn)
	if code != 0 || !strings.Contains(stdout, "有效") {
		t.Fatalf("list: %d %s", code, stdout)
	}
	id := strings.Fields(strings.Split(stdout, "\n")[1])[0]
	if _, err := strconv.Atoi(id); err != nil {
		t.Fatalf("list: no ID in %q", stdout)
	}
	if code, stdout, stderr := run(t, "token", "revoke", id, "--db", dsn); code != 0 || !strings.Contains(stdout, "已撤销令牌 "+id) {
		t.Fatalf("revoke: %d %s %s", code, stdout, stderr)
	}
	if _, stdout, _ = run(t, "token", "list", "--user", "robot", "--db", dsn); !strings.Contains(stdout, "已撤销") {
		t.Fatalf("after revoke: %s", stdout)
	}
	if code, _, stderr := run(t, "token", "revoke", "9999", "--db", dsn); code != 1 || !strings.Contains(stderr, "不存在") {
		t.Fatalf("unknown token: %d %s", code, stderr)
	}
}
