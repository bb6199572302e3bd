package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"gongkai/internal/audit"
	"gongkai/internal/record"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestRecordInputBoundsAPIAndForm: the API and the staff form refuse a draft with a field
// beyond its length limit or a date out of range, with the field named in Chinese, and store
// nothing of it.
func TestRecordInputBoundsAPIAndForm(t *testing.T) {
	storetest.Each(t, testRecordInputBoundsAPIAndForm)
}

func testRecordInputBoundsAPIAndForm(t *testing.T, s *store.Store) {
	e := newEnv(t, s)
	ctx := context.Background()
	p, _ := e.store.PersonByLogin(ctx, "editor@610112")
	tok, _, err := e.app.CreateToken(ctx, audit.System("test"), p.ID, "test", 90)
	if err != nil {
		t.Fatal(err)
	}
	u, _ := e.store.OrgByCode(ctx, "610112")
	_, es, err := e.app.EffectiveCatalog(ctx, u, "shjz")
	if err != nil {
		t.Fatal(err)
	}
	call := func(method, path string, body map[string]any) (int, map[string]any) {
		b, _ := json.Marshal(body)
		req, _ := http.NewRequest(method, e.ts.URL+path, bytes.NewReader(b))
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var v map[string]any
		json.NewDecoder(resp.Body).Decode(&v)
		return resp.StatusCode, v
	}
	fieldsOf := func(v map[string]any) map[string]string {
		out := map[string]string{}
		e, _ := v["error"].(map[string]any)
		fs, _ := e["fields"].([]any)
		for _, f := range fs {
			m := f.(map[string]any)
			out[m["field"].(string)] = m["label"].(string) + "：" + m["message"].(string)
		}
		return out
	}
	draft := map[string]any{"unit": "610112", "domain": "shjz", "entry_id": es[0].ID, "kind": "other", "title": "边界测试", "body_html": "<p>正文</p>",
		"formed_on": formedToday()}
	code, v := call("POST", "/api/v1/records", draft)
	if code != 201 {
		t.Fatalf("create: %d %v", code, v)
	}
	id := int64(v["id"].(float64))
	before, _ := e.app.CurrentRevision(ctx, id)

	// The contract's minimal body (no formed_on) creates a draft formed on the day of creation.
	code, v = call("POST", "/api/v1/records", map[string]any{"unit": "610112", "domain": "shjz", "entry_id": es[0].ID, "title": "示例公告", "body_html": "<p>示例正文</p>"})
	if code != 201 || v["state"] != "draft" || v["formed_on"] != formedToday() {
		t.Fatalf("create without formed_on: %d %v", code, v)
	}

	long := strings.Repeat("长", record.MaxTitleLen+1)
	for _, tc := range []struct {
		name, field, want string
		change            map[string]any
	}{
		{"title", "title", "标题：不能超过200字（现为201字）", map[string]any{"title": long}},
		{"body", "body_html", "正文：不能超过", map[string]any{"body_html": "<p>" + strings.Repeat("长", record.MaxBodyLen) + "</p>"}},
		{"issuer", "issuer", "发布机构：不能超过100字", map[string]any{"issuer": strings.Repeat("长", 101)}},
		{"doc number", "doc_no", "文号：不能超过100字", map[string]any{"doc_no": strings.Repeat("长", 101)}},
		{"change note", "change_note", "修订说明：不能超过1000字", map[string]any{"change_note": strings.Repeat("长", 1001)}},
		{"guide", "guide.fees", "收费标准：不能超过10000字", map[string]any{"guide": map[string]any{"fees": strings.Repeat("长", 10001)}}},
		{"formed on 0001-01-01", "formed_on", "信息形成或变更日期：不能早于1949-10-01", map[string]any{"formed_on": "0001-01-01"}},
		{"written in 2999", "written_on", "成文日期：不能晚于今天", map[string]any{"written_on": "2999-01-01"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := map[string]any{}
			for k, v := range draft {
				in[k] = v
			}
			for k, v := range tc.change {
				in[k] = v
			}
			// A new draft and an edit of one are refused alike.
			for _, req := range []struct{ method, path string }{{"POST", "/api/v1/records"}, {"PUT", "/api/v1/records/" + strconv.FormatInt(id, 10)}} {
				code, v := call(req.method, req.path, in)
				if got := fieldsOf(v)[tc.field]; code != 422 || !strings.HasPrefix(got, tc.want) {
					t.Fatalf("%s %s: %d %q, want 422 %q", req.method, req.path, code, got, tc.want)
				}
			}
		})
	}
	after, _ := e.app.CurrentRevision(ctx, id)
	if after.UpdatedAt != before.UpdatedAt || after.Title != "边界测试" {
		t.Fatalf("a refused edit changed the draft: %q", after.Title)
	}
	items, _ := e.store.Records(ctx, store.RecordQuery{UnitID: u.ID, Limit: 500})
	for _, it := range items {
		if strings.HasPrefix(it.RevisionTitle, "长") {
			t.Fatalf("a refused draft was stored: %d", it.ID)
		}
	}

	// The staff form: the same rule, the same Chinese message.
	editor := e.client("editor@610112")
	form := url.Values{"kind": {"other"}, "title": {"边界测试"}, "body_html": {"<p>正文</p>"}, "openness": {"proactive"}, "formed_on": {"0001-01-01"}}
	resp, err := editor.PostForm(e.ts.URL+"/admin/orgs/610112/records/"+strconv.FormatInt(id, 10)+"/edit", form)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 422 || !strings.Contains(string(b), "信息形成或变更日期：不能早于1949-10-01") {
		t.Fatalf("form: %d %s", resp.StatusCode, b)
	}
}
