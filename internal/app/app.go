// Package app is where permissions and rules are enforced before data changes: the web
// pages, the JSON API and the command line all act through it, so a rule cannot be
// skipped by choosing another door.
package app

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"gongkai/internal/audit"
	"gongkai/internal/auth"
	"gongkai/internal/config"
	"gongkai/internal/errs"
	"gongkai/internal/org"
	"gongkai/internal/store"
)

// App bundles what the use cases need. The store is unexported: the web pages, the API,
// the static export and the command line read and change data only through App's methods.
type App struct {
	store *store.Store
	Cfg   config.Config
	Log   *slog.Logger
	// Clock is the time for every rule and every stored timestamp; the store reads it too.
	// Tests that travel in time replace it.
	Clock func() time.Time
	// Hash are the argon2id parameters for new password hashes.
	Hash auth.Params

	cal calCache

	dummyMu sync.Mutex
	dummies map[auth.Params]string
}

// New builds an App on an open store; the store's clock becomes App.Clock.
func New(s *store.Store, cfg config.Config, log *slog.Logger) *App {
	a := &App{store: s, Cfg: cfg, Log: log, Hash: auth.DefaultParams, Clock: time.Now}
	s.Now = func() time.Time { return a.Clock() }
	return a
}

// Now is the application's clock.
func (a *App) Now() time.Time { return a.Clock() }

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

// ThrottleError refuses a sign-in because too many failed ones came from the same client
// address recently; the web layer answers 429 with Retry-After.
type ThrottleError struct{ Until time.Time }

func (e *ThrottleError) Error() string {
	return "来自您所在网络地址的登录失败次数过多，请于 " + e.Until.In(Shanghai).Format("2006-01-02 15:04") + " 后再试"
}

// maxLoginLen bounds what is looked up or stored for a login name (valid ones are shorter).
const maxLoginLen = 200

// SignIn checks a password; every attempt is audited. It costs one password hash
// computation whether or not the login exists, and locks unknown logins exactly like real
// ones, so neither time nor answers tell which accounts exist. Attempts are counted before
// the password is checked (see store.ReserveSignIn), per account and per client address
// (Cfg.ClientAttempts failures per Cfg.LockDuration; a *ThrottleError beyond). A login that
// is not valid text is an Invalid error; the error of a locked account says when it ends.
func (a *App) SignIn(ctx context.Context, login, password, ip string) (org.Person, error) {
	login = strings.TrimSpace(login)
	if !utf8.ValidString(login) || len(login) > maxLoginLen || strings.ContainsFunc(login, unicode.IsControl) {
		return org.Person{}, errs.Fields("登录名无效", errs.FieldError{Field: "login", Label: "登录名", Message: "含有无效字符或过长"})
	}
	ip = strings.ReplaceAll(strings.ToValidUTF8(ip, "?"), "\x00", "")
	actor := audit.Actor{Login: login, IP: ip}
	ok, retry, err := a.store.ClientAttempt(ctx, ip, a.Cfg.ClientAttempts, a.Cfg.LockDuration)
	if err != nil {
		return org.Person{}, err
	}
	if !ok {
		a.store.Audit(ctx, actor, store.Change{Action: "login.refused_client", ObjectType: "client", ObjectID: ip, Detail: map[string]any{"until": retry}})
		return org.Person{}, &ThrottleError{Until: retry}
	}
	p, err := a.store.PersonByLogin(ctx, login)
	known := err == nil
	if err != nil && !errs.Is(err, errs.NotFound) {
		return org.Person{}, err
	}
	var slot store.Slot
	if known {
		actor.PersonID = p.ID
		slot, err = a.store.ReserveSignIn(ctx, p.ID, a.Cfg.LockAttempts, a.Cfg.LockDuration)
	} else {
		slot, err = a.store.ReserveUnknownSignIn(ctx, login, a.Cfg.LockAttempts, a.Cfg.LockDuration)
	}
	if err != nil {
		return org.Person{}, err
	}
	if slot.Refused {
		if known {
			a.store.Audit(ctx, actor, store.Change{Action: "login.refused_locked", ObjectType: "person", ObjectID: p.ID, OrgID: firstGrantOrg(p)})
		} else {
			a.store.Audit(ctx, actor, store.Change{Action: "login.unknown", ObjectType: "person", ObjectID: login, Detail: map[string]any{"refused_locked": true}})
		}
		return org.Person{}, lockedError(slot.LockedUntil)
	}
	// Exactly one hash computation on every path: a person without a password (waiting for
	// their setup link) and an unknown login are checked against a dummy hash.
	hash := p.PasswordHash
	if !known || hash == "" {
		hash = a.dummyHash()
	}
	right, err := auth.CheckPassword(hash, password)
	if err != nil {
		return org.Person{}, err
	}
	right = right && known && p.PasswordHash != ""
	if !right {
		if known {
			err = a.store.LoginFailed(ctx, actor, p, slot)
		} else {
			err = a.store.Audit(ctx, actor, store.Change{Action: "login.unknown", ObjectType: "person", ObjectID: login, Detail: map[string]any{"attempt": slot.Attempt}})
		}
		if err != nil {
			return org.Person{}, err
		}
		if !slot.LockedUntil.IsZero() {
			return org.Person{}, lockedError(slot.LockedUntil)
		}
		return org.Person{}, errs.E(errs.Unauthorized, "登录名或密码错误")
	}
	// Said only to whoever knows the password.
	if p.Disabled {
		a.store.Audit(ctx, actor, store.Change{Action: "login.refused_disabled", ObjectType: "person", ObjectID: p.ID, OrgID: firstGrantOrg(p)})
		return org.Person{}, errs.E(errs.Unauthorized, "账户已停用，请联系管理员")
	}
	if err := a.store.LoginSucceeded(ctx, actor, p); err != nil {
		return org.Person{}, err
	}
	if err := a.store.ClientRefund(ctx, ip); err != nil {
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

// dummyHash is a hash of nothing anybody types, made once per parameter set, against which
// sign-ins without a real hash are checked so that they cost the same time.
func (a *App) dummyHash() string {
	a.dummyMu.Lock()
	defer a.dummyMu.Unlock()
	if h, ok := a.dummies[a.Hash]; ok {
		return h
	}
	h, err := auth.HashPassword(auth.NewSecret("dummy_"), a.Hash)
	if err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	if a.dummies == nil {
		a.dummies = map[auth.Params]string{}
	}
	a.dummies[a.Hash] = h
	return h
}

// NewSession creates a session for a signed-in person and returns the cookie secret.
func (a *App) NewSession(ctx context.Context, p org.Person, ip, ua string) (string, error) {
	secret := auth.NewSecret("gks_")
	return secret, a.store.CreateSession(ctx, auth.HashSecret(secret), p.ID, a.Cfg.SessionMaxAge, ip, ua)
}

// DefaultTokenDays is how long an API token is valid unless its creator says otherwise.
const DefaultTokenDays = 90

// CreateToken makes an API token for a person, valid for days days, and returns it; only its
// hash is stored.
func (a *App) CreateToken(ctx context.Context, by audit.Actor, personID int64, name string, days int) (string, auth.Token, error) {
	if days <= 0 || days > 3660 {
		return "", auth.Token{}, errs.Fields("令牌有效期有误", errs.FieldError{Field: "days", Label: "有效天数", Message: "须为1至3660的整数"})
	}
	tok := auth.NewSecret("gk_")
	t, err := a.store.CreateToken(ctx, by, personID, auth.HashSecret(tok), name, a.Now().Add(time.Duration(days)*24*time.Hour))
	return tok, t, err
}
