package app

import (
	"context"
	"fmt"
	"strings"

	"gongkai/internal/attach"
	"gongkai/internal/audit"
	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/org"
	"gongkai/internal/request"
	"gongkai/internal/store"
)

// requestOrg is the organisation a request is filed with: a unit or one of its departments.
func (a *App) requestOrg(ctx context.Context, code string) (org.Org, error) {
	o, err := a.store.OrgByCode(ctx, code)
	if err == nil && o.Kind != org.KindUnit && o.Kind != org.KindDept {
		err = errs.E(errs.NotFound, "没有代码为“%s”的试点单位或部门", code)
	}
	return o, err
}

// RequestForm is what the public form needs: the unit and the choices.
type RequestForm struct {
	Unit org.Org
}

// RequestFormOf returns the form of the unit (or department) with the code.
func (a *App) RequestFormOf(ctx context.Context, code string) (RequestForm, error) {
	o, err := a.requestOrg(ctx, code)
	return RequestForm{Unit: o}, err
}

// Apply files an application through the public form: received today, online. It returns the
// request and the status token, which is shown to the applicant once and stored only hashed.
func (a *App) Apply(ctx context.Context, ip, unitCode string, ap request.Application) (request.Request, string, error) {
	o, err := a.requestOrg(ctx, unitCode)
	if err != nil {
		return request.Request{}, "", err
	}
	ap.Channel, ap.Received = request.ChannelOnline, a.Today()
	if err := ap.Validate(a.Today()); err != nil {
		return request.Request{}, "", err
	}
	token := auth.NewSecret("rq_")
	x, err := a.store.AddRequest(ctx, audit.Actor{IP: ip}, o.ID, o.Code, ap, auth.HashSecret(token), request.MaxPerHour)
	if err == nil {
		a.notifyRequest(ctx, audit.Actor{IP: ip}, x, org.RoleEditor, notifyRequestNew, "网上收到新的政府信息公开申请")
	}
	return x, token, err
}

// RegisterRequest records an application received in person, by post or otherwise, with its
// receipt date (Art.31). The status token is returned to be handed to the applicant.
func (a *App) RegisterRequest(ctx context.Context, p *Principal, o org.Org, ap request.Application) (request.Request, string, error) {
	if err := p.Authorize(org.PermHandleRequest, o); err != nil {
		return request.Request{}, "", err
	}
	if o.Kind != org.KindUnit && o.Kind != org.KindDept {
		return request.Request{}, "", errs.Fields("无法登记申请", errs.FieldError{Field: "unit", Label: "受理机关", Message: "须为试点单位或其部门"})
	}
	if ap.Channel == request.ChannelOnline {
		return request.Request{}, "", errs.Fields("无法登记申请", errs.FieldError{Field: "channel", Label: "申请方式", Message: "网上申请由申请人在网站提交，请选择当面提交、信函或其他方式"})
	}
	if err := ap.Validate(a.Today()); err != nil {
		return request.Request{}, "", err
	}
	token := auth.NewSecret("rq_")
	x, err := a.store.AddRequest(ctx, p.Actor(), o.ID, o.Code, ap, auth.HashSecret(token), 0)
	if err == nil {
		a.notifyRequest(ctx, p.Actor(), x, org.RoleEditor, notifyRequestNew, "已登记新的政府信息公开申请")
	}
	return x, token, err
}

// RequestRow is one line of a staff list: the applicant masked.
type RequestRow struct {
	ID          int64
	UnitID      int64
	TrackingNo  string
	Applicant   request.Applicant // masked
	Description string
	Received    calendar.Date
	Status      request.Status
}

// RequestList is the list of a unit or of the units a supervisor oversees.
type RequestList struct {
	Org   org.Org
	State string
	Rows  []RequestRow
	// CanHandle: the viewer may register and act on requests; CanOpen: open one in full.
	CanHandle, CanOpen bool
}

// RequestFilters are the states a list may be filtered by, beyond request.States: every open
// request, and those past their due day.
const (
	FilterOpen    = "open"
	FilterOverdue = "overdue"
)

// Requests lists the requests of o and below (masked), filtered by state ("" for all, a
// request.State, "open" or "overdue"), most urgent first for open ones.
func (a *App) Requests(ctx context.Context, p *Principal, o org.Org, state string) (RequestList, error) {
	if err := p.Authorize(org.PermView, o); err != nil {
		return RequestList{}, err
	}
	if state != "" && state != FilterOpen && state != FilterOverdue && !request.State(state).Valid() {
		return RequestList{}, errs.Fields("筛选条件有误", errs.FieldError{Field: "state", Label: "状态", Message: "不在可选范围内"})
	}
	cal, _, err := a.Calendar(ctx)
	if err != nil {
		return RequestList{}, err
	}
	xs, err := a.store.Requests(ctx, store.RequestQuery{Path: o.Path})
	if err != nil {
		return RequestList{}, err
	}
	today := a.Today()
	l := RequestList{Org: o, State: state, CanHandle: p.Can(org.PermHandleRequest, o)}
	l.CanOpen = p.Can(org.PermOpenRequest, o)
	for _, x := range xs {
		st := x.Status(cal, today)
		switch {
		case state == FilterOpen && !st.State.Open(),
			state == FilterOverdue && !st.Overdue,
			state != "" && state != FilterOpen && state != FilterOverdue && string(st.State) != state:
			continue
		}
		l.Rows = append(l.Rows, RequestRow{ID: x.ID, UnitID: x.UnitID, TrackingNo: x.TrackingNo, Applicant: x.Application.Applicant.Masked(),
			Description: clip(x.Application.Description, 60), Received: x.Application.Received, Status: st})
	}
	return l, nil
}

// clip shortens s to n characters, marking the cut with an ellipsis.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// RequestPage is one request as staff see it, with the actions the viewer may take.
type RequestPage struct {
	Org       org.Org
	Request   request.Request
	Status    request.Status
	Today     calendar.Date
	CanHandle bool // register events, draft the reply
	CanAppeal bool // record reconsideration and litigation
	CanReview bool // the reply awaits review and the viewer may review it
	CanApprove,
	CanExtend bool
}

// loadRequest loads a request that must belong to within or below it (a zero within: any
// organisation) — a request elsewhere is not found, before any permission is asked — and that
// the principal may see.
func (a *App) loadRequest(ctx context.Context, p *Principal, within org.Org, id int64) (request.Request, org.Org, error) {
	x, err := a.store.Request(ctx, id)
	if err != nil {
		return x, org.Org{}, err
	}
	o, err := a.store.Org(ctx, x.UnitID)
	if err != nil {
		return x, o, err
	}
	if within.ID != 0 && !within.Contains(o) {
		return x, o, errs.E(errs.NotFound, "申请不存在")
	}
	if err := p.Authorize(org.PermView, o); err != nil {
		return x, o, err
	}
	return x, o, nil
}

// Request opens one request with the applicant's data in full: only for those who handle,
// review or approve requests at its unit, and every view is audited.
// within (zero: anywhere) is the organisation the request is looked for in.
func (a *App) Request(ctx context.Context, p *Principal, within org.Org, id int64) (RequestPage, error) {
	x, o, err := a.loadRequest(ctx, p, within, id)
	if err != nil {
		return RequestPage{}, err
	}
	if !p.Can(org.PermOpenRequest, o) {
		return RequestPage{}, errs.E(errs.Forbidden, "申请人信息属于个人信息，仅办理、审查、审批人员可以查看")
	}
	if err := a.store.Audit(ctx, p.Actor(), store.Change{Action: "request.view", ObjectType: "request", ObjectID: x.ID, OrgID: x.UnitID,
		Detail: map[string]string{"tracking_no": x.TrackingNo}}); err != nil {
		return RequestPage{}, err
	}
	cal, _, err := a.Calendar(ctx)
	if err != nil {
		return RequestPage{}, err
	}
	today := a.Today()
	st := x.Status(cal, today)
	return RequestPage{Org: o, Request: x, Status: st, Today: today,
		CanHandle:  p.Can(org.PermHandleRequest, o) && st.State.Open(),
		CanAppeal:  p.Can(org.PermHandleRequest, o) && !st.State.Open(),
		CanReview:  p.Can(org.PermReviewRequest, o) && x.ReplyState == request.ReplyPending,
		CanApprove: p.Can(org.PermApproveRequest, o) && x.ReplyState == request.ReplyReviewed,
		CanExtend:  p.Can(org.PermApproveRequest, o) && st.State.Open() && !st.Clock.HasExtension,
	}, nil
}

// AddRequestEvent records a step on the clock and returns the request and its new status.
// An extension needs the approver (Art.33: 经政府信息公开工作机构负责人同意).
func (a *App) AddRequestEvent(ctx context.Context, p *Principal, within org.Org, id int64, e request.Event) (request.Request, request.Status, error) {
	_, o, err := a.loadRequest(ctx, p, within, id)
	if err != nil {
		return request.Request{}, request.Status{}, err
	}
	perm := org.PermHandleRequest
	if e.Kind == request.EventExtension {
		perm = org.PermApproveRequest
	}
	if err := p.Authorize(perm, o); err != nil {
		return request.Request{}, request.Status{}, err
	}
	cal, _, err := a.Calendar(ctx)
	if err != nil {
		return request.Request{}, request.Status{}, err
	}
	today := a.Today()
	e.Note = strings.TrimSpace(e.Note)
	x, err := a.store.ChangeRequest(ctx, p.Actor(), id, store.RequestChange{Action: "request.event", Detail: eventDetail(e),
		Apply: func(x request.Request) (request.Request, error) {
			if x.ReplyState != request.ReplyNone {
				return x, errs.Fields("无法登记"+e.Kind.Label(), errs.FieldError{Field: "kind", Label: "事项", Message: "答复已起草，请先退回答复"})
			}
			if _, err := request.Check(cal, x.Application.Received, x.Events, e, today); err != nil {
				return x, err
			}
			x.Events = append(x.Events, e)
			return x, nil
		}})
	if err != nil {
		return x, request.Status{}, err
	}
	return x, x.Status(cal, today), nil
}

func eventDetail(e request.Event) map[string]any {
	d := map[string]any{"kind": string(e.Kind), "on": e.On.String()}
	if !e.Until.IsZero() {
		d["until"] = e.Until.String()
	}
	if e.Days != 0 {
		d["days"] = e.Days
	}
	if e.Party != "" {
		d["party"] = e.Party
	}
	if e.Fee != 0 {
		d["fee"] = e.Fee
	}
	return d
}

// DraftReply writes the reply of an open request without attachments (DraftReplyWith).
func (a *App) DraftReply(ctx context.Context, p *Principal, within org.Org, id int64, r request.Reply) (x request.Request, err error) {
	return a.DraftReplyWith(ctx, p, within, id, r, nil, false)
}

// DraftReplyWith writes the reply of an open request with its attachments and sends it to
// the confidentiality review. An empty body starts from the type's template; an empty basis
// from its default. The files go through the checks and the personal-information guard of
// record attachments (checkUploads; confirmUnread: the drafter looked at what the guard
// could not read) and replace those of an earlier draft; the applicant receives them on the
// status page once the reply is approved.
func (a *App) DraftReplyWith(ctx context.Context, p *Principal, within org.Org, id int64, r request.Reply, files []Upload, confirmUnread bool) (x request.Request, err error) {
	x, o, err := a.loadRequest(ctx, p, within, id)
	if err != nil {
		return x, err
	}
	if err := p.Authorize(org.PermHandleRequest, o); err != nil {
		return x, err
	}
	if strings.TrimSpace(r.Body) == "" && r.Type.Valid() {
		r.Body = request.Template(r.Type, r.Reason, x.Application.Description)
	}
	if strings.TrimSpace(r.Basis) == "" {
		r.Basis = request.DefaultBasis(r.Type)
	}
	r.Basis, r.Body = strings.TrimSpace(r.Basis), strings.TrimSpace(r.Body)
	if err := r.Validate(); err != nil {
		return x, err
	}
	if len(files) > request.MaxReplyFiles {
		return x, errs.Fields("答复有误", errs.FieldError{Field: "files", Label: "附件", Message: fmt.Sprintf("最多%d个附件", request.MaxReplyFiles)})
	}
	atts, err := a.checkUploads(ctx, p, files, confirmUnread)
	if err != nil {
		return x, err
	}
	cal, _, err := a.Calendar(ctx)
	if err != nil {
		return x, err
	}
	today := a.Today()
	defer func() {
		if err == nil {
			a.notifyRequest(ctx, p.Actor(), x, org.RoleReviewer, notifyRequestReview, "答复已起草，请进行保密审查")
		}
	}()
	return a.store.ChangeRequest(ctx, p.Actor(), id, store.RequestChange{Action: "request.reply_draft",
		Detail: map[string]any{"type": string(r.Type), "reason": r.Reason, "files": len(atts)}, ReplaceFiles: true, Files: atts,
		Apply: func(x request.Request) (request.Request, error) {
			st := x.Status(cal, today)
			switch {
			case !st.State.Open():
				return x, errs.E(errs.Conflict, "申请已%s，不能再答复", st.State.Label())
			case x.ReplyState != request.ReplyNone:
				return x, errs.E(errs.Conflict, "答复已在审查或审批中")
			case st.Clock.Stopped():
				return x, errs.Fields("无法答复", errs.FieldError{Field: "type", Label: "答复类型", Message: "申请" + st.State.Label() + "，请先登记补正或缴费结果"})
			}
			x.Reply, x.ReplyState, x.ReplyBy = r, request.ReplyPending, p.Person.Login
			return x, nil
		}})
}

// ReviewReply passes the reply's confidentiality review or returns it to the drafter.
func (a *App) ReviewReply(ctx context.Context, p *Principal, within org.Org, id int64, pass bool, opinion string) (request.Request, error) {
	x, err := a.decideReply(ctx, p, within, id, org.PermReviewRequest, request.ReplyPending, pass, opinion)
	if err == nil && pass {
		a.notifyRequest(ctx, p.Actor(), x, org.RoleApprover, notifyRequestApprove, "答复已通过保密审查，请审批")
	}
	return x, err
}

// ApproveReply approves the reviewed reply, which delivers it on the status page and answers
// the request today, or returns it to the drafter.
func (a *App) ApproveReply(ctx context.Context, p *Principal, within org.Org, id int64, approve bool, opinion string) (request.Request, error) {
	return a.decideReply(ctx, p, within, id, org.PermApproveRequest, request.ReplyReviewed, approve, opinion)
}

func (a *App) decideReply(ctx context.Context, p *Principal, within org.Org, id int64, perm org.Permission, from request.ReplyState, yes bool, opinion string) (request.Request, error) {
	x, o, err := a.loadRequest(ctx, p, within, id)
	if err != nil {
		return x, err
	}
	if err := p.Authorize(perm, o); err != nil {
		return x, err
	}
	opinion = strings.TrimSpace(opinion)
	if !yes && opinion == "" {
		return x, errs.Fields("无法退回", errs.FieldError{Field: "opinion", Label: "意见", Message: "退回时须填写意见"})
	}
	action := map[bool]string{true: "request.reply_review", false: "request.reply_return"}[yes]
	if perm == org.PermApproveRequest && yes {
		action = "request.reply_approve"
	}
	today := a.Today()
	return a.store.ChangeRequest(ctx, p.Actor(), id, store.RequestChange{Action: action, Detail: map[string]string{"opinion": opinion},
		Apply: func(x request.Request) (request.Request, error) {
			if x.ReplyState != from {
				return x, errs.E(errs.Conflict, "答复不在待%s状态", map[bool]string{true: "审批", false: "审查"}[from == request.ReplyReviewed])
			}
			if perm == org.PermApproveRequest && x.ReplyBy == p.Person.Login {
				return x, errs.E(errs.Forbidden, "起草人不能审批自己起草的答复")
			}
			switch {
			case !yes:
				x.ReplyState, x.ReviewedBy = request.ReplyNone, ""
			case from == request.ReplyPending:
				x.ReplyState, x.ReviewedBy = request.ReplyReviewed, p.Person.Login
			default:
				x.ReplyState, x.ApprovedBy, x.Answered = request.ReplyApproved, p.Person.Login, today
			}
			return x, nil
		}})
}

// AddAppeal records a reconsideration or lawsuit against an answered or closed request.
func (a *App) AddAppeal(ctx context.Context, p *Principal, within org.Org, id int64, ap request.Appeal) (request.Request, error) {
	x, o, err := a.loadRequest(ctx, p, within, id)
	if err != nil {
		return x, err
	}
	if err := p.Authorize(org.PermHandleRequest, o); err != nil {
		return x, err
	}
	today := a.Today()
	var fs []errs.FieldError
	if !ap.Kind.Valid() {
		fs = append(fs, errs.FieldError{Field: "kind", Label: "类型", Message: "请选择行政复议或行政诉讼"})
	}
	if !ap.Outcome.Valid() {
		fs = append(fs, errs.FieldError{Field: "outcome", Label: "结果", Message: "请选择维持、纠正、其他或尚未审结"})
	}
	switch {
	case ap.Filed.IsZero() || ap.Filed.After(today):
		fs = append(fs, errs.FieldError{Field: "filed_on", Label: "申请或起诉日期", Message: "不能为空，也不能晚于今天"})
	case ap.Filed.Before(x.Application.Received):
		fs = append(fs, errs.FieldError{Field: "filed_on", Label: "申请或起诉日期", Message: "不能早于收到申请日期"})
	}
	if ap.Outcome == request.OutcomePending {
		ap.Decided = calendar.Date{}
	} else if ap.Outcome.Valid() && (ap.Decided.IsZero() || ap.Decided.After(today) || ap.Decided.Before(ap.Filed)) {
		fs = append(fs, errs.FieldError{Field: "decided_on", Label: "审结日期", Message: "已审结的须填写审结日期，不早于申请日期、不晚于今天"})
	}
	if len(fs) > 0 {
		return x, errs.Fields("复议或诉讼信息有误", fs...)
	}
	ap.Note = strings.TrimSpace(ap.Note)
	cal, _, err := a.Calendar(ctx)
	if err != nil {
		return x, err
	}
	return a.store.ChangeRequest(ctx, p.Actor(), id, store.RequestChange{Action: "request.appeal",
		Detail: map[string]string{"kind": string(ap.Kind), "outcome": string(ap.Outcome)},
		Apply: func(x request.Request) (request.Request, error) {
			if x.Status(cal, today).State.Open() {
				return x, errs.E(errs.Conflict, "申请尚未办结，不能登记复议或诉讼")
			}
			for i, old := range x.Appeals {
				if ap.ID != 0 && old.ID == ap.ID {
					x.Appeals[i].Outcome, x.Appeals[i].Decided, x.Appeals[i].Note = ap.Outcome, ap.Decided, ap.Note
					return x, nil
				}
			}
			if ap.ID != 0 {
				return x, errs.E(errs.NotFound, "复议或诉讼记录不存在")
			}
			ap.Request = x.ID
			x.Appeals = append(x.Appeals, ap)
			return x, nil
		}})
}

// PublicRequestStatus is what the applicant's status page shows: no personal data, which
// the applicant knows and a forwarded link must not reveal.
type PublicRequestStatus struct {
	UnitName    string
	TrackingNo  string
	Description string
	Received    calendar.Date
	Channel     request.Channel
	Status      request.Status
	Events      []request.Event
	Reply       request.Reply       // set once approved
	Files       []attach.Attachment // the reply's attachments, once approved
	Answered    calendar.Date
	Remedy      string
}

// RequestStatus is the status page of the request whose token this is. A wrong token is
// NotFound, like any address that does not exist.
func (a *App) RequestStatus(ctx context.Context, token string) (PublicRequestStatus, error) {
	if !strings.HasPrefix(token, "rq_") || len(token) > 100 {
		return PublicRequestStatus{}, errs.E(errs.NotFound, "申请不存在")
	}
	x, err := a.store.RequestByToken(ctx, auth.HashSecret(token))
	if err != nil {
		return PublicRequestStatus{}, err
	}
	o, err := a.store.Org(ctx, x.UnitID)
	if err != nil {
		return PublicRequestStatus{}, err
	}
	cal, _, err := a.Calendar(ctx)
	if err != nil {
		return PublicRequestStatus{}, err
	}
	s := PublicRequestStatus{UnitName: o.Name, TrackingNo: x.TrackingNo, Description: x.Application.Description,
		Received: x.Application.Received, Channel: x.Application.Channel, Status: x.Status(cal, a.Today()), Events: x.Events}
	if x.ReplyState == request.ReplyApproved {
		s.Reply, s.Answered, s.Remedy, s.Files = x.Reply, x.Answered, request.Remedy(o.Name), x.Files
	}
	return s, nil
}

// RequestReplyFile is attachment pos (from 1) of the approved reply of the request whose
// token this is: only the token's holder receives it; before approval it does not exist.
func (a *App) RequestReplyFile(ctx context.Context, token string, pos int) (attach.Attachment, error) {
	s, err := a.RequestStatus(ctx, token)
	if err != nil {
		return attach.Attachment{}, err
	}
	if pos < 1 || pos > len(s.Files) {
		return attach.Attachment{}, errs.E(errs.NotFound, "附件不存在")
	}
	return s.Files[pos-1], nil
}

// StaffRequestFile is attachment pos (from 1) of a request's reply, for the staff who may
// open the request (the reviewer looks at it before the confidentiality review passes); the
// view is audited like every view of a request.
func (a *App) StaffRequestFile(ctx context.Context, p *Principal, within org.Org, id int64, pos int) (attach.Attachment, error) {
	pg, err := a.Request(ctx, p, within, id)
	if err != nil {
		return attach.Attachment{}, err
	}
	if pos < 1 || pos > len(pg.Request.Files) {
		return attach.Attachment{}, errs.E(errs.NotFound, "附件不存在")
	}
	return pg.Request.Files[pos-1], nil
}

// ReplyLetter is the reply letter (告知书) of a request, for print and DOCX.
type ReplyLetter struct {
	Org        org.Org
	UnitName   string
	TrackingNo string
	Applicant  string // the addressee: staff copies only
	Received   calendar.Date
	Reply      request.Reply
	Answered   calendar.Date // zero while a draft
	Remedy     string
}

// Letter builds the reply letter for staff (addressed to the applicant, audited like a view).
func (a *App) Letter(ctx context.Context, p *Principal, within org.Org, id int64) (ReplyLetter, error) {
	pg, err := a.Request(ctx, p, within, id)
	if err != nil {
		return ReplyLetter{}, err
	}
	x := pg.Request
	if x.ReplyState == request.ReplyNone {
		return ReplyLetter{}, errs.E(errs.NotFound, "尚未起草答复")
	}
	return ReplyLetter{Org: pg.Org, UnitName: pg.Org.Name, TrackingNo: x.TrackingNo, Applicant: x.Application.Applicant.Name, Received: x.Application.Received,
		Reply: x.Reply, Answered: x.Answered, Remedy: request.Remedy(pg.Org.Name)}, nil
}
