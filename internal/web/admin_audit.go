package web

import (
	"net/http"
	"strconv"

	"gongkai/internal/app"
)

func (s *Server) auditPage(w http.ResponseWriter, r *http.Request) {
	o := orgOf(r)
	d, err := s.adminData(r, "audit", o.Name+" · 审计日志")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	action := r.URL.Query().Get("action")
	entries, err := s.app.AuditLog(r.Context(), principalOf(r), o, action, before)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d["Entries"], d["Action"] = entries, action
	if len(entries) == app.AuditPageSize {
		d["Next"] = entries[len(entries)-1].ID
	}
	s.render(w, r, http.StatusOK, "audit.html", d)
}
