package web_test

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"gongkai/internal/request"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestRequestReplyFiles: a reply carries attachments through the checks and the
// personal-information guard of record attachments; the staff who open the request see
// them; the applicant receives them on the status page once the reply is approved, and only
// through their own token.
func TestRequestReplyFiles(t *testing.T) { storetest.Each(t, testRequestReplyFiles) }

func testRequestReplyFiles(t *testing.T, s *store.Store) {
	e := newEnv(t, s)
	ctx := context.Background()
	anon, editor, reviewer := e.client(""), e.client("editor@610112"), e.client("reviewer@610112")
	u, _ := e.app.OrgByCode(ctx, "610112")
	in := request.Application{Applicant: request.Applicant{Kind: request.ApplicantPerson, Name: "赵六", IDKind: "居民身份证", IDNo: "610112199001011234", Phone: "13800138000", Address: "西安市未央区某路1号"},
		Description: "2025年低保资金发放情况", Form: "电子文档", Delivery: "电子邮件", Channel: request.ChannelPost, Received: e.app.Today()}
	x, token, err := e.app.RegisterRequest(ctx, e.principal("editor@610112"), u, in)
	if err != nil {
		t.Fatal(err)
	}
	_, other, err := e.app.RegisterRequest(ctx, e.principal("editor@610112"), u, in)
	if err != nil {
		t.Fatal(err)
	}
	base := "/admin/orgs/610112/requests/" + strconv.FormatInt(x.ID, 10)
	clean := string(workbook(t, "2025年低保资金发放表"))
	reply := map[string][]string{"type": {string(request.ReplyOpen)}}
	if code, body := postMultipart(t, editor, e.ts.URL+base+"/reply", reply, [][3]string{{"files", "名单.xlsx", string(workbook(t, "身份证610112199001011234"))}}); code != 422 || !strings.Contains(body, "名单.xlsx：含有") {
		t.Fatalf("a file with personal information: %d %s", code, between(body, `role="alert"`, 300))
	}
	if pg, _ := e.app.Request(ctx, e.principal("editor@610112"), u, x.ID); pg.Request.ReplyState != request.ReplyNone {
		t.Fatal("a refused reply was stored")
	}
	if code, _ := postMultipart(t, editor, e.ts.URL+base+"/reply", reply, [][3]string{{"files", "发放表.xlsx", clean}}); code != 303 {
		t.Fatalf("draft: %d", code)
	}
	statusURL := e.ts.URL + "/requests/status/" + token
	fetch := func(c *http.Client, u string) (int, string) {
		resp, err := c.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := get(t, reviewer, e.ts.URL+base); code != 200 || !strings.Contains(body, base+"/files/1") {
		t.Fatalf("the reviewer's page: %d", code)
	}
	if code, body := fetch(reviewer, e.ts.URL+base+"/files/1"); code != 200 || body != clean {
		t.Fatalf("the reviewer opens the file: %d", code)
	}
	if code, body := get(t, anon, statusURL); code != 200 || strings.Contains(body, "发放表.xlsx") {
		t.Fatalf("status page before approval: %d", code)
	}
	if code, _ := fetch(anon, statusURL+"/files/1"); code != 404 {
		t.Fatalf("the file before approval: %d", code)
	}
	if _, err := e.app.ReviewReply(ctx, e.principal("reviewer@610112"), u, x.ID, true, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := e.app.ApproveReply(ctx, e.principal("approver@610112"), u, x.ID, true, ""); err != nil {
		t.Fatal(err)
	}
	if code, body := get(t, anon, statusURL); code != 200 || !strings.Contains(body, "/requests/status/"+token+"/files/1") || !strings.Contains(body, "发放表.xlsx") {
		t.Fatalf("status page after approval: %d", code)
	}
	resp, err := anon.Get(statusURL + "/files/1")
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(data) != clean || resp.Header.Get("Cache-Control") != "private, no-store" {
		t.Fatalf("the applicant's file: %d %q", resp.StatusCode, resp.Header.Get("Cache-Control"))
	}
	for _, u := range []string{"/requests/status/" + other + "/files/1", "/requests/status/" + token + "/files/2", "/requests/status/rq_wrong/files/1"} {
		if code, _ := fetch(anon, e.ts.URL+u); code != 404 {
			t.Fatalf("%s: %d", u, code)
		}
	}
}
