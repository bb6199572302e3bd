package demo

import (
	"context"
	"fmt"

	"gongkai/internal/app"
	"gongkai/internal/inspection"
	"gongkai/internal/org"
)

// fillInspection adds inspection and evaluation: a closed round over the demo units with
// automatic and manual scores, one objection decided and one bonus award; and an open round
// that the assessor account can score.
func fillInspection(ctx context.Context, a *app.App, ids map[string]org.Org) error {
	s := a.SeedStore()
	who := func(login string) (*app.Principal, error) {
		p, err := s.PersonByLogin(ctx, login)
		if err != nil {
			return nil, fmt.Errorf("demo inspection: %s: %w", login, err)
		}
		return &app.Principal{Person: p, IP: "127.0.0.1"}, nil
	}
	prov, err := who("supervisor@610000")
	if err != nil {
		return err
	}
	city, err := who("supervisor@610100")
	if err != nil {
		return err
	}
	assessor, err := who("assessor")
	if err != nil {
		return err
	}
	// The unit's objection is filed in the name of the sample data, not of a demo account,
	// so that the accounts start with an audit trail of their own doing only.
	u := ids["610112"]
	admin := &app.Principal{Person: org.Person{Login: "demo", Name: "示例数据", Grants: []org.Grant{{OrgID: u.ID, OrgCode: u.Code, OrgPath: u.Path, Role: org.RoleUnitAdmin}}}}
	today := a.Today()
	units := []string{"610112", "610111"}
	closed, err := a.SeedRound(ctx, prov, ids["610000"], app.RoundInput{
		Name: fmt.Sprintf("%d年第一次基层政务公开检查（示例数据）", today.Year()), PeriodFrom: today.AddDays(-180), PeriodTo: today.AddDays(-1),
		Cutoff: today.Time(), Units: units, SetKey: "default", Scorers: []string{inspection.ScorerProvince, inspection.ScorerAssessor},
		Combine: inspection.CombineAverage, ObjectionDays: 5})
	if err != nil {
		return fmt.Errorf("demo inspection: %w", err)
	}
	if err := a.ComputeRound(ctx, prov, closed); err != nil {
		return fmt.Errorf("demo inspection compute: %w", err)
	}
	marks := []struct {
		by        *app.Principal
		unit, ind string
		pts       float64
		comment   string
	}{
		{assessor, "610112", "M01", 3, "抽查3个办事指南，1个缺少办理时间（示例数据）"},
		{prov, "610112", "M01", 4, ""},
		{assessor, "610112", "M02", 4, ""},
		{assessor, "610111", "M01", 2, "办事指南未列明办理材料的份数和形式（示例数据）"},
		{assessor, "610111", "M03", 3, "公示栏仍张贴上年度低保名单（示例数据）"},
	}
	for _, m := range marks {
		if err := a.SaveMark(ctx, m.by, closed, m.unit, m.ind, m.pts, m.comment); err != nil {
			return fmt.Errorf("demo inspection mark %s %s: %w", m.unit, m.ind, err)
		}
	}
	// 未央区 objects to the first automatic deduction it received; the province office decides.
	pg, err := a.Round(ctx, admin, closed)
	if err != nil {
		return err
	}
	for _, us := range pg.Scores {
		for _, ln := range us.Lines {
			if !ln.Indicator.Auto || ln.Deducted == 0 {
				continue
			}
			oid, err := a.FileObjection(ctx, admin, closed, "610112", ln.Indicator.Code, "相关信息已在区政府门户网站同步发布，请核实（示例数据）")
			if err != nil {
				return fmt.Errorf("demo objection: %w", err)
			}
			if err := a.DecideObjection(ctx, prov, oid, false, "平台记录显示确未按时发布，维持扣分（示例数据）"); err != nil {
				return fmt.Errorf("demo objection decision: %w", err)
			}
			break
		}
	}
	if err := a.CloseRound(ctx, prov, closed); err != nil {
		return fmt.Errorf("demo inspection close: %w", err)
	}
	if _, err := a.SeedAward(ctx, prov, app.AwardInput{Unit: "610112", Year: today.Year(), Points: 2,
		Reason: "检查评估中目录覆盖和信息公开及时性表现突出（示例数据）", Basis: "本年第一次基层政务公开检查（示例数据）", RoundID: closed}); err != nil {
		return fmt.Errorf("demo bonus: %w", err)
	}
	// An open round, run by 西安市, that the assessor can score now.
	if _, err := a.SeedRound(ctx, city, ids["610100"], app.RoundInput{
		Name: fmt.Sprintf("%d年西安市政务公开专项检查（示例数据）", today.Year()), PeriodFrom: today.AddDays(-90), PeriodTo: today.AddDays(30),
		Cutoff: today.AddDays(31).Time(), Units: units, SetKey: "default", Scorers: []string{inspection.ScorerCity, inspection.ScorerAssessor},
		Combine: inspection.CombineAverage, ObjectionDays: 5}); err != nil {
		return fmt.Errorf("demo open inspection: %w", err)
	}
	return nil
}
