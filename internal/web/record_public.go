package web

import (
	"io"
	"net/http"
	"net/url"
	"strconv"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/org"
	"gongkai/internal/record"
	"gongkai/internal/store"
)

// recordView is what a record page shows.
type recordView struct {
	record.Record
	Unit            org.Org
	DomainName      string
	SubjectLabel    string
	Attachments     []store.Attachment
	History         []record.Record
	Interpretations []store.RecordRow
	Policy          *store.RecordRow
	PublicityEnd    calendar.Due
	HasPublicityEnd bool
}

func (s *Server) recordPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u, ok := s.publicUnit(w, r)
	if !ok {
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.notFound(w, r)
		return
	}
	if canon := strconv.FormatInt(id, 10); canon != r.PathValue("id") {
		// One address per record: /records/0042 or /records/+42 would be cached as pages of
		// their own, as many as anyone cares to invent.
		http.Redirect(w, r, "/"+u.Code+"/records/"+canon, http.StatusMovedPermanently)
		return
	}
	rec, row, err := s.app.PublicRecord(ctx, id)
	if err != nil || row.UnitID != u.ID {
		s.fail(w, r, errs.E(errs.NotFound, "信息不存在或尚未发布"))
		return
	}
	v := recordView{Record: rec, Unit: u}
	if rec.State == record.StateWithdrawn {
		s.render(w, r, http.StatusOK, "record.html", map[string]any{"Title": rec.Title, "R": v, "Withdrawn": true})
		return
	}
	if dm, err := s.domainsOf(ctx, []string{rec.Domain}); err == nil && len(dm) == 1 {
		v.DomainName = dm[0].Name
	}
	v.SubjectLabel, _ = record.SubjectLabel(rec.Subject)
	if v.Attachments, err = s.app.Store.Attachments(ctx, id, rec.Revision); err != nil {
		s.fail(w, r, err)
		return
	}
	revs, err := s.app.Store.Revisions(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, h := range revs {
		if h.Revision <= rec.PublicRevision && h.State == record.StatePublished {
			v.History = append(v.History, h)
		}
	}
	if v.Interpretations, err = s.app.Store.Interpretations(ctx, id); err != nil {
		s.fail(w, r, err)
		return
	}
	if rec.PolicyID != 0 {
		if pol, err := s.app.Store.RecordRowByID(ctx, rec.PolicyID); err == nil && pol.State == record.StatePublished {
			v.Policy = &pol
		}
	}
	if cal, _, err := s.app.Calendar(ctx); err == nil {
		v.PublicityEnd, v.HasPublicityEnd = record.PublicityEnd(rec, cal)
	}
	s.render(w, r, http.StatusOK, "record.html", map[string]any{"Title": rec.Title, "R": v})
}

// recordFile serves an attachment of a published revision.
func (s *Server) recordFile(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u, ok := s.publicUnit(w, r)
	if !ok {
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.notFound(w, r)
		return
	}
	row, err := s.app.Store.RecordRowByID(ctx, id)
	if err != nil || row.UnitID != u.ID {
		s.notFound(w, r)
		return
	}
	at, err := s.app.Store.PublicAttachment(ctx, id, r.PathValue("hash"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f, err := s.app.OpenAttachment(at.Hash)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	defer f.Close()
	w.Header().Set("Content-Type", at.MediaType)
	w.Header().Set("Content-Disposition", "attachment; filename=\"file\"; filename*=UTF-8''"+url.PathEscape(at.Name))
	w.Header().Set("Content-Length", strconv.FormatInt(at.Size, 10))
	w.Header().Set("Cache-Control", "public, max-age=86400")
	io.Copy(w, f)
}
