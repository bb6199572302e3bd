package web

import (
	"net/http"
	"strconv"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/org"
	"gongkai/internal/request"
)

type apiRequestRow struct {
	ID            int64  `json:"id"`
	TrackingNo    string `json:"tracking_no"`
	State         string `json:"state"`
	StateLabel    string `json:"state_label"`
	Received      string `json:"received"`
	Due           string `json:"due"`
	DueExplained  string `json:"due_explained"`
	Overdue       bool   `json:"overdue"`
	ApplicantKind string `json:"applicant_kind"`
}

func requestRow(id int64, no string, received calendar.Date, kind request.ApplicantKind, st request.Status) apiRequestRow {
	due := ""
	if !st.Clock.Due.IsZero() && st.State.Open() {
		due = st.Clock.Due.String()
	}
	return apiRequestRow{ID: id, TrackingNo: no, State: string(st.State), StateLabel: st.State.Label(), Received: received.String(),
		Due: due, DueExplained: st.Clock.Explained, Overdue: st.Overdue, ApplicantKind: string(kind)}
}

// apiRequests lists the requests of a unit (and below) in the caller's scope; no personal
// data, so nothing to mask.
func (s *Server) apiRequests(w http.ResponseWriter, r *http.Request) {
	code := r.URL.Query().Get("unit")
	if code == "" {
		s.fail(w, r, errs.Fields("缺少参数", errs.FieldError{Field: "unit", Label: "单位", Message: "请给出单位代码"}))
		return
	}
	o, err := s.app.OrgByCode(r.Context(), code)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	l, err := s.app.Requests(r.Context(), principalOf(r), o, r.URL.Query().Get("state"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := []apiRequestRow{}
	for _, x := range l.Rows {
		out = append(out, requestRow(x.ID, x.TrackingNo, x.Received, x.Applicant.Kind, x.Status))
	}
	writeJSON(w, http.StatusOK, map[string]any{"requests": out})
}

type apiApplicant struct {
	Kind    string `json:"kind"`
	Name    string `json:"name"`
	Agent   string `json:"agent"`
	IDKind  string `json:"id_kind"`
	IDNo    string `json:"id_no"`
	Phone   string `json:"phone"`
	Email   string `json:"email"`
	Address string `json:"address"`
}

type apiRegisterIn struct {
	Unit        string       `json:"unit"`
	ReceivedOn  string       `json:"received_on"`
	Channel     string       `json:"channel"`
	Applicant   apiApplicant `json:"applicant"`
	Description string       `json:"description"`
	Purpose     string       `json:"purpose"`
	Form        string       `json:"form"`
	Delivery    string       `json:"delivery"`
}

func (s *Server) apiRequestRegister(w http.ResponseWriter, r *http.Request) {
	var in apiRegisterIn
	if err := decodeJSON(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	o, err := s.app.OrgByCode(r.Context(), in.Unit)
	if err != nil {
		s.fail(w, r, errs.Fields("无法登记申请", errs.FieldError{Field: "unit", Label: "受理机关", Message: "没有这个代码的单位"}))
		return
	}
	received, err := calendar.ParseDate(in.ReceivedOn)
	if err != nil {
		s.fail(w, r, errs.Fields("无法登记申请", errs.FieldError{Field: "received_on", Label: "收到申请日期", Message: "日期格式应为 YYYY-MM-DD"}))
		return
	}
	ap := in.Applicant
	x, token, err := s.app.RegisterRequest(r.Context(), principalOf(r), o, request.Application{
		Applicant: request.Applicant{Kind: request.ApplicantKind(ap.Kind), Name: ap.Name, Agent: ap.Agent, IDKind: ap.IDKind, IDNo: ap.IDNo,
			Phone: ap.Phone, Email: ap.Email, Address: ap.Address},
		Description: in.Description, Purpose: in.Purpose, Form: in.Form, Delivery: in.Delivery, Channel: request.Channel(in.Channel), Received: received})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg, err := s.app.Request(r.Context(), principalOf(r), org.Org{}, x.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	row := requestRow(x.ID, x.TrackingNo, received, x.Application.Applicant.Kind, pg.Status)
	writeJSON(w, http.StatusCreated, map[string]any{"id": row.ID, "tracking_no": row.TrackingNo, "state": row.State, "received": row.Received,
		"due": row.Due, "due_explained": row.DueExplained, "status_url": s.base + "/requests/status/" + token})
}

func apiID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return 0, errs.E(errs.NotFound, "申请不存在")
	}
	return id, nil
}

// apiRequestGet returns one request in full, applicant included: audited like the page.
func (s *Server) apiRequestGet(w http.ResponseWriter, r *http.Request) {
	id, err := apiID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg, err := s.app.Request(r.Context(), principalOf(r), org.Org{}, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	x := pg.Request
	a := x.Application
	out := map[string]any{"request": requestRow(x.ID, x.TrackingNo, a.Received, a.Applicant.Kind, pg.Status),
		"unit": pg.Org.Code, "channel": string(a.Channel), "description": a.Description, "purpose": a.Purpose, "form": a.Form, "delivery": a.Delivery,
		"applicant": apiApplicant{Kind: string(a.Applicant.Kind), Name: a.Applicant.Name, Agent: a.Applicant.Agent, IDKind: a.Applicant.IDKind,
			IDNo: a.Applicant.IDNo, Phone: a.Applicant.Phone, Email: a.Applicant.Email, Address: a.Applicant.Address},
		"reply_state": string(x.ReplyState), "reply": map[string]any{"type": string(x.Reply.Type), "reason": x.Reply.Reason, "basis": x.Reply.Basis, "body": x.Reply.Body},
	}
	if !x.Answered.IsZero() {
		out["answered"] = x.Answered.String()
	}
	writeJSON(w, http.StatusOK, out)
}

type apiEventIn struct {
	Kind  string `json:"kind"`
	On    string `json:"on"`
	Until string `json:"until"`
	Days  int    `json:"days"`
	Party string `json:"party"`
	Fee   int    `json:"fee"`
	Note  string `json:"note"`
}

func (s *Server) apiRequestEvent(w http.ResponseWriter, r *http.Request) {
	id, err := apiID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in apiEventIn
	if err := decodeJSON(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	vals := map[string]string{"kind": in.Kind, "on": in.On, "until": in.Until, "party": in.Party, "note": in.Note}
	e, err := eventFromValues(func(k string) string { return vals[k] })
	if err != nil {
		s.fail(w, r, err)
		return
	}
	e.Days, e.Fee = in.Days, in.Fee
	x, st, err := s.app.AddRequestEvent(r.Context(), principalOf(r), org.Org{}, id, e)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, requestRow(x.ID, x.TrackingNo, x.Application.Received, x.Application.Applicant.Kind, st))
}

type apiReplyIn struct {
	Type   string `json:"type"`
	Reason int    `json:"reason"`
	Basis  string `json:"basis"`
	Body   string `json:"body"`
}

func (s *Server) apiRequestReply(w http.ResponseWriter, r *http.Request) {
	id, err := apiID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in apiReplyIn
	if err := decodeJSON(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	x, err := s.app.DraftReply(r.Context(), principalOf(r), org.Org{}, id, request.Reply{Type: request.ReplyType(in.Type), Reason: in.Reason, Basis: in.Basis, Body: in.Body})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"id": x.ID, "reply_state": string(x.ReplyState), "next": "review"})
}

type apiDecisionIn struct {
	Decision string `json:"decision"`
	Opinion  string `json:"opinion"`
}

func (s *Server) apiRequestReplyReview(w http.ResponseWriter, r *http.Request) {
	s.apiReplyDecision(w, r, "pass")
}

func (s *Server) apiRequestReplyApprove(w http.ResponseWriter, r *http.Request) {
	s.apiReplyDecision(w, r, "approve")
}

func (s *Server) apiReplyDecision(w http.ResponseWriter, r *http.Request, yesWord string) {
	id, err := apiID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in apiDecisionIn
	if err := decodeJSON(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	if in.Decision != yesWord && in.Decision != "return" {
		s.fail(w, r, errs.Fields("决定有误", errs.FieldError{Field: "decision", Label: "决定", Message: "应为 " + yesWord + " 或 return"}))
		return
	}
	yes := in.Decision == yesWord
	var x request.Request
	if yesWord == "approve" {
		x, err = s.app.ApproveReply(r.Context(), principalOf(r), org.Org{}, id, yes, in.Opinion)
	} else {
		x, err = s.app.ReviewReply(r.Context(), principalOf(r), org.Org{}, id, yes, in.Opinion)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := map[string]any{"id": x.ID, "reply_state": string(x.ReplyState)}
	if !x.Answered.IsZero() {
		out["answered"] = x.Answered.String()
	}
	writeJSON(w, http.StatusOK, out)
}

type apiAppealIn struct {
	AppealID  int64  `json:"appeal_id"`
	Kind      string `json:"kind"`
	FiledOn   string `json:"filed_on"`
	Outcome   string `json:"outcome"`
	DecidedOn string `json:"decided_on"`
	Note      string `json:"note"`
}

func (s *Server) apiRequestAppeal(w http.ResponseWriter, r *http.Request) {
	id, err := apiID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in apiAppealIn
	if err := decodeJSON(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	vals := map[string]string{"appeal_id": strconv.FormatInt(in.AppealID, 10), "kind": in.Kind, "filed_on": in.FiledOn, "outcome": in.Outcome,
		"decided_on": in.DecidedOn, "note": in.Note}
	ap, err := appealFromValues(func(k string) string { return vals[k] })
	if err != nil {
		s.fail(w, r, err)
		return
	}
	x, err := s.app.AddAppeal(r.Context(), principalOf(r), org.Org{}, id, ap)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := []map[string]any{}
	for _, a := range x.Appeals {
		m := map[string]any{"id": a.ID, "kind": string(a.Kind), "filed_on": a.Filed.String(), "outcome": string(a.Outcome)}
		if !a.Decided.IsZero() {
			m["decided_on"] = a.Decided.String()
		}
		out = append(out, m)
	}
	writeJSON(w, http.StatusOK, map[string]any{"id": x.ID, "appeals": out})
}
