package app

import (
	"context"

	"gongkai/internal/calendar"
	"gongkai/internal/campaign"
	"gongkai/internal/errs"
	"gongkai/internal/org"
	"gongkai/internal/store"
)

// Public reads of the 试点工作专题 (/pilot/): only campaigns marked public, and of their
// filings only what the owner marked public and every recipient accepted, and the 典型经验
// the province office selected. Nothing pending, returned or private, and no contact.

// PublicCampaigns lists the public campaigns, newest first.
func (a *App) PublicCampaigns(ctx context.Context) ([]campaign.Campaign, error) {
	all, err := a.store.Campaigns(ctx)
	if err != nil {
		return nil, err
	}
	var out []campaign.Campaign
	for _, c := range all {
		if c.Public {
			out = append(out, c)
		}
	}
	return out, nil
}

// PilotPhase is a phase with its deliverables' due days.
type PilotPhase struct {
	Name         string
	Deliverables []PilotDeliverable
}

// PilotDeliverable is a deliverable with its resolved due day.
type PilotDeliverable struct {
	campaign.Deliverable
	DueOn calendar.Date
}

// PilotUnit is a participating unit as the special topic shows it.
type PilotUnit struct {
	Unit    org.Org
	Domains []org.Domain
	// Filings are its accepted public deliverables (工作方案, 工作总结), with the accepted
	// version's summary.
	Filings []PilotFiling
}

// PilotFiling is one accepted public deliverable.
type PilotFiling struct {
	Title   string
	Summary string
	On      calendar.Date
}

// PilotHighlight is a selected 典型经验.
type PilotHighlight struct {
	Unit       org.Org
	Period     string
	Experience string
}

// PilotPage is the special topic of one campaign.
type PilotPage struct {
	Campaign   campaign.Campaign
	Phases     []PilotPhase
	Units      []PilotUnit
	Highlights []PilotHighlight
}

// PublicCampaign returns the special topic of a public campaign; others are not found.
func (a *App) PublicCampaign(ctx context.Context, id int64) (PilotPage, error) {
	c, err := a.store.Campaign(ctx, id)
	if err != nil || !c.Public {
		return PilotPage{}, errs.E(errs.NotFound, "试点工作专题不存在")
	}
	cal, _, err := a.Calendar(ctx)
	if err != nil {
		return PilotPage{}, err
	}
	ix, err := a.orgIndex(ctx)
	if err != nil {
		return PilotPage{}, err
	}
	pg := PilotPage{Campaign: c}
	for _, ph := range c.Phases {
		pp := PilotPhase{Name: ph.Name}
		for _, d := range ph.Deliverables {
			pp.Deliverables = append(pp.Deliverables, PilotDeliverable{Deliverable: d, DueOn: d.Due.Resolve(cal, c.IssuedOn)})
		}
		pg.Phases = append(pg.Phases, pp)
	}
	obs, err := a.store.Obligations(ctx, store.ObligationQuery{CampaignID: id})
	if err != nil {
		return pg, err
	}
	filings := map[int64][]PilotFiling{}
	for _, o := range obs {
		if !o.Public || o.Status != campaign.StatusAccepted || (o.Kind != campaign.KindWorkPlan && o.Kind != campaign.KindSummary) {
			continue
		}
		subs, err := a.store.Submissions(ctx, o.ID)
		if err != nil {
			return pg, err
		}
		if len(subs) == 0 || !subs[0].Public {
			continue
		}
		filings[o.OrgID] = append(filings[o.OrgID], PilotFiling{Title: o.Title, Summary: subs[0].Summary, On: calendar.DateOf(subs[0].At)})
	}
	for _, u := range c.Units {
		o, ok := ix.byCode[u.Unit]
		if !ok {
			continue
		}
		doms, err := a.DomainsOf(ctx, u.Domains)
		if err != nil {
			return pg, err
		}
		pg.Units = append(pg.Units, PilotUnit{Unit: o, Domains: doms, Filings: filings[o.ID]})
	}
	hs, err := a.store.Highlights(ctx, id)
	if err != nil {
		return pg, err
	}
	byID := map[int64]campaign.Obligation{}
	for _, o := range obs {
		byID[o.ID] = o
	}
	for _, h := range hs {
		o := byID[h.ObligationID]
		pg.Highlights = append(pg.Highlights, PilotHighlight{Unit: ix.byID[o.OrgID], Period: o.Title, Experience: h.Experience})
	}
	return pg, nil
}
