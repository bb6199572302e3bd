package web_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"

	"gongkai/internal/app"
	"gongkai/internal/record"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// The record page tells the reviewer which attachments the guard could not read, lets them
// open each file and confirm, per attachment, that it holds no personal information; only then
// does review pass. Findings hidden with invisible characters are shown as read.
func TestUnreadAttachmentConfirmation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		ctx := context.Background()
		u, _ := e.store.OrgByCode(ctx, "610112")
		_, es, err := e.app.EffectiveCatalog(ctx, u, "shjz")
		if err != nil {
			t.Fatal(err)
		}
		who := func(login string) *app.Principal {
			p, _ := e.store.PersonByLogin(ctx, login)
			return &app.Principal{Person: p}
		}
		editor := who("editor@610112")
		r, err := e.app.CreateRecord(ctx, editor, u, "shjz", es[1].ID, app.RecordInput{FormedOn: formedToday(), Kind: record.KindOther, Title: "低保对象公示（扫描件）",
			Summary: "联系电话 138\u200b1234\u200b5678"})
		if err != nil {
			t.Fatal(err)
		}
		scan, err := os.ReadFile("../attach/testdata/scan.pdf")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.app.AddAttachment(ctx, editor, r.ID, "名单扫描件.pdf", scan); err != nil {
			t.Fatal(err)
		}
		if _, err := e.app.Act(ctx, editor, r.ID, record.Action{Kind: record.ActionMaskPII}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.app.Act(ctx, editor, r.ID, record.Action{Kind: record.ActionSubmit}); err != nil {
			t.Fatal(err)
		}
		page := e.ts.URL + "/admin/orgs/610112/records/" + strconv.FormatInt(r.ID, 10)
		reviewer := e.client("reviewer@610112")
		code, body := get(t, reviewer, page)
		if code != 200 || !strings.Contains(body, "须人工查看") || !strings.Contains(body, `value="confirm_no_pii"`) || !strings.Contains(body, "我已逐页查看“名单扫描件.pdf”") {
			t.Fatalf("reviewer's page: %d\n%s", code, body)
		}
		// The file opens for the unit's staff, not for the public.
		resp, err := reviewer.Get(page + "/attachments/1")
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || string(got) != string(scan) || resp.Header.Get("Cache-Control") != "private, no-store" {
			t.Fatalf("download: %d, %d bytes, %q", resp.StatusCode, len(got), resp.Header.Get("Cache-Control"))
		}
		if code, _ := get(t, e.client(""), page+"/attachments/1"); code == 200 {
			t.Fatal("anonymous download of an unpublished attachment")
		}
		if code, _ := get(t, e.client("editor@610111"), page+"/attachments/1"); code == 200 {
			t.Fatal("another unit's editor downloads it")
		}
		post := func(c *http.Client, form url.Values) (int, string) {
			resp, err := c.PostForm(page+"/act", form)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			return resp.StatusCode, string(b)
		}
		code, body = post(reviewer, url.Values{"action": {"review_pass"}})
		if code != http.StatusConflict || !strings.Contains(body, "有1个附件系统无法读取其中的文字") {
			t.Fatalf("review before confirmation: %d", code)
		}
		code, body = post(reviewer, url.Values{"action": {"confirm_no_pii"}, "attachment": {"1"}})
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, "请先逐页查看该附件") {
			t.Fatalf("confirmation without the box ticked: %d", code)
		}
		if code, _ := post(e.client("editor@610112"), url.Values{"action": {"confirm_no_pii"}, "attachment": {"1"}, "looked": {"yes"}}); code != http.StatusForbidden {
			t.Fatalf("editor confirms: %d", code)
		}
		if code, _ := post(reviewer, url.Values{"action": {"confirm_no_pii"}, "attachment": {"1"}, "looked": {"yes"}}); code != http.StatusSeeOther {
			t.Fatalf("confirm: %d", code)
		}
		_, body = get(t, reviewer, page)
		if !strings.Contains(body, "确认不含个人信息。") || strings.Contains(body, `value="confirm_no_pii"`) || !strings.Contains(body, "确认附件不含个人信息") {
			t.Fatalf("page after confirmation:\n%s", body)
		}
		if code, _ := post(reviewer, url.Values{"action": {"review_pass"}}); code != http.StatusSeeOther {
			t.Fatalf("review after confirmation: %d", code)
		}
	})
}

// A number hidden with zero-width spaces is shown to the reviewer as it reads.
func TestHiddenFindingShownNormalised(t *testing.T) {
	storetest.Each(t, testHiddenFindingShownNormalised)
}

func testHiddenFindingShownNormalised(t *testing.T, s *store.Store) {
	e := newEnv(t, s)
	ctx := context.Background()
	u, _ := e.store.OrgByCode(ctx, "610112")
	_, es, _ := e.app.EffectiveCatalog(ctx, u, "shjz")
	p, _ := e.store.PersonByLogin(ctx, "editor@610112")
	r, err := e.app.CreateRecord(ctx, &app.Principal{Person: p}, u, "shjz", es[1].ID, app.RecordInput{FormedOn: formedToday(), Kind: record.KindOther, Title: "通知",
		Summary: "联系电话 138\u200b1234\u200b5678"})
	if err != nil {
		t.Fatal(err)
	}
	_, body := get(t, e.client("editor@610112"), e.ts.URL+"/admin/orgs/610112/records/"+strconv.FormatInt(r.ID, 10))
	if !strings.Contains(body, "<mark>13812345678</mark>") || !strings.Contains(body, "原文夹有不可见字符或特殊数字") {
		t.Fatalf("finding not shown normalised:\n%s", body)
	}
}

// A list of many numbers is counted in full but shown by its first findings: the page stays
// small however long the list.
func TestManyFindingsShownBounded(t *testing.T) { storetest.Each(t, testManyFindingsShownBounded) }

func testManyFindingsShownBounded(t *testing.T, s *store.Store) {
	e := newEnv(t, s)
	ctx := context.Background()
	u, _ := e.store.OrgByCode(ctx, "610112")
	_, es, _ := e.app.EffectiveCatalog(ctx, u, "shjz")
	p, _ := e.store.PersonByLogin(ctx, "editor@610112")
	var b strings.Builder
	for i := range 300 {
		b.WriteString("<p>" + strconv.Itoa(13800000000+i*7) + "</p>")
	}
	r, err := e.app.CreateRecord(ctx, &app.Principal{Person: p}, u, "shjz", es[1].ID, app.RecordInput{FormedOn: formedToday(), Kind: record.KindOther, Title: "名单", BodyHTML: b.String()})
	if err != nil {
		t.Fatal(err)
	}
	_, body := get(t, e.client("editor@610112"), e.ts.URL+"/admin/orgs/610112/records/"+strconv.FormatInt(r.ID, 10))
	if !strings.Contains(body, "发现 300 处未遮盖的个人信息") || !strings.Contains(body, "另有 100 处未列出") || strings.Count(body, "<mark>") != 200 {
		t.Errorf("findings shown: %d marks", strings.Count(body, "<mark>"))
	}
}
