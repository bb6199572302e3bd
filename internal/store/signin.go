package store

import (
	"context"
	"database/sql"
	"time"

	"gongkai/internal/audit"
	"gongkai/internal/org"
)

// CountMemory is how long a failed sign-in counts towards a lock: a day after the last one
// the count starts again.
const CountMemory = 24 * time.Hour

// Slot is the outcome of reserving a sign-in attempt before its password is checked.
type Slot struct {
	// Refused: the account (or unknown login) is locked until LockedUntil; no attempt was
	// counted and the password must not be checked.
	Refused bool
	// Attempt is the number of this attempt in the current count.
	Attempt int
	// LockedUntil is set when this attempt was the one that locked (or when Refused): if its
	// password turns out wrong, the person is told the lock.
	LockedUntil time.Time
}

// ReserveSignIn counts one sign-in attempt of person id before its password is checked,
// atomically: concurrent attempts each get their own number, the attempt that reaches max
// locks the account for lockFor at once, and attempts while it is locked are refused without
// being counted. A lock is never shortened by an attempt; it ends by itself, by a successful
// sign-in of an attempt reserved before it, or by an administrator. The count is not reset by
// a lock or its end, only by success, by an administrator, or CountMemory after the last
// failure: once locked, each further wrong password locks again.
func (s *Store) ReserveSignIn(ctx context.Context, id int64, max int, lockFor time.Duration) (Slot, error) {
	return s.reserve(ctx, "people", "id", id, max, lockFor)
}

// ReserveUnknownSignIn is ReserveSignIn for a login name that belongs to nobody, with the
// same counts and locks, so that answers do not tell which accounts exist.
func (s *Store) ReserveUnknownSignIn(ctx context.Context, login string, max int, lockFor time.Duration) (Slot, error) {
	return s.reserve(ctx, "login_unknown", "login", login, max, lockFor)
}

func (s *Store) reserve(ctx context.Context, table, keyCol string, key any, max int, lockFor time.Duration) (Slot, error) {
	var slot Slot
	err := s.tx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		if table == "login_unknown" {
			if _, err := tx.ExecContext(ctx, s.q("INSERT INTO login_unknown (login) VALUES (?) ON CONFLICT (login) DO NOTHING"), key); err != nil {
				return err
			}
		}
		// The count this attempt gets: 1 if the last failure is forgotten, else one more.
		count := "CASE WHEN failed_at IS NULL OR failed_at < ? THEN 1 ELSE failed_attempts + 1 END"
		forget := now.Add(-CountMemory)
		err := tx.QueryRowContext(ctx, s.q(`UPDATE `+table+` SET failed_attempts = `+count+`, failed_at = ?,
			locked_until = CASE WHEN `+count+` >= ? THEN ? ELSE locked_until END
			WHERE `+keyCol+` = ? AND (locked_until IS NULL OR locked_until <= ?)
			RETURNING failed_attempts`),
			forget, now, forget, max, now.Add(lockFor), key, now).Scan(&slot.Attempt)
		if err == sql.ErrNoRows {
			// Locked (or, for a person, gone: then the caller's lookup already failed).
			slot.Refused = true
		} else if err != nil {
			return err
		}
		// A plain SELECT, not RETURNING: SQLite types a timestamp only by its declared column.
		var locked sql.NullTime
		if err := tx.QueryRowContext(ctx, s.q("SELECT locked_until FROM "+table+" WHERE "+keyCol+" = ?"), key).Scan(&locked); err != nil {
			return err
		}
		if locked.Valid && locked.Time.After(now) {
			slot.LockedUntil = locked.Time
		}
		return nil
	})
	return slot, err
}

// LoginFailed records a wrong password of an attempt reserved with ReserveSignIn: login.failed,
// or login.locked when the attempt was the one that locked the account.
func (s *Store) LoginFailed(ctx context.Context, by audit.Actor, p org.Person, slot Slot) error {
	detail := map[string]any{"attempt": slot.Attempt}
	action := "login.failed"
	if !slot.LockedUntil.IsZero() {
		action = "login.locked"
		detail["locked_until"] = slot.LockedUntil
	}
	return s.Audit(ctx, by, Change{Action: action, ObjectType: "person", ObjectID: p.ID, OrgID: firstOrg(p.Grants), Detail: detail})
}

// LoginSucceeded resets the failure count and the lock and records the sign-in.
func (s *Store) LoginSucceeded(ctx context.Context, by audit.Actor, p org.Person) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, s.q("UPDATE people SET failed_attempts = 0, locked_until = NULL, failed_at = NULL WHERE id = ?"), p.ID); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, by, Change{Action: "login.ok", ObjectType: "person", ObjectID: p.ID, OrgID: firstOrg(p.Grants)})
	})
}

// ClientAttempt counts a sign-in attempt from client (an address) in a fixed window and
// reports whether it is within limit; if not, it is not counted and retryAt says when the
// window ends. Each allowed attempt is counted before its password is checked, so parallel
// requests cannot slip past; a successful one is given back with ClientRefund, so that only
// failures add up (an office behind one address signs in many people each morning).
func (s *Store) ClientAttempt(ctx context.Context, client string, limit int, window time.Duration) (ok bool, retryAt time.Time, err error) {
	err = s.tx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		if _, err := tx.ExecContext(ctx, s.q("INSERT INTO login_clients (client, window_start, attempts) VALUES (?, ?, 0) ON CONFLICT (client) DO NOTHING"), client, now); err != nil {
			return err
		}
		// A window that has ended starts again with this attempt.
		if _, err := tx.ExecContext(ctx, s.q("UPDATE login_clients SET window_start = ?, attempts = 0 WHERE client = ? AND window_start <= ?"), now, client, now.Add(-window)); err != nil {
			return err
		}
		r, err := tx.ExecContext(ctx, s.q("UPDATE login_clients SET attempts = attempts + 1 WHERE client = ? AND attempts < ?"), client, limit)
		if err != nil {
			return err
		}
		if n, _ := r.RowsAffected(); n == 1 {
			ok = true
			return nil
		}
		var start time.Time
		if err := tx.QueryRowContext(ctx, s.q("SELECT window_start FROM login_clients WHERE client = ?"), client).Scan(&start); err != nil {
			return err
		}
		retryAt = start.Add(window)
		return nil
	})
	return ok, retryAt, err
}

// ClientRefund gives back the attempt of a successful sign-in.
func (s *Store) ClientRefund(ctx context.Context, client string) error {
	_, err := s.wdb.ExecContext(ctx, s.q("UPDATE login_clients SET attempts = attempts - 1 WHERE client = ? AND attempts > 0"), client)
	return err
}

// PurgeSignInCounters removes counters that no longer change anything: unknown logins whose
// count is forgotten and whose lock has ended, and client windows that have ended.
func (s *Store) PurgeSignInCounters(ctx context.Context, window time.Duration) error {
	now := s.now()
	if _, err := s.wdb.ExecContext(ctx, s.q("DELETE FROM login_unknown WHERE (failed_at IS NULL OR failed_at < ?) AND (locked_until IS NULL OR locked_until <= ?)"),
		now.Add(-CountMemory), now); err != nil {
		return err
	}
	_, err := s.wdb.ExecContext(ctx, s.q("DELETE FROM login_clients WHERE window_start <= ?"), now.Add(-window))
	return err
}
