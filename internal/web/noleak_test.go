package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/app"
	"gongkai/internal/record"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
	"gongkai/internal/web"
)

// leakWorld makes records in every state that must stay private, each carrying a unique
// marker in every field and in an attachment, and returns the markers.
func leakWorld(t *testing.T, e *env) []string {
	t.Helper()
	ctx := context.Background()
	u, _ := e.store.OrgByCode(ctx, "610112")
	_, es, err := e.app.EffectiveCatalog(ctx, u, "shjz")
	if err != nil {
		t.Fatal(err)
	}
	who := func(login string) *app.Principal {
		p, _ := e.store.PersonByLogin(ctx, login)
		return &app.Principal{Person: p}
	}
	editor, reviewer, approver := who("editor@610112"), who("reviewer@610112"), who("approver@610112")
	var markers []string
	n := 0
	mk := func() string {
		n++
		m := fmt.Sprintf("LEAKMARK%03dX", n)
		markers = append(markers, m)
		return m
	}
	input := func(m string) app.RecordInput {
		return app.RecordInput{Kind: record.KindServiceGuide, Title: "标题" + m, Summary: "概述" + m, BodyHTML: "<p>正文" + m + "</p>",
			Guide: record.ServiceGuide{ItemName: "事项" + m, LegalBasis: "依据" + m, Conditions: "条件" + m, Materials: "材料" + m}}
	}
	attachWith := func(id int64, m string) {
		f := excelize.NewFile()
		f.SetCellValue("Sheet1", "A1", "附件"+m)
		var buf bytes.Buffer
		f.Write(&buf)
		if _, err := e.app.AddAttachment(ctx, editor, id, m+".xlsx", buf.Bytes()); err != nil {
			t.Fatal(err)
		}
	}
	act := func(p *app.Principal, id int64, a record.Action) {
		if _, err := e.app.Act(ctx, p, id, a); err != nil {
			t.Fatalf("%s: %v", a.Kind, err)
		}
	}
	newRec := func(m string) int64 {
		r, err := e.app.CreateRecord(ctx, editor, u, "shjz", es[1].ID, input(m))
		if err != nil {
			t.Fatal(err)
		}
		attachWith(r.ID, m)
		return r.ID
	}
	// draft, in review, awaiting approval, scheduled
	for _, until := range []record.State{record.StateDraft, record.StateInReview, record.StateAwaitingApproval, record.StateScheduled} {
		id := newRec(mk())
		if until == record.StateDraft {
			continue
		}
		act(editor, id, record.Action{Kind: record.ActionSubmit})
		if until == record.StateInReview {
			continue
		}
		act(reviewer, id, record.Action{Kind: record.ActionReviewPass})
		if until == record.StateAwaitingApproval {
			continue
		}
		act(approver, id, record.Action{Kind: record.ActionApprove, At: e.store.Now().AddDate(0, 1, 0)})
	}
	// A published record with an amendment in progress: the amendment stays private.
	clean, err := e.app.CreateRecord(ctx, editor, u, "shjz", es[1].ID, app.RecordInput{Kind: record.KindOther, Title: "公开的信息", BodyHTML: "<p>公开正文</p>"})
	if err != nil {
		t.Fatal(err)
	}
	act(editor, clean.ID, record.Action{Kind: record.ActionSubmit})
	act(reviewer, clean.ID, record.Action{Kind: record.ActionReviewPass})
	act(approver, clean.ID, record.Action{Kind: record.ActionApprove})
	act(editor, clean.ID, record.Action{Kind: record.ActionRevise})
	m := mk()
	if _, err := e.app.EditRecord(ctx, editor, clean.ID, input(m)); err != nil {
		t.Fatal(err)
	}
	attachWith(clean.ID, m)
	// A withdrawn record: only its title, date and reason stay; its content is private.
	wm := mk()
	wid, err := e.app.CreateRecord(ctx, editor, u, "shjz", es[1].ID, app.RecordInput{Kind: record.KindServiceGuide, Title: "已撤回的信息", Summary: "概述" + wm,
		BodyHTML: "<p>正文" + wm + "</p>", Guide: record.ServiceGuide{ItemName: "事项" + wm, LegalBasis: "依据", Conditions: "条件", Materials: "材料"}})
	if err != nil {
		t.Fatal(err)
	}
	attachWith(wid.ID, wm)
	act(editor, wid.ID, record.Action{Kind: record.ActionSubmit})
	act(reviewer, wid.ID, record.Action{Kind: record.ActionReviewPass})
	act(approver, wid.ID, record.Action{Kind: record.ActionApprove})
	act(approver, wid.ID, record.Action{Kind: record.ActionWithdraw, Reason: "撤回理由"})
	return markers
}

var hrefRe = regexp.MustCompile(`(?:href|src|action)="([^"]+)"|<loc>([^<]+)</loc>`)

// TestNoLeak crawls the public site and every public route of the router with every value
// its parameters can take, and every open API route, as an anonymous visitor: no marker of
// an unpublished record may appear anywhere.
func TestNoLeak(t *testing.T) {
	e := newEnv(t, storetest.OpenSQLite(t))
	markers := leakWorld(t, e)
	ctx := context.Background()
	c := e.client("")
	body := func(path string) (int, string) {
		resp, err := c.Get(e.ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 32<<20))
		return resp.StatusCode, string(b)
	}
	check := func(path, b string) {
		for _, m := range markers {
			if strings.Contains(b, m) {
				t.Errorf("marker %s leaked on %s", m, path)
			}
		}
	}
	// Values for every route parameter.
	orgs, _ := e.store.Orgs(ctx)
	values := map[string][]string{}
	for _, o := range orgs {
		values["unit"] = append(values["unit"], o.Code)
	}
	ds, _ := e.store.Domains(ctx)
	for _, d := range ds {
		values["domain"] = append(values["domain"], d.Code)
	}
	items, _ := e.store.Records(ctx, store.RecordQuery{Limit: 500})
	for _, it := range items {
		values["id"] = append(values["id"], strconv.FormatInt(it.ID, 10))
		for rev := 1; rev <= it.Revision; rev++ {
			atts, _ := e.store.Attachments(ctx, it.ID, rev)
			for _, a := range atts {
				values["hash"] = append(values["hash"], a.Hash)
			}
		}
		values["key"] = append(values["key"], it.EntryKey)
	}
	values["file"] = []string{"style.css"}
	values["q"] = []string{"LEAKMARK", "标题", "事项"}
	seen := map[string]bool{}
	var queue []string
	visit := func(p string) {
		if !seen[p] {
			seen[p] = true
			queue = append(queue, p)
		}
	}
	paramRe := regexp.MustCompile(`\{([a-z]+)(\.\.\.)?\}`)
	routes := 0
	for _, rt := range e.srv.Routes() {
		if rt.Method != "GET" || (rt.Access != web.Public && rt.Access != web.APIOpen) {
			continue
		}
		routes++
		paths := []string{strings.ReplaceAll(rt.Pattern, "{$}", "")}
		for _, m := range paramRe.FindAllStringSubmatch(rt.Pattern, -1) {
			vals, ok := values[m[1]]
			if !ok {
				t.Fatalf("route %s: no values for {%s}: add them to the crawl", rt.Pattern, m[1])
			}
			var next []string
			for _, p := range paths {
				for _, v := range vals {
					next = append(next, strings.Replace(p, m[0], url.PathEscape(v), 1))
				}
			}
			paths = next
		}
		for _, p := range paths {
			visit(p)
		}
	}
	visit("/search?q=" + url.QueryEscape("LEAKMARK"))
	visit("/api/v1/search?q=" + url.QueryEscape("LEAKMARK"))
	for len(queue) > 0 && len(seen) < 20000 {
		p := queue[0]
		queue = queue[1:]
		code, b := body(p)
		check(p, b)
		if code != 200 || !(strings.Contains(b, "<html") || strings.Contains(b, "<urlset") || strings.Contains(b, "<sitemapindex") || strings.Contains(b, "<feed")) {
			continue
		}
		for _, m := range hrefRe.FindAllStringSubmatch(b, -1) {
			link := m[1] + m[2]
			if strings.HasPrefix(link, e.ts.URL) {
				link = strings.TrimPrefix(link, e.ts.URL)
			}
			u, err := url.Parse(strings.ReplaceAll(link, "&amp;", "&"))
			if err != nil || u.IsAbs() || !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "/admin") || strings.HasPrefix(u.Path, "/login") {
				continue
			}
			visit(u.RequestURI())
		}
	}
	if routes < 10 || len(seen) < 200 {
		t.Fatalf("crawl too small: %d routes, %d pages", routes, len(seen))
	}
	t.Logf("crawled %d addresses from %d public routes; %d markers", len(seen), routes, len(markers))
	// The withdrawn record's address shows its title and reason only.
	for _, it := range items {
		if it.State == record.StateWithdrawn {
			code, b := body("/610112/records/" + strconv.FormatInt(it.ID, 10))
			if code != 200 || !strings.Contains(b, "已撤回的信息") || !strings.Contains(b, "撤回理由") {
				t.Fatalf("withdrawn page: %d", code)
			}
		}
	}

}
