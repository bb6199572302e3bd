package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"gongkai/internal/app"
	"gongkai/internal/audit"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/inspection"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// copyIndicators deep-copies a set's indicators, so that a test may change them.
func copyIndicators(t *testing.T, s inspection.Set) []inspection.Indicator {
	t.Helper()
	b, _ := json.Marshal(s.Indicators)
	var out []inspection.Indicator
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func indexOf(inds []inspection.Indicator, code string) int {
	for i, ind := range inds {
		if ind.Code == code {
			return i
		}
	}
	return -1
}

// TestIndicatorSetVersions: the province office makes a new version of the default set
// (changed deductions per item, a manual item removed and another added, a veto dropped); it
// is listed with the shipped ones and selectable for a round, whose deductions follow it;
// a later version changes nothing in that round, even recomputed. Bad input and other
// callers are refused naming the field in Chinese, and nothing is stored.
func TestIndicatorSetVersions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		ctx := context.Background()
		prov := w.who("supervisor@610000")
		base, ok := inspection.FindSet("default@2")
		if !ok {
			t.Fatal("no default@2")
		}
		audits := func() int {
			es, err := s.ListAudit(ctx, audit.Query{Action: "indicator_set.", Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			return len(es)
		}

		// Refused: each names its field, nothing is stored.
		for _, c := range []struct {
			name  string
			who   string
			from  string
			edit  func([]inspection.Indicator) []inspection.Indicator
			code  string
			field string
			msg   string
		}{
			{"a city office", "supervisor@610100", "default@2", nil, errs.Forbidden, "", "无权"},
			{"a unit", "admin@610112", "default@2", nil, errs.Forbidden, "", "无权"},
			{"an assessor", "assessor", "default@2", nil, errs.Forbidden, "", "无权"},
			{"no such version", "supervisor@610000", "default@9", nil, errs.Invalid, "from", "没有指标体系版本"},
			{"total not 100", "supervisor@610000", "default@2", func(x []inspection.Indicator) []inspection.Indicator {
				x[indexOf(x, "M01")].Max = 5
				return x
			}, errs.Invalid, "indicators", "合计须为100分，现为101分"},
			{"duplicate code", "supervisor@610000", "default@2", func(x []inspection.Indicator) []inspection.Indicator {
				x[indexOf(x, "M02")].Code = "M01"
				return x
			}, errs.Invalid, fmt.Sprintf("indicators.%d.code", indexOf(base.Indicators, "M02")), "与第"},
			{"unknown automatic rule", "supervisor@610000", "default@2", func(x []inspection.Indicator) []inspection.Indicator {
				i := indexOf(x, "M03")
				x[i].Auto, x[i].Rule = true, &inspection.Rule{Kind: "photo_check", Per: 1}
				return x
			}, errs.Invalid, fmt.Sprintf("indicators.%d.kind", indexOf(base.Indicators, "M03")), "不是平台能自动计算的扣分规则"},
			{"parameter out of range", "supervisor@610000", "default@2", func(x []inspection.Indicator) []inspection.Indicator {
				x[indexOf(x, "W02")].Rule.NewsDays = 0
				return x
			}, errs.Invalid, fmt.Sprintf("indicators.%d.news_days", indexOf(base.Indicators, "W02")), "动态要闻类"},
			{"points per item above the maximum", "supervisor@610000", "default@2", func(x []inspection.Indicator) []inspection.Indicator {
				x[indexOf(x, "P02")].Rule.Per = 9
				return x
			}, errs.Invalid, fmt.Sprintf("indicators.%d.per", indexOf(base.Indicators, "P02")), "每项扣分"},
			{"a column type of no domain", "supervisor@610000", "default@2", func(x []inspection.Indicator) []inspection.Indicator {
				x[indexOf(x, "W02")].Rule.Columns = map[string]string{"nosuch": "news"}
				return x
			}, errs.Invalid, fmt.Sprintf("indicators.%d.columns", indexOf(base.Indicators, "W02")), "不是试点领域"},
		} {
			inds := copyIndicators(t, base)
			if c.edit != nil {
				inds = c.edit(inds)
			}
			_, err := w.a.DefineIndicatorSet(ctx, w.who(c.who), app.SetInput{From: c.from, Name: "改", Indicators: inds})
			var e *errs.Error
			if !errs.Is(err, c.code) || !strings.Contains(err.Error()+fmt.Sprint(fieldsOf(err)), c.msg) {
				t.Fatalf("%s: %v %v", c.name, err, fieldsOf(err))
			}
			if c.field != "" {
				if !asErr(err, &e) || len(e.Fields) == 0 || e.Fields[0].Field != c.field {
					t.Fatalf("%s: fields %v, want %s", c.name, fieldsOf(err), c.field)
				}
			}
		}
		if all, _ := w.a.AllIndicatorSets(ctx); len(all) != len(inspection.Shipped()) || audits() != 0 {
			t.Fatalf("a refused version was stored: %d sets, %d audit entries", len(all), audits())
		}

		// A good version: P01 1 point per entry (was 0.5), W03 1 per blank column (was 2),
		// M05 replaced by M06, W01 no longer a veto.
		inds := copyIndicators(t, base)
		inds[indexOf(inds, "P01")].Rule.Per = 1
		inds[indexOf(inds, "W03")].Rule.Per = 1
		inds[indexOf(inds, "W01")].Veto = false
		inds = append(inds[:indexOf(inds, "M05")], inds[indexOf(inds, "M05")+1:]...)
		inds = append(inds, inspection.Indicator{Code: "M06", Group: "现场检查", Name: "公开指南及时更新", Definition: "政府信息公开指南内容与机构职能一致，随机构调整及时更新。", Max: 2})
		v3, err := w.a.DefineIndicatorSet(ctx, prov, app.SetInput{From: "default@2", Name: "基层政务公开检查评估指标（第3版）", Basis: "调整目录覆盖和空白栏目的扣分", Indicators: inds})
		if err != nil || v3.Key() != "default@3" || audits() != 1 {
			t.Fatalf("define: %v %s %d", err, v3.Key(), audits())
		}
		all, _ := w.a.AllIndicatorSets(ctx)
		if len(all) != len(inspection.Shipped())+1 || all[len(all)-1].Key() != "default@3" {
			t.Fatalf("sets listed: %d", len(all))
		}

		// Two rounds at the same cut-off: one on the shipped version, one on the new.
		cal, _, _ := w.a.Calendar(ctx)
		day := calendar.DateOf(time.Now()).AddDays(30)
		for !cal.IsWorkingDay(day) {
			day = day.AddDays(1)
		}
		cutoff := day.Time().Add(10 * time.Hour)
		root, _ := s.OrgByCode(ctx, "610000")
		mk := func(set string) int64 {
			id, err := w.a.CreateRound(ctx, prov, root, app.RoundInput{Name: "按" + set + "检查", PeriodFrom: day.AddDays(-90), PeriodTo: day, Cutoff: cutoff,
				Units: []string{"610112"}, SetKey: set, Scorers: []string{inspection.ScorerProvince}, Combine: inspection.CombineAverage, ObjectionDays: 3})
			if err != nil {
				t.Fatal(err)
			}
			return id
		}
		old, cur := mk("default@2"), mk("default@3")
		w.a.Clock = func() time.Time { return cutoff.Add(time.Hour) }
		for _, id := range []int64{old, cur} {
			if err := w.a.ComputeRound(ctx, prov, id); err != nil {
				t.Fatal(err)
			}
		}
		a, b := w.lines(old), w.lines(cur)
		if _, ok := b["M05"]; ok {
			t.Fatal("M05 is in the round on the new version")
		}
		if _, ok := b["M06"]; !ok {
			t.Fatal("M06 missing from the round on the new version")
		}
		counted := 0
		for code, ln := range b {
			if !ln.Indicator.Auto {
				continue
			}
			if ln.Count != a[code].Count {
				t.Fatalf("%s: %d items under the new version, %d under the old", code, ln.Count, a[code].Count)
			}
			want := 0.0
			if ln.Count > 0 {
				want = inspection.Round1(min(ln.Indicator.Max, ln.Indicator.Rule.Per*float64(ln.Count)))
			}
			if ln.Deducted != want {
				t.Fatalf("%s: %g deducted, want %g (%d items at %g)", code, ln.Deducted, want, ln.Count, ln.Indicator.Rule.Per)
			}
			counted += ln.Count
		}
		if a["P01"].Count == 0 && a["W03"].Count == 0 {
			t.Fatalf("no catalog entry without a record and no blank column for 610112: the changed rules are not exercised (%d items in all)", counted)
		}
		for _, code := range []string{"P01", "W03"} {
			if n := a[code].Count; n > 0 {
				wantOld := inspection.Round1(min(a[code].Indicator.Max, a[code].Indicator.Rule.Per*float64(n)))
				if a[code].Deducted != wantOld || b[code].Indicator.Rule.Per == a[code].Indicator.Rule.Per {
					t.Fatalf("%s: old %g (want %g), per %g vs %g", code, a[code].Deducted, wantOld, a[code].Indicator.Rule.Per, b[code].Indicator.Rule.Per)
				}
			}
		}
		if b["W01"].Indicator.Veto || !a["W01"].Indicator.Veto {
			t.Fatal("W01's veto flag does not follow the version")
		}

		// A later version: the round keeps the copy it was created with, even recomputed;
		// a new round on "default" takes the newest.
		inds4 := copyIndicators(t, v3)
		inds4[indexOf(inds4, "P01")].Rule.Per = 2
		inds4[indexOf(inds4, "W03")].Rule.Per = 2
		v4, err := w.a.DefineIndicatorSet(ctx, prov, app.SetInput{From: "default@3", Name: "第4版", Indicators: inds4})
		if err != nil || v4.Version != 4 {
			t.Fatalf("v4: %v %d", err, v4.Version)
		}
		if err := w.a.ComputeRound(ctx, prov, cur); err != nil {
			t.Fatal(err)
		}
		if again := w.lines(cur); fmt.Sprint(again["P01"].Deducted, again["W03"].Deducted, again["P01"].Indicator.Rule.Per) != fmt.Sprint(b["P01"].Deducted, b["W03"].Deducted, 1.0) {
			t.Fatalf("the round changed with a later version: %v %v", again["P01"], again["W03"])
		}
		pg, _ := w.a.Round(ctx, prov, cur)
		if pg.Round.Set.Key() != "default@3" {
			t.Fatalf("the round uses %s", pg.Round.Set.Key())
		}
		if id := mk("default"); id != 0 {
			pg, _ := w.a.Round(ctx, prov, id)
			if pg.Round.Set.Key() != "default@4" {
				t.Fatalf("a new round on \"default\" uses %s", pg.Round.Set.Key())
			}
		}
	})
}

func asErr(err error, e **errs.Error) bool {
	x, ok := err.(*errs.Error)
	if ok {
		*e = x
	}
	return ok
}

func fieldsOf(err error) []errs.FieldError {
	var e *errs.Error
	if asErr(err, &e) {
		return e.Fields
	}
	return nil
}
