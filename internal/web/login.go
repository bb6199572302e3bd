package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gongkai/internal/app"
	"gongkai/internal/errs"
)

// localPath keeps a return address on this site. It accepts only what a browser, parsing it
// after the WHATWG URL rules, resolves to a path of this origin: it must start with one "/",
// not "//" or "/\" (another host), and hold no control character or backslash anywhere — a
// browser deletes tabs and newlines before parsing, so "/\t/evil.example" becomes
// "//evil.example" there, and reads "\" as "/".
func localPath(p, fallback string) string {
	if len(p) == 0 || p[0] != '/' || (len(p) > 1 && p[1] == '/') {
		return fallback
	}
	for i := 0; i < len(p); i++ {
		if c := p[i]; c < 0x20 || c == 0x7f || c == '\\' {
			return fallback
		}
	}
	u, err := url.Parse(p)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || !strings.HasPrefix(u.Path, "/") || !utf8.ValidString(p) {
		return fallback
	}
	return p
}

func safeNext(next string) string { return localPath(next, "/admin/") }

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) {
	if principalOf(r) != nil {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "login.html", map[string]any{"Title": "工作人员登录", "Next": r.URL.Query().Get("next")})
}

func (s *Server) loginSubmit(w http.ResponseWriter, r *http.Request) {
	login, next := r.PostFormValue("login"), r.PostFormValue("next")
	p, err := s.app.SignIn(r.Context(), login, r.PostFormValue("password"), s.clientIP(r))
	if err != nil {
		var throttled *app.ThrottleError
		switch {
		case errors.As(err, &throttled):
			w.Header().Set("Retry-After", strconv.Itoa(max(1, int(time.Until(throttled.Until).Seconds()+1))))
			s.render(w, r, http.StatusTooManyRequests, "login.html", map[string]any{"Title": "工作人员登录", "Error": err.Error(), "Next": next})
		case errs.Is(err, errs.Invalid):
			// Not echoed back: it may hold bytes that are not text.
			s.render(w, r, http.StatusBadRequest, "login.html", map[string]any{"Title": "工作人员登录", "Error": err.Error(), "Next": next})
		case errs.Is(err, errs.Unauthorized):
			s.render(w, r, http.StatusUnauthorized, "login.html", map[string]any{"Title": "工作人员登录", "Error": err.Error(), "Login": login, "Next": next})
		default:
			s.fail(w, r, err)
		}
		return
	}
	secret, err := s.app.NewSession(r.Context(), p, s.clientIP(r), r.UserAgent())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: secret, Path: "/", HttpOnly: true, Secure: s.app.Cfg.SecureCookies,
		SameSite: http.SameSiteLaxMode, MaxAge: int(s.app.Cfg.SessionMaxAge.Seconds())})
	http.Redirect(w, r, safeNext(next), http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.app.EndSession(r.Context(), c.Value); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.clearSessionCookie(w)
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

func (s *Server) clearSessionCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true, Secure: s.app.Cfg.SecureCookies, SameSite: http.SameSiteLaxMode, MaxAge: -1})
}

func (s *Server) passwordForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "password.html", map[string]any{"Title": "修改密码"})
}

func (s *Server) passwordSubmit(w http.ResponseWriter, r *http.Request) {
	err := s.app.ChangeOwnPassword(r.Context(), principalOf(r), r.PostFormValue("current"), r.PostFormValue("password"))
	if errs.Is(err, errs.Invalid) {
		s.render(w, r, http.StatusUnprocessableEntity, "password.html", map[string]any{"Title": "修改密码", "Error": err})
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.clearSessionCookie(w)
	http.Redirect(w, r, "/login?"+flashQuery("password-changed"), http.StatusSeeOther)
}

// setupForm is where a person opens their one-time link to set a password (a new account or
// after a reset). The secret travels in the query, which request logs leave out.
func (s *Server) setupForm(w http.ResponseWriter, r *http.Request) {
	secret := r.URL.Query().Get("t")
	s.setupView(w, r, http.StatusOK, secret, nil)
}

func (s *Server) setupView(w http.ResponseWriter, r *http.Request, status int, secret string, ferr error) {
	// The address carries a secret: no caching, and no Referer to other sites.
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	person, err := s.app.SetupPerson(r.Context(), secret)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := map[string]any{"Title": "设置密码", "Secret": secret, "Person": person}
	if ferr != nil {
		d["Error"] = ferr
	}
	s.render(w, r, status, "setup.html", d)
}

func (s *Server) setupSubmit(w http.ResponseWriter, r *http.Request) {
	secret := r.PostFormValue("t")
	_, err := s.app.CompleteSetup(r.Context(), secret, r.PostFormValue("password"), r.PostFormValue("confirm"), s.clientIP(r))
	if errs.Is(err, errs.Invalid) {
		s.setupView(w, r, http.StatusUnprocessableEntity, secret, err)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.clearSessionCookie(w)
	http.Redirect(w, r, "/login?"+flashQuery("password-set"), http.StatusSeeOther)
}
