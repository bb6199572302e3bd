package main_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestBrowserCampaigns runs e2e/campaigns.mjs on the demo: the supervision pages (the
// campaign form, dashboards, obligations with a filing and its attachment, liaisons) and the
// request pages (the application form, the status page, the staff list, a request, the
// annual report) in chromium without JavaScript at 360 pixels, checked with axe-core. It
// needs what TestBrowserAccessibility needs and skips the same way.
func TestBrowserCampaigns(t *testing.T) {
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
	cmd := exec.Command("node", "campaigns.mjs", s.base)
	cmd.Dir = "../../e2e"
	cmd.Env = append(os.Environ(), "E2E_PROVINCE=supervisor@610000:"+s.passwords["supervisor@610000"], "E2E_UNIT=admin@610112:"+s.passwords["admin@610112"])
	out, err := cmd.CombinedOutput()
	t.Logf("%s", out)
	if err != nil {
		t.Fatalf("the supervision and request pages in the browser failed: %v", err)
	}
}
