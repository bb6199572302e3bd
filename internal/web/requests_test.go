package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"gongkai/internal/app"
	"gongkai/internal/audit"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// apiCall sends a JSON request with a bearer token and decodes the answer.
func apiCall(t *testing.T, e *env, tok, method, path, body string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(method, e.ts.URL+path, strings.NewReader(body))
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

func tokenFor(t *testing.T, e *env, login string) string {
	t.Helper()
	p, err := e.store.PersonByLogin(context.Background(), login)
	if err != nil {
		t.Fatal(err)
	}
	tok, _, err := e.app.CreateToken(context.Background(), audit.System("test"), p.ID, "test", 90)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func applyForm(name, idNo string) url.Values {
	return url.Values{"applicant_kind": {"person"}, "name": {name}, "id_kind": {"居民身份证"}, "id_no": {idNo}, "phone": {"13912345678"},
		"address": {"西安市未央区凤城八路"}, "description": {"2025年最低生活保障资金发放明细"}, "form": {"电子文档"}, "delivery": {"电子邮件"}}
}

// TestRequestsThroughTheWeb: the public form answers 303 to the status page, which shows no
// personal data; the staff API registers, moves the clock, refuses bad steps and replies.
func TestRequestsThroughTheWeb(t *testing.T) { storetest.Each(t, testRequestsThroughTheWeb) }

func testRequestsThroughTheWeb(t *testing.T, s *store.Store) {
	e := newEnv(t, s)
	day, _ := time.ParseInLocation("2006-01-02 15:04", "2026-12-07 10:00", app.Shanghai)
	e.app.Clock = func() time.Time { return day }
	anon := e.client("")
	if code, body := get(t, anon, e.ts.URL+"/610111/requests/new"); code != 200 || !strings.Contains(body, "政府信息公开申请") {
		t.Fatalf("form: %d", code)
	}
	// Bad input: 422 naming the field, nothing stored.
	bad := applyForm("王五", "")
	resp, err := anon.PostForm(e.ts.URL+"/610111/requests", bad)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 422 || !strings.Contains(string(b), "证件号码") {
		t.Fatalf("bad form: %d", resp.StatusCode)
	}
	// A form filled to every limit fits the public body limit.
	full := applyForm(strings.Repeat("名", 100), strings.Repeat("1", 40))
	full.Set("agent", strings.Repeat("人", 50))
	full.Set("address", strings.Repeat("址", 100))
	full.Set("description", strings.Repeat("述", 1000))
	full.Set("purpose", strings.Repeat("用", 200))
	full.Set("email", strings.Repeat("m", 90)+"@example.o")
	full.Set("phone", strings.Repeat("1", 30))
	if resp, err := anon.PostForm(e.ts.URL+"/610111/requests", full); err != nil || resp.StatusCode != 303 {
		t.Fatalf("full form: %v %v", err, resp.StatusCode)
	}
	resp, err = anon.PostForm(e.ts.URL+"/610111/requests", applyForm("王小五", "610112198802023456"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc := resp.Header.Get("Location")
	if resp.StatusCode != 303 || !strings.HasPrefix(loc, "/requests/status/rq_") {
		t.Fatalf("apply: %d %s", resp.StatusCode, loc)
	}
	code, body := get(t, anon, e.ts.URL+loc)
	if code != 200 || !strings.Contains(body, "610111-2026-00002") || !strings.Contains(body, "自2026年12月8日起算第20个工作日") {
		t.Fatalf("status page: %d %s", code, body)
	}
	for _, secret := range []string{"王小五", "610112198802023456", "13912345678", "凤城八路"} {
		if strings.Contains(body, secret) {
			t.Errorf("status page shows %s", secret)
		}
	}

	editorTok, approverTok, reviewerTok := tokenFor(t, e, "editor@610111"), tokenFor(t, e, "approver@610111"), tokenFor(t, e, "reviewer@610111")
	reg := `{"unit":"610111","received_on":"%s","channel":"post","applicant":{"kind":"legal","name":"某律师事务所","agent":"赵律师","id_kind":"统一社会信用代码","id_no":"31610000MD0000000X","phone":"02988888888","address":"西安市"},"description":"征收补偿方案","form":"纸质","delivery":"邮寄"}`
	if code, out := apiCall(t, e, editorTok, "POST", "/api/v1/requests", strings.Replace(reg, "%s", "2026-12-08", 1)); code != 422 || !strings.Contains(out["error"].(map[string]any)["fields"].([]any)[0].(map[string]any)["field"].(string), "received_on") {
		t.Fatalf("future receipt: %d %v", code, out)
	}
	code, out := apiCall(t, e, editorTok, "POST", "/api/v1/requests", strings.Replace(reg, "%s", "2026-11-02", 1))
	if code != 201 || out["tracking_no"] != "610111-2026-00003" || !strings.Contains(out["status_url"].(string), "/requests/status/rq_") {
		t.Fatalf("register: %d %v", code, out)
	}
	id := int64(out["id"].(float64))
	path := "/api/v1/requests/" + itoa(id)
	// Correction notice on the 7th working day after 11-02 (11-11) is late on 11-12.
	if code, out := apiCall(t, e, editorTok, "POST", path+"/events", `{"kind":"correction_notice","on":"2026-11-12","until":"2026-11-30"}`); code != 422 || !strings.Contains(out["error"].(map[string]any)["message"].(string), "补正告知") {
		t.Fatalf("late notice: %d %v", code, out)
	}
	if code, out := apiCall(t, e, editorTok, "POST", path+"/events", `{"kind":"consultation_start","on":"2026-11-10","party":"third_party"}`); code != 200 || out["state"] != "consultation" {
		t.Fatalf("consult: %d %v", code, out)
	}
	if code, out := apiCall(t, e, editorTok, "POST", path+"/events", `{"kind":"consultation_end","on":"2026-11-05"}`); code != 422 || !strings.Contains(out["error"].(map[string]any)["message"].(string), "征求意见结束") {
		t.Fatalf("out of order: %d %v", code, out)
	}
	code, out = apiCall(t, e, editorTok, "POST", path+"/events", `{"kind":"consultation_end","on":"2026-11-20"}`)
	if code != 200 || out["due"] != "2026-12-10" || !strings.Contains(out["due_explained"].(string), "征求第三方意见8个工作日不计入") {
		t.Fatalf("consultation end: %d %v", code, out)
	}
	if code, _ := apiCall(t, e, approverTok, "POST", path+"/events", `{"kind":"extension","on":"2026-12-07","days":21}`); code != 422 {
		t.Fatalf("extension of 21: %d", code)
	}
	if code, out := apiCall(t, e, approverTok, "POST", path+"/events", `{"kind":"extension","on":"2026-12-07","days":20}`); code != 200 || out["state"] != "extended" {
		t.Fatalf("extension: %d %v", code, out)
	}
	if code, _ := apiCall(t, e, approverTok, "POST", path+"/events", `{"kind":"extension","on":"2026-12-07","days":5}`); code != 422 {
		t.Fatalf("second extension: %d", code)
	}
	// The list carries the due day and its explanation, and no personal data.
	code, out = apiCall(t, e, editorTok, "GET", "/api/v1/requests?unit=610111&state=extended", "")
	rows, _ := out["requests"].([]any)
	if code != 200 || len(rows) != 1 || rows[0].(map[string]any)["due"] == "" {
		t.Fatalf("list: %d %v", code, out)
	}
	if raw, _ := json.Marshal(out); strings.Contains(string(raw), "赵律师") {
		t.Error("list carries the contact person")
	}
	if code, _ := apiCall(t, e, editorTok, "POST", path+"/reply", `{"type":"refused","basis":"x"}`); code != 422 {
		t.Fatalf("type outside the taxonomy: %d", code)
	}
	if code, _ := apiCall(t, e, editorTok, "POST", path+"/reply", `{"type":"partial"}`); code != 200 {
		t.Fatalf("reply: %d", code)
	}
	if code, _ := apiCall(t, e, reviewerTok, "POST", path+"/reply/review", `{"decision":"pass"}`); code != 200 {
		t.Fatalf("review: %d", code)
	}
	if code, out := apiCall(t, e, approverTok, "POST", path+"/reply/approve", `{"decision":"approve"}`); code != 200 || out["answered"] != "2026-12-07" {
		t.Fatalf("approve: %d %v", code, out)
	}
	// The letter prints and downloads as a DOCX holding the text.
	editor := e.client("editor@610111")
	if code, body := get(t, editor, e.ts.URL+"/admin/orgs/610111/requests/"+itoa(id)+"/letter"); code != 200 || !strings.Contains(body, "政府信息公开申请答复告知书") || !strings.Contains(body, "行政复议") {
		t.Fatalf("letter: %d", code)
	}
	resp, err = editor.Get(e.ts.URL + "/admin/orgs/610111/requests/" + itoa(id) + "/letter.docx")
	if err != nil {
		t.Fatal(err)
	}
	docx, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	zr, err := zip.NewReader(bytes.NewReader(docx), int64(len(docx)))
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("docx: %d %v", resp.StatusCode, err)
	}
	found := false
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			rc, _ := f.Open()
			x, _ := io.ReadAll(rc)
			rc.Close()
			found = strings.Contains(string(x), "部分内容不予公开") && strings.Contains(string(x), "某律师事务所")
		}
	}
	if !found {
		t.Error("docx lacks the letter text")
	}
	// The staff pages render for the editor; a supervisor sees the list but not the applicant.
	if code, body := get(t, editor, e.ts.URL+"/admin/orgs/610111/requests/"+itoa(id)); code != 200 || !strings.Contains(body, "31610000MD0000000X") {
		t.Fatalf("staff page: %d", code)
	}
	sup := e.client("supervisor@610100")
	if code, body := get(t, sup, e.ts.URL+"/admin/orgs/610111/requests"); code != 200 || !strings.Contains(body, "王*") || strings.Contains(body, "王小五") {
		t.Fatalf("supervisor list: %d", code)
	}
	if code, _ := get(t, sup, e.ts.URL+"/admin/orgs/610111/requests/"+itoa(id)); code != 403 {
		t.Fatalf("supervisor opens the applicant: %d", code)
	}
	// The annual report of the year so far: three new requests, one answered; checked.
	code, out = apiCall(t, e, editorTok, "GET", "/api/v1/units/610111/annual-reports/2026", "")
	if code != 200 || out["check"].(map[string]any)["ok"] != true {
		t.Fatalf("annual report: %d %v", code, out)
	}
	t3 := out["tables"].(map[string]any)["table3"].(map[string]any)["rows"].([]any)
	if newRow := t3[0].(map[string]any); newRow["key"] != "new" || newRow["cells"].([]any)[6].(float64) != 3 {
		t.Fatalf("table 三: %v", t3[0])
	}
	if code, _ := apiCall(t, e, editorTok, "GET", "/api/v1/units/610111/annual-reports/20x6", ""); code != 422 {
		t.Fatalf("bad year: %d", code)
	}
	if code, body := get(t, sup, e.ts.URL+"/admin/orgs/610111/annual-reports/2026"); code != 200 || !strings.Contains(body, "校验通过") {
		t.Fatalf("report page: %d", code)
	}
}

func itoa(n int64) string { return strings.TrimSpace(strings.Replace(jsonNum(n), "\n", "", -1)) }

func jsonNum(n int64) string { b, _ := json.Marshal(n); return string(b) }
