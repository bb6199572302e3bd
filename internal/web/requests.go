package web

import (
	"net/http"
	"strconv"
	"strings"

	"gongkai/internal/app"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/org"
	"gongkai/internal/request"
)

// addRequestRoutes serves disclosure requests (依申请公开): the public form and status page,
// the staff pages and the JSON API.
func (s *Server) addRequestRoutes() {
	s.handle("GET", "/{unit}/requests/new", Public, "", s.requestForm)
	s.handle("POST", "/{unit}/requests", Public, "", s.requestSubmit)
	s.handle("GET", "/requests/status/{token}", Public, "", s.requestStatusPage)
	s.handle("GET", "/requests/status/{token}/files/{pos}", Public, "", s.requestReplyFile)

	s.handle("GET", "/admin/orgs/{org}/requests", OrgScope, org.PermView, s.requestsAdmin)
	s.handle("GET", "/admin/orgs/{org}/requests/new", OrgScope, org.PermHandleRequest, s.requestRegisterForm)
	s.handle("POST", "/admin/orgs/{org}/requests", OrgScope, org.PermHandleRequest, s.requestRegister)
	s.handle("GET", "/admin/orgs/{org}/requests/{id}", OrgScope, org.PermOpenRequest, s.requestAdminPage)
	s.handle("GET", "/admin/orgs/{org}/requests/{id}/letter", OrgScope, org.PermOpenRequest, s.requestLetter)
	s.handle("GET", "/admin/orgs/{org}/requests/{id}/letter.docx", OrgScope, org.PermOpenRequest, s.requestLetterDOCX)
	s.handle("POST", "/admin/orgs/{org}/requests/{id}/events", OrgScope, org.PermHandleRequest, s.requestEventSubmit)
	s.handle("POST", "/admin/orgs/{org}/requests/{id}/extension", OrgScope, org.PermApproveRequest, s.requestExtensionSubmit)
	s.handle("POST", "/admin/orgs/{org}/requests/{id}/reply", OrgScope, org.PermHandleRequest, s.requestReplySubmit)
	s.handle("GET", "/admin/orgs/{org}/requests/{id}/files/{pos}", OrgScope, org.PermOpenRequest, s.requestStaffFile)
	s.handle("POST", "/admin/orgs/{org}/requests/{id}/reply/review", OrgScope, org.PermReviewRequest, s.requestReplyReview)
	s.handle("POST", "/admin/orgs/{org}/requests/{id}/reply/approve", OrgScope, org.PermApproveRequest, s.requestReplyApprove)
	s.handle("POST", "/admin/orgs/{org}/requests/{id}/appeals", OrgScope, org.PermHandleRequest, s.requestAppealSubmit)

	s.handle("GET", "/admin/orgs/{org}/annual-reports/{year}", OrgScope, org.PermView, s.annualReportPage)
	s.handle("POST", "/admin/orgs/{org}/annual-reports/{year}", OrgScope, org.PermHandleRequest, s.annualReportSave)
	s.handle("GET", "/admin/orgs/{org}/annual-reports/{year}/report.xlsx", OrgScope, org.PermView, s.annualReportXLSX)

	s.handle("GET", "/api/v1/requests", APIToken, "", s.apiRequests)
	s.handle("POST", "/api/v1/requests", APIToken, "", s.apiRequestRegister)
	s.handle("GET", "/api/v1/requests/{id}", APIToken, "", s.apiRequestGet)
	s.handle("POST", "/api/v1/requests/{id}/events", APIToken, "", s.apiRequestEvent)
	s.handle("POST", "/api/v1/requests/{id}/reply", APIToken, "", s.apiRequestReply)
	s.handle("POST", "/api/v1/requests/{id}/reply/review", APIToken, "", s.apiRequestReplyReview)
	s.handle("POST", "/api/v1/requests/{id}/reply/approve", APIToken, "", s.apiRequestReplyApprove)
	s.handle("POST", "/api/v1/requests/{id}/appeals", APIToken, "", s.apiRequestAppeal)
	s.handle("GET", "/api/v1/units/{unit}/annual-reports/{year}", APIToken, "", s.apiAnnualReport)
}

// requestChoices are the options of the application forms.
func requestChoices() map[string]any {
	return map[string]any{"Kinds": request.ApplicantKinds(), "IDKinds": request.IDKinds, "Forms": request.Forms,
		"Deliveries": request.Deliveries}
}

func applicationFromForm(r *http.Request) request.Application {
	v := r.PostFormValue
	return request.Application{
		Applicant: request.Applicant{Kind: request.ApplicantKind(v("applicant_kind")), Name: v("name"), Agent: v("agent"), IDKind: v("id_kind"),
			IDNo: v("id_no"), Phone: v("phone"), Email: v("email"), Address: v("address")},
		Description: v("description"), Purpose: v("purpose"), Form: v("form"), Delivery: v("delivery"),
		Channel: request.Channel(v("channel")),
	}
}

func (s *Server) requestForm(w http.ResponseWriter, r *http.Request) {
	f, err := s.app.RequestFormOf(r.Context(), r.PathValue("unit"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := requestChoices()
	d["Title"], d["Unit"] = f.Unit.Name+" · 政府信息公开申请", f.Unit
	s.render(w, r, http.StatusOK, "request_new.html", d)
}

func (s *Server) requestSubmit(w http.ResponseWriter, r *http.Request) {
	in := applicationFromForm(r)
	_, token, err := s.app.Apply(r.Context(), s.clientIP(r), r.PathValue("unit"), in)
	if errs.Is(err, errs.Invalid) {
		f, ferr := s.app.RequestFormOf(r.Context(), r.PathValue("unit"))
		if ferr != nil {
			s.fail(w, r, ferr)
			return
		}
		d := requestChoices()
		d["Title"], d["Unit"], d["In"], d["Error"] = f.Unit.Name+" · 政府信息公开申请", f.Unit, in, err
		s.render(w, r, http.StatusUnprocessableEntity, "request_new.html", d)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/requests/status/"+token+"?"+flashQuery("request-filed"), http.StatusSeeOther)
}

func (s *Server) requestStatusPage(w http.ResponseWriter, r *http.Request) {
	st, err := s.app.RequestStatus(r.Context(), r.PathValue("token"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// The address is the applicant's key: never kept by a shared cache, never indexed.
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("X-Robots-Tag", "noindex")
	w.Header().Set("Referrer-Policy", "no-referrer")
	var paras []string
	for _, line := range strings.Split(st.Reply.Body, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			paras = append(paras, line)
		}
	}
	s.render(w, r, http.StatusOK, "request_status.html", map[string]any{"Title": "申请办理进度 " + st.TrackingNo, "S": st, "Paras": paras, "Token": r.PathValue("token")})
}

func (s *Server) requestsAdmin(w http.ResponseWriter, r *http.Request) {
	o := orgOf(r)
	d, err := s.adminData(r, "requests", o.Name+" · 依申请公开")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	l, err := s.app.Requests(r.Context(), principalOf(r), o, r.URL.Query().Get("state"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d["L"], d["States"], d["LastYear"] = l, request.States(), s.app.Today().Year()-1
	if o.Kind == org.KindCity || o.Kind == org.KindProvince {
		if d["Dues"], err = s.app.AnnualReportDues(r.Context(), principalOf(r), o, s.app.Today().Year()-1); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.render(w, r, http.StatusOK, "admin_requests.html", d)
}

func (s *Server) requestRegisterForm(w http.ResponseWriter, r *http.Request) {
	s.requestRegisterView(w, r, http.StatusOK, request.Application{Channel: request.ChannelInPerson}, "", nil)
}

func (s *Server) requestRegisterView(w http.ResponseWriter, r *http.Request, status int, in request.Application, received string, ferr error) {
	o := orgOf(r)
	d, err := s.adminData(r, "requests", o.Name+" · 登记政府信息公开申请")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for k, v := range requestChoices() {
		d[k] = v
	}
	d["In"], d["Received"], d["Error"], d["Staff"] = in, received, ferr, true
	d["Channels"] = []request.Channel{request.ChannelInPerson, request.ChannelPost, request.ChannelOther}
	s.render(w, r, status, "request_new.html", d)
}

func (s *Server) requestRegister(w http.ResponseWriter, r *http.Request) {
	in := applicationFromForm(r)
	rec := r.PostFormValue("received_on")
	in.Received, _ = calendar.ParseDate(rec)
	x, token, err := s.app.RegisterRequest(r.Context(), principalOf(r), orgOf(r), in)
	if errs.Is(err, errs.Invalid) {
		s.requestRegisterView(w, r, http.StatusUnprocessableEntity, in, rec, err)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// The status link is shown once, to be handed to the applicant; only its hash is kept.
	http.Redirect(w, r, requestAdminURL(orgOf(r).Code, x.ID)+"?"+flashQuery("request-registered")+"&link="+urlQueryEscape(s.base+"/requests/status/"+token), http.StatusSeeOther)
}

func requestAdminURL(orgCode string, id int64) string {
	return "/admin/orgs/" + orgCode + "/requests/" + strconv.FormatInt(id, 10)
}

// staffRequest opens the request named in the path, which must belong to the path's
// organisation or below it.
func (s *Server) staffRequest(w http.ResponseWriter, r *http.Request) (app.RequestPage, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.fail(w, r, errs.E(errs.NotFound, "申请不存在"))
		return app.RequestPage{}, false
	}
	pg, err := s.app.Request(r.Context(), principalOf(r), orgOf(r), id)
	if err != nil {
		s.fail(w, r, err)
		return pg, false
	}
	return pg, true
}

func (s *Server) requestAdminPage(w http.ResponseWriter, r *http.Request) {
	pg, ok := s.staffRequest(w, r)
	if !ok {
		return
	}
	s.requestPageView(w, r, http.StatusOK, pg, nil)
}

func (s *Server) requestPageView(w http.ResponseWriter, r *http.Request, status int, pg app.RequestPage, ferr error) {
	o := orgOf(r)
	d, err := s.adminData(r, "requests", o.Name+" · 申请 "+pg.Request.TrackingNo)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d["P"], d["Error"], d["ReplyTypes"], d["EventKinds"] = pg, ferr, request.ReplyTypes(), request.EventKinds()
	d["AppealKinds"], d["Outcomes"] = request.AppealKinds(), request.Outcomes()
	if link := r.URL.Query().Get("link"); strings.HasPrefix(link, s.base+"/requests/status/rq_") {
		d["Link"] = link
	}
	s.render(w, r, status, "admin_request.html", d)
}

// afterChange shows the request again: with the error where the input was at fault.
func (s *Server) afterChange(w http.ResponseWriter, r *http.Request, err error, flash string) {
	if err == nil {
		http.Redirect(w, r, requestAdminURL(orgOf(r).Code, mustID(r))+"?"+flashQuery(flash), http.StatusSeeOther)
		return
	}
	if errs.Is(err, errs.Invalid) || errs.Is(err, errs.Conflict) {
		if pg, ok := s.staffRequest(w, r); ok {
			st := http.StatusUnprocessableEntity
			if errs.Is(err, errs.Conflict) {
				st = http.StatusConflict
			}
			s.requestPageView(w, r, st, pg, err)
		}
		return
	}
	s.fail(w, r, err)
}

func mustID(r *http.Request) int64 {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return id
}

func (s *Server) requestEventSubmit(w http.ResponseWriter, r *http.Request) {
	e, err := eventFromValues(r.PostFormValue)
	if err == nil {
		_, _, err = s.app.AddRequestEvent(r.Context(), principalOf(r), orgOf(r), mustID(r), e)
	}
	s.afterChange(w, r, err, "request-event")
}

// requestExtensionSubmit records the extension, which only the approver may grant.
func (s *Server) requestExtensionSubmit(w http.ResponseWriter, r *http.Request) {
	e, err := eventFromValues(r.PostFormValue)
	e.Kind = request.EventExtension
	if err == nil {
		_, _, err = s.app.AddRequestEvent(r.Context(), principalOf(r), orgOf(r), mustID(r), e)
	}
	s.afterChange(w, r, err, "request-event")
}

// eventFromValues reads an event from form or JSON values; dates are YYYY-MM-DD.
func eventFromValues(v func(string) string) (request.Event, error) {
	e := request.Event{Kind: request.EventKind(v("kind")), Party: v("party"), Note: v("note")}
	var fs []errs.FieldError
	date := func(field, label string) calendar.Date {
		s := strings.TrimSpace(v(field))
		if s == "" {
			return calendar.Date{}
		}
		d, err := calendar.ParseDate(s)
		if err != nil {
			fs = append(fs, errs.FieldError{Field: field, Label: label, Message: "日期格式应为 YYYY-MM-DD"})
		}
		return d
	}
	e.On, e.Until = date("on", "日期"), date("until", "期限")
	num := func(field, label string) int {
		s := strings.TrimSpace(v(field))
		if s == "" {
			return 0
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			fs = append(fs, errs.FieldError{Field: field, Label: label, Message: "应为整数"})
		}
		return n
	}
	e.Days, e.Fee = num("days", "延长天数"), num("fee", "收费金额（分）")
	if len(fs) > 0 {
		return e, errs.Fields("输入有误", fs...)
	}
	return e, nil
}

func (s *Server) requestReplySubmit(w http.ResponseWriter, r *http.Request) {
	reason, _ := strconv.Atoi(r.PostFormValue("reason"))
	files, err := uploadsOf(r, "files")
	if err == nil {
		_, err = s.app.DraftReplyWith(r.Context(), principalOf(r), orgOf(r), mustID(r), request.Reply{Type: request.ReplyType(r.PostFormValue("type")),
			Reason: reason, Basis: r.PostFormValue("basis"), Body: r.PostFormValue("body")}, files, r.PostFormValue("confirm_unread") == "1")
	}
	s.afterChange(w, r, err, "request-reply")
}

// requestReplyFile delivers an attachment of the approved reply to the holder of the
// request's token, privately.
func (s *Server) requestReplyFile(w http.ResponseWriter, r *http.Request) {
	pos, _ := strconv.Atoi(r.PathValue("pos"))
	at, err := s.app.RequestReplyFile(r.Context(), r.PathValue("token"), pos)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("X-Robots-Tag", "noindex")
	w.Header().Set("Referrer-Policy", "no-referrer")
	s.sendAttachment(w, r, 0, at, "private, no-store")
}

// requestStaffFile lets the staff who may open the request open an attachment of its reply.
func (s *Server) requestStaffFile(w http.ResponseWriter, r *http.Request) {
	pos, _ := strconv.Atoi(r.PathValue("pos"))
	at, err := s.app.StaffRequestFile(r.Context(), principalOf(r), orgOf(r), mustID(r), pos)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.sendAttachment(w, r, mustID(r), at, "private, no-store")
}

func (s *Server) requestReplyReview(w http.ResponseWriter, r *http.Request) {
	_, err := s.app.ReviewReply(r.Context(), principalOf(r), orgOf(r), mustID(r), r.PostFormValue("decision") == "pass", r.PostFormValue("opinion"))
	s.afterChange(w, r, err, "request-decided")
}

func (s *Server) requestReplyApprove(w http.ResponseWriter, r *http.Request) {
	_, err := s.app.ApproveReply(r.Context(), principalOf(r), orgOf(r), mustID(r), r.PostFormValue("decision") == "pass", r.PostFormValue("opinion"))
	s.afterChange(w, r, err, "request-decided")
}

func (s *Server) requestAppealSubmit(w http.ResponseWriter, r *http.Request) {
	ap, err := appealFromValues(r.PostFormValue)
	if err == nil {
		_, err = s.app.AddAppeal(r.Context(), principalOf(r), orgOf(r), mustID(r), ap)
	}
	s.afterChange(w, r, err, "request-appeal")
}

func appealFromValues(v func(string) string) (request.Appeal, error) {
	ap := request.Appeal{Kind: request.AppealKind(v("kind")), Outcome: request.Outcome(v("outcome")), Note: v("note")}
	ap.ID, _ = strconv.ParseInt(v("appeal_id"), 10, 64)
	var fs []errs.FieldError
	for _, f := range []struct {
		field, label string
		to           *calendar.Date
	}{{"filed_on", "申请或起诉日期", &ap.Filed}, {"decided_on", "审结日期", &ap.Decided}} {
		if s := strings.TrimSpace(v(f.field)); s != "" {
			d, err := calendar.ParseDate(s)
			if err != nil {
				fs = append(fs, errs.FieldError{Field: f.field, Label: f.label, Message: "日期格式应为 YYYY-MM-DD"})
			}
			*f.to = d
		}
	}
	if len(fs) > 0 {
		return ap, errs.Fields("输入有误", fs...)
	}
	return ap, nil
}

// staffLetter builds the letter of the request named in the path, inside the path's
// organisation.
func (s *Server) staffLetter(w http.ResponseWriter, r *http.Request) (app.ReplyLetter, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.fail(w, r, errs.E(errs.NotFound, "申请不存在"))
		return app.ReplyLetter{}, false
	}
	l, err := s.app.Letter(r.Context(), principalOf(r), orgOf(r), id)
	if err != nil {
		s.fail(w, r, err)
		return l, false
	}
	return l, true
}

func (s *Server) requestLetter(w http.ResponseWriter, r *http.Request) {
	l, ok := s.staffLetter(w, r)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, "request_letter.html", map[string]any{"Title": "政府信息公开申请答复告知书 " + l.TrackingNo, "Parts": letterParts(l)})
}

func (s *Server) requestLetterDOCX(w http.ResponseWriter, r *http.Request) {
	l, ok := s.staffLetter(w, r)
	if !ok {
		return
	}
	b, err := letterDOCX(l)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
	w.Header().Set("Content-Disposition", `attachment; filename="reply-`+l.TrackingNo+`.docx"`)
	w.Header().Set("Cache-Control", "private, no-store")
	w.Write(b)
}
