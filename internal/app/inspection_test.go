package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"gongkai/internal/app"
	"gongkai/internal/calendar"
	"gongkai/internal/campaign"
	"gongkai/internal/errs"
	"gongkai/internal/inspection"
	"gongkai/internal/rating"
	"gongkai/internal/record"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// round creates a round of the province office over 610112 with the default set, travels
// to just after its cut-off, computes it, and returns its id and 610112's lines by indicator.
func (w *world) round(name string, from calendar.Date, cutoff time.Time) (int64, map[string]inspection.Line) {
	w.t.Helper()
	ctx := context.Background()
	prov := w.who("supervisor@610000")
	root, _ := w.s.OrgByCode(ctx, "610000")
	id, err := w.a.CreateRound(ctx, prov, root, app.RoundInput{Name: name, PeriodFrom: from, PeriodTo: calendar.DateOf(cutoff), Cutoff: cutoff,
		Units: []string{"610112"}, SetKey: "default", Scorers: []string{inspection.ScorerProvince, inspection.ScorerAssessor}, Combine: inspection.CombineAverage, ObjectionDays: 3})
	if err != nil {
		w.t.Fatal(err)
	}
	w.a.Clock = func() time.Time { return cutoff.Add(time.Hour) }
	if err := w.a.ComputeRound(ctx, prov, id); err != nil {
		w.t.Fatal(err)
	}
	return id, w.lines(id)
}

func (w *world) lines(id int64) map[string]inspection.Line {
	w.t.Helper()
	pg, err := w.a.Round(context.Background(), w.who("admin@610112"), id)
	if err != nil || len(pg.Scores) != 1 {
		w.t.Fatalf("round page: %v %d", err, len(pg.Scores))
	}
	out := map[string]inspection.Line{}
	for _, ln := range pg.Scores[0].Lines {
		out[ln.Indicator.Code] = ln
	}
	return out
}

// expect checks an indicator's exact deduction and its evidence: n items, one of which links
// to url with a note containing every fragment.
func expect(t *testing.T, ls map[string]inspection.Line, code string, n int, deducted float64, url string, fragments ...string) {
	t.Helper()
	ln := ls[code]
	if len(ln.Evidence) != n || ln.Deducted != deducted {
		t.Fatalf("%s: %d evidence, %g deducted; want %d, %g: %+v", code, len(ln.Evidence), ln.Deducted, n, deducted, ln.Evidence)
	}
	if url == "" {
		return
	}
	for _, e := range ln.Evidence {
		if e.URL != url {
			continue
		}
		for _, f := range fragments {
			if !strings.Contains(e.Note, f) {
				t.Fatalf("%s: note %q lacks %q", code, e.Note, f)
			}
		}
		return
	}
	t.Fatalf("%s: no evidence links to %s: %+v", code, url, ln.Evidence)
}

// TestInspectionIndicators builds each situation an automatic indicator looks for and checks
// the exact deduction and its evidence: a record published late, a deadline overdue, a policy
// without interpretation and one interpreted on the fourth working day, a catalog filed a day
// late, a withdrawal without a reason, poor ratings, a home and a column not updated, blank
// columns, entries with nothing published. Then the bad input of marks and objections, and
// the reproducibility of a closed round.
func TestInspectionIndicators(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		ctx := context.Background()
		cal, _, err := w.a.Calendar(ctx)
		if err != nil {
			t.Fatal(err)
		}
		// Start on a working day a month from now, at 10:00 in China.
		day := calendar.DateOf(time.Now()).AddDays(30)
		for !cal.IsWorkingDay(day) {
			day = day.AddDays(1)
		}
		base := day.Time().Add(10 * time.Hour)
		w.a.Clock = func() time.Time { return base }
		at := func(d calendar.Date) { w.a.Clock = func() time.Time { return d.Time().Add(10 * time.Hour) } }
		unit := "/admin/orgs/610112/records/"

		late := w.mustCreate(app.RecordInput{FormedOn: day.AddDays(-60).String(), Kind: record.KindOther, Title: "迟发的救助信息", BodyHTML: "<p>正文</p>"})
		w.publishAs("610112", late)
		lt, err := s.RecordTimeliness(ctx, late)
		if err != nil || lt.OnTime {
			t.Fatalf("late record judged on time: %v %+v", err, lt)
		}
		overdue := w.mustCreate(app.RecordInput{FormedOn: day.AddDays(-60).String(), Kind: record.KindOther, Title: "逾期未发的救助信息", BodyHTML: "<p>正文</p>"})
		od, _ := s.DeadlineOf(ctx, "record", fmt.Sprint(overdue))
		bare := w.mustCreate(policyInput("没有解读的政策文件"))
		w.publishAs("610112", bare)
		slow := w.mustCreate(policyInput("第四个工作日解读的政策文件"))
		w.publishAs("610112", slow)
		wd := w.mustCreate(app.RecordInput{Kind: record.KindOther, Title: "撤回的信息", BodyHTML: "<p>正文</p>"})
		w.publishAs("610112", wd)
		if _, err := w.a.Act(ctx, w.who("admin@610112"), wd, record.Action{Kind: record.ActionWithdraw, Reason: "错发"}); err != nil {
			t.Fatal(err)
		}
		for i := range 20 {
			v := rating.Poor
			if i < 10 {
				v = rating.Satisfied
			}
			if err := s.AddRating(ctx, rating.Rating{SubjectType: "catalog", SubjectID: w.unit.ID, UnitID: w.unit.ID, Domain: "shjz", Value: v, Client: fmt.Sprint("c", i)},
				rating.Limits{PerSubject: time.Minute, PerHour: 100}); err != nil {
				t.Fatal(err)
			}
		}
		// A campaign whose catalog is due in two days, filed on the third.
		prov := w.who("supervisor@610000")
		cid, err := w.a.SaveCampaign(ctx, prov, campaign.Campaign{Name: "检查测试", DocNo: "测试〔1〕1号", IssuedOn: day, DocText: "测试",
			Units:  []campaign.Participant{{Unit: "610112", Domains: []string{"shjz"}}},
			Phases: []campaign.Phase{{Name: "目录", Deliverables: []campaign.Deliverable{{Kind: campaign.KindCatalog, Title: "标准目录", Owner: campaign.OwnerUnit, Recipients: []campaign.Recipient{campaign.ToProvince}, Due: campaign.Due{Date: day.AddDays(2)}}}}}})
		if err != nil {
			t.Fatal(err)
		}
		_, rows, err := w.a.CampaignObligations(ctx, prov, cid, app.ObligationFilter{Unit: "610112", Kind: campaign.KindCatalog})
		if err != nil || len(rows) != 1 {
			t.Fatalf("obligations: %v %d", err, len(rows))
		}
		at(day.AddDays(3))
		if _, _, err := w.a.Submit(ctx, w.who("admin@610112"), rows[0].ID, campaign.Submission{Summary: "目录已编制"}); err != nil {
			t.Fatal(err)
		}
		// The interpretation of the slow policy on the fourth working day after it.
		fourth := cal.AddWorkingDays(day, 4).Date
		at(fourth)
		in := policyInput("解读")
		in.Kind, in.Title, in.PolicyID = record.KindInterpretation, "政策解读", slow
		interp := w.mustCreate(in)
		w.publishAs("610112", interp)
		due := cal.AddWorkingDays(day, 3).Date

		cutoff := day.AddDays(15).Time()
		r1, ls := w.round("第一轮", day, cutoff)
		// The interpretation published on the fourth working day is itself a record published late.
		expect(t, ls, "P02", 2, 2, fmt.Sprint(unit, interp), "《政策解读》应于"+due.String()+"前公开", "实际"+fourth.String()+"公开", "晚")
		expect(t, ls, "P02", 2, 2, fmt.Sprint(unit, late), "《迟发的救助信息》应于"+lt.Due.String()+"前公开", "实际"+day.String()+"公开")
		// Overdue is judged at the cut-off whatever the period: the demo's own drafts count too.
		nOver := len(ls["P03"].Evidence)
		expect(t, ls, "P03", nOver, min(8, float64(nOver)), fmt.Sprint(unit, overdue), "应于"+od.Due.String()+"前公开", "截至"+day.AddDays(15).String()+"仍未公开")
		expect(t, ls, "P04", 2, 2, fmt.Sprint(unit, bare), "仍未发布")
		expect(t, ls, "P04", 2, 2, fmt.Sprint(unit, slow), "应于"+due.String()+"前发布", "实际"+fourth.String()+"发布")
		expect(t, ls, "P05", 1, 3, fmt.Sprintf("/admin/orgs/610112/obligations/%d", rows[0].ID), "应于"+day.AddDays(2).String()+"前报送", "晚1天")
		expect(t, ls, "P07", 1, 1, fmt.Sprint(unit, wd), "撤回理由“错发”")
		expect(t, ls, "P08", 1, 6, "/admin/orgs/610112/ratings", "共20条评价", "合计占50.0%")
		// The demo's current campaign asks for semimonthly progress reports that nobody files.
		for _, e := range ls["P06"].Evidence {
			if !strings.HasPrefix(e.URL, "/admin/orgs/610112/obligations/") || !strings.Contains(e.Note, "进展情况报告”应于") || !strings.Contains(e.Note, "未报送") {
				t.Fatalf("P06 evidence: %+v", e)
			}
		}
		if n := len(ls["P06"].Evidence); n == 0 || ls["P06"].Deducted != min(6, float64(n)) {
			t.Fatalf("P06: %+v", ls["P06"])
		}
		if ls["W01"].Deducted != 0 || ls["W01"].Veto {
			t.Fatalf("home updated %d days before the cut-off counted stale: %+v", day.AddDays(15).Sub(fourth), ls["W01"])
		}
		// Coverage: the entry with records is not listed; the count is every entry without.
		for _, e := range ls["P01"].Evidence {
			if strings.HasSuffix(e.URL, "/"+w.entry.Key) {
				t.Fatalf("entry with records listed as uncovered: %+v", e)
			}
		}
		if n := len(ls["P01"].Evidence); n == 0 || ls["P01"].Deducted != min(6, 0.5*float64(n)) {
			t.Fatalf("coverage: %d, %g", n, ls["P01"].Deducted)
		}

		// Home and column: nothing published after the interpretation.
		_, ls2 := w.round("第二轮", day, fourth.AddDays(15).Time())
		expect(t, ls2, "W01", 1, 6, // 10 in the first version of the set
			fmt.Sprint(unit, interp), "首页最近一次更新为"+fourth.String(), "已15天")
		if !ls2["W01"].Veto {
			t.Fatal("a stale home does not veto")
		}
		_, ls3 := w.round("第三轮", day, fourth.AddDays(184).Time())
		found := false
		for _, e := range ls3["W02"].Evidence {
			found = found || (e.URL == "/610112/catalog/shjz/" && strings.Contains(e.Note, "已184天，超过183天"))
		}
		if n := len(ls3["W02"].Evidence); !found || ls3["W02"].Deducted != min(8, 2*float64(n)) {
			t.Fatalf("stale column: %+v", ls3["W02"])
		}
		for _, e := range ls3["W03"].Evidence {
			if e.URL == "/610112/catalog/shjz/" {
				t.Fatal("a column with records counted blank")
			}
		}
		if n := len(ls3["W03"].Evidence); ls3["W03"].Deducted != min(10, 2*float64(n)) || ls3["W03"].Veto != (n > 5) {
			t.Fatalf("blank columns: %+v", ls3["W03"])
		}

		// Bad input on round 1, back in its objection period: nothing changes.
		w.a.Clock = func() time.Time { return cutoff.Add(2 * time.Hour) }
		marksBefore, _ := w.a.Round(ctx, prov, r1)
		assessor := w.who("assessor")
		for _, c := range []struct {
			who   string
			unit  string
			ind   string
			pts   float64
			code  string
			field string
		}{
			{"assessor", "610112", "M01", 4.5, errs.Invalid, "points"},
			{"assessor", "610112", "M01", -1, errs.Invalid, "points"},
			{"assessor", "610112", "P02", 1, errs.Invalid, "indicator"},
			{"assessor", "610111", "M01", 1, errs.Invalid, "unit"},
			{"supervisor@610100", "610112", "M01", 4, errs.Forbidden, ""}, // the round names no city scorer
			{"editor@610112", "610112", "M01", 4, errs.Forbidden, ""},
		} {
			err := w.a.SaveMark(ctx, w.who(c.who), r1, c.unit, c.ind, c.pts, "")
			if !errs.Is(err, c.code) {
				t.Fatalf("%+v: %v", c, err)
			}
			if c.field != "" {
				if e, _ := err.(*errs.Error); e == nil || len(e.Fields) == 0 || e.Fields[0].Field != c.field {
					t.Fatalf("%+v: %v", c, err)
				}
			}
		}
		if err := w.a.SaveMark(ctx, assessor, r1, "610112", "M01", 3, "缺一项要素"); err != nil {
			t.Fatal(err)
		}
		// An objection: to an indicator without deduction, refused; to P07, accepted.
		admin := w.who("admin@610112")
		if _, err := w.a.FileObjection(ctx, admin, r1, "610112", "W04", "没有超期未答复的公众提问"); !errs.Is(err, errs.Invalid) {
			t.Fatalf("objection without deduction: %v", err)
		}
		oid, err := w.a.FileObjection(ctx, admin, r1, "610112", "P07", "撤回理由已在撤回说明中详细写明")
		if err != nil {
			t.Fatal(err)
		}
		if err := w.a.DecideObjection(ctx, prov, oid, true, "核实撤回说明已写明原因，撤销扣分"); err != nil {
			t.Fatal(err)
		}
		// After the objection period, no more objections.
		pg, _ := w.a.Round(ctx, prov, r1)
		at(pg.Round.ObjectionsBy.AddDays(1))
		if _, err := w.a.FileObjection(ctx, admin, r1, "610112", "P02", "该信息按时限规定在期限内发布"); !errs.Is(err, errs.Invalid) {
			t.Fatalf("objection after its deadline: %v", err)
		}
		if err := w.a.CloseRound(ctx, prov, r1); err != nil {
			t.Fatal(err)
		}
		final := w.lines(r1)
		if final["P07"].Deducted != 0 || final["M01"].Deducted != 1 || final["P02"].Deducted != 2 {
			t.Fatalf("after objection and mark: P07 %g M01 %g", final["P07"].Deducted, final["M01"].Deducted)
		}
		if err := w.a.SaveMark(ctx, assessor, r1, "610112", "M02", 4, ""); !errs.Is(err, errs.Conflict) {
			t.Fatalf("mark after close: %v", err)
		}
		// Reproducible: recomputing a closed round is refused and the numbers stay.
		closed, _ := w.a.Round(ctx, prov, r1)
		if err := w.a.ComputeRound(ctx, prov, r1); !errs.Is(err, errs.Conflict) {
			t.Fatalf("recompute a closed round: %v", err)
		}
		// New data after the cut-off changes nothing either.
		w.publishAs("610112", overdue)
		again, _ := w.a.Round(ctx, prov, r1)
		j1, _ := json.Marshal(closed.Scores)
		j2, _ := json.Marshal(again.Scores)
		if string(j1) != string(j2) || closed.Scores[0].Score == 0 {
			t.Fatalf("closed round changed:\n%s\n%s", j1, j2)
		}
		if len(marksBefore.Objections) != 0 || len(again.Objections) != 1 {
			t.Fatalf("objections: %d %d", len(marksBefore.Objections), len(again.Objections))
		}
		// A round over a unit outside the caller's subtree is refused, and none is created.
		city := w.who("supervisor@610100")
		xian, _ := s.OrgByCode(ctx, "610100")
		before, _ := w.a.Rounds(ctx, prov, xian)
		_, err = w.a.CreateRound(ctx, city, xian, app.RoundInput{Name: "越权", PeriodFrom: day, PeriodTo: day, Cutoff: cutoff,
			Units: []string{"610112", "610323"}, SetKey: "default", Scorers: []string{"city"}, Combine: "average", ObjectionDays: 3})
		if e, _ := err.(*errs.Error); e == nil || e.Code != errs.Invalid || e.Fields[0].Field != "units" || !strings.Contains(e.Fields[0].Message, "不在您的管辖范围内") {
			t.Fatalf("unit outside subtree: %v", err)
		}
		after, _ := w.a.Rounds(ctx, prov, xian)
		if len(after) != len(before) {
			t.Fatal("a refused round was created")
		}
	})
}

// TestInspectionRecomputeSame: recomputing an open round without new data gives the same
// findings, however much later it runs.
func TestInspectionRecomputeSame(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		ctx := context.Background()
		cut := time.Now().Add(-time.Hour)
		id, first := w.round("重算", calendar.DateOf(cut).AddDays(-90), cut)
		w.a.Clock = func() time.Time { return cut.Add(72 * time.Hour) }
		if err := w.a.ComputeRound(ctx, w.who("supervisor@610000"), id); err != nil {
			t.Fatal(err)
		}
		a, _ := json.Marshal(first)
		b, _ := json.Marshal(w.lines(id))
		if string(a) != string(b) || len(a) < 100 {
			t.Fatalf("recompute differs:\n%s\n%s", a, b)
		}
	})
}

// TestInspectionCities: a province round over units of two cities shows each city's average,
// and the trend of a city holds only its own units.
func TestInspectionCities(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		ctx := context.Background()
		prov := w.who("supervisor@610000")
		root, _ := s.OrgByCode(ctx, "610000")
		cut := time.Now().Add(-time.Hour)
		id, err := w.a.CreateRound(ctx, prov, root, app.RoundInput{Name: "两市", PeriodFrom: calendar.DateOf(cut).AddDays(-30), PeriodTo: calendar.DateOf(cut), Cutoff: cut,
			Units: []string{"610112", "610111", "610323"}, SetKey: "default", Scorers: []string{"province"}, Combine: "average", ObjectionDays: 2})
		if err != nil {
			t.Fatal(err)
		}
		if err := w.a.ComputeRound(ctx, prov, id); err != nil {
			t.Fatal(err)
		}
		pg, err := w.a.Round(ctx, prov, id)
		if err != nil || len(pg.Cities) != 2 {
			t.Fatalf("cities: %v %+v", err, pg.Cities)
		}
		sum := map[string][]float64{}
		for _, us := range pg.Scores {
			c := "610100"
			if pg.Units[us.UnitID].Code == "610323" {
				c = "610300"
			}
			sum[c] = append(sum[c], us.Score)
		}
		for _, c := range pg.Cities {
			xs := sum[c.City.Code]
			total := 0.0
			for _, x := range xs {
				total += x
			}
			if c.Units != len(xs) || c.Average != inspection.Round1(total/float64(len(xs))) {
				t.Fatalf("%s: %+v, scores %v", c.City.Name, c, xs)
			}
		}
		xian, _ := s.OrgByCode(ctx, "610100")
		tp, err := w.a.Trend(ctx, w.who("supervisor@610100"), xian)
		if err != nil || len(tp.Rounds) == 0 {
			t.Fatalf("trend: %v %+v", err, tp)
		}
		for _, row := range tp.Rows {
			if row.Unit.Code == "610323" {
				t.Fatal("西安市 sees 宝鸡 in its trend")
			}
		}
		// The city supervisor sees only its units of the province round, ranked among all.
		cp, err := w.a.Round(ctx, w.who("supervisor@610100"), id)
		if err != nil || len(cp.Scores) != 2 {
			t.Fatalf("city view: %v %d", err, len(cp.Scores))
		}
	})
}
