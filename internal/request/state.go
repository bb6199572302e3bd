package request

import (
	"time"

	"gongkai/internal/attach"
	"gongkai/internal/calendar"
)

// ReplyState is where the reply stands in its approval step.
type ReplyState string

const (
	ReplyNone     ReplyState = ""         // not drafted
	ReplyPending  ReplyState = "pending"  // drafted, awaiting the confidentiality review
	ReplyReviewed ReplyState = "reviewed" // reviewed, awaiting approval
	ReplyApproved ReplyState = "approved" // approved and delivered: the request is answered
)

// Request is one application with everything done on it.
type Request struct {
	ID          int64
	UnitID      int64
	TrackingNo  string
	Application Application
	Events      []Event
	Reply       Reply
	ReplyState  ReplyState
	ReplyBy     string        // who drafted the reply
	ReviewedBy  string        // who checked it for confidentiality
	ApprovedBy  string        // who approved it
	Answered    calendar.Date // the day the approved reply was delivered
	// Files are the reply's attachments (the information given), checked like record
	// attachments; delivered on the status page once the reply is approved.
	Files     []attach.Attachment
	Appeals   []Appeal
	CreatedAt time.Time
	CreatedBy string // "" for the public form
}

// State is the request's state as lists and the API show it.
type State string

const (
	StateReceived     State = "received"      // the clock runs
	StateExtended     State = "extended"      // the clock runs, extended
	StateCorrection   State = "correction"    // waiting for the corrected application
	StateConsultation State = "consultation"  // consulting a third party or another agency
	StateFee          State = "fee"           // waiting for the fee
	StateReplyPending State = "reply_pending" // the reply awaits approval
	StateAnswered     State = "answered"      // replied
	StateLapsed       State = "lapsed"        // closed: 逾期不补正 or 逾期未缴费
)

// States lists every state.
func States() []State {
	return []State{StateReceived, StateExtended, StateCorrection, StateConsultation, StateFee, StateReplyPending, StateAnswered, StateLapsed}
}

// Label is the Chinese name.
func (s State) Label() string {
	switch s {
	case StateReceived:
		return "办理中"
	case StateExtended:
		return "已延期"
	case StateCorrection:
		return "待补正"
	case StateConsultation:
		return "征求意见中"
	case StateFee:
		return "待缴费"
	case StateReplyPending:
		return "答复待审批"
	case StateAnswered:
		return "已答复"
	case StateLapsed:
		return "已终止"
	}
	return string(s)
}

// Valid reports whether s is a state.
func (s State) Valid() bool {
	for _, x := range States() {
		if x == s {
			return true
		}
	}
	return false
}

// Open reports whether the request still waits for its answer.
func (s State) Open() bool { return s != StateAnswered && s != StateLapsed }

// Status is a request's clock and state on a day.
type Status struct {
	State   State
	Clock   Clock
	Overdue bool
	Closed  calendar.Date // the day it was answered or lapsed
}

// Status computes the request's state on today.
func (r Request) Status(cal *calendar.Calendar, today calendar.Date) Status {
	c := Run(cal, r.Application.Received, r.Events, today)
	st := Status{Clock: c}
	switch {
	case r.ReplyState == ReplyApproved:
		st.State, st.Closed = StateAnswered, r.Answered
		return st
	case c.Phase == PhaseLapsedFix || c.Phase == PhaseLapsedFee:
		st.State, st.Closed = StateLapsed, c.Lapsed
		return st
	case r.ReplyState == ReplyPending || r.ReplyState == ReplyReviewed:
		st.State = StateReplyPending
	case c.Phase == PhaseCorrection:
		st.State = StateCorrection
	case c.Phase == PhaseFee:
		st.State = StateFee
	case c.Phase == PhaseConsultation:
		st.State = StateConsultation
	case c.HasExtension:
		st.State = StateExtended
	default:
		st.State = StateReceived
	}
	st.Overdue = c.Overdue(today)
	return st
}

// Case is the request as the annual report of a year sees it, judged on asOf (the last day
// of the year, or today if earlier).
func (r Request) Case(cal *calendar.Calendar, asOf calendar.Date) Case {
	cs := Case{Kind: r.Application.Applicant.Kind, Received: r.Application.Received}
	if r.ReplyState == ReplyApproved && !r.Answered.After(asOf) {
		cs.Closed, cs.Result, cs.Reason = r.Answered, r.Reply.Type, r.Reply.Reason
		return cs
	}
	c := Run(cal, r.Application.Received, r.Events, asOf)
	switch c.Phase {
	case PhaseLapsedFix:
		cs.Closed, cs.Result, cs.Reason = c.Lapsed, ReplyOther, OtherLapsedCorrection
	case PhaseLapsedFee:
		cs.Closed, cs.Result, cs.Reason = c.Lapsed, ReplyOther, OtherLapsedFee
	}
	return cs
}
