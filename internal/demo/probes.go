package demo

import (
	"context"
	"fmt"
	"time"

	"gongkai/internal/app"
	"gongkai/internal/audit"
	"gongkai/internal/inspection"
	"gongkai/internal/org"
)

// fillProbes registers the external site of one demo unit and records a week of hourly
// probe results through the store (no request leaves the machine at demo start): two
// failures out of 168 probes, below the 5 % of the site-unreachable indicator.
func fillProbes(ctx context.Context, a *app.App, ids map[string]org.Org) error {
	s := a.SeedStore()
	u := ids["610112"]
	id, err := s.CreateProbeTarget(ctx, audit.Actor{Login: "demo"}, inspection.ProbeTarget{UnitID: u.ID, URL: "https://www.xiwy.gov.cn/", Label: "未央区人民政府门户网站（示例数据）"})
	if err != nil {
		return fmt.Errorf("demo probes: %w", err)
	}
	now := a.Now().Truncate(inspection.ProbeSlot)
	for i := 167; i >= 0; i-- {
		r := inspection.ProbeResult{TargetID: id, At: now.Add(-time.Duration(i) * inspection.ProbeSlot), OK: true, Status: 200, Millis: 180 + (i*37)%400}
		switch i {
		case 50:
			r.OK, r.Status, r.Millis, r.Error = false, 0, 15000, "无法连接或超时"
		case 121:
			r.OK, r.Status, r.Millis, r.Error = false, 502, 2300, "HTTP 502"
		}
		if err := s.AddProbeResult(ctx, r); err != nil {
			return fmt.Errorf("demo probes: %w", err)
		}
	}
	return nil
}
