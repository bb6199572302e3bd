package export_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gongkai/internal/app"
	"gongkai/internal/auth"
	"gongkai/internal/cli"
	"gongkai/internal/config"
	"gongkai/internal/demo"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestCommand runs gongkai export-site as the command line does.
func TestCommand(t *testing.T) {
	t.Parallel()
	storetest.EachDSN(t, testCommand)
}

func testCommand(t *testing.T, dsn string) {
	t.Parallel()
	ctx := context.Background()
	data := t.TempDir()
	s, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	cfg.DataDir = data
	a := app.New(s, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	a.Hash = auth.TestParams
	if _, _, err := demo.Fill(ctx, a); err != nil {
		t.Fatal(err)
	}
	s.Close()
	out := filepath.Join(t.TempDir(), "site")
	run := func(env map[string]string, args ...string) (int, string, string) {
		var stdout, stderr bytes.Buffer
		code := cli.Main(cli.Env{Args: args, Stdout: &stdout, Stderr: &stderr, Ctx: ctx, Getenv: func(k string) string { return env[k] }})
		return code, stdout.String(), stderr.String()
	}
	env := map[string]string{"GONGKAI_DB": dsn, "GONGKAI_DATA": data, "GONGKAI_DYNAMIC_URL": "https://gk.example.gov.cn"}
	code, stdout, stderr := run(env, "export-site", "--out", out)
	if code != 0 || !strings.Contains(stdout, "已导出到") || !strings.Contains(stdout, "全量") || stderr != "" {
		t.Fatalf("first run: %d %q %q", code, stdout, stderr)
	}
	home, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil || !strings.Contains(string(home), `action="https://gk.example.gov.cn/search"`) {
		t.Fatalf("home page: %v\n%s", err, home)
	}
	feed, _ := os.ReadFile(filepath.Join(out, "feed.atom"))
	if !strings.Contains(string(feed), "<id>https://gk.example.gov.cn/feed.atom</id>") {
		t.Errorf("without --base-url the feed takes the dynamic address:\n%.400s", feed)
	}
	code, stdout, _ = run(env, "export-site", "--out", out)
	if code != 0 || !strings.Contains(stdout, "已是最新") {
		t.Fatalf("second run: %d %q", code, stdout)
	}
	// Without any address the links to the dynamic functions stay root-relative, with a hint.
	bare := filepath.Join(t.TempDir(), "bare")
	code, _, stderr = run(map[string]string{"GONGKAI_DB": dsn, "GONGKAI_DATA": data}, "export-site", "--out", bare)
	home, _ = os.ReadFile(filepath.Join(bare, "index.html"))
	if code != 0 || !strings.Contains(stderr, "提示") || !strings.Contains(string(home), `action="/search"`) {
		t.Errorf("without addresses: %d %q", code, stderr)
	}
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"export-site"}, 2, "须用 --out"},
		{[]string{"export-site", "--out", out, "--dynamic-url", "ftp://x"}, 2, "--dynamic-url"},
		{[]string{"export-site", "--out", out, "--base-url", "https://x.cn/?a=1"}, 2, "--base-url"},
		{[]string{"export-site", "--out", out, "extra"}, 2, "多余的参数"},
		{[]string{"export-site", "--out", out, "--db", "sqlite:" + filepath.Join(t.TempDir(), "none", "x.db")}, 1, ""},
	} {
		code, stdout, stderr := run(env, tc.args...)
		if code != tc.code || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, tc.msg) || stdout != "" {
			t.Errorf("%v: %d %q %q", tc.args, code, stdout, stderr)
		}
	}
	code, stdout, _ = run(env, "export-site", "--help")
	if code != 0 || !strings.Contains(stdout, "GONGKAI_DYNAMIC_URL") {
		t.Errorf("help: %d %q", code, stdout)
	}
}
