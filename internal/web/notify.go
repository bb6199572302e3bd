package web

import (
	"net/http"
	"strconv"

	"gongkai/internal/errs"
)

// addNotifyRoutes adds the notification centre: every signed-in person has one.
func (s *Server) addNotifyRoutes() {
	s.handle("GET", "/admin/notifications", SignedIn, "", s.notificationsPage)
	s.handle("POST", "/admin/notifications/read", SignedIn, "", s.notificationsReadAll)
	s.handle("POST", "/admin/notifications/{id}/read", SignedIn, "", s.notificationRead)
}

func (s *Server) notificationsPage(w http.ResponseWriter, r *http.Request) {
	unread := r.URL.Query().Get("show") == "unread"
	pg, err := s.app.Notifications(r.Context(), principalOf(r), unread)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "notifications.html", map[string]any{"Title": "通知", "Items": pg.Items, "Unread": pg.Unread, "UnreadOnly": unread})
}

// notificationRead marks one notification read and, when it has a link, follows it
// (back=1 returns to the list instead).
func (s *Server) notificationRead(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.fail(w, r, errs.E(errs.NotFound, "通知不存在"))
		return
	}
	if err := s.app.MarkRead(r.Context(), principalOf(r), id); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, localPath(r.PostFormValue("next"), "/admin/notifications"), http.StatusSeeOther)
}

func (s *Server) notificationsReadAll(w http.ResponseWriter, r *http.Request) {
	if _, err := s.app.MarkAllRead(r.Context(), principalOf(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/notifications", http.StatusSeeOther)
}
