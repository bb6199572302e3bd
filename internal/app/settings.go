package app

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"gongkai/internal/errs"
	"gongkai/internal/org"
	"gongkai/internal/record"
	"gongkai/internal/search"
	"gongkai/internal/store"
)

// UnitPolicy returns a unit's procedure settings as the procedure applies them.
func (a *App) UnitPolicy(ctx context.Context, unitID int64) (record.Policy, error) {
	return a.unitPolicy(ctx, unitID)
}

// The states of a unit's exception letting one person review and approve the same record.
// A unit administrator requests it; it takes effect only once a supervisor of the city or
// the province office approves it, and a supervisor may withdraw the approval at any time.
const (
	ExceptionOff       = ""
	ExceptionRequested = "requested"
	ExceptionApproved  = "approved"
	ExceptionRejected  = "rejected"
)

// Exception is the state of a unit's reviewer/approver exception and who brought it there.
type Exception struct {
	State string
	By    int64 // the person who requested, approved or rejected it (0: from before approvals)
}

// Label names the state in Chinese.
func (e Exception) Label() string {
	switch e.State {
	case ExceptionRequested:
		return "已申请，待设区市或省政务公开办公室监督人员批准，批准前不生效"
	case ExceptionApproved:
		return "已经监督人员批准，正在生效"
	case ExceptionRejected:
		return "监督人员未批准，不生效"
	}
	return "未申请"
}

func exceptionKey(unitID int64) string { return fmt.Sprintf("unit.%d.same_reviewer_approver", unitID) }

func parseException(v string) Exception {
	state, by, _ := strings.Cut(v, ":")
	e := Exception{State: state}
	e.By, _ = strconv.ParseInt(by, 10, 64)
	switch state {
	case ExceptionRequested, ExceptionApproved, ExceptionRejected:
		return e
	}
	return Exception{}
}

// UnitException returns the state of a unit's reviewer/approver exception.
func (a *App) UnitException(ctx context.Context, unitID int64) (Exception, error) {
	v, err := a.store.Setting(ctx, exceptionKey(unitID))
	return parseException(v), err
}

// PendingExceptions lists the units inside under whose exception waits for a decision.
func (a *App) PendingExceptions(ctx context.Context, under org.Org) ([]org.Org, error) {
	vals, err := a.store.SettingsLike(ctx, "unit.%.same_reviewer_approver")
	if err != nil {
		return nil, err
	}
	all, err := a.store.Orgs(ctx)
	if err != nil {
		return nil, err
	}
	var out []org.Org
	for _, o := range all {
		if o.Kind == org.KindUnit && under.Contains(o) && parseException(vals[exceptionKey(o.ID)]).State == ExceptionRequested {
			out = append(out, o)
		}
	}
	return out, nil
}

// SetUnitPolicy changes a unit's procedure settings (its administrator decides). Asking for
// the reviewer/approver exception only requests it (DecideUnitException approves it);
// turning it off takes effect at once.
func (a *App) SetUnitPolicy(ctx context.Context, p *Principal, u org.Org, pol record.Policy) error {
	if err := p.Authorize(org.PermManageOrgs, u); err != nil {
		return err
	}
	if u.Kind != org.KindUnit {
		return errs.E(errs.Conflict, "只有试点单位有发布流程设置")
	}
	cur, err := a.UnitException(ctx, u.ID)
	if err != nil {
		return err
	}
	switch {
	case pol.AllowSameReviewerApprover && (cur.State == ExceptionRequested || cur.State == ExceptionApproved):
		return nil
	case pol.AllowSameReviewerApprover:
		return a.store.SetOrgSetting(ctx, p.Actor(), u.ID, exceptionKey(u.ID), fmt.Sprintf("%s:%d", ExceptionRequested, p.Person.ID), "unit.exception_request", nil)
	case cur.State == ExceptionOff:
		return nil
	}
	return a.store.SetOrgSetting(ctx, p.Actor(), u.ID, exceptionKey(u.ID), ExceptionOff, "unit.exception_withdraw", nil)
}

// DecideUnitException approves or rejects a unit's reviewer/approver exception. Only a
// supervisor (监督人员) of an office above the unit, its city or the province office, decides,
// and never on a request of their own; rejecting an approved exception withdraws it.
// Refusals are audited.
func (a *App) DecideUnitException(ctx context.Context, p *Principal, u org.Org, approve bool) error {
	action := "unit.exception_reject"
	if approve {
		action = "unit.exception_approve"
	}
	refuse := func(err error) error {
		if p != nil {
			a.store.Audit(ctx, p.Actor(), store.Change{Action: "unit.exception_refused", ObjectType: "org", ObjectID: u.ID, OrgID: u.ID,
				Detail: map[string]any{"action": action, "reason": err.Error()}})
		}
		return err
	}
	if err := p.Authorize(org.PermDecideException, u); err != nil {
		return refuse(err)
	}
	if u.Kind != org.KindUnit {
		return errs.E(errs.Conflict, "只有试点单位有发布流程例外")
	}
	supervises := false
	for _, g := range p.Person.Grants {
		if g.Role != org.RoleSupervisor || g.OrgPath == u.Path || !strings.HasPrefix(u.Path, g.OrgPath) {
			continue
		}
		o, err := a.store.Org(ctx, g.OrgID)
		if err != nil {
			return err
		}
		supervises = supervises || o.Kind == org.KindCity || o.Kind == org.KindProvince
	}
	if !supervises {
		return refuse(errs.E(errs.Forbidden, "只有上级设区市或省政务公开办公室的监督人员可以审批“%s”的例外", u.Name))
	}
	cur, err := a.UnitException(ctx, u.ID)
	if err != nil {
		return err
	}
	switch {
	case approve && cur.State != ExceptionRequested:
		return errs.E(errs.Conflict, "“%s”没有待批准的例外申请（当前：%s）", u.Name, cur.Label())
	case !approve && cur.State != ExceptionRequested && cur.State != ExceptionApproved:
		return errs.E(errs.Conflict, "“%s”没有待批准或已生效的例外（当前：%s）", u.Name, cur.Label())
	case cur.By == p.Person.ID && cur.State == ExceptionRequested:
		return refuse(errs.E(errs.Forbidden, "不能审批自己提出的例外申请"))
	}
	state := ExceptionRejected
	if approve {
		state = ExceptionApproved
	}
	return a.store.SetOrgSetting(ctx, p.Actor(), u.ID, exceptionKey(u.ID), fmt.Sprintf("%s:%d", state, p.Person.ID), action,
		map[string]any{"requested_by": cur.By})
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
	return a.store.SetSetting(ctx, p.Actor(), "record.index_pattern", pattern)
}

// AddSynonyms adds a synonym group; search results change for everyone, so cached pages go.
func (a *App) AddSynonyms(ctx context.Context, p *Principal, root org.Org, terms []string) (search.SynonymGroup, error) {
	if err := p.Authorize(org.PermManageDomains, root); err != nil {
		return search.SynonymGroup{}, err
	}
	g, err := a.store.AddSynonymGroup(ctx, p.Actor(), terms)
	if err != nil {
		return g, err
	}
	return g, a.store.TouchContent(ctx)
}

// RemoveSynonyms removes a synonym group.
func (a *App) RemoveSynonyms(ctx context.Context, p *Principal, root org.Org, id int64) error {
	if err := p.Authorize(org.PermManageDomains, root); err != nil {
		return err
	}
	if err := a.store.RemoveSynonymGroup(ctx, p.Actor(), id); err != nil {
		return err
	}
	return a.store.TouchContent(ctx)
}

// SynonymGroups lists the search synonyms, for those who manage them at the root.
func (a *App) SynonymGroups(ctx context.Context, p *Principal, root org.Org) ([]search.SynonymGroup, error) {
	if err := p.Authorize(org.PermManageDomains, root); err != nil {
		return nil, err
	}
	return a.store.SynonymGroups(ctx)
}
