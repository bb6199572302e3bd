package web

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"gongkai/internal/app"
	"gongkai/internal/calendar"
	"gongkai/internal/catalog"
	"gongkai/internal/errs"
	"gongkai/internal/org"
	"gongkai/internal/record"
	"gongkai/internal/refdata"
	"gongkai/internal/sanitize"
)

// queueTabs are the work queue's tabs: each role finds its work under one of them.
var queueTabs = []struct {
	State record.State
	Label string
}{
	{record.StateDraft, "草稿"}, {record.StateInReview, "待保密审查"}, {record.StateAwaitingApproval, "待审核签发"},
	{record.StateScheduled, "定时发布"}, {record.StatePublished, "已发布"}, {record.StateWithdrawn, "已撤回"},
}

func (s *Server) recordsAdmin(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	o := orgOf(r)
	d, err := s.adminData(r, "records", o.Name+" · 公开信息")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	state := record.State(r.URL.Query().Get("state"))
	if state == "" {
		state = s.defaultTab(r)
	}
	items, err := s.app.Queue(ctx, principalOf(r), o, state)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	due, err := s.app.DueWithin(ctx, principalOf(r), o, 10)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	counts, err := s.app.RecordCounts(ctx, principalOf(r), o)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d["Tabs"], d["State"], d["Items"], d["Due"], d["Counts"] = queueTabs, state, items, due, counts
	d["Today"] = s.app.Today()
	_, unitErr := s.app.UnitOf(ctx, o)
	d["CanCreate"] = unitErr == nil && principalOf(r).Can(org.PermCatalogEdit, o)
	s.render(w, r, http.StatusOK, "admin_records.html", d)
}

// defaultTab opens each person's queue where their work is.
func (s *Server) defaultTab(r *http.Request) record.State {
	o := orgOf(r)
	g := principalOf(r).Person.Grants
	switch {
	case org.HasRoleAt(g, org.RoleReviewer, o):
		return record.StateInReview
	case org.HasRoleAt(g, org.RoleApprover, o):
		return record.StateAwaitingApproval
	case org.HasRoleAt(g, org.RoleEditor, o) || org.HasRoleAt(g, org.RoleUnitAdmin, o):
		return record.StateDraft
	}
	return record.StatePublished
}

// recordForm is the record form's state.
type recordForm struct {
	In      app.RecordInput
	Domain  string
	EntryID int64
	New     bool
	Word    *app.WordImport // the body just read from a .docx (从Word导入), shown above the form
}

func (s *Server) recordNewForm(w http.ResponseWriter, r *http.Request) {
	// 形成日期 is left empty: the clerk states it (the deadline counts from it).
	f := recordForm{New: true, Domain: r.URL.Query().Get("domain"), In: app.RecordInput{Kind: record.KindOther, Openness: record.OpenProactive}}
	f.EntryID, _ = strconv.ParseInt(r.URL.Query().Get("entry"), 10, 64)
	s.recordFormView(w, r, http.StatusOK, f, nil, nil)
}

type entryChoice struct {
	Domain   org.Domain
	Entries  []catalog.Entry
	Version  catalog.Version
	Selected int64
}

func (s *Server) recordFormView(w http.ResponseWriter, r *http.Request, status int, f recordForm, rec *record.Record, ferr error) {
	ctx := r.Context()
	o := orgOf(r)
	title := "新建公开信息"
	if !f.New {
		title = "修改：" + f.In.Title
	}
	d, err := s.adminData(r, "records", title)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if f.New {
		// Entries to choose from: of the effective catalog, else the newest version.
		des, err := s.app.EntryChoices(ctx, principalOf(r), o)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		var choices []entryChoice
		for _, de := range des {
			choices = append(choices, entryChoice{Domain: de.Domain, Entries: de.Entries, Version: de.Version, Selected: f.EntryID})
		}
		d["Choices"] = choices
		if o.Kind == org.KindUnit {
			d["ColumnKinds"], d["ReportYear"] = record.ColumnKinds(), r.PostFormValue("report_year") // the 专栏 (column.go)
			bodies, err := s.app.IssuingBodies(ctx, o)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			d["Bodies"] = bodies
		}
	}
	d["Form"], d["Heading"], d["Kinds"], d["Subjects"] = f, title, record.Kinds(), refdata.SubjectCategories()
	if f.In.Kind.Column() {
		d["Kinds"] = record.ColumnKinds()
	} else if f.In.Kind == record.KindInspectionNotice {
		d["Kinds"] = []record.Kind{record.KindInspectionNotice} // an office's notice stays one
	}
	d["EnforcementActs"] = record.EnforcementActs()
	d["Record"] = rec
	d["Links"] = s.linkViews(r, f.In) // the linked records, chosen by search (staffux.go)
	if rec != nil {
		if d["Images"], err = s.bodyImages(r, *rec); err != nil { // images pasted into the 正文 (staffux.go)
			s.fail(w, r, err)
			return
		}
	}
	if ferr != nil {
		d["Error"] = ferr
	}
	s.render(w, r, status, "admin_record_form.html", d)
}

func recordInputFromForm(r *http.Request) app.RecordInput {
	r.ParseForm()
	f := r.PostForm
	days, _ := strconv.Atoi(f.Get("publicity_days"))
	policy, _ := strconv.ParseInt(f.Get("policy_id"), 10, 64)
	consultation, _ := strconv.ParseInt(f.Get("consultation_id"), 10, 64)
	issuerOrg, _ := strconv.ParseInt(f.Get("issuer_org_id"), 10, 64)
	repeals := linkIDs(f["repeals"]) // chosen (one value each) or typed as a list
	return app.RecordInput{IssuerOrgID: issuerOrg, Repeals: repeals, EffectiveOn: f.Get("effective_on"), ExpiresOn: f.Get("expires_on"), PublicityCalendarDays: f.Get("publicity_unit") == "days", Kind: record.Kind(f.Get("kind")), Title: f.Get("title"), Summary: f.Get("summary"), BodyHTML: f.Get("body_html"),
		Subject: f.Get("subject"), Issuer: f.Get("issuer"), WrittenOn: f.Get("written_on"), DocNo: f.Get("doc_no"),
		Validity: record.Validity(f.Get("validity")), RepealedOn: f.Get("repealed_on"), Openness: record.Openness(f.Get("openness")), EnforcementAct: record.EnforcementAct(f.Get("enforcement_act")),
		OpennessReason: f.Get("openness_reason"), FormedOn: f.Get("formed_on"), PolicyID: policy, PublicityDays: days, ChangeNote: f.Get("change_note"),
		Guide: record.ServiceGuide{ItemName: f.Get("g_item_name"), LegalBasis: f.Get("g_legal_basis"), Conditions: f.Get("g_conditions"),
			Materials: f.Get("g_materials"), Procedure: f.Get("g_procedure"), TimeLimit: f.Get("g_time_limit"), Place: f.Get("g_place"),
			Hours: f.Get("g_hours"), Fees: f.Get("g_fees"), ConsultPhone: f.Get("g_consult_phone"), SupervisePhone: f.Get("g_supervise_phone"),
			OnlineURL: f.Get("g_online_url")},
		CommentsUntil: f.Get("comments_until"), ShortPeriodReason: f.Get("short_period_reason"), DraftingNote: f.Get("drafting_note"), ConsultationID: consultation}
}

func (s *Server) recordCreate(w http.ResponseWriter, r *http.Request) {
	in := recordInputFromForm(r)
	f := recordForm{New: true, In: in}
	// The entry select carries "domain:entryID".
	if dom, id, ok := strings.Cut(r.PostFormValue("entry"), ":"); ok {
		f.Domain = dom
		f.EntryID, _ = strconv.ParseInt(id, 10, 64)
		if dom == "column" { // the 政府信息公开 专栏 (column.go)
			s.columnCreate(w, r, record.Kind(id), f)
			return
		}
	}
	if s.recordFormDetour(w, r, f, nil) {
		return
	}
	rec, err := s.app.CreateRecord(r.Context(), principalOf(r), orgOf(r), f.Domain, f.EntryID, in)
	if errs.Is(err, errs.Invalid) {
		s.recordFormView(w, r, http.StatusUnprocessableEntity, f, nil, err)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, recordAdminURL(orgOf(r).Code, rec.ID)+"?"+flashQuery("draft-saved"), http.StatusSeeOther)
}

func recordAdminURL(orgCode string, id int64) string {
	return "/admin/orgs/" + orgCode + "/records/" + strconv.FormatInt(id, 10)
}

// staffRecord loads the record named in the path and checks it belongs to the path's unit.
func (s *Server) staffRecord(w http.ResponseWriter, r *http.Request) (record.Record, bool) {
	id, err := recordIDParam(r)
	if err != nil {
		s.fail(w, r, err)
		return record.Record{}, false
	}
	rec, _, err := s.app.StaffRecord(r.Context(), principalOf(r), id)
	if err != nil || !app.RecordUnder(orgOf(r), rec) {
		s.fail(w, r, errs.E(errs.NotFound, "信息不存在"))
		return rec, false
	}
	return rec, true
}

func (s *Server) recordAdminPage(w http.ResponseWriter, r *http.Request) {
	s.recordAdminView(w, r, http.StatusOK, nil)
}

func (s *Server) recordAdminView(w http.ResponseWriter, r *http.Request, status int, ferr error) {
	ctx := r.Context()
	rec, ok := s.staffRecord(w, r)
	if !ok {
		return
	}
	d, err := s.adminData(r, "records", rec.Title)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg, err := s.app.RecordPage(ctx, principalOf(r), orgOf(r), rec.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d["R"], d["Attachments"], d["Actions"], d["Confirmers"], d["CanConfirm"] = pg.Record, pg.Attachments, pg.Actions, pg.Confirmers, pg.CanConfirm
	d["IssuerOrg"] = pg.IssuerOrg
	if t, ok := s.app.RecordTimeliness(ctx, principalOf(r), rec.ID); ok {
		d["Timeliness"] = t
	}
	// A list of 100,000 mobile numbers is shown by its first findings and counted in full.
	d["Findings"], d["FindingsTotal"] = pg.Findings, pg.FindingsTotal
	d["Draft"], d["SubjectLabel"] = pg.CanEditDraft, pg.SubjectLabel
	if pg.Deadline != nil {
		d["Deadline"], d["Overdue"] = pg.Deadline, pg.Overdue
	}
	if pg.Log != nil {
		d["Log"] = pg.Log
	}
	if pg.EntryName != "" {
		d["EntryName"] = pg.EntryName
	}
	if pg.DomainName != "" {
		d["DomainName"] = pg.DomainName
	}
	s.recordChannels(ctx, r, d, rec.ID) // channels and deliveries (issue 13)
	if ferr != nil {
		d["Error"] = ferr
	}
	s.render(w, r, status, "admin_record.html", d)
}

func (s *Server) recordEditForm(w http.ResponseWriter, r *http.Request) {
	rec, ok := s.staffRecord(w, r)
	if !ok {
		return
	}
	s.recordFormView(w, r, http.StatusOK, recordForm{In: recordInputOf(rec)}, &rec, nil)
}

// recordInputOf is the record form filled with a revision.
func recordInputOf(rec record.Record) app.RecordInput {
	return app.RecordInput{Kind: rec.Kind, Title: rec.Title, Summary: rec.Summary, BodyHTML: rec.BodyHTML, Subject: rec.Subject, Issuer: rec.Issuer,
		WrittenOn: dateText(rec.WrittenOn), DocNo: rec.DocNo, Validity: rec.Validity, RepealedOn: dateText(rec.RepealedOn), Openness: rec.Openness, EnforcementAct: rec.EnforcementAct,
		OpennessReason: rec.OpennessReason, FormedOn: dateText(rec.FormedOn), PolicyID: rec.PolicyID, PublicityDays: rec.Publicity.N, PublicityCalendarDays: rec.Publicity.Unit == calendar.CalendarDays,
		EffectiveOn: dateText(rec.EffectiveOn), ExpiresOn: dateText(rec.ExpiresOn), Repeals: rec.Repeals, Guide: rec.Guide, ChangeNote: rec.ChangeNote,
		CommentsUntil: dateText(rec.Consultation.CommentsUntil), ShortPeriodReason: rec.Consultation.ShortPeriodReason, DraftingNote: rec.Consultation.DraftingNote, ConsultationID: rec.ConsultationID}
}

func (s *Server) recordEditSubmit(w http.ResponseWriter, r *http.Request) {
	rec, ok := s.staffRecord(w, r)
	if !ok {
		return
	}
	in := recordInputFromForm(r)
	if s.recordFormDetour(w, r, recordForm{In: in}, &rec) {
		return
	}
	_, err := s.app.EditRecord(r.Context(), principalOf(r), rec.ID, in)
	if errs.Is(err, errs.Invalid) {
		s.recordFormView(w, r, http.StatusUnprocessableEntity, recordForm{In: in}, &rec, err)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, recordAdminURL(orgOf(r).Code, rec.ID)+"?"+flashQuery("saved"), http.StatusSeeOther)
}

// maxUpload bounds an attachment upload (attach.DefaultLimits allows 20 MiB).
const maxUpload = 20 << 20

func (s *Server) recordAttach(w http.ResponseWriter, r *http.Request) {
	rec, ok := s.staffRecord(w, r)
	if !ok {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload+64<<10)
	file, hdr, err := r.FormFile("file")
	if err != nil {
		s.recordAdminView(w, r, http.StatusUnprocessableEntity, errs.Fields("上传失败", errs.FieldError{Field: "file", Label: "附件", Message: "请选择不超过20MB的文件"}))
		return
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, maxUpload+1))
	if err != nil || len(data) > maxUpload {
		s.recordAdminView(w, r, http.StatusUnprocessableEntity, errs.Fields("上传失败", errs.FieldError{Field: "file", Label: hdr.Filename, Message: "文件超过20MB"}))
		return
	}
	_, err = s.app.AddAttachment(r.Context(), principalOf(r), rec.ID, hdr.Filename, data)
	if errs.Is(err, errs.Invalid) || errs.Is(err, errs.Conflict) {
		s.recordAdminView(w, r, status(errs.Code(err)), err)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, recordAdminURL(orgOf(r).Code, rec.ID)+"?"+flashQuery("attachment-added"), http.StatusSeeOther)
}

func (s *Server) recordDetach(w http.ResponseWriter, r *http.Request) {
	rec, ok := s.staffRecord(w, r)
	if !ok {
		return
	}
	pos, _ := strconv.Atoi(r.PathValue("pos"))
	if !s.confirmed(w, r, "删除附件", "将从《"+rec.Title+"》的草稿中删除第"+strconv.Itoa(pos)+"个附件。", recordAdminURL(orgOf(r).Code, rec.ID)) {
		return
	}
	if _, err := s.app.RemoveAttachment(r.Context(), principalOf(r), rec.ID, pos); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, recordAdminURL(orgOf(r).Code, rec.ID)+"?"+flashQuery("attachment-removed"), http.StatusSeeOther)
}

// recordAttachmentFile lets the unit's staff open an attachment of the current revision — the
// reviewer has to look at what the guard could not read before confirming it.
func (s *Server) recordAttachmentFile(w http.ResponseWriter, r *http.Request) {
	rec, ok := s.staffRecord(w, r)
	if !ok {
		return
	}
	pos, _ := strconv.Atoi(r.PathValue("pos"))
	at, err := s.app.StaffAttachment(r.Context(), principalOf(r), orgOf(r), rec.ID, pos)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.sendAttachment(w, r, rec.ID, at, "private, no-store")
}

func (s *Server) recordAct(w http.ResponseWriter, r *http.Request) {
	rec, ok := s.staffRecord(w, r)
	if !ok {
		return
	}
	a := record.Action{Kind: record.ActionKind(r.PostFormValue("action")), Opinion: strings.TrimSpace(r.PostFormValue("opinion")), Reason: strings.TrimSpace(r.PostFormValue("reason"))}
	back := recordAdminURL(orgOf(r).Code, rec.ID)
	switch a.Kind {
	case record.ActionDiscard:
		if !s.confirmed(w, r, "删除草稿", "将删除《"+rec.Title+"》的草稿（未发布的修订稿，或从未发布的整条信息）及其附件。", back) {
			return
		}
	case record.ActionWithdraw:
		if a.Reason != "" && !s.confirmed(w, r, "撤回", "将从网站撤回已发布的《"+rec.Title+"》，撤回理由将公开：“"+a.Reason+"”。", back) {
			return
		}
	}
	if a.Kind == record.ActionConfirmNoPII {
		a.Attachment, _ = strconv.Atoi(r.PostFormValue("attachment"))
		if r.PostFormValue("looked") != "yes" {
			s.recordAdminView(w, r, http.StatusUnprocessableEntity, errs.Fields("操作失败", errs.FieldError{Field: "looked", Label: "确认",
				Message: "请先逐页查看该附件，并勾选“我已逐页查看”"}))
			return
		}
	}
	if at := strings.TrimSpace(r.PostFormValue("at")); at != "" {
		t, err := time.ParseInLocation("2006-01-02T15:04", at, app.Shanghai)
		if err != nil {
			s.recordAdminView(w, r, http.StatusUnprocessableEntity, errs.Fields("操作失败", errs.FieldError{Field: "at", Label: "定时发布时间", Message: "时间格式无效"}))
			return
		}
		a.At = t
	}
	after, err := s.app.Act(r.Context(), principalOf(r), rec.ID, a)
	if errs.Is(err, errs.Invalid) || errs.Is(err, errs.Conflict) || errs.Is(err, errs.Forbidden) {
		s.recordAdminView(w, r, status(errs.Code(err)), err)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if after.State == record.StateNew {
		http.Redirect(w, r, "/admin/orgs/"+orgOf(r).Code+"/records?"+flashQuery("draft-deleted"), http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, recordAdminURL(orgOf(r).Code, rec.ID)+"?"+flashQuery(flashDone+string(a.Kind)), http.StatusSeeOther)
}

func htmlText(s string) string { return sanitize.Text(s) }
