package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"gongkai/internal/app"
	"gongkai/internal/calendar"
	"gongkai/internal/participation"
	"gongkai/internal/record"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// publishConsultation takes a consultation of 610112 through the procedure and returns its ID.
func (e *env) publishConsultation(title string, days int) int64 {
	e.t.Helper()
	ctx := context.Background()
	u, _ := e.store.OrgByCode(ctx, "610112")
	_, es, err := e.app.EffectiveCatalog(ctx, u, "shjz")
	if err != nil {
		e.t.Fatal(err)
	}
	until := calendar.DateOf(e.app.Now()).AddDays(days - 1).String()
	r, err := e.app.CreateRecord(ctx, e.principal("editor@610112"), u, "shjz", es[0].ID, app.RecordInput{Kind: record.KindConsultation, Title: title,
		BodyHTML: "<p>征求意见稿正文</p>", FormedOn: calendar.DateOf(e.app.Now()).String(), CommentsUntil: until, DraftingNote: "起草说明：依据《社会救助暂行办法》"})
	if err != nil {
		e.t.Fatal(err)
	}
	for _, st := range []struct {
		who string
		a   record.ActionKind
	}{{"editor@610112", record.ActionSubmit}, {"reviewer@610112", record.ActionReviewPass}, {"approver@610112", record.ActionApprove}} {
		if _, err := e.app.Act(ctx, e.principal(st.who), r.ID, record.Action{Kind: st.a}); err != nil {
			e.t.Fatalf("%s: %v", st.a, err)
		}
	}
	return r.ID
}

func postLoc(t *testing.T, c *http.Client, u string, v url.Values) (int, string, string) {
	t.Helper()
	resp, err := c.PostForm(u, v)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(resp.Body)
	return resp.StatusCode, resp.Header.Get("Location"), b.String()
}

func apiDo(t *testing.T, e *env, token, method, path string, body any) (int, map[string]any) {
	t.Helper()
	var rd *bytes.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	} else {
		rd = bytes.NewReader(nil)
	}
	req, _ := http.NewRequest(method, e.ts.URL+path, rd)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out := map[string]any{}
	json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

func (e *env) token(login string) string {
	e.t.Helper()
	p := e.principal(login)
	tok, _, err := e.app.CreateToken(context.Background(), p.Actor(), p.Person.ID, "test", 30)
	if err != nil {
		e.t.Fatal(err)
	}
	return tok
}

func TestConsultationComments(t *testing.T) { storetest.Each(t, testConsultationComments) }

func testConsultationComments(t *testing.T, s *store.Store) {
	e := newEnv(t, s)
	id := e.publishConsultation("关于调整临时救助标准的征求意见稿（测试）", 30)
	page := e.ts.URL + "/610112/consultations/" + strconv.FormatInt(id, 10)
	visitor := e.client("")

	code, body := get(t, visitor, page)
	if code != 200 || !strings.Contains(body, "剩余 30 天") || !strings.Contains(body, "起草说明") || !strings.Contains(body, "共30日") {
		t.Fatalf("public page: %d", code)
	}
	if _, list := get(t, visitor, e.ts.URL+"/610112/consultations/"); !strings.Contains(list, "关于调整临时救助标准的征求意见稿") {
		t.Fatal("not listed")
	}
	// Bad input: the form comes back with the field named, nothing stored.
	code, _, body = postLoc(t, visitor, page+"/comments", url.Values{"text": {""}, "contact": {"abc"}})
	if code != 422 || !strings.Contains(body, "意见内容") || !strings.Contains(body, "联系方式") || !strings.Contains(body, "同意") {
		t.Fatalf("bad comment: %d", code)
	}
	code, _, body = postLoc(t, visitor, page+"/comments", url.Values{"text": {strings.Repeat("长", participation.MaxCommentLen+1)}, "name": {strings.Repeat("名", 30)},
		"contact": {"13812345678"}, "consent": {"1"}})
	if code != 422 || !strings.Contains(body, "不能超过1500字") {
		t.Fatalf("long comment: %d", code)
	}
	// Good comments: script stored as text, personal information held for moderation.
	send := func(text string) (int, string) {
		code, loc, _ := postLoc(t, visitor, page+"/comments", url.Values{"text": {text}, "name": {"王某某"}, "contact": {"wang@example.cn"}, "consent": {"1"}})
		return code, loc
	}
	if code, loc := send(`<script>alert(1)</script>建议提高标准`); code != 303 || !strings.HasSuffix(loc, "/thanks") {
		t.Fatalf("comment: %d %s", code, loc)
	}
	if code, _ := send("我的身份证号110101199003074258，请联系"); code != 303 {
		t.Fatalf("comment with ID: %d", code)
	}
	if code, _ := send("与本事项无关的广告"); code != 303 {
		t.Fatalf("third: %d", code)
	}
	if _, body := get(t, visitor, page); strings.Contains(body, "建议提高标准") || !strings.Contains(body, "共收到意见 <strong>3</strong> 条") {
		t.Fatal("a pending comment is public, or the count is wrong")
	}
	// Staff: the queue through the API, decisions with reasons.
	tok := e.token("editor@610112")
	code, out := apiDo(t, e, tok, "GET", "/api/v1/consultations/"+strconv.FormatInt(id, 10)+"/comments?state=pending", nil)
	cs, _ := out["comments"].([]any)
	if code != 200 || len(cs) != 3 {
		t.Fatalf("queue: %d %v", code, out)
	}
	cid := func(i int) string { return strconv.FormatInt(int64(cs[i].(map[string]any)["id"].(float64)), 10) }
	base := "/api/v1/consultations/" + strconv.FormatInt(id, 10) + "/comments/"
	if code, out := apiDo(t, e, tok, "POST", base+cid(2), map[string]any{"decision": "reject"}); code != 422 {
		t.Fatalf("reject without reason: %d %v", code, out)
	}
	for i, d := range []map[string]any{{"decision": "publish", "issue": "救助标准"}, {"decision": "publish"}, {"decision": "reject", "reason": "off_topic"}} {
		if code, out := apiDo(t, e, tok, "POST", base+cid(i), d); code != 200 {
			t.Fatalf("moderate %d: %d %v", i, code, out)
		}
	}
	if code, _ := apiDo(t, e, tok, "POST", base+cid(0), map[string]any{"decision": "reject", "reason": "abusive"}); code != 409 {
		t.Fatalf("second decision: %d", code)
	}
	if code, _ := apiDo(t, e, e.token("editor@610111"), "GET", "/api/v1/consultations/"+strconv.FormatInt(id, 10)+"/comments", nil); code != 404 {
		t.Fatalf("other unit: %d", code)
	}
	_, body = get(t, visitor, page)
	for _, want := range []string{"&lt;script&gt;alert(1)&lt;/script&gt;建议提高标准", "110101********4258", "已公开 2 条", "与征求意见内容无关）：1 条"} {
		if !strings.Contains(body, want) {
			t.Errorf("public page lacks %q", want)
		}
	}
	for _, never := range []string{"110101199003074258", "王某某", "wang@example.cn", "与本事项无关的广告", "<script>alert"} {
		if strings.Contains(body, never) {
			t.Errorf("public page shows %q", never)
		}
	}
	// A flood from one client: 429 with a Chinese message, nothing stored beyond the limit.
	var last int
	for i := 0; i < participation.DefaultLimits.PerHour; i++ {
		last, _ = send("第" + strconv.Itoa(i) + "条意见")
	}
	if last != 429 {
		t.Fatalf("flood: %d", last)
	}
	// The staff page moderates without JavaScript too.
	_, out = apiDo(t, e, tok, "GET", "/api/v1/consultations/"+strconv.FormatInt(id, 10)+"/comments?state=pending", nil)
	cs, _ = out["comments"].([]any)
	admin := "/admin/orgs/610112/consultations/" + strconv.FormatInt(id, 10)
	staff := e.client("editor@610112")
	if code, body := get(t, staff, e.ts.URL+admin); code != 200 || !strings.Contains(body, "wang@example.cn") {
		t.Fatalf("staff page: %d", code)
	}
	if code, _, body := postLoc(t, staff, e.ts.URL+admin+"/comments/"+cid(0), url.Values{"decision": {"reject"}}); code != 422 || !strings.Contains(body, "不予公开的理由") {
		t.Fatalf("reject without reason on the page: %d", code)
	}
	if code, loc, _ := postLoc(t, staff, e.ts.URL+admin+"/comments/"+cid(0), url.Values{"decision": {"reject"}, "reason": {"duplicate"}}); code != 303 || !strings.Contains(loc, "msg=saved") {
		t.Fatalf("reject on the page: %d %s", code, loc)
	}
	if code, _, _ := postLoc(t, e.client("editor@610111"), e.ts.URL+admin+"/comments/"+cid(1), url.Values{"decision": {"publish"}}); code != 403 {
		t.Fatalf("another unit's editor: %d", code)
	}
	// After the period: closed, no more comments; the countdown is gone.
	e.app.Clock = func() time.Time { return time.Now().AddDate(0, 0, 31) }
	code, _, body = postLoc(t, e.client(""), page+"/comments", url.Values{"text": {"迟到的意见"}, "contact": {"13812345678"}, "consent": {"1"}})
	if code != 409 || !strings.Contains(body, "截止") {
		t.Fatalf("late comment: %d", code)
	}
	if _, body := get(t, visitor, page); !strings.Contains(body, "征求意见已结束") {
		t.Fatal("closed consultation still counting down")
	}
}

func TestConsultationByAPI(t *testing.T) { storetest.Each(t, testConsultationByAPI) }

// testConsultationByAPI: POST /api/v1/records with kind consultation; a period under 30 days
// needs a reason before review, and the record JSON carries the period.
func testConsultationByAPI(t *testing.T, s *store.Store) {
	e := newEnv(t, s)
	ctx := context.Background()
	u, _ := e.store.OrgByCode(ctx, "610112")
	_, es, _ := e.app.EffectiveCatalog(ctx, u, "shjz")
	tok := e.token("editor@610112")
	until := calendar.DateOf(e.app.Now()).AddDays(9).String()
	code, out := apiDo(t, e, tok, "POST", "/api/v1/records", map[string]any{"unit": "610112", "domain": "shjz", "entry_id": es[0].ID, "kind": "consultation",
		"title": "征求意见（接口）", "body_html": "<p>正文</p>", "comments_until": until, "formed_on": calendar.DateOf(e.app.Now()).String()})
	if code != 201 || out["comments_until"] != until || out["kind"] != "consultation" {
		t.Fatalf("create: %d %v", code, out)
	}
	id := strconv.FormatInt(int64(out["id"].(float64)), 10)
	created := out
	code, out = apiDo(t, e, tok, "POST", "/api/v1/records/"+id+"/submit", map[string]any{})
	if code != 422 || !strings.Contains(strings.ToLower(jsonText(out)), "short_period_reason") {
		t.Fatalf("short period without reason: %d %v", code, out)
	}
	if code, out := apiDo(t, e, tok, "PUT", "/api/v1/records/"+id, map[string]any{"kind": "consultation", "title": "征求意见（接口）", "body_html": "<p>正文</p>",
		"comments_until": until, "short_period_reason": "上级要求年底前出台",
		"subject": created["subject"], "issuer": created["issuer"], "written_on": created["written_on"], "formed_on": created["formed_on"]}); code != 200 {
		t.Fatalf("edit: %d %v", code, out)
	}
	if code, out := apiDo(t, e, tok, "POST", "/api/v1/records/"+id+"/submit", map[string]any{}); code != 200 {
		t.Fatalf("submit: %d %v", code, out)
	}
}

func jsonText(v any) string { b, _ := json.Marshal(v); return string(b) }

func TestFeedbackAndDecision(t *testing.T) { storetest.Each(t, testFeedbackAndDecision) }

func testFeedbackAndDecision(t *testing.T, s *store.Store) {
	e := newEnv(t, s)
	ctx := context.Background()
	id := e.publishConsultation("关于医疗救助办法的征求意见稿（测试）", 30)
	ids := strconv.FormatInt(id, 10)
	fb := map[string]any{"items": []map[string]any{{"issue": "提高救助标准", "adoption": "adopted"}, {"issue": "扩大范围", "adoption": "not_adopted", "reason": "超出本级权限"}}}
	if code, out := apiDo(t, e, e.token("editor@610112"), "POST", "/api/v1/consultations/"+ids+"/feedback", fb); code != 409 {
		t.Fatalf("feedback during the period: %d %v", code, out)
	}
	// The decision names the consultation and waits for the feedback.
	u, _ := e.store.OrgByCode(ctx, "610112")
	_, es, _ := e.app.EffectiveCatalog(ctx, u, "shjz")
	dec, err := e.app.CreateRecord(ctx, e.principal("editor@610112"), u, "shjz", es[0].ID, app.RecordInput{Kind: record.KindPolicy, Title: "医疗救助办法（测试）",
		BodyHTML: "<p>正文</p>", FormedOn: calendar.DateOf(e.app.Now()).String(), Validity: record.ValidityEffective, ConsultationID: id})
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range []struct {
		who string
		a   record.ActionKind
	}{{"editor@610112", record.ActionSubmit}, {"reviewer@610112", record.ActionReviewPass}} {
		if _, err := e.app.Act(ctx, e.principal(st.who), dec.ID, record.Action{Kind: st.a}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.app.Act(ctx, e.principal("approver@610112"), dec.ID, record.Action{Kind: record.ActionApprove}); err == nil || !strings.Contains(err.Error(), "尚未公布意见采纳情况") {
		t.Fatalf("decision approved before the feedback: %v", err)
	}
	e.app.Clock = func() time.Time { return time.Now().AddDate(0, 0, 31) }
	if code, out := apiDo(t, e, e.token("editor@610112"), "POST", "/api/v1/consultations/"+ids+"/feedback", fb); code != 200 || out["published"] != false {
		t.Fatalf("feedback draft: %d %v", code, out)
	}
	if code, _ := apiDo(t, e, e.token("editor@610112"), "POST", "/api/v1/consultations/"+ids+"/feedback", map[string]any{"publish": true}); code != 403 {
		t.Fatalf("editor publishes feedback: %d", code)
	}
	if code, out := apiDo(t, e, e.token("approver@610112"), "POST", "/api/v1/consultations/"+ids+"/feedback", map[string]any{"publish": true}); code != 200 || out["published"] != true {
		t.Fatalf("publish feedback: %d %v", code, out)
	}
	if _, err := e.app.Act(ctx, e.principal("approver@610112"), dec.ID, record.Action{Kind: record.ActionApprove}); err != nil {
		t.Fatalf("decision after the feedback: %v", err)
	}
	_, body := get(t, e.client(""), e.ts.URL+"/610112/consultations/"+ids)
	for _, want := range []string{"意见采纳情况", "超出本级权限", "决策文件", "/610112/records/" + strconv.FormatInt(dec.ID, 10), "医疗救助办法（测试）"} {
		if !strings.Contains(body, want) {
			t.Errorf("chain lacks %q", want)
		}
	}
}

func TestQuestions(t *testing.T) { storetest.Each(t, testQuestions) }

func testQuestions(t *testing.T, s *store.Store) {
	e := newEnv(t, s)
	visitor := e.client("")
	code, _, body := postLoc(t, visitor, e.ts.URL+"/610112/questions", url.Values{"title": {""}, "text": {"问"}, "contact": {"x"}})
	if code != 422 || !strings.Contains(body, "标题") || !strings.Contains(body, "联系方式") {
		t.Fatalf("bad question: %d", code)
	}
	ctx := context.Background()
	u, _ := e.store.OrgByCode(ctx, "610112")
	_, es, _ := e.app.EffectiveCatalog(ctx, u, "shjz")
	if _, body := get(t, visitor, e.ts.URL+"/610112/questions/new?domain=shjz&entry="+url.QueryEscape(es[0].Key)); !strings.Contains(body, `name="entry" value="`+es[0].Key) {
		t.Fatal("the form does not carry the entry asked about")
	}
	if code, loc, _ := postLoc(t, visitor, e.ts.URL+"/610112/questions", url.Values{"title": {"关于本事项"}, "text": {"问"}, "contact": {"13812345678"},
		"domain": {"shjz"}, "entry": {es[0].Key}}); code != 303 || !strings.HasPrefix(loc, "/questions/status/") {
		t.Fatalf("ask about an entry: %d %s", code, loc)
	}
	if code, _, body := postLoc(t, visitor, e.ts.URL+"/610112/questions", url.Values{"title": {"关于本事项"}, "text": {"问"}, "contact": {"13812345678"},
		"domain": {"shjz"}, "entry": {"no-such-entry"}}); code != 422 || !strings.Contains(body, "所涉公开事项") {
		t.Fatalf("ask about an unknown entry: %d", code)
	}
	code, loc, _ := postLoc(t, visitor, e.ts.URL+"/610112/questions", url.Values{"title": {"低保如何申请？"}, "text": {"请问<b>低保</b>申请需要哪些材料？"},
		"name": {"李某某"}, "contact": {"13912345678"}, "allow_public": {"1"}})
	if code != 303 || !strings.HasPrefix(loc, "/questions/status/") {
		t.Fatalf("ask: %d %s", code, loc)
	}
	status := e.ts.URL + strings.Split(loc, "?")[0]
	_, body = get(t, visitor, status)
	if !strings.Contains(body, "已受理") || !strings.Contains(body, "610112-") || !strings.Contains(body, "&lt;b&gt;低保") {
		t.Fatal("status page")
	}
	if code, _ := get(t, visitor, e.ts.URL+"/questions/status/not-a-real-token-0123456789"); code != 404 {
		t.Fatalf("unknown token: %d", code)
	}
	tok := e.token("editor@610112")
	code, out := apiDo(t, e, tok, "GET", "/api/v1/questions?unit=610112&state=received", nil)
	qs, _ := out["questions"].([]any)
	var qid string
	for _, q := range qs {
		if m := q.(map[string]any); m["title"] == "低保如何申请？" {
			qid = strconv.FormatInt(int64(m["id"].(float64)), 10)
			if m["due"] == "" || m["tracking_no"] == "" {
				t.Fatalf("no due day: %v", m)
			}
		}
	}
	if code != 200 || qid == "" {
		t.Fatalf("list: %d %v", code, out)
	}
	if code, _ := apiDo(t, e, tok, "POST", "/api/v1/questions/"+qid+"/answer", map[string]any{"answer_html": ""}); code != 422 {
		t.Fatalf("empty answer: %d", code)
	}
	if code, out := apiDo(t, e, tok, "POST", "/api/v1/questions/"+qid+"/answer", map[string]any{"answer_html": "<p>需提供身份证明和收入证明。</p><script>x()</script>"}); code != 200 || out["state"] != "awaiting_approval" {
		t.Fatalf("answer: %d %v", code, out)
	}
	if _, body := get(t, visitor, e.ts.URL+"/610112/questions/"); strings.Contains(body, "低保如何申请") {
		t.Fatal("answer public before approval")
	}
	if code, _ := apiDo(t, e, e.token("reviewer@610112"), "POST", "/api/v1/questions/"+qid+"/approve", map[string]any{}); code != 403 {
		t.Fatalf("reviewer approves: %d", code)
	}
	if code, out := apiDo(t, e, e.token("approver@610112"), "POST", "/api/v1/questions/"+qid+"/approve", map[string]any{}); code != 200 || out["state"] != "answered" {
		t.Fatalf("approve: %d %v", code, out)
	}
	_, body = get(t, visitor, e.ts.URL+"/610112/questions/")
	if !strings.Contains(body, "低保如何申请") || !strings.Contains(body, "需提供身份证明") || strings.Contains(body, "李某某") || strings.Contains(body, "13912345678") || strings.Contains(body, "<script>x()") {
		t.Fatal("published Q&A wrong")
	}
	_, body = get(t, visitor, status)
	if !strings.Contains(body, "已答复") || !strings.Contains(body, "提交评价") {
		t.Fatal("status after the answer")
	}
	code, loc, _ = postLoc(t, visitor, status+"/rating", url.Values{"value": {"1"}})
	if code != 303 || !strings.Contains(loc, "question-rated") {
		t.Fatalf("rate: %d %s", code, loc)
	}
	if _, loc, _ = postLoc(t, visitor, status+"/rating", url.Values{"value": {"3"}}); !strings.Contains(loc, "question-rate-conflict") {
		t.Fatalf("second rating: %s", loc)
	}
	code, out = apiDo(t, e, e.token("supervisor@610100"), "GET", "/api/v1/questions/stats?unit=610100", nil)
	if code != 200 || out["answered"].(float64) < 1 {
		t.Fatalf("stats: %d %v", code, out)
	}
	admin := e.client("admin@610112")
	if code, body := get(t, admin, e.ts.URL+"/admin/orgs/610112/participation"); code != 200 || !strings.Contains(body, "超过3个月未答复") {
		t.Fatalf("staff page: %d", code)
	}
	// The unit sets its answer period; new questions are due accordingly.
	if code, _, body := postLoc(t, admin, e.ts.URL+"/admin/orgs/610112/participation/due-days", url.Values{"days": {"0"}}); code != 422 || !strings.Contains(body, "答复期限") {
		t.Fatalf("0 days: %d", code)
	}
	if code, _, _ := postLoc(t, e.client("editor@610112"), e.ts.URL+"/admin/orgs/610112/participation/due-days", url.Values{"days": {"7"}}); code != 403 {
		t.Fatalf("an editor sets the period: %d", code)
	}
	if code, _, _ := postLoc(t, admin, e.ts.URL+"/admin/orgs/610112/participation/due-days", url.Values{"days": {"7"}}); code != 303 {
		t.Fatalf("7 days: %d", code)
	}
	if _, body := get(t, visitor, e.ts.URL+"/610112/questions/new"); !strings.Contains(body, "7 个工作日") {
		t.Fatal("the form does not show the new period")
	}
}

// participationLeaks makes what must never be public: a consultation in draft, comments
// pending and rejected, the names and contacts of commenters and askers, a question the
// asker did not allow to publish and one staff kept private, each with a unique marker. It
// returns the markers and the status tokens the crawl may visit (the token is the asker's
// key: the crawl gets the one of a question whose text is no secret).
func participationLeaks(t *testing.T, e *env) (markers, tokens []string) {
	t.Helper()
	ctx := context.Background()
	n := 0
	mk := func() string {
		n++
		m := "PLEAK" + strconv.Itoa(n) + "X"
		markers = append(markers, m)
		return m
	}
	u, _ := e.store.OrgByCode(ctx, "610112")
	_, es, _ := e.app.EffectiveCatalog(ctx, u, "shjz")
	if _, err := e.app.CreateRecord(ctx, e.principal("editor@610112"), u, "shjz", es[0].ID, app.RecordInput{Kind: record.KindConsultation,
		Title: "征求意见草稿" + mk(), BodyHTML: "<p>" + mk() + "</p>", CommentsUntil: calendar.DateOf(e.app.Now()).AddDays(40).String(), DraftingNote: mk(), FormedOn: formedToday()}); err != nil {
		t.Fatal(err)
	}
	id := e.publishConsultation("公开的征求意见（泄露测试）", 30)
	addr := 0
	comment := func(text, name, contact string) int64 {
		addr++
		if err := e.app.AddComment(ctx, u, id, app.CommentInput{Text: text, Name: name, Contact: contact, Consent: true}, "192.0.2."+strconv.Itoa(addr)); err != nil {
			t.Fatal(err)
		}
		cs, _ := e.app.ConsultationComments(ctx, e.principal("editor@610112"), id, participation.CommentPending)
		return cs[len(cs)-1].ID
	}
	contact := func() string { return "leak" + strings.ToLower(mk()) + "@example.cn" }
	comment("待审核意见"+mk(), "姓名"+mk(), contact())
	rejected := comment("不予公开的意见"+mk(), "姓名"+mk(), contact())
	published := comment("公开的意见，身份证号110101199003074258", "姓名"+mk(), contact())
	markers = append(markers, "110101199003074258")
	editor := e.principal("editor@610112")
	if _, err := e.app.ModerateComment(ctx, editor, id, rejected, participation.Moderation{Reason: participation.RejectAbusive}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.app.ModerateComment(ctx, editor, id, published, participation.Moderation{Publish: true}); err != nil {
		t.Fatal(err)
	}
	ask := func(title, text string, public bool) (string, int64) {
		addr++
		tok, q, err := e.app.Ask(ctx, u, app.QuestionInput{Title: title, Text: text, Name: "留言人" + mk(), Contact: contact(), AllowPublic: public}, "198.51.100."+strconv.Itoa(addr))
		if err != nil {
			t.Fatal(err)
		}
		return tok, q.ID
	}
	answer := func(id int64) {
		if _, err := e.app.ActOnQuestion(ctx, editor, id, participation.QAct{Kind: participation.QDraft, AnswerHTML: "<p>答复</p>"}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.app.ActOnQuestion(ctx, e.principal("approver@610112"), id, participation.QAct{Kind: participation.QApprove}); err != nil {
			t.Fatal(err)
		}
	}
	_, private := ask("不公开的留言"+mk(), "内容"+mk(), false)
	answer(private)
	_, kept := ask("工作人员不予公开"+mk(), "内容"+mk(), true)
	answer(kept)
	if _, err := e.app.ActOnQuestion(ctx, editor, kept, participation.QAct{Kind: participation.QKeepPrivate, Reason: "涉及第三方隐私"}); err != nil {
		t.Fatal(err)
	}
	ask("未答复的留言"+mk(), "内容"+mk(), true)
	tok, public := ask("公开的留言（泄露测试）", "公开的留言内容", true)
	answer(public)
	return markers, []string{tok}
}
