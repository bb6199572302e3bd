package app

import (
	"context"
	"fmt"
	"strings"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/org"
	"gongkai/internal/record"
)

func unitPatternKey(unitID int64) string { return fmt.Sprintf("unit.%d.index_pattern", unitID) }

// IndexPatternFor is the 索引号 pattern of unit u's records: the unit's own, set by its
// administrator, else the platform's.
func (a *App) IndexPatternFor(ctx context.Context, unitID int64) (record.IndexPattern, error) {
	v, err := a.store.Setting(ctx, unitPatternKey(unitID))
	if err != nil {
		return record.IndexPattern{}, err
	}
	if v != "" {
		if p, err := record.ParseIndexPattern(v); err == nil {
			return p, nil
		}
	}
	return a.IndexPattern(ctx)
}

// UnitIndexPattern is the unit's own pattern ("" when it uses the platform's).
func (a *App) UnitIndexPattern(ctx context.Context, u org.Org) string {
	v, _ := a.store.Setting(ctx, unitPatternKey(u.ID))
	return v
}

// IndexIssuerCode is the issuer code a pattern puts in the 索引号 of a record issued by
// issuer for unit u: the issuer's unified social credit code ({credit}) or its 9-character
// organisation code ({code}); a department or township without a code of its own numbers
// under its unit's. "" when neither has one (publication is then refused with the reason).
func IndexIssuerCode(p record.IndexPattern, u, issuer org.Org) string {
	for _, o := range []org.Org{issuer, u} {
		if p.UsesCreditCode() {
			if o.CreditCode != "" {
				return o.CreditCode
			}
		} else if c := o.OrganisationCode(); c != "" {
			return c
		}
	}
	if !p.UsesCreditCode() {
		return u.Code // no credit code anywhere: the platform code, as before
	}
	return ""
}

// IndexPreview is one example 索引号 of a pattern for an issuing body.
type IndexPreview struct {
	Issuer  org.Org
	Example string // or the reason there is none
	OK      bool
}

// PreviewIndexPattern shows what pattern would give the unit and each of its departments and
// townships for their first record today, without changing anything.
func (a *App) PreviewIndexPattern(ctx context.Context, p *Principal, u org.Org, pattern string) ([]IndexPreview, error) {
	if err := p.Authorize(org.PermManageOrgs, u); err != nil {
		return nil, err
	}
	pat, err := record.ParseIndexPattern(strings.TrimSpace(pattern))
	if err != nil {
		return nil, err
	}
	bodies, err := a.IssuingBodies(ctx, u)
	if err != nil {
		return nil, err
	}
	var out []IndexPreview
	for _, b := range bodies {
		code := IndexIssuerCode(pat, u, b)
		pv := IndexPreview{Issuer: b}
		if code == "" {
			pv.Example = "未设置统一社会信用代码，无法生成"
		} else if ex, err := pat.Format(code, calendar.DateOf(a.Now()), 1); err != nil {
			pv.Example = err.Error()
		} else {
			pv.Example, pv.OK = ex, true
		}
		out = append(out, pv)
	}
	return out, nil
}

// SetUnitIndexPattern sets the unit's own 索引号 pattern ("" returns to the platform's); its
// administrator decides. Numbers already given stay as they are.
func (a *App) SetUnitIndexPattern(ctx context.Context, p *Principal, u org.Org, pattern string) error {
	if err := p.Authorize(org.PermManageOrgs, u); err != nil {
		return err
	}
	if u.Kind != org.KindUnit {
		return errs.E(errs.Conflict, "只有试点单位可以设置本单位的索引号规则")
	}
	pattern = strings.TrimSpace(pattern)
	if pattern != "" {
		if _, err := record.ParseIndexPattern(pattern); err != nil {
			return err
		}
	}
	return a.store.SetOrgSetting(ctx, p.Actor(), u.ID, unitPatternKey(u.ID), pattern, "unit.index_pattern", nil)
}
