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
	s.handle("GET", "/api/v1/units/{code}/probe-sites", APIToken, "", s.apiProbeSites)
	s.handle("POST", "/api/v1/units/{code}/probe-sites", APIToken, "", s.apiProbeSiteAdd)
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

type apiProbeSite struct {
	ID     int64  `json:"id"`
	URL    string `json:"url"`
	Label  string `json:"label"`
	Total  int    `json:"week_probes"`
	Failed int    `json:"week_failed"`
}

func (s *Server) apiProbeSites(w http.ResponseWriter, r *http.Request) {
	u, err := s.app.OrgByCode(r.Context(), r.PathValue("code"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sites, err := s.app.ProbeSites(r.Context(), principalOf(r), u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := make([]apiProbeSite, 0, len(sites))
	for _, x := range sites {
		out = append(out, apiProbeSite{ID: x.Target.ID, URL: x.Target.URL, Label: x.Target.Label, Total: x.Week.Total, Failed: x.Week.Failed})
	}
	writeJSON(w, http.StatusOK, map[string]any{"sites": out})
}

func (s *Server) apiProbeSiteAdd(w http.ResponseWriter, r *http.Request) {
	var in struct {
		URL   string `json:"url"`
		Label string `json:"label"`
	}
	if err := decodeJSON(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	id, err := s.app.AddProbeSite(r.Context(), principalOf(r), r.PathValue("code"), in.URL, in.Label)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": id})
}
