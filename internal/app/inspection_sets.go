package app

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"gongkai/internal/errs"
	"gongkai/internal/inspection"
	"gongkai/internal/org"
)

// AllIndicatorSets lists the indicator set versions with their published definitions (public):
// the shipped ones and those the province office defined, ordered by code and version.
func (a *App) AllIndicatorSets(ctx context.Context) ([]inspection.Set, error) {
	stored, err := a.store.IndicatorSets(ctx)
	if err != nil {
		return nil, err
	}
	out := append(inspection.Shipped(), stored...)
	slices.SortStableFunc(out, func(x, y inspection.Set) int {
		if c := strings.Compare(x.Code, y.Code); c != 0 {
			return c
		}
		return x.Version - y.Version
	})
	return out, nil
}

// findSet finds a set version by "code" (its newest version, shipped or stored) or
// "code@version".
func (a *App) findSet(ctx context.Context, key string) (inspection.Set, bool) {
	all, err := a.AllIndicatorSets(ctx)
	if err != nil {
		return inspection.FindSet(key)
	}
	return pickSet(all, key)
}

// pickSet picks from sets ordered by code and version.
func pickSet(all []inspection.Set, key string) (inspection.Set, bool) {
	code, ver, _ := strings.Cut(strings.TrimSpace(key), "@")
	var best inspection.Set
	found := false
	for _, s := range all {
		if s.Code == code && (ver == "" || fmt.Sprint(s.Version) == ver) {
			best, found = s, true
		}
	}
	return best, found
}

// SetInput is a new version of an indicator set as the province office enters it: the version
// it is made from and the whole set as it is to be (name, basis, every indicator kept, changed
// or added).
type SetInput struct {
	From       string // "default@2": the version it is made from
	Name       string
	Basis      string
	Indicators []inspection.Indicator
}

// DefineIndicatorSet saves a new version of an indicator set, made from an existing one (shipped
// or stored), numbered after every version of its code. Only the province office defines
// versions; a saved version never changes, and rounds keep the copy they were created with.
func (a *App) DefineIndicatorSet(ctx context.Context, p *Principal, in SetInput) (inspection.Set, error) {
	root := a.rootOf(ctx)
	if err := p.Authorize(org.PermManageInspection, root); err != nil {
		return inspection.Set{}, err
	}
	all, err := a.AllIndicatorSets(ctx)
	if err != nil {
		return inspection.Set{}, err
	}
	from, ok := pickSet(all, in.From)
	if !ok || !strings.Contains(in.From, "@") {
		return inspection.Set{}, errs.Fields("指标体系有误", errs.FieldError{Field: "from", Label: "所依据的版本", Message: fmt.Sprintf("没有指标体系版本“%s”", in.From)})
	}
	ds, err := a.store.Domains(ctx)
	if err != nil {
		return inspection.Set{}, err
	}
	var domains []string
	for _, d := range ds {
		domains = append(domains, d.Code)
	}
	s, err := inspection.Define(inspection.Set{Code: from.Code, Name: in.Name, Basis: in.Basis, Indicators: in.Indicators}, domains)
	if err != nil {
		return s, err
	}
	floor := 0
	for _, x := range inspection.Shipped() {
		if x.Code == s.Code && x.Version > floor {
			floor = x.Version
		}
	}
	return a.store.CreateIndicatorSet(ctx, p.Actor(), s, from.Key(), floor, root.ID)
}

// MayDefineSets tells the page whether p defines indicator set versions (the province office).
func (a *App) MayDefineSets(ctx context.Context, p *Principal) bool {
	return p != nil && p.Can(org.PermManageInspection, a.rootOf(ctx))
}
