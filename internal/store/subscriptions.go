package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"gongkai/internal/audit"
	"gongkai/internal/channel"
	"gongkai/internal/errs"
	"gongkai/internal/record"
	"gongkai/internal/subscribe"
)

const subscriptionCols = "id, email, unit, domain, query, frequency, state, created_at, confirmed_at, last_digest_at"

func scanSubscription(sc scanner) (subscribe.Subscription, error) {
	var s subscribe.Subscription
	var freq, state string
	var confirmed, digest sql.NullTime
	err := sc.Scan(&s.ID, &s.Email, &s.Unit, &s.Domain, &s.Query, &freq, &state, &s.CreatedAt, &confirmed, &digest)
	s.Frequency, s.State, s.ConfirmedAt, s.LastDigestAt = subscribe.Frequency(freq), subscribe.State(state), confirmed.Time, digest.Time
	return s, err
}

// CreateSubscription stores a pending subscription with the hash of its confirmation token.
func (s *Store) CreateSubscription(ctx context.Context, by audit.Actor, sub subscribe.Subscription, confirmHash string) (int64, error) {
	var id int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, s.q(`INSERT INTO subscriptions (email, unit, domain, query, frequency, state, confirm_hash, created_at)
			VALUES (?, ?, ?, ?, ?, 'pending', ?, ?) RETURNING id`), sub.Email, sub.Unit, sub.Domain, sub.Query, string(sub.Frequency), confirmHash, s.now()).Scan(&id); err != nil {
			return err
		}
		// The address is personal data: the audit log keeps only the subscription's number.
		return s.appendAudit(ctx, tx, by, Change{Action: "subscription.create", ObjectType: "subscription", ObjectID: id,
			Detail: map[string]any{"unit": sub.Unit, "domain": sub.Domain, "query": sub.Query, "frequency": sub.Frequency}})
	})
	return id, err
}

// ConfirmSubscription confirms the pending subscription whose token hashes to hash; the token
// is spent (a second use is NotFound).
func (s *Store) ConfirmSubscription(ctx context.Context, by audit.Actor, hash string) (subscribe.Subscription, error) {
	var sub subscribe.Subscription
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		sub, err = scanSubscription(tx.QueryRowContext(ctx, s.q("SELECT "+subscriptionCols+" FROM subscriptions WHERE confirm_hash = ? AND state = 'pending'"), hash))
		if errors.Is(err, sql.ErrNoRows) {
			return errs.E(errs.NotFound, "确认链接无效或已使用")
		}
		if err != nil {
			return err
		}
		sub.State, sub.ConfirmedAt = subscribe.StateConfirmed, s.now()
		if _, err := tx.ExecContext(ctx, s.q("UPDATE subscriptions SET state = 'confirmed', confirm_hash = NULL, confirmed_at = ?, last_digest_at = ? WHERE id = ?"),
			sub.ConfirmedAt, sub.ConfirmedAt, sub.ID); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, by, Change{Action: "subscription.confirm", ObjectType: "subscription", ObjectID: sub.ID})
	})
	return sub, err
}

// AddUnsubscribeToken keeps the hash of the unsubscribe token of one email.
func (s *Store) AddUnsubscribeToken(ctx context.Context, subID int64, hash string) error {
	_, err := s.wdb.ExecContext(ctx, s.q("INSERT INTO unsubscribe_tokens (token_hash, subscription_id, created_at) VALUES (?, ?, ?)"), hash, subID, s.now())
	return err
}

// SubscriptionByUnsubscribeToken finds the subscription an unsubscribe token belongs to.
func (s *Store) SubscriptionByUnsubscribeToken(ctx context.Context, hash string) (subscribe.Subscription, error) {
	sub, err := scanSubscription(s.db.QueryRowContext(ctx, s.q("SELECT s."+strings.ReplaceAll(subscriptionCols, ", ", ", s.")+
		" FROM unsubscribe_tokens t JOIN subscriptions s ON s.id = t.subscription_id WHERE t.token_hash = ?"), hash))
	if errors.Is(err, sql.ErrNoRows) {
		return sub, errs.E(errs.NotFound, "退订链接无效")
	}
	return sub, err
}

// Unsubscribe ends a subscription (again: no change, no error).
func (s *Store) Unsubscribe(ctx context.Context, by audit.Actor, subID int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q("UPDATE subscriptions SET state = 'unsubscribed' WHERE id = ? AND state <> 'unsubscribed'"), subID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		if _, err := tx.ExecContext(ctx, s.q("UPDATE mail_outbox SET state = 'skipped' WHERE subscription_id = ? AND state = 'pending'"), subID); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, by, Change{Action: "subscription.unsubscribe", ObjectType: "subscription", ObjectID: subID})
	})
}

// ConfirmedSubscriptions lists the confirmed subscriptions of a frequency.
func (s *Store) ConfirmedSubscriptions(ctx context.Context, f subscribe.Frequency) ([]subscribe.Subscription, error) {
	return collect(ctx, s.db, s.q("SELECT "+subscriptionCols+" FROM subscriptions WHERE state = 'confirmed' AND frequency = ? ORDER BY id"), []any{string(f)}, scanSubscription)
}

// enqueueMails writes emails owed, inside the caller's transaction.
func (s *Store) enqueueMails(ctx context.Context, tx *sql.Tx, ms []subscribe.Mail) error {
	now := s.now()
	for _, m := range ms {
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO mail_outbox (subscription_id, kind, record_ids, idem_key, state, next_at, created_at)
			VALUES (?, ?, ?, ?, 'pending', ?, ?) ON CONFLICT (idem_key) DO NOTHING`), m.SubscriptionID, m.Kind, joinIDs(m.RecordIDs), m.Key, now, now); err != nil {
			return err
		}
	}
	return nil
}

// ClaimDigest records that a daily subscriber's digest up to now is taken and queues it, in one
// transaction; the subscription's last digest time must still be since, so two instances
// queue one digest.
func (s *Store) ClaimDigest(ctx context.Context, subID int64, since time.Time, m subscribe.Mail) (bool, error) {
	claimed := false
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q("UPDATE subscriptions SET last_digest_at = ? WHERE id = ? AND state = 'confirmed' AND last_digest_at = ?"),
			s.now(), subID, since.UTC().Truncate(time.Microsecond))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return nil
		}
		claimed = true
		if len(m.RecordIDs) == 0 {
			return nil
		}
		return s.enqueueMails(ctx, tx, []subscribe.Mail{m})
	})
	return claimed, err
}

// ClaimMails leases up to n due emails with their subscriptions, counting an attempt.
func (s *Store) ClaimMails(ctx context.Context, n int, lease time.Duration) ([]subscribe.Mail, error) {
	var out []subscribe.Mail
	err := s.tx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		ids, err := collect(ctx, tx, s.q(`SELECT m.id FROM mail_outbox m WHERE m.state = 'pending' AND m.next_at <= ? AND (m.lease_until IS NULL OR m.lease_until <= ?)
			ORDER BY m.id LIMIT ?`+strings.Replace(s.d.skipLocked, " OF d ", " OF m ", 1)), []any{now, now, n}, func(sc scanner) (int64, error) {
			var id int64
			return id, sc.Scan(&id)
		})
		if err != nil {
			return err
		}
		for _, id := range ids {
			if _, err := tx.ExecContext(ctx, s.q("UPDATE mail_outbox SET lease_until = ?, attempts = attempts + 1 WHERE id = ?"), now.Add(lease), id); err != nil {
				return err
			}
			var m subscribe.Mail
			var recs string
			if err := tx.QueryRowContext(ctx, s.q("SELECT id, subscription_id, kind, record_ids, idem_key, attempts, state FROM mail_outbox WHERE id = ?"), id).
				Scan(&m.ID, &m.SubscriptionID, &m.Kind, &recs, &m.Key, &m.Attempts, &m.State); err != nil {
				return err
			}
			m.RecordIDs = splitIDs(recs)
			if m.Subscription, err = scanSubscription(tx.QueryRowContext(ctx, s.q("SELECT "+subscriptionCols+" FROM subscriptions WHERE id = ?"), m.SubscriptionID)); err != nil {
				return err
			}
			out = append(out, m)
		}
		return nil
	})
	return out, err
}

// FinishMail records an attempt's outcome: sent, skipped (nothing left to say, or the
// subscription ended), or failed with a retry at next (dead after channel.MaxAttempts).
func (s *Store) FinishMail(ctx context.Context, m subscribe.Mail, state, errText string, next time.Time) error {
	if state == "failed" && m.Attempts < channel.MaxAttempts {
		_, err := s.wdb.ExecContext(ctx, s.q("UPDATE mail_outbox SET lease_until = NULL, last_error = ?, next_at = ? WHERE id = ? AND attempts = ? AND state = 'pending'"),
			errText, next.UTC().Truncate(time.Microsecond), m.ID, m.Attempts)
		return err
	}
	_, err := s.wdb.ExecContext(ctx, s.q("UPDATE mail_outbox SET state = ?, lease_until = NULL, last_error = ?, sent_at = ? WHERE id = ? AND attempts = ? AND state = 'pending'"),
		state, errText, s.now(), m.ID, m.Attempts)
	return err
}

// PublishedSince lists the records published (and still published) since t, oldest first.
func (s *Store) PublishedSince(ctx context.Context, t time.Time) ([]record.PublishedRef, error) {
	return collect(ctx, s.db, s.q(`SELECT r.id, o.code, o.name, r.domain_code, r.title, r.published_at, r.updated_at FROM records r JOIN orgs o ON o.id = r.unit_id
		WHERE r.state = 'published' AND r.published_at >= ? ORDER BY r.published_at, r.id LIMIT 5000`), []any{t.UTC()}, func(sc scanner) (record.PublishedRef, error) {
		var p record.PublishedRef
		err := sc.Scan(&p.ID, &p.UnitCode, &p.UnitName, &p.Domain, &p.Title, &p.PublishedAt, &p.UpdatedAt)
		return p, err
	})
}
