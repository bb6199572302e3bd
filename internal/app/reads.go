package app

import (
	"context"
	"strings"

	"gongkai/internal/attach"
	"gongkai/internal/auth"
	"gongkai/internal/errs"
	"gongkai/internal/org"
	"gongkai/internal/record"
	"gongkai/internal/search"
)

// Reads of what is public anyway: the organisation tree, the domains, published records and
// their public files, and the search index. They need no principal.

// Ping tells whether the database answers.
func (a *App) Ping(ctx context.Context) error { return a.store.Ping(ctx) }

// ContentVersion is advanced with every change of public content; page caches key on it.
func (a *App) ContentVersion(ctx context.Context) (int64, error) { return a.store.ContentVersion(ctx) }

// Orgs lists every organisation, in tree order.
func (a *App) Orgs(ctx context.Context) ([]org.Org, error) { return a.store.Orgs(ctx) }

// Org returns an organisation by ID.
func (a *App) Org(ctx context.Context, id int64) (org.Org, error) { return a.store.Org(ctx, id) }

// OrgByCode returns an organisation by its code.
func (a *App) OrgByCode(ctx context.Context, code string) (org.Org, error) {
	return a.store.OrgByCode(ctx, code)
}

// Unit returns the pilot unit with the given code; anything else is NotFound.
func (a *App) Unit(ctx context.Context, code string) (org.Org, error) {
	u, err := a.store.OrgByCode(ctx, code)
	if err == nil && u.Kind != org.KindUnit {
		err = errs.E(errs.NotFound, "没有代码为“%s”的试点单位", code)
	}
	return u, err
}

// Domains lists the domains in the official order.
func (a *App) Domains(ctx context.Context) ([]org.Domain, error) { return a.store.Domains(ctx) }

// DomainsOf resolves domain codes to domains, in the official order; unknown codes are left out.
func (a *App) DomainsOf(ctx context.Context, codes []string) ([]org.Domain, error) {
	all, err := a.store.Domains(ctx)
	if err != nil {
		return nil, err
	}
	want := map[string]bool{}
	for _, c := range codes {
		want[c] = true
	}
	var out []org.Domain
	for _, d := range all {
		if want[d.Code] {
			out = append(out, d)
		}
	}
	return out, nil
}

// Domain returns the domain with the given code.
func (a *App) Domain(ctx context.Context, code string) (org.Domain, error) {
	ds, err := a.DomainsOf(ctx, []string{code})
	if err != nil {
		return org.Domain{}, err
	}
	if len(ds) == 0 {
		return org.Domain{}, errs.E(errs.NotFound, "领域“%s”不存在", code)
	}
	return ds[0], nil
}

// LatestPublished lists the newest published records of a unit and domain ("" for all), for
// home pages and feeds.
func (a *App) LatestPublished(ctx context.Context, unitCode, domain string, limit int) ([]record.PublishedRef, error) {
	return a.store.PublishedRefs(ctx, unitCode, domain, 0, limit, true)
}

// PublishedAfter lists published records by ascending ID after afterID, for sitemaps.
func (a *App) PublishedAfter(ctx context.Context, afterID int64, limit int) ([]record.PublishedRef, error) {
	return a.store.PublishedRefs(ctx, "", "", afterID, limit, false)
}

// Search runs a public search.
func (a *App) Search(ctx context.Context, req search.Request) (search.Result, error) {
	return a.store.Search(ctx, req)
}

// PublicFile finds a public attachment of a unit's record by its content hash: only the
// files of the public revision of a published, proactively disclosed record are public
// (store.PublicAttachment). Whatever the reason a file is not public — the record does not
// exist, is not published, is 依申请公开 or belongs to another unit, the file belongs to an
// older revision or to no revision — the error is the same NotFound, so that it tells nothing
// about records the public may not see.
func (a *App) PublicFile(ctx context.Context, unitID, recordID int64, hash string) (attach.Attachment, error) {
	notPublic := errs.E(errs.NotFound, "附件不存在")
	row, err := a.store.RecordRowByID(ctx, recordID)
	if err != nil && !errs.Is(err, errs.NotFound) {
		return attach.Attachment{}, err
	}
	if err != nil || row.UnitID != unitID {
		return attach.Attachment{}, notPublic
	}
	at, err := a.store.PublicAttachment(ctx, recordID, hash)
	if errs.Is(err, errs.NotFound) {
		err = notPublic
	}
	return at, err
}

// PublicPage is what the public page of a record shows besides the revision itself.
type PublicPage struct {
	Record          record.Record
	Row             record.Row
	Attachments     []attach.Attachment // none when the openness keeps the body from the public
	History         []record.Record     // the published revisions up to the public one
	Interpretations []record.Row        // published interpretations of a policy
	Policy          *record.Row         // the published policy an interpretation interprets
	// Force is the document's state of force today (现行有效, 尚未施行, 已失效, 已废止, or
	// unstated); RepealedBy the published document that repealed it (ID 0 when none), and
	// Repeals the documents it repealed.
	Force      record.Force
	RepealedBy record.Row
	Repeals    []record.Row
}

// PublicRecordPage gathers the public page of a published or withdrawn record; for a
// withdrawn one only Record and Row are filled. When the record is not public, the page is
// empty (Row.ID 0) and the error says why.
func (a *App) PublicRecordPage(ctx context.Context, id int64) (PublicPage, error) {
	rec, row, err := a.PublicRecord(ctx, id)
	if err != nil {
		return PublicPage{}, err
	}
	v := PublicPage{Record: rec, Row: row}
	if rec.State == record.StateWithdrawn {
		return v, nil
	}
	if rec.Openness.ShowsBody() {
		// The files of a 依申请公开 record are given to applicants: not even their names here.
		if v.Attachments, err = a.store.Attachments(ctx, id, rec.Revision); err != nil {
			return v, err
		}
	}
	revs, err := a.store.Revisions(ctx, id)
	if err != nil {
		return v, err
	}
	for _, h := range revs {
		if h.Revision <= rec.PublicRevision && h.State == record.StatePublished {
			v.History = append(v.History, h)
		}
	}
	if v.Interpretations, err = a.store.Interpretations(ctx, id); err != nil {
		return v, err
	}
	if rec.PolicyID != 0 {
		if pol, err := a.store.RecordRowByID(ctx, rec.PolicyID); err == nil && pol.State == record.StatePublished {
			v.Policy = &pol
		}
	}
	v.Force = rec.ForceOn(a.Today())
	if rec.RepealedBy != 0 {
		if by, err := a.store.RecordRowByID(ctx, rec.RepealedBy); err == nil && by.State == record.StatePublished {
			v.RepealedBy = by
		}
	}
	for _, id := range rec.Repeals {
		if x, err := a.store.RecordRowByID(ctx, id); err == nil && x.State == record.StatePublished && x.RepealedBy == rec.ID {
			v.Repeals = append(v.Repeals, x)
		}
	}
	return v, nil
}

// SessionPerson returns the person of a session cookie's secret and extends the session.
func (a *App) SessionPerson(ctx context.Context, secret string) (org.Person, error) {
	return a.store.SessionPerson(ctx, auth.HashSecret(secret), a.Cfg.SessionIdle)
}

// TokenPerson returns the person of an API token.
func (a *App) TokenPerson(ctx context.Context, token string) (org.Person, error) {
	return a.store.TokenPerson(ctx, auth.HashSecret(strings.TrimSpace(token)))
}

// EndSession signs a session out.
func (a *App) EndSession(ctx context.Context, secret string) error {
	return a.store.DeleteSession(ctx, auth.HashSecret(secret))
}
