package web

import (
	"net/http"
	"strconv"

	"gongkai/internal/audit"
)

func (s *Server) auditPage(w http.ResponseWriter, r *http.Request) {
	o := orgOf(r)
	d, err := s.adminData(r, "audit", o.Name+" · 审计日志")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	q := audit.Query{OrgPath: o.Path, Action: r.URL.Query().Get("action"), Before: before, Limit: 100}
	if o.ParentID == 0 {
		q.OrgPath = "" // the root also sees platform-wide entries
	}
	entries, err := s.app.Store.ListAudit(r.Context(), q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d["Entries"], d["Action"] = entries, q.Action
	if len(entries) == q.Limit {
		d["Next"] = entries[len(entries)-1].ID
	}
	s.render(w, r, http.StatusOK, "audit.html", d)
}
