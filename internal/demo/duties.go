package demo

import (
	"context"
	"fmt"
	"time"

	"gongkai/internal/app"
	"gongkai/internal/audit"
	"gongkai/internal/catalog"
	"gongkai/internal/org"
	"gongkai/internal/record"
)

// dutyBodies are the departments and townships of the demo that disclose on their own account
// (公开主体), each with its own drafter, reviewer and approver: what they issue goes through
// the unit's procedure at their level, under the unit office's oversight.
var dutyBodies = []string{"610112-mzj", "610112-zjbjd"}

// dutyAccounts are the staff accounts of dutyBodies.
func dutyAccounts(names func(code string) string) []Account {
	var out []Account
	for _, code := range dutyBodies {
		name := names(code)
		out = append(out,
			Account{Login: "editor@" + code, Name: name + "经办人（示例）", Role: org.RoleEditor, Org: code},
			Account{Login: "reviewer@" + code, Name: name + "保密审查员（示例）", Role: org.RoleReviewer, Org: code},
			Account{Login: "approver@" + code, Name: name + "审核签发人（示例）", Role: org.RoleApprover, Org: code},
		)
	}
	return out
}

// elderlyEntries is 未央区's catalog of 养老服务 (ylfw), with the responsible body of each
// entry: 未央区民政局 for policies, institutions and subsidies, 张家堡街道 for the community
// stations. The subsidy report is periodic (每季度结束后15日内).
func elderlyEntries(mzj, jd org.Org) []catalog.Entry {
	const basis = "《中华人民共和国政府信息公开条例》\n《中华人民共和国老年人权益保障法》"
	e := func(item1, item2, content, limit string, body org.Org, stage catalog.Stage) catalog.Entry {
		return catalog.Entry{Item1: item1, Item2: item2, Content: content, LegalBasis: basis, TimeLimitText: limit,
			ResponsibleBody: body.Name, ResponsibleOrgID: body.ID, Channels: []string{"website", "bulletin_board"},
			AudiencePublic: true, ModeProactive: true, LevelCounty: body.Kind == org.KindDept, LevelTownship: body.Kind == org.KindTownship,
			Stages: []catalog.Stage{stage}}
	}
	const within20 = "信息形成或者变更之日起20个工作日内"
	return []catalog.Entry{
		e("养老服务政策", "政策文件", "养老服务相关的规范性文件", within20, mzj, catalog.StageDecision),
		e("养老服务政策", "政策解读", "养老服务政策文件的解读材料", within20, mzj, catalog.StageDecision),
		e("养老机构管理", "养老机构备案信息", "养老机构名称、地址、床位数、备案日期", within20, mzj, catalog.StageManagement),
		e("养老服务补贴", "补贴发放情况", "高龄津贴、养老服务补贴的发放人数和金额", "每季度结束后15日内", mzj, catalog.StageResult),
		e("社区养老服务", "社区养老服务站点信息", "社区养老服务站点名称、地址、服务内容和开放时间", within20, jd, catalog.StageService),
	}
}

// fillDuties shows the duties of issue 14 on 未央区's 养老服务 catalog, made in effect 200
// days ago: 未央区民政局 and 张家堡街道 publish through their own staff; a policy with its
// interpretation on the same day and a later policy still without one (overdue); a record
// published after its deadline; a quarterly subsidy report published for one quarter and
// missing for a later one; an old measure repealed by the new one. The app's clock is set
// back for each step (as if the work had been done on those days) and restored at the end.
func fillDuties(ctx context.Context, a *app.App, ids map[string]org.Org) error {
	s := a.SeedStore()
	by := audit.System("demo")
	clock := a.Clock
	defer func() { a.Clock = clock }()
	now := clock()
	at := func(days int) {
		t := now.AddDate(0, 0, days)
		a.Clock = func() time.Time { return t }
	}
	day := func(days int) string { return now.AddDate(0, 0, days).In(app.Shanghai).Format("2006-01-02") }
	unit, mzj, jd, prov, city := ids["610112"], ids["610112-mzj"], ids["610112-zjbjd"], ids["610000"], ids["610100"]
	mzj.CreditCode = "11610112MB1200001X" // fictitious, so that its 索引号 carry its own code
	var err error
	if mzj, err = s.UpdateOrg(ctx, by, mzj); err != nil {
		return fmt.Errorf("demo duties: %w", err)
	}

	at(-200)
	v, err := s.NewDraft(ctx, by, unit.ID, "ylfw", false, elderlyEntries(mzj, jd), "养老服务目录（示例数据）", "new", 0)
	if err != nil {
		return fmt.Errorf("demo duties catalog: %w", err)
	}
	if err := s.FileVersion(ctx, by, v.ID, []int64{prov.ID, city.ID}, ""); err != nil {
		return err
	}
	for _, r := range []int64{prov.ID, city.ID} {
		if err := s.DecideFiling(ctx, by, v.ID, r, catalog.FilingAccepted, "同意备案（示例数据）"); err != nil {
			return err
		}
	}
	es, err := s.Entries(ctx, v.ID)
	if err != nil {
		return err
	}
	entry := func(item2 string) catalog.Entry {
		for _, e := range es {
			if e.Item2 == item2 {
				return e
			}
		}
		return catalog.Entry{}
	}
	who := func(login string) (*app.Principal, error) {
		p, err := s.PersonByLogin(ctx, login)
		return &app.Principal{Person: p, IP: "127.0.0.1"}, err
	}
	const note = "<p><strong>示例数据：</strong>本信息为演示用的虚构内容，不是真实的政府信息。</p>"
	// publish takes a record from draft to published, all on day `days`, by the staff of from.
	publish := func(days int, from org.Org, item2 string, in app.RecordInput) (int64, error) {
		at(days)
		in.BodyHTML = note + in.BodyHTML
		in.Openness = record.OpenProactive
		if in.WrittenOn == "" {
			in.WrittenOn = day(days)
		}
		ed, err := who("editor@" + from.Code)
		if err != nil {
			return 0, err
		}
		r, err := a.CreateRecord(ctx, ed, from, "ylfw", entry(item2).ID, in)
		if err != nil {
			return 0, fmt.Errorf("demo duties %s: %w", in.Title, err)
		}
		for _, st := range []struct {
			role string
			a    record.Action
		}{{"editor", record.Action{Kind: record.ActionSubmit}},
			{"reviewer", record.Action{Kind: record.ActionReviewPass, Opinion: "经审查，不涉及国家秘密、工作秘密和个人隐私（示例）"}},
			{"approver", record.Action{Kind: record.ActionApprove, Opinion: "同意发布（示例）"}}} {
			p, err := who(st.role + "@" + from.Code)
			if err != nil {
				return 0, err
			}
			if _, err := a.Act(ctx, p, r.ID, st.a); err != nil {
				return 0, fmt.Errorf("demo duties %s %s: %w", in.Title, st.a.Kind, err)
			}
		}
		return r.ID, nil
	}

	old, err := publish(-180, mzj, "政策文件", app.RecordInput{Kind: record.KindPolicy, Title: "未央区居家养老服务管理暂行办法（示例数据）",
		Summary: "居家养老服务的对象、内容和管理。", BodyHTML: "<p>第一条 为规范居家养老服务，制定本办法。</p>",
		DocNo: "未民发〔2026〕3号", Validity: record.ValidityEffective, FormedOn: day(-182)})
	if err != nil {
		return err
	}
	if _, err := publish(-150, mzj, "补贴发放情况", app.RecordInput{Kind: record.KindResult, Title: "未央区养老服务补贴发放情况（季度，示例数据）",
		Summary: "上一季度高龄津贴和养老服务补贴发放情况。", BodyHTML: "<p>上季度共发放高龄津贴1,260人次。</p>", FormedOn: day(-152)}); err != nil {
		return err
	}
	policy, err := publish(-120, mzj, "政策文件", app.RecordInput{Kind: record.KindPolicy, Title: "未央区居家和社区养老服务管理办法（示例数据）",
		Summary: "居家和社区养老服务的对象、内容、补贴和监督管理；自施行之日起，原暂行办法废止。", BodyHTML: "<p>第一条 为规范居家和社区养老服务，制定本办法。</p>",
		DocNo: "未民发〔2026〕9号", Validity: record.ValidityEffective, EffectiveOn: day(-110), Repeals: []int64{old}, FormedOn: day(-122)})
	if err != nil {
		return err
	}
	if _, err := publish(-120, mzj, "政策解读", app.RecordInput{Kind: record.KindInterpretation, Title: "《未央区居家和社区养老服务管理办法》政策解读（示例数据）",
		Summary: "办法出台的背景、主要内容和与原暂行办法的区别。", BodyHTML: "<p>一、出台背景……</p>", PolicyID: policy}); err != nil {
		return err
	}
	if _, err := publish(-30, mzj, "养老机构备案信息", app.RecordInput{Kind: record.KindOther, Title: "未央区养老机构备案信息（示例数据，超期发布）",
		Summary: "本季度新备案的养老机构。", BodyHTML: "<p>新备案养老机构2家。</p>", FormedOn: day(-90)}); err != nil {
		return err
	}
	if _, err := publish(-40, unit, "政策文件", app.RecordInput{Kind: record.KindPolicy, Title: "关于做好冬季养老机构安全管理工作的通知（示例数据，解读逾期）",
		Summary: "冬季养老机构消防、用电和食品安全。", BodyHTML: "<p>各养老机构要落实安全管理责任。</p>",
		DocNo: "未民发〔2026〕15号", Validity: record.ValidityEffective, FormedOn: day(-42)}); err != nil {
		return err
	}
	if _, err := publish(-10, jd, "社区养老服务站点信息", app.RecordInput{Kind: record.KindServiceGuide, Title: "张家堡街道社区养老服务站点（示例数据）",
		Summary: "街道辖区社区养老服务站点和开放时间。", BodyHTML: "<p>共有社区养老服务站5个。</p>", FormedOn: day(-12),
		Guide: record.ServiceGuide{ItemName: "社区养老服务", LegalBasis: "《中华人民共和国老年人权益保障法》", Conditions: "辖区60周岁以上老年人",
			Materials: "身份证", Procedure: "到站点登记", Place: "各社区养老服务站", Hours: "工作日9:00—17:00", ConsultPhone: "029-00000000"}}); err != nil {
		return err
	}
	return nil
}
