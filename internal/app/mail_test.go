package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"gongkai/internal/app"
	"gongkai/internal/audit"
	"gongkai/internal/campaign"
	"gongkai/internal/demo"
	"gongkai/internal/record"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
	"gongkai/internal/subscribe"
)

// mailpit is a real SMTP server for the tests (axllent/mailpit), read through its HTTP API.
type mailpit struct {
	smtp, api string
}

func freePort(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// startMailpit starts the mailpit binary (PATH or $GOPATH/bin) on free ports; without it the
// test is skipped, unless GONGKAI_REQUIRE_MAILPIT=1 (CI) makes that a failure.
func startMailpit(t *testing.T) mailpit {
	t.Helper()
	bin, err := exec.LookPath("mailpit")
	if err != nil {
		gopath, _ := exec.Command("go", "env", "GOPATH").Output()
		bin = filepath.Join(strings.TrimSpace(string(gopath)), "bin", "mailpit")
		if _, err := os.Stat(bin); err != nil {
			if os.Getenv("GONGKAI_REQUIRE_MAILPIT") == "1" {
				t.Fatal("mailpit is required (GONGKAI_REQUIRE_MAILPIT=1) but not installed: go install github.com/axllent/mailpit@v1.33.1")
			}
			t.Skip("mailpit not installed (go install github.com/axllent/mailpit@v1.33.1)")
		}
	}
	m := mailpit{smtp: freePort(t), api: freePort(t)}
	cmd := exec.Command(bin, "--smtp", m.smtp, "--listen", m.api, "--disable-version-check", "--database", filepath.Join(t.TempDir(), "mail.db"))
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	// Wait until it answers (start-up, not a date).
	for i := 0; ; i++ {
		resp, err := http.Get("http://" + m.api + "/api/v1/messages")
		if err == nil {
			resp.Body.Close()
			break
		}
		if i > 100 {
			t.Fatalf("mailpit did not start: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	return m
}

type mpMessage struct {
	ID      string
	Subject string
	To      []struct{ Address string }
	Text    string
	Headers map[string][]string
}

// messages lists what arrived for an address, oldest first, with text and headers.
func (m mailpit) messages(t *testing.T, to string) []mpMessage {
	t.Helper()
	getJSON := func(path string, v any) {
		resp, err := http.Get("http://" + m.api + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
			t.Fatal(err)
		}
	}
	var list struct{ Messages []mpMessage }
	getJSON("/api/v1/messages?limit=500", &list)
	var out []mpMessage
	for i := len(list.Messages) - 1; i >= 0; i-- {
		msg := list.Messages[i]
		if len(msg.To) == 0 || msg.To[0].Address != to {
			continue
		}
		var full mpMessage
		getJSON("/api/v1/message/"+msg.ID, &full)
		getJSON("/api/v1/message/"+msg.ID+"/headers", &full.Headers)
		out = append(out, full)
	}
	return out
}

var confirmRe = regexp.MustCompile(`/subscriptions/confirm/([A-Za-z0-9_-]+)`)
var unsubRe = regexp.MustCompile(`/subscriptions/unsubscribe/([A-Za-z0-9_-]+)`)

// TestEmailSubscriptions against a real SMTP server: bad input refused with the field named;
// double opt-in (nothing but the confirmation mailed before it, a confirmation link good once);
// an immediate subscriber mailed once per publication with RFC 8058 one-click headers, not for
// a withdrawal; a daily digest queued once a day that leaves out a withdrawn record; after a
// one-click unsubscribe, nothing more.
func TestEmailSubscriptions(t *testing.T) {
	mp := startMailpit(t)
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w, now := channelWorld(t, s)
		w.a.Cfg.SMTPURL = "smtp://" + mp.smtp + "?from=gongkai@example.gov.cn"
		w.a.Cfg.BaseURL = "https://gk.example.gov.cn"
		tag := strings.ToLower(s.Kind())
		alice, bob := "alice-"+tag+"@example.org", "bob-"+tag+"@example.org"
		bad := []struct {
			sub   subscribe.Subscription
			field string
		}{
			{subscribe.Subscription{Email: "not-an-address", Unit: "610112", Frequency: subscribe.Immediate}, "email"},
			{subscribe.Subscription{Email: "Alice <a@example.org>", Unit: "610112", Frequency: subscribe.Immediate}, "email"},
			{subscribe.Subscription{Email: "a@example.org", Frequency: subscribe.Immediate}, "unit"},
			{subscribe.Subscription{Email: "a@example.org", Unit: "999999", Frequency: subscribe.Immediate}, "unit"},
			{subscribe.Subscription{Email: "a@example.org", Unit: "610112", Frequency: "hourly"}, "frequency"},
		}
		for _, b := range bad {
			if fieldError(w.a.Subscribe(ctx, "203.0.113.9", b.sub), b.field) == "" {
				t.Errorf("%+v: no error on %s", b.sub, b.field)
			}
		}
		if err := w.a.Subscribe(ctx, "203.0.113.9", subscribe.Subscription{Email: alice, Unit: "610112", Frequency: subscribe.Immediate}); err != nil {
			t.Fatal(err)
		}
		msgs := mp.messages(t, alice)
		if len(msgs) != 1 || !confirmRe.MatchString(msgs[0].Text) {
			t.Fatalf("confirmation mail: %+v", msgs)
		}
		token := confirmRe.FindStringSubmatch(msgs[0].Text)[1]
		// Before confirming: a publication mails nobody.
		w.recordIn(record.StatePublished)
		if n, err := w.a.SendMails(ctx); err != nil || n != 0 {
			t.Fatalf("unconfirmed subscriber mailed: %d %v", n, err)
		}
		if _, err := w.a.ConfirmSubscription(ctx, "203.0.113.9", token); err != nil {
			t.Fatal(err)
		}
		if _, err := w.a.ConfirmSubscription(ctx, "203.0.113.9", token); fmt.Sprint(err) == "<nil>" {
			t.Fatal("a confirmation link worked twice")
		}
		id := w.recordIn(record.StatePublished)
		if n, err := w.a.SendMails(ctx); err != nil || n != 1 {
			t.Fatalf("publication mail: %d %v", n, err)
		}
		if n, _ := w.a.SendMails(ctx); n != 0 {
			t.Fatal("mailed twice")
		}
		msgs = mp.messages(t, alice)
		if len(msgs) != 2 {
			t.Fatalf("%d mails to the immediate subscriber", len(msgs))
		}
		m := msgs[1]
		lu, lup := strings.Join(m.Headers["List-Unsubscribe"], ""), strings.Join(m.Headers["List-Unsubscribe-Post"], "")
		if !strings.Contains(m.Subject, "测试信息") || !strings.Contains(m.Text, fmt.Sprintf("https://gk.example.gov.cn/610112/records/%d", id)) ||
			!unsubRe.MatchString(lu) || !strings.HasPrefix(lu, "<https://gk.example.gov.cn/") || lup != "List-Unsubscribe=One-Click" {
			t.Fatalf("publication mail: %q %q %q\n%s", m.Subject, lu, lup, m.Text)
		}
		// A withdrawal mails nobody.
		if _, err := w.a.Act(ctx, w.who("approver@610112"), id, record.Action{Kind: record.ActionWithdraw, Reason: "内容有误"}); err != nil {
			t.Fatal(err)
		}
		w.a.SendMails(ctx)

		// Daily digest, once a day, without the withdrawn record.
		if err := w.a.Subscribe(ctx, "203.0.113.9", subscribe.Subscription{Email: bob, Query: "测试", Frequency: subscribe.Daily}); err != nil {
			t.Fatal(err)
		}
		bt := confirmRe.FindStringSubmatch(mp.messages(t, bob)[0].Text)[1]
		if _, err := w.a.ConfirmSubscription(ctx, "203.0.113.9", bt); err != nil {
			t.Fatal(err)
		}
		*now = now.Add(time.Minute)
		kept, gone := w.recordIn(record.StatePublished), w.recordIn(record.StatePublished)
		if _, err := w.a.Act(ctx, w.who("approver@610112"), gone, record.Action{Kind: record.ActionWithdraw, Reason: "发布有误"}); err != nil {
			t.Fatal(err)
		}
		if n, _ := w.a.QueueDigests(ctx); n != 0 {
			t.Fatal("a digest before the day is over")
		}
		*now = now.Add(25 * time.Hour)
		if n, err := w.a.QueueDigests(ctx); err != nil || n != 1 {
			t.Fatalf("digests queued: %d %v", n, err)
		}
		if n, _ := w.a.QueueDigests(ctx); n != 0 {
			t.Fatal("a second digest the same day")
		}
		w.a.SendMails(ctx)
		bm := mp.messages(t, bob)
		if len(bm) != 2 || !strings.Contains(bm[1].Text, fmt.Sprintf("/records/%d", kept)) || strings.Contains(bm[1].Text, fmt.Sprintf("/records/%d\n", gone)) ||
			strings.Contains(bm[1].Text, fmt.Sprintf("/records/%d", gone)+"\n") {
			t.Fatalf("digest: %d mails\n%s", len(bm), bm[len(bm)-1].Text)
		}

		// One-click unsubscribe (the link of the header), then nothing more. (The immediate
		// subscriber got the kept record too, and nothing for the withdrawn one.)
		before := len(mp.messages(t, alice))
		if before != 3 {
			t.Fatalf("%d mails to the immediate subscriber", before)
		}
		if err := w.a.Unsubscribe(ctx, "198.51.100.1", unsubRe.FindStringSubmatch(lu)[1]); err != nil {
			t.Fatal(err)
		}
		w.recordIn(record.StatePublished)
		w.a.SendMails(ctx)
		if got := len(mp.messages(t, alice)); got != before {
			t.Fatalf("%d mails after unsubscribing", got)
		}
	})
}

// TestReminderEmails: with a mail channel, the campaign reminders that the notification
// centre sends reach the registered liaison (联络员) of the organisation by email too, each
// once although two instances send reminders at the same moment; an organisation whose
// liaison gave no address, and the responsible leader, get no email.
func TestReminderEmails(t *testing.T) {
	mp := startMailpit(t)
	storetest.EachDSN(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		apps, stores := instances(t, dsn, 2)
		if _, _, err := demo.Fill(ctx, apps[0]); err != nil {
			t.Fatal(err)
		}
		// Each database its own liaison address, so that the two runs do not mix in mailpit.
		tag := strings.ToLower(stores[0].Kind())
		u, err := stores[0].OrgByCode(ctx, "610111")
		if err != nil {
			t.Fatal(err)
		}
		liaison := "liaison-" + tag + "@610111.example.cn"
		if _, err := stores[0].AddLiaison(ctx, audit.System("test"), campaign.Liaison{OrgID: u.ID, Role: campaign.RoleLiaison,
			Name: "赵示例", Post: "区政务公开办副主任", OfficePhone: "029-83530002", Mobile: "13900000004", Email: liaison}); err != nil {
			t.Fatal(err)
		}
		for _, a := range apps {
			a.Cfg.SMTPURL = "smtp://" + mp.smtp + "?from=gongkai@example.gov.cn"
			a.Cfg.BaseURL = "https://gk.example.gov.cn"
		}
		var wg sync.WaitGroup
		for i := range 4 {
			wg.Go(func() {
				if _, err := apps[i%2].SendReminders(ctx); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		// What 610111's administrators were notified of, as the unit: one email each.
		p, _ := apps[0].PersonByLogin(ctx, "admin@610111")
		pg, err := apps[0].Notifications(ctx, &app.Principal{Person: p}, false)
		if err != nil {
			t.Fatal(err)
		}
		var texts []string
		for _, n := range pg.Items {
			if n.Kind == campaign.NoticeDueSoon || n.Kind == campaign.NoticeLate {
				texts = append(texts, n.Text)
			}
		}
		if len(texts) == 0 {
			t.Fatal("no reminders for 610111: the demo has due and missing obligations")
		}
		got := mp.messages(t, liaison)
		if len(got) != len(texts) {
			t.Fatalf("%d emails to the liaison for %d reminders", len(got), len(texts))
		}
		subjects := map[string]int{}
		for _, m := range got {
			subjects[m.Subject]++
			if !strings.Contains(m.Text, "https://gk.example.gov.cn/admin/orgs/") {
				t.Errorf("email without a link to the obligation: %q", m.Text)
			}
		}
		for _, text := range texts {
			if subjects["【试点工作提醒】"+text]+subjects["【试点工作逾期】"+text] != 1 {
				t.Errorf("reminder %q mailed %d times", text, subjects["【试点工作提醒】"+text]+subjects["【试点工作逾期】"+text])
			}
		}
		// The leader registered beside the liaison is not mailed.
		if n := len(mp.messages(t, "leader@610112.example.cn")); n != 0 {
			t.Errorf("%d emails to a responsible leader", n)
		}
		// Nothing more on the next run.
		if n, err := apps[1].SendReminders(ctx); err != nil || n != 0 {
			t.Fatalf("second run sent %d, %v", n, err)
		}
		if again := mp.messages(t, liaison); len(again) != len(got) {
			t.Fatalf("%d emails after a second run, %d before", len(again), len(got))
		}
	})
}
