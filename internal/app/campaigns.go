package app

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"gongkai/internal/attach"
	"gongkai/internal/audit"
	"gongkai/internal/calendar"
	"gongkai/internal/campaign"
	"gongkai/internal/errs"
	"gongkai/internal/notify"
	"gongkai/internal/org"
	"gongkai/internal/store"
)

// orgIndex is the organisation tree by id and code.
type orgIndex struct {
	all    []org.Org
	byID   map[int64]org.Org
	byCode map[string]org.Org
	root   org.Org
}

func (a *App) orgIndex(ctx context.Context) (orgIndex, error) {
	all, err := a.store.Orgs(ctx)
	if err != nil {
		return orgIndex{}, err
	}
	ix := orgIndex{all: all, byID: map[int64]org.Org{}, byCode: map[string]org.Org{}}
	for _, o := range all {
		ix.byID[o.ID], ix.byCode[o.Code] = o, o
		if o.ParentID == 0 {
			ix.root = o
		}
	}
	return ix, nil
}

// cityOf is the city above a unit, or 0.
func (ix orgIndex) cityOf(u org.Org) int64 {
	for p := ix.byID[u.ParentID]; p.ID != 0; p = ix.byID[p.ParentID] {
		if p.Kind == org.KindCity {
			return p.ID
		}
	}
	return 0
}

// resolve checks the participating units and their domains against the tree and the domain
// list, and gathers the parties the obligations are generated for. Errors name the row.
func (a *App) resolve(ctx context.Context, ix orgIndex, p *Principal, c campaign.Campaign) (campaign.Parties, []int64, error) {
	doms, err := a.store.Domains(ctx)
	if err != nil {
		return campaign.Parties{}, nil, err
	}
	known := map[string]bool{}
	for _, d := range doms {
		known[d.Code] = true
	}
	ps := campaign.Parties{Province: party(ix.root, 0, nil)}
	var ids []int64
	var fe []errs.FieldError
	cities := map[int64]bool{}
	for i, u := range c.Units {
		o, ok := ix.byCode[u.Unit]
		switch {
		case !ok || o.Kind != org.KindUnit:
			fe = append(fe, errs.FieldError{Field: fmt.Sprintf("units[%d].unit", i), Label: "试点单位", Message: fmt.Sprintf("没有代码为“%s”的试点单位", u.Unit)})
			continue
		case !p.Can(org.PermView, o):
			fe = append(fe, errs.FieldError{Field: fmt.Sprintf("units[%d].unit", i), Label: "试点单位", Message: fmt.Sprintf("“%s”不在您的管辖范围内", o.Name)})
			continue
		}
		for _, d := range u.Domains {
			if !known[d] {
				fe = append(fe, errs.FieldError{Field: fmt.Sprintf("units[%d].domains", i), Label: "试点内容", Message: fmt.Sprintf("领域代码“%s”不存在", d)})
			}
		}
		city := ix.cityOf(o)
		ps.Units = append(ps.Units, party(o, city, u.Domains))
		ids = append(ids, o.ID)
		if city != 0 && !cities[city] {
			cities[city] = true
			ps.Cities = append(ps.Cities, party(ix.byID[city], 0, nil))
		}
	}
	if len(fe) > 0 {
		return ps, nil, errs.Fields("试点单位或试点内容有误", fe...)
	}
	slices.SortFunc(ps.Cities, func(x, y campaign.Party) int { return cmp.Compare(ix.byID[x.ID].Path, ix.byID[y.ID].Path) })
	for _, o := range ix.all {
		if o.Kind == org.KindProvinceDept {
			ps.Departments = append(ps.Departments, party(o, 0, o.Domains))
		}
	}
	return ps, ids, nil
}

func party(o org.Org, city int64, domains []string) campaign.Party {
	return campaign.Party{ID: o.ID, Code: o.Code, Name: o.Name, CityID: city, Domains: domains}
}

// SaveCampaign creates (c.ID 0) or changes a campaign and generates its obligations; only
// the province office may. A change regenerates future obligations and keeps every
// submission (store.SaveCampaign).
func (a *App) SaveCampaign(ctx context.Context, p *Principal, c campaign.Campaign) (int64, error) {
	return a.saveCampaign(ctx, p, p.Actor(), c, false)
}

func (a *App) saveCampaign(ctx context.Context, p *Principal, by audit.Actor, c campaign.Campaign, sample bool) (int64, error) {
	ix, err := a.orgIndex(ctx)
	if err != nil {
		return 0, err
	}
	if p != nil {
		if err := p.Authorize(org.PermManageCampaign, ix.root); err != nil {
			return 0, err
		}
	}
	c.Name, c.DocNo = strings.TrimSpace(c.Name), strings.TrimSpace(c.DocNo)
	if err := c.Validate(); err != nil {
		return 0, err
	}
	if p == nil {
		p = &Principal{Person: org.Person{Grants: []org.Grant{{OrgID: ix.root.ID, OrgPath: ix.root.Path, Role: org.RoleSupervisor}}}}
	}
	ps, ids, err := a.resolve(ctx, ix, p, c)
	if err != nil {
		return 0, err
	}
	cal, _, err := a.Calendar(ctx)
	if err != nil {
		return 0, err
	}
	if c.ID != 0 {
		old, err := a.store.Campaign(ctx, c.ID)
		if err != nil {
			return 0, err
		}
		if old.Rectification != nil {
			return 0, errs.E(errs.Conflict, "整改事项随检查通报发布时生成，不能修改")
		}
	}
	obs := campaign.Generate(c, cal, ps)
	return a.store.SaveCampaign(ctx, by, c, ids, obs, a.Today(), sample)
}

// SeedCampaign stores a campaign of the sample dataset (no principal: the demo acts as the
// system, like a migration).
func (a *App) SeedCampaign(ctx context.Context, c campaign.Campaign) (int64, error) {
	return a.saveCampaign(ctx, nil, audit.System("demo"), c, true)
}

// scope is what a principal may see of campaigns.
type scope struct {
	p  *Principal
	ix orgIndex
	// deptDomains: domains of the provincial departments the principal guides.
	deptDomains map[string]bool
}

func (a *App) scopeOf(ctx context.Context, p *Principal) (scope, error) {
	if p == nil {
		return scope{}, errs.E(errs.Unauthorized, "请先登录")
	}
	ix, err := a.orgIndex(ctx)
	if err != nil {
		return scope{}, err
	}
	sc := scope{p: p, ix: ix, deptDomains: map[string]bool{}}
	for _, g := range p.Person.Grants {
		if o := ix.byID[g.OrgID]; o.Kind == org.KindProvinceDept && g.Role == org.RoleDeptGuide {
			for _, d := range o.Domains {
				sc.deptDomains[d] = true
			}
		}
	}
	return sc, nil
}

// sees reports whether the principal may read an obligation: their own organisation's and
// those below them; a provincial department also the units' obligations in its domains.
func (sc scope) sees(c campaign.Campaign, o campaign.Obligation) bool {
	if sc.p.Can(org.PermView, sc.ix.byID[o.OrgID]) {
		return true
	}
	if len(sc.deptDomains) == 0 || o.Owner != campaign.OwnerUnit {
		return false
	}
	for _, u := range c.Units {
		if u.Unit == o.OrgCode {
			return slices.ContainsFunc(u.Domains, func(d string) bool { return sc.deptDomains[d] })
		}
	}
	return false
}

// seesCampaign: the province office's staff see every campaign; others those with a
// participant in their view (or, for a department, in its domains).
func (sc scope) seesCampaign(c campaign.Campaign) bool {
	if sc.p.Can(org.PermView, sc.ix.root) {
		return true
	}
	for _, u := range c.Units {
		o := sc.ix.byCode[u.Unit]
		if sc.p.Can(org.PermView, o) || slices.ContainsFunc(u.Domains, func(d string) bool { return sc.deptDomains[d] }) {
			return true
		}
		if city := sc.ix.byID[sc.ix.cityOf(o)]; city.ID != 0 && sc.p.Can(org.PermView, city) {
			return true
		}
	}
	for _, g := range sc.p.Person.Grants {
		if sc.ix.byID[g.OrgID].Kind == org.KindProvinceDept {
			return true // departments report monthly to every campaign
		}
	}
	return false
}

// Campaigns lists the campaigns the principal may see, rectifications left out.
func (a *App) Campaigns(ctx context.Context, p *Principal) ([]campaign.Campaign, error) {
	sc, err := a.scopeOf(ctx, p)
	if err != nil {
		return nil, err
	}
	all, err := a.store.Campaigns(ctx)
	if err != nil {
		return nil, err
	}
	var out []campaign.Campaign
	for _, c := range all {
		// The rectification an inspection notice orders is reached from its round and the
		// 待办, not listed among the supervised campaigns (inspection_notice.go).
		if sc.seesCampaign(c) && c.Rectification == nil {
			out = append(out, c)
		}
	}
	return out, nil
}

// CampaignFor returns one campaign the principal may see; others are not found.
func (a *App) CampaignFor(ctx context.Context, p *Principal, id int64) (campaign.Campaign, error) {
	sc, err := a.scopeOf(ctx, p)
	if err != nil {
		return campaign.Campaign{}, err
	}
	c, err := a.store.Campaign(ctx, id)
	if err != nil {
		return c, err
	}
	if !sc.seesCampaign(c) {
		return c, errs.E(errs.NotFound, "试点工作不存在")
	}
	return c, nil
}

// ObligationRow is an obligation with its state on the current day.
type ObligationRow struct {
	campaign.Obligation
	State    campaign.State
	DaysLate int
}

// ObligationFilter narrows a campaign's obligations.
type ObligationFilter struct {
	Unit  string // owner's organisation code
	City  string // owners at or under this city (its units and itself)
	Phase string
	State campaign.State
	Kind  campaign.Kind
	// Within: only owners under this organisation (the dashboard's organisation).
	Within org.Org
}

// CampaignObligations lists the obligations of a campaign that the principal may see, with
// their states today, filtered.
func (a *App) CampaignObligations(ctx context.Context, p *Principal, id int64, f ObligationFilter) (campaign.Campaign, []ObligationRow, error) {
	sc, err := a.scopeOf(ctx, p)
	if err != nil {
		return campaign.Campaign{}, nil, err
	}
	c, err := a.store.Campaign(ctx, id)
	if err != nil {
		return c, nil, err
	}
	if !sc.seesCampaign(c) {
		return c, nil, errs.E(errs.NotFound, "试点工作不存在")
	}
	var fe []errs.FieldError
	if f.State != "" && !f.State.Valid() {
		fe = append(fe, errs.FieldError{Field: "state", Label: "状态", Message: "无效"})
	}
	if f.Kind != "" && !f.Kind.Valid() {
		fe = append(fe, errs.FieldError{Field: "kind", Label: "类型", Message: "无效"})
	}
	q := store.ObligationQuery{CampaignID: id, Kind: f.Kind, Path: f.Within.Path}
	if f.Unit != "" {
		u, ok := sc.ix.byCode[f.Unit]
		if !ok {
			fe = append(fe, errs.FieldError{Field: "unit", Label: "单位", Message: fmt.Sprintf("没有代码为“%s”的单位", f.Unit)})
		}
		q.OrgID = u.ID
	}
	if f.City != "" {
		city, ok := sc.ix.byCode[f.City]
		if !ok || city.Kind != org.KindCity {
			fe = append(fe, errs.FieldError{Field: "city", Label: "设区市", Message: fmt.Sprintf("没有代码为“%s”的设区市", f.City)})
		} else if q.Path == "" || strings.HasPrefix(city.Path, q.Path) {
			q.Path = city.Path
		}
	}
	if len(fe) > 0 {
		return c, nil, errs.Fields("筛选条件有误", fe...)
	}
	obs, err := a.store.Obligations(ctx, q)
	if err != nil {
		return c, nil, err
	}
	cal, _, err := a.Calendar(ctx)
	if err != nil {
		return c, nil, err
	}
	today, remind := a.Today(), c.Cadences.Defaults().RemindBefore
	var out []ObligationRow
	windows := map[calendar.Date]calendar.Date{} // due day → first reminder day
	for _, o := range obs {
		if !sc.sees(c, o) || (f.Phase != "" && o.Phase != f.Phase) {
			continue
		}
		from, ok := windows[o.Due]
		if !ok {
			from = campaign.RemindFrom(cal, o.Due, remind)
			windows[o.Due] = from
		}
		st := o.StateAt(today, from)
		if f.State != "" && st != f.State {
			continue
		}
		out = append(out, ObligationRow{Obligation: o, State: st, DaysLate: lateDays(o, st, today)})
	}
	return c, out, nil
}

func lateDays(o campaign.Obligation, st campaign.State, today calendar.Date) int {
	if st == campaign.StateLate || st == campaign.StateMissing || (st == campaign.StateReturned && today.After(o.Due)) {
		return o.DaysLate(today)
	}
	return 0
}

// ObligationPage is what the page of one obligation shows and offers.
type ObligationPage struct {
	Campaign    campaign.Campaign
	Obligation  ObligationRow
	Owner       org.Org
	Recipients  []org.Org
	Submissions []campaign.Submission // newest first
	// FilesFor: the principal files for the owner (see filesFor).
	FilesFor bool
	// CanSubmit: the principal files for the owner and the obligation takes a version now.
	CanSubmit bool
	// ReceiveAs: the recipient organisations the principal may answer for on the newest
	// version and has not answered yet.
	ReceiveAs []org.Org
	// Figures the platform would freeze into a progress report now.
	Figures *campaign.Figures
	// CanHighlight: the province office may select the newest version's 典型经验.
	CanHighlight bool
	// OpensFiles: the principal may open the submissions' files (mayOpenFiles).
	OpensFiles bool
	// FiledVersions: for a catalog deliverable the principal files now, the owner's filed
	// catalog versions it may report.
	FiledVersions []campaign.CatalogRef
}

// Obligation returns the page of one obligation the principal may see.
func (a *App) Obligation(ctx context.Context, p *Principal, id int64) (ObligationPage, error) {
	sc, err := a.scopeOf(ctx, p)
	if err != nil {
		return ObligationPage{}, err
	}
	o, err := a.store.Obligation(ctx, id)
	if err != nil {
		return ObligationPage{}, err
	}
	c, err := a.store.Campaign(ctx, o.CampaignID)
	if err != nil {
		return ObligationPage{}, err
	}
	if !sc.sees(c, o) {
		return ObligationPage{}, errs.E(errs.NotFound, "报送事项不存在")
	}
	cal, _, err := a.Calendar(ctx)
	if err != nil {
		return ObligationPage{}, err
	}
	st := o.StateOn(a.Today(), cal, c.Cadences.Defaults().RemindBefore)
	pg := ObligationPage{Campaign: c, Obligation: ObligationRow{Obligation: o, State: st, DaysLate: lateDays(o, st, a.Today())}, Owner: sc.ix.byID[o.OrgID]}
	for _, r := range o.Recipients {
		pg.Recipients = append(pg.Recipients, sc.ix.byID[r])
	}
	if pg.Submissions, err = a.store.Submissions(ctx, o.ID); err != nil {
		return pg, err
	}
	pg.FilesFor = filesFor(p, pg.Owner)
	pg.CanSubmit = pg.FilesFor && (o.Version == 0 || o.Status == campaign.StatusReturned)
	if len(pg.Submissions) > 0 && o.Status == campaign.StatusPending {
		pg.ReceiveAs = receivable(p, pg.Recipients, pg.Submissions[0].Receipts)
	}
	pg.OpensFiles = mayOpenFiles(p, pg.Owner, pg.Recipients)
	if pg.CanSubmit && o.Kind == campaign.KindCatalog {
		if pg.FiledVersions, err = a.store.FiledCatalogVersions(ctx, o.OrgID); err != nil {
			return pg, err
		}
	}
	pg.CanHighlight = p.Can(org.PermManageCampaign, sc.ix.root) && o.Status == campaign.StatusAccepted && len(pg.Submissions) > 0 && pg.Submissions[0].Experience != ""
	if pg.CanSubmit && o.Kind == campaign.KindProgress {
		f, err := a.figures(ctx, sc.ix, c, o)
		if err != nil {
			return pg, err
		}
		pg.Figures = &f
	}
	return pg, nil
}

// filesFor reports whether the principal files for the owner: a grant at the owner itself
// whose role files reports. The offices above see the owner's obligations but do not file
// in its name.
func filesFor(p *Principal, owner org.Org) bool {
	for _, g := range p.Person.Grants {
		if g.OrgID == owner.ID && org.RoleHas(g.Role, org.PermSubmitReport) {
			return true
		}
	}
	return false
}

// receivable lists the recipients the principal may answer for that have not answered.
func receivable(p *Principal, recipients []org.Org, done []campaign.Receipt) []org.Org {
	var out []org.Org
	for _, r := range recipients {
		if p.Can(org.PermReceiveFiling, r) && !slices.ContainsFunc(done, func(x campaign.Receipt) bool { return x.RecipientID == r.ID }) {
			out = append(out, r)
		}
	}
	return out
}

// figures computes what a progress report freezes for its period: a unit's own figures in
// its pilot domains; a city's are its units' summed; a department's cover its domains
// across all the campaign's units.
func (a *App) figures(ctx context.Context, ix orgIndex, c campaign.Campaign, o campaign.Obligation) (campaign.Figures, error) {
	from, to := o.PeriodStart.Time(), o.PeriodEnd.AddDays(1).Time()
	total := campaign.Figures{RecordsByDomain: map[string]int{}}
	owner := ix.byID[o.OrgID]
	for _, u := range c.Units {
		unit := ix.byCode[u.Unit]
		doms := u.Domains
		switch owner.Kind {
		case org.KindUnit:
			if unit.ID != owner.ID {
				continue
			}
		case org.KindCity:
			if !owner.Contains(unit) {
				continue
			}
		case org.KindProvinceDept:
			doms = nil
			for _, d := range u.Domains {
				if slices.Contains(owner.Domains, d) {
					doms = append(doms, d)
				}
			}
			if len(doms) == 0 {
				continue
			}
		}
		f, err := a.store.PeriodFigures(ctx, unit.Path, doms, from, to)
		if err != nil {
			return total, err
		}
		total.Add(f)
	}
	return total, nil
}

// Submit files a version for an obligation without files (SubmitFiling).
func (a *App) Submit(ctx context.Context, p *Principal, obligationID int64, x campaign.Submission) (id int64, version int, err error) {
	return a.SubmitFiling(ctx, p, obligationID, x, Filing{})
}

// Filing is what comes with a submission besides its texts.
type Filing struct {
	Files []Upload
	// ConfirmUnread: the submitter looked at the files the guard could not fully read and
	// found no personal information in them.
	ConfirmUnread bool
	// CatalogVersions: for the catalog deliverable, ids of the owner's filed catalog
	// versions (FiledCatalogVersions) it reports.
	CatalogVersions []int64
}

// SubmitFiling files a version for an obligation: the principal must file for its owner
// (PermSubmitReport there); a first version, or a new one after a return. A progress
// report's figures are computed now and frozen into it. Files go through the checks and
// the personal-information guard of record attachments (checkUploads); catalog versions
// must be the owner's filed ones.
func (a *App) SubmitFiling(ctx context.Context, p *Principal, obligationID int64, x campaign.Submission, f Filing) (id int64, version int, err error) {
	sc, err := a.scopeOf(ctx, p)
	if err != nil {
		return 0, 0, err
	}
	o, err := a.store.Obligation(ctx, obligationID)
	if err != nil {
		return 0, 0, err
	}
	c, err := a.store.Campaign(ctx, o.CampaignID)
	if err != nil {
		return 0, 0, err
	}
	if !sc.sees(c, o) {
		return 0, 0, errs.E(errs.NotFound, "报送事项不存在")
	}
	owner := sc.ix.byID[o.OrgID]
	if !filesFor(p, owner) {
		return 0, 0, errs.E(errs.Forbidden, "该事项应由“%s”报送", owner.Name)
	}
	for _, s := range []*string{&x.Summary, &x.Progress, &x.Problems, &x.NextSteps, &x.Experience} {
		*s = strings.TrimSpace(*s)
	}
	x.Figures, x.Highlight, x.Files, x.Catalogs = nil, false, make([]attach.Attachment, len(f.Files)), nil
	if len(f.CatalogVersions) > 0 {
		filed, err := a.store.FiledCatalogVersions(ctx, owner.ID)
		if err != nil {
			return 0, 0, err
		}
		for _, vid := range f.CatalogVersions {
			i := slices.IndexFunc(filed, func(r campaign.CatalogRef) bool { return r.VersionID == vid })
			if i < 0 {
				return 0, 0, errs.Fields("报送内容有误", errs.FieldError{Field: "catalog_versions", Label: "目录版本", Message: fmt.Sprintf("“%d”不是%s已报送备案的目录版本", vid, owner.Name)})
			}
			if !slices.ContainsFunc(x.Catalogs, func(r campaign.CatalogRef) bool { return r.VersionID == vid }) {
				x.Catalogs = append(x.Catalogs, filed[i])
			}
		}
	}
	if err := x.Validate(o.Kind); err != nil {
		return 0, 0, err
	}
	if x.Files, err = a.checkUploads(ctx, p, f.Files, f.ConfirmUnread); err != nil {
		return 0, 0, err
	}
	if o.Kind == campaign.KindProgress {
		f, err := a.figures(ctx, sc.ix, c, o)
		if err != nil {
			return 0, 0, err
		}
		x.Figures = &f
	}
	return a.store.Submit(ctx, p.Actor(), obligationID, x, a.Today())
}

// FiledCatalogVersions lists the catalog versions an organisation has filed, which its
// catalog submission may report.
func (a *App) FiledCatalogVersions(ctx context.Context, p *Principal, o org.Org) ([]campaign.CatalogRef, error) {
	if err := p.Authorize(org.PermView, o); err != nil {
		return nil, err
	}
	return a.store.FiledCatalogVersions(ctx, o.ID)
}

// SubmissionFile returns attachment pos (from 1) of a submission: only the owner's staff
// and the staff of its recipients may open it (mayOpenFiles); others do not find it.
func (a *App) SubmissionFile(ctx context.Context, p *Principal, submissionID int64, pos int) (attach.Attachment, error) {
	notFound := errs.E(errs.NotFound, "附件不存在")
	sub, err := a.store.Submission(ctx, submissionID)
	if err != nil {
		return attach.Attachment{}, notFound
	}
	sc, err := a.scopeOf(ctx, p)
	if err != nil {
		return attach.Attachment{}, err
	}
	o, err := a.store.Obligation(ctx, sub.ObligationID)
	if err != nil {
		return attach.Attachment{}, notFound
	}
	c, err := a.store.Campaign(ctx, o.CampaignID)
	if err != nil {
		return attach.Attachment{}, err
	}
	var recipients []org.Org
	for _, r := range o.Recipients {
		recipients = append(recipients, sc.ix.byID[r])
	}
	if !sc.sees(c, o) || !mayOpenFiles(p, sc.ix.byID[o.OrgID], recipients) || pos < 1 || pos > len(sub.Files) {
		return attach.Attachment{}, notFound
	}
	return sub.Files[pos-1], nil
}

// mayOpenFiles reports whether the principal may open a submission's files: a grant at the
// owner itself, or the right to receive for one of its recipients. The offices above that
// merely oversee (a provincial department reading the reports in its domains) do not.
func mayOpenFiles(p *Principal, owner org.Org, recipients []org.Org) bool {
	for _, g := range p.Person.Grants {
		if g.OrgID == owner.ID {
			return true
		}
	}
	return slices.ContainsFunc(recipients, func(r org.Org) bool { return p.Can(org.PermReceiveFiling, r) })
}

// Receipt records a recipient's answer to a submission: as (0: the recipient the principal
// answers for, the one they hold a grant at first) must be one of the obligation's
// recipients the principal may receive for. A return tells the owner through the
// notification centre.
func (a *App) Receipt(ctx context.Context, p *Principal, submissionID, as int64, d campaign.Decision, opinion string) error {
	sc, err := a.scopeOf(ctx, p)
	if err != nil {
		return err
	}
	opinion = strings.TrimSpace(opinion)
	if err := campaign.ValidateReceipt(d, opinion); err != nil {
		return err
	}
	sub, err := a.store.Submission(ctx, submissionID)
	if err != nil {
		return err
	}
	o, err := a.store.Obligation(ctx, sub.ObligationID)
	if err != nil {
		return err
	}
	c, err := a.store.Campaign(ctx, o.CampaignID)
	if err != nil {
		return err
	}
	if !sc.sees(c, o) {
		return errs.E(errs.NotFound, "报送不存在")
	}
	var recips []org.Org
	for _, r := range o.Recipients {
		recips = append(recips, sc.ix.byID[r])
	}
	var may []org.Org
	for _, r := range recips {
		if p.Can(org.PermReceiveFiling, r) {
			may = append(may, r)
		}
	}
	notRecipient := errs.Fields("签收有误", errs.FieldError{Field: "recipient", Label: "接收方", Message: "您所在单位不是该报送的接收方"})
	var to org.Org
	switch {
	case as != 0:
		i := slices.IndexFunc(may, func(r org.Org) bool { return r.ID == as })
		if i < 0 {
			return notRecipient
		}
		to = may[i]
	case len(may) == 0:
		return notRecipient
	default:
		// The recipient the principal holds a grant at; else the first they cover.
		to = may[0]
		for _, r := range may {
			if slices.ContainsFunc(p.Person.Grants, func(g org.Grant) bool { return g.OrgID == r.ID }) {
				to = r
				break
			}
		}
	}
	var notes []notify.Notification
	if d == campaign.Return {
		notes = append(notes, notify.Notification{Recipient: ownerRecipient(sc.ix.byID[o.OrgID]), Kind: campaign.NoticeReturned,
			Subject: "submission:" + strconv.FormatInt(sub.ID, 10), Text: fmt.Sprintf("%s退回了“%s”：%s", to.Name, o.Title, clip(opinion, 200)),
			Link: obligationLink(sc.ix.byID[o.OrgID], o.ID)})
	}
	return a.store.AddReceipt(ctx, p.Actor(), campaign.Receipt{SubmissionID: sub.ID, RecipientID: to.ID, Decision: d, Opinion: opinion}, c.Public, notes)
}

// ownerRecipient is who is told about an owner's obligations: a unit's office, a city's or
// the province office's supervisors, a department's guides.
func ownerRecipient(o org.Org) notify.Recipient {
	switch o.Kind {
	case org.KindUnit:
		return notify.ToRole(o.ID, org.RoleUnitAdmin)
	case org.KindProvinceDept:
		return notify.ToRole(o.ID, org.RoleDeptGuide)
	}
	return notify.ToRole(o.ID, org.RoleSupervisor)
}

func obligationLink(owner org.Org, id int64) string {
	return "/admin/orgs/" + owner.Code + "/obligations/" + strconv.FormatInt(id, 10)
}

// Highlight selects (or clears) the 典型经验 of an obligation's accepted newest version for
// the special topic; only the province office may.
func (a *App) Highlight(ctx context.Context, p *Principal, obligationID int64, on bool) error {
	pg, err := a.Obligation(ctx, p, obligationID)
	if err != nil {
		return err
	}
	if !p.Can(org.PermManageCampaign, a.rootOf(ctx)) {
		return errs.E(errs.Forbidden, "只有省政府政务公开办公室可以选择典型经验")
	}
	if on && !pg.CanHighlight {
		return errs.Fields("不能选为典型经验", errs.FieldError{Field: "highlight", Label: "典型经验", Message: "只有已签收且填写了典型经验的报送可以选为典型经验"})
	}
	if len(pg.Submissions) == 0 {
		return errs.E(errs.NotFound, "报送不存在")
	}
	return a.store.SetHighlight(ctx, p.Actor(), pg.Submissions[0].ID, on)
}

func (a *App) rootOf(ctx context.Context) org.Org {
	ix, _ := a.orgIndex(ctx)
	return ix.root
}

// SendReminders sends the reminders of every campaign through the notification centre:
// before a due day (RemindBefore working days ahead) to the owner, and when an obligation
// has passed its due day with nothing submitted to the owner and its recipients. Each is
// sent once per obligation and kind, however often and on however many instances this
// runs (notify's once-only key). It returns how many were sent.
func (a *App) SendReminders(ctx context.Context) (int, error) {
	ix, err := a.orgIndex(ctx)
	if err != nil {
		return 0, err
	}
	cal, _, err := a.Calendar(ctx)
	if err != nil {
		return 0, err
	}
	cs, err := a.store.Campaigns(ctx)
	if err != nil {
		return 0, err
	}
	today := a.Today()
	by := audit.System("reminders")
	sent := 0
	for _, c := range cs {
		remind := c.Cadences.Defaults().RemindBefore
		// Only what falls due from the reminder window on, or was missed in the last month.
		obs, err := a.store.Obligations(ctx, store.ObligationQuery{CampaignID: c.ID, DueFrom: today.AddDays(-31), DueTo: cal.AddWorkingDays(today, remind).Date})
		if err != nil {
			return sent, err
		}
		for _, o := range obs {
			owner := ix.byID[o.OrgID]
			subject := "obligation:" + strconv.FormatInt(o.ID, 10)
			link := obligationLink(owner, o.ID)
			var notes []notify.Notification
			switch o.StateOn(today, cal, remind) {
			case campaign.StateDue:
				notes = append(notes, notify.Notification{Recipient: ownerRecipient(owner), Kind: campaign.NoticeDueSoon, Subject: subject, Link: link,
					Text: fmt.Sprintf("“%s”（%s）应于%s前报送", o.Title, c.Name, o.Due)})
			case campaign.StateMissing:
				text := fmt.Sprintf("%s的“%s”（%s）已超过报送期限（%s）尚未报送", owner.Name, o.Title, c.Name, o.Due)
				notes = append(notes, notify.Notification{Recipient: ownerRecipient(owner), Kind: campaign.NoticeLate, Subject: subject, Link: link, Text: text})
				for _, r := range o.Recipients {
					notes = append(notes, notify.Notification{Recipient: notify.ToRole(r, org.RoleSupervisor), Kind: campaign.NoticeLate, Subject: subject, Text: text,
						Link: obligationLink(ix.byID[r], o.ID)})
				}
			}
			for _, n := range notes {
				ok, err := a.SendNotification(ctx, by, n)
				if err != nil {
					return sent, err
				}
				if ok {
					sent++
					a.mailReminder(ctx, ix, n)
				}
			}
		}
	}
	return sent, nil
}

// mailReminder emails a reminder that the notification centre has just sent to the
// liaison (联络员) registered for the organisation it reaches, when the platform has a mail
// channel (--smtp-url). It rides on the notice's once-only key: only the instance that sent
// the notice mails it, once. A mail that cannot be sent is logged; the notice stays in the
// centre.
func (a *App) mailReminder(ctx context.Context, ix orgIndex, n notify.Notification) {
	o, ok := ix.byID[n.Recipient.OrgID]
	if !a.EmailOn() || !ok {
		return
	}
	ls, err := a.store.Liaisons(ctx, o.Path)
	if err != nil {
		a.Log.Warn("reminder mail", "org", o.Code, "err", err)
		return
	}
	for _, l := range ls {
		if l.OrgID != o.ID || !l.Current || l.Role != campaign.RoleLiaison || l.Email == "" {
			continue
		}
		subject := "【试点工作提醒】" + n.Text
		if n.Kind == campaign.NoticeLate {
			subject = "【试点工作逾期】" + n.Text
		}
		body := fmt.Sprintf("%s：\n\n%s\n\n办理：%s%s\n\n（本邮件由政务公开平台按报送期限自动发送；%s的联络员登记变更后发往新的联络员。）\n",
			l.Name, n.Text, a.Cfg.PublicBase(), n.Link, o.Name)
		if err := a.sendMail(ctx, l.Email, subject, body, nil); err != nil {
			a.Log.Warn("reminder mail", "org", o.Code, "to", l.Email, "err", err)
		}
	}
}

// RunReminders sends reminders at start and then every interval until ctx ends.
func (a *App) RunReminders(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if n, err := a.SendReminders(ctx); err != nil {
			a.Log.Warn("reminders", "err", err)
		} else if n > 0 {
			a.Log.Info("sent reminders", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// ImportCampaignUnits replaces the participating units of a campaign with those of a
// workbook in the layout of the plan's attachment (campaign.UnitsTable) and regenerates its
// obligations; unknown cities, units or domains are errors located by cell, and nothing
// changes.
func (a *App) ImportCampaignUnits(ctx context.Context, p *Principal, id int64, data []byte) error {
	ix, err := a.orgIndex(ctx)
	if err != nil {
		return err
	}
	if err := p.Authorize(org.PermManageCampaign, ix.root); err != nil {
		return err
	}
	c, err := a.store.Campaign(ctx, id)
	if err != nil {
		return err
	}
	doms, err := a.store.Domains(ctx)
	if err != nil {
		return err
	}
	units, err := campaign.UnitsTable(data, func(city, name string) (string, bool) {
		for _, o := range ix.all {
			if o.Kind != org.KindUnit || (o.Name != name && ix.byID[ix.cityOf(o)].Name+o.Name != name) {
				continue
			}
			if c := ix.byID[ix.cityOf(o)]; c.Name == city || (city == "" && c.ID == 0) {
				return o.Code, true
			}
		}
		return "", false
	}, func(name string) (string, bool) {
		for _, d := range doms {
			if d.Name == name || d.Code == name {
				return d.Code, true
			}
		}
		return "", false
	})
	if err != nil {
		return err
	}
	c.Units = units
	_, err = a.SaveCampaign(ctx, p, c)
	return err
}
