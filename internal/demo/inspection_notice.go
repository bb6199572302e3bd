package demo

import (
	"context"
	"fmt"

	"gongkai/internal/app"
	"gongkai/internal/audit"
	"gongkai/internal/campaign"
	"gongkai/internal/inspection"
	"gongkai/internal/org"
	"gongkai/internal/record"
)

// fillInspectionNotice publishes the notice (通报) on the demo's closed round through the
// procedure — drafted by supervisor@610000, reviewed and approved by two more staff of the
// province office (sample people who cannot sign in: the separation of duties wants three) —
// which gives the units named in it their rectification reports; the first unit files its
// report and the province office receipts it, the other's is still due.
func fillInspectionNotice(ctx context.Context, a *app.App, ids map[string]org.Org) error {
	s := a.SeedStore()
	prov := ids["610000"]
	drafter, err := s.PersonByLogin(ctx, "supervisor@610000")
	if err != nil {
		return fmt.Errorf("demo notice: %w", err)
	}
	staff := func(login, name string) (*app.Principal, error) {
		p, err := s.CreatePerson(ctx, audit.System("demo"), org.Person{Login: login, Name: name, Sample: true,
			Grants: []org.Grant{{OrgID: prov.ID, OrgCode: prov.Code, Role: org.RoleSupervisor}}})
		if err != nil {
			return nil, fmt.Errorf("demo notice person %s: %w", login, err)
		}
		if p, err = s.PersonByLogin(ctx, p.Login); err != nil { // with the grants' paths
			return nil, err
		}
		return &app.Principal{Person: p, IP: "127.0.0.1"}, nil
	}
	reviewer, err := staff("notice-reviewer@610000", "省政府政务公开办公室保密审查（示例）")
	if err != nil {
		return err
	}
	approver, err := staff("notice-approver@610000", "省政府政务公开办公室审核签发（示例）")
	if err != nil {
		return err
	}
	p := &app.Principal{Person: drafter, IP: "127.0.0.1"}
	rounds, err := a.Rounds(ctx, p, prov)
	if err != nil {
		return err
	}
	var round int64
	for _, r := range rounds {
		if r.State == inspection.StateClosed && r.OrgID == prov.ID {
			round = r.ID
			break
		}
	}
	if round == 0 {
		return fmt.Errorf("demo notice: no closed round")
	}
	rec, _, err := a.CreateNoticeRecord(ctx, p, round, app.NoticeInput{Days: 10})
	if err != nil {
		return fmt.Errorf("demo notice: %w", err)
	}
	for _, st := range []struct {
		p *app.Principal
		a record.Action
	}{
		{p, record.Action{Kind: record.ActionSubmit}},
		{reviewer, record.Action{Kind: record.ActionReviewPass, Opinion: "经审查，不涉及国家秘密、工作秘密和个人隐私（示例）"}},
		{approver, record.Action{Kind: record.ActionApprove, Opinion: "同意发布（示例）"}},
	} {
		if _, err := a.Act(ctx, st.p, rec.ID, st.a); err != nil {
			return fmt.Errorf("demo notice %s: %w", st.a.Kind, err)
		}
	}
	rn, ok, err := a.RoundNotice(ctx, p, round)
	if err != nil || !ok || rn.CampaignID == 0 {
		return fmt.Errorf("demo notice: no rectification (%v)", err)
	}
	_, rows, err := a.CampaignObligations(ctx, p, rn.CampaignID, app.ObligationFilter{})
	if err != nil || len(rows) == 0 {
		return fmt.Errorf("demo rectification: %d obligations (%v)", len(rows), err)
	}
	// The first unit named files its report, in the name of the sample data, and the
	// province office receipts it.
	first := rows[0]
	u := ids[first.OrgCode]
	admin := &app.Principal{Person: org.Person{Login: "demo", Name: "示例数据", Grants: []org.Grant{{OrgID: u.ID, OrgCode: u.Code, OrgPath: u.Path, Role: org.RoleUnitAdmin}}}}
	sub, _, err := a.Submit(ctx, admin, first.ID, campaign.Submission{Summary: "已对照通报指出的问题逐项整改：补发了逾期信息，更新了公示栏，完善了办事指南（示例数据）",
		Progress: "逾期信息已全部发布；办事指南已补充办理时限和材料要求（示例数据）", NextSteps: "每周检查栏目更新情况（示例数据）"})
	if err != nil {
		return fmt.Errorf("demo rectification report: %w", err)
	}
	if err := a.Receipt(ctx, p, sub, prov.ID, campaign.Accept, ""); err != nil {
		return fmt.Errorf("demo rectification receipt: %w", err)
	}
	return nil
}
