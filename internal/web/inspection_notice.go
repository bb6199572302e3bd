package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"gongkai/internal/app"
	"gongkai/internal/errs"
	"gongkai/internal/org"
)

// The notice (通报) of a closed round published as a record of the office that ran it
// (app/inspection_notice.go): started from the round's notice draft, then edited, reviewed
// and approved on the record's own pages like any record.

func (s *Server) addInspectionNoticeRoutes() {
	s.handle("POST", "/admin/orgs/{org}/inspections/{id}/notice", OrgScope, org.PermManageInspection, s.inspectionNoticeCreate)
	s.handle("POST", "/api/v1/inspections/{id}/notice", APIToken, "", s.apiInspectionNotice)
}

// noticeDays reads the rectification period from a form or query value; anything not a
// number becomes -1, which the app refuses with its message.
func noticeDays(v string) int {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		return -1
	}
	return n
}

// inspectionNoticeCreate starts (or finds) the notice record and opens its page.
func (s *Server) inspectionNoticeCreate(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id", "检查轮次")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rec, _, err := s.app.CreateNoticeRecord(r.Context(), principalOf(r), id, app.NoticeInput{Days: noticeDays(r.PostFormValue("days")), Title: r.PostFormValue("title")})
	switch {
	case err == nil:
		// The record belongs to the office that ran the round, whose pages the caller may be
		// seeing from above.
		o, oerr := s.app.Org(r.Context(), rec.UnitID)
		if oerr != nil {
			s.fail(w, r, oerr)
			return
		}
		http.Redirect(w, r, fmt.Sprintf("/admin/orgs/%s/records/%d", o.Code, rec.ID), http.StatusSeeOther)
	case errs.Is(err, errs.Invalid):
		s.renderInspection(w, r, http.StatusUnprocessableEntity, err)
	default:
		s.fail(w, r, err)
	}
}

type apiNoticeIn struct {
	Days     int    `json:"days"`
	Title    string `json:"title"`
	BodyHTML string `json:"body_html"`
}

// apiInspectionNotice starts the notice record of a closed round: 201 with the record, or
// 200 with the existing one.
func (s *Server) apiInspectionNotice(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id", "检查轮次")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in apiNoticeIn
	if err := decodeJSON(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	rec, existing, err := s.app.CreateNoticeRecord(r.Context(), principalOf(r), id, app.NoticeInput{Days: in.Days, Title: in.Title, BodyHTML: in.BodyHTML})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	o, err := s.app.Org(r.Context(), rec.UnitID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	status := http.StatusCreated
	if existing {
		status = http.StatusOK
	}
	writeJSON(w, status, toAPIRecord(rec, o.Code, true))
}

// roundNoticeData adds the round's notice record, if any, to a round page's data.
func (s *Server) roundNoticeData(r *http.Request, d map[string]any, id int64) {
	if rn, ok, err := s.app.RoundNotice(r.Context(), principalOf(r), id); err == nil && ok {
		d["Notice"] = rn
	}
}

// publicPublisher resolves the organisation in a public record address: a pilot unit, or a
// supervising office that publishes inspection notices.
func (s *Server) publicPublisher(w http.ResponseWriter, r *http.Request) (org.Org, bool) {
	u, err := s.app.Publisher(r.Context(), r.PathValue("unit"))
	if err != nil {
		s.fail(w, r, errs.E(errs.NotFound, "没有代码为“%s”的试点单位", r.PathValue("unit")))
		return u, false
	}
	return u, true
}
