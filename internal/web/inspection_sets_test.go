package web_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"gongkai/internal/inspection"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// setForm is the form of a new version made from s, as the page fills it.
func setForm(s inspection.Set) url.Values {
	f := url.Values{"from": {s.Key()}, "name": {s.Name + "（修订）"}, "basis": {s.Basis}, "rows": {strconv.Itoa(len(s.Indicators))}}
	for i, ind := range s.Indicators {
		k := func(n string) string { return fmt.Sprintf("i.%d.%s", i, n) }
		f.Set(k("code"), ind.Code)
		f.Set(k("group"), ind.Group)
		f.Set(k("name"), ind.Name)
		f.Set(k("definition"), ind.Definition)
		f.Set(k("max"), strconv.FormatFloat(ind.Max, 'f', -1, 64))
		if ind.Veto {
			f.Set(k("veto"), "1")
		}
		if ind.Auto {
			f.Set(k("kind"), ind.Rule.Kind)
			f.Set(k("per"), strconv.FormatFloat(ind.Rule.Per, 'f', -1, 64))
			for _, p := range inspection.Params[ind.Rule.Kind] {
				f.Set(k(p.Name), strconv.FormatFloat(ind.Rule.Value(p.Name), 'f', -1, 64))
			}
			if ind.Rule.Kind == inspection.RuleColumnStale {
				f.Set(k("default_column"), ind.Rule.DefaultColumn)
				f.Set(k("columns"), inspection.ColumnTypes(ind.Rule.Columns))
			}
		}
	}
	return f
}

// TestIndicatorSetPages: the province office makes a new version on its form (column types
// and staleness edited, a manual item added and one removed) and through the API; bad input
// comes back naming the field, nothing stored; other offices are refused; the open list
// shows the new versions at once, and a round is created on one through the stable API.
func TestIndicatorSetPages(t *testing.T) { storetest.Each(t, testIndicatorSetPages) }

func testIndicatorSetPages(t *testing.T, s *store.Store) {
	e := newEnv(t, s)
	prov := e.client("supervisor@610000")
	base, _ := inspection.FindSet("default@2")
	listed := func() []string {
		_, body := get(t, e.client(""), e.ts.URL+"/api/v1/indicator-sets")
		var out struct {
			Sets []inspection.Set
		}
		if err := json.Unmarshal([]byte(body), &out); err != nil {
			t.Fatal(err)
		}
		var keys []string
		for _, x := range out.Sets {
			keys = append(keys, x.Key())
		}
		return keys
	}
	before := listed()
	code, body := get(t, prov, e.ts.URL+"/admin/orgs/610000/indicator-sets/new?from=default@2")
	if code != 200 || !strings.Contains(body, `name="i.0.code" value="W01"`) || !strings.Contains(body, `name="i.1.news_days" value="14"`) {
		t.Fatalf("form: %d", code)
	}
	if code, _ := get(t, prov, e.ts.URL+"/admin/orgs/610000/indicator-sets"); code != 200 {
		t.Fatalf("sets page: %d", code)
	}
	if code, _ := get(t, e.client("supervisor@610100"), e.ts.URL+"/admin/orgs/610100/indicator-sets/new"); code != 404 {
		t.Fatalf("a city's form: %d", code)
	}
	post := func(c *http.Client, org string, f url.Values) (int, string) {
		resp, err := c.PostForm(e.ts.URL+"/admin/orgs/"+org+"/indicator-sets", f)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b) + resp.Header.Get("Location")
	}
	// Bad input on the form: the page again with the message, nothing stored.
	for _, c := range []struct {
		name string
		edit func(url.Values)
		want string
	}{
		{"total", func(f url.Values) { f.Set("i.0.max", "7") }, "合计须为100分，现为101分"},
		{"duplicate", func(f url.Values) { f.Set("i.15.code", "M01") }, "代码与第14项重复"},
		{"unknown rule", func(f url.Values) { f.Set("i.14.kind", "magic") }, "不是平台能自动计算的扣分规则"},
		{"staleness", func(f url.Values) { f.Set("i.1.notice_days", "0") }, "通知公告、政策文件类栏目超过多少天未更新”须在1到731之间"},
		{"column type", func(f url.Values) { f.Set("i.1.columns", "shjz=weekly") }, "栏目类型须为 news 或 notice"},
	} {
		f := setForm(base)
		c.edit(f)
		if code, body := post(prov, "610000", f); code != 422 || !strings.Contains(body, c.want) {
			t.Fatalf("%s: %d %s", c.name, code, between(body, `role="alert"`, 400))
		}
	}
	if code, _ := post(e.client("supervisor@610100"), "610000", setForm(base)); code != 403 {
		t.Fatalf("a city posts to the province: %d", code)
	}
	if code, _ := post(e.client("supervisor@610100"), "610100", setForm(base)); code != 404 {
		t.Fatalf("a city posts its own: %d", code)
	}
	if got := listed(); fmt.Sprint(got) != fmt.Sprint(before) {
		t.Fatalf("a refused version was stored: %v", got)
	}
	// A good one: news columns for shjz, notices stale after 120 days; M05 removed, M06 added.
	f := setForm(base)
	f.Set("i.1.columns", "shjz=news")
	f.Set("i.1.notice_days", "120")
	f.Set("i.17.remove", "1") // M05 (2 points)
	f.Set("rows", "19")
	f.Set("i.18.code", "M06")
	f.Set("i.18.group", "现场检查")
	f.Set("i.18.name", "公开指南及时更新")
	f.Set("i.18.definition", "政府信息公开指南随机构调整及时更新。")
	f.Set("i.18.max", "2")
	code, body = post(prov, "610000", f)
	if code != 303 || !strings.Contains(body, "#set-default-3") {
		t.Fatalf("create: %d %s", code, between(body, `role="alert"`, 400))
	}
	after := listed()
	if len(after) != len(before)+1 || after[len(after)-1] != "default@3" {
		t.Fatalf("listed: %v", after)
	}
	v3, ok := func() (inspection.Set, bool) {
		sets, _ := e.app.AllIndicatorSets(t.Context())
		for _, x := range sets {
			if x.Key() == "default@3" {
				return x, true
			}
		}
		return inspection.Set{}, false
	}()
	w02, _ := v3.Indicator("W02")
	if _, m05 := v3.Indicator("M05"); !ok || m05 || w02.Rule.Columns["shjz"] != "news" || w02.Rule.NoticeDays != 120 || w02.Rule.NewsDays != 14 {
		t.Fatalf("stored: %+v", v3)
	}
	if m06, ok := v3.Indicator("M06"); !ok || m06.Auto || m06.Max != 2 {
		t.Fatalf("M06: %+v", m06)
	}

	// The API: the province office, then refusals.
	pt, ct := e.token("supervisor@610000"), e.token("supervisor@610100")
	inds := v3.Indicators
	st, out := apiDo(t, e, ct, "POST", "/api/v1/indicator-sets", map[string]any{"from": "default@3", "name": "市里的版本", "indicators": inds})
	if _, msg := fieldOf(out); st != 403 || !strings.Contains(msg, "无权") {
		t.Fatalf("a city defines: %d %v", st, out)
	}
	bad := append([]inspection.Indicator{}, inds...)
	for i := range bad {
		if bad[i].Code == "M01" {
			bad[i].Max = 1
		}
	}
	st, out = apiDo(t, e, pt, "POST", "/api/v1/indicator-sets", map[string]any{"from": "default@3", "name": "第4版", "indicators": bad})
	if field, msg := fieldOf(out); st != 422 || field != "indicators" || !strings.Contains(msg, "合计须为100分") {
		t.Fatalf("bad total through the API: %d %v", st, out)
	}
	st, out = apiDo(t, e, pt, "POST", "/api/v1/indicator-sets", map[string]any{"from": "default@3", "name": "第4版", "indicators": inds})
	if st != 201 || out["key"] != "default@4" {
		t.Fatalf("API define: %d %v", st, out)
	}
	// A round on the version the page made, through the stable API.
	st, out = apiDo(t, e, pt, "POST", "/api/v1/inspections", map[string]any{"name": "按第3版检查", "period_from": time.Now().AddDate(0, -1, 0).Format("2006-01-02"),
		"period_to": time.Now().Format("2006-01-02"), "cutoff": time.Now().Add(-time.Hour).Format(time.RFC3339), "units": []string{"610112"}, "indicator_set": "default@3"})
	if st != 201 {
		t.Fatalf("round: %d %v", st, out)
	}
	st, out = apiDo(t, e, pt, "GET", fmt.Sprintf("/api/v1/inspections/%d/scores", int64(out["id"].(float64))), nil)
	if st != 200 || out["indicator_set"] != "default@3" {
		t.Fatalf("round's set: %d %v", st, out)
	}
}
