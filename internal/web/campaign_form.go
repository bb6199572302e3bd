package web

import (
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"gongkai/internal/calendar"
	"gongkai/internal/campaign"
	"gongkai/internal/errs"
	"gongkai/internal/org"
)

// The province office's form to create and edit a campaign: its document, the units with
// their domains (one line each), the deliverables (one row each, grouped into phases by the
// phase named in the row) and the cadences. It works without JavaScript: the form offers
// the rows there are and three empty ones; saving with filled rows adds them. An edit
// regenerates the obligations that are not yet due and keeps every submission
// (app.SaveCampaign).

// campaignForm is the form as entered, kept as text so that a refused form comes back as
// typed.
type campaignForm struct {
	Name, DocNo, IssuedOn, DocLink, DocText, ReportsUntil string
	Public                                                bool
	Units                                                 string // "610112 shjz、zdly", one unit a line
	Rows                                                  []deliverableRow
	Unit, City, Department                                string // cadences
	DueAfter, RemindBefore, LiaisonDays                   string
}

// deliverableRow is one deliverable of the form.
type deliverableRow struct {
	Phase, Kind, Title, Owner string
	ToProvince, ToCity        bool
	DueDate, DueDays          string
}

func (r deliverableRow) empty() bool {
	return strings.TrimSpace(r.Phase+r.Title+r.DueDate+r.DueDays) == ""
}

// blankRows are offered beyond the rows there are.
const blankRows = 3

func formOfCampaign(c campaign.Campaign) campaignForm {
	f := campaignForm{Name: c.Name, DocNo: c.DocNo, IssuedOn: c.IssuedOn.String(), DocLink: c.DocLink, DocText: c.DocText, Public: c.Public,
		Unit: string(c.Cadences.Unit), City: string(c.Cadences.City), Department: string(c.Cadences.Department)}
	if !c.ReportsUntil.IsZero() {
		f.ReportsUntil = c.ReportsUntil.String()
	}
	num := func(n int) string {
		if n == 0 {
			return ""
		}
		return strconv.Itoa(n)
	}
	f.DueAfter, f.RemindBefore, f.LiaisonDays = num(c.Cadences.DueAfter), num(c.Cadences.RemindBefore), num(c.Cadences.LiaisonDays)
	var lines []string
	for _, u := range c.Units {
		lines = append(lines, u.Unit+" "+strings.Join(u.Domains, "、"))
	}
	f.Units = strings.Join(lines, "\n")
	for _, ph := range c.Phases {
		for _, d := range ph.Deliverables {
			row := deliverableRow{Phase: ph.Name, Kind: string(d.Kind), Title: d.Title, Owner: string(d.Owner)}
			for _, r := range d.Recipients {
				row.ToProvince = row.ToProvince || r == campaign.ToProvince
				row.ToCity = row.ToCity || r == campaign.ToCity
			}
			if d.Due.Date.IsZero() {
				row.DueDays = strconv.Itoa(d.Due.WorkingDays)
			} else {
				row.DueDate = d.Due.Date.String()
			}
			f.Rows = append(f.Rows, row)
		}
	}
	return f
}

// readCampaignForm reads the posted form.
func readCampaignForm(r *http.Request) campaignForm {
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	f := campaignForm{Name: v("name"), DocNo: v("doc_no"), IssuedOn: v("issued_on"), DocLink: v("doc_link"), DocText: r.PostFormValue("doc_text"),
		ReportsUntil: v("reports_until"), Public: v("public") == "1", Units: r.PostFormValue("units"),
		Unit: v("cadence_unit"), City: v("cadence_city"), Department: v("cadence_department"),
		DueAfter: v("due_after"), RemindBefore: v("remind_before"), LiaisonDays: v("liaison_days")}
	n, _ := strconv.Atoi(v("rows"))
	for i := 0; i < min(max(n, 0), 200); i++ {
		k := func(name string) string { return v(fmt.Sprintf("d%d_%s", i, name)) }
		f.Rows = append(f.Rows, deliverableRow{Phase: k("phase"), Kind: k("kind"), Title: k("title"), Owner: k("owner"),
			ToProvince: k("to_province") == "1", ToCity: k("to_city") == "1", DueDate: k("due_date"), DueDays: k("due_days")})
	}
	return f
}

var unitLineSep = regexp.MustCompile(`[\s,，、;；：:]+`)

// parsed is the campaign the form describes, with where each part came from so that
// errors name the line or row.
type parsed struct {
	c        campaign.Campaign
	unitLine []int   // line of units[i]
	rowOf    [][]int // form row of phases[p].deliverables[d]
	fe       []errs.FieldError
}

// campaign turns the form into a campaign. Units and domains may be given by code or by
// name; what cannot be read is reported by line or row.
func (f campaignForm) campaign(orgs []org.Org, domains []org.Domain) parsed {
	var p parsed
	c := &p.c
	add := func(field, label, msg string) {
		p.fe = append(p.fe, errs.FieldError{Field: field, Label: label, Message: msg})
	}
	c.Name, c.DocNo, c.DocLink, c.DocText, c.Public = f.Name, f.DocNo, f.DocLink, f.DocText, f.Public
	var err error
	if c.IssuedOn, err = calendar.ParseDate(f.IssuedOn); err != nil {
		add("issued_on", "印发日期", "须为 YYYY-MM-DD 格式的日期")
	}
	if f.ReportsUntil != "" {
		if c.ReportsUntil, err = calendar.ParseDate(f.ReportsUntil); err != nil {
			add("reports_until", "进展报送截止", "须为 YYYY-MM-DD 格式的日期")
		}
	}
	c.Cadences = campaign.Cadences{Unit: campaign.Cadence(f.Unit), City: campaign.Cadence(f.City), Department: campaign.Cadence(f.Department)}
	for _, x := range []struct {
		s, field, label string
		to              *int
	}{{f.DueAfter, "due_after", "进展报告截止（期末后工作日数）", &c.Cadences.DueAfter}, {f.RemindBefore, "remind_before", "提前提醒工作日数", &c.Cadences.RemindBefore},
		{f.LiaisonDays, "liaison_days", "联络员报送（印发后工作日数）", &c.Cadences.LiaisonDays}} {
		if x.s == "" {
			continue
		}
		if *x.to, err = strconv.Atoi(x.s); err != nil || *x.to < 0 {
			add(x.field, x.label, "须为非负整数")
		}
	}
	unitCode := func(s string) (string, bool) {
		for _, o := range orgs {
			if o.Kind == org.KindUnit && (o.Code == s || o.Name == s) {
				return o.Code, true
			}
		}
		return s, false
	}
	domainCode := func(s string) string {
		for _, d := range domains {
			if d.Code == s || d.Name == s {
				return d.Code
			}
		}
		return s // unknown: the app names it
	}
	for i, line := range strings.Split(f.Units, "\n") {
		parts := unitLineSep.Split(strings.TrimSpace(line), -1)
		if len(parts) == 0 || parts[0] == "" {
			continue
		}
		code, ok := unitCode(parts[0])
		if !ok {
			add("units", fmt.Sprintf("试点单位（第%d行）", i+1), fmt.Sprintf("没有代码或名称为“%s”的试点单位", parts[0]))
			continue
		}
		u := campaign.Participant{Unit: code}
		for _, d := range parts[1:] {
			u.Domains = append(u.Domains, domainCode(d))
		}
		c.Units = append(c.Units, u)
		p.unitLine = append(p.unitLine, i+1)
	}
	phaseIx := map[string]int{}
	for i, row := range f.Rows {
		if row.empty() {
			continue
		}
		d := campaign.Deliverable{Kind: campaign.Kind(row.Kind), Title: row.Title, Owner: campaign.Owner(row.Owner)}
		if row.ToProvince {
			d.Recipients = append(d.Recipients, campaign.ToProvince)
		}
		if row.ToCity {
			d.Recipients = append(d.Recipients, campaign.ToCity)
		}
		label := fmt.Sprintf("报送事项第%d行·截止日期", i+1)
		switch {
		case row.DueDays != "":
			n, err := strconv.Atoi(row.DueDays)
			if err != nil {
				add(fmt.Sprintf("rows[%d].due_days", i), label, "印发后工作日数须为整数")
			}
			d.Due = campaign.Due{WorkingDays: n, After: campaign.EventIssued}
		case row.DueDate != "":
			if d.Due.Date, err = calendar.ParseDate(row.DueDate); err != nil {
				add(fmt.Sprintf("rows[%d].due_date", i), label, "须为 YYYY-MM-DD 格式的日期")
			}
		}
		pi, ok := phaseIx[row.Phase]
		if !ok {
			pi = len(c.Phases)
			phaseIx[row.Phase] = pi
			c.Phases = append(c.Phases, campaign.Phase{Name: row.Phase})
			p.rowOf = append(p.rowOf, nil)
		}
		c.Phases[pi].Deliverables = append(c.Phases[pi].Deliverables, d)
		p.rowOf[pi] = append(p.rowOf[pi], i+1)
	}
	return p
}

var (
	deliverableField = regexp.MustCompile(`^phases\[(\d+)\]\.deliverables\[(\d+)\]\.(\w+)$`)
	phaseField       = regexp.MustCompile(`^phases\[(\d+)\]\.name$`)
	unitField        = regexp.MustCompile(`^units\[(\d+)\]\.(\w+)$`)
)

// locate rewrites the labels of the app's field errors to name the form's line or row
// ("报送事项第3行·截止日期", "试点单位（第2行）").
func (p parsed) locate(err error) error {
	e, ok := err.(*errs.Error)
	if !ok || len(e.Fields) == 0 {
		return err
	}
	out := *e
	out.Fields = append([]errs.FieldError(nil), e.Fields...)
	for i, f := range out.Fields {
		if m := deliverableField.FindStringSubmatch(f.Field); m != nil {
			pi, _ := strconv.Atoi(m[1])
			di, _ := strconv.Atoi(m[2])
			if pi < len(p.rowOf) && di < len(p.rowOf[pi]) {
				out.Fields[i].Label = fmt.Sprintf("报送事项第%d行·%s", p.rowOf[pi][di], f.Label)
			}
		} else if m := phaseField.FindStringSubmatch(f.Field); m != nil {
			pi, _ := strconv.Atoi(m[1])
			if pi < len(p.rowOf) && len(p.rowOf[pi]) > 0 {
				out.Fields[i].Label = fmt.Sprintf("报送事项第%d行·%s", p.rowOf[pi][0], f.Label)
			}
		} else if m := unitField.FindStringSubmatch(f.Field); m != nil {
			ui, _ := strconv.Atoi(m[1])
			if ui < len(p.unitLine) {
				out.Fields[i].Label = fmt.Sprintf("%s（第%d行）", f.Label, p.unitLine[ui])
			}
		}
	}
	return &out
}

func (s *Server) campaignNewForm(w http.ResponseWriter, r *http.Request) {
	if orgOf(r).ParentID != 0 {
		s.fail(w, r, errs.E(errs.NotFound, "页面不存在"))
		return
	}
	f := campaignForm{Unit: string(campaign.Semimonthly), City: string(campaign.Monthly), Department: string(campaign.Monthly)}
	s.renderCampaignForm(w, r, http.StatusOK, 0, f, nil)
}

func (s *Server) campaignEditForm(w http.ResponseWriter, r *http.Request) {
	if orgOf(r).ParentID != 0 {
		s.fail(w, r, errs.E(errs.NotFound, "页面不存在"))
		return
	}
	id, err := pathID(r, "id", "试点工作")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := s.app.CampaignFor(r.Context(), principalOf(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderCampaignForm(w, r, http.StatusOK, id, formOfCampaign(c), nil)
}

// campaignSave creates (no {id}) or changes a campaign from the form.
func (s *Server) campaignSave(w http.ResponseWriter, r *http.Request) {
	if orgOf(r).ParentID != 0 {
		s.fail(w, r, errs.E(errs.NotFound, "页面不存在"))
		return
	}
	var id int64
	if r.PathValue("id") != "" {
		var err error
		if id, err = pathID(r, "id", "试点工作"); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	f := readCampaignForm(r)
	orgs, err := s.app.Orgs(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	doms, err := s.app.Domains(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := f.campaign(orgs, doms)
	p.c.ID = id
	if len(p.fe) > 0 {
		err = errs.Fields("试点工作安排有误", p.fe...)
	} else {
		id, err = s.app.SaveCampaign(r.Context(), principalOf(r), p.c)
		err = p.locate(err)
	}
	if errs.Is(err, errs.Invalid) {
		s.renderCampaignForm(w, r, http.StatusUnprocessableEntity, p.c.ID, f, err)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/orgs/"+orgOf(r).Code+"/campaigns/"+strconv.FormatInt(id, 10)+"?"+flashQuery("saved"), http.StatusSeeOther)
}

func (s *Server) renderCampaignForm(w http.ResponseWriter, r *http.Request, status int, id int64, f campaignForm, formErr error) {
	title := "新建试点工作"
	action := "/admin/orgs/" + orgOf(r).Code + "/campaigns"
	if id != 0 {
		title = "编辑试点工作"
		action += "/" + strconv.FormatInt(id, 10) + "/edit"
	}
	d, err := s.adminData(r, "campaigns", title)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for range blankRows {
		f.Rows = append(f.Rows, deliverableRow{Kind: string(campaign.KindOther), Owner: string(campaign.OwnerUnit), ToProvince: true})
	}
	d["F"], d["ID"], d["Action"], d["Heading"] = f, id, action, title
	d["Kinds"], d["Owners"] = deliverableKinds(), campaign.Owners
	d["Cadences"] = []campaign.Cadence{campaign.NoReports, campaign.Semimonthly, campaign.Monthly}
	if formErr != nil {
		d["Error"] = formErr
	}
	s.render(w, r, status, "campaign_form.html", d)
}

// deliverableKinds are the kinds a deliverable may have (progress reports come from the
// cadences, liaisons from the campaign itself).
func deliverableKinds() []campaign.Kind {
	var out []campaign.Kind
	for _, k := range campaign.Kinds {
		if k != campaign.KindProgress && k != campaign.KindRectification {
			out = append(out, k)
		}
	}
	return out
}
