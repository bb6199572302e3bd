package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"gongkai/internal/audit"
)

// Change describes one audited change; appendAudit fills in the chain.
type Change struct {
	Action     string
	ObjectType string
	ObjectID   any
	OrgID      int64
	Detail     any // marshalled to JSON unless it is a string
}

// appendAudit appends one entry to the hash chain inside tx. The chain is serialised:
// on PostgreSQL by an advisory lock held to the end of tx, on SQLite by the single writer.
func (s *Store) appendAudit(ctx context.Context, tx *sql.Tx, by audit.Actor, c Change) error {
	if err := s.d.lock(ctx, tx, lockAudit); err != nil {
		return err
	}
	e := audit.Entry{At: s.now(), ActorID: by.PersonID, ActorLogin: by.Login, IP: by.IP, Action: c.Action,
		ObjectType: c.ObjectType, OrgID: c.OrgID, PrevHash: audit.Genesis}
	if c.ObjectID != nil {
		e.ObjectID = fmt.Sprint(c.ObjectID)
	}
	switch d := c.Detail.(type) {
	case nil:
	case string:
		e.Detail = d
	default:
		b, err := json.Marshal(d)
		if err != nil {
			return err
		}
		e.Detail = string(b)
	}
	var lastID sql.NullInt64
	var lastHash sql.NullString
	err := tx.QueryRowContext(ctx, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").Scan(&lastID, &lastHash)
	if err != nil && err != sql.ErrNoRows {
		return err
	}
	if lastHash.Valid {
		e.PrevHash = lastHash.String
	}
	e.ID = lastID.Int64 + 1
	e.Hash = audit.ComputeHash(e)
	_, err = tx.ExecContext(ctx, s.q(`INSERT INTO audit_log (id, at, actor_id, actor_login, ip, action, object_type, object_id, org_id, detail, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
		e.ID, e.At, e.ActorID, e.ActorLogin, e.IP, e.Action, e.ObjectType, e.ObjectID, e.OrgID, e.Detail, e.PrevHash, e.Hash)
	if err != nil {
		return err
	}
	// The head is kept apart from the log so that removing the newest entries shows too.
	_, err = tx.ExecContext(ctx, s.q("INSERT INTO settings (key, value) VALUES ('audit.head', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
		fmt.Sprintf("%d:%s", e.ID, e.Hash))
	return err
}

// Audit records a change that touches no other table (a failed sign-in, an export).
func (s *Store) Audit(ctx context.Context, by audit.Actor, c Change) error {
	return s.tx(ctx, func(tx *sql.Tx) error { return s.appendAudit(ctx, tx, by, c) })
}

const auditCols = "id, at, actor_id, actor_login, ip, action, object_type, object_id, org_id, detail, prev_hash, hash"

func scanAudit(sc scanner) (audit.Entry, error) {
	var e audit.Entry
	err := sc.Scan(&e.ID, &e.At, &e.ActorID, &e.ActorLogin, &e.IP, &e.Action, &e.ObjectType, &e.ObjectID, &e.OrgID, &e.Detail, &e.PrevHash, &e.Hash)
	e.At = audit.Normalize(e.At)
	return e, err
}

// ListAudit returns entries newest first. Entries with org_id 0 (platform-wide) are shown
// only when OrgPath is "" or the root's.
func (s *Store) ListAudit(ctx context.Context, aq audit.Query) ([]audit.Entry, error) {
	if aq.Limit <= 0 || aq.Limit > 500 {
		aq.Limit = 100
	}
	where, args := "1=1", []any{}
	if aq.OrgPath != "" {
		where += " AND org_id IN (SELECT id FROM orgs WHERE path LIKE ?)"
		args = append(args, aq.OrgPath+"%")
	}
	if aq.Action != "" && aq.Exact {
		where += " AND action = ?"
		args = append(args, aq.Action)
	} else if aq.Action != "" {
		where += " AND action LIKE ?"
		args = append(args, aq.Action+"%")
	}
	if aq.ActorID != 0 {
		where += " AND actor_id = ?"
		args = append(args, aq.ActorID)
	}
	if aq.ObjectType != "" {
		where += " AND object_type = ?"
		args = append(args, aq.ObjectType)
	}
	if aq.ObjectID != "" {
		where += " AND object_id = ?"
		args = append(args, aq.ObjectID)
	}
	if !aq.From.IsZero() {
		where += " AND at >= ?"
		args = append(args, aq.From.UTC())
	}
	if !aq.To.IsZero() {
		where += " AND at < ?"
		args = append(args, aq.To.UTC())
	}
	if aq.Before > 0 {
		where += " AND id < ?"
		args = append(args, aq.Before)
	}
	args = append(args, aq.Limit)
	return collect(ctx, s.db, s.q("SELECT "+auditCols+" FROM audit_log WHERE "+where+" ORDER BY id DESC LIMIT ?"), args, scanAudit)
}

// VerifyAudit walks the whole chain in order and checks it against the stored head.
func (s *Store) VerifyAudit(ctx context.Context) (*audit.Verifier, error) {
	v := audit.NewVerifier()
	rows, err := s.wdb.QueryContext(ctx, "SELECT "+auditCols+" FROM audit_log ORDER BY id")
	if err != nil {
		return nil, err
	}
	var last audit.Entry
	for rows.Next() {
		e, err := scanAudit(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		v.Add(e)
		last = e
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	head, err := s.Setting(ctx, "audit.head")
	if err != nil {
		return nil, err
	}
	if want := fmt.Sprintf("%d:%s", last.ID, last.Hash); v.Count > 0 && head != want {
		v.Problems = append(v.Problems, audit.Problem{ID: last.ID, Reason: "链尾与记录的最新哈希不符，最新的记录可能被删除"})
	} else if v.Count == 0 && head != "" {
		v.Problems = append(v.Problems, audit.Problem{ID: 0, Reason: "审计日志为空，但曾有记录"})
	}
	return v, nil
}

// Setting returns a setting's value, "" when unset.
func (s *Store) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := s.wdb.QueryRowContext(ctx, s.q("SELECT value FROM settings WHERE key = ?"), key).Scan(&v)
	if err == sql.ErrNoRows {
		return "", nil
	}
	return v, err
}

// SetSetting stores a setting, audited.
func (s *Store) SetSetting(ctx context.Context, by audit.Actor, key, value string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, s.q("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"), key, value); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, by, Change{Action: "setting.set", ObjectType: "setting", ObjectID: key, Detail: map[string]string{"value": value}})
	})
}
