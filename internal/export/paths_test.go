package export

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func testResolver() *resolver {
	return &resolver{units: map[string]bool{"610112": true}, ext: func(id int64, hash string) (string, bool) {
		return ".pdf", id == 7 && hash == "abc"
	}}
}

func TestResolve(t *testing.T) {
	rs := testResolver()
	for _, tc := range []struct {
		path, query string
		file        string // "" = not exported
		kind        kind
	}{
		{"/", "", "index.html", kindPage},
		{"/", "msg=x", "", 0},
		{"/feed.atom", "", "feed.atom", kindFeed},
		{"/sitemap.xml", "", "sitemap.xml", kindSitemapIndex},
		{"/sitemap.xml", "part=pages", "sitemap-pages.xml", kindSitemapPart},
		{"/sitemap.xml", "part=records&after=40000", "sitemap-records-40000.xml", kindSitemapPart},
		{"/sitemap.xml", "part=records&after=x", "", 0},
		{"/sitemap.xml", "part=records&after=1&after=2", "", 0},
		{"/static/assets/style.0123456789.css", "", "static/assets/style.0123456789.css", kindStatic},
		{"/610112", "", "610112/index.html", kindPage},
		{"/610112/", "", "610112/index.html", kindPage},
		{"/610112/feed.atom", "", "610112/feed.atom", kindFeed},
		{"/610112/catalog/", "", "610112/catalog/index.html", kindPage},
		{"/610112/xxgk/", "", "610112/xxgk/index.html", kindPage},
		{"/610112/xxgk/", "x=1", "", 0},
		{"/robots.txt", "", "robots.txt", kindStatic},
		{"/610112/catalog/shjz/", "", "610112/catalog/shjz/index.html", kindPage},
		{"/610112/catalog/shjz/feed.atom", "", "610112/catalog/shjz/feed.atom", kindFeed},
		{"/610112/catalog/shjz/catalog.xlsx", "", "610112/catalog/shjz/catalog.xlsx", kindWorkbook},
		{"/610112/catalog/shjz/entries/k1", "", "610112/catalog/shjz/entries/k1/index.html", kindEntry},
		{"/610112/catalog/shjz/entries/k1", "page=1", "610112/catalog/shjz/entries/k1/index.html", kindEntry},
		{"/610112/catalog/shjz/entries/k1", "page=3", "610112/catalog/shjz/entries/k1/page/3/index.html", kindEntry},
		{"/610112/catalog/shjz/entries/k1", "page=3&x=1", "", 0},
		{"/610112/records/7", "", "610112/records/7/index.html", kindRecord},
		{"/610112/records/007", "", "610112/records/7/index.html", kindRecord},
		{"/610112/records/7/files/abc", "", "610112/records/7/files/abc.pdf", kindAttachment},
		{"/610112/records/7/files/other", "", "", 0},
		{"/610112/records/x", "", "", 0},
		{"/610100/", "", "", 0}, // not a unit
		{"/search", "", "", 0},
		{"/login", "", "", 0},
		{"/ratings", "", "", 0},
		{"/admin/", "", "", 0},
		{"/610112/../etc/passwd", "", "", 0},
		{"/610112/.hidden/", "", "", 0},
		{"/610112//", "", "", 0},
		{"/610112/catalog/社会救助/", "", "", 0},
	} {
		got, ok := rs.resolve(tc.path, tc.query)
		if ok != (tc.file != "") || ok && (got.File != tc.file || got.Kind != tc.kind) {
			t.Errorf("resolve(%q, %q) = %+v %v, want %q", tc.path, tc.query, got, ok, tc.file)
		}
	}
	// Canonical addresses: two spellings of one page are one job.
	a, _ := rs.resolve("/610112", "")
	b, _ := rs.resolve("/610112/", "")
	c, _ := rs.resolve("/610112/catalog/shjz/entries/k1", "page=1")
	if a.URL != b.URL || c.URL != "/610112/catalog/shjz/entries/k1" {
		t.Errorf("canonical addresses: %q %q %q", a.URL, b.URL, c.URL)
	}
}

func TestRelative(t *testing.T) {
	for _, tc := range []struct{ from, to, want string }{
		{"index.html", "610112/index.html", "610112/index.html"},
		{"610112/index.html", "index.html", "../index.html"},
		{"610112/index.html", "610112/feed.atom", "feed.atom"},
		{"610112/index.html", "610112/records/5/index.html", "records/5/index.html"},
		{"610112/records/5/index.html", "610112/catalog/shjz/index.html", "../../catalog/shjz/index.html"},
		{"610112/records/5/index.html", "610112/records/50/index.html", "../50/index.html"},
		{"610112/records/5/index.html", "static/assets/s.css", "../../../static/assets/s.css"},
		{"610112/records/5/index.html", "610112/records/5/files/h.pdf", "files/h.pdf"},
		{"a/b/entries/k/page/2/index.html", "a/b/entries/k/index.html", "../../index.html"},
		{"610112/index.html", "610112/index.html", "index.html"},
		{"610112/index.html", "6101120/index.html", "../6101120/index.html"},
	} {
		if got := relative(tc.from, tc.to); got != tc.want {
			t.Errorf("relative(%q, %q) = %q, want %q", tc.from, tc.to, got, tc.want)
		}
	}
}

func TestRewriteHTML(t *testing.T) {
	l := &linker{dynamic: "https://gk.example.cn", res: testResolver()}
	from, _ := l.res.resolve("/610112/catalog/shjz/entries/k1", "page=2")
	page := `<link rel="stylesheet" href="/static/assets/s.css"><a class="skip" href="#main">跳</a>
<a href="/">首页</a> <a href="/610112/">单位</a> <a href="?page=1">上一页</a> <a href="?page=3">下一页</a>
<a href="/settings/text?size=large&amp;back=/610112/">大字版</a> <form method="get" action="/search"></form>
<a href="https://zwfw.shaanxi.gov.cn/">外部</a> <a href="mailto:a@b.cn">信</a> <span data-href="/610112/">x</span>
<img src="/610112/records/7/files/abc"> <a href="/610112/records/7#rate">评价</a> <a href="/admin/">后台</a>
<a href="k2">相对</a> <p>href="/610112/"</p>`
	want := `<link rel="stylesheet" href="../../../../../../../static/assets/s.css"><a class="skip" href="#main">跳</a>
<a href="../../../../../../../index.html">首页</a> <a href="../../../../../../index.html">单位</a> <a href="../../index.html">上一页</a> <a href="../3/index.html">下一页</a>
<a href="https://gk.example.cn/settings/text?size=large&amp;back=/610112/">大字版</a> <form method="get" action="https://gk.example.cn/search"></form>
<a href="https://zwfw.shaanxi.gov.cn/">外部</a> <a href="mailto:a@b.cn">信</a> <span data-href="/610112/">x</span>
<img src="../../../../../../records/7/files/abc.pdf"> <a href="../../../../../../records/7/index.html#rate">评价</a> <a href="https://gk.example.cn/admin/">后台</a>
<a href="../../../k2/index.html">相对</a> <p>href="/610112/"</p>`
	var found []string
	got := string(l.rewriteHTML(from, []byte(page), func(t target) { found = append(found, t.URL) }))
	if got != want {
		t.Errorf("rewritten:\n%s\nwant:\n%s", got, want)
	}
	if len(found) != 8 {
		t.Errorf("found %v", found)
	}
	// Without a dynamic address the dynamic functions stay root-relative.
	l.dynamic = ""
	if got := string(l.rewriteHTML(from, []byte(`<form action="/ratings">`), nil)); got != `<form action="/ratings">` {
		t.Errorf("without a dynamic address: %s", got)
	}
}

func TestRewriteXML(t *testing.T) {
	l := &linker{base: "http://" + placeholderHost, placeholder: true, res: testResolver()}
	in := `<sitemapindex><sitemap><loc>http://gongkai-export.invalid/sitemap.xml?part=pages</loc></sitemap>` +
		`<sitemap><loc>http://gongkai-export.invalid/sitemap.xml?part=records&amp;after=40000</loc></sitemap></sitemapindex>`
	want := `<sitemapindex><sitemap><loc>/sitemap-pages.xml</loc></sitemap><sitemap><loc>/sitemap-records-40000.xml</loc></sitemap></sitemapindex>`
	var found int
	if got := string(l.rewriteXML([]byte(in), func(target) { found++ })); got != want || found != 2 {
		t.Errorf("%s (%d found)", got, found)
	}
	l = &linker{base: "https://www.example.cn", res: testResolver()}
	feed := `<feed><id>https://www.example.cn/610112/feed.atom</id><link href="https://www.example.cn/610112/records/7"></link></feed>`
	if got := string(l.rewriteXML([]byte(feed), nil)); got != feed {
		t.Errorf("a feed with a base address changed: %s", got)
	}
}

func TestPatchSitemapPart(t *testing.T) {
	part := func(urls ...string) []byte {
		return []byte(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + strings.Join(urls, "") + `</urlset>`)
	}
	u := func(id, day string) string {
		return `<url><loc>https://x.cn/610112/records/` + id + `</loc><lastmod>2026-01-` + day + `</lastmod></url>`
	}
	c := func(id int64, day string, remove bool) urlChange {
		return urlChange{id: id, loc: "https://x.cn/610112/records/" + strconv.FormatInt(id, 10), lastmod: "2026-01-" + day, remove: remove}
	}
	body := part(u("1", "01"), u("3", "01"), u("5", "01"))
	for _, tc := range []struct {
		name    string
		changes []urlChange
		max     int
		want    []byte // nil: not patched
	}{
		{"date", []urlChange{c(3, "09", false)}, 10, part(u("1", "01"), u("3", "09"), u("5", "01"))},
		{"insert", []urlChange{c(4, "09", false), c(7, "09", false)}, 10, part(u("1", "01"), u("3", "01"), u("4", "09"), u("5", "01"), u("7", "09"))},
		{"remove", []urlChange{c(1, "09", true), c(8, "09", true)}, 10, part(u("3", "01"), u("5", "01"))},
		{"full", []urlChange{c(7, "09", false)}, 3, nil},
		{"empty", []urlChange{c(1, "", true), c(3, "", true), c(5, "", true)}, 10, nil},
	} {
		got, ok := patchSitemapPart(body, tc.changes, tc.max)
		if ok != (tc.want != nil) || ok && !bytes.Equal(got, tc.want) {
			t.Errorf("%s: %v\n%s\nwant\n%s", tc.name, ok, got, tc.want)
		}
	}
	for _, bad := range [][]byte{nil, []byte("<html>"), part(u("3", "01"), u("1", "01")), part(u("1", "01"), "\n"+u("3", "01")),
		part(`<url><loc>https://x.cn/610112/</loc><lastmod>2026-01-01</lastmod></url>`)} {
		if _, ok := patchSitemapPart(bad, []urlChange{c(3, "09", false)}, 10); ok {
			t.Errorf("patched %s", bad)
		}
	}
}

func TestListing(t *testing.T) {
	dir := t.TempDir()
	l := &listing{files: map[string]string{"index.html": "h1", "610112/records/5/index.html": "h2"},
		records: map[int64]stamp{5: {Unit: "610112", Domain: "shjz", Key: "k1", Updated: 1700000000000000, Revision: 2, Policy: 0}}}
	if err := writeListing(dir, l); err != nil {
		t.Fatal(err)
	}
	var j journalLines
	j.file("index.html", "h3")
	j.removed("610112/records/5/index.html")
	j.recordGone(5)
	j.record(6, stamp{Unit: "610112", Domain: "shjz", Key: "k2", Updated: 1, Revision: 1, Policy: 5})
	n, err := appendJournal(dir, 0, j.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	// A run that failed after appending leaves lines the header does not count.
	if _, err := appendJournal(dir, n, []byte("F h9 index.html\n")); err != nil {
		t.Fatal(err)
	}
	got, err := readListing(dir, &header{JournalBytes: n})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.files) != 1 || got.files["index.html"] != "h3" || len(got.records) != 1 || got.records[6].Policy != 5 {
		t.Errorf("listing %+v", got)
	}
	// The next append drops what a failed run left.
	if _, err := appendJournal(dir, n, []byte("D index.html\n")); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join(dir, journalName))
	if strings.Contains(string(b), "h9") {
		t.Errorf("journal kept a failed run's lines: %s", b)
	}
	if _, err := readListing(dir, &header{JournalBytes: n + 1000}); err == nil {
		t.Error("a journal shorter than the header says was accepted")
	}
	os.WriteFile(filepath.Join(dir, filesName), []byte("Q what\n"), 0o644)
	if _, err := readListing(dir, &header{}); err == nil {
		t.Error("a damaged listing was accepted")
	}
}

func TestAttachmentExt(t *testing.T) {
	for _, tc := range []struct{ mt, name, want string }{
		{"application/pdf", "通知.pdf", ".pdf"},
		{"application/pdf", "通知", ".pdf"},
		{"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "名单.XLSX", ".xlsx"},
		{"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "a.docx", ".docx"},
		{"image/jpeg", "照片.jpeg", ".jpeg"},
		{"image/jpeg", "照片.JPG", ".jpg"},
		{"image/png; charset=binary", "x", ".png"},
		{"application/x-unknown-thing", "x.exe", ".bin"},
	} {
		if got := attachmentExt(tc.mt, tc.name); got != tc.want {
			t.Errorf("attachmentExt(%q, %q) = %q, want %q", tc.mt, tc.name, got, tc.want)
		}
	}
}
