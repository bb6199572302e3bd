package web_test

import (
	"context"
	"testing"

	"gongkai/internal/app"
	"gongkai/internal/leakcheck"
	"gongkai/internal/org"
	"gongkai/internal/request"
)

// leakRequests files applications whose personal fields carry markers, one through the public
// form and one registered by staff and answered, and returns their status tokens for the
// crawl: no status page, of its own applicant or another's, may show any of them.
func leakRequests(t *testing.T, e *env, secrets *leakcheck.Secrets) []string {
	t.Helper()
	ctx := context.Background()
	marks := &leakcheck.Marks{}
	appl := func(m string) request.Application {
		return request.Application{Applicant: request.Applicant{Kind: request.ApplicantPerson, Name: "姓名" + m, Agent: "联系人" + m,
			IDKind: "居民身份证", IDNo: "证件" + m, Phone: "电话" + m, Email: m + "@example.org", Address: "地址" + m},
			Description: "所需信息", Form: "纸质", Delivery: "邮寄"}
	}
	_, tok1, err := e.app.Apply(ctx, "198.51.100.1", "610112", appl(marks.New()))
	if err != nil {
		t.Fatal(err)
	}
	u, _ := e.store.OrgByCode(ctx, "610112")
	editor, _ := e.store.PersonByLogin(ctx, "editor@610112")
	p := &app.Principal{Person: editor}
	in := appl(marks.New())
	in.Channel, in.Received = request.ChannelPost, e.app.Today()
	x, tok2, err := e.app.RegisterRequest(ctx, p, u, in)
	if err != nil {
		t.Fatal(err)
	}
	// A reply not yet approved, with an attachment: neither its name nor the file reaches
	// the status page (/requests/status/{token}/files/{pos}).
	files := []app.Upload{{Name: "答复" + marks.New() + ".xlsx", Data: workbook(t, "答复附件")}}
	if _, err := e.app.DraftReplyWith(ctx, p, org.Org{}, x.ID, request.Reply{Type: request.ReplyOpen}, files, false); err != nil {
		t.Fatal(err)
	}
	secrets.Markers = append(secrets.Markers, marks.List()...)
	return []string{tok1, tok2}
}
