package web

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"

	"gongkai/internal/app"
	"gongkai/internal/inspection"
	"gongkai/internal/org"
)

// addInspectionFileRoutes adds the evidence files of manual marks and objections: the file
// itself, for the round's office, its scorers, the unit and the offices above it.
func (s *Server) addInspectionFileRoutes() {
	s.handle("GET", "/admin/orgs/{org}/inspection-files/{id}", OrgScope, org.PermView, s.evidenceFile)
}

// evidenceOf reads the evidence files of a mark or objection form ("files", several) and the
// confirmation that what the guard cannot read was looked at.
func evidenceOf(r *http.Request) (app.EvidenceUpload, error) {
	ups, err := uploadsOf(r, "files")
	return app.EvidenceUpload{Files: ups, ConfirmUnread: r.PostFormValue("confirm_unread") == "1"}, err
}

// evidenceFile sends an evidence file to those who may open it; to anyone else it does not exist.
func (s *Server) evidenceFile(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id", "佐证材料")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	at, err := s.app.EvidenceFile(r.Context(), principalOf(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.sendAttachment(w, r, 0, at, "private, no-store")
}

// evidenceFileURL is where an evidence file opens, under the unit's pages.
func evidenceFileURL(unit string, fileID int64) string {
	return fmt.Sprintf("/admin/orgs/%s/inspection-files/%d", unit, fileID)
}

// fileEvidence lists the evidence files of a line's marks and objection as evidence of the
// scores view.
func (s *Server) fileEvidence(unit string, ln inspection.Line) []apiEvidence {
	var out []apiEvidence
	for _, m := range ln.Marks {
		for _, f := range m.Files {
			out = append(out, apiEvidence{URL: s.abs(evidenceFileURL(unit, f.ID)), Note: fmt.Sprintf("%s提供的佐证材料：%s", m.ScorerName, f.Name)})
		}
	}
	if o := ln.Objection; o != nil {
		for _, f := range o.Files {
			out = append(out, apiEvidence{URL: s.abs(evidenceFileURL(unit, f.ID)), Note: fmt.Sprintf("异议材料：%s", f.Name)})
		}
	}
	return out
}

// apiMarkInput reads a mark from the API: JSON {"unit","indicator","points","comment"}, or a
// multipart form with the same fields and the evidence files ("files", several;
// "confirm_unread"=1 for scans and photos).
func apiMarkInput(r *http.Request) (unit, indicator string, points float64, comment string, ev app.EvidenceUpload, err error) {
	points = math.NaN()
	if isMultipart(r) {
		if v, perr := strconv.ParseFloat(strings.TrimSpace(r.PostFormValue("points")), 64); perr == nil {
			points = v
		}
		ev, err = evidenceOf(r)
		return r.PostFormValue("unit"), r.PostFormValue("indicator"), points, r.PostFormValue("comment"), ev, err
	}
	var in struct {
		Unit      string   `json:"unit"`
		Indicator string   `json:"indicator"`
		Points    *float64 `json:"points"`
		Comment   string   `json:"comment"`
	}
	if err = decodeJSON(r, &in); err != nil {
		return
	}
	if in.Points != nil {
		points = *in.Points
	}
	return in.Unit, in.Indicator, points, in.Comment, ev, nil
}

// apiObjectionInput reads an objection from the API: JSON {"unit","indicator","reason"}, or a
// multipart form with the same fields and the unit's files.
func apiObjectionInput(r *http.Request) (unit, indicator, reason string, ev app.EvidenceUpload, err error) {
	if isMultipart(r) {
		ev, err = evidenceOf(r)
		return r.PostFormValue("unit"), r.PostFormValue("indicator"), r.PostFormValue("reason"), ev, err
	}
	var in struct {
		Unit      string `json:"unit"`
		Indicator string `json:"indicator"`
		Reason    string `json:"reason"`
	}
	err = decodeJSON(r, &in)
	return in.Unit, in.Indicator, in.Reason, ev, err
}
