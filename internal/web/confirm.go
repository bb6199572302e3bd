package web

import (
	"net/http"
	"sort"
)

// confirmField is a field of the original form, carried through the confirm page.
type confirmField struct{ Name, Value string }

// confirmed reports whether a destructive POST carries the answer of its confirm page
// (confirm=yes). When it does not, it answers with that page — what will happen, the form
// again with every field it had, a 确认 button and a way back — and returns false; nothing
// is changed. The page works without JavaScript, so no destructive action is one click away.
func (s *Server) confirmed(w http.ResponseWriter, r *http.Request, what, detail, back string) bool {
	if r.PostFormValue("confirm") == "yes" {
		return true
	}
	var fields []confirmField
	for k, vs := range r.PostForm {
		if k == "confirm" {
			continue
		}
		for _, v := range vs {
			fields = append(fields, confirmField{k, v})
		}
	}
	sort.Slice(fields, func(i, j int) bool { return fields[i].Name < fields[j].Name })
	d := map[string]any{}
	if r.PathValue("org") != "" {
		var err error
		if d, err = s.adminData(r, "", "确认"+what); err != nil {
			s.fail(w, r, err)
			return false
		}
	}
	d["Title"], d["What"], d["Detail"], d["Action"], d["Fields"], d["Back"] = "确认"+what, what, detail, r.URL.Path, fields, back
	s.render(w, r, http.StatusOK, "confirm.html", d)
	return false
}

// mayManagePerson reports whether the person of the route's {id} may be managed by the
// signed-in person: only then is a confirm page shown; a refusal is answered (and audited)
// by the action itself.
func (s *Server) mayManagePerson(r *http.Request) bool {
	id, err := s.personID(r)
	if err != nil {
		return false
	}
	person, err := s.app.PersonIn(r.Context(), principalOf(r), orgOf(r), id)
	return err == nil && principalOf(r).CanManage(person)
}
