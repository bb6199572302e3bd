package web

import (
	"net/http"
	"strings"

	"gongkai/internal/errs"
	"gongkai/internal/org"
	"gongkai/internal/subscribe"
)

// addSubscriptionRoutes: the public's email subscriptions (issue 13).
func (s *Server) addSubscriptionRoutes() {
	s.handle("GET", "/subscriptions/new", Public, "", s.subscribeForm)
	s.handle("POST", "/subscriptions", Public, "", s.subscribeSubmit)
	s.handle("GET", "/subscriptions/confirm/{token}", Public, "", s.subscribeConfirm)
	s.handle("GET", "/subscriptions/unsubscribe/{token}", Public, "", s.unsubscribePage)
	s.handle("POST", "/subscriptions/unsubscribe/{token}", Public, "", s.unsubscribeSubmit)
}

func (s *Server) subscribeView(w http.ResponseWriter, r *http.Request, status int, d map[string]any) {
	d["Title"] = "订阅公开信息"
	d["EmailOn"] = s.app.EmailOn()
	if _, ok := d["Mode"]; !ok {
		d["Mode"] = "form"
		orgs, err := s.app.Orgs(r.Context())
		if err != nil {
			s.fail(w, r, err)
			return
		}
		var units []org.Org
		for _, o := range orgs {
			if o.Kind == org.KindUnit {
				units = append(units, o)
			}
		}
		d["Units"] = units
	}
	s.render(w, r, status, "subscribe.html", d)
}

func (s *Server) subscribeForm(w http.ResponseWriter, r *http.Request) {
	s.subscribeView(w, r, http.StatusOK, map[string]any{"In": subscribe.Subscription{Frequency: subscribe.Immediate}})
}

func (s *Server) subscribeSubmit(w http.ResponseWriter, r *http.Request) {
	in := subscribe.Subscription{Email: r.PostFormValue("email"), Unit: r.PostFormValue("unit"), Domain: r.PostFormValue("domain"),
		Query: r.PostFormValue("q"), Frequency: subscribe.Frequency(r.PostFormValue("frequency"))}
	err := s.app.Subscribe(r.Context(), s.clientIP(r), in)
	if errs.Is(err, errs.Invalid) || errs.Is(err, errs.Conflict) {
		s.subscribeView(w, r, status(errs.Code(err)), map[string]any{"In": in, "Error": err})
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.subscribeView(w, r, http.StatusOK, map[string]any{"Mode": "sent"})
}

func (s *Server) subscribeConfirm(w http.ResponseWriter, r *http.Request) {
	sub, err := s.app.ConfirmSubscription(r.Context(), s.clientIP(r), r.PathValue("token"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.subscribeView(w, r, http.StatusOK, map[string]any{"Mode": "confirmed", "Sub": sub})
}

func (s *Server) unsubscribePage(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	if !s.app.UnsubscribeTokenValid(r.Context(), token) {
		s.fail(w, r, errs.E(errs.NotFound, "退订链接无效"))
		return
	}
	s.subscribeView(w, r, http.StatusOK, map[string]any{"Mode": "unsubscribe", "Token": token})
}

// unsubscribeSubmit is the one-click unsubscribe of RFC 8058 (a POST of
// List-Unsubscribe=One-Click from the mail client) and the button of the page alike.
func (s *Server) unsubscribeSubmit(w http.ResponseWriter, r *http.Request) {
	if err := s.app.Unsubscribe(r.Context(), s.clientIP(r), strings.TrimSpace(r.PathValue("token"))); err != nil {
		s.fail(w, r, err)
		return
	}
	s.subscribeView(w, r, http.StatusOK, map[string]any{"Mode": "unsubscribed"})
}
