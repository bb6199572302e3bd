package web

import (
	"errors"
	"net/http"
	"strconv"

	"gongkai/internal/app"
	"gongkai/internal/errs"
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

func (s *Server) ratingsPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	o := orgOf(r)
	d, err := s.adminData(r, "ratings", o.Name+" · 公众评价")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg, err := s.app.Ratings(ctx, principalOf(r), o)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d["Units"], d["Domains"], d["Rows"], d["Reasons"] = pg.Units, pg.Domains, pg.Rows, pg.Reasons
	s.render(w, r, http.StatusOK, "admin_ratings.html", d)
}
