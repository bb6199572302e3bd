// Package web serves the public portal, the staff admin pages and the JSON API. It is the
// only layer that turns errors into HTTP responses.
package web

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"gongkai/internal/app"
	"gongkai/internal/config"
	"gongkai/internal/org"
)

// Access says who may call a route.
type Access int

const (
	Public   Access = iota // anyone
	SignedIn               // any signed-in person
	OrgScope               // a person with Perm at the organisation named by {org}
	APIOpen                // the JSON API, open data: no token needed
	APIToken               // the JSON API with a bearer token
)

// Route is one entry of the router. The list is kept so that tests can walk every route.
type Route struct {
	Method  string
	Pattern string
	Access  Access
	Perm    org.Permission // for OrgScope

	// Limits at the edge, from the tables of setEdges.
	MaxBody int64    // bytes a request body may have
	Files   bool     // takes multipart uploads; every other route refuses multipart bodies
	Query   []string // query parameters the handler reads: the page cache keys on these alone
	// Cacheable: anonymous answers are kept in the page cache (public and open API GETs
	// that do not depend on the visitor or on the moment).
	Cacheable bool
	// Exported: a page of the site that gongkai export-site writes as a static file.
	Exported bool
	pool     *pool // bounds the route's expensive work; nil for cheap routes
	handler  http.HandlerFunc
}

// Server is the HTTP side of gongkai.
type Server struct {
	app     *app.App
	log     *slog.Logger
	pages   *pages
	routes  []Route
	handler http.Handler
	reg     *prometheus.Registry
	metrics *metrics
	cache   *pageCache
	base    string // the public address for absolute links: configured, never from a request
	ids     *requestIDs

	public, staff, signIn *pool // bounds on expensive work: anonymous, staff, sign-in (argon2)
}

// New builds the server and its routes.
func New(a *app.App) (*Server, error) {
	s := &Server{app: a, log: a.Log, reg: prometheus.NewRegistry()}
	s.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	s.metrics = newMetrics(s.reg)
	s.cache = newPageCache(a.ContentVersion)
	s.base = a.Cfg.PublicBase()
	def := config.Default() // for a Config built by hand without the edge settings
	s.public, s.staff, s.signIn = newPool(cmp.Or(a.Cfg.MaxBusy, def.MaxBusy)), newPool(cmp.Or(a.Cfg.MaxBusyStaff, def.MaxBusyStaff)), newPool(cmp.Or(a.Cfg.MaxSignIns, def.MaxSignIns))
	var err error
	if s.pages, err = loadPages(a.Cfg); err != nil {
		return nil, err
	}
	s.addRoutes()
	if err := s.setEdges(); err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	for _, r := range s.routes {
		h := s.guard(r)
		rm := s.metrics.forRoute(r.Method + " " + r.Pattern)
		if r.Cacheable {
			// The cache sits outside the guard: a hit needs no handler context at all.
			h = s.cached(r, rm, h)
		}
		mux.Handle(r.Method+" "+r.Pattern, rm.instrument(h))
	}
	mux.Handle("/", s.metrics.forRoute("notfound").instrument(http.HandlerFunc(s.notFound)))
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(s.crossOriginDenied))
	h := securityHeaders(s.checkInput(cop.Handler(s.loadPrincipal(mux))))
	s.ids = newRequestIDs()
	if s.log.Enabled(context.Background(), slog.LevelDebug) {
		h = s.logRequests(h) // request logs cost a wrapper per request: only when asked for
		s.handler = s.recoverer(s.requestID(h))
	} else {
		s.handler = s.recoverer(s.cacheHit(s.requestID(h)))
	}
	return s, nil
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Routes lists every route, for tests that must cover them all.
func (s *Server) Routes() []Route { return s.routes }

func (s *Server) handle(method, pattern string, access Access, perm org.Permission, h http.HandlerFunc) {
	s.routes = append(s.routes, Route{Method: method, Pattern: pattern, Access: access, Perm: perm, handler: h})
}

func (s *Server) addRoutes() {
	// Public portal.
	s.handle("GET", "/{$}", Public, "", s.portalHome)
	s.handle("GET", "/healthz", Public, "", s.healthz)
	s.handle("GET", "/metrics", Public, "", s.metricsHandler)
	s.handle("GET", "/static/assets/{file}", Public, "", s.static)
	s.handle("GET", "/search", Public, "", s.searchPage)
	s.handle("GET", "/feed.atom", Public, "", s.siteFeed)
	s.handle("GET", "/sitemap.xml", Public, "", s.sitemap)
	s.handle("GET", "/{unit}/feed.atom", Public, "", s.unitFeed)
	s.handle("GET", "/{unit}/catalog/{domain}/feed.atom", Public, "", s.domainFeed)
	s.handle("GET", "/{unit}", Public, "", s.unitRedirect)
	s.handle("GET", "/{unit}/{$}", Public, "", s.unitHome)
	s.handle("GET", "/{unit}/catalog/{$}", Public, "", s.catalogIndex)
	s.handle("GET", "/{unit}/catalog/{domain}/{$}", Public, "", s.catalogTable)
	s.handle("GET", "/{unit}/catalog/{domain}/catalog.xlsx", Public, "", s.publicWorkbook)
	s.handle("GET", "/{unit}/catalog/{domain}/entries/{key}", Public, "", s.entryPage)
	s.handle("GET", "/{unit}/records/{id}", Public, "", s.recordPage)
	s.handle("GET", "/{unit}/records/{id}/files/{hash}", Public, "", s.recordFile)

	s.handle("POST", "/ratings", Public, "", s.rate)
	s.handle("GET", "/settings/text", Public, "", s.textSize)

	// Signing in.
	s.handle("GET", "/login", Public, "", s.loginForm)
	s.handle("POST", "/login", Public, "", s.loginSubmit)
	s.handle("POST", "/logout", Public, "", s.logout)
	s.handle("GET", "/account/setup", Public, "", s.setupForm)
	s.handle("POST", "/account/setup", Public, "", s.setupSubmit)
	s.handle("GET", "/account/password", SignedIn, "", s.passwordForm)
	s.handle("POST", "/account/password", SignedIn, "", s.passwordSubmit)

	// Admin, always scoped to an organisation in the URL.
	s.handle("GET", "/admin/{$}", SignedIn, "", s.adminHome)
	s.handle("GET", "/admin/orgs/{org}/{$}", OrgScope, org.PermView, s.orgPage)
	s.handle("GET", "/admin/orgs/{org}/edit", OrgScope, org.PermManageOrgs, s.orgEditForm)
	s.handle("POST", "/admin/orgs/{org}/edit", OrgScope, org.PermManageOrgs, s.orgEditSubmit)
	s.handle("GET", "/admin/orgs/{org}/new", OrgScope, org.PermManageOrgs, s.orgNewForm)
	s.handle("POST", "/admin/orgs/{org}/new", OrgScope, org.PermManageOrgs, s.orgNewSubmit)
	s.handle("GET", "/admin/orgs/{org}/people", OrgScope, org.PermView, s.peoplePage)
	s.handle("POST", "/admin/orgs/{org}/people", OrgScope, org.PermManagePeople, s.personCreate)
	s.handle("GET", "/admin/orgs/{org}/people/{id}", OrgScope, org.PermView, s.personPage)
	s.handle("POST", "/admin/orgs/{org}/people/{id}/roles", OrgScope, org.PermManagePeople, s.personRoles)
	s.handle("POST", "/admin/orgs/{org}/people/{id}/password", OrgScope, org.PermManagePeople, s.personPassword)
	s.handle("POST", "/admin/orgs/{org}/people/{id}/unlock", OrgScope, org.PermManagePeople, s.personUnlock)
	s.handle("POST", "/admin/orgs/{org}/people/{id}/disable", OrgScope, org.PermManagePeople, s.personDisable)
	s.handle("POST", "/admin/orgs/{org}/people/{id}/tokens/{token}/revoke", OrgScope, org.PermManagePeople, s.personTokenRevoke)
	s.handle("GET", "/admin/orgs/{org}/audit", OrgScope, org.PermViewAudit, s.auditPage)
	s.handle("GET", "/admin/orgs/{org}/catalogs", OrgScope, org.PermView, s.catalogsAdmin)
	s.handle("GET", "/admin/orgs/{org}/catalogs/{domain}", OrgScope, org.PermView, s.catalogAdmin)
	s.handle("POST", "/admin/orgs/{org}/catalogs/{domain}/drafts", OrgScope, org.PermCatalogEdit, s.draftCreate)
	s.handle("GET", "/admin/orgs/{org}/catalogs/{domain}/compare", OrgScope, org.PermView, s.catalogCompare)
	s.handle("GET", "/admin/orgs/{org}/catalogs/{domain}/v/{n}", OrgScope, org.PermView, s.versionPage)
	s.handle("GET", "/admin/orgs/{org}/catalogs/{domain}/v/{n}/export.xlsx", OrgScope, org.PermView, s.versionExport)
	s.handle("POST", "/admin/orgs/{org}/catalogs/{domain}/import", OrgScope, org.PermCatalogEdit, s.catalogImport)
	s.handle("POST", "/admin/orgs/{org}/catalogs/{domain}/v/{n}/file", OrgScope, org.PermCatalogFile, s.versionFile)
	s.handle("POST", "/admin/orgs/{org}/catalogs/{domain}/v/{n}/delete", OrgScope, org.PermCatalogEdit, s.versionDelete)
	s.handle("GET", "/admin/orgs/{org}/catalogs/{domain}/v/{n}/entries/new", OrgScope, org.PermCatalogEdit, s.entryFormPage)
	s.handle("POST", "/admin/orgs/{org}/catalogs/{domain}/v/{n}/entries", OrgScope, org.PermCatalogEdit, s.entrySave)
	s.handle("GET", "/admin/orgs/{org}/catalogs/{domain}/v/{n}/entries/{id}", OrgScope, org.PermCatalogEdit, s.entryFormPage)
	s.handle("POST", "/admin/orgs/{org}/catalogs/{domain}/v/{n}/entries/{id}", OrgScope, org.PermCatalogEdit, s.entrySave)
	s.handle("POST", "/admin/orgs/{org}/catalogs/{domain}/v/{n}/entries/{id}/delete", OrgScope, org.PermCatalogEdit, s.entryDelete)
	s.handle("POST", "/admin/orgs/{org}/catalogs/{domain}/v/{n}/entries/{id}/move", OrgScope, org.PermCatalogEdit, s.entryMove)
	s.handle("GET", "/admin/orgs/{org}/records", OrgScope, org.PermView, s.recordsAdmin)
	s.handle("GET", "/admin/orgs/{org}/records/new", OrgScope, org.PermCatalogEdit, s.recordNewForm)
	s.handle("POST", "/admin/orgs/{org}/records", OrgScope, org.PermCatalogEdit, s.recordCreate)
	s.handle("GET", "/admin/orgs/{org}/records/{id}", OrgScope, org.PermView, s.recordAdminPage)
	s.handle("GET", "/admin/orgs/{org}/records/{id}/edit", OrgScope, org.PermCatalogEdit, s.recordEditForm)
	s.handle("POST", "/admin/orgs/{org}/records/{id}/edit", OrgScope, org.PermCatalogEdit, s.recordEditSubmit)
	s.handle("POST", "/admin/orgs/{org}/records/{id}/attachments", OrgScope, org.PermCatalogEdit, s.recordAttach)
	s.handle("POST", "/admin/orgs/{org}/records/{id}/attachments/{pos}/delete", OrgScope, org.PermCatalogEdit, s.recordDetach)
	s.handle("GET", "/admin/orgs/{org}/records/{id}/attachments/{pos}", OrgScope, org.PermView, s.recordAttachmentFile)
	s.handle("POST", "/admin/orgs/{org}/records/{id}/act", OrgScope, org.PermView, s.recordAct)
	s.handle("GET", "/admin/orgs/{org}/filings", OrgScope, org.PermReceiveFiling, s.filingsPage)
	s.handle("POST", "/admin/orgs/{org}/filings/{version}", OrgScope, org.PermReceiveFiling, s.filingDecide)
	s.handle("GET", "/admin/orgs/{org}/ratings", OrgScope, org.PermView, s.ratingsPage)
	s.handle("GET", "/admin/orgs/{org}/calendar", OrgScope, org.PermView, s.calendarPage)
	s.handle("POST", "/admin/orgs/{org}/calendar/import", OrgScope, org.PermManageCalendar, s.calendarImport)
	s.handle("POST", "/admin/orgs/{org}/calendar/closures", OrgScope, org.PermManageCalendar, s.closureAdd)
	s.handle("POST", "/admin/orgs/{org}/calendar/closures/{day}/delete", OrgScope, org.PermManageCalendar, s.closureRemove)
	s.handle("GET", "/admin/orgs/{org}/settings", OrgScope, org.PermManageOrgs, s.settingsPage)
	s.handle("POST", "/admin/orgs/{org}/settings/policy", OrgScope, org.PermManageOrgs, s.settingsPolicy)
	s.handle("POST", "/admin/orgs/{org}/exception", OrgScope, org.PermDecideException, s.exceptionDecide)
	s.handle("POST", "/admin/orgs/{org}/settings/index-pattern", OrgScope, org.PermManageDomains, s.settingsIndexPattern)
	s.handle("POST", "/admin/orgs/{org}/settings/synonyms", OrgScope, org.PermManageDomains, s.synonymAdd)
	s.handle("POST", "/admin/orgs/{org}/settings/synonyms/{id}/delete", OrgScope, org.PermManageDomains, s.synonymRemove)
	s.handle("GET", "/admin/orgs/{org}/domains", OrgScope, org.PermManageDomains, s.domainsPage)
	s.handle("POST", "/admin/orgs/{org}/domains", OrgScope, org.PermManageDomains, s.domainCreate)

	// JSON API.
	s.handle("GET", "/api/v1/openapi.json", APIOpen, "", s.apiOpenAPI)
	s.handle("GET", "/api/v1/units", APIOpen, "", s.apiUnits)
	s.handle("GET", "/api/v1/me", APIToken, "", s.apiMe)
	s.handle("GET", "/api/v1/units/{unit}/catalogs/{domain}", APIOpen, "", s.apiCatalog)
	s.handle("GET", "/api/v1/search", APIOpen, "", s.apiSearch)
	s.handle("POST", "/api/v1/records", APIToken, "", s.apiRecordCreate)
	s.handle("GET", "/api/v1/records/{id}", APIOpen, "", s.apiRecordGet)
	s.handle("PUT", "/api/v1/records/{id}", APIToken, "", s.apiRecordEdit)
	s.handle("POST", "/api/v1/records/{id}/{action}", APIToken, "", s.apiRecordAction)
	s.addDutiesRoutes()
	s.addParticipationRoutes()
	s.addRequestRoutes()
	s.addNotifyRoutes()
	s.addSupervisionRoutes()
	s.addInspectionRoutes()
	s.addStaffUXRoutes()
	s.addColumnRoutes()
	s.addChannelRoutes()
	s.addSubscriptionRoutes()
	s.addProbeRoutes()
	s.addInspectionNoticeRoutes()
	s.addEvidenceAndSetRoutes()
}

// requestTimeout bounds handlers that talk to the store.
const requestTimeout = 30 * time.Second

// searchParams are the query parameters of the search page and API.
var searchParams = []string{"q", "unit", "domain", "stage", "kind", "subject", "in_force", "sort", "from", "to", "page"}

// setEdges gives every route its body limit, its uploads, the query parameters its page may
// be cached under, whether it is cached and exported, and the pool its expensive work runs in. The tables name routes by method
// and pattern; a name that matches no route is an error, so the tables cannot drift from the
// route list unnoticed.
func (s *Server) setEdges() error {
	uploads := map[string]int64{
		"POST /admin/orgs/{org}/catalogs/{domain}/import": maxWorkbook + 64<<10,
		"POST /admin/orgs/{org}/records/{id}/attachments": maxUpload + 64<<10,
		"POST /admin/orgs/{org}/calendar/import":          maxYearFile + 4<<10,
		"POST /admin/orgs/{org}/campaigns/{id}/units":     maxUnitsTable + 64<<10,
		"POST /admin/orgs/{org}/records/docx":             maxUpload + 64<<10, "POST /admin/orgs/{org}/records/{id}/docx": maxUpload + 64<<10, // 从Word导入
		"POST /admin/orgs/{org}/deliveries/{id}/confirm": maxPhoto + 64<<10,
	}
	queries := map[string][]string{
		"GET /search":        searchParams,
		"GET /api/v1/search": searchParams,
		"GET /sitemap.xml":   {"part", "after"},
		"GET /{unit}/catalog/{domain}/entries/{key}": {"page", "in_force"},
		"GET /admin/orgs/{org}/participation":        {"state"}, "GET /{unit}/questions/new": {"domain", "entry"}, "GET /api/v1/questions": {"unit", "state"}, "GET /api/v1/questions/stats": {"unit"}, "GET /api/v1/consultations/{id}/comments": {"state"},
	}
	uploads["POST /admin/orgs/{org}/records/{id}/images"] = maxUpload + 64<<10 // an image pasted into the 正文 (staffux.go)
	// A submission and a request's reply, each with its files.
	uploads["POST /admin/orgs/{org}/obligations/{id}/submissions"], uploads["POST /admin/orgs/{org}/requests/{id}/reply"] = maxSubmissionBody, maxSubmissionBody
	uploads["POST /admin/orgs/{org}/inspections/{id}/marks"], uploads["POST /admin/orgs/{org}/inspections/{id}/objections"], uploads["POST /api/v1/inspections/{id}/marks"], uploads["POST /api/v1/inspections/{id}/objections"] = maxSubmissionBody, maxSubmissionBody, maxSubmissionBody, maxSubmissionBody // marks and objections with their evidence files (the API takes JSON as well)

	def := config.Default()
	publicBody, staffBody := cmp.Or(s.app.Cfg.MaxPublicBody, def.MaxPublicBody), cmp.Or(s.app.Cfg.MaxStaffBody, def.MaxStaffBody)
	cheap := map[string]bool{"GET /healthz": true, "GET /metrics": true, "GET /static/assets/{file}": true}
	// Every public and open API GET route is cached and every public GET route exported,
	// except these. Not cached: probes, whose answers are about the moment; forms that carry
	// a per-visitor token; the text-size switch, which sets a cookie.
	uncached := map[string]bool{"GET /healthz": true, "GET /metrics": true, "GET /login": true,
		"GET /settings/text": true, "GET /account/setup": true,
		"GET /{unit}/consultations/{$}": true, "GET /{unit}/consultations/{id}": true, "GET /questions/status/{token}": true, "GET /{unit}/questions/new": true} // participation: countdowns change daily; the status page is private; the form shows the unit's period
	// Not exported: probes, the dynamic functions (the export points their links at the
	// dynamic site) and the redirect from /{unit} to /{unit}/.
	unexported := map[string]bool{"GET /healthz": true, "GET /metrics": true, "GET /search": true,
		"GET /login": true, "GET /settings/text": true, "GET /{unit}": true, "GET /account/setup": true,
		"GET /{unit}/consultations/{$}": true, "GET /{unit}/consultations/{id}": true, "GET /{unit}/consultations/{id}/thanks": true, "GET /{unit}/questions/{$}": true, "GET /{unit}/questions/new": true, "GET /questions/status/{token}": true} // participation: dynamic functions
	uncached["GET /requests/status/{token}"] = true                                                 // the applicant's private page
	unexported["GET /{unit}/requests/new"], unexported["GET /requests/status/{token}"] = true, true // dynamic functions

	// The files of a reply, delivered to the applicant's token only.
	uncached["GET /requests/status/{token}/files/{pos}"], unexported["GET /requests/status/{token}/files/{pos}"] = true, true
	unexported["GET /{unit}/records/{id}/notice"] = true // a print aid for staff, served by the dynamic site
	for _, k := range []string{"GET /subscriptions/new", "GET /subscriptions/confirm/{token}", "GET /subscriptions/unsubscribe/{token}"} {
		uncached[k], unexported[k] = true, true // email subscriptions: dynamic, and the links are personal
	}
	seen := map[string]bool{}
	for i := range s.routes {
		rt := &s.routes[i]
		key := rt.Method + " " + rt.Pattern
		seen[key] = true
		switch {
		case uploads[key] > 0:
			rt.MaxBody, rt.Files = uploads[key], true
		case rt.Access == Public || rt.Access == APIOpen:
			rt.MaxBody = publicBody
		default:
			rt.MaxBody = staffBody
		}
		rt.Query = queries[key]
		publicGET := rt.Method == "GET" && (rt.Access == Public || rt.Access == APIOpen)
		rt.Cacheable = publicGET && !uncached[key]
		rt.Exported = publicGET && rt.Access == Public && !unexported[key]
		if (uncached[key] || unexported[key]) && !publicGET {
			return fmt.Errorf("web: edge table exempts %q, which is not a public GET route", key)
		}
		switch {
		case cheap[key]:
		case key == "POST /login":
			rt.pool = s.signIn
		case rt.Access == Public || rt.Access == APIOpen:
			rt.pool = s.public
		default:
			rt.pool = s.staff
		}
	}
	for _, table := range []map[string]bool{cheap, uncached, unexported, keys(uploads), keys(queries)} {
		for key := range table {
			if !seen[key] {
				return fmt.Errorf("web: edge table names %q, which is not a route", key)
			}
		}
	}
	return nil
}

func keys[V any](m map[string]V) map[string]bool {
	out := map[string]bool{}
	for k := range m {
		out[k] = true
	}
	return out
}
