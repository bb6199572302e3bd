package app

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"gongkai/internal/audit"
	"gongkai/internal/calendar"
	"gongkai/internal/campaign"
	"gongkai/internal/org"
)

// calCache keeps the built calendar. Another instance may change the calendar: the cache
// compares the store's calendar version at most every few seconds and rebuilds on a change.
type calCache struct {
	mu      sync.Mutex
	version string
	checked time.Time
	cal     *calendar.Calendar
	src     calendar.Basis
}

const calCheckEvery = 5 * time.Second

// Calendar returns the working-day calendar in force.
func (a *App) Calendar(ctx context.Context) (*calendar.Calendar, calendar.Basis, error) {
	c := &a.cal
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cal != nil && time.Since(c.checked) < calCheckEvery {
		return c.cal, c.src, nil
	}
	v, err := a.store.CalendarVersion(ctx)
	if err != nil {
		return nil, c.src, err
	}
	if c.cal == nil || v != c.version {
		src, err := a.store.CalendarSource(ctx)
		if err != nil {
			return nil, c.src, err
		}
		cal, err := src.Build()
		if err != nil {
			return nil, c.src, err
		}
		c.cal, c.src, c.version = cal, src, v
	}
	c.checked = time.Now()
	return c.cal, c.src, nil
}

func (a *App) invalidateCalendar() {
	a.cal.mu.Lock()
	a.cal.cal = nil
	a.cal.mu.Unlock()
}

// ImportCalendarYear adds or replaces a year of the official calendar.
func (a *App) ImportCalendarYear(ctx context.Context, p *Principal, root org.Org, file string, data []byte) (calendar.Year, calendar.Outcome, error) {
	if err := p.Authorize(org.PermManageCalendar, root); err != nil {
		return calendar.Year{}, calendar.Outcome{}, err
	}
	defer a.invalidateCalendar()
	y, ch, err := a.store.ImportCalendarYear(ctx, p.Actor(), file, data)
	if err == nil {
		a.recomputeCampaignDues(ctx, p.Actor())
	}
	return y, ch, err
}

// AddClosure registers a local closure day.
func (a *App) AddClosure(ctx context.Context, p *Principal, root org.Org, c calendar.Closure) (calendar.Outcome, error) {
	if err := p.Authorize(org.PermManageCalendar, root); err != nil {
		return calendar.Outcome{}, err
	}
	defer a.invalidateCalendar()
	ch, err := a.store.AddClosure(ctx, p.Actor(), c)
	if err == nil {
		a.recomputeCampaignDues(ctx, p.Actor())
	}
	return ch, err
}

// RemoveClosure removes a local closure day.
func (a *App) RemoveClosure(ctx context.Context, p *Principal, root org.Org, d calendar.Date) (calendar.Outcome, error) {
	if err := p.Authorize(org.PermManageCalendar, root); err != nil {
		return calendar.Outcome{}, err
	}
	defer a.invalidateCalendar()
	ch, err := a.store.RemoveClosure(ctx, p.Actor(), d)
	if err == nil {
		a.recomputeCampaignDues(ctx, p.Actor())
	}
	return ch, err
}

// recomputeCampaignDues runs right after a change of the calendar (whose transaction
// recomputed the stored record deadlines): every campaign's obligations are generated
// again on the new calendar, so that working-day due rules, the due days of report periods
// and of the liaison registration move with it. As on an edit of the campaign, obligations
// already submitted or past their due day stay as they are (store.RegenerateObligations).
// The calendar change has been committed: a failure here is logged, and the next change of
// the calendar or of the campaign brings the obligations in line.
func (a *App) recomputeCampaignDues(ctx context.Context, by audit.Actor) {
	a.invalidateCalendar()
	if err := a.regenerateAll(ctx, by); err != nil {
		a.Log.Error("campaign due days after a calendar change", "err", err)
	}
}

func (a *App) regenerateAll(ctx context.Context, by audit.Actor) error {
	cal, _, err := a.Calendar(ctx)
	if err != nil {
		return err
	}
	ix, err := a.orgIndex(ctx)
	if err != nil {
		return err
	}
	cs, err := a.store.Campaigns(ctx)
	if err != nil {
		return err
	}
	sys := &Principal{Person: org.Person{Grants: []org.Grant{{OrgID: ix.root.ID, OrgPath: ix.root.Path, Role: org.RoleSupervisor}}}}
	var failed []error
	for _, c := range cs {
		ps, _, err := a.resolve(ctx, ix, sys, c)
		if err == nil {
			err = a.store.RegenerateObligations(ctx, by, c.ID, campaign.Generate(c, cal, ps), a.Today(), "calendar")
		}
		if err != nil {
			failed = append(failed, fmt.Errorf("campaign %d: %w", c.ID, err))
		}
	}
	return errors.Join(failed...)
}
