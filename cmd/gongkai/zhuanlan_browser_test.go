package main_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestBrowserZhuanlan runs e2e/zhuanlan.mjs on the demo: the five sections of 未央区's
// 政府信息公开 专栏 reached by the site's links, portrait print of a record page and landscape
// print of a catalog table (page sizes from page.pdf), a feed rendered through its XSLT
// stylesheet, and axe-core on the new pages. It needs what TestBrowserAccessibility needs and
// skips the same way.
func TestBrowserZhuanlan(t *testing.T) {
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
	cmd := exec.Command("node", "zhuanlan.mjs", s.base)
	cmd.Dir = "../../e2e"
	out, err := cmd.CombinedOutput()
	t.Logf("%s", out)
	if err != nil {
		t.Fatalf("the 政府信息公开 专栏 in the browser failed: %v", err)
	}
}
