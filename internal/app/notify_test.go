package app_test

import (
	"context"
	"sync"
	"testing"

	"gongkai/internal/app"
	"gongkai/internal/audit"
	"gongkai/internal/demo"
	"gongkai/internal/errs"
	"gongkai/internal/notify"
	"gongkai/internal/org"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestNotificationCentre: a notification to a person reaches that person only; one to a
// role at a unit reaches whoever holds that role there and nobody above; read marks are per
// person; marking someone else's notification is not found; a second send of the same
// (subject, kind, recipient) sends nothing.
func TestNotificationCentre(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		ctx := context.Background()
		admin, editor, super := w.who("admin@610112"), w.who("editor@610112"), w.who("supervisor@610000")
		sys := audit.System("test")
		toRole := notify.Notification{Recipient: notify.ToRole(w.unit.ID, org.RoleUnitAdmin), Kind: "due_soon", Subject: "obligation:1",
			Text: "工作方案将于2日后到期", Link: "/admin/orgs/610112/"}
		toEditor := notify.Notification{Recipient: notify.ToPerson(editor.Person.ID), Kind: "returned", Subject: "submission:7", Text: "报送被退回"}
		for _, n := range []notify.Notification{toRole, toEditor} {
			sent, err := w.a.SendNotification(ctx, sys, n)
			if err != nil || !sent {
				t.Fatalf("send: %v %v", sent, err)
			}
		}
		if sent, err := w.a.SendNotification(ctx, sys, toRole); err != nil || sent {
			t.Fatalf("second send: %v %v", sent, err)
		}
		toRole.Text = "" // nothing is stored from an invalid one
		if _, err := w.a.SendNotification(ctx, sys, toRole); !errs.Is(err, errs.Invalid) {
			t.Fatalf("empty text: %v", err)
		}
		count := func(p *app.Principal) int {
			n, err := w.a.UnreadCount(ctx, p)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		if count(admin) != 1 || count(editor) != 1 || count(super) != 0 {
			t.Fatalf("unread: admin %d editor %d supervisor %d", count(admin), count(editor), count(super))
		}
		pg, err := w.a.Notifications(ctx, admin, false)
		if err != nil || len(pg.Items) != 1 || pg.Items[0].Text != "工作方案将于2日后到期" || pg.Items[0].Read() || pg.Unread != 1 {
			t.Fatalf("admin's centre: %+v %v", pg, err)
		}
		// The editor cannot mark the administrators' notification, nor the other way round.
		if err := w.a.MarkRead(ctx, editor, pg.Items[0].ID); !errs.Is(err, errs.NotFound) {
			t.Fatalf("editor marks the admin's: %v", err)
		}
		if err := w.a.MarkRead(ctx, admin, pg.Items[0].ID); err != nil {
			t.Fatal(err)
		}
		if err := w.a.MarkRead(ctx, admin, pg.Items[0].ID); err != nil {
			t.Fatalf("marking twice: %v", err)
		}
		// A second administrator of the unit still has it unread.
		other := w.person("admin2@610112", org.RoleUnitAdmin)
		if count(admin) != 0 || count(other) != 1 {
			t.Fatalf("after reading: admin %d, second admin %d", count(admin), count(other))
		}
		pg, _ = w.a.Notifications(ctx, admin, false)
		if len(pg.Items) != 1 || !pg.Items[0].Read() {
			t.Fatalf("read mark: %+v", pg.Items)
		}
		if pg, _ := w.a.Notifications(ctx, admin, true); len(pg.Items) != 0 {
			t.Fatalf("unread only: %+v", pg.Items)
		}
		if n, err := w.a.MarkAllRead(ctx, editor); err != nil || n != 1 || count(editor) != 0 {
			t.Fatalf("mark all: %d %v", n, err)
		}
		if _, err := w.a.Notifications(ctx, nil, false); !errs.Is(err, errs.Unauthorized) {
			t.Fatalf("nobody: %v", err)
		}
	})
}

// TestNotificationOnceAcrossInstances: two instances on one database send the same notices
// at the same moment; each is stored once.
func TestNotificationOnceAcrossInstances(t *testing.T) {
	storetest.EachDSN(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		apps, _ := instances(t, dsn, 2)
		if _, _, err := demo.Fill(ctx, apps[0]); err != nil {
			t.Fatal(err)
		}
		p, err := apps[0].PersonByLogin(ctx, "admin@610112")
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		sent := 0
		for i := range 8 {
			wg.Go(func() {
				for subject := range 5 {
					ok, err := apps[i%2].SendNotification(ctx, audit.System("reminders"), notify.Notification{Recipient: notify.ToPerson(p.ID),
						Kind: "due_soon", Subject: "obligation:" + string(rune('a'+subject)), Text: "即将到期"})
					if err != nil {
						t.Error(err)
					}
					if ok {
						mu.Lock()
						sent++
						mu.Unlock()
					}
				}
			})
		}
		wg.Wait()
		pr := &app.Principal{Person: p}
		n, err := apps[1].UnreadCount(ctx, pr)
		if sent != 5 || n != 5 || err != nil {
			t.Fatalf("sent %d, unread %d, %v", sent, n, err)
		}
	})
}
