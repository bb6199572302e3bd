package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"gongkai/internal/app"
	"gongkai/internal/catalog"
	"gongkai/internal/errs"
	"gongkai/internal/org"
	"gongkai/internal/refdata"
	"gongkai/internal/timelimit"
)

// catalogBase is the admin address of the request's catalog.
func catalogBase(r *http.Request) string {
	return "/admin/orgs/" + orgOf(r).Code + "/catalogs/" + r.PathValue("domain")
}

func (s *Server) catalogsAdmin(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	o := orgOf(r)
	d, err := s.adminData(r, "catalogs", o.Name+" · 标准目录")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rows, err := s.app.Catalogs(ctx, principalOf(r), o)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d["Rows"], d["Templates"] = rows, org.KeepsTemplates(o)
	s.render(w, r, http.StatusOK, "admin_catalogs.html", d)
}

func (s *Server) catalogAdmin(w http.ResponseWriter, r *http.Request) {
	s.catalogAdminView(w, r, http.StatusOK, nil, "")
}

// catalogAdminView renders a catalog's page; importErr, with the name of the file it came
// from, is shown on the import form itself so that the file can be fixed and chosen again.
func (s *Server) catalogAdminView(w http.ResponseWriter, r *http.Request, status int, importErr error, file string) {
	ctx := r.Context()
	o := orgOf(r)
	domain := r.PathValue("domain")
	dom, ok := s.domainNamed(w, r, domain)
	if !ok {
		return
	}
	d, err := s.adminData(r, "catalogs", o.Name+" · "+dom.Name+"标准目录")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d["Domain"], d["Base"] = dom, catalogBase(r)
	d["CanEdit"] = principalOf(r).Can(org.PermCatalogEdit, o)
	d["Templates"] = org.KeepsTemplates(o)
	h, err := s.app.History(ctx, principalOf(r), o, domain)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if h.Versions != nil || h.Log != nil {
		d["Versions"], d["Log"] = h.Versions, h.Log
	}
	if !org.KeepsTemplates(o) {
		if _, tv, err := s.app.TemplateFor(ctx, domain); err == nil {
			d["Template"] = tv
		}
	}
	if importErr != nil {
		d["ImportError"], d["ImportFile"] = importErr, file
	}
	s.render(w, r, status, "admin_catalog.html", d)
}

func (s *Server) domainNamed(w http.ResponseWriter, r *http.Request, code string) (org.Domain, bool) {
	d, err := s.app.Domain(r.Context(), code)
	if err != nil {
		s.fail(w, r, err)
		return org.Domain{}, false
	}
	return d, true
}

func (s *Server) draftCreate(w http.ResponseWriter, r *http.Request) {
	v, err := s.app.NewDraft(r.Context(), principalOf(r), orgOf(r), r.PathValue("domain"), app.DraftFrom(r.PostFormValue("from")), strings.TrimSpace(r.PostFormValue("note")))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, catalogBase(r)+"/v/"+strconv.Itoa(v.Number)+"?"+flashQuery("draft-created"), http.StatusSeeOther)
}

// versionNumber reads {n}, the number of a version of the request's catalog.
func (s *Server) versionNumber(w http.ResponseWriter, r *http.Request) (int, bool) {
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil {
		s.fail(w, r, errs.E(errs.NotFound, "目录版本不存在"))
		return 0, false
	}
	return n, true
}

// versionFromPath loads the version named by {n} of the request's catalog.
func (s *Server) versionFromPath(w http.ResponseWriter, r *http.Request) (catalog.Version, bool) {
	n, ok := s.versionNumber(w, r)
	if !ok {
		return catalog.Version{}, false
	}
	v, err := s.app.Version(r.Context(), principalOf(r), orgOf(r), r.PathValue("domain"), n)
	if err != nil {
		s.fail(w, r, err)
		return v, false
	}
	return v, true
}

type adminEntryRow struct {
	catalog.Entry
	Channels   []string
	Rule       timelimit.Rule
	Unresolved bool
}

func (s *Server) versionPage(w http.ResponseWriter, r *http.Request) {
	s.versionView(w, r, http.StatusOK, nil)
}

func (s *Server) versionView(w http.ResponseWriter, r *http.Request, status int, ferr error) {
	ctx := r.Context()
	o := orgOf(r)
	n, ok := s.versionNumber(w, r)
	if !ok {
		return
	}
	pg, err := s.app.VersionDetail(ctx, principalOf(r), o, r.PathValue("domain"), n)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v, es := pg.Version, pg.Entries
	dom, ok := s.domainNamed(w, r, r.PathValue("domain"))
	if !ok {
		return
	}
	d, err := s.adminData(r, "catalogs", dom.Name+"标准目录 第"+strconv.Itoa(v.Number)+"版")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rows := make([]adminEntryRow, len(es))
	unresolved := 0
	for i, e := range es {
		rows[i] = adminEntryRow{Entry: e, Rule: timelimit.Parse(e.TimeLimitText)}
		rows[i].Unresolved = !e.NotPublic && rows[i].Rule.NeedsReview()
		if rows[i].Unresolved {
			unresolved++
		}
		for _, ch := range e.Channels {
			rows[i].Channels = append(rows[i].Channels, catalog.ChannelName(ch))
		}
	}
	filings := pg.Filings
	recips, err := s.app.FilingRecipients(ctx, o)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := principalOf(r)
	d["Domain"], d["Version"], d["Rows"], d["Filings"], d["Recipients"], d["Unresolved"] = dom, v, rows, filings, recips, unresolved
	d["Base"] = catalogBase(r)
	d["Draft"] = v.State == catalog.VersionDraft
	d["CanEdit"] = v.State == catalog.VersionDraft && p.Can(org.PermCatalogEdit, o)
	d["CanFile"] = v.State == catalog.VersionDraft && p.Can(org.PermCatalogFile, o) && len(es) > 0
	d["Templates"] = org.KeepsTemplates(o)
	if err := s.staleDraft(r, d, v); err != nil {
		s.fail(w, r, err)
		return
	}
	if ferr != nil {
		d["Error"] = ferr
	}
	s.render(w, r, status, "admin_version.html", d)
}

func (s *Server) versionID(w http.ResponseWriter, r *http.Request) (int64, bool) {
	v, ok := s.versionFromPath(w, r)
	return v.ID, ok
}

func (s *Server) versionBack(w http.ResponseWriter, r *http.Request, msg string) {
	http.Redirect(w, r, catalogBase(r)+"/v/"+r.PathValue("n")+"?"+flashQuery(msg), http.StatusSeeOther)
}

func (s *Server) versionFile(w http.ResponseWriter, r *http.Request) {
	id, ok := s.versionID(w, r)
	if !ok {
		return
	}
	if err := s.app.FileVersion(r.Context(), principalOf(r), orgOf(r), r.PathValue("domain"), id, strings.TrimSpace(r.PostFormValue("note"))); err != nil {
		var stale *app.StaleDraft
		if errors.As(err, &stale) {
			s.versionView(w, r, http.StatusConflict, errs.E(errs.Conflict, "%s", stale.Error()))
			return
		}
		s.fail(w, r, err)
		return
	}
	msg := "version-filed"
	if org.KeepsTemplates(orgOf(r)) {
		msg = "template-published"
	}
	s.versionBack(w, r, msg)
}

func (s *Server) versionDelete(w http.ResponseWriter, r *http.Request) {
	id, ok := s.versionID(w, r)
	if !ok {
		return
	}
	if !s.confirmed(w, r, "删除目录草稿", "将删除目录草稿第"+r.PathValue("n")+"版及其全部条目。", catalogBase(r)) {
		return
	}
	if err := s.app.DeleteDraft(r.Context(), principalOf(r), orgOf(r), r.PathValue("domain"), id); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, catalogBase(r)+"?"+flashQuery("draft-deleted"), http.StatusSeeOther)
}

// entryForm is what the entry form holds, so that a refused form shows again as typed.
type entryForm struct {
	Entry   catalog.Entry
	Custom  string
	Reason  string
	RuleMsg string
	New     bool
}

func (s *Server) entryFormPage(w http.ResponseWriter, r *http.Request) {
	v, ok := s.versionFromPath(w, r)
	if !ok {
		return
	}
	f := entryForm{New: true, Entry: catalog.Entry{AudiencePublic: true, ModeProactive: true, LevelCounty: true, Channels: []string{"website"}, TimeLimitText: "信息形成或者变更之日起20个工作日内"}}
	if idText := r.PathValue("id"); idText != "" {
		id, _ := strconv.ParseInt(idText, 10, 64)
		e, err := s.app.VersionEntry(r.Context(), principalOf(r), orgOf(r), r.PathValue("domain"), v.Number, id)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		f = entryForm{Entry: e}
	}
	s.entryFormView(w, r, http.StatusOK, v, f, nil)
}

func (s *Server) entryFormView(w http.ResponseWriter, r *http.Request, status int, v catalog.Version, f entryForm, ferr error) {
	dom, ok := s.domainNamed(w, r, r.PathValue("domain"))
	if !ok {
		return
	}
	title := "新增条目"
	if !f.New {
		title = "编辑条目：" + f.Entry.Item2
	}
	d, err := s.adminData(r, "catalogs", title)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var custom []string
	for _, ch := range f.Entry.Channels {
		if name, ok := catalog.CustomChannelName(ch); ok {
			custom = append(custom, name)
		}
	}
	if f.Custom == "" {
		f.Custom = strings.Join(custom, "、")
	}
	rule := timelimit.Parse(f.Entry.TimeLimitText)
	if rule.NeedsReview() && f.Entry.TimeLimitText != "" {
		f.RuleMsg = "系统无法识别该时限表述，将按原文保存并标注待人工确认"
	} else if f.Entry.TimeLimitText != "" {
		f.RuleMsg = "识别为：" + rule.String()
	}
	d["Domain"], d["Version"], d["Form"], d["Heading"], d["Base"] = dom, v, f, title, catalogBase(r)
	d["Channels"], d["Stages"] = refdata.Channels(), catalog.AllStages()
	if o := orgOf(r); o.Kind == org.KindUnit {
		bodies, err := s.app.IssuingBodies(r.Context(), o)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		d["Bodies"] = bodies
	}
	if ferr != nil {
		d["Error"] = ferr
	}
	s.render(w, r, status, "admin_entry.html", d)
}

func entryFromForm(r *http.Request) entryForm {
	r.ParseForm()
	f := r.PostForm
	e := catalog.Entry{
		Item1: f.Get("item1"), Item2: f.Get("item2"), Content: f.Get("content"), LegalBasis: f.Get("legal_basis"),
		TimeLimitText: f.Get("time_limit"), ResponsibleBody: f.Get("responsible_body"),
		AudiencePublic: f.Get("audience_public") != "", AudienceGroup: f.Get("audience_group") != "",
		ModeProactive: f.Get("mode_proactive") != "", ModeOnRequest: f.Get("mode_on_request") != "",
		LevelCounty: f.Get("level_county") != "", LevelTownship: f.Get("level_township") != "",
		NotPublic: f.Get("not_public") != "", NotPublicBasis: f.Get("not_public_basis"), Notes: f.Get("notes"),
		Channels: f["channels"],
	}
	e.ResponsibleOrgID, _ = strconv.ParseInt(f.Get("responsible_org_id"), 10, 64)
	for _, st := range f["stages"] {
		e.Stages = append(e.Stages, catalog.Stage(st))
	}
	custom := f.Get("custom_channels")
	for _, name := range strings.FieldsFunc(custom, func(r rune) bool { return r == '、' || r == ',' || r == '，' || r == ';' || r == '；' || r == '\n' }) {
		if name = strings.TrimSpace(name); name != "" {
			e.Channels = append(e.Channels, catalog.ChannelFromName(name))
		}
	}
	return entryForm{Entry: e, Custom: custom, Reason: strings.TrimSpace(f.Get("reason"))}
}

func (s *Server) entrySave(w http.ResponseWriter, r *http.Request) {
	v, ok := s.versionFromPath(w, r)
	if !ok {
		return
	}
	f := entryFromForm(r)
	if idText := r.PathValue("id"); idText != "" {
		id, err := strconv.ParseInt(idText, 10, 64)
		if err != nil {
			s.fail(w, r, errs.E(errs.NotFound, "目录条目不存在"))
			return
		}
		f.Entry.ID = id
	} else {
		f.New = true
	}
	_, err := s.app.SaveEntry(r.Context(), principalOf(r), orgOf(r), r.PathValue("domain"), v.ID, f.Entry, f.Reason)
	if errs.Is(err, errs.Invalid) {
		s.entryFormView(w, r, http.StatusUnprocessableEntity, v, f, err)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.versionBack(w, r, "entry-saved")
}

func (s *Server) entryDelete(w http.ResponseWriter, r *http.Request) {
	v, ok := s.versionFromPath(w, r)
	if !ok {
		return
	}
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if !s.confirmed(w, r, "删除目录条目", "将从目录草稿第"+r.PathValue("n")+"版删除这一条目。", catalogBase(r)+"/v/"+r.PathValue("n")) {
		return
	}
	if err := s.app.DeleteEntry(r.Context(), principalOf(r), orgOf(r), r.PathValue("domain"), v.ID, id, strings.TrimSpace(r.PostFormValue("reason"))); err != nil {
		s.fail(w, r, err)
		return
	}
	s.versionBack(w, r, "entry-deleted")
}

func (s *Server) entryMove(w http.ResponseWriter, r *http.Request) {
	v, ok := s.versionFromPath(w, r)
	if !ok {
		return
	}
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	delta := 1
	if r.PostFormValue("dir") == "up" {
		delta = -1
	}
	if err := s.app.MoveEntry(r.Context(), principalOf(r), orgOf(r), r.PathValue("domain"), v.ID, id, delta); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, catalogBase(r)+"/v/"+r.PathValue("n")+"#e"+r.PathValue("id"), http.StatusSeeOther)
}

// catalogCompare shows two versions side by side, field by field. b=template compares a
// version with the template it started from.
func (s *Server) catalogCompare(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	o := orgOf(r)
	dom, ok := s.domainNamed(w, r, r.PathValue("domain"))
	if !ok {
		return
	}
	q := r.URL.Query()
	cmp, err := s.app.Compare(ctx, principalOf(r), o, dom.Code, q.Get("a"), q.Get("b"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d, err := s.adminData(r, "catalogs", dom.Name+"标准目录 版本比较")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d["Domain"], d["Changes"], d["A"], d["B"], d["Base"] = dom, cmp.Changes, cmp.A, cmp.B, catalogBase(r)
	s.render(w, r, http.StatusOK, "admin_compare.html", d)
}

func (s *Server) filingsPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	o := orgOf(r)
	d, err := s.adminData(r, "filings", o.Name+" · 目录备案")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rows, err := s.app.PendingFilings(ctx, principalOf(r), o)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d["Pending"] = rows
	s.render(w, r, http.StatusOK, "admin_filings.html", d)
}

func (s *Server) filingDecide(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("version"), 10, 64)
	if err != nil {
		s.fail(w, r, errs.E(errs.NotFound, "备案记录不存在"))
		return
	}
	if err := s.app.DecideFiling(r.Context(), principalOf(r), orgOf(r), id, r.PostFormValue("decision"), strings.TrimSpace(r.PostFormValue("opinion"))); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/orgs/"+orgOf(r).Code+"/filings?"+flashQuery("filing-decided"), http.StatusSeeOther)
}
