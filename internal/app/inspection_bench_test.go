package app_test

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"gongkai/internal/app"
	"gongkai/internal/audit"
	"gongkai/internal/calendar"
	"gongkai/internal/catalog"
	"gongkai/internal/inspection"
	"gongkai/internal/org"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// BenchmarkInspectionScale: a round over 120 units (GONGKAI_BENCH_UNITS) in 12 cities, each
// with filed catalogs of 社会救助 and 涉农补贴 and published records spread over two years
// (GONGKAI_BENCH_RECORDS in all, default 24,000; the target is 1,000,000), a share
// of them late: computing and freezing the automatic indicators, then reading one unit's
// score page, on SQLite and PostgreSQL. It logs the heap in use after the computation.
//
//	go test -run XXX -bench InspectionScale -benchtime=1x -v ./internal/app/
func BenchmarkInspectionScale(b *testing.B) {
	units, records := 120, 24000
	if n, err := strconv.Atoi(os.Getenv("GONGKAI_BENCH_UNITS")); err == nil && n > 0 {
		units = n
	}
	if n, err := strconv.Atoi(os.Getenv("GONGKAI_BENCH_RECORDS")); err == nil && n > 0 {
		records = n
	}
	b.Run("sqlite", func(b *testing.B) { benchInspection(b, storetest.OpenSQLite(b), units, records) })
	b.Run("postgres", func(b *testing.B) { benchInspection(b, storetest.OpenPostgres(b), units, records) })
}

func benchInspection(b *testing.B, s *store.Store, units, records int) {
	ctx := context.Background()
	a := testAppB(b, s)
	sys := audit.System("bench")
	d := calendar.MustParseDate
	now := d("2026-06-30").Time().Add(10 * time.Hour)
	a.Clock = func() time.Time { return now }
	prov, err := s.CreateOrg(ctx, sys, org.Org{Code: "610000", Name: "省政府政务公开办公室", Kind: org.KindProvince})
	if err != nil {
		b.Fatal(err)
	}
	var tmplEntries = map[string][]catalog.Entry{}
	for _, dom := range []string{"shjz", "snbt"} {
		tv, err := s.NewDraft(ctx, sys, prov.ID, dom, true, catalog.SampleEntries(dom), "模板", "new", 0)
		if err != nil {
			b.Fatal(err)
		}
		if err := s.FileVersion(ctx, sys, tv.ID, nil, ""); err != nil {
			b.Fatal(err)
		}
		if tmplEntries[dom], err = s.Entries(ctx, tv.ID); err != nil {
			b.Fatal(err)
		}
	}
	type col struct {
		unit    int64
		dom     string
		entries []catalog.Entry
	}
	var cols []col
	var codes []string
	for c := range 12 {
		city, err := s.CreateOrg(ctx, sys, org.Org{ParentID: prov.ID, Code: fmt.Sprintf("61%02d00", c+1), Name: fmt.Sprintf("第%d市", c+1), Kind: org.KindCity})
		if err != nil {
			b.Fatal(err)
		}
		for u := range units / 12 {
			code := fmt.Sprintf("61%02d%02d", c+1, u+1)
			o, err := s.CreateOrg(ctx, sys, org.Org{ParentID: city.ID, Code: code, Name: "单位" + code, Kind: org.KindUnit, UnitType: "县", Domains: []string{"shjz", "snbt"}})
			if err != nil {
				b.Fatal(err)
			}
			codes = append(codes, code)
			for _, dom := range []string{"shjz", "snbt"} {
				v, err := s.NewDraft(ctx, sys, o.ID, dom, false, tmplEntries[dom], "目录", "template", 0)
				if err != nil {
					b.Fatal(err)
				}
				if err := s.FileVersion(ctx, sys, v.ID, []int64{prov.ID}, ""); err != nil {
					b.Fatal(err)
				}
				if err := s.DecideFiling(ctx, sys, v.ID, prov.ID, catalog.FilingAccepted, "同意"); err != nil {
					b.Fatal(err)
				}
				es, err := s.Entries(ctx, v.ID)
				if err != nil {
					b.Fatal(err)
				}
				cols = append(cols, col{unit: o.ID, dom: dom, entries: es})
			}
		}
	}
	// Records straight into the tables (the procedure is not what is measured): published
	// over two years up to the cut-off, every tenth one late.
	db := s.RawForTest()
	bind := func(q string) string {
		if s.Kind() != "postgres" {
			return q
		}
		n := 0
		var out strings.Builder
		for _, r := range q {
			if r == '?' {
				n++
				fmt.Fprintf(&out, "$%d", n)
				continue
			}
			out.WriteRune(r)
		}
		return out.String()
	}
	insRec := bind(`INSERT INTO records (unit_id, domain_code, entry_id, entry_key, kind, state, title, public_revision, published_at, created_at, updated_at)
		VALUES (?, ?, ?, ?, 'other', 'published', ?, 1, ?, ?, ?) RETURNING id`)
	insLate := bind(`INSERT INTO record_timeliness (record_id, due_day, published_on, on_time, basis, provisional, recorded_at) VALUES (?, ?, ?, ?, '', ?, ?)`)
	start := time.Now()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	for i := range records {
		c := cols[i%len(cols)]
		e := c.entries[(i/len(cols))%len(c.entries)]
		at := now.Add(-time.Duration(i%730) * 24 * time.Hour).Add(-time.Hour).UTC()
		var id int64
		if err := tx.QueryRowContext(ctx, insRec, c.unit, c.dom, e.ID, e.Key, fmt.Sprintf("信息%d", i), at, at, at).Scan(&id); err != nil {
			b.Fatal(err)
		}
		if i%10 == 0 {
			pub := calendar.DateOf(at)
			if _, err := tx.ExecContext(ctx, insLate, id, pub.AddDays(-3).String(), pub.String(), false, false, at); err != nil {
				b.Fatal(err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: %d units, %d records loaded in %v", s.Kind(), len(codes), records, time.Since(start).Round(time.Millisecond))
	p, err := s.CreatePerson(ctx, sys, org.Person{Login: "super", Name: "监督", PasswordHash: "x", Grants: []org.Grant{{OrgID: prov.ID, Role: org.RoleSupervisor}}})
	if err != nil {
		b.Fatal(err)
	}
	p, _ = s.PersonByLogin(ctx, p.Login)
	super := &app.Principal{Person: p}
	id, err := a.CreateRound(ctx, super, prov, app.RoundInput{Name: "规模测试", PeriodFrom: d("2026-01-01"), PeriodTo: d("2026-06-29"),
		Cutoff: d("2026-06-30").Time(), Units: codes, SetKey: "default", Scorers: []string{inspection.ScorerProvince}, Combine: inspection.CombineAverage, ObjectionDays: 5})
	if err != nil {
		b.Fatal(err)
	}
	b.Run("compute", func(b *testing.B) {
		for b.Loop() {
			if err := a.ComputeRound(ctx, super, id); err != nil {
				b.Fatal(err)
			}
		}
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		b.Logf("%s: heap in use %d MB, system %d MB", s.Kind(), ms.HeapInuse>>20, ms.Sys>>20)
	})
	b.Run("unit-page", func(b *testing.B) {
		for b.Loop() {
			pg, err := a.Round(ctx, super, id)
			if err != nil || len(pg.Scores) != len(codes) {
				b.Fatal(err)
			}
			if _, ok := pg.UnitScore(pg.Scores[0].UnitID); !ok {
				b.Fatal("no unit score")
			}
		}
	})
}
