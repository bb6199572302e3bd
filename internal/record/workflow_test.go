package record

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"gongkai/internal/errs"
	"gongkai/internal/org"
)

// transitionSpec is the procedure as specified (contract.md and the issue), written out here
// independently of stepFor: for each action, the states it starts from, where it leads and who
// may do it there. The matrix test checks Decide against it for every state × action × role.
func transitionSpec() map[ActionKind]map[State]struct {
	to  State
	who []string
} {
	type cell = struct {
		to  State
		who []string
	}
	writers := []string{"editor", "unit_admin"}
	return map[ActionKind]map[State]cell{
		ActionCreate:  {StateNew: {StateDraft, writers}},
		ActionEdit:    {StateDraft: {StateDraft, writers}},
		ActionMaskPII: {StateDraft: {StateDraft, writers}, StateInReview: {StateInReview, []string{"reviewer"}}, StateAwaitingApproval: {StateAwaitingApproval, []string{"approver"}}},
		ActionSubmit:  {StateDraft: {StateInReview, writers}},
		ActionDiscard: {StateDraft: {StateNew, writers}},

		ActionReviewPass:   {StateInReview: {StateAwaitingApproval, []string{"reviewer"}}},
		ActionReviewReturn: {StateInReview: {StateDraft, []string{"reviewer"}}},
		ActionAllowPII:     {StateInReview: {StateInReview, []string{"reviewer"}}, StateAwaitingApproval: {StateAwaitingApproval, []string{"approver"}}},
		ActionConfirmNoPII: {StateInReview: {StateInReview, []string{"reviewer"}}, StateAwaitingApproval: {StateAwaitingApproval, []string{"approver"}}},

		ActionApprove:        {StateAwaitingApproval: {StatePublished, []string{"approver"}}},
		ActionApproveReturn:  {StateAwaitingApproval: {StateDraft, []string{"approver"}}},
		ActionCancelSchedule: {StateScheduled: {StateAwaitingApproval, []string{"approver", "unit_admin"}}},
		ActionPublishDue:     {StateScheduled: {StatePublished, []string{"system"}}},

		ActionWithdraw: {StatePublished: {StateWithdrawn, []string{"approver", "unit_admin"}}},
		ActionRevise:   {StatePublished: {StateDraft, writers}},
	}
}

// TestDecideMatrix runs every action in every state for every role: allowed ones must lead to
// the specified state, refused ones must fail with Forbidden (no such role here, or not the
// role for this stage) or Conflict (the action is not possible in this state).
func TestDecideMatrix(t *testing.T) {
	spec := transitionSpec()
	if len(spec) != len(Actions()) {
		t.Fatalf("spec covers %d actions, package has %d", len(spec), len(Actions()))
	}
	allowed := 0
	for _, act := range Actions() {
		var ever []string
		for _, c := range spec[act] {
			ever = append(ever, c.who...)
		}
		for _, s := range anyState() {
			for _, col := range roleColumns() {
				name := fmt.Sprintf("%s/%s/%s", cmpState(s), act, col)
				t.Run(name, func(t *testing.T) {
					r := recordIn(s)
					if act == ActionAllowPII {
						r.PIIFindings = 1
					}
					if act == ActionConfirmNoPII {
						r.UnreadAttachments = 1
					}
					a := Action{Kind: act, Opinion: "经审查，同意。", Reason: "依据《失信被执行人名单管理规定》公示", Attachment: 1}
					out, err := Decide(r, a, actor(col), Policy{}, testNow())

					cell, stateOK := spec[act][s]
					switch {
					case !slices.Contains(ever, col):
						wantErr(t, err, errs.Forbidden, "")
					case !stateOK:
						wantErr(t, err, errs.Conflict, "")
					case !slices.Contains(cell.who, col):
						wantErr(t, err, errs.Forbidden, "当前状态为")
					default:
						if err != nil {
							t.Fatalf("want allowed → %s, got %v", cell.to, err)
						}
						if out.From != s || out.To != cell.to || out.Record.State != cell.to {
							t.Fatalf("got %s → %s (record %s), want %s → %s", out.From, out.To, out.Record.State, s, cell.to)
						}
						if out.Action != act || out.Event() != "record."+string(act) {
							t.Fatalf("outcome names %s / %s", out.Action, out.Event())
						}
						if out.Exception != "" {
							t.Fatalf("unexpected exception %q", out.Exception)
						}
						allowed++
					}
					if err != nil && !reflect.DeepEqual(out, Outcome{}) {
						t.Fatalf("refused action returned a non-empty outcome: %+v", out)
					}
				})
			}
		}
	}
	// 19 (action, state) cells; 27 (cell, role) pairs are allowed in all.
	if allowed != 27 {
		t.Fatalf("allowed %d (state, action, role) combinations, want 27", allowed)
	}
}

func cmpState(s State) string {
	if s == StateNew {
		return "new"
	}
	return string(s)
}

// TestDecideMessages pins the wording people see for the common refusals.
func TestDecideMessages(t *testing.T) {
	_, _, unit, _ := testOrgs()
	tests := []struct {
		name  string
		r     Record
		a     Action
		actor Actor
		code  string
		msg   string
	}{
		{"submit while awaiting approval", recordIn(StateAwaitingApproval), Action{Kind: ActionSubmit}, actor("editor"),
			errs.Conflict, "当前状态为“待审核签发”，不能提交保密审查"},
		{"other unit reviews", recordIn(StateInReview), Action{Kind: ActionReviewPass}, actor("other_unit"),
			errs.Forbidden, "只有本单位的保密审查员可以通过保密审查"},
		{"supervisor withdraws", recordIn(StatePublished), Action{Kind: ActionWithdraw, Reason: "x"}, actor("city_supervisor"),
			errs.Forbidden, "只有本单位的审核签发人或单位管理员（政务公开办）可以撤回"},
		{"reviewer masks a draft", recordIn(StateDraft), Action{Kind: ActionMaskPII}, actor("reviewer"),
			errs.Forbidden, "当前状态为“草稿”，只有本单位的经办人或单位管理员（政务公开办）可以遮盖个人信息"},
		{"person publishes due", recordIn(StateScheduled), Action{Kind: ActionPublishDue}, actor("approver"),
			errs.Forbidden, "定时发布由系统自动执行"},
		{"system approves", recordIn(StateAwaitingApproval), Action{Kind: ActionApprove}, SystemActor(),
			errs.Forbidden, "系统不能审核签发"},
		{"edit published", recordIn(StatePublished), Action{Kind: ActionEdit}, actor("editor"),
			errs.Conflict, "当前状态为“已发布”，不能修改；如需更改已发布的信息，请先修订"},
		{"edit in review", recordIn(StateInReview), Action{Kind: ActionEdit}, actor("editor"),
			errs.Conflict, "只有草稿可以修改"},
		{"edit scheduled", recordIn(StateScheduled), Action{Kind: ActionEdit}, actor("editor"),
			errs.Conflict, "请先取消定时发布"},
		{"withdraw twice", recordIn(StateWithdrawn), Action{Kind: ActionWithdraw, Reason: "x"}, actor("approver"),
			errs.Conflict, "当前状态为“已撤回”，不能撤回"},
		{"revise withdrawn", recordIn(StateWithdrawn), Action{Kind: ActionRevise}, actor("editor"),
			errs.Conflict, "当前状态为“已撤回”，不能修订"},
		{"create existing", recordIn(StateDraft), Action{Kind: ActionCreate}, actor("editor"),
			errs.Conflict, "信息已存在"},
		{"submit nothing", recordIn(StateNew), Action{Kind: ActionSubmit}, actor("editor"),
			errs.Conflict, "信息尚未创建"},
		{"unknown action", recordIn(StateDraft), Action{Kind: "publish"}, actor("editor"),
			errs.Invalid, "未知的操作"},
		{"no person", recordIn(StateDraft), Action{Kind: ActionEdit}, Actor{Unit: unit}, errs.Unauthorized, "请先登录"},
		{"actor wired to another unit", recordIn(StateDraft), Action{Kind: ActionEdit},
			Actor{PersonID: idEditor, Grants: []org.Grant{grant(unit, org.RoleEditor)}, Unit: org.Org{ID: 4, Path: "/1/2/4/"}},
			errs.Internal, "not the record's unit"},
		{"not yet due", func() Record { r := recordIn(StateScheduled); r.ScheduledAt = testNow().Add(2 * time.Hour); return r }(),
			Action{Kind: ActionPublishDue}, SystemActor(), errs.Conflict, "尚未到定时发布时间（2026-10-20 12:00）"},
		{"not public", func() Record {
			r := recordIn(StateAwaitingApproval)
			r.Openness, r.OpennessReason = OpenNotPublic, "涉及国家秘密"
			return r
		}(), Action{Kind: ActionApprove}, actor("approver"), errs.Conflict, "公开属性为“不予公开”的信息不能发布"},
		{"not public, scheduled before the change", func() Record {
			r := recordIn(StateScheduled)
			r.Openness = OpenNotPublic
			return r
		}(), Action{Kind: ActionPublishDue}, SystemActor(), errs.Conflict, "不予公开"},
		{"return without opinion", recordIn(StateInReview), Action{Kind: ActionReviewReturn, Opinion: "  "}, actor("reviewer"),
			errs.Invalid, "退回时须填写意见"},
		{"approver returns without opinion", recordIn(StateAwaitingApproval), Action{Kind: ActionApproveReturn}, actor("approver"),
			errs.Invalid, "退回时须填写意见"},
		{"withdraw without reason", recordIn(StatePublished), Action{Kind: ActionWithdraw}, actor("approver"),
			errs.Invalid, "撤回须填写理由（将向社会公开）"},
		{"opinion too long", recordIn(StateInReview), Action{Kind: ActionReviewPass, Opinion: strings.Repeat("意", 1001)}, actor("reviewer"),
			errs.Invalid, "不能超过1000字"},
		{"submit incomplete", func() Record { r := recordIn(StateDraft); r.Title = ""; r.Subject = "99"; return r }(),
			Action{Kind: ActionSubmit}, actor("editor"), errs.Invalid, "标题：不能为空；主题分类：“99”不是国家主题分类中的代码"},
		{"history revision", func() Record { r := recordIn(StatePublished); r.PublicRevision = 2; return r }(),
			Action{Kind: ActionWithdraw, Reason: "x"}, actor("approver"), errs.Conflict, "这是第1版（历史版本），当前公开的是第2版"},
		{"second amendment", func() Record { r := recordIn(StatePublished); r.PendingRevision = 2; return r }(),
			Action{Kind: ActionRevise}, actor("editor"), errs.Conflict, "已有第2版修订稿正在办理，不能再次修订"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Decide(tc.r, tc.a, tc.actor, Policy{}, testNow())
			wantErr(t, err, tc.code, tc.msg)
		})
	}
}

// TestSeparationOfDuties covers every rule of the separation of duties and the small-unit
// exception.
func TestSeparationOfDuties(t *testing.T) {
	_, _, unit, _ := testOrgs()
	const idSmall = 301 // one person holding every unit role, as in a very small unit
	small := Actor{PersonID: idSmall, Unit: unit, Grants: []org.Grant{grant(unit, org.RoleEditor),
		grant(unit, org.RoleReviewer), grant(unit, org.RoleApprover), grant(unit, org.RoleUnitAdmin)}}
	withPII := func(r Record) Record { r.PIIFindings = 1; return r }
	tests := []struct {
		name      string
		r         Record
		kind      ActionKind
		by        Actor
		allowSame bool
		code      string // "" = allowed
		msg       string // error text, or the exception for an allowed action
	}{
		{"reviewer wrote it", func() Record { r := recordIn(StateInReview); r.CreatedBy = idReviewer; return r }(),
			ActionReviewPass, actor("reviewer"), false, errs.Forbidden, "不能审查自己起草或最后修改的信息"},
		{"reviewer wrote it, someone else edited last", func() Record {
			r := recordIn(StateInReview)
			r.CreatedBy, r.UpdatedBy = idReviewer, idAuthor
			return r
		}(), ActionReviewPass, actor("reviewer"), false, errs.Forbidden, "不能审查自己起草或最后修改的信息"},
		{"reviewer edited it last", func() Record { r := recordIn(StateInReview); r.UpdatedBy = idReviewer; return r }(),
			ActionReviewPass, actor("reviewer"), false, errs.Forbidden, "不能审查自己起草或最后修改的信息"},
		{"reviewer submitted it", func() Record { r := recordIn(StateInReview); r.SubmittedBy = idReviewer; return r }(),
			ActionReviewPass, actor("reviewer"), false, errs.Forbidden, "不能审查自己提交的信息"},
		{"reviewer returns own record", func() Record { r := recordIn(StateInReview); r.CreatedBy = idReviewer; return r }(),
			ActionReviewReturn, actor("reviewer"), false, errs.Forbidden, "不能审查自己起草或最后修改的信息"},
		{"reviewer overrides PII of own record", func() Record { r := withPII(recordIn(StateInReview)); r.UpdatedBy = idReviewer; return r }(),
			ActionAllowPII, actor("reviewer"), false, errs.Forbidden, "不能审查自己起草或最后修改的信息"},
		{"policy does not let authors review", func() Record { r := recordIn(StateInReview); r.CreatedBy = idReviewer; return r }(),
			ActionReviewPass, actor("reviewer"), true, errs.Forbidden, "不能审查自己起草"},

		{"approver wrote it", func() Record { r := recordIn(StateAwaitingApproval); r.CreatedBy = idApprover; return r }(),
			ActionApprove, actor("approver"), false, errs.Forbidden, "不能签发自己起草或最后修改的信息"},
		{"approver edited it last", func() Record { r := recordIn(StateAwaitingApproval); r.UpdatedBy = idApprover; return r }(),
			ActionApprove, actor("approver"), false, errs.Forbidden, "不能签发自己起草或最后修改的信息"},
		{"approver submitted it", func() Record { r := recordIn(StateAwaitingApproval); r.SubmittedBy = idApprover; return r }(),
			ActionApprove, actor("approver"), false, errs.Forbidden, "不能签发自己提交的信息"},
		{"approver reviewed it", func() Record { r := recordIn(StateAwaitingApproval); r.ReviewedBy = idApprover; return r }(),
			ActionApprove, actor("approver"), false, errs.Forbidden, "保密审查人不能再审核签发同一信息"},
		{"approver reviewed it, unit allows", func() Record { r := recordIn(StateAwaitingApproval); r.ReviewedBy = idApprover; return r }(),
			ActionApprove, actor("approver"), true, "", "例外：按本单位设置，保密审查人（人员103）同时审核签发"},
		{"approver wrote it, unit allows reviewer=approver only", func() Record {
			r := recordIn(StateAwaitingApproval)
			r.CreatedBy, r.ReviewedBy = idApprover, idApprover
			return r
		}(), ActionApprove, actor("approver"), true, errs.Forbidden, "不能签发自己起草或最后修改的信息"},
		{"approver returns what they reviewed", func() Record { r := recordIn(StateAwaitingApproval); r.ReviewedBy = idApprover; return r }(),
			ActionApproveReturn, actor("approver"), false, errs.Forbidden, "保密审查人不能再审核签发同一信息"},
		{"approver returns what they reviewed, unit allows", func() Record { r := recordIn(StateAwaitingApproval); r.ReviewedBy = idApprover; return r }(),
			ActionApproveReturn, actor("approver"), true, "", "例外"},
		{"approver returns own record", func() Record { r := recordIn(StateAwaitingApproval); r.CreatedBy = idApprover; return r }(),
			ActionApproveReturn, actor("approver"), true, errs.Forbidden, "不能签发自己起草"},
		{"approver overrides PII they reviewed", func() Record {
			r := withPII(recordIn(StateAwaitingApproval))
			r.ReviewedBy = idApprover
			return r
		}(), ActionAllowPII, actor("approver"), false, errs.Forbidden, "保密审查人不能再审核签发同一信息"},

		// Stopping publication and masking never need a second person.
		{"approver withdraws own record", func() Record { r := recordIn(StatePublished); r.CreatedBy = idApprover; return r }(),
			ActionWithdraw, actor("approver"), false, "", ""},
		{"approver cancels own schedule", func() Record {
			r := recordIn(StateScheduled)
			r.CreatedBy, r.ApprovedBy = idApprover, idApprover
			return r
		}(), ActionCancelSchedule, actor("approver"), false, "", ""},
		{"reviewer masks own record", func() Record { r := withPII(recordIn(StateInReview)); r.CreatedBy = idReviewer; return r }(),
			ActionMaskPII, actor("reviewer"), false, "", ""},

		// One person with every role: may write and submit, may not review or approve it.
		{"small unit: own draft submitted", func() Record { r := recordIn(StateDraft); r.CreatedBy, r.UpdatedBy = idSmall, idSmall; return r }(),
			ActionSubmit, small, true, "", ""},
		{"small unit: own record reviewed", func() Record {
			r := recordIn(StateInReview)
			r.CreatedBy, r.UpdatedBy, r.SubmittedBy = idSmall, idSmall, idSmall
			return r
		}(), ActionReviewPass, small, true, errs.Forbidden, "不能审查自己起草或最后修改的信息"},
		{"small unit: colleague's record reviewed then approved", func() Record {
			r := recordIn(StateAwaitingApproval)
			r.ReviewedBy = idSmall
			return r
		}(), ActionApprove, small, true, "", "例外"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, err := Decide(tc.r, Action{Kind: tc.kind, Opinion: "意见", Reason: "理由"}, tc.by,
				Policy{AllowSameReviewerApprover: tc.allowSame}, testNow())
			if tc.code != "" {
				wantErr(t, err, tc.code, tc.msg)
				return
			}
			if err != nil {
				t.Fatalf("want allowed, got %v", err)
			}
			if !strings.Contains(out.Exception, tc.msg) || (tc.msg == "") != (out.Exception == "") {
				t.Fatalf("exception %q, want %q", out.Exception, tc.msg)
			}
			if tc.kind == ActionApprove && out.Record.SameReviewerApprover != (out.Exception != "") {
				t.Fatalf("record flag SameReviewerApprover = %v with exception %q", out.Record.SameReviewerApprover, out.Exception)
			}
		})
	}
}

// TestPersonalInformationGate: unmasked findings block review and approval until they are
// masked or an override with its reason is recorded; editing voids the override.
func TestPersonalInformationGate(t *testing.T) {
	now := testNow()
	found := func(s State, n int) Record { r := recordIn(s); r.PIIFindings = n; return r }
	override := PIIOverride{Reason: "失信被执行人惩戒公示", By: idReviewer2, At: now}

	_, err := Decide(found(StateInReview, 2), Action{Kind: ActionReviewPass}, actor("reviewer"), Policy{}, now)
	wantErr(t, err, errs.Conflict, "发现2处未遮盖的个人信息（身份证号、手机号码或银行卡号），不能通过保密审查")
	_, err = Decide(found(StateAwaitingApproval, 1), Action{Kind: ActionApprove}, actor("approver"), Policy{}, now)
	wantErr(t, err, errs.Conflict, "不能审核签发")

	// Returning is always possible: it is how a record with findings goes back to the editor.
	if _, err := Decide(found(StateInReview, 2), Action{Kind: ActionReviewReturn, Opinion: "请遮盖身份证号"}, actor("reviewer"), Policy{}, now); err != nil {
		t.Fatalf("return with findings: %v", err)
	}
	// Submitting is possible too: the reviewer sees the findings in place and masks them.
	if _, err := Decide(found(StateDraft, 2), Action{Kind: ActionSubmit}, actor("editor"), Policy{}, now); err != nil {
		t.Fatalf("submit with findings: %v", err)
	}

	// An override without its reason, or without who gave it, does not count.
	r := found(StateInReview, 2)
	r.PIIOverride = PIIOverride{By: idReviewer2}
	_, err = Decide(r, Action{Kind: ActionReviewPass}, actor("reviewer"), Policy{}, now)
	wantErr(t, err, errs.Conflict, "未遮盖的个人信息")
	r.PIIOverride = PIIOverride{Reason: "惩戒公示"}
	_, err = Decide(r, Action{Kind: ActionReviewPass}, actor("reviewer"), Policy{}, now)
	wantErr(t, err, errs.Conflict, "未遮盖的个人信息")

	r.PIIOverride = override
	if _, err := Decide(r, Action{Kind: ActionReviewPass}, actor("reviewer"), Policy{}, now); err != nil {
		t.Fatalf("review pass with override: %v", err)
	}
	r = found(StateAwaitingApproval, 2)
	r.PIIOverride = override
	if _, err := Decide(r, Action{Kind: ActionApprove}, actor("approver"), Policy{}, now); err != nil {
		t.Fatalf("approve with override: %v", err)
	}

	// Recording the override.
	_, err = Decide(found(StateInReview, 2), Action{Kind: ActionAllowPII, Reason: " "}, actor("reviewer"), Policy{}, now)
	wantErr(t, err, errs.Invalid, "须写明公开完整个人信息的法律依据")
	_, err = Decide(found(StateInReview, 0), Action{Kind: ActionAllowPII, Reason: "惩戒公示"}, actor("reviewer"), Policy{}, now)
	wantErr(t, err, errs.Conflict, "未发现未遮盖的个人信息，无需登记例外")
	out, err := Decide(found(StateInReview, 2), Action{Kind: ActionAllowPII, Reason: " 失信被执行人惩戒公示 "}, actor("reviewer"), Policy{}, now)
	if err != nil {
		t.Fatal(err)
	}
	if got := out.Record.PIIOverride; got.Reason != "失信被执行人惩戒公示" || got.By != idReviewer || !got.At.Equal(now) || out.To != StateInReview {
		t.Fatalf("override = %+v, to %s", got, out.To)
	}
	if _, err := Decide(out.Record, Action{Kind: ActionReviewPass}, actor("reviewer"), Policy{}, now); err != nil {
		t.Fatalf("pass after override: %v", err)
	}

	// Editing the content voids the override.
	d := found(StateDraft, 2)
	d.PIIOverride = override
	out, err = Decide(d, Action{Kind: ActionEdit}, actor("editor"), Policy{}, now)
	if err != nil {
		t.Fatal(err)
	}
	if out.Record.PIIOverride.Granted() || out.Record.UpdatedBy != idEditor {
		t.Fatalf("after edit: override %+v, updated by %d", out.Record.PIIOverride, out.Record.UpdatedBy)
	}

	// Masking by the reviewer changes the content without making the record theirs.
	out, err = Decide(found(StateInReview, 2), Action{Kind: ActionMaskPII}, actor("reviewer"), Policy{}, now)
	if err != nil {
		t.Fatal(err)
	}
	if out.Record.UpdatedBy != idAuthor || out.Record.State != StateInReview {
		t.Fatalf("after mask: updated by %d, state %s", out.Record.UpdatedBy, out.Record.State)
	}
	masked := out.Record
	masked.PIIFindings = 0 // the store rescans after masking
	if _, err := Decide(masked, Action{Kind: ActionReviewPass}, actor("reviewer"), Policy{}, now); err != nil {
		t.Fatalf("pass after masking: %v", err)
	}
}

// TestScheduling: approve with a future time schedules; the scheduler publishes when due, also
// long after (a server that was down); cancelling goes back to approval.
func TestScheduling(t *testing.T) {
	now := testNow()
	at := now.Add(2 * time.Hour)
	out, err := Decide(recordIn(StateAwaitingApproval), Action{Kind: ActionApprove, At: at, Opinion: "同意"}, actor("approver"), Policy{}, now)
	if err != nil {
		t.Fatal(err)
	}
	if out.To != StateScheduled || !out.Record.ScheduledAt.Equal(at) || out.Record.ApprovedBy != idApprover ||
		out.AssignIndexNo || out.PublicChange || !out.Record.PublishedAt.IsZero() {
		t.Fatalf("schedule: %+v", out)
	}
	sched := out.Record

	_, err = Decide(sched, Action{Kind: ActionPublishDue}, SystemActor(), Policy{}, now.Add(time.Hour))
	wantErr(t, err, errs.Conflict, "尚未到定时发布时间（2026-10-20 12:00）")

	late := at.Add(72 * time.Hour) // the server was down over the scheduled time
	out, err = Decide(sched, Action{Kind: ActionPublishDue}, SystemActor(), Policy{}, late)
	if err != nil {
		t.Fatal(err)
	}
	if out.To != StatePublished || !out.Record.PublishedAt.Equal(late) || !out.Record.ScheduledAt.IsZero() ||
		!out.AssignIndexNo || !out.PublicChange || out.Record.PublicRevision != 1 || out.Record.ApprovedBy != idApprover {
		t.Fatalf("publish due: %+v", out)
	}
	// Exactly at the time is due.
	if _, err := Decide(sched, Action{Kind: ActionPublishDue}, SystemActor(), Policy{}, at); err != nil {
		t.Fatalf("publish at the time: %v", err)
	}

	out, err = Decide(sched, Action{Kind: ActionCancelSchedule}, actor("unit_admin"), Policy{}, now)
	if err != nil {
		t.Fatal(err)
	}
	if out.To != StateAwaitingApproval || !out.Record.ScheduledAt.IsZero() || out.Record.ApprovedBy != 0 || out.Record.ReviewedBy != idReviewer2 {
		t.Fatalf("cancel: %+v", out.Record)
	}

	// A time not after now publishes at once.
	for _, at := range []time.Time{{}, now, now.Add(-time.Minute)} {
		out, err := Decide(recordIn(StateAwaitingApproval), Action{Kind: ActionApprove, At: at}, actor("approver"), Policy{}, now)
		if err != nil {
			t.Fatal(err)
		}
		if out.To != StatePublished || !out.Record.PublishedAt.Equal(now) || !out.AssignIndexNo {
			t.Fatalf("approve at %v: %+v", at, out)
		}
	}
}

// TestRevisions walks the revision model: a published record gets an amendment that goes
// through the whole procedure while revision 1 stays public, then replaces it.
func TestRevisions(t *testing.T) {
	now := testNow()
	pub := recordIn(StatePublished)

	out, err := Decide(pub, Action{Kind: ActionRevise}, actor("editor"), Policy{}, now)
	if err != nil {
		t.Fatal(err)
	}
	am := out.Record
	if !out.NewRevision || out.From != StatePublished || out.To != StateDraft || out.PublicChange {
		t.Fatalf("revise outcome: %+v", out)
	}
	if am.Revision != 2 || am.PublicRevision != 1 || am.PendingRevision != 2 || !am.IsAmendment() ||
		am.CreatedBy != idEditor || am.UpdatedBy != idEditor || am.ReviewedBy != 0 || am.ApprovedBy != 0 || am.SubmittedBy != 0 ||
		am.IndexNo != pub.IndexNo || !am.PublishedAt.Equal(pub.PublishedAt) || am.ID != pub.ID || am.Title != pub.Title {
		t.Fatalf("new revision: %+v", am)
	}
	if pub.State != StatePublished || pub.PendingRevision != 0 {
		t.Fatal("Decide changed its input")
	}

	// The amendment needs a public change note before it can be submitted.
	_, err = Decide(am, Action{Kind: ActionSubmit}, actor("editor"), Policy{}, now)
	wantErr(t, err, errs.Invalid, "修订说明：修订已发布的信息须填写修订说明（将向社会公开）")
	am.ChangeNote = "更正第三条保障标准"

	step := func(r Record, a Action, who Actor) Outcome {
		t.Helper()
		out, err := Decide(r, a, who, Policy{}, now)
		if err != nil {
			t.Fatalf("%s: %v", a.Kind, err)
		}
		if out.Record.PublicRevision != 1 && out.To != StatePublished {
			t.Fatalf("%s lost the public revision: %+v", a.Kind, out.Record)
		}
		return out
	}
	am = step(am, Action{Kind: ActionSubmit}, actor("editor")).Record
	// The reviser may not review the amendment, though the original author may.
	_, err = Decide(am, Action{Kind: ActionReviewPass}, Actor{PersonID: idEditor, Unit: actor("reviewer").Unit,
		Grants: append(actor("editor").Grants, actor("reviewer").Grants...)}, Policy{}, now)
	wantErr(t, err, errs.Forbidden, "不能审查自己起草或最后修改的信息")
	am = step(am, Action{Kind: ActionReviewPass}, actor("reviewer")).Record

	later := now.Add(time.Hour)
	out, err = Decide(am, Action{Kind: ActionApprove}, actor("approver"), Policy{}, later)
	if err != nil {
		t.Fatal(err)
	}
	r2 := out.Record
	if out.To != StatePublished || out.Supersedes != 1 || out.AssignIndexNo || !out.PublicChange ||
		r2.PublicRevision != 2 || r2.PendingRevision != 0 || !r2.RevisedAt.Equal(later) || !r2.PublishedAt.Equal(pub.PublishedAt) ||
		r2.IndexNo != pub.IndexNo || r2.IsAmendment() {
		t.Fatalf("amendment published: %+v / %+v", out, r2)
	}

	// Revision 1 is now history and accepts nothing.
	old := pub
	old.PublicRevision = 2
	for _, k := range []ActionKind{ActionWithdraw, ActionRevise} {
		_, err := Decide(old, Action{Kind: k, Reason: "x"}, actor("unit_admin"), Policy{}, now)
		wantErr(t, err, errs.Conflict, "历史版本")
	}
	// Revision 2 can be revised again.
	out, err = Decide(r2, Action{Kind: ActionRevise}, actor("unit_admin"), Policy{}, now)
	if err != nil || out.Record.Revision != 3 || out.Record.PublicRevision != 2 || out.Record.PendingRevision != 3 {
		t.Fatalf("third revision: %+v", out.Record)
	}
}

func TestRevisionsDiscardAndWithdraw(t *testing.T) {
	now := testNow()

	// Discarding an amendment leaves the record published; discarding a first draft deletes it.
	out, err := Decide(amendment(StateDraft), Action{Kind: ActionDiscard}, actor("editor"), Policy{}, now)
	if err != nil {
		t.Fatal(err)
	}
	if out.DiscardRevision != 2 || out.DeleteRecord || out.To != StateNew || out.PublicChange {
		t.Fatalf("discard amendment: %+v", out)
	}
	out, err = Decide(recordIn(StateDraft), Action{Kind: ActionDiscard}, actor("unit_admin"), Policy{}, now)
	if err != nil {
		t.Fatal(err)
	}
	if out.DiscardRevision != 0 || !out.DeleteRecord {
		t.Fatalf("discard draft: %+v", out)
	}
	_, err = Decide(amendment(StateInReview), Action{Kind: ActionDiscard}, actor("editor"), Policy{}, now)
	wantErr(t, err, errs.Conflict, "当前状态为“保密审查中”，不能删除草稿")

	// Withdrawing a record drops its pending amendment (in whatever state: the public revision
	// only knows its number).
	pub := recordIn(StatePublished)
	pub.PendingRevision = 2
	out, err = Decide(pub, Action{Kind: ActionWithdraw, Reason: " 数据有误，已重新发布 "}, actor("approver"), Policy{}, now)
	if err != nil {
		t.Fatal(err)
	}
	r := out.Record
	if out.DiscardRevision != 2 || r.PendingRevision != 0 || r.State != StateWithdrawn || !out.PublicChange ||
		r.WithdrawReason != "数据有误，已重新发布" || r.WithdrawnBy != idApprover || !r.WithdrawnAt.Equal(now) {
		t.Fatalf("withdraw with amendment: %+v / %+v", out, r)
	}

	// An amendment in progress has its own states; its record stays published meanwhile.
	for _, s := range []State{StateInReview, StateAwaitingApproval} {
		_, err := Decide(amendment(s), Action{Kind: ActionWithdraw, Reason: "x"}, actor("approver"), Policy{}, now)
		wantErr(t, err, errs.Conflict, "不能撤回")
	}
	out, err = Decide(amendment(StateScheduled), Action{Kind: ActionPublishDue}, SystemActor(), Policy{}, now)
	if err != nil {
		t.Fatal(err)
	}
	if out.Supersedes != 1 || out.Record.PublicRevision != 2 || out.AssignIndexNo {
		t.Fatalf("scheduled amendment published: %+v", out)
	}
}

// TestHappyPath runs the whole procedure with the demo roles of 610112.
func TestHappyPath(t *testing.T) {
	now := testNow()
	r := validRecord()
	r.State, r.Revision, r.CreatedBy, r.UpdatedBy = StateNew, 0, 0, 0
	steps := []struct {
		a    Action
		by   string
		want State
	}{
		{Action{Kind: ActionCreate}, "editor", StateDraft},
		{Action{Kind: ActionEdit}, "unit_admin", StateDraft},
		{Action{Kind: ActionSubmit}, "editor", StateInReview},
		{Action{Kind: ActionReviewReturn, Opinion: "请补充文号"}, "reviewer", StateDraft},
		{Action{Kind: ActionEdit}, "editor", StateDraft},
		{Action{Kind: ActionSubmit}, "editor", StateInReview},
		{Action{Kind: ActionReviewPass, Opinion: "不涉及国家秘密，同意公开"}, "reviewer", StateAwaitingApproval},
		{Action{Kind: ActionApproveReturn, Opinion: "标题不规范"}, "approver", StateDraft},
		{Action{Kind: ActionSubmit}, "unit_admin", StateInReview},
		{Action{Kind: ActionReviewPass}, "reviewer", StateAwaitingApproval},
		{Action{Kind: ActionApprove}, "approver", StatePublished},
		{Action{Kind: ActionWithdraw, Reason: "政策已调整"}, "approver", StateWithdrawn},
	}
	for i, s := range steps {
		out, err := Decide(r, s.a, actor(s.by), Policy{}, now.Add(time.Duration(i)*time.Minute))
		if err != nil {
			t.Fatalf("step %d %s by %s: %v", i, s.a.Kind, s.by, err)
		}
		if out.To != s.want {
			t.Fatalf("step %d: %s, want %s", i, out.To, s.want)
		}
		r = out.Record
		switch s.a.Kind {
		case ActionCreate:
			if r.CreatedBy != idEditor || r.Revision != 1 || !r.CreatedAt.Equal(now) {
				t.Fatalf("created: %+v", r)
			}
		case ActionReviewReturn:
			if r.ReviewOpinion != "请补充文号" || r.ReviewedBy != 0 || r.SubmittedBy != 0 {
				t.Fatalf("returned: %+v", r)
			}
		case ActionApproveReturn:
			if r.ApproveOpinion != "标题不规范" || r.ReviewedBy != 0 {
				t.Fatalf("returned by approver: %+v", r)
			}
		case ActionApprove:
			if r.ReviewedBy != idReviewer || r.ApprovedBy != idApprover || r.SubmittedBy != idAdmin || r.PublicRevision != 1 || r.SameReviewerApprover {
				t.Fatalf("approved: %+v", r)
			}
		}
	}
	if r.WithdrawReason != "政策已调整" || r.PublishedAt.IsZero() {
		t.Fatalf("final: %+v", r)
	}
}

// An attachment the guard could not read (a scan) blocks review and approval until someone at
// that stage confirms it holds no personal information: finding nothing in what one cannot read
// proves nothing.
func TestUnreadAttachmentsBlockReview(t *testing.T) {
	now := testNow()
	for _, c := range []struct {
		state State
		kind  ActionKind
		who   string
		label string
	}{
		{StateInReview, ActionReviewPass, "reviewer", "通过保密审查"},
		{StateAwaitingApproval, ActionApprove, "approver", "审核签发"},
	} {
		r := recordIn(c.state)
		r.UnreadAttachments = 2
		_, err := Decide(r, Action{Kind: c.kind}, actor(c.who), Policy{}, now)
		wantErr(t, err, errs.Conflict, "有2个附件系统无法读取其中的文字（如扫描件、图片），无法检查其中的个人信息，不能"+c.label)
		// A legal override of findings is no answer to what could not be read.
		r.PIIOverride = PIIOverride{Reason: "惩戒公示", By: 99, At: now}
		_, err = Decide(r, Action{Kind: c.kind}, actor(c.who), Policy{}, now)
		wantErr(t, err, errs.Conflict, "无法检查其中的个人信息")

		out, err := Decide(r, Action{Kind: ActionConfirmNoPII, Attachment: 1}, actor(c.who), Policy{}, now)
		if err != nil || out.To != c.state || out.Event() != "record.confirm_no_pii" {
			t.Fatalf("%s confirms: %+v, %v", c.who, out, err)
		}
		r.UnreadAttachments = 0
		if _, err := Decide(r, Action{Kind: c.kind}, actor(c.who), Policy{}, now); err != nil {
			t.Errorf("after confirmation: %v", err)
		}
		_, err = Decide(r, Action{Kind: ActionConfirmNoPII, Attachment: 1}, actor(c.who), Policy{}, now)
		wantErr(t, err, errs.Conflict, "没有需要确认的附件")
	}
	r := recordIn(StateInReview)
	r.UnreadAttachments = 1
	_, err := Decide(r, Action{Kind: ActionConfirmNoPII}, actor("reviewer"), Policy{}, now)
	wantErr(t, err, errs.Invalid, "请指明要确认的附件")
	// Whoever submitted the record cannot vouch for its attachments.
	r.SubmittedBy = actor("reviewer").PersonID
	_, err = Decide(r, Action{Kind: ActionConfirmNoPII, Attachment: 1}, actor("reviewer"), Policy{}, now)
	wantErr(t, err, errs.Forbidden, "不能审查自己提交的信息")
	_, err = Decide(recordIn(StateDraft), Action{Kind: ActionConfirmNoPII, Attachment: 1}, actor("editor"), Policy{}, now)
	wantErr(t, err, errs.Forbidden, "")
}
