package web_test

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"gongkai/internal/app"
	"gongkai/internal/campaign"
	"gongkai/internal/leakcheck"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestCampaignForm: the province office creates a campaign on its form and edits it; errors
// name the line or row of the form and change nothing; an edit keeps the submissions and
// moves the due days that are not yet due. Only the province office's form exists.
func TestCampaignForm(t *testing.T) { storetest.Each(t, testCampaignForm) }

func testCampaignForm(t *testing.T, s *store.Store) {
	e := newEnv(t, s)
	ctx := context.Background()
	prov, city, unit := e.client("supervisor@610000"), e.client("supervisor@610100"), e.client("admin@610112")
	super := e.principal("supervisor@610000")
	before, _ := e.app.Campaigns(ctx, super)
	if code, body := get(t, prov, e.ts.URL+"/admin/orgs/610000/campaigns/new"); code != 200 || !strings.Contains(body, "报送事项第3行") {
		t.Fatalf("new form: %d", code)
	}
	if code, body := get(t, prov, e.ts.URL+"/admin/orgs/610000/campaigns"); code != 200 || !strings.Contains(body, "/admin/orgs/610000/campaigns/new") {
		t.Fatalf("campaigns page without the link to the form: %d", code)
	}
	if code, _ := get(t, city, e.ts.URL+"/admin/orgs/610100/campaigns/new"); code != 404 {
		t.Fatalf("a city's form: %d", code)
	}
	if code, _ := get(t, unit, e.ts.URL+"/admin/orgs/610112/campaigns/new"); code != 403 && code != 404 {
		t.Fatalf("a unit's form: %d", code)
	}
	issued := e.app.Today().AddDays(1)
	form := func(mut func(url.Values)) url.Values {
		v := url.Values{"name": {"表单创建的试点"}, "doc_no": {"陕政办发〔2027〕1号"}, "issued_on": {issued.String()}, "public": {"1"},
			"units": {"610112 shjz\n灞桥区 shjz"}, "rows": {"3"},
			"d0_phase": {"准备阶段"}, "d0_kind": {"work_plan"}, "d0_title": {"工作方案"}, "d0_owner": {"unit"}, "d0_to_province": {"1"}, "d0_to_city": {"1"}, "d0_due_days": {"10"},
			"d1_phase": {"总结阶段"}, "d1_kind": {"summary"}, "d1_title": {"工作总结"}, "d1_owner": {"unit"}, "d1_to_province": {"1"}, "d1_due_date": {issued.AddDays(90).String()},
			"d2_kind": {"other"}, "d2_owner": {"unit"}, "d2_to_province": {"1"},
			"cadence_unit": {"monthly"}, "cadence_city": {""}, "cadence_department": {""}}
		if mut != nil {
			mut(v)
		}
		return v
	}
	post := func(path string, v url.Values) (int, string) {
		resp, err := prov.PostForm(e.ts.URL+path, v)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		return resp.StatusCode, string(leakcheck.ReadAll(resp.Body))
	}
	for _, tc := range []struct {
		name string
		mut  func(url.Values)
		want string
	}{
		{"due before issue", func(v url.Values) { v.Set("d1_due_date", issued.AddDays(-3).String()) }, "报送事项第2行·截止日期：不能早于印发日期"},
		{"bad date", func(v url.Values) { v.Set("d1_due_date", "明年") }, "报送事项第2行·截止日期：须为 YYYY-MM-DD 格式的日期"},
		{"unknown domain", func(v url.Values) { v.Set("units", "610112 shjz\n610111 没有的领域") }, "试点内容（第2行）：领域代码“没有的领域”不存在"},
		{"unknown unit", func(v url.Values) { v.Set("units", "610112 shjz\n不存在区 shjz") }, "试点单位（第2行）：没有代码或名称为“不存在区”的试点单位"},
		{"no name", func(v url.Values) { v.Set("name", "") }, "名称：须为1至200个字"},
		{"city as recipient of a city", func(v url.Values) { v.Set("d0_owner", "city") }, "报送事项第1行·接收方"},
	} {
		code, body := post("/admin/orgs/610000/campaigns", form(tc.mut))
		if code != 422 || !strings.Contains(body, tc.want) {
			t.Fatalf("%s: %d %s", tc.name, code, between(body, `role="alert"`, 600))
		}
		if !strings.Contains(body, `value="表单创建的试点"`) && tc.name != "no name" {
			t.Fatalf("%s: the form did not come back as typed", tc.name)
		}
	}
	if cs, _ := e.app.Campaigns(ctx, super); len(cs) != len(before) {
		t.Fatal("a refused form created a campaign")
	}
	code, body := post("/admin/orgs/610000/campaigns", form(nil))
	if code != 303 {
		t.Fatalf("create: %d %s", code, between(body, `role="alert"`, 600))
	}
	cs, _ := e.app.Campaigns(ctx, super)
	var c campaign.Campaign
	for _, x := range cs {
		if x.Name == "表单创建的试点" {
			c = x
		}
	}
	if c.ID == 0 || len(c.Phases) != 2 || len(c.Units) != 2 || c.Units[1].Unit != "610111" || !c.Public || c.Cadences.Unit != campaign.Monthly ||
		c.Phases[0].Deliverables[0].Due != (campaign.Due{WorkingDays: 10, After: campaign.EventIssued}) || len(c.Phases[0].Deliverables[0].Recipients) != 2 {
		t.Fatalf("created: %+v", c)
	}
	id := strconv.FormatInt(c.ID, 10)
	code, body = get(t, prov, e.ts.URL+"/admin/orgs/610000/campaigns/"+id+"/edit")
	if code != 200 || !strings.Contains(body, `value="工作总结"`) || !strings.Contains(body, "610111 shjz") || !strings.Contains(body, "报送事项第5行") {
		t.Fatalf("edit form: %d", code)
	}
	// 610112 files its work plan; the office then moves the summary and drops the work
	// plan: the filing stays, the summary follows.
	admin := e.principal("admin@610112")
	_, rows, _ := e.app.CampaignObligations(ctx, admin, c.ID, app.ObligationFilter{Unit: "610112", Kind: campaign.KindWorkPlan})
	if len(rows) != 1 {
		t.Fatalf("work plan obligations: %d", len(rows))
	}
	if _, _, err := e.app.Submit(ctx, admin, rows[0].ID, campaign.Submission{Summary: "方案已报"}); err != nil {
		t.Fatal(err)
	}
	moved := issued.AddDays(120)
	code, _ = post("/admin/orgs/610000/campaigns/"+id+"/edit", form(func(v url.Values) {
		for _, k := range []string{"d0_phase", "d0_kind", "d0_title", "d0_due_days"} {
			v.Del(k)
		}
		v.Set("d1_due_date", moved.String())
	}))
	if code != 303 {
		t.Fatalf("edit: %d", code)
	}
	pg, err := e.app.Obligation(ctx, admin, rows[0].ID)
	if err != nil || len(pg.Submissions) != 1 || pg.Submissions[0].Summary != "方案已报" {
		t.Fatalf("the filed work plan after the edit: %v %v", pg.Submissions, err)
	}
	_, rows, _ = e.app.CampaignObligations(ctx, admin, c.ID, app.ObligationFilter{Unit: "610112", Kind: campaign.KindSummary})
	if len(rows) != 1 || rows[0].Due != moved {
		t.Fatalf("the summary after the edit: %+v", rows)
	}
	if code, _ := post("/admin/orgs/610000/campaigns/999999/edit", form(nil)); code != 404 {
		t.Fatalf("edit of a campaign that does not exist: %d", code)
	}
}
