package app

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"time"

	"gongkai/internal/attach"
	"gongkai/internal/channel"
	"gongkai/internal/errs"
	"gongkai/internal/org"
	"gongkai/internal/record"
	"gongkai/internal/store"
)

// Worker limits: a slow receiver holds one of webhookConcurrency slots for at most
// webhookTimeout, and never a request or a publication (the worker runs on its own).
const (
	webhookConcurrency = 4
	webhookTimeout     = 10 * time.Second
	webhookLease       = 2 * time.Minute // longer than an attempt can take
)

// eventOf is the channel event an outcome is, if any.
func eventOf(out record.Outcome) (channel.Event, bool) {
	switch {
	case out.Action == record.ActionWithdraw:
		return channel.EventWithdrawn, true
	case out.To == record.StatePublished && out.PublicChange:
		if out.Supersedes != 0 {
			return channel.EventAmended, true
		}
		return channel.EventPublished, true
	}
	return "", false
}

// deliveries adds to ch the outbox rows an outcome owes the record's channels, so that they
// are written in the publishing transaction.
func (a *App) deliveries(ctx context.Context, out record.Outcome, u org.Org, ch *store.RecordChange) error {
	ev, ok := eventOf(out)
	if !ok {
		return nil
	}
	r := out.Record
	eps, err := a.store.Endpoints(ctx, u.ID)
	if err != nil {
		return err
	}
	published := r.PublishedAt
	if published.IsZero() {
		published = a.Now()
	}
	for _, d := range channel.Plan(ev, r.Channels, eps) {
		d.RecordID, d.UnitID, d.Revision = r.ID, u.ID, r.Revision
		d.Key = channel.Key(r.ID, r.Revision, ev, d.Channel, d.EndpointID)
		if d.Kind == channel.KindWebhook {
			d.Payload, err = json.Marshal(channel.Payload{Event: ev, ID: r.ID, Unit: u.Code, Domain: r.Domain, Title: r.Title,
				URL: a.Cfg.PublicBase() + "/" + u.Code + "/records/" + strconv.FormatInt(r.ID, 10), PublishedAt: published.UTC().Format(time.RFC3339),
				IdempotencyKey: d.Key})
			if err != nil {
				return err
			}
		}
		ch.Deliveries = append(ch.Deliveries, d)
	}
	return nil
}

// RegisterWebhook registers a receiver for a unit's online channel and returns it with its
// new secret (shown once to the administrator; kept to sign). The address must be http(s)
// and, unless Cfg.AllowPrivateWebhooks, resolve only to public addresses.
func (a *App) RegisterWebhook(ctx context.Context, p *Principal, unitCode, ch, rawURL string) (channel.Endpoint, error) {
	u, err := a.store.OrgByCode(ctx, unitCode)
	if err != nil {
		if errs.Is(err, errs.NotFound) {
			return channel.Endpoint{}, errs.Fields("推送地址登记有误", errs.FieldError{Field: "unit", Label: "单位", Message: fmt.Sprintf("单位“%s”不存在", unitCode)})
		}
		return channel.Endpoint{}, err
	}
	if err := p.Authorize(org.PermManageOrgs, u); err != nil {
		return channel.Endpoint{}, err
	}
	e := channel.Endpoint{UnitID: u.ID, Channel: ch, URL: rawURL}
	if err := e.Validate(); err != nil {
		return e, err
	}
	if !a.Cfg.AllowPrivateWebhooks {
		if msg := checkHost(ctx, rawURL); msg != "" {
			return e, errs.Fields("推送地址登记有误", errs.FieldError{Field: "url", Label: "推送地址", Message: msg})
		}
	}
	var b [24]byte
	rand.Read(b[:])
	e.Secret = "whsec_" + hex.EncodeToString(b[:])
	return a.store.CreateEndpoint(ctx, p.Actor(), e)
}

// checkHost resolves the address's host and says why it may not receive webhooks ("" when
// it may): every address it resolves to must be public.
func checkHost(ctx context.Context, raw string) string {
	u, _ := channel.ParseURL(raw)
	host := u.Hostname()
	if ip, err := netip.ParseAddr(host); err == nil {
		if channel.Forbidden(ip) {
			return "不能指向本机、内网或链路本地地址"
		}
		return ""
	}
	rctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	ips, err := net.DefaultResolver.LookupNetIP(rctx, "ip", host)
	if err != nil || len(ips) == 0 {
		return fmt.Sprintf("无法解析主机名“%s”", host)
	}
	for _, ip := range ips {
		if channel.Forbidden(ip) {
			return fmt.Sprintf("主机名“%s”解析到本机、内网或链路本地地址", host)
		}
	}
	return ""
}

// webhookClient posts webhooks: no redirects followed (a redirect is a failed attempt, so
// a receiver cannot send the worker to an internal address), and unless private receivers
// are allowed, the dialer refuses forbidden addresses at connection time, after DNS, so a
// name that resolves differently later (DNS rebinding) is refused too.
func (a *App) webhookClient() *http.Client {
	d := a.outboundDialer(5 * time.Second)
	return &http.Client{
		Timeout:       webhookTimeout,
		Transport:     &http.Transport{DialContext: d.DialContext, Proxy: nil, MaxIdleConnsPerHost: 2, IdleConnTimeout: 30 * time.Second, TLSHandshakeTimeout: 5 * time.Second},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// outboundDialer dials the addresses the platform requests on behalf of its users (webhook
// receivers, probed sites): unless Cfg.AllowPrivateWebhooks, it refuses forbidden addresses
// at connection time, after DNS, so a name that resolves differently later (DNS rebinding)
// is refused too.
func (a *App) outboundDialer(timeout time.Duration) *net.Dialer {
	d := &net.Dialer{Timeout: timeout}
	if !a.Cfg.AllowPrivateWebhooks {
		d.Control = func(_, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil || channel.Forbidden(ap.Addr()) {
				return fmt.Errorf("拒绝连接内网地址 %s", address)
			}
			return nil
		}
	}
	return d
}

// DeliverDue claims the webhook deliveries that are due and sends them, at most
// webhookConcurrency at once, each within webhookTimeout; it returns how many were
// delivered. Several instances may run it at once: each delivery is claimed by one.
func (a *App) DeliverDue(ctx context.Context) (int, error) {
	client := a.webhookClient()
	defer client.CloseIdleConnections()
	total := 0
	for {
		jobs, err := a.store.ClaimDeliveries(ctx, webhookConcurrency, webhookLease)
		if err != nil || len(jobs) == 0 {
			return total, err
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		for _, j := range jobs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				err := a.send(ctx, client, j)
				if ctx.Err() != nil {
					return // shutting down: the lease runs out and the attempt is retried
				}
				var msg string
				if err != nil {
					msg = err.Error()
				}
				if ferr := a.store.FinishDelivery(ctx, j.Delivery, err == nil, msg, a.Now().Add(channel.Backoff(j.Attempts))); ferr != nil {
					a.Log.Warn("webhook outcome not recorded", "delivery", j.ID, "err", ferr)
					return
				}
				if err == nil {
					mu.Lock()
					total++
					mu.Unlock()
				} else {
					a.Log.Info("webhook attempt failed", "delivery", j.ID, "attempt", j.Attempts, "err", msg)
				}
			}()
		}
		wg.Wait()
		if ctx.Err() != nil {
			return total, ctx.Err()
		}
	}
}

// send makes one attempt.
func (a *App) send(ctx context.Context, client *http.Client, j channel.Job) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, j.Endpoint.URL, bytes.NewReader(j.Payload))
	if err != nil {
		return fmt.Errorf("推送地址无效：%v", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "gongkai-webhook/1")
	req.Header.Set("Idempotency-Key", j.Key)
	req.Header.Set("X-Gongkai-Event", string(j.Event))
	req.Header.Set(channel.SignatureHeader, channel.Sign(j.Endpoint.Secret, a.Now(), j.Payload))
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("连接失败：%v", err)
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		return nil
	case resp.StatusCode >= 300 && resp.StatusCode < 400:
		return fmt.Errorf("接收端返回重定向 %d（不跟随重定向）", resp.StatusCode)
	}
	return fmt.Errorf("接收端返回 HTTP %d", resp.StatusCode)
}

// RunDeliveries sends due webhooks at start and then every interval until ctx ends.
func (a *App) RunDeliveries(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if n, err := a.DeliverDue(ctx); err != nil && ctx.Err() == nil {
			a.Log.Warn("deliveries", "err", err)
		} else if n > 0 {
			a.Log.Info("webhooks delivered", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Webhooks lists a unit's webhook endpoints for its administrators, secrets blanked.
func (a *App) Webhooks(ctx context.Context, p *Principal, u org.Org) ([]channel.Endpoint, error) {
	if err := p.Authorize(org.PermManageOrgs, u); err != nil {
		return nil, err
	}
	eps, err := a.store.Endpoints(ctx, u.ID)
	for i := range eps {
		eps[i].Secret = ""
	}
	return eps, err
}

// RecordDeliveries lists a record's deliveries for staff who may see the record.
func (a *App) RecordDeliveries(ctx context.Context, p *Principal, id int64) ([]channel.Delivery, error) {
	if _, _, err := a.StaffRecord(ctx, p, id); err != nil {
		return nil, err
	}
	return a.store.RecordDeliveries(ctx, id)
}

// deliveryFor loads a delivery with its unit for a principal allowed perm there.
func (a *App) deliveryFor(ctx context.Context, p *Principal, id int64, perm org.Permission) (channel.Delivery, org.Org, error) {
	d, err := a.store.Delivery(ctx, id)
	if err != nil {
		return d, org.Org{}, err
	}
	if _, _, err := a.StaffRecord(ctx, p, d.RecordID); err != nil {
		return d, org.Org{}, err
	}
	u, err := a.store.Org(ctx, d.UnitID)
	if err != nil {
		return d, u, err
	}
	return d, u, p.Authorize(perm, u)
}

// RetryDelivery puts a dead-lettered webhook back in the queue (a unit administrator's retry).
func (a *App) RetryDelivery(ctx context.Context, p *Principal, id int64) error {
	_, u, err := a.deliveryFor(ctx, p, id, org.PermManageOrgs)
	if err != nil {
		return err
	}
	return a.store.RetryDelivery(ctx, p.Actor(), id, u.ID)
}

// ConfirmDelivery records that an offline channel carried the record: the day, the place
// and optionally a photo as evidence, checked like an attachment (type sniffed, size bounded)
// and required to be an image. The unit's editors and administrators confirm.
func (a *App) ConfirmDelivery(ctx context.Context, p *Principal, id int64, c channel.Confirmation, photoName string, photo []byte) error {
	d, u, err := a.deliveryFor(ctx, p, id, org.PermEditCatalog)
	if err != nil {
		return err
	}
	if d.Kind != channel.KindConfirm {
		return errs.E(errs.Conflict, "“%s”无需人工确认", channel.Name(d.Channel))
	}
	if err := c.Validate(a.Now()); err != nil {
		return err
	}
	if len(photo) > 0 {
		t, err := attach.Sniff(filepath.Base(photoName), photo, attach.DefaultLimits())
		if err != nil {
			return errs.Fields("确认信息有误", errs.FieldError{Field: "photo", Label: "现场照片", Message: err.Error()})
		}
		if !t.IsImage() {
			return errs.Fields("确认信息有误", errs.FieldError{Field: "photo", Label: "现场照片", Message: "只能上传图片（PNG、JPEG、GIF、WebP）"})
		}
		blobs, err := a.Blobs()
		if err != nil {
			return err
		}
		if _, err := blobs.Put(photo); err != nil {
			return err
		}
		c.Evidence = attach.Hash(photo)
	}
	return a.store.ConfirmDelivery(ctx, p.Actor(), id, u.ID, c)
}

// DeliveryPhoto opens the photo evidence of a confirmation for staff who may see the record.
func (a *App) DeliveryPhoto(ctx context.Context, p *Principal, id int64) (*os.File, error) {
	d, _, err := a.deliveryFor(ctx, p, id, org.PermView)
	if err != nil {
		return nil, err
	}
	if d.Evidence == "" {
		return nil, errs.E(errs.NotFound, "没有现场照片")
	}
	return a.OpenAttachment(d.Evidence)
}

// SetMajor flags a record as a major item (重大事项: every channel, 全媒体) or clears it.
func (a *App) SetMajor(ctx context.Context, p *Principal, id int64, major bool) error {
	_, u, err := a.StaffRecord(ctx, p, id)
	if err != nil {
		return err
	}
	if err := p.Authorize(org.PermEditCatalog, u); err != nil {
		return err
	}
	return a.store.SetMajor(ctx, p.Actor(), id, u.ID, major)
}

// RecordMajor reports whether a record is a major item (staff who may see it).
func (a *App) RecordMajor(ctx context.Context, p *Principal, id int64) (bool, error) {
	if _, _, err := a.StaffRecord(ctx, p, id); err != nil {
		return false, err
	}
	return a.store.RecordMajor(ctx, id)
}

// ChannelWork is what a unit or a supervising office has to follow up on its channels.
type ChannelWork struct {
	Org             org.Org
	Failed          []channel.Delivery    // dead-lettered webhooks
	Unconfirmed     []channel.Delivery    // offline postings not yet confirmed
	IncompleteMajor []channel.MajorStatus // major items some channel still owes
	TakeDown        []channel.Delivery    // confirmed offline postings of withdrawn records
	CanRetry        bool
}

// ChannelWorkOf lists the channel follow-ups of the units in o's subtree.
func (a *App) ChannelWorkOf(ctx context.Context, p *Principal, o org.Org) (ChannelWork, error) {
	w := ChannelWork{Org: o}
	if err := p.Authorize(org.PermView, o); err != nil {
		return w, err
	}
	w.CanRetry = p.Can(org.PermManageOrgs, o)
	var err error
	if w.Failed, err = a.store.Deliveries(ctx, channel.Filter{UnitPath: o.Path, State: channel.StateFailed}); err != nil {
		return w, err
	}
	if w.Unconfirmed, err = a.store.Deliveries(ctx, channel.Filter{UnitPath: o.Path, State: channel.StatePending, Kind: channel.KindConfirm}); err != nil {
		return w, err
	}
	if w.TakeDown, err = a.store.Deliveries(ctx, channel.Filter{UnitPath: o.Path, State: channel.StateConfirmed, Kind: channel.KindConfirm, Withdrawn: true}); err != nil {
		return w, err
	}
	w.IncompleteMajor, err = a.store.IncompleteMajor(ctx, o.Path)
	return w, err
}

// MajorCounts is the fact the inspection indicators read: per unit in o's subtree, its
// published major items and how many of them some channel still owes.
func (a *App) MajorCounts(ctx context.Context, p *Principal, o org.Org) ([]channel.MajorCount, error) {
	if err := p.Authorize(org.PermView, o); err != nil {
		return nil, err
	}
	return a.store.MajorCounts(ctx, o.Path)
}

// DeliveryOf reads one delivery for staff who may see its record.
func (a *App) DeliveryOf(ctx context.Context, p *Principal, id int64) (channel.Delivery, error) {
	d, _, err := a.deliveryFor(ctx, p, id, org.PermView)
	return d, err
}
