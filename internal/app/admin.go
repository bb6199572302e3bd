package app

import (
	"context"

	"gongkai/internal/auth"
	"gongkai/internal/errs"
	"gongkai/internal/org"
)

// CreateOrg adds an organisation under parent.
func (a *App) CreateOrg(ctx context.Context, p *Principal, parent org.Org, o org.Org) (org.Org, error) {
	if err := p.Authorize(org.PermManageOrgs, parent); err != nil {
		return o, err
	}
	o.ParentID = parent.ID
	return a.Store.CreateOrg(ctx, p.Actor(), o)
}

// UpdateOrg edits an organisation. A person may edit the organisations below their grant,
// and a sysadmin any; a unit administrator cannot rename their own unit's code.
func (a *App) UpdateOrg(ctx context.Context, p *Principal, old, o org.Org) (org.Org, error) {
	if err := p.Authorize(org.PermManageOrgs, old); err != nil {
		return o, err
	}
	if o.Code != old.Code && !org.HasRoleAt(p.Person.Grants, org.RoleSysadmin, old) {
		return o, errs.Fields("机构信息有误", errs.FieldError{Field: "code", Label: "代码", Message: "只有系统管理员可以修改机构代码"})
	}
	o.ID, o.Kind = old.ID, old.Kind
	return a.Store.UpdateOrg(ctx, p.Actor(), o)
}

// CreateDomain adds a domain (platform-wide: sysadmin at the root).
func (a *App) CreateDomain(ctx context.Context, p *Principal, root org.Org, d org.Domain) error {
	if err := p.Authorize(org.PermManageDomains, root); err != nil {
		return err
	}
	return a.Store.CreateDomain(ctx, p.Actor(), d)
}

// PersonInput is what an administrator enters for a new person.
type PersonInput struct {
	Login, Name, Password string
	Roles                 []org.Role
}

// CreatePerson adds a person with roles at target.
func (a *App) CreatePerson(ctx context.Context, p *Principal, target org.Org, in PersonInput) (org.Person, error) {
	if err := p.Authorize(org.PermManagePeople, target); err != nil {
		return org.Person{}, err
	}
	fe := org.ValidatePerson(in.Login, in.Name)
	if m := org.ValidatePassword(in.Password); m != "" {
		fe = append(fe, errs.FieldError{Field: "password", Label: "初始密码", Message: m})
	}
	grants, gfe := a.grantsFor(p, target, in.Roles)
	fe = append(fe, gfe...)
	if len(fe) > 0 {
		return org.Person{}, errs.Fields("人员信息有误", fe...)
	}
	hash, err := auth.HashPassword(in.Password, a.Hash)
	if err != nil {
		return org.Person{}, err
	}
	return a.Store.CreatePerson(ctx, p.Actor(), org.Person{Login: in.Login, Name: in.Name, PasswordHash: hash, Grants: grants})
}

func (a *App) grantsFor(p *Principal, target org.Org, roles []org.Role) ([]org.Grant, []errs.FieldError) {
	var grants []org.Grant
	var fe []errs.FieldError
	for _, r := range roles {
		if !r.Valid() {
			fe = append(fe, errs.FieldError{Field: "roles", Label: "角色", Message: "未知的角色"})
			continue
		}
		if !org.MayGrant(p.Person.Grants, r, target) {
			fe = append(fe, errs.FieldError{Field: "roles", Label: "角色", Message: "无权授予“" + r.Label() + "”"})
			continue
		}
		grants = append(grants, org.Grant{OrgID: target.ID, OrgCode: target.Code, Role: r})
	}
	return grants, fe
}

// PersonIn returns a person only if they hold a grant inside target's subtree; otherwise
// NotFound, so that people outside one's scope cannot even be confirmed to exist.
func (a *App) PersonIn(ctx context.Context, p *Principal, target org.Org, id int64) (org.Person, error) {
	if err := p.Authorize(org.PermView, target); err != nil {
		return org.Person{}, err
	}
	person, err := a.Store.Person(ctx, id)
	if err != nil {
		return person, err
	}
	for _, g := range person.Grants {
		if target.Contains(org.Org{Path: g.OrgPath}) {
			return person, nil
		}
	}
	return org.Person{}, errs.E(errs.NotFound, "人员不存在")
}

// SetRoles replaces the roles a person holds at target; roles elsewhere are kept.
// Both the roles removed and the roles given must be within the administrator's power.
func (a *App) SetRoles(ctx context.Context, p *Principal, target org.Org, personID int64, roles []org.Role) error {
	person, err := a.PersonIn(ctx, p, target, personID)
	if err != nil {
		return err
	}
	if err := p.Authorize(org.PermManagePeople, target); err != nil {
		return err
	}
	if person.ID == p.Person.ID {
		return errs.E(errs.Forbidden, "不能修改自己的角色")
	}
	var keep []org.Grant
	for _, g := range person.Grants {
		if g.OrgID != target.ID {
			keep = append(keep, g)
			continue
		}
		if !org.MayGrant(p.Person.Grants, g.Role, target) {
			keep = append(keep, g) // not ours to take away
		}
	}
	grants, fe := a.grantsFor(p, target, roles)
	if len(fe) > 0 {
		return errs.Fields("角色设置有误", fe...)
	}
	return a.Store.SetGrants(ctx, p.Actor(), personID, append(keep, grants...))
}

// ResetPassword sets a new password chosen by an administrator.
func (a *App) ResetPassword(ctx context.Context, p *Principal, target org.Org, personID int64, password string) error {
	if err := p.Authorize(org.PermManagePeople, target); err != nil {
		return err
	}
	if _, err := a.PersonIn(ctx, p, target, personID); err != nil {
		return err
	}
	if m := org.ValidatePassword(password); m != "" {
		return errs.Fields("密码不符合要求", errs.FieldError{Field: "password", Label: "新密码", Message: m})
	}
	hash, err := auth.HashPassword(password, a.Hash)
	if err != nil {
		return err
	}
	return a.Store.SetPassword(ctx, p.Actor(), personID, hash)
}

// Unlock lifts a sign-in lock.
func (a *App) Unlock(ctx context.Context, p *Principal, target org.Org, personID int64) error {
	if err := p.Authorize(org.PermManagePeople, target); err != nil {
		return err
	}
	if _, err := a.PersonIn(ctx, p, target, personID); err != nil {
		return err
	}
	return a.Store.Unlock(ctx, p.Actor(), personID)
}

// SetDisabled disables or re-enables an account; disabling ends its sessions.
func (a *App) SetDisabled(ctx context.Context, p *Principal, target org.Org, personID int64, disabled bool) error {
	if err := p.Authorize(org.PermManagePeople, target); err != nil {
		return err
	}
	person, err := a.PersonIn(ctx, p, target, personID)
	if err != nil {
		return err
	}
	if person.ID == p.Person.ID {
		return errs.E(errs.Forbidden, "不能停用自己的账户")
	}
	return a.Store.UpdatePerson(ctx, p.Actor(), personID, person.Name, disabled)
}

// ChangeOwnPassword lets a signed-in person change their password.
func (a *App) ChangeOwnPassword(ctx context.Context, p *Principal, current, next string) error {
	ok, err := auth.CheckPassword(p.Person.PasswordHash, current)
	if err != nil {
		return err
	}
	if !ok {
		return errs.Fields("修改密码失败", errs.FieldError{Field: "current", Label: "当前密码", Message: "不正确"})
	}
	if m := org.ValidatePassword(next); m != "" {
		return errs.Fields("修改密码失败", errs.FieldError{Field: "password", Label: "新密码", Message: m})
	}
	hash, err := auth.HashPassword(next, a.Hash)
	if err != nil {
		return err
	}
	return a.Store.SetPassword(ctx, p.Actor(), p.Person.ID, hash)
}
