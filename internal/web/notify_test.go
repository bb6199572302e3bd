package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"gongkai/internal/app"
	"gongkai/internal/audit"
	"gongkai/internal/notify"
	"gongkai/internal/org"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestNotificationPages: the header counts unread notifications, the page lists them,
// 查看 marks one read and follows its link, a cross-site POST is refused, and another
// person's notification cannot be marked.
func TestNotificationPages(t *testing.T) { storetest.Each(t, testNotificationPages) }

func testNotificationPages(t *testing.T, s *store.Store) {
	e := newEnv(t, s)
	ctx := context.Background()
	unit, _ := e.app.OrgByCode(ctx, "610112")
	sent, err := e.app.SendNotification(ctx, audit.System("test"), notify.Notification{Recipient: notify.ToRole(unit.ID, org.RoleUnitAdmin),
		Kind: "due_soon", Subject: "test:1", Text: "工作方案将于2个工作日后到期", Link: "/admin/orgs/610112/"})
	if err != nil || !sent {
		t.Fatal(sent, err)
	}
	admin := e.client("admin@610112")
	code, body := get(t, admin, e.ts.URL+"/admin/orgs/610112/")
	if code != 200 || !strings.Contains(body, "（1条未读）") {
		t.Fatalf("header: %d", code)
	}
	code, body = get(t, admin, e.ts.URL+"/admin/notifications")
	if code != 200 || !strings.Contains(body, "工作方案将于2个工作日后到期") || !strings.Contains(body, "● 未读") {
		t.Fatalf("page: %d %s", code, body)
	}
	pr := e.principal("admin@610112")
	pg, _ := e.app.Notifications(ctx, pr, false)
	id := strconv.FormatInt(pg.Items[0].ID, 10)

	// Someone the notification does not reach.
	resp, err := e.client("editor@610112").PostForm(e.ts.URL+"/admin/notifications/"+id+"/read", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Fatalf("editor marks the admins' notification: %d", resp.StatusCode)
	}
	// A cross-site form post.
	req, _ := http.NewRequest("POST", e.ts.URL+"/admin/notifications/"+id+"/read", strings.NewReader(""))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err = admin.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-site post: %d", resp.StatusCode)
	}
	if n, _ := e.app.UnreadCount(ctx, pr); n != 1 {
		t.Fatalf("unread after refused posts: %d", n)
	}
	resp, err = admin.PostForm(e.ts.URL+"/admin/notifications/"+id+"/read", url.Values{"next": {"/admin/orgs/610112/"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/admin/orgs/610112/" {
		t.Fatalf("查看: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	code, body = get(t, admin, e.ts.URL+"/admin/notifications")
	if code != 200 || strings.Contains(body, "条未读）") || !strings.Contains(body, "✓ 已读") {
		t.Fatalf("after reading: %d", code)
	}
}

// principal is the signed-in principal of a demo account.
func (e *env) principal(login string) *app.Principal {
	e.t.Helper()
	p, err := e.app.PersonByLogin(context.Background(), login)
	if err != nil {
		e.t.Fatal(err)
	}
	return &app.Principal{Person: p}
}
