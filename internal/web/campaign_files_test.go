package web_test

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/app"
	"gongkai/internal/campaign"
	"gongkai/internal/leakcheck"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// workbook is a small XLSX whose first cell holds text.
func workbook(t *testing.T, text string) []byte {
	t.Helper()
	f := excelize.NewFile()
	f.SetCellValue("Sheet1", "A1", text)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// postMultipart posts fields and files (field name → file name → bytes) as a multipart form.
func postMultipart(t *testing.T, c *http.Client, u string, fields map[string][]string, files [][3]string) (int, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	for _, f := range files {
		w, _ := mw.CreateFormFile(f[0], f[1])
		w.Write([]byte(f[2]))
	}
	mw.Close()
	resp, err := c.Post(u, mw.FormDataContentType(), &body)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	return resp.StatusCode, string(leakcheck.ReadAll(resp.Body))
}

// TestSubmissionFiles: a catalog submission carries attachments, checked like record
// attachments (type, the personal-information guard, confirmation of what the guard could
// not read), and reports the unit's filed catalog versions, linked on the page. Refused
// input changes nothing; the files open for the owner and the recipients only.
func TestSubmissionFiles(t *testing.T) { storetest.Each(t, testSubmissionFiles) }

func testSubmissionFiles(t *testing.T, s *store.Store) {
	e := newEnv(t, s)
	ctx := context.Background()
	unit, city, guide, other := e.client("admin@610112"), e.client("supervisor@610100"), e.client("guide@sxmzt"), e.client("admin@610111")
	admin := e.principal("admin@610112")
	cs, _ := e.app.Campaigns(ctx, admin)
	_, rows, err := e.app.CampaignObligations(ctx, admin, cs[0].ID, app.ObligationFilter{Unit: "610112", Kind: campaign.KindCatalog})
	if err != nil || len(rows) == 0 {
		t.Fatal(rows, err)
	}
	ob := strconv.FormatInt(rows[0].ID, 10)
	u, _ := e.app.OrgByCode(ctx, "610112")
	filed, err := e.app.FiledCatalogVersions(ctx, admin, u)
	if err != nil || len(filed) == 0 {
		t.Fatalf("filed versions of 610112: %v %v", filed, err)
	}
	code, body := get(t, unit, e.ts.URL+"/admin/orgs/610112/obligations/"+ob)
	if code != 200 || !strings.Contains(body, `name="catalog_version" value="`+strconv.FormatInt(filed[0].VersionID, 10)+`"`) || !strings.Contains(body, `enctype="multipart/form-data"`) {
		t.Fatalf("form: %d", code)
	}
	submit := e.ts.URL + "/admin/orgs/610112/obligations/" + ob + "/submissions"
	clean := string(workbook(t, "政务公开事项清单说明"))
	for _, tc := range []struct {
		name   string
		fields map[string][]string
		files  [][3]string
		want   string
	}{
		{"personal information", map[string][]string{"summary": {"目录"}}, [][3]string{{"files", "名单.xlsx", string(workbook(t, "联系电话13912345678"))}}, "名单.xlsx：含有1处个人信息"},
		{"not allowed type", map[string][]string{"summary": {"目录"}}, [][3]string{{"files", "run.exe", "MZ......"}}, "run.exe"},
		{"unread without confirmation", map[string][]string{"summary": {"目录"}}, [][3]string{{"files", "扫描件.png", string(pngBytes(t))}}, "我已逐页查看附件"},
		{"over the limit", map[string][]string{"summary": {"目录"}}, [][3]string{{"files", "大.pdf", strings.Repeat("x", 20<<20+1)}}, "大.pdf：文件超过20MB"},
		{"another unit's version", map[string][]string{"summary": {"目录"}, "catalog_version": {"999999"}}, nil, "目录版本"},
	} {
		if code, body := postMultipart(t, unit, submit, tc.fields, tc.files); code != 422 || !strings.Contains(body, tc.want) {
			t.Fatalf("%s: %d %s", tc.name, code, between(body, `role="alert"`, 400))
		}
	}
	if subs, _ := e.app.Obligation(ctx, admin, rows[0].ID); len(subs.Submissions) != 0 {
		t.Fatal("a refused submission was stored")
	}
	v := strconv.FormatInt(filed[0].VersionID, 10)
	code, _ = postMultipart(t, unit, submit, map[string][]string{"summary": {"目录已更新"}, "catalog_version": {v}, "confirm_unread": {"1"}},
		[][3]string{{"files", "说明.xlsx", clean}, {"files", "扫描件.png", string(pngBytes(t))}})
	if code != 303 {
		t.Fatalf("submit: %d", code)
	}
	pg, err := e.app.Obligation(ctx, admin, rows[0].ID)
	if err != nil || len(pg.Submissions) != 1 {
		t.Fatal(pg.Submissions, err)
	}
	sub := pg.Submissions[0]
	if len(sub.Files) != 2 || sub.Files[1].ConfirmedBy == 0 || len(sub.Catalogs) != 1 || sub.Catalogs[0].VersionID != filed[0].VersionID {
		t.Fatalf("stored: %+v", sub)
	}
	file := "/submissions/" + strconv.FormatInt(sub.ID, 10) + "/files/1"
	code, body = get(t, city, e.ts.URL+"/admin/orgs/610100/obligations/"+ob)
	link := "/admin/orgs/610112/catalogs/" + filed[0].Domain + "/v/" + strconv.Itoa(filed[0].Number)
	if code != 200 || !strings.Contains(body, link) || !strings.Contains(body, "/admin/orgs/610100"+file) || !strings.Contains(body, "经报送人确认不含个人信息") {
		t.Fatalf("the recipient's page: %d", code)
	}
	for _, tc := range []struct {
		who  *http.Client
		path string
		want int
	}{
		{unit, "/admin/orgs/610112" + file, 200},
		{city, "/admin/orgs/610100" + file, 200},
		{guide, "/admin/orgs/sxmzt" + file, 404},  // reads the reports in its domains, is no recipient
		{other, "/admin/orgs/610111" + file, 404}, // another unit
		{unit, "/admin/orgs/610112/submissions/" + strconv.FormatInt(sub.ID, 10) + "/files/3", 404},
	} {
		resp, err := tc.who.Get(e.ts.URL + tc.path)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.want {
			t.Fatalf("%s: %d, want %d", tc.path, resp.StatusCode, tc.want)
		}
		if tc.want == 200 && (string(data) != clean || resp.Header.Get("Cache-Control") != "private, no-store") {
			t.Fatalf("%s: not the file", tc.path)
		}
	}
}

// pngBytes is a small PNG image: a file whose text the guard cannot read.
func pngBytes(t *testing.T) []byte {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, 8, 8))
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// between returns up to n bytes of s from the first marker on (for failure messages).
func between(s, marker string, n int) string {
	i := strings.Index(s, marker)
	if i < 0 {
		return ""
	}
	return s[i:min(len(s), i+n)]
}
