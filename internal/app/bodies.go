package app

import (
	"context"
	"strings"

	"gongkai/internal/errs"
	"gongkai/internal/org"
	"gongkai/internal/record"
)

// UnitOf returns the pilot unit o belongs to: o itself when it is a unit, the unit above it
// when it is one of a unit's departments or townships; NotFound for anything else (a city's
// department publishes no records on this platform).
func (a *App) UnitOf(ctx context.Context, o org.Org) (org.Org, error) {
	if o.Kind == org.KindUnit {
		return o, nil
	}
	if o.IsBody() && o.ParentID != 0 {
		if u, err := a.store.Org(ctx, o.ParentID); err == nil && u.Kind == org.KindUnit {
			return u, nil
		}
	}
	return org.Org{}, errs.E(errs.NotFound, "“%s”不属于任何试点单位", o.Name)
}

// IssuingBodies lists the organisations that may issue records of unit u (and be named as
// the responsible body of its catalog entries): the unit first, then its departments and
// townships in the tree's order.
func (a *App) IssuingBodies(ctx context.Context, u org.Org) ([]org.Org, error) {
	all, err := a.store.Orgs(ctx)
	if err != nil {
		return nil, err
	}
	out := []org.Org{u}
	for _, o := range all {
		if o.ID != u.ID && org.MayIssueFor(u, o) {
			out = append(out, o)
		}
	}
	return out, nil
}

// issuerOf loads the issuing body of r (the unit when r names none).
func (a *App) issuerOf(ctx context.Context, r record.Record, u org.Org) (org.Org, error) {
	if r.IssuerID() == u.ID {
		return u, nil
	}
	return a.store.Org(ctx, r.IssuerID())
}

// mayView reports whether p may see a record of unit u issued by issuer: staff in scope of the
// unit (its office and everyone above it), or of the issuing body.
func mayView(p *Principal, u, issuer org.Org) bool {
	return p.Can(org.PermView, u) || (issuer.ID != u.ID && p.Can(org.PermView, issuer))
}

// RecordUnder reports whether the staff pages of organisation o show record r of unit u:
// o is its unit, or its issuing body.
func RecordUnder(o org.Org, r record.Record) bool {
	return o.ID == r.UnitID || o.ID == r.IssuerID()
}

// checkIssuer checks a requested issuing body for a record of unit u, created from the pages
// of organisation from (the unit or one of its bodies).
func (a *App) checkIssuer(ctx context.Context, u, from org.Org, id int64) (org.Org, error) {
	bad := func(msg string) error {
		return errs.Fields("信息填写有误", errs.FieldError{Field: record.FieldIssuerOrg, Label: record.FieldLabel(record.FieldIssuerOrg), Message: msg})
	}
	o, err := a.store.Org(ctx, id)
	if err != nil {
		return o, bad("机构不存在")
	}
	if !org.MayIssueFor(u, o) {
		return o, bad("须为本单位或本单位的部门、乡镇（街道）")
	}
	if from.ID != u.ID && o.ID != from.ID {
		return o, bad("只能以“" + from.Name + "”的名义发布")
	}
	return o, nil
}

// checkResponsible checks the responsible body an entry of unit o's catalog names.
func (a *App) checkResponsible(ctx context.Context, o org.Org, id int64) error {
	if id == 0 {
		return nil
	}
	r, err := a.store.Org(ctx, id)
	if err == nil && org.MayIssueFor(o, r) {
		return nil
	}
	msg := "须为本单位或本单位的部门、乡镇（街道）"
	if o.Kind != org.KindUnit {
		msg = "只有试点单位的目录条目可以指定责任机构"
	}
	return errs.Fields("目录条目有误", errs.FieldError{Field: "responsible_org_id", Label: "责任机构", Message: strings.TrimSpace(msg)})
}
