package app

import (
	"context"
	"fmt"
	"strconv"

	"gongkai/internal/calendar"
	"gongkai/internal/catalog"
	"gongkai/internal/org"
	"gongkai/internal/record"
	"gongkai/internal/store"
	"gongkai/internal/timelimit"
)

func sameDayKey(unitID int64) string { return fmt.Sprintf("unit.%d.interpretation_same_day", unitID) }

// interpretationSameDay reports whether a unit requires interpretations to be published the
// same day as their policy (同步发布) rather than within 3 working days.
func (a *App) interpretationSameDay(ctx context.Context, unitID int64) bool {
	v, err := a.store.Setting(ctx, sameDayKey(unitID))
	return err == nil && v == "1"
}

// InterpretationSameDay is the unit's setting read for its settings page.
func (a *App) InterpretationSameDay(ctx context.Context, u org.Org) bool {
	return a.interpretationSameDay(ctx, u.ID)
}

// SetInterpretationSameDay sets whether the unit requires interpretations on the day of their
// policy (its administrator decides; audited under the unit).
func (a *App) SetInterpretationSameDay(ctx context.Context, p *Principal, u org.Org, same bool) error {
	if err := p.Authorize(org.PermManageOrgs, u); err != nil {
		return err
	}
	v := ""
	if same {
		v = "1"
	}
	return a.store.SetOrgSetting(ctx, p.Actor(), u.ID, sameDayKey(u.ID), v, "unit.interpretation_same_day", nil)
}

// InterpretationDays is the clock a unit's policies start for their interpretation: 0 (the
// same day) or record.InterpretationWorkingDays.
func (a *App) InterpretationDays(ctx context.Context, unitID int64) int {
	if a.interpretationSameDay(ctx, unitID) {
		return 0
	}
	return record.InterpretationWorkingDays
}

// publicationDuties adds to ch what a first publication records: the record's timeliness
// against its deadline, kept from then on, and for a policy document the clock of its
// interpretation.
func (a *App) publicationDuties(ctx context.Context, r record.Record, out record.Outcome, ch *store.RecordChange) error {
	if out.To != record.StatePublished || r.PublicRevision != 0 {
		return nil // not a first publication: an amendment keeps the original judgment
	}
	pub := calendar.DateOf(out.Record.PublishedAt)
	if out.Record.PublishedAt.IsZero() {
		pub = calendar.DateOf(a.Now())
	}
	if d := ch.Deadline; d != nil {
		t := record.Judge(calendar.Due{From: d.From, N: d.N, Unit: d.Unit, Date: d.Due, Provisional: d.Provisional}, d.From, d.N, d.Unit, pub)
		ch.Timeliness = &t
	}
	if r.Kind == record.KindPolicy {
		cal, _, err := a.Calendar(ctx)
		if err != nil {
			return err
		}
		n := a.InterpretationDays(ctx, r.UnitID)
		due := cal.AddWorkingDays(pub, n)
		ch.Clocks = append(ch.Clocks, store.Deadline{SubjectType: "interpretation", SubjectID: strconv.FormatInt(r.ID, 10),
			From: pub, N: n, Unit: calendar.WorkingDays, Due: due.Date, Provisional: due.Provisional})
	}
	return nil
}

// RecordTimeliness is the timeliness kept for a published record; ok false when none was
// kept (no single deadline, or published before it was kept).
func (a *App) RecordTimeliness(ctx context.Context, p *Principal, id int64) (record.Timeliness, bool) {
	if _, _, err := a.StaffRecord(ctx, p, id); err != nil {
		return record.Timeliness{}, false
	}
	t, err := a.store.RecordTimeliness(ctx, id)
	return t, err == nil
}

// PeriodGap is a period of a periodic entry for which nothing was published by its due day.
type PeriodGap struct {
	Unit   org.Org
	Domain string
	Entry  catalog.Entry
	Period timelimit.Period
}

// EntryGap is an entry of a unit's catalog in force under which nothing is published.
type EntryGap struct {
	Unit   org.Org
	Domain string
	Entry  catalog.Entry
}

// DutiesPage is what the overdue page of an organisation shows for its subtree: records due
// and not published, records published late (as judged at publication), policies whose
// interpretation is overdue, periods of periodic entries with nothing published, and entries
// with no published record at all.
type DutiesPage struct {
	Today           calendar.Date
	Overdue         []record.DueItem
	Late            []record.LateItem
	Interpretations []record.DueItem
	MissingPeriods  []PeriodGap
	NoRecords       []EntryGap
}

// Duties gathers the overdue page of organisation o (a unit, one of its bodies, or a
// supervising office over many units).
func (a *App) Duties(ctx context.Context, p *Principal, o org.Org) (DutiesPage, error) {
	pg := DutiesPage{Today: a.Today()}
	if err := p.Authorize(org.PermView, o); err != nil {
		return pg, err
	}
	due, err := a.store.DueDeadlines(ctx, o.Path, pg.Today.AddDays(-1))
	if err != nil {
		return pg, err
	}
	pg.Overdue = due
	if pg.Late, err = a.store.LateRecords(ctx, o.Path); err != nil {
		return pg, err
	}
	if pg.Interpretations, err = a.store.OverdueInterpretations(ctx, o.Path, pg.Today); err != nil {
		return pg, err
	}
	units, err := a.unitsUnder(ctx, o)
	if err != nil {
		return pg, err
	}
	for _, u := range units {
		gaps, none, err := a.catalogGaps(ctx, u, o)
		if err != nil {
			return pg, err
		}
		pg.MissingPeriods = append(pg.MissingPeriods, gaps...)
		pg.NoRecords = append(pg.NoRecords, none...)
	}
	return pg, nil
}

// unitsUnder lists the units whose catalogs o answers for: the units in its subtree, or the
// unit of a department or township.
func (a *App) unitsUnder(ctx context.Context, o org.Org) ([]org.Org, error) {
	if o.IsBody() {
		u, err := a.UnitOf(ctx, o)
		if err != nil {
			return nil, nil
		}
		return []org.Org{u}, nil
	}
	all, err := a.store.Orgs(ctx)
	if err != nil {
		return nil, err
	}
	var out []org.Org
	for _, x := range all {
		if x.Kind == org.KindUnit && o.Contains(x) {
			out = append(out, x)
		}
	}
	return out, nil
}

// catalogGaps finds, in the catalogs in force of unit u, the periods of periodic entries with
// nothing published and the proactive entries with no published record. Seen from a
// department or township (from), only the entries it is responsible for count.
func (a *App) catalogGaps(ctx context.Context, u, from org.Org) ([]PeriodGap, []EntryGap, error) {
	pubs, err := a.store.EntryPublications(ctx, u.ID)
	if err != nil {
		return nil, nil, err
	}
	cal, _, err := a.Calendar(ctx)
	if err != nil {
		return nil, nil, err
	}
	var gaps []PeriodGap
	var none []EntryGap
	for _, dom := range u.Domains {
		v, es, err := a.EffectiveCatalog(ctx, u, dom)
		if err != nil {
			continue // no catalog in force in this domain
		}
		since := calendar.DateOf(v.CreatedAt)
		if !v.EffectiveAt.IsZero() {
			since = calendar.DateOf(v.EffectiveAt)
		}
		rules := make([]timelimit.Rule, len(es))
		for i, e := range es {
			rules[i] = timelimit.Parse(e.TimeLimitText)
		}
		rules = timelimit.ResolveAll(rules)
		for i, e := range es {
			if e.NotPublic || !e.ModeProactive {
				continue
			}
			if from.IsBody() && e.ResponsibleOrgID != from.ID {
				continue
			}
			days := pubs[dom+"/"+e.Key]
			if len(days) == 0 {
				none = append(none, EntryGap{Unit: u, Domain: dom, Entry: e})
			}
			// Periods whose due day has passed: on the due day itself there is still time.
			periods := rules[i].Periods(cal, since, a.Today().AddDays(-1))
			for j, ok := range timelimit.Covered(periods, days) {
				if !ok {
					gaps = append(gaps, PeriodGap{Unit: u, Domain: dom, Entry: e, Period: periods[j]})
				}
			}
		}
	}
	return gaps, none, nil
}
