package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"gongkai/internal/audit"
	"gongkai/internal/inspection"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// apiMultipart posts a multipart form with a bearer token and decodes the JSON answer.
func apiMultipart(t *testing.T, e *env, token, path string, fields map[string]string, files [][3]string) (int, map[string]any) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	for _, f := range files {
		w, _ := mw.CreateFormFile(f[0], f[1])
		w.Write([]byte(f[2]))
	}
	mw.Close()
	req, _ := http.NewRequest("POST", e.ts.URL+path, &body)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

// TestInspectionEvidenceFiles: a manual mark (through the API, as multipart) and an
// objection (through the unit's page) carry evidence files, checked like every attachment:
// a file with personal information, of a type not allowed, over 20 MB, or unreadable and not
// confirmed is refused naming the file, and nothing is stored. The files are shown beside the
// mark and the objection, listed as evidence in the scores, audited, and open for the
// round's office, its scorer, the unit and its city only.
func TestInspectionEvidenceFiles(t *testing.T) { storetest.Each(t, testInspectionEvidenceFiles) }

func testInspectionEvidenceFiles(t *testing.T, s *store.Store) {
	e := newEnv(t, s)
	ctx := context.Background()
	prov, assessor := e.token("supervisor@610000"), e.token("assessor")
	st, out := apiDo(t, e, prov, "POST", "/api/v1/inspections", map[string]any{"name": "佐证材料检查", "period_from": time.Now().AddDate(0, -3, 0).Format("2006-01-02"),
		"period_to": time.Now().Format("2006-01-02"), "cutoff": time.Now().Add(-time.Hour).Format(time.RFC3339), "units": []string{"610112", "610111"}, "scorers": []string{"assessor"}})
	if st != 201 {
		t.Fatalf("create: %d %v", st, out)
	}
	id := int64(out["id"].(float64))
	path := fmt.Sprintf("/api/v1/inspections/%d", id)
	if st, out := apiDo(t, e, prov, "POST", path+"/compute", nil); st != 200 {
		t.Fatalf("compute: %d %v", st, out)
	}
	marksOf := func() []inspection.Mark {
		pg, err := e.app.Round(ctx, e.principal("supervisor@610000"), id)
		if err != nil {
			t.Fatal(err)
		}
		var ms []inspection.Mark
		var os []inspection.Objection
		for _, us := range pg.Scores {
			for _, ln := range us.Lines {
				ms = append(ms, ln.Marks...)
			}
		}
		os = append(os, pg.Objections...)
		if len(os) > 0 {
			t.Fatalf("objections: %+v", os)
		}
		return ms
	}
	mark := map[string]string{"unit": "610112", "indicator": "M02", "points": "2", "comment": "查阅点无台账"}
	clean := string(workbook(t, "查阅点现场检查记录"))
	for _, c := range []struct {
		name  string
		files [][3]string
		want  string
	}{
		{"personal information", [][3]string{{"files", "名单.xlsx", string(workbook(t, "联系电话13912345678"))}}, "含有1处个人信息"},
		{"not allowed type", [][3]string{{"files", "run.exe", "MZ......"}}, ""},
		{"unread without confirmation", [][3]string{{"files", "现场照片.png", string(pngBytes(t))}}, "我已逐页查看附件"},
		{"over the limit", [][3]string{{"files", "大.pdf", strings.Repeat("x", 20<<20+1)}}, "文件超过20MB"},
	} {
		st, out := apiMultipart(t, e, assessor, path+"/marks", mark, c.files)
		field, msg := fieldOf(out)
		if st != 422 || (field != "files" && field != "confirm_unread" && field != "file") || !strings.Contains(msg, c.want) {
			t.Fatalf("%s: %d %s %s", c.name, st, field, msg)
		}
	}
	if ms := marksOf(); len(ms) != 0 {
		t.Fatalf("a refused mark was stored: %+v", ms)
	}
	// Accepted: a workbook and a photo looked at.
	st, out = apiMultipart(t, e, assessor, path+"/marks", map[string]string{"unit": "610112", "indicator": "M02", "points": "2", "comment": "查阅点无台账", "confirm_unread": "1"},
		[][3]string{{"files", "检查记录.xlsx", clean}, {"files", "现场照片.png", string(pngBytes(t))}})
	if st != 201 {
		t.Fatalf("mark with files: %d %v", st, out)
	}
	// The JSON surface is unchanged: a mark without files.
	if st, out := apiDo(t, e, assessor, "POST", path+"/marks", map[string]any{"unit": "610112", "indicator": "M03", "points": 4}); st != 201 {
		t.Fatalf("JSON mark: %d %v", st, out)
	}
	ms := marksOf()
	var files []int64
	for _, m := range ms {
		if m.Indicator == "M02" {
			for _, f := range m.Files {
				files = append(files, f.ID)
			}
			if len(m.Files) != 2 || m.Files[0].Name != "检查记录.xlsx" || m.Files[1].ConfirmedBy == 0 {
				t.Fatalf("stored files: %+v", m.Files)
			}
		}
	}
	if len(files) != 2 {
		t.Fatalf("marks: %+v", ms)
	}
	es, err := s.ListAudit(ctx, audit.Query{Action: "inspection.mark", Exact: true, Limit: 5})
	if err != nil || len(es) < 2 || !strings.Contains(es[0].Detail+es[1].Detail, "检查记录.xlsx") {
		t.Fatalf("audit: %v %+v", err, es)
	}
	// The scores list the files as evidence of the deduction.
	_, sc := apiDo(t, e, prov, "GET", path+"/scores", nil)
	fileURL := fmt.Sprintf("/admin/orgs/610112/inspection-files/%d", files[0])
	if b, _ := json.Marshal(sc); !strings.Contains(string(b), fileURL) || !strings.Contains(string(b), "佐证材料：检查记录.xlsx") {
		t.Fatalf("scores: %s", b)
	}

	// The unit objects from its page, with a file; a file with personal information first.
	unit := e.client("admin@610112")
	object := fmt.Sprintf("%s/admin/orgs/610112/inspections/%d/objections", e.ts.URL, id)
	fields := map[string][]string{"unit": {"610112"}, "indicator": {"M02"}, "reason": {"查阅点台账在档案室，现场未及时提供，附台账扫描件"}}
	if code, body := postMultipart(t, unit, object, fields, [][3]string{{"files", "台账.xlsx", string(workbook(t, "身份证号码610112199001011234"))}}); code != 422 || !strings.Contains(body, "台账.xlsx：含有") {
		t.Fatalf("objection with personal information: %d %s", code, between(body, `role="alert"`, 300))
	}
	marksOf() // no objection stored
	if code, body := postMultipart(t, unit, object, fields, [][3]string{{"files", "台账.xlsx", clean}}); code != 303 {
		t.Fatalf("objection: %d %s", code, between(body, `role="alert"`, 300))
	}
	pg, err := e.app.Round(ctx, e.principal("supervisor@610000"), id)
	if err != nil || len(pg.Objections) != 1 || len(pg.Objections[0].Files) != 1 {
		t.Fatalf("objection stored: %v %+v", err, pg.Objections)
	}
	objFile := pg.Objections[0].Files[0].ID
	es, _ = s.ListAudit(ctx, audit.Query{Action: "inspection.objection", Exact: true, Limit: 1})
	if len(es) != 1 || !strings.Contains(es[0].Detail, "台账.xlsx") {
		t.Fatalf("objection audit: %+v", es)
	}
	// Shown beside the mark and the objection on the round's page.
	code, body := get(t, e.client("supervisor@610000"), fmt.Sprintf("%s/admin/orgs/610000/inspections/%d?unit=610112", e.ts.URL, id))
	if code != 200 || !strings.Contains(body, fmt.Sprintf("/admin/orgs/610000/inspection-files/%d", files[0])) || !strings.Contains(body, fmt.Sprintf("/admin/orgs/610000/inspection-files/%d", objFile)) {
		t.Fatalf("round page: %d", code)
	}
	code, body = get(t, unit, fmt.Sprintf("%s/admin/orgs/610112/inspections/%d", e.ts.URL, id))
	if code != 200 || !strings.Contains(body, "现场照片.png") || !strings.Contains(body, `enctype="multipart/form-data"`) {
		t.Fatalf("unit page: %d", code)
	}

	// Who opens the files.
	for _, c := range []struct {
		login, org string
		file       int64
		want       int
	}{
		{"admin@610112", "610112", files[0], 200},      // the unit
		{"editor@610112", "610112", objFile, 200},      // the unit's staff
		{"supervisor@610100", "610100", files[0], 200}, // its city
		{"supervisor@610000", "610000", objFile, 200},  // the round's office
		{"assessor", "610000", files[0], 200},          // the scorer
		{"admin@610111", "610111", files[0], 404},      // another unit of the round
		{"guide@sxmzt", "sxmzt", files[0], 404},        // a provincial department
		{"admin@610112", "610112", 987654321, 404},
	} {
		resp, err := e.client(c.login).Get(fmt.Sprintf("%s/admin/orgs/%s/inspection-files/%d", e.ts.URL, c.org, c.file))
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != c.want {
			t.Fatalf("%s opens file %d: %d, want %d", c.login, c.file, resp.StatusCode, c.want)
		}
		if c.want == 200 && (string(data) != clean || resp.Header.Get("Cache-Control") != "private, no-store") {
			t.Fatalf("%s: not the file", c.login)
		}
	}
	if resp, err := e.client("").Get(e.ts.URL + fileURL); err != nil || resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("anonymous: %v %v", err, resp)
	}
}
