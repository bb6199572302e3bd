package main_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// browserSuite starts the server on a fresh demo database and runs e2e/<script> against it
// in Debian's chromium (playwright-core, axe-core), with env(s, dir) added to the script's
// environment; dir is the test's temporary directory, for files the script needs. Without
// node, /usr/bin/chromium or e2e's node modules it skips, or fails when
// GONGKAI_REQUIRE_BROWSER=1 (CI). what names the suite in a failure.
func browserSuite(t *testing.T, script, what string, env func(s *server, dir string) []string) {
	t.Helper()
	_, errNode := exec.LookPath("node")
	_, errChromium := os.Stat("/usr/bin/chromium")
	_, errModules := os.Stat("../../e2e/node_modules/playwright-core")
	if errNode != nil || errChromium != nil || errModules != nil {
		msg := "browser suite skipped: needs node, /usr/bin/chromium (apt-get install chromium) and `npm ci` in e2e/"
		if os.Getenv("GONGKAI_REQUIRE_BROWSER") == "1" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	dir := t.TempDir()
	s := start(t, "--demo", "--db", "sqlite:"+filepath.Join(dir, "g.db"), "--data", dir)
	cmd := exec.Command("node", script, s.base)
	cmd.Dir = "../../e2e"
	cmd.Env = os.Environ()
	if env != nil {
		cmd.Env = append(cmd.Env, env(s, dir)...)
	}
	out, err := cmd.CombinedOutput()
	t.Logf("%s", out)
	if err != nil {
		t.Fatalf("%s failed: %v", what, err)
	}
}
