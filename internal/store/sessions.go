package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"gongkai/internal/audit"
	"gongkai/internal/auth"
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
	// PostgreSQL refuses invalid UTF-8 and NUL in text: a header must not make a sign-in fail.
	ua = strings.ReplaceAll(strings.ToValidUTF8(ua, "\uFFFD"), "\x00", "")
	if len(ua) > 200 {
		ua = strings.ToValidUTF8(ua[:200], "")
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

// CreateToken stores an API token's hash for a person, valid until expires, audited.
func (s *Store) CreateToken(ctx context.Context, by audit.Actor, personID int64, tokenHash, name string, expires time.Time) (auth.Token, error) {
	t := auth.Token{PersonID: personID, Name: name, CreatedAt: s.now(), ExpiresAt: expires.UTC().Truncate(time.Microsecond)}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		p, err := s.personWhere(ctx, tx, "id = ?", personID)
		if err != nil {
			return err
		}
		t.Login = p.Login
		if err := tx.QueryRowContext(ctx, s.q("INSERT INTO api_tokens (person_id, token_hash, name, created_at, expires_at) VALUES (?, ?, ?, ?, ?) RETURNING id"),
			personID, tokenHash, name, t.CreatedAt, nullTime(expires)).Scan(&t.ID); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, by, Change{Action: "token.create", ObjectType: "api_token", ObjectID: t.ID, OrgID: firstOrg(p.Grants),
			Detail: map[string]any{"person": p.Login, "name": name, "expires_at": t.ExpiresAt}})
	})
	return t, err
}

const tokenCols = "t.id, t.person_id, p.login, t.name, t.created_at, t.expires_at, t.last_used_at, t.revoked_at"

func scanToken(sc scanner) (auth.Token, error) {
	var t auth.Token
	var exp, used, rev sql.NullTime
	err := sc.Scan(&t.ID, &t.PersonID, &t.Login, &t.Name, &t.CreatedAt, &exp, &used, &rev)
	t.ExpiresAt, t.LastUsedAt, t.RevokedAt = exp.Time, used.Time, rev.Time
	return t, err
}

// Tokens lists a person's API tokens, newest first.
func (s *Store) Tokens(ctx context.Context, personID int64) ([]auth.Token, error) {
	return collect(ctx, s.db, s.q("SELECT "+tokenCols+" FROM api_tokens t JOIN people p ON p.id = t.person_id WHERE t.person_id = ? ORDER BY t.id DESC"),
		[]any{personID}, scanToken)
}

// Token returns one API token by its ID.
func (s *Store) Token(ctx context.Context, id int64) (auth.Token, error) {
	t, err := scanToken(s.wdb.QueryRowContext(ctx, s.q("SELECT "+tokenCols+" FROM api_tokens t JOIN people p ON p.id = t.person_id WHERE t.id = ?"), id))
	return t, notFound(err, "令牌")
}

// RevokeToken revokes an API token, audited; revoking one already revoked changes nothing.
func (s *Store) RevokeToken(ctx context.Context, by audit.Actor, id int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		var personID int64
		if err := tx.QueryRowContext(ctx, s.q("SELECT person_id FROM api_tokens WHERE id = ?"), id).Scan(&personID); err != nil {
			return notFound(err, "令牌")
		}
		p, err := s.personWhere(ctx, tx, "id = ?", personID)
		if err != nil {
			return err
		}
		r, err := tx.ExecContext(ctx, s.q("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL"), s.now(), id)
		if err != nil {
			return err
		}
		if n, _ := r.RowsAffected(); n == 0 {
			return nil
		}
		return s.appendAudit(ctx, tx, by, Change{Action: "token.revoke", ObjectType: "api_token", ObjectID: id, OrgID: firstOrg(p.Grants),
			Detail: map[string]any{"person": p.Login}})
	})
}

// TokenPerson returns the person an API token belongs to: not revoked, not expired, the
// person not disabled.
func (s *Store) TokenPerson(ctx context.Context, tokenHash string) (org.Person, error) {
	var personID int64
	var lastUsed, expires sql.NullTime
	err := s.db.QueryRowContext(ctx, s.q("SELECT person_id, last_used_at, expires_at FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL"), tokenHash).
		Scan(&personID, &lastUsed, &expires)
	if err != nil {
		if err == sql.ErrNoRows {
			return org.Person{}, errs.E(errs.Unauthorized, "令牌无效或已撤销")
		}
		return org.Person{}, err
	}
	now := s.now()
	if expires.Valid && !now.Before(expires.Time) {
		return org.Person{}, errs.E(errs.Unauthorized, "令牌已过期，请重新生成")
	}
	p, err := s.Person(ctx, personID)
	if err != nil {
		return p, err
	}
	if p.Disabled {
		return org.Person{}, errs.E(errs.Unauthorized, "账户已停用")
	}
	if !lastUsed.Valid || now.Sub(lastUsed.Time) > time.Minute {
		s.wdb.ExecContext(ctx, s.q("UPDATE api_tokens SET last_used_at = ? WHERE token_hash = ?"), now, tokenHash)
	}
	return p, nil
}
