package app

import (
	"cmp"
	"context"
	"fmt"
	"strings"

	"gongkai/internal/calendar"
	"gongkai/internal/campaign"
	"gongkai/internal/errs"
	"gongkai/internal/inspection"
	"gongkai/internal/org"
	"gongkai/internal/record"
	"gongkai/internal/store"
)

// The notice (通报) on a closed inspection round (issue 10, point 4) is published as a record
// of the office that ran the round (kind record.KindInspectionNotice, under no catalog entry,
// like the records of the 专栏): drafted from the round, edited like any draft, reviewed for
// confidentiality and approved by the office's staff, then public like every record. Its
// first publication creates, in the same transaction and once, the rectification reports
// (整改报告) the units named in it owe the office, as a campaign of their own
// (campaign.Rectification) so that they are filed and receipted like any deliverable.

// NoticeInput is what the office gives to start the notice record of a round.
type NoticeInput struct {
	Days     int    // working days for rectification, counted from publication
	Title    string // "" takes the draft's
	BodyHTML string // "" takes the draft's (the ranking, outstanding units, problems, requirement)
}

// CreateNoticeRecord starts the record that publishes the notice on closed round id: a draft
// of the office that ran the round, with the notice drafted from the round as its body. Only
// the office's own staff may (record.Decide: supervisors granted at the office). A round has
// one notice: when its record exists already it is returned unchanged with existing set.
func (a *App) CreateNoticeRecord(ctx context.Context, p *Principal, id int64, in NoticeInput) (rec record.Record, existing bool, err error) {
	if p == nil {
		return rec, false, errs.E(errs.Unauthorized, "请先登录")
	}
	pg, err := a.Round(ctx, p, id)
	if err != nil {
		return rec, false, err
	}
	if err := p.Authorize(org.PermManageInspection, pg.Owner); err != nil {
		return rec, false, err
	}
	if n, err := a.store.InspectionNotice(ctx, id); err == nil {
		r, err := a.CurrentRevision(ctx, n.RecordID)
		return r, true, err
	} else if !errs.Is(err, errs.NotFound) {
		return rec, false, err
	}
	draft, err := a.NoticeDraft(ctx, p, id, in.Days) // the round is closed, the days in range
	if err != nil {
		return rec, false, err
	}
	office := pg.Owner
	body := strings.TrimSpace(in.BodyHTML)
	if body == "" {
		body = draft.BodyHTML(office.Official())
	}
	r := record.Record{UnitID: office.ID, Kind: record.KindInspectionNotice, IssuerOrgID: office.ID}
	today := a.Today()
	ri := RecordInput{Kind: record.KindInspectionNotice, Title: cmp.Or(strings.TrimSpace(in.Title), draft.Title), BodyHTML: body, Openness: record.OpenProactive}
	if fe := ri.apply(&r, today); len(fe) > 0 {
		return r, false, errs.Fields("通报填写有误", fe...)
	}
	r.Kind, r.PolicyID, r.Repeals = record.KindInspectionNotice, 0, nil
	r.Subject, r.Issuer, r.WrittenOn, r.FormedOn = columnSubject, office.Official(), today, today
	out, err := record.Decide(r, record.Action{Kind: record.ActionCreate}, staffActor(p, office, office), record.Policy{}, a.Now())
	if err != nil {
		return r, false, err
	}
	r = out.Record
	scan(&r, nil)
	ch, err := a.change(ctx, r, office)
	if err != nil {
		return r, false, err
	}
	n := inspection.NoticeRecord{RoundID: id, Days: in.Days, Units: inspection.NamedForRectification(pg.Scores)}
	rec, err = a.store.CreateInspectionNotice(ctx, p.Actor(), r, office.ID, ch, n)
	return rec, false, err
}

// rectification, at the first publication of an inspection notice, prepares the campaign of
// the rectification reports it orders: one per unit named, due Days working days after the
// publication day on the official calendar, received by the issuing office. The store
// creates it in the publication's transaction, once (store.applyRectification).
func (a *App) rectification(ctx context.Context, r record.Record, out record.Outcome, ch *store.RecordChange) error {
	if r.Kind != record.KindInspectionNotice || out.To != record.StatePublished || r.PublicRevision != 0 {
		return nil
	}
	n, err := a.store.InspectionNoticeOf(ctx, r.ID)
	if err != nil {
		return err
	}
	if n.CampaignID != 0 || len(n.Units) == 0 {
		return nil
	}
	pub := calendar.DateOf(out.Record.PublishedAt)
	if out.Record.PublishedAt.IsZero() {
		pub = calendar.DateOf(a.Now())
	}
	cal, _, err := a.Calendar(ctx)
	if err != nil {
		return err
	}
	ix, err := a.orgIndex(ctx)
	if err != nil {
		return err
	}
	office := ix.byID[r.UnitID]
	c := campaign.Campaign{Name: fmt.Sprintf("《%s》整改", out.Record.Title), IssuedOn: pub, DocLink: fmt.Sprintf("/%s/records/%d", office.Code, r.ID),
		Rectification: &campaign.Rectification{NoticeID: r.ID, RoundID: n.RoundID, Office: office.ID, Days: n.Days, Published: pub,
			Due: cal.AddWorkingDays(pub, n.Days).Date}}
	for _, id := range n.Units {
		if u, ok := ix.byID[id]; ok {
			c.Units = append(c.Units, campaign.Participant{Unit: u.Code, Domains: u.Domains})
		}
	}
	sys := &Principal{Person: org.Person{Grants: []org.Grant{{OrgID: ix.root.ID, OrgPath: ix.root.Path, Role: org.RoleSupervisor}}}}
	ps, ids, err := a.resolve(ctx, ix, sys, c)
	if err != nil {
		return err
	}
	ch.Rectification, ch.RectificationUnits, ch.RectificationObligations = &c, ids, campaign.Generate(c, cal, ps)
	return nil
}

// RoundNotice is the notice record of a round as the round's page shows it.
type RoundNotice struct {
	inspection.NoticeRecord
	Row    record.Row
	Office org.Org
	// Due is the rectification reports' due day once the notice is published.
	Due calendar.Date
	// Reports are the rectification reports the caller may see: every unit's for the
	// office, its own for a unit.
	Reports []ObligationRow
}

// RoundNotice returns the notice record of round id, ok false when none was started.
func (a *App) RoundNotice(ctx context.Context, p *Principal, id int64) (rn RoundNotice, ok bool, err error) {
	_, owner, _, _, err := a.roundView(ctx, p, id)
	if err != nil {
		return rn, false, err
	}
	n, err := a.store.InspectionNotice(ctx, id)
	if errs.Is(err, errs.NotFound) {
		return rn, false, nil
	}
	if err != nil {
		return rn, false, err
	}
	rn = RoundNotice{NoticeRecord: n, Office: owner}
	if rn.Row, err = a.store.RecordRowByID(ctx, n.RecordID); err != nil {
		return rn, false, err
	}
	if n.CampaignID != 0 {
		c, err := a.store.Campaign(ctx, n.CampaignID)
		if err != nil {
			return rn, false, err
		}
		cal, _, err := a.Calendar(ctx)
		if err != nil {
			return rn, false, err
		}
		if c.Rectification != nil {
			rn.Due = cal.AddWorkingDays(c.Rectification.Published, c.Rectification.Days).Date
		}
		if _, rn.Reports, err = a.CampaignObligations(ctx, p, n.CampaignID, ObligationFilter{}); err != nil {
			return rn, false, err
		}
	}
	return rn, true, nil
}

// PublicInspectionNotices lists the published inspection notices of every office, newest
// first (public).
func (a *App) PublicInspectionNotices(ctx context.Context, limit int) ([]record.Item, error) {
	return a.store.PublishedInspectionNotices(ctx, limit)
}

// Publisher returns the organisation with the given code when it publishes records: a pilot
// unit, or a supervising office (the province office, a city), whose inspection notices are
// records. Anything else is NotFound.
func (a *App) Publisher(ctx context.Context, code string) (org.Org, error) {
	u, err := a.store.OrgByCode(ctx, code)
	if err == nil && u.Kind != org.KindUnit && u.Kind != org.KindProvince && u.Kind != org.KindCity {
		err = errs.E(errs.NotFound, "没有代码为“%s”的单位", code)
	}
	return u, err
}
