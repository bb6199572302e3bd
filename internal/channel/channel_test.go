package channel

import (
	"net/netip"
	"strings"
	"testing"
	"time"

	"gongkai/internal/errs"
)

func TestPlan(t *testing.T) {
	eps := []Endpoint{{ID: 7, Channel: "weibo_wechat_app"}, {ID: 8, Channel: "weibo_wechat_app"}, {ID: 9, Channel: "targeted_push"}}
	chs := []string{"website", "weibo_wechat_app", "bulletin_board", "press_hearing", "custom:12345热线", "targeted_push"}
	count := func(ds []Delivery, k Kind, st State) int {
		n := 0
		for _, d := range ds {
			if d.Kind == k && d.State == st {
				n++
			}
		}
		return n
	}
	pub := Plan(EventPublished, chs, eps)
	if count(pub, KindWebsite, StateDelivered) != 1 || count(pub, KindWebhook, StatePending) != 3 || count(pub, KindConfirm, StatePending) != 1 ||
		count(pub, KindNone, StateNotRequired) != 2 || len(pub) != 7 {
		t.Errorf("published: %+v", pub)
	}
	wd := Plan(EventWithdrawn, chs, eps)
	if count(wd, KindWebhook, StatePending) != 3 || len(wd) != 3 {
		t.Errorf("withdrawn: %+v", wd)
	}
	am := Plan(EventAmended, chs, nil)
	if len(am) != 1 || am[0].Kind != KindWebsite {
		t.Errorf("amended without endpoints: %+v", am)
	}
	none := Plan(EventPublished, []string{"weibo_wechat_app"}, nil)
	if len(none) != 1 || none[0].State != StateNotRequired || none[0].LastError == "" {
		t.Errorf("no endpoint: %+v", none)
	}
}

func TestBackoff(t *testing.T) {
	want := []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute, 16 * time.Minute, 32 * time.Minute, time.Hour, time.Hour}
	for i, w := range want {
		if got := Backoff(i + 1); got != w {
			t.Errorf("Backoff(%d) = %v, want %v", i+1, got, w)
		}
	}
}

func TestSignVerify(t *testing.T) {
	now := time.Unix(1765000000, 0)
	body := []byte(`{"event":"published"}`)
	h := Sign("s3cret", now, body)
	if !strings.HasPrefix(h, "t=1765000000,v1=") || len(h) != len("t=1765000000,v1=")+64 {
		t.Fatalf("header %q", h)
	}
	if err := Verify("s3cret", h, body, now.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]struct {
		secret, header string
		body           []byte
		at             time.Time
	}{
		"other secret": {"other", h, body, now},
		"changed body": {"s3cret", h, []byte(`{"event":"withdrawn"}`), now},
		"too old":      {"s3cret", h, body, now.Add(Tolerance + time.Second)},
		"malformed":    {"s3cret", "v1=abc", body, now},
	} {
		if Verify(c.secret, c.header, c.body, c.at) == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestSignKnownVector(t *testing.T) {
	// echo -n '0.{}' | openssl dgst -sha256 -hmac k
	got := Sign("k", time.Unix(0, 0), []byte("{}"))
	want := "t=0,v1=c847cd2c51e393092098d6126ed5aeb9ddbe946df3a0b7cb9e9a8a34fadb2cc7"
	if got != want {
		t.Fatalf("Sign = %s, want %s", got, want)
	}
	if err := Verify("k", got, []byte("{}"), time.Unix(0, 0)); err != nil {
		t.Fatal(err)
	}
}

func TestForbidden(t *testing.T) {
	for _, s := range []string{"127.0.0.1", "::1", "10.0.0.1", "172.16.3.4", "192.168.1.1", "169.254.169.254", "fe80::1", "fc00::1", "0.0.0.0", "100.64.0.1", "::ffff:127.0.0.1", "224.0.0.1"} {
		if !Forbidden(netip.MustParseAddr(s)) {
			t.Errorf("%s allowed", s)
		}
	}
	for _, s := range []string{"93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946", "1.1.1.1"} {
		if Forbidden(netip.MustParseAddr(s)) {
			t.Errorf("%s forbidden", s)
		}
	}
}

func TestEndpointValidate(t *testing.T) {
	cases := []struct {
		e     Endpoint
		field string
	}{
		{Endpoint{Channel: "weibo_wechat_app", URL: "https://example.org/hook"}, ""},
		{Endpoint{Channel: "weibo_wechat_app", URL: "ftp://example.org/"}, "url"},
		{Endpoint{Channel: "weibo_wechat_app", URL: "/relative"}, "url"},
		{Endpoint{Channel: "", URL: "https://example.org/"}, "channel"},
		{Endpoint{Channel: "fax", URL: "https://example.org/"}, "channel"},
		{Endpoint{Channel: "custom:热线", URL: "https://example.org/"}, "channel"},
		{Endpoint{Channel: "bulletin_board", URL: "https://example.org/"}, "channel"},
	}
	for _, c := range cases {
		err := c.e.Validate()
		if c.field == "" {
			if err != nil {
				t.Errorf("%+v: %v", c.e, err)
			}
			continue
		}
		e, ok := err.(*errs.Error)
		if !ok || len(e.Fields) != 1 || e.Fields[0].Field != c.field {
			t.Errorf("%+v: %v, want a field error on %s", c.e, err, c.field)
		}
	}
}
