package app

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"gongkai/internal/calendar"
	"gongkai/internal/campaign"
	"gongkai/internal/errs"
	"gongkai/internal/inspection"
	"gongkai/internal/org"
)

// IndicatorSets are the shipped indicator sets with their published definitions (public);
// AllIndicatorSets adds the versions the province office defined.
func (a *App) IndicatorSets() []inspection.Set { return inspection.Shipped() }

// RoundInput is what a supervising office enters for a new round.
type RoundInput struct {
	Name          string
	PeriodFrom    calendar.Date
	PeriodTo      calendar.Date
	Cutoff        time.Time
	Units         []string // unit codes
	SetKey        string   // "default" or "default@1"
	Scorers       []string
	Combine       string
	Lead          string // login of the lead scorer
	ObjectionDays int
}

// CreateRound creates an inspection round run by office owner; every unit must lie in the
// owner's subtree and under the caller's grant.
func (a *App) CreateRound(ctx context.Context, p *Principal, owner org.Org, in RoundInput) (int64, error) {
	return a.createRound(ctx, p, owner, in, false)
}

func (a *App) createRound(ctx context.Context, p *Principal, owner org.Org, in RoundInput, sample bool) (int64, error) {
	if err := p.Authorize(org.PermManageInspection, owner); err != nil {
		return 0, err
	}
	r := inspection.Round{OrgID: owner.ID, Name: strings.TrimSpace(in.Name), PeriodFrom: in.PeriodFrom, PeriodTo: in.PeriodTo,
		Cutoff: in.Cutoff, Scorers: in.Scorers, Combine: in.Combine, LeadLogin: strings.TrimSpace(in.Lead), ObjectionDays: in.ObjectionDays, Sample: sample}
	if r.Combine == "" {
		r.Combine = inspection.CombineAverage
	}
	if s, ok := a.findSet(ctx, in.SetKey); ok {
		r.Set = s
	}
	var fe []errs.FieldError
	for _, code := range in.Units {
		u, err := a.store.OrgByCode(ctx, strings.TrimSpace(code))
		switch {
		case err != nil || u.Kind != org.KindUnit:
			fe = append(fe, errs.FieldError{Field: "units", Label: "被检查单位", Message: fmt.Sprintf("“%s”不是试点单位", code)})
		case !owner.Contains(u) || !p.Can(org.PermManageInspection, u):
			fe = append(fe, errs.FieldError{Field: "units", Label: "被检查单位", Message: fmt.Sprintf("“%s”不在您的管辖范围内", u.Name)})
		case slices.Contains(r.Units, u.ID):
			fe = append(fe, errs.FieldError{Field: "units", Label: "被检查单位", Message: fmt.Sprintf("“%s”重复", u.Name)})
		default:
			r.Units = append(r.Units, u.ID)
		}
	}
	if len(fe) > 0 {
		return 0, errs.Fields("检查轮次填写有误", fe...)
	}
	if err := r.Validate(); err != nil {
		return 0, err
	}
	if r.Combine == inspection.CombineLead {
		if _, err := a.store.PersonByLogin(ctx, r.LeadLogin); err != nil {
			return 0, errs.Fields("检查轮次填写有误", errs.FieldError{Field: "lead", Label: "主评人", Message: "没有该账号"})
		}
	}
	return a.store.CreateRound(ctx, p.Actor(), r)
}

// roundView loads a round for p: the office that runs it (and its supervisors, assessors
// with a grant above it) sees every unit; a unit sees only itself. all tells which.
func (a *App) roundView(ctx context.Context, p *Principal, id int64) (inspection.Round, org.Org, map[int64]org.Org, bool, error) {
	r, err := a.store.Round(ctx, id)
	if err != nil {
		return r, org.Org{}, nil, false, err
	}
	ix, err := a.orgIndex(ctx)
	if err != nil {
		return r, org.Org{}, nil, false, err
	}
	owner := ix.byID[r.OrgID]
	units := map[int64]org.Org{}
	visible := false
	for _, uid := range r.Units {
		u := ix.byID[uid]
		units[uid] = u
		visible = visible || p.Can(org.PermView, u)
	}
	all := p.Can(org.PermView, owner)
	if !all && !visible {
		return r, owner, nil, false, errs.E(errs.NotFound, "检查轮次不存在")
	}
	return r, owner, units, all, nil
}

// RoundPage is what the page of a round shows.
type RoundPage struct {
	Round      inspection.Round
	Owner      org.Org
	Units      map[int64]org.Org
	All        bool // the caller sees every unit
	Scores     []inspection.UnitScore
	Objections []inspection.Objection
	MayManage  bool // compute, decide objections, close
	MayCompute bool
	MayClose   bool
	Today      calendar.Date
	// Cities: the average per city of the units shown, when they lie in more than one city.
	Cities []CityScore
}

// Round is the page of a round: scores of the units the caller may see, ranked among all.
func (a *App) Round(ctx context.Context, p *Principal, id int64) (RoundPage, error) {
	r, owner, units, all, err := a.roundView(ctx, p, id)
	if err != nil {
		return RoundPage{}, err
	}
	pg := RoundPage{Round: r, Owner: owner, Units: units, All: all, Today: a.Today()}
	fs, err := a.store.Findings(ctx, id)
	if err != nil {
		return pg, err
	}
	ms, err := a.store.Marks(ctx, id)
	if err != nil {
		return pg, err
	}
	if pg.Objections, err = a.store.Objections(ctx, id); err != nil {
		return pg, err
	}
	if err := a.withEvidenceFiles(ctx, id, ms, pg.Objections); err != nil {
		return pg, err
	}
	var leadID int64
	if r.Combine == inspection.CombineLead {
		if lp, err := a.store.PersonByLogin(ctx, r.LeadLogin); err == nil {
			leadID = lp.ID
		}
	}
	for _, us := range inspection.Score(r, fs, ms, pg.Objections, leadID) {
		if all || p.Can(org.PermView, units[us.UnitID]) {
			pg.Scores = append(pg.Scores, us)
		}
	}
	if !all {
		var os []inspection.Objection
		for _, o := range pg.Objections {
			if p.Can(org.PermView, units[o.UnitID]) {
				os = append(os, o)
			}
		}
		pg.Objections = os
	}
	if ix, err := a.orgIndex(ctx); err == nil {
		if cs := cityScores(ix, units, pg.Scores); len(cs) > 1 {
			pg.Cities = cs
		}
	}
	pg.MayManage = p.Can(org.PermManageInspection, owner)
	pg.MayCompute = pg.MayManage && r.State != inspection.StateClosed && !a.Now().Before(r.Cutoff)
	pg.MayClose = pg.MayManage && r.State == inspection.StateComputed
	return pg, nil
}

// UnitScore finds one unit's score in a round page.
func (pg RoundPage) UnitScore(unitID int64) (inspection.UnitScore, bool) {
	for _, us := range pg.Scores {
		if us.UnitID == unitID {
			return us, true
		}
	}
	return inspection.UnitScore{}, false
}

// Rounds lists the rounds that concern organisation o: run by o or above it with units under
// o, or run by an office under o.
func (a *App) Rounds(ctx context.Context, p *Principal, o org.Org) ([]inspection.Round, error) {
	if err := p.Authorize(org.PermView, o); err != nil {
		return nil, err
	}
	rs, err := a.store.Rounds(ctx)
	if err != nil {
		return nil, err
	}
	ix, err := a.orgIndex(ctx)
	if err != nil {
		return nil, err
	}
	var out []inspection.Round
	for _, r := range rs {
		keep := o.Contains(ix.byID[r.OrgID])
		for _, uid := range r.Units {
			keep = keep || o.Contains(ix.byID[uid])
		}
		if keep {
			out = append(out, r)
		}
	}
	return out, nil
}

// CityScore is the average of a city's units in a round.
type CityScore struct {
	City    org.Org
	Units   int
	Average float64
	Vetoed  int
}

// cityScores groups unit scores by their city, best average first.
func cityScores(ix orgIndex, units map[int64]org.Org, us []inspection.UnitScore) []CityScore {
	by := map[int64]*CityScore{}
	var order []int64
	for _, x := range us {
		cid := ix.cityOf(units[x.UnitID])
		c := by[cid]
		if c == nil {
			c = &CityScore{City: ix.byID[cid]}
			by[cid] = c
			order = append(order, cid)
		}
		c.Units++
		c.Average += x.Score
		if x.Vetoed {
			c.Vetoed++
		}
	}
	out := make([]CityScore, 0, len(order))
	for _, cid := range order {
		c := by[cid]
		c.Average = inspection.Round1(c.Average / float64(c.Units))
		out = append(out, *c)
	}
	slices.SortStableFunc(out, func(a, b CityScore) int {
		switch {
		case a.Average > b.Average:
			return -1
		case a.Average < b.Average:
			return 1
		}
		return strings.Compare(a.City.Code, b.City.Code)
	})
	return out
}

// TrendPage shows the units under an organisation across the rounds that scored them.
type TrendPage struct {
	Rounds []inspection.Round // computed or closed, oldest first
	Rows   []TrendRow
	// Averages is the average score of the units shown, per round.
	Averages []float64
}

// TrendRow is one unit's scores across rounds; a nil cell: not in that round.
type TrendRow struct {
	Unit  org.Org
	Cells []*inspection.UnitScore
}

// Trend gathers the scores of the units under o across rounds.
func (a *App) Trend(ctx context.Context, p *Principal, o org.Org) (TrendPage, error) {
	var pg TrendPage
	rs, err := a.Rounds(ctx, p, o)
	if err != nil {
		return pg, err
	}
	slices.Reverse(rs)
	rows := map[int64]*TrendRow{}
	var order []int64
	for _, r := range rs {
		if r.State == inspection.StateOpen {
			continue
		}
		rp, err := a.Round(ctx, p, r.ID)
		if err != nil {
			continue // not visible to p after all
		}
		col := len(pg.Rounds)
		pg.Rounds = append(pg.Rounds, r)
		sum, n := 0.0, 0
		for i, us := range rp.Scores {
			u := rp.Units[us.UnitID]
			if !o.Contains(u) {
				continue
			}
			row := rows[u.ID]
			if row == nil {
				row = &TrendRow{Unit: u}
				rows[u.ID] = row
				order = append(order, u.ID)
			}
			for len(row.Cells) <= col {
				row.Cells = append(row.Cells, nil)
			}
			row.Cells[col] = &rp.Scores[i]
			sum += us.Score
			n++
		}
		avg := 0.0
		if n > 0 {
			avg = inspection.Round1(sum / float64(n))
		}
		pg.Averages = append(pg.Averages, avg)
	}
	for _, id := range order {
		row := rows[id]
		for len(row.Cells) < len(pg.Rounds) {
			row.Cells = append(row.Cells, nil)
		}
		pg.Rows = append(pg.Rows, *row)
	}
	slices.SortStableFunc(pg.Rows, func(a, b TrendRow) int { return strings.Compare(a.Unit.Code, b.Unit.Code) })
	return pg, nil
}

// ComputeRound computes the automatic indicators of a round for its cut-off and freezes
// them; the objection period starts (N working days from today). Refused before the
// cut-off and once closed.
func (a *App) ComputeRound(ctx context.Context, p *Principal, id int64) error {
	r, owner, units, _, err := a.roundView(ctx, p, id)
	if err != nil {
		return err
	}
	if err := p.Authorize(org.PermManageInspection, owner); err != nil {
		return err
	}
	if r.State == inspection.StateClosed {
		return errs.E(errs.Conflict, "本轮检查已结束，不能再更改")
	}
	if a.Now().Before(r.Cutoff) {
		return errs.E(errs.Conflict, "截止时间（%s）未到，不能计算", r.Cutoff.In(Shanghai).Format("2006-01-02 15:04"))
	}
	// A long run of reads: plan it with current statistics (cheap when they are fresh; on a
	// site loaded in bulk since the last hourly refresh it decides between seconds and minutes).
	if err := a.store.RefreshPlannerStats(ctx); err != nil {
		return err
	}
	fs, err := a.computeFindings(ctx, r, units)
	if err != nil {
		return err
	}
	cal, _, err := a.Calendar(ctx)
	if err != nil {
		return err
	}
	return a.store.SaveFindings(ctx, p.Actor(), id, fs, cal.AddWorkingDays(a.Today(), r.ObjectionDays).Date)
}

// computeFindings computes every automatic indicator of round r for every unit.
func (a *App) computeFindings(ctx context.Context, r inspection.Round, units map[int64]org.Org) ([]inspection.Finding, error) {
	var out []inspection.Finding
	for _, uid := range r.Units {
		u := units[uid]
		for _, ind := range r.Set.Indicators {
			if !ind.Auto {
				continue
			}
			ev, err := a.evidence(ctx, r, u, ind)
			if err != nil {
				return nil, fmt.Errorf("inspection %s %s: %w", u.Code, ind.Code, err)
			}
			out = append(out, inspection.Apply(ind, u.ID, ev))
		}
	}
	return out, nil
}

// evidence finds, for one automatic indicator of one unit, every item that loses points,
// each with a link the unit can open and a note in plain Chinese.
func (a *App) evidence(ctx context.Context, r inspection.Round, u org.Org, ind inspection.Indicator) ([]inspection.Evidence, error) {
	rule := *ind.Rule
	cut := r.Cutoff
	cutDay := calendar.DateOf(cut)
	from := r.PeriodFrom.Time()
	recordURL := func(id int64) string { return fmt.Sprintf("/admin/orgs/%s/records/%d", u.Code, id) }
	column := func(dom string) string { return fmt.Sprintf("/%s/catalog/%s/", u.Code, dom) }
	var ev []inspection.Evidence
	switch rule.Kind {
	case inspection.RuleHomeStale, inspection.RuleColumnStale, inspection.RuleColumnBlank:
		last, err := a.store.LastPublished(ctx, u.ID, u.Domains, cut)
		if err != nil {
			return nil, err
		}
		switch rule.Kind {
		case inspection.RuleHomeStale:
			f, ok := last[""]
			if !ok {
				ev = append(ev, inspection.Evidence{URL: "/" + u.Code + "/", Note: "截至检查截止时间，单位首页没有任何已发布信息"})
			} else if days := cutDay.Sub(f.On); days > rule.Days {
				ev = append(ev, inspection.Evidence{URL: recordURL(f.ID), Note: fmt.Sprintf("首页最近一次更新为%s发布的《%s》，距截止日%s已%d天（超过%d天）", f.On, f.Title, cutDay, days, rule.Days)})
			}
		case inspection.RuleColumnStale:
			for _, dom := range u.Domains {
				f, ok := last[dom]
				if !ok {
					continue // blank: counted by RuleColumnBlank
				}
				typ := rule.ColumnType(dom)
				limit := rule.StaleDays(typ)
				if days := cutDay.Sub(f.On); limit > 0 && days > limit {
					label := "通知公告、政策文件类"
					if typ == inspection.ColumnNews {
						label = "动态要闻类"
					}
					ev = append(ev, inspection.Evidence{URL: column(dom), Domain: dom, Note: fmt.Sprintf("栏目“%s”（%s）最近一次更新为%s（《%s》），距截止日%s已%d天，超过%d天", dom, label, f.On, f.Title, cutDay, days, limit)})
				}
			}
		case inspection.RuleColumnBlank:
			for _, dom := range u.Domains {
				if _, ok := last[dom]; !ok {
					ev = append(ev, inspection.Evidence{URL: column(dom), Domain: dom, Note: fmt.Sprintf("栏目“%s”截至%s没有任何已发布信息", dom, cutDay)})
				}
			}
		}
	case inspection.RuleQuestionUnanswered:
		qs, err := a.store.UnansweredQuestions(ctx, u.ID, cut.AddDate(0, 0, -rule.Days), cut)
		if err != nil {
			return nil, err
		}
		for _, q := range qs {
			ev = append(ev, inspection.Evidence{URL: fmt.Sprintf("/admin/orgs/%s/questions/%d", u.Code, q.ID),
				Note: fmt.Sprintf("公众提问%s于%s受理，截至%s超过%d天未答复", q.Text, q.On, cutDay, rule.Days)})
		}
	case inspection.RuleCatalogCoverage:
		pubs, err := a.store.PublishedEntriesAt(ctx, u.ID, cut)
		if err != nil {
			return nil, err
		}
		for _, dom := range u.Domains {
			_, es, err := a.EffectiveCatalog(ctx, u, dom)
			if err != nil {
				continue // no catalog in force in this domain: the blank column counts it
			}
			for _, e := range es {
				if e.NotPublic || !e.ModeProactive || pubs[dom+"/"+e.Key] {
					continue
				}
				name := e.Item1
				if e.Item2 != "" {
					name += "／" + e.Item2
				}
				ev = append(ev, inspection.Evidence{URL: fmt.Sprintf("/%s/catalog/%s/entries/%s", u.Code, dom, e.Key), Domain: dom,
					Note: fmt.Sprintf("目录条目“%s”（%s）截至%s没有已发布信息", name, dom, cutDay)})
			}
		}
	case inspection.RuleTimelinessLate:
		fs, err := a.store.LateAt(ctx, u.ID, r.PeriodFrom, cut)
		if err != nil {
			return nil, err
		}
		for _, f := range fs {
			ev = append(ev, inspection.Evidence{URL: recordURL(f.ID), Domain: f.Domain, Note: fmt.Sprintf("《%s》应于%s前公开，实际%s公开，晚%d天", f.Title, f.Due, f.On, f.On.Sub(f.Due))})
		}
	case inspection.RuleDeadlineOverdue:
		fs, err := a.store.OverdueAt(ctx, u.ID, cut)
		if err != nil {
			return nil, err
		}
		for _, f := range fs {
			ev = append(ev, inspection.Evidence{URL: recordURL(f.ID), Domain: f.Domain, Note: fmt.Sprintf("《%s》应于%s前公开，截至%s仍未公开", f.Title, f.Due, cutDay)})
		}
	case inspection.RuleInterpretationLate:
		fs, err := a.store.PoliciesAt(ctx, u.ID, from, cut)
		if err != nil {
			return nil, err
		}
		for _, f := range fs {
			switch {
			case f.On.IsZero() && f.Due.Before(cutDay):
				ev = append(ev, inspection.Evidence{URL: recordURL(f.ID), Domain: f.Domain, Note: fmt.Sprintf("政策文件《%s》的解读应于%s前发布，截至%s仍未发布", f.Title, f.Due, cutDay)})
			case !f.On.IsZero() && f.On.After(f.Due):
				ev = append(ev, inspection.Evidence{URL: recordURL(f.ID), Domain: f.Domain, Note: fmt.Sprintf("政策文件《%s》的解读应于%s前发布，实际%s发布", f.Title, f.Due, f.On)})
			}
		}
	case inspection.RuleCatalogFilingLate, inspection.RuleReportLate:
		kind := string(campaign.KindCatalog)
		if rule.Kind == inspection.RuleReportLate {
			kind = string(campaign.KindProgress)
		}
		fs, err := a.store.ObligationsDue(ctx, u.ID, kind, r.PeriodFrom, cutDay.AddDays(-1))
		if err != nil {
			return nil, err
		}
		for _, f := range fs {
			url := fmt.Sprintf("/admin/orgs/%s/obligations/%d", u.Code, f.ID)
			switch {
			case f.On.IsZero() || f.On.After(cutDay):
				ev = append(ev, inspection.Evidence{URL: url, Note: fmt.Sprintf("“%s”应于%s前报送，截至%s未报送", f.Title, f.Due, cutDay)})
			case f.On.After(f.Due):
				ev = append(ev, inspection.Evidence{URL: url, Note: fmt.Sprintf("“%s”应于%s前报送，实际%s报送，晚%d天", f.Title, f.Due, f.On, f.On.Sub(f.Due))})
			}
		}
	case inspection.RuleWithdrawalReason:
		fs, err := a.store.WithdrawalsAt(ctx, u.ID, from, cut)
		if err != nil {
			return nil, err
		}
		for _, f := range fs {
			if utf8.RuneCountInString(strings.TrimSpace(f.Text)) < rule.MinChars {
				ev = append(ev, inspection.Evidence{URL: recordURL(f.ID), Domain: f.Domain, Note: fmt.Sprintf("《%s》于%s撤回，撤回理由“%s”未说明原因", f.Title, f.On, f.Text)})
			}
		}
	case inspection.RuleSatisfaction:
		n, err := a.store.RatingCounts(ctx, u.ID, from, cut)
		if err != nil {
			return nil, err
		}
		total := n[1] + n[2] + n[3]
		if total >= rule.MinCount && total > 0 {
			share := float64(n[1]+n[2]) * 100 / float64(total)
			if share < rule.Threshold {
				ev = append(ev, inspection.Evidence{URL: fmt.Sprintf("/admin/orgs/%s/ratings", u.Code),
					Note: fmt.Sprintf("检查期间共%d条评价，满意%d条、基本满意%d条，合计占%.1f%%，低于%g%%", total, n[1], n[2], share, rule.Threshold)})
			}
		}
	case inspection.RuleSiteUnreachable:
		wfrom := cut.AddDate(0, 0, -rule.Days)
		stats, err := a.store.ProbeStats(ctx, u.ID, wfrom, cut)
		if err != nil {
			return nil, err
		}
		ev = inspection.Unreachable(rule, stats, wfrom, cut, func(inspection.ProbeStat) string { return fmt.Sprintf("/admin/orgs/%s/probes", u.Code) })
	default:
		return nil, fmt.Errorf("unknown rule kind %q", rule.Kind)
	}
	return ev, nil
}

// mayScore tells whether p scores the manual indicators of unit u in round r.
func (a *App) mayScore(ctx context.Context, p *Principal, r inspection.Round, u org.Org) bool {
	if p == nil || !p.Can(org.PermScoreInspection, u) {
		return false
	}
	root := a.rootOf(ctx)
	for _, k := range r.Scorers {
		for _, g := range p.Person.Grants {
			if g.OrgPath == "" || !strings.HasPrefix(u.Path, g.OrgPath) {
				continue
			}
			switch {
			case k == inspection.ScorerProvince && g.Role == org.RoleSupervisor && g.OrgPath == root.Path,
				k == inspection.ScorerCity && g.Role == org.RoleSupervisor && g.OrgPath != root.Path,
				k == inspection.ScorerAssessor && g.Role == org.RoleAssessor:
				return true
			}
		}
	}
	return false
}

// MayScore tells the page whether p may mark unit u in the round.
func (a *App) MayScore(ctx context.Context, p *Principal, pg RoundPage, u org.Org) bool {
	return pg.Round.State != inspection.StateClosed && a.mayScore(ctx, p, pg.Round, u)
}

// unitIn finds a unit of the round by code.
func unitIn(r inspection.Round, units map[int64]org.Org, code string) (org.Org, error) {
	for _, uid := range r.Units {
		if units[uid].Code == code {
			return units[uid], nil
		}
	}
	return org.Org{}, errs.Fields("输入有误", errs.FieldError{Field: "unit", Label: "单位", Message: fmt.Sprintf("“%s”不是本轮被检查单位", code)})
}

// SaveMark records p's points for a manual indicator of a unit in a round, with the evidence
// files given (ev, at most one; see EvidenceUpload).
func (a *App) SaveMark(ctx context.Context, p *Principal, id int64, unitCode, indicator string, points float64, comment string, ev ...EvidenceUpload) error {
	r, _, units, _, err := a.roundView(ctx, p, id)
	if err != nil {
		return err
	}
	u, err := unitIn(r, units, unitCode)
	if err != nil {
		return err
	}
	if !a.mayScore(ctx, p, r, u) {
		return errs.E(errs.Forbidden, "您不是本轮检查“%s”的评分人", u.Name)
	}
	if r.State == inspection.StateClosed {
		return errs.E(errs.Conflict, "本轮检查已结束，不能再评分")
	}
	ind, ok := r.Set.Indicator(indicator)
	m := inspection.Mark{UnitID: u.ID, Indicator: indicator, ScorerID: p.Person.ID, Points: points, Comment: strings.TrimSpace(comment)}
	if err := inspection.ValidateMark(ind, ok, m); err != nil {
		return err
	}
	files, err := a.evidenceUploads(ctx, p, ev)
	if err != nil {
		return err
	}
	return a.store.SaveMark(ctx, p.Actor(), id, m, files)
}

// FileObjection files a unit's objection to a deduction within the objection period, with
// its files (ev, at most one; see EvidenceUpload).
func (a *App) FileObjection(ctx context.Context, p *Principal, id int64, unitCode, indicator, reason string, ev ...EvidenceUpload) (int64, error) {
	r, _, units, _, err := a.roundView(ctx, p, id)
	if err != nil {
		return 0, err
	}
	u, err := unitIn(r, units, unitCode)
	if err != nil {
		return 0, err
	}
	if err := p.Authorize(org.PermObjectInspection, u); err != nil {
		return 0, err
	}
	o := inspection.Objection{RoundID: id, UnitID: u.ID, Indicator: indicator, Reason: strings.TrimSpace(reason)}
	if err := inspection.ValidateObjection(o); err != nil {
		return 0, err
	}
	pg, err := a.Round(ctx, p, id)
	if err != nil {
		return 0, err
	}
	us, _ := pg.UnitScore(u.ID)
	deducted := false
	for _, ln := range us.Lines {
		if ln.Indicator.Code == indicator {
			deducted = ln.Deducted > 0 || ln.Veto
		}
	}
	if err := inspection.MayObject(r, a.Today(), deducted, pg.Objections, u.ID, indicator); err != nil {
		return 0, err
	}
	files, err := a.evidenceUploads(ctx, p, ev)
	if err != nil {
		return 0, err
	}
	return a.store.AddObjection(ctx, p.Actor(), o, files)
}

// DecideObjection upholds (accept: the deduction is withdrawn) or rejects an objection.
func (a *App) DecideObjection(ctx context.Context, p *Principal, objectionID int64, accept bool, opinion string) error {
	o, err := a.store.Objection(ctx, objectionID)
	if err != nil {
		return err
	}
	_, owner, _, _, err := a.roundView(ctx, p, o.RoundID)
	if err != nil {
		return err
	}
	if err := p.Authorize(org.PermManageInspection, owner); err != nil {
		return err
	}
	opinion = strings.TrimSpace(opinion)
	if n := utf8.RuneCountInString(opinion); n == 0 || n > 2000 {
		return errs.Fields("处理意见有误", errs.FieldError{Field: "opinion", Label: "处理意见", Message: "须填写，不超过2000字"})
	}
	st := inspection.ObjectionRejected
	if accept {
		st = inspection.ObjectionAccepted
	}
	return a.store.DecideObjection(ctx, p.Actor(), objectionID, st, opinion)
}

// CloseRound closes and freezes a round.
func (a *App) CloseRound(ctx context.Context, p *Principal, id int64) error {
	_, owner, _, _, err := a.roundView(ctx, p, id)
	if err != nil {
		return err
	}
	if err := p.Authorize(org.PermManageInspection, owner); err != nil {
		return err
	}
	return a.store.CloseRound(ctx, p.Actor(), id)
}

// AwardInput is what the province office enters for a bonus award.
type AwardInput struct {
	Unit    string
	Year    int
	Points  float64
	Reason  string
	Basis   string
	RoundID int64
}

// AwardBonus awards bonus points to a unit (the province office: a supervisor at the root).
func (a *App) AwardBonus(ctx context.Context, p *Principal, in AwardInput) (int64, error) {
	return a.awardBonus(ctx, p, in, false)
}

func (a *App) awardBonus(ctx context.Context, p *Principal, in AwardInput, sample bool) (int64, error) {
	root := a.rootOf(ctx)
	if err := p.Authorize(org.PermManageInspection, root); err != nil {
		return 0, err
	}
	aw := inspection.Award{Year: in.Year, Points: in.Points, Reason: strings.TrimSpace(in.Reason), Basis: strings.TrimSpace(in.Basis), RoundID: in.RoundID, Sample: sample}
	if u, err := a.store.OrgByCode(ctx, strings.TrimSpace(in.Unit)); err == nil && u.Kind == org.KindUnit {
		aw.UnitID = u.ID
	}
	if err := aw.Validate(); err != nil {
		return 0, err
	}
	if in.RoundID != 0 {
		if r, err := a.store.Round(ctx, in.RoundID); err != nil || r.State != inspection.StateClosed {
			return 0, errs.Fields("加分填写有误", errs.FieldError{Field: "round", Label: "依据的检查轮次", Message: "须为已结束的检查轮次"})
		}
	}
	return a.store.AddAward(ctx, p.Actor(), aw, root.ID)
}

// Awards lists the bonus awards of a year (0: all) to units under o; a unit sees its own.
func (a *App) Awards(ctx context.Context, p *Principal, o org.Org, year int) ([]inspection.Award, error) {
	if err := p.Authorize(org.PermView, o); err != nil {
		return nil, err
	}
	return a.store.Awards(ctx, o.Path, year)
}

// MayAward tells the page whether p awards bonus points.
func (a *App) MayAward(ctx context.Context, p *Principal) bool {
	return p.Can(org.PermManageInspection, a.rootOf(ctx))
}

// SeedRound creates a round marked as sample data (示例数据), for the demo dataset.
func (a *App) SeedRound(ctx context.Context, p *Principal, owner org.Org, in RoundInput) (int64, error) {
	return a.createRound(ctx, p, owner, in, true)
}

// SeedAward awards bonus points marked as sample data, for the demo dataset.
func (a *App) SeedAward(ctx context.Context, p *Principal, in AwardInput) (int64, error) {
	return a.awardBonus(ctx, p, in, true)
}

// MaxRectificationDays bounds the rectification period of a notice.
const MaxRectificationDays = 60

// NoticeDraft drafts the notice (通报) on a closed round for the office that ran it, with a
// rectification deadline days working days from today.
func (a *App) NoticeDraft(ctx context.Context, p *Principal, id int64, days int) (inspection.NoticeDraft, error) {
	pg, err := a.Round(ctx, p, id)
	if err != nil {
		return inspection.NoticeDraft{}, err
	}
	if err := p.Authorize(org.PermManageInspection, pg.Owner); err != nil {
		return inspection.NoticeDraft{}, err
	}
	if pg.Round.State != inspection.StateClosed {
		return inspection.NoticeDraft{}, errs.E(errs.Conflict, "本轮检查结束后才能起草通报")
	}
	if days < 1 || days > MaxRectificationDays {
		return inspection.NoticeDraft{}, errs.Fields("通报草稿有误", errs.FieldError{Field: "days", Label: "整改期限", Message: fmt.Sprintf("须为1到%d个工作日", MaxRectificationDays)})
	}
	cal, _, err := a.Calendar(ctx)
	if err != nil {
		return inspection.NoticeDraft{}, err
	}
	names := map[int64]string{}
	for id, u := range pg.Units {
		names[id] = u.Name
	}
	return inspection.Draft(pg.Round, pg.Scores, names, days, cal.AddWorkingDays(a.Today(), days).Date), nil
}
