package web

import (
	"net/http"
	"strconv"
	"strings"

	"gongkai/internal/app"
	"gongkai/internal/errs"
	"gongkai/internal/org"
	"gongkai/internal/record"
)

func (s *Server) settingsPage(w http.ResponseWriter, r *http.Request) {
	s.settingsView(w, r, http.StatusOK, nil)
}

func (s *Server) settingsView(w http.ResponseWriter, r *http.Request, status int, ferr error) {
	ctx := r.Context()
	o := orgOf(r)
	d, err := s.adminData(r, "settings", o.Name+" · 设置")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := principalOf(r)
	if o.Kind == org.KindUnit {
		pol, err := s.app.UnitPolicy(ctx, o.ID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		exc, err := s.app.UnitException(ctx, o.ID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		d["Unit"], d["Policy"], d["Exception"] = true, pol, exc
	}
	if o.ParentID == 0 && p.Can(org.PermManageDomains, o) {
		pat, err := s.app.IndexPattern(ctx)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		groups, err := s.app.SynonymGroups(ctx, p, o)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		d["Root"], d["Pattern"], d["Default"], d["Synonyms"] = true, pat.String(), record.DefaultIndexPattern, groups
	}
	if ferr != nil {
		d["Error"] = ferr
	}
	s.render(w, r, status, "admin_settings.html", d)
}

func (s *Server) settingsBack(w http.ResponseWriter, r *http.Request, msg string) {
	http.Redirect(w, r, "/admin/orgs/"+orgOf(r).Code+"/settings?"+flashQuery(msg), http.StatusSeeOther)
}

func (s *Server) settingsPolicy(w http.ResponseWriter, r *http.Request) {
	err := s.app.SetUnitPolicy(r.Context(), principalOf(r), orgOf(r), record.Policy{AllowSameReviewerApprover: r.PostFormValue("same_reviewer_approver") == "1"})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	msg := "saved"
	if exc, err := s.app.UnitException(r.Context(), orgOf(r).ID); err == nil && exc.State == app.ExceptionRequested {
		msg = "exception-requested"
	}
	s.settingsBack(w, r, msg)
}

// exceptionDecide is a supervisor's decision on a unit's reviewer/approver exception.
func (s *Server) exceptionDecide(w http.ResponseWriter, r *http.Request) {
	var approve bool
	switch r.PostFormValue("decision") {
	case "approve":
		approve = true
	case "reject":
	default:
		s.fail(w, r, errs.Fields("请选择批准或不批准", errs.FieldError{Field: "decision", Label: "审批意见", Message: "请选择批准或不批准"}))
		return
	}
	if err := s.app.DecideUnitException(r.Context(), principalOf(r), orgOf(r), approve); err != nil {
		s.fail(w, r, err)
		return
	}
	msg := "exception-approved"
	if !approve {
		msg = "exception-rejected"
	}
	http.Redirect(w, r, "/admin/orgs/"+orgOf(r).Code+"/?"+flashQuery(msg), http.StatusSeeOther)
}

func (s *Server) settingsIndexPattern(w http.ResponseWriter, r *http.Request) {
	err := s.app.SetIndexPattern(r.Context(), principalOf(r), orgOf(r), r.PostFormValue("index_pattern"))
	if errs.Is(err, errs.Invalid) {
		s.settingsView(w, r, http.StatusUnprocessableEntity, err)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.settingsBack(w, r, "pattern-saved")
}

func (s *Server) synonymAdd(w http.ResponseWriter, r *http.Request) {
	terms := strings.FieldsFunc(r.PostFormValue("terms"), func(c rune) bool { return c == '、' || c == ',' || c == '，' || c == ' ' || c == '⇄' })
	_, err := s.app.AddSynonyms(r.Context(), principalOf(r), orgOf(r), terms)
	if errs.Is(err, errs.Invalid) {
		s.settingsView(w, r, http.StatusUnprocessableEntity, err)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.settingsBack(w, r, "synonyms-added")
}

func (s *Server) synonymRemove(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if !s.confirmed(w, r, "删除同义词组", "将删除这一组同义词，检索不再把它们视为同义。", "/admin/orgs/"+orgOf(r).Code+"/settings") {
		return
	}
	if err := s.app.RemoveSynonyms(r.Context(), principalOf(r), orgOf(r), id); err != nil {
		s.fail(w, r, err)
		return
	}
	s.settingsBack(w, r, "synonyms-removed")
}
