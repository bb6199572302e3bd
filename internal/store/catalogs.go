package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"gongkai/internal/audit"
	"gongkai/internal/catalog"
	"gongkai/internal/errs"
)

// Catalog returns the catalog of an organisation and domain.
func (s *Store) Catalog(ctx context.Context, orgID int64, domain string) (catalog.Catalog, error) {
	c, err := scanCatalog(s.db.QueryRowContext(ctx, s.q("SELECT "+catalogCols+" FROM catalogs WHERE org_id = ? AND domain_code = ?"), orgID, domain))
	return c, notFound(err, "目录")
}

// CatalogByID returns a catalog by its ID.
func (s *Store) CatalogByID(ctx context.Context, id int64) (catalog.Catalog, error) {
	c, err := scanCatalog(s.db.QueryRowContext(ctx, s.q("SELECT "+catalogCols+" FROM catalogs WHERE id = ?"), id))
	return c, notFound(err, "目录")
}

const catalogCols = "id, org_id, domain_code, template"

func scanCatalog(sc scanner) (catalog.Catalog, error) {
	var c catalog.Catalog
	err := sc.Scan(&c.ID, &c.OrgID, &c.Domain, &c.Template)
	return c, err
}

func (s *Store) ensureCatalog(ctx context.Context, tx *sql.Tx, orgID int64, domain string, template bool) (catalog.Catalog, error) {
	c := catalog.Catalog{OrgID: orgID, Domain: domain, Template: template}
	err := tx.QueryRowContext(ctx, s.q("SELECT id, template FROM catalogs WHERE org_id = ? AND domain_code = ?"), orgID, domain).Scan(&c.ID, &c.Template)
	if err == nil {
		return c, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return c, err
	}
	var n int
	if err := tx.QueryRowContext(ctx, s.q("SELECT count(*) FROM domains WHERE code = ?"), domain).Scan(&n); err != nil {
		return c, err
	}
	if n == 0 {
		return c, errs.E(errs.NotFound, "领域“%s”不存在", domain)
	}
	err = tx.QueryRowContext(ctx, s.q("INSERT INTO catalogs (org_id, domain_code, template, created_at) VALUES (?, ?, ?, ?) RETURNING id"),
		orgID, domain, template, s.now()).Scan(&c.ID)
	return c, err
}

const versionCols = "id, catalog_id, number, state, note, source, COALESCE(template_version, 0), created_at, created_by, updated_at, filed_at, effective_at, superseded_at"

func scanVersion(sc scanner) (catalog.Version, error) {
	var v catalog.Version
	var state string
	var filed, eff, sup sql.NullTime
	err := sc.Scan(&v.ID, &v.CatalogID, &v.Number, &state, &v.Note, &v.Source, &v.TemplateVersion, &v.CreatedAt, &v.CreatedBy, &v.UpdatedAt, &filed, &eff, &sup)
	v.State = catalog.VersionState(state)
	v.FiledAt, v.EffectiveAt, v.SupersededAt = filed.Time, eff.Time, sup.Time
	return v, err
}

// Versions lists a catalog's versions, newest first, with their entry counts.
func (s *Store) Versions(ctx context.Context, catalogID int64) ([]catalog.Version, error) {
	rows, err := s.db.QueryContext(ctx, s.q("SELECT "+versionCols+", (SELECT count(*) FROM catalog_entries e WHERE e.version_id = v.id) FROM catalog_versions v WHERE catalog_id = ? ORDER BY number DESC"), catalogID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []catalog.Version
	for rows.Next() {
		var v catalog.Version
		var state string
		var filed, eff, sup sql.NullTime
		if err := rows.Scan(&v.ID, &v.CatalogID, &v.Number, &state, &v.Note, &v.Source, &v.TemplateVersion, &v.CreatedAt, &v.CreatedBy, &v.UpdatedAt, &filed, &eff, &sup, &v.Entries); err != nil {
			return nil, err
		}
		v.State = catalog.VersionState(state)
		v.FiledAt, v.EffectiveAt, v.SupersededAt = filed.Time, eff.Time, sup.Time
		out = append(out, v)
	}
	return out, rows.Err()
}

// Version returns one version.
func (s *Store) Version(ctx context.Context, id int64) (catalog.Version, error) {
	v, err := scanVersion(s.db.QueryRowContext(ctx, s.q("SELECT "+versionCols+" FROM catalog_versions WHERE id = ?"), id))
	return v, notFound(err, "目录版本")
}

// VersionByNumber returns a catalog's version by its number.
func (s *Store) VersionByNumber(ctx context.Context, catalogID int64, number int) (catalog.Version, error) {
	v, err := scanVersion(s.db.QueryRowContext(ctx, s.q("SELECT "+versionCols+" FROM catalog_versions WHERE catalog_id = ? AND number = ?"), catalogID, number))
	return v, notFound(err, "目录版本")
}

// EffectiveVersion returns the version in force.
func (s *Store) EffectiveVersion(ctx context.Context, catalogID int64) (catalog.Version, error) {
	v, err := scanVersion(s.db.QueryRowContext(ctx, s.q("SELECT "+versionCols+" FROM catalog_versions WHERE catalog_id = ? AND state = 'effective'"), catalogID))
	if errors.Is(err, sql.ErrNoRows) {
		return v, errs.E(errs.NotFound, "该目录尚无现行有效版本")
	}
	return v, err
}

// NewestVersion returns the newest version, drafts included.
func (s *Store) NewestVersion(ctx context.Context, catalogID int64) (catalog.Version, error) {
	v, err := scanVersion(s.db.QueryRowContext(ctx, s.q("SELECT "+versionCols+" FROM catalog_versions WHERE catalog_id = ? ORDER BY number DESC LIMIT 1"), catalogID))
	return v, notFound(err, "目录版本")
}

const entryCols = `id, entry_key, seq, item1, item2, content, legal_basis, time_limit, responsible_body, COALESCE(responsible_org_id, 0), channels,
	audience_public, audience_group, mode_proactive, mode_on_request, level_county, level_township, stages, not_public, not_public_basis, notes`

// Entries returns a version's entries in order.
func (s *Store) Entries(ctx context.Context, versionID int64) ([]catalog.Entry, error) {
	return s.entries(ctx, s.db, versionID)
}

func (s *Store) entries(ctx context.Context, q queryer, versionID int64) ([]catalog.Entry, error) {
	return collect(ctx, q, s.q("SELECT "+entryCols+" FROM catalog_entries WHERE version_id = ? ORDER BY seq, id"), []any{versionID}, scanEntry)
}

func scanEntry(sc scanner) (catalog.Entry, error) {
	var e catalog.Entry
	var channels, stages string
	err := sc.Scan(&e.ID, &e.Key, &e.Seq, &e.Item1, &e.Item2, &e.Content, &e.LegalBasis, &e.TimeLimitText, &e.ResponsibleBody, &e.ResponsibleOrgID, &channels,
		&e.AudiencePublic, &e.AudienceGroup, &e.ModeProactive, &e.ModeOnRequest, &e.LevelCounty, &e.LevelTownship, &stages, &e.NotPublic, &e.NotPublicBasis, &e.Notes)
	if err != nil {
		return e, err
	}
	if err := json.Unmarshal([]byte(channels), &e.Channels); err != nil {
		return e, fmt.Errorf("entry %d channels: %w", e.ID, err)
	}
	if stages != "" {
		for _, st := range strings.Split(stages, ",") {
			e.Stages = append(e.Stages, catalog.Stage(st))
		}
	}
	return e, nil
}

// Entry returns one entry with its version.
func (s *Store) Entry(ctx context.Context, id int64) (catalog.Entry, catalog.Version, error) {
	var vid int64
	if err := s.db.QueryRowContext(ctx, s.q("SELECT version_id FROM catalog_entries WHERE id = ?"), id).Scan(&vid); err != nil {
		return catalog.Entry{}, catalog.Version{}, notFound(err, "目录条目")
	}
	e, err := scanEntry(s.db.QueryRowContext(ctx, s.q("SELECT "+entryCols+" FROM catalog_entries WHERE id = ?"), id))
	if err != nil {
		return e, catalog.Version{}, notFound(err, "目录条目")
	}
	v, err := s.Version(ctx, vid)
	return e, v, err
}

func (s *Store) insertEntry(ctx context.Context, tx *sql.Tx, versionID int64, e *catalog.Entry) error {
	channels, err := json.Marshal(nonNil(e.Channels))
	if err != nil {
		return err
	}
	stages := make([]string, len(e.Stages))
	for i, st := range e.Stages {
		stages[i] = string(st)
	}
	if e.Key == "" {
		e.Key = catalog.NewKey()
	}
	return tx.QueryRowContext(ctx, s.q(`INSERT INTO catalog_entries (version_id, entry_key, seq, item1, item2, content, legal_basis, time_limit, responsible_body,
		responsible_org_id, channels, audience_public, audience_group, mode_proactive, mode_on_request, level_county, level_township, stages, not_public, not_public_basis, notes)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		versionID, e.Key, e.Seq, e.Item1, e.Item2, e.Content, e.LegalBasis, e.TimeLimitText, e.ResponsibleBody, nullID(e.ResponsibleOrgID), string(channels),
		e.AudiencePublic, e.AudienceGroup, e.ModeProactive, e.ModeOnRequest, e.LevelCounty, e.LevelTownship, strings.Join(stages, ","), e.NotPublic, e.NotPublicBasis, e.Notes).Scan(&e.ID)
}

func (s *Store) updateEntry(ctx context.Context, tx *sql.Tx, e catalog.Entry) error {
	channels, err := json.Marshal(nonNil(e.Channels))
	if err != nil {
		return err
	}
	stages := make([]string, len(e.Stages))
	for i, st := range e.Stages {
		stages[i] = string(st)
	}
	_, err = tx.ExecContext(ctx, s.q(`UPDATE catalog_entries SET item1 = ?, item2 = ?, content = ?, legal_basis = ?, time_limit = ?, responsible_body = ?,
		responsible_org_id = ?, channels = ?, audience_public = ?, audience_group = ?, mode_proactive = ?, mode_on_request = ?, level_county = ?, level_township = ?,
		stages = ?, not_public = ?, not_public_basis = ?, notes = ? WHERE id = ?`),
		e.Item1, e.Item2, e.Content, e.LegalBasis, e.TimeLimitText, e.ResponsibleBody, nullID(e.ResponsibleOrgID), string(channels),
		e.AudiencePublic, e.AudienceGroup, e.ModeProactive, e.ModeOnRequest, e.LevelCounty, e.LevelTownship, strings.Join(stages, ","), e.NotPublic, e.NotPublicBasis, e.Notes, e.ID)
	return err
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// validateEntries checks every entry; the error lists each problem with its row.
func validateEntries(entries []catalog.Entry) error {
	var fe []errs.FieldError
	for i, e := range entries {
		for _, f := range e.Validate() {
			fe = append(fe, errs.FieldError{Field: fmt.Sprintf("entries[%d].%s", i, f.Field), Label: fmt.Sprintf("第%d条 %s", i+1, f.Label), Message: f.Message})
		}
	}
	if len(fe) > 0 {
		return errs.Fields("目录条目有误", fe...)
	}
	return nil
}

// NewDraft creates a new draft version of the catalog of (orgID, domain) with the given
// entries, creating the catalog if needed. Keys carry over from the newest version by item
// name, so that versions stay comparable. Every entry is validated first; on any error
// nothing is written.
func (s *Store) NewDraft(ctx context.Context, by audit.Actor, orgID int64, domain string, template bool, entries []catalog.Entry, note, source string, templateVersion int64) (catalog.Version, error) {
	entries = slices.Clone(entries) // the caller's entries stay as they were
	for i := range entries {
		entries[i].Normalize()
		entries[i].Seq = i + 1
		entries[i].ID = 0
	}
	if err := validateEntries(entries); err != nil {
		return catalog.Version{}, err
	}
	var v catalog.Version
	err := s.tx(ctx, func(tx *sql.Tx) error {
		c, err := s.ensureCatalog(ctx, tx, orgID, domain, template)
		if err != nil {
			return err
		}
		var prevID sql.NullInt64
		if err := tx.QueryRowContext(ctx, s.q("SELECT max(id) FROM catalog_versions WHERE catalog_id = ?"), c.ID).Scan(&prevID); err != nil {
			return err
		}
		if prevID.Valid {
			prev, err := s.entries(ctx, tx, prevID.Int64)
			if err != nil {
				return err
			}
			catalog.AssignKeys(prev, entries)
		}
		catalog.AssignKeys(nil, entries) // whatever is still without a key gets a new one
		now := s.now()
		v = catalog.Version{CatalogID: c.ID, State: catalog.VersionDraft, Note: note, Source: source, TemplateVersion: templateVersion, CreatedAt: now, CreatedBy: by.Login, UpdatedAt: now}
		if err := tx.QueryRowContext(ctx, s.q("SELECT COALESCE(max(number), 0) + 1 FROM catalog_versions WHERE catalog_id = ?"), c.ID).Scan(&v.Number); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, s.q(`INSERT INTO catalog_versions (catalog_id, number, state, note, source, template_version, created_at, created_by, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`), c.ID, v.Number, string(v.State), note, source, nullID(templateVersion), now, by.Login, now).Scan(&v.ID); err != nil {
			return err
		}
		for i := range entries {
			if err := s.insertEntry(ctx, tx, v.ID, &entries[i]); err != nil {
				if s.isUniqueViolation(err) {
					return errs.Fields("目录条目有误", errs.FieldError{Field: fmt.Sprintf("entries[%d]", i), Label: fmt.Sprintf("第%d条", i+1), Message: "与其他条目重复"})
				}
				return err
			}
		}
		v.Entries = len(entries)
		return s.appendAudit(ctx, tx, by, Change{Action: "catalog.version.create", ObjectType: "catalog", ObjectID: c.ID, OrgID: orgID,
			Detail: map[string]any{"domain": domain, "version": v.Number, "entries": len(entries), "source": source, "note": note}})
	})
	return v, err
}

// draftTx loads a version inside tx and refuses anything but a draft.
func (s *Store) draftTx(ctx context.Context, tx *sql.Tx, versionID int64) (catalog.Version, catalog.Catalog, error) {
	v, err := scanVersion(tx.QueryRowContext(ctx, s.q("SELECT "+versionCols+" FROM catalog_versions WHERE id = ?"), versionID))
	if err != nil {
		return v, catalog.Catalog{}, notFound(err, "目录版本")
	}
	if v.State != catalog.VersionDraft {
		return v, catalog.Catalog{}, errs.E(errs.Conflict, "第%d版目录状态为“%s”，只有草稿可以修改", v.Number, v.State.Label())
	}
	c, err := scanCatalog(tx.QueryRowContext(ctx, s.q("SELECT "+catalogCols+" FROM catalogs WHERE id = ?"), v.CatalogID))
	return v, c, err
}

// SaveEntry adds (ID 0) or replaces an entry of a draft version; reason is kept in the change
// log. A new entry goes to the end unless Seq places it.
func (s *Store) SaveEntry(ctx context.Context, by audit.Actor, versionID int64, e catalog.Entry, reason string) (catalog.Entry, error) {
	e.Normalize()
	if fe := e.Validate(); len(fe) > 0 {
		out := make([]errs.FieldError, len(fe))
		for i, f := range fe {
			out[i] = errs.FieldError{Field: f.Field, Label: f.Label, Message: f.Message}
		}
		return e, errs.Fields("目录条目有误", out...)
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		v, c, err := s.draftTx(ctx, tx, versionID)
		if err != nil {
			return err
		}
		action := "catalog.entry.update"
		var before *catalog.Entry
		if e.ID == 0 {
			action = "catalog.entry.add"
			var n int
			if err := tx.QueryRowContext(ctx, s.q("SELECT COALESCE(max(seq), 0) FROM catalog_entries WHERE version_id = ?"), versionID).Scan(&n); err != nil {
				return err
			}
			e.Seq, e.Key = n+1, ""
			if err := s.insertEntry(ctx, tx, versionID, &e); err != nil {
				return err
			}
		} else {
			old, err := scanEntry(tx.QueryRowContext(ctx, s.q("SELECT "+entryCols+" FROM catalog_entries WHERE id = ? AND version_id = ?"), e.ID, versionID))
			if err != nil {
				return notFound(err, "目录条目")
			}
			before = &old
			e.Key, e.Seq = old.Key, old.Seq
			if err := s.updateEntry(ctx, tx, e); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, s.q("UPDATE catalog_versions SET updated_at = ? WHERE id = ?"), s.now(), versionID); err != nil {
			return err
		}
		detail := map[string]any{"version": v.Number, "entry": e.Key, "item": e.Item1 + "/" + e.Item2, "reason": reason}
		if before != nil {
			var changes []string
			for _, fc := range catalog.CompareEntries(*before, e) {
				changes = append(changes, fc.Label)
			}
			detail["fields"] = changes
		}
		return s.appendAudit(ctx, tx, by, Change{Action: action, ObjectType: "catalog", ObjectID: c.ID, OrgID: c.OrgID, Detail: detail})
	})
	return e, err
}

// DeleteEntry removes an entry from a draft and renumbers the rest.
func (s *Store) DeleteEntry(ctx context.Context, by audit.Actor, versionID, entryID int64, reason string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		v, c, err := s.draftTx(ctx, tx, versionID)
		if err != nil {
			return err
		}
		old, err := scanEntry(tx.QueryRowContext(ctx, s.q("SELECT "+entryCols+" FROM catalog_entries WHERE id = ? AND version_id = ?"), entryID, versionID))
		if err != nil {
			return notFound(err, "目录条目")
		}
		if _, err := tx.ExecContext(ctx, s.q("DELETE FROM catalog_entries WHERE id = ?"), entryID); err != nil {
			return err
		}
		if err := s.renumber(ctx, tx, versionID); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, by, Change{Action: "catalog.entry.delete", ObjectType: "catalog", ObjectID: c.ID, OrgID: c.OrgID,
			Detail: map[string]any{"version": v.Number, "entry": old.Key, "item": old.Item1 + "/" + old.Item2, "reason": reason}})
	})
}

// MoveEntry moves an entry up (delta -1) or down (+1) in a draft.
func (s *Store) MoveEntry(ctx context.Context, by audit.Actor, versionID, entryID int64, delta int) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		v, c, err := s.draftTx(ctx, tx, versionID)
		if err != nil {
			return err
		}
		es, err := s.entries(ctx, tx, versionID)
		if err != nil {
			return err
		}
		i := -1
		for k, e := range es {
			if e.ID == entryID {
				i = k
			}
		}
		if i < 0 {
			return errs.E(errs.NotFound, "目录条目不存在")
		}
		j := i + delta
		if j < 0 || j >= len(es) {
			return nil
		}
		es[i], es[j] = es[j], es[i]
		for k, e := range es {
			if _, err := tx.ExecContext(ctx, s.q("UPDATE catalog_entries SET seq = ? WHERE id = ?"), k+1, e.ID); err != nil {
				return err
			}
		}
		return s.appendAudit(ctx, tx, by, Change{Action: "catalog.entry.move", ObjectType: "catalog", ObjectID: c.ID, OrgID: c.OrgID,
			Detail: map[string]any{"version": v.Number, "entry": es[j].Key, "to": j + 1}})
	})
}

func (s *Store) renumber(ctx context.Context, tx *sql.Tx, versionID int64) error {
	es, err := s.entries(ctx, tx, versionID)
	if err != nil {
		return err
	}
	for k, e := range es {
		if e.Seq != k+1 {
			if _, err := tx.ExecContext(ctx, s.q("UPDATE catalog_entries SET seq = ? WHERE id = ?"), k+1, e.ID); err != nil {
				return err
			}
		}
	}
	return nil
}

// DeleteDraft removes a draft version that was never filed.
func (s *Store) DeleteDraft(ctx context.Context, by audit.Actor, versionID int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		v, c, err := s.draftTx(ctx, tx, versionID)
		if err != nil {
			return err
		}
		if !v.FiledAt.IsZero() {
			return errs.E(errs.Conflict, "曾经报送备案的版本不能删除")
		}
		if _, err := tx.ExecContext(ctx, s.q("DELETE FROM catalog_entries WHERE version_id = ?"), versionID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.q("DELETE FROM catalog_versions WHERE id = ?"), versionID); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, by, Change{Action: "catalog.version.delete", ObjectType: "catalog", ObjectID: c.ID, OrgID: c.OrgID, Detail: map[string]any{"version": v.Number}})
	})
}

// FileVersion submits a draft for filing with the given recipients (the province office and
// the unit's city). A template takes effect at once: it is not filed with anyone.
func (s *Store) FileVersion(ctx context.Context, by audit.Actor, versionID int64, recipients []int64, note string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		v, c, err := s.draftTx(ctx, tx, versionID)
		if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, s.q("SELECT count(*) FROM catalog_entries WHERE version_id = ?"), versionID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return errs.E(errs.Conflict, "目录没有条目，不能报送")
		}
		if err := catalog.Transition(v.State, catalog.VersionFiled); err != nil {
			return errs.E(errs.Conflict, "%s", err.Error())
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, s.q("UPDATE catalog_versions SET state = 'filed', filed_at = ?, updated_at = ? WHERE id = ?"), now, now, versionID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.q("DELETE FROM catalog_filings WHERE version_id = ?"), versionID); err != nil {
			return err
		}
		for _, r := range recipients {
			if _, err := tx.ExecContext(ctx, s.q("INSERT INTO catalog_filings (version_id, recipient_id, state, submitted_at, updated_at, updated_by) VALUES (?, ?, 'submitted', ?, ?, ?)"),
				versionID, r, now, now, by.Login); err != nil {
				return err
			}
		}
		if err := s.appendAudit(ctx, tx, by, Change{Action: "catalog.version.file", ObjectType: "catalog", ObjectID: c.ID, OrgID: c.OrgID,
			Detail: map[string]any{"version": v.Number, "recipients": recipients, "note": note}}); err != nil {
			return err
		}
		if len(recipients) == 0 {
			return s.makeEffective(ctx, tx, by, v, c)
		}
		return nil
	})
}

// makeEffective puts v in force and supersedes the version before it.
func (s *Store) makeEffective(ctx context.Context, tx *sql.Tx, by audit.Actor, v catalog.Version, c catalog.Catalog) error {
	now := s.now()
	if _, err := tx.ExecContext(ctx, s.q("UPDATE catalog_versions SET state = 'superseded', superseded_at = ?, updated_at = ? WHERE catalog_id = ? AND state = 'effective'"), now, now, c.ID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, s.q("UPDATE catalog_versions SET state = 'effective', effective_at = ?, updated_at = ? WHERE id = ?"), now, now, v.ID); err != nil {
		return err
	}
	if err := s.touchContent(ctx, tx); err != nil {
		return err
	}
	return s.appendAudit(ctx, tx, by, Change{Action: "catalog.version.effective", ObjectType: "catalog", ObjectID: c.ID, OrgID: c.OrgID, Detail: map[string]any{"version": v.Number}})
}

// DecideFiling records a recipient's receipt: received, returned (with an opinion: the
// version goes back to draft) or accepted (once every recipient accepted, the version takes
// effect and the previous one is superseded).
func (s *Store) DecideFiling(ctx context.Context, by audit.Actor, versionID, recipientID int64, decision, opinion string) error {
	switch decision {
	case catalog.FilingReceived, catalog.FilingAccepted:
	case catalog.FilingReturned:
		if strings.TrimSpace(opinion) == "" {
			return errs.Fields("备案意见有误", errs.FieldError{Field: "opinion", Label: "退回意见", Message: "退回时必须填写意见"})
		}
	default:
		return errs.Fields("备案意见有误", errs.FieldError{Field: "decision", Label: "处理结果", Message: "未知的处理结果"})
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		v, err := scanVersion(tx.QueryRowContext(ctx, s.q("SELECT "+versionCols+" FROM catalog_versions WHERE id = ?"), versionID))
		if err != nil {
			return notFound(err, "目录版本")
		}
		c, err := scanCatalog(tx.QueryRowContext(ctx, s.q("SELECT "+catalogCols+" FROM catalogs WHERE id = ?"), v.CatalogID))
		if err != nil {
			return err
		}
		if v.State != catalog.VersionFiled {
			return errs.E(errs.Conflict, "第%d版目录状态为“%s”，不在备案审查中", v.Number, v.State.Label())
		}
		var state string
		err = tx.QueryRowContext(ctx, s.q("SELECT state FROM catalog_filings WHERE version_id = ? AND recipient_id = ?"), versionID, recipientID).Scan(&state)
		if err != nil {
			return notFound(err, "备案记录")
		}
		if state == catalog.FilingAccepted {
			return errs.E(errs.Conflict, "已备案，不能再次处理")
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, s.q("UPDATE catalog_filings SET state = ?, opinion = ?, updated_at = ?, updated_by = ? WHERE version_id = ? AND recipient_id = ?"),
			decision, opinion, now, by.Login, versionID, recipientID); err != nil {
			return err
		}
		if err := s.appendAudit(ctx, tx, by, Change{Action: "catalog.filing." + decision, ObjectType: "catalog", ObjectID: c.ID, OrgID: c.OrgID,
			Detail: map[string]any{"version": v.Number, "recipient": recipientID, "opinion": opinion}}); err != nil {
			return err
		}
		switch decision {
		case catalog.FilingReturned:
			if err := catalog.Transition(v.State, catalog.VersionDraft); err != nil {
				return errs.E(errs.Conflict, "%s", err.Error())
			}
			_, err := tx.ExecContext(ctx, s.q("UPDATE catalog_versions SET state = 'draft', updated_at = ? WHERE id = ?"), now, versionID)
			return err
		case catalog.FilingAccepted:
			var open int
			if err := tx.QueryRowContext(ctx, s.q("SELECT count(*) FROM catalog_filings WHERE version_id = ? AND state <> 'accepted'"), versionID).Scan(&open); err != nil {
				return err
			}
			if open == 0 {
				if err := catalog.Transition(v.State, catalog.VersionEffective); err != nil {
					return errs.E(errs.Conflict, "%s", err.Error())
				}
				return s.makeEffective(ctx, tx, by, v, c)
			}
		}
		return nil
	})
}

// Filings lists the receipts of a version.
func (s *Store) Filings(ctx context.Context, versionID int64) ([]catalog.Filing, error) {
	return collect(ctx, s.db, s.q(`SELECT f.version_id, f.recipient_id, o.name, f.state, f.opinion, f.submitted_at, f.updated_at, f.updated_by
		FROM catalog_filings f JOIN orgs o ON o.id = f.recipient_id WHERE f.version_id = ? ORDER BY o.path`), []any{versionID}, func(sc scanner) (catalog.Filing, error) {
		var f catalog.Filing
		err := sc.Scan(&f.VersionID, &f.RecipientID, &f.Recipient, &f.State, &f.Opinion, &f.SubmittedAt, &f.UpdatedAt, &f.UpdatedBy)
		return f, err
	})
}

// PendingFilings lists the filings addressed to a recipient that are not yet accepted.
func (s *Store) PendingFilings(ctx context.Context, recipientID int64) ([]catalog.PendingFiling, error) {
	return collect(ctx, s.db, s.q(`SELECT f.version_id, f.recipient_id, f.state, f.opinion, f.submitted_at, f.updated_at, c.id, c.org_id, c.domain_code, v.number
		FROM catalog_filings f JOIN catalog_versions v ON v.id = f.version_id JOIN catalogs c ON c.id = v.catalog_id
		WHERE f.recipient_id = ? AND v.state = 'filed' AND f.state IN ('submitted', 'received') ORDER BY f.submitted_at`), []any{recipientID}, func(sc scanner) (catalog.PendingFiling, error) {
		var p catalog.PendingFiling
		err := sc.Scan(&p.VersionID, &p.RecipientID, &p.State, &p.Opinion, &p.SubmittedAt, &p.UpdatedAt, &p.CatalogID, &p.OrgID, &p.Domain, &p.Number)
		return p, err
	})
}

// CatalogLog returns the change log of a catalog: who, when, what and why, newest first.
func (s *Store) CatalogLog(ctx context.Context, catalogID int64, limit int) ([]audit.Entry, error) {
	return collect(ctx, s.db, s.q("SELECT "+auditCols+" FROM audit_log WHERE object_type = 'catalog' AND object_id = ? ORDER BY id DESC LIMIT ?"),
		[]any{fmt.Sprint(catalogID), limit}, scanAudit)
}
