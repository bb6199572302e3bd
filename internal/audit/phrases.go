package audit

import "sort"

// phrases turns every action the platform writes into the audit log into a Chinese verb
// phrase, read after the person and the time: "张三 于 2026-12-07 10:32 通过保密审查".
// TestEveryActionHasPhrase (internal/audit) fails when code emits an action missing here.
var phrases = map[string]string{
	"annual_report.export": "导出了政府信息公开工作年度报告",
	"annual_report.save":   "保存了政府信息公开工作年度报告",

	"calendar.closure.add":    "登记了临时闭馆（休息）日",
	"calendar.closure.remove": "删除了临时闭馆（休息）日",
	"calendar.import":         "导入了年度工作日历",

	"campaign.create":     "创建了试点工作任务",
	"campaign.update":     "修改了试点工作任务",
	"campaign.regenerate": "按调整后的工作日历重新计算了试点工作任务的报送期限",

	"inspection.create":           "创建了检查评估",
	"inspection.compute":          "计算并固定了检查评估的自动指标",
	"inspection.mark":             "评定了检查评估的现场指标得分",
	"inspection.objection":        "对检查评估扣分提出了异议",
	"inspection.objection_decide": "处理了检查评估异议",
	"inspection.close":            "结束并固定了检查评估",
	"inspection.notice":           "起草了检查通报",
	"bonus.award":                 "给予了绩效评估加分",
	"indicator_set.create":        "发布了检查评估指标体系的新版本",

	"webhook.create":           "登记了信息推送地址",
	"delivery.retry":           "重新发送了渠道推送",
	"delivery.confirm":         "确认了线下渠道的张贴或播发",
	"record.major":             "设置了重大事项标记",
	"subscription.create":      "登记了邮件订阅（待确认）",
	"subscription.confirm":     "确认了邮件订阅",
	"subscription.unsubscribe": "退订了邮件订阅",

	// The reachability probe.
	"probe_target.create": "登记了可访问性监测网站",
	"probe_target.remove": "停止监测网站",

	"catalog.entry.add":         "新增了目录条目",
	"catalog.entry.delete":      "删除了目录条目",
	"catalog.entry.move":        "调整了目录条目顺序",
	"catalog.entry.update":      "修改了目录条目",
	"catalog.filing.received":   "签收了目录备案",
	"catalog.filing.accepted":   "通过了目录备案",
	"catalog.filing.returned":   "退回了目录备案",
	"catalog.version.create":    "新建了目录草稿版本",
	"catalog.version.delete":    "删除了目录草稿版本",
	"catalog.version.effective": "使目录版本生效",
	"catalog.version.file":      "报送了目录备案",
	"catalog.version.rebase":    "将目录草稿改为在新版本基础上编制（变基）",

	"comment.receive":   "提交了公众意见",
	"comment.pending":   "将公众意见改回待审核",
	"comment.published": "公开了公众意见",
	"comment.rejected":  "决定公众意见不予公开",
	"comment.group":     "将公众意见归入议题",
	"feedback.save":     "保存了意见采纳情况反馈",
	"feedback.publish":  "发布了意见采纳情况反馈",

	"domain.create":    "新增了试点领域",
	"liaison.register": "登记了联络员",

	"login.ok":               "登录",
	"login.failed":           "登录失败（密码错误）",
	"login.locked":           "登录失败次数过多，账户被锁定",
	"login.refused_client":   "登录被拒绝（所在网络地址失败次数过多）",
	"login.refused_disabled": "登录被拒绝（账户已停用）",
	"login.refused_locked":   "登录被拒绝（账户锁定中）",
	"login.unknown":          "以不存在的账户名登录",

	"notification.read": "将通知标为已读",
	"notification.send": "发送了通知",

	"org.create":   "新增了机构",
	"org.update":   "修改了机构信息",
	"org.settings": "修改了机构设置",

	"person.activate":       "激活了账户",
	"person.create":         "新增了工作人员",
	"person.grants":         "调整了工作人员的角色",
	"person.password":       "修改了自己的密码",
	"person.password_reset": "重置了工作人员的密码",
	"person.refused":        "管理工作人员的操作被拒绝",
	"person.unlock":         "解锁了账户",
	"person.update":         "修改了工作人员信息",

	"question.receive":      "提交了公众咨询",
	"question.assigned":     "分派了公众咨询",
	"question.drafted":      "起草了咨询答复",
	"question.answered":     "审核发布了咨询答复",
	"question.returned":     "退回了咨询答复",
	"question.extended":     "延长了咨询答复期限",
	"question.kept_private": "决定咨询不予公开",
	"question.rated":        "评价了咨询答复",
	"question.due_days":     "设置了咨询答复期限",

	"record.create":          "新建了信息草稿",
	"record.edit":            "修改了信息",
	"record.mask_pii":        "遮盖了个人信息",
	"record.submit":          "提交保密审查",
	"record.discard":         "删除了草稿",
	"record.review_pass":     "通过保密审查",
	"record.review_return":   "退回修改（保密审查）",
	"record.allow_pii":       "登记了个人信息公开例外",
	"record.confirm_no_pii":  "确认附件不含个人信息",
	"record.approve":         "审核签发",
	"record.approve_return":  "退回修改（审核签发）",
	"record.cancel_schedule": "取消了定时发布",
	"record.publish_due":     "按定时发布了信息",
	"record.withdraw":        "撤回了信息",
	"record.revise":          "开始修订已发布的信息",
	"record.repealed":        "登记信息已被废止",
	"record.attachments":     "更改了附件",

	"request.create":        "登记了政府信息公开申请",
	"request.view":          "查看了申请人信息",
	"request.event":         "登记了申请办理事项",
	"request.reply_draft":   "起草了答复",
	"request.reply_review":  "通过了答复的保密审查",
	"request.reply_return":  "退回了答复",
	"request.reply_approve": "签发了答复",
	"request.appeal":        "登记了行政复议或行政诉讼",

	"search.rebuilt":         "重建了检索索引",
	"search.force_refreshed": "更新了现行有效标记",
	"search.synonyms.add":    "新增了同义词组",
	"search.synonyms.update": "修改了同义词组",
	"search.synonyms.remove": "删除了同义词组",
	"setting.set":            "修改了系统设置",

	"submission.create":    "报送了材料",
	"submission.accept":    "接收了报送材料",
	"submission.return":    "退回了报送材料",
	"submission.highlight": "更改了报送材料的推荐标记",

	"token.create": "创建了接口令牌",
	"token.revoke": "吊销了接口令牌",

	"unit.exception_request":       "申请了发布流程例外",
	"unit.exception_withdraw":      "撤回了发布流程例外",
	"unit.exception_approve":       "批准了发布流程例外",
	"unit.exception_reject":        "不予批准发布流程例外",
	"unit.exception_refused":       "决定发布流程例外的操作被拒绝",
	"unit.index_pattern":           "设置了本单位的索引号规则",
	"unit.interpretation_same_day": "设置了政策解读同步发布要求",
}

// Phrase is the Chinese verb phrase of an action, and whether it is known. An unknown action
// reads as "执行了操作 <action>".
func Phrase(action string) (string, bool) {
	p, ok := phrases[action]
	if !ok {
		return "执行了操作 " + action, false
	}
	return p, true
}

// KnownActions lists every action that has a phrase, sorted: the choices of the audit
// filter by action.
func KnownActions() []string {
	out := make([]string, 0, len(phrases))
	for a := range phrases {
		out = append(out, a)
	}
	sort.Strings(out)
	return out
}
