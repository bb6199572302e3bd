package demo

import (
	"context"
	"fmt"
	"time"

	"gongkai/internal/app"
	"gongkai/internal/calendar"
	"gongkai/internal/org"
	"gongkai/internal/participation"
	"gongkai/internal/record"
)

// fillParticipation gives 610112 public participation through the real use cases, travelling
// the clock as a test does: a closed consultation with its comments, the published feedback,
// the decision that followed it and that decision's interpretation; an open consultation with
// comments in every moderation state; and questions answered (published and private),
// awaiting approval, due and overdue.
func fillParticipation(ctx context.Context, a *app.App, ids map[string]org.Org) (err error) {
	now, clock := a.Now(), a.Clock
	defer func() { a.Clock = clock }()
	at := func(days int) { t := now.AddDate(0, 0, days); a.Clock = func() time.Time { return t } }
	u := ids["610112"]
	who := func(login string) *app.Principal {
		p, e := a.SeedStore().PersonByLogin(ctx, login)
		if e != nil && err == nil {
			err = e
		}
		return &app.Principal{Person: p, IP: "127.0.0.1"}
	}
	editor, reviewer, approver := who("editor@610112"), who("reviewer@610112"), who("approver@610112")
	if err != nil {
		return err
	}
	_, es, err := a.EffectiveCatalog(ctx, u, "shjz")
	if err != nil || len(es) == 0 {
		return fmt.Errorf("demo participation: %v", err)
	}
	publish := func(in app.RecordInput) (int64, error) {
		in.FormedOn = calendar.DateOf(a.Now()).String() // the draft is formed the day it is keyed in
		r, err := a.CreateRecord(ctx, editor, u, "shjz", es[0].ID, in)
		if err != nil {
			return 0, err
		}
		for _, st := range []struct {
			p *app.Principal
			k record.ActionKind
		}{{editor, record.ActionSubmit}, {reviewer, record.ActionReviewPass}, {approver, record.ActionApprove}} {
			if _, err := a.Act(ctx, st.p, r.ID, record.Action{Kind: st.k}); err != nil {
				return 0, fmt.Errorf("demo participation %s: %w", st.k, err)
			}
		}
		return r.ID, nil
	}
	until := func(days int) string { return calendar.DateOf(a.Now()).AddDays(days - 1).String() }
	client := 0
	comment := func(id int64, text, name, contact string) (int64, error) {
		client++
		if err := a.AddComment(ctx, u, id, app.CommentInput{Text: text, Name: name, Contact: contact, Consent: true}, fmt.Sprintf("192.0.2.%d", client)); err != nil {
			return 0, err
		}
		cs, err := a.ConsultationComments(ctx, editor, id, participation.CommentPending)
		if err != nil || len(cs) == 0 {
			return 0, fmt.Errorf("demo comment: %v", err)
		}
		return cs[len(cs)-1].ID, nil
	}
	moderate := func(id, cid int64, m participation.Moderation) error {
		_, err := a.ModerateComment(ctx, editor, id, cid, m)
		return err
	}

	// The closed consultation, its feedback, the decision and its interpretation.
	at(-60)
	closed, err := publish(app.RecordInput{Kind: record.KindConsultation, Title: "《未央区临时救助实施办法（征求意见稿）》公开征求意见（示例数据）",
		Summary: "就临时救助的对象、标准和程序公开征求社会公众意见。", BodyHTML: "<p>第一条 为规范临时救助工作，根据《社会救助暂行办法》，结合本区实际，制定本办法。</p><p>第二条 临时救助标准为……（示例数据）</p>",
		CommentsUntil: until(30), DraftingNote: "起草背景：落实《社会救助暂行办法》和省、市临时救助工作要求；主要内容：救助对象、救助标准、审批程序。（示例数据）"})
	if err != nil {
		return err
	}
	at(-55)
	for i, c := range []struct {
		text  string
		m     participation.Moderation
		issue string
	}{
		{"建议将临时救助标准与城市低保标准挂钩，每年调整。（示例数据）", participation.Moderation{Publish: true, Issue: "救助标准"}, ""},
		{"建议简化急难型临时救助的审批程序，先行救助。（示例数据）", participation.Moderation{Publish: true, Issue: "审批程序"}, ""},
		{"建议简化急难型临时救助的审批程序，先行救助。（示例数据）", participation.Moderation{Reason: participation.RejectDuplicate}, ""},
	} {
		cid, err := comment(closed, c.text, "", fmt.Sprintf("1380000%04d", i))
		if err != nil {
			return err
		}
		if err := moderate(closed, cid, c.m); err != nil {
			return err
		}
	}
	at(-25)
	fb := participation.Feedback{Summary: "征求意见期间共收到意见3条，公开2条，经研究采纳或部分采纳2条。（示例数据）", Items: []participation.FeedbackItem{
		{Issue: "临时救助标准与城市低保标准挂钩", Adoption: participation.Adopted},
		{Issue: "简化急难型临时救助审批程序", Adoption: participation.Partly, Reason: "已增加“先行救助”条款；审批层级按省级规定不作调整。"},
	}}
	if _, err := a.SaveFeedback(ctx, editor, closed, fb, false); err != nil {
		return fmt.Errorf("demo feedback: %w", err)
	}
	if _, err := a.SaveFeedback(ctx, approver, closed, participation.Feedback{}, true); err != nil {
		return fmt.Errorf("demo feedback publish: %w", err)
	}
	at(-20)
	decision, err := publish(app.RecordInput{Kind: record.KindPolicy, Title: "未央区临时救助实施办法（示例数据）", DocNo: "未政办发〔" + fmt.Sprint(a.Now().Year()) + "〕20号",
		BodyHTML: "<p>第一条 为规范临时救助工作……（示例数据）</p>", Validity: record.ValidityEffective, ConsultationID: closed})
	if err != nil {
		return fmt.Errorf("demo decision: %w", err)
	}
	at(-18)
	if _, err := publish(app.RecordInput{Kind: record.KindInterpretation, Title: "《未央区临时救助实施办法》政策解读（示例数据）",
		BodyHTML: "<p>一、制定背景……二、主要内容……（示例数据）</p>", PolicyID: decision}); err != nil {
		return fmt.Errorf("demo interpretation: %w", err)
	}

	// The open consultation with comments in every moderation state.
	at(-5)
	open, err := publish(app.RecordInput{Kind: record.KindConsultation, Title: "《未央区最低生活保障家庭经济状况核对办法（征求意见稿）》公开征求意见（示例数据）",
		Summary: "就低保家庭经济状况核对的范围和程序公开征求意见。", BodyHTML: "<p>第一条 为准确认定最低生活保障家庭经济状况……（示例数据）</p>",
		CommentsUntil: until(30), DraftingNote: "起草说明：依据《陕西省最低生活保障家庭经济状况核对办法》，细化核对范围和程序。（示例数据）"})
	if err != nil {
		return err
	}
	at(-3)
	for i, c := range []struct {
		text string
		m    *participation.Moderation
	}{
		{"建议明确核对结果的告知方式和异议处理时限。（示例数据）", &participation.Moderation{Publish: true, Issue: "告知与异议"}},
		{"本人申请时的身份证号是610112199001011234，希望尽快审核。（示例数据）", nil}, // waits, with personal information
		{"建议核对范围不含赡养人的车辆信息。（示例数据）", nil},
		{"出售二手家电，价格优惠。（示例数据）", &participation.Moderation{Reason: participation.RejectOffTopic}},
		{"（辱骂内容，示例数据）", &participation.Moderation{Reason: participation.RejectAbusive}},
		{"我的手机号13912345678，家住某小区某号楼，请联系我。（示例数据）", &participation.Moderation{Reason: participation.RejectPersonalInfo}},
		{"建议明确核对结果的告知方式和异议处理时限。（示例数据）", &participation.Moderation{Reason: participation.RejectDuplicate}},
	} {
		cid, err := comment(open, c.text, "示例姓名", fmt.Sprintf("demo%d@example.cn", i))
		if err != nil {
			return err
		}
		if c.m != nil {
			if err := moderate(open, cid, *c.m); err != nil {
				return err
			}
		}
	}

	// Questions: answered and published, answered and private, awaiting approval, overdue, due.
	ask := func(days int, title, text string, public bool) (participation.Question, error) {
		at(days)
		client++
		_, q, err := a.Ask(ctx, u, app.QuestionInput{Title: title, Text: text, Name: "示例留言人", Contact: fmt.Sprintf("1370000%04d", client), AllowPublic: public},
			fmt.Sprintf("198.51.100.%d", client))
		return q, err
	}
	act := func(days int, p *app.Principal, id int64, x participation.QAct) error {
		at(days)
		_, err := a.ActOnQuestion(ctx, p, id, x)
		return err
	}
	for _, q := range []struct {
		ask, draft, approve int
		title, text, answer string
		public              bool
	}{
		{-30, -28, -27, "低保申请需要准备哪些材料？（示例数据）", "家中老人想申请低保，需要准备哪些材料，到哪里办理？", "<p>请携带户口簿、身份证和家庭收入证明，到户籍所在地街道办事处社会救助窗口申请。（示例数据）</p>", true},
		{-21, -19, -18, "临时救助多久能到账？（示例数据）", "申请临时救助后多久能发放？", "<p>急难型临时救助可先行救助，一般在审批后5个工作日内发放。（示例数据）</p>", true},
		{-15, -14, -13, "关于本人家庭情况的咨询（示例数据）", "涉及本人家庭情况的咨询，不希望公开。", "<p>已电话联系您说明情况。（示例数据）</p>", false},
	} {
		x, err := ask(q.ask, q.title, q.text, q.public)
		if err != nil {
			return err
		}
		if err := act(q.draft, editor, x.ID, participation.QAct{Kind: participation.QDraft, AnswerHTML: q.answer}); err != nil {
			return err
		}
		if err := act(q.approve, approver, x.ID, participation.QAct{Kind: participation.QApprove}); err != nil {
			return err
		}
	}
	awaiting, err := ask(-3, "残疾人两项补贴如何申请？（示例数据）", "残疾人两项补贴的申请条件是什么？", true)
	if err != nil {
		return err
	}
	if err := act(-1, editor, awaiting.ID, participation.QAct{Kind: participation.QDraft, AnswerHTML: "<p>持第二代残疾人证的困难残疾人可申请……（示例数据）</p>"}); err != nil {
		return err
	}
	if _, err := ask(-20, "特困供养人员的护理费标准是多少？（示例数据）", "想了解特困供养人员护理费标准。", true); err != nil { // overdue
		return err
	}
	if _, err := ask(0, "高龄补贴何时发放？（示例数据）", "80岁以上老人的高龄补贴每月何时发放？", true); err != nil { // due
		return err
	}
	// The notices the sample sent are history: the demo starts with an empty notification
	// centre, as the other capabilities expect.
	_, err = a.MarkAllRead(ctx, editor)
	return err
}
