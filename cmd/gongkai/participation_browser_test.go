package main_test

import "testing"

// TestBrowserParticipation runs e2e/participation.mjs on the demo: commenting on the open
// consultation and asking a question in chromium without JavaScript at 360 pixels, and the
// new page types checked with axe-core. It needs what TestBrowserAccessibility needs and
// skips the same way.
func TestBrowserParticipation(t *testing.T) {
	browserSuite(t, "participation.mjs", "participation in the browser", nil)
}
