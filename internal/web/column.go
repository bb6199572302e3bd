package web

import (
	"net/http"
	"strconv"
	"strings"

	"gongkai/internal/errs"
	"gongkai/internal/org"
	"gongkai/internal/record"
)

// The 政府信息公开 专栏 of a unit's site (issue 18, point 6), robots.txt, and the annual report
// published as a record (issue 12, point 5).
func (s *Server) addColumnRoutes() {
	s.handle("GET", "/{unit}/xxgk/{$}", Public, "", s.columnPage)
	s.handle("GET", "/robots.txt", Public, "", s.robots)
	s.handle("POST", "/admin/orgs/{org}/annual-reports/{year}/record", OrgScope, org.PermCatalogEdit, s.annualReportRecord)
}

// columnSections are the five sections of the 专栏 in the national order, with their anchors.
var columnSections = []struct{ ID, Name string }{
	{"guide", "政府信息公开指南"}, {"rules", "政府信息公开制度"}, {"proactive", "法定主动公开内容"},
	{"annual", "政府信息公开年报"}, {"request", "依申请公开"},
}

// columnPage is /{unit}/xxgk/: the unit's 政府信息公开 专栏 with its five sections. Only
// published records are listed (app.PublicColumn).
func (s *Server) columnPage(w http.ResponseWriter, r *http.Request) {
	u, ok := s.publicUnit(w, r)
	if !ok {
		return
	}
	c, err := s.app.PublicColumn(r.Context(), u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	domains, err := s.domainsOf(r.Context(), u.Domains)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "column.html", map[string]any{"Title": u.Name + " · 政府信息公开", "Unit": u, "C": c,
		"Domains": domains, "Sections": columnSections})
}

// robots answers /robots.txt: everything public may be crawled; the admin pages and the API
// are not pages for search engines; the sitemap is named with the site's public address.
func (s *Server) robots(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	var b strings.Builder
	b.WriteString("User-agent: *\nDisallow: /admin/\nDisallow: /api/\nDisallow: /login\nDisallow: /account/\nAllow: /\n\n")
	b.WriteString("Sitemap: " + s.baseURL(r) + "/sitemap.xml\n")
	w.Write([]byte(b.String()))
}

// columnCreate starts a record of the 专栏 from the new-record form, whose entry choice reads
// "column:KIND".
func (s *Server) columnCreate(w http.ResponseWriter, r *http.Request, kind record.Kind, f recordForm) {
	year, _ := strconv.Atoi(strings.TrimSpace(r.PostFormValue("report_year")))
	f.In.Kind = kind
	rec, err := s.app.CreateColumnRecord(r.Context(), principalOf(r), orgOf(r), kind, year, f.In)
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

// annualReportRecord turns the year's annual report into a draft record of the 专栏 (or opens
// the one made before).
func (s *Server) annualReportRecord(w http.ResponseWriter, r *http.Request) {
	y, err := reportYear(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rec, existing, err := s.app.AnnualReportRecord(r.Context(), principalOf(r), orgOf(r), y)
	if errs.Is(err, errs.Conflict) || errs.Is(err, errs.Invalid) {
		s.annualReportView(w, r, status(errs.Code(err)), err)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	msg := "draft-saved"
	if existing {
		msg = "report-record-exists"
	}
	http.Redirect(w, r, recordAdminURL(orgOf(r).Code, rec.ID)+"?"+flashQuery(msg), http.StatusSeeOther)
}
