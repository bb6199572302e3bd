package app_test

import (
	"context"
	"gongkai/internal/org"
	"strings"
	"testing"
	"time"

	"gongkai/internal/app"
	"gongkai/internal/audit"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/request"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

func sampleApplication(name string) request.Application {
	return request.Application{
		Applicant: request.Applicant{Kind: request.ApplicantPerson, Name: name, IDKind: "居民身份证", IDNo: "610112199001011234",
			Phone: "13800138000", Address: "西安市未央区某路1号"},
		Description: "2025年度最低生活保障资金发放情况", Form: "电子文档", Delivery: "电子邮件",
	}
}

// at sets the app's clock to 10:00 in Beijing on day.
func at(a *app.App, day string) {
	t, _ := time.ParseInLocation("2006-01-02 15:04", day+" 10:00", app.Shanghai)
	a.Clock = func() time.Time { return t }
}

func TestRequestLifecycle(t *testing.T) { storetest.Each(t, testRequestLifecycle) }

func testRequestLifecycle(t *testing.T, s *store.Store) {
	w := newWorld(t, s)
	ctx := context.Background()
	a := w.a
	editor, reviewer, approver := w.who("editor@610111"), w.who("reviewer@610111"), w.who("approver@610111")
	unit, _ := s.OrgByCode(ctx, "610111") // 610112 has the demo requests
	at(a, "2025-09-15")

	// The public form: received today, online, a tracking number and a token.
	x, token, err := a.Apply(ctx, "203.0.113.9", "610111", sampleApplication("张三丰"))
	if err != nil {
		t.Fatal(err)
	}
	if x.TrackingNo != "610111-2025-00001" || !strings.HasPrefix(token, "rq_") || x.Application.Received.String() != "2025-09-15" {
		t.Fatalf("%+v %q", x, token)
	}
	if _, _, err := a.Apply(ctx, "", "610111", request.Application{}); !errs.Is(err, errs.Invalid) {
		t.Fatalf("empty application: %v", err)
	}

	// Staff register one received by post; a receipt date in the future is refused.
	post := sampleApplication("李四")
	post.Channel, post.Received = request.ChannelPost, calendar.MustParseDate("2025-09-16")
	if _, _, err := a.RegisterRequest(ctx, editor, unit, post); fieldError(err, "received_on") == "" {
		t.Fatalf("future receipt: %v", err)
	}
	post.Received = calendar.MustParseDate("2025-09-12")
	if _, _, err := a.RegisterRequest(ctx, reviewer, unit, post); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("reviewer registers: %v", err)
	}
	y, _, err := a.RegisterRequest(ctx, editor, unit, post)
	if err != nil || y.TrackingNo != "610111-2025-00002" {
		t.Fatalf("%v %+v", err, y)
	}

	// A consultation spanning the National Day week moves the due day.
	at(a, "2025-09-26")
	if _, st, err := a.AddRequestEvent(ctx, editor, org.Org{}, x.ID, request.Event{Kind: request.EventConsultationStart, On: calendar.MustParseDate("2025-09-26"), Party: request.PartyThird}); err != nil || st.State != request.StateConsultation {
		t.Fatalf("%v %+v", err, st)
	}
	at(a, "2025-10-17")
	_, st, err := a.AddRequestEvent(ctx, editor, org.Org{}, x.ID, request.Event{Kind: request.EventConsultationEnd, On: calendar.MustParseDate("2025-10-17")})
	if err != nil || st.Clock.Due.String() != "2025-11-03" || !strings.Contains(st.Clock.Explained, "征求第三方意见11个工作日不计入") {
		t.Fatalf("%v %+v", err, st.Clock)
	}
	// The extension needs the approver; a second one is refused and changes nothing.
	ext := request.Event{Kind: request.EventExtension, On: calendar.MustParseDate("2025-10-17"), Days: 20}
	if _, _, err := a.AddRequestEvent(ctx, editor, org.Org{}, x.ID, ext); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("editor extends: %v", err)
	}
	if _, st, err = a.AddRequestEvent(ctx, approver, org.Org{}, x.ID, ext); err != nil || st.State != request.StateExtended {
		t.Fatalf("%v %+v", err, st)
	}
	if _, _, err := a.AddRequestEvent(ctx, approver, org.Org{}, x.ID, ext); fieldError(err, "kind") == "" {
		t.Fatalf("second extension: %v", err)
	}
	if got, _ := s.Request(ctx, x.ID); len(got.Events) != 3 {
		t.Fatalf("%d events", len(got.Events))
	}

	// The list is masked, and the overdue filter finds the posted one after its due day.
	at(a, "2025-10-20")
	l, err := a.Requests(ctx, w.who("supervisor@610100"), unit, app.FilterOverdue)
	if err != nil || len(l.Rows) != 1 || l.Rows[0].ID != y.ID || l.Rows[0].Applicant.Name != "李***" || l.CanHandle {
		t.Fatalf("%v %+v", err, l)
	}
	// Supervisors see lists, not applicants.
	if _, err := a.Request(ctx, w.who("supervisor@610100"), org.Org{}, x.ID); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("supervisor opens: %v", err)
	}
	pg, err := a.Request(ctx, editor, org.Org{}, x.ID)
	if err != nil || pg.Request.Application.Applicant.IDNo != "610112199001011234" || !pg.CanHandle {
		t.Fatalf("%v %+v", err, pg)
	}
	es, _ := s.ListAudit(ctx, audit.Query{Limit: 1})
	if es[0].Action != "request.view" || strings.Contains(es[0].Detail, "张三丰") {
		t.Fatalf("view not audited: %+v", es[0])
	}

	// Reply: a type outside the taxonomy is refused; draft, review, approval.
	if _, err := a.DraftReply(ctx, editor, org.Org{}, x.ID, request.Reply{Type: "refused"}); fieldError(err, "type") == "" {
		t.Fatalf("bad type: %v", err)
	}
	if _, err := a.DraftReply(ctx, editor, org.Org{}, x.ID, request.Reply{Type: request.ReplyWithheld, Reason: 4}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.ApproveReply(ctx, approver, org.Org{}, x.ID, true, ""); !errs.Is(err, errs.Conflict) {
		t.Fatalf("approved before review: %v", err)
	}
	if _, err := a.ReviewReply(ctx, reviewer, org.Org{}, x.ID, true, ""); err != nil {
		t.Fatal(err)
	}
	ps, _ := a.RequestStatus(ctx, token)
	if ps.Status.State != request.StateReplyPending || ps.Reply.Body != "" {
		t.Fatalf("reply shown before approval: %+v", ps)
	}
	if _, err := a.ApproveReply(ctx, approver, org.Org{}, x.ID, true, ""); err != nil {
		t.Fatal(err)
	}
	ps, err = a.RequestStatus(ctx, token)
	if err != nil || ps.Status.State != request.StateAnswered || !strings.Contains(ps.Reply.Body, "保护第三方合法权益") || !strings.Contains(ps.Remedy, "行政复议") || ps.Answered.String() != "2025-10-20" {
		t.Fatalf("%v %+v", err, ps)
	}
	if _, err := a.RequestStatus(ctx, "rq_"+strings.Repeat("x", 43)); !errs.Is(err, errs.NotFound) {
		t.Fatalf("wrong token: %v", err)
	}
	// After the answer: no more events; an appeal can be recorded.
	if _, _, err := a.AddRequestEvent(ctx, editor, org.Org{}, x.ID, request.Event{Kind: request.EventConsultationStart, On: calendar.MustParseDate("2025-10-20"), Party: request.PartyThird}); err == nil {
		t.Fatal("event after the answer accepted")
	}
	if _, err := a.AddAppeal(ctx, editor, org.Org{}, x.ID, request.Appeal{Kind: request.AppealReconsideration, Filed: calendar.MustParseDate("2025-10-20"), Outcome: request.OutcomePending}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.AddAppeal(ctx, editor, org.Org{}, y.ID, request.Appeal{Kind: request.AppealReconsideration, Filed: calendar.MustParseDate("2025-10-20"), Outcome: request.OutcomePending}); !errs.Is(err, errs.Conflict) {
		t.Fatalf("appeal on an open request: %v", err)
	}
}

// TestRequestNotifications: staff are told of a new application, of a reply to review, and,
// once, of a request about to fall due.
func TestRequestNotifications(t *testing.T) { storetest.Each(t, testRequestNotifications) }

func testRequestNotifications(t *testing.T, s *store.Store) {
	w := newWorld(t, s)
	ctx := context.Background()
	a := w.a
	editor, reviewer := w.who("editor@610111"), w.who("reviewer@610111")
	at(a, "2025-09-15")
	x, _, err := a.Apply(ctx, "", "610111", sampleApplication("赵六"))
	if err != nil {
		t.Fatal(err)
	}
	n, _ := a.UnreadCount(ctx, editor)
	if n != 1 {
		t.Fatalf("editor has %d notifications", n)
	}
	// 20 working days after 2025-09-15 is 2025-10-17 (National Day week off): three days before.
	at(a, "2025-10-14")
	if sent, err := a.RemindRequests(ctx); err != nil || sent != 1 {
		t.Fatalf("reminders: %d %v", sent, err)
	}
	if sent, _ := a.RemindRequests(ctx); sent != 0 {
		t.Fatalf("reminded twice: %d", sent)
	}
	if _, err := a.DraftReply(ctx, editor, org.Org{}, x.ID, request.Reply{Type: request.ReplyOpen}); err != nil {
		t.Fatal(err)
	}
	pg, _ := a.Notifications(ctx, reviewer, true)
	if len(pg.Items) != 1 || !strings.Contains(pg.Items[0].Text, x.TrackingNo) {
		t.Fatalf("reviewer: %+v", pg.Items)
	}
	if n, _ := a.UnreadCount(ctx, editor); n != 2 {
		t.Fatalf("editor: %d", n)
	}
}

// TestApplyLimit: one address files at most request.MaxPerHour applications an hour with a unit.
func TestApplyLimit(t *testing.T) { storetest.Each(t, testApplyLimit) }

func testApplyLimit(t *testing.T, s *store.Store) {
	w := newWorld(t, s)
	ctx := context.Background()
	at(w.a, "2025-09-15")
	for i := range request.MaxPerHour {
		if _, _, err := w.a.Apply(ctx, "203.0.113.7", "610111", sampleApplication("钱七")); err != nil {
			t.Fatalf("application %d: %v", i+1, err)
		}
	}
	if _, _, err := w.a.Apply(ctx, "203.0.113.7", "610111", sampleApplication("钱七")); fieldError(err, "form") == "" {
		t.Fatalf("over the limit: %v", err)
	}
	if _, _, err := w.a.Apply(ctx, "203.0.113.8", "610111", sampleApplication("孙八")); err != nil {
		t.Fatalf("another address: %v", err)
	}
	t1, _ := time.ParseInLocation("2006-01-02 15:04", "2025-09-15 11:01", app.Shanghai)
	w.a.Clock = func() time.Time { return t1 }
	if _, _, err := w.a.Apply(ctx, "203.0.113.7", "610111", sampleApplication("钱七")); err != nil {
		t.Fatalf("an hour later: %v", err)
	}
}
