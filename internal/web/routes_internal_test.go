package web

import (
	"io"
	"log/slog"
	"net/http/httptest"
	"regexp"
	"testing"

	"gongkai/internal/app"
	"gongkai/internal/config"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestRouteMetadata checks the route table's Cacheable and Exported against what the server
// and the export do with them: the exporter answers the Exported routes and only those, the
// export is told exactly those, and an exported page, being the same for every visitor, is
// one the page cache may keep.
func TestRouteMetadata(t *testing.T) { storetest.Each(t, testRouteMetadata) }

func testRouteMetadata(t *testing.T, st *store.Store) {
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	s, err := New(app.New(st, cfg, slog.New(slog.NewTextHandler(io.Discard, nil))))
	if err != nil {
		t.Fatal(err)
	}
	ex := s.Exporter("example.org")
	listed := map[string]bool{}
	for _, p := range s.ExportRoutes() {
		listed[p] = true
	}
	param := regexp.MustCompile(`\{[a-z]+\}`)
	exported, cached := 0, 0
	for _, rt := range s.Routes() {
		if rt.Exported {
			exported++
		}
		if rt.Cacheable {
			cached++
		}
		if rt.Exported != listed[rt.Pattern] && rt.Method == "GET" {
			t.Errorf("%s %s: Exported %v, listed by ExportRoutes %v", rt.Method, rt.Pattern, rt.Exported, listed[rt.Pattern])
		}
		if rt.Exported && !rt.Cacheable {
			t.Errorf("%s %s is exported but not cacheable", rt.Method, rt.Pattern)
		}
		if rt.Cacheable && (rt.Method != "GET" || (rt.Access != Public && rt.Access != APIOpen)) {
			t.Errorf("%s %s is cacheable but not a public GET route", rt.Method, rt.Pattern)
		}
		if rt.Method != "GET" {
			continue
		}
		path := param.ReplaceAllString(regexp.MustCompile(`\{\$\}`).ReplaceAllString(rt.Pattern, ""), "p1")
		_, pattern := ex.mux.Handler(httptest.NewRequest("GET", path, nil))
		if served := pattern == "GET "+rt.Pattern; served != rt.Exported {
			t.Errorf("%s (%s): exporter answers with %q; Exported is %v", rt.Pattern, path, pattern, rt.Exported)
		}
	}
	// The figures of the route table today: a change to them is a decision to make here.
	if exported != 17 || cached != 29 { // with participation's Q&A pages, the request form (依申请公开), the pilot pages, the indicator sets, the 公示栏 notice, the 专栏 and robots.txt
		t.Errorf("%d exported and %d cacheable routes, want 17 and 29", exported, cached)
	}
}
