package app

import (
	"context"
	"strconv"
	"strings"

	"gongkai/internal/attach"
	"gongkai/internal/audit"
	"gongkai/internal/calendar"
	"gongkai/internal/catalog"
	"gongkai/internal/errs"
	"gongkai/internal/org"
	"gongkai/internal/pii"
	"gongkai/internal/rating"
	"gongkai/internal/record"
	"gongkai/internal/sanitize"
	"gongkai/internal/store"
)

// Reads for the staff pages. Each checks the principal's permission at the organisation
// itself, so a page cannot show more than its route allows even if the route table is wrong.

// Today is the date in China now.
func (a *App) Today() calendar.Date { return calendar.DateOf(a.Now()) }

// People lists the people with a grant in the subtree of o and the IDs of those locked now.
func (a *App) People(ctx context.Context, p *Principal, o org.Org) ([]org.Person, map[int64]bool, error) {
	if err := p.Authorize(org.PermView, o); err != nil {
		return nil, nil, err
	}
	people, err := a.store.PeopleIn(ctx, o.Path)
	if err != nil {
		return nil, nil, err
	}
	locked := map[int64]bool{}
	now := a.Now()
	for _, x := range people {
		if x.Locked(now) {
			locked[x.ID] = true
		}
	}
	return people, locked, nil
}

// AuditPageSize is how many audit entries one page lists.
const AuditPageSize = 100

// AuditLog lists the audit entries of the subtree of o, newest first, before the entry
// before (0: the newest) and whose action starts with action. The root also sees
// platform-wide entries.
func (a *App) AuditLog(ctx context.Context, p *Principal, o org.Org, action string, before int64) ([]audit.Entry, error) {
	if err := p.Authorize(org.PermViewAudit, o); err != nil {
		return nil, err
	}
	q := audit.Query{OrgPath: o.Path, Action: action, Before: before, Limit: AuditPageSize}
	if o.ParentID == 0 {
		q.OrgPath = ""
	}
	return a.store.ListAudit(ctx, q)
}

// RatingRow is a line of the ratings page: the counts of a unit, a domain or an entry.
type RatingRow struct {
	rating.Summary
	Unit   string
	Domain string
	Entry  string
}

// ReasonRow is a written opinion with the names of what it rates.
type ReasonRow struct {
	rating.Rating
	Unit, Domain, Label string
}

// RatingsPage is what the ratings page shows.
type RatingsPage struct {
	Units, Domains, Rows []RatingRow
	Reasons              []ReasonRow
}

// Ratings sums up the ratings of the units in the subtree of o: per unit, per domain and
// per entry, with the latest written opinions.
func (a *App) Ratings(ctx context.Context, p *Principal, o org.Org) (RatingsPage, error) {
	var pg RatingsPage
	if err := p.Authorize(org.PermView, o); err != nil {
		return pg, err
	}
	sums, err := a.store.RatingSummaries(ctx, o.Path)
	if err != nil {
		return pg, err
	}
	names, dn, err := a.names(ctx)
	if err != nil {
		return pg, err
	}
	byUnit := map[int64]*rating.Summary{}
	byDomain := map[string]*rating.Summary{}
	var units []int64
	var domainKeys []string
	for _, x := range sums {
		if byUnit[x.UnitID] == nil {
			byUnit[x.UnitID] = &rating.Summary{UnitID: x.UnitID}
			units = append(units, x.UnitID)
		}
		k := strconv.FormatInt(x.UnitID, 10) + "/" + x.Domain
		if byDomain[k] == nil {
			byDomain[k] = &rating.Summary{UnitID: x.UnitID, Domain: x.Domain}
			domainKeys = append(domainKeys, k)
		}
		for _, agg := range []*rating.Summary{byUnit[x.UnitID], byDomain[k]} {
			agg.Satisfied += x.Satisfied
			agg.Fair += x.Fair
			agg.Poor += x.Poor
		}
		entry := "（目录页面）"
		if x.EntryKey != "" {
			entry = x.EntryKey
		}
		pg.Rows = append(pg.Rows, RatingRow{Summary: x, Unit: names[x.UnitID], Domain: dn[x.Domain], Entry: entry})
	}
	for _, id := range units {
		pg.Units = append(pg.Units, RatingRow{Summary: *byUnit[id], Unit: names[id]})
	}
	for _, k := range domainKeys {
		x := byDomain[k]
		pg.Domains = append(pg.Domains, RatingRow{Summary: *x, Unit: names[x.UnitID], Domain: dn[x.Domain]})
	}
	reasons, err := a.store.RecentReasons(ctx, o.Path, 50)
	if err != nil {
		return pg, err
	}
	for _, x := range reasons {
		pg.Reasons = append(pg.Reasons, ReasonRow{Rating: x, Unit: names[x.UnitID], Domain: dn[x.Domain], Label: rating.Label(x.Value)})
	}
	return pg, nil
}

// names maps organisation IDs and domain codes to their names.
func (a *App) names(ctx context.Context) (map[int64]string, map[string]string, error) {
	orgs, err := a.store.Orgs(ctx)
	if err != nil {
		return nil, nil, err
	}
	doms, err := a.store.Domains(ctx)
	if err != nil {
		return nil, nil, err
	}
	names, dn := map[int64]string{}, map[string]string{}
	for _, x := range orgs {
		names[x.ID] = x.Name
	}
	for _, x := range doms {
		dn[x.Code] = x.Name
	}
	return names, dn, nil
}

// FilingRow is a filed catalog version waiting for the recipient.
type FilingRow struct {
	catalog.PendingFiling
	Unit       org.Org
	DomainName string
}

// PendingFilings lists the versions filed with o that it has not accepted yet.
func (a *App) PendingFilings(ctx context.Context, p *Principal, o org.Org) ([]FilingRow, error) {
	if err := p.Authorize(org.PermReceiveFiling, o); err != nil {
		return nil, err
	}
	pending, err := a.store.PendingFilings(ctx, o.ID)
	if err != nil {
		return nil, err
	}
	all, err := a.store.Orgs(ctx)
	if err != nil {
		return nil, err
	}
	byID := map[int64]org.Org{}
	for _, x := range all {
		byID[x.ID] = x
	}
	_, dn, err := a.names(ctx)
	if err != nil {
		return nil, err
	}
	var rows []FilingRow
	for _, f := range pending {
		rows = append(rows, FilingRow{PendingFiling: f, Unit: byID[f.OrgID], DomainName: dn[f.Domain]})
	}
	return rows, nil
}

// CatalogRow is a domain and the versions of o's catalog in it, newest first.
type CatalogRow struct {
	Domain   org.Domain
	Versions []catalog.Version
}

// Catalogs lists o's catalogs: one row per domain of the unit, or, where templates are
// kept, per domain that has a template or that p may start one in.
func (a *App) Catalogs(ctx context.Context, p *Principal, o org.Org) ([]CatalogRow, error) {
	if err := p.Authorize(org.PermView, o); err != nil {
		return nil, err
	}
	codes := o.Domains
	if org.KeepsTemplates(o) {
		all, err := a.store.Domains(ctx)
		if err != nil {
			return nil, err
		}
		codes = nil
		for _, dm := range all {
			codes = append(codes, dm.Code)
		}
	}
	domains, err := a.DomainsOf(ctx, codes)
	if err != nil {
		return nil, err
	}
	var rows []CatalogRow
	for _, dm := range domains {
		rw := CatalogRow{Domain: dm}
		if c, err := a.store.Catalog(ctx, o.ID, dm.Code); err == nil {
			if rw.Versions, err = a.store.Versions(ctx, c.ID); err != nil {
				return nil, err
			}
		}
		if !org.KeepsTemplates(o) || len(rw.Versions) > 0 || p.Can(org.PermCatalogEdit, o) {
			rows = append(rows, rw)
		}
	}
	return rows, nil
}

// CatalogHistory is the versions of a catalog, newest first, and its change log.
type CatalogHistory struct {
	Versions []catalog.Version
	Log      []HistoryLine
}

// History returns the versions and the latest 50 changes of o's catalog in domain; both
// empty when there is no catalog yet.
func (a *App) History(ctx context.Context, p *Principal, o org.Org, domain string) (CatalogHistory, error) {
	var h CatalogHistory
	if err := p.Authorize(org.PermView, o); err != nil {
		return h, err
	}
	c, err := a.store.Catalog(ctx, o.ID, domain)
	if errs.Is(err, errs.NotFound) {
		return h, nil
	}
	if err != nil {
		return h, err
	}
	if h.Versions, err = a.store.Versions(ctx, c.ID); err != nil {
		return h, err
	}
	log, err := a.store.CatalogLog(ctx, c.ID, 50)
	if err != nil {
		return h, err
	}
	h.Log, err = a.readable(ctx, log)
	return h, err
}

// Version returns version number n of o's catalog in domain.
func (a *App) Version(ctx context.Context, p *Principal, o org.Org, domain string, n int) (catalog.Version, error) {
	if err := p.Authorize(org.PermView, o); err != nil {
		return catalog.Version{}, err
	}
	c, err := a.store.Catalog(ctx, o.ID, domain)
	if err != nil {
		return catalog.Version{}, err
	}
	return a.store.VersionByNumber(ctx, c.ID, n)
}

// VersionPage is a version with its entries and the receipts of its filing.
type VersionPage struct {
	Version catalog.Version
	Entries []catalog.Entry
	Filings []catalog.Filing
}

// VersionDetail returns version number n of o's catalog in domain with its entries and filings.
func (a *App) VersionDetail(ctx context.Context, p *Principal, o org.Org, domain string, n int) (VersionPage, error) {
	var pg VersionPage
	v, err := a.Version(ctx, p, o, domain, n)
	if err != nil {
		return pg, err
	}
	pg.Version = v
	if pg.Entries, err = a.store.Entries(ctx, v.ID); err != nil {
		return pg, err
	}
	pg.Filings, err = a.store.Filings(ctx, v.ID)
	return pg, err
}

// VersionEntry returns entry id of version number n of o's catalog in domain.
func (a *App) VersionEntry(ctx context.Context, p *Principal, o org.Org, domain string, n int, id int64) (catalog.Entry, error) {
	v, err := a.Version(ctx, p, o, domain, n)
	if err != nil {
		return catalog.Entry{}, err
	}
	e, ev, err := a.store.Entry(ctx, id)
	if err != nil || ev.ID != v.ID {
		return catalog.Entry{}, errs.E(errs.NotFound, "目录条目不存在")
	}
	return e, nil
}

// Comparison is two versions of a catalog compared field by field.
type Comparison struct {
	A, B    string // what is compared, e.g. "第2版（现行有效）"
	Changes []catalog.Change
}

// Compare compares versions an and bn of o's catalog in domain; with bn "template", version
// an is compared with the template it started from (the template on the left, read as "what
// the unit changed").
func (a *App) Compare(ctx context.Context, p *Principal, o org.Org, domain, an, bn string) (Comparison, error) {
	var cmp Comparison
	if err := p.Authorize(org.PermView, o); err != nil {
		return cmp, err
	}
	c, err := a.store.Catalog(ctx, o.ID, domain)
	if err != nil {
		return cmp, err
	}
	load := func(which string) (catalog.Version, []catalog.Entry, string, error) {
		n, err := strconv.Atoi(which)
		if err != nil {
			return catalog.Version{}, nil, "", errs.Fields("比较参数有误", errs.FieldError{Field: "a", Label: "版本", Message: "请选择版本"})
		}
		v, err := a.store.VersionByNumber(ctx, c.ID, n)
		if err != nil {
			return v, nil, "", err
		}
		es, err := a.store.Entries(ctx, v.ID)
		return v, es, "第" + strconv.Itoa(v.Number) + "版（" + v.State.Label() + "）", err
	}
	va, ea, la, err := load(an)
	if err != nil {
		return cmp, err
	}
	var eb []catalog.Entry
	var lb string
	if bn == "template" {
		if va.TemplateVersion == 0 {
			return cmp, errs.E(errs.NotFound, "该版本不是依据模板编制的")
		}
		if eb, err = a.store.Entries(ctx, va.TemplateVersion); err != nil {
			return cmp, err
		}
		ea, eb, la, lb = eb, ea, "省级模板", la
	} else if _, eb, lb, err = load(bn); err != nil {
		return cmp, err
	}
	return Comparison{A: la, B: lb, Changes: catalog.Diff(ea, eb)}, nil
}

// DomainEntries is the public entries of a unit's catalog in one domain, which records are
// filed under.
type DomainEntries struct {
	Domain  org.Domain
	Version catalog.Version
	Entries []catalog.Entry
}

// EntryChoices lists, per domain of unit u, the public entries a new record may be filed
// under: of the effective catalog, else of the newest version.
//
// From a department or township, the entries are those of its unit's catalogs.
func (a *App) EntryChoices(ctx context.Context, p *Principal, from org.Org) ([]DomainEntries, error) {
	if err := p.Authorize(org.PermCatalogEdit, from); err != nil {
		return nil, err
	}
	u, err := a.UnitOf(ctx, from)
	if err != nil {
		return nil, nil
	}
	domains, err := a.DomainsOf(ctx, u.Domains)
	if err != nil {
		return nil, err
	}
	var out []DomainEntries
	for _, dm := range domains {
		c, err := a.store.Catalog(ctx, u.ID, dm.Code)
		if err != nil {
			continue
		}
		v, err := a.store.EffectiveVersion(ctx, c.ID)
		if err != nil {
			if v, err = a.store.NewestVersion(ctx, c.ID); err != nil {
				continue
			}
		}
		es, err := a.store.Entries(ctx, v.ID)
		if err != nil {
			return nil, err
		}
		var public []catalog.Entry
		for _, e := range es {
			if !e.NotPublic {
				public = append(public, e)
			}
		}
		out = append(out, DomainEntries{Domain: dm, Version: v, Entries: public})
	}
	return out, nil
}

// EffectiveVersion returns the version in force of unit u's catalog in domain; NotFound when
// there is none.
func (a *App) EffectiveVersion(ctx context.Context, u org.Org, domain string) (catalog.Version, error) {
	c, err := a.store.Catalog(ctx, u.ID, domain)
	if err != nil {
		return catalog.Version{}, err
	}
	return a.store.EffectiveVersion(ctx, c.ID)
}

// PublishedRecords lists the published records of a unit in a domain (and entry, unless
// ""), newest first.
func (a *App) PublishedRecords(ctx context.Context, unitID int64, domain, entryKey string, limit, offset int) ([]record.Item, error) {
	return a.store.Records(ctx, store.RecordQuery{UnitID: unitID, Domain: domain, EntryKey: entryKey, Published: true, Limit: limit, Offset: offset})
}

// RecordsInForce lists the published documents of a unit in a domain (and entry, unless "")
// in force today (现行有效), newest first.
func (a *App) RecordsInForce(ctx context.Context, unitID int64, domain, entryKey string, limit, offset int) ([]record.Item, error) {
	return a.store.Records(ctx, store.RecordQuery{UnitID: unitID, Domain: domain, EntryKey: entryKey, Published: true, InForceOn: a.Today(),
		Limit: limit, Offset: offset})
}

// Queue lists the records of the subtree of o whose current revision is in state, newest
// first (at most 200).
func (a *App) Queue(ctx context.Context, p *Principal, o org.Org, state record.State) ([]record.Item, error) {
	if err := p.Authorize(org.PermView, o); err != nil {
		return nil, err
	}
	return a.store.Records(ctx, store.RecordQuery{UnitPath: o.Path, States: []record.State{state}, Limit: 200})
}

// DueWithin lists the unpublished records of the subtree of o due within days from today,
// the overdue ones included, soonest first.
func (a *App) DueWithin(ctx context.Context, p *Principal, o org.Org, days int) ([]record.DueItem, error) {
	if err := p.Authorize(org.PermView, o); err != nil {
		return nil, err
	}
	return a.store.DueDeadlines(ctx, o.Path, a.Today().AddDays(days))
}

// Finding is a personal-information finding shown in place to the reviewer: Value as the
// scanner read it (invisible characters left out, digits in ASCII); Hidden when the text
// itself was written to look like something else to a machine.
type Finding struct {
	Where, Label, Before, Value, After, Masked string
	Hidden                                     bool
}

// MaxFindingsShown bounds the findings listed on the record page; all are counted.
const MaxFindingsShown = 200

// ActionChoice is an action the person may take on a record now.
type ActionChoice struct {
	Kind   record.ActionKind
	Label  string
	Needs  string // "opinion", "opinion-optional", "reason", "at" or ""
	Danger bool
}

// Due is a stored due date.
type Due struct {
	Due         calendar.Date
	Provisional bool
}

// StaffPage is what the staff page of a record shows.
type StaffPage struct {
	Record        record.Record // the current revision, with PIIFindings and UnreadAttachments as listed here
	Public        record.Record // the public revision while an amendment is pending
	Unit          org.Org
	IssuerOrg     org.Org // the issuing body (公开主体): the unit or one of its departments or townships
	Attachments   []attach.Attachment
	Findings      []Finding // the first MaxFindingsShown
	FindingsTotal int
	Confirmers    map[int64]string // who confirmed unread attachments, by person ID
	CanConfirm    bool
	Actions       []ActionChoice
	Deadline      *Due
	Overdue       bool
	Log           []HistoryLine
	EntryName     string
	DomainName    string
	SubjectLabel  string
	CanEditDraft  bool
}

// RecordPage gathers the staff page of a record of unit u: the findings of the
// personal-information guard in place, the actions the procedure allows p now, the due date
// and the record's trail. A record outside p's scope or of another unit is NotFound.
func (a *App) RecordPage(ctx context.Context, p *Principal, u org.Org, id int64) (StaffPage, error) {
	var pg StaffPage
	rec, ru, err := a.StaffRecord(ctx, p, id)
	if err != nil || !RecordUnder(u, rec) {
		return pg, errs.E(errs.NotFound, "信息不存在")
	}
	issuer, err := a.issuerOf(ctx, rec, ru)
	if err != nil {
		return pg, err
	}
	pg.Unit, pg.IssuerOrg = ru, issuer
	if pg.Attachments, err = a.store.Attachments(ctx, rec.ID, rec.Revision); err != nil {
		return pg, err
	}
	if rec.PublicRevision != 0 {
		if pg.Public, err = a.store.Revision(ctx, rec.ID, rec.PublicRevision); err != nil {
			return pg, err
		}
	}
	findings, numeric := findingsOf(rec, pg.Attachments)
	rec.PIIFindings = len(findings)
	rec.UnreadAttachments = 0
	pg.Confirmers = map[int64]string{}
	for _, at := range pg.Attachments {
		if at.NeedsConfirmation() {
			rec.UnreadAttachments++
		}
		if at.ConfirmedBy != 0 && pg.Confirmers[at.ConfirmedBy] == "" {
			pg.Confirmers[at.ConfirmedBy] = "人员" + strconv.FormatInt(at.ConfirmedBy, 10)
			if x, err := a.store.Person(ctx, at.ConfirmedBy); err == nil {
				pg.Confirmers[at.ConfirmedBy] = x.Name + "（" + x.Login + "）"
			}
		}
	}
	findings = append(findings, numeric...)
	pg.Record = rec
	pg.CanConfirm = a.canConfirm(p, ru, issuer, rec)
	pg.Actions = a.possibleActions(p, ru, issuer, rec, pg.Public)
	pg.FindingsTotal = len(findings)
	if len(findings) > MaxFindingsShown {
		findings = findings[:MaxFindingsShown]
	}
	pg.Findings = findings
	pg.CanEditDraft = rec.State == record.StateDraft && (p.Can(org.PermCatalogEdit, ru) || p.Can(org.PermCatalogEdit, issuer))
	pg.SubjectLabel, _ = record.SubjectLabel(rec.Subject)
	if d, err := a.store.DeadlineOf(ctx, "record", strconv.FormatInt(rec.ID, 10)); err == nil {
		pg.Deadline = &Due{Due: d.Due, Provisional: d.Provisional}
		pg.Overdue = rec.PublicRevision == 0 && d.Due.Before(a.Today())
	}
	if log, err := a.store.RecordLog(ctx, rec.ID); err == nil {
		if pg.Log, err = a.readable(ctx, log); err != nil {
			return pg, err
		}
	}
	if e, _, err := a.store.Entry(ctx, rec.EntryID); err == nil {
		pg.EntryName = strings.Trim(e.Item1+" › "+e.Item2, " ›")
	}
	if dm, err := a.DomainsOf(ctx, []string{rec.Domain}); err == nil && len(dm) == 1 {
		pg.DomainName = dm[0].Name
	}
	return pg, nil
}

// findingsOf lists the personal information in a revision where the guard found it: title,
// summary, body and the text of each attachment. An attachment's stored count also holds
// the long numbers its extraction found in numeric cells (see describe), which are not
// in its text; they are listed apart, as one finding per attachment to check by hand.
func findingsOf(rec record.Record, atts []attach.Attachment) (found, numeric []Finding) {
	var out []Finding
	show := func(where, text string) int {
		fs := pii.Find(text)
		for _, f := range fs {
			lo, hi := max(0, f.Start-24), min(len(text), f.End+24)
			for lo > 0 && !utf8Start(text[lo]) {
				lo--
			}
			for hi < len(text) && !utf8Start(text[hi]) {
				hi++
			}
			out = append(out, Finding{Where: where, Label: f.Label, Before: text[lo:f.Start], Value: f.Normalized, After: text[f.End:hi], Masked: f.Masked,
				Hidden: f.Normalized != f.Value})
		}
		return len(fs)
	}
	show("标题", rec.Title)
	show("内容概述", rec.Summary)
	show("正文", sanitize.Text(rec.BodyHTML))
	for _, at := range atts {
		if at.Findings > show("附件“"+at.Name+"”", at.Text) {
			numeric = append(numeric, Finding{Where: "附件“" + at.Name + "”", Label: "长数字", Value: "以数值存储的16位以上数字（已丢失精度，须人工核查）"})
		}
	}
	return out, numeric
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }

// possibleActions asks the procedure itself which actions p may take now, so that the page
// offers exactly what Act would accept.
func (a *App) possibleActions(p *Principal, u, issuer org.Org, rec, pub record.Record) []ActionChoice {
	actor := staffActor(p, u, issuer)
	now := a.Now()
	var out []ActionChoice
	for _, k := range []record.ActionKind{record.ActionSubmit, record.ActionReviewPass, record.ActionReviewReturn, record.ActionApprove, record.ActionApproveReturn,
		record.ActionCancelSchedule, record.ActionMaskPII, record.ActionAllowPII, record.ActionRevise, record.ActionWithdraw, record.ActionDiscard} {
		target := rec
		if k.OnPublic() {
			if pub.ID == 0 {
				continue
			}
			target = pub
		}
		act := record.Action{Kind: k, Opinion: "x", Reason: "x"}
		if _, err := record.Decide(target, act, actor, record.Policy{AllowSameReviewerApprover: true}, now); err != nil {
			continue
		}
		b := ActionChoice{Kind: k, Label: k.Label()}
		switch k {
		case record.ActionReviewReturn, record.ActionApproveReturn:
			b.Needs = "opinion"
		case record.ActionReviewPass:
			b.Needs = "opinion-optional"
		case record.ActionApprove:
			b.Needs = "at"
		case record.ActionWithdraw, record.ActionAllowPII:
			b.Needs, b.Danger = "reason", true
		case record.ActionDiscard:
			b.Danger = true
		}
		out = append(out, b)
	}
	return out
}

// canConfirm reports whether p may now confirm that an unread attachment of rec holds no
// personal information: the procedure decides, as for the other actions.
func (a *App) canConfirm(p *Principal, u, issuer org.Org, rec record.Record) bool {
	if rec.UnreadAttachments == 0 {
		return false
	}
	actor := staffActor(p, u, issuer)
	_, err := record.Decide(rec, record.Action{Kind: record.ActionConfirmNoPII, Attachment: 1}, actor, record.Policy{AllowSameReviewerApprover: true}, a.Now())
	return err == nil
}

// StaffFile returns the attachment of the current revision of a record of unit u whose
// content has the given hash (an image of the draft's 正文), for the unit's staff to see.
func (a *App) StaffFile(ctx context.Context, p *Principal, u org.Org, id int64, hash string) (attach.Attachment, error) {
	atts, err := a.staffAttachments(ctx, p, u, id)
	if err != nil {
		return attach.Attachment{}, err
	}
	for _, at := range atts {
		if at.Hash == hash {
			return at, nil
		}
	}
	return attach.Attachment{}, errs.E(errs.NotFound, "附件不存在")
}

// StaffAttachment returns attachment pos (from 1) of the current revision of a record of
// unit u, for the unit's staff to open.
func (a *App) StaffAttachment(ctx context.Context, p *Principal, u org.Org, id int64, pos int) (attach.Attachment, error) {
	atts, err := a.staffAttachments(ctx, p, u, id)
	if err != nil {
		return attach.Attachment{}, err
	}
	if pos < 1 || pos > len(atts) {
		return attach.Attachment{}, errs.E(errs.NotFound, "附件不存在")
	}
	return atts[pos-1], nil
}

// staffAttachments lists the attachments of the current revision of a record of unit u that
// the caller may see as staff.
func (a *App) staffAttachments(ctx context.Context, p *Principal, u org.Org, id int64) ([]attach.Attachment, error) {
	rec, _, err := a.StaffRecord(ctx, p, id)
	if err != nil || !RecordUnder(u, rec) {
		return nil, errs.E(errs.NotFound, "信息不存在")
	}
	return a.store.Attachments(ctx, rec.ID, rec.Revision)
}
