package store_test

import (
	"context"
	"testing"
	"time"

	"gongkai/internal/audit"
	"gongkai/internal/errs"
	"gongkai/internal/notify"
	"gongkai/internal/org"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestNotifications: the once-only key, audited sends, per-person read marks and what
// reaches whom, on both databases.
func TestNotifications(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		base := time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)
		clockAt(s, base, 0)
		sys := audit.System("test")
		root, err := s.CreateOrg(ctx, sys, org.Org{Code: "610000", Name: "陕西省政府政务公开办公室", Kind: org.KindProvince})
		if err != nil {
			t.Fatal(err)
		}
		a, err := s.CreatePerson(ctx, sys, org.Person{Login: "a", Name: "甲", PasswordHash: "x", Grants: []org.Grant{{OrgID: root.ID, Role: org.RoleSupervisor}}})
		if err != nil {
			t.Fatal(err)
		}
		b, err := s.CreatePerson(ctx, sys, org.Person{Login: "b", Name: "乙", PasswordHash: "x"})
		if err != nil {
			t.Fatal(err)
		}
		a, _ = s.PersonByLogin(ctx, "a")
		n := notify.Notification{Recipient: notify.ToRole(root.ID, org.RoleSupervisor), Kind: "late", Subject: "obligation:9", Text: "已逾期"}
		id, sent, err := s.SendNotification(ctx, sys, n)
		if err != nil || !sent || id == 0 {
			t.Fatalf("send: %d %v %v", id, sent, err)
		}
		if lastAction(t, s) != "notification.send" {
			t.Fatalf("audit: %s", lastAction(t, s))
		}
		if _, sent, err := s.SendNotification(ctx, sys, n); sent || err != nil {
			t.Fatalf("second send: %v %v", sent, err)
		}
		if _, _, err := s.SendNotification(ctx, sys, notify.Notification{Recipient: notify.ToPerson(999999), Kind: "late", Subject: "x", Text: "y"}); !errs.Is(err, errs.Invalid) {
			t.Fatalf("unknown person: %v", err)
		}
		clockAt(s, base, time.Hour)
		if _, _, err := s.SendNotification(ctx, sys, notify.Notification{Recipient: notify.ToPerson(b.ID), Kind: "late", Subject: "obligation:9", Text: "已逾期"}); err != nil {
			t.Fatal(err)
		}
		got, err := s.Notifications(ctx, a.ID, a.Grants, false, 10)
		if err != nil || len(got) != 1 || got[0].ID != id || got[0].Recipient != n.Recipient || !got[0].Created.Equal(base) || got[0].Read() {
			t.Fatalf("a's notifications: %+v %v", got, err)
		}
		if ok, _ := s.NotificationReaches(ctx, id, b.ID, nil); ok {
			t.Fatal("b is reached by a's role notification")
		}
		if m, err := s.MarkNotificationsRead(ctx, sys, b.ID, nil, []int64{id}); m != 0 || err != nil {
			t.Fatalf("b marks a's: %d %v", m, err)
		}
		if m, err := s.MarkNotificationsRead(ctx, sys, a.ID, a.Grants, nil); m != 1 || err != nil {
			t.Fatalf("a marks all: %d %v", m, err)
		}
		if lastAction(t, s) != "notification.read" {
			t.Fatalf("audit: %s", lastAction(t, s))
		}
		if u, _ := s.UnreadNotifications(ctx, a.ID, a.Grants); u != 0 {
			t.Fatalf("a unread %d", u)
		}
		if u, _ := s.UnreadNotifications(ctx, b.ID, nil); u != 1 {
			t.Fatalf("b unread %d", u)
		}
		got, _ = s.Notifications(ctx, a.ID, a.Grants, false, 10)
		if len(got) != 1 || !got[0].ReadAt.Equal(base.Add(time.Hour)) {
			t.Fatalf("read at: %+v", got)
		}
	})
}
