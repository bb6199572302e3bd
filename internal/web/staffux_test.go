package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"image"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/app"
	"gongkai/internal/record"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// draftIn makes a draft of 610112 in 社会救助 with this title and body, submitted when submit.
func (e *env) draftIn(title, body string, submit bool) int64 {
	e.t.Helper()
	ctx := context.Background()
	u, _ := e.store.OrgByCode(ctx, "610112")
	_, es, err := e.app.EffectiveCatalog(ctx, u, "shjz")
	if err != nil {
		e.t.Fatal(err)
	}
	r, err := e.app.CreateRecord(ctx, e.principal("editor@610112"), u, "shjz", es[0].ID, app.RecordInput{FormedOn: formedToday(), Kind: record.KindOther, Title: title, BodyHTML: body})
	if err != nil {
		e.t.Fatal(err)
	}
	if submit {
		if _, err := e.app.Act(ctx, e.principal("editor@610112"), r.ID, record.Action{Kind: record.ActionSubmit}); err != nil {
			e.t.Fatal(err)
		}
	}
	return r.ID
}

// TestTodoPage: the reviewer lands on the 概况 page with the record waiting for review listed
// under 待保密审查 and counted in the navigation; the records list counts per state.
func TestTodoPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		id := e.draftIn("待审查的测试信息", "<p>正文</p>", true)
		c := e.client("reviewer@610112")
		code, body := get(t, c, e.ts.URL+"/admin/orgs/610112/")
		if code != 200 {
			t.Fatalf("org page: %d %s", code, body)
		}
		for _, want := range []string{"待办事项", "（待办", "待保密审查（", "/admin/orgs/610112/records/" + strconv.FormatInt(id, 10) + `">待审查的测试信息</a>`} {
			if !strings.Contains(body, want) {
				t.Errorf("org page lacks %q", want)
			}
		}
		code, body = get(t, c, e.ts.URL+"/admin/orgs/610112/records")
		if code != 200 || !strings.Contains(body, "待保密审查<span class=\"count\">（") {
			t.Errorf("records list: %d, no counts per state", code)
		}
		// The editor has nothing to review.
		if _, body := get(t, e.client("editor@610112"), e.ts.URL+"/admin/orgs/610112/"); strings.Contains(body, "待保密审查（") {
			t.Error("the editor's to-do lists records to review")
		}
	})
}

// TestReadableHistoryPages: the record's 办理记录 and the audit log read as Chinese
// sentences, with the raw detail behind 详情; the audit filters work and a bad date is a 400
// naming the field.
func TestReadableHistoryPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		ctx := context.Background()
		id := e.draftIn("退回测试", "<p>正文</p>", true)
		reviewer := e.principal("reviewer@610112")
		if _, err := e.app.Act(ctx, reviewer, id, record.Action{Kind: record.ActionReviewReturn, Opinion: "请补充依据"}); err != nil {
			t.Fatal(err)
		}
		_, body := get(t, e.client("editor@610112"), e.ts.URL+"/admin/orgs/610112/records/"+strconv.FormatInt(id, 10))
		for _, want := range []string{reviewer.Person.Name + "</a> 于 <time", "退回修改（保密审查） 《退回测试》，意见：请补充依据", "<summary>详情</summary>"} {
			if !strings.Contains(body, want) {
				t.Errorf("record history lacks %q", want)
			}
		}
		admin := e.client("admin@610112")
		q := url.Values{"person": {strconv.FormatInt(reviewer.Person.ID, 10)}, "action": {"record.review_return"}, "object_type": {"record"}, "object_id": {strconv.FormatInt(id, 10)}}
		code, body := get(t, admin, e.ts.URL+"/admin/orgs/610112/audit?"+q.Encode())
		if code != 200 || !strings.Contains(body, "意见：请补充依据") || strings.Count(body, "<tr><td data-label=\"编号\">") != 1 {
			t.Errorf("filtered audit: %d, %d rows", code, strings.Count(body, "<tr><td data-label=\"编号\">"))
		}
		if !strings.Contains(body, `<option value="record.review_return" selected>退回修改（保密审查）</option>`) {
			t.Error("the action filter does not offer the phrase")
		}
		if strings.Contains(body, ">record.review_return<") {
			t.Error("the audit page shows raw action codes")
		}
		code, body = get(t, admin, e.ts.URL+"/admin/orgs/610112/audit?from=2026-13-01")
		if code != 400 || !strings.Contains(body, "起始日期") {
			t.Errorf("bad date: %d", code)
		}
	})
}

// TestConfirmBeforeDelete: deleting a draft answers with a confirm page that changes
// nothing; only its own form, with confirm=yes, deletes.
func TestConfirmBeforeDelete(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		id := e.draftIn("将删除的草稿", "<p>正文</p>", false)
		c := e.client("editor@610112")
		act := e.ts.URL + "/admin/orgs/610112/records/" + strconv.FormatInt(id, 10) + "/act"
		code, body := postForm(t, c, act, url.Values{"action": {"discard"}})
		if code != 200 || !strings.Contains(body, "<h1>确认删除草稿</h1>") || !strings.Contains(body, `name="confirm" value="yes"`) ||
			!strings.Contains(body, `<input type="hidden" name="action" value="discard">`) || !strings.Contains(body, "《将删除的草稿》") {
			t.Fatalf("confirm page: %d", code)
		}
		if _, err := e.app.CurrentRevision(context.Background(), id); err != nil {
			t.Fatalf("the draft went before confirmation: %v", err)
		}
		if code, _ := postForm(t, c, act, url.Values{"action": {"discard"}, "confirm": {"yes"}}); code != 303 {
			t.Fatalf("confirmed: %d", code)
		}
		if _, err := e.app.CurrentRevision(context.Background(), id); err == nil {
			t.Error("the draft is still there")
		}
		// A catalog draft too.
		admin := e.client("admin@610112")
		ctx := context.Background()
		u, _ := e.store.OrgByCode(ctx, "610112")
		v, err := e.app.NewDraft(ctx, e.principal("admin@610112"), u, "shjz", app.FromNewest, "试删")
		if err != nil {
			t.Fatal(err)
		}
		del := e.ts.URL + "/admin/orgs/610112/catalogs/shjz/v/" + strconv.Itoa(v.Number) + "/delete"
		if code, body := postForm(t, admin, del, nil); code != 200 || !strings.Contains(body, "确认删除目录草稿") {
			t.Errorf("catalog draft confirm page: %d", code)
		}
		if _, err := e.store.Version(ctx, v.ID); err != nil {
			t.Errorf("the catalog draft went before confirmation: %v", err)
		}
	})
}

// TestStaleDraftPage: filing a catalog draft whose base was overtaken is refused with 409,
// the two sets of changes and the offer to rebase; the rebase makes it fileable.
func TestStaleDraftPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		ctx := context.Background()
		admin := e.principal("admin@610112")
		u, _ := e.store.OrgByCode(ctx, "610112")
		a, err := e.app.NewDraft(ctx, admin, u, "shjz", app.FromNewest, "A")
		if err != nil {
			t.Fatal(err)
		}
		b, err := e.app.NewDraft(ctx, admin, u, "shjz", app.FromTemplate, "B")
		if err != nil {
			t.Fatal(err)
		}
		if err := e.app.FileVersion(ctx, admin, u, "shjz", b.ID, "B"); err != nil {
			t.Fatal(err)
		}
		c := e.client("admin@610112")
		base := e.ts.URL + "/admin/orgs/610112/catalogs/shjz/v/" + strconv.Itoa(a.Number)
		code, body := postForm(t, c, base+"/file", nil)
		if code != 409 || !strings.Contains(body, "本草稿的基础版本已不是最新版本") || !strings.Contains(body, `/v/`+strconv.Itoa(a.Number)+`/rebase"`) ||
			!strings.Contains(body, "相对第") {
			t.Fatalf("stale filing: %d", code)
		}
		if code, _ := postForm(t, c, base+"/rebase", nil); code != 303 && code != 200 {
			t.Fatalf("rebase: %d", code)
		}
		if _, body := get(t, c, base); strings.Contains(body, "本草稿的基础版本已不是最新版本") {
			t.Error("still stale after rebasing")
		}
	})
}

// upload posts one file as the multipart field named field, with extra fields.
func upload(t *testing.T, c *http.Client, field, u, name string, data []byte, fields map[string]string) (int, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	fw, _ := mw.CreateFormFile(field, name)
	fw.Write(data)
	mw.Close()
	resp, err := c.Post(u, mw.FormDataContentType(), &buf)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestImportErrorsOnForm: a workbook that cannot be imported is answered with the catalog
// page, the errors and the file name above the import form, and nothing made.
func TestImportErrorsOnForm(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		c := e.client("admin@610112")
		xf := excelize.NewFile()
		xf.SetCellValue("Sheet1", "A1", "不是目录")
		var wb bytes.Buffer
		if err := xf.Write(&wb); err != nil {
			t.Fatal(err)
		}
		code, body := upload(t, c, "file", e.ts.URL+"/admin/orgs/610112/catalogs/shjz/import", "错误的目录.xlsx", wb.Bytes(), nil)
		if code != 422 || !strings.Contains(body, "文件“错误的目录.xlsx”未能导入") || !strings.Contains(body, `action="/admin/orgs/610112/catalogs/shjz/import"`) ||
			!strings.Contains(body, "重新选择文件导入") {
			t.Errorf("import errors: %d %s", code, body[strings.Index(body, "<main"):])
		}
		code, body = upload(t, c, "file", e.ts.URL+"/admin/orgs/610112/catalogs/shjz/import", "乱码.xlsx", []byte("not a workbook"), nil)
		if code != 422 || !strings.Contains(body, "文件“乱码.xlsx”未能导入") {
			t.Errorf("not a workbook: %d", code)
		}
	})
}

// TestChoosePolicyWithoutJavaScript: the interpretation's policy is chosen from a search
// page posted back to the form; what was typed survives the detour, nothing is saved until
// the form is, and the record is saved linked to the chosen policy.
func TestChoosePolicyWithoutJavaScript(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		ctx := context.Background()
		u, _ := e.store.OrgByCode(ctx, "610112")
		_, es, _ := e.app.EffectiveCatalog(ctx, u, "shjz")
		pol, err := e.app.CreateRecord(ctx, e.principal("editor@610112"), u, "shjz", es[0].ID, app.RecordInput{FormedOn: formedToday(), Kind: record.KindPolicy, Title: "关于调整城乡低保标准的通知", BodyHTML: "<p>正文</p>"})
		if err != nil {
			t.Fatal(err)
		}
		c := e.client("editor@610112")
		form := url.Values{"entry": {"shjz:" + strconv.FormatInt(es[0].ID, 10)}, "kind": {"interpretation"}, "title": {"低保标准调整解读"}, "formed_on": {formedToday()},
			"body_html": {"<p>解读正文</p>"}, "choose": {"policy_id"}, "q": {"低保标准"}}
		code, body := postForm(t, c, e.ts.URL+"/admin/orgs/610112/records", form)
		if code != 200 || !strings.Contains(body, "<h1>选择政策文件</h1>") || !strings.Contains(body, `name="policy_id" value="`+strconv.FormatInt(pol.ID, 10)+`"`) ||
			!strings.Contains(body, `<input type="hidden" name="title" value="低保标准调整解读">`) {
			t.Fatalf("chooser: %d", code)
		}
		// Not a policy: an unrelated search finds nothing.
		form.Set("q", "不存在的标题")
		if _, body := postForm(t, c, e.ts.URL+"/admin/orgs/610112/records", form); strings.Contains(body, "关于调整城乡低保标准的通知") {
			t.Error("the search ignores q")
		}
		// Back to the form with the choice.
		back := url.Values{"entry": form["entry"], "kind": form["kind"], "title": form["title"], "formed_on": form["formed_on"], "body_html": form["body_html"],
			"chosen": {"1"}, "policy_id": {strconv.FormatInt(pol.ID, 10)}}
		code, body = postForm(t, c, e.ts.URL+"/admin/orgs/610112/records", back)
		if code != 200 || !strings.Contains(body, "已选：关于调整城乡低保标准的通知") || !strings.Contains(body, `value="低保标准调整解读"`) {
			t.Fatalf("back on the form: %d", code)
		}
		back.Del("chosen")
		if code, _ := postForm(t, c, e.ts.URL+"/admin/orgs/610112/records", back); code != 303 {
			t.Fatalf("save: %d", code)
		}
		// The JSON search for the search-as-you-type field.
		code, body = get(t, c, e.ts.URL+"/admin/orgs/610112/record-links?field=policy_id&q="+url.QueryEscape("城乡低保"))
		if code != 200 || !strings.Contains(body, `"title":"关于调整城乡低保标准的通知"`) {
			t.Errorf("links JSON: %d %s", code, body)
		}
		if code, _ := get(t, c, e.ts.URL+"/admin/orgs/610112/record-links?field=title"); code != 422 && code != 400 {
			t.Errorf("a field that names no record: %d", code)
		}
	})
}

// wordDoc builds a small .docx: a heading, a paragraph with bold, a table and an ID number.
func wordDoc(t *testing.T) []byte {
	t.Helper()
	const w = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range []struct{ name, data string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`},
		{"word/styles.xml", `<?xml version="1.0" encoding="UTF-8"?><w:styles ` + w + `><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style></w:styles>`},
		{"word/document.xml", `<?xml version="1.0" encoding="UTF-8"?><w:document ` + w + `><w:body>` +
			`<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>关于发放救助金的公示</w:t></w:r></w:p>` +
			`<w:p><w:r><w:rPr><w:rFonts w:ascii="仿宋"/></w:rPr><w:t>经审核，</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>以下人员</w:t></w:r><w:r><w:t>符合条件。</w:t></w:r></w:p>` +
			`<w:tbl><w:tr><w:tc><w:p><w:r><w:t>姓名</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>身份证号</w:t></w:r></w:p></w:tc></w:tr>` +
			`<w:tr><w:tc><w:p><w:r><w:t>张三</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>11010519491231002X</w:t></w:r></w:p></w:tc></w:tr></w:tbl>` +
			`<w:sectPr/></w:body></w:document>`},
	} {
		f, _ := zw.Create(p.name)
		f.Write([]byte(p.data))
	}
	zw.Close()
	return buf.Bytes()
}

// TestWordImportAndPlainText: a .docx fills the new-record form with its heading as the title
// and its body as sanitised HTML, the personal-information guard counting the ID number;
// plain text typed without the editor is saved as paragraphs.
func TestWordImportAndPlainText(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		c := e.client("editor@610112")
		code, body := upload(t, c, "docx", e.ts.URL+"/admin/orgs/610112/records/docx", "公示.docx", wordDoc(t), nil)
		if code != 200 {
			t.Fatalf("import: %d %s", code, body)
		}
		for _, want := range []string{`value="关于发放救助金的公示"`, "已从“公示.docx”导入正文", "发现 1 处个人信息", "身份证号 1 处",
			"&lt;p&gt;经审核，&lt;strong&gt;以下人员&lt;/strong&gt;符合条件。&lt;/p&gt;&lt;table&gt;"} {
			if !strings.Contains(body, want) {
				t.Errorf("the form lacks %q", want)
			}
		}
		if strings.Contains(body, "仿宋") {
			t.Error("fonts came along")
		}
		code, body = upload(t, c, "docx", e.ts.URL+"/admin/orgs/610112/records/docx", "旧格式.doc", []byte("\xd0\xcf\x11\xe0"), nil)
		if code != 422 || !strings.Contains(body, "另存为 .docx") {
			t.Errorf(".doc: %d", code)
		}
		code, _ = upload(t, c, "docx", e.ts.URL+"/admin/orgs/610112/records/docx", "坏的.docx", []byte("not a zip"), nil)
		if code != 422 {
			t.Errorf("a broken .docx: %d", code)
		}
		// Plain text with line breaks becomes paragraphs.
		ctx := context.Background()
		u, _ := e.store.OrgByCode(ctx, "610112")
		_, es, _ := e.app.EffectiveCatalog(ctx, u, "shjz")
		code, _ = postForm(t, c, e.ts.URL+"/admin/orgs/610112/records", url.Values{"entry": {"shjz:" + strconv.FormatInt(es[0].ID, 10)}, "kind": {"other"},
			"title": {"纯文本"}, "formed_on": {formedToday()}, "body_html": {"第一段。\r\n第二段 <3。\r\n\r\n第三段。"}})
		if code != 303 {
			t.Fatalf("save: %d", code)
		}
		items, _ := e.store.Records(ctx, store.RecordQuery{UnitID: u.ID, States: []record.State{record.StateDraft}, Limit: 5})
		var found bool
		for _, it := range items {
			if it.Title == "纯文本" {
				r, _ := e.app.CurrentRevision(ctx, it.ID)
				found = r.BodyHTML == "<p>第一段。</p><p>第二段 &lt;3。</p><p>第三段。</p>"
				if !found {
					t.Errorf("body: %q", r.BodyHTML)
				}
			}
		}
		if !found {
			t.Error("no paragraphs saved")
		}
	})
}

// pngOf is a small PNG image of one colour.
func pngOf(t *testing.T, c uint8) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 12, 8))
	for i := range img.Pix {
		img.Pix[i] = c
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestBodyImages: an image pasted into the 正文 is uploaded as an attachment of the record
// (images only); the saved body keeps an <img> only when it shows one of the record's own
// files (no remote image, no data: URL, no other record's file) and keeps nested lists;
// staff see a draft's image from the staff route, the public site serves it only once the
// record is published.
func TestBodyImages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		ctx := context.Background()
		id := e.draftIn("带图片的信息", "<p>正文</p>", false)
		other := e.draftIn("另一条信息", "<p>正文</p>", false)
		c := e.client("editor@610112")
		base := e.ts.URL + "/admin/orgs/610112/records/" + strconv.FormatInt(id, 10)
		data := pngOf(t, 200)
		code, body := upload(t, c, "file", base+"/images", "image.png", data, nil)
		sum := sha256.Sum256(data)
		hash := hex.EncodeToString(sum[:])
		src := "/610112/records/" + strconv.FormatInt(id, 10) + "/files/" + hash
		if code != 201 || !strings.Contains(body, `"src":"`+src+`"`) {
			t.Fatalf("upload: %d %s", code, body)
		}
		// The same image again is not a second attachment; a file that is not an image is refused.
		if code, _ := upload(t, c, "file", base+"/images", "image.png", data, nil); code != 201 {
			t.Fatalf("same image again: %d", code)
		}
		if code, body := upload(t, c, "file", base+"/images", "image.pdf", []byte("%PDF-1.4\n%%EOF\n"), nil); code != 422 || !strings.Contains(body, "正文图片") {
			t.Errorf("not an image: %d %s", code, body)
		}
		if code, _ := upload(t, e.client("reviewer@610112"), "file", base+"/images", "image.png", data, nil); code != 403 {
			t.Errorf("a reviewer uploads an image: %d", code)
		}
		rec, _, err := e.app.StaffRecord(ctx, e.principal("editor@610112"), id)
		if err != nil {
			t.Fatal(err)
		}
		atts, _ := e.store.Attachments(ctx, id, rec.Revision)
		if len(atts) != 1 || atts[0].Hash != hash || atts[0].MediaType != "image/png" || atts[0].Unread == "" {
			t.Fatalf("attachments: %+v", atts)
		}
		nested := `<ol><li><p>第一条</p><ul><li><p>（一）甲</p></li><li><p>（二）乙</p></li></ul></li><li><p>第二条</p></li></ol>`
		foreign := "/610112/records/" + strconv.FormatInt(other, 10) + "/files/" + hash
		in := app.RecordInput{FormedOn: formedToday(), Kind: record.KindOther, Title: "带图片的信息", Subject: rec.Subject, Issuer: rec.Issuer, WrittenOn: rec.WrittenOn.String(),
			BodyHTML: nested + `<p>图一：<img src="` + src + `" alt="示意图"><img src="https://evil.example/x.png"><img src="data:image/png;base64,iVBORw0KGgo="><img src="` + foreign + `"></p>`}
		if _, err := e.app.EditRecord(ctx, e.principal("editor@610112"), id, in); err != nil {
			t.Fatal(err)
		}
		rec, _, _ = e.app.StaffRecord(ctx, e.principal("editor@610112"), id)
		if want := nested + `<p>图一：<img src="` + src + `" alt="示意图"></p>`; rec.BodyHTML != want {
			t.Fatalf("saved body:\n got %s\nwant %s", rec.BodyHTML, want)
		}
		// A new record keeps no image: it has no files yet.
		u, _ := e.store.OrgByCode(ctx, "610112")
		_, es, _ := e.app.EffectiveCatalog(ctx, u, "shjz")
		fresh, err := e.app.CreateRecord(ctx, e.principal("editor@610112"), u, "shjz", es[0].ID, app.RecordInput{FormedOn: formedToday(), Kind: record.KindOther, Title: "新信息", BodyHTML: `<p>x<img src="` + src + `"></p>`})
		if err != nil || strings.Contains(fresh.BodyHTML, "<img") {
			t.Fatalf("new record: %q %v", fresh.BodyHTML, err)
		}
		// Staff see the draft's image from the staff route; the form tells the editor where images go.
		staffSrc := "/admin/orgs/610112/records/" + strconv.FormatInt(id, 10) + "/files/" + hash
		if code, body := get(t, c, base); code != 200 || !strings.Contains(body, `<img src="`+staffSrc+`" alt="示意图">`) {
			t.Errorf("staff page: %d", code)
		}
		if _, body := get(t, c, base+"/edit"); !strings.Contains(body, `data-upload="/admin/orgs/610112/records/`+strconv.FormatInt(id, 10)+`/images"`) ||
			!strings.Contains(body, `data-files="/610112/records/`+strconv.FormatInt(id, 10)+`/files/"`) {
			t.Error("the edit form does not tell the editor where images go")
		}
		if _, body := get(t, c, e.ts.URL+"/admin/orgs/610112/records/new"); strings.Contains(body, "data-upload=") {
			t.Error("a new record's form offers image uploads")
		}
		resp, err := c.Get(e.ts.URL + staffSrc)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/png" {
			t.Errorf("staff image: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		if code, _ := get(t, c, e.ts.URL+"/admin/orgs/610112/records/"+strconv.FormatInt(other, 10)+"/files/"+hash); code != 404 {
			t.Errorf("another record's staff file route serves the image: %d", code)
		}
		anon := e.client("")
		if code, _ := get(t, anon, e.ts.URL+src); code != 404 {
			t.Errorf("the draft's image is public: %d", code)
		}
		// Published (the reviewer looks at the image first): the public page shows it and the
		// public site serves it.
		for _, step := range []struct {
			login string
			a     record.Action
		}{{"editor@610112", record.Action{Kind: record.ActionSubmit}}, {"reviewer@610112", record.Action{Kind: record.ActionConfirmNoPII, Attachment: 1}},
			{"reviewer@610112", record.Action{Kind: record.ActionReviewPass}}, {"approver@610112", record.Action{Kind: record.ActionApprove}}} {
			if _, err := e.app.Act(ctx, e.principal(step.login), id, step.a); err != nil {
				t.Fatalf("%s: %v", step.a.Kind, err)
			}
		}
		code, body = get(t, anon, e.ts.URL+"/610112/records/"+strconv.FormatInt(id, 10))
		if code != 200 || !strings.Contains(body, `<img src="`+src+`" alt="示意图">`) || !strings.Contains(body, "<ul><li><p>（一）甲</p></li>") {
			t.Fatalf("public page: %d", code)
		}
		resp, err = anon.Get(e.ts.URL + src)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !bytes.Equal(got, data) {
			t.Errorf("public image: %d, %d bytes", resp.StatusCode, len(got))
		}
	})
}

// TestChooseRepealsWithoutJavaScript: the documents a policy repeals are chosen, several, from
// a search page that offers only the unit's published policies and returns to the form with
// what was typed; the record is saved with them.
func TestChooseRepealsWithoutJavaScript(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		ctx := context.Background()
		u, _ := e.store.OrgByCode(ctx, "610112")
		_, es, _ := e.app.EffectiveCatalog(ctx, u, "shjz")
		var old []int64
		for _, title := range []string{"旧低保办法甲", "旧低保办法乙", "旧低保办法丙（草稿）"} {
			r, err := e.app.CreateRecord(ctx, e.principal("editor@610112"), u, "shjz", es[0].ID, app.RecordInput{FormedOn: formedToday(), Kind: record.KindPolicy, Title: title, BodyHTML: "<p>正文</p>", Validity: "effective"})
			if err != nil {
				t.Fatal(err)
			}
			old = append(old, r.ID)
		}
		for _, id := range old[:2] {
			for _, step := range []struct {
				login string
				k     record.ActionKind
			}{{"editor@610112", record.ActionSubmit}, {"reviewer@610112", record.ActionReviewPass}, {"approver@610112", record.ActionApprove}} {
				if _, err := e.app.Act(ctx, e.principal(step.login), id, record.Action{Kind: step.k}); err != nil {
					t.Fatal(err)
				}
			}
		}
		ids := func(xs ...int64) []string {
			var out []string
			for _, x := range xs {
				out = append(out, strconv.FormatInt(x, 10))
			}
			return out
		}
		c := e.client("editor@610112")
		form := url.Values{"entry": {"shjz:" + strconv.FormatInt(es[0].ID, 10)}, "kind": {"policy"}, "title": {"新低保办法"}, "formed_on": {formedToday()},
			"body_html": {"<p>新办法</p>"}, "choose": {"repeals"}, "q": {"旧低保办法"}, "repeals": ids(old[0])}
		code, body := postForm(t, c, e.ts.URL+"/admin/orgs/610112/records", form)
		if code != 200 || !strings.Contains(body, "<h1>选择被废止的政策文件</h1>") ||
			!strings.Contains(body, `type="checkbox" name="repeals" value="`+ids(old[0])[0]+`" checked`) ||
			!strings.Contains(body, `type="checkbox" name="repeals" value="`+ids(old[1])[0]+`">`) ||
			strings.Contains(body, "旧低保办法丙") || !strings.Contains(body, `<input type="hidden" name="title" value="新低保办法">`) {
			t.Fatalf("chooser: %d %s", code, body[strings.Index(body, "<main"):])
		}
		back := url.Values{"entry": form["entry"], "kind": form["kind"], "title": form["title"], "formed_on": form["formed_on"], "body_html": form["body_html"],
			"chosen": {"1"}, "repeals": ids(old[0], old[1])}
		code, body = postForm(t, c, e.ts.URL+"/admin/orgs/610112/records", back)
		if code != 200 || !strings.Contains(body, "旧低保办法甲（编号"+ids(old[0])[0]+"）") || !strings.Contains(body, "旧低保办法乙（编号"+ids(old[1])[0]+"）") {
			t.Fatalf("back on the form: %d", code)
		}
		back.Del("chosen")
		code, loc := postLocOf(t, c, e.ts.URL+"/admin/orgs/610112/records", back)
		if code != 303 {
			t.Fatalf("save: %d", code)
		}
		id, _ := strconv.ParseInt(loc[strings.LastIndex(loc, "/")+1:], 10, 64)
		rec, _, err := e.app.StaffRecord(ctx, e.principal("editor@610112"), id)
		if err != nil || len(rec.Repeals) != 2 || rec.Repeals[0] != old[0] || rec.Repeals[1] != old[1] {
			t.Fatalf("saved repeals: %v %v (%s)", rec.Repeals, err, loc)
		}
		// The search-as-you-type answer offers the same.
		code, body = get(t, c, e.ts.URL+"/admin/orgs/610112/record-links?field=repeals&q="+url.QueryEscape("旧低保"))
		if code != 200 || !strings.Contains(body, "旧低保办法乙") || strings.Contains(body, "旧低保办法丙") {
			t.Errorf("links JSON: %d %s", code, body)
		}
	})
}

// postLocOf posts a form and returns the status and the Location header.
func postLocOf(t *testing.T, c *http.Client, u string, form url.Values) (int, string) {
	t.Helper()
	resp, err := c.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc := resp.Header.Get("Location")
	if i := strings.Index(loc, "?"); i >= 0 {
		loc = loc[:i]
	}
	return resp.StatusCode, loc
}

// TestWordPictures: importing a .docx into a saved draft adds its pictures to the record's
// attachments and shows them in the body; into a new record they are left out and counted.
func TestWordPictures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		ctx := context.Background()
		const w = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
		pic := pngOf(t, 77)
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for _, p := range []struct{ name, data string }{
			{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`},
			{"word/document.xml", `<?xml version="1.0" encoding="UTF-8"?><w:document ` + w + `><w:body>` +
				`<w:p><w:r><w:t>办理流程如下图。</w:t></w:r></w:p><w:p><w:r><w:drawing><a:graphic><a:graphicData><a:blip r:embed="rId5"/></a:graphicData></a:graphic></w:drawing></w:r></w:p>` +
				`<w:sectPr/></w:body></w:document>`},
			{"word/_rels/document.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.png"/></Relationships>`},
			{"word/media/image1.png", string(pic)},
		} {
			f, _ := zw.Create(p.name)
			f.Write([]byte(p.data))
		}
		zw.Close()
		c := e.client("editor@610112")
		id := e.draftIn("导入带图片的文档", "<p>正文</p>", false)
		code, body := upload(t, c, "docx", e.ts.URL+"/admin/orgs/610112/records/"+strconv.FormatInt(id, 10)+"/docx", "流程.docx", buf.Bytes(), nil)
		sum := sha256.Sum256(pic)
		src := "/610112/records/" + strconv.FormatInt(id, 10) + "/files/" + hex.EncodeToString(sum[:])
		if code != 200 || !strings.Contains(body, "1张图片已作为本信息的附件上传") || !strings.Contains(body, src) {
			t.Fatalf("import into a draft: %d %s", code, body[strings.Index(body, "<main"):])
		}
		rec, _, _ := e.app.StaffRecord(ctx, e.principal("editor@610112"), id)
		if atts, _ := e.store.Attachments(ctx, id, rec.Revision); len(atts) != 1 || atts[0].MediaType != "image/png" {
			t.Fatalf("attachments: %+v", atts)
		}
		code, body = upload(t, c, "docx", e.ts.URL+"/admin/orgs/610112/records/docx", "流程.docx", buf.Bytes(), nil)
		if code != 200 || !strings.Contains(body, "文档中有1张图片未导入：新建的信息须先保存草稿") || strings.Contains(body, "/files/") {
			t.Fatalf("import into a new record: %d", code)
		}
	})
}
