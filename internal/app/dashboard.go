package app

import (
	"cmp"
	"context"
	"slices"

	"gongkai/internal/calendar"
	"gongkai/internal/campaign"
	"gongkai/internal/errs"
	"gongkai/internal/org"
)

// Dashboard is a campaign seen from one organisation: the grid of owners × obligations,
// the count per state, the late list and the on-time share per report period.
type Dashboard struct {
	Campaign campaign.Campaign
	Org      org.Org
	Filter   ObligationFilter
	Columns  []GridColumn
	Rows     []GridRow
	Counts   []StateCount
	Late     []ObligationRow // sorted by days late, most first
	Periods  []PeriodShare   // progress reports, in period order
	// Next: what the organisation itself owes next (open obligations, soonest first).
	Next []ObligationRow
	// Published: records published per unit and month over the last months of the campaign.
	Published PublishedTable
	// Cities and Phases offered as filters.
	Cities []org.Org
	Phases []string
}

// PublishedTable is the number of records each participating unit published per month.
type PublishedTable struct {
	Months []string // "2026-12"
	Rows   []PublishedRow
	Max    int
}

// PublishedRow is one unit's counts, one per month.
type PublishedRow struct {
	Unit   org.Org
	Counts []int
}

// publishedMonths is how many months the table covers at most.
const publishedMonths = 6

// GridColumn is one obligation key across owners.
type GridColumn struct {
	Key   string
	Title string
	Due   calendar.Date
}

// GridRow is one owner's obligations, one cell per column (nil where it owes nothing).
type GridRow struct {
	Owner org.Org
	Cells []*ObligationRow
}

// StateCount is how many obligations are in a state.
type StateCount struct {
	State campaign.State
	N     int
}

// PeriodShare is the on-time share of one report period: of the reports due by today,
// those filed by their due day.
type PeriodShare struct {
	Period  string
	Due     calendar.Date
	OnTime  int
	Total   int
	Percent int
}

// CampaignDashboard builds the dashboard of campaign id for organisation o (the province
// office sees every owner, a city its units and itself, a unit itself).
func (a *App) CampaignDashboard(ctx context.Context, p *Principal, o org.Org, id int64, f ObligationFilter) (Dashboard, error) {
	if err := p.Authorize(org.PermView, o); err != nil {
		return Dashboard{}, err
	}
	if o.ParentID != 0 {
		f.Within = o
	}
	c, rows, err := a.CampaignObligations(ctx, p, id, f)
	if err != nil {
		return Dashboard{}, err
	}
	ix, err := a.orgIndex(ctx)
	if err != nil {
		return Dashboard{}, err
	}
	d := Dashboard{Campaign: c, Org: o, Filter: f}
	cols := map[string]int{}
	owners := map[int64]int{}
	counts := map[campaign.State]int{}
	shares := map[string]*PeriodShare{}
	today := a.Today()
	for i := range rows {
		r := &rows[i]
		counts[r.State]++
		if _, ok := cols[r.Key]; !ok {
			cols[r.Key] = len(d.Columns)
			d.Columns = append(d.Columns, GridColumn{Key: r.Key, Title: r.Title, Due: r.Due})
		}
		if _, ok := owners[r.OrgID]; !ok {
			owners[r.OrgID] = len(d.Rows)
			d.Rows = append(d.Rows, GridRow{Owner: ix.byID[r.OrgID]})
		}
		if r.DaysLate > 0 {
			d.Late = append(d.Late, *r)
		}
		if r.Kind == campaign.KindProgress && !r.Due.After(today) {
			ps := shares[r.Key]
			if ps == nil {
				ps = &PeriodShare{Period: r.Period(), Due: r.Due}
				shares[r.Key] = ps
			}
			ps.Total++
			if r.Version > 0 && !r.SubmittedOn.After(r.Due) {
				ps.OnTime++
			}
		}
		if r.OrgID == o.ID && r.Version == 0 || r.OrgID == o.ID && r.State == campaign.StateReturned {
			if len(d.Next) < 10 {
				d.Next = append(d.Next, *r)
			}
		}
	}
	for i := range d.Rows {
		d.Rows[i].Cells = make([]*ObligationRow, len(d.Columns))
	}
	for i := range rows {
		d.Rows[owners[rows[i].OrgID]].Cells[cols[rows[i].Key]] = &rows[i]
	}
	slices.SortStableFunc(d.Rows, func(x, y GridRow) int { return cmp.Compare(x.Owner.Path, y.Owner.Path) })
	for _, st := range campaign.States {
		d.Counts = append(d.Counts, StateCount{State: st, N: counts[st]})
	}
	slices.SortStableFunc(d.Late, func(x, y ObligationRow) int { return cmp.Compare(y.DaysLate, x.DaysLate) })
	for _, ps := range shares {
		if ps.Total > 0 {
			ps.Percent = ps.OnTime * 100 / ps.Total
		}
		d.Periods = append(d.Periods, *ps)
	}
	slices.SortFunc(d.Periods, func(x, y PeriodShare) int { return x.Due.Compare(y.Due) })
	seen := map[int64]bool{}
	for _, u := range c.Units {
		if city := ix.byID[ix.cityOf(ix.byCode[u.Unit])]; city.ID != 0 && !seen[city.ID] && o.Contains(city) {
			seen[city.ID] = true
			d.Cities = append(d.Cities, city)
		}
	}
	for _, ph := range c.Phases {
		d.Phases = append(d.Phases, ph.Name)
	}
	if d.Published, err = a.publishedTable(ctx, ix, c, o, today); err != nil {
		return d, err
	}
	return d, nil
}

// publishedTable counts, for the campaign's units under o, the records published in each of
// the last months of the campaign up to today.
func (a *App) publishedTable(ctx context.Context, ix orgIndex, c campaign.Campaign, o org.Org, today calendar.Date) (PublishedTable, error) {
	var t PublishedTable
	end := today
	if !c.ReportsUntil.IsZero() && c.ReportsUntil.Before(end) {
		end = c.ReportsUntil
	}
	if end.Before(c.IssuedOn) {
		return t, nil
	}
	var units []org.Org
	for _, u := range c.Units {
		if x, ok := ix.byCode[u.Unit]; ok && o.Contains(x) {
			units = append(units, x)
		}
	}
	if len(units) == 0 {
		return t, nil
	}
	first := calendar.MustDate(end.Year(), end.Month(), 1)
	for range publishedMonths - 1 {
		prev := first.AddDays(-1)
		if prev.Before(calendar.MustDate(c.IssuedOn.Year(), c.IssuedOn.Month(), 1)) {
			break
		}
		first = calendar.MustDate(prev.Year(), prev.Month(), 1)
	}
	counts := map[int64][]int{}
	for m := first; !m.After(end); {
		next := m.AddDays(32)
		next = calendar.MustDate(next.Year(), next.Month(), 1)
		per, err := a.store.PublishedPerUnit(ctx, o.Path, m.Time(), next.Time())
		if err != nil {
			return t, err
		}
		t.Months = append(t.Months, m.String()[:7])
		for _, u := range units {
			counts[u.ID] = append(counts[u.ID], per[u.ID])
			t.Max = max(t.Max, per[u.ID])
		}
		m = next
	}
	for _, u := range units {
		t.Rows = append(t.Rows, PublishedRow{Unit: u, Counts: counts[u.ID]})
	}
	return t, nil
}

// LiaisonsPage lists the contacts of the units and cities under o. Mobile numbers show in
// full only to the supervisors above the contact's organisation (who receive its filings);
// everyone else sees them masked.
func (a *App) LiaisonsPage(ctx context.Context, p *Principal, o org.Org) ([]campaign.Liaison, error) {
	if err := p.Authorize(org.PermView, o); err != nil {
		return nil, err
	}
	ls, err := a.store.Liaisons(ctx, o.Path)
	if err != nil {
		return nil, err
	}
	ix, err := a.orgIndex(ctx)
	if err != nil {
		return nil, err
	}
	for i := range ls {
		own := ix.byID[ls[i].OrgID]
		parent := ix.byID[own.ParentID]
		if parent.ID == 0 || !p.Can(org.PermReceiveFiling, parent) {
			ls[i].Mobile = campaign.MaskMobile(ls[i].Mobile)
		}
	}
	return ls, nil
}

// RegisterLiaison registers a contact of o (a unit or a city) for the staff who file for
// it; an earlier registration of the same role stays as history.
func (a *App) RegisterLiaison(ctx context.Context, p *Principal, o org.Org, l campaign.Liaison) error {
	if err := p.Authorize(org.PermSubmitReport, o); err != nil {
		return err
	}
	if o.Kind != org.KindUnit && o.Kind != org.KindCity {
		return errs.Fields("联络员信息有误", errs.FieldError{Field: "org", Label: "单位", Message: "只有试点单位和设区市登记联络员"})
	}
	l.OrgID = o.ID
	_, err := a.store.AddLiaison(ctx, p.Actor(), l)
	return err
}
