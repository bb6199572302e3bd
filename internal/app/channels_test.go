package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"gongkai/internal/app"
	"gongkai/internal/channel"
	"gongkai/internal/errs"
	"gongkai/internal/record"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// receiver is a webhook receiver that checks signatures, remembers the idempotency keys it
// acted on (so the effect is once however often a key arrives) and can be told to fail.
type receiver struct {
	mu       sync.Mutex
	secret   string
	now      func() time.Time
	fail     int // fail this many more requests with 500
	down     bool
	requests int
	seen     map[string]bool
	effects  []channel.Payload // in the order acted on
	badSig   int
}

func newReceiver(now func() time.Time) (*receiver, *httptest.Server) {
	rc := &receiver{now: now, seen: map[string]bool{}}
	return rc, httptest.NewServer(rc)
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.requests++
	if rc.down {
		http.Error(w, "down", http.StatusServiceUnavailable)
		return
	}
	if rc.fail > 0 {
		rc.fail--
		http.Error(w, "boom", http.StatusInternalServerError)
		return
	}
	if err := channel.Verify(rc.secret, r.Header.Get(channel.SignatureHeader), body, rc.now()); err != nil {
		rc.badSig++
		http.Error(w, err.Error(), http.StatusUnauthorized)
		return
	}
	var p channel.Payload
	if err := json.Unmarshal(body, &p); err != nil || p.IdempotencyKey != r.Header.Get("Idempotency-Key") {
		http.Error(w, "bad body", http.StatusBadRequest)
		return
	}
	if !rc.seen[p.IdempotencyKey] {
		rc.seen[p.IdempotencyKey] = true
		rc.effects = append(rc.effects, p)
	}
	w.WriteHeader(http.StatusNoContent)
}

func (rc *receiver) snapshot() (int, []channel.Payload) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return rc.requests, slices.Clone(rc.effects)
}

// channelWorld is a world whose records are made under an entry naming the website,
// 两微一端, two service points and the 公示栏, with a clock the test moves.
func channelWorld(t *testing.T, s *store.Store) (*world, *time.Time) {
	w := newWorld(t, s)
	_, es, err := w.a.EffectiveCatalog(context.Background(), w.unit, "shjz")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		if slices.Contains(e.Channels, "weibo_wechat_app") && slices.Contains(e.Channels, "bulletin_board") {
			w.entry = e
			break
		}
	}
	if !slices.Contains(w.entry.Channels, "weibo_wechat_app") {
		t.Fatal("no demo entry names 两微一端 and 公示栏")
	}
	now := time.Now()
	w.a.Clock = func() time.Time { return now }
	return w, &now
}

func (w *world) register(url string) channel.Endpoint {
	w.t.Helper()
	w.a.Cfg.AllowPrivateWebhooks = true
	e, err := w.a.RegisterWebhook(context.Background(), w.who("admin@610112"), "610112", "weibo_wechat_app", url)
	if err != nil {
		w.t.Fatal(err)
	}
	if !strings.HasPrefix(e.Secret, "whsec_") {
		w.t.Fatalf("secret %q", e.Secret)
	}
	return e
}

func (w *world) deliveries(id int64) []channel.Delivery {
	w.t.Helper()
	ds, err := w.a.RecordDeliveries(context.Background(), w.who("editor@610112"), id)
	if err != nil {
		w.t.Fatal(err)
	}
	return ds
}

func webhookOf(ds []channel.Delivery, ev channel.Event) channel.Delivery {
	for _, d := range ds {
		if d.Kind == channel.KindWebhook && d.Event == ev {
			return d
		}
	}
	return channel.Delivery{}
}

// TestDeliveriesEnqueuedWithPublication: a publication writes one delivery per channel of
// the entry in its transaction (website delivered, 两微一端 pending per endpoint, offline
// channels pending confirmation), drafts owe nothing, and a withdrawal and an amendment send
// their own webhook events.
func TestDeliveriesEnqueuedWithPublication(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w, _ := channelWorld(t, s)
		rc, srv := newReceiver(w.a.Now)
		defer srv.Close()
		rc.secret = w.register(srv.URL + "/hook").Secret
		draft := w.recordIn(record.StateDraft)
		if ds := w.deliveries(draft); len(ds) != 0 {
			t.Fatalf("a draft owes %d deliveries", len(ds))
		}
		id := w.recordIn(record.StatePublished)
		ds := w.deliveries(id)
		got := map[string]channel.State{}
		for _, d := range ds {
			got[d.Channel] = d.State
		}
		want := map[string]channel.State{"website": channel.StateDelivered, "weibo_wechat_app": channel.StatePending,
			"service_center": channel.StatePending, "service_station": channel.StatePending, "bulletin_board": channel.StatePending}
		for c, st := range want {
			if got[c] != st {
				t.Errorf("%s: %q, want %q (all: %v)", c, got[c], st, got)
			}
		}
		if n, err := w.a.DeliverDue(ctx); err != nil || n != 1 {
			t.Fatalf("delivered %d, %v", n, err)
		}
		_, eff := rc.snapshot()
		if len(eff) != 1 || eff[0].Event != channel.EventPublished || eff[0].ID != id || eff[0].Unit != "610112" || !strings.HasSuffix(eff[0].URL, "/610112/records/"+itoa(id)) || eff[0].PublishedAt == "" {
			t.Fatalf("received %+v", eff)
		}
		// Amendment, then withdrawal: each a webhook event, in order.
		editor := w.who("editor@610112")
		if _, err := w.a.Act(ctx, editor, id, record.Action{Kind: record.ActionRevise}); err != nil {
			t.Fatal(err)
		}
		cur, err := w.a.CurrentRevision(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.a.EditRecord(ctx, editor, id, app.RecordInput{FormedOn: cur.FormedOn.String(), Kind: cur.Kind, Title: "测试信息（修订）", BodyHTML: "<p>正文二</p>",
			Subject: cur.Subject, Issuer: cur.Issuer, WrittenOn: cur.WrittenOn.String(), Openness: cur.Openness, Validity: cur.Validity, ChangeNote: "更正"}); err != nil {
			t.Fatal(err)
		}
		for _, st := range []struct {
			login string
			a     record.Action
		}{{"editor@610112", record.Action{Kind: record.ActionSubmit}}, {"reviewer@610112", record.Action{Kind: record.ActionReviewPass}}, {"approver@610112", record.Action{Kind: record.ActionApprove}}} {
			if _, err := w.a.Act(ctx, w.who(st.login), id, st.a); err != nil {
				t.Fatal(st.a.Kind, err)
			}
		}
		if _, err := w.a.Act(ctx, w.who("approver@610112"), id, record.Action{Kind: record.ActionWithdraw, Reason: "内容有误"}); err != nil {
			t.Fatal(err)
		}
		if n, err := w.a.DeliverDue(ctx); err != nil || n != 2 {
			t.Fatalf("delivered %d, %v", n, err)
		}
		_, eff = rc.snapshot()
		if len(eff) != 3 || eff[1].Event != channel.EventAmended || eff[1].Title != "测试信息（修订）" || eff[2].Event != channel.EventWithdrawn {
			t.Fatalf("events %+v", eff)
		}
	})
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// TestWebhookFailsTwiceThenSucceeds: the receiver fails the first two attempts and gets the
// event on the third, once in effect; before each backoff has passed nothing is sent.
func TestWebhookFailsTwiceThenSucceeds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w, now := channelWorld(t, s)
		rc, srv := newReceiver(w.a.Now)
		defer srv.Close()
		rc.secret = w.register(srv.URL).Secret
		rc.fail = 2
		id := w.recordIn(record.StatePublished)
		for attempt := 1; attempt <= 3; attempt++ {
			n, err := w.a.DeliverDue(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if (attempt == 3) != (n == 1) {
				t.Fatalf("attempt %d: %d delivered", attempt, n)
			}
			d := webhookOf(w.deliveries(id), channel.EventPublished)
			if d.Attempts != attempt {
				t.Fatalf("attempt %d: attempts %d", attempt, d.Attempts)
			}
			if attempt < 3 {
				if d.State != channel.StatePending || !strings.Contains(d.LastError, "500") {
					t.Fatalf("after failure %d: %s %q", attempt, d.State, d.LastError)
				}
				// Before the backoff has passed, nothing is due.
				before, _ := rc.snapshot()
				if n, _ := w.a.DeliverDue(ctx); n != 0 {
					t.Fatal("retried before the backoff")
				}
				if after, _ := rc.snapshot(); after != before {
					t.Fatal("a request went out before the backoff")
				}
				*now = now.Add(channel.Backoff(attempt) + time.Second)
			} else if d.State != channel.StateDelivered || d.LastError != "" {
				t.Fatalf("third attempt: %s %q", d.State, d.LastError)
			}
		}
		reqs, eff := rc.snapshot()
		if reqs != 3 || len(eff) != 1 || rc.badSig != 0 {
			t.Fatalf("%d requests, %d effects, %d bad signatures", reqs, len(eff), rc.badSig)
		}
	})
}

// TestWebhookDownThenBackInOrder: the receiver is down for an hour while three records are
// published; when it returns it gets all three, once each, in publication order. Then a
// receiver that never answers is dead-lettered after MaxAttempts, and an administrator's
// retry delivers it.
func TestWebhookDownThenBackInOrder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w, now := channelWorld(t, s)
		rc, srv := newReceiver(w.a.Now)
		defer srv.Close()
		rc.secret = w.register(srv.URL).Secret
		rc.down = true
		var ids []int64
		start := *now
		for range 3 {
			ids = append(ids, w.recordIn(record.StatePublished))
			w.a.DeliverDue(ctx)
			*now = now.Add(time.Minute)
		}
		for now.Sub(start) < time.Hour {
			w.a.DeliverDue(ctx)
			*now = now.Add(5 * time.Minute)
		}
		if _, eff := rc.snapshot(); len(eff) != 0 {
			t.Fatal("delivered while down")
		}
		rc.mu.Lock()
		rc.down = false
		rc.mu.Unlock()
		for range 10 {
			w.a.DeliverDue(ctx)
			*now = now.Add(time.Hour)
		}
		_, eff := rc.snapshot()
		var got []int64
		for _, p := range eff {
			got = append(got, p.ID)
		}
		if !slices.Equal(got, ids) {
			t.Fatalf("received %v, want %v in order", got, ids)
		}

		// Dead letter and retry.
		rc.mu.Lock()
		rc.down = true
		rc.mu.Unlock()
		id := w.recordIn(record.StatePublished)
		for range channel.MaxAttempts + 2 {
			w.a.DeliverDue(ctx)
			*now = now.Add(2 * time.Hour)
		}
		d := webhookOf(w.deliveries(id), channel.EventPublished)
		if d.State != channel.StateFailed || d.Attempts != channel.MaxAttempts || !strings.Contains(d.LastError, "503") {
			t.Fatalf("dead letter: %s after %d attempts (%q)", d.State, d.Attempts, d.LastError)
		}
		work, err := w.a.ChannelWorkOf(ctx, w.who("admin@610112"), w.unit)
		if err != nil || len(work.Failed) != 1 || work.Failed[0].ID != d.ID || !work.CanRetry {
			t.Fatalf("failed list %+v, %v", work.Failed, err)
		}
		if err := w.a.RetryDelivery(ctx, w.who("editor@610112"), d.ID); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("an editor retried: %v", err)
		}
		rc.mu.Lock()
		rc.down = false
		rc.mu.Unlock()
		if err := w.a.RetryDelivery(ctx, w.who("admin@610112"), d.ID); err != nil {
			t.Fatal(err)
		}
		if err := w.a.RetryDelivery(ctx, w.who("admin@610112"), d.ID); !errs.Is(err, errs.Conflict) {
			t.Fatalf("second retry of a pending delivery: %v", err)
		}
		if n, err := w.a.DeliverDue(ctx); err != nil || n != 1 {
			t.Fatalf("after retry: %d, %v", n, err)
		}
		if d := webhookOf(w.deliveries(id), channel.EventPublished); d.State != channel.StateDelivered {
			t.Fatalf("after retry: %s", d.State)
		}
	})
}

// TestTwoWorkersDeliverOnce: two instances on one database run the worker at once; every
// event reaches its receiver exactly once (not merely once in effect).
func TestTwoWorkersDeliverOnce(t *testing.T) {
	storetest.EachDSN(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		open := func() *store.Store {
			s, err := store.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			if _, err := s.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			return s
		}
		s1 := open()
		w, _ := channelWorld(t, s1)
		var rcs []*receiver
		for range 3 {
			rc, srv := newReceiver(w.a.Now)
			defer srv.Close()
			rc.secret = w.register(srv.URL).Secret
			rcs = append(rcs, rc)
		}
		const records = 5
		for range records {
			w.recordIn(record.StatePublished)
		}
		a2 := testApp(t, open())
		a2.Clock = w.a.Clock
		a2.Cfg.AllowPrivateWebhooks = true
		var wg sync.WaitGroup
		counts := make([]int, 4)
		for i, a := range []*app.App{w.a, a2, w.a, a2} {
			wg.Go(func() {
				n, err := a.DeliverDue(ctx)
				if err != nil {
					t.Error(err)
				}
				counts[i] = n
			})
		}
		wg.Wait()
		total := 0
		for _, n := range counts {
			total += n
		}
		if total != 3*records {
			t.Errorf("delivered %d (%v), want %d", total, counts, 3*records)
		}
		for i, rc := range rcs {
			reqs, eff := rc.snapshot()
			if reqs != records || len(eff) != records {
				t.Errorf("receiver %d: %d requests, %d effects, want %d", i, reqs, len(eff), records)
			}
		}
	})
}

// TestSlowReceiverDoesNotBlockPublication: while the worker waits on a receiver that does
// not answer, records are still published and delivered ones recorded; the attempt ends at
// the worker's timeout or when the worker stops.
func TestSlowReceiverDoesNotBlockPublication(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w, _ := channelWorld(t, s)
		arrived, release := make(chan struct{}, 8), make(chan struct{})
		srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
			arrived <- struct{}{}
			select {
			case <-release:
			case <-r.Context().Done():
			}
		}))
		defer srv.Close()
		defer close(release)
		w.register(srv.URL)
		w.recordIn(record.StatePublished)
		wctx, stop := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() { w.a.DeliverDue(wctx); close(done) }()
		<-arrived // the worker is now inside the slow request
		id := w.recordIn(record.StatePublished)
		if st := w.state(id); st != record.StatePublished {
			t.Fatalf("publication during a slow delivery: %s", st)
		}
		if ds := w.deliveries(id); webhookOf(ds, channel.EventPublished).State != channel.StatePending {
			t.Fatalf("second record's delivery: %+v", ds)
		}
		stop()
		<-done
	})
}

// TestWebhookRegistrationRefusesBadInput: not http(s), loopback, private or link-local
// addresses (unless allowed), names resolving to loopback, unknown and offline channels:
// a field error in Chinese and nothing registered. A receiver registered while allowed is
// refused at dial time once private receivers are no longer allowed, and a redirect is not
// followed.
func TestWebhookRegistrationRefusesBadInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w, _ := channelWorld(t, s)
		admin := w.who("admin@610112")
		cases := []struct{ unit, ch, url, field string }{
			{"610112", "weibo_wechat_app", "ftp://example.org/x", "url"},
			{"610112", "weibo_wechat_app", "javascript:alert(1)", "url"},
			{"610112", "weibo_wechat_app", "", "url"},
			{"610112", "weibo_wechat_app", "http://127.0.0.1:8080/hook", "url"},
			{"610112", "weibo_wechat_app", "http://[::1]/hook", "url"},
			{"610112", "weibo_wechat_app", "http://10.1.2.3/hook", "url"},
			{"610112", "weibo_wechat_app", "http://192.168.0.1/hook", "url"},
			{"610112", "weibo_wechat_app", "http://169.254.169.254/latest/meta-data", "url"},
			{"610112", "weibo_wechat_app", "http://localhost:9/hook", "url"},
			{"610112", "weibo_wechat_app", "http://user:pw@example.org/", "url"},
			{"610112", "fax", "https://example.org/hook", "channel"},
			{"610112", "bulletin_board", "https://example.org/hook", "channel"},
			{"999999", "weibo_wechat_app", "https://example.org/hook", "unit"},
		}
		for _, c := range cases {
			_, err := w.a.RegisterWebhook(ctx, admin, c.unit, c.ch, c.url)
			if msg := fieldError(err, c.field); msg == "" {
				t.Errorf("%s %s %q: %v, want a field error on %s", c.unit, c.ch, c.url, err, c.field)
			}
		}
		if _, err := w.a.RegisterWebhook(ctx, w.who("editor@610112"), "610112", "weibo_wechat_app", "https://example.org/hook"); !errs.Is(err, errs.Forbidden) {
			t.Errorf("an editor registered a webhook: %v", err)
		}
		if eps, _ := w.a.Webhooks(ctx, admin, w.unit); len(eps) != 0 {
			t.Fatalf("%d endpoints registered by bad input", len(eps))
		}

		// Dial-time guard, and redirects not followed.
		hits := 0
		target := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) { hits++ }))
		defer target.Close()
		redirect := httptest.NewServer(http.RedirectHandler(target.URL, http.StatusFound))
		defer redirect.Close()
		w.register(target.URL)
		w.a.Cfg.AllowPrivateWebhooks = false
		id := w.recordIn(record.StatePublished)
		w.a.DeliverDue(ctx)
		d := webhookOf(w.deliveries(id), channel.EventPublished)
		if d.State != channel.StatePending || !strings.Contains(d.LastError, "拒绝连接内网地址") || hits != 0 {
			t.Fatalf("dial guard: %s %q, %d hits", d.State, d.LastError, hits)
		}
		w2, now := channelWorld(t, storetest.OpenLike(t, s))
		w2.register(redirect.URL)
		id2 := w2.recordIn(record.StatePublished)
		w2.a.DeliverDue(ctx)
		*now = now.Add(time.Hour)
		d2 := webhookOf(w2.deliveries(id2), channel.EventPublished)
		if d2.State != channel.StatePending || !strings.Contains(d2.LastError, "重定向") || hits != 0 {
			t.Fatalf("redirect: %s %q, %d hits", d2.State, d2.LastError, hits)
		}
	})
}

// TestMajorItemsAndConfirmation: a major item stays incomplete until the webhook is
// delivered and every offline channel confirmed; confirmation input is checked; the counts
// per unit follow; a withdrawn record's confirmed 公示栏 is listed for taking down.
func TestMajorItemsAndConfirmation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w, now := channelWorld(t, s)
		rc, srv := newReceiver(w.a.Now)
		defer srv.Close()
		rc.secret = w.register(srv.URL).Secret
		id := w.recordIn(record.StatePublished)
		editor, admin := w.who("editor@610112"), w.who("admin@610112")
		if err := w.a.SetMajor(ctx, w.who("reviewer@610112"), id, true); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("a reviewer flagged a major item: %v", err)
		}
		if err := w.a.SetMajor(ctx, editor, id, true); err != nil {
			t.Fatal(err)
		}
		// The supervisor looks at the unit (the province's lists also hold the demo's major item
		// of 灞桥区).
		sup := w.who("supervisor@610000")
		incomplete := func(want int) {
			t.Helper()
			for _, who := range []*app.Principal{admin, sup} {
				work, err := w.a.ChannelWorkOf(ctx, who, w.unit)
				if err != nil || len(work.IncompleteMajor) != want {
					t.Fatalf("%s: incomplete major %+v, %v", who.Person.Login, work.IncompleteMajor, err)
				}
			}
			counts, err := w.a.MajorCounts(ctx, sup, w.unit)
			if err != nil || len(counts) != 1 || counts[0].UnitCode != "610112" || counts[0].Major != 1 || counts[0].Incomplete != want {
				t.Fatalf("counts %+v, %v", counts, err)
			}
		}
		incomplete(1)
		w.a.DeliverDue(ctx)
		incomplete(1) // the offline channels are still owed
		var confirm []channel.Delivery
		for _, d := range w.deliveries(id) {
			if d.Kind == channel.KindConfirm {
				confirm = append(confirm, d)
			}
		}
		if len(confirm) != 3 {
			t.Fatalf("%d confirmations owed", len(confirm))
		}
		bad := []struct {
			c     channel.Confirmation
			field string
		}{
			{channel.Confirmation{Place: "村委会公示栏"}, "posted_on"},
			{channel.Confirmation{PostedOn: *now}, "place"},
			{channel.Confirmation{PostedOn: now.Add(72 * time.Hour), Place: "村委会公示栏"}, "posted_on"},
		}
		if msg := fieldError(w.a.ConfirmDelivery(ctx, editor, confirm[0].ID, channel.Confirmation{PostedOn: *now, Place: "公示栏"}, "a.pdf", []byte("%PDF-1.4 not an image")), "photo"); msg == "" {
			t.Error("a file that is not an image was taken as photo evidence")
		}
		for _, b := range bad {
			if msg := fieldError(w.a.ConfirmDelivery(ctx, editor, confirm[0].ID, b.c, "", nil), b.field); msg == "" {
				t.Errorf("%+v: no error on %s", b.c, b.field)
			}
		}
		if err := w.a.ConfirmDelivery(ctx, w.who("reviewer@610112"), confirm[0].ID, channel.Confirmation{PostedOn: *now, Place: "村委会公示栏"}, "", nil); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("a reviewer confirmed: %v", err)
		}
		for _, d := range confirm {
			if err := w.a.ConfirmDelivery(ctx, editor, d.ID, channel.Confirmation{PostedOn: *now, Place: "幸福路社区公示栏"}, "photo.png", pngPhoto(t)); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.a.ConfirmDelivery(ctx, editor, confirm[0].ID, channel.Confirmation{PostedOn: *now, Place: "again"}, "", nil); !errs.Is(err, errs.Conflict) {
			t.Fatalf("confirmed twice: %v", err)
		}
		if f, err := w.a.DeliveryPhoto(ctx, admin, confirm[0].ID); err != nil {
			t.Fatalf("photo evidence: %v", err)
		} else {
			f.Close()
		}
		webhook := webhookOf(w.deliveries(id), channel.EventPublished)
		if webhook.State != channel.StateDelivered {
			t.Fatalf("webhook %s", webhook.State)
		}
		incomplete(0)
		if _, err := w.a.Act(ctx, w.who("approver@610112"), id, record.Action{Kind: record.ActionWithdraw, Reason: "内容有误"}); err != nil {
			t.Fatal(err)
		}
		work, _ := w.a.ChannelWorkOf(ctx, admin, w.unit)
		if len(work.TakeDown) != 3 || work.TakeDown[0].RecordID != id {
			t.Fatalf("take down %+v", work.TakeDown)
		}
	})
}

// pngPhoto is a small PNG image.
func pngPhoto(t *testing.T) []byte {
	var buf bytes.Buffer
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
