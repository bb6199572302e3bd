package web

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"gongkai/internal/app"
	"gongkai/internal/catalog"
	"gongkai/internal/errs"
	"gongkai/internal/org"
	"gongkai/internal/record"
	"gongkai/internal/search"
)

// searchRequest reads the search form's parameters; bad dates are field errors.
func searchRequest(r *http.Request) (search.Request, error) {
	q := r.URL.Query()
	req := search.Request{Q: strings.TrimSpace(q.Get("q")), Unit: q.Get("unit"), Domain: q.Get("domain"), Stage: q.Get("stage"),
		Kind: q.Get("kind"), Subject: q.Get("subject"), Sort: search.Sort(q.Get("sort")), InForce: q.Get("in_force") == "1"}
	var fe []errs.FieldError
	day := func(field, label, v string) time.Time {
		if v == "" {
			return time.Time{}
		}
		t, err := time.ParseInLocation("2006-01-02", v, app.Shanghai)
		if err != nil {
			fe = append(fe, errs.FieldError{Field: field, Label: label, Message: "日期格式应为 2026-01-31"})
		}
		return t
	}
	req.From = day("from", "开始日期", q.Get("from"))
	if to := day("to", "结束日期", q.Get("to")); !to.IsZero() {
		req.To = to.AddDate(0, 0, 1) // inclusive of the day
	}
	page, _ := strconv.Atoi(q.Get("page"))
	page = max(page, 1)
	req.Limit = search.DefaultLimit
	req.Offset = (page - 1) * req.Limit
	if len(fe) > 0 {
		return req, errs.Fields("检索条件有误", fe...)
	}
	return req.Check()
}

type searchHit struct {
	search.Hit
	URL        string
	TitleHTML  template.HTML
	Snippet    template.HTML
	UnitName   string
	DomainName string
	KindLabel  string
}

// runSearch searches and decorates the hits with names and addresses.
func (s *Server) runSearch(ctx context.Context, req search.Request) (search.Result, []searchHit, error) {
	res, err := s.app.Search(ctx, req)
	if err != nil {
		return res, nil, err
	}
	names, err := s.unitNames(ctx)
	if err != nil {
		return res, nil, err
	}
	dn, err := s.domainNames(ctx)
	if err != nil {
		return res, nil, err
	}
	hits := make([]searchHit, len(res.Hits))
	for i, h := range res.Hits {
		hits[i] = searchHit{Hit: h, URL: "/" + h.Unit + "/records/" + strconv.FormatInt(h.ID, 10),
			// search.HTML escapes the text and adds only <mark>: safe to emit as HTML.
			TitleHTML: template.HTML(search.HTML(h.TitleHL)), Snippet: template.HTML(search.HTML(h.Snippet)),
			UnitName: names[h.Unit], DomainName: dn[h.Domain], KindLabel: record.Kind(h.Kind).Label()}
	}
	return res, hits, nil
}

func (s *Server) unitNames(ctx context.Context) (map[string]string, error) {
	all, err := s.app.Orgs(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, o := range all {
		out[o.Code] = o.Name
	}
	return out, nil
}

func (s *Server) domainNames(ctx context.Context) (map[string]string, error) {
	ds, err := s.app.Domains(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, d := range ds {
		out[d.Code] = d.Name
	}
	return out, nil
}

func (s *Server) searchPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	all, err := s.app.Orgs(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var units []org.Org
	for _, o := range all {
		if o.Kind == org.KindUnit {
			units = append(units, o)
		}
	}
	domains, err := s.app.Domains(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data := map[string]any{"Title": "检索", "Units": units, "Domains": domains, "Stages": catalog.AllStages(), "Kinds": record.Kinds(), "Q": r.URL.Query()}
	req, err := searchRequest(r)
	status := http.StatusOK
	switch {
	case err != nil:
		data["Error"], status = err, http.StatusUnprocessableEntity
	case req.Q != "" || req.Unit != "" || req.Domain != "":
		res, hits, err := s.runSearch(ctx, req)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		data["Result"], data["Hits"], data["Searched"] = res, hits, true
		var syn []string
		for _, t := range res.Query.Terms {
			for _, a := range t.Alts[1:] {
				syn = append(syn, t.Text+"⇄"+a.Text)
			}
		}
		data["Synonyms"] = strings.Join(syn, "，")
		page := req.Offset/req.Limit + 1
		data["Page"] = page
		more := len(hits) == req.Limit && (!res.TotalExact || req.Offset+req.Limit < res.Total)
		if page > 1 {
			data["Prev"] = pageURL(r.URL.Query(), page-1)
		}
		if more && req.Offset+req.Limit < search.Cap {
			data["Next"] = pageURL(r.URL.Query(), page+1)
		}
	}
	s.render(w, r, status, "search.html", data)
}

func pageURL(q url.Values, page int) string {
	v := url.Values{}
	for k, vals := range q {
		v[k] = vals
	}
	v.Set("page", strconv.Itoa(page))
	return "/search?" + v.Encode()
}

// apiSearch answers the search API of contract.md.
func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) {
	req, err := searchRequest(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	res, hits, err := s.runSearch(r.Context(), req)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	type result struct {
		ID        int64     `json:"id"`
		Title     string    `json:"title"`
		URL       string    `json:"url"`
		Snippet   string    `json:"snippet"`
		Unit      string    `json:"unit"`
		Domain    string    `json:"domain"`
		Kind      string    `json:"kind"`
		Published time.Time `json:"published"`
	}
	out := []result{}
	for _, h := range hits {
		out = append(out, result{ID: h.ID, Title: h.Title, URL: h.URL, Snippet: search.Text(h.Hit.Snippet), Unit: h.Unit, Domain: h.Domain, Kind: h.Kind, Published: h.Published})
	}
	body := map[string]any{"total": res.Total, "total_exact": res.TotalExact, "offset": req.Offset, "limit": req.Limit, "results": out}
	if res.Estimate > 0 {
		body["total_estimate"] = res.Estimate
	}
	writeJSON(w, http.StatusOK, body)
}
