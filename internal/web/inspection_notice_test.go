package web_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"gongkai/internal/app"
	"gongkai/internal/calendar"
	"gongkai/internal/inspection"
	"gongkai/internal/leakcheck"
	"gongkai/internal/record"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// closedNoticeRound creates and closes a round of the province office over 610112 and
// 610111 whose cut-off has passed, with a manual deduction for each unit.
func closedNoticeRound(t *testing.T, e *env, name string) int64 {
	t.Helper()
	ctx := context.Background()
	prov := e.principal("supervisor@610000")
	root, _ := e.store.OrgByCode(ctx, "610000")
	cut := e.app.Now().Add(-time.Hour)
	id, err := e.app.CreateRound(ctx, prov, root, app.RoundInput{Name: name, PeriodFrom: calendar.DateOf(cut).AddDays(-30), PeriodTo: calendar.DateOf(cut), Cutoff: cut,
		Units: []string{"610112", "610111"}, SetKey: "default", Scorers: []string{inspection.ScorerProvince}, Combine: inspection.CombineAverage, ObjectionDays: 3})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.app.ComputeRound(ctx, prov, id); err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"610112", "610111"} {
		if err := e.app.SaveMark(ctx, prov, id, u, "M01", 2, "办事指南缺少办理时限"); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.app.CloseRound(ctx, prov, id); err != nil {
		t.Fatal(err)
	}
	return id
}

// noticeSecrets leaves the notice of a closed round in confidentiality review, with markers
// in its title and body, for the no-leak crawl: an unpublished notice is on no public surface.
func noticeSecrets(t *testing.T, e *env) []string {
	t.Helper()
	ctx := context.Background()
	marks := &leakcheck.Marks{}
	id := closedNoticeRound(t, e, "未发布通报的检查")
	prov := e.principal("supervisor@610000")
	rec, _, err := e.app.CreateNoticeRecord(ctx, prov, id, app.NoticeInput{Days: 10, Title: "通报" + marks.New(), BodyHTML: "<p>通报正文" + marks.New() + "</p>"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.app.Act(ctx, prov, rec.ID, record.Action{Kind: record.ActionSubmit}); err != nil {
		t.Fatal(err)
	}
	return marks.List()
}

// TestInspectionNoticePages: the round page links its published notice and the rectification
// reports; the notice's public page, the portal's 检查通报 section, the feed and the sitemap
// show it; a new notice is started from the round's pages (a bad period is refused in
// Chinese, 422) and through the API (201, then 200 with the same record; a unit 403).
func TestInspectionNoticePages(t *testing.T) { storetest.Each(t, testInspectionNoticePages) }

func testInspectionNoticePages(t *testing.T, s *store.Store) {
	e := newEnv(t, s)
	ctx := context.Background()
	pc := e.client("supervisor@610000")
	rn, ok, err := e.app.RoundNotice(ctx, e.principal("supervisor@610000"), 1)
	if err != nil || !ok || rn.Row.State != record.StatePublished {
		t.Fatalf("demo notice: %v %v %+v", err, ok, rn)
	}
	code, body := get(t, pc, e.ts.URL+"/admin/orgs/610000/inspections/1")
	if code != 200 || !strings.Contains(body, fmt.Sprintf("/admin/orgs/610000/records/%d", rn.Row.ID)) || !strings.Contains(body, "已发布") ||
		!strings.Contains(body, fmt.Sprintf("/admin/orgs/610000/campaigns/%d", rn.CampaignID)) || !strings.Contains(body, "整改报告截止") {
		t.Fatalf("round page: %d", code)
	}
	// A unit sees the notice's public address and its own rectification report.
	if code, body = get(t, e.client("admin@610112"), e.ts.URL+"/admin/orgs/610112/inspections/1"); code != 200 || !strings.Contains(body, fmt.Sprintf("/610000/records/%d", rn.Row.ID)) ||
		!strings.Contains(body, "/admin/orgs/610112/obligations/") || strings.Contains(body, "/admin/orgs/610111/obligations/") {
		t.Fatalf("unit's round page: %d", code)
	}
	pub := e.client("")
	path := fmt.Sprintf("/610000/records/%d", rn.Row.ID)
	if code, body = get(t, pub, e.ts.URL+path); code != 200 || !strings.Contains(body, rn.Row.Title) || !strings.Contains(body, "<table") || !strings.Contains(body, `href="/#notices"`) {
		t.Fatalf("public notice: %d", code)
	}
	for _, p := range []string{"/", "/feed.atom", "/sitemap.xml?part=records&after=0"} {
		if code, body = get(t, pub, e.ts.URL+p); code != 200 || !strings.Contains(body, path) {
			t.Fatalf("%s does not list the notice: %d", p, code)
		}
	}

	id := closedNoticeRound(t, e, "网页起草通报的检查")
	form := fmt.Sprintf("%s/admin/orgs/610000/inspections/%d/notice", e.ts.URL, id)
	if code, body = get(t, pc, fmt.Sprintf("%s?days=10", form)); code != 200 || !strings.Contains(body, "生成通报信息草稿") {
		t.Fatalf("notice draft page: %d", code)
	}
	resp, err := pc.PostForm(form, url.Values{"days": {"61"}})
	if err != nil || resp.StatusCode != 422 {
		t.Fatalf("61 days: %v %v", err, resp)
	}
	resp.Body.Close()
	if _, ok, _ := e.app.RoundNotice(ctx, e.principal("supervisor@610000"), id); ok {
		t.Fatal("a refused notice was created")
	}
	if code := do(t, e.client("admin@610112"), "POST", fmt.Sprintf("%s/admin/orgs/610112/inspections/%d/notice", e.ts.URL, id)); code != 403 && code != 404 {
		t.Fatalf("a unit started the notice: %d", code)
	}
	resp, err = pc.PostForm(form, url.Values{"days": {"10"}})
	if err != nil || resp.StatusCode != 303 || !strings.HasPrefix(resp.Header.Get("Location"), "/admin/orgs/610000/records/") {
		t.Fatalf("start notice: %v %v", err, resp)
	}
	resp.Body.Close()
	loc := resp.Header.Get("Location")
	if code, body = get(t, pc, e.ts.URL+loc); code != 200 || !strings.Contains(body, "关于网页起草通报的检查情况的通报") {
		t.Fatalf("notice record page: %d", code)
	}
	if code, body = get(t, pc, fmt.Sprintf("%s/admin/orgs/610000/inspections/%d", e.ts.URL, id)); code != 200 || !strings.Contains(body, loc) || !strings.Contains(body, "草稿") {
		t.Fatalf("round page with the draft: %d", code)
	}
	// Not public while a draft.
	if code, _ = get(t, pub, e.ts.URL+strings.Replace(loc, "/admin/orgs", "", 1)); code != 404 {
		t.Fatalf("draft notice public: %d", code)
	}

	// The API: the same record again (200); a round not closed is refused; a unit 403.
	st, out := apiDo(t, e, e.token("supervisor@610000"), "POST", fmt.Sprintf("/api/v1/inspections/%d/notice", id), map[string]any{"days": 10})
	if st != 200 || fmt.Sprint(out["state"]) != "draft" || !strings.HasSuffix(loc, fmt.Sprint(out["id"])) {
		t.Fatalf("API existing notice: %d %v", st, out)
	}
	if st, _ = apiDo(t, e, e.token("admin@610112"), "POST", fmt.Sprintf("/api/v1/inspections/%d/notice", id), map[string]any{"days": 10}); st != 403 {
		t.Fatalf("API by a unit: %d", st)
	}
	id2 := closedNoticeRound(t, e, "接口起草通报的检查")
	if st, out = apiDo(t, e, e.token("supervisor@610000"), "POST", fmt.Sprintf("/api/v1/inspections/%d/notice", id2), map[string]any{"days": 0}); st != 422 || !strings.Contains(fmt.Sprint(out), "整改期限") {
		t.Fatalf("API 0 days: %d %v", st, out)
	}
	if st, out = apiDo(t, e, e.token("supervisor@610000"), "POST", fmt.Sprintf("/api/v1/inspections/%d/notice", id2), map[string]any{"days": 15}); st != 201 || fmt.Sprint(out["kind"]) != "inspection_notice" {
		t.Fatalf("API notice: %d %v", st, out)
	}
}
