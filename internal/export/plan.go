package export

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"gongkai/internal/attach"
	"gongkai/internal/org"
	"gongkai/internal/record"
)

// seed resolves a planned address.
func (r *run) seed(addr string) (job, error) {
	p, q, _ := strings.Cut(addr, "?")
	t, ok := r.link.res.resolve(p, q)
	if !ok {
		return job{}, fmt.Errorf("地址 %s 无法导出为文件：单位、领域或条目的代码只能含字母、数字和 - _ . ~", addr)
	}
	return job{t: t, seeded: true}, nil
}

// ext gives an attachment's extension; attExt is complete for every record whose page a
// run renders before rendering starts.
func (r *run) ext(recordID int64, hash string) (string, bool) {
	e, ok := r.attExt[recordID][hash]
	return e, ok
}

func (r *run) setAttachments(atts []attach.PublicFile) {
	if r.attExt == nil {
		r.attExt = map[int64]map[string]string{}
	}
	for _, at := range atts {
		m := r.attExt[at.RecordID]
		if m == nil {
			m = map[string]string{}
			r.attExt[at.RecordID] = m
		}
		m[at.Hash] = attachmentExt(at.MediaType, at.Name)
	}
}

// planSite lists the pages that are not record pages: the portal, the units, their catalogs
// and feeds, the sitemaps and the static files. Entry pages and their list pages, workbooks
// and sitemap parts are found by following links.
func (r *run) planSite(units []org.Org) ([]job, error) {
	addrs := []string{"/", "/feed.atom", "/sitemap.xml", "/robots.txt", "/pilot/", "/pilot/feed.atom"}
	for _, u := range units {
		addrs = append(addrs, "/"+u.Code+"/", "/"+u.Code+"/xxgk/", "/"+u.Code+"/catalog/", "/"+u.Code+"/feed.atom")
		for _, d := range u.Domains {
			addrs = append(addrs, "/"+u.Code+"/catalog/"+d+"/", "/"+u.Code+"/catalog/"+d+"/feed.atom")
		}
	}
	var jobs []job
	for _, a := range addrs {
		j, err := r.seed(a)
		if err != nil {
			return nil, err
		}
		jobs = append(jobs, j)
	}
	for _, a := range r.ex.StaticAssets() {
		j, err := r.seed(a)
		if err != nil {
			return nil, err
		}
		jobs = append(jobs, j)
	}
	return jobs, nil
}

// planFull lists every page: the site's and every published record's with its files. A
// reconcile leaves out the records whose stamp the manifest already has.
func (r *run) planFull(units []org.Org) ([]job, error) {
	jobs, err := r.planSite(units)
	if err != nil {
		return nil, err
	}
	recs, err := r.app.PublishedExportRecords(r.ctx)
	if err != nil {
		return nil, err
	}
	atts, err := r.app.PublicFiles(r.ctx, nil)
	if err != nil {
		return nil, err
	}
	r.setAttachments(atts)
	r.recs = recs
	r.published = make(map[int64]bool, len(recs))
	for _, rec := range recs {
		r.published[rec.ID] = true
	}
	keep := map[int64]bool{}
	if r.mode == ModeReconcile && r.list != nil {
		keep = r.unchangedRecords(recs)
	}
	// Files of the records kept, from the listing, by record.
	kept := map[int64][]string{}
	if len(keep) > 0 {
		for f := range r.list.files {
			if id, ok := recordOfFile(f); ok && keep[id] {
				kept[id] = append(kept[id], f)
			}
		}
	}
	for _, rec := range recs {
		if !r.link.res.units[rec.UnitCode] {
			continue // not a pilot unit's: the dynamic site does not show it either
		}
		if keep[rec.ID] {
			for _, f := range kept[rec.ID] {
				r.produced[f] = r.list.files[f]
			}
			continue
		}
		j, err := r.seed("/" + rec.UnitCode + "/records/" + strconv.FormatInt(rec.ID, 10))
		if err != nil {
			return nil, err
		}
		jobs = append(jobs, j)
	}
	unitOf := make(map[int64]string, len(recs))
	for _, rec := range recs {
		unitOf[rec.ID] = rec.UnitCode
	}
	for _, at := range atts {
		if keep[at.RecordID] || !r.link.res.units[unitOf[at.RecordID]] {
			continue
		}
		j, err := r.seed("/" + unitOf[at.RecordID] + "/records/" + strconv.FormatInt(at.RecordID, 10) + "/files/" + at.Hash)
		if err != nil {
			return nil, err
		}
		jobs = append(jobs, j)
	}
	// Records are all planned; a link to one that is not published is a broken link.
	r.follow = func(from, t target) bool {
		switch t.Kind {
		case kindRecord, kindAttachment:
			if !r.published[t.RecordID] {
				r.brokenLink(from, t)
			}
			return false
		}
		return true
	}
	return jobs, nil
}

// recordOfFile tells the record a file of the export belongs to: UNIT/records/ID/….
func recordOfFile(f string) (int64, bool) {
	_, rest, ok := strings.Cut(f, "/records/")
	if !ok || strings.Count(f[:len(f)-len(rest)], "/") != 2 {
		return 0, false
	}
	n, _, _ := strings.Cut(rest, "/")
	id, err := strconv.ParseInt(n, 10, 64)
	return id, err == nil
}

func stampOf(rec record.ExportRef) stamp {
	return stamp{Unit: rec.UnitCode, Domain: rec.Domain, Key: rec.EntryKey, Updated: rec.UpdatedAt.UnixMicro(), Revision: rec.PublicRevision, Policy: rec.PolicyID}
}

// unchangedRecords finds the records whose page need not be rendered in a reconcile: the
// stamp is the manifest's, the page is there, and no policy or interpretation it names
// changed.
func (r *run) unchangedRecords(recs []record.ExportRef) map[int64]bool {
	changed := map[int64]bool{}
	now := map[int64]stamp{}
	for _, rec := range recs {
		s := stampOf(rec)
		now[rec.ID] = s
		if old, ok := r.list.records[rec.ID]; !ok || old != s {
			changed[rec.ID] = true
		}
	}
	for id := range r.list.records {
		if _, ok := now[id]; !ok {
			changed[id] = true
		}
	}
	// A policy page lists its interpretations; an interpretation page names its policy.
	affected := map[int64]bool{}
	for id := range changed {
		affected[id] = true
		affected[now[id].Policy] = true
		affected[r.list.records[id].Policy] = true
	}
	for id, s := range now {
		if changed[s.Policy] {
			affected[id] = true
		}
	}
	keep := map[int64]bool{}
	for id, s := range now {
		if !affected[id] && r.files.exists(s.Unit+"/records/"+strconv.FormatInt(id, 10)+"/index.html") {
			keep[id] = true
		}
	}
	return keep
}

// recordPlan is the part of an incremental run that follows the changed records.
type recordPlan struct {
	jobs     []job
	removals []string          // files of records no longer published, and stale attachments
	stamps   map[int64]stamp   // records now published among those changed
	goneIDs  []int64           // records no longer published
	entries  map[string]target // entries whose list pages were rendered
	records  map[int64]record.ExportRef
	delta    int // published records added minus removed
}

// planRecords plans the pages of the records named since the previous run: their own pages
// and files, the pages that list them (portal, unit, catalog table, entry list pages, feeds),
// policies and interpretations that name them, and their lines in the sitemaps.
func (r *run) planRecords(ids []int64) (recordPlan, error) {
	ctx := r.ctx
	p := recordPlan{stamps: map[int64]stamp{}, entries: map[string]target{}, records: map[int64]record.ExportRef{}}
	rows, err := r.app.ExportRecords(ctx, ids)
	if err != nil {
		return p, err
	}
	found := map[int64]bool{}
	var addrs []string
	var render []int64 // records whose page is rendered
	var changed []int64
	var sitemap []sitemapEdit
	listed := map[string]bool{}
	list := func(a string) {
		if !listed[a] {
			listed[a] = true
			addrs = append(addrs, a)
		}
	}
	for _, row := range rows {
		found[row.ID] = true
		if !r.link.res.units[row.UnitCode] {
			continue // not a pilot unit's: the dynamic site does not show it either
		}
		page := row.UnitCode + "/records/" + strconv.FormatInt(row.ID, 10)
		exported := r.files.exists(page + "/index.html")
		public := row.State == record.StatePublished
		if !public && !exported {
			continue // a draft, or a record the export never held
		}
		p.records[row.ID] = row
		changed = append(changed, row.ID)
		if public {
			render = append(render, row.ID)
			p.stamps[row.ID] = stampOf(row)
			if !exported {
				p.delta++
			}
		} else {
			fs, err := r.files.list(page)
			if err != nil {
				return p, err
			}
			p.removals = append(p.removals, fs...)
			p.goneIDs = append(p.goneIDs, row.ID)
			p.delta--
		}
		sitemap = append(sitemap, sitemapEdit{row: row, public: public, member: public != exported})
		u, d := "/"+row.UnitCode, "/"+row.UnitCode+"/catalog/"+row.Domain
		list("/")
		list("/feed.atom")
		list(u + "/")
		list(u + "/xxgk/")
		list(u + "/feed.atom")
		if r.unitDomains[row.UnitCode][row.Domain] { // else the unit no longer has the domain
			list(d + "/")
			list(d + "/feed.atom")
			list(d + "/entries/" + row.EntryKey)
		}
	}
	for _, id := range ids {
		if !found[id] {
			// Only records never published are ever deleted; if one of ours is gone after
			// all, start over in full.
			for _, u := range r.old.Units {
				if r.files.exists(u + "/records/" + strconv.FormatInt(id, 10) + "/index.html") {
					return p, errFallback
				}
			}
		}
	}
	// Policies named by changed records, and interpretations of changed records.
	var policies []int64
	for _, id := range changed {
		if pid := p.records[id].PolicyID; pid != 0 {
			policies = append(policies, pid)
		}
	}
	related, err := r.app.ExportRecords(ctx, policies)
	if err != nil {
		return p, err
	}
	interps, err := r.app.PublishedInterpretationsOf(ctx, changed)
	if err != nil {
		return p, err
	}
	inPlan := map[int64]bool{}
	for _, id := range render {
		inPlan[id] = true
	}
	for _, rec := range append(related, interps...) {
		if rec.State == record.StatePublished && !inPlan[rec.ID] && p.records[rec.ID].ID == 0 && r.link.res.units[rec.UnitCode] {
			inPlan[rec.ID] = true
			render = append(render, rec.ID)
			addrs = append(addrs, "/"+rec.UnitCode+"/records/"+strconv.FormatInt(rec.ID, 10))
		}
	}
	atts, err := r.app.PublicFiles(ctx, render)
	if err != nil {
		return p, err
	}
	r.setAttachments(atts)
	for _, id := range render {
		if row, ok := p.records[id]; ok {
			addrs = append(addrs, "/"+row.UnitCode+"/records/"+strconv.FormatInt(id, 10))
			// Files of the record that are no longer among its attachments.
			dir := row.UnitCode + "/records/" + strconv.FormatInt(id, 10) + "/files"
			fs, err := r.files.list(dir)
			if err != nil {
				return p, err
			}
			want := map[string]bool{}
			for hash, e := range r.attExt[id] {
				want[dir+"/"+hash+e] = true
				addrs = append(addrs, "/"+row.UnitCode+"/records/"+strconv.FormatInt(id, 10)+"/files/"+hash)
			}
			for _, f := range fs {
				if !want[f] {
					p.removals = append(p.removals, f)
				}
			}
		}
	}
	for _, a := range addrs {
		j, err := r.seed(a)
		if err != nil {
			return p, err
		}
		if j.t.Kind == kindEntry {
			p.entries[j.t.Entry] = j.t
		}
		p.jobs = append(p.jobs, j)
	}
	if r.mode == ModeIncremental {
		sj, err := r.planSitemap(sitemap)
		if err != nil {
			return p, err
		}
		p.jobs = append(p.jobs, sj...)
	}
	// Follow an entry's list pages from one to the next, and the parts of a sitemap index.
	r.follow = func(from, t target) bool {
		return t.Kind == kindEntry && t.Entry == from.Entry || t.Kind == kindSitemapPart && from.Kind == kindSitemapIndex
	}
	return p, nil
}

// sitemapEdit is a changed record as the sitemaps see it.
type sitemapEdit struct {
	row    record.ExportRef
	public bool // published now
	member bool // joined or left the published records
}

// planSitemap edits the records sitemaps for the changed records: their lines where only a
// date changed, and the last part where records joined or left it. Anything else moves the
// parts' boundaries, and the index and its parts are rendered again.
func (r *run) planSitemap(edits []sitemapEdit) ([]job, error) {
	if len(edits) == 0 {
		return nil, nil
	}
	afters := r.old.SitemapAfters
	whole := func() ([]job, error) {
		j, err := r.seed("/sitemap.xml")
		return []job{j}, err
	}
	if len(afters) == 0 {
		return whole()
	}
	base := r.link.base
	if r.link.placeholder {
		base = ""
	}
	parts := map[int][]urlChange{}
	last := len(afters) - 1
	for _, e := range edits {
		i := sort.Search(len(afters), func(i int) bool { return afters[i] >= e.row.ID }) - 1
		if i < 0 || e.member && i != last {
			return whole()
		}
		parts[i] = append(parts[i], urlChange{id: e.row.ID, loc: base + "/" + e.row.UnitCode + "/records/" + strconv.FormatInt(e.row.ID, 10),
			lastmod: e.row.UpdatedAt.UTC().Format("2006-01-02"), remove: !e.public})
	}
	var jobs []job
	for i, chs := range parts {
		j, err := r.seed("/sitemap.xml?part=records&after=" + strconv.FormatInt(afters[i], 10))
		if err != nil {
			return nil, err
		}
		j.patch = chs
		jobs = append(jobs, j)
	}
	return jobs, nil
}
