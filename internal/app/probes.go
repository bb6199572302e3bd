package app

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"gongkai/internal/errs"
	"gongkai/internal/inspection"
	"gongkai/internal/org"
)

// probeConcurrency bounds the sites probed at once.
const probeConcurrency = 8

// mayManageProbes tells whether p registers the external sites of unit u: its administrator
// or a supervising office.
func mayManageProbes(p *Principal, u org.Org) error {
	return p.Authorize(org.PermManageProbes, u)
}

// ProbeSite is a registered site with its results over the last week, for the staff page.
type ProbeSite struct {
	Target inspection.ProbeTarget
	Week   inspection.ProbeStat
	Latest []inspection.ProbeResult
}

// ProbeSites lists the external sites of unit u with their week's statistics.
func (a *App) ProbeSites(ctx context.Context, p *Principal, u org.Org) ([]ProbeSite, error) {
	if err := mayManageProbes(p, u); err != nil {
		return nil, err
	}
	ts, err := a.store.ProbeTargets(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	now := a.Now()
	stats, err := a.store.ProbeStats(ctx, u.ID, now.AddDate(0, 0, -7), now.Add(time.Second))
	if err != nil {
		return nil, err
	}
	out := make([]ProbeSite, 0, len(ts))
	for _, t := range ts {
		ps := ProbeSite{Target: t, Week: inspection.ProbeStat{TargetID: t.ID, URL: t.URL}}
		for _, s := range stats {
			if s.TargetID == t.ID {
				ps.Week = s
			}
		}
		if ps.Latest, err = a.store.ProbeResults(ctx, t.ID, 24); err != nil {
			return nil, err
		}
		out = append(out, ps)
	}
	return out, nil
}

// AddProbeSite registers an external site of the unit with code unitCode. Unless
// Cfg.AllowPrivateWebhooks (the switch that governs every outbound request of the
// platform), the address must resolve only to public addresses.
func (a *App) AddProbeSite(ctx context.Context, p *Principal, unitCode, rawURL, label string) (int64, error) {
	u, err := a.store.OrgByCode(ctx, strings.TrimSpace(unitCode))
	if err != nil || u.Kind != org.KindUnit {
		return 0, errs.Fields("监测网站登记有误", errs.FieldError{Field: "unit", Label: "单位", Message: fmt.Sprintf("“%s”不是试点单位", unitCode)})
	}
	if err := mayManageProbes(p, u); err != nil {
		return 0, err
	}
	t := inspection.ProbeTarget{UnitID: u.ID, URL: strings.TrimSpace(rawURL), Label: strings.TrimSpace(label)}
	if err := t.Validate(); err != nil {
		return 0, err
	}
	if !a.Cfg.AllowPrivateWebhooks {
		if msg := checkHost(ctx, t.URL); msg != "" {
			return 0, errs.Fields("监测网站登记有误", errs.FieldError{Field: "url", Label: "网站地址", Message: msg})
		}
	}
	return a.store.CreateProbeTarget(ctx, p.Actor(), t)
}

// RemoveProbeSite stops probing a site of unit u; its results stay and still count.
func (a *App) RemoveProbeSite(ctx context.Context, p *Principal, u org.Org, id int64) error {
	if err := mayManageProbes(p, u); err != nil {
		return err
	}
	return a.store.RemoveProbeTarget(ctx, p.Actor(), u.ID, id)
}

// probeClient requests probed sites: ProbeTimeout for the whole request, redirects followed
// (at most 5) through the same guarded dialer, no proxy.
func (a *App) probeClient() *http.Client {
	d := a.outboundDialer(inspection.ProbeTimeout)
	return &http.Client{
		Timeout:   inspection.ProbeTimeout,
		Transport: &http.Transport{DialContext: d.DialContext, Proxy: nil, DisableKeepAlives: true, TLSHandshakeTimeout: inspection.ProbeTimeout},
		CheckRedirect: func(_ *http.Request, via []*http.Request) error {
			if len(via) >= 5 {
				return fmt.Errorf("重定向次数过多")
			}
			return nil
		},
	}
}

// ProbeDue runs the probe round of the current slot (inspection.ProbeSlot) if no instance
// has run it yet: the slot is claimed in the database, so with several instances on one
// PostgreSQL each round runs once. It returns how many sites were probed (0 when the slot
// was already claimed).
func (a *App) ProbeDue(ctx context.Context) (int, error) {
	now := a.Now()
	ok, err := a.store.ClaimProbeSlot(ctx, now.Unix()/int64(inspection.ProbeSlot/time.Second))
	if err != nil || !ok {
		return 0, err
	}
	ts, err := a.store.ProbeTargets(ctx, 0)
	if err != nil || len(ts) == 0 {
		return 0, err
	}
	client := a.probeClient()
	defer client.CloseIdleConnections()
	sem := make(chan struct{}, probeConcurrency)
	var wg sync.WaitGroup
	for _, t := range ts {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			r := a.probe(ctx, client, t)
			r.At = now
			if ctx.Err() != nil {
				return // shutting down: no result rather than a false failure
			}
			if err := a.store.AddProbeResult(ctx, r); err != nil {
				a.Log.Warn("probe result not recorded", "target", t.ID, "err", err)
			}
		}()
	}
	wg.Wait()
	return len(ts), ctx.Err()
}

// probe requests one site once: reachable when it answers below HTTP 400 within the timeout.
func (a *App) probe(ctx context.Context, client *http.Client, t inspection.ProbeTarget) inspection.ProbeResult {
	r := inspection.ProbeResult{TargetID: t.ID}
	start := time.Now()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, t.URL, nil)
	if err != nil {
		r.Error = "地址无效"
		return r
	}
	req.Header.Set("User-Agent", "gongkai-probe/1")
	resp, err := client.Do(req)
	r.Millis = int(time.Since(start) / time.Millisecond)
	if err != nil {
		r.Error = "无法连接或超时"
		if strings.Contains(err.Error(), "拒绝连接内网地址") {
			r.Error = "拒绝连接内网地址"
		}
		return r
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 256<<10))
	r.Status = resp.StatusCode
	r.OK = resp.StatusCode < 400
	if !r.OK {
		r.Error = fmt.Sprintf("HTTP %d", resp.StatusCode)
	}
	return r
}

// RunProbes runs the probe round of each slot, checking every interval until ctx ends; a
// round never runs on the request path.
func (a *App) RunProbes(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if n, err := a.ProbeDue(ctx); err != nil && ctx.Err() == nil {
			a.Log.Warn("probes", "err", err)
		} else if n > 0 {
			a.Log.Info("sites probed", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
