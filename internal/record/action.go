package record

import (
	"slices"
	"time"

	"gongkai/internal/org"
)

// ActionKind is one step of the publishing procedure.
type ActionKind string

// The actions. Each is decided by Decide; the API's review and approve calls map their
// "decision" to the pass/return pair.
const (
	ActionCreate         ActionKind = "create"          // a new record in draft
	ActionEdit           ActionKind = "edit"            // change the content of a draft
	ActionMaskPII        ActionKind = "mask_pii"        // replace every finding by its mask
	ActionSubmit         ActionKind = "submit"          // draft → in_review
	ActionDiscard        ActionKind = "discard"         // delete a draft (never published) or an amendment
	ActionReviewPass     ActionKind = "review_pass"     // in_review → awaiting_approval
	ActionReviewReturn   ActionKind = "review_return"   // in_review → draft, opinion required
	ActionAllowPII       ActionKind = "allow_pii"       // record the 惩戒公示 override
	ActionConfirmNoPII   ActionKind = "confirm_no_pii"  // confirm an unreadable attachment holds no personal information
	ActionApprove        ActionKind = "approve"         // awaiting_approval → published | scheduled
	ActionApproveReturn  ActionKind = "approve_return"  // awaiting_approval → draft, opinion required
	ActionCancelSchedule ActionKind = "cancel_schedule" // scheduled → awaiting_approval
	ActionPublishDue     ActionKind = "publish_due"     // scheduled → published, by the system
	ActionWithdraw       ActionKind = "withdraw"        // published → withdrawn, public reason required
	ActionRevise         ActionKind = "revise"          // published → new amendment in draft
)

// Actions returns every action in procedure order.
func Actions() []ActionKind {
	return []ActionKind{ActionCreate, ActionEdit, ActionMaskPII, ActionSubmit, ActionDiscard,
		ActionReviewPass, ActionReviewReturn, ActionAllowPII, ActionConfirmNoPII, ActionApprove, ActionApproveReturn,
		ActionCancelSchedule, ActionPublishDue, ActionWithdraw, ActionRevise}
}

// Label is the Chinese name of the action, as on buttons and in messages ("不能" + Label).
func (k ActionKind) Label() string {
	switch k {
	case ActionCreate:
		return "新建信息"
	case ActionEdit:
		return "修改"
	case ActionMaskPII:
		return "遮盖个人信息"
	case ActionSubmit:
		return "提交保密审查"
	case ActionDiscard:
		return "删除草稿"
	case ActionReviewPass:
		return "通过保密审查"
	case ActionReviewReturn:
		return "退回修改（保密审查）"
	case ActionAllowPII:
		return "登记个人信息公开例外"
	case ActionConfirmNoPII:
		return "确认附件不含个人信息"
	case ActionApprove:
		return "审核签发"
	case ActionApproveReturn:
		return "退回修改（审核签发）"
	case ActionCancelSchedule:
		return "取消定时发布"
	case ActionPublishDue:
		return "定时发布"
	case ActionWithdraw:
		return "撤回"
	case ActionRevise:
		return "修订"
	}
	return string(k)
}

// Valid reports whether k is a known action.
func (k ActionKind) Valid() bool { return slices.Contains(Actions(), k) }

// OnPublic reports whether the action applies to the public revision of a record (withdraw,
// revise). Every other action applies to the pending amendment when there is one, else to the
// only revision. The caller loads the revision accordingly; Decide refuses the wrong one by its
// state.
func (k ActionKind) OnPublic() bool { return k == ActionWithdraw || k == ActionRevise }

// Action is what someone asks to do, with its input.
type Action struct {
	Kind ActionKind
	// Opinion is the review or approval opinion; required when returning.
	Opinion string
	// Reason: the public reason of a withdrawal, or the legal ground of a PII override.
	Reason string
	// At is the requested publication time of an approval; a time after now schedules the
	// record, zero or not after now publishes at once.
	At time.Time
	// Attachment is the position (1-based) of the attachment a confirmation is about.
	Attachment int
}

// Actor is who acts. Unit is the organisation of the record's unit with its materialised Path,
// loaded by the caller. Issuer is the organisation that issues the record (its 公开主体: the
// unit itself, or one of the unit's departments or townships), also with its Path; zero means
// the unit. Roles count where they are held at the issuer or above it (org.HasRoleAt): a
// department's staff act on what the department issues, the unit's staff on everything the
// unit and its departments and townships issue. System is the scheduler, which does nothing but
// publish what is due.
type Actor struct {
	PersonID int64
	Grants   []org.Grant
	Unit     org.Org
	Issuer   org.Org
	System   bool
}

// Body is the organisation whose roles count for the record: the issuer, else the unit.
func (a Actor) Body() org.Org {
	if a.Issuer.ID != 0 {
		return a.Issuer
	}
	return a.Unit
}

// SystemActor is the scheduler.
func SystemActor() Actor { return Actor{System: true} }

// Policy is a unit's setting that changes the procedure.
type Policy struct {
	// AllowSameReviewerApprover lets the reviewer of a record also approve it, for a unit too
	// small to separate the two. Each such approval is flagged in the Outcome and on the record.
	AllowSameReviewerApprover bool
}

// Outcome is what an allowed action does. The store applies it in one transaction together
// with the audit entry, so that a record is either fully moved or not at all.
type Outcome struct {
	Action ActionKind
	// From is the state of the revision acted on; To its state afterwards. For revise, To is the
	// state of the NEW revision (the public one stays published); for discard, To is StateNew:
	// the revision no longer exists.
	From, To State
	// Record is the revision after the action: procedure fields set, content unchanged (for
	// edit, the caller then applies the new content to it). For revise it is the new revision.
	Record Record
	// NewRevision: Record is a new revision to insert; the record's pending_revision becomes
	// Record.Revision.
	NewRevision bool
	// Supersedes is the revision that Record replaces as the public one (0 if none): an
	// amendment was published. The old revision stays stored as history.
	Supersedes int
	// DiscardRevision is an amendment to delete (0 if none): a discarded amendment, or the
	// pending amendment of a record being withdrawn.
	DiscardRevision int
	// DeleteRecord: a never-published record is discarded as a whole.
	DeleteRecord bool
	// AssignIndexNo: first publication of a record without 索引号; the store formats it with
	// the issuer's pattern and the next sequence number in the same transaction.
	AssignIndexNo bool
	// PublicChange: what the public sees changed (publication, amendment, withdrawal): feeds,
	// search index and sitemaps must follow.
	PublicChange bool
	// Exception, when not empty, is a policy exception the action relied on, in Chinese; it
	// must be written to the audit log with the action.
	Exception string
}

// Event is the audit event name of the outcome, e.g. "record.review_pass".
func (o Outcome) Event() string { return "record." + string(o.Action) }
