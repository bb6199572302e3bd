package app

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"gongkai/internal/audit"
	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/config"
	"gongkai/internal/org"
	"gongkai/internal/store"
)

// What the command line does as the operator of an instance: open the database, migrate it,
// back it up, verify the audit chain, housekeeping. The operator has the database itself,
// so these take no principal; they are audited as the system where they change data.

// ErrSchemaOlder says that the database's schema is older than this program: migrate it.
var ErrSchemaOlder = store.ErrSchemaOlder

// CheckDSN checks a database address and tells which database it names.
func CheckDSN(dsn string) (kind string, err error) {
	kind, _, err = store.ParseDSN(dsn)
	return kind, err
}

// Open opens the database named by cfg.DB and builds the App on it. With migrate, the
// schema is brought up to date; without, a schema other than this program's is refused
// (ErrSchemaOlder when it is older).
func Open(ctx context.Context, cfg config.Config, log *slog.Logger, migrate bool) (*App, error) {
	s, err := store.Open(ctx, cfg.DB)
	if err != nil {
		return nil, err
	}
	if migrate {
		if _, err := s.Migrate(ctx); err != nil {
			s.Close()
			return nil, fmt.Errorf("数据库升级失败：%w", err)
		}
	} else if err := s.CheckSchema(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return New(s, cfg, log), nil
}

// Close closes the database.
func (a *App) Close() error { return a.store.Close() }

// DatabaseKind names the database: "sqlite" or "postgres".
func (a *App) DatabaseKind() string { return a.store.Kind() }

// SchemaVersion is the schema version this program knows (and the database has once open).
func (a *App) SchemaVersion() int { return a.store.KnownVersion() }

// Backup writes a consistent copy of a SQLite database to path.
func (a *App) Backup(ctx context.Context, path string) error { return a.store.Backup(ctx, path) }

// VerifyAudit checks the hash chain of the whole audit log.
func (a *App) VerifyAudit(ctx context.Context) (*audit.Verifier, error) {
	return a.store.VerifyAudit(ctx)
}

// PersonByLogin finds a person for the operator (e.g. to make them an API token).
func (a *App) PersonByLogin(ctx context.Context, login string) (org.Person, error) {
	return a.store.PersonByLogin(ctx, login)
}

// Tokens lists a person's API tokens for the operator.
func (a *App) Tokens(ctx context.Context, personID int64) ([]auth.Token, error) {
	return a.store.Tokens(ctx, personID)
}

// Token returns an API token for the operator.
func (a *App) Token(ctx context.Context, id int64) (auth.Token, error) { return a.store.Token(ctx, id) }

// RevokeTokenAs revokes an API token for the operator, audited as by.
func (a *App) RevokeTokenAs(ctx context.Context, by audit.Actor, id int64) error {
	return a.store.RevokeToken(ctx, by, id)
}

// CalendarBasis reads the calendar in force from the database, uncached.
func (a *App) CalendarBasis(ctx context.Context) (calendar.Basis, error) {
	return a.store.CalendarSource(ctx)
}

// ImportCalendarYearAs adds or replaces a year of the official calendar for the operator.
func (a *App) ImportCalendarYearAs(ctx context.Context, by audit.Actor, file string, data []byte) (calendar.Year, calendar.Outcome, error) {
	defer a.invalidateCalendar()
	y, ch, err := a.store.ImportCalendarYear(ctx, by, file, data)
	if err == nil {
		a.recomputeCampaignDues(ctx, by)
	}
	return y, ch, err
}

// Housekeep refreshes SQLite's planner statistics, re-indexes the documents whose force
// (现行有效) changed, and purges expired sign-in counters and sessions; the server runs it
// hourly. Failures are logged, not returned.
func (a *App) Housekeep(ctx context.Context) {
	if err := a.store.RefreshPlannerStats(ctx); err != nil {
		a.Log.Warn("planner statistics", "err", err)
	}
	if n, err := a.RefreshInForce(ctx); err != nil {
		a.Log.Warn("search in force", "err", err)
	} else if n > 0 {
		a.Log.Info("search in force refreshed", "records", n)
	}
	if err := a.store.PurgeSignInCounters(ctx, a.Cfg.LockDuration); err != nil {
		a.Log.Warn("purge sign-in counters", "err", err)
	}
	if n, err := a.store.PurgeSessions(ctx, a.Cfg.SessionIdle); err != nil {
		a.Log.Warn("purge sessions", "err", err)
	} else if n > 0 {
		a.Log.Info("purged sessions", "count", n)
	}
	if _, err := a.RemindRequests(ctx); err != nil {
		a.Log.Warn("request reminders", "err", err)
	}
}

// RunHousekeeping runs Housekeep every interval until ctx ends.
func (a *App) RunHousekeeping(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			a.Housekeep(ctx)
		}
	}
}
