package store

import (
	"context"
	"database/sql"
	"time"

	"gongkai/internal/audit"
	"gongkai/internal/errs"
	"gongkai/internal/org"
)

// Session is a signed-in browser. Only the hash of its secret is stored, so a copy of the
// database does not let anyone sign in.
type Session struct {
	TokenHash  string
	PersonID   int64
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
}

// CreateSession stores a new session.
func (s *Store) CreateSession(ctx context.Context, tokenHash string, personID int64, ttl time.Duration, ip, ua string) error {
	now := s.now()
	if len(ua) > 200 {
		ua = ua[:200]
	}
	_, err := s.wdb.ExecContext(ctx, s.q(`INSERT INTO sessions (token_hash, person_id, created_at, last_seen_at, expires_at, ip, user_agent)
		VALUES (?, ?, ?, ?, ?, ?, ?)`), tokenHash, personID, now, now, now.Add(ttl), ip, ua)
	return err
}

// SessionPerson returns the person of a live session: not expired, not idle longer than
// idle, not disabled. It refreshes last_seen_at at most once a minute, to spare writes.
func (s *Store) SessionPerson(ctx context.Context, tokenHash string, idle time.Duration) (org.Person, error) {
	var sess Session
	err := s.db.QueryRowContext(ctx, s.q("SELECT person_id, created_at, last_seen_at, expires_at FROM sessions WHERE token_hash = ?"), tokenHash).
		Scan(&sess.PersonID, &sess.CreatedAt, &sess.LastSeenAt, &sess.ExpiresAt)
	if err != nil {
		return org.Person{}, notFound(err, "会话")
	}
	now := s.now()
	if now.After(sess.ExpiresAt) || now.Sub(sess.LastSeenAt) > idle {
		s.DeleteSession(ctx, tokenHash)
		return org.Person{}, errs.E(errs.Unauthorized, "登录已过期，请重新登录")
	}
	p, err := s.Person(ctx, sess.PersonID)
	if err != nil {
		return p, err
	}
	if p.Disabled {
		return org.Person{}, errs.E(errs.Unauthorized, "账户已停用")
	}
	if now.Sub(sess.LastSeenAt) > time.Minute {
		if _, err := s.wdb.ExecContext(ctx, s.q("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?"), now, tokenHash); err != nil {
			return p, err
		}
	}
	return p, nil
}

// DeleteSession ends a session.
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	_, err := s.wdb.ExecContext(ctx, s.q("DELETE FROM sessions WHERE token_hash = ?"), tokenHash)
	return err
}

// PurgeSessions removes expired sessions.
func (s *Store) PurgeSessions(ctx context.Context, idle time.Duration) (int64, error) {
	now := s.now()
	r, err := s.wdb.ExecContext(ctx, s.q("DELETE FROM sessions WHERE expires_at < ? OR last_seen_at < ?"), now, now.Add(-idle))
	if err != nil {
		return 0, err
	}
	return r.RowsAffected()
}

// CreateToken stores an API token's hash for a person, audited.
func (s *Store) CreateToken(ctx context.Context, by audit.Actor, personID int64, tokenHash, name string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		p, err := s.personWhere(ctx, tx, "id = ?", personID)
		if err != nil {
			return err
		}
		var id int64
		if err := tx.QueryRowContext(ctx, s.q("INSERT INTO api_tokens (person_id, token_hash, name, created_at) VALUES (?, ?, ?, ?) RETURNING id"),
			personID, tokenHash, name, s.now()).Scan(&id); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, by, Change{Action: "token.create", ObjectType: "api_token", ObjectID: id, OrgID: firstOrg(p.Grants),
			Detail: map[string]any{"person": p.Login, "name": name}})
	})
}

// TokenPerson returns the person an API token belongs to.
func (s *Store) TokenPerson(ctx context.Context, tokenHash string) (org.Person, error) {
	var personID int64
	var lastUsed sql.NullTime
	err := s.db.QueryRowContext(ctx, s.q("SELECT person_id, last_used_at FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL"), tokenHash).Scan(&personID, &lastUsed)
	if err != nil {
		if err == sql.ErrNoRows {
			return org.Person{}, errs.E(errs.Unauthorized, "令牌无效或已撤销")
		}
		return org.Person{}, err
	}
	p, err := s.Person(ctx, personID)
	if err != nil {
		return p, err
	}
	if p.Disabled {
		return org.Person{}, errs.E(errs.Unauthorized, "账户已停用")
	}
	if now := s.now(); !lastUsed.Valid || now.Sub(lastUsed.Time) > time.Minute {
		s.wdb.ExecContext(ctx, s.q("UPDATE api_tokens SET last_used_at = ? WHERE token_hash = ?"), now, tokenHash)
	}
	return p, nil
}
