package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"gongkai/internal/audit"
	"gongkai/internal/channel"
	"gongkai/internal/errs"
)

// enqueueDeliveries writes the outbox rows an event owes, inside the transaction of the
// change that caused it. A key already present (the same event enqueued twice) is skipped.
func (s *Store) enqueueDeliveries(ctx context.Context, tx *sql.Tx, ds []channel.Delivery) error {
	now := s.now()
	for _, d := range ds {
		var endpoint, done any
		if d.EndpointID != 0 {
			endpoint = d.EndpointID
		}
		if d.State == channel.StateDelivered {
			done = now
		}
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO deliveries (record_id, unit_id, revision, event, channel, kind, endpoint_id, state, attempts,
			next_at, last_error, idem_key, payload, created_at, updated_at, done_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (idem_key) DO NOTHING`),
			d.RecordID, d.UnitID, d.Revision, string(d.Event), d.Channel, string(d.Kind), endpoint, string(d.State),
			now, d.LastError, d.Key, string(d.Payload), now, now, done); err != nil {
			return err
		}
	}
	return nil
}

const deliveryCols = `d.id, d.record_id, d.unit_id, d.revision, d.event, d.channel, d.kind, COALESCE(d.endpoint_id, 0), d.state, d.attempts,
	d.next_at, d.last_error, d.idem_key, d.payload, d.created_at, d.done_at, d.posted_on, d.place, d.confirmed_by, d.evidence,
	r.title, o.code, r.major`

const deliveryFrom = ` FROM deliveries d JOIN records r ON r.id = d.record_id JOIN orgs o ON o.id = d.unit_id`

func scanDelivery(sc scanner) (channel.Delivery, error) {
	var d channel.Delivery
	var ev, kind, state, payload string
	var done, posted sql.NullTime
	err := sc.Scan(&d.ID, &d.RecordID, &d.UnitID, &d.Revision, &ev, &d.Channel, &kind, &d.EndpointID, &state, &d.Attempts,
		&d.NextAt, &d.LastError, &d.Key, &payload, &d.CreatedAt, &done, &posted, &d.Place, &d.ConfirmedBy, &d.Evidence,
		&d.Title, &d.UnitCode, &d.Major)
	d.Event, d.Kind, d.State, d.Payload = channel.Event(ev), channel.Kind(kind), channel.State(state), []byte(payload)
	d.DoneAt, d.PostedOn = done.Time, posted.Time
	return d, err
}

// RecordDeliveries lists a record's deliveries, oldest first.
func (s *Store) RecordDeliveries(ctx context.Context, recordID int64) ([]channel.Delivery, error) {
	return collect(ctx, s.db, s.q("SELECT "+deliveryCols+deliveryFrom+" WHERE d.record_id = ? ORDER BY d.id"), []any{recordID}, scanDelivery)
}

// Delivery reads one delivery.
func (s *Store) Delivery(ctx context.Context, id int64) (channel.Delivery, error) {
	d, err := scanDelivery(s.db.QueryRowContext(ctx, s.q("SELECT "+deliveryCols+deliveryFrom+" WHERE d.id = ?"), id))
	return d, notFound(err, "送达记录")
}

// Deliveries lists deliveries, newest first.
func (s *Store) Deliveries(ctx context.Context, dq channel.Filter) ([]channel.Delivery, error) {
	if dq.Limit <= 0 || dq.Limit > 500 {
		dq.Limit = 200
	}
	where, args := "o.path LIKE ?", []any{dq.UnitPath + "%"}
	if dq.State != "" {
		where += " AND d.state = ?"
		args = append(args, string(dq.State))
	}
	if dq.Kind != "" {
		where += " AND d.kind = ?"
		args = append(args, string(dq.Kind))
	}
	if dq.Event != "" {
		where += " AND d.event = ?"
		args = append(args, string(dq.Event))
	}
	if dq.Withdrawn {
		where += " AND r.state = 'withdrawn'"
	}
	args = append(args, dq.Limit)
	return collect(ctx, s.db, s.q("SELECT "+deliveryCols+deliveryFrom+" WHERE "+where+" ORDER BY d.id DESC LIMIT ?"), args, scanDelivery)
}

// ClaimDeliveries leases up to n webhook deliveries that are due, counting an attempt on
// each. Only the oldest pending delivery of each endpoint is due, so an endpoint receives its
// events in order however long it was down; a leased row stays pending, which holds back the
// later ones until it is finished or its lease runs out. On PostgreSQL the rows are locked
// with SKIP LOCKED, so several instances claim disjoint rows; SQLite has one writer.
func (s *Store) ClaimDeliveries(ctx context.Context, n int, lease time.Duration) ([]channel.Job, error) {
	var jobs []channel.Job
	err := s.tx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		ids, err := collect(ctx, tx, s.q(`SELECT d.id FROM deliveries d
			WHERE d.kind = 'webhook' AND d.state = 'pending' AND d.next_at <= ? AND (d.lease_until IS NULL OR d.lease_until <= ?)
			AND NOT EXISTS (SELECT 1 FROM deliveries e WHERE e.endpoint_id = d.endpoint_id AND e.kind = 'webhook' AND e.state = 'pending' AND e.id < d.id)
			ORDER BY d.id LIMIT ?`+s.d.skipLocked), []any{now, now, n}, func(sc scanner) (int64, error) {
			var id int64
			return id, sc.Scan(&id)
		})
		if err != nil {
			return err
		}
		for _, id := range ids {
			if _, err := tx.ExecContext(ctx, s.q("UPDATE deliveries SET lease_until = ?, attempts = attempts + 1, updated_at = ? WHERE id = ?"),
				now.Add(lease), now, id); err != nil {
				return err
			}
			j := channel.Job{}
			j.Delivery, err = scanDelivery(tx.QueryRowContext(ctx, s.q("SELECT "+deliveryCols+deliveryFrom+" WHERE d.id = ?"), id))
			if err != nil {
				return err
			}
			if err := tx.QueryRowContext(ctx, s.q("SELECT id, unit_id, channel, url, secret, created_at FROM webhook_endpoints WHERE id = ?"), j.EndpointID).
				Scan(&j.Endpoint.ID, &j.Endpoint.UnitID, &j.Endpoint.Channel, &j.Endpoint.URL, &j.Endpoint.Secret, &j.Endpoint.CreatedAt); err != nil {
				return err
			}
			jobs = append(jobs, j)
		}
		return nil
	})
	return jobs, err
}

// FinishDelivery records the outcome of a claimed attempt: delivered, or failed with the
// error and either the time of the next attempt or, after channel.MaxAttempts, the dead
// letter. It changes nothing when the row was claimed again since (its lease ran out): the
// attempt count no longer matches.
func (s *Store) FinishDelivery(ctx context.Context, j channel.Delivery, ok bool, errText string, next time.Time) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		var err error
		switch {
		case ok:
			_, err = tx.ExecContext(ctx, s.q(`UPDATE deliveries SET state = 'delivered', lease_until = NULL, last_error = '', done_at = ?, updated_at = ?
				WHERE id = ? AND attempts = ? AND state = 'pending'`), now, now, j.ID, j.Attempts)
		case j.Attempts >= channel.MaxAttempts:
			_, err = tx.ExecContext(ctx, s.q(`UPDATE deliveries SET state = 'failed', lease_until = NULL, last_error = ?, updated_at = ?
				WHERE id = ? AND attempts = ? AND state = 'pending'`), errText, now, j.ID, j.Attempts)
		default:
			_, err = tx.ExecContext(ctx, s.q(`UPDATE deliveries SET lease_until = NULL, last_error = ?, next_at = ?, updated_at = ?
				WHERE id = ? AND attempts = ? AND state = 'pending'`), errText, next.UTC().Truncate(time.Microsecond), now, j.ID, j.Attempts)
		}
		return err
	})
}

// RetryDelivery puts a dead-lettered delivery back in the queue (an operator's retry).
func (s *Store) RetryDelivery(ctx context.Context, by audit.Actor, id, unitOrgID int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		res, err := tx.ExecContext(ctx, s.q(`UPDATE deliveries SET state = 'pending', attempts = 0, next_at = ?, lease_until = NULL, updated_at = ?
			WHERE id = ? AND state = 'failed' AND kind = 'webhook'`), now, now, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errs.E(errs.Conflict, "只有送达失败的推送可以重试")
		}
		return s.appendAudit(ctx, tx, by, Change{Action: "delivery.retry", ObjectType: "delivery", ObjectID: id, OrgID: unitOrgID})
	})
}

// ConfirmDelivery records an offline posting: when, where, and the photo's stored name.
func (s *Store) ConfirmDelivery(ctx context.Context, by audit.Actor, id, unitOrgID int64, c channel.Confirmation) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		res, err := tx.ExecContext(ctx, s.q(`UPDATE deliveries SET state = 'confirmed', posted_on = ?, place = ?, evidence = ?, confirmed_by = ?, done_at = ?, updated_at = ?
			WHERE id = ? AND state = 'pending' AND kind = 'confirm'`), c.PostedOn.UTC(), c.Place, c.Evidence, by.PersonID, now, now, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errs.E(errs.Conflict, "该渠道已确认或无需确认，请刷新后重试")
		}
		return s.appendAudit(ctx, tx, by, Change{Action: "delivery.confirm", ObjectType: "delivery", ObjectID: id, OrgID: unitOrgID,
			Detail: map[string]any{"place": c.Place, "posted_on": c.PostedOn.Format("2006-01-02"), "evidence": c.Evidence}})
	})
}

// CreateEndpoint registers a webhook endpoint.
func (s *Store) CreateEndpoint(ctx context.Context, by audit.Actor, e channel.Endpoint) (channel.Endpoint, error) {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		e.CreatedAt = s.now()
		if err := tx.QueryRowContext(ctx, s.q(`INSERT INTO webhook_endpoints (unit_id, channel, url, secret, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`), e.UnitID, e.Channel, e.URL, e.Secret, by.PersonID, e.CreatedAt).Scan(&e.ID); err != nil {
			return err
		}
		// The secret is never written to the audit log.
		return s.appendAudit(ctx, tx, by, Change{Action: "webhook.create", ObjectType: "webhook", ObjectID: e.ID, OrgID: e.UnitID,
			Detail: map[string]any{"channel": e.Channel, "url": e.URL}})
	})
	return e, err
}

// Endpoints lists a unit's webhook endpoints (secrets included: callers must not show them).
func (s *Store) Endpoints(ctx context.Context, unitID int64) ([]channel.Endpoint, error) {
	return collect(ctx, s.db, s.q("SELECT id, unit_id, channel, url, secret, created_at FROM webhook_endpoints WHERE unit_id = ? ORDER BY id"), []any{unitID},
		func(sc scanner) (channel.Endpoint, error) {
			var e channel.Endpoint
			return e, sc.Scan(&e.ID, &e.UnitID, &e.Channel, &e.URL, &e.Secret, &e.CreatedAt)
		})
}

// SetMajor flags a record as a major item (重大事项) or clears the flag.
func (s *Store) SetMajor(ctx context.Context, by audit.Actor, recordID, unitOrgID int64, major bool) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q("UPDATE records SET major = ?, updated_at = ? WHERE id = ?"), major, s.now(), recordID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errs.E(errs.NotFound, "信息不存在")
		}
		return s.appendAudit(ctx, tx, by, Change{Action: "record.major", ObjectType: "record", ObjectID: recordID, OrgID: unitOrgID,
			Detail: map[string]any{"major": major}})
	})
}

// RecordMajor reports whether a record is flagged as a major item.
func (s *Store) RecordMajor(ctx context.Context, recordID int64) (bool, error) {
	var major bool
	err := s.db.QueryRowContext(ctx, s.q("SELECT major FROM records WHERE id = ?"), recordID).Scan(&major)
	if errors.Is(err, sql.ErrNoRows) {
		return false, errs.E(errs.NotFound, "信息不存在")
	}
	return major, err
}

// IncompleteMajor lists the published major items of units in the subtree whose channels
// still owe something for their publication.
func (s *Store) IncompleteMajor(ctx context.Context, unitPath string) ([]channel.MajorStatus, error) {
	return collect(ctx, s.db, s.q(`SELECT r.id, r.unit_id, o.code, r.title,
			(SELECT count(*) FROM deliveries d WHERE d.record_id = r.id AND d.event = 'published' AND d.state NOT IN ('delivered', 'confirmed', 'not_required'))
		FROM records r JOIN orgs o ON o.id = r.unit_id
		WHERE r.major AND r.state = 'published' AND o.path LIKE ?
		AND EXISTS (SELECT 1 FROM deliveries d WHERE d.record_id = r.id AND d.event = 'published' AND d.state NOT IN ('delivered', 'confirmed', 'not_required'))
		ORDER BY r.id`), []any{unitPath + "%"}, func(sc scanner) (channel.MajorStatus, error) {
		var m channel.MajorStatus
		return m, sc.Scan(&m.RecordID, &m.UnitID, &m.UnitCode, &m.Title, &m.Owed)
	})
}

// MajorCounts counts, per unit, its published major items and the incomplete ones.
func (s *Store) MajorCounts(ctx context.Context, unitPath string) ([]channel.MajorCount, error) {
	return collect(ctx, s.db, s.q(`SELECT r.unit_id, o.code, count(*),
			SUM(CASE WHEN EXISTS (SELECT 1 FROM deliveries d WHERE d.record_id = r.id AND d.event = 'published'
				AND d.state NOT IN ('delivered', 'confirmed', 'not_required')) THEN 1 ELSE 0 END)
		FROM records r JOIN orgs o ON o.id = r.unit_id
		WHERE r.major AND r.state = 'published' AND o.path LIKE ?
		GROUP BY r.unit_id, o.code ORDER BY o.code`), []any{unitPath + "%"}, func(sc scanner) (channel.MajorCount, error) {
		var m channel.MajorCount
		return m, sc.Scan(&m.UnitID, &m.UnitCode, &m.Major, &m.Incomplete)
	})
}

// SeedDelivery stores a delivery as given (state, attempts, error, times), for the demo
// dataset: it replaces the record's placeholder row of the same channel (not required for
// want of an endpoint) and sets the state of a row with the same key, so the demo shows each
// state the worker can leave behind.
func (s *Store) SeedDelivery(ctx context.Context, d channel.Delivery) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, s.q("DELETE FROM deliveries WHERE record_id = ? AND channel = ? AND kind = 'none'"), d.RecordID, d.Channel); err != nil {
			return err
		}
		now := s.now()
		var endpoint any
		if d.EndpointID != 0 {
			endpoint = d.EndpointID
		}
		next := d.NextAt
		if next.IsZero() {
			next = now
		}
		_, err := tx.ExecContext(ctx, s.q(`INSERT INTO deliveries (record_id, unit_id, revision, event, channel, kind, endpoint_id, state, attempts,
			next_at, last_error, idem_key, payload, created_at, updated_at, done_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (idem_key) DO UPDATE
			SET state = excluded.state, attempts = excluded.attempts, next_at = excluded.next_at, last_error = excluded.last_error, done_at = excluded.done_at`),
			d.RecordID, d.UnitID, d.Revision, string(d.Event), d.Channel, string(d.Kind), endpoint, string(d.State), d.Attempts,
			next.UTC().Truncate(time.Microsecond), d.LastError, d.Key, string(d.Payload), now, now, nullTime(d.DoneAt))
		return err
	})
}
