package app

import (
	"context"
	"sync"
	"time"

	"gongkai/internal/calendar"
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
	return a.store.ImportCalendarYear(ctx, p.Actor(), file, data)
}

// AddClosure registers a local closure day.
func (a *App) AddClosure(ctx context.Context, p *Principal, root org.Org, c calendar.Closure) (calendar.Outcome, error) {
	if err := p.Authorize(org.PermManageCalendar, root); err != nil {
		return calendar.Outcome{}, err
	}
	defer a.invalidateCalendar()
	return a.store.AddClosure(ctx, p.Actor(), c)
}

// RemoveClosure removes a local closure day.
func (a *App) RemoveClosure(ctx context.Context, p *Principal, root org.Org, d calendar.Date) (calendar.Outcome, error) {
	if err := p.Authorize(org.PermManageCalendar, root); err != nil {
		return calendar.Outcome{}, err
	}
	defer a.invalidateCalendar()
	return a.store.RemoveClosure(ctx, p.Actor(), d)
}
