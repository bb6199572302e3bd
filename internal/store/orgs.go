package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"

	"gongkai/internal/audit"
	"gongkai/internal/errs"
	"gongkai/internal/org"
)

const orgCols = "id, COALESCE(parent_id, 0), code, name, kind, unit_type, credit_code, path, sort, sample, created_at, updated_at, full_name"

func scanOrg(sc scanner) (org.Org, error) {
	var o org.Org
	var kind string
	err := sc.Scan(&o.ID, &o.ParentID, &o.Code, &o.Name, &kind, &o.UnitType, &o.CreditCode, &o.Path, &o.Sort, &o.Sample, &o.CreatedAt, &o.UpdatedAt, &o.FullName)
	o.Kind = org.Kind(kind)
	return o, err
}

// CreateOrg inserts an organisation under its parent (ParentID 0 makes the root, allowed
// only in an empty tree) and returns it with its ID and path.
func (s *Store) CreateOrg(ctx context.Context, by audit.Actor, o org.Org) (org.Org, error) {
	if err := o.Validate(); err != nil {
		return o, err
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		parentKind, parentPath := org.Kind(""), "/"
		if o.ParentID != 0 {
			p, err := scanOrg(tx.QueryRowContext(ctx, s.q("SELECT "+orgCols+" FROM orgs WHERE id = ?"), o.ParentID))
			if err != nil {
				return notFound(err, "上级机构")
			}
			parentKind, parentPath = p.Kind, p.Path
		} else {
			var n int
			if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM orgs WHERE parent_id IS NULL").Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return errs.E(errs.Conflict, "根机构已存在，新机构须指定上级机构")
			}
		}
		if !o.Kind.CanSitUnder(parentKind) {
			return errs.Fields("机构信息有误", errs.FieldError{Field: "kind", Label: "类型",
				Message: fmt.Sprintf("%s不能设在%s之下", o.Kind.Label(), labelOrRoot(parentKind))})
		}
		now := s.now()
		err := tx.QueryRowContext(ctx, s.q(`INSERT INTO orgs (parent_id, code, name, kind, unit_type, credit_code, path, sort, sample, created_at, updated_at, full_name)
			VALUES (?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?) RETURNING id`),
			nullID(o.ParentID), o.Code, strings.TrimSpace(o.Name), string(o.Kind), o.UnitType, o.CreditCode, o.Sort, o.Sample, now, now, strings.TrimSpace(o.FullName)).Scan(&o.ID)
		if s.isUniqueViolation(err) {
			return errs.Fields("机构信息有误", errs.FieldError{Field: "code", Label: "代码", Message: "代码“" + o.Code + "”已被使用"})
		}
		if err != nil {
			return err
		}
		o.Path = fmt.Sprintf("%s%d/", parentPath, o.ID)
		o.CreatedAt, o.UpdatedAt = now, now
		if _, err := tx.ExecContext(ctx, s.q("UPDATE orgs SET path = ? WHERE id = ?"), o.Path, o.ID); err != nil {
			return err
		}
		if err := s.setOrgDomains(ctx, tx, o.ID, o.Domains); err != nil {
			return err
		}
		if err := s.touchContent(ctx, tx); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, by, Change{Action: "org.create", ObjectType: "org", ObjectID: o.ID, OrgID: o.ID,
			Detail: map[string]any{"code": o.Code, "name": o.Name, "kind": o.Kind, "parent_id": o.ParentID, "domains": o.Domains}})
	})
	return o, err
}

func labelOrRoot(k org.Kind) string {
	if k == "" {
		return "根"
	}
	return k.Label()
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// UpdateOrg changes an organisation's name, code, unit type, order and domains. Kind and
// place in the tree stay: moving a subtree is a separate, rarer operation.
func (s *Store) UpdateOrg(ctx context.Context, by audit.Actor, o org.Org) (org.Org, error) {
	if err := o.Validate(); err != nil {
		return o, err
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		old, err := scanOrg(tx.QueryRowContext(ctx, s.q("SELECT "+orgCols+" FROM orgs WHERE id = ?"), o.ID))
		if err != nil {
			return notFound(err, "机构")
		}
		if old.Kind != o.Kind {
			return errs.Fields("机构信息有误", errs.FieldError{Field: "kind", Label: "类型", Message: "机构类型不能修改"})
		}
		oldDomains, err := s.orgDomains(ctx, tx, o.ID)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, s.q("UPDATE orgs SET code = ?, name = ?, unit_type = ?, credit_code = ?, sort = ?, updated_at = ?, full_name = ? WHERE id = ?"),
			o.Code, strings.TrimSpace(o.Name), o.UnitType, o.CreditCode, o.Sort, s.now(), strings.TrimSpace(o.FullName), o.ID)
		if s.isUniqueViolation(err) {
			return errs.Fields("机构信息有误", errs.FieldError{Field: "code", Label: "代码", Message: "代码“" + o.Code + "”已被使用"})
		}
		if err != nil {
			return err
		}
		if err := s.setOrgDomains(ctx, tx, o.ID, o.Domains); err != nil {
			return err
		}
		o.ParentID, o.Path, o.Sample, o.CreatedAt = old.ParentID, old.Path, old.Sample, old.CreatedAt
		if err := s.touchContent(ctx, tx); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, by, Change{Action: "org.update", ObjectType: "org", ObjectID: o.ID, OrgID: o.ID,
			Detail: map[string]any{"before": map[string]any{"code": old.Code, "name": old.Name, "unit_type": old.UnitType, "credit_code": old.CreditCode, "sort": old.Sort, "domains": oldDomains, "full_name": old.FullName},
				"after": map[string]any{"code": o.Code, "name": o.Name, "unit_type": o.UnitType, "credit_code": o.CreditCode, "sort": o.Sort, "domains": o.Domains, "full_name": o.FullName}}})
	})
	return o, err
}

func (s *Store) setOrgDomains(ctx context.Context, tx *sql.Tx, orgID int64, codes []string) error {
	if _, err := tx.ExecContext(ctx, s.q("DELETE FROM org_domains WHERE org_id = ?"), orgID); err != nil {
		return err
	}
	for _, c := range codes {
		var n int
		if err := tx.QueryRowContext(ctx, s.q("SELECT count(*) FROM domains WHERE code = ?"), c).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return errs.Fields("机构信息有误", errs.FieldError{Field: "domains", Label: "试点领域", Message: "未知的领域“" + c + "”"})
		}
		if _, err := tx.ExecContext(ctx, s.q("INSERT INTO org_domains (org_id, domain_code) VALUES (?, ?) ON CONFLICT DO NOTHING"), orgID, c); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) orgDomains(ctx context.Context, q queryer, orgID int64) ([]string, error) {
	return collect(ctx, q, s.q(`SELECT od.domain_code FROM org_domains od JOIN domains d ON d.code = od.domain_code
		WHERE od.org_id = ? ORDER BY d.sort, d.code`), []any{orgID}, func(sc scanner) (string, error) {
		var c string
		err := sc.Scan(&c)
		return c, err
	})
}

type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Org returns one organisation with its domains.
func (s *Store) Org(ctx context.Context, id int64) (org.Org, error) {
	return s.orgWhere(ctx, "id = ?", id)
}

// OrgByCode returns one organisation by its code.
func (s *Store) OrgByCode(ctx context.Context, code string) (org.Org, error) {
	return s.orgWhere(ctx, "code = ?", code)
}

func (s *Store) orgWhere(ctx context.Context, where string, arg any) (org.Org, error) {
	o, err := scanOrg(s.db.QueryRowContext(ctx, s.q("SELECT "+orgCols+" FROM orgs WHERE "+where), arg))
	if err != nil {
		return o, notFound(err, "机构")
	}
	o.Domains, err = s.orgDomains(ctx, s.db, o.ID)
	return o, err
}

// Orgs returns every organisation (a province has a few thousand at most) in tree order:
// parents before children, siblings by sort then code.
func (s *Store) Orgs(ctx context.Context) ([]org.Org, error) {
	all, err := collect(ctx, s.db, "SELECT "+orgCols+" FROM orgs", nil, scanOrg)
	if err != nil {
		return nil, err
	}
	doms, err := s.allOrgDomains(ctx)
	if err != nil {
		return nil, err
	}
	for i := range all {
		all[i].Domains = doms[all[i].ID]
	}
	return TreeOrder(all), nil
}

func (s *Store) allOrgDomains(ctx context.Context) (map[int64][]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT od.org_id, od.domain_code FROM org_domains od JOIN domains d ON d.code = od.domain_code ORDER BY od.org_id, d.sort, d.code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]string{}
	for rows.Next() {
		var id int64
		var c string
		if err := rows.Scan(&id, &c); err != nil {
			return nil, err
		}
		out[id] = append(out[id], c)
	}
	return out, rows.Err()
}

// TreeOrder sorts organisations depth-first, siblings by Sort then Code.
func TreeOrder(all []org.Org) []org.Org {
	children := map[int64][]org.Org{}
	for _, o := range all {
		children[o.ParentID] = append(children[o.ParentID], o)
	}
	for k := range children {
		c := children[k]
		sort.Slice(c, func(i, j int) bool {
			if c[i].Sort != c[j].Sort {
				return c[i].Sort < c[j].Sort
			}
			return c[i].Code < c[j].Code
		})
	}
	out := make([]org.Org, 0, len(all))
	var walk func(id int64)
	walk = func(id int64) {
		for _, o := range children[id] {
			out = append(out, o)
			walk(o.ID)
		}
	}
	walk(0)
	return out
}

// CountOrgs tells whether the database holds any organisation (the demo fills only an
// empty database).
func (s *Store) CountOrgs(ctx context.Context) (int, error) {
	var n int
	err := s.wdb.QueryRowContext(ctx, "SELECT count(*) FROM orgs").Scan(&n)
	return n, err
}

// Domains lists the domains in their order.
func (s *Store) Domains(ctx context.Context) ([]org.Domain, error) {
	return collect(ctx, s.db, "SELECT code, name, sort, builtin FROM domains ORDER BY sort, code", nil, func(sc scanner) (org.Domain, error) {
		var d org.Domain
		err := sc.Scan(&d.Code, &d.Name, &d.Sort, &d.Builtin)
		return d, err
	})
}

// CreateDomain adds a domain of the administrator's own.
func (s *Store) CreateDomain(ctx context.Context, by audit.Actor, d org.Domain) error {
	if err := d.Validate(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if d.Sort == 0 {
			if err := tx.QueryRowContext(ctx, "SELECT COALESCE(max(sort), 0) + 1 FROM domains").Scan(&d.Sort); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, s.q("INSERT INTO domains (code, name, sort, builtin, created_at) VALUES (?, ?, ?, ?, ?)"),
			d.Code, strings.TrimSpace(d.Name), d.Sort, false, s.now())
		if s.isUniqueViolation(err) {
			return errs.Fields("领域信息有误", errs.FieldError{Field: "code", Label: "代码", Message: "代码或名称已被使用"})
		}
		if err != nil {
			return err
		}
		if err := s.touchContent(ctx, tx); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, by, Change{Action: "domain.create", ObjectType: "domain", ObjectID: d.Code, Detail: map[string]any{"name": d.Name}})
	})
}
