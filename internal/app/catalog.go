package app

import (
	"context"
	"strconv"

	"gongkai/internal/catalog"
	"gongkai/internal/errs"
	"gongkai/internal/org"
)

// IsTemplateOrg tells whether catalogs of o are templates: the province office and the
// provincial departments keep templates, units keep their own catalogs.
func IsTemplateOrg(o org.Org) bool { return org.KeepsTemplates(o) }

// mayHaveCatalog says whether o keeps catalogs of domain.
func mayHaveCatalog(o org.Org, domain string) error {
	if IsTemplateOrg(o) {
		return nil
	}
	if o.Kind != org.KindUnit {
		return errs.E(errs.Conflict, "只有试点单位（以及省政府政务公开办公室、省级部门的模板）编制标准目录")
	}
	for _, d := range o.Domains {
		if d == domain {
			return nil
		}
	}
	return errs.E(errs.Conflict, "“%s”的试点领域中没有“%s”，请先在机构设置中添加该领域", o.Name, domain)
}

// authorizeEdit checks the right to change catalogs of o.
func authorizeEdit(p *Principal, o org.Org) error { return p.Authorize(org.PermCatalogEdit, o) }

// TemplateFor finds the template catalog in force for a domain: a provincial department's
// template for that domain if there is one, else the province office's.
func (a *App) TemplateFor(ctx context.Context, domain string) (catalog.Catalog, catalog.Version, error) {
	all, err := a.store.Orgs(ctx)
	if err != nil {
		return catalog.Catalog{}, catalog.Version{}, err
	}
	var candidates []org.Org
	for _, o := range all {
		if o.Kind == org.KindProvinceDept {
			candidates = append(candidates, o)
		}
	}
	for _, o := range all {
		if o.Kind == org.KindProvince {
			candidates = append(candidates, o)
		}
	}
	for _, o := range candidates {
		c, err := a.store.Catalog(ctx, o.ID, domain)
		if errs.Is(err, errs.NotFound) {
			continue
		}
		if err != nil {
			return c, catalog.Version{}, err
		}
		v, err := a.store.EffectiveVersion(ctx, c.ID)
		if errs.Is(err, errs.NotFound) {
			continue
		}
		return c, v, err
	}
	return catalog.Catalog{}, catalog.Version{}, errs.E(errs.NotFound, "领域“%s”尚无省级模板", domain)
}

// DraftFrom says what a new draft starts from.
type DraftFrom string

const (
	FromNewest   DraftFrom = "newest"   // a copy of the newest version
	FromTemplate DraftFrom = "template" // a copy of the template in force
	FromEmpty    DraftFrom = "empty"    // no entries
)

// NewDraft starts a new draft version of the catalog of (o, domain).
func (a *App) NewDraft(ctx context.Context, p *Principal, o org.Org, domain string, from DraftFrom, note string) (catalog.Version, error) {
	if err := authorizeEdit(p, o); err != nil {
		return catalog.Version{}, err
	}
	if err := mayHaveCatalog(o, domain); err != nil {
		return catalog.Version{}, err
	}
	var entries []catalog.Entry
	var tmplVersion int64
	source := string(from)
	switch from {
	case FromNewest:
		c, err := a.store.Catalog(ctx, o.ID, domain)
		if err != nil {
			return catalog.Version{}, err
		}
		v, err := a.store.NewestVersion(ctx, c.ID)
		if err != nil {
			return v, err
		}
		if entries, err = a.store.Entries(ctx, v.ID); err != nil {
			return v, err
		}
		tmplVersion = v.TemplateVersion
		source = "copy:" + strconv.Itoa(v.Number) // the base, checked when the draft is filed
	case FromTemplate:
		if IsTemplateOrg(o) {
			return catalog.Version{}, errs.E(errs.Conflict, "模板目录不能再以模板为基础")
		}
		_, tv, err := a.TemplateFor(ctx, domain)
		if err != nil {
			return tv, err
		}
		if entries, err = a.store.Entries(ctx, tv.ID); err != nil {
			return tv, err
		}
		tmplVersion = tv.ID
	case FromEmpty:
	default:
		return catalog.Version{}, errs.Fields("参数有误", errs.FieldError{Field: "from", Label: "来源", Message: "未知的来源"})
	}
	return a.store.NewDraft(ctx, p.Actor(), o.ID, domain, IsTemplateOrg(o), entries, note, source, tmplVersion)
}

// versionOf loads a version and checks it belongs to the catalog of (o, domain).
func (a *App) versionOf(ctx context.Context, o org.Org, domain string, versionID int64) (catalog.Version, catalog.Catalog, error) {
	v, err := a.store.Version(ctx, versionID)
	if err != nil {
		return v, catalog.Catalog{}, err
	}
	c, err := a.store.CatalogByID(ctx, v.CatalogID)
	if err != nil {
		return v, c, err
	}
	if c.OrgID != o.ID || c.Domain != domain {
		return v, c, errs.E(errs.NotFound, "目录版本不存在")
	}
	return v, c, nil
}

// SaveEntry adds or edits an entry of a draft.
func (a *App) SaveEntry(ctx context.Context, p *Principal, o org.Org, domain string, versionID int64, e catalog.Entry, reason string) (catalog.Entry, error) {
	if err := authorizeEdit(p, o); err != nil {
		return e, err
	}
	if _, _, err := a.versionOf(ctx, o, domain, versionID); err != nil {
		return e, err
	}
	if err := a.checkResponsible(ctx, o, e.ResponsibleOrgID); err != nil {
		return e, err
	}
	return a.store.SaveEntry(ctx, p.Actor(), versionID, e, reason)
}

// DeleteEntry removes an entry from a draft.
func (a *App) DeleteEntry(ctx context.Context, p *Principal, o org.Org, domain string, versionID, entryID int64, reason string) error {
	if err := authorizeEdit(p, o); err != nil {
		return err
	}
	if _, _, err := a.versionOf(ctx, o, domain, versionID); err != nil {
		return err
	}
	return a.store.DeleteEntry(ctx, p.Actor(), versionID, entryID, reason)
}

// MoveEntry reorders an entry of a draft.
func (a *App) MoveEntry(ctx context.Context, p *Principal, o org.Org, domain string, versionID, entryID int64, delta int) error {
	if err := authorizeEdit(p, o); err != nil {
		return err
	}
	if _, _, err := a.versionOf(ctx, o, domain, versionID); err != nil {
		return err
	}
	return a.store.MoveEntry(ctx, p.Actor(), versionID, entryID, delta)
}

// DeleteDraft removes a draft never filed.
func (a *App) DeleteDraft(ctx context.Context, p *Principal, o org.Org, domain string, versionID int64) error {
	if err := authorizeEdit(p, o); err != nil {
		return err
	}
	if _, _, err := a.versionOf(ctx, o, domain, versionID); err != nil {
		return err
	}
	return a.store.DeleteDraft(ctx, p.Actor(), versionID)
}

// FilingRecipients are the offices a unit files with: the province office and the unit's
// city (plan §四: 报省政府政务公开办公室和所在设区市政府备案). Templates are filed with nobody.
func (a *App) FilingRecipients(ctx context.Context, o org.Org) ([]org.Org, error) {
	if IsTemplateOrg(o) {
		return nil, nil
	}
	all, err := a.store.Orgs(ctx)
	if err != nil {
		return nil, err
	}
	var out []org.Org
	for _, x := range all {
		if x.Contains(o) && x.ID != o.ID && (x.Kind == org.KindProvince || x.Kind == org.KindCity) {
			out = append(out, x)
		}
	}
	return out, nil
}

// FileVersion files a draft.
func (a *App) FileVersion(ctx context.Context, p *Principal, o org.Org, domain string, versionID int64, note string) error {
	// A template takes effect when its office publishes it; a unit's catalog is filed.
	if err := p.Authorize(org.PermCatalogFile, o); err != nil {
		return err
	}
	v, _, err := a.versionOf(ctx, o, domain, versionID)
	if err != nil {
		return err
	}
	if v.State == catalog.VersionDraft {
		if err := a.checkBase(ctx, v); err != nil {
			return err
		}
	}
	recips, err := a.FilingRecipients(ctx, o)
	if err != nil {
		return err
	}
	ids := make([]int64, len(recips))
	for i, r := range recips {
		ids[i] = r.ID
	}
	return a.store.FileVersion(ctx, p.Actor(), versionID, ids, note)
}

// DecideFiling records the receipt of recipient for a version. Only a person with the
// filing right AT the recipient office (not merely above it) or a sysadmin decides for it.
func (a *App) DecideFiling(ctx context.Context, p *Principal, recipient org.Org, versionID int64, decision, opinion string) error {
	if err := p.Authorize(org.PermReceiveFiling, recipient); err != nil {
		return err
	}
	exact := org.HasRoleAt(p.Person.Grants, org.RoleSysadmin, recipient)
	for _, g := range p.Person.Grants {
		if g.OrgID == recipient.ID && org.RoleHas(g.Role, org.PermReceiveFiling) {
			exact = true
		}
	}
	if !exact {
		return errs.E(errs.Forbidden, "只有“%s”的工作人员可以处理报送给该机构的备案", recipient.Name)
	}
	return a.store.DecideFiling(ctx, p.Actor(), versionID, recipient.ID, decision, opinion)
}

// EffectiveCatalog returns the version in force of the catalog of (o, domain) with its
// entries: what the public sees. NotFound when there is none.
func (a *App) EffectiveCatalog(ctx context.Context, o org.Org, domain string) (catalog.Version, []catalog.Entry, error) {
	c, err := a.store.Catalog(ctx, o.ID, domain)
	if err != nil {
		return catalog.Version{}, nil, err
	}
	v, err := a.store.EffectiveVersion(ctx, c.ID)
	if err != nil {
		return v, nil, err
	}
	es, err := a.store.Entries(ctx, v.ID)
	return v, es, err
}
