package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"gongkai/internal/app"
	"gongkai/internal/errs"
	"gongkai/internal/org"
	"gongkai/internal/participation"
)

// addParticipationRoutes adds consultations (决策预公开), comments and their moderation, the
// feedback, and public questions (政民互动): the public pages work without sign-in and
// without JavaScript; staff work through the admin pages and the API.
func (s *Server) addParticipationRoutes() {
	s.handle("GET", "/{unit}/consultations/{$}", Public, "", s.consultationsPage)
	s.handle("GET", "/{unit}/consultations/{id}", Public, "", s.consultationPage)
	s.handle("POST", "/{unit}/consultations/{id}/comments", Public, "", s.commentSubmit)
	s.handle("GET", "/{unit}/consultations/{id}/thanks", Public, "", s.commentThanks)
	s.handle("GET", "/{unit}/questions/{$}", Public, "", s.questionsPage)
	s.handle("GET", "/{unit}/questions/new", Public, "", s.questionForm)
	s.handle("POST", "/{unit}/questions", Public, "", s.questionSubmit)
	s.handle("GET", "/questions/status/{token}", Public, "", s.questionStatus)
	s.handle("POST", "/questions/status/{token}/rating", Public, "", s.questionRate)

	s.handle("GET", "/admin/orgs/{org}/participation", OrgScope, org.PermView, s.participationAdmin)
	s.handle("POST", "/admin/orgs/{org}/participation/due-days", OrgScope, org.PermManageOrgs, s.questionDueDays)
	s.handle("GET", "/admin/orgs/{org}/consultations/{id}", OrgScope, org.PermView, s.consultationAdmin)
	s.handle("POST", "/admin/orgs/{org}/consultations/{id}/comments/{cid}", OrgScope, org.PermView, s.commentModerate)
	s.handle("POST", "/admin/orgs/{org}/consultations/{id}/feedback", OrgScope, org.PermView, s.feedbackSubmit)
	s.handle("GET", "/admin/orgs/{org}/questions/{id}", OrgScope, org.PermView, s.questionAdmin)
	s.handle("POST", "/admin/orgs/{org}/questions/{id}/act", OrgScope, org.PermView, s.questionAct)

	s.handle("GET", "/api/v1/consultations/{id}/comments", APIToken, "", s.apiComments)
	s.handle("POST", "/api/v1/consultations/{id}/comments/{cid}", APIToken, "", s.apiCommentModerate)
	s.handle("POST", "/api/v1/consultations/{id}/feedback", APIToken, "", s.apiFeedback)
	s.handle("GET", "/api/v1/questions", APIToken, "", s.apiQuestions)
	s.handle("GET", "/api/v1/questions/stats", APIToken, "", s.apiQuestionStats)
	s.handle("GET", "/api/v1/questions/{id}", APIToken, "", s.apiQuestion)
	for _, action := range []string{"assign", "answer", "approve", "return", "extend", "keep-private"} {
		s.handle("POST", "/api/v1/questions/{id}/"+action, APIToken, "", s.apiQuestionAct(action))
	}
}

func idParam(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, errs.E(errs.NotFound, "页面不存在")
	}
	return id, nil
}

// pathID reads the {id} of the path, answering 404 itself when it is not an ID.
func (s *Server) pathID(w http.ResponseWriter, r *http.Request) (int64, bool) {
	id, err := idParam(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return 0, false
	}
	return id, true
}

// publicUnitAndID reads the {unit} and {id} of a public path, answering 404 itself when
// either names nothing.
func (s *Server) publicUnitAndID(w http.ResponseWriter, r *http.Request) (org.Org, int64, bool) {
	u, ok := s.publicUnit(w, r)
	if !ok {
		return u, 0, false
	}
	id, ok := s.pathID(w, r)
	return u, id, ok
}

// tooOften answers a client over its submission limit: 429 with a Chinese message.
func (s *Server) tooOften(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Retry-After", "3600")
	s.render(w, r, http.StatusTooManyRequests, "error.html", map[string]any{"Title": "提交过于频繁", "Status": http.StatusTooManyRequests,
		"Message": participation.ErrTooOften.Message, "RequestID": requestIDOf(r)})
}

func (s *Server) consultationsPage(w http.ResponseWriter, r *http.Request) {
	u, ok := s.publicUnit(w, r)
	if !ok {
		return
	}
	open, closed, err := s.app.PublicConsultations(r.Context(), u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "consultations.html", map[string]any{"Title": u.Name + " · 征求意见", "Unit": u, "Open": open, "Closed": closed})
}

func (s *Server) consultationPage(w http.ResponseWriter, r *http.Request) {
	s.consultationView(w, r, http.StatusOK, nil, app.CommentInput{})
}

func (s *Server) consultationView(w http.ResponseWriter, r *http.Request, status int, ferr error, in app.CommentInput) {
	u, id, ok := s.publicUnitAndID(w, r)
	if !ok {
		return
	}
	pg, err := s.app.PublicConsultation(r.Context(), u, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := map[string]any{"Title": pg.Record.Title, "P": pg, "Unit": u, "In": in, "Reasons": participation.RejectReasons(), "Adoptions": participation.Adoptions()}
	if ferr != nil {
		d["Error"] = ferr
	}
	s.render(w, r, status, "consultation.html", d)
}

func (s *Server) commentSubmit(w http.ResponseWriter, r *http.Request) {
	u, id, ok := s.publicUnitAndID(w, r)
	if !ok {
		return
	}
	in := app.CommentInput{Text: r.PostFormValue("text"), Name: r.PostFormValue("name"), Contact: r.PostFormValue("contact"), Consent: r.PostFormValue("consent") == "1"}
	err := s.app.AddComment(r.Context(), u, id, in, s.clientIP(r))
	switch {
	case err == nil:
		http.Redirect(w, r, "/"+u.Code+"/consultations/"+strconv.FormatInt(id, 10)+"/thanks", http.StatusSeeOther)
	case errors.Is(err, participation.ErrTooOften):
		s.tooOften(w, r)
	case errs.Is(err, errs.Invalid):
		s.consultationView(w, r, http.StatusUnprocessableEntity, err, in)
	default:
		s.fail(w, r, err)
	}
}

func (s *Server) commentThanks(w http.ResponseWriter, r *http.Request) {
	u, id, ok := s.publicUnitAndID(w, r)
	if !ok {
		return
	}
	pg, err := s.app.PublicConsultation(r.Context(), u, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "comment_thanks.html", map[string]any{"Title": "意见已收到", "Unit": u, "P": pg})
}

func (s *Server) questionsPage(w http.ResponseWriter, r *http.Request) {
	u, ok := s.publicUnit(w, r)
	if !ok {
		return
	}
	qa, err := s.app.PublicQuestions(r.Context(), u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "questions.html", map[string]any{"Title": u.Name + " · 政民互动", "Unit": u, "QA": qa})
}

func (s *Server) questionForm(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	s.questionFormView(w, r, http.StatusOK, nil, app.QuestionInput{AllowPublic: true, Domain: q.Get("domain"), EntryKey: q.Get("entry")})
}

func (s *Server) questionFormView(w http.ResponseWriter, r *http.Request, status int, ferr error, in app.QuestionInput) {
	u, ok := s.publicUnit(w, r)
	if !ok {
		return
	}
	days, err := s.app.QuestionDueDays(r.Context(), u.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := map[string]any{"Title": "我要留言 · " + u.Name, "Unit": u, "In": in, "Days": days}
	if ferr != nil {
		d["Error"] = ferr
	}
	s.render(w, r, status, "question_new.html", d)
}

func (s *Server) questionSubmit(w http.ResponseWriter, r *http.Request) {
	u, ok := s.publicUnit(w, r)
	if !ok {
		return
	}
	f := r.PostForm
	in := app.QuestionInput{Title: f.Get("title"), Text: f.Get("text"), Name: f.Get("name"), Contact: f.Get("contact"),
		AllowPublic: f.Get("allow_public") == "1", Domain: f.Get("domain"), EntryKey: f.Get("entry")}
	token, _, err := s.app.Ask(r.Context(), u, in, s.clientIP(r))
	switch {
	case err == nil:
		http.Redirect(w, r, "/questions/status/"+url.PathEscape(token)+"?"+flashQuery("asked"), http.StatusSeeOther)
	case errors.Is(err, participation.ErrTooOften):
		s.tooOften(w, r)
	case errs.Is(err, errs.Invalid):
		s.questionFormView(w, r, http.StatusUnprocessableEntity, err, in)
	default:
		s.fail(w, r, err)
	}
}

func (s *Server) questionStatus(w http.ResponseWriter, r *http.Request) {
	st, err := s.app.StatusOf(r.Context(), r.PathValue("token"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// The address is the asker's key: keep it out of caches and referrers.
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	s.render(w, r, http.StatusOK, "question_status.html", map[string]any{"Title": "留言办理情况", "S": st, "Token": r.PathValue("token")})
}

func (s *Server) questionRate(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	v, _ := strconv.Atoi(r.PostFormValue("value"))
	code := "question-rated"
	switch err := s.app.RateAnswer(r.Context(), token, v); {
	case err == nil:
	case errs.Is(err, errs.Invalid):
		code = "rating-value"
	case errs.Is(err, errs.Conflict):
		code = "question-rate-conflict"
	default:
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/questions/status/"+url.PathEscape(token)+"?"+flashQuery(code), http.StatusSeeOther)
}

// Staff pages.

func (s *Server) participationAdmin(w http.ResponseWriter, r *http.Request) {
	ctx, p, o := r.Context(), principalOf(r), orgOf(r)
	d, err := s.adminData(r, "participation", o.Name+" · 公众参与")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	state := participation.QuestionState(r.URL.Query().Get("state"))
	if !state.Valid() {
		state = ""
	}
	qs, err := s.app.QuestionList(ctx, p, o, state)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	st, err := s.app.QuestionStatsOf(ctx, p, o)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cs, err := s.app.StaffConsultations(ctx, p, o)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d["Questions"], d["Stats"], d["Consultations"], d["State"], d["States"] = qs, st, cs, state, participation.QuestionStates()
	if o.Kind == org.KindUnit {
		if d["DueDays"], err = s.app.QuestionDueDays(ctx, o.ID); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.render(w, r, http.StatusOK, "admin_participation.html", d)
}

// questionDueDays sets the unit's answer period in working days.
func (s *Server) questionDueDays(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("days")))
	if err != nil {
		n = 0 // refused below with the field named
	}
	if err := s.app.SetQuestionDueDays(r.Context(), principalOf(r), orgOf(r), n); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/orgs/"+orgOf(r).Code+"/participation?"+flashQuery("saved"), http.StatusSeeOther)
}

func (s *Server) consultationAdmin(w http.ResponseWriter, r *http.Request) {
	s.consultationAdminView(w, r, http.StatusOK, nil)
}

func (s *Server) consultationAdminView(w http.ResponseWriter, r *http.Request, status int, ferr error) {
	id, ok := s.pathID(w, r)
	if !ok {
		return
	}
	pg, err := s.app.ConsultationAdminPage(r.Context(), principalOf(r), id)
	if err != nil || !app.RecordUnder(orgOf(r), pg.Record) {
		s.fail(w, r, errs.E(errs.NotFound, "征求意见不存在"))
		return
	}
	d, err := s.adminData(r, "participation", pg.Record.Title)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	items := append([]participation.FeedbackItem(nil), pg.Feedback.Items...)
	for len(items) < len(pg.Feedback.Items)+3 {
		items = append(items, participation.FeedbackItem{})
	}
	d["C"], d["Reasons"], d["Adoptions"], d["Items"] = pg, participation.RejectReasons(), participation.Adoptions(), items
	if ferr != nil {
		d["Error"] = ferr
	}
	s.render(w, r, status, "admin_consultation.html", d)
}

func (s *Server) commentModerate(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathID(w, r)
	if !ok {
		return
	}
	cid, err := idParam(r, "cid")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	back := "/admin/orgs/" + orgOf(r).Code + "/consultations/" + strconv.FormatInt(id, 10)
	if issue, ok := r.PostForm["issue_only"]; ok && len(issue) > 0 {
		if err := s.app.GroupComment(r.Context(), principalOf(r), id, cid, r.PostFormValue("issue")); err != nil {
			s.failOn(w, r, err, func() { s.consultationAdminView(w, r, http.StatusUnprocessableEntity, err) })
			return
		}
		http.Redirect(w, r, back+"?"+flashQuery("saved")+"#c"+strconv.FormatInt(cid, 10), http.StatusSeeOther)
		return
	}
	m := participation.Moderation{Publish: r.PostFormValue("decision") == "publish", Reason: participation.RejectReason(r.PostFormValue("reason")), Issue: r.PostFormValue("issue")}
	if _, err := s.app.ModerateComment(r.Context(), principalOf(r), id, cid, m); err != nil {
		s.failOn(w, r, err, func() { s.consultationAdminView(w, r, http.StatusUnprocessableEntity, err) })
		return
	}
	http.Redirect(w, r, back+"?"+flashQuery("saved"), http.StatusSeeOther)
}

// failOn re-renders the form for bad input and fails otherwise.
func (s *Server) failOn(w http.ResponseWriter, r *http.Request, err error, form func()) {
	if errs.Is(err, errs.Invalid) {
		form()
		return
	}
	s.fail(w, r, err)
}

// feedbackFromForm reads the feedback rows issue_N, adoption_N, reason_N.
func feedbackFromForm(r *http.Request) participation.Feedback {
	f := participation.Feedback{Summary: r.PostFormValue("summary")}
	for i := 1; i <= 200; i++ {
		n := strconv.Itoa(i)
		issue, ok := r.PostForm["issue_"+n]
		if !ok {
			break
		}
		it := participation.FeedbackItem{Issue: strings.TrimSpace(issue[0]), Adoption: participation.Adoption(r.PostFormValue("adoption_" + n)), Reason: r.PostFormValue("reason_" + n)}
		if it.Issue == "" && strings.TrimSpace(it.Reason) == "" {
			continue // an empty spare row
		}
		f.Items = append(f.Items, it)
	}
	return f
}

func (s *Server) feedbackSubmit(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathID(w, r)
	if !ok {
		return
	}
	publish := r.PostFormValue("publish") == "1"
	f := feedbackFromForm(r)
	if publish && len(f.Items) == 0 {
		f.Items = nil
	}
	if _, err := s.app.SaveFeedback(r.Context(), principalOf(r), id, f, publish); err != nil {
		s.failOn(w, r, err, func() { s.consultationAdminView(w, r, http.StatusUnprocessableEntity, err) })
		return
	}
	http.Redirect(w, r, "/admin/orgs/"+orgOf(r).Code+"/consultations/"+strconv.FormatInt(id, 10)+"?"+flashQuery("saved")+"#feedback", http.StatusSeeOther)
}

func (s *Server) questionAdmin(w http.ResponseWriter, r *http.Request) {
	s.questionAdminView(w, r, http.StatusOK, nil)
}

func (s *Server) questionAdminView(w http.ResponseWriter, r *http.Request, status int, ferr error) {
	id, ok := s.pathID(w, r)
	if !ok {
		return
	}
	q, err := s.app.Question(r.Context(), principalOf(r), id)
	if err != nil || (q.Unit.ID != orgOf(r).ID && q.Question.UnitID != orgOf(r).ID) {
		s.fail(w, r, errs.E(errs.NotFound, "留言不存在"))
		return
	}
	d, err := s.adminData(r, "participation", q.Question.Title)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	staff, err := s.app.UnitStaff(r.Context(), principalOf(r), q.Unit)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d["Q"], d["Staff"] = q, staff
	if ferr != nil {
		d["Error"] = ferr
	}
	s.render(w, r, status, "admin_question.html", d)
}

func questionActFrom(action string, get func(string) string) participation.QAct {
	to, _ := strconv.ParseInt(get("assign_to"), 10, 64)
	kind := participation.QuestionAction(action)
	if action == "answer" {
		kind = participation.QDraft
	}
	return participation.QAct{Kind: kind, AssignTo: to, AnswerHTML: get("answer_html"), Opinion: get("opinion"), Reason: get("reason")}
}

func (s *Server) questionAct(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathID(w, r)
	if !ok {
		return
	}
	q, err := s.app.Question(r.Context(), principalOf(r), id)
	if err != nil || (q.Unit.ID != orgOf(r).ID && q.Question.UnitID != orgOf(r).ID) {
		s.fail(w, r, errs.E(errs.NotFound, "留言不存在"))
		return
	}
	if _, err := s.app.ActOnQuestion(r.Context(), principalOf(r), id, questionActFrom(r.PostFormValue("action"), r.PostFormValue)); err != nil {
		s.failOn(w, r, err, func() { s.questionAdminView(w, r, http.StatusUnprocessableEntity, err) })
		return
	}
	http.Redirect(w, r, "/admin/orgs/"+orgOf(r).Code+"/questions/"+strconv.FormatInt(id, 10)+"?"+flashQuery("saved"), http.StatusSeeOther)
}

// The JSON API.

type apiComment struct {
	ID          int64  `json:"id"`
	State       string `json:"state"`
	Received    string `json:"received"`
	Text        string `json:"text"`
	Name        string `json:"name,omitempty"`
	Contact     string `json:"contact"`
	Reason      string `json:"reason,omitempty"`
	Issue       string `json:"issue,omitempty"`
	PIIFindings int    `json:"pii_findings"`
}

func toAPIComment(c participation.Comment) apiComment {
	return apiComment{ID: c.ID, State: string(c.State), Received: c.ReceivedAt.UTC().Format("2006-01-02T15:04:05Z"), Text: c.Text, Name: c.Name,
		Contact: c.Contact, Reason: string(c.RejectReason), Issue: c.Issue, PIIFindings: c.PIIFindings}
}

func (s *Server) apiComments(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathID(w, r)
	if !ok {
		return
	}
	cs, err := s.app.ConsultationComments(r.Context(), principalOf(r), id, participation.CommentState(r.URL.Query().Get("state")))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := make([]apiComment, len(cs))
	for i, c := range cs {
		out[i] = toAPIComment(c)
	}
	writeJSON(w, http.StatusOK, map[string]any{"comments": out})
}

func (s *Server) apiCommentModerate(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathID(w, r)
	if !ok {
		return
	}
	cid, err := idParam(r, "cid")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in struct {
		Decision string `json:"decision"`
		Reason   string `json:"reason"`
		Issue    string `json:"issue"`
	}
	if err := decodeJSON(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	if in.Decision != "publish" && in.Decision != "reject" {
		s.fail(w, r, errs.Fields("请求有误", errs.FieldError{Field: "decision", Label: "处理决定", Message: "应为 publish 或 reject"}))
		return
	}
	c, err := s.app.ModerateComment(r.Context(), principalOf(r), id, cid, participation.Moderation{Publish: in.Decision == "publish", Reason: participation.RejectReason(in.Reason), Issue: in.Issue})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toAPIComment(c))
}

func (s *Server) apiFeedback(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathID(w, r)
	if !ok {
		return
	}
	var in struct {
		Summary string                       `json:"summary"`
		Items   []participation.FeedbackItem `json:"items"`
		Publish bool                         `json:"publish"`
	}
	if err := decodeJSON(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	f, err := s.app.SaveFeedback(r.Context(), principalOf(r), id, participation.Feedback{Summary: in.Summary, Items: in.Items}, in.Publish)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"summary": f.Summary, "items": f.Items, "published": f.Published(), "adopted": f.AdoptedCount()})
}

type apiQuestion struct {
	ID            int64  `json:"id"`
	TrackingNo    string `json:"tracking_no"`
	Unit          string `json:"unit"`
	State         string `json:"state"`
	Received      string `json:"received"`
	Due           string `json:"due"`
	Overdue       bool   `json:"overdue"`
	Title         string `json:"title"`
	Text          string `json:"text,omitempty"`
	Name          string `json:"name,omitempty"`
	Contact       string `json:"contact,omitempty"`
	AllowPublic   bool   `json:"allow_public"`
	PrivateReason string `json:"private_reason,omitempty"`
	Extended      bool   `json:"extended"`
	ExtendReason  string `json:"extend_reason,omitempty"`
	AnswerHTML    string `json:"answer_html,omitempty"`
	Answered      string `json:"answered,omitempty"`
	Rating        int    `json:"rating,omitempty"`
}

func toAPIQuestion(q participation.Question, unit string, overdue, full bool) apiQuestion {
	out := apiQuestion{ID: q.ID, TrackingNo: q.TrackingNo, Unit: unit, State: string(q.State), Received: q.ReceivedAt.UTC().Format("2006-01-02T15:04:05Z"),
		Due: q.Due.String(), Overdue: overdue, Title: q.Title, AllowPublic: q.AllowPublic, PrivateReason: q.PrivateReason, Extended: q.Extended,
		ExtendReason: q.ExtendReason, Rating: q.Rating}
	if !q.AnsweredAt.IsZero() {
		out.Answered = q.AnsweredAt.UTC().Format("2006-01-02T15:04:05Z")
	}
	if full {
		out.Text, out.Name, out.Contact, out.AnswerHTML = q.Text, q.Name, q.Contact, q.AnswerHTML
	}
	return out
}

// apiScope resolves ?unit= to an organisation the caller may see; without it, the caller's
// home organisation.
func (s *Server) apiScope(r *http.Request) (org.Org, error) {
	p := principalOf(r)
	code := r.URL.Query().Get("unit")
	if code == "" {
		g, ok := p.Home()
		if !ok {
			return org.Org{}, errs.E(errs.Forbidden, "没有可查看的单位")
		}
		return s.app.Org(r.Context(), g.OrgID)
	}
	o, err := s.app.OrgByCode(r.Context(), code)
	if err != nil {
		return o, errs.Fields("请求有误", errs.FieldError{Field: "unit", Label: "单位", Message: "不存在"})
	}
	return o, nil
}

func (s *Server) apiQuestions(w http.ResponseWriter, r *http.Request) {
	o, err := s.apiScope(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rows, err := s.app.QuestionList(r.Context(), principalOf(r), o, participation.QuestionState(r.URL.Query().Get("state")))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := make([]apiQuestion, len(rows))
	for i, q := range rows {
		out[i] = toAPIQuestion(q.Question, q.UnitCode, q.Overdue, false)
	}
	writeJSON(w, http.StatusOK, map[string]any{"questions": out})
}

func (s *Server) apiQuestionStats(w http.ResponseWriter, r *http.Request) {
	o, err := s.apiScope(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	st, err := s.app.QuestionStatsOf(r.Context(), principalOf(r), o)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"unit": o.Code, "received": st.Received, "answered": st.Answered, "open": st.Open,
		"overdue": st.Overdue, "median_working_days": st.MedianWorkingDays, "unanswered_over_3_months": st.Stale})
}

func (s *Server) apiQuestion(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathID(w, r)
	if !ok {
		return
	}
	q, err := s.app.Question(r.Context(), principalOf(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toAPIQuestion(q.Question, q.Unit.Code, q.Overdue, true))
}

// apiQuestionAct answers POST /api/v1/questions/{id}/{action}: answer (the draft answer,
// then the approval step), assign, approve, return, extend, keep-private.
func (s *Server) apiQuestionAct(action string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.apiQuestionDo(w, r, strings.ReplaceAll(action, "-", "_"))
	}
}

func (s *Server) apiQuestionDo(w http.ResponseWriter, r *http.Request, action string) {
	id, ok := s.pathID(w, r)
	if !ok {
		return
	}
	var in struct {
		AssignTo   int64  `json:"assign_to"`
		AnswerHTML string `json:"answer_html"`
		Opinion    string `json:"opinion"`
		Reason     string `json:"reason"`
	}
	if err := decodeJSON(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	vals := map[string]string{"assign_to": strconv.FormatInt(in.AssignTo, 10), "answer_html": in.AnswerHTML, "opinion": in.Opinion, "reason": in.Reason}
	q, err := s.app.ActOnQuestion(r.Context(), principalOf(r), id, questionActFrom(action, func(k string) string { return vals[k] }))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u, err := s.app.Org(r.Context(), q.UnitID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toAPIQuestion(q, u.Code, false, true))
}
