package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"gongkai/internal/app"
	"gongkai/internal/audit"
	"gongkai/internal/campaign"
	"gongkai/internal/leakcheck"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// pilotSecrets files what must never reach a public page: a pending submission marked
// public, a returned one, an accepted one not marked public, a 典型经验 not selected; and
// the liaisons' mobile numbers and names. It returns the markers.
func pilotSecrets(t *testing.T, e *env) []string {
	t.Helper()
	ctx := context.Background()
	admin := e.principal("admin@610112")
	cs, err := e.app.Campaigns(ctx, admin)
	if err != nil || len(cs) == 0 {
		t.Fatal(cs, err)
	}
	marks := &leakcheck.Marks{}
	_, rows, err := e.app.CampaignObligations(ctx, admin, cs[0].ID, app.ObligationFilter{Unit: "610112"})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if r.Kind == campaign.KindCatalog {
			if _, _, err := e.app.Submit(ctx, admin, r.ID, campaign.Submission{Summary: "待签收" + marks.New()}); err != nil {
				t.Fatal(err)
			}
		}
		if r.Kind == campaign.KindProgress && r.State == campaign.StateReturned {
			if _, _, err := e.app.Submit(ctx, admin, r.ID, campaign.Submission{Progress: "进展" + marks.New(), Experience: "经验" + marks.New()}); err != nil {
				t.Fatal(err)
			}
		}
	}
	return append(marks.List(), "13900000001", "13900000004", "李示例", "029-86520002")
}

// TestCampaignAPI: the stable API surface end to end: create a campaign, list its
// obligations, file one, return it, file again, accept; bad input is located in Chinese.
func TestCampaignAPI(t *testing.T) { storetest.Each(t, testCampaignAPI) }

func testCampaignAPI(t *testing.T, s *store.Store) {
	e := newEnv(t, s)
	ctx := context.Background()
	token := func(login string) string {
		p, _ := e.app.PersonByLogin(ctx, login)
		tok, _, err := e.app.CreateToken(ctx, audit.System("test"), p.ID, "test", 30)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	call := func(tok, method, path string, body any) (int, map[string]any) {
		t.Helper()
		var rd *bytes.Reader
		if body != nil {
			b, _ := json.Marshal(body)
			rd = bytes.NewReader(b)
		} else {
			rd = bytes.NewReader(nil)
		}
		req, _ := http.NewRequest(method, e.ts.URL+path, rd)
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		json.NewDecoder(resp.Body).Decode(&out)
		return resp.StatusCode, out
	}
	prov, unit, city := token("supervisor@610000"), token("admin@610112"), token("supervisor@610100")
	body := map[string]any{"name": "接口测试", "doc_no": "测〔2027〕1号", "issued_on": "2027-01-04",
		"units": []map[string]any{{"unit": "610112", "domains": []string{"shjz"}}, {"unit": "610111", "domains": []string{"shjz"}}},
		"phases": []map[string]any{{"name": "方案", "deliverables": []map[string]any{
			{"kind": "work_plan", "title": "工作方案", "owner": "unit", "recipients": []string{"province", "city"}, "due": map[string]any{"working_days": 10, "after": "issued_on"}},
			{"kind": "city_report", "title": "报告", "owner": "city", "recipients": []string{"province"}, "due": "2027-03-31"}}}},
		"cadences": map[string]any{"unit": "semimonthly", "city": "monthly", "department": "monthly"}}
	// Bad input first: nothing is created.
	bad := map[string]any{}
	for k, v := range body {
		bad[k] = v
	}
	bad["units"] = []map[string]any{{"unit": "610112", "domains": []string{"nope"}}}
	if code, out := call(prov, "POST", "/api/v1/campaigns", bad); code != 422 && code != 400 || !strings.Contains(toJSON(out), "领域代码") || !strings.Contains(toJSON(out), "units[0].domains") {
		t.Fatalf("unknown domain: %d %v", code, out)
	}
	if code, _ := call(city, "POST", "/api/v1/campaigns", body); code != 403 {
		t.Fatalf("a city creates: %d", code)
	}
	code, out := call(prov, "POST", "/api/v1/campaigns", body)
	if code != 201 {
		t.Fatalf("create: %d %v", code, out)
	}
	id := strconv.FormatInt(int64(out["id"].(float64)), 10)
	code, out = call(unit, "GET", "/api/v1/campaigns/"+id+"/obligations?kind=work_plan", nil)
	obs, _ := out["obligations"].([]any)
	if code != 200 || len(obs) != 1 {
		t.Fatalf("unit's work plans: %d %v", code, out)
	}
	ob := obs[0].(map[string]any)
	if ob["unit"] != "610112" || ob["due"] != "2027-01-18" || ob["state"] == "" || ob["period"] != "" {
		t.Fatalf("obligation: %v", ob)
	}
	obID := strconv.FormatInt(int64(ob["id"].(float64)), 10)
	if code, _ := call(city, "POST", "/api/v1/obligations/"+obID+"/submissions", map[string]any{"summary": "x"}); code != 403 {
		t.Fatalf("the city files for the unit? %d", code)
	}
	code, out = call(unit, "POST", "/api/v1/obligations/"+obID+"/submissions", map[string]any{"summary": "方案已印发"})
	if code != 201 || out["version"].(float64) != 1 {
		t.Fatalf("submit: %d %v", code, out)
	}
	sid := strconv.FormatInt(int64(out["id"].(float64)), 10)
	if code, out := call(unit, "POST", "/api/v1/submissions/"+sid+"/receipt", map[string]any{"decision": "accept"}); code != 422 && code != 400 || !strings.Contains(toJSON(out), "接收方") {
		t.Fatalf("receipt by the owner: %d %v", code, out)
	}
	if code, _ := call(city, "POST", "/api/v1/submissions/"+sid+"/receipt", map[string]any{"decision": "return", "opinion": "请补充"}); code != 200 {
		t.Fatalf("return: %d", code)
	}
	if code, out := call(city, "POST", "/api/v1/submissions/"+sid+"/receipt", map[string]any{"decision": "accept"}); code < 400 || code >= 500 {
		t.Fatalf("second receipt: %d %v", code, out)
	}
	_, out = call(unit, "GET", "/api/v1/campaigns/"+id+"/obligations?kind=work_plan&state=returned", nil)
	if obs, _ := out["obligations"].([]any); len(obs) != 1 {
		t.Fatalf("returned: %v", out)
	}
	code, out = call(unit, "POST", "/api/v1/obligations/"+obID+"/submissions", map[string]any{"summary": "方案已补充"})
	if code != 201 || out["version"].(float64) != 2 {
		t.Fatalf("resubmit: %d %v", code, out)
	}
	sid = strconv.FormatInt(int64(out["id"].(float64)), 10)
	for _, tok := range []string{city, prov} {
		if code, out := call(tok, "POST", "/api/v1/submissions/"+sid+"/receipt", map[string]any{"decision": "accept"}); code != 200 {
			t.Fatalf("accept: %d %v", code, out)
		}
	}
	_, out = call(unit, "GET", "/api/v1/campaigns/"+id+"/obligations?kind=work_plan", nil)
	if obs, _ := out["obligations"].([]any); len(obs) != 1 || obs[0].(map[string]any)["state"] != "accepted" {
		t.Fatalf("accepted: %v", out)
	}
	if code, out := call(unit, "GET", "/api/v1/campaigns/"+id+"/obligations?state=bogus", nil); code != 422 && code != 400 || !strings.Contains(toJSON(out), "状态") {
		t.Fatalf("bad state filter: %d %v", code, out)
	}
	// The office moves the work plan's due day: the filed obligation keeps its submission
	// and due day; the city report (nothing filed) follows the new plan.
	body["phases"] = []map[string]any{{"name": "方案", "deliverables": []map[string]any{
		{"kind": "work_plan", "title": "工作方案", "owner": "unit", "recipients": []string{"province", "city"}, "due": "2027-02-26"},
		{"kind": "city_report", "title": "报告", "owner": "city", "recipients": []string{"province"}, "due": "2027-04-30"}}}}
	if code, out := call(city, "PUT", "/api/v1/campaigns/"+id, body); code != 403 {
		t.Fatalf("a city edits: %d %v", code, out)
	}
	if code, out := call(prov, "PUT", "/api/v1/campaigns/"+id, body); code != 200 {
		t.Fatalf("edit: %d %v", code, out)
	}
	_, out = call(prov, "GET", "/api/v1/campaigns/"+id+"/obligations?kind=city_report", nil)
	if obs, _ := out["obligations"].([]any); len(obs) != 1 || obs[0].(map[string]any)["due"] != "2027-04-30" {
		t.Fatalf("city report after the edit: %v", out)
	}
	_, out = call(unit, "GET", "/api/v1/campaigns/"+id+"/obligations?kind=work_plan", nil)
	if obs, _ := out["obligations"].([]any); len(obs) != 1 || obs[0].(map[string]any)["state"] != "accepted" || obs[0].(map[string]any)["version"].(float64) != 2 {
		t.Fatalf("work plan after the edit: %v", out)
	}
	code, out = call(unit, "GET", "/api/v1/campaigns", nil)
	if cs, _ := out["campaigns"].([]any); code != 200 || len(cs) != 3 {
		t.Fatalf("campaigns the unit sees: %d %v", code, out)
	}
}

func toJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// TestCampaignPages: the dashboards, the obligation page with filing and receipt forms,
// liaisons with masking, and the public special topic.
func TestCampaignPages(t *testing.T) { storetest.Each(t, testCampaignPages) }

func testCampaignPages(t *testing.T, s *store.Store) {
	e := newEnv(t, s)
	ctx := context.Background()
	prov, unit, city, editor := e.client("supervisor@610000"), e.client("admin@610112"), e.client("supervisor@610100"), e.client("editor@610112")
	cs, _ := e.app.Campaigns(ctx, e.principal("supervisor@610000"))
	cur := strconv.FormatInt(cs[0].ID, 10)
	code, body := get(t, prov, e.ts.URL+"/admin/orgs/610000/campaigns/"+cur)
	for _, want := range []string{"✗ 逾期未报", "! 逾期报送", "↩ 已退回", "◔ 即将到期", "✓ 已签收", "○ 未到期", "<svg", "按时率", "逾期清单", "未央区", "灞桥区", "各试点单位每月发布信息数"} {
		if code != 200 || !strings.Contains(body, want) {
			t.Fatalf("province dashboard: %d, no %q", code, want)
		}
	}
	code, body = get(t, unit, e.ts.URL+"/admin/orgs/610112/campaigns/"+cur)
	if code != 200 || !strings.Contains(body, "本单位待报送") || strings.Contains(body, "灞桥区") {
		t.Fatalf("unit dashboard: %d", code)
	}
	resp, err := prov.Get(e.ts.URL + "/admin/orgs/610000/campaigns/" + cur + "/grid.xlsx?city=610100")
	if err != nil || resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Type"), "spreadsheet") {
		t.Fatalf("grid export: %v %v", resp.StatusCode, err)
	}
	resp.Body.Close()
	// The catalog obligation of 610112, due now: filed on its page, received by the city.
	_, rows, _ := e.app.CampaignObligations(ctx, e.principal("admin@610112"), cs[0].ID, app.ObligationFilter{Unit: "610112", Kind: campaign.KindCatalog})
	ob := strconv.FormatInt(rows[0].ID, 10)
	code, body = get(t, unit, e.ts.URL+"/admin/orgs/610112/obligations/"+ob)
	if code != 200 || !strings.Contains(body, "报送说明（必填）") {
		t.Fatalf("obligation page: %d", code)
	}
	post := func(c *http.Client, path string, v url.Values) (int, string) {
		resp, err := c.PostForm(e.ts.URL+path, v)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		return resp.StatusCode, string(leakcheck.ReadAll(resp.Body))
	}
	if code, body := post(unit, "/admin/orgs/610112/obligations/"+ob+"/submissions", url.Values{"summary": {""}}); code != 422 || !strings.Contains(body, "报送说明：不能为空") {
		t.Fatalf("empty summary: %d", code)
	}
	if code, _ := post(editor, "/admin/orgs/610112/obligations/"+ob+"/submissions", url.Values{"summary": {"x"}}); code != 403 {
		t.Fatalf("editor files: %d", code)
	}
	if code, _ := post(unit, "/admin/orgs/610112/obligations/"+ob+"/submissions", url.Values{"summary": {"目录已更新"}}); code != 303 {
		t.Fatalf("file: %d", code)
	}
	code, body = get(t, city, e.ts.URL+"/admin/orgs/610100/obligations/"+ob)
	if code != 200 || !strings.Contains(body, "签收第1版（以西安市名义）") || !strings.Contains(body, "目录已更新") {
		t.Fatalf("city's view: %d", code)
	}
	if code, body := post(city, "/admin/orgs/610100/obligations/"+ob+"/receipt", url.Values{"decision": {"return"}}); code != 422 || !strings.Contains(body, "退回时须写明意见") {
		t.Fatalf("return without opinion: %d", code)
	}
	if code, _ := post(city, "/admin/orgs/610100/obligations/"+ob+"/receipt", url.Values{"decision": {"accept"}}); code != 303 {
		t.Fatalf("accept: %d", code)
	}
	// Liaisons: the unit sees its own mobile numbers masked, the city in full.
	_, body = get(t, unit, e.ts.URL+"/admin/orgs/610112/liaisons")
	if !strings.Contains(body, "139****0001") || strings.Contains(body, "13900000001") {
		t.Fatal("unit's liaison page shows the mobile number")
	}
	_, body = get(t, city, e.ts.URL+"/admin/orgs/610100/liaisons")
	if !strings.Contains(body, "13900000001") || !strings.Contains(body, "139****0005") {
		t.Fatal("city's liaison page: its units' numbers in full, its own masked")
	}
	if code, body := post(unit, "/admin/orgs/610112/liaisons", url.Values{"role": {"liaison"}, "name": {"新联络员"}, "post": {"科员"}, "mobile": {"123"}}); code != 422 || !strings.Contains(body, "手机号码") {
		t.Fatalf("bad mobile: %d", code)
	}
	if code, _ := post(unit, "/admin/orgs/610112/liaisons", url.Values{"role": {"liaison"}, "name": {"新联络员"}, "post": {"科员"}, "mobile": {"13900000009"}}); code != 303 {
		t.Fatalf("register: %d", code)
	}
	_, body = get(t, unit, e.ts.URL+"/admin/orgs/610112/liaisons")
	if !strings.Contains(body, "新联络员") || !strings.Contains(body, "联络员（历史）") {
		t.Fatal("history of liaisons")
	}
	// The special topic: the 2017 campaign's accepted public work plans, nothing private.
	anon := e.client("")
	code, body = get(t, anon, e.ts.URL+"/pilot/")
	if code != 200 || !strings.Contains(body, "陕政办发〔2017〕70号") {
		t.Fatalf("/pilot/: %d", code)
	}
	old := strconv.FormatInt(cs[1].ID, 10)
	code, body = get(t, anon, e.ts.URL+"/pilot/"+old+"/")
	for _, want := range []string{"2017-08-31", "2017-10-31", "2018-06-30", "未央区", "试点工作方案：已备案", "社会救助"} {
		if code != 200 || !strings.Contains(body, want) {
			t.Fatalf("/pilot/%s/: %d, no %q", old, code, want)
		}
	}
	if strings.Contains(body, "13900000001") || strings.Contains(body, "李示例") {
		t.Fatal("a contact on the special topic")
	}
	code, body = get(t, anon, e.ts.URL+"/pilot/"+cur+"/")
	// 610111's work plan was returned: only 610112's accepted public plan shows.
	if code != 200 || strings.Count(body, "深化工作方案：已备案") != 1 {
		t.Fatalf("current special topic: %d", code)
	}
	if code, _ := get(t, anon, e.ts.URL+"/pilot/999999/"); code != 404 {
		t.Fatalf("unknown campaign: %d", code)
	}
	// The special topic's feed: the campaigns and the accepted public filings (610111's
	// returned plan is not one), newest first.
	code, body = get(t, anon, e.ts.URL+"/pilot/feed.atom")
	if code != 200 || !strings.Contains(body, "陕政办发〔2017〕70号") || !strings.Contains(body, "/pilot/"+old+"/#u-610112") ||
		!strings.Contains(body, "<title>未央区 · 深化工作方案</title>") || strings.Contains(body, "<title>灞桥区 · 深化工作方案</title>") {
		t.Fatalf("/pilot/feed.atom: %d\n%s", code, body)
	}
	_, body = get(t, anon, e.ts.URL+"/sitemap.xml?part=pages")
	if !strings.Contains(body, "/pilot/"+old+"/") {
		t.Fatal("sitemap lacks the special topic")
	}
}
