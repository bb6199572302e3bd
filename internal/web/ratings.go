package web

import (
	"errors"
	"net/http"
	"strconv"

	"gongkai/internal/app"
	"gongkai/internal/errs"
	"gongkai/internal/org"
	"gongkai/internal/rating"
)

// rate takes a rating from any visitor: no sign-in, limited per client address (see
// app.Rate, which also decides what may be rated). The visitor returns to the page with a
// message code.
func (s *Server) rate(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PostFormValue("subject_id"), 10, 64)
	value, _ := strconv.Atoi(r.PostFormValue("value"))
	in := app.RatingInput{SubjectType: r.PostFormValue("subject_type"), SubjectID: id, Value: value, Reason: r.PostFormValue("reason")}
	subj, err := s.app.Rate(r.Context(), in, s.clientIP(r))
	code := "rated"
	switch {
	case err == nil:
	case errors.Is(err, rating.ErrRatedBefore):
		code = "rating-repeat"
	case errors.Is(err, rating.ErrTooOften):
		code = "rating-often"
	case errs.Is(err, errs.Invalid) && hasField(err, "reason"):
		code = "rating-reason"
	case errs.Is(err, errs.Invalid):
		code = "rating-value"
	default:
		s.fail(w, r, err)
		return
	}
	back := "/" + subj.UnitCode + "/catalog/" + subj.Domain + "/"
	if subj.RecordID != 0 {
		back = "/" + subj.UnitCode + "/records/" + strconv.FormatInt(subj.RecordID, 10)
	}
	http.Redirect(w, r, back+"?"+flashQuery(code)+"#rate", http.StatusSeeOther)
}

// hasField reports whether err names the field among its field errors.
func hasField(err error, field string) bool {
	var e *errs.Error
	if errors.As(err, &e) {
		for _, f := range e.Fields {
			if f.Field == field {
				return true
			}
		}
	}
	return false
}

type ratingRow struct {
	rating.Summary
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
	byUnit := map[int64]*rating.Summary{}
	byDomain := map[string]*rating.Summary{}
	var units []int64
	var domainKeys []string
	var rows []ratingRow
	for _, x := range sums {
		if byUnit[x.UnitID] == nil {
			byUnit[x.UnitID] = &rating.Summary{UnitID: x.UnitID}
			units = append(units, x.UnitID)
		}
		k := strconv.FormatInt(x.UnitID, 10) + "/" + x.Domain
		if byDomain[k] == nil {
			byDomain[k] = &rating.Summary{UnitID: x.UnitID, Domain: x.Domain}
			domainKeys = append(domainKeys, k)
		}
		for _, agg := range []*rating.Summary{byUnit[x.UnitID], byDomain[k]} {
			agg.Satisfied += x.Satisfied
			agg.Fair += x.Fair
			agg.Poor += x.Poor
		}
		entry := "（目录页面）"
		if x.EntryKey != "" {
			entry = x.EntryKey
		}
		rows = append(rows, ratingRow{Summary: x, Unit: names[x.UnitID], Domain: dn[x.Domain], Entry: entry})
	}
	var unitRows, domainRows []ratingRow
	for _, id := range units {
		unitRows = append(unitRows, ratingRow{Summary: *byUnit[id], Unit: names[id]})
	}
	for _, k := range domainKeys {
		x := byDomain[k]
		domainRows = append(domainRows, ratingRow{Summary: *x, Unit: names[x.UnitID], Domain: dn[x.Domain]})
	}
	reasons, err := s.app.Store.RecentReasons(ctx, o.Path, 50)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	type reasonRow struct {
		rating.Rating
		Unit, Domain, Label string
	}
	var rr []reasonRow
	for _, x := range reasons {
		rr = append(rr, reasonRow{Rating: x, Unit: names[x.UnitID], Domain: dn[x.Domain], Label: rating.Label(x.Value)})
	}
	d["Units"], d["Domains"], d["Rows"], d["Reasons"] = unitRows, domainRows, rows, rr
	s.render(w, r, http.StatusOK, "admin_ratings.html", d)
}
