package app

import (
	"context"
	"strconv"

	"gongkai/internal/audit"
	"gongkai/internal/notify"
	"gongkai/internal/org"
	"gongkai/internal/request"
	"gongkai/internal/store"
)

// Notification kinds of disclosure requests.
const (
	notifyRequestNew     notify.Kind = "request.new"
	notifyRequestReview  notify.Kind = "request.review"
	notifyRequestApprove notify.Kind = "request.approve"
	notifyRequestDueSoon notify.Kind = "request.due_soon"
	notifyRequestOverdue notify.Kind = "request.overdue"
)

func init() {
	notify.RegisterKind(notifyRequestNew, "新的政府信息公开申请")
	notify.RegisterKind(notifyRequestReview, "答复待保密审查")
	notify.RegisterKind(notifyRequestApprove, "答复待审批")
	notify.RegisterKind(notifyRequestDueSoon, "申请答复期限将至")
	notify.RegisterKind(notifyRequestOverdue, "申请答复已逾期")
}

// requestDueSoon is how many working days before its due day a request is reminded of.
const requestDueSoon = 3

// notifyRequest tells whoever holds role at the request's organisation; a failure is logged:
// the change it follows has been made.
func (a *App) notifyRequest(ctx context.Context, by audit.Actor, x request.Request, role org.Role, kind notify.Kind, text string) {
	o, err := a.store.Org(ctx, x.UnitID)
	if err == nil {
		_, err = a.SendNotification(ctx, by, notify.Notification{Recipient: notify.ToRole(o.ID, role), Kind: kind,
			Subject: "request:" + strconv.FormatInt(x.ID, 10), Text: text + "：" + x.TrackingNo,
			Link: "/admin/orgs/" + o.Code + "/requests/" + strconv.FormatInt(x.ID, 10)})
	}
	if err != nil {
		a.Log.Warn("request notification", "request", x.ID, "kind", kind, "err", err)
	}
}

// RemindRequests tells the handling staff of every open request due within a few working days
// or overdue, once per request and kind; Housekeep runs it. It returns how many it sent.
func (a *App) RemindRequests(ctx context.Context) (int, error) {
	cal, _, err := a.Calendar(ctx)
	if err != nil {
		return 0, err
	}
	xs, err := a.store.Requests(ctx, store.RequestQuery{Path: "/"})
	if err != nil {
		return 0, err
	}
	today, sent := a.Today(), 0
	by := audit.System("reminders")
	for _, x := range xs {
		st := x.Status(cal, today)
		if !st.State.Open() || st.Clock.Due.IsZero() || x.ReplyState != request.ReplyNone {
			continue
		}
		kind, text := notify.Kind(""), ""
		switch {
		case st.Overdue:
			kind, text = notifyRequestOverdue, "申请已超过答复期限（"+st.Clock.Due.String()+"）"
		case cal.WorkingDaysBetween(today, st.Clock.Due) <= requestDueSoon:
			kind, text = notifyRequestDueSoon, "申请将于"+st.Clock.Due.String()+"到期"
		default:
			continue
		}
		o, err := a.store.Org(ctx, x.UnitID)
		if err != nil {
			return sent, err
		}
		ok, err := a.SendNotification(ctx, by, notify.Notification{Recipient: notify.ToRole(o.ID, org.RoleEditor), Kind: kind,
			Subject: "request:" + strconv.FormatInt(x.ID, 10) + ":" + st.Clock.Due.String(), Text: text + "：" + x.TrackingNo,
			Link: "/admin/orgs/" + o.Code + "/requests/" + strconv.FormatInt(x.ID, 10)})
		if err != nil {
			return sent, err
		}
		if ok {
			sent++
		}
	}
	return sent, nil
}
