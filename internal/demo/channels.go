package demo

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"

	"gongkai/internal/app"
	"gongkai/internal/audit"
	"gongkai/internal/catalog"
	"gongkai/internal/channel"
	"gongkai/internal/org"
	"gongkai/internal/record"
	"gongkai/internal/store"
)

// demoWebhook is the demo's 两微一端 receiver: a loopback address, so that the worker never
// reaches the network for the demo. Without --allow-private-webhooks every attempt is refused
// by the dial guard; with it, nothing listens on port 9 and the attempt fails at once.
const demoWebhook = "http://127.0.0.1:9/wechat-hook-sample"

// fillChannels shows deliveries in every state on 灞桥区's records (未央区's are left to the
// tests, which count them): its 两微一端 receiver is registered, two more records are
// published through the procedure, so their webhooks are enqueued by the publication, and
// the worker's possible outcomes are then recorded on them: delivered (the record published
// before the receiver existed), dead-lettered (送达失败, on a major item, listed as incomplete)
// and waiting for a retry; an offline posting is confirmed, others wait for confirmation, and
// channels that need nothing are shown as such.
func fillChannels(ctx context.Context, a *app.App, ids map[string]org.Org) error {
	s, by := a.SeedStore(), audit.System("demo")
	u := ids["610111"]
	old, err := s.Records(ctx, store.RecordQuery{UnitID: u.ID, Published: true, Limit: 500})
	if err != nil {
		return err
	}
	ep, err := s.CreateEndpoint(ctx, by, channel.Endpoint{UnitID: u.ID, Channel: "weibo_wechat_app", URL: demoWebhook, Secret: "whsec_sample_secret_for_the_demo_only"})
	if err != nil {
		return fmt.Errorf("demo webhook: %w", err)
	}
	fresh, err := publishChannelSamples(ctx, a, u)
	if err != nil {
		return err
	}
	now := a.Now()
	outcomes := []struct {
		state    channel.State
		attempts int
		err      string
		next     time.Time
	}{
		{channel.StateDelivered, 1, "", time.Time{}},
		{channel.StateFailed, channel.MaxAttempts, "连接失败：拒绝连接内网地址 127.0.0.1:9（示例）", time.Time{}},
		{channel.StatePending, 2, "接收端返回 HTTP 503（示例）", now.Add(24 * time.Hour)},
	}
	var recs []record.Record
	for _, id := range append(itemIDs(old), fresh...) {
		r, err := a.CurrentRevision(ctx, id)
		if err != nil {
			return err
		}
		if slices.Contains(r.Channels, "weibo_wechat_app") {
			recs = append(recs, r)
		}
	}
	for i, r := range recs {
		if i >= len(outcomes) {
			break
		}
		o := outcomes[i]
		key := channel.Key(r.ID, r.Revision, channel.EventPublished, "weibo_wechat_app", ep.ID)
		body, _ := json.Marshal(channel.Payload{Event: channel.EventPublished, ID: r.ID, Unit: u.Code, Domain: r.Domain, Title: r.Title,
			URL: a.Cfg.PublicBase() + "/" + u.Code + "/records/" + strconv.FormatInt(r.ID, 10), PublishedAt: r.PublishedAt.UTC().Format(time.RFC3339), IdempotencyKey: key})
		d := channel.Delivery{RecordID: r.ID, UnitID: u.ID, Revision: r.Revision, Event: channel.EventPublished, Channel: "weibo_wechat_app",
			Kind: channel.KindWebhook, EndpointID: ep.ID, State: o.state, Attempts: o.attempts, LastError: o.err, NextAt: o.next, Key: key, Payload: body}
		if o.state == channel.StateDelivered {
			d.DoneAt = now
		}
		if err := s.SeedDelivery(ctx, d); err != nil {
			return fmt.Errorf("demo delivery: %w", err)
		}
		if o.state == channel.StateFailed {
			if err := s.SetMajor(ctx, by, r.ID, u.ID, true); err != nil {
				return err
			}
		}
	}
	// The first offline channel owed is confirmed, with its place (no photo in the demo).
	for _, r := range recs {
		ds, err := s.RecordDeliveries(ctx, r.ID)
		if err != nil {
			return err
		}
		for _, d := range ds {
			if d.Kind == channel.KindConfirm && d.State == channel.StatePending {
				return s.ConfirmDelivery(ctx, by, d.ID, u.ID, channel.Confirmation{PostedOn: now, Place: "灞桥区纺织城街道公示栏（示例）"})
			}
		}
	}
	return nil
}

func itemIDs(items []record.Item) []int64 {
	var out []int64
	for _, it := range items {
		out = append(out, it.ID)
	}
	return out
}

// publishChannelSamples publishes two more 灞桥区 records under the 最低生活保障 entry through
// the procedure.
func publishChannelSamples(ctx context.Context, a *app.App, u org.Org) ([]int64, error) {
	who := func(login string) *app.Principal {
		p, _ := a.SeedStore().PersonByLogin(ctx, login)
		return &app.Principal{Person: p, IP: "127.0.0.1"}
	}
	_, es, err := a.EffectiveCatalog(ctx, u, "shjz")
	if err != nil {
		return nil, err
	}
	var entry catalog.Entry
	for _, e := range es {
		if slices.Contains(e.Channels, "weibo_wechat_app") && slices.Contains(e.Channels, "bulletin_board") {
			entry = e
			break
		}
	}
	if entry.ID == 0 {
		return nil, nil
	}
	day := func(d int) string { return a.Now().AddDate(0, 0, d).In(app.Shanghai).Format("2006-01-02") }
	var ids []int64
	for _, t := range []string{"灞桥区关于调整城乡最低生活保障标准的通知（示例数据）", "灞桥区2026年第四季度城乡低保资金发放情况（示例数据）"} {
		r, err := a.CreateRecord(ctx, who("editor@"+u.Code), u, "shjz", entry.ID, app.RecordInput{Kind: record.KindOther, Title: t,
			Summary: "示例数据：用于展示各公开渠道的送达情况。", BodyHTML: "<p>（示例数据）" + t + "。</p>", Subject: "17.3", Issuer: "西安市灞桥区民政局",
			WrittenOn: day(-3), Openness: record.OpenProactive, FormedOn: day(-3)})
		if err != nil {
			return nil, fmt.Errorf("demo channel record: %w", err)
		}
		for _, st := range []struct {
			login string
			a     record.Action
		}{{"editor@", record.Action{Kind: record.ActionSubmit}}, {"reviewer@", record.Action{Kind: record.ActionReviewPass, Opinion: "经审查，不涉及国家秘密、工作秘密和个人隐私（示例）"}},
			{"approver@", record.Action{Kind: record.ActionApprove, Opinion: "同意发布（示例）"}}} {
			if _, err := a.Act(ctx, who(st.login+u.Code), r.ID, st.a); err != nil {
				return nil, fmt.Errorf("demo channel record %s: %w", st.a.Kind, err)
			}
		}
		ids = append(ids, r.ID)
	}
	return ids, nil
}
