package main_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestBrowserParticipation runs e2e/participation.mjs on the demo: commenting on the open
// consultation and asking a question in chromium without JavaScript at 360 pixels, and the
// new page types checked with axe-core. It needs what TestBrowserAccessibility needs and
// skips the same way.
func TestBrowserParticipation(t *testing.T) {
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
	cmd := exec.Command("node", "participation.mjs", s.base)
	cmd.Dir = "../../e2e"
	out, err := cmd.CombinedOutput()
	t.Logf("%s", out)
	if err != nil {
		t.Fatalf("participation in the browser failed: %v", err)
	}
}
