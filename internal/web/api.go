package web

import (
	_ "embed"
	"net/http"

	"gongkai/internal/org"
)

type apiUnit struct {
	Code     string   `json:"code"`
	Name     string   `json:"name"`
	Kind     string   `json:"kind"`
	UnitType string   `json:"unit_type,omitempty"`
	Parent   string   `json:"parent,omitempty"`
	Domains  []string `json:"domains"`
	URL      string   `json:"url"`
	Sample   bool     `json:"sample"`
}

// apiUnits lists the pilot units: all of them for the public (open data); for a caller with
// a token, the units inside the caller's grants.
func (s *Server) apiUnits(w http.ResponseWriter, r *http.Request) {
	all, err := s.app.Orgs(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	codes := map[int64]string{}
	for _, o := range all {
		codes[o.ID] = o.Code
	}
	p := principalOf(r)
	out := []apiUnit{}
	for _, o := range all {
		if o.Kind != org.KindUnit || (p != nil && !p.Can(org.PermView, o)) {
			continue
		}
		doms := o.Domains
		if doms == nil {
			doms = []string{}
		}
		out = append(out, apiUnit{Code: o.Code, Name: o.Name, Kind: string(o.Kind), UnitType: o.UnitType, Parent: codes[o.ParentID],
			Domains: doms, URL: "/" + o.Code + "/", Sample: o.Sample})
	}
	writeJSON(w, http.StatusOK, map[string]any{"units": out})
}

type apiGrant struct {
	Org  string `json:"org"`
	Role string `json:"role"`
}

// apiMe tells a token's holder who they are.
func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) {
	p := principalOf(r)
	gs := []apiGrant{}
	for _, g := range p.Person.Grants {
		gs = append(gs, apiGrant{g.OrgCode, string(g.Role)})
	}
	writeJSON(w, http.StatusOK, map[string]any{"login": p.Person.Login, "name": p.Person.Name, "grants": gs})
}

//go:embed openapi.json
var openapiDoc []byte

func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=300")
	w.Write(openapiDoc)
}
