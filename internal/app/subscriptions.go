package app

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	mail "github.com/wneessen/go-mail"

	"gongkai/internal/audit"
	"gongkai/internal/channel"
	"gongkai/internal/errs"
	"gongkai/internal/org"
	"gongkai/internal/record"
	"gongkai/internal/store"
	"gongkai/internal/subscribe"
)

// mailer sends through the SMTP server of Cfg.SMTPURL.
type mailer struct {
	host, user, password, from string
	port                       int
}

// ParseSMTPURL reads smtp://[user:password@]host:port[?from=address].
func parseSMTPURL(raw string) (mailer, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "smtp" || u.Hostname() == "" {
		return mailer{}, fmt.Errorf("--smtp-url %q: 须为 smtp://[用户名:密码@]主机:端口", raw)
	}
	m := mailer{host: u.Hostname(), port: 25, from: "gongkai@localhost"}
	if p := u.Port(); p != "" {
		if m.port, err = strconv.Atoi(p); err != nil {
			return mailer{}, fmt.Errorf("--smtp-url %q: 端口无效", raw)
		}
	}
	if u.User != nil {
		m.user = u.User.Username()
		m.password, _ = u.User.Password()
	}
	if f := u.Query().Get("from"); f != "" {
		m.from = f
	}
	return m, nil
}

// CheckSMTPURL checks --smtp-url ("" is valid: email off).
func CheckSMTPURL(raw string) error {
	if raw == "" {
		return nil
	}
	_, err := parseSMTPURL(raw)
	return err
}

// EmailOn reports whether email is configured.
func (a *App) EmailOn() bool { return a.Cfg.SMTPURL != "" }

// send mails one plain-text message; headers are added as given.
func (a *App) sendMail(ctx context.Context, to, subject, body string, headers map[mail.Header]string) error {
	m, err := parseSMTPURL(a.Cfg.SMTPURL)
	if err != nil {
		return err
	}
	msg := mail.NewMsg()
	if err := msg.From(m.from); err != nil {
		return err
	}
	if err := msg.To(to); err != nil {
		return err
	}
	msg.Subject(subject)
	msg.SetDateWithValue(a.Now())
	msg.SetMessageID()
	for h, v := range headers {
		msg.SetGenHeader(h, v)
	}
	msg.SetBodyString(mail.TypeTextPlain, body)
	opts := []mail.Option{mail.WithPort(m.port), mail.WithTimeout(10 * time.Second), mail.WithTLSPortPolicy(mail.TLSOpportunistic)}
	if ip := net.ParseIP(m.host); ip != nil && ip.IsLoopback() || m.host == "localhost" {
		opts = append(opts, mail.WithTLSPortPolicy(mail.NoTLS))
	}
	if m.user != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthPlain), mail.WithUsername(m.user), mail.WithPassword(m.password))
	}
	c, err := mail.NewClient(m.host, opts...)
	if err != nil {
		return err
	}
	sctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	return c.DialAndSendWithContext(sctx, msg)
}

// Subscribe stores a pending subscription and mails the confirmation link; nothing else is
// mailed until the link is opened (double opt-in).
func (a *App) Subscribe(ctx context.Context, ip string, sub subscribe.Subscription) error {
	if !a.EmailOn() {
		return errs.E(errs.Conflict, "本站未开通邮件订阅")
	}
	sub.Normalize()
	if err := sub.Validate(); err != nil {
		return err
	}
	if sub.Unit != "" {
		u, err := a.store.OrgByCode(ctx, sub.Unit)
		if err != nil || u.Kind != org.KindUnit {
			return errs.Fields("订阅信息有误", errs.FieldError{Field: "unit", Label: "单位", Message: fmt.Sprintf("没有代码为“%s”的试点单位", sub.Unit)})
		}
	}
	token, hash := subscribe.NewToken()
	if _, err := a.store.CreateSubscription(ctx, audit.Actor{IP: ip}, sub, hash); err != nil {
		return err
	}
	link := a.Cfg.PublicBase() + "/subscriptions/confirm/" + token
	body := fmt.Sprintf("您好：\n\n有人（可能是您）在%s订阅了%s。\n请打开以下链接确认订阅；不确认则不会再收到任何邮件：\n\n%s\n\n如非本人操作，请忽略本邮件。\n", a.Cfg.SiteName, describeSubscription(sub), link)
	if err := a.sendMail(ctx, sub.Email, "请确认您的政务公开信息订阅", body, nil); err != nil {
		a.Log.Warn("confirmation email", "err", err)
		return errs.E(errs.Conflict, "确认邮件暂时无法发送，请稍后重试")
	}
	return nil
}

func describeSubscription(s subscribe.Subscription) string {
	var parts []string
	if s.Unit != "" {
		parts = append(parts, "单位 "+s.Unit)
	}
	if s.Domain != "" {
		parts = append(parts, "领域 "+s.Domain)
	}
	if s.Query != "" {
		parts = append(parts, "关键词“"+s.Query+"”")
	}
	return strings.Join(parts, "、") + "的公开信息（" + s.Frequency.Label() + "）"
}

// ConfirmSubscription opens a confirmation link; a link is good once.
func (a *App) ConfirmSubscription(ctx context.Context, ip, token string) (subscribe.Subscription, error) {
	return a.store.ConfirmSubscription(ctx, audit.Actor{IP: ip}, subscribe.HashToken(token))
}

// Unsubscribe ends the subscription an email's unsubscribe link belongs to.
func (a *App) Unsubscribe(ctx context.Context, ip, token string) error {
	sub, err := a.store.SubscriptionByUnsubscribeToken(ctx, subscribe.HashToken(token))
	if err != nil {
		return err
	}
	return a.store.Unsubscribe(ctx, audit.Actor{IP: ip}, sub.ID)
}

// UnsubscribeTokenValid reports whether an unsubscribe link is known (for its page).
func (a *App) UnsubscribeTokenValid(ctx context.Context, token string) bool {
	_, err := a.store.SubscriptionByUnsubscribeToken(ctx, subscribe.HashToken(token))
	return err == nil
}

// mails adds to ch the emails a first publication owes immediate subscribers. Amendments and
// withdrawals mail nobody; a digest lists only what is still published when it is sent.
func (a *App) mails(ctx context.Context, out record.Outcome, unitCode string, ch *store.RecordChange) error {
	if ev, ok := eventOf(out); !ok || ev != channel.EventPublished || !a.EmailOn() {
		return nil
	}
	subs, err := a.store.ConfirmedSubscriptions(ctx, subscribe.Immediate)
	if err != nil {
		return err
	}
	r := out.Record
	it := subscribe.Item{ID: r.ID, Unit: unitCode, Domain: r.Domain, Title: r.Title, Summary: r.Summary}
	for _, s := range subs {
		if s.Matches(it) {
			ch.Mails = append(ch.Mails, subscribe.Mail{SubscriptionID: s.ID, Kind: subscribe.MailRecord, RecordIDs: []int64{r.ID},
				Key: fmt.Sprintf("mail-%d-record-%d", s.ID, r.ID)})
		}
	}
	return nil
}

// QueueDigests queues, once a day per daily subscriber, a digest of what was published
// since the last one and is still published; several instances queue each digest once.
func (a *App) QueueDigests(ctx context.Context) (int, error) {
	if !a.EmailOn() {
		return 0, nil
	}
	subs, err := a.store.ConfirmedSubscriptions(ctx, subscribe.Daily)
	if err != nil {
		return 0, err
	}
	now, n := a.Now(), 0
	var recent []record.PublishedRef
	for _, s := range subs {
		if now.Sub(s.LastDigestAt) < 24*time.Hour {
			continue
		}
		if recent == nil {
			if recent, err = a.store.PublishedSince(ctx, now.Add(-8*24*time.Hour)); err != nil {
				return n, err
			}
		}
		var ids []int64
		for _, r := range recent {
			if r.PublishedAt.After(s.LastDigestAt) && !r.PublishedAt.After(now) && s.Matches(subscribe.Item{Unit: r.UnitCode, Domain: r.Domain, Title: r.Title}) {
				ids = append(ids, r.ID)
			}
		}
		m := subscribe.Mail{SubscriptionID: s.ID, Kind: subscribe.MailDigest, RecordIDs: ids,
			Key: fmt.Sprintf("mail-%d-digest-%s", s.ID, now.In(Shanghai).Format("2006-01-02"))}
		ok, err := a.store.ClaimDigest(ctx, s.ID, s.LastDigestAt, m)
		if err != nil {
			return n, err
		}
		if ok && len(ids) > 0 {
			n++
		}
	}
	return n, nil
}

// SendMails sends the due emails; each is claimed by one instance, retried with the webhooks'
// backoff and given up after channel.MaxAttempts. It returns how many were sent.
func (a *App) SendMails(ctx context.Context) (int, error) {
	if !a.EmailOn() {
		return 0, nil
	}
	sent := 0
	for {
		ms, err := a.store.ClaimMails(ctx, 4, webhookLease)
		if err != nil || len(ms) == 0 {
			return sent, err
		}
		for _, m := range ms {
			state, err := a.sendOne(ctx, m)
			msg := ""
			if err != nil {
				state, msg = "failed", err.Error()
			}
			if ctx.Err() != nil {
				return sent, ctx.Err()
			}
			if ferr := a.store.FinishMail(ctx, m, state, msg, a.Now().Add(channel.Backoff(m.Attempts))); ferr != nil {
				return sent, ferr
			}
			if state == "sent" {
				sent++
			}
		}
	}
}

// sendOne composes and sends one email, or says why there is nothing to send: the
// subscription is no longer confirmed, or none of its records is still published.
func (a *App) sendOne(ctx context.Context, m subscribe.Mail) (string, error) {
	if m.Subscription.State != subscribe.StateConfirmed {
		return "skipped", nil // never mail an unconfirmed or ended subscription
	}
	var lines []string
	var first string
	for _, id := range m.RecordIDs {
		r, row, err := a.PublicRecord(ctx, id)
		if err != nil || row.State != record.StatePublished {
			continue // withdrawn since: left out
		}
		u, err := a.store.Org(ctx, row.UnitID)
		if err != nil {
			return "", err
		}
		if first == "" {
			first = r.Title
		}
		lines = append(lines, fmt.Sprintf("· %s\n  %s，%s\n  %s/%s/records/%d", r.Title, u.Name, r.PublishedAt.In(Shanghai).Format("2006-01-02"), a.Cfg.PublicBase(), u.Code, r.ID))
	}
	if len(lines) == 0 {
		return "skipped", nil
	}
	token, hash := subscribe.NewToken()
	if err := a.store.AddUnsubscribeToken(ctx, m.SubscriptionID, hash); err != nil {
		return "", err
	}
	unsub := a.Cfg.PublicBase() + "/subscriptions/unsubscribe/" + token
	subject := "【政务公开】" + first
	if m.Kind == subscribe.MailDigest {
		subject = fmt.Sprintf("【政务公开】今日新发布信息%d条", len(lines))
	}
	body := fmt.Sprintf("您订阅的%s有新发布的信息：\n\n%s\n\n退订：%s\n", describeSubscription(m.Subscription), strings.Join(lines, "\n\n"), unsub)
	headers := map[mail.Header]string{
		mail.HeaderListUnsubscribe:     "<" + unsub + ">",
		mail.HeaderListUnsubscribePost: "List-Unsubscribe=One-Click",
		"X-Gongkai-Key":                m.Key,
	}
	if err := a.sendMail(ctx, m.Subscription.Email, subject, body, headers); err != nil {
		return "", err
	}
	return "sent", nil
}

// RunMail queues digests and sends emails every interval until ctx ends.
func (a *App) RunMail(ctx context.Context, interval time.Duration) {
	if !a.EmailOn() {
		return
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if _, err := a.QueueDigests(ctx); err != nil && ctx.Err() == nil {
			a.Log.Warn("digests", "err", err)
		}
		if _, err := a.SendMails(ctx); err != nil && !errors.Is(err, context.Canceled) {
			a.Log.Warn("emails", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
