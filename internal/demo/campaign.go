package demo

import (
	"context"
	"fmt"

	"gongkai/internal/app"
	"gongkai/internal/audit"
	"gongkai/internal/calendar"
	"gongkai/internal/campaign"
	"gongkai/internal/org"
	"gongkai/internal/store"
)

// pilot2017 is the campaign of the seed plan (陕政办发〔2017〕70号) as history, with its real
// dates (§四 工作进度, §五 保障措施) and the plan's units in Xi'an that the demo holds.
func pilot2017() campaign.Campaign {
	d := calendar.MustParseDate
	toBoth := []campaign.Recipient{campaign.ToProvince, campaign.ToCity}
	return campaign.Campaign{
		Name:     "陕西省基层政务公开标准化规范化试点工作（示例数据）",
		DocNo:    "陕政办发〔2017〕70号",
		IssuedOn: d("2017-08-11"),
		DocText:  "陕西省人民政府办公厅关于印发开展基层政务公开标准化规范化试点工作实施方案的通知。在国务院办公厅确定的西安市未央区等7个试点县（区）的基础上，增加西安市灞桥区等22个市（县、区、开发区、示范区、新区），同步开展试点工作。",
		Public:   true,
		Units: []campaign.Participant{
			{Unit: "610112", Domains: []string{"shjz", "snbt", "ggwhfw", "jycy", "ylfw"}},
			{Unit: "610111", Domains: []string{"shjz", "bzxzf", "cxgh", "ywjy"}},
		},
		Phases: []campaign.Phase{
			{Name: "方案制订阶段（2017年8月）", Deliverables: []campaign.Deliverable{
				{Kind: campaign.KindWorkPlan, Title: "试点工作方案", Owner: campaign.OwnerUnit, Recipients: toBoth, Due: campaign.Due{Date: d("2017-08-31")}}}},
			{Name: "事项梳理阶段（2017年9月—10月）", Deliverables: []campaign.Deliverable{
				{Kind: campaign.KindCatalog, Title: "政务公开事项清单和标准目录", Owner: campaign.OwnerUnit, Recipients: toBoth, Due: campaign.Due{Date: d("2017-10-31")}}}},
			{Name: "组织落实阶段（2017年11月—2018年6月）", Deliverables: []campaign.Deliverable{
				{Kind: campaign.KindSummary, Title: "试点工作总结", Owner: campaign.OwnerUnit, Recipients: toBoth, Due: campaign.Due{Date: d("2018-06-30")}}}},
			{Name: "总结验收阶段（2018年7月—8月）", Deliverables: []campaign.Deliverable{
				{Kind: campaign.KindCityReport, Title: "设区市试点工作报告", Owner: campaign.OwnerCity, Recipients: []campaign.Recipient{campaign.ToProvince}, Due: campaign.Due{Date: d("2018-07-31")}},
				{Kind: campaign.KindInspection, Title: "检查验收和全省试点工作总体报告", Owner: campaign.OwnerProvince, Due: campaign.Due{Date: d("2018-08-31")}}}},
		},
		Cadences:     campaign.Cadences{Unit: campaign.Semimonthly, City: campaign.Monthly, Department: campaign.Monthly},
		ReportsUntil: d("2018-06-30"),
	}
}

// current is a campaign whose dates fall around today, so that every state of an
// obligation shows when the demo starts.
func current(today calendar.Date, cal *calendar.Calendar) campaign.Campaign {
	toBoth := []campaign.Recipient{campaign.ToProvince, campaign.ToCity}
	y := today.Year()
	return campaign.Campaign{
		Name:     fmt.Sprintf("%d年度基层政务公开标准化规范化深化工作（示例数据）", y),
		DocNo:    fmt.Sprintf("陕政办函〔%d〕99号（示例）", y),
		IssuedOn: today.AddDays(-35),
		DocText:  "示例数据：在试点基础上，深化基层政务公开标准化规范化工作，各单位报送工作方案、更新标准目录并定期报送进展情况。",
		Public:   true,
		Units: []campaign.Participant{
			{Unit: "610112", Domains: []string{"shjz", "snbt"}},
			{Unit: "610111", Domains: []string{"shjz", "bzxzf"}},
		},
		Phases: []campaign.Phase{
			{Name: "方案制订阶段", Deliverables: []campaign.Deliverable{
				{Kind: campaign.KindWorkPlan, Title: "深化工作方案", Owner: campaign.OwnerUnit, Recipients: toBoth, Due: campaign.Due{Date: today.AddDays(-14)}}}},
			{Name: "目录更新阶段", Deliverables: []campaign.Deliverable{
				{Kind: campaign.KindCatalog, Title: "更新后的标准目录", Owner: campaign.OwnerUnit, Recipients: toBoth, Due: campaign.Due{Date: cal.AddWorkingDays(today, 1).Date}}}},
			{Name: "总结阶段", Deliverables: []campaign.Deliverable{
				{Kind: campaign.KindSummary, Title: "深化工作总结", Owner: campaign.OwnerUnit, Recipients: toBoth, Due: campaign.Due{Date: today.AddDays(90)}},
				{Kind: campaign.KindCityReport, Title: "设区市工作报告", Owner: campaign.OwnerCity, Recipients: []campaign.Recipient{campaign.ToProvince}, Due: campaign.Due{Date: today.AddDays(110)}}}},
		},
		Cadences:     campaign.Cadences{Unit: campaign.Semimonthly, City: campaign.Monthly},
		ReportsUntil: today.AddDays(90),
	}
}

// fillCampaigns stores both campaigns, their filings and receipts, and the liaisons.
func fillCampaigns(ctx context.Context, a *app.App, ids map[string]org.Org) error {
	s := a.SeedStore()
	by := audit.System("demo")
	cal, _, err := a.Calendar(ctx)
	if err != nil {
		return err
	}
	xian := ids["610100"]
	// History: everything filed in time and accepted by every recipient.
	old, err := a.SeedCampaign(ctx, pilot2017())
	if err != nil {
		return fmt.Errorf("demo campaign 2017: %w", err)
	}
	obs, err := s.Obligations(ctx, store.ObligationQuery{CampaignID: old})
	if err != nil {
		return err
	}
	var fs []store.SeedFiling
	for _, o := range obs {
		x := campaign.Submission{Summary: "已按期报送（示例数据）", Public: o.Kind == campaign.KindWorkPlan || o.Kind == campaign.KindSummary}
		if o.Kind == campaign.KindProgress {
			x = campaign.Submission{Progress: "按计划推进事项梳理、目录编制和信息发布（示例数据）", Problems: "无", NextSteps: "继续推进（示例数据）"}
		}
		fs = append(fs, store.SeedFiling{ObligationID: o.ID, Submission: x, Day: o.Due.AddDays(-1), Decision: campaign.Accept})
	}
	if err := s.SeedFilings(ctx, by, fs); err != nil {
		return fmt.Errorf("demo filings 2017: %w", err)
	}
	// Now: for 610112 and 610111 the work plan accepted (610112) or returned (610111), the
	// liaison list filed late, the catalog due, the summary and later reports upcoming;
	// past progress reports filed in time for 610112 and missing for 610111.
	today := a.Today()
	cur, err := a.SeedCampaign(ctx, current(today, cal))
	if err != nil {
		return fmt.Errorf("demo campaign now: %w", err)
	}
	if obs, err = s.Obligations(ctx, store.ObligationQuery{CampaignID: cur}); err != nil {
		return err
	}
	// The past progress reports of each unit, in due order: 610112's last one is returned,
	// 610111's first one accepted and the others missing.
	past := map[string][]int64{}
	for _, o := range obs {
		if o.Kind == campaign.KindProgress && !o.Due.After(today) {
			past[o.OrgCode] = append(past[o.OrgCode], o.ID)
		}
	}
	report := campaign.Submission{Progress: "完成社会救助、涉农补贴目录复核（示例数据）", Problems: "部分街道信息更新不及时", NextSteps: "开展街道业务培训",
		Experience: "以“一张清单”统筹区、街道两级公开事项（示例数据）"}
	fs = nil
	file := func(o campaign.Obligation, x campaign.Submission, day calendar.Date, d campaign.Decision, opinion string) {
		fs = append(fs, store.SeedFiling{ObligationID: o.ID, Submission: x, Day: day, Decision: d, Opinion: opinion})
	}
	for _, o := range obs {
		if o.Due.After(today) {
			continue
		}
		switch {
		case o.Kind == campaign.KindWorkPlan && o.OrgCode == "610112":
			file(o, campaign.Submission{Summary: "深化工作方案已经区政府常务会议审定（示例数据）", Public: true}, o.Due.AddDays(-2), campaign.Accept, "")
		case o.Kind == campaign.KindWorkPlan && o.OrgCode == "610111":
			file(o, campaign.Submission{Summary: "深化工作方案（示例数据）"}, o.Due.AddDays(-1), campaign.Return, "请补充涉农补贴领域的目录更新计划和时间安排（示例数据）")
		case o.Kind == campaign.KindLiaison && o.Owner == campaign.OwnerUnit:
			file(o, campaign.Submission{Summary: "主管负责同志和联络员名单见联络员登记（示例数据）"}, o.Due.AddDays(4), "", "")
		case o.Kind == campaign.KindLiaison:
			file(o, campaign.Submission{Summary: "西安市联络员名单（示例数据）"}, o.Due, campaign.Accept, "")
		case o.Kind == campaign.KindProgress && o.OrgCode == "610112" && o.ID == past["610112"][len(past["610112"])-1]:
			file(o, report, o.Due.AddDays(-1), campaign.Return, "请补充本期发布信息的具体数量和典型做法（示例数据）")
		case o.Kind == campaign.KindProgress && (o.OrgCode == "610112" || o.ID == past["610111"][0]):
			file(o, report, o.Due.AddDays(-1), campaign.Accept, "")
		}
	}
	if err := s.SeedFilings(ctx, by, fs); err != nil {
		return fmt.Errorf("demo filings now: %w", err)
	}
	for _, l := range []campaign.Liaison{
		{OrgID: ids["610112"].ID, Role: campaign.RoleLeader, Name: "张示例", Post: "区政府副区长", OfficePhone: "029-86520001", Mobile: "13900000001", Email: "leader@610112.example.cn"},
		{OrgID: ids["610112"].ID, Role: campaign.RoleLiaison, Name: "李示例", Post: "区政务公开办科员", OfficePhone: "029-86520002", Mobile: "13900000002", Email: "liaison@610112.example.cn"},
		{OrgID: ids["610111"].ID, Role: campaign.RoleLeader, Name: "王示例", Post: "区政府副区长", OfficePhone: "029-83530001", Mobile: "13900000003"},
		{OrgID: ids["610111"].ID, Role: campaign.RoleLiaison, Name: "赵示例", Post: "区政务公开办副主任", OfficePhone: "029-83530002", Mobile: "13900000004", Email: "liaison@610111.example.cn"},
		{OrgID: xian.ID, Role: campaign.RoleLeader, Name: "陈示例", Post: "市政府副秘书长", OfficePhone: "029-86780001", Mobile: "13900000005"},
		{OrgID: xian.ID, Role: campaign.RoleLiaison, Name: "刘示例", Post: "市政务公开办科长", OfficePhone: "029-86780002", Mobile: "13900000006", Email: "liaison@610100.example.cn"},
	} {
		if _, err := s.AddLiaison(ctx, by, l); err != nil {
			return fmt.Errorf("demo liaison: %w", err)
		}
	}
	return nil
}
