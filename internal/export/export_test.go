package export_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/xml"
	"fmt"
	"image"
	"image/png"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/app"
	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/catalog"
	"gongkai/internal/config"
	"gongkai/internal/demo"
	"gongkai/internal/export"
	"gongkai/internal/org"
	"gongkai/internal/record"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
	"gongkai/internal/web"
)

const (
	testBase    = "https://www.example.gov.cn"
	testDynamic = "https://gk.example.gov.cn"
)

// env is the demo dataset on SQLite with an app configured like a real export.
type env struct {
	t     *testing.T
	ctx   context.Context
	store *store.Store
	app   *app.App
}

func newEnvOn(t *testing.T, s *store.Store) *env {
	t.Helper()
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	cfg.BaseURL = testBase
	cfg.SiteID = "6100000001"
	a := app.New(s, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	a.Hash = auth.TestParams
	if _, ok, err := demo.Fill(context.Background(), a); err != nil || !ok {
		t.Fatalf("demo: %v %v", ok, err)
	}
	return &env{t: t, ctx: context.Background(), store: s, app: a}
}

func (e *env) who(login string) *app.Principal {
	e.t.Helper()
	p, err := e.store.PersonByLogin(e.ctx, login)
	if err != nil {
		e.t.Fatal(err)
	}
	return &app.Principal{Person: p, IP: "127.0.0.1"}
}

func (e *env) act(login string, id int64, a record.Action) {
	e.t.Helper()
	if _, err := e.app.Act(e.ctx, e.who(login), id, a); err != nil {
		e.t.Fatalf("%s %s: %v", login, a.Kind, err)
	}
}

// entries returns the entries of the catalog in force of a demo unit and domain.
func (e *env) entries(unit, domain string) (org.Org, []catalog.Entry) {
	e.t.Helper()
	u, err := e.store.OrgByCode(e.ctx, unit)
	if err != nil {
		e.t.Fatal(err)
	}
	_, es, err := e.app.EffectiveCatalog(e.ctx, u, domain)
	if err != nil {
		e.t.Fatal(err)
	}
	return u, es
}

// create makes a draft under the entry-th entry of 610112's 社会救助 catalog.
func (e *env) create(entry int, in app.RecordInput) int64 {
	e.t.Helper()
	u, es := e.entries("610112", "shjz")
	if in.FormedOn == "" {
		in.FormedOn = calendar.DateOf(time.Now()).String()
	}
	r, err := e.app.CreateRecord(e.ctx, e.who("editor@610112"), u, "shjz", es[entry].ID, in)
	if err != nil {
		e.t.Fatal(err)
	}
	return r.ID
}

// publish takes a draft (or amendment) of 610112 through review and approval.
func (e *env) publish(id int64) {
	e.t.Helper()
	e.act("editor@610112", id, record.Action{Kind: record.ActionSubmit})
	e.act("reviewer@610112", id, record.Action{Kind: record.ActionReviewPass})
	e.act("approver@610112", id, record.Action{Kind: record.ActionApprove})
}

func (e *env) attach(id int64, name, text string) {
	e.t.Helper()
	f := excelize.NewFile()
	f.SetCellValue("Sheet1", "A1", text)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.app.AddAttachment(e.ctx, e.who("editor@610112"), id, name, buf.Bytes()); err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) export(dir string, full bool) export.Result {
	e.t.Helper()
	res, err := export.Run(e.ctx, e.app, export.Options{Dir: dir, DynamicURL: testDynamic, Full: full, Workers: 3})
	if err != nil {
		e.t.Fatal(err)
	}
	if res.BrokenCount > 0 {
		e.t.Errorf("%d broken links: %v", res.BrokenCount, res.Broken)
	}
	return res
}

// richWorld adds to the demo what its six records do not show: an entry with more records
// than one list page holds, an attachment, and a withdrawn record.
func richWorld(t *testing.T, s *store.Store) (*env, map[string]int64) {
	e := newEnvOn(t, s)
	ids := map[string]int64{}
	for i := range 23 {
		id := e.create(2, app.RecordInput{Kind: record.KindOther, Title: fmt.Sprintf("第%02d期低保资金发放情况", i+1), BodyHTML: "<p>发放情况。</p>"})
		e.publish(id)
	}
	id := e.create(1, app.RecordInput{Kind: record.KindOther, Title: "附件示例", BodyHTML: `<p>见附件。<a href="/610112/">单位首页</a></p>`})
	e.attach(id, "名单.xlsx", "名单")
	// An image of the 正文, shown from the record's files (the reviewer looks at it first).
	var pic bytes.Buffer
	if err := pngEncode(&pic); err != nil {
		t.Fatal(err)
	}
	img, err := e.app.AddBodyImage(e.ctx, e.who("editor@610112"), id, "image.png", pic.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	cur, err := e.app.CurrentRevision(e.ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	in := inputOf(cur)
	in.BodyHTML += `<p><img src="` + img.Src + `" alt="示意图"></p>`
	if _, err := e.app.EditRecord(e.ctx, e.who("editor@610112"), id, in); err != nil {
		t.Fatal(err)
	}
	e.act("editor@610112", id, record.Action{Kind: record.ActionSubmit})
	e.act("reviewer@610112", id, record.Action{Kind: record.ActionConfirmNoPII, Attachment: 2})
	e.act("reviewer@610112", id, record.Action{Kind: record.ActionReviewPass})
	e.act("approver@610112", id, record.Action{Kind: record.ActionApprove})
	ids["attached"] = id
	id = e.create(1, app.RecordInput{Kind: record.KindOther, Title: "将撤回的信息", BodyHTML: "<p>将撤回。</p>"})
	e.publish(id)
	e.act("approver@610112", id, record.Action{Kind: record.ActionWithdraw, Reason: "信息有误"})
	ids["withdrawn"] = id
	return e, ids
}

var linkRe = regexp.MustCompile(`\s(?:href|src|action)="([^"]*)"`)

// brokenLinks follows every href, src and action of every exported page: a relative link
// must name a file of the export, an absolute one must leave the site or go to the dynamic
// site; nothing may stay root-relative, which a static server could not answer. It returns
// the problems and how many links it checked.
func brokenLinks(t *testing.T, dir string) (problems []string, checked int) {
	t.Helper()
	walk(t, dir, func(rel string, b []byte) {
		if !strings.HasSuffix(rel, ".html") {
			return
		}
		for _, m := range linkRe.FindAllSubmatch(b, -1) {
			v := strings.ReplaceAll(string(m[1]), "&amp;", "&")
			checked++
			switch {
			case v == "" || strings.HasPrefix(v, "#"):
				continue
			case strings.HasPrefix(v, testDynamic+"/"):
				continue
			case strings.HasPrefix(v, "https://") || strings.HasPrefix(v, "http://"):
				if strings.HasPrefix(v, testBase) {
					problems = append(problems, rel+": absolute link into the site "+v)
				}
				continue
			case strings.HasPrefix(v, "/"):
				problems = append(problems, rel+": root-relative link "+v)
				continue
			}
			p, _, _ := strings.Cut(v, "#")
			if strings.Contains(p, "?") {
				problems = append(problems, rel+": link with a query "+v)
				continue
			}
			target := path.Join(path.Dir(rel), p)
			if strings.HasPrefix(target, "..") {
				problems = append(problems, rel+": link leaves the export "+v)
				continue
			}
			if fi, err := os.Stat(filepath.Join(dir, filepath.FromSlash(target))); err != nil || !fi.Mode().IsRegular() {
				problems = append(problems, rel+": broken link "+v)
			}
		}
	})
	return problems, checked
}

// checkLinks fails the test on any broken link of the export.
func checkLinks(t *testing.T, dir string) int {
	t.Helper()
	problems, n := brokenLinks(t, dir)
	for _, p := range problems {
		t.Error(p)
	}
	return n
}

// walk calls fn with every file of an export but the manifest.
func walk(t *testing.T, dir string, fn func(rel string, body []byte)) {
	t.Helper()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if strings.HasPrefix(rel, ".gongkai") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		fn(rel, b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

type fileState struct {
	sum   [32]byte
	mtime time.Time
}

func snapshot(t *testing.T, dir string) map[string]fileState {
	t.Helper()
	out := map[string]fileState{}
	walk(t, dir, func(rel string, b []byte) {
		fi, err := os.Stat(filepath.Join(dir, rel))
		if err != nil {
			t.Fatal(err)
		}
		out[rel] = fileState{sha256.Sum256(b), fi.ModTime()}
	})
	return out
}

// sameTree fails unless two exports hold the same files with the same content.
func sameTree(t *testing.T, got, want string) {
	t.Helper()
	g, w := snapshot(t, got), snapshot(t, want)
	for f, s := range w {
		gs, ok := g[f]
		switch {
		case !ok:
			t.Errorf("incremental export lacks %s", f)
		case gs.sum != s.sum:
			a, _ := os.ReadFile(filepath.Join(got, f))
			b, _ := os.ReadFile(filepath.Join(want, f))
			t.Errorf("incremental export differs from a full one in %s:\n%.600s\n---\n%.600s", f, a, b)
		}
	}
	for f := range g {
		if _, ok := w[f]; !ok {
			t.Errorf("incremental export has %s, a full one does not", f)
		}
	}
}

// ageFiles sets every file's modification time far in the past, so that a run that
// rewrites a file shows whatever the file system's timestamp granularity.
func ageFiles(t *testing.T, dir string) {
	t.Helper()
	old := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	walk(t, dir, func(rel string, _ []byte) {
		if err := os.Chtimes(filepath.Join(dir, rel), old, old); err != nil {
			t.Fatal(err)
		}
	})
}

// touched lists the files whose modification time moved since ageFiles, and checks that
// the others kept their content.
func touched(t *testing.T, dir string, before map[string]fileState) []string {
	t.Helper()
	var out []string
	for f, s := range snapshot(t, dir) {
		if !s.mtime.Equal(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)) {
			out = append(out, f)
		} else if b, ok := before[f]; ok && b.sum != s.sum {
			t.Errorf("%s changed but kept its time", f)
		}
	}
	sort.Strings(out)
	return out
}

// urlOf is the address of the dynamic site an exported file holds.
func urlOf(rel string) string {
	switch {
	case rel == "index.html":
		return "/"
	case strings.HasPrefix(rel, "sitemap-records-"):
		return "/sitemap.xml?part=records&after=" + strings.TrimSuffix(strings.TrimPrefix(rel, "sitemap-records-"), ".xml")
	case rel == "sitemap-pages.xml":
		return "/sitemap.xml?part=pages"
	}
	p := "/" + strings.TrimSuffix(rel, "index.html")
	if m := regexp.MustCompile(`^(.*/entries/[^/]+/)page/(\d+)/$`).FindStringSubmatch(p); m != nil {
		return strings.TrimSuffix(m[1], "/") + "?page=" + m[2]
	}
	if strings.Contains(p, "/records/") || strings.Contains(p, "/entries/") {
		p = strings.TrimSuffix(p, "/")
	}
	if i := strings.Index(p, "/files/"); i > 0 {
		p = strings.TrimSuffix(p, path.Ext(p))
	}
	return p
}

func TestFullExport(t *testing.T) {
	t.Parallel()
	storetest.Each(t, testFullExport)
}

func testFullExport(t *testing.T, s *store.Store) {
	t.Parallel()
	e, ids := richWorld(t, s)
	dir := t.TempDir()
	res := e.export(dir, false)
	if res.Mode != export.ModeFull || res.Written != res.Files || res.Removed != 0 {
		t.Fatalf("first run: %+v", res)
	}
	if n := checkLinks(t, dir); n < 1000 {
		t.Fatalf("only %d links checked", n)
	}
	checkFeedsAndSitemaps(t, dir, ids)
	// The check finds a missing page.
	copyDir := t.TempDir()
	copyTree(t, dir, copyDir)
	os.Remove(filepath.Join(copyDir, "610112", "catalog", "index.html"))
	if problems, _ := brokenLinks(t, copyDir); len(problems) < 5 {
		t.Fatalf("a missing catalog index was not noticed: %v", problems)
	}
	entryKey := func(i int) string { _, es := e.entries("610112", "shjz"); return es[i].Key }
	for _, f := range []string{
		"index.html", "feed.atom", "sitemap.xml", "sitemap-pages.xml", "sitemap-records-0.xml",
		"610112/index.html", "610112/feed.atom", "610112/catalog/index.html", "610112/catalog/shjz/index.html",
		"610112/catalog/shjz/feed.atom", "610112/catalog/shjz/catalog.xlsx",
		"610112/catalog/shjz/entries/" + entryKey(2) + "/index.html",
		"610112/catalog/shjz/entries/" + entryKey(2) + "/page/2/index.html",
		fmt.Sprintf("610112/records/%d/index.html", ids["attached"]),
	} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("missing %s", f)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, fmt.Sprintf("610112/records/%d", ids["withdrawn"]))); err == nil {
		t.Error("the withdrawn record was exported")
	}
	files, _ := filepath.Glob(filepath.Join(dir, fmt.Sprintf("610112/records/%d/files/*.xlsx", ids["attached"])))
	images, _ := filepath.Glob(filepath.Join(dir, fmt.Sprintf("610112/records/%d/files/*.png", ids["attached"])))
	css, _ := filepath.Glob(filepath.Join(dir, "static/assets/style.*.css"))
	if len(files) != 1 || len(images) != 1 || len(css) != 1 {
		t.Fatalf("attachment %v, image %v, style sheet %v", files, images, css)
	}
	home, _ := os.ReadFile(filepath.Join(dir, "index.html"))
	for _, want := range []string{`action="` + testDynamic + `/search"`, `href="` + testDynamic + `/login"`, `href="` + testDynamic + `/settings/text?size=large&amp;back=%2f"`,
		`href="610112/index.html"`, `href="static/assets/`, "网站标识码：6100000001"} {
		if !strings.Contains(string(home), want) {
			t.Errorf("home page lacks %s", want)
		}
	}
	rec, _ := os.ReadFile(filepath.Join(dir, fmt.Sprintf("610112/records/%d/index.html", ids["attached"])))
	if !bytes.Contains(rec, []byte(`action="`+testDynamic+`/ratings"`)) || !bytes.Contains(rec, []byte(`<a href="../../index.html" rel="noopener noreferrer nofollow">单位首页</a>`)) ||
		!bytes.Contains(rec, []byte(`<img src="files/`+filepath.Base(images[0])+`" alt="示意图">`)) {
		t.Errorf("record page: ratings form, body link or body image not rewritten:\n%s", rec)
	}

	// Every exported file is what the dynamic site answers at its address, links aside.
	live := httptest.NewServer(mustServer(t, e.app))
	defer live.Close()
	strip := func(b []byte) []byte { return linkRe.ReplaceAll(b, []byte(` href=""`)) }
	compared := 0
	walk(t, dir, func(rel string, b []byte) {
		resp, err := http.Get(live.URL + urlOf(rel))
		if err != nil {
			t.Fatal(err)
		}
		want, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("%s: the dynamic site answers %s with %d", rel, urlOf(rel), resp.StatusCode)
			return
		}
		got := b
		switch {
		case strings.HasSuffix(rel, ".html"):
			got, want = strip(got), strip(want)
		case rel == "sitemap.xml":
			got = regexp.MustCompile(`/sitemap-(pages|records-(\d+))\.xml`).ReplaceAllFunc(got, func(m []byte) []byte {
				s := string(m)
				if s == "/sitemap-pages.xml" {
					return []byte("/sitemap.xml?part=pages")
				}
				return []byte("/sitemap.xml?part=records&amp;after=" + strings.TrimSuffix(strings.TrimPrefix(s, "/sitemap-records-"), ".xml"))
			})
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from %s on the dynamic site:\n%.800s\n---\n%.800s", rel, urlOf(rel), got, want)
		}
		compared++
	})
	if compared != res.Files {
		t.Errorf("compared %d files of %d", compared, res.Files)
	}
}

// checkFeedsAndSitemaps parses every exported feed as Atom and every sitemap as XML of the
// sitemap protocol, with the configured site address. It runs on TestFullExport's export
// (it had a world and an export of its own, the same as that test's: one fewer full export
// per database keeps the package well under go test's default 10-minute limit with -race).
func checkFeedsAndSitemaps(t *testing.T, dir string, ids map[string]int64) {
	t.Helper()
	type atomLink struct {
		Rel  string `xml:"rel,attr"`
		Href string `xml:"href,attr"`
	}
	type atom struct {
		XMLName xml.Name   `xml:"http://www.w3.org/2005/Atom feed"`
		ID      string     `xml:"id"`
		Title   string     `xml:"title"`
		Updated string     `xml:"updated"`
		Links   []atomLink `xml:"link"`
		Entries []struct {
			ID      string   `xml:"id"`
			Title   string   `xml:"title"`
			Updated string   `xml:"updated"`
			Link    atomLink `xml:"link"`
		} `xml:"entry"`
	}
	feeds, sitemaps, entries, locs := 0, 0, 0, 0
	walk(t, dir, func(rel string, b []byte) {
		switch {
		case strings.HasSuffix(rel, ".atom"):
			var f atom
			if err := xml.Unmarshal(b, &f); err != nil {
				t.Fatalf("%s: %v", rel, err)
			}
			if f.ID == "" || f.Title == "" || len(f.Links) == 0 {
				t.Errorf("%s: incomplete feed %+v", rel, f)
			}
			if _, err := time.Parse(time.RFC3339, f.Updated); err != nil {
				t.Errorf("%s: updated %q", rel, f.Updated)
			}
			for _, en := range f.Entries {
				if !strings.HasPrefix(en.Link.Href, testBase+"/") || en.Title == "" {
					t.Errorf("%s: entry %+v", rel, en)
				}
				if strings.HasSuffix(en.ID, fmt.Sprintf("/records/%d", ids["withdrawn"])) {
					t.Errorf("%s lists the withdrawn record", rel)
				}
				entries++
			}
			feeds++
		case strings.HasSuffix(rel, ".xml"):
			var doc struct {
				XMLName xml.Name
				Locs    []string `xml:"url>loc"`
				Maps    []string `xml:"sitemap>loc"`
			}
			if err := xml.Unmarshal(b, &doc); err != nil {
				t.Fatalf("%s: %v", rel, err)
			}
			if doc.XMLName.Space != "http://www.sitemaps.org/schemas/sitemap/0.9" || (doc.XMLName.Local != "urlset" && doc.XMLName.Local != "sitemapindex") {
				t.Errorf("%s: root %v", rel, doc.XMLName)
			}
			for _, loc := range append(doc.Locs, doc.Maps...) {
				u, err := url.Parse(loc)
				if err != nil || !strings.HasPrefix(loc, testBase+"/") || u.RawQuery != "" {
					t.Errorf("%s: loc %q", rel, loc)
				}
				if strings.HasSuffix(loc, fmt.Sprintf("/records/%d", ids["withdrawn"])) {
					t.Errorf("%s lists the withdrawn record", rel)
				}
			}
			for _, m := range doc.Maps {
				if _, err := os.Stat(filepath.Join(dir, strings.TrimPrefix(m, testBase+"/"))); err != nil {
					t.Errorf("sitemap index names %s, which is not exported", m)
				}
			}
			locs += len(doc.Locs)
			sitemaps++
		}
	})
	if feeds < 10 || entries < 30 || sitemaps != 3 || locs < 60 {
		t.Fatalf("%d feeds with %d entries, %d sitemaps with %d addresses", feeds, entries, sitemaps, locs)
	}
	// robots.txt names the export's sitemap; the 专栏 is exported; the feeds' stylesheet too.
	if b, err := os.ReadFile(filepath.Join(dir, "robots.txt")); err != nil || !strings.Contains(string(b), "Sitemap: "+testBase+"/sitemap.xml") {
		t.Errorf("robots.txt: %q %v", b, err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "610112", "xxgk", "index.html")); err != nil || !strings.Contains(string(b), "政府信息公开指南") {
		t.Errorf("the column page: %v", err)
	}
	feed, _ := os.ReadFile(filepath.Join(dir, "610112", "feed.atom"))
	m := regexp.MustCompile(`<\?xml-stylesheet type="text/xsl" href="/(static/assets/feed\.[0-9a-f]+\.xsl)"\?>`).FindSubmatch(feed)
	if m == nil {
		t.Fatal("the exported feed names no stylesheet")
	}
	if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(string(m[1])))); err != nil {
		t.Errorf("the feed's stylesheet is not exported: %v", err)
	}
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	walk(t, from, func(rel string, b []byte) {
		p := filepath.Join(to, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	})
}

func mustServer(t *testing.T, a *app.App) http.Handler {
	t.Helper()
	srv, err := web.New(a)
	if err != nil {
		t.Fatal(err)
	}
	return srv
}

// pngEncode writes a small PNG image.
func pngEncode(w io.Writer) error {
	img := image.NewGray(image.Rect(0, 0, 10, 6))
	for i := range img.Pix {
		img.Pix[i] = uint8(i * 3)
	}
	return png.Encode(w, img)
}

// formedToday is the 形成日期 of the test records: today, by the clock the app uses.
func formedToday() string { return calendar.DateOf(time.Now()).String() }
