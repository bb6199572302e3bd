package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"gongkai/internal/audit"
	"gongkai/internal/errs"
	"gongkai/internal/notify"
	"gongkai/internal/org"
)

// SendNotification stores a notification unless one with the same subject, kind and
// recipient exists; sent reports whether this call stored it. The unique key decides, so
// two instances sending the same reminder at the same moment store it once.
func (s *Store) SendNotification(ctx context.Context, by audit.Actor, n notify.Notification) (id int64, sent bool, err error) {
	err = s.tx(ctx, func(tx *sql.Tx) error {
		id, sent, err = s.sendNotification(ctx, tx, by, n)
		return err
	})
	return id, sent, err
}

// sendNotification is SendNotification inside a transaction the caller holds, for a change
// that notifies in the same transaction (a returned submission tells its owner).
func (s *Store) sendNotification(ctx context.Context, tx *sql.Tx, by audit.Actor, n notify.Notification) (int64, bool, error) {
	if err := n.Validate(); err != nil {
		return 0, false, err
	}
	var person, orgID any
	if n.Recipient.PersonID != 0 {
		person = n.Recipient.PersonID
	} else {
		orgID = n.Recipient.OrgID
	}
	var id int64
	err := tx.QueryRowContext(ctx, s.q(`INSERT INTO notifications (recipient, person_id, org_id, role, kind, subject, body, link, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (subject, kind, recipient) DO NOTHING RETURNING id`),
		n.Recipient.Key(), person, orgID, string(n.Recipient.Role), string(n.Kind), n.Subject, strings.TrimSpace(n.Text), n.Link, s.now()).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	if s.isForeignKeyViolation(err) {
		return 0, false, errs.Fields("通知有误", errs.FieldError{Field: "recipient", Label: "接收人", Message: "不存在"})
	}
	if err != nil {
		return 0, false, err
	}
	err = s.appendAudit(ctx, tx, by, Change{Action: "notification.send", ObjectType: "notification", ObjectID: id, OrgID: n.Recipient.OrgID,
		Detail: map[string]any{"kind": n.Kind, "subject": n.Subject, "recipient": n.Recipient.Key()}})
	return id, true, err
}

// recipientWhere is the condition that selects the notifications reaching a person: those
// addressed to them and those addressed to a role they hold at the organisation itself.
func recipientWhere(personID int64, grants []org.Grant) (string, []any) {
	var b strings.Builder
	args := []any{personID}
	b.WriteString("(n.person_id = ?")
	for _, g := range grants {
		b.WriteString(" OR (n.org_id = ? AND n.role = ?)")
		args = append(args, g.OrgID, string(g.Role))
	}
	b.WriteString(")")
	return b.String(), args
}

const notificationColumns = `n.id, n.person_id, n.org_id, n.role, n.kind, n.subject, n.body, n.link, n.created_at, r.read_at`

func scanNotification(sc scanner) (notify.Notification, error) {
	var n notify.Notification
	var person, orgID sql.NullInt64
	var role, kind string
	var read sql.NullTime
	err := sc.Scan(&n.ID, &person, &orgID, &role, &kind, &n.Subject, &n.Text, &n.Link, &n.Created, &read)
	n.Recipient = notify.Recipient{PersonID: person.Int64, OrgID: orgID.Int64, Role: org.Role(role)}
	n.Kind = notify.Kind(kind)
	if read.Valid {
		n.ReadAt = read.Time
	}
	return n, err
}

// Notifications lists, newest first, the notifications reaching a person, with that
// person's read marks; unreadOnly leaves out what they have read.
func (s *Store) Notifications(ctx context.Context, personID int64, grants []org.Grant, unreadOnly bool, limit int) ([]notify.Notification, error) {
	where, args := recipientWhere(personID, grants)
	q := `SELECT ` + notificationColumns + ` FROM notifications n
		LEFT JOIN notification_reads r ON r.notification_id = n.id AND r.person_id = ?
		WHERE ` + where
	args = append([]any{personID}, args...)
	if unreadOnly {
		q += " AND r.read_at IS NULL"
	}
	q += " ORDER BY n.id DESC LIMIT ?"
	return collect(ctx, s.db, s.q(q), append(args, limit), scanNotification)
}

// UnreadNotifications counts the notifications reaching a person that they have not read.
func (s *Store) UnreadNotifications(ctx context.Context, personID int64, grants []org.Grant) (int, error) {
	where, args := recipientWhere(personID, grants)
	var n int
	err := s.db.QueryRowContext(ctx, s.q(`SELECT count(*) FROM notifications n WHERE `+where+`
		AND NOT EXISTS (SELECT 1 FROM notification_reads r WHERE r.notification_id = n.id AND r.person_id = ?)`), append(args, personID)...).Scan(&n)
	return n, err
}

// MarkNotificationsRead marks as read, for the person, those of ids that reach them and
// that they have not read yet (all unread ones when ids is nil); it returns how many.
func (s *Store) MarkNotificationsRead(ctx context.Context, by audit.Actor, personID int64, grants []org.Grant, ids []int64) (int, error) {
	where, args := recipientWhere(personID, grants)
	q := `SELECT n.id FROM notifications n WHERE ` + where + `
		AND NOT EXISTS (SELECT 1 FROM notification_reads r WHERE r.notification_id = n.id AND r.person_id = ?)`
	args = append(args, personID)
	if ids != nil {
		if len(ids) == 0 {
			return 0, nil
		}
		q += " AND n.id IN (?" + strings.Repeat(", ?", len(ids)-1) + ")"
		for _, id := range ids {
			args = append(args, id)
		}
	}
	var marked []int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		marked, err = collect(ctx, tx, s.q(q+" ORDER BY n.id"), args, func(sc scanner) (int64, error) {
			var id int64
			return id, sc.Scan(&id)
		})
		if err != nil || len(marked) == 0 {
			return err
		}
		now := s.now()
		for _, id := range marked {
			if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO notification_reads (notification_id, person_id, read_at) VALUES (?, ?, ?)
				ON CONFLICT (notification_id, person_id) DO NOTHING`), id, personID, now); err != nil {
				return err
			}
		}
		return s.appendAudit(ctx, tx, by, Change{Action: "notification.read", ObjectType: "person", ObjectID: personID, Detail: map[string]any{"notifications": marked}})
	})
	return len(marked), err
}

// NotificationReaches reports whether notification id reaches the person.
func (s *Store) NotificationReaches(ctx context.Context, id, personID int64, grants []org.Grant) (bool, error) {
	where, args := recipientWhere(personID, grants)
	var n int
	err := s.db.QueryRowContext(ctx, s.q(`SELECT count(*) FROM notifications n WHERE n.id = ? AND `+where), append([]any{id}, args...)...).Scan(&n)
	return n > 0, err
}
