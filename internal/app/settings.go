package app

import (
	"context"
	"fmt"
	"strings"

	"gongkai/internal/errs"
	"gongkai/internal/org"
	"gongkai/internal/record"
	"gongkai/internal/search"
)

// UnitPolicy returns a unit's procedure settings.
func (a *App) UnitPolicy(ctx context.Context, unitID int64) (record.Policy, error) {
	return a.unitPolicy(ctx, unitID)
}

// SetUnitPolicy changes a unit's procedure settings (its administrator decides).
func (a *App) SetUnitPolicy(ctx context.Context, p *Principal, u org.Org, pol record.Policy) error {
	if err := p.Authorize(org.PermManageOrgs, u); err != nil {
		return err
	}
	if u.Kind != org.KindUnit {
		return errs.E(errs.Conflict, "只有试点单位有发布流程设置")
	}
	return a.Store.SetSetting(ctx, p.Actor(), fmt.Sprintf("unit.%d.same_reviewer_approver", u.ID), fmt.Sprint(pol.AllowSameReviewerApprover))
}

// SetIndexPattern changes the platform's 索引号 pattern after checking it.
func (a *App) SetIndexPattern(ctx context.Context, p *Principal, root org.Org, pattern string) error {
	if err := p.Authorize(org.PermManageDomains, root); err != nil {
		return err
	}
	pattern = strings.TrimSpace(pattern)
	if _, err := record.ParseIndexPattern(pattern); err != nil {
		return errs.Fields("索引号规则有误", errs.FieldError{Field: "index_pattern", Label: "索引号规则", Message: err.Error()})
	}
	return a.Store.SetSetting(ctx, p.Actor(), "record.index_pattern", pattern)
}

// AddSynonyms adds a synonym group; search results change for everyone, so cached pages go.
func (a *App) AddSynonyms(ctx context.Context, p *Principal, root org.Org, terms []string) (search.SynonymGroup, error) {
	if err := p.Authorize(org.PermManageDomains, root); err != nil {
		return search.SynonymGroup{}, err
	}
	g, err := a.Store.AddSynonymGroup(ctx, p.Actor(), terms)
	if err != nil {
		return g, err
	}
	return g, a.Store.TouchContent(ctx)
}

// RemoveSynonyms removes a synonym group.
func (a *App) RemoveSynonyms(ctx context.Context, p *Principal, root org.Org, id int64) error {
	if err := p.Authorize(org.PermManageDomains, root); err != nil {
		return err
	}
	if err := a.Store.RemoveSynonymGroup(ctx, p.Actor(), id); err != nil {
		return err
	}
	return a.Store.TouchContent(ctx)
}
