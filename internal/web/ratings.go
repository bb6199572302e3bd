package web

import (
	"net/http"
	"strconv"

	"gongkai/internal/errs"
	"gongkai/internal/org"
	"gongkai/internal/record"
	"gongkai/internal/store"
)

// rate takes a rating from any visitor: no sign-in, limited per client (see app.Rate).
// The subject decides the unit, domain and entry the rating counts for; the form cannot.
func (s *Server) rate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	subjectType := r.PostFormValue("subject_type")
	id, _ := strconv.ParseInt(r.PostFormValue("subject_id"), 10, 64)
	value, _ := strconv.Atoi(r.PostFormValue("value"))
	rt := store.Rating{SubjectType: subjectType, SubjectID: id, Value: value, Reason: r.PostFormValue("reason")}
	var back string
	switch subjectType {
	case "catalog":
		c, err := s.app.Store.CatalogByID(ctx, id)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		u, err := s.app.Store.Org(ctx, c.OrgID)
		if err != nil || u.Kind != org.KindUnit {
			s.fail(w, r, errs.E(errs.NotFound, "评价对象不存在"))
			return
		}
		rt.UnitID, rt.Domain, back = u.ID, c.Domain, "/"+u.Code+"/catalog/"+c.Domain+"/"
	default:
		if ok := s.rateRecordSubject(w, r, &rt, &back); !ok {
			return
		}
	}
	msg := "感谢您的评价"
	if err := s.app.Rate(ctx, rt, s.clientIP(r), r.UserAgent()); err != nil {
		if !errs.Is(err, errs.Invalid) && !errs.Is(err, errs.Conflict) {
			s.fail(w, r, err)
			return
		}
		msg = err.Error()
	}
	http.Redirect(w, r, back+"?msg="+urlQueryEscape(msg)+"#rate", http.StatusSeeOther)
}

// rateRecordSubject resolves a record rating: only a published record can be rated.
func (s *Server) rateRecordSubject(w http.ResponseWriter, r *http.Request, rt *store.Rating, back *string) bool {
	if rt.SubjectType != "record" {
		s.fail(w, r, errs.E(errs.NotFound, "评价对象不存在"))
		return false
	}
	rec, row, err := s.app.PublicRecord(r.Context(), rt.SubjectID)
	if err != nil || rec.State != record.StatePublished {
		s.fail(w, r, errs.E(errs.NotFound, "评价对象不存在"))
		return false
	}
	u, err := s.app.Store.Org(r.Context(), row.UnitID)
	if err != nil {
		s.fail(w, r, err)
		return false
	}
	rt.UnitID, rt.Domain, rt.EntryKey = u.ID, row.Domain, row.EntryKey
	*back = "/" + u.Code + "/records/" + strconv.FormatInt(row.ID, 10)
	return true
}

type ratingRow struct {
	store.RatingSummary
	Unit   string
	Domain string
	Entry  string
}

func (s *Server) ratingsPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	o := orgOf(r)
	d, err := s.adminData(r, "ratings", o.Name+" · 公众评价")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sums, err := s.app.Store.RatingSummaries(ctx, o.Path)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	names := map[int64]string{}
	for _, x := range d["All"].([]org.Org) {
		names[x.ID] = x.Name
	}
	doms, err := s.app.Store.Domains(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	dn := map[string]string{}
	for _, x := range doms {
		dn[x.Code] = x.Name
	}
	// Totals per unit and per domain, then the detail rows.
	byUnit := map[int64]*store.RatingSummary{}
	byDomain := map[string]*store.RatingSummary{}
	var units []int64
	var domainKeys []string
	var rows []ratingRow
	for _, x := range sums {
		if byUnit[x.UnitID] == nil {
			byUnit[x.UnitID] = &store.RatingSummary{UnitID: x.UnitID}
			units = append(units, x.UnitID)
		}
		k := strconv.FormatInt(x.UnitID, 10) + "/" + x.Domain
		if byDomain[k] == nil {
			byDomain[k] = &store.RatingSummary{UnitID: x.UnitID, Domain: x.Domain}
			domainKeys = append(domainKeys, k)
		}
		for _, agg := range []*store.RatingSummary{byUnit[x.UnitID], byDomain[k]} {
			agg.Satisfied += x.Satisfied
			agg.Fair += x.Fair
			agg.Poor += x.Poor
		}
		entry := "（目录页面）"
		if x.EntryKey != "" {
			entry = x.EntryKey
		}
		rows = append(rows, ratingRow{RatingSummary: x, Unit: names[x.UnitID], Domain: dn[x.Domain], Entry: entry})
	}
	var unitRows, domainRows []ratingRow
	for _, id := range units {
		unitRows = append(unitRows, ratingRow{RatingSummary: *byUnit[id], Unit: names[id]})
	}
	for _, k := range domainKeys {
		x := byDomain[k]
		domainRows = append(domainRows, ratingRow{RatingSummary: *x, Unit: names[x.UnitID], Domain: dn[x.Domain]})
	}
	reasons, err := s.app.Store.RecentReasons(ctx, o.Path, 50)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	type reasonRow struct {
		store.Rating
		Unit, Domain, Label string
	}
	var rr []reasonRow
	for _, x := range reasons {
		rr = append(rr, reasonRow{Rating: x, Unit: names[x.UnitID], Domain: dn[x.Domain], Label: store.RatingLabel(x.Value)})
	}
	d["Units"], d["Domains"], d["Rows"], d["Reasons"] = unitRows, domainRows, rows, rr
	s.render(w, r, http.StatusOK, "admin_ratings.html", d)
}
