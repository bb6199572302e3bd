package web

import (
	"fmt"
	"net/http"
	"strconv"

	"gongkai/internal/errs"
	"gongkai/internal/org"
)

// addProbeRoutes registers the pages of the reachability probe: a unit's external sites
// and their results (the evidence link of the site-unreachable indicator).
func (s *Server) addProbeRoutes() {
	s.handle("GET", "/admin/orgs/{org}/probes", OrgScope, org.PermManageProbes, s.probesPage)
	s.handle("POST", "/admin/orgs/{org}/probes", OrgScope, org.PermManageProbes, s.probeAdd)
	s.handle("POST", "/admin/orgs/{org}/probes/{id}/remove", OrgScope, org.PermManageProbes, s.probeRemove)
}

func (s *Server) probesPage(w http.ResponseWriter, r *http.Request) {
	s.renderProbes(w, r, http.StatusOK, nil)
}

func (s *Server) renderProbes(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	d, err := s.adminData(r, "inspections", orgOf(r).Name+" · 网站可访问性监测")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sites, err := s.app.ProbeSites(r.Context(), principalOf(r), orgOf(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d["Sites"], d["Error"], d["Form"] = sites, formErr, r.PostForm
	s.render(w, r, status, "probes.html", d)
}

func (s *Server) probeAdd(w http.ResponseWriter, r *http.Request) {
	if _, err := s.app.AddProbeSite(r.Context(), principalOf(r), orgOf(r).Code, r.PostFormValue("url"), r.PostFormValue("label")); err != nil {
		if errs.Is(err, errs.Invalid) {
			s.renderProbes(w, r, http.StatusUnprocessableEntity, err)
			return
		}
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/admin/orgs/%s/probes?%s", orgOf(r).Code, flashQuery("saved")), http.StatusSeeOther)
}

func (s *Server) probeRemove(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.fail(w, r, errs.E(errs.NotFound, "没有该监测网站"))
		return
	}
	if err := s.app.RemoveProbeSite(r.Context(), principalOf(r), orgOf(r), id); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/admin/orgs/%s/probes?%s", orgOf(r).Code, flashQuery("saved")), http.StatusSeeOther)
}
