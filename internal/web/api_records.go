package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"

	"gongkai/internal/app"
	"gongkai/internal/errs"
	"gongkai/internal/org"
	"gongkai/internal/record"
)

// apiRecordIn is the JSON body of POST /api/v1/records (and of edits).
type apiRecordIn struct {
	Unit           string              `json:"unit"`
	Domain         string              `json:"domain"`
	EntryID        int64               `json:"entry_id"`
	Kind           string              `json:"kind"`
	Title          string              `json:"title"`
	Summary        string              `json:"summary"`
	BodyHTML       string              `json:"body_html"`
	Subject        string              `json:"subject"`
	Issuer         string              `json:"issuer"`
	WrittenOn      string              `json:"written_on"`
	DocNo          string              `json:"doc_no"`
	Validity       string              `json:"validity"`
	EnforcementAct string              `json:"enforcement_act"`
	RepealedOn     string              `json:"repealed_on"`
	Openness       string              `json:"openness"`
	OpennessReason string              `json:"openness_reason"`
	FormedOn       string              `json:"formed_on"`
	PolicyID       int64               `json:"policy_id"`
	PublicityDays  int                 `json:"publicity_days"`
	Guide          record.ServiceGuide `json:"guide"`
	ChangeNote     string              `json:"change_note"`
	// Issue 14: the issuing body (an organisation ID of the unit), 施行日期, 失效日期, the
	// documents this one repeals, and a publicity period in calendar days.
	IssuerOrgID           int64   `json:"issuer_org_id"`
	EffectiveOn           string  `json:"effective_on"`
	ExpiresOn             string  `json:"expires_on"`
	Repeals               []int64 `json:"repeals"`
	PublicityCalendarDays bool    `json:"publicity_calendar_days"`
	// A consultation's period and 起草说明; a decision's consultation.
	CommentsUntil     string `json:"comments_until"`
	ShortPeriodReason string `json:"short_period_reason"`
	DraftingNote      string `json:"drafting_note"`
	ConsultationID    int64  `json:"consultation_id"`
}

func (in apiRecordIn) input() app.RecordInput {
	kind := record.Kind(in.Kind)
	if kind == "" {
		kind = record.KindOther
	}
	return app.RecordInput{Kind: kind, Title: in.Title, Summary: in.Summary, BodyHTML: in.BodyHTML, Subject: in.Subject, Issuer: in.Issuer,
		WrittenOn: in.WrittenOn, DocNo: in.DocNo, Validity: record.Validity(in.Validity), RepealedOn: in.RepealedOn, EnforcementAct: record.EnforcementAct(in.EnforcementAct),
		Openness: record.Openness(in.Openness), OpennessReason: in.OpennessReason, FormedOn: in.FormedOn, PolicyID: in.PolicyID,
		PublicityDays: in.PublicityDays, Guide: in.Guide, ChangeNote: in.ChangeNote,
		IssuerOrgID: in.IssuerOrgID, EffectiveOn: in.EffectiveOn, ExpiresOn: in.ExpiresOn, Repeals: in.Repeals, PublicityCalendarDays: in.PublicityCalendarDays,
		CommentsUntil: in.CommentsUntil, ShortPeriodReason: in.ShortPeriodReason, DraftingNote: in.DraftingNote, ConsultationID: in.ConsultationID}
}

// decodeJSON reads a JSON body (bounded by the route's limit, see Route.MaxBody), refusing
// unknown fields so that typos are not silently ignored, and NUL characters in text.
func decodeJSON(r *http.Request, v any) error {
	b, err := io.ReadAll(r.Body)
	if mbe := (*http.MaxBytesError)(nil); errors.As(err, &mbe) {
		return tooLarge(mbe.Limit)
	} else if err != nil {
		return badRequest("无法读取请求体")
	}
	if err := checkJSONText(b); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil && err != io.EOF {
		return errs.E(errs.Invalid, "请求体不是有效的 JSON：%v", err)
	}
	return nil
}

// apiRecord is the JSON form of a record revision.
type apiRecord struct {
	ID              int64                `json:"id"`
	URL             string               `json:"url"`
	Unit            string               `json:"unit"`
	Domain          string               `json:"domain"`
	EntryID         int64                `json:"entry_id"`
	EntryKey        string               `json:"entry_key"`
	Kind            string               `json:"kind"`
	State           string               `json:"state"`
	Revision        int                  `json:"revision"`
	PublicRevision  int                  `json:"public_revision"`
	PendingRevision int                  `json:"pending_revision,omitempty"`
	Title           string               `json:"title"`
	Summary         string               `json:"summary,omitempty"`
	BodyHTML        string               `json:"body_html,omitempty"`
	IndexNo         string               `json:"index_no,omitempty"`
	Subject         string               `json:"subject,omitempty"`
	Issuer          string               `json:"issuer,omitempty"`
	WrittenOn       string               `json:"written_on,omitempty"`
	PublishedAt     *time.Time           `json:"published_at,omitempty"`
	DocNo           string               `json:"doc_no,omitempty"`
	Validity        string               `json:"validity,omitempty"`
	EffectiveOn     string               `json:"effective_on,omitempty"`
	ExpiresOn       string               `json:"expires_on,omitempty"`
	Repeals         []int64              `json:"repeals,omitempty"`
	RepealedBy      int64                `json:"repealed_by,omitempty"`
	IssuerOrgID     int64                `json:"issuer_org_id,omitempty"`
	Openness        string               `json:"openness,omitempty"`
	FormedOn        string               `json:"formed_on,omitempty"`
	Guide           *record.ServiceGuide `json:"guide,omitempty"`
	ScheduledAt     *time.Time           `json:"scheduled_at,omitempty"`
	WithdrawnAt     *time.Time           `json:"withdrawn_at,omitempty"`
	WithdrawReason  string               `json:"withdraw_reason,omitempty"`
	ChangeNote      string               `json:"change_note,omitempty"`
	PIIFindings     *int                 `json:"pii_findings,omitempty"`
	// UnreadAttachments: attachments the guard could not read and nobody has confirmed yet.
	UnreadAttachments *int   `json:"unread_attachments,omitempty"`
	ReviewOpinion     string `json:"review_opinion,omitempty"`
	ApproveOpinion    string `json:"approve_opinion,omitempty"`
	// Consultations and the decisions that follow them.
	CommentsUntil     string `json:"comments_until,omitempty"`
	ShortPeriodReason string `json:"short_period_reason,omitempty"`
	DraftingNote      string `json:"drafting_note,omitempty"`
	ConsultationID    int64  `json:"consultation_id,omitempty"`
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func dateText(d interface {
	IsZero() bool
	String() string
}) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

// toAPIRecord renders a revision; staff also see the procedure fields.
func toAPIRecord(r record.Record, unitCode string, staff bool) apiRecord {
	out := apiRecord{ID: r.ID, URL: "/" + unitCode + "/records/" + strconv.FormatInt(r.ID, 10), Unit: unitCode, Domain: r.Domain, EntryID: r.EntryID, EntryKey: r.EntryKey,
		Kind: string(r.Kind), State: string(r.State), Revision: r.Revision, PublicRevision: r.PublicRevision, PendingRevision: r.PendingRevision,
		Title: r.Title, Summary: r.Summary, IndexNo: r.IndexNo, Subject: r.Subject, Issuer: r.Issuer, WrittenOn: dateText(r.WrittenOn),
		PublishedAt: timePtr(r.PublishedAt), DocNo: r.DocNo, Validity: string(r.Validity), Openness: string(r.Openness),
		WithdrawnAt: timePtr(r.WithdrawnAt), WithdrawReason: r.WithdrawReason, ChangeNote: r.ChangeNote,
		EffectiveOn: dateText(r.EffectiveOn), ExpiresOn: dateText(r.ExpiresOn), Repeals: r.Repeals, RepealedBy: r.RepealedBy, IssuerOrgID: r.IssuerOrgID}
	if staff || r.Openness.ShowsBody() {
		out.BodyHTML = r.BodyHTML
	}
	if !r.Guide.IsZero() {
		g := r.Guide
		out.Guide = &g
	}
	out.CommentsUntil, out.ShortPeriodReason, out.DraftingNote = dateText(r.Consultation.CommentsUntil), r.Consultation.ShortPeriodReason, r.Consultation.DraftingNote
	out.ConsultationID = r.ConsultationID
	if staff {
		out.FormedOn = dateText(r.FormedOn)
		out.ScheduledAt = timePtr(r.ScheduledAt)
		n, u := r.PIIFindings, r.UnreadAttachments
		out.PIIFindings, out.UnreadAttachments = &n, &u
		out.ReviewOpinion, out.ApproveOpinion = r.ReviewOpinion, r.ApproveOpinion
	}
	if r.State == record.StateWithdrawn && !staff {
		// The address of a withdrawn record keeps only its title, the date and the reason.
		return apiRecord{ID: r.ID, URL: out.URL, Unit: unitCode, State: string(r.State), Title: r.Title, WithdrawnAt: out.WithdrawnAt, WithdrawReason: r.WithdrawReason}
	}
	return out
}

func (s *Server) apiRecordCreate(w http.ResponseWriter, r *http.Request) {
	var in apiRecordIn
	if err := decodeJSON(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	// unit: the pilot unit, or one of its departments or townships creating what it issues.
	from, err := s.app.OrgByCode(r.Context(), in.Unit)
	var u org.Org
	if err == nil {
		u, err = s.app.UnitOf(r.Context(), from)
	}
	if err != nil {
		s.fail(w, r, errs.Fields("请求有误", errs.FieldError{Field: "unit", Label: "试点单位", Message: "不存在"}))
		return
	}
	p := principalOf(r)
	if !p.Can(org.PermView, from) {
		s.fail(w, r, errs.E(errs.Forbidden, "无权在“%s”新建信息", from.Name))
		return
	}
	input := in.input()
	input.FormedToday = true // documented: formed_on omitted is the day of creation
	rec, err := s.app.CreateRecord(r.Context(), p, from, in.Domain, in.EntryID, input)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, toAPIRecord(rec, u.Code, true))
}

// apiRecordGet answers staff in scope with the current revision and anyone else with the
// public one only.
func (s *Server) apiRecordGet(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := recordIDParam(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if p := principalOf(r); p != nil {
		if rec, u, err := s.app.StaffRecord(ctx, p, id); err == nil {
			writeJSON(w, http.StatusOK, toAPIRecord(rec, u.Code, true))
			return
		}
	}
	rec, _, err := s.app.PublicRecord(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u, err := s.app.Org(ctx, rec.UnitID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toAPIRecord(rec, u.Code, false))
}

func (s *Server) apiRecordEdit(w http.ResponseWriter, r *http.Request) {
	id, err := recordIDParam(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in apiRecordIn
	if err := decodeJSON(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	rec, err := s.app.EditRecord(r.Context(), principalOf(r), id, in.input())
	s.answerRecord(w, r, rec, err)
}

func (s *Server) answerRecord(w http.ResponseWriter, r *http.Request, rec record.Record, err error) {
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u, err := s.app.Org(r.Context(), rec.UnitID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toAPIRecord(rec, u.Code, true))
}

// apiRecordAction maps the contract's procedure calls onto record actions.
func (s *Server) apiRecordAction(w http.ResponseWriter, r *http.Request) {
	id, err := recordIDParam(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in struct {
		Decision   string `json:"decision"`
		Opinion    string `json:"opinion"`
		Reason     string `json:"reason"`
		At         string `json:"at"`
		Attachment int    `json:"attachment"`
	}
	if err := decodeJSON(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	a := record.Action{Opinion: in.Opinion, Reason: in.Reason}
	bad := func(field, msg string) {
		s.fail(w, r, errs.Fields("请求有误", errs.FieldError{Field: field, Label: field, Message: msg}))
	}
	switch step := r.PathValue("action"); step {
	case "submit":
		a.Kind = record.ActionSubmit
	case "review":
		switch in.Decision {
		case "pass":
			a.Kind = record.ActionReviewPass
		case "return":
			a.Kind = record.ActionReviewReturn
		default:
			bad("decision", "须为 pass 或 return")
			return
		}
	case "approve":
		switch in.Decision {
		case "approve":
			a.Kind = record.ActionApprove
		case "return":
			a.Kind = record.ActionApproveReturn
		default:
			bad("decision", "须为 approve 或 return")
			return
		}
		if in.At != "" {
			t, err := time.Parse(time.RFC3339, in.At)
			if err != nil {
				bad("at", "须为 RFC3339 时间，如 2026-12-01T09:00:00+08:00")
				return
			}
			a.At = t
		}
	case "withdraw":
		a.Kind = record.ActionWithdraw
	case "revise":
		a.Kind = record.ActionRevise
	case "discard":
		a.Kind = record.ActionDiscard
	case "cancel-schedule":
		a.Kind = record.ActionCancelSchedule
	case "mask-pii":
		a.Kind = record.ActionMaskPII
	case "allow-pii":
		a.Kind = record.ActionAllowPII
	case "confirm-no-pii":
		a.Kind, a.Attachment = record.ActionConfirmNoPII, in.Attachment
	default:
		s.fail(w, r, errs.E(errs.NotFound, "未知的操作 %s", step))
		return
	}
	rec, err := s.app.Act(r.Context(), principalOf(r), id, a)
	if err == nil && a.Kind == record.ActionDiscard && rec.State == record.StateNew {
		writeJSON(w, http.StatusOK, map[string]any{"id": id, "state": "deleted"})
		return
	}
	s.answerRecord(w, r, rec, err)
}

// recordIDParam reads the {id} of a record route.
func recordIDParam(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, errs.E(errs.NotFound, "信息不存在")
	}
	return id, nil
}
