// Package channel is how a published record reaches the channels its catalog entry names
// (公开渠道和载体): the website at publication, signed webhooks for online channels (两微一端,
// 精准推送), and a confirmation by staff for offline ones (公示栏, 便民服务站, 广播电视, 纸质媒体,
// 政务服务中心). Each thing to deliver is a Delivery, stored as an outbox row in the same
// transaction as the publication, amendment or withdrawal that caused it; a worker sends the
// webhook ones with retries and backoff. Plain Go: no SQL, no HTTP, no clock.
package channel

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gongkai/internal/catalog"
	"gongkai/internal/errs"
)

// Kind is how a channel is delivered.
type Kind string

const (
	KindWebsite Kind = "website" // the portal itself: delivered by the publication
	KindWebhook Kind = "webhook" // an online channel: a signed POST to each registered endpoint
	KindConfirm Kind = "confirm" // an offline channel: staff confirm when and where it was posted
	KindNone    Kind = "none"    // nothing to deliver or confirm (press events, custom channels)
)

// KindOf is the adapter of a channel code (refdata channels; "custom:…" for custom ones).
func KindOf(code string) Kind {
	switch code {
	case "website":
		return KindWebsite
	case "weibo_wechat_app", "targeted_push":
		return KindWebhook
	case "bulletin_board", "service_station", "broadcast", "print_media", "service_center":
		return KindConfirm
	}
	return KindNone
}

// Online reports whether endpoints may be registered for the channel.
func Online(code string) bool { return KindOf(code) == KindWebhook }

// Name is the channel's Chinese name.
func Name(code string) string { return catalog.ChannelName(code) }

// State is where one delivery stands.
type State string

const (
	StatePending     State = "pending"      // waiting to be sent (or retried), or to be confirmed
	StateDelivered   State = "delivered"    // the receiver answered 2xx, or the website published it
	StateFailed      State = "failed"       // dead-lettered after MaxAttempts; an operator may retry
	StateConfirmed   State = "confirmed"    // staff confirmed the offline posting
	StateNotRequired State = "not_required" // the channel needs nothing from the platform
)

// Label is the state's Chinese name.
func (s State) Label() string {
	switch s {
	case StatePending:
		return "待送达"
	case StateDelivered:
		return "已送达"
	case StateFailed:
		return "送达失败"
	case StateConfirmed:
		return "已确认"
	case StateNotRequired:
		return "无需处理"
	}
	return string(s)
}

// Done reports whether nothing more is owed on the delivery.
func (s State) Done() bool {
	return s == StateDelivered || s == StateConfirmed || s == StateNotRequired
}

// Event is what happened to the record.
type Event string

const (
	EventPublished Event = "published"
	EventAmended   Event = "amended"
	EventWithdrawn Event = "withdrawn"
)

// Label is the event's Chinese name.
func (e Event) Label() string {
	switch e {
	case EventPublished:
		return "发布"
	case EventAmended:
		return "修订"
	case EventWithdrawn:
		return "撤回"
	}
	return string(e)
}

// Endpoint is a receiver registered by an administrator for a unit's online channel. The
// secret signs every body sent to it; it is kept as it is (it must be recoverable to sign).
type Endpoint struct {
	ID        int64
	UnitID    int64
	Channel   string
	URL       string
	Secret    string
	CreatedAt time.Time
}

// Validate checks the channel and the address's form (not where it points: see Forbidden).
func (e Endpoint) Validate() error {
	var fe []errs.FieldError
	switch {
	case e.Channel == "":
		fe = append(fe, errs.FieldError{Field: "channel", Label: "公开渠道", Message: "不能为空"})
	case !catalog.IsNationalChannel(e.Channel):
		fe = append(fe, errs.FieldError{Field: "channel", Label: "公开渠道", Message: fmt.Sprintf("无法识别的公开渠道“%s”", e.Channel)})
	case !Online(e.Channel):
		fe = append(fe, errs.FieldError{Field: "channel", Label: "公开渠道", Message: fmt.Sprintf("“%s”不是线上渠道，不能登记推送地址", Name(e.Channel))})
	}
	if _, err := ParseURL(e.URL); err != nil {
		fe = append(fe, errs.FieldError{Field: "url", Label: "推送地址", Message: err.Error()})
	}
	if len(fe) > 0 {
		return errs.Fields("推送地址登记有误", fe...)
	}
	return nil
}

// ParseURL accepts an absolute http(s) address without user information; the message of
// the error is Chinese, for the field.
func ParseURL(raw string) (*url.URL, error) {
	if strings.TrimSpace(raw) == "" {
		return nil, fmt.Errorf("不能为空")
	}
	if len(raw) > 2000 || !utf8.ValidString(raw) {
		return nil, fmt.Errorf("过长或含无效字符")
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("不是有效的网址")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("只能是 http:// 或 https:// 开头的地址")
	}
	if u.User != nil {
		return nil, fmt.Errorf("不能包含用户名或密码")
	}
	return u, nil
}

// Forbidden reports whether a webhook may not be sent to ip unless private receivers are
// allowed: loopback, private, link-local, shared (100.64/10), unspecified and multicast
// addresses are inside the operator's network (SSRF).
func Forbidden(ip netip.Addr) bool {
	ip = ip.Unmap()
	if !ip.IsValid() || ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsInterfaceLocalMulticast() || ip.IsMulticast() || ip.IsUnspecified() {
		return true
	}
	return cgnat.Contains(ip) || benchmarking.Contains(ip)
}

var (
	cgnat        = netip.MustParsePrefix("100.64.0.0/10")
	benchmarking = netip.MustParsePrefix("198.18.0.0/15")
)

// Delivery is one thing owed to one channel for one event of one record: an outbox row.
type Delivery struct {
	ID         int64
	RecordID   int64
	UnitID     int64
	Revision   int
	Event      Event
	Channel    string
	Kind       Kind
	EndpointID int64 // webhook deliveries only
	State      State
	Attempts   int
	NextAt     time.Time // when the worker may try (again)
	LastError  string
	// Key is the idempotency key: the same for every attempt, unique per delivery, so a
	// receiver that keeps the keys it has seen acts on each event once.
	Key       string
	Payload   []byte // the webhook body, fixed when the event happened
	CreatedAt time.Time
	DoneAt    time.Time // delivered or confirmed

	// Confirmation of an offline posting.
	PostedOn    time.Time
	Place       string
	ConfirmedBy int64
	Evidence    string // the photo's stored name

	// Filled in for lists.
	Title    string // the record's title
	UnitCode string
	Major    bool
}

// Payload is the webhook body.
type Payload struct {
	Event          Event  `json:"event"`
	ID             int64  `json:"id"`
	Unit           string `json:"unit"`
	Domain         string `json:"domain"`
	Title          string `json:"title"`
	URL            string `json:"url"`
	PublishedAt    string `json:"published_at"`
	IdempotencyKey string `json:"idempotency_key"`
}

// Key is the idempotency key of a delivery.
func Key(recordID int64, revision int, ev Event, channel string, endpointID int64) string {
	return fmt.Sprintf("gk-%d-%d-%s-%s-%d", recordID, revision, ev, channel, endpointID)
}

// Plan lists the deliveries an event owes to the record's channels: the website is
// delivered by the publication itself; each online channel gets one delivery per endpoint
// registered for it (none registered: not required); a first publication owes every offline
// channel a confirmation. Amendments and withdrawals go to the webhooks only: the offline
// notice of a withdrawn record is listed for taking down instead.
func Plan(ev Event, channels []string, endpoints []Endpoint) []Delivery {
	var out []Delivery
	for _, c := range channels {
		switch KindOf(c) {
		case KindWebsite:
			if ev != EventWithdrawn {
				out = append(out, Delivery{Event: ev, Channel: c, Kind: KindWebsite, State: StateDelivered})
			}
		case KindWebhook:
			n := 0
			for _, e := range endpoints {
				if e.Channel == c {
					out = append(out, Delivery{Event: ev, Channel: c, Kind: KindWebhook, EndpointID: e.ID, State: StatePending})
					n++
				}
			}
			if n == 0 && ev == EventPublished {
				out = append(out, Delivery{Event: ev, Channel: c, Kind: KindNone, State: StateNotRequired, LastError: "未登记该渠道的推送地址"})
			}
		case KindConfirm:
			if ev == EventPublished {
				out = append(out, Delivery{Event: ev, Channel: c, Kind: KindConfirm, State: StatePending})
			}
		default:
			if ev == EventPublished {
				out = append(out, Delivery{Event: ev, Channel: c, Kind: KindNone, State: StateNotRequired})
			}
		}
	}
	return out
}

// MaxAttempts is how many times a webhook is tried before it is dead-lettered.
const MaxAttempts = 8

// Backoff is the wait after the given number of failed attempts: 30 s doubling, at most an
// hour (eight attempts span about an hour and a half).
func Backoff(attempts int) time.Duration {
	d := 30 * time.Second
	for i := 1; i < attempts && d < time.Hour; i++ {
		d *= 2
	}
	return min(d, time.Hour)
}

// Tolerance is how far a signature's timestamp may be from the receiver's clock.
const Tolerance = 5 * time.Minute

// SignatureHeader is the header carrying the signature.
const SignatureHeader = "X-Gongkai-Signature"

// Sign is the signature header's value: t=UNIX,v1=HEX(HMAC_SHA256(secret, "t.body")).
func Sign(secret string, t time.Time, body []byte) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(ts + "."))
	m.Write(body)
	return "t=" + ts + ",v1=" + hex.EncodeToString(m.Sum(nil))
}

// Verify checks a signature header as a receiver does: the HMAC matches and the timestamp is
// within Tolerance of now.
func Verify(secret, header string, body []byte, now time.Time) error {
	var ts, sig string
	for _, part := range strings.Split(header, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch k {
		case "t":
			ts = v
		case "v1":
			sig = v
		}
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || sig == "" {
		return fmt.Errorf("malformed signature header")
	}
	t := time.Unix(sec, 0)
	if d := now.Sub(t); d > Tolerance || d < -Tolerance {
		return fmt.Errorf("timestamp outside tolerance")
	}
	want := Sign(secret, t, body)
	if !hmac.Equal([]byte(want), []byte("t="+ts+",v1="+sig)) {
		return fmt.Errorf("signature mismatch")
	}
	return nil
}

// Confirmation is what staff record for an offline posting.
type Confirmation struct {
	PostedOn time.Time
	Place    string
	Evidence string // stored name of the photo, "" when none
}

// Validate checks a confirmation against now.
func (c Confirmation) Validate(now time.Time) error {
	var fe []errs.FieldError
	if c.PostedOn.IsZero() {
		fe = append(fe, errs.FieldError{Field: "posted_on", Label: "张贴（播发）日期", Message: "不能为空"})
	} else if c.PostedOn.After(now.Add(24 * time.Hour)) {
		fe = append(fe, errs.FieldError{Field: "posted_on", Label: "张贴（播发）日期", Message: "不能晚于今天"})
	}
	place := strings.TrimSpace(c.Place)
	if place == "" {
		fe = append(fe, errs.FieldError{Field: "place", Label: "张贴地点", Message: "不能为空"})
	} else if utf8.RuneCountInString(place) > 200 {
		fe = append(fe, errs.FieldError{Field: "place", Label: "张贴地点", Message: "不能超过200字"})
	}
	if len(fe) > 0 {
		return errs.Fields("确认信息有误", fe...)
	}
	return nil
}

// Incomplete reports whether a major item still owes any channel something: every online
// delivery delivered and every offline one confirmed.
func Incomplete(ds []Delivery) bool {
	for _, d := range ds {
		if d.Event == EventPublished && !d.State.Done() {
			return true
		}
	}
	return false
}

// Job is a claimed webhook delivery with its endpoint.
type Job struct {
	Delivery
	Endpoint Endpoint
}

// MajorStatus is a major item and what its channels still owe.
type MajorStatus struct {
	RecordID int64
	UnitID   int64
	UnitCode string
	Title    string
	Owed     int // deliveries neither delivered, confirmed nor not required
}

// MajorCount is a unit's major items and how many of them are incomplete: the fact the
// inspection indicators read.
type MajorCount struct {
	UnitID     int64
	UnitCode   string
	Major      int
	Incomplete int
}

// Filter selects deliveries for the lists of a unit or a supervising office.
type Filter struct {
	UnitPath  string // units in this subtree
	State     State  // "" = any
	Kind      Kind   // "" = any
	Event     Event  // "" = any
	Withdrawn bool   // only deliveries of withdrawn records
	Limit     int
}

// ChannelName is the Chinese name of the delivery's channel.
func (d Delivery) ChannelName() string { return Name(d.Channel) }
