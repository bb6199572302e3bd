package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"gongkai/internal/app"
	"gongkai/internal/auth"
	"gongkai/internal/errs"
	"gongkai/internal/org"
)

type ctxKey int

const (
	keyRequestID ctxKey = iota
	keyPrincipal
	keyOrg
)

const sessionCookie = "gongkai_session"

func requestIDOf(r *http.Request) string {
	id, _ := r.Context().Value(keyRequestID).(string)
	return id
}

func principalOf(r *http.Request) *app.Principal {
	p, _ := r.Context().Value(keyPrincipal).(*app.Principal)
	return p
}

func orgOf(r *http.Request) org.Org {
	o, _ := r.Context().Value(keyOrg).(org.Org)
	return o
}

func (s *Server) requestID(next http.Handler) http.Handler {
	// A random prefix per process and a counter: unique across instances, and cheap.
	b := make([]byte, 4)
	rand.Read(b)
	prefix := hex.EncodeToString(b) + "-"
	var n atomic.Uint64
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := prefix + strconv.FormatUint(n.Add(1), 36)
		w.Header()["X-Request-Id"] = []string{id}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), keyRequestID, id)))
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

func securityHeaders(next http.Handler) http.Handler {
	// Canonical keys and shared values: set on every response, so kept cheap.
	nosniff, referrer, frame := []string{"nosniff"}, []string{"strict-origin-when-cross-origin"}, []string{"SAMEORIGIN"}
	csp := []string{"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'"}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h["X-Content-Type-Options"] = nosniff
		h["Referrer-Policy"] = referrer
		h["X-Frame-Options"] = frame
		h["Content-Security-Policy"] = csp
		next.ServeHTTP(w, r)
	})
}

func (s *Server) crossOriginDenied(w http.ResponseWriter, r *http.Request) {
	s.fail(w, r, errs.E(errs.Forbidden, "跨站请求被拒绝：请从本站页面提交"))
}

// clientIP is the peer address, or the first X-Forwarded-For hop behind a trusted proxy.
func (s *Server) clientIP(r *http.Request) string {
	if s.app.Cfg.TrustProxy {
		if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
			return strings.TrimSpace(strings.Split(xff, ",")[0])
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// loadPrincipal attaches the signed-in person from the session cookie or, for the API,
// from an Authorization: Bearer token. A bad credential is treated as none, except that an
// API call with a bad token is refused (it is not anonymous by mistake).
func (s *Server) loadPrincipal(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if h := r.Header.Get("Authorization"); h != "" {
			tok, ok := strings.CutPrefix(h, "Bearer ")
			if !ok {
				s.fail(w, r, errs.E(errs.Unauthorized, "Authorization 头须为 Bearer 令牌"))
				return
			}
			p, err := s.app.Store.TokenPerson(ctx, auth.HashSecret(strings.TrimSpace(tok)))
			if err != nil {
				s.fail(w, r, err)
				return
			}
			ctx = context.WithValue(ctx, keyPrincipal, &app.Principal{Person: p, IP: s.clientIP(r)})
		} else if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
			p, err := s.app.Store.SessionPerson(ctx, auth.HashSecret(c.Value), s.app.Cfg.SessionIdle)
			if err == nil {
				ctx = context.WithValue(ctx, keyPrincipal, &app.Principal{Person: p, IP: s.clientIP(r)})
			} else if !errs.Is(err, errs.NotFound) && !errs.Is(err, errs.Unauthorized) {
				s.fail(w, r, err)
				return
			} else {
				s.clearSessionCookie(w)
			}
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// guard enforces a route's access rule before its handler runs.
func (s *Server) guard(rt Route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), requestTimeout)
		defer cancel()
		r = r.WithContext(ctx)
		p := principalOf(r)
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
			o, err := s.app.Store.OrgByCode(ctx, r.PathValue("org"))
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
		rt.handler(w, r)
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			// This instance may have changed public content: drop its pages now rather
			// than after the next version check (other instances follow within a second).
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
