package app

import (
	"context"

	"gongkai/internal/audit"
	"gongkai/internal/errs"
	"gongkai/internal/notify"
)

// SendNotification sends a notification once: a second call with the same subject, kind and
// recipient sends nothing and reports sent false, also when several instances call at the
// same moment. It is what the use cases and the scheduled reminders call (by names who or
// what sends); no page sends notifications of its own.
func (a *App) SendNotification(ctx context.Context, by audit.Actor, n notify.Notification) (sent bool, err error) {
	_, sent, err = a.store.SendNotification(ctx, by, n)
	return sent, err
}

// NotificationsPage is the principal's notification centre.
type NotificationsPage struct {
	Items  []notify.Notification
	Unread int
}

// maxNotifications is how many notifications the centre shows at once.
const maxNotifications = 200

// Notifications lists the newest notifications reaching the principal (to them, or to a
// role they hold at the organisation it names), with their own read marks.
func (a *App) Notifications(ctx context.Context, p *Principal, unreadOnly bool) (NotificationsPage, error) {
	if p == nil {
		return NotificationsPage{}, errs.E(errs.Unauthorized, "请先登录")
	}
	items, err := a.store.Notifications(ctx, p.Person.ID, p.Person.Grants, unreadOnly, maxNotifications)
	if err != nil {
		return NotificationsPage{}, err
	}
	n, err := a.store.UnreadNotifications(ctx, p.Person.ID, p.Person.Grants)
	return NotificationsPage{Items: items, Unread: n}, err
}

// UnreadCount is the number of the principal's unread notifications (0 for nobody).
func (a *App) UnreadCount(ctx context.Context, p *Principal) (int, error) {
	if p == nil {
		return 0, nil
	}
	return a.store.UnreadNotifications(ctx, p.Person.ID, p.Person.Grants)
}

// MarkRead marks one notification read for the principal. A notification that does not
// reach them is not found, whoever it is for; one already read stays as it was.
func (a *App) MarkRead(ctx context.Context, p *Principal, id int64) error {
	if p == nil {
		return errs.E(errs.Unauthorized, "请先登录")
	}
	ok, err := a.store.NotificationReaches(ctx, id, p.Person.ID, p.Person.Grants)
	if err != nil {
		return err
	}
	if !ok {
		return errs.E(errs.NotFound, "通知不存在")
	}
	_, err = a.store.MarkNotificationsRead(ctx, p.Actor(), p.Person.ID, p.Person.Grants, []int64{id})
	return err
}

// MarkAllRead marks every unread notification of the principal read and says how many.
func (a *App) MarkAllRead(ctx context.Context, p *Principal) (int, error) {
	if p == nil {
		return 0, errs.E(errs.Unauthorized, "请先登录")
	}
	return a.store.MarkNotificationsRead(ctx, p.Actor(), p.Person.ID, p.Person.Grants, nil)
}
