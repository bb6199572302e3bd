package demo

import (
	"context"
	"fmt"
	"strings"

	"gongkai/internal/app"
	"gongkai/internal/org"
	"gongkai/internal/record"
)

// fullName is the official name a demo organisation publishes under (org.Org.FullName):
// 西安市未央区人民政府, 西安市未央区民政局, 西安市未央区张家堡街道办事处, 西安市人民政府.
func fullName(nd node, ids map[string]org.Org, parentID int64) string {
	var parent, grand org.Org
	for _, o := range ids {
		if o.ID == parentID && parentID != 0 {
			parent = o
		}
	}
	for _, o := range ids {
		if o.ID == parent.ParentID && parent.ParentID != 0 {
			grand = o
		}
	}
	switch nd.kind {
	case org.KindCity:
		if strings.HasSuffix(nd.name, "市") {
			return nd.name + "人民政府"
		}
	case org.KindUnit:
		if parent.Kind == org.KindCity && strings.HasSuffix(parent.Name, "市") && nd.unitType != "开发区" && nd.unitType != "示范区" && nd.unitType != "新区" {
			return parent.Name + nd.name + "人民政府"
		}
	case org.KindDept:
		if grand.Kind == org.KindCity {
			return grand.Name + nd.name
		}
	case org.KindTownship:
		if grand.Kind == org.KindCity && parent.Kind == org.KindUnit {
			return grand.Name + parent.Name + nd.name + "办事处"
		}
	}
	return ""
}

// columnPage is a demo page of the 政府信息公开 专栏.
type columnPage struct {
	kind  record.Kind
	title string
	body  string
}

// columnPages are 未央区's 政府信息公开指南 and 制度 (sample texts after the structure the
// national guidance gives them).
func columnPages(u org.Org) []columnPage {
	name := u.Official()
	return []columnPage{
		{record.KindInfoGuide, name + "政府信息公开指南（示例）", `<p>为了保障公民、法人和其他组织依法获取政府信息，根据《中华人民共和国政府信息公开条例》（以下简称《条例》），编制本指南。本指南为示例数据。</p>
<h2>一、主动公开</h2>
<p>（一）公开范围。本机关依照《条例》第十九条、第二十条、第二十一条的规定，按照各试点领域基层政务公开标准目录主动公开政府信息，具体内容见本网站“法定主动公开内容”。</p>
<p>（二）公开方式。主要通过本网站公开，并视情况通过政务新媒体、政务服务大厅公开栏、便民服务窗口等渠道公开。</p>
<p>（三）公开时限。属于主动公开范围的政府信息，自该政府信息形成或者变更之日起20个工作日内及时公开；法律、法规对公开期限另有规定的，从其规定。</p>
<h2>二、依申请公开</h2>
<p>（一）受理机构：` + name + `政务公开办公室（示例）。办公时间：法定工作日上午9:00—12:00，下午13:30—17:30。</p>
<p>（二）申请方式。申请人可以通过本网站“依申请公开”栏目在线提交申请，也可以当面提交或者以信函方式提交。信函申请以签收之日为收到申请之日。</p>
<p>（三）办理时限。能够当场答复的，当场予以答复；不能当场答复的，自收到申请之日起20个工作日内予以答复；需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不超过20个工作日。</p>
<p>（四）收费。依申请提供政府信息，不收取费用。申请人申请公开政府信息的数量、频次明显超过合理范围的，可以依照国家规定收取信息处理费。</p>
<h2>三、监督和救济</h2>
<p>公民、法人或者其他组织认为本机关在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关或者政府信息公开工作主管部门投诉、举报，也可以依法申请行政复议或者提起行政诉讼。</p>`},
		{record.KindInfoRules, name + "政府信息公开保密审查制度（示例）", `<p>第一条　为规范政府信息公开保密审查工作，根据《中华人民共和国保守国家秘密法》和《中华人民共和国政府信息公开条例》，制定本制度。本制度为示例数据。</p>
<p>第二条　拟公开的政府信息，应当在公开前依照法律、法规和国家有关规定进行保密审查，坚持“先审查、后公开”和“一事一审”的原则。</p>
<p>第三条　信息起草部门承担初审责任，政务公开办公室承担复审责任，经审核签发后方可公开。</p>
<p>第四条　对不能确定是否可以公开的政府信息，应当依照法律、法规和国家有关规定报有关主管部门或者保密行政管理部门确定。</p>
<p>第五条　本制度自印发之日起施行。</p>`},
		{record.KindInfoRules, name + "政府信息公开申请办理工作制度（示例）", `<p>第一条　为规范政府信息公开申请的受理、办理和答复，制定本制度。本制度为示例数据。</p>
<p>第二条　政务公开办公室统一登记政府信息公开申请，申请内容不明确的，在收到申请之日起7个工作日内一次性告知申请人补正。</p>
<p>第三条　依申请公开的政府信息公开会损害第三方合法权益的，书面征求第三方意见，征求意见所需时间不计算在答复期限内。</p>
<p>第四条　答复文书经保密审查和审核签发后送达申请人，并告知申请人依法申请行政复议或者提起行政诉讼的权利和期限。</p>`},
	}
}

// fillColumn publishes 未央区's 专栏 through the procedure with the demo accounts — the guide,
// two rules and, once 2025 is over, the 2025 annual report generated from the platform — then
// marks every record seeded so far as sample data (record.Record.Sample).
func fillColumn(ctx context.Context, a *app.App, ids map[string]org.Org) error {
	u := ids["610112"]
	who := func(login string) (*app.Principal, error) {
		p, err := a.SeedStore().PersonByLogin(ctx, login)
		return &app.Principal{Person: p, IP: "127.0.0.1"}, err
	}
	editor, err := who("editor@610112")
	if err != nil {
		return err
	}
	reviewer, err := who("reviewer@610112")
	if err != nil {
		return err
	}
	approver, err := who("approver@610112")
	if err != nil {
		return err
	}
	publish := func(id int64) error {
		for _, st := range []struct {
			p *app.Principal
			a record.Action
		}{
			{editor, record.Action{Kind: record.ActionSubmit}},
			{reviewer, record.Action{Kind: record.ActionReviewPass, Opinion: "经审查，不涉及国家秘密、工作秘密和个人隐私（示例）"}},
			{approver, record.Action{Kind: record.ActionApprove, Opinion: "同意发布（示例）"}},
		} {
			if _, err := a.Act(ctx, st.p, id, st.a); err != nil {
				return fmt.Errorf("demo column record %d %s: %w", id, st.a.Kind, err)
			}
		}
		return nil
	}
	for _, pg := range columnPages(u) {
		r, err := a.CreateColumnRecord(ctx, editor, u, pg.kind, 0, app.RecordInput{Title: pg.title, BodyHTML: pg.body, Openness: record.OpenProactive})
		if err != nil {
			return fmt.Errorf("demo column %s: %w", pg.title, err)
		}
		if err := publish(r.ID); err != nil {
			return err
		}
	}
	// The 2025 report needs the year over (fillRequests wrote it) and a data directory for its
	// workbook: a demo on a data directory that cannot be written to (which /healthz then
	// reports) goes without it.
	if _, blobErr := a.Blobs(); a.Now().Year() >= 2026 && blobErr == nil {
		r, _, err := a.AnnualReportRecord(ctx, editor, u, 2025)
		if err != nil {
			return fmt.Errorf("demo annual report record: %w", err)
		}
		if err := publish(r.ID); err != nil {
			return err
		}
	}
	return a.SeedStore().MarkSampleRecords(ctx)
}
