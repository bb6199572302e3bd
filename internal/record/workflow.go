package record

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/org"
)

// step is one allowed transition: in state from, action moves the revision to `to`, and only
// these roles (at the record's unit) or the system may do it.
type step struct {
	to     State
	roles  []org.Role
	system bool
}

// stepFor is the transition table of the procedure (contract.md). A function rather than a
// package variable, so that nothing can change it at run time.
//
// Who does what, and why:
//   - editors (经办人) and the unit's disclosure office (单位管理员) write: create, edit, submit,
//     revise and discard drafts;
//   - the confidentiality reviewer (保密审查员) passes or returns what is in review;
//   - the approver (审核签发人) approves, schedules or returns;
//   - stopping publication is always the safe direction, so both the approver and the unit
//     administrator may cancel a schedule or withdraw a published record;
//   - masking personal information is open to whoever holds the record at its stage, because it
//     only ever removes information;
//   - confirming that an attachment the guard cannot read (a scan) holds no personal information
//     is part of the confidentiality review: the reviewer, or the approver at their stage;
//   - only the scheduler publishes what is due.
//
// Nobody above the unit (supervisors, the province office, system administrators) acts in a
// unit's procedure: they supervise, they do not publish.
func stepFor(a ActionKind, s State) (step, bool) {
	writers := []org.Role{org.RoleEditor, org.RoleUnitAdmin}
	reviewer := []org.Role{org.RoleReviewer}
	approver := []org.Role{org.RoleApprover}
	stoppers := []org.Role{org.RoleApprover, org.RoleUnitAdmin}
	type key struct {
		a ActionKind
		s State
	}
	switch (key{a, s}) {
	case key{ActionCreate, StateNew}:
		return step{to: StateDraft, roles: writers}, true
	case key{ActionEdit, StateDraft}:
		return step{to: StateDraft, roles: writers}, true
	case key{ActionMaskPII, StateDraft}:
		return step{to: StateDraft, roles: writers}, true
	case key{ActionMaskPII, StateInReview}:
		return step{to: StateInReview, roles: reviewer}, true
	case key{ActionMaskPII, StateAwaitingApproval}:
		return step{to: StateAwaitingApproval, roles: approver}, true
	case key{ActionSubmit, StateDraft}:
		return step{to: StateInReview, roles: writers}, true
	case key{ActionDiscard, StateDraft}:
		return step{to: StateNew, roles: writers}, true
	case key{ActionReviewPass, StateInReview}:
		return step{to: StateAwaitingApproval, roles: reviewer}, true
	case key{ActionReviewReturn, StateInReview}:
		return step{to: StateDraft, roles: reviewer}, true
	case key{ActionAllowPII, StateInReview}:
		return step{to: StateInReview, roles: reviewer}, true
	case key{ActionAllowPII, StateAwaitingApproval}:
		return step{to: StateAwaitingApproval, roles: approver}, true
	case key{ActionConfirmNoPII, StateInReview}:
		return step{to: StateInReview, roles: reviewer}, true
	case key{ActionConfirmNoPII, StateAwaitingApproval}:
		return step{to: StateAwaitingApproval, roles: approver}, true
	case key{ActionApprove, StateAwaitingApproval}:
		return step{to: StatePublished, roles: approver}, true // or scheduled, by Action.At
	case key{ActionApproveReturn, StateAwaitingApproval}:
		return step{to: StateDraft, roles: approver}, true
	case key{ActionCancelSchedule, StateScheduled}:
		// Back to awaiting approval, not to draft: the content and its review are unchanged, so
		// the approver can approve again at another time, or return it to draft from there.
		return step{to: StateAwaitingApproval, roles: stoppers}, true
	case key{ActionPublishDue, StateScheduled}:
		return step{to: StatePublished, system: true}, true
	case key{ActionWithdraw, StatePublished}:
		return step{to: StateWithdrawn, roles: stoppers}, true
	case key{ActionRevise, StatePublished}:
		return step{to: StateDraft, roles: writers}, true
	}
	return step{}, false
}

// anyState lists every state an action may start from, the not-yet-created one included.
func anyState() []State { return append([]State{StateNew}, States()...) }

// performers returns the roles that may do a in some state, and whether the system may.
func performers(a ActionKind) (roles []org.Role, system bool) {
	for _, s := range anyState() {
		st, ok := stepFor(a, s)
		if !ok {
			continue
		}
		system = system || st.system
		for _, r := range st.roles {
			if !hasRole(roles, r) {
				roles = append(roles, r)
			}
		}
	}
	return roles, system
}

func hasRole(roles []org.Role, r org.Role) bool {
	for _, x := range roles {
		if x == r {
			return true
		}
	}
	return false
}

func roleNames(roles []org.Role) string {
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = r.Label()
	}
	return strings.Join(names, "或")
}

// Decide decides one action on one revision at now: who may do it, in which state, under the
// separation of duties and the personal-information gate, and what it changes. It is the only
// place these rules live; the store applies the Outcome and writes the audit entry.
//
// Errors (all *errs.Error, messages in Chinese naming the reason):
//   - Forbidden: the actor lacks the role at the record's unit, or the separation of duties
//     forbids it (nobody reviews or approves what they created, last edited or submitted; the
//     reviewer does not approve, unless Policy.AllowSameReviewerApprover);
//   - Conflict: the action is not possible in the revision's state, or the record is not ready
//     (unmasked personal information, a 不予公开 record, a schedule not yet due, an amendment
//     already in progress, an old revision);
//   - Invalid: missing input (the opinion of a return, the reason of a withdrawal or override),
//     or a record submitted incomplete (with one FieldError per problem);
//   - Unauthorized: no person; Internal: the caller passed an Actor for another unit.
//
// The checks run in that order — role, state, readiness, separation of duties, input, personal
// information — so that the message answers the first question a person would ask.
func Decide(r Record, a Action, actor Actor, policy Policy, now time.Time) (Outcome, error) {
	if !a.Kind.Valid() {
		return Outcome{}, errs.E(errs.Invalid, "未知的操作“%s”", a.Kind)
	}
	label := a.Kind.Label()
	everRoles, everSystem := performers(a.Kind)

	var held []org.Role
	if actor.System {
		if !everSystem {
			return Outcome{}, errs.E(errs.Forbidden, "系统不能%s", label)
		}
	} else {
		if actor.PersonID == 0 {
			return Outcome{}, errs.E(errs.Unauthorized, "请先登录")
		}
		if actor.Unit.ID == 0 || actor.Unit.ID != r.UnitID {
			return Outcome{}, errs.E(errs.Internal, "record: actor's unit %d is not the record's unit %d", actor.Unit.ID, r.UnitID)
		}
		if actor.Issuer.ID != 0 && (actor.Issuer.ID != r.IssuerID() || !actor.Unit.Contains(actor.Issuer)) {
			return Outcome{}, errs.E(errs.Internal, "record: actor's issuer %d is not the record's issuer %d of unit %d", actor.Issuer.ID, r.IssuerID(), r.UnitID)
		}
		body := actor.Body()
		for _, role := range everRoles {
			if org.HasRoleAt(actor.Grants, role, body) || officeStaff(actor.Grants, body) {
				held = append(held, role)
			}
		}
		if len(held) == 0 {
			if len(everRoles) == 0 {
				return Outcome{}, errs.E(errs.Forbidden, "%s由系统自动执行", label)
			}
			return Outcome{}, errs.E(errs.Forbidden, "只有%s的%s可以%s", bodyName(actor), roleNames(everRoles), label)
		}
	}

	if r.IsHistory() {
		return Outcome{}, errs.E(errs.Conflict, "这是第%d版（历史版本），当前公开的是第%d版，不能%s", r.Revision, r.PublicRevision, label)
	}
	st, ok := stepFor(a.Kind, r.State)
	if !ok {
		return Outcome{}, errs.E(errs.Conflict, "%s", stateMessage(r, a.Kind))
	}
	if actor.System != st.system || (!actor.System && !anyRole(held, st.roles)) {
		return Outcome{}, errs.E(errs.Forbidden, "当前状态为“%s”，只有%s的%s可以%s", r.State.Label(), bodyName(actor), roleNames(st.roles), label)
	}

	if err := ready(r, a, now); err != nil {
		return Outcome{}, err
	}
	if err := consultationReady(r, a, now); err != nil {
		return Outcome{}, err
	}
	exception, err := separation(r, a.Kind, actor, policy)
	if err != nil {
		return Outcome{}, err
	}
	if err := input(a); err != nil {
		return Outcome{}, err
	}
	if (a.Kind == ActionReviewPass || a.Kind == ActionApprove) && r.PIIFindings > 0 && !r.PIIOverride.Granted() {
		return Outcome{}, errs.E(errs.Conflict,
			"发现%d处未遮盖的个人信息（身份证号、手机号码或银行卡号），不能%s：请先遮盖；依法须公开完整信息的（如惩戒公示），须由审查或签发人员登记例外及理由",
			r.PIIFindings, label)
	}
	if (a.Kind == ActionReviewPass || a.Kind == ActionApprove) && r.UnreadAttachments > 0 {
		return Outcome{}, errs.E(errs.Conflict,
			"有%d个附件系统无法读取其中的文字（如扫描件、图片），无法检查其中的个人信息，不能%s：请逐一查看这些附件，确认不含个人信息后在附件旁确认",
			r.UnreadAttachments, label)
	}
	if a.Kind == ActionSubmit {
		if fe := r.Validate(calendar.DateOf(now)); len(fe) > 0 {
			return Outcome{}, errs.Fields("信息填写不完整，不能提交保密审查", fe...)
		}
	}

	out := Outcome{Action: a.Kind, From: r.State, To: st.to, Exception: exception}
	out.Record = apply(r, a, actor, now, &out)
	return out, nil
}

// officeStaff reports whether the grants make someone staff of a supervising office (the
// province office or a city) whose own record (an inspection notice) is in the procedure.
// An office has no editors, reviewers or approvers of its own — a grant of those roles at the
// office would reach every unit below it — so its supervisors granted AT the office (not
// above it) draft, review and approve its records; the separation of duties still keeps
// drafter, reviewer and approver three people.
func officeStaff(grants []org.Grant, body org.Org) bool {
	if body.Kind != org.KindProvince && body.Kind != org.KindCity {
		return false
	}
	for _, g := range grants {
		if g.Role == org.RoleSupervisor && g.OrgPath != "" && g.OrgPath == body.Path {
			return true
		}
	}
	return false
}

// bodyName names where the roles must be held, for messages: "本单位" for the unit's own
// records, "发布机构“未央区民政局”或本单位" for a department's.
func bodyName(actor Actor) string {
	if actor.Unit.Kind == org.KindProvince || actor.Unit.Kind == org.KindCity {
		return "本机关（“" + actor.Unit.Name + "”）"
	}
	if actor.Issuer.ID == 0 || actor.Issuer.ID == actor.Unit.ID {
		return "本单位"
	}
	return "发布机构“" + actor.Issuer.Name + "”或本单位"
}

func anyRole(held, allowed []org.Role) bool {
	for _, r := range held {
		if hasRole(allowed, r) {
			return true
		}
	}
	return false
}

// stateMessage explains why an action is impossible in the revision's state, with the way
// forward where there is one.
func stateMessage(r Record, a ActionKind) string {
	if r.State == StateNew {
		return "信息尚未创建，不能" + a.Label()
	}
	if a == ActionCreate {
		return "信息已存在，不能重复新建"
	}
	msg := "当前状态为“" + r.State.Label() + "”，不能" + a.Label()
	switch {
	case r.State == StatePublished && (a == ActionEdit || a == ActionSubmit):
		msg += "；如需更改已发布的信息，请先修订（修订稿经审查签发后替换公开版本）"
	case r.State == StateScheduled && (a == ActionEdit || a == ActionApproveReturn):
		msg += "；请先取消定时发布"
	case (r.State == StateInReview || r.State == StateAwaitingApproval) && a == ActionEdit:
		msg += "；只有草稿可以修改，请审查或签发人员退回后再改"
	}
	return msg
}

// ready checks that the record can take the action, beyond its state.
func ready(r Record, a Action, now time.Time) error {
	switch a.Kind {
	case ActionRevise:
		if r.PendingRevision != 0 {
			return errs.E(errs.Conflict, "已有第%d版修订稿正在办理，不能再次修订", r.PendingRevision)
		}
		if r.PublicRevision != r.Revision {
			return errs.E(errs.Internal, "record: revision %d is published but the public revision is %d", r.Revision, r.PublicRevision)
		}
	case ActionApprove, ActionPublishDue:
		// A 不予公开 record documents a decision not to disclose; publishing it would disclose it.
		if r.Openness == OpenNotPublic {
			return errs.E(errs.Conflict, "公开属性为“不予公开”的信息不能发布")
		}
		if a.Kind == ActionPublishDue && now.Before(r.ScheduledAt) {
			return errs.E(errs.Conflict, "尚未到定时发布时间（%s）", chinaTime(r.ScheduledAt))
		}
	case ActionAllowPII:
		if r.PIIFindings == 0 {
			return errs.E(errs.Conflict, "未发现未遮盖的个人信息，无需登记例外")
		}
	case ActionConfirmNoPII:
		if r.UnreadAttachments == 0 {
			return errs.E(errs.Conflict, "没有需要确认的附件")
		}
	}
	return nil
}

// separation enforces the separation of duties and returns the policy exception relied on, if
// any. Creating, last editing and submitting a revision each make it one's own: someone who
// only pressed "submit" on a colleague's draft has still vouched for it.
func separation(r Record, a ActionKind, actor Actor, policy Policy) (string, error) {
	guard := a == ActionAllowPII || a == ActionConfirmNoPII
	reviewStage := a == ActionReviewPass || a == ActionReviewReturn || (guard && r.State == StateInReview)
	approveStage := a == ActionApprove || a == ActionApproveReturn || (guard && r.State == StateAwaitingApproval)
	if !reviewStage && !approveStage {
		return "", nil
	}
	verb := "审查"
	if approveStage {
		verb = "签发"
	}
	id := actor.PersonID
	switch id {
	case r.CreatedBy, r.UpdatedBy:
		return "", errs.E(errs.Forbidden, "不能%s自己起草或最后修改的信息", verb)
	case r.SubmittedBy:
		return "", errs.E(errs.Forbidden, "不能%s自己提交的信息", verb)
	}
	if approveStage && id == r.ReviewedBy {
		if !policy.AllowSameReviewerApprover {
			return "", errs.E(errs.Forbidden, "保密审查人不能再审核签发同一信息（本单位未设置允许同一人审查和签发）")
		}
		return fmt.Sprintf("例外：按本单位设置，保密审查人（人员%d）同时审核签发", id), nil
	}
	return "", nil
}

// input checks what the person must write with the action.
func input(a Action) error {
	need := func(field, value, msg string) error {
		switch n := utf8.RuneCountInString(strings.TrimSpace(value)); {
		case n == 0:
			return errs.Fields(msg, errs.FieldError{Field: field, Label: FieldLabel(field), Message: msg})
		case n > MaxNoteLen:
			m := fmt.Sprintf("不能超过%d字（现为%d字）", MaxNoteLen, n)
			return errs.Fields(m, errs.FieldError{Field: field, Label: FieldLabel(field), Message: m})
		}
		return nil
	}
	switch a.Kind {
	case ActionReviewReturn, ActionApproveReturn:
		return need(FieldOpinion, a.Opinion, "退回时须填写意见")
	case ActionWithdraw:
		return need(FieldReason, a.Reason, "撤回须填写理由（将向社会公开）")
	case ActionAllowPII:
		return need(FieldReason, a.Reason, "须写明公开完整个人信息的法律依据（如惩戒公示的依据）")
	case ActionConfirmNoPII:
		if a.Attachment < 1 {
			return errs.Fields("请指明要确认的附件", errs.FieldError{Field: "attachment", Label: "附件", Message: "请指明要确认的附件"})
		}
	case ActionReviewPass, ActionApprove:
		if n := utf8.RuneCountInString(a.Opinion); n > MaxNoteLen {
			m := fmt.Sprintf("不能超过%d字（现为%d字）", MaxNoteLen, n)
			return errs.Fields(m, errs.FieldError{Field: FieldOpinion, Label: FieldLabel(FieldOpinion), Message: m})
		}
	}
	return nil
}

// apply computes the revision after an allowed action and fills the Outcome's flags.
func apply(r Record, a Action, actor Actor, now time.Time, out *Outcome) Record {
	n := r
	who := actor.PersonID
	clearRound := func() {
		n.SubmittedBy, n.ReviewedBy, n.ApprovedBy = 0, 0, 0
		n.SameReviewerApprover = false
		n.ScheduledAt = time.Time{}
	}
	switch a.Kind {
	case ActionCreate:
		clearRound()
		n.State = StateDraft
		n.Revision, n.PublicRevision, n.PendingRevision = 1, 0, 0
		n.CreatedBy, n.UpdatedBy = who, who
		n.CreatedAt, n.UpdatedAt = now, now
		n.ReviewOpinion, n.ApproveOpinion = "", ""
		n.PIIOverride = PIIOverride{}
		n.IndexNo, n.PublishedAt, n.RevisedAt = "", time.Time{}, time.Time{}
	case ActionEdit:
		n.UpdatedBy, n.UpdatedAt = who, now
		n.PIIOverride = PIIOverride{} // new content is not covered by an override given before
	case ActionMaskPII:
		// Not an edit for the separation of duties: a reviewer who masks can still pass.
		n.UpdatedAt = now
	case ActionSubmit:
		clearRound()
		n.State = StateInReview
		n.SubmittedBy = who
	case ActionDiscard:
		n.State = StateNew
		if r.IsAmendment() {
			out.DiscardRevision = r.Revision
			n.PendingRevision = 0
		} else {
			out.DeleteRecord = true
		}
	case ActionReviewPass:
		n.State = StateAwaitingApproval
		n.ReviewedBy, n.ReviewOpinion = who, strings.TrimSpace(a.Opinion)
	case ActionReviewReturn:
		clearRound()
		n.State = StateDraft
		n.ReviewOpinion = strings.TrimSpace(a.Opinion)
	case ActionAllowPII:
		n.PIIOverride = PIIOverride{Reason: strings.TrimSpace(a.Reason), By: who, At: now}
	case ActionApprove:
		n.ApprovedBy, n.ApproveOpinion = who, strings.TrimSpace(a.Opinion)
		n.SameReviewerApprover = out.Exception != ""
		if a.At.After(now) {
			n.State, n.ScheduledAt = StateScheduled, a.At
			out.To = StateScheduled
		} else {
			publish(&n, r, now, out)
		}
	case ActionApproveReturn:
		clearRound()
		n.State = StateDraft
		n.ApproveOpinion = strings.TrimSpace(a.Opinion)
	case ActionCancelSchedule:
		n.State = StateAwaitingApproval
		n.ScheduledAt, n.ApprovedBy, n.SameReviewerApprover = time.Time{}, 0, false
	case ActionPublishDue:
		publish(&n, r, now, out)
	case ActionWithdraw:
		n.State = StateWithdrawn
		n.WithdrawnAt, n.WithdrawnBy, n.WithdrawReason = now, who, strings.TrimSpace(a.Reason)
		out.DiscardRevision = r.PendingRevision
		n.PendingRevision = 0
		out.PublicChange = true
	case ActionRevise:
		clearRound()
		n.State = StateDraft
		n.Revision = r.Revision + 1
		n.PublicRevision, n.PendingRevision = r.Revision, r.Revision+1
		n.CreatedBy, n.UpdatedBy = who, who
		n.CreatedAt, n.UpdatedAt = now, now
		n.ReviewOpinion, n.ApproveOpinion, n.ChangeNote = "", "", ""
		n.RevisedAt = time.Time{}
		n.PIIOverride = PIIOverride{}
		out.NewRevision = true
	}
	return n
}

// publish makes revision n public at now. The publication time is when it actually became
// public, also for a scheduled record published late because the server was down: the
// 发布日期 and the deadline check must tell the truth.
func publish(n *Record, r Record, now time.Time, out *Outcome) {
	n.State = StatePublished
	n.ScheduledAt = time.Time{}
	out.To = StatePublished
	out.PublicChange = true
	if r.IsAmendment() {
		out.Supersedes = r.PublicRevision
		n.RevisedAt = now
	} else if n.PublishedAt.IsZero() {
		n.PublishedAt = now
	}
	n.PublicRevision, n.PendingRevision = r.Revision, 0
	out.AssignIndexNo = n.IndexNo == ""
}

// chinaTime formats t as the clock in China shows it (UTC+8, no daylight saving since 1991).
func chinaTime(t time.Time) string {
	return t.In(time.FixedZone("CST", 8*3600)).Format("2006-01-02 15:04")
}
