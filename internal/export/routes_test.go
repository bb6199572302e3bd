package export

import (
	"io"
	"log/slog"
	"strings"
	"testing"

	"gongkai/internal/app"
	"gongkai/internal/config"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
	"gongkai/internal/web"
)

// TestEveryPublicPageExported fails when a public page type is added to the router without
// the export knowing where its file goes.
func TestEveryPublicPageExported(t *testing.T) { storetest.Each(t, testEveryPublicPageExported) }

func testEveryPublicPageExported(t *testing.T, s *store.Store) {
	a := app.New(s, config.Default(), slog.New(slog.NewTextHandler(io.Discard, nil)))
	srv, err := web.New(a)
	if err != nil {
		t.Fatal(err)
	}
	rs := testResolver()
	sample := strings.NewReplacer("{$}", "", "{unit}", "610112", "{domain}", "shjz", "{key}", "k1", "{id}", "7", "{hash}", "abc", "{file}", "style.css", "{campaign}", "3", "{topic}", "pilot")
	routes := srv.ExportRoutes()
	for _, pattern := range routes {
		p := sample.Replace(pattern)
		if strings.Contains(p, "{") {
			t.Errorf("route %s: no sample value for its parameters", pattern)
			continue
		}
		if _, ok := rs.resolve(p, ""); !ok {
			t.Errorf("route %s (%s) has no place in the export", pattern, p)
		}
	}
	if len(routes) < 12 {
		t.Fatalf("only %d public routes: %v", len(routes), routes)
	}
}
