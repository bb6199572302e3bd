package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"

	"gongkai/internal/app"
	"gongkai/internal/calendar"
	"gongkai/internal/campaign"
	"gongkai/internal/errs"
	"gongkai/internal/org"
)

// addSupervisionRoutes adds the supervision of campaigns: the staff dashboards and
// obligation pages, liaisons, the JSON API and the public special topic (/pilot/).
func (s *Server) addSupervisionRoutes() {
	s.handle("GET", "/pilot/{$}", Public, "", s.pilotIndex)
	s.handle("GET", "/{topic}/{campaign}/{$}", Public, "", s.pilotPage) // /pilot/{campaign}/, see pilotPage

	s.handle("GET", "/admin/orgs/{org}/campaigns", OrgScope, org.PermView, s.campaignsPage)
	s.handle("GET", "/admin/orgs/{org}/campaigns/new", OrgScope, org.PermManageCampaign, s.campaignNewForm)
	s.handle("POST", "/admin/orgs/{org}/campaigns", OrgScope, org.PermManageCampaign, s.campaignSave)
	s.handle("GET", "/admin/orgs/{org}/campaigns/{id}", OrgScope, org.PermView, s.campaignDashboard)
	s.handle("GET", "/admin/orgs/{org}/campaigns/{id}/edit", OrgScope, org.PermManageCampaign, s.campaignEditForm)
	s.handle("POST", "/admin/orgs/{org}/campaigns/{id}/edit", OrgScope, org.PermManageCampaign, s.campaignSave)
	s.handle("GET", "/admin/orgs/{org}/campaigns/{id}/grid.xlsx", OrgScope, org.PermView, s.campaignGridExport)
	s.handle("POST", "/admin/orgs/{org}/campaigns/{id}/units", OrgScope, org.PermManageCampaign, s.campaignUnitsImport)
	s.handle("GET", "/admin/orgs/{org}/obligations/{id}", OrgScope, org.PermView, s.obligationPage)
	s.handle("POST", "/admin/orgs/{org}/obligations/{id}/submissions", OrgScope, org.PermSubmitReport, s.obligationSubmit)
	s.handle("POST", "/admin/orgs/{org}/obligations/{id}/receipt", OrgScope, org.PermReceiveFiling, s.obligationReceipt)
	s.handle("GET", "/admin/orgs/{org}/submissions/{id}/files/{pos}", OrgScope, org.PermView, s.submissionFile)
	s.handle("POST", "/admin/orgs/{org}/obligations/{id}/highlight", OrgScope, org.PermManageCampaign, s.obligationHighlight)
	s.handle("GET", "/admin/orgs/{org}/liaisons", OrgScope, org.PermView, s.liaisonsPage)
	s.handle("POST", "/admin/orgs/{org}/liaisons", OrgScope, org.PermSubmitReport, s.liaisonRegister)
	s.handle("GET", "/admin/orgs/{org}/liaisons.xlsx", OrgScope, org.PermView, s.liaisonsExport)

	s.handle("GET", "/api/v1/campaigns", APIToken, "", s.apiCampaigns)
	s.handle("POST", "/api/v1/campaigns", APIToken, "", s.apiCampaignCreate)
	s.handle("PUT", "/api/v1/campaigns/{id}", APIToken, "", s.apiCampaignUpdate)
	s.handle("GET", "/api/v1/campaigns/{id}/obligations", APIToken, "", s.apiObligations)
	s.handle("POST", "/api/v1/obligations/{id}/submissions", APIToken, "", s.apiSubmit)
	s.handle("POST", "/api/v1/submissions/{id}/receipt", APIToken, "", s.apiReceipt)
}

// pathID reads a numeric path parameter; anything else is not found.
func pathID(r *http.Request, name, what string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, errs.E(errs.NotFound, "%s不存在", what)
	}
	return id, nil
}

// ---- JSON API ----

// apiDue is a due rule: "YYYY-MM-DD" or {"working_days": N, "after": "issued_on"}.
type apiDue campaign.Due

func (d *apiDue) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		x, err := calendar.ParseDate(s)
		if err != nil {
			return fmt.Errorf("截止日期 %q 须为 YYYY-MM-DD", s)
		}
		*d = apiDue{Date: x}
		return nil
	}
	var r struct {
		WorkingDays int    `json:"working_days"`
		After       string `json:"after"`
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		return fmt.Errorf("截止日期须为日期或 {\"working_days\":N,\"after\":\"issued_on\"}")
	}
	*d = apiDue{WorkingDays: r.WorkingDays, After: r.After}
	return nil
}

func (d apiDue) MarshalJSON() ([]byte, error) {
	if !d.Date.IsZero() {
		return json.Marshal(d.Date.String())
	}
	return json.Marshal(map[string]any{"working_days": d.WorkingDays, "after": d.After})
}

type apiDeliverable struct {
	Kind       string   `json:"kind"`
	Title      string   `json:"title"`
	Owner      string   `json:"owner"`
	Recipients []string `json:"recipients"`
	Due        apiDue   `json:"due"`
}

type apiPhase struct {
	Name         string           `json:"name"`
	Deliverables []apiDeliverable `json:"deliverables"`
}

type apiParticipant struct {
	Unit    string   `json:"unit"`
	Domains []string `json:"domains"`
}

type apiCadences struct {
	Unit         string `json:"unit"`
	City         string `json:"city"`
	Department   string `json:"department"`
	DueAfter     int    `json:"due_after_working_days,omitempty"`
	RemindBefore int    `json:"remind_before_working_days,omitempty"`
	LiaisonDays  int    `json:"liaison_working_days,omitempty"`
}

type apiCampaign struct {
	ID           int64            `json:"id,omitempty"`
	Name         string           `json:"name"`
	DocNo        string           `json:"doc_no"`
	IssuedOn     string           `json:"issued_on"`
	DocText      string           `json:"doc_text,omitempty"`
	DocLink      string           `json:"doc_link,omitempty"`
	Public       bool             `json:"public"`
	ReportsUntil string           `json:"reports_until,omitempty"`
	Units        []apiParticipant `json:"units"`
	Phases       []apiPhase       `json:"phases"`
	Cadences     apiCadences      `json:"cadences"`
}

func (in apiCampaign) campaign() (campaign.Campaign, error) {
	c := campaign.Campaign{ID: in.ID, Name: in.Name, DocNo: in.DocNo, DocText: in.DocText, DocLink: in.DocLink, Public: in.Public,
		Cadences: campaign.Cadences{Unit: campaign.Cadence(in.Cadences.Unit), City: campaign.Cadence(in.Cadences.City), Department: campaign.Cadence(in.Cadences.Department),
			DueAfter: in.Cadences.DueAfter, RemindBefore: in.Cadences.RemindBefore, LiaisonDays: in.Cadences.LiaisonDays}}
	var fe []errs.FieldError
	var err error
	if c.IssuedOn, err = calendar.ParseDate(in.IssuedOn); err != nil {
		fe = append(fe, errs.FieldError{Field: "issued_on", Label: "印发日期", Message: "须为 YYYY-MM-DD 格式的日期"})
	}
	if in.ReportsUntil != "" {
		if c.ReportsUntil, err = calendar.ParseDate(in.ReportsUntil); err != nil {
			fe = append(fe, errs.FieldError{Field: "reports_until", Label: "进展报送截止", Message: "须为 YYYY-MM-DD 格式的日期"})
		}
	}
	if len(fe) > 0 {
		return c, errs.Fields("试点工作安排有误", fe...)
	}
	for _, u := range in.Units {
		c.Units = append(c.Units, campaign.Participant{Unit: u.Unit, Domains: u.Domains})
	}
	for _, ph := range in.Phases {
		p := campaign.Phase{Name: ph.Name}
		for _, d := range ph.Deliverables {
			var rs []campaign.Recipient
			for _, r := range d.Recipients {
				rs = append(rs, campaign.Recipient(r))
			}
			p.Deliverables = append(p.Deliverables, campaign.Deliverable{Kind: campaign.Kind(d.Kind), Title: d.Title, Owner: campaign.Owner(d.Owner),
				Recipients: rs, Due: campaign.Due(d.Due)})
		}
		c.Phases = append(c.Phases, p)
	}
	return c, nil
}

func apiCampaignOf(c campaign.Campaign) apiCampaign {
	out := apiCampaign{ID: c.ID, Name: c.Name, DocNo: c.DocNo, IssuedOn: c.IssuedOn.String(), DocText: c.DocText, DocLink: c.DocLink, Public: c.Public,
		ReportsUntil: c.ReportsUntil.String(), Units: []apiParticipant{}, Phases: []apiPhase{},
		Cadences: apiCadences{Unit: string(c.Cadences.Unit), City: string(c.Cadences.City), Department: string(c.Cadences.Department),
			DueAfter: c.Cadences.DueAfter, RemindBefore: c.Cadences.RemindBefore, LiaisonDays: c.Cadences.LiaisonDays}}
	for _, u := range c.Units {
		out.Units = append(out.Units, apiParticipant{Unit: u.Unit, Domains: u.Domains})
	}
	for _, ph := range c.Phases {
		p := apiPhase{Name: ph.Name, Deliverables: []apiDeliverable{}}
		for _, d := range ph.Deliverables {
			rs := []string{}
			for _, r := range d.Recipients {
				rs = append(rs, string(r))
			}
			p.Deliverables = append(p.Deliverables, apiDeliverable{Kind: string(d.Kind), Title: d.Title, Owner: string(d.Owner), Recipients: rs, Due: apiDue(d.Due)})
		}
		out.Phases = append(out.Phases, p)
	}
	return out
}

func (s *Server) apiCampaigns(w http.ResponseWriter, r *http.Request) {
	cs, err := s.app.Campaigns(r.Context(), principalOf(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := []apiCampaign{}
	for _, c := range cs {
		out = append(out, apiCampaignOf(c))
	}
	writeJSON(w, http.StatusOK, map[string]any{"campaigns": out})
}

func (s *Server) apiCampaignCreate(w http.ResponseWriter, r *http.Request) {
	var in apiCampaign
	if err := decodeJSON(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	in.ID = 0
	c, err := in.campaign()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id, err := s.app.SaveCampaign(r.Context(), principalOf(r), c)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": id})
}

// apiCampaignUpdate replaces a campaign's plan: obligations are regenerated, submissions kept.
func (s *Server) apiCampaignUpdate(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id", "试点工作")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in apiCampaign
	if err := decodeJSON(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	in.ID = id
	c, err := in.campaign()
	if err == nil {
		_, err = s.app.SaveCampaign(r.Context(), principalOf(r), c)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"id": id})
}

type apiObligation struct {
	ID       int64    `json:"id"`
	Unit     string   `json:"unit"`
	Kind     string   `json:"kind"`
	Title    string   `json:"title"`
	Phase    string   `json:"phase,omitempty"`
	Period   string   `json:"period"`
	Due      string   `json:"due"`
	State    string   `json:"state"`
	Version  int      `json:"version"`
	DaysLate int      `json:"days_late,omitempty"`
	To       []string `json:"recipients"`
}

func (s *Server) apiObligations(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id", "试点工作")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	f := app.ObligationFilter{Unit: q.Get("unit"), State: campaign.State(q.Get("state")), Kind: campaign.Kind(q.Get("kind")), City: q.Get("city"), Phase: q.Get("phase")}
	_, rows, err := s.app.CampaignObligations(r.Context(), principalOf(r), id, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	codes, err := s.orgCodes(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := []apiObligation{}
	for _, o := range rows {
		to := []string{}
		for _, rid := range o.Recipients {
			to = append(to, codes[rid])
		}
		out = append(out, apiObligation{ID: o.ID, Unit: o.OrgCode, Kind: string(o.Kind), Title: o.Title, Phase: o.Phase, Period: o.Period(), Due: o.Due.String(),
			State: string(o.State), Version: o.Version, DaysLate: o.DaysLate, To: to})
	}
	writeJSON(w, http.StatusOK, map[string]any{"obligations": out})
}

func (s *Server) orgCodes(r *http.Request) (map[int64]string, error) {
	all, err := s.app.Orgs(r.Context())
	codes := map[int64]string{}
	for _, o := range all {
		codes[o.ID] = o.Code
	}
	return codes, err
}

type apiSubmissionIn struct {
	Summary    string `json:"summary"`
	Progress   string `json:"progress"`
	Problems   string `json:"problems"`
	NextSteps  string `json:"next_steps"`
	Experience string `json:"experience"`
	Public     bool   `json:"public"`
	// CatalogVersions: for the catalog deliverable, ids of the unit's filed catalog versions.
	CatalogVersions []int64 `json:"catalog_versions"`
}

func (s *Server) apiSubmit(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id", "报送事项")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in apiSubmissionIn
	if err := decodeJSON(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	sid, v, err := s.app.SubmitFiling(r.Context(), principalOf(r), id, campaign.Submission{Summary: in.Summary, Progress: in.Progress, Problems: in.Problems,
		NextSteps: in.NextSteps, Experience: in.Experience, Public: in.Public}, app.Filing{CatalogVersions: in.CatalogVersions})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": sid, "version": v})
}

func (s *Server) apiReceipt(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id", "报送")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in struct {
		Decision string `json:"decision"`
		Opinion  string `json:"opinion"`
		As       string `json:"as"` // optional: the recipient's code
	}
	if err := decodeJSON(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	var as int64
	if in.As != "" {
		o, err := s.app.OrgByCode(r.Context(), in.As)
		if err != nil {
			s.fail(w, r, errs.Fields("签收有误", errs.FieldError{Field: "as", Label: "接收方", Message: "不存在"}))
			return
		}
		as = o.ID
	}
	if err := s.app.Receipt(r.Context(), principalOf(r), id, as, campaign.Decision(in.Decision), in.Opinion); err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"id": id, "decision": in.Decision})
}
