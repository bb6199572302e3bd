package web

import (
	"context"
	"net/http"
	"strconv"

	"gongkai/internal/catalog"
	"gongkai/internal/errs"
	"gongkai/internal/org"
	"gongkai/internal/record"
	"gongkai/internal/timelimit"
)

// publicUnit loads the unit named in the path, or answers 404.
func (s *Server) publicUnit(w http.ResponseWriter, r *http.Request) (org.Org, bool) {
	u, err := s.app.Unit(r.Context(), r.PathValue("unit"))
	if err != nil {
		s.fail(w, r, errs.E(errs.NotFound, "没有代码为“%s”的试点单位", r.PathValue("unit")))
		return u, false
	}
	return u, true
}

type domainCatalog struct {
	Domain  org.Domain
	Version catalog.Version
	Has     bool
}

// unitCatalogs lists a unit's domains with the effective version of each catalog.
func (s *Server) unitCatalogs(ctx context.Context, u org.Org) ([]domainCatalog, error) {
	domains, err := s.domainsOf(ctx, u.Domains)
	if err != nil {
		return nil, err
	}
	out := make([]domainCatalog, 0, len(domains))
	for _, d := range domains {
		dc := domainCatalog{Domain: d}
		v, err := s.app.EffectiveVersion(ctx, u, d.Code)
		if err == nil {
			dc.Version, dc.Has = v, true
		} else if !errs.Is(err, errs.NotFound) {
			return nil, err
		}
		out = append(out, dc)
	}
	return out, nil
}

func (s *Server) catalogIndex(w http.ResponseWriter, r *http.Request) {
	u, ok := s.publicUnit(w, r)
	if !ok {
		return
	}
	list, err := s.unitCatalogs(r.Context(), u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "catalog_index.html", map[string]any{"Title": u.Name + " · 公开事项标准目录", "Unit": u, "Catalogs": list})
}

// entryRow is an entry as the catalog table shows it; Span > 0 on the first row of a run of
// rows with the same 一级事项 (the merged cell of the national layout).
type entryRow struct {
	catalog.Entry
	Span     int
	Channels []string
	Rule     timelimit.Rule
	Records  []record.Item // the newest published records under the entry
	More     int           // how many more there are
}

func entryRows(es []catalog.Entry) []entryRow {
	rows := make([]entryRow, len(es))
	for i, e := range es {
		rows[i] = entryRow{Entry: e, Rule: timelimit.Parse(e.TimeLimitText)}
		for _, ch := range e.Channels {
			rows[i].Channels = append(rows[i].Channels, catalog.ChannelName(ch))
		}
	}
	for i := 0; i < len(rows); {
		j := i + 1
		for j < len(rows) && rows[j].Item1 == rows[i].Item1 && rows[i].Item1 != "" {
			j++
		}
		rows[i].Span = j - i
		i = j
	}
	return rows
}

func (s *Server) catalogTable(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u, ok := s.publicUnit(w, r)
	if !ok {
		return
	}
	domain := r.PathValue("domain")
	var dom org.Domain
	for _, d := range mustDomains(s.domainsOf(ctx, u.Domains)) {
		if d.Code == domain {
			dom = d
		}
	}
	if dom.Code == "" {
		s.fail(w, r, errs.E(errs.NotFound, "“%s”没有该试点领域", u.Name))
		return
	}
	v, es, err := s.app.EffectiveCatalog(ctx, u, domain)
	if errs.Is(err, errs.NotFound) {
		s.render(w, r, http.StatusOK, "catalog_table.html", map[string]any{"Title": u.Name + " · " + dom.Name + "标准目录", "Unit": u, "Domain": dom})
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rows := entryRows(es)
	recs, err := s.app.PublishedRecords(ctx, u.ID, domain, "", 500, 0)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	byKey := map[string][]record.Item{}
	for _, it := range recs {
		byKey[it.EntryKey] = append(byKey[it.EntryKey], it)
	}
	for i := range rows {
		list := byKey[rows[i].Key]
		if len(list) > 3 {
			rows[i].More = len(list) - 3
			list = list[:3]
		}
		rows[i].Records = list
	}
	s.render(w, r, http.StatusOK, "catalog_table.html", map[string]any{"Title": u.Name + " · " + dom.Name + "标准目录", "Unit": u, "Domain": dom,
		"Version": v, "Rows": rows, "HasVersion": true, "CatalogID": v.CatalogID})
}

func mustDomains(ds []org.Domain, err error) []org.Domain {
	if err != nil {
		return nil
	}
	return ds
}

// apiEntry is the JSON form of a catalog entry.
type apiEntry struct {
	ID              int64          `json:"id"`
	Key             string         `json:"key"`
	Seq             int            `json:"seq"`
	Item1           string         `json:"item1"`
	Item2           string         `json:"item2"`
	Content         string         `json:"content"`
	LegalBasis      string         `json:"legal_basis"`
	TimeLimit       apiTimeLimit   `json:"time_limit"`
	ResponsibleBody string         `json:"responsible_body"`
	Channels        []apiChannel   `json:"channels"`
	Audience        map[string]any `json:"audience"`
	Mode            map[string]any `json:"mode"`
	Level           map[string]any `json:"level"`
	Stages          []string       `json:"stages"`
	NotPublic       bool           `json:"not_public"`
	NotPublicBasis  string         `json:"not_public_basis,omitempty"`
	Notes           string         `json:"notes,omitempty"`
}

type apiTimeLimit struct {
	Text       string `json:"text"`
	Kind       string `json:"kind"`
	Normalized string `json:"normalized"`
}

type apiChannel struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

func toAPIEntry(e catalog.Entry) apiEntry {
	rule := timelimit.Parse(e.TimeLimitText)
	out := apiEntry{ID: e.ID, Key: e.Key, Seq: e.Seq, Item1: e.Item1, Item2: e.Item2, Content: e.Content, LegalBasis: e.LegalBasis,
		TimeLimit:       apiTimeLimit{Text: e.TimeLimitText, Kind: kindCode(rule.Kind), Normalized: rule.String()},
		ResponsibleBody: e.ResponsibleBody, Channels: []apiChannel{},
		Audience:  map[string]any{"public": e.AudiencePublic, "group": e.AudienceGroup},
		Mode:      map[string]any{"proactive": e.ModeProactive, "on_request": e.ModeOnRequest},
		Level:     map[string]any{"county": e.LevelCounty, "township": e.LevelTownship},
		Stages:    []string{},
		NotPublic: e.NotPublic, NotPublicBasis: e.NotPublicBasis, Notes: e.Notes}
	for _, ch := range e.Channels {
		out.Channels = append(out.Channels, apiChannel{Code: ch, Name: catalog.ChannelName(ch)})
	}
	for _, st := range e.Stages {
		out.Stages = append(out.Stages, string(st))
	}
	return out
}

func kindCode(k timelimit.Kind) string {
	switch k {
	case timelimit.WorkingDays:
		return "working_days"
	case timelimit.CalendarDays:
		return "calendar_days"
	case timelimit.Publicity:
		return "publicity"
	case timelimit.Immediate:
		return "immediate"
	case timelimit.LongTerm:
		return "long_term"
	case timelimit.Periodic:
		return "periodic"
	case timelimit.SameAsAbove:
		return "same_as_above"
	}
	return "unrecognized"
}

// apiCatalog answers the effective catalog of a unit and domain (open data).
func (s *Server) apiCatalog(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u, err := s.app.OrgByCode(ctx, r.PathValue("unit"))
	if err != nil || u.Kind != org.KindUnit {
		s.fail(w, r, errs.E(errs.NotFound, "试点单位不存在"))
		return
	}
	domain := r.PathValue("domain")
	v, es, err := s.app.EffectiveCatalog(ctx, u, domain)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	entries := make([]apiEntry, len(es))
	for i, e := range es {
		entries[i] = toAPIEntry(e)
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"unit": u.Code, "domain": domain,
		"version": map[string]any{"number": v.Number, "state": string(v.State), "effective_at": v.EffectiveAt},
		"entries": entries,
	})
}

// entryPage shows one entry of the catalog in force with every record published under it.
func (s *Server) entryPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u, ok := s.publicUnit(w, r)
	if !ok {
		return
	}
	domain, key := r.PathValue("domain"), r.PathValue("key")
	v, es, err := s.app.EffectiveCatalog(ctx, u, domain)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var entry *entryRow
	for _, row := range entryRows(es) {
		if row.Key == key {
			entry = &row
			break
		}
	}
	if entry == nil {
		s.fail(w, r, errs.E(errs.NotFound, "目录条目不存在"))
		return
	}
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	page = max(page, 1)
	const per = 20
	inForce := r.URL.Query().Get("in_force") == "1"
	list := s.app.PublishedRecords
	if inForce {
		list = s.app.RecordsInForce
	}
	recs, err := list(ctx, u.ID, domain, key, per+1, (page-1)*per)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	next := 0
	if len(recs) > per {
		recs, next = recs[:per], page+1
	}
	dom, _ := s.domainNamed(w, r, domain)
	s.render(w, r, http.StatusOK, "entry.html", map[string]any{"Title": entry.Item2 + " · " + u.Name, "Unit": u, "Domain": dom, "Version": v,
		"Entry": entry, "Records": recs, "Page": page, "Next": next, "InForce": inForce, "Today": s.app.Today()})
}
