package app

import (
	"context"
	"time"

	"gongkai/internal/audit"
	"gongkai/internal/auth"
	"gongkai/internal/errs"
	"gongkai/internal/org"
	"gongkai/internal/store"
)

// CreateOrg adds an organisation under parent. Only a system administrator chooses its code
// freely; anyone else gives it the parent's code, a hyphen and a slug (org.ValidateChildCode),
// so that a unit cannot take a real division code or the code of another unit's organisation.
func (a *App) CreateOrg(ctx context.Context, p *Principal, parent org.Org, o org.Org) (org.Org, error) {
	if err := p.Authorize(org.PermManageOrgs, parent); err != nil {
		return o, err
	}
	if !org.HasRoleAt(p.Person.Grants, org.RoleSysadmin, parent) && org.ValidateCode(o.Code) == "" {
		if m := org.ValidateChildCode(parent, o.Code); m != "" {
			fe := []errs.FieldError{{Field: "code", Label: "代码", Message: m}}
			if e, ok := o.Validate().(*errs.Error); ok {
				fe = append(fe, e.Fields...)
			}
			return o, errs.Fields("机构信息有误", fe...)
		}
	}
	o.ParentID = parent.ID
	return a.store.CreateOrg(ctx, p.Actor(), o)
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
	return a.store.UpdateOrg(ctx, p.Actor(), o)
}

// CreateDomain adds a domain (platform-wide: sysadmin at the root).
func (a *App) CreateDomain(ctx context.Context, p *Principal, root org.Org, d org.Domain) error {
	if err := p.Authorize(org.PermManageDomains, root); err != nil {
		return err
	}
	return a.store.CreateDomain(ctx, p.Actor(), d)
}

// SetupLinkLifetime is how long a one-time link to set one's password stays valid.
const SetupLinkLifetime = 72 * time.Hour

// PersonInput is what an administrator enters for a new person. There is no password: the
// person sets it themselves through a one-time link, so that no administrator ever knows it.
type PersonInput struct {
	Login, Name string
	Roles       []org.Role
}

// refuse audits a refused attempt to manage people and returns err (Forbidden).
func (a *App) refuse(ctx context.Context, p *Principal, action string, target org.Org, personID int64, err error) error {
	detail := map[string]any{"action": action, "reason": err.Error()}
	if p != nil {
		a.store.Audit(ctx, p.Actor(), store.Change{Action: "person.refused", ObjectType: "person", ObjectID: personID, OrgID: target.ID, Detail: detail})
	}
	return err
}

// CreatePerson adds a person with roles at target and returns them with the secret of their
// one-time setup link (valid SetupLinkLifetime), to be handed over once.
func (a *App) CreatePerson(ctx context.Context, p *Principal, target org.Org, in PersonInput) (org.Person, string, error) {
	if err := p.Authorize(org.PermManagePeople, target); err != nil {
		return org.Person{}, "", a.refuse(ctx, p, "create", target, 0, err)
	}
	if err := a.mayGrant(ctx, p, target, 0, "create", in.Roles); err != nil {
		return org.Person{}, "", err
	}
	fe := org.ValidatePerson(in.Login, in.Name)
	grants, gfe := grantsFor(target, in.Roles)
	fe = append(fe, gfe...)
	if len(fe) > 0 {
		return org.Person{}, "", errs.Fields("人员信息有误", fe...)
	}
	secret := auth.NewSecret("gka_")
	person, err := a.store.CreatePerson(ctx, p.Actor(), org.Person{Login: in.Login, Name: in.Name, Grants: grants,
		SetupHash: auth.HashSecret(secret), SetupExpires: a.Now().Add(SetupLinkLifetime)})
	return person, secret, err
}

// mayGrant refuses (403, audited) roles the principal may not give at target.
func (a *App) mayGrant(ctx context.Context, p *Principal, target org.Org, personID int64, action string, roles []org.Role) error {
	for _, r := range roles {
		if r.Valid() && !org.MayGrant(p.Person.Grants, r, target) {
			return a.refuse(ctx, p, action, target, personID, errs.E(errs.Forbidden, "无权在“%s”授予“%s”角色", target.Name, r.Label()))
		}
	}
	return nil
}

func grantsFor(target org.Org, roles []org.Role) ([]org.Grant, []errs.FieldError) {
	var grants []org.Grant
	var fe []errs.FieldError
	for _, r := range roles {
		if !r.Valid() {
			fe = append(fe, errs.FieldError{Field: "roles", Label: "角色", Message: "未知的角色"})
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
	person, err := a.store.Person(ctx, id)
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

// CanManage reports whether the principal may manage person (org.MayManage), not themselves.
func (p *Principal) CanManage(person org.Person) bool {
	if p == nil || person.ID == p.Person.ID {
		return false
	}
	ok, _ := org.MayManage(p.Person.Grants, person.Grants)
	return ok
}

// manageable finds a person the principal may manage, acting at target: they need
// PermManagePeople at target, the person must be in target's subtree, and every grant of the
// person must be within the principal's power (org.MayManage). Refusals are audited.
func (a *App) manageable(ctx context.Context, p *Principal, target org.Org, personID int64, action string) (org.Person, error) {
	if err := p.Authorize(org.PermManagePeople, target); err != nil {
		return org.Person{}, a.refuse(ctx, p, action, target, personID, err)
	}
	person, err := a.PersonIn(ctx, p, target, personID)
	if err != nil {
		return person, err
	}
	if ok, reason := org.MayManage(p.Person.Grants, person.Grants); !ok {
		return person, a.refuse(ctx, p, action, target, personID, errs.E(errs.Forbidden, "无权管理该人员：%s", reason))
	}
	return person, nil
}

// SetRoles replaces the roles a person holds at target; roles elsewhere are kept.
func (a *App) SetRoles(ctx context.Context, p *Principal, target org.Org, personID int64, roles []org.Role) error {
	person, err := a.manageable(ctx, p, target, personID, "roles")
	if err != nil {
		return err
	}
	if person.ID == p.Person.ID {
		return a.refuse(ctx, p, "roles", target, personID, errs.E(errs.Forbidden, "不能修改自己的角色"))
	}
	if err := a.mayGrant(ctx, p, target, personID, "roles", roles); err != nil {
		return err
	}
	var keep []org.Grant
	for _, g := range person.Grants {
		if g.OrgID != target.ID {
			keep = append(keep, g)
		}
	}
	grants, fe := grantsFor(target, roles)
	if len(fe) > 0 {
		return errs.Fields("角色设置有误", fe...)
	}
	return a.store.SetGrants(ctx, p.Actor(), personID, append(keep, grants...))
}

// ResetPassword is an administrator's reset: the person's password, sessions and API tokens
// stop working at once, and the returned secret makes a one-time link (valid
// SetupLinkLifetime) with which the person sets a new password themselves.
func (a *App) ResetPassword(ctx context.Context, p *Principal, target org.Org, personID int64) (string, error) {
	if _, err := a.manageable(ctx, p, target, personID, "password_reset"); err != nil {
		return "", err
	}
	secret := auth.NewSecret("gka_")
	return secret, a.store.ResetAccess(ctx, p.Actor(), personID, auth.HashSecret(secret), a.Now().Add(SetupLinkLifetime))
}

// Unlock lifts a sign-in lock.
func (a *App) Unlock(ctx context.Context, p *Principal, target org.Org, personID int64) error {
	if _, err := a.manageable(ctx, p, target, personID, "unlock"); err != nil {
		return err
	}
	return a.store.Unlock(ctx, p.Actor(), personID)
}

// SetDisabled disables or re-enables an account; disabling ends its sessions and revokes its
// API tokens.
func (a *App) SetDisabled(ctx context.Context, p *Principal, target org.Org, personID int64, disabled bool) error {
	person, err := a.manageable(ctx, p, target, personID, "disable")
	if err != nil {
		return err
	}
	if person.ID == p.Person.ID {
		return a.refuse(ctx, p, "disable", target, personID, errs.E(errs.Forbidden, "不能停用自己的账户"))
	}
	return a.store.UpdatePerson(ctx, p.Actor(), personID, person.Name, disabled)
}

// PersonTokens lists the API tokens of a person in target's subtree.
func (a *App) PersonTokens(ctx context.Context, p *Principal, target org.Org, personID int64) ([]auth.Token, error) {
	if _, err := a.PersonIn(ctx, p, target, personID); err != nil {
		return nil, err
	}
	return a.store.Tokens(ctx, personID)
}

// RevokeToken revokes one API token of a person the principal may manage.
func (a *App) RevokeToken(ctx context.Context, p *Principal, target org.Org, personID, tokenID int64) error {
	if _, err := a.manageable(ctx, p, target, personID, "token_revoke"); err != nil {
		return err
	}
	t, err := a.store.Token(ctx, tokenID)
	if err != nil {
		return err
	}
	if t.PersonID != personID {
		return errs.E(errs.NotFound, "令牌不存在")
	}
	return a.store.RevokeToken(ctx, p.Actor(), tokenID)
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
	if m := org.ValidatePassword(p.Person.Login, next); m != "" {
		return errs.Fields("修改密码失败", errs.FieldError{Field: "password", Label: "新密码", Message: m})
	}
	hash, err := auth.HashPassword(next, a.Hash)
	if err != nil {
		return err
	}
	return a.store.SetPassword(ctx, p.Actor(), p.Person.ID, hash)
}

// SetupPerson returns the person of a valid one-time setup link.
func (a *App) SetupPerson(ctx context.Context, secret string) (org.Person, error) {
	return a.store.PersonBySetup(ctx, auth.HashSecret(secret))
}

// CompleteSetup sets the password of the person of a one-time setup link; the link then
// stops working.
func (a *App) CompleteSetup(ctx context.Context, secret, password, confirm, ip string) (org.Person, error) {
	person, err := a.SetupPerson(ctx, secret)
	if err != nil {
		return person, err
	}
	if m := org.ValidatePassword(person.Login, password); m != "" {
		return person, errs.Fields("密码不符合要求", errs.FieldError{Field: "password", Label: "新密码", Message: m})
	}
	if password != confirm {
		return person, errs.Fields("密码不符合要求", errs.FieldError{Field: "confirm", Label: "再次输入新密码", Message: "两次输入不一致"})
	}
	hash, err := auth.HashPassword(password, a.Hash)
	if err != nil {
		return person, err
	}
	return a.store.CompleteSetup(ctx, audit.Actor{IP: ip}, auth.HashSecret(secret), hash)
}
