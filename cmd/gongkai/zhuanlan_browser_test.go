package main_test

import "testing"

// TestBrowserZhuanlan runs e2e/zhuanlan.mjs on the demo: the five sections of 未央区's
// 政府信息公开 专栏 reached by the site's links, portrait print of a record page and landscape
// print of a catalog table (page sizes from page.pdf), a feed rendered through its XSLT
// stylesheet, and axe-core on the new pages. It needs what TestBrowserAccessibility needs and
// skips the same way.
func TestBrowserZhuanlan(t *testing.T) {
	browserSuite(t, "zhuanlan.mjs", "the 政府信息公开 专栏 in the browser", nil)
}
