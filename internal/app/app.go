// Package app is where permissions and rules are enforced before data changes: the web
// pages, the JSON API and the command line all act through it, so a rule cannot be
// skipped by choosing another door.
package app

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"gongkai/internal/audit"
	"gongkai/internal/auth"
	"gongkai/internal/config"
	"gongkai/internal/errs"
	"gongkai/internal/org"
	"gongkai/internal/store"
)

// App bundles what the use cases need.
type App struct {
	Store *store.Store
	Cfg   config.Config
	Log   *slog.Logger
	// Hash are the argon2id parameters for new password hashes.
	Hash auth.Params

	cal calCache
}

// New builds an App.
func New(s *store.Store, cfg config.Config, log *slog.Logger) *App {
	return &App{Store: s, Cfg: cfg, Log: log, Hash: auth.DefaultParams}
}

// Principal is a signed-in person acting from an address.
type Principal struct {
	Person org.Person
	IP     string
}

// Actor is the principal as the audit log names it.
func (p *Principal) Actor() audit.Actor {
	if p == nil {
		return audit.Actor{}
	}
	return audit.Actor{PersonID: p.Person.ID, Login: p.Person.Login, IP: p.IP}
}

// Can reports whether the principal may do perm at target.
func (p *Principal) Can(perm org.Permission, target org.Org) bool {
	return p != nil && org.Allowed(p.Person.Grants, perm, target)
}

// Authorize returns a Forbidden error unless the principal may do perm at target.
func (p *Principal) Authorize(perm org.Permission, target org.Org) error {
	if p == nil {
		return errs.E(errs.Unauthorized, "请先登录")
	}
	if !p.Can(perm, target) {
		return errs.E(errs.Forbidden, "无权在“%s”执行此操作", target.Name)
	}
	return nil
}

// Home is the organisation a principal lands on: the highest one they hold a grant at.
func (p *Principal) Home() (org.Grant, bool) {
	var best org.Grant
	for _, g := range p.Person.Grants {
		if best.OrgPath == "" || len(g.OrgPath) < len(best.OrgPath) {
			best = g
		}
	}
	return best, best.OrgPath != ""
}

// SignIn checks a password, counting failures and locking the account after
// Cfg.LockAttempts of them; every attempt is audited. The error says when a lock ends.
func (a *App) SignIn(ctx context.Context, login, password, ip string) (org.Person, error) {
	login = strings.TrimSpace(login)
	actor := audit.Actor{Login: login, IP: ip}
	p, err := a.Store.PersonByLogin(ctx, login)
	if errs.Is(err, errs.NotFound) {
		// Spend the same time as a real check so that logins cannot be probed by timing.
		auth.CheckPassword(dummyHash(a.Hash), password)
		a.Store.Audit(ctx, actor, store.Change{Action: "login.unknown", ObjectType: "person", ObjectID: login})
		return org.Person{}, errs.E(errs.Unauthorized, "登录名或密码错误")
	}
	if err != nil {
		return org.Person{}, err
	}
	actor.PersonID = p.ID
	now := a.Store.Now()
	if p.Locked(now) {
		a.Store.Audit(ctx, actor, store.Change{Action: "login.refused_locked", ObjectType: "person", ObjectID: p.ID, OrgID: firstGrantOrg(p)})
		return org.Person{}, lockedError(p.LockedUntil)
	}
	if p.Disabled {
		a.Store.Audit(ctx, actor, store.Change{Action: "login.refused_disabled", ObjectType: "person", ObjectID: p.ID, OrgID: firstGrantOrg(p)})
		return org.Person{}, errs.E(errs.Unauthorized, "账户已停用，请联系管理员")
	}
	ok, err := auth.CheckPassword(p.PasswordHash, password)
	if err != nil {
		return org.Person{}, err
	}
	if !ok {
		until, err := a.Store.LoginFailed(ctx, actor, p.ID, a.Cfg.LockAttempts, a.Cfg.LockDuration)
		if err != nil {
			return org.Person{}, err
		}
		if !until.IsZero() {
			return org.Person{}, lockedError(until)
		}
		return org.Person{}, errs.E(errs.Unauthorized, "登录名或密码错误")
	}
	if err := a.Store.LoginSucceeded(ctx, actor, p); err != nil {
		return org.Person{}, err
	}
	return p, nil
}

func firstGrantOrg(p org.Person) int64 {
	if len(p.Grants) == 0 {
		return 0
	}
	return p.Grants[0].OrgID
}

// Shanghai is China Standard Time; a fixed zone, so no tzdata is needed.
var Shanghai = time.FixedZone("CST", 8*3600)

func lockedError(until time.Time) error {
	return errs.E(errs.Unauthorized, "连续登录失败次数过多，账户已锁定，请于 %s 后再试", until.In(Shanghai).Format("2006-01-02 15:04"))
}

func dummyHash(p auth.Params) string {
	h, _ := auth.HashPassword("not a password", p)
	return h
}

// NewSession creates a session for a signed-in person and returns the cookie secret.
func (a *App) NewSession(ctx context.Context, p org.Person, ip, ua string) (string, error) {
	secret := auth.NewSecret("gks_")
	return secret, a.Store.CreateSession(ctx, auth.HashSecret(secret), p.ID, a.Cfg.SessionMaxAge, ip, ua)
}

// CreateToken makes an API token for a person and returns it; only its hash is stored.
func (a *App) CreateToken(ctx context.Context, by audit.Actor, personID int64, name string) (string, error) {
	tok := auth.NewSecret("gk_")
	return tok, a.Store.CreateToken(ctx, by, personID, auth.HashSecret(tok), name)
}
