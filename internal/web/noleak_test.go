package web_test

import (
	"bytes"
	"context"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/app"
	"gongkai/internal/leakcheck"
	"gongkai/internal/record"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
	"gongkai/internal/web"
)

// fileRef is an attachment's public address: /{unit}/records/{id}/files/{hash}.
type fileRef struct {
	id   int64
	hash string
}

func (f fileRef) path() string {
	return "/610112/records/" + strconv.FormatInt(f.id, 10) + "/files/" + f.hash
}

// leakWorld makes records in every state that must stay private, each carrying a unique
// marker in every field and in an attachment, and published records whose attachments are
// not public: a 依申请公开 record's, a record made 依申请公开 by an amendment that kept its
// file, and a file an amendment removed (the old revision's). It returns the markers, the
// attachments that must not be public and one that must be.
func leakWorld(t *testing.T, e *env) (markers []string, private, public []fileRef) {
	t.Helper()
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
	editor, reviewer, approver := who("editor@610112"), who("reviewer@610112"), who("approver@610112")
	marks := &leakcheck.Marks{}
	mk := marks.New
	input := func(m string) app.RecordInput {
		return app.RecordInput{Kind: record.KindServiceGuide, Title: "标题" + m, Summary: "概述" + m, BodyHTML: "<p>正文" + m + "</p>",
			Guide: record.ServiceGuide{ItemName: "事项" + m, LegalBasis: "依据" + m, Conditions: "条件" + m, Materials: "材料" + m}}
	}
	attachWith := func(id int64, m string) fileRef {
		f := excelize.NewFile()
		f.SetCellValue("Sheet1", "A1", "附件"+m)
		var buf bytes.Buffer
		f.Write(&buf)
		r, err := e.app.AddAttachment(ctx, editor, id, m+".xlsx", buf.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		atts, err := e.store.Attachments(ctx, id, r.Revision)
		if err != nil || len(atts) == 0 {
			t.Fatal(err)
		}
		return fileRef{id, atts[len(atts)-1].Hash}
	}
	act := func(p *app.Principal, id int64, a record.Action) {
		if _, err := e.app.Act(ctx, p, id, a); err != nil {
			t.Fatalf("%s: %v", a.Kind, err)
		}
	}
	newRec := func(m string) int64 {
		in := input(m)
		in.FormedOn = formedToday()
		r, err := e.app.CreateRecord(ctx, editor, u, "shjz", es[1].ID, in)
		if err != nil {
			t.Fatal(err)
		}
		attachWith(r.ID, m)
		return r.ID
	}
	// draft, in review, awaiting approval, scheduled
	for _, until := range []record.State{record.StateDraft, record.StateInReview, record.StateAwaitingApproval, record.StateScheduled} {
		id := newRec(mk())
		if until == record.StateDraft {
			continue
		}
		act(editor, id, record.Action{Kind: record.ActionSubmit})
		if until == record.StateInReview {
			continue
		}
		act(reviewer, id, record.Action{Kind: record.ActionReviewPass})
		if until == record.StateAwaitingApproval {
			continue
		}
		act(approver, id, record.Action{Kind: record.ActionApprove, At: e.store.Now().AddDate(0, 1, 0)})
	}
	// Records of the 政府信息公开 专栏 (column.go): a guide in draft, rules in review.
	for i, kind := range []record.Kind{record.KindInfoGuide, record.KindInfoRules} {
		m := mk()
		r, err := e.app.CreateColumnRecord(ctx, editor, u, kind, 0, app.RecordInput{Title: "标题" + m, Summary: "概述" + m, BodyHTML: "<p>正文" + m + "</p>"})
		if err != nil {
			t.Fatal(err)
		}
		private = append(private, attachWith(r.ID, m))
		if i == 1 {
			act(editor, r.ID, record.Action{Kind: record.ActionSubmit})
		}
	}
	// A published record with an amendment in progress: the amendment stays private.
	clean, err := e.app.CreateRecord(ctx, editor, u, "shjz", es[1].ID, app.RecordInput{FormedOn: formedToday(), Kind: record.KindOther, Title: "公开的信息", BodyHTML: "<p>公开正文</p>"})
	if err != nil {
		t.Fatal(err)
	}
	act(editor, clean.ID, record.Action{Kind: record.ActionSubmit})
	act(reviewer, clean.ID, record.Action{Kind: record.ActionReviewPass})
	act(approver, clean.ID, record.Action{Kind: record.ActionApprove})
	act(editor, clean.ID, record.Action{Kind: record.ActionRevise})
	m := mk()
	if _, err := e.app.EditRecord(ctx, editor, clean.ID, input(m)); err != nil {
		t.Fatal(err)
	}
	attachWith(clean.ID, m)
	// A withdrawn record: only its title, date and reason stay; its content is private.
	wm := mk()
	wid, err := e.app.CreateRecord(ctx, editor, u, "shjz", es[1].ID, app.RecordInput{FormedOn: formedToday(), Kind: record.KindServiceGuide, Title: "已撤回的信息", Summary: "概述" + wm,
		BodyHTML: "<p>正文" + wm + "</p>", Guide: record.ServiceGuide{ItemName: "事项" + wm, LegalBasis: "依据", Conditions: "条件", Materials: "材料"}})
	if err != nil {
		t.Fatal(err)
	}
	attachWith(wid.ID, wm)
	act(editor, wid.ID, record.Action{Kind: record.ActionSubmit})
	act(reviewer, wid.ID, record.Action{Kind: record.ActionReviewPass})
	act(approver, wid.ID, record.Action{Kind: record.ActionApprove})
	act(approver, wid.ID, record.Action{Kind: record.ActionWithdraw, Reason: "撤回理由"})

	publish := func(id int64) {
		act(editor, id, record.Action{Kind: record.ActionSubmit})
		act(reviewer, id, record.Action{Kind: record.ActionReviewPass})
		act(approver, id, record.Action{Kind: record.ActionApprove})
	}
	// amend revises a published record, changing its content as change says.
	amend := func(id int64, change func(*app.RecordInput)) {
		act(editor, id, record.Action{Kind: record.ActionRevise})
		r, err := e.app.CurrentRevision(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		in := app.RecordInput{Kind: r.Kind, Title: r.Title, Summary: r.Summary, BodyHTML: r.BodyHTML, Subject: r.Subject, Issuer: r.Issuer,
			WrittenOn: r.WrittenOn.String(), FormedOn: r.FormedOn.String(), Openness: r.Openness}
		change(&in)
		if _, err := e.app.EditRecord(ctx, editor, id, in); err != nil {
			t.Fatal(err)
		}
	}
	newPublic := func(title, body string, open record.Openness) int64 {
		r, err := e.app.CreateRecord(ctx, editor, u, "shjz", es[1].ID, app.RecordInput{FormedOn: formedToday(), Kind: record.KindOther, Title: title, BodyHTML: body, Openness: open})
		if err != nil {
			t.Fatal(err)
		}
		return r.ID
	}
	// A published 依申请公开 record: its page is public, its body and files are not.
	om := mk()
	onRequest := newPublic("依申请公开的信息", "<p>正文"+om+"</p>", record.OpenOnRequest)
	private = append(private, attachWith(onRequest, om))
	publish(onRequest)
	// A proactively public record made 依申请公开 by an amendment that keeps its file.
	madeOnRequest := newPublic("改为依申请公开的信息", "<p>正文</p>", record.OpenProactive)
	private = append(private, attachWith(madeOnRequest, mk()))
	publish(madeOnRequest)
	amend(madeOnRequest, func(in *app.RecordInput) { in.Openness, in.ChangeNote = record.OpenOnRequest, "改为依申请公开" })
	publish(madeOnRequest)
	// A proactively public record whose amendment replaces its file: the old one goes.
	replaced := newPublic("更换附件的信息", "<p>正文</p>", record.OpenProactive)
	private = append(private, attachWith(replaced, mk()))
	publish(replaced)
	amend(replaced, func(in *app.RecordInput) { in.ChangeNote = "更换附件" })
	if _, err := e.app.RemoveAttachment(ctx, editor, replaced, 1); err != nil {
		t.Fatal(err)
	}
	public = append(public, attachWith(replaced, "更正后的名单"))
	publish(replaced)
	// Images of the 正文 (AddBodyImage): a draft's stays private, a published record's is
	// public, and one pasted into the amendment of a published record stays private.
	bodyImage := func(id int64, c uint8) fileRef {
		img, err := e.app.AddBodyImage(ctx, editor, id, "image.png", pngOf(t, c))
		if err != nil {
			t.Fatal(err)
		}
		r, err := e.app.CurrentRevision(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		in := app.RecordInput{Kind: r.Kind, Title: r.Title, BodyHTML: r.BodyHTML + `<p><img src="` + img.Src + `" alt="图"></p>`, Subject: r.Subject, Issuer: r.Issuer,
			WrittenOn: r.WrittenOn.String(), FormedOn: r.FormedOn.String(), Openness: r.Openness, ChangeNote: "增加图片"}
		if _, err := e.app.EditRecord(ctx, editor, id, in); err != nil {
			t.Fatal(err)
		}
		return fileRef{id, img.Src[strings.LastIndex(img.Src, "/")+1:]}
	}
	withImage := newPublic("正文带图片的草稿", "<p>草稿</p>", record.OpenProactive)
	private = append(private, bodyImage(withImage, 41))
	pictured := newPublic("正文带图片的信息", "<p>见图</p>", record.OpenProactive)
	public = append(public, bodyImage(pictured, 42))
	act(editor, pictured, record.Action{Kind: record.ActionSubmit})
	act(reviewer, pictured, record.Action{Kind: record.ActionConfirmNoPII, Attachment: 1})
	act(reviewer, pictured, record.Action{Kind: record.ActionReviewPass})
	act(approver, pictured, record.Action{Kind: record.ActionApprove})
	act(editor, pictured, record.Action{Kind: record.ActionRevise})
	private = append(private, bodyImage(pictured, 43)) // in the amendment: not public
	return marks.List(), private, public
}

var backRe = regexp.MustCompile(`back=[^"]*"`)

// TestNoLeak crawls the public site and every public route of the router with every value
// its parameters can take, and every open API route, as an anonymous visitor: no marker of
// an unpublished record may appear anywhere.
func TestNoLeak(t *testing.T) { storetest.Each(t, testNoLeak) }

func testNoLeak(t *testing.T, s *store.Store) {
	e := newEnv(t, s)
	markers, private, public := leakWorld(t, e)
	pmarks, tokens := participationLeaks(t, e)
	markers = append(markers, pmarks...)
	markers = append(markers, pilotSecrets(t, e)...)
	markers = append(markers, noticeSecrets(t, e)...) // inspection_notice_test.go
	ctx := context.Background()
	c := e.client("")
	get := func(path string) (int, []byte) {
		resp, err := c.Get(e.ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		return resp.StatusCode, leakcheck.ReadAll(resp.Body)
	}
	body := func(path string) (int, string) {
		code, b := get(path)
		return code, string(b)
	}
	// answer is the status and the body of a path, the request ID of an error page and the
	// page's own address (in the 大字版 link) replaced by placeholders.
	answer := func(path string) (int, string) {
		resp, err := c.Get(e.ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		s := strings.ReplaceAll(string(leakcheck.ReadAll(resp.Body)), resp.Header.Get("X-Request-Id"), "REQUEST-ID")
		return resp.StatusCode, backRe.ReplaceAllString(s, `back=PATH"`)
	}
	// A private attachment's hash names it: no page, feed, sitemap or API answer may link it
	// (pages asked for by an address holding the hash may repeat their address).
	secrets := leakcheck.Secrets{Markers: markers}
	for _, f := range private {
		secrets.Hashes = append(secrets.Hashes, f.hash)
	}
	crawl := &leakcheck.Crawl{Get: get, Follow: leakcheck.SameSite(e.ts.URL, "/admin", "/login"),
		Check: func(path string, _ int, b []byte) {
			for _, s := range secrets.Find(path, b) {
				t.Errorf("%s leaked on %s", s, path)
			}
		}}
	// Values for every route parameter.
	orgs, _ := e.store.Orgs(ctx)
	values := map[string][]string{}
	for _, o := range orgs {
		values["unit"] = append(values["unit"], o.Code)
	}
	ds, _ := e.store.Domains(ctx)
	for _, d := range ds {
		values["domain"] = append(values["domain"], d.Code)
	}
	items, _ := e.store.Records(ctx, store.RecordQuery{Limit: 500})
	for _, it := range items {
		values["id"] = append(values["id"], strconv.FormatInt(it.ID, 10))
		for rev := 1; rev <= it.Revision; rev++ {
			atts, _ := e.store.Attachments(ctx, it.ID, rev)
			for _, a := range atts {
				values["hash"] = append(values["hash"], a.Hash)
			}
		}
		values["key"] = append(values["key"], it.EntryKey)
	}
	values["file"] = []string{"style.css"}
	values["token"] = tokens
	cs, _ := e.app.PublicCampaigns(ctx)
	for _, c := range cs {
		values["campaign"] = append(values["campaign"], strconv.FormatInt(c.ID, 10))
	}
	values["campaign"] = append(values["campaign"], "999999")
	values["topic"] = []string{"pilot", "610112"}
	values["unit"] = append(values["unit"], "pilot") // /pilot/feed.atom
	values["q"] = []string{"LEAKMARK", "标题", "事项"}
	values["token"] = append(values["token"], leakRequests(t, e, &secrets)...) // askers' and applicants' status pages

	// The attachments of a reply on the applicant's status page.
	values["pos"] = []string{"1", "2"}
	paramRe := regexp.MustCompile(`\{([a-z]+)(\.\.\.)?\}`)
	routes := 0
	for _, rt := range e.srv.Routes() {
		if rt.Method != "GET" || (rt.Access != web.Public && rt.Access != web.APIOpen) {
			continue
		}
		routes++
		paths := []string{strings.ReplaceAll(rt.Pattern, "{$}", "")}
		for _, m := range paramRe.FindAllStringSubmatch(rt.Pattern, -1) {
			vals, ok := values[m[1]]
			if !ok {
				t.Fatalf("route %s: no values for {%s}: add them to the crawl", rt.Pattern, m[1])
			}
			var next []string
			for _, p := range paths {
				for _, v := range vals {
					next = append(next, strings.Replace(p, m[0], url.PathEscape(v), 1))
				}
			}
			paths = next
		}
		for _, p := range paths {
			crawl.Add(p)
		}
	}
	crawl.Add("/search?q=" + url.QueryEscape("LEAKMARK"))
	crawl.Add("/api/v1/search?q=" + url.QueryEscape("LEAKMARK"))
	seen := crawl.Run()
	if routes < 10 || seen < 200 {
		t.Fatalf("crawl too small: %d routes, %d pages", routes, seen)
	}
	t.Logf("crawled %d addresses from %d public routes; %d markers", seen, routes, len(markers))
	// The files that are not public are not found, and answer exactly as a record or a file
	// that does not exist.
	for _, f := range private {
		if code, _ := body(f.path()); code != 404 {
			t.Errorf("attachment %s is not public, yet answers %d", f.path(), code)
		}
	}
	code, missing := answer("/610112/records/999999/files/" + strings.Repeat("0", 64))
	if code != 404 || !strings.Contains(missing, "附件不存在") {
		t.Errorf("a file of a record that does not exist: %d %s", code, missing)
	}
	others := []string{"/610112/records/999999/files/" + strings.Repeat("a", 64), "/610112/records/abc/files/x",
		"/610112/records/" + strconv.FormatInt(public[0].id, 10) + "/files/" + strings.Repeat("0", 64)}
	for _, it := range items {
		if it.State != record.StatePublished || it.PendingRevision != 0 {
			others = append(others, "/610112/records/"+strconv.FormatInt(it.ID, 10)+"/files/"+strings.Repeat("0", 64))
		}
	}
	for _, f := range private {
		others = append(others, f.path())
	}
	for _, it := range items {
		if it.State != record.StatePublished {
			for rev := 1; rev <= it.Revision; rev++ {
				atts, _ := e.store.Attachments(ctx, it.ID, rev)
				for _, a := range atts {
					others = append(others, fileRef{it.ID, a.Hash}.path())
				}
			}
		}
	}
	for _, p := range others {
		if code, b := answer(p); code != 404 || b != missing {
			t.Errorf("%s: %d, answered unlike a file that does not exist:\n%.300s", p, code, b)
		}
	}
	for _, f := range public {
		if code, _ := body(f.path()); code != 200 {
			t.Errorf("public attachment %s: %d", f.path(), code)
		}
	}
	// The withdrawn record's address shows its title and reason only.
	for _, it := range items {
		if it.State == record.StateWithdrawn {
			code, b := body("/610112/records/" + strconv.FormatInt(it.ID, 10))
			if code != 200 || !strings.Contains(b, "已撤回的信息") || !strings.Contains(b, "撤回理由") {
				t.Fatalf("withdrawn page: %d", code)
			}
		}
	}

}
