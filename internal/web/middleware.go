package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"runtime/debug"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"gongkai/internal/app"
	"gongkai/internal/errs"
	"gongkai/internal/org"
)

type ctxKey int

const (
	keyRequestID ctxKey = iota
	keyPrincipal
	keyOrg
	keyExportBase // set by the Exporter: the base URL of a static export
)

// exporting reports a request rendered by the Exporter for a static export.
func exporting(r *http.Request) bool {
	_, ok := r.Context().Value(keyExportBase).(string)
	return ok
}

const sessionCookie = "gongkai_session"

// reqID is a request's id, allocated once with the header value that carries it.
type reqID struct {
	id  string
	hdr [1]string
}

func requestIDOf(r *http.Request) string {
	if v, ok := r.Context().Value(keyRequestID).(*reqID); ok {
		return v.id
	}
	return ""
}

func principalOf(r *http.Request) *app.Principal {
	p, _ := r.Context().Value(keyPrincipal).(*app.Principal)
	return p
}

func orgOf(r *http.Request) org.Org {
	o, _ := r.Context().Value(keyOrg).(org.Org)
	return o
}

// requestIDs hands out request ids: a random prefix per process and a counter, unique
// across instances, and cheap.
type requestIDs struct {
	prefix string
	n      atomic.Uint64
}

func newRequestIDs() *requestIDs {
	b := make([]byte, 4)
	rand.Read(b)
	return &requestIDs{prefix: hex.EncodeToString(b) + "-"}
}

// next makes a request id and sets it on the response: one string and one small struct
// holding it and its header value.
func (ids *requestIDs) next(w http.ResponseWriter) *reqID {
	var buf [32]byte
	id := &reqID{id: string(strconv.AppendUint(append(buf[:0], ids.prefix...), ids.n.Add(1), 36))}
	id.hdr[0] = id.id
	w.Header()["X-Request-Id"] = id.hdr[:]
	return id
}

func (s *Server) requestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Every request that is not a cache hit pays for a context and a request copy.
		id := s.ids.next(w)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), keyRequestID, id)))
	})
}

// cacheHit answers an anonymous GET or HEAD that is already in the page cache before any
// other middleware runs, with the same response the full chain would give: the same
// security headers, a request id, the cached page (or 304) and the route's metrics. Only a
// request with no cookie and no Authorization header qualifies (so no session, no token, no
// large-text choice); the cache holds only pages stored under a clean path and a canonical
// query that passed the edge checks, so a request whose URI equals a key would pass them
// too, and would be routed to the same handler. Anything else goes down the chain.
func (s *Server) cacheHit(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if (r.Method != http.MethodGet && r.Method != http.MethodHead) || r.Header["Cookie"] != nil || r.Header["Authorization"] != nil {
			next.ServeHTTP(w, r)
			return
		}
		s.cache.refresh(r.Context())
		p := s.cache.get(r.URL.RequestURI())
		if p == nil {
			next.ServeHTTP(w, r)
			return
		}
		start := time.Now()
		s.ids.next(w)
		setSecurityHeaders(w.Header())
		p.rm.done(p.serve(w, r), start)
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		if r.URL.Path == "/healthz" || r.URL.Path == "/metrics" {
			return
		}
		s.log.Debug("request", "id", requestIDOf(r), "method", r.Method, "path", r.URL.Path, "status", sw.status,
			"bytes", sw.bytes, "ms", time.Since(start).Milliseconds(), "ip", s.clientIP(r))
	})
}

func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "id", requestIDOf(r), "value", fmt.Sprint(v), "stack", string(debug.Stack()))
				s.fail(w, r, fmt.Errorf("panic: %v", v))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// Canonical keys and shared values: set on every response, so kept cheap.
var (
	hdrNosniff  = []string{"nosniff"}
	hdrReferrer = []string{"strict-origin-when-cross-origin"}
	hdrFrame    = []string{"SAMEORIGIN"}
	hdrCSP      = []string{"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'"}
)

func setSecurityHeaders(h http.Header) {
	h["X-Content-Type-Options"] = hdrNosniff
	h["Referrer-Policy"] = hdrReferrer
	h["X-Frame-Options"] = hdrFrame
	h["Content-Security-Policy"] = hdrCSP
}

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		setSecurityHeaders(w.Header())
		next.ServeHTTP(w, r)
	})
}

func (s *Server) crossOriginDenied(w http.ResponseWriter, r *http.Request) {
	s.fail(w, r, errs.E(errs.Forbidden, "跨站请求被拒绝：请从本站页面提交"))
}

// clientIP is the client's address, the one function that every limit (sign-in, ratings)
// and every log takes it from: the peer's address, or with --trust-proxy the right-most
// X-Forwarded-For hop that no trusted proxy added. The proxy that connects appends the
// address it saw; hops further left were written by whoever sent the request and prove
// nothing, unless they are themselves proxies listed in --trusted-proxies.
func (s *Server) clientIP(r *http.Request) string {
	peer, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		host, _, err := net.SplitHostPort(r.RemoteAddr)
		if err != nil {
			return r.RemoteAddr
		}
		return host
	}
	client := peer.Addr().Unmap()
	if !s.app.Cfg.TrustProxy {
		return client.String()
	}
	var hops []string
	for _, h := range r.Header.Values("X-Forwarded-For") {
		hops = append(hops, strings.Split(h, ",")...)
	}
	for i := len(hops) - 1; i >= 0; i-- {
		a, ok := parseHop(hops[i])
		if !ok {
			break
		}
		client = a
		if !s.trustedProxy(a) {
			break
		}
	}
	return client.String()
}

// parseHop reads one X-Forwarded-For entry: an address, possibly with a port.
func parseHop(h string) (netip.Addr, bool) {
	h = strings.TrimSpace(h)
	if a, err := netip.ParseAddr(h); err == nil {
		return a.Unmap(), true
	}
	if ap, err := netip.ParseAddrPort(h); err == nil {
		return ap.Addr().Unmap(), true
	}
	return netip.Addr{}, false
}

func (s *Server) trustedProxy(a netip.Addr) bool {
	for _, p := range s.app.Cfg.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// loadPrincipal attaches the signed-in person from the session cookie or, for the API,
// from an Authorization: Bearer token. A bad credential is treated as none, except that an
// API call with a bad token is refused (it is not anonymous by mistake).
func (s *Server) loadPrincipal(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if r.URL.Path == "/metrics" {
			// Nobody signs in to read metrics: its Authorization header carries the
			// metrics token (see metricsHandler), not an API token.
			next.ServeHTTP(w, r)
			return
		}
		if h := r.Header.Get("Authorization"); h != "" {
			tok, ok := strings.CutPrefix(h, "Bearer ")
			if !ok {
				s.fail(w, r, errs.E(errs.Unauthorized, "Authorization 头须为 Bearer 令牌"))
				return
			}
			p, err := s.app.TokenPerson(ctx, tok)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			ctx = context.WithValue(ctx, keyPrincipal, &app.Principal{Person: p, IP: s.clientIP(r)})
		} else if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
			p, err := s.app.SessionPerson(ctx, c.Value)
			if err == nil {
				ctx = context.WithValue(ctx, keyPrincipal, &app.Principal{Person: p, IP: s.clientIP(r)})
			} else if !errs.Is(err, errs.NotFound) && !errs.Is(err, errs.Unauthorized) {
				s.fail(w, r, err)
				return
			} else {
				s.clearSessionCookie(w)
			}
		}
		if ctx != r.Context() {
			r = r.WithContext(ctx)
		}
		next.ServeHTTP(w, r)
	})
}

// guard enforces a route's limits and access rule before its handler runs: the body limit,
// no uploads where none are expected, sign-in and permission, clean form text, and a slot in
// the route's pool of expensive work. Responses to staff are never stored by any cache.
func (s *Server) guard(rt Route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), requestTimeout)
		defer cancel()
		r = r.WithContext(ctx)
		p := principalOf(r)
		if p != nil || (rt.Access != Public && rt.Access != APIOpen) {
			w.Header().Set("Cache-Control", "private, no-store")
		}
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, rt.MaxBody)
		}
		if !rt.Files && r.Method != http.MethodGet && r.Method != http.MethodHead && isMultipart(r) {
			s.fail(w, r, &errs.Error{Code: codeUnsupported, Message: "此处不接受文件上传（multipart/form-data），请从本站页面提交"})
			return
		}
		switch rt.Access {
		case SignedIn:
			if p == nil {
				s.requireSignIn(w, r)
				return
			}
		case APIToken:
			if p == nil {
				s.fail(w, r, errs.E(errs.Unauthorized, "需要 Authorization: Bearer 令牌"))
				return
			}
		case OrgScope:
			if p == nil {
				s.requireSignIn(w, r)
				return
			}
			o, err := s.app.OrgByCode(ctx, r.PathValue("org"))
			if err != nil {
				s.fail(w, r, err)
				return
			}
			if err := p.Authorize(rt.Perm, o); err != nil {
				s.fail(w, r, err)
				return
			}
			r = r.WithContext(context.WithValue(ctx, keyOrg, o))
		}
		// The request's form is parsed here, on the request the handler gets, so that the
		// temporary files of an upload are removed on every path out of the handler (the
		// server's own cleanup sees only the original request, not this copy).
		defer func() {
			if r.MultipartForm != nil {
				r.MultipartForm.RemoveAll()
			}
		}()
		if err := readBody(rt, r); err != nil {
			s.fail(w, r, err)
			return
		}
		if pl := rt.pool; pl != nil && !exporting(r) {
			if p != nil && pl == s.public {
				pl = s.staff // signed-in staff and tokens use their reserved share everywhere
			}
			if !pl.acquire(ctx) {
				s.busy(w, r)
				return
			}
			defer pl.release()
		}
		rt.handler(w, r)
		if r.Method != http.MethodGet && r.Method != http.MethodHead && rt.Access != Public {
			// This instance may have changed public content: drop its pages now rather
			// than after the next version check (other instances follow within a second).
			// Anonymous POSTs (sign-in, ratings) change no page, and must not let anyone
			// empty the cache at will.
			s.cache.Invalidate()
		}
	})
}

func (s *Server) requireSignIn(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodGet {
		http.Redirect(w, r, "/login?next="+urlQueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	s.fail(w, r, errs.E(errs.Unauthorized, "请先登录"))
}
