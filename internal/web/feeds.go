package web

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/org"
)

// baseURL is the site's public address for absolute links: from the configuration (see
// config.PublicBase), or the address a static export is made for. Never from the request:
// its Host header is the client's to choose, and these pages are cached for everyone.
func (s *Server) baseURL(r *http.Request) string {
	if b, ok := r.Context().Value(keyExportBase).(string); ok {
		return b
	}
	return s.base
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomText struct {
	Type string `xml:"type,attr,omitempty"`
	Body string `xml:",chardata"`
}

type atomEntry struct {
	Title     string     `xml:"title"`
	ID        string     `xml:"id"`
	Link      atomLink   `xml:"link"`
	Published string     `xml:"published"`
	Updated   string     `xml:"updated"`
	Author    atomAuthor `xml:"author"`
	Summary   *atomText  `xml:"summary,omitempty"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomAuthor  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

const feedSize = 50

// writeFeedHead writes an Atom feed's content type, XML declaration and the processing
// instruction that has a browser render the feed as a page with feed.xsl (served from this
// site: browsers apply only same-origin stylesheets). Feed readers ignore the instruction, and
// the document stays a valid Atom feed. It is served as application/xml: Chromium shows an
// application/atom+xml response as plain text and never applies its stylesheet, while feed
// readers read the document, not the type (the autodiscovery links still name the Atom type).
func (s *Server) writeFeedHead(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	w.Write([]byte(xml.Header))
	w.Write([]byte(`<?xml-stylesheet type="text/xsl" href="` + s.pages.assetURL("feed.xsl") + `"?>` + "\n"))
}

// feed writes an Atom feed of the newest published records of a unit and domain ("" = all).
func (s *Server) writeFeed(w http.ResponseWriter, r *http.Request, title, unit, domain, page string) {
	refs, err := s.app.LatestPublished(r.Context(), unit, domain, feedSize)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	base := s.baseURL(r)
	f := atomFeed{Lang: "zh-CN", Title: title, ID: base + r.URL.Path, Author: atomAuthor{Name: s.app.Cfg.SiteName},
		Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: base + r.URL.Path}, {Rel: "alternate", Type: "text/html", Href: base + page}}}
	updated := time.Date(2017, 8, 1, 0, 0, 0, 0, time.UTC) // the plan's start: a fixed date for an empty feed
	for _, ref := range refs {
		up := ref.UpdatedAt
		if up.After(updated) {
			updated = up
		}
		link := base + "/" + ref.UnitCode + "/records/" + strconv.FormatInt(ref.ID, 10)
		f.Entries = append(f.Entries, atomEntry{Title: ref.Title, ID: link, Link: atomLink{Rel: "alternate", Type: "text/html", Href: link},
			Published: ref.PublishedAt.UTC().Format(time.RFC3339), Updated: up.UTC().Format(time.RFC3339), Author: atomAuthor{Name: ref.UnitName}})
	}
	f.Updated = updated.UTC().Format(time.RFC3339)
	s.writeFeedHead(w)
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	enc.Encode(f)
}

func (s *Server) siteFeed(w http.ResponseWriter, r *http.Request) {
	s.writeFeed(w, r, s.app.Cfg.SiteName+" · 最新公开信息", "", "", "/")
}

func (s *Server) unitFeed(w http.ResponseWriter, r *http.Request) {
	if r.PathValue("unit") == "pilot" { // /pilot/feed.atom: no unit has this code
		s.pilotFeed(w, r)
		return
	}
	u, ok := s.publicUnit(w, r)
	if !ok {
		return
	}
	s.writeFeed(w, r, u.Name+" · 最新公开信息", u.Code, "", "/"+u.Code+"/")
}

// pilotFeed is the Atom feed of the 试点工作专题: each public campaign on its issue date, and
// each accepted public deliverable (工作方案, 工作总结) on the day it was filed — what
// /pilot/ shows, nothing pending, returned or private.
func (s *Server) pilotFeed(w http.ResponseWriter, r *http.Request) {
	cs, err := s.app.PublicCampaigns(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	base := s.baseURL(r)
	f := atomFeed{Lang: "zh-CN", Title: s.app.Cfg.SiteName + " · 试点工作专题", ID: base + r.URL.Path, Author: atomAuthor{Name: s.app.Cfg.SiteName},
		Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: base + r.URL.Path}, {Rel: "alternate", Type: "text/html", Href: base + "/pilot/"}}}
	updated := time.Date(2017, 8, 1, 0, 0, 0, 0, time.UTC)
	stamp := func(d calendar.Date) string {
		t := d.Time()
		if t.After(updated) {
			updated = t
		}
		return t.UTC().Format(time.RFC3339)
	}
	for _, c := range cs {
		pg, err := s.app.PublicCampaign(r.Context(), c.ID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		page := base + "/pilot/" + strconv.FormatInt(c.ID, 10) + "/"
		on := stamp(c.IssuedOn)
		f.Entries = append(f.Entries, atomEntry{Title: c.Name, ID: page, Link: atomLink{Rel: "alternate", Type: "text/html", Href: page},
			Published: on, Updated: on, Author: atomAuthor{Name: s.app.Cfg.SiteName}, Summary: &atomText{Body: c.DocNo}})
		for _, u := range pg.Units {
			for _, fl := range u.Filings {
				on := stamp(fl.On)
				link := page + "#u-" + u.Unit.Code
				f.Entries = append(f.Entries, atomEntry{Title: u.Unit.Name + " · " + fl.Title, ID: link + "/" + fl.Title, Link: atomLink{Rel: "alternate", Type: "text/html", Href: link},
					Published: on, Updated: on, Author: atomAuthor{Name: u.Unit.Name}, Summary: &atomText{Body: fl.Summary}})
			}
		}
	}
	slices.SortStableFunc(f.Entries, func(a, b atomEntry) int { return strings.Compare(b.Updated, a.Updated) })
	if len(f.Entries) > feedSize {
		f.Entries = f.Entries[:feedSize]
	}
	f.Updated = updated.UTC().Format(time.RFC3339)
	s.writeFeedHead(w)
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	enc.Encode(f)
}

func (s *Server) domainFeed(w http.ResponseWriter, r *http.Request) {
	u, ok := s.publicUnit(w, r)
	if !ok {
		return
	}
	d := r.PathValue("domain")
	if !slices.Contains(u.Domains, d) {
		s.fail(w, r, errs.E(errs.NotFound, "“%s”没有该试点领域", u.Name))
		return
	}
	dom, _ := s.domainNamed(w, r, d)
	s.writeFeed(w, r, u.Name+" · "+dom.Name+" · 最新公开信息", u.Code, d, "/"+u.Code+"/catalog/"+d+"/")
}

// sitemapChunk is how many records one sitemap file lists (the protocol allows 50,000).
const sitemapChunk = 40000

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// sitemap answers /sitemap.xml: the index, or with ?part=pages or ?part=records&after=N one
// of the sitemaps it lists. (Query parameters keep the sitemaps at the site root, where
// their URLs may cover the whole site, without a path that could clash with a unit's.)
func (s *Server) sitemap(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Query().Get("part") {
	case "":
		s.sitemapIndex(w, r)
	case "pages":
		s.sitemapPages(w, r)
	case "records":
		s.sitemapRecords(w, r)
	default:
		s.notFound(w, r)
	}
}

// sitemapIndex lists the page sitemap and one sitemap per chunk of record IDs.
func (s *Server) sitemapIndex(w http.ResponseWriter, r *http.Request) {
	base := s.baseURL(r)
	type sm struct {
		Loc string `xml:"loc"`
	}
	idx := struct {
		XMLName  xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
		Sitemaps []sm     `xml:"sitemap"`
	}{Sitemaps: []sm{{Loc: base + "/sitemap.xml?part=pages"}}}
	var after int64
	for n := 1; ; n++ {
		refs, err := s.app.PublishedAfter(r.Context(), after, sitemapChunk)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if len(refs) == 0 {
			break
		}
		idx.Sitemaps = append(idx.Sitemaps, sm{Loc: fmt.Sprintf("%s/sitemap.xml?part=records&after=%d", base, after)})
		after = refs[len(refs)-1].ID
		if len(refs) < sitemapChunk {
			break
		}
	}
	writeXML(w, idx)
}

func writeXML(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	w.Write([]byte(xml.Header))
	xml.NewEncoder(w).Encode(v)
}

type urlset struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []sitemapURL `xml:"url"`
}

// sitemapPages lists the portal, unit, catalog and entry pages.
func (s *Server) sitemapPages(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	base := s.baseURL(r)
	set := urlset{URLs: []sitemapURL{{Loc: base + "/"}}}
	all, err := s.app.Orgs(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, u := range all {
		if u.Kind != org.KindUnit {
			continue
		}
		set.URLs = append(set.URLs, sitemapURL{Loc: base + "/" + u.Code + "/"}, sitemapURL{Loc: base + "/" + u.Code + "/xxgk/"}, sitemapURL{Loc: base + "/" + u.Code + "/catalog/"})
		for _, d := range u.Domains {
			v, es, err := s.app.EffectiveCatalog(ctx, u, d)
			if errs.Is(err, errs.NotFound) {
				continue
			}
			if err != nil {
				s.fail(w, r, err)
				return
			}
			mod := v.EffectiveAt.UTC().Format("2006-01-02")
			set.URLs = append(set.URLs, sitemapURL{Loc: base + "/" + u.Code + "/catalog/" + d + "/", LastMod: mod})
			for _, e := range es {
				if !e.NotPublic {
					set.URLs = append(set.URLs, sitemapURL{Loc: base + "/" + u.Code + "/catalog/" + d + "/entries/" + e.Key, LastMod: mod})
				}
			}
		}
	}
	// The 试点工作专题 and its public campaigns.
	cs, err := s.app.PublicCampaigns(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	set.URLs = append(set.URLs, sitemapURL{Loc: base + "/pilot/"})
	for _, c := range cs {
		set.URLs = append(set.URLs, sitemapURL{Loc: base + "/pilot/" + strconv.FormatInt(c.ID, 10) + "/"})
	}
	writeXML(w, set)
}

// sitemapRecords lists one chunk of published records, those with IDs after ?after.
func (s *Server) sitemapRecords(w http.ResponseWriter, r *http.Request) {
	after, err := strconv.ParseInt(r.URL.Query().Get("after"), 10, 64)
	if err != nil || after < 0 {
		s.notFound(w, r)
		return
	}
	refs, err := s.app.PublishedAfter(r.Context(), after, sitemapChunk)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	base := s.baseURL(r)
	set := urlset{}
	for _, ref := range refs {
		set.URLs = append(set.URLs, sitemapURL{Loc: base + "/" + ref.UnitCode + "/records/" + strconv.FormatInt(ref.ID, 10), LastMod: ref.UpdatedAt.UTC().Format("2006-01-02")})
	}
	writeXML(w, set)
}
