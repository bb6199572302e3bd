package request

import (
	"strings"
	"unicode/utf8"

	"gongkai/internal/errs"
)

// ReplyType is a result of table 三 (三、本年度办理结果), after Art.36.
type ReplyType string

// MaxReplyFiles bounds the attachments of a reply.
const MaxReplyFiles = 10

const (
	ReplyOpen         ReplyType = "open"          // （一）予以公开
	ReplyPartial      ReplyType = "partial"       // （二）部分公开
	ReplyWithheld     ReplyType = "withheld"      // （三）不予公开
	ReplyUnavailable  ReplyType = "unavailable"   // （四）无法提供
	ReplyNotProcessed ReplyType = "not_processed" // （五）不予处理
	ReplyOther        ReplyType = "other"         // （六）其他处理
)

// ReplyTypes lists every type in the order of table 三.
func ReplyTypes() []ReplyType {
	return []ReplyType{ReplyOpen, ReplyPartial, ReplyWithheld, ReplyUnavailable, ReplyNotProcessed, ReplyOther}
}

// Label is the Chinese name.
func (t ReplyType) Label() string {
	switch t {
	case ReplyOpen:
		return "予以公开"
	case ReplyPartial:
		return "部分公开（区分处理的，只计这一情形，不计其他情形）"
	case ReplyWithheld:
		return "不予公开"
	case ReplyUnavailable:
		return "无法提供"
	case ReplyNotProcessed:
		return "不予处理"
	case ReplyOther:
		return "其他处理"
	}
	return string(t)
}

// ShortLabel is the name without the report's footnote.
func (t ReplyType) ShortLabel() string {
	if t == ReplyPartial {
		return "部分公开"
	}
	return t.Label()
}

// Reasons returns the numbered reasons of a type (1-based in the report); nil when the type has
// none.
func (t ReplyType) Reasons() []string {
	switch t {
	case ReplyWithheld:
		return []string{"属于国家秘密", "其他法律行政法规禁止公开", "危及“三安全一稳定”", "保护第三方合法权益",
			"属于三类内部事务信息", "属于四类过程性信息", "属于行政执法案卷", "属于行政查询事项"}
	case ReplyUnavailable:
		return []string{"本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确"}
	case ReplyNotProcessed:
		return []string{"信访举报投诉类申请", "重复申请", "要求提供公开出版物", "无正当理由大量反复申请",
			"要求行政机关确认或重新出具已获取信息"}
	case ReplyOther:
		return []string{"申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
			"申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "其他"}
	}
	return nil
}

// Valid reports whether t is in the taxonomy.
func (t ReplyType) Valid() bool {
	for _, x := range ReplyTypes() {
		if x == t {
			return true
		}
	}
	return false
}

// Reasons of 其他处理 set by the clock itself.
const (
	OtherLapsedCorrection = 1
	OtherLapsedFee        = 2
)

// Reply is the decision on a request, written into the reply letter (告知书).
type Reply struct {
	Type   ReplyType
	Reason int    // 1-based index into Type.Reasons(); 0 for 予以公开 and 部分公开
	Basis  string // the legal basis (法律依据)
	Body   string // the letter's text, from the type's template, edited
}

// Validate checks the reply; each problem names its field and the rule.
func (r Reply) Validate() error {
	var fs []errs.FieldError
	add := func(field, label, msg string) {
		fs = append(fs, errs.FieldError{Field: field, Label: label, Message: msg})
	}
	if !r.Type.Valid() {
		add("type", "答复类型", "不在年度报告的办理结果分类内")
	} else if n := len(r.Type.Reasons()); n == 0 && r.Reason != 0 {
		add("reason", "理由", r.Type.ShortLabel()+"不分理由")
	} else if n > 0 && (r.Reason < 1 || r.Reason > n) {
		add("reason", "理由", r.Type.ShortLabel()+"须选择第1至"+itoa(n)+"项理由之一")
	}
	if strings.TrimSpace(r.Basis) == "" {
		add("basis", "法律依据", "不能为空")
	} else if utf8.RuneCountInString(r.Basis) > 1000 {
		add("basis", "法律依据", "过长")
	}
	if strings.TrimSpace(r.Body) == "" {
		add("body", "告知书正文", "不能为空")
	} else if utf8.RuneCountInString(r.Body) > 20000 {
		add("body", "告知书正文", "过长")
	}
	if len(fs) > 0 {
		return errs.Fields("答复有误", fs...)
	}
	return nil
}

// ReasonLabel is the chosen reason's text; "" when the type has none.
func (r Reply) ReasonLabel() string {
	rs := r.Type.Reasons()
	if r.Reason < 1 || r.Reason > len(rs) {
		return ""
	}
	return rs[r.Reason-1]
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

// DefaultBasis is the legal basis a new reply of type t starts from.
func DefaultBasis(t ReplyType) string {
	switch t {
	case ReplyOpen:
		return "《中华人民共和国政府信息公开条例》第三十六条第二项"
	case ReplyPartial:
		return "《中华人民共和国政府信息公开条例》第三十七条"
	case ReplyWithheld:
		return "《中华人民共和国政府信息公开条例》第十四条、第十五条、第十六条、第三十六条第三项"
	case ReplyUnavailable:
		return "《中华人民共和国政府信息公开条例》第三十六条第四项、第五项"
	case ReplyNotProcessed:
		return "《中华人民共和国政府信息公开条例》第三十五条、第三十六条第六项、第三十九条"
	case ReplyOther:
		return "《中华人民共和国政府信息公开条例》第三十条、第四十二条"
	}
	return ""
}

// Remedy is the statement of the applicant's rights printed at the end of every letter
// (行政复议法 第二十条: 60 days; 行政诉讼法 第四十六条: 6 months).
func Remedy(unitName string) string {
	return "如对本答复不服，可以自收到本告知书之日起六十日内依法申请行政复议，或者自收到本告知书之日起六个月内依法向人民法院提起行政诉讼。（答复机关：" + unitName + "）"
}

// Template is the starting text of a letter of type t, before staff edit it.
func Template(t ReplyType, reason int, description string) string {
	head := "您（单位）提交的政府信息公开申请收悉，申请获取的信息为：“" + description + "”。经审查，"
	switch t {
	case ReplyOpen:
		return head + "您申请获取的政府信息属于公开范围，现予以提供，详见附件。"
	case ReplyPartial:
		return head + "您申请获取的政府信息中部分内容不予公开，其余部分予以提供，详见附件。"
	case ReplyWithheld:
		return head + "您申请获取的政府信息" + (Reply{Type: t, Reason: reason}).ReasonLabel() + "，依法不予公开。"
	case ReplyUnavailable:
		return head + "无法提供：" + (Reply{Type: t, Reason: reason}).ReasonLabel() + "。"
	case ReplyNotProcessed:
		return head + "您的申请属于" + (Reply{Type: t, Reason: reason}).ReasonLabel() + "，本机关不予处理。"
	case ReplyOther:
		return head + (Reply{Type: t, Reason: reason}).ReasonLabel() + "。"
	}
	return head
}
