package app

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"gongkai/internal/audit"
	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/catalog"
	"gongkai/internal/errs"
	"gongkai/internal/notify"
	"gongkai/internal/org"
	"gongkai/internal/participation"
	"gongkai/internal/pii"
	"gongkai/internal/record"
	"gongkai/internal/sanitize"
)

// Consultations (决策预公开): a consultation is a record of kind 征求意见稿 published through the
// normal procedure; its comments, their moderation and the feedback live beside it.

// checkConsultationLink checks the consultation a record names (a decision's 所依据的征求意见):
// a consultation of the same unit, published at some point. Another unit's ID answers as an
// ID that does not exist.
func (a *App) checkConsultationLink(ctx context.Context, r record.Record) error {
	if r.ConsultationID == 0 {
		return nil
	}
	bad := func(msg string, args ...any) error {
		return errs.Fields("信息填写有误", errs.FieldError{Field: record.FieldConsultation, Label: record.FieldLabel(record.FieldConsultation),
			Message: fmt.Sprintf(msg, args...)})
	}
	if r.Kind == record.KindConsultation {
		return bad("征求意见稿不能再关联征求意见")
	}
	row, err := a.store.RecordRowByID(ctx, r.ConsultationID)
	switch {
	case errs.Is(err, errs.NotFound) || err == nil && row.UnitID != r.UnitID:
		return bad("本单位没有编号为%d的信息", r.ConsultationID)
	case err != nil:
		return err
	case row.Kind != record.KindConsultation:
		return bad("编号%d的信息“%s”是%s，不是征求意见稿", row.ID, row.Title, row.Kind.Label())
	case row.PublicRevision == 0:
		return bad("编号%d的征求意见稿尚未发布", row.ID)
	}
	return nil
}

// loadConsultationFeedback fills in whether the feedback of the consultation r names is
// published: record.Decide refuses the approval of a decision before it is.
func (a *App) loadConsultationFeedback(ctx context.Context, r *record.Record) error {
	if r.ConsultationID == 0 {
		return nil
	}
	f, err := a.store.Feedback(ctx, r.ConsultationID)
	if errs.Is(err, errs.NotFound) {
		r.ConsultationFeedbackPublished = false
		return nil
	}
	r.ConsultationFeedbackPublished = err == nil && f.Published()
	return err
}

// today is the current day in China.
func (a *App) today() calendar.Date { return calendar.DateOf(a.Now()) }

// ConsultationSummary is one line of the list of a unit's consultations.
type ConsultationSummary struct {
	Row        record.Row
	Until      calendar.Date
	DaysLeft   int
	Open       bool
	PeriodDays int
	Counts     participation.Counts
}

// PublishedComment is a comment as the public sees it: the masked text, its issue and day.
type PublishedComment struct {
	ID         int64
	Text       string
	Issue      string
	ReceivedOn calendar.Date
}

// ChainLink is one step of a consultation's public chain.
type ChainLink struct {
	Label string // 征求意见稿, 公众意见, 意见采纳情况, 决策文件, 政策解读, 结果公开
	Title string
	URL   string // empty when the step is on the consultation page itself or not yet there
	Date  calendar.Date
	Done  bool
}

// ConsultationPage is what the public page of a consultation shows.
type ConsultationPage struct {
	Unit       org.Org
	Record     record.Record
	Today      calendar.Date
	DaysLeft   int
	Open       bool
	Opened     calendar.Date
	PeriodDays int
	Counts     participation.Counts
	Comments   []PublishedComment
	Feedback   *participation.Feedback // nil until published
	Chain      []ChainLink
}

func (a *App) summary(ctx context.Context, row record.Row, c record.Consultation) (ConsultationSummary, error) {
	today := a.today()
	s := ConsultationSummary{Row: row, Until: c.CommentsUntil, DaysLeft: c.DaysLeft(today), Open: c.Open(today),
		PeriodDays: c.PeriodDays(calendar.DateOf(row.PublishedAt))}
	var err error
	s.Counts, err = a.store.CommentCounts(ctx, row.ID)
	return s, err
}

// PublicConsultations lists a unit's published consultations, open ones first.
func (a *App) PublicConsultations(ctx context.Context, u org.Org) (open, closed []ConsultationSummary, err error) {
	ids, err := a.store.Consultations(ctx, u.ID, true)
	if err != nil {
		return nil, nil, err
	}
	for _, id := range ids {
		rec, row, err := a.PublicRecord(ctx, id)
		if err != nil || rec.State != record.StatePublished {
			continue
		}
		s, err := a.summary(ctx, row, rec.Consultation)
		if err != nil {
			return nil, nil, err
		}
		if s.Open {
			open = append(open, s)
		} else {
			closed = append(closed, s)
		}
	}
	return open, closed, nil
}

// publicConsultation loads a published consultation of unit u; anything else is NotFound.
func (a *App) publicConsultation(ctx context.Context, u org.Org, id int64) (record.Record, record.Row, error) {
	rec, row, err := a.PublicRecord(ctx, id)
	if err == nil && (rec.State != record.StatePublished || row.Kind != record.KindConsultation || row.UnitID != u.ID) {
		err = errs.E(errs.NotFound, "征求意见不存在或尚未发布")
	}
	return rec, row, err
}

// PublicConsultation is the public page of a consultation: the draft, the period and its
// countdown, the published comments (masked), the counts, the feedback once published and
// the chain to the decision that followed.
func (a *App) PublicConsultation(ctx context.Context, u org.Org, id int64) (ConsultationPage, error) {
	rec, row, err := a.publicConsultation(ctx, u, id)
	if err != nil {
		return ConsultationPage{}, err
	}
	today := a.today()
	pg := ConsultationPage{Unit: u, Record: rec, Today: today, DaysLeft: rec.Consultation.DaysLeft(today), Open: rec.Consultation.Open(today),
		Opened: calendar.DateOf(row.PublishedAt), PeriodDays: rec.Consultation.PeriodDays(calendar.DateOf(row.PublishedAt))}
	if pg.Counts, err = a.store.CommentCounts(ctx, id); err != nil {
		return pg, err
	}
	cs, err := a.store.Comments(ctx, id, participation.CommentPublished)
	if err != nil {
		return pg, err
	}
	for _, c := range cs {
		pg.Comments = append(pg.Comments, PublishedComment{ID: c.ID, Text: c.PublicText(), Issue: c.Issue, ReceivedOn: calendar.DateOf(c.ReceivedAt)})
	}
	if f, err := a.store.Feedback(ctx, id); err == nil && f.Published() {
		pg.Feedback = &f
		pg.Counts.Adopted = f.AdoptedCount()
	} else if err != nil && !errs.Is(err, errs.NotFound) {
		return pg, err
	}
	pg.Chain, err = a.chain(ctx, u, rec, row, pg)
	return pg, err
}

// chain is draft → comments → feedback → decision → interpretation → results, each with
// its date and, where it has its own page, its link. Only published records appear.
func (a *App) chain(ctx context.Context, u org.Org, rec record.Record, row record.Row, pg ConsultationPage) ([]ChainLink, error) {
	link := func(r record.Row) string { return "/" + u.Code + "/records/" + strconv.FormatInt(r.ID, 10) }
	out := []ChainLink{
		{Label: "征求意见稿", Title: rec.Title, Date: calendar.DateOf(row.PublishedAt), Done: true},
		{Label: "公众意见", Title: fmt.Sprintf("收到%d条，公开%d条", pg.Counts.Received, pg.Counts.Published), URL: "#comments",
			Date: rec.Consultation.CommentsUntil, Done: !pg.Open},
	}
	fb := ChainLink{Label: "意见采纳情况", Title: "尚未公布"}
	if pg.Feedback != nil {
		fb = ChainLink{Label: "意见采纳情况", Title: fmt.Sprintf("%d条意见中采纳或部分采纳%d条", len(pg.Feedback.Items), pg.Feedback.AdoptedCount()),
			URL: "#feedback", Date: calendar.DateOf(pg.Feedback.PublishedAt), Done: true}
	}
	out = append(out, fb)
	ids, err := a.store.FollowingRecords(ctx, u.ID, row.ID)
	if err != nil {
		return out, err
	}
	var decisions, results []record.Row
	for _, id := range ids {
		r, err := a.store.RecordRowByID(ctx, id)
		if err != nil || r.State != record.StatePublished {
			continue
		}
		if r.Kind == record.KindResult {
			results = append(results, r)
		} else {
			decisions = append(decisions, r)
		}
	}
	if len(decisions) == 0 {
		out = append(out, ChainLink{Label: "决策文件", Title: "尚未发布"})
	}
	for _, d := range decisions {
		out = append(out, ChainLink{Label: "决策文件", Title: d.Title, URL: link(d), Date: calendar.DateOf(d.PublishedAt), Done: true})
		ins, err := a.store.Interpretations(ctx, d.ID)
		if err != nil {
			return out, err
		}
		for _, in := range ins {
			out = append(out, ChainLink{Label: "政策解读", Title: in.Title, URL: link(in), Date: calendar.DateOf(in.PublishedAt), Done: true})
		}
	}
	for _, r := range results {
		out = append(out, ChainLink{Label: "结果公开与评估", Title: r.Title, URL: link(r), Date: calendar.DateOf(r.PublishedAt), Done: true})
	}
	return out, nil
}

// CommentInput is a comment as the public sends it.
type CommentInput struct {
	Text, Name, Contact string
	Consent             bool
}

// AddComment takes a comment on an open consultation from anyone: limited per client
// address, checked by the personal-information guard (findings are kept for the moderator,
// the text is masked if published) and put in the moderation queue.
func (a *App) AddComment(ctx context.Context, u org.Org, id int64, in CommentInput, clientAddr string) error {
	rec, _, err := a.publicConsultation(ctx, u, id)
	if err != nil {
		return err
	}
	if !rec.Consultation.Open(a.today()) {
		return errs.E(errs.Conflict, "征求意见已于%s截止，不再接收意见", rec.Consultation.CommentsUntil)
	}
	c := participation.Comment{RecordID: id, UnitID: u.ID, Text: in.Text, Name: in.Name, Contact: in.Contact, Consent: in.Consent}
	c.Normalize()
	if err := c.Validate(); err != nil {
		return err
	}
	c.PIIFindings = len(pii.Find(c.Text))
	if c.Client, err = a.ClientKey(ctx, clientAddr); err != nil {
		return err
	}
	if c, err = a.store.AddComment(ctx, c, participation.DefaultLimits); err != nil {
		return err
	}
	// One notice a day per consultation: the queue, not each comment, is what to look at.
	a.notify(ctx, notify.Notification{Recipient: notify.ToRole(rec.IssuerID(), org.RoleEditor), Kind: participation.NoticeComment,
		Subject: "consultation:" + strconv.FormatInt(id, 10) + ":" + a.today().String(), Text: fmt.Sprintf("征求意见“%s”收到新的公众意见，请审核", rec.Title),
		Link: "/admin/orgs/" + a.orgCode(ctx, rec.IssuerID()) + "/consultations/" + strconv.FormatInt(id, 10)})
	return nil
}

// staffConsultation loads a consultation for a person who may see its unit or its issuing
// body, and returns the issuing body: roles held there (or above it) moderate and answer.
func (a *App) staffConsultation(ctx context.Context, p *Principal, id int64) (record.Record, org.Org, error) {
	r, u, err := a.StaffRecord(ctx, p, id)
	if err == nil && r.Kind != record.KindConsultation {
		err = errs.E(errs.NotFound, "征求意见不存在")
	}
	if err != nil {
		return r, u, err
	}
	issuer, err := a.issuerOf(ctx, r, u)
	return r, issuer, err
}

// ConsultationComments lists a consultation's comments for staff, in one state or all.
func (a *App) ConsultationComments(ctx context.Context, p *Principal, id int64, state participation.CommentState) ([]participation.Comment, error) {
	if _, _, err := a.staffConsultation(ctx, p, id); err != nil {
		return nil, err
	}
	if state != "" && state.Label() == string(state) {
		return nil, errs.Fields("状态有误", errs.FieldError{Field: "state", Label: "状态", Message: "应为 pending、published 或 rejected"})
	}
	return a.store.Comments(ctx, id, state)
}

// moderators are the unit roles that moderate comments: the writers and the confidentiality
// reviewer (who knows the personal-information rules).
var moderators = []org.Role{org.RoleEditor, org.RoleUnitAdmin, org.RoleReviewer}

func hasUnitRole(p *Principal, u org.Org, roles ...org.Role) bool {
	for _, r := range roles {
		if org.HasRoleAt(p.Person.Grants, r, u) {
			return true
		}
	}
	return false
}

// ModerateComment publishes or rejects a pending comment of a consultation.
func (a *App) ModerateComment(ctx context.Context, p *Principal, id, cid int64, m participation.Moderation) (participation.Comment, error) {
	_, u, err := a.staffConsultation(ctx, p, id)
	if err != nil {
		return participation.Comment{}, err
	}
	if !hasUnitRole(p, u, moderators...) {
		return participation.Comment{}, errs.E(errs.Forbidden, "只有本单位的经办人、保密审查员或单位管理员可以审核意见")
	}
	c, err := a.store.Comment(ctx, cid)
	if err != nil || c.RecordID != id {
		return c, errs.E(errs.NotFound, "意见不存在")
	}
	n, err := participation.Moderate(c, m, p.Person.ID, a.Now())
	if err != nil {
		return c, err
	}
	return n, a.store.ModerateComment(ctx, p.Actor(), n)
}

// GroupComment puts a comment under an issue (议题) for the feedback.
func (a *App) GroupComment(ctx context.Context, p *Principal, id, cid int64, issue string) error {
	_, u, err := a.staffConsultation(ctx, p, id)
	if err != nil {
		return err
	}
	if !hasUnitRole(p, u, moderators...) {
		return errs.E(errs.Forbidden, "只有本单位的经办人、保密审查员或单位管理员可以归类意见")
	}
	c, err := a.store.Comment(ctx, cid)
	if err != nil || c.RecordID != id {
		return errs.E(errs.NotFound, "意见不存在")
	}
	issue = strings.TrimSpace(issue)
	if n := len([]rune(issue)); n > participation.MaxIssueLen {
		return errs.Fields("议题有误", errs.FieldError{Field: "issue", Label: "议题", Message: fmt.Sprintf("不能超过%d字", participation.MaxIssueLen)})
	}
	c.Issue = issue
	return a.store.GroupComment(ctx, p.Actor(), c)
}

// ConsultationAdmin is the staff page of a consultation's participation.
type ConsultationAdmin struct {
	Record             record.Record
	Unit               org.Org
	Open               bool
	DaysLeft           int
	Counts             participation.Counts
	Comments           []participation.Comment
	Issues             map[string][]participation.Comment
	Feedback           participation.Feedback
	CanWrite           bool // may moderate and write the feedback
	CanPublishFeedback bool
}

// ConsultationAdminPage reads everything the staff page needs.
func (a *App) ConsultationAdminPage(ctx context.Context, p *Principal, id int64) (ConsultationAdmin, error) {
	r, u, err := a.staffConsultation(ctx, p, id)
	if err != nil {
		return ConsultationAdmin{}, err
	}
	today := a.today()
	pg := ConsultationAdmin{Record: r, Unit: u, Open: r.Consultation.Open(today), DaysLeft: r.Consultation.DaysLeft(today), Issues: map[string][]participation.Comment{}}
	if pg.Counts, err = a.store.CommentCounts(ctx, id); err != nil {
		return pg, err
	}
	if pg.Comments, err = a.store.Comments(ctx, id, ""); err != nil {
		return pg, err
	}
	for _, c := range pg.Comments {
		if c.Issue != "" {
			pg.Issues[c.Issue] = append(pg.Issues[c.Issue], c)
		}
	}
	if pg.Feedback, err = a.store.Feedback(ctx, id); errs.Is(err, errs.NotFound) {
		err = nil
	}
	pg.CanWrite = hasUnitRole(p, u, moderators...)
	pg.CanPublishFeedback = hasUnitRole(p, u, org.RoleApprover, org.RoleUnitAdmin) && r.State == record.StatePublished && !pg.Open && !pg.Feedback.Published()
	return pg, err
}

// SaveFeedback writes the feedback of a consultation whose period has ended, and publishes
// it when publish is set: writers draft it; the approver or the unit administrator publish
// it (the decision's approval waits for that).
func (a *App) SaveFeedback(ctx context.Context, p *Principal, id int64, f participation.Feedback, publish bool) (participation.Feedback, error) {
	r, u, err := a.staffConsultation(ctx, p, id)
	if err != nil {
		return f, err
	}
	if publish {
		if !hasUnitRole(p, u, org.RoleApprover, org.RoleUnitAdmin) {
			return f, errs.E(errs.Forbidden, "只有本单位的审核签发人或单位管理员可以公布意见采纳情况")
		}
	} else if !hasUnitRole(p, u, org.RoleEditor, org.RoleUnitAdmin) {
		return f, errs.E(errs.Forbidden, "只有本单位的经办人或单位管理员可以填写意见采纳情况")
	}
	if r.State != record.StatePublished && r.PublicRevision == 0 {
		return f, errs.E(errs.Conflict, "征求意见稿尚未发布，不能填写意见采纳情况")
	}
	old, err := a.store.Feedback(ctx, id)
	if err != nil && !errs.Is(err, errs.NotFound) {
		return f, err
	}
	if err := participation.CanWriteFeedback(r.Consultation.Open(a.today()), old.Published()); err != nil {
		return f, err
	}
	f.RecordID = id
	if publish && f.Items == nil {
		f.Items, f.Summary = old.Items, old.Summary // publish the saved draft as it is
	}
	f.Summary = strings.TrimSpace(f.Summary)
	for i := range f.Items {
		f.Items[i].Issue, f.Items[i].Reason = strings.TrimSpace(f.Items[i].Issue), strings.TrimSpace(f.Items[i].Reason)
	}
	if err := f.Validate(); err != nil {
		return f, err
	}
	f.UpdatedBy = p.Person.ID
	if publish {
		f.PublishedAt, f.PublishedBy = a.Now().UTC(), p.Person.ID
	}
	return f, a.store.SaveFeedback(ctx, p.Actor(), u.ID, f)
}

// Public questions (留言/咨询).

// QuestionDueDays is a unit's answer period in working days (default 5).
func (a *App) QuestionDueDays(ctx context.Context, unitID int64) (int, error) {
	v, err := a.store.Setting(ctx, fmt.Sprintf("unit.%d.question_due_days", unitID))
	if err != nil || v == "" {
		return participation.DefaultDueDays, err
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return participation.DefaultDueDays, nil
	}
	return n, nil
}

// SetQuestionDueDays sets a unit's answer period (1 to 60 working days).
func (a *App) SetQuestionDueDays(ctx context.Context, p *Principal, u org.Org, n int) error {
	if err := p.Authorize(org.PermManageOrgs, u); err != nil {
		return err
	}
	if u.Kind != org.KindUnit {
		return errs.E(errs.NotFound, "试点单位不存在")
	}
	if n < 1 || n > 60 {
		return errs.Fields("答复期限有误", errs.FieldError{Field: "days", Label: "答复期限", Message: "应为1至60个工作日"})
	}
	return a.store.SetOrgSetting(ctx, p.Actor(), u.ID, fmt.Sprintf("unit.%d.question_due_days", u.ID), strconv.Itoa(n), "question.due_days", nil)
}

// QuestionInput is a question as the public sends it.
type QuestionInput struct {
	Title, Text, Name, Contact string
	AllowPublic                bool
	Domain, EntryKey           string // optional: the catalog entry asked about
}

// Ask takes a question to a unit from anyone, limited per client address, and returns the
// asker's private status token (shown once, stored only as a hash) with the question. The
// due day is the unit's answer period in working days after the day of receipt. A question
// about a catalog entry must name an entry of the unit's effective catalog; it is answered by
// the unit (the entry's responsible body, once the catalog records one, is where it goes).
func (a *App) Ask(ctx context.Context, u org.Org, in QuestionInput, clientAddr string) (string, participation.Question, error) {
	if u.Kind != org.KindUnit {
		return "", participation.Question{}, errs.E(errs.NotFound, "试点单位不存在")
	}
	q := participation.Question{UnitID: u.ID, Title: in.Title, Text: in.Text, Name: in.Name, Contact: in.Contact, AllowPublic: in.AllowPublic}
	q.Normalize()
	if err := q.Validate(); err != nil {
		return "", q, err
	}
	if in.Domain != "" || in.EntryKey != "" {
		e, err := a.checkEntry(ctx, u, in.Domain, in.EntryKey)
		if err != nil {
			return "", q, err
		}
		q.Domain, q.EntryKey = in.Domain, in.EntryKey
		// Routed to the entry's responsible body (公开主体) when it names one of the unit's.
		if e.ResponsibleOrgID != 0 && e.ResponsibleOrgID != u.ID {
			if b, err := a.store.Org(ctx, e.ResponsibleOrgID); err == nil && org.MayIssueFor(u, b) {
				q.BodyOrgID = b.ID
			}
		}
	}
	n, err := a.QuestionDueDays(ctx, u.ID)
	if err != nil {
		return "", q, err
	}
	cal, _, err := a.Calendar(ctx)
	if err != nil {
		return "", q, err
	}
	q.Due = cal.AddWorkingDays(a.today(), n).Date
	if q.Client, err = a.ClientKey(ctx, clientAddr); err != nil {
		return "", q, err
	}
	token := newToken()
	if q, err = a.store.AddQuestion(ctx, q, u.Code, hashToken(token), participation.DefaultLimits); err != nil {
		return "", q, err
	}
	a.notify(ctx, notify.Notification{Recipient: notify.ToRole(q.BodyID(), org.RoleEditor), Kind: participation.NoticeQuestion,
		Subject: "question:" + strconv.FormatInt(q.ID, 10), Text: fmt.Sprintf("收到新留言 %s：“%s”，请在 %s 前答复", q.TrackingNo, q.Title, q.Due),
		Link: "/admin/orgs/" + a.orgCode(ctx, q.BodyID()) + "/questions/" + strconv.FormatInt(q.ID, 10)})
	return token, q, nil
}

// notify sends a notification on behalf of the platform. The citizen's submission is already
// stored: a notice that cannot be sent is logged, never a reason to refuse it.
func (a *App) notify(ctx context.Context, n notify.Notification) {
	if _, err := a.SendNotification(ctx, audit.System("participation"), n); err != nil {
		a.Log.Warn("participation notice", "subject", n.Subject, "err", err)
	}
}

func (a *App) orgCode(ctx context.Context, id int64) string {
	if o, err := a.store.Org(ctx, id); err == nil {
		return o.Code
	}
	return ""
}

// RemindQuestions tells the answering body of every open question due within one working
// day (or overdue) once per question and kind; the scheduler calls it with the record
// publications. It returns the number of notices sent.
func (a *App) RemindQuestions(ctx context.Context) (int, error) {
	var qs []participation.Question
	for _, st := range []participation.QuestionState{participation.QuestionReceived, participation.QuestionAssigned, participation.QuestionAwaiting} {
		open, err := a.store.Questions(ctx, 0, "", st, false, 0)
		if err != nil {
			return 0, err
		}
		qs = append(qs, open...)
	}
	cal, _, err := a.Calendar(ctx)
	if err != nil {
		return 0, err
	}
	today := a.today()
	sent := 0
	for _, q := range qs {
		if q.State == participation.QuestionAnswered {
			continue
		}
		kind, text := participation.NoticeDueSoon, fmt.Sprintf("留言 %s“%s”将于 %s 到期，请及时答复", q.TrackingNo, q.Title, q.Due)
		switch {
		case q.Overdue(today):
			kind, text = participation.NoticeOverdue, fmt.Sprintf("留言 %s“%s”已超过答复期限（%s）", q.TrackingNo, q.Title, q.Due)
		case cal.WorkingDaysBetween(today, q.Due) > 1:
			continue
		}
		ok, err := a.SendNotification(ctx, audit.System("participation"), notify.Notification{Recipient: notify.ToRole(q.BodyID(), org.RoleEditor), Kind: kind,
			Subject: "question:" + strconv.FormatInt(q.ID, 10) + ":" + q.Due.String(), Text: text,
			Link: "/admin/orgs/" + a.orgCode(ctx, q.BodyID()) + "/questions/" + strconv.FormatInt(q.ID, 10)})
		if err != nil {
			return sent, err
		}
		if ok {
			sent++
		}
	}
	return sent, nil
}

func (a *App) checkEntry(ctx context.Context, u org.Org, domain, key string) (catalog.Entry, error) {
	bad := errs.Fields("留言提交有误", errs.FieldError{Field: "entry", Label: "所涉公开事项", Message: "本单位没有这一公开事项"})
	_, es, err := a.EffectiveCatalog(ctx, u, domain)
	if err != nil {
		return catalog.Entry{}, bad
	}
	for _, e := range es {
		if e.Key == key {
			return e, nil
		}
	}
	return catalog.Entry{}, bad
}

// QuestionStatus is the asker's status page.
type QuestionStatus struct {
	Question participation.Question
	Unit     org.Org
	Events   []participation.Event
	Overdue  bool
}

// StatusOf reads a question by its status token; an unknown token is NotFound.
func (a *App) StatusOf(ctx context.Context, token string) (QuestionStatus, error) {
	var st QuestionStatus
	if len(token) < 20 || len(token) > 100 {
		return st, errs.E(errs.NotFound, "留言不存在")
	}
	q, err := a.store.QuestionByToken(ctx, hashToken(token))
	if err != nil {
		return st, errs.E(errs.NotFound, "留言不存在")
	}
	st.Question, st.Overdue = q, q.Overdue(a.today())
	if st.Unit, err = a.store.Org(ctx, q.UnitID); err != nil {
		return st, err
	}
	st.Events, err = a.store.QuestionEvents(ctx, q.ID)
	return st, err
}

// RateAnswer takes the asker's rating of the answer (满意/基本满意/不满意), once.
func (a *App) RateAnswer(ctx context.Context, token string, value int) error {
	st, err := a.StatusOf(ctx, token)
	if err != nil {
		return err
	}
	n, err := participation.Rate(st.Question, value, a.Now().UTC())
	if err != nil {
		return err
	}
	return a.store.UpdateQuestion(ctx, publicActor(), n, st.Question.State, "rated", "", false)
}

// PublicQA is a published question and answer: no name, no contact.
type PublicQA struct {
	TrackingNo string
	Title      string
	Text       string // personal information masked
	AnswerHTML string
	ReceivedOn calendar.Date
	AnsweredOn calendar.Date
}

// PublicQuestions lists a unit's published Q&A, newest first.
func (a *App) PublicQuestions(ctx context.Context, u org.Org) ([]PublicQA, error) {
	qs, err := a.store.Questions(ctx, u.ID, "", "", true, 200)
	if err != nil {
		return nil, err
	}
	pol := pii.DefaultPolicy()
	out := make([]PublicQA, 0, len(qs))
	for _, q := range qs {
		if !q.Public() {
			continue
		}
		body, err := pii.MaskHTML(q.AnswerHTML, pol)
		if err != nil {
			return nil, err
		}
		out = append(out, PublicQA{TrackingNo: q.TrackingNo, Title: pii.Mask(q.Title, pol), Text: pii.Mask(q.Text, pol),
			AnswerHTML: sanitize.Body(body), ReceivedOn: calendar.DateOf(q.ReceivedAt), AnsweredOn: calendar.DateOf(q.AnsweredAt)})
	}
	return out, nil
}

// QuestionRow is a question in a staff list, with its clock.
type QuestionRow struct {
	participation.Question
	UnitCode string
	Overdue  bool
	DaysLeft int // working days to the due day (negative when overdue)
}

// QuestionList lists the questions of the units under o (state "" for all), for staff.
func (a *App) QuestionList(ctx context.Context, p *Principal, o org.Org, state participation.QuestionState) ([]QuestionRow, error) {
	if err := p.Authorize(org.PermView, o); err != nil {
		return nil, err
	}
	if state != "" && !state.Valid() {
		return nil, errs.Fields("状态有误", errs.FieldError{Field: "state", Label: "状态", Message: "应为 received、assigned、awaiting_approval 或 answered"})
	}
	qs, err := a.store.Questions(ctx, 0, o.Path, state, false, 1000)
	if err != nil {
		return nil, err
	}
	cal, _, err := a.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	codes := map[int64]string{}
	today := a.today()
	out := make([]QuestionRow, 0, len(qs))
	for _, q := range qs {
		if _, ok := codes[q.UnitID]; !ok {
			if u, err := a.store.Org(ctx, q.UnitID); err == nil {
				codes[q.UnitID] = u.Code
			}
		}
		r := QuestionRow{Question: q, UnitCode: codes[q.UnitID], Overdue: q.Overdue(today)}
		if q.State != participation.QuestionAnswered {
			r.DaysLeft = cal.WorkingDaysBetween(today, q.Due)
		}
		out = append(out, r)
	}
	return out, nil
}

// staffQuestion loads a question for a person who may see its unit or the body that answers
// it, and returns the body (the unit when the question names none).
func (a *App) staffQuestion(ctx context.Context, p *Principal, id int64) (participation.Question, org.Org, error) {
	q, err := a.store.Question(ctx, id)
	if err != nil {
		return q, org.Org{}, err
	}
	u, err := a.store.Org(ctx, q.UnitID)
	if err != nil {
		return q, u, err
	}
	body := u
	if q.BodyOrgID != 0 {
		if body, err = a.store.Org(ctx, q.BodyOrgID); err != nil {
			return q, u, err
		}
	}
	if !mayView(p, u, body) {
		return participation.Question{}, org.Org{}, errs.E(errs.NotFound, "留言不存在")
	}
	return q, body, nil
}

// QuestionDetail is the staff page of a question.
type QuestionDetail struct {
	Question participation.Question
	Unit     org.Org
	Events   []participation.Event
	Overdue  bool
}

// Question reads one question for staff.
func (a *App) Question(ctx context.Context, p *Principal, id int64) (QuestionDetail, error) {
	q, u, err := a.staffQuestion(ctx, p, id)
	if err != nil {
		return QuestionDetail{}, err
	}
	d := QuestionDetail{Question: q, Unit: u, Overdue: q.Overdue(a.today())} // Unit: the answering body
	d.Events, err = a.store.QuestionEvents(ctx, id)
	return d, err
}

// ActOnQuestion carries out one step of answering a question (participation.DecideQuestion).
// An extension adds the unit's answer period again, in working days, to the due day.
func (a *App) ActOnQuestion(ctx context.Context, p *Principal, id int64, act participation.QAct) (participation.Question, error) {
	q, u, err := a.staffQuestion(ctx, p, id)
	if err != nil {
		return q, err
	}
	pol, err := a.unitPolicy(ctx, q.UnitID)
	if err != nil {
		return q, err
	}
	act.AnswerHTML = sanitize.Body(act.AnswerHTML)
	if act.Kind == participation.QExtend {
		n, err := a.QuestionDueDays(ctx, q.UnitID)
		if err != nil {
			return q, err
		}
		cal, _, err := a.Calendar(ctx)
		if err != nil {
			return q, err
		}
		act.NewDue = cal.AddWorkingDays(q.Due, n).Date
	}
	if act.Kind == participation.QAssign && act.AssignTo != 0 {
		who, err := a.store.Person(ctx, act.AssignTo)
		if err != nil || !org.Allowed(who.Grants, org.PermView, u) {
			return q, errs.Fields("承办人有误", errs.FieldError{Field: "assign_to", Label: "承办人", Message: "本单位没有这位工作人员"})
		}
	}
	n, err := participation.DecideQuestion(q, act, participation.QActor{PersonID: p.Person.ID, Grants: p.Person.Grants, Unit: u},
		participation.QPolicy{AllowSelfApproval: pol.AllowSameReviewerApprover}, a.Now().UTC())
	if err != nil {
		return q, err
	}
	event, note := map[participation.QuestionAction]string{participation.QAssign: "assigned", participation.QDraft: "drafted",
		participation.QApprove: "answered", participation.QReturn: "returned", participation.QExtend: "extended", participation.QKeepPrivate: "kept_private"}[act.Kind], ""
	if act.Kind == participation.QExtend {
		note = n.ExtendReason
	}
	public := q.Public() != n.Public()
	return n, a.store.UpdateQuestion(ctx, p.Actor(), n, q.State, event, note, public)
}

// QuestionStatsOf computes the answer statistics of the units under o on today's date:
// the median answer time in working days and the count of questions unanswered for more
// than three months (the national website check's indicator).
func (a *App) QuestionStatsOf(ctx context.Context, p *Principal, o org.Org) (participation.Stats, error) {
	rows, err := a.QuestionList(ctx, p, o, "")
	if err != nil {
		return participation.Stats{}, err
	}
	cal, _, err := a.Calendar(ctx)
	if err != nil {
		return participation.Stats{}, err
	}
	today := a.today()
	stale := participation.StaleBefore(today)
	var st participation.Stats
	var times []int
	for _, r := range rows {
		st.Received++
		received := calendar.DateOf(r.ReceivedAt)
		if r.State == participation.QuestionAnswered {
			st.Answered++
			times = append(times, cal.WorkingDaysBetween(received, calendar.DateOf(r.AnsweredAt)))
			continue
		}
		st.Open++
		if r.Overdue {
			st.Overdue++
		}
		if received.Before(stale) {
			st.Stale++
		}
	}
	st.MedianWorkingDays = participation.Median(times)
	return st, nil
}

func newToken() string { return auth.NewSecret("") }

// hashToken is how a status token is stored.
func hashToken(t string) string { return auth.HashSecret(strings.TrimSpace(t)) }

// publicActor names a citizen's own action (a rating of an answer) in the audit log.
func publicActor() audit.Actor { return audit.Actor{Login: "public"} }

// UnitStaff lists the people of a unit (for assigning a question).
func (a *App) UnitStaff(ctx context.Context, p *Principal, u org.Org) ([]org.Person, error) {
	if err := p.Authorize(org.PermView, u); err != nil {
		return nil, err
	}
	return a.store.PeopleIn(ctx, u.Path)
}

// StaffConsultation is a consultation in the staff list, with its comment counts.
type StaffConsultation struct {
	Record   record.Record
	UnitCode string
	DaysLeft int
	Counts   participation.Counts
}

// StaffConsultations lists the consultations of the units under o, in any state.
func (a *App) StaffConsultations(ctx context.Context, p *Principal, o org.Org) ([]StaffConsultation, error) {
	if err := p.Authorize(org.PermView, o); err != nil {
		return nil, err
	}
	units := []org.Org{o}
	if o.Kind != org.KindUnit {
		all, err := a.store.Orgs(ctx)
		if err != nil {
			return nil, err
		}
		units = units[:0]
		for _, u := range all {
			if u.Kind == org.KindUnit && o.Contains(u) {
				units = append(units, u)
			}
		}
	}
	today := a.today()
	var out []StaffConsultation
	for _, u := range units {
		ids, err := a.store.Consultations(ctx, u.ID, false)
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			r, err := a.CurrentRevision(ctx, id)
			if err != nil {
				return nil, err
			}
			c := StaffConsultation{Record: r, UnitCode: u.Code, DaysLeft: r.Consultation.DaysLeft(today)}
			if c.Counts, err = a.store.CommentCounts(ctx, id); err != nil {
				return nil, err
			}
			out = append(out, c)
		}
	}
	return out, nil
}
