package web

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"

	"gongkai/internal/errs"
	"gongkai/internal/org"
	"gongkai/internal/request"
	"gongkai/internal/request/xlsx"
)

func reportYear(r *http.Request) (int, error) {
	y, err := strconv.Atoi(r.PathValue("year"))
	if err != nil {
		return 0, errs.Fields("年份有误", errs.FieldError{Field: "year", Label: "年度", Message: "应为四位数字年份"})
	}
	return y, nil
}

func (s *Server) annualReportPage(w http.ResponseWriter, r *http.Request) {
	s.annualReportView(w, r, http.StatusOK, nil)
}

func (s *Server) annualReportView(w http.ResponseWriter, r *http.Request, status int, ferr error) {
	o := orgOf(r)
	y, err := reportYear(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rep, err := s.app.AnnualReport(r.Context(), principalOf(r), o, y)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d, err := s.adminData(r, "requests", o.Name+" · "+strconv.Itoa(y)+"年政府信息公开工作年度报告")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d["R"], d["Error"], d["CanEdit"], d["Outcomes"] = rep, ferr, principalOf(r).Can(org.PermHandleRequest, o), request.Outcomes()
	d["CanPublish"] = o.Kind == org.KindUnit && principalOf(r).Can(org.PermCatalogEdit, o) // column.go
	s.render(w, r, status, "annual_report.html", d)
}

func (s *Server) annualReportSave(w http.ResponseWriter, r *http.Request) {
	y, err := reportYear(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := r.PostFormValue
	num := func(k string) int { n, _ := strconv.Atoi(strings.TrimSpace(v(k))); return n }
	fees, ferr := strconv.ParseFloat(strings.TrimSpace(v("fees_wan")), 64)
	if ferr != nil && strings.TrimSpace(v("fees_wan")) != "" {
		s.annualReportView(w, r, http.StatusUnprocessableEntity, errs.Fields("年度报告有误", errs.FieldError{Field: "fees_wan", Label: "行政事业性收费金额（万元）", Message: "应为数字"}))
		return
	}
	_, err = s.app.SaveAnnualReport(r.Context(), principalOf(r), orgOf(r), y, request.Texts{Overview: v("overview"), Problems: v("problems"), Other: v("other")},
		request.Table2{Licensing: num("licensing"), Penalty: num("penalty"), Coercion: num("coercion"), FeesWan: fees})
	if errs.Is(err, errs.Invalid) {
		s.annualReportView(w, r, http.StatusUnprocessableEntity, err)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/orgs/"+orgOf(r).Code+"/annual-reports/"+strconv.Itoa(y)+"?"+flashQuery("saved"), http.StatusSeeOther)
}

func (s *Server) annualReportXLSX(w http.ResponseWriter, r *http.Request) {
	y, err := reportYear(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rep, err := s.app.AnnualReport(r.Context(), principalOf(r), orgOf(r), y)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := xlsx.Write(&buf, rep); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="annual-report-`+orgOf(r).Code+`-`+strconv.Itoa(y)+`.xlsx"`)
	w.Header().Set("Cache-Control", "private, no-store")
	w.Write(buf.Bytes())
}

// apiAnnualReport answers {"tables":{…},"check":{"ok":bool,"failures":[…]}}.
func (s *Server) apiAnnualReport(w http.ResponseWriter, r *http.Request) {
	y, err := reportYear(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	o, err := s.app.OrgByCode(r.Context(), r.PathValue("unit"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rep, err := s.app.AnnualReport(r.Context(), principalOf(r), o, y)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, reportJSON(o.Code, rep))
}

func reportJSON(unit string, rep request.Report) map[string]any {
	t2 := rep.Table2
	var cols4 []string
	for _, o := range request.Outcomes() {
		cols4 = append(cols4, o.Label())
	}
	failures := rep.Failures
	if failures == nil {
		failures = []request.Failure{}
	}
	return map[string]any{
		"unit": unit, "year": rep.Year, "due": rep.Due.String(),
		"sections": map[string]string{"overview": rep.Texts.Overview, "problems": rep.Texts.Problems, "other": rep.Texts.Other},
		"tables": map[string]any{
			"table2": map[string]any{
				"rules":     map[string]int{"made": t2.RulesMade, "repealed": t2.RulesRepealed, "in_force": t2.RulesInForce},
				"normative": map[string]int{"made": t2.NormativeMade, "repealed": t2.NormativeRepealed, "in_force": t2.NormativeInForce},
				"licensing": t2.Licensing,
				"penalty":   t2.Penalty,
				"coercion":  t2.Coercion,
				"fees_wan":  t2.FeesWan,
				// Of the decisions, those published as enforcement notices on the platform.
				"decisions_on_platform": map[string]int{"licensing": t2.LicensingRecords, "penalty": t2.PenaltyRecords, "coercion": t2.CoercionRecords},
			},
			"table3": rep.Table3,
			"table4": map[string]any{"columns": append(cols4, "总计"), "rows": rep.Table4.Rows},
		},
		"check": map[string]any{"ok": len(rep.Failures) == 0, "failures": failures},
	}
}
