package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"gongkai/internal/audit"
	"gongkai/internal/errs"
	"gongkai/internal/org"
)

const personCols = "id, login, name, password_hash, failed_attempts, locked_until, disabled, sample, created_at, setup_hash, setup_expires_at"

func scanPerson(sc scanner) (org.Person, error) {
	var p org.Person
	var locked, setup sql.NullTime
	err := sc.Scan(&p.ID, &p.Login, &p.Name, &p.PasswordHash, &p.FailedAttempts, &locked, &p.Disabled, &p.Sample, &p.CreatedAt, &p.SetupHash, &setup)
	if locked.Valid {
		p.LockedUntil = locked.Time
	}
	if setup.Valid {
		p.SetupExpires = setup.Time
	}
	return p, err
}

// CreatePerson adds a person with a password hash and their grants.
func (s *Store) CreatePerson(ctx context.Context, by audit.Actor, p org.Person) (org.Person, error) {
	if fe := org.ValidatePerson(p.Login, p.Name); len(fe) > 0 {
		return p, errs.Fields("人员信息有误", fe...)
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		err := tx.QueryRowContext(ctx, s.q(`INSERT INTO people (login, name, password_hash, sample, created_at, updated_at, setup_hash, setup_expires_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`), p.Login, strings.TrimSpace(p.Name), p.PasswordHash, p.Sample, now, now,
			p.SetupHash, nullTime(p.SetupExpires)).Scan(&p.ID)
		if s.isUniqueViolation(err) {
			return errs.Fields("人员信息有误", errs.FieldError{Field: "login", Label: "登录名", Message: "登录名“" + p.Login + "”已被使用"})
		}
		if err != nil {
			return err
		}
		p.CreatedAt = now
		orgID, err := s.insertGrants(ctx, tx, p.ID, p.Grants)
		if err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, by, Change{Action: "person.create", ObjectType: "person", ObjectID: p.ID, OrgID: orgID,
			Detail: map[string]any{"login": p.Login, "name": p.Name, "grants": grantSummary(p.Grants)}})
	})
	return p, err
}

func grantSummary(gs []org.Grant) []string {
	out := make([]string, len(gs))
	for i, g := range gs {
		out[i] = g.OrgCode + ":" + string(g.Role)
	}
	return out
}

// insertGrants writes grants (by OrgID) and returns the first grant's organisation, which
// places the person in the audit log.
func (s *Store) insertGrants(ctx context.Context, tx *sql.Tx, personID int64, gs []org.Grant) (int64, error) {
	var first int64
	for _, g := range gs {
		if !g.Role.Valid() {
			return 0, errs.Fields("人员信息有误", errs.FieldError{Field: "role", Label: "角色", Message: "未知的角色"})
		}
		if _, err := tx.ExecContext(ctx, s.q("INSERT INTO grants (person_id, org_id, role) VALUES (?, ?, ?) ON CONFLICT DO NOTHING"), personID, g.OrgID, string(g.Role)); err != nil {
			if s.isForeignKeyViolation(err) {
				return 0, errs.Fields("人员信息有误", errs.FieldError{Field: "org", Label: "机构", Message: "机构不存在"})
			}
			return 0, err
		}
		if first == 0 {
			first = g.OrgID
		}
	}
	return first, nil
}

// SetGrants replaces a person's grants.
func (s *Store) SetGrants(ctx context.Context, by audit.Actor, personID int64, gs []org.Grant) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.grants(ctx, tx, personID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.q("DELETE FROM grants WHERE person_id = ?"), personID); err != nil {
			return err
		}
		orgID, err := s.insertGrants(ctx, tx, personID, gs)
		if err != nil {
			return err
		}
		if orgID == 0 && len(before) > 0 {
			orgID = before[0].OrgID
		}
		after, err := s.grants(ctx, tx, personID)
		if err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, by, Change{Action: "person.grants", ObjectType: "person", ObjectID: personID, OrgID: orgID,
			Detail: map[string]any{"before": grantSummary(before), "after": grantSummary(after)}})
	})
}

func (s *Store) grants(ctx context.Context, q queryer, personID int64) ([]org.Grant, error) {
	return collect(ctx, q, s.q(`SELECT g.org_id, o.code, o.name, o.path, g.role FROM grants g JOIN orgs o ON o.id = g.org_id
		WHERE g.person_id = ? ORDER BY o.path, g.role`), []any{personID}, func(sc scanner) (org.Grant, error) {
		var g org.Grant
		var role string
		err := sc.Scan(&g.OrgID, &g.OrgCode, &g.OrgName, &g.OrgPath, &role)
		g.Role = org.Role(role)
		return g, err
	})
}

// Person returns a person with their grants.
func (s *Store) Person(ctx context.Context, id int64) (org.Person, error) {
	return s.personWhere(ctx, s.db, "id = ?", id)
}

// PersonByLogin returns a person by login name. It reads from the write pool so that the
// sign-in counter it returns is current.
func (s *Store) PersonByLogin(ctx context.Context, login string) (org.Person, error) {
	return s.personWhere(ctx, s.wdb, "login = ?", login)
}

func (s *Store) personWhere(ctx context.Context, q queryer, where string, arg any) (org.Person, error) {
	p, err := scanPerson(q.QueryRowContext(ctx, s.q("SELECT "+personCols+" FROM people WHERE "+where), arg))
	if err != nil {
		return p, notFound(err, "人员")
	}
	p.Grants, err = s.grants(ctx, q, p.ID)
	return p, err
}

// PeopleIn lists the people with a grant in the subtree at path, with their grants.
func (s *Store) PeopleIn(ctx context.Context, path string) ([]org.Person, error) {
	out, err := collect(ctx, s.db, s.q(`SELECT `+personCols+` FROM people WHERE id IN
		(SELECT g.person_id FROM grants g JOIN orgs o ON o.id = g.org_id WHERE o.path LIKE ?) ORDER BY login`), []any{path + "%"}, scanPerson)
	if err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Grants, err = s.grants(ctx, s.db, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// UpdatePerson changes a person's name and whether they are disabled.
func (s *Store) UpdatePerson(ctx context.Context, by audit.Actor, id int64, name string, disabled bool) error {
	if fe := org.ValidatePerson("x", name); len(fe) > 0 {
		return errs.Fields("人员信息有误", fe...)
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		old, err := s.personWhere(ctx, tx, "id = ?", id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.q("UPDATE people SET name = ?, disabled = ?, updated_at = ? WHERE id = ?"), strings.TrimSpace(name), disabled, s.now(), id); err != nil {
			return err
		}
		if disabled {
			if err := s.endAccess(ctx, tx, id); err != nil {
				return err
			}
		}
		return s.appendAudit(ctx, tx, by, Change{Action: "person.update", ObjectType: "person", ObjectID: id, OrgID: firstOrg(old.Grants),
			Detail: map[string]any{"before": map[string]any{"name": old.Name, "disabled": old.Disabled}, "after": map[string]any{"name": name, "disabled": disabled}}})
	})
}

func firstOrg(gs []org.Grant) int64 {
	if len(gs) == 0 {
		return 0
	}
	return gs[0].OrgID
}

// SetPassword stores a new password hash, clears the lock and any setup link and ends the
// person's sessions (a person changing their own password; API tokens stay).
func (s *Store) SetPassword(ctx context.Context, by audit.Actor, id int64, hash string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		p, err := s.personWhere(ctx, tx, "id = ?", id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE people SET password_hash = ?, failed_attempts = 0, locked_until = NULL, failed_at = NULL,
			setup_hash = '', setup_expires_at = NULL, updated_at = ? WHERE id = ?`), hash, s.now(), id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.q("DELETE FROM sessions WHERE person_id = ?"), id); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, by, Change{Action: "person.password", ObjectType: "person", ObjectID: id, OrgID: firstOrg(p.Grants)})
	})
}

// endAccess ends every session of a person and revokes their API tokens.
func (s *Store) endAccess(ctx context.Context, tx *sql.Tx, id int64) error {
	if _, err := tx.ExecContext(ctx, s.q("DELETE FROM sessions WHERE person_id = ?"), id); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, s.q("UPDATE api_tokens SET revoked_at = ? WHERE person_id = ? AND revoked_at IS NULL"), s.now(), id)
	return err
}

// ResetAccess is an administrator's password reset: the password stops working, every
// session ends, every API token is revoked, and the person gets a new one-time link (by its
// hash) to set a password themselves, valid until expires.
func (s *Store) ResetAccess(ctx context.Context, by audit.Actor, id int64, setupHash string, expires time.Time) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		p, err := s.personWhere(ctx, tx, "id = ?", id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE people SET password_hash = '', setup_hash = ?, setup_expires_at = ?,
			failed_attempts = 0, locked_until = NULL, failed_at = NULL, updated_at = ? WHERE id = ?`), setupHash, nullTime(expires), s.now(), id); err != nil {
			return err
		}
		if err := s.endAccess(ctx, tx, id); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, by, Change{Action: "person.password_reset", ObjectType: "person", ObjectID: id, OrgID: firstOrg(p.Grants),
			Detail: map[string]any{"setup_link_until": expires}})
	})
}

// PersonBySetup returns the person a setup link belongs to, if it is still valid.
func (s *Store) PersonBySetup(ctx context.Context, setupHash string) (org.Person, error) {
	if setupHash == "" {
		return org.Person{}, errs.E(errs.NotFound, "链接无效")
	}
	p, err := s.personWhere(ctx, s.wdb, "setup_hash = ?", setupHash)
	if errs.Is(err, errs.NotFound) || (err == nil && !p.SetupPending(s.now())) {
		return org.Person{}, errs.E(errs.NotFound, "链接无效、已使用或已过期，请联系管理员重新生成")
	}
	return p, err
}

// CompleteSetup sets the password of the person whose setup link this is, once: the link
// stops working in the same transaction.
func (s *Store) CompleteSetup(ctx context.Context, by audit.Actor, setupHash, passwordHash string) (org.Person, error) {
	var p org.Person
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		p, err = s.personWhere(ctx, tx, "setup_hash = ?", setupHash)
		if setupHash == "" || errs.Is(err, errs.NotFound) || (err == nil && !p.SetupPending(s.now())) {
			return errs.E(errs.NotFound, "链接无效、已使用或已过期，请联系管理员重新生成")
		}
		if err != nil {
			return err
		}
		r, err := tx.ExecContext(ctx, s.q(`UPDATE people SET password_hash = ?, setup_hash = '', setup_expires_at = NULL,
			failed_attempts = 0, locked_until = NULL, failed_at = NULL, updated_at = ? WHERE id = ? AND setup_hash = ?`), passwordHash, s.now(), p.ID, setupHash)
		if err != nil {
			return err
		}
		if n, _ := r.RowsAffected(); n != 1 {
			return errs.E(errs.NotFound, "链接无效、已使用或已过期，请联系管理员重新生成")
		}
		by.PersonID, by.Login = p.ID, p.Login
		return s.appendAudit(ctx, tx, by, Change{Action: "person.activate", ObjectType: "person", ObjectID: p.ID, OrgID: firstOrg(p.Grants)})
	})
	return p, err
}

// Unlock clears a sign-in lock.
func (s *Store) Unlock(ctx context.Context, by audit.Actor, id int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		p, err := s.personWhere(ctx, tx, "id = ?", id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.q("UPDATE people SET failed_attempts = 0, locked_until = NULL, failed_at = NULL WHERE id = ?"), id); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, by, Change{Action: "person.unlock", ObjectType: "person", ObjectID: id, OrgID: firstOrg(p.Grants)})
	})
}
