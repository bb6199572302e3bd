package participation

import (
	"strings"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/notify"
	"gongkai/internal/org"
	"gongkai/internal/rating"
)

// QuestionState is where a question is.
type QuestionState string

// The states of a question.
const (
	QuestionReceived QuestionState = "received"          // 已受理, waiting to be assigned
	QuestionAssigned QuestionState = "assigned"          // 办理中
	QuestionAwaiting QuestionState = "awaiting_approval" // 答复待审核
	QuestionAnswered QuestionState = "answered"          // 已答复
)

// QuestionStates lists the states in order.
func QuestionStates() []QuestionState {
	return []QuestionState{QuestionReceived, QuestionAssigned, QuestionAwaiting, QuestionAnswered}
}

// Label is the Chinese name.
func (s QuestionState) Label() string {
	switch s {
	case QuestionReceived:
		return "已受理"
	case QuestionAssigned:
		return "办理中"
	case QuestionAwaiting:
		return "答复待审核"
	case QuestionAnswered:
		return "已答复"
	}
	return string(s)
}

// Valid reports whether s is known.
func (s QuestionState) Valid() bool { return s.Label() != string(s) }

// DefaultDueDays is the default answer period in working days (per unit configurable).
const DefaultDueDays = 5

// Question is a citizen's question to a unit. Name and Contact are never public; the text
// and the answer are public only when AllowPublic and not KeptPrivate, once answered.
type Question struct {
	ID     int64
	UnitID int64
	// BodyOrgID is the responsible body (公开主体) that answers: the catalog entry's
	// responsible body when the question is about an entry that names one, else 0 (the unit).
	BodyOrgID  int64
	Domain     string // optional: the catalog entry asked about
	EntryKey   string
	TrackingNo string // shown to the asker, e.g. 610112-20261207-0001
	Title      string
	Text       string
	Name       string
	Contact    string
	// AllowPublic: the asker agrees that question and answer may be published (without
	// name and contact).
	AllowPublic   bool
	PrivateReason string // staff keep a question private, with a reason
	Client        string
	State         QuestionState
	ReceivedAt    time.Time
	Due           calendar.Date
	Extended      bool
	ExtendReason  string // shown to the asker
	AssignedTo    int64
	AnswerHTML    string // sanitised by the caller
	DraftedBy     int64
	DraftedAt     time.Time
	ReturnOpinion string
	ApprovedBy    int64
	AnsweredAt    time.Time
	Rating        int // rating.Satisfied … rating.Poor, 0 before the asker rates
	RatedAt       time.Time
}

// BodyID is the organisation that answers: the responsible body, else the unit.
func (q Question) BodyID() int64 {
	if q.BodyOrgID != 0 {
		return q.BodyOrgID
	}
	return q.UnitID
}

// Public reports whether the question is published as Q&A.
func (q Question) Public() bool {
	return q.State == QuestionAnswered && q.AllowPublic && strings.TrimSpace(q.PrivateReason) == ""
}

// Overdue reports whether the question is still unanswered after its due day.
func (q Question) Overdue(today calendar.Date) bool {
	return q.State != QuestionAnswered && !q.Due.IsZero() && today.After(q.Due)
}

// Normalize trims what people type.
func (q *Question) Normalize() {
	q.Title, q.Text, q.Name, q.Contact = strings.TrimSpace(q.Title), strings.TrimSpace(q.Text), strings.TrimSpace(q.Name), strings.TrimSpace(q.Contact)
}

// Validate checks a question as the public sends it.
func (q Question) Validate() error {
	var fe []errs.FieldError
	fe = textField(fe, "title", "标题", q.Title, true, MaxTitleLen)
	fe = textField(fe, "text", "问题内容", q.Text, true, MaxQuestionLen)
	fe = textField(fe, "name", "姓名", q.Name, false, MaxNameLen)
	fe = contactField(fe, q.Contact)
	if len(fe) > 0 {
		return errs.Fields("留言提交有误", fe...)
	}
	return nil
}

// QuestionAction is one step of answering.
type QuestionAction string

// The actions.
const (
	QAssign      QuestionAction = "assign"       // received → assigned (to a person)
	QDraft       QuestionAction = "draft"        // assigned → awaiting_approval, with the answer
	QApprove     QuestionAction = "approve"      // awaiting_approval → answered
	QReturn      QuestionAction = "return"       // awaiting_approval → assigned, opinion required
	QExtend      QuestionAction = "extend"       // once, with a reason shown to the asker
	QKeepPrivate QuestionAction = "keep_private" // with a reason
)

// Label is the Chinese name.
func (a QuestionAction) Label() string {
	switch a {
	case QAssign:
		return "分办"
	case QDraft:
		return "提交答复"
	case QApprove:
		return "审核答复"
	case QReturn:
		return "退回答复"
	case QExtend:
		return "延期答复"
	case QKeepPrivate:
		return "不予公开"
	}
	return string(a)
}

// QAct is a step with its input.
type QAct struct {
	Kind       QuestionAction
	AssignTo   int64
	AnswerHTML string // sanitised
	Opinion    string
	Reason     string
	NewDue     calendar.Date // the extended due day, computed by the caller from the calendar
}

// QActor is who acts: a person with grants, at the organisation that answers (the
// responsible body, or the unit): roles held there or above it count.
type QActor struct {
	PersonID int64
	Grants   []org.Grant
	Unit     org.Org
}

// QPolicy is the unit's setting: AllowSelfApproval lets a small unit's one person both draft
// and approve an answer (the same exception as for records).
type QPolicy struct{ AllowSelfApproval bool }

// DecideQuestion decides one step on a question at now and returns the question after it.
// Writers (经办人, 单位管理员) assign, draft, extend and keep private; the approver (审核签发人)
// approves or returns, and not an answer they drafted unless the unit's policy allows it.
func DecideQuestion(q Question, a QAct, who QActor, pol QPolicy, now time.Time) (Question, error) {
	if who.PersonID == 0 {
		return q, errs.E(errs.Unauthorized, "请先登录")
	}
	has := func(roles ...org.Role) bool {
		for _, r := range roles {
			if org.HasRoleAt(who.Grants, r, who.Unit) {
				return true
			}
		}
		return false
	}
	writer := has(org.RoleEditor, org.RoleUnitAdmin)
	need := func(field, label, v string) error {
		switch n := len([]rune(strings.TrimSpace(v))); {
		case n == 0:
			return errs.Fields(label+"不能为空", errs.FieldError{Field: field, Label: label, Message: "不能为空"})
		case n > MaxReasonLen:
			return errs.Fields(label+"过长", errs.FieldError{Field: field, Label: label, Message: "不能超过" + itoa(MaxReasonLen) + "字"})
		}
		return nil
	}
	state := func(ok ...QuestionState) error {
		for _, s := range ok {
			if q.State == s {
				return nil
			}
		}
		return errs.E(errs.Conflict, "当前状态为“%s”，不能%s", q.State.Label(), a.Kind.Label())
	}
	n := q
	switch a.Kind {
	case QAssign:
		if !writer {
			return q, errs.E(errs.Forbidden, "只有本单位的经办人或单位管理员可以分办")
		}
		if err := state(QuestionReceived, QuestionAssigned); err != nil {
			return q, err
		}
		if a.AssignTo == 0 {
			return q, errs.Fields("请选择承办人", errs.FieldError{Field: "assign_to", Label: "承办人", Message: "请选择承办人"})
		}
		n.State, n.AssignedTo = QuestionAssigned, a.AssignTo
	case QDraft:
		if !writer {
			return q, errs.E(errs.Forbidden, "只有本单位的经办人或单位管理员可以起草答复")
		}
		if err := state(QuestionReceived, QuestionAssigned); err != nil {
			return q, err
		}
		if err := textAnswer(a.AnswerHTML); err != nil {
			return q, err
		}
		n.State, n.AnswerHTML, n.DraftedBy, n.DraftedAt, n.ReturnOpinion = QuestionAwaiting, a.AnswerHTML, who.PersonID, now, ""
		if n.AssignedTo == 0 {
			n.AssignedTo = who.PersonID
		}
	case QApprove, QReturn:
		if !has(org.RoleApprover) {
			return q, errs.E(errs.Forbidden, "只有本单位的审核签发人可以%s", a.Kind.Label())
		}
		if err := state(QuestionAwaiting); err != nil {
			return q, err
		}
		if who.PersonID == q.DraftedBy && !pol.AllowSelfApproval {
			return q, errs.E(errs.Forbidden, "不能审核自己起草的答复（本单位未设置允许同一人审查和签发）")
		}
		if a.Kind == QReturn {
			if err := need("opinion", "退回意见", a.Opinion); err != nil {
				return q, err
			}
			n.State, n.ReturnOpinion = QuestionAssigned, strings.TrimSpace(a.Opinion)
		} else {
			n.State, n.ApprovedBy, n.AnsweredAt = QuestionAnswered, who.PersonID, now
		}
	case QExtend:
		if !writer {
			return q, errs.E(errs.Forbidden, "只有本单位的经办人或单位管理员可以延期")
		}
		if err := state(QuestionReceived, QuestionAssigned, QuestionAwaiting); err != nil {
			return q, err
		}
		if q.Extended {
			return q, errs.E(errs.Conflict, "已延期一次，不能再次延期")
		}
		if err := need("reason", "延期理由", a.Reason); err != nil {
			return q, err
		}
		if !a.NewDue.After(q.Due) {
			return q, errs.E(errs.Internal, "participation: extension to %s does not pass %s", a.NewDue, q.Due)
		}
		n.Extended, n.ExtendReason, n.Due = true, strings.TrimSpace(a.Reason), a.NewDue
	case QKeepPrivate:
		if !writer && !has(org.RoleApprover) {
			return q, errs.E(errs.Forbidden, "只有本单位的工作人员可以设为不予公开")
		}
		if err := need("reason", "不予公开理由", a.Reason); err != nil {
			return q, err
		}
		n.PrivateReason = strings.TrimSpace(a.Reason)
	default:
		return q, errs.E(errs.Invalid, "未知的操作“%s”", a.Kind)
	}
	return n, nil
}

func textAnswer(html string) error {
	t := strings.TrimSpace(html)
	switch {
	case t == "" || t == "<p></p>":
		return errs.Fields("答复内容不能为空", errs.FieldError{Field: "answer_html", Label: "答复内容", Message: "不能为空"})
	case len([]rune(t)) > MaxAnswerLen:
		return errs.Fields("答复内容过长", errs.FieldError{Field: "answer_html", Label: "答复内容", Message: "不能超过" + itoa(MaxAnswerLen) + "字"})
	}
	return nil
}

// Rate records the asker's rating of the answer: once, after the answer.
func Rate(q Question, value int, now time.Time) (Question, error) {
	if q.State != QuestionAnswered {
		return q, errs.E(errs.Conflict, "尚未答复，不能评价")
	}
	if q.Rating != 0 {
		return q, errs.E(errs.Conflict, "您已评价过本次答复，感谢参与")
	}
	if rating.Label(value) == "" {
		return q, errs.Fields("评价有误", errs.FieldError{Field: "value", Label: "评价", Message: "请选择满意、基本满意或不满意"})
	}
	q.Rating, q.RatedAt = value, now
	return q, nil
}

// Notification kinds of participation (the in-app notification centre).
const (
	NoticeComment  notify.Kind = "participation.comment"  // new comments wait for moderation
	NoticeQuestion notify.Kind = "participation.question" // a new question
	NoticeDueSoon  notify.Kind = "participation.due_soon" // an answer is due within a working day
	NoticeOverdue  notify.Kind = "participation.overdue"  // an answer is overdue
)

func init() {
	notify.RegisterKind(NoticeComment, "公众意见待审核")
	notify.RegisterKind(NoticeQuestion, "新留言")
	notify.RegisterKind(NoticeDueSoon, "留言即将到期")
	notify.RegisterKind(NoticeOverdue, "留言已超期")
}

// Event is one step of a question as the asker's status page shows it.
type Event struct {
	At   time.Time
	Kind string // received, assigned, extended, answered, rated
	Note string // the extension reason, shown to the asker
}

// Label is the Chinese name of the event.
func (e Event) Label() string { return EventLabel(e.Kind) }

// EventLabel is the Chinese name of an event.
func EventLabel(kind string) string {
	switch kind {
	case "received":
		return "已受理"
	case "assigned":
		return "已分办，办理中"
	case "extended":
		return "延期答复"
	case "drafted":
		return "答复已起草，待审核"
	case "returned":
		return "答复退回修改"
	case "answered":
		return "已答复"
	case "rated":
		return "已评价"
	case "kept_private":
		return "不予公开"
	}
	return kind
}

// Stats are the answer statistics of a unit (or of the units under a supervisor).
type Stats struct {
	Received          int
	Answered          int
	Open              int
	Overdue           int
	MedianWorkingDays float64 // median answer time, in working days; 0 when nothing is answered
	// Stale counts questions unanswered for more than three months: the national website
	// check fails a unit that has any (standards.md §5).
	Stale int
}

// Median returns the median of xs (0 for none).
func Median(xs []int) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]int(nil), xs...)
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
	m := len(s) / 2
	if len(s)%2 == 1 {
		return float64(s[m])
	}
	return float64(s[m-1]+s[m]) / 2
}

// StaleBefore is the receipt day before which an unanswered question is stale on day today:
// three calendar months back.
func StaleBefore(today calendar.Date) calendar.Date {
	t := today.Time().AddDate(0, -3, 0)
	return calendar.DateOf(t)
}
