package web

import (
	"net/http"

	"gongkai/internal/app"
	"gongkai/internal/errs"
	"gongkai/internal/org"
)

// addDutiesRoutes adds the overdue page (逾期和缺漏) of an organisation and the unit settings
// of issue 14: interpretations on the day of their policy, and the unit's own 索引号 pattern.
func (s *Server) addDutiesRoutes() {
	s.handle("GET", "/admin/orgs/{org}/duties", OrgScope, org.PermView, s.dutiesPage)
	s.handle("POST", "/admin/orgs/{org}/duties/settings", OrgScope, org.PermManageOrgs, s.dutiesSettings)
}

func (s *Server) dutiesPage(w http.ResponseWriter, r *http.Request) {
	s.dutiesView(w, r, http.StatusOK, "", nil, nil)
}

func (s *Server) dutiesView(w http.ResponseWriter, r *http.Request, status int, pattern string, preview []app.IndexPreview, ferr error) {
	ctx := r.Context()
	o := orgOf(r)
	p := principalOf(r)
	d, err := s.adminData(r, "duties", o.Name+" · 逾期和缺漏")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg, err := s.app.Duties(ctx, p, o)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d["Duties"] = pg
	if o.Kind == org.KindUnit && p.Can(org.PermManageOrgs, o) {
		if pattern == "" {
			pattern = s.app.UnitIndexPattern(ctx, o)
		}
		d["Settings"] = map[string]any{"SameDay": s.app.InterpretationSameDay(ctx, o), "Pattern": pattern, "Preview": preview}
	}
	if ferr != nil {
		d["Error"] = ferr
	}
	s.render(w, r, status, "admin_duties.html", d)
}

// dutiesSettings saves the unit's settings, or with "preview" only shows what the pattern
// would give each issuing body.
func (s *Server) dutiesSettings(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	o, p := orgOf(r), principalOf(r)
	r.ParseForm()
	pattern := r.PostFormValue("index_pattern")
	if o.Kind != org.KindUnit {
		s.fail(w, r, errs.E(errs.Conflict, "只有试点单位有这些设置"))
		return
	}
	if r.PostFormValue("preview") != "" {
		pv, err := s.app.PreviewIndexPattern(ctx, p, o, pattern)
		if errs.Is(err, errs.Invalid) {
			s.dutiesView(w, r, http.StatusUnprocessableEntity, pattern, nil, err)
			return
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		s.dutiesView(w, r, http.StatusOK, pattern, pv, nil)
		return
	}
	if err := s.app.SetUnitIndexPattern(ctx, p, o, pattern); errs.Is(err, errs.Invalid) {
		s.dutiesView(w, r, http.StatusUnprocessableEntity, pattern, nil, err)
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.app.SetInterpretationSameDay(ctx, p, o, r.PostFormValue("same_day") != ""); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/orgs/"+o.Code+"/duties?"+flashQuery("saved"), http.StatusSeeOther)
}
