package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

func TestInspectionAPI(t *testing.T) { storetest.Each(t, testInspectionAPI) }

// fieldOf returns the first field named by an API error and its message.
func fieldOf(out map[string]any) (string, string) {
	e, _ := out["error"].(map[string]any)
	fs, _ := e["fields"].([]any)
	if len(fs) == 0 {
		msg, _ := e["message"].(string)
		return "", msg
	}
	f, _ := fs[0].(map[string]any)
	field, _ := f["field"].(string)
	msg, _ := f["message"].(string)
	return field, msg
}

func testInspectionAPI(t *testing.T, s *store.Store) {
	e := newEnv(t, s)
	// The indicator sets are open data.
	code, body := get(t, e.client(""), e.ts.URL+"/api/v1/indicator-sets")
	var sets struct {
		Sets []struct {
			Code       string
			Indicators []struct {
				Code, Name, Definition string
				Max                    float64
				Auto, Veto             bool
			}
		}
	}
	if code != 200 || json.Unmarshal([]byte(body), &sets) != nil || len(sets.Sets) == 0 || sets.Sets[0].Code != "default" || len(sets.Sets[0].Indicators) < 15 {
		t.Fatalf("indicator sets: %d %.200s", code, body)
	}
	prov, city, assessor, admin, editor := e.token("supervisor@610000"), e.token("supervisor@610100"), e.token("assessor"), e.token("admin@610112"), e.token("editor@610112")
	cutoff := time.Now().Add(-time.Hour).Format(time.RFC3339)
	from := time.Now().AddDate(0, -3, 0).Format("2006-01-02")
	in := map[string]any{"name": "接口检查", "period_from": from, "period_to": time.Now().Format("2006-01-02"), "cutoff": cutoff,
		"units": []string{"610112", "610111"}, "indicator_set": "default", "scorers": []string{"assessor"}}

	// Bad input: a 4xx naming the field in Chinese, and no round created.
	_, before := apiDo(t, e, prov, "GET", "/api/v1/inspections/1/scores", nil)
	for _, c := range []struct {
		token string
		patch map[string]any
		want  int
		field string
		msg   string
	}{
		{city, map[string]any{"units": []string{"610112", "610323"}}, 422, "units", "不在您的管辖范围内"},
		{prov, map[string]any{"units": []string{"610112", "nosuch"}}, 422, "units", "不是试点单位"},
		{prov, map[string]any{"name": ""}, 422, "name", "须填写"},
		{prov, map[string]any{"period_to": "2000-01-01"}, 422, "period_to", "不能早于"},
		{prov, map[string]any{"combine": "lead"}, 422, "lead", "主评人"},
		{editor, nil, 403, "", "无权"},
	} {
		x := map[string]any{}
		for k, v := range in {
			x[k] = v
		}
		for k, v := range c.patch {
			x[k] = v
		}
		st, out := apiDo(t, e, c.token, "POST", "/api/v1/inspections", x)
		field, msg := fieldOf(out)
		if st != c.want || field != c.field || !strings.Contains(msg, c.msg) {
			t.Fatalf("%v: %d %s %s", c.patch, st, field, msg)
		}
	}
	st, out := apiDo(t, e, prov, "POST", "/api/v1/inspections", in)
	if st != 201 {
		t.Fatalf("create: %d %v", st, out)
	}
	id := int64(out["id"].(float64))
	if _, after := apiDo(t, e, prov, "GET", "/api/v1/inspections/1/scores", nil); fmt.Sprint(after["units"]) != fmt.Sprint(before["units"]) || before["units"] == nil {
		t.Fatal("a refused round changed an existing one")
	}
	path := fmt.Sprintf("/api/v1/inspections/%d", id)
	if st, out := apiDo(t, e, prov, "POST", path+"/compute", nil); st != 200 || len(out["units"].([]any)) != 2 {
		t.Fatalf("compute: %d %v", st, out)
	}
	// Marks: range, scorer, then a good one.
	for _, c := range []struct {
		token string
		body  map[string]any
		want  int
		field string
	}{
		{assessor, map[string]any{"unit": "610112", "indicator": "M01", "points": 9, "comment": "x"}, 422, "points"},
		{assessor, map[string]any{"unit": "610112", "indicator": "W01", "points": 1, "comment": "x"}, 422, "indicator"},
		{assessor, map[string]any{"unit": "610323", "indicator": "M01", "points": 1, "comment": "x"}, 422, "unit"},
		{prov, map[string]any{"unit": "610112", "indicator": "M01", "points": 1, "comment": "x"}, 403, ""}, // the round names assessors only
		{assessor, map[string]any{"unit": "610112", "indicator": "M01", "points": 1, "comment": "办事指南缺少三项要素"}, 201, ""},
	} {
		st, out := apiDo(t, e, c.token, "POST", path+"/marks", c.body)
		if field, _ := fieldOf(out); st != c.want || field != c.field {
			t.Fatalf("mark %v: %d %v", c.body, st, out)
		}
	}
	// Scores: the unit sees itself, the city its units; each deduction with its evidence.
	type scores struct {
		Units []struct {
			Unit       string
			Score      float64
			Vetoed     bool
			Rank       int
			Deductions []struct {
				Indicator string
				Points    float64
				Evidence  []struct{ URL, Note string }
			}
		}
	}
	read := func(token string) scores {
		req, _ := http.NewRequest("GET", e.ts.URL+path+"/scores", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var sc scores
		if resp.StatusCode != 200 || json.NewDecoder(resp.Body).Decode(&sc) != nil {
			t.Fatalf("scores: %d", resp.StatusCode)
		}
		return sc
	}
	mine := read(admin)
	if len(mine.Units) != 1 || mine.Units[0].Unit != "610112" || mine.Units[0].Rank == 0 {
		t.Fatalf("the unit sees %+v", mine.Units)
	}
	m01 := false
	for _, d := range mine.Units[0].Deductions {
		m01 = m01 || (d.Indicator == "M01" && d.Points == 3 && len(d.Evidence) == 1 && strings.Contains(d.Evidence[0].Note, "缺少三项要素"))
		if d.Indicator != "M01" && (len(d.Evidence) == 0 || d.Evidence[0].URL == "" || d.Evidence[0].Note == "") {
			t.Fatalf("deduction without evidence: %+v", d)
		}
	}
	if !m01 {
		t.Fatalf("manual mark not in the deductions: %+v", mine.Units[0].Deductions)
	}
	if all := read(city); len(all.Units) != 2 {
		t.Fatalf("the city sees %d units", len(all.Units))
	}
	// 灞桥区, also in the round, reads its own.
	if st, _ := apiDo(t, e, e.token("admin@610111"), "GET", path+"/scores", nil); st != 200 {
		t.Fatalf("灞桥区 reads its own scores: %d", st)
	}
	// Close; afterwards marks are refused and the scores stay.
	if st, out := apiDo(t, e, prov, "POST", path+"/close", nil); st != 200 {
		t.Fatalf("close: %d %v", st, out)
	}
	if st, _ := apiDo(t, e, assessor, "POST", path+"/marks", map[string]any{"unit": "610112", "indicator": "M02", "points": 4}); st != 409 {
		t.Fatalf("mark after close: %d", st)
	}
	if st, _ := apiDo(t, e, prov, "POST", path+"/compute", nil); st != 409 {
		t.Fatalf("compute after close: %d", st)
	}
	if again := read(admin); fmt.Sprint(again) != fmt.Sprint(mine) {
		t.Fatalf("closed scores changed:\n%+v\n%+v", mine, again)
	}

	// The notice draft on the closed round: ranking, problems with evidence, the deadline.
	nc := e.client("supervisor@610000")
	code, body = get(t, nc, fmt.Sprintf("%s/admin/orgs/610000/inspections/%d/notice?days=10", e.ts.URL, id))
	if code != 200 || !strings.Contains(body, "关于接口检查情况的通报") || !strings.Contains(body, "缺少三项要素") || !strings.Contains(body, "10个工作日内") {
		t.Fatalf("notice draft: %d", code)
	}
	if code, body = get(t, nc, fmt.Sprintf("%s/admin/orgs/610000/inspections/%d/notice?days=0", e.ts.URL, id)); code != 422 || !strings.Contains(body, "整改期限") {
		t.Fatalf("notice with 0 days: %d", code)
	}
	if code, _ = get(t, e.client("supervisor@610100"), fmt.Sprintf("%s/admin/orgs/610100/inspections/%d/notice", e.ts.URL, id)); code != 403 {
		t.Fatalf("the city drafts the province's notice: %d", code)
	}
	// Pages: the ranking with its chart and table, the xlsx, the unit's own view.
	c := e.client("supervisor@610000")
	code, body = get(t, c, fmt.Sprintf("%s/admin/orgs/610000/inspections/%d", e.ts.URL, id))
	if code != 200 || !strings.Contains(body, "<svg") || !strings.Contains(body, "未央区") || !strings.Contains(body, "灞桥区") {
		t.Fatalf("round page: %d", code)
	}
	resp, err := c.Get(fmt.Sprintf("%s/admin/orgs/610000/inspections/%d/ranking.xlsx", e.ts.URL, id))
	if err != nil || resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Type"), "spreadsheetml") {
		t.Fatalf("ranking export: %v %v", err, resp)
	}
	resp.Body.Close()
	code, body = get(t, e.client("admin@610112"), fmt.Sprintf("%s/admin/orgs/610112/inspections/%d", e.ts.URL, id))
	if code != 200 || !strings.Contains(body, "M01 办事指南要素齐全") || strings.Contains(body, "灞桥区") {
		t.Fatalf("unit page: %d", code)
	}
	// Across rounds: the demo's closed round and this one, with the chart beside the table.
	code, body = get(t, e.client("supervisor@610100"), e.ts.URL+"/admin/orgs/610100/inspections/trend")
	if code != 200 || !strings.Contains(body, "接口检查") || !strings.Contains(body, "第一次基层政务公开检查") || !strings.Contains(body, "<svg") {
		t.Fatalf("trend: %d", code)
	}
	resp, err = c.Get(e.ts.URL + "/admin/orgs/610000/inspections/trend.xlsx")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("trend export: %v %v", err, resp)
	}
	resp.Body.Close()
	// Bonus points: the province office awards, a bad one is refused naming the field.
	pc := e.client("supervisor@610000")
	resp, err = pc.PostForm(e.ts.URL+"/admin/orgs/610000/bonus", url.Values{"unit": {"610111"}, "year": {"2026"}, "points": {"99"}, "reason": {"x"}, "basis": {"y"}})
	if err != nil || resp.StatusCode != 422 {
		t.Fatalf("bad award: %v %v", err, resp)
	}
	resp.Body.Close()
	resp, err = pc.PostForm(e.ts.URL+"/admin/orgs/610000/bonus", url.Values{"unit": {"610111"}, "year": {"2026"}, "points": {"1.5"}, "reason": {"整改到位"}, "basis": {"接口检查"}})
	if err != nil || resp.StatusCode != 303 {
		t.Fatalf("award: %v %v", err, resp)
	}
	resp.Body.Close()
	code, body = get(t, e.client("admin@610111"), e.ts.URL+"/admin/orgs/610111/bonus?year=2026")
	if code != 200 || !strings.Contains(body, "整改到位") {
		t.Fatalf("unit's bonus page: %d", code)
	}
	if code, body = get(t, e.client("admin@610112"), e.ts.URL+"/admin/orgs/610112/bonus?year=2026"); code != 200 || strings.Contains(body, "整改到位") {
		t.Fatalf("another unit sees the award: %d", code)
	}
}
