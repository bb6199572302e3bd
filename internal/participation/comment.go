package participation

import (
	"strings"
	"time"

	"gongkai/internal/errs"
	"gongkai/internal/pii"
)

// CommentState is where a comment is in moderation.
type CommentState string

// The moderation states.
const (
	CommentPending   CommentState = "pending"   // 待审核
	CommentPublished CommentState = "published" // 已公开
	CommentRejected  CommentState = "rejected"  // 不予公开
)

// Label is the Chinese name.
func (s CommentState) Label() string {
	switch s {
	case CommentPending:
		return "待审核"
	case CommentPublished:
		return "已公开"
	case CommentRejected:
		return "不予公开"
	}
	return string(s)
}

// RejectReason is why a comment is not published: one of a fixed list, counted publicly.
type RejectReason string

// The reasons.
const (
	RejectOffTopic     RejectReason = "off_topic"     // 与征求意见内容无关
	RejectAbusive      RejectReason = "abusive"       // 含辱骂、攻击等不文明内容
	RejectPersonalInfo RejectReason = "personal_info" // 含个人信息
	RejectDuplicate    RejectReason = "duplicate"     // 重复提交
)

// RejectReasons lists the reasons in display order.
func RejectReasons() []RejectReason {
	return []RejectReason{RejectOffTopic, RejectAbusive, RejectPersonalInfo, RejectDuplicate}
}

// Label is the Chinese name.
func (r RejectReason) Label() string {
	switch r {
	case RejectOffTopic:
		return "与征求意见内容无关"
	case RejectAbusive:
		return "含辱骂、攻击等不文明内容"
	case RejectPersonalInfo:
		return "含个人信息"
	case RejectDuplicate:
		return "重复提交"
	}
	return string(r)
}

// Valid reports whether r is on the list.
func (r RejectReason) Valid() bool { return r.Label() != string(r) }

// Comment is one comment on a consultation. Name and Contact are never published; Text is
// published (masked) only in state CommentPublished.
type Comment struct {
	ID           int64
	RecordID     int64 // the consultation
	UnitID       int64
	Text         string // as written: stored as text, escaped on output
	Name         string // optional, never public
	Contact      string // phone or email, never public
	Consent      bool
	Client       string // salted hash of the client address
	State        CommentState
	RejectReason RejectReason
	Issue        string // staff group comments by issue (议题)
	PIIFindings  int    // personal information found in Text when it was received
	ReceivedAt   time.Time
	ModeratedAt  time.Time
	ModeratedBy  int64
}

// Normalize trims what people type.
func (c *Comment) Normalize() {
	c.Text, c.Name, c.Contact, c.Issue = strings.TrimSpace(c.Text), strings.TrimSpace(c.Name), strings.TrimSpace(c.Contact), strings.TrimSpace(c.Issue)
}

// Validate checks a comment as the public sends it.
func (c Comment) Validate() error {
	var fe []errs.FieldError
	fe = textField(fe, "text", "意见内容", c.Text, true, MaxCommentLen)
	fe = textField(fe, "name", "姓名", c.Name, false, MaxNameLen)
	fe = contactField(fe, c.Contact)
	if !c.Consent {
		fe = append(fe, errs.FieldError{Field: "consent", Label: "同意", Message: "请确认同意按说明处理您提交的意见"})
	}
	if len(fe) > 0 {
		return errs.Fields("意见提交有误", fe...)
	}
	return nil
}

// PublicText is the text as published: personal information masked.
func (c Comment) PublicText() string { return pii.Mask(c.Text, pii.DefaultPolicy()) }

// Moderation is a staff decision on a pending comment.
type Moderation struct {
	Publish bool
	Reason  RejectReason // required to reject
	Issue   string       // optional grouping
}

// Moderate decides a moderation: only a pending comment is decided (a decided one stays as
// decided: what the public has seen is not taken back silently); a rejection needs a reason
// from the list. It returns the comment after the decision.
func Moderate(c Comment, m Moderation, by int64, now time.Time) (Comment, error) {
	if c.State != CommentPending {
		return c, errs.E(errs.Conflict, "该意见已处理（%s），不能再次处理", c.State.Label())
	}
	if !m.Publish && !m.Reason.Valid() {
		return c, errs.Fields("请选择不予公开的理由", errs.FieldError{Field: "reason", Label: "理由", Message: "请从列表中选择不予公开的理由"})
	}
	if n := len([]rune(strings.TrimSpace(m.Issue))); n > MaxIssueLen {
		return c, errs.Fields("议题有误", errs.FieldError{Field: "issue", Label: "议题", Message: "不能超过" + itoa(MaxIssueLen) + "字"})
	}
	n := c
	n.ModeratedAt, n.ModeratedBy = now, by
	if m.Issue != "" {
		n.Issue = strings.TrimSpace(m.Issue)
	}
	if m.Publish {
		n.State, n.RejectReason = CommentPublished, ""
	} else {
		n.State, n.RejectReason = CommentRejected, m.Reason
	}
	return n, nil
}

// Counts are the public counts of a consultation's comments.
type Counts struct {
	Received  int
	Pending   int
	Published int
	Rejected  map[RejectReason]int
	Adopted   int // issues adopted or partly adopted in the published feedback
}

// RejectedTotal sums the rejections.
func (c Counts) RejectedTotal() int {
	n := 0
	for _, v := range c.Rejected {
		n += v
	}
	return n
}
