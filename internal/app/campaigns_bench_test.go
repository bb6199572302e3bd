package app_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"testing"
	"time"

	"gongkai/internal/app"
	"gongkai/internal/audit"
	"gongkai/internal/calendar"
	"gongkai/internal/campaign"
	"gongkai/internal/config"
	"gongkai/internal/org"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// BenchmarkCampaignScale: a province of 12 cities and 120 units (GONGKAI_BENCH_UNITS
// changes the number of units), two years of semimonthly unit reports and monthly city
// reports (≈ 6,000 obligations): generating, regenerating, the province dashboard and the
// late list, on SQLite and PostgreSQL.
//
//	go test -run XXX -bench CampaignScale -benchtime=3x ./internal/app/
func BenchmarkCampaignScale(b *testing.B) {
	units := 120
	if n, err := strconv.Atoi(os.Getenv("GONGKAI_BENCH_UNITS")); err == nil && n > 0 {
		units = n
	}
	b.Run("sqlite", func(b *testing.B) { benchCampaign(b, storetest.OpenSQLite(b), units) })
	b.Run("postgres", func(b *testing.B) { benchCampaign(b, storetest.OpenPostgres(b), units) })
}

func benchCampaign(b *testing.B, s *store.Store, units int) {
	ctx := context.Background()
	a := testAppB(b, s)
	sys := audit.System("bench")
	prov, err := s.CreateOrg(ctx, sys, org.Org{Code: "610000", Name: "省政府政务公开办公室", Kind: org.KindProvince})
	if err != nil {
		b.Fatal(err)
	}
	var parts []campaign.Participant
	for c := range 12 {
		city, err := s.CreateOrg(ctx, sys, org.Org{ParentID: prov.ID, Code: fmt.Sprintf("61%02d00", c+1), Name: fmt.Sprintf("第%d市", c+1), Kind: org.KindCity})
		if err != nil {
			b.Fatal(err)
		}
		for u := range units / 12 {
			code := fmt.Sprintf("61%02d%02d", c+1, u+1)
			if _, err := s.CreateOrg(ctx, sys, org.Org{ParentID: city.ID, Code: code, Name: "单位" + code, Kind: org.KindUnit, UnitType: "县"}); err != nil {
				b.Fatal(err)
			}
			parts = append(parts, campaign.Participant{Unit: code, Domains: []string{"shjz", "snbt"}})
		}
	}
	p, err := s.CreatePerson(ctx, sys, org.Person{Login: "super", Name: "监督", PasswordHash: "x", Grants: []org.Grant{{OrgID: prov.ID, Role: org.RoleSupervisor}}})
	if err != nil {
		b.Fatal(err)
	}
	p, _ = s.PersonByLogin(ctx, p.Login)
	super := &app.Principal{Person: p}
	d := calendar.MustParseDate
	a.Clock = func() time.Time { return d("2026-01-10").Time().Add(10 * time.Hour) }
	c := campaign.Campaign{Name: "规模测试", IssuedOn: d("2025-01-02"), Units: parts,
		Phases: []campaign.Phase{{Name: "一", Deliverables: []campaign.Deliverable{
			{Kind: campaign.KindWorkPlan, Title: "方案", Owner: campaign.OwnerUnit, Recipients: []campaign.Recipient{campaign.ToProvince, campaign.ToCity}, Due: campaign.Due{Date: d("2025-02-28")}},
			{Kind: campaign.KindSummary, Title: "总结", Owner: campaign.OwnerUnit, Recipients: []campaign.Recipient{campaign.ToProvince, campaign.ToCity}, Due: campaign.Due{Date: d("2026-12-31")}}}}},
		Cadences: campaign.Cadences{Unit: campaign.Semimonthly, City: campaign.Monthly}}
	start := time.Now()
	id, err := a.SaveCampaign(ctx, super, c)
	if err != nil {
		b.Fatal(err)
	}
	gen := time.Since(start)
	_, rows, _ := a.CampaignObligations(ctx, super, id, app.ObligationFilter{})
	b.Logf("%s: %d units, %d obligations generated in %v", s.Kind(), len(parts), len(rows), gen)
	c.ID = id
	c.Phases[0].Deliverables[1].Due = campaign.Due{Date: d("2026-12-30")}
	b.Run("regenerate", func(b *testing.B) {
		for b.Loop() {
			if _, err := a.SaveCampaign(ctx, super, c); err != nil {
				b.Fatal(err)
			}
		}
	})
	root, _ := a.OrgByCode(ctx, "610000")
	b.Run("dashboard", func(b *testing.B) {
		for b.Loop() {
			if _, err := a.CampaignDashboard(ctx, super, root, id, app.ObligationFilter{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("late-list", func(b *testing.B) {
		for b.Loop() {
			if _, err := a.CampaignDashboard(ctx, super, root, id, app.ObligationFilter{State: campaign.StateMissing}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func testAppB(b *testing.B, s *store.Store) *app.App {
	b.Helper()
	cfg := config.Default()
	cfg.DataDir = b.TempDir()
	return app.New(s, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
}
