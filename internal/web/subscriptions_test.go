package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gongkai/internal/config"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestSubscriptionPages: with email off the form says so and a submission is refused; with
// an SMTP server configured, bad input is refused with the field named and nothing mailed;
// unknown confirmation and unsubscribe links are not found, also for the one-click POST.
func TestSubscriptionPages(t *testing.T) { storetest.Each(t, testSubscriptionPages) }

func testSubscriptionPages(t *testing.T, s *store.Store) {
	e := newEnv(t, s)
	c := e.client("")
	code, body := get(t, c, e.ts.URL+"/subscriptions/new")
	if code != 200 || !strings.Contains(body, "尚未开通邮件订阅") {
		t.Fatalf("form with email off: %d", code)
	}
	post := func(path string, form url.Values) (int, string) {
		resp, err := c.PostForm(e.ts.URL+path, form)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var b strings.Builder
		buf := make([]byte, 4096)
		for {
			n, err := resp.Body.Read(buf)
			b.Write(buf[:n])
			if err != nil {
				break
			}
		}
		return resp.StatusCode, b.String()
	}
	if code, body := post("/subscriptions", url.Values{"email": {"a@example.org"}, "unit": {"610112"}, "frequency": {"immediate"}}); code != http.StatusConflict || !strings.Contains(body, "未开通邮件订阅") {
		t.Errorf("subscribe with email off: %d", code)
	}
	e2 := newEnv(t, storetest.OpenLike(t, s), func(c *config.Config) { c.SMTPURL = "smtp://127.0.0.1:9" })
	c = e2.client("")
	code, body = get(t, c, e2.ts.URL+"/subscriptions/new")
	if code != 200 || !strings.Contains(body, `name="email"`) || !strings.Contains(body, "未央区") {
		t.Fatalf("form: %d", code)
	}
	e = e2
	for _, tc := range []struct {
		form url.Values
		want string
	}{
		{url.Values{"email": {"nonsense"}, "unit": {"610112"}, "frequency": {"immediate"}}, "电子邮箱：不是有效的电子邮箱地址"},
		{url.Values{"email": {"a@example.org"}, "frequency": {"daily"}}, "订阅范围"},
		{url.Values{"email": {"a@example.org"}, "unit": {"610112"}, "frequency": {"hourly"}}, "发送频率"},
	} {
		if code, body := post("/subscriptions", tc.form); code != 422 || !strings.Contains(body, tc.want) {
			t.Errorf("%v: %d, want 422 with %q", tc.form, code, tc.want)
		}
	}
	for _, p := range []string{"/subscriptions/confirm/nope", "/subscriptions/unsubscribe/nope"} {
		if code, _ := get(t, c, e.ts.URL+p); code != 404 {
			t.Errorf("GET %s: %d", p, code)
		}
	}
	if code, _ := post("/subscriptions/unsubscribe/nope", url.Values{"List-Unsubscribe": {"One-Click"}}); code != 404 {
		t.Errorf("one-click with an unknown token: %d", code)
	}
}
