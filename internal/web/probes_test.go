package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

func TestProbePages(t *testing.T) { storetest.Each(t, testProbePages) }

// testProbePages registers a unit's external site through the staff page: loopback refused
// with the field named, a public address accepted and listed, an editor kept out.
func testProbePages(t *testing.T, s *store.Store) {
	e := newEnv(t, s)
	admin := e.client("admin@610112")
	page := e.ts.URL + "/admin/orgs/610112/probes"
	if code, body := postForm(t, admin, page, url.Values{"url": {"http://127.0.0.1:8080/"}}); code != http.StatusUnprocessableEntity || !strings.Contains(body, "不能指向本机、内网或链路本地地址") {
		t.Fatalf("loopback site: %d %.300s", code, body)
	}
	if code, _ := postForm(t, admin, page, url.Values{"url": {"http://93.184.216.34/"}, "label": {"县政府门户网站"}}); code != http.StatusSeeOther {
		t.Fatalf("public site: %d", code)
	}
	if code, body := get(t, admin, page); code != 200 || !strings.Contains(body, "http://93.184.216.34/") || !strings.Contains(body, "尚未监测") {
		t.Fatalf("page: %d %.300s", code, body)
	}
	if code, _ := get(t, e.client("supervisor@610100"), page); code != 200 {
		t.Fatalf("city supervisor: %d", code)
	}
	if code, _ := get(t, e.client("editor@610112"), page); code != http.StatusForbidden {
		t.Fatalf("editor: %d", code)
	}

	// The same through the API.
	tok := e.token("admin@610112")
	if code, out := apiDo(t, e, tok, "POST", "/api/v1/units/610112/probe-sites", map[string]any{"url": "http://10.0.0.8/"}); code != 422 {
		t.Fatalf("private site by API: %d %v", code, out)
	} else if f, _ := fieldOf(out); f != "url" {
		t.Fatalf("private site by API: field %q", f)
	}
	if code, out := apiDo(t, e, tok, "POST", "/api/v1/units/610112/probe-sites", map[string]any{"url": "https://93.184.216.35/", "label": "部门网站"}); code != 201 {
		t.Fatalf("site by API: %d %v", code, out)
	}
	code, out := apiDo(t, e, tok, "GET", "/api/v1/units/610112/probe-sites", nil)
	if sites, _ := out["sites"].([]any); code != 200 || len(sites) != 3 { // the demo site and the two above
		t.Fatalf("sites by API: %d %v", code, out)
	}
	if code, _ := apiDo(t, e, e.token("editor@610112"), "GET", "/api/v1/units/610112/probe-sites", nil); code != 403 {
		t.Fatalf("editor by API: %d", code)
	}
}

func TestInspectionDomainBreakdown(t *testing.T) { storetest.Each(t, testInspectionDomainBreakdown) }

// testInspectionDomainBreakdown: a unit's detail in the demo's closed round shows its
// deductions per domain beside the indicators, unit-wide ones named as such.
func testInspectionDomainBreakdown(t *testing.T, s *store.Store) {
	e := newEnv(t, s)
	code, body := get(t, e.client("admin@610112"), e.ts.URL+"/admin/orgs/610112/inspections/1?unit=610112")
	if code != 200 || !strings.Contains(body, "按领域的扣分") || !strings.Contains(body, "单位整体") {
		t.Fatalf("detail: %d %.400s", code, body)
	}
}
