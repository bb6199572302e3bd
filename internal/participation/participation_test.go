package participation

import (
	"strings"
	"testing"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/org"
)

func TestValidContact(t *testing.T) {
	for s, want := range map[string]bool{
		"13812345678": true, "+86 138 1234 5678": true, "029-86781234": true, "02986781234": true, "86781234": true,
		"a@b.cn": true, "张三 <a@b.cn>": false, "a@b": false, "12345": false, "": false, "23812345678": false,
		"<script>@x.cn": false,
	} {
		if got := ValidContact(s); got != want {
			t.Errorf("ValidContact(%q) = %v, want %v", s, got, want)
		}
	}
}

func fieldsOf(err error) []string {
	var out []string
	if e, ok := err.(*errs.Error); ok {
		for _, f := range e.Fields {
			out = append(out, f.Field)
		}
	}
	return out
}

func TestCommentValidate(t *testing.T) {
	ok := Comment{Text: "建议提高标准", Contact: "13812345678", Consent: true}
	for _, tc := range []struct {
		name  string
		edit  func(*Comment)
		field string
	}{
		{"valid", func(*Comment) {}, ""},
		{"empty", func(c *Comment) { c.Text = "  " }, "text"},
		{"too long", func(c *Comment) { c.Text = strings.Repeat("长", MaxCommentLen+1) }, "text"},
		{"bad contact", func(c *Comment) { c.Contact = "abc" }, "contact"},
		{"no contact", func(c *Comment) { c.Contact = "" }, "contact"},
		{"no consent", func(c *Comment) { c.Consent = false }, "consent"},
		{"long name", func(c *Comment) { c.Name = strings.Repeat("名", 31) }, "name"},
	} {
		c := ok
		tc.edit(&c)
		err := c.Validate()
		if tc.field == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
			continue
		}
		if f := fieldsOf(err); len(f) != 1 || f[0] != tc.field {
			t.Errorf("%s: fields %v, want %s", tc.name, f, tc.field)
		}
	}
}

func TestModerate(t *testing.T) {
	now := time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC)
	c := Comment{ID: 1, State: CommentPending, Text: "我的身份证号110101199003074258"}
	if _, err := Moderate(c, Moderation{}, 7, now); errs.Code(err) != errs.Invalid {
		t.Fatalf("reject without reason: %v", err)
	}
	r, err := Moderate(c, Moderation{Reason: RejectPersonalInfo}, 7, now)
	if err != nil || r.State != CommentRejected || r.RejectReason != RejectPersonalInfo || r.ModeratedBy != 7 {
		t.Fatalf("reject: %+v %v", r, err)
	}
	if _, err := Moderate(r, Moderation{Publish: true}, 7, now); errs.Code(err) != errs.Conflict {
		t.Fatalf("second decision: %v", err)
	}
	p, err := Moderate(c, Moderation{Publish: true, Issue: "保障标准"}, 7, now)
	if err != nil || p.State != CommentPublished || p.Issue != "保障标准" {
		t.Fatalf("publish: %+v %v", p, err)
	}
	if strings.Contains(p.PublicText(), "110101199003074258") {
		t.Fatalf("published text not masked: %s", p.PublicText())
	}
}

func TestFeedbackValidate(t *testing.T) {
	f := Feedback{Items: []FeedbackItem{{Issue: "提高标准", Adoption: Adopted}, {Issue: "扩大范围", Adoption: NotAdopted, Reason: "超出本级权限"}}}
	if err := f.Validate(); err != nil {
		t.Fatal(err)
	}
	if f.AdoptedCount() != 1 {
		t.Fatalf("adopted %d", f.AdoptedCount())
	}
	f.Items[1].Reason = ""
	if fs := fieldsOf(f.Validate()); len(fs) != 1 || fs[0] != "items.2.reason" {
		t.Fatalf("fields %v", fs)
	}
	if err := (Feedback{}).Validate(); err == nil {
		t.Fatal("empty feedback accepted")
	}
}

func TestDecideQuestion(t *testing.T) {
	unit := org.Org{ID: 3, Code: "610112", Kind: org.KindUnit, Path: "/1/2/3/"}
	g := func(r org.Role) []org.Grant { return []org.Grant{{OrgID: 3, OrgPath: unit.Path, Role: r}} }
	editor := QActor{PersonID: 1, Grants: g(org.RoleEditor), Unit: unit}
	approver := QActor{PersonID: 2, Grants: g(org.RoleApprover), Unit: unit}
	both := QActor{PersonID: 3, Grants: append(g(org.RoleEditor), g(org.RoleApprover)...), Unit: unit}
	now := time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC)
	q := Question{ID: 1, State: QuestionReceived, Due: calendar.MustDate(2026, 12, 14)}

	if _, err := DecideQuestion(q, QAct{Kind: QApprove}, approver, QPolicy{}, now); errs.Code(err) != errs.Conflict {
		t.Fatalf("approve before draft: %v", err)
	}
	if _, err := DecideQuestion(q, QAct{Kind: QDraft, AnswerHTML: "<p>答</p>"}, approver, QPolicy{}, now); errs.Code(err) != errs.Forbidden {
		t.Fatalf("approver drafts: %v", err)
	}
	if _, err := DecideQuestion(q, QAct{Kind: QDraft}, editor, QPolicy{}, now); errs.Code(err) != errs.Invalid {
		t.Fatalf("empty answer: %v", err)
	}
	d, err := DecideQuestion(q, QAct{Kind: QDraft, AnswerHTML: "<p>答复</p>"}, both, QPolicy{}, now)
	if err != nil || d.State != QuestionAwaiting || d.AssignedTo != 3 {
		t.Fatalf("draft: %+v %v", d, err)
	}
	if _, err := DecideQuestion(d, QAct{Kind: QApprove}, both, QPolicy{}, now); errs.Code(err) != errs.Forbidden {
		t.Fatalf("self approval: %v", err)
	}
	if a, err := DecideQuestion(d, QAct{Kind: QApprove}, both, QPolicy{AllowSelfApproval: true}, now); err != nil || a.State != QuestionAnswered {
		t.Fatalf("self approval allowed: %+v %v", a, err)
	}
	if _, err := DecideQuestion(d, QAct{Kind: QReturn}, approver, QPolicy{}, now); errs.Code(err) != errs.Invalid {
		t.Fatalf("return without opinion: %v", err)
	}
	a, err := DecideQuestion(d, QAct{Kind: QApprove}, approver, QPolicy{}, now)
	if err != nil || a.State != QuestionAnswered || !a.AnsweredAt.Equal(now) {
		t.Fatalf("approve: %+v %v", a, err)
	}
	if a.Public() {
		t.Fatal("public without the asker's consent")
	}
	a.AllowPublic = true
	if !a.Public() {
		t.Fatal("not public with consent")
	}
	a.PrivateReason = "涉及个人隐私"
	if a.Public() {
		t.Fatal("public though kept private")
	}
	e, err := DecideQuestion(q, QAct{Kind: QExtend, Reason: "需会同其他部门研究", NewDue: calendar.MustDate(2026, 12, 21)}, editor, QPolicy{}, now)
	if err != nil || !e.Extended || e.Due != calendar.MustDate(2026, 12, 21) {
		t.Fatalf("extend: %+v %v", e, err)
	}
	if _, err := DecideQuestion(e, QAct{Kind: QExtend, Reason: "再延", NewDue: calendar.MustDate(2026, 12, 28)}, editor, QPolicy{}, now); errs.Code(err) != errs.Conflict {
		t.Fatalf("second extension: %v", err)
	}
	if _, err := Rate(q, 1, now); errs.Code(err) != errs.Conflict {
		t.Fatalf("rate before answer: %v", err)
	}
	r, err := Rate(a, 2, now)
	if err != nil || r.Rating != 2 {
		t.Fatalf("rate: %v", err)
	}
	if _, err := Rate(r, 1, now); errs.Code(err) != errs.Conflict {
		t.Fatalf("rate twice: %v", err)
	}
	if !q.Overdue(calendar.MustDate(2026, 12, 15)) || q.Overdue(calendar.MustDate(2026, 12, 14)) {
		t.Fatal("overdue")
	}
}

func TestMedianAndStale(t *testing.T) {
	if Median(nil) != 0 || Median([]int{3, 1, 2}) != 2 || Median([]int{4, 1, 2, 3}) != 2.5 {
		t.Fatal("median")
	}
	if got := StaleBefore(calendar.MustDate(2026, 12, 7)); got != calendar.MustDate(2026, 9, 7) {
		t.Fatalf("stale before %s", got)
	}
}
