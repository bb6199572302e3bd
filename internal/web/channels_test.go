package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/png"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"gongkai/internal/audit"
	"gongkai/internal/record"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestChannelsAPIAndPages: webhook registration through the API (bad input refused with
// the field named in Chinese and nothing registered; private receivers only when allowed),
// a record's deliveries, the printable notice (published records only), the staff page's
// channel states and the confirmation of an offline channel.
func TestChannelsAPIAndPages(t *testing.T) { storetest.Each(t, testChannelsAPIAndPages) }

func testChannelsAPIAndPages(t *testing.T, s *store.Store) {
	e := newEnv(t, s)
	ctx := context.Background()
	token := func(login string) string {
		p, _ := e.store.PersonByLogin(ctx, login)
		tok, _, err := e.app.CreateToken(ctx, audit.System("test"), p.ID, "test", 90)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	admin, editor := token("admin@610112"), token("editor@610112")
	call := func(method, path, tok, body string) (int, map[string]any) {
		req, _ := http.NewRequest(method, e.ts.URL+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if tok != "" {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var v map[string]any
		json.NewDecoder(resp.Body).Decode(&v)
		return resp.StatusCode, v
	}
	fieldMsg := func(v map[string]any, field string) string {
		er, _ := v["error"].(map[string]any)
		fs, _ := er["fields"].([]any)
		for _, f := range fs {
			if m := f.(map[string]any); m["field"] == field {
				return m["label"].(string) + "：" + m["message"].(string)
			}
		}
		return ""
	}
	bad := []struct{ body, field, want string }{
		{`{"unit":"610112","channel":"weibo_wechat_app","url":"http://127.0.0.1:9/hook"}`, "url", "推送地址"},
		{`{"unit":"610112","channel":"weibo_wechat_app","url":"ftp://example.org/"}`, "url", "http"},
		{`{"unit":"610112","channel":"fax","url":"https://example.org/"}`, "channel", "无法识别"},
		{`{"unit":"610112","channel":"bulletin_board","url":"https://example.org/"}`, "channel", "不是线上渠道"},
		{`{"unit":"nope","channel":"weibo_wechat_app","url":"https://example.org/"}`, "unit", "不存在"},
	}
	for _, b := range bad {
		code, v := call("POST", "/api/v1/webhooks", admin, b.body)
		if msg := fieldMsg(v, b.field); code != 422 || !strings.Contains(msg, b.want) {
			t.Errorf("%s: %d %q", b.body, code, msg)
		}
	}
	if code, _ := call("POST", "/api/v1/webhooks", editor, `{"unit":"610112","channel":"weibo_wechat_app","url":"https://example.org/"}`); code != 403 {
		t.Errorf("an editor registers a webhook: %d", code)
	}
	u, _ := e.app.OrgByCode(ctx, "610112")
	if eps, _ := e.app.Webhooks(ctx, e.principal("admin@610112"), u); len(eps) != 0 {
		t.Fatalf("bad input registered %d endpoints", len(eps))
	}
	e.app.Cfg.AllowPrivateWebhooks = true
	code, v := call("POST", "/api/v1/webhooks", admin, `{"unit":"610112","channel":"weibo_wechat_app","url":"http://127.0.0.1:9/hook"}`)
	if sec, _ := v["secret"].(string); code != 201 || !strings.HasPrefix(sec, "whsec_") || v["id"] == nil {
		t.Fatalf("allowed private receiver: %d %v", code, v)
	}

	// A published demo record: its deliveries, its notice, its staff page.
	items, _ := e.store.Records(ctx, store.RecordQuery{UnitID: u.ID, Published: true, Limit: 500})
	var pub, draft int64
	var confirm int64
	for _, it := range items {
		if it.State != record.StatePublished || pub != 0 {
			continue
		}
		dl, _ := e.app.RecordDeliveries(ctx, e.principal("editor@610112"), it.ID)
		for _, d := range dl {
			if d.Kind == "confirm" && d.State == "pending" {
				pub, confirm = it.ID, d.ID
			}
		}
	}
	all, _ := e.store.Records(ctx, store.RecordQuery{UnitID: u.ID, Limit: 500})
	for _, it := range all {
		if it.State != record.StatePublished && it.State != record.StateWithdrawn && it.PublicRevision == 0 {
			draft = it.ID
		}
	}
	if pub == 0 || draft == 0 {
		t.Fatal("demo lacks a published or an unpublished record")
	}
	id := strconv.FormatInt(pub, 10)
	code, v = call("GET", "/api/v1/records/"+id+"/deliveries", editor, "")
	ds, _ := v["deliveries"].([]any)
	if code != 200 || len(ds) == 0 {
		t.Fatalf("deliveries: %d %v", code, v)
	}
	states := map[string]string{}
	for _, d := range ds {
		m := d.(map[string]any)
		states[m["channel"].(string)] = m["state"].(string)
		for _, k := range []string{"channel", "state", "attempts", "last_error"} {
			if _, ok := m[k]; !ok {
				t.Errorf("delivery without %s: %v", k, m)
			}
		}
	}
	if states["website"] != "delivered" {
		t.Errorf("website: %v", states)
	}
	if code, _ := call("GET", "/api/v1/records/"+id+"/deliveries", "", ""); code != 401 {
		t.Errorf("anonymous deliveries: %d", code)
	}
	if code, _ := call("GET", "/api/v1/records/"+id+"/deliveries", token("editor@610111"), ""); code != 404 {
		t.Errorf("another unit's editor: %d", code)
	}
	anon := e.client("")
	code, body := get(t, anon, e.ts.URL+"/610112/records/"+id+"/notice")
	if code != 200 || !strings.Contains(body, `<svg class="qr"`) || !strings.Contains(body, "公示期") || !strings.Contains(body, "/610112/records/"+id) {
		t.Fatalf("notice: %d", code)
	}
	if code, _ := get(t, anon, e.ts.URL+"/610112/records/"+strconv.FormatInt(draft, 10)+"/notice"); code != 404 {
		t.Errorf("notice of an unpublished record: %d", code)
	}
	if code, _ := get(t, anon, e.ts.URL+"/610111/records/"+id+"/notice"); code != 404 {
		t.Errorf("notice under another unit: %d", code)
	}
	ed := e.client("editor@610112")
	code, body = get(t, ed, e.ts.URL+"/admin/orgs/610112/records/"+id)
	if code != 200 || !strings.Contains(body, "公开渠道送达情况") || !strings.Contains(body, "已送达") {
		t.Fatalf("staff page: %d", code)
	}

	// Confirm an offline channel through the form: a bad date first.
	post := func(fields map[string]string, photo []byte) (int, string) {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		for k, v := range fields {
			mw.WriteField(k, v)
		}
		if photo != nil {
			fw, _ := mw.CreateFormFile("photo", "photo.png")
			fw.Write(photo)
		}
		mw.Close()
		req, _ := http.NewRequest("POST", e.ts.URL+"/admin/orgs/610112/deliveries/"+strconv.FormatInt(confirm, 10)+"/confirm", &buf)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		resp, err := ed.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var b bytes.Buffer
		b.ReadFrom(resp.Body)
		return resp.StatusCode, b.String()
	}
	if code, body := post(map[string]string{"posted_on": "昨天", "place": "村委会公示栏"}, nil); code != 422 || !strings.Contains(body, "张贴（播发）日期") {
		t.Fatalf("bad date: %d", code)
	}
	if code, body := post(map[string]string{"posted_on": e.app.Today().String()}, nil); code != 422 || !strings.Contains(body, "张贴地点") {
		t.Fatalf("no place: %d", code)
	}
	var img bytes.Buffer
	png.Encode(&img, image.NewRGBA(image.Rect(0, 0, 4, 4)))
	if code, _ := post(map[string]string{"posted_on": e.app.Today().String(), "place": "幸福路社区公示栏"}, img.Bytes()); code != 303 {
		t.Fatalf("confirm: %d", code)
	}
	code, body = get(t, ed, e.ts.URL+"/admin/orgs/610112/records/"+id)
	if !strings.Contains(body, "幸福路社区公示栏") || !strings.Contains(body, "现场照片") {
		t.Fatalf("confirmed channel not shown: %d", code)
	}
	for _, login := range []string{"admin@610112", "supervisor@610000"} {
		org := "610112"
		if login == "supervisor@610000" {
			org = "610000"
		}
		if code, body := get(t, e.client(login), e.ts.URL+"/admin/orgs/"+org+"/channels"); code != 200 || !strings.Contains(body, "未完成的重大事项") {
			t.Errorf("%s channels page: %d", login, code)
		}
	}
}
