package web

import (
	"errors"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"strconv"

	"gongkai/internal/app"
	"gongkai/internal/attach"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/org"
	"gongkai/internal/record"
)

// recordView is what a record page shows.
type recordView struct {
	record.Record
	Unit            org.Org
	DomainName      string
	SubjectLabel    string
	Attachments     []attach.Attachment
	History         []record.Record
	Interpretations []record.Row
	Policy          *record.Row
	PublicityEnd    calendar.Due
	HasPublicityEnd bool
	// ForceNow is the document's state of force today; ReplacedBy the document that repealed
	// it (ID 0 when none); RepealedDocs the documents it repealed.
	ForceNow     record.Force
	ReplacedBy   record.Row
	RepealedDocs []record.Row
}

// ColumnSection is the anchor of the 专栏 section a column record is listed under.
func (v recordView) ColumnSection() string {
	switch v.Kind {
	case record.KindInfoGuide:
		return "guide"
	case record.KindInfoRules:
		return "rules"
	}
	return "annual"
}

// ColumnName is the name of that section.
func (v recordView) ColumnName() string {
	for _, sec := range columnSections {
		if sec.ID == v.ColumnSection() {
			return sec.Name
		}
	}
	return ""
}

func (s *Server) recordPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u, ok := s.publicPublisher(w, r) // inspection_notice.go
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
	pg, err := s.app.PublicRecordPage(ctx, id)
	if pg.Row.ID == 0 || pg.Row.UnitID != u.ID {
		s.fail(w, r, errs.E(errs.NotFound, "信息不存在或尚未发布"))
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rec := pg.Record
	if rec.State == record.StateWithdrawn {
		v := recordView{Record: rec, Unit: u, Attachments: pg.Attachments, History: pg.History, Interpretations: pg.Interpretations, Policy: pg.Policy,
			ForceNow: pg.Force, ReplacedBy: pg.RepealedBy, RepealedDocs: pg.Repeals}
		s.render(w, r, http.StatusOK, "record.html", map[string]any{"Title": rec.Title, "R": v, "Withdrawn": true})
		return
	}
	domainName := ""
	if dm, err := s.app.DomainsOf(ctx, []string{rec.Domain}); err == nil && len(dm) == 1 {
		domainName = dm[0].Name
	}
	cal, _, err := s.app.Calendar(ctx)
	s.render(w, r, http.StatusOK, "record.html", recordPageData(u, pg, domainName, cal, err == nil))
}

// recordPageData is the template data of the page of a published record, for recordPage
// and for the static export's bulk rendering (Exporter.RecordPages), which must give the
// same bytes: domainName is the name of the record's domain ("" when unknown), cal the
// working-day calendar when hasCal.
func recordPageData(u org.Org, pg app.PublicPage, domainName string, cal *calendar.Calendar, hasCal bool) map[string]any {
	rec := pg.Record
	v := recordView{Record: rec, Unit: u, Attachments: pg.Attachments, History: pg.History, Interpretations: pg.Interpretations, Policy: pg.Policy,
		ForceNow: pg.Force, ReplacedBy: pg.RepealedBy, RepealedDocs: pg.Repeals, DomainName: domainName}
	v.SubjectLabel, _ = record.SubjectLabel(rec.Subject)
	if hasCal {
		v.PublicityEnd, v.HasPublicityEnd = record.PublicityEnd(rec, cal)
	}
	return map[string]any{"Title": rec.Title, "R": v}
}

// recordFile serves an attachment of the public revision of a published 主动公开 record
// (store.PublicAttachment). Whatever the reason a file is not public — the record does not
// exist, is not published, is 依申请公开 or belongs to another unit, the file belongs to an
// older revision or to no revision — the answer is the same, so that it tells nothing about
// records the public may not see.
func (s *Server) recordFile(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u, ok := s.publicPublisher(w, r) // inspection_notice.go
	if !ok {
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.fail(w, r, errs.E(errs.NotFound, "附件不存在"))
		return
	}
	at, err := s.app.PublicFile(ctx, u.ID, id, r.PathValue("hash"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.sendAttachment(w, r, id, at, "public, max-age=86400")
}

// sendAttachment answers with the file of at, under its own name, for the public file route
// and the staff one alike.
func (s *Server) sendAttachment(w http.ResponseWriter, r *http.Request, recordID int64, at attach.Attachment, cacheControl string) {
	f, err := s.app.OpenAttachment(at.Hash)
	if errors.Is(err, fs.ErrNotExist) {
		// The database names the file but this instance's data directory does not hold it:
		// instances sharing a database must share their data directory as well (README).
		s.log.Error("attachment file missing from the data directory; every instance sharing the database must use the same --data directory",
			"id", requestIDOf(r), "record", recordID, "hash", at.Hash, "data_dir", s.app.Cfg.DataDir)
		s.render(w, r, http.StatusServiceUnavailable, "error.html", map[string]any{"Title": "附件暂时无法下载",
			"Message": "附件文件暂时无法读取，请稍后再试；如仍无法下载，请联系网站管理员。", "Status": http.StatusServiceUnavailable, "RequestID": requestIDOf(r)})
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	defer f.Close()
	w.Header().Set("Content-Type", at.MediaType)
	w.Header().Set("Content-Disposition", "attachment; filename=\"file\"; filename*=UTF-8''"+url.PathEscape(at.Name))
	w.Header().Set("Content-Length", strconv.FormatInt(at.Size, 10))
	w.Header().Set("Cache-Control", cacheControl)
	io.Copy(w, f)
}
