package web_test

import (
	"context"
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"gongkai/internal/record"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestColumnPublic: the 政府信息公开 专栏 of a unit's site with its five sections, the
// breadcrumbs that lead into it, robots.txt, the feed's stylesheet and autodiscovery, and the
// record page without empty metadata rows.
func TestColumnPublic(t *testing.T) { storetest.Each(t, testColumnPublic) }

func testColumnPublic(t *testing.T, s *store.Store) {
	e := newEnv(t, s)
	c := e.client("")
	code, body := get(t, c, e.ts.URL+"/610112/xxgk/")
	if code != http.StatusOK {
		t.Fatalf("column page: %d", code)
	}
	for _, want := range []string{"西安市未央区人民政府 · 政府信息公开", `id="guide"`, `id="rules"`, `id="proactive"`, `id="annual"`, `id="request"`,
		"西安市未央区人民政府政府信息公开指南（示例）", "政府信息公开保密审查制度", "2025年度：", `href="/610112/catalog/shjz/"`, `href="/610112/requests/new"`,
		`rel="alternate" type="application/atom+xml"`} {
		if !strings.Contains(body, want) {
			t.Errorf("column page lacks %q", want)
		}
	}
	// The annual report's page sits under the column in the breadcrumbs, with no empty rows.
	m := regexp.MustCompile(`href="/610112/records/(\d+)">2025年度`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no annual report link")
	}
	_, rec := get(t, c, e.ts.URL+"/610112/records/"+m[1])
	for _, want := range []string{`<a href="/610112/xxgk/">政府信息公开</a>`, `<a href="/610112/xxgk/#annual">政府信息公开年报</a>`, "三、收到和处理政府信息公开申请情况", "发布机构</th><td>西安市未央区人民政府"} {
		if !strings.Contains(rec, want) {
			t.Errorf("annual report page lacks %q", want)
		}
	}
	for _, unwanted := range []string{">文号<", ">有效性<", ">五公开<"} {
		if strings.Contains(rec, unwanted) {
			t.Errorf("annual report page shows an empty row %q", unwanted)
		}
	}
	for path, want := range map[string]string{"/610112/": `href="/610112/xxgk/"`, "/610112/catalog/": `<a href="/610112/xxgk/">政府信息公开</a> › 法定主动公开内容`,
		"/610112/requests/new": "› 依申请公开", "/": `rel="alternate" type="application/atom+xml"`, "/610112/catalog/shjz/": `href="/610112/catalog/shjz/feed.atom"`} {
		if _, b := get(t, c, e.ts.URL+path); !strings.Contains(b, want) {
			t.Errorf("%s lacks %q", path, want)
		}
	}
	if code, b := get(t, c, e.ts.URL+"/nosuch/xxgk/"); code != http.StatusNotFound {
		t.Errorf("unknown unit: %d %.80s", code, b)
	}

	// robots.txt names the sitemap; the sitemap lists the column.
	if _, b := get(t, c, e.ts.URL+"/robots.txt"); !strings.Contains(b, "Sitemap: ") || !strings.Contains(b, "/sitemap.xml") || !strings.Contains(b, "Disallow: /admin/") {
		t.Errorf("robots.txt: %s", b)
	}
	if _, b := get(t, c, e.ts.URL+"/sitemap.xml?part=pages"); !strings.Contains(b, "/610112/xxgk/</loc>") {
		t.Error("the sitemap lacks the column")
	}

	// Every feed names the stylesheet, which is served as XSL, and stays Atom.
	for _, path := range []string{"/feed.atom", "/610112/feed.atom", "/610112/catalog/shjz/feed.atom", "/pilot/feed.atom"} {
		_, b := get(t, c, e.ts.URL+path)
		pi := regexp.MustCompile(`<\?xml-stylesheet type="text/xsl" href="(/static/assets/feed\.[0-9a-f]+\.xsl)"\?>`).FindStringSubmatch(b)
		if pi == nil {
			t.Fatalf("%s: no xml-stylesheet instruction", path)
		}
		var f struct {
			XMLName xml.Name
			Entries []struct {
				Title string `xml:"title"`
			} `xml:"entry"`
		}
		if err := xml.Unmarshal([]byte(b), &f); err != nil || f.XMLName.Space != "http://www.w3.org/2005/Atom" || f.XMLName.Local != "feed" {
			t.Errorf("%s: not an Atom feed: %v %v", path, f.XMLName, err)
		}
		resp, err := c.Get(e.ts.URL + pi[1])
		if err != nil {
			t.Fatal(err)
		}
		xsl, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/xsl") || !strings.Contains(string(xsl), "xsl:stylesheet") {
			t.Errorf("stylesheet: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
	}
}

// TestColumnStaff: staff start a record of the 专栏 from the new-record form and a record of
// the annual report from its page; a person without the right to draft cannot.
func TestColumnStaff(t *testing.T) { storetest.Each(t, testColumnStaff) }

func testColumnStaff(t *testing.T, s *store.Store) {
	e := newEnv(t, s)
	ctx := context.Background()
	editor := e.client("editor@610111")
	if _, b := get(t, editor, e.ts.URL+"/admin/orgs/610111/records/new"); !strings.Contains(b, `value="column:info_guide"`) || !strings.Contains(b, `name="report_year"`) {
		t.Fatal("the new-record form offers no column kinds")
	}
	post := func(c *http.Client, path string, form url.Values) (int, string, string) {
		t.Helper()
		resp, err := c.PostForm(e.ts.URL+path, form)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header.Get("Location"), string(b)
	}
	code, loc, _ := post(editor, "/admin/orgs/610111/records", url.Values{"entry": {"column:info_rules"}, "kind": {"other"}, "title": {"灞桥区政府信息公开工作制度"}, "body_html": {"第一条\n\n第二条"}})
	if code != http.StatusSeeOther || !strings.HasPrefix(loc, "/admin/orgs/610111/records/") {
		t.Fatalf("create: %d %s", code, loc)
	}
	items, _ := s.Records(ctx, store.RecordQuery{Kinds: []record.Kind{record.KindInfoRules}, Limit: 50})
	found := false
	for _, it := range items {
		found = found || it.Title == "灞桥区政府信息公开工作制度" && it.EntryID == 0 && it.Kind == record.KindInfoRules
	}
	if !found {
		t.Fatal("the rules record was not stored")
	}
	code, _, b := post(editor, "/admin/orgs/610111/records", url.Values{"entry": {"column:annual_report"}, "title": {"年报"}, "report_year": {"1990"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(b, "年度") {
		t.Errorf("bad year: %d", code)
	}

	// The annual report page offers the record; the editor makes it; again opens the same.
	if _, b := get(t, editor, e.ts.URL+"/admin/orgs/610111/annual-reports/2025"); !strings.Contains(b, `action="/admin/orgs/610111/annual-reports/2025/record"`) {
		t.Error("the annual report page offers no record")
	}
	code, loc, _ = post(editor, "/admin/orgs/610111/annual-reports/2025/record", nil)
	if code != http.StatusSeeOther || !strings.HasPrefix(loc, "/admin/orgs/610111/records/") {
		t.Fatalf("report record: %d %s", code, loc)
	}
	_, again, _ := post(editor, "/admin/orgs/610111/annual-reports/2025/record", nil)
	if strings.SplitN(again, "?", 2)[0] != strings.SplitN(loc, "?", 2)[0] || !strings.Contains(again, "report-record-exists") {
		t.Errorf("second: %s, first %s", again, loc)
	}
	if _, b := get(t, editor, e.ts.URL+strings.SplitN(loc, "?", 2)[0]); !strings.Contains(b, ".xlsx") || !strings.Contains(b, "2025年政府信息公开工作年度报告") {
		t.Error("the report record lacks its workbook")
	}
	if code, _, _ := post(e.client("reviewer@610111"), "/admin/orgs/610111/annual-reports/2024/record", nil); code != http.StatusForbidden {
		t.Errorf("reviewer: %d", code)
	}
}
