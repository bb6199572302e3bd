package main_test

import "testing"

// TestBrowserCampaigns runs e2e/campaigns.mjs on the demo: the supervision pages (the
// campaign form, dashboards, obligations with a filing and its attachment, liaisons) and the
// request pages (the application form, the status page, the staff list, a request, the
// annual report) in chromium without JavaScript at 360 pixels, checked with axe-core. It
// needs what TestBrowserAccessibility needs and skips the same way.
func TestBrowserCampaigns(t *testing.T) {
	browserSuite(t, "campaigns.mjs", "the supervision and request pages in the browser", func(s *server, _ string) []string {
		return []string{"E2E_PROVINCE=supervisor@610000:" + s.passwords["supervisor@610000"], "E2E_UNIT=admin@610112:" + s.passwords["admin@610112"]}
	})
}
