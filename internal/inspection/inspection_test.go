package inspection

import (
	"slices"
	"strings"
	"testing"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
)

func TestShippedSet(t *testing.T) {
	s, ok := FindSet("default")
	if !ok || s.Version != 2 {
		t.Fatalf("default set: %v %+v", ok, s.Key())
	}
	total := 0.0
	kinds := map[string]bool{}
	for _, i := range s.Indicators {
		total += i.Max
		if i.Auto {
			kinds[i.Rule.Kind] = true
		}
	}
	if total != 100 {
		t.Errorf("the default set sums to %g, want 100", total)
	}
	for _, k := range RuleKinds {
		if !kinds[k] {
			t.Errorf("rule kind %s has no indicator in the default set", k)
		}
	}
	if _, ok := FindSet("default@9"); ok {
		t.Error("an unknown version was found")
	}
}

func testRound() Round {
	s, _ := FindSet("default@1")
	return Round{Name: "x", PeriodFrom: calendar.MustDate(2026, 1, 1), PeriodTo: calendar.MustDate(2026, 6, 30),
		Cutoff: time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC), Units: []int64{1, 2, 3}, Set: s,
		Scorers: []string{ScorerAssessor}, Combine: CombineAverage, ObjectionDays: 5}
}

func TestRoundValidate(t *testing.T) {
	if err := testRound().Validate(); err != nil {
		t.Fatal(err)
	}
	cases := map[string]func(*Round){
		"name":           func(r *Round) { r.Name = " " },
		"period_to":      func(r *Round) { r.PeriodTo = calendar.MustDate(2025, 1, 1) },
		"units":          func(r *Round) { r.Units = nil },
		"scorers":        func(r *Round) { r.Scorers = []string{"friend"} },
		"lead":           func(r *Round) { r.Combine = CombineLead },
		"combine":        func(r *Round) { r.Combine = "max" },
		"objection_days": func(r *Round) { r.ObjectionDays = 0 },
		"cutoff":         func(r *Round) { r.Cutoff = time.Time{} },
	}
	for field, f := range cases {
		r := testRound()
		f(&r)
		err := r.Validate()
		var e *errs.Error
		if err == nil || !asErr(err, &e) || len(e.Fields) == 0 || e.Fields[0].Field != field {
			t.Errorf("%s: %v", field, err)
		}
	}
}

func asErr(err error, e **errs.Error) bool {
	x, ok := err.(*errs.Error)
	*e = x
	return ok
}

func TestScore(t *testing.T) {
	r := testRound()
	ind := func(c string) Indicator { i, _ := r.Set.Indicator(c); return i }
	ev := []Evidence{{URL: "/a", Note: "a"}, {URL: "/b", Note: "b"}}
	findings := []Finding{
		Apply(ind("P02"), 1, ev),                               // 2 × 1 = 2
		Apply(ind("W02"), 1, append(append(ev, ev...), ev...)), // 6 × 2 = 12, capped at 8
		Apply(ind("W01"), 2, ev[:1]),                           // veto
		Apply(ind("P03"), 3, []Evidence{{URL: "/c"}}),          // 1, objected and withdrawn
	}
	if findings[1].Points != 8 || !findings[2].Veto || findings[0].Veto {
		t.Fatalf("apply: %+v", findings)
	}
	marks := []Mark{
		{UnitID: 1, Indicator: "M01", ScorerID: 7, Points: 3, Comment: "缺一项"},
		{UnitID: 1, Indicator: "M01", ScorerID: 8, Points: 2, Comment: "缺两项"},
	}
	obj := []Objection{{UnitID: 3, Indicator: "P03", State: ObjectionAccepted}}
	us := Score(r, findings, marks, obj, 0)
	by := map[int64]UnitScore{}
	for _, u := range us {
		by[u.UnitID] = u
	}
	// unit 1: 2 + 8 + (4 − 2.5) = 11.5
	if by[1].Score != 88.5 || by[1].Vetoed || by[1].Rank != 2 {
		t.Errorf("unit 1: %+v", by[1])
	}
	if by[3].Score != 100 || by[3].Rank != 1 {
		t.Errorf("unit 3: %+v", by[3])
	}
	if !by[2].Vetoed || by[2].Rank != 3 || by[2].Score != 90 {
		t.Errorf("unit 2: %+v", by[2])
	}
	r.Combine, r.LeadLogin = CombineLead, "lead"
	us = Score(r, findings, marks, obj, 8)
	for _, u := range us {
		if u.UnitID == 1 && u.Score != 88 {
			t.Errorf("lead scorer: %g", u.Score)
		}
	}
}

func TestMarksAndObjections(t *testing.T) {
	r := testRound()
	m1, _ := r.Set.Indicator("M01")
	w1, ok := r.Set.Indicator("W01")
	for _, c := range []struct {
		ind   Indicator
		ok    bool
		m     Mark
		field string
	}{
		{m1, true, Mark{Points: 5}, "points"},
		{m1, true, Mark{Points: -1}, "points"},
		{m1, true, Mark{Points: 1.25, Comment: "x"}, "points"},
		{m1, true, Mark{Points: 3}, "comment"},
		{w1, ok, Mark{Points: 3}, "indicator"},
		{Indicator{}, false, Mark{}, "indicator"},
	} {
		err := ValidateMark(c.ind, c.ok, c.m)
		var e *errs.Error
		if err == nil || !asErr(err, &e) || e.Fields[0].Field != c.field {
			t.Errorf("%+v: %v", c.m, err)
		}
	}
	if err := ValidateMark(m1, true, Mark{Points: 4}); err != nil {
		t.Error(err)
	}
	r.State, r.ObjectionsBy = StateComputed, calendar.MustDate(2026, 7, 8)
	if err := MayObject(r, calendar.MustDate(2026, 7, 8), true, nil, 1, "W01"); err != nil {
		t.Error(err)
	}
	if err := MayObject(r, calendar.MustDate(2026, 7, 9), true, nil, 1, "W01"); !errs.Is(err, errs.Invalid) {
		t.Errorf("after the deadline: %v", err)
	}
	if err := MayObject(r, calendar.MustDate(2026, 7, 8), true, []Objection{{UnitID: 1, Indicator: "W01"}}, 1, "W01"); !errs.Is(err, errs.Conflict) {
		t.Errorf("twice: %v", err)
	}
	r.State = StateClosed
	if err := MayObject(r, calendar.MustDate(2026, 7, 8), true, nil, 1, "W01"); !errs.Is(err, errs.Conflict) {
		t.Errorf("closed: %v", err)
	}
}

func TestDraft(t *testing.T) {
	r := testRound()
	ind := func(c string) Indicator { i, _ := r.Set.Indicator(c); return i }
	fs := []Finding{Apply(ind("W01"), 2, []Evidence{{URL: "/x/", Note: "首页未更新"}}), Apply(ind("P02"), 1, []Evidence{{URL: "/r/1", Note: "迟发"}})}
	ms := []Mark{{UnitID: 1, Indicator: "M03", ScorerID: 1, Points: 2, Comment: "公示栏过期"}}
	us := Score(r, fs, ms, nil, 0)
	d := Draft(r, us, map[int64]string{1: "甲", 2: "乙", 3: "丙"}, 10, calendar.MustDate(2026, 7, 15))
	if len(d.Ranking) != 3 || d.Ranking[0].Unit != "丙" || d.Ranking[2].Unit != "乙" || !d.Ranking[2].Vetoed {
		t.Fatalf("ranking: %+v", d.Ranking)
	}
	if len(d.Outstanding) != 2 || d.Outstanding[0] != "丙" || d.Outstanding[1] != "甲" {
		t.Fatalf("outstanding: %v", d.Outstanding)
	}
	if len(d.Problems) != 2 || d.Problems[0].Unit != "甲" || len(d.Problems[0].Items) != 2 ||
		d.Problems[0].Items[0].Text != "“信息公开及时性”扣1分，平台查实1处问题" || d.Problems[0].Items[1].Text != "“公示栏内容更新”扣2分：公示栏过期" ||
		d.Problems[1].Items[0].Evidence[0].URL != "/x/" || !strings.Contains(d.Problems[1].Items[0].Text, "单项否决") {
		t.Fatalf("problems: %+v", d.Problems)
	}
	if !strings.Contains(d.Intro, "1个单位因单项否决指标不合格") {
		t.Fatal(d.Intro)
	}
}

// TestUnreachable checks the threshold of the site-unreachable rule: below 5 % no
// evidence, at 5 % one item with the counts and the worst failures, no probes not applicable.
func TestUnreachable(t *testing.T) {
	s, _ := FindSet("default@2")
	ind, ok := s.Indicator("W06")
	if !ok || !ind.Veto || ind.Rule.Kind != RuleSiteUnreachable {
		t.Fatalf("W06: %+v", ind)
	}
	at := time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC)
	worst := []ProbeResult{{At: at, Millis: 15000, Error: "无法连接或超时"}, {At: at.Add(time.Hour), Millis: 20, Status: 503}}
	link := func(ProbeStat) string { return "/admin/orgs/610112/probes" }
	if ev := Unreachable(*ind.Rule, []ProbeStat{{URL: "https://a.example/", Total: 40, Failed: 1, Worst: worst[:1]}}, at, at, link); len(ev) != 0 {
		t.Fatalf("2.5%% judged unreachable: %+v", ev)
	}
	if ev := Unreachable(*ind.Rule, nil, at, at, link); len(ev) != 0 {
		t.Fatal("no probes judged unreachable")
	}
	ev := Unreachable(*ind.Rule, []ProbeStat{{URL: "https://a.example/", Total: 40, Failed: 2, Worst: worst}}, at, at, link)
	if len(ev) != 1 || !strings.Contains(ev[0].Note, "共监测40次，2次无法访问（5.0%") || !strings.Contains(ev[0].Note, "03-02 10:00（15.0秒，无法连接或超时）") {
		t.Fatalf("evidence: %+v", ev)
	}
	f := Apply(ind, 1, ev)
	if f.Points != 4 || !f.Veto {
		t.Fatalf("finding: %+v", f)
	}
	if _, ok := FindSet("default"); !ok {
		t.Fatal("no default set")
	}
	if d, _ := FindSet("default"); d.Version != 2 {
		t.Fatalf("default is v%d", d.Version)
	}
}

// TestDomainBreakdown: a deduction is shared over the domains of its evidence by item count
// (a capped one too); unit-wide items and manual marks fall on the unit as a whole, listed last.
func TestDomainBreakdown(t *testing.T) {
	r := testRound()
	ind := func(c string) Indicator { i, _ := r.Set.Indicator(c); return i }
	fs := []Finding{
		// W03: 2 per blank column, at most 10: 6 columns → 10, shared 4 : 2.
		Apply(ind("W03"), 1, []Evidence{{Domain: "shjz"}, {Domain: "shjz"}, {Domain: "shjz"}, {Domain: "shjz"}, {Domain: "jy"}, {Domain: "jy"}}),
		Apply(ind("P02"), 1, []Evidence{{Domain: "jy"}}), // 1
		Apply(ind("P05"), 1, []Evidence{{URL: "/o/1"}}),  // 3, unit-wide
	}
	ms := []Mark{{UnitID: 1, Indicator: "M03", ScorerID: 1, Points: 2, Comment: "公示栏过期"}} // 2 deducted, unit-wide
	var u UnitScore
	for _, x := range Score(r, fs, ms, nil, 0) {
		if x.UnitID == 1 {
			u = x
		}
	}
	want := []DomainScore{{"jy", 4.3}, {"shjz", 6.7}, {"", 5}}
	if !slices.Equal(u.Domains, want) || u.Deducted != 16 {
		t.Fatalf("domains: %+v (deducted %g), want %+v", u.Domains, u.Deducted, want)
	}
}
