package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gongkai/internal/app"
	"gongkai/internal/catalog"
	"gongkai/internal/org"
	"gongkai/internal/record"
)

// sampleRecord is a demo record and how far it goes through the procedure.
type sampleRecord struct {
	unit, domain, item1, item2 string
	in                         app.RecordInput
	until                      record.State // draft, in_review, scheduled, published
	interprets                 int          // index (1-based) of the policy it interprets
}

func sampleRecords(today time.Time) []sampleRecord {
	day := func(d int) string { return today.AddDate(0, 0, d).In(app.Shanghai).Format("2006-01-02") }
	table := func(rows ...string) string {
		var b strings.Builder
		b.WriteString("<table><thead><tr><th>序号</th><th>姓名</th><th>身份证号</th><th>家庭人口</th><th>月保障金额（元）</th></tr></thead><tbody>")
		for i, r := range rows {
			f := strings.Split(r, "|")
			fmt.Fprintf(&b, "<tr><td>%d</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>", i+1, f[0], f[1], f[2], f[3])
		}
		b.WriteString("</tbody></table>")
		return b.String()
	}
	const note = "<p><strong>示例数据：</strong>本信息为演示用的虚构内容，不是真实的政府信息。</p>"
	return []sampleRecord{
		{unit: "610112", domain: "shjz", item1: "最低生活保障", item2: "政策文件", until: record.StatePublished, in: app.RecordInput{
			Kind: record.KindPolicy, Title: "西安市未央区人民政府关于调整城乡最低生活保障标准的通知（示例数据）",
			Summary: "自2026年7月1日起，城市低保标准调整为每人每月850元，农村低保标准调整为每人每年6800元。",
			BodyHTML: note + "<p>各街道办事处，区政府各工作部门：</p><p>为切实保障困难群众基本生活，根据《社会救助暂行办法》和省、市有关规定，经区政府研究，决定调整我区城乡最低生活保障标准。现将有关事项通知如下：</p>" +
				"<h2>一、调整标准</h2><p>城市最低生活保障标准由每人每月820元提高到850元；农村最低生活保障标准由每人每年6500元提高到6800元。</p>" +
				"<h2>二、执行时间</h2><p>新标准自2026年7月1日起执行。</p><h2>三、工作要求</h2><p>各街道要做好低保对象的审核确认和动态管理，确保按时足额发放。</p>",
			Subject: "17.3", Issuer: "西安市未央区人民政府", WrittenOn: day(-150), DocNo: "未政发〔2026〕12号", Validity: record.ValidityEffective,
			Openness: record.OpenProactive, FormedOn: day(-150)}},
		{unit: "610112", domain: "shjz", item1: "最低生活保障", item2: "政策文件", until: record.StatePublished, interprets: 1, in: app.RecordInput{
			Kind: record.KindInterpretation, Title: "《关于调整城乡最低生活保障标准的通知》政策解读（示例数据）",
			Summary: "解读低保标准调整的背景、调整幅度、执行时间和申请渠道。",
			BodyHTML: note + "<h2>一、调整背景</h2><p>根据物价变动情况和居民生活水平，按照低保标准动态调整机制，对城乡低保标准进行调整。</p>" +
				"<h2>二、主要内容</h2><p>城市低保标准每人每月提高30元，农村低保标准每人每年提高300元。</p><h2>三、如何申请</h2><p>可向户籍所在地街道办事处提出申请，也可通过网上办事大厅办理。咨询电话：029-86000000（示例）。</p>",
			Subject: "17.3", Issuer: "西安市未央区民政局", WrittenOn: day(-149), Openness: record.OpenProactive, FormedOn: day(-149)}},
		{unit: "610112", domain: "shjz", item1: "最低生活保障", item2: "审核信息", until: record.StatePublished, in: app.RecordInput{
			Kind: record.KindPublicity, Title: "未央区2026年10月城乡最低生活保障新增对象公示（示例数据）",
			Summary: "经个人申请、街道审核，拟将以下家庭纳入城乡最低生活保障范围，现予公示。公示期7个工作日。",
			BodyHTML: note + "<p>公示期间如有异议，请向区民政局反映。监督电话：029-86000001（示例）。</p>" +
				table("张某某|610112********1234|3|2550", "李某某|610112********5678|1|850", "王某某|610112********9012|2|1700"),
			Subject: "17.3", Issuer: "西安市未央区民政局", WrittenOn: day(-20), Openness: record.OpenProactive, FormedOn: day(-20), PublicityDays: 7}},
		{unit: "610112", domain: "shjz", item1: "最低生活保障", item2: "办事指南", until: record.StatePublished, in: app.RecordInput{
			Kind: record.KindServiceGuide, Title: "最低生活保障审核确认办事指南（示例数据）",
			Summary: "最低生活保障的申请条件、所需材料、办理流程和时限。", BodyHTML: note,
			Subject: "17.3", Issuer: "西安市未央区民政局", WrittenOn: day(-60), Openness: record.OpenProactive, FormedOn: day(-60),
			Guide: record.ServiceGuide{ItemName: "最低生活保障审核确认", LegalBasis: "《社会救助暂行办法》第九条至第十七条\n《最低生活保障审核确认办法》",
				Conditions: "持有本区户籍，共同生活的家庭成员人均收入低于当地最低生活保障标准，且家庭财产状况符合规定的家庭。",
				Materials:  "1. 最低生活保障申请书\n2. 家庭成员身份证、户口簿\n3. 家庭经济状况核对授权书", Procedure: "申请—受理—家庭经济状况调查—审核确认—公示—发放",
				TimeLimit: "自受理之日起30个工作日内", Place: "户籍所在地街道办事处便民服务中心", Hours: "工作日 9:00—12:00，13:30—17:30",
				Fees: "不收费", ConsultPhone: "029-86000000（示例）", SupervisePhone: "029-86000001（示例）", OnlineURL: "https://zwfw.shaanxi.gov.cn/"}}},
		{unit: "610112", domain: "shjz", item1: "最低生活保障", item2: "审批结果", until: record.StateInReview, in: app.RecordInput{
			Kind: record.KindResult, Title: "未央区2026年第四季度城乡低保资金发放情况（示例数据，审查中）",
			Summary: "第四季度低保资金发放汇总。", BodyHTML: note + "<p>第四季度共发放城乡低保资金486.2万元，惠及4215户。</p>",
			Subject: "17.3", Issuer: "西安市未央区民政局", WrittenOn: day(-3), Openness: record.OpenProactive, FormedOn: day(-3)}},
		{unit: "610112", domain: "shjz", item1: "特困人员救助供养", item2: "审批结果", until: record.StateDraft, in: app.RecordInput{
			Kind: record.KindPublicity, Title: "特困人员认定结果公示（示例数据：含未遮盖的身份证号，演示个人信息保护）",
			Summary:  "演示：草稿中含有完整身份证号，提交保密审查后，审查人员可见并一键遮盖。",
			BodyHTML: note + "<p>拟认定为特困人员：赵某某，身份证号 " + demoID() + "，联系电话 13912345678。</p>",
			Subject:  "17.3", Issuer: "西安市未央区民政局", WrittenOn: day(-1), Openness: record.OpenProactive, FormedOn: day(-1), PublicityDays: 7}},
		{unit: "610112", domain: "snbt", item1: "农业机械化补贴", item2: "农机购置补贴", until: record.StatePublished, in: app.RecordInput{
			Kind: record.KindPolicy, Title: "未央区2026年农机购置与应用补贴实施方案（示例数据）",
			Summary:  "明确2026年农机购置补贴的补贴范围、补贴标准、操作程序和监督管理。",
			BodyHTML: note + "<h2>一、补贴范围</h2><p>耕整地、种植施肥、田间管理、收获等机具。</p><h2>二、补贴标准</h2><p>实行定额补贴，一般机具单机补贴额不超过5万元。</p>",
			Subject:  "06.1", Issuer: "西安市未央区农业农村和水务局", WrittenOn: day(-90), DocNo: "未农发〔2026〕5号", Validity: record.ValidityEffective,
			Openness: record.OpenProactive, FormedOn: day(-90)}},
		{unit: "610112", domain: "snbt", item1: "农业机械化补贴", item2: "农机购置补贴", until: record.StateScheduled, in: app.RecordInput{
			Kind: record.KindOther, Title: "关于开展2027年度农机购置补贴申请受理工作的公告（示例数据，定时发布）",
			Summary: "2027年度农机购置补贴申请受理时间和方式。", BodyHTML: note + "<p>2027年度农机购置补贴申请受理工作将于2027年1月5日开始。</p>",
			Subject: "06.1", Issuer: "西安市未央区农业农村和水务局", WrittenOn: day(-2), Openness: record.OpenProactive, FormedOn: day(-2)}},
		{unit: "610111", domain: "shjz", item1: "最低生活保障", item2: "政策文件", until: record.StatePublished, in: app.RecordInput{
			Kind: record.KindPolicy, Title: "西安市灞桥区最低生活保障工作实施细则（示例数据）",
			Summary: "规范灞桥区最低生活保障的申请、审核确认和动态管理。", BodyHTML: note + "<p>第一条 为规范最低生活保障工作，制定本细则。</p>",
			Subject: "17.3", Issuer: "西安市灞桥区人民政府", WrittenOn: day(-100), DocNo: "灞政发〔2026〕8号", Validity: record.ValidityEffective,
			Openness: record.OpenProactive, FormedOn: day(-100)}},
	}
}

// demoID is a generated citizen ID with a correct check digit (a fictitious person), so the
// personal-information guard has something real to find in the demo.
func demoID() string {
	first := "61011219800101001"
	w := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, c := range first {
		sum += int(c-'0') * w[i]
	}
	return first + string("10X98765432"[sum%11])
}

// fillRecords takes the sample records through the real procedure with the demo accounts.
func fillRecords(ctx context.Context, a *app.App, ids map[string]org.Org) error {
	who := func(login string) (*app.Principal, error) {
		p, err := a.SeedStore().PersonByLogin(ctx, login)
		return &app.Principal{Person: p, IP: "127.0.0.1"}, err
	}
	var created []int64
	for i, sr := range sampleRecords(a.Now()) {
		u := ids[sr.unit]
		editor, err := who("editor@" + sr.unit)
		if err != nil {
			return err
		}
		reviewer, _ := who("reviewer@" + sr.unit)
		approver, _ := who("approver@" + sr.unit)
		_, es, err := a.EffectiveCatalog(ctx, u, sr.domain)
		if err != nil {
			return fmt.Errorf("demo record %d: %w", i+1, err)
		}
		var entry catalog.Entry
		for _, e := range es {
			if e.Item1 == sr.item1 && e.Item2 == sr.item2 {
				entry = e
			}
		}
		if entry.ID == 0 {
			return fmt.Errorf("demo record %d: no entry %s/%s", i+1, sr.item1, sr.item2)
		}
		if sr.interprets > 0 {
			sr.in.PolicyID = created[sr.interprets-1]
		}
		r, err := a.CreateRecord(ctx, editor, u, sr.domain, entry.ID, sr.in)
		if err != nil {
			return fmt.Errorf("demo record %d: %w", i+1, err)
		}
		created = append(created, r.ID)
		steps := []struct {
			p *app.Principal
			a record.Action
		}{
			{editor, record.Action{Kind: record.ActionSubmit}},
			{reviewer, record.Action{Kind: record.ActionReviewPass, Opinion: "经审查，不涉及国家秘密、工作秘密和个人隐私（示例）"}},
			{approver, record.Action{Kind: record.ActionApprove, Opinion: "同意发布（示例）"}},
		}
		switch sr.until {
		case record.StateDraft:
			steps = nil
		case record.StateInReview:
			steps = steps[:1]
		case record.StateScheduled:
			steps[2].a.At = a.Now().Add(72 * time.Hour)
		}
		for _, st := range steps {
			if _, err := a.Act(ctx, st.p, r.ID, st.a); err != nil {
				return fmt.Errorf("demo record %d %s: %w", i+1, st.a.Kind, err)
			}
		}
	}
	return nil
}
