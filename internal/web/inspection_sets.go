package web

import (
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"gongkai/internal/app"
	"gongkai/internal/errs"
	"gongkai/internal/inspection"
	"gongkai/internal/org"
)

// addEvidenceAndSetRoutes adds the evidence files of marks and objections and the indicator
// set versions the province office defines: the form and the API.
func (s *Server) addEvidenceAndSetRoutes() {
	s.addInspectionFileRoutes()
	s.handle("GET", "/admin/orgs/{org}/indicator-sets/new", OrgScope, org.PermManageInspection, s.indicatorSetForm)
	s.handle("POST", "/admin/orgs/{org}/indicator-sets", OrgScope, org.PermManageInspection, s.indicatorSetCreate)
	s.handle("POST", "/api/v1/indicator-sets", APIToken, "", s.apiIndicatorSetCreate)
}

// setParam is a rule parameter field of a row of the form.
type setParam struct {
	Name, Label, Value string
}

// setRow is one indicator of the form, as text.
type setRow struct {
	N                                             int
	Code, Group, Name, Definition, Max, Kind, Per string
	Veto                                          bool
	Params                                        []setParam
	DefaultColumn, Columns                        string
	ColumnStale                                   bool
}

// num writes a number for a form field ("" for none).
func num(x float64) string {
	if math.IsNaN(x) {
		return ""
	}
	return strconv.FormatFloat(x, 'f', -1, 64)
}

// rowsOf turns a set's indicators into form rows, followed by blank rows for new items.
func rowsOf(inds []inspection.Indicator, blank int) []setRow {
	var out []setRow
	for i, ind := range inds {
		row := setRow{N: i, Code: ind.Code, Group: ind.Group, Name: ind.Name, Definition: ind.Definition, Max: num(ind.Max), Veto: ind.Veto}
		if ind.Auto && ind.Rule != nil {
			row.Kind, row.Per = ind.Rule.Kind, num(ind.Rule.Per)
			for _, p := range inspection.Params[ind.Rule.Kind] {
				row.Params = append(row.Params, setParam{Name: p.Name, Label: p.Label, Value: num(ind.Rule.Value(p.Name))})
			}
			row.ColumnStale = ind.Rule.Kind == inspection.RuleColumnStale
			row.DefaultColumn, row.Columns = ind.Rule.DefaultColumn, inspection.ColumnTypes(ind.Rule.Columns)
		}
		out = append(out, row)
	}
	for i := range blank {
		out = append(out, setRow{N: len(inds) + i, Group: "现场检查"})
	}
	return out
}

// maxFormRows bounds the rows a form may post.
const maxFormRows = inspection.MaxIndicators + 10

// setFromForm reads the form: the version it is made from, the name and basis, and each row
// ("i.N.field"); a row marked for removal, or left blank, is left out. Numbers that do not
// parse are NaN, named by the validation. rows echoes what was typed, for the form again.
func setFromForm(f url.Values) (app.SetInput, []setRow) {
	in := app.SetInput{From: f.Get("from"), Name: f.Get("name"), Basis: f.Get("basis")}
	n, _ := strconv.Atoi(f.Get("rows"))
	n = min(max(n, 0), maxFormRows)
	number := func(v string) float64 {
		x, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil {
			return math.NaN()
		}
		return x
	}
	var rows []setRow
	for i := range n {
		g := func(name string) string { return f.Get(fmt.Sprintf("i.%d.%s", i, name)) }
		row := setRow{N: len(rows), Code: g("code"), Group: g("group"), Name: g("name"), Definition: g("definition"), Max: g("max"),
			Kind: g("kind"), Per: g("per"), Veto: g("veto") == "1", DefaultColumn: g("default_column"), Columns: g("columns")}
		if g("remove") == "1" || (strings.TrimSpace(row.Code) == "" && strings.TrimSpace(row.Name) == "" && strings.TrimSpace(row.Definition) == "") {
			continue
		}
		ind := inspection.Indicator{Code: row.Code, Group: row.Group, Name: row.Name, Definition: row.Definition, Max: number(row.Max), Veto: row.Veto, Auto: row.Kind != ""}
		if ind.Auto {
			rule := inspection.Rule{Kind: row.Kind, Per: number(row.Per), DefaultColumn: row.DefaultColumn}
			for _, p := range inspection.Params[row.Kind] {
				v := g(p.Name)
				row.Params = append(row.Params, setParam{Name: p.Name, Label: p.Label, Value: v})
				rule.Set(p.Name, number(v))
			}
			if row.Kind == inspection.RuleColumnStale {
				row.ColumnStale = true
				if cols, ok := inspection.ParseColumnTypes(row.Columns); ok {
					rule.Columns = cols
				} else {
					rule.Columns = map[string]string{strings.TrimSpace(row.Columns): ""} // named by the validation
				}
			}
			ind.Rule = &rule
		}
		in.Indicators = append(in.Indicators, ind)
		rows = append(rows, row)
	}
	return in, rows
}

func (s *Server) indicatorSetForm(w http.ResponseWriter, r *http.Request) {
	s.renderSetForm(w, r, http.StatusOK, nil, nil)
}

// renderSetForm shows the form for a new version: made from ?from= (the newest version of the
// default set when none is named), or what was posted, with the errors.
func (s *Server) renderSetForm(w http.ResponseWriter, r *http.Request, status int, posted *app.SetInput, rows []setRow, formErr ...error) {
	if orgOf(r).ParentID != 0 {
		// The province office defines versions from its own pages; nowhere else is there a form.
		s.fail(w, r, errs.E(errs.NotFound, "页面不存在"))
		return
	}
	d, err := s.adminData(r, "inspections", "新建指标体系版本")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sets, err := s.app.AllIndicatorSets(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in app.SetInput
	if posted != nil {
		in = *posted
		rows = append(rows, rowsOf(nil, 3)...)
		for i := range rows {
			rows[i].N = i
		}
	} else {
		from := r.URL.Query().Get("from")
		var base inspection.Set
		for _, x := range sets {
			if x.Key() == from || (from == "" && x.Code == "default") || (from != "" && !strings.Contains(from, "@") && x.Code == from) {
				base = x
			}
		}
		if base.Code == "" {
			s.fail(w, r, errs.E(errs.NotFound, "没有指标体系版本“%s”", from))
			return
		}
		in = app.SetInput{From: base.Key(), Name: base.Name, Basis: base.Basis}
		rows = rowsOf(base.Indicators, 3)
	}
	kinds := []setParam{{Name: "", Label: "现场评分（人工）"}}
	for _, k := range inspection.RuleKinds {
		kinds = append(kinds, setParam{Name: k, Label: "自动计算：" + inspection.RuleLabel(k)})
	}
	d["In"], d["Rows"], d["Kinds"], d["Sets"] = in, rows, kinds, sets
	if len(formErr) > 0 {
		d["Error"] = formErr[0]
	}
	s.render(w, r, status, "indicator_set_form.html", d)
}

func (s *Server) indicatorSetCreate(w http.ResponseWriter, r *http.Request) {
	if orgOf(r).ParentID != 0 {
		s.fail(w, r, errs.E(errs.NotFound, "页面不存在"))
		return
	}
	in, rows := setFromForm(r.PostForm)
	set, err := s.app.DefineIndicatorSet(r.Context(), principalOf(r), in)
	if err != nil {
		if errs.Is(err, errs.Invalid) {
			s.renderSetForm(w, r, http.StatusUnprocessableEntity, &in, rows, err)
			return
		}
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/admin/orgs/%s/indicator-sets?%s#set-%s-%d", orgOf(r).Code, flashQuery("saved"), set.Code, set.Version), http.StatusSeeOther)
}

// apiIndicatorSetCreate defines a new version: {"from":"default@2","name","basis","indicators":[…]}
// with indicators in the shape GET /api/v1/indicator-sets lists them → 201 {"set": …}.
func (s *Server) apiIndicatorSetCreate(w http.ResponseWriter, r *http.Request) {
	var in struct {
		From       string                 `json:"from"`
		Name       string                 `json:"name"`
		Basis      string                 `json:"basis"`
		Indicators []inspection.Indicator `json:"indicators"`
	}
	if err := decodeJSON(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	set, err := s.app.DefineIndicatorSet(r.Context(), principalOf(r), app.SetInput{From: in.From, Name: in.Name, Basis: in.Basis, Indicators: in.Indicators})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"set": set, "key": set.Key()})
}
