package web

import (
	"context"
	"net/http"
	"os"
	"time"

	"gongkai/internal/errs"
	"gongkai/internal/org"
)

// healthz answers ok when the store answers and the data directory takes a write; otherwise
// 503 with the reason (the detail goes to the log). A full disk or a read-only data
// directory would fail every upload and, on SQLite, every change, so it is not healthy.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Cache-Control", "no-store")
	unhealthy := func(reason string, err error) {
		s.log.Warn("health check failed", "reason", reason, "err", err)
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "reason": reason})
	}
	if err := s.app.Ping(ctx); err != nil {
		unhealthy("数据库无响应", err)
		return
	}
	if err := probeWrite(s.app.Cfg.DataDir); err != nil {
		unhealthy("数据目录不可写（磁盘已满或只读）", err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// probeWrite writes, syncs and removes a small file in dir.
func probeWrite(dir string) error {
	f, err := os.CreateTemp(dir, ".healthz-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	_, err = f.Write(make([]byte, 4096))
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

type cityUnits struct {
	City  org.Org
	Units []org.Org
}

// portalHome lists the pilot units grouped by the city (or the province) above them.
func (s *Server) portalHome(w http.ResponseWriter, r *http.Request) {
	all, err := s.app.Orgs(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var groups []*cityUnits
	byID := map[int64]*cityUnits{}
	for _, o := range all {
		if o.Kind == org.KindCity || o.Kind == org.KindProvince {
			g := &cityUnits{City: o}
			byID[o.ID] = g
			if o.Kind == org.KindCity {
				groups = append(groups, g)
			}
		}
	}
	for _, o := range all {
		if o.Kind == org.KindUnit {
			if g := byID[o.ParentID]; g != nil {
				g.Units = append(g.Units, o)
			}
		}
	}
	var shown []*cityUnits
	for _, g := range groups {
		if len(g.Units) > 0 {
			shown = append(shown, g)
		}
	}
	latest, err := s.app.LatestPublished(r.Context(), "", "", 10)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	notices, err := s.app.PublicInspectionNotices(r.Context(), 10)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "home.html", map[string]any{"Title": "", "Cities": shown, "Latest": latest, "Notices": notices})
}

// unitRedirect sends /610112 to /610112/, and answers 404 at once for what is not a unit.
func (s *Server) unitRedirect(w http.ResponseWriter, r *http.Request) {
	u, err := s.app.OrgByCode(r.Context(), r.PathValue("unit"))
	if err != nil || u.Kind != org.KindUnit {
		s.notFound(w, r)
		return
	}
	http.Redirect(w, r, "/"+u.Code+"/", http.StatusMovedPermanently)
}

// unitHome is a pilot unit's public home page.
func (s *Server) unitHome(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u, err := s.app.OrgByCode(ctx, r.PathValue("unit"))
	if err != nil || u.Kind != org.KindUnit {
		s.fail(w, r, errs.E(errs.NotFound, "没有代码为“%s”的试点单位", r.PathValue("unit")))
		return
	}
	parent, err := s.app.Org(ctx, u.ParentID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	domains, err := s.domainsOf(ctx, u.Domains)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	all, err := s.app.Orgs(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var children []org.Org
	for _, o := range all {
		if o.ParentID == u.ID {
			children = append(children, o)
		}
	}
	latest, err := s.app.LatestPublished(ctx, u.Code, "", 10)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "unit.html", map[string]any{"Title": u.Name, "Unit": u, "Parent": parent, "Domains": domains, "Children": children, "Latest": latest})
}

// domainsOf resolves domain codes to domains, in the official order.
func (s *Server) domainsOf(ctx context.Context, codes []string) ([]org.Domain, error) {
	return s.app.DomainsOf(ctx, codes)
}
