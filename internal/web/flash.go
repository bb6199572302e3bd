package web

import (
	"net/http"
	"net/url"
	"strings"

	"gongkai/internal/record"
)

// A redirect after a form tells the next page what happened with a message code in ?msg=;
// the page shows the fixed text of that code. Text in the address would let anyone put
// words of their choosing on the site's pages, under its name, with a link to share.
var flashTexts = map[string]string{
	// Public pages.
	"rated":         "感谢您的评价",
	"rating-repeat": "您已评价过本页面，感谢参与",
	"rating-often":  "评价过于频繁，请稍后再试",
	"rating-value":  "评价未提交：请选择满意、基本满意或不满意",
	"rating-reason": "评价未提交：意见不能超过500字",
	// Public participation.
	"asked":                  "留言已提交。请保存本页地址（办理情况查询链接），它是您查看答复的唯一凭证",
	"question-rated":         "感谢您对答复的评价",
	"question-rate-conflict": "评价未提交：尚未答复或已评价过",
	// Signing in.
	"password-changed": "密码已修改，请用新密码登录",
	"password-set":     "密码已设置，请用新密码登录",
	// Staff pages.
	"saved":                "已保存",
	"created":              "已新增",
	"domain-created":       "已新增领域",
	"person-created":       "已新增人员",
	"roles-saved":          "角色已保存",
	"password-reset":       "密码已重置，该人员的登录会话已全部退出",
	"unlocked":             "已解除锁定",
	"disabled":             "账户已停用",
	"enabled":              "账户已重新启用",
	"draft-created":        "已新建草稿",
	"draft-saved":          "已保存为草稿",
	"report-record-exists": "该年度的年度报告已有信息稿，已为您打开",
	"draft-deleted":        "草稿已删除",
	"draft-rebased":        "草稿已在新版本基础上重新编制",
	"workbook-imported":    "已从工作簿导入为草稿",
	"version-filed":        "已报送备案",
	"template-published":   "模板已发布",
	"entry-saved":          "条目已保存",
	"entry-deleted":        "条目已删除",
	"filing-decided":       "已处理",
	"attachment-added":     "附件已上传",
	"attachment-removed":   "附件已删除",
	"calendar-imported":    "已导入放假安排，受影响的截止日期已重新计算",
	"closure-added":        "已登记停止办公日，受影响的截止日期已重新计算",
	"closure-removed":      "已撤销停止办公日，受影响的截止日期已重新计算",
	"pattern-saved":        "索引号规则已保存",
	"synonyms-added":       "已新增同义词组",
	"synonyms-removed":     "已删除同义词组",
	"token-revoked":        "令牌已撤销",
	"exception-requested":  "已提出例外申请：经设区市或省政务公开办公室监督人员批准后生效",
	"exception-approved":   "已批准例外，即时生效",
	"exception-rejected":   "已不予批准，例外不生效",
	// Disclosure requests.
	"request-filed":      "申请已提交。请保存本页地址，凭此查询办理进度",
	"request-registered": "申请已登记",
	"request-event":      "已登记，答复期限已重新计算",
	"request-reply":      "答复已起草，送保密审查",
	"request-decided":    "已处理",
	"request-appeal":     "已登记复议或诉讼",
	"delivery-retry":     "已重新排队推送",
	"delivery-confirmed": "已确认发布",
	"major-set":          "重大事项标记已更新",
}

// flashDone is the code prefix of a finished record action: done-submit, done-approve, ….
const flashDone = "done-"

// flashText is the text of a message code, "" for anything else.
func flashText(code string) string {
	if k, ok := strings.CutPrefix(code, flashDone); ok {
		if a := record.ActionKind(k); a.Valid() {
			return a.Label() + "：已完成"
		}
		return ""
	}
	return flashTexts[code]
}

// flashQuery is the query that shows code's message on the next page.
func flashQuery(code string) string { return "msg=" + url.QueryEscape(code) }

// flashOf is the message a page shows, from its ?msg= code.
func flashOf(r *http.Request) string {
	if r.URL.RawQuery == "" {
		return ""
	}
	return flashText(r.URL.Query().Get("msg"))
}
