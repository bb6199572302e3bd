package web

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/app"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/inspection"
	"gongkai/internal/org"
)

// addInspectionRoutes adds inspection and evaluation: indicator sets, rounds, scores with
// evidence, marks, objections, rankings and bonus points; staff pages and the JSON API.
func (s *Server) addInspectionRoutes() {
	s.handle("GET", "/admin/orgs/{org}/inspections", OrgScope, org.PermView, s.inspectionsPage)
	s.handle("POST", "/admin/orgs/{org}/inspections", OrgScope, org.PermManageInspection, s.inspectionCreate)
	s.handle("GET", "/admin/orgs/{org}/inspections/trend", OrgScope, org.PermView, s.inspectionTrend)
	s.handle("GET", "/admin/orgs/{org}/inspections/trend.xlsx", OrgScope, org.PermView, s.inspectionTrendExport)
	s.handle("GET", "/admin/orgs/{org}/inspections/{id}", OrgScope, org.PermView, s.inspectionPage)
	s.handle("GET", "/admin/orgs/{org}/inspections/{id}/ranking.xlsx", OrgScope, org.PermView, s.inspectionRankingExport)
	s.handle("GET", "/admin/orgs/{org}/inspections/{id}/notice", OrgScope, org.PermManageInspection, s.inspectionNotice)
	s.handle("POST", "/admin/orgs/{org}/inspections/{id}/compute", OrgScope, org.PermManageInspection, s.inspectionCompute)
	s.handle("POST", "/admin/orgs/{org}/inspections/{id}/close", OrgScope, org.PermManageInspection, s.inspectionClose)
	s.handle("POST", "/admin/orgs/{org}/inspections/{id}/marks", OrgScope, org.PermScoreInspection, s.inspectionMark)
	s.handle("POST", "/admin/orgs/{org}/inspections/{id}/objections", OrgScope, org.PermObjectInspection, s.inspectionObject)
	s.handle("POST", "/admin/orgs/{org}/objections/{id}", OrgScope, org.PermManageInspection, s.objectionDecide)
	s.handle("GET", "/admin/orgs/{org}/indicator-sets", OrgScope, org.PermView, s.indicatorSetsPage)
	s.handle("GET", "/admin/orgs/{org}/bonus", OrgScope, org.PermView, s.bonusPage)
	s.handle("POST", "/admin/orgs/{org}/bonus", OrgScope, org.PermManageInspection, s.bonusAward)
	s.handle("GET", "/admin/orgs/{org}/bonus.xlsx", OrgScope, org.PermView, s.bonusExport)

	s.handle("GET", "/api/v1/indicator-sets", APIOpen, "", s.apiIndicatorSets)
	s.handle("POST", "/api/v1/inspections", APIToken, "", s.apiInspectionCreate)
	s.handle("POST", "/api/v1/inspections/{id}/compute", APIToken, "", s.apiRoundAction(s.app.ComputeRound))
	s.handle("POST", "/api/v1/inspections/{id}/marks", APIToken, "", s.apiInspectionMark)
	s.handle("GET", "/api/v1/inspections/{id}/scores", APIToken, "", s.apiInspectionScores)
	s.handle("POST", "/api/v1/inspections/{id}/objections", APIToken, "", s.apiInspectionObject)
	s.handle("POST", "/api/v1/inspections/{id}/close", APIToken, "", s.apiRoundAction(s.app.CloseRound))
	s.handle("POST", "/api/v1/objections/{id}/decision", APIToken, "", s.apiObjectionDecide)
}

// ---- JSON API ----

func (s *Server) apiIndicatorSets(w http.ResponseWriter, r *http.Request) {
	sets, err := s.app.AllIndicatorSets(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"sets": sets})
}

type apiRoundIn struct {
	Name          string   `json:"name"`
	PeriodFrom    string   `json:"period_from"`
	PeriodTo      string   `json:"period_to"`
	Cutoff        string   `json:"cutoff"`
	Units         []string `json:"units"`
	IndicatorSet  string   `json:"indicator_set"`
	Scorers       []string `json:"scorers"`
	Combine       string   `json:"combine"`
	Lead          string   `json:"lead"`
	ObjectionDays int      `json:"objection_days"`
	Office        string   `json:"office"`
}

// input turns the JSON (or form) fields into a RoundInput; dates that do not parse stay zero
// and are named by the validation.
func (in apiRoundIn) input() app.RoundInput {
	x := app.RoundInput{Name: in.Name, Units: in.Units, SetKey: in.IndicatorSet, Scorers: in.Scorers, Combine: in.Combine, Lead: in.Lead, ObjectionDays: in.ObjectionDays}
	x.PeriodFrom, _ = calendar.ParseDate(strings.TrimSpace(in.PeriodFrom))
	x.PeriodTo, _ = calendar.ParseDate(strings.TrimSpace(in.PeriodTo))
	if t, err := time.Parse(time.RFC3339, strings.TrimSpace(in.Cutoff)); err == nil {
		x.Cutoff = t
	} else if d, err := calendar.ParseDate(strings.TrimSpace(in.Cutoff)); err == nil {
		x.Cutoff = d.AddDays(1).Time() // a day alone: the end of that day
	}
	if x.SetKey == "" {
		x.SetKey = "default"
	}
	if len(x.Scorers) == 0 {
		x.Scorers = []string{inspection.ScorerProvince, inspection.ScorerCity, inspection.ScorerAssessor}
	}
	if x.ObjectionDays == 0 {
		x.ObjectionDays = 5
	}
	return x
}

func (s *Server) apiInspectionCreate(w http.ResponseWriter, r *http.Request) {
	var in apiRoundIn
	if err := decodeJSON(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	p := principalOf(r)
	// The office that runs the round: named, or the caller's highest grant.
	var owner org.Org
	var err error
	if in.Office != "" {
		owner, err = s.app.OrgByCode(r.Context(), in.Office)
		if err != nil {
			s.fail(w, r, errs.Fields("检查轮次填写有误", errs.FieldError{Field: "office", Label: "组织检查的单位", Message: "不存在"}))
			return
		}
	} else if g, ok := p.Home(); ok {
		owner, err = s.app.Org(r.Context(), g.OrgID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
	}
	id, err := s.app.CreateRound(r.Context(), p, owner, in.input())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": id})
}

// apiRoundAction runs op (compute, close) on the round named in the path and answers with
// the round's scores.
func (s *Server) apiRoundAction(op func(context.Context, *app.Principal, int64) error) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := pathID(r, "id", "检查轮次")
		if err == nil {
			err = op(r.Context(), principalOf(r), id)
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		s.writeScores(w, r, id)
	}
}

func (s *Server) apiInspectionMark(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id", "检查轮次")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	unit, ind, pts, comment, ev, err := apiMarkInput(r)
	if err == nil {
		err = s.app.SaveMark(r.Context(), principalOf(r), id, unit, ind, pts, comment, ev)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"unit": unit, "indicator": ind, "points": pts})
}

func (s *Server) apiInspectionObject(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id", "检查轮次")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	unit, ind, reason, ev, err := apiObjectionInput(r)
	var oid int64
	if err == nil {
		oid, err = s.app.FileObjection(r.Context(), principalOf(r), id, unit, ind, reason, ev)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": oid, "state": inspection.ObjectionPending})
}

func (s *Server) apiObjectionDecide(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id", "异议")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in struct {
		Accept  bool   `json:"accept"`
		Opinion string `json:"opinion"`
	}
	if err := decodeJSON(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.app.DecideObjection(r.Context(), principalOf(r), id, in.Accept, in.Opinion); err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"id": id})
}

type apiEvidence struct {
	URL  string `json:"url"`
	Note string `json:"note"`
}

type apiDeduction struct {
	Indicator string        `json:"indicator"`
	Name      string        `json:"name"`
	Points    float64       `json:"points"`
	Veto      bool          `json:"veto,omitempty"`
	Evidence  []apiEvidence `json:"evidence"`
}

type apiUnitScore struct {
	Unit       string         `json:"unit"`
	Name       string         `json:"name"`
	Score      float64        `json:"score"`
	Vetoed     bool           `json:"vetoed"`
	Rank       int            `json:"rank"`
	Deductions []apiDeduction `json:"deductions"`
}

func (s *Server) apiInspectionScores(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id", "检查轮次")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeScores(w, r, id)
}

func (s *Server) writeScores(w http.ResponseWriter, r *http.Request, id int64) {
	pg, err := s.app.Round(r.Context(), principalOf(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := []apiUnitScore{}
	for _, us := range pg.Scores {
		u := pg.Units[us.UnitID]
		x := apiUnitScore{Unit: u.Code, Name: u.Name, Score: us.Score, Vetoed: us.Vetoed, Rank: us.Rank, Deductions: []apiDeduction{}}
		for _, ln := range us.Lines {
			if ln.Deducted == 0 && !ln.Veto {
				continue
			}
			d := apiDeduction{Indicator: ln.Indicator.Code, Name: ln.Indicator.Name, Points: ln.Deducted, Veto: ln.Veto, Evidence: []apiEvidence{}}
			for _, e := range ln.Evidence {
				d.Evidence = append(d.Evidence, apiEvidence{URL: s.abs(e.URL), Note: e.Note})
			}
			for _, m := range ln.Marks {
				d.Evidence = append(d.Evidence, apiEvidence{Note: fmt.Sprintf("%s评%g分：%s", m.ScorerName, m.Points, m.Comment)})
			}
			d.Evidence = append(d.Evidence, s.fileEvidence(u.Code, ln)...)
			x.Deductions = append(x.Deductions, d)
		}
		out = append(out, x)
	}
	writeJSON(w, http.StatusOK, map[string]any{"id": pg.Round.ID, "name": pg.Round.Name, "state": pg.Round.State, "indicator_set": pg.Round.Set.Key(), "units": out})
}

// abs makes a site path absolute with the configured public address, when there is one.
func (s *Server) abs(path string) string {
	if path == "" || s.base == "" {
		return path
	}
	return strings.TrimSuffix(s.base, "/") + path
}

// ---- pages ----

func (s *Server) inspectionsPage(w http.ResponseWriter, r *http.Request) {
	s.renderInspections(w, r, http.StatusOK, nil)
}

func (s *Server) renderInspections(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	d, err := s.adminData(r, "inspections", orgOf(r).Name+" · 检查评估")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rs, err := s.app.Rounds(r.Context(), principalOf(r), orgOf(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if d["Sets"], err = s.app.AllIndicatorSets(r.Context()); err != nil {
		s.fail(w, r, err)
		return
	}
	d["Rounds"] = rs
	d["CanCreate"] = principalOf(r).Can(org.PermManageInspection, orgOf(r)) && orgOf(r).Kind != org.KindUnit
	d["Error"] = formErr
	d["Form"] = r.PostForm
	s.render(w, r, status, "inspections.html", d)
}

func (s *Server) inspectionCreate(w http.ResponseWriter, r *http.Request) {
	in := apiRoundIn{Name: r.PostFormValue("name"), PeriodFrom: r.PostFormValue("period_from"), PeriodTo: r.PostFormValue("period_to"),
		Cutoff: r.PostFormValue("cutoff"), IndicatorSet: r.PostFormValue("indicator_set"), Scorers: r.PostForm["scorers"],
		Combine: r.PostFormValue("combine"), Lead: r.PostFormValue("lead")}
	in.Units = strings.FieldsFunc(r.PostFormValue("units"), func(c rune) bool { return c == ',' || c == '，' || c == ' ' || c == '\n' || c == '\r' || c == '、' })
	in.ObjectionDays, _ = strconv.Atoi(strings.TrimSpace(r.PostFormValue("objection_days")))
	if in.ObjectionDays == 0 {
		in.ObjectionDays = -1 // left empty: named by the validation rather than defaulted
	}
	id, err := s.app.CreateRound(r.Context(), principalOf(r), orgOf(r), in.input())
	if err != nil {
		if errs.Is(err, errs.Invalid) {
			s.renderInspections(w, r, http.StatusUnprocessableEntity, err)
			return
		}
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/admin/orgs/%s/inspections/%d?%s", orgOf(r).Code, id, flashQuery("saved")), http.StatusSeeOther)
}

// unitLine is a unit's row on the round page.
type unitLine struct {
	Unit  org.Org
	Score inspection.UnitScore
}

func (s *Server) inspectionPage(w http.ResponseWriter, r *http.Request) {
	s.renderInspection(w, r, http.StatusOK, nil)
}

func (s *Server) renderInspection(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	id, err := pathID(r, "id", "检查轮次")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := principalOf(r)
	pg, err := s.app.Round(r.Context(), p, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d, err := s.adminData(r, "inspections", pg.Round.Name)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var lines []unitLine
	var bars []chartBar
	for _, us := range pg.Scores {
		u := pg.Units[us.UnitID]
		lines = append(lines, unitLine{Unit: u, Score: us})
		veto := ""
		if us.Vetoed {
			veto = "（单项否决）"
		}
		bars = append(bars, chartBar{Percent: int(math.Round(us.Score)), Tip: fmt.Sprintf("第%d名 %s：%g分%s", us.Rank, u.Name, us.Score, veto)})
	}
	d["P"], d["Lines"] = pg, lines
	d["Chart"] = barChart("rank", "各单位得分", "按名次排列，柱高为得分（满分100），数据见旁边的表格", bars)
	var cbars []chartBar
	for _, c := range pg.Cities {
		cbars = append(cbars, chartBar{Percent: int(math.Round(c.Average)), Tip: fmt.Sprintf("%s：平均%g分（%d个单位）", c.City.Name, c.Average, c.Units)})
	}
	d["CityChart"] = barChart("cities", "各设区市平均得分", "柱高为所辖被检查单位的平均得分，数据见旁边的表格", cbars)
	// The unit shown in detail: ?unit=CODE, or the only one the caller sees.
	code := r.URL.Query().Get("unit")
	if code == "" && len(lines) == 1 {
		code = lines[0].Unit.Code
	}
	for _, l := range lines {
		if l.Unit.Code == code {
			d["Detail"] = l
			dn := map[string]string{"": "单位整体（首页、互动、报送、评价、外部网站、现场检查）"}
			if ds, err := s.app.Domains(r.Context()); err == nil {
				for _, x := range ds {
					dn[x.Code] = x.Name
				}
			}
			d["DomainNames"] = dn
			d["MayScore"] = s.app.MayScore(r.Context(), p, pg, l.Unit)
			d["MayObject"] = pg.Round.State == inspection.StateComputed && p.Can(org.PermObjectInspection, l.Unit) && !pg.Today.After(pg.Round.ObjectionsBy)
		}
	}
	names := map[string]string{}
	for _, ind := range pg.Round.Set.Indicators {
		names[ind.Code] = ind.Name
	}
	d["IndicatorNames"] = names
	s.roundNoticeData(r, d, id) // inspection_notice.go
	d["Error"] = formErr
	s.render(w, r, status, "inspection.html", d)
}

func (s *Server) inspectionBack(w http.ResponseWriter, r *http.Request, unit string) {
	q := flashQuery("saved")
	if unit != "" {
		q = "unit=" + unit + "&" + q
	}
	http.Redirect(w, r, fmt.Sprintf("/admin/orgs/%s/inspections/%s?%s", orgOf(r).Code, r.PathValue("id"), q), http.StatusSeeOther)
}

// formResult answers a page form: back to the page, the page again with the message (422 for
// input at fault), or the error page.
func (s *Server) formResult(w http.ResponseWriter, r *http.Request, err error, unit string) {
	switch {
	case err == nil:
		s.inspectionBack(w, r, unit)
	case errs.Is(err, errs.Invalid):
		s.renderInspection(w, r, http.StatusUnprocessableEntity, err)
	default:
		s.fail(w, r, err)
	}
}

func (s *Server) inspectionCompute(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id", "检查轮次")
	if err == nil {
		err = s.app.ComputeRound(r.Context(), principalOf(r), id)
	}
	s.formResult(w, r, err, "")
}

func (s *Server) inspectionClose(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id", "检查轮次")
	if err == nil {
		err = s.app.CloseRound(r.Context(), principalOf(r), id)
	}
	s.formResult(w, r, err, "")
}

func (s *Server) inspectionMark(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id", "检查轮次")
	unit := r.PostFormValue("unit")
	if err == nil {
		pts, perr := strconv.ParseFloat(strings.TrimSpace(r.PostFormValue("points")), 64)
		if perr != nil {
			pts = math.NaN()
		}
		ev, eerr := evidenceOf(r)
		err = eerr
		if err == nil {
			err = s.app.SaveMark(r.Context(), principalOf(r), id, unit, r.PostFormValue("indicator"), pts, r.PostFormValue("comment"), ev)
		}
	}
	s.formResult(w, r, err, unit)
}

func (s *Server) inspectionObject(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id", "检查轮次")
	unit := r.PostFormValue("unit")
	if err == nil {
		var ev app.EvidenceUpload
		if ev, err = evidenceOf(r); err == nil {
			_, err = s.app.FileObjection(r.Context(), principalOf(r), id, unit, r.PostFormValue("indicator"), r.PostFormValue("reason"), ev)
		}
	}
	s.formResult(w, r, err, unit)
}

func (s *Server) objectionDecide(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id", "异议")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.app.DecideObjection(r.Context(), principalOf(r), id, r.PostFormValue("decision") == "accept", r.PostFormValue("opinion")); err != nil {
		s.fail(w, r, err)
		return
	}
	back := r.PostFormValue("round")
	if _, err := strconv.ParseInt(back, 10, 64); err != nil {
		back = ""
	}
	http.Redirect(w, r, fmt.Sprintf("/admin/orgs/%s/inspections/%s?%s", orgOf(r).Code, back, flashQuery("saved")), http.StatusSeeOther)
}

func (s *Server) inspectionRankingExport(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id", "检查轮次")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg, err := s.app.Round(r.Context(), principalOf(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := excelize.NewFile()
	defer f.Close()
	sh := "排名"
	f.SetSheetName("Sheet1", sh)
	cell := func(c, r int) string { n, _ := excelize.CoordinatesToCellName(c, r); return n }
	head := []string{"名次", "单位", "代码", "得分", "单项否决"}
	for _, ind := range pg.Round.Set.Indicators {
		head = append(head, ind.Code+" "+ind.Name+"（扣分）")
	}
	for i, h := range head {
		f.SetCellValue(sh, cell(i+1, 1), h)
	}
	for ri, us := range pg.Scores {
		u := pg.Units[us.UnitID]
		veto := "否"
		if us.Vetoed {
			veto = "是"
		}
		row := []any{us.Rank, u.Name, u.Code, us.Score, veto}
		for _, ln := range us.Lines {
			row = append(row, ln.Deducted)
		}
		for ci, v := range row {
			f.SetCellValue(sh, cell(ci+1, ri+2), v)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		s.fail(w, r, err)
		return
	}
	sendWorkbook(w, pg.Round.Name+"-排名.xlsx", buf.Bytes())
}

func (s *Server) indicatorSetsPage(w http.ResponseWriter, r *http.Request) {
	d, err := s.adminData(r, "inspections", "检查评估指标体系")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if d["Sets"], err = s.app.AllIndicatorSets(r.Context()); err != nil {
		s.fail(w, r, err)
		return
	}
	d["MayDefine"] = s.app.MayDefineSets(r.Context(), principalOf(r)) && orgOf(r).ParentID == 0
	s.render(w, r, http.StatusOK, "indicator_sets.html", d)
}

func yearOf(r *http.Request, today calendar.Date) int {
	if y, err := strconv.Atoi(r.URL.Query().Get("year")); err == nil && y >= 2000 && y <= 2100 {
		return y
	}
	return today.Year()
}

func (s *Server) bonusPage(w http.ResponseWriter, r *http.Request) {
	s.renderBonus(w, r, http.StatusOK, nil)
}

func (s *Server) renderBonus(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	d, err := s.adminData(r, "inspections", orgOf(r).Name+" · 绩效评估加分")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	year := yearOf(r, s.app.Today())
	as, err := s.app.Awards(r.Context(), principalOf(r), orgOf(r), year)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	total := map[int64]float64{}
	for _, a := range as {
		total[a.UnitID] = inspection.Round1(total[a.UnitID] + a.Points)
	}
	d["Awards"], d["Year"], d["Totals"] = as, year, total
	d["MayAward"] = s.app.MayAward(r.Context(), principalOf(r)) && orgOf(r).ParentID == 0
	d["Error"], d["Form"] = formErr, r.PostForm
	s.render(w, r, status, "bonus.html", d)
}

func (s *Server) bonusAward(w http.ResponseWriter, r *http.Request) {
	if orgOf(r).ParentID != 0 {
		// The province office awards from its own page; nowhere else is there such a form.
		s.fail(w, r, errs.E(errs.NotFound, "页面不存在"))
		return
	}
	in := app.AwardInput{Unit: r.PostFormValue("unit"), Reason: r.PostFormValue("reason"), Basis: r.PostFormValue("basis")}
	in.Year, _ = strconv.Atoi(strings.TrimSpace(r.PostFormValue("year")))
	var err error
	if in.Points, err = strconv.ParseFloat(strings.TrimSpace(r.PostFormValue("points")), 64); err != nil {
		in.Points = math.NaN()
	}
	in.RoundID, _ = strconv.ParseInt(r.PostFormValue("round"), 10, 64)
	if _, err := s.app.AwardBonus(r.Context(), principalOf(r), in); err != nil {
		if errs.Is(err, errs.Invalid) {
			s.renderBonus(w, r, http.StatusUnprocessableEntity, err)
			return
		}
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/admin/orgs/%s/bonus?year=%d&%s", orgOf(r).Code, in.Year, flashQuery("saved")), http.StatusSeeOther)
}

func (s *Server) bonusExport(w http.ResponseWriter, r *http.Request) {
	year := yearOf(r, s.app.Today())
	as, err := s.app.Awards(r.Context(), principalOf(r), orgOf(r), year)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := excelize.NewFile()
	defer f.Close()
	sh := "绩效评估加分"
	f.SetSheetName("Sheet1", sh)
	cell := func(c, r int) string { n, _ := excelize.CoordinatesToCellName(c, r); return n }
	for i, h := range []string{"年度", "单位", "代码", "加分", "理由", "依据", "登记日期"} {
		f.SetCellValue(sh, cell(i+1, 1), h)
	}
	for ri, a := range as {
		for ci, v := range []any{a.Year, a.UnitName, a.UnitCode, a.Points, a.Reason, a.Basis, calendar.DateOf(a.CreatedAt).String()} {
			f.SetCellValue(sh, cell(ci+1, ri+2), v)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		s.fail(w, r, err)
		return
	}
	sendWorkbook(w, fmt.Sprintf("%s-%d年绩效评估加分.xlsx", orgOf(r).Name, year), buf.Bytes())
}

func (s *Server) inspectionTrend(w http.ResponseWriter, r *http.Request) {
	tp, err := s.app.Trend(r.Context(), principalOf(r), orgOf(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d, err := s.adminData(r, "inspections", orgOf(r).Name+" · 历次检查得分")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	bars := make([]chartBar, len(tp.Rounds))
	for i, rd := range tp.Rounds {
		bars[i] = chartBar{Percent: int(math.Round(tp.Averages[i])), Tip: fmt.Sprintf("%s：平均%g分", rd.Name, tp.Averages[i])}
	}
	d["T"], d["Chart"] = tp, barChart("trend", "历次检查平均得分", "按检查时间先后排列，柱高为所辖单位的平均得分，数据见旁边的表格", bars)
	s.render(w, r, http.StatusOK, "inspection_trend.html", d)
}

func (s *Server) inspectionTrendExport(w http.ResponseWriter, r *http.Request) {
	tp, err := s.app.Trend(r.Context(), principalOf(r), orgOf(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := excelize.NewFile()
	defer f.Close()
	sh := "历次得分"
	f.SetSheetName("Sheet1", sh)
	cell := func(c, r int) string { n, _ := excelize.CoordinatesToCellName(c, r); return n }
	f.SetCellValue(sh, cell(1, 1), "单位")
	f.SetCellValue(sh, cell(2, 1), "代码")
	for i, rd := range tp.Rounds {
		f.SetCellValue(sh, cell(3+2*i, 1), rd.Name+" 得分")
		f.SetCellValue(sh, cell(4+2*i, 1), rd.Name+" 名次")
	}
	for ri, row := range tp.Rows {
		f.SetCellValue(sh, cell(1, ri+2), row.Unit.Name)
		f.SetCellValue(sh, cell(2, ri+2), row.Unit.Code)
		for ci, c := range row.Cells {
			if c != nil {
				f.SetCellValue(sh, cell(3+2*ci, ri+2), c.Score)
				f.SetCellValue(sh, cell(4+2*ci, ri+2), c.Rank)
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		s.fail(w, r, err)
		return
	}
	sendWorkbook(w, orgOf(r).Name+"-历次检查得分.xlsx", buf.Bytes())
}

// inspectionNotice shows the draft notice on a closed round, printable, with its text in a
// field the office edits before it goes out.
func (s *Server) inspectionNotice(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id", "检查轮次")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	days := 10
	if q := r.URL.Query().Get("days"); q != "" {
		if days, err = strconv.Atoi(q); err != nil {
			days = -1
		}
	}
	nd, err := s.app.NoticeDraft(r.Context(), principalOf(r), id, days)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d, err := s.adminData(r, "inspections", nd.Title)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\n%s\n\n一、检查结果\n", nd.Title, nd.Intro)
	for _, x := range nd.Ranking {
		veto := ""
		if x.Vetoed {
			veto = "（单项否决，不合格）"
		}
		fmt.Fprintf(&b, "%d. %s %g分%s\n", x.Rank, x.Unit, x.Score, veto)
	}
	if len(nd.Outstanding) > 0 {
		fmt.Fprintf(&b, "\n二、表现突出的单位\n%s。\n", strings.Join(nd.Outstanding, "、"))
	}
	b.WriteString("\n三、存在的问题\n")
	for _, u := range nd.Problems {
		fmt.Fprintf(&b, "%s：", u.Unit)
		for i, it := range u.Items {
			if i > 0 {
				b.WriteString("；")
			}
			b.WriteString(it.Text)
		}
		b.WriteString("。\n")
	}
	fmt.Fprintf(&b, "\n四、整改要求\n请上述存在问题的单位于%d个工作日内（%s前）完成整改，并报送整改情况报告。\n", nd.Days, nd.Deadline)
	d["N"], d["Text"], d["RoundID"] = nd, b.String(), id
	s.render(w, r, http.StatusOK, "inspection_notice.html", d)
}
