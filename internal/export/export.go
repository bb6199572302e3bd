// Package export writes the public site as static files (gongkai export-site), for the
// common setup where staff work on an internal network and the internet-facing server only
// serves files. Every page is rendered in-process by the live site's own handlers, so a static
// page is the page a visitor of the dynamic site gets; only its links change, to relative
// links between the files (…/index.html included, so the export also works from file://),
// while search, ratings, sign-in and the large-text switch point to the dynamic site.
//
// A second run is incremental: it asks the audit log which records changed since the first,
// re-renders their pages and the pages that list them, removes the pages of records that are
// no longer published, and leaves every other file untouched. See Run for when a run does
// more.
package export

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"gongkai/internal/app"
	"gongkai/internal/errs"
	"gongkai/internal/org"
	"gongkai/internal/record"
	"gongkai/internal/web"
)

// Options configure a run.
type Options struct {
	// Dir is the export directory; it is created if missing.
	Dir string
	// DynamicURL is the address of the dynamic site (gongkai serve), e.g.
	// https://gk.example.gov.cn, for search, ratings, sign-in and the large-text switch.
	// Empty keeps those links root-relative (/search, /ratings), for a reverse proxy in front
	// of the static files that passes them to gongkai serve.
	DynamicURL string
	// Full re-renders every page, whatever the manifest says.
	Full bool
	// Workers bounds how many pages render at once; 0 means one per CPU.
	Workers int
	// perPage renders every record page through its handler, one by one, as exports did
	// before record pages were rendered in bulk: the reference of the tests that compare both.
	perPage bool
}

// Mode is what a run found it had to do.
type Mode string

// The modes of a run, from the most to the least work.
const (
	// ModeFull renders every page: the first run, --full, another build of gongkai, other
	// settings, or a change of the organisations, domains or calendar (which appear on every
	// record page).
	ModeFull Mode = "full"
	// ModeReconcile renders every page but the records whose stamp (updated_at, public
	// revision) is the one the manifest has: the audit log no longer covers the export, as
	// after restoring the database from a backup.
	ModeReconcile Mode = "reconcile"
	// ModePages renders every page but the record pages, plus the changed records: a
	// catalog version took effect.
	ModePages Mode = "pages"
	// ModeIncremental renders the changed records and the pages that list them.
	ModeIncremental Mode = "incremental"
	// ModeUnchanged renders nothing: no public content changed.
	ModeUnchanged Mode = "unchanged"
)

// Result is what a run did.
type Result struct {
	Mode     Mode
	Rendered int // pages and files rendered (or, for sitemaps, edited)
	Written  int // files written because they were new or changed
	Removed  int // files removed
	Files    int // files in the export after the run
	Records  int // published records in the export
	// Broken lists up to ten links of exported pages to pages the export could not
	// produce, as "page → address"; BrokenCount counts them all.
	Broken      []string
	BrokenCount int
	Elapsed     time.Duration
}

// maxTouched bounds how many changed records an incremental run takes on; beyond it a
// reconcile costs about the same and keeps memory bounded.
const maxTouched = 20000

// errFallback makes an incremental run start over as a full one.
var errFallback = errors.New("export: incremental run not possible")

// job is one address to render, or one sitemap part to edit.
type job struct {
	t      target
	seeded bool   // planned, rather than found on a page
	from   string // the page it was found on
	patch  []urlChange
	batch  []job // planned record pages rendered together (doBatch); t is then empty
}

// run is the state of one export run.
type run struct {
	ctx     context.Context
	app     *app.App
	ex      *web.Exporter
	opts    Options
	link    *linker
	files   *stager
	old     *header
	list    *listing // the previous listing; nil when not read (incremental runs)
	mode    Mode
	chunk   int // records per sitemap part
	workers int

	unitDomains map[string]map[string]bool // the pilot units and their domains
	// Fixed before rendering starts.
	attExt    map[int64]map[string]string // record → attachment hash → file extension
	recs      []record.ExportRef          // full modes: the published records
	published map[int64]bool              // full modes: the records to export
	follow    func(from, t target) bool
	writes    chan fileWrite // to the writers (startWriters) while work runs

	mu        sync.Mutex
	cond      *sync.Cond
	queue     []job
	pending   int
	failed    error
	seen      map[string]bool
	produced  map[string]string // file → hash: what the export holds that this run rendered or kept
	written   map[string]bool
	added     int // written files that did not exist before (incremental)
	gone      []target
	broken    []string
	brokenN   int
	rendered  int
	afters    []int64
	indexDone bool
	entryMax  map[string]int // entry → last list page rendered
}

// Run exports the public site of a into opts.Dir.
//
// Which pages a run renders follows from the manifest the previous run left: nothing when the
// content version (advanced with every public change) has not moved; the records named by
// audit entries since the previous run and the pages that list them when it has; the
// non-record pages too when a catalog version took effect; everything when the
// organisations, domains, calendar, settings or the build of gongkai changed, or with
// opts.Full. Whatever it renders, a file is written only when its content changed.
//
// A run that fails leaves the export and its manifest as they were: new files are staged
// and moved into place only after every page rendered, and the manifest is written last.
func Run(ctx context.Context, a *app.App, opts Options) (Result, error) {
	start := time.Now()
	if opts.Dir == "" {
		return Result{}, errs.E(errs.Invalid, "须指定导出目录")
	}
	dyn, err := CleanURL(opts.DynamicURL)
	if err != nil {
		return Result{}, errs.E(errs.Invalid, "动态站点地址 %q 无效：须为 http(s):// 开头、不含查询参数的地址", opts.DynamicURL)
	}
	opts.DynamicURL = dyn
	if err := os.MkdirAll(opts.Dir, 0o755); err != nil {
		return Result{}, fmt.Errorf("无法创建导出目录 %s：%v", opts.Dir, err)
	}
	unlock, err := lockDir(opts.Dir)
	if err != nil {
		return Result{}, err
	}
	defer unlock()
	srv, err := web.New(a)
	if err != nil {
		return Result{}, err
	}
	base, err := CleanURL(a.Cfg.BaseURL)
	if err != nil {
		return Result{}, errs.E(errs.Invalid, "站点地址 %q 无效", a.Cfg.BaseURL)
	}
	host := placeholderHost
	if base != "" {
		u, _ := url.Parse(base)
		host = u.Host
	}
	l := &linker{dynamic: dyn, base: base, res: &resolver{units: map[string]bool{}}}
	if base == "" {
		l.base, l.placeholder = "http://"+placeholderHost, true
	}
	old, err := readHeader(opts.Dir)
	if err != nil {
		return Result{}, fmt.Errorf("无法读取导出清单：%v", err)
	}
	files, err := newStager(opts.Dir)
	if err != nil {
		return Result{}, err
	}
	if _, err := os.Stat(filepath.Join(opts.Dir, headerName)); errors.Is(err, fs.ErrNotExist) {
		files.direct = true // a first export: nothing to keep intact
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	r := &run{ctx: ctx, app: a, ex: srv.Exporter(host), opts: opts, link: l, files: files, old: old,
		chunk: web.SitemapChunkSize(), workers: workers}
	l.res.ext = r.ext
	res, err := r.export()
	if errors.Is(err, errFallback) {
		r.reset()
		r.old = nil
		res, err = r.export()
	}
	if err != nil {
		files.discard()
		return Result{}, err
	}
	res.Elapsed = time.Since(start)
	return res, nil
}

// CleanURL checks an address given for the dynamic site or the site itself and drops a
// trailing slash; empty stays empty.
func CleanURL(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return "", fmt.Errorf("bad URL %q", s)
	}
	return strings.TrimRight(s, "/"), nil
}

// reset clears what a run gathered, before it starts over.
func (r *run) reset() {
	r.list, r.attExt, r.recs, r.published, r.follow = nil, nil, nil, nil, nil
	r.queue, r.pending, r.failed, r.seen = nil, 0, nil, nil
	r.produced, r.written, r.added, r.gone = nil, nil, 0, nil
	r.broken, r.brokenN, r.rendered, r.afters, r.indexDone, r.entryMax = nil, 0, 0, nil, false, nil
	r.files.discard()
	r.files.staged = nil
}

// export decides what to render and does it.
func (r *run) export() (Result, error) {
	ctx := r.ctx
	if err := r.app.RefreshPlannerStats(ctx); err != nil {
		return Result{}, fmt.Errorf("无法更新数据库统计信息：%v", err)
	}
	// The content version first and the audit cursor second: a change that commits in
	// between is then rendered now and seen again next time, never missed.
	version, err := r.app.ContentVersion(ctx)
	if err != nil {
		return Result{}, err
	}
	cursor, err := r.app.AuditHead(ctx)
	if err != nil {
		return Result{}, err
	}
	siteFP, units, err := r.siteFingerprint()
	if err != nil {
		return Result{}, err
	}
	r.link.res.units, r.unitDomains = map[string]bool{}, map[string]map[string]bool{}
	for _, u := range units {
		r.link.res.units[u.Code] = true
		r.unitDomains[u.Code] = map[string]bool{}
		for _, d := range u.Domains {
			r.unitDomains[u.Code][d] = true
		}
	}
	catFP, err := r.app.CatalogsFingerprint(ctx)
	if err != nil {
		return Result{}, err
	}
	h := r.old
	switch {
	case r.opts.Full || h == nil || h.SiteFingerprint != siteFP:
		r.mode = ModeFull
	case cursor < h.AuditID:
		r.mode = ModeReconcile
	case h.CatalogsFingerprint != catFP:
		r.mode = ModePages
	case version == h.ContentVersion:
		return Result{Mode: ModeUnchanged, Files: h.Files, Records: h.Records}, nil
	default:
		r.mode = ModeIncremental
	}
	var touched []int64
	if r.mode == ModePages || r.mode == ModeIncremental {
		var more bool
		touched, more, err = r.app.RecordsTouchedSince(ctx, h.AuditID, cursor, maxTouched)
		if err != nil {
			return Result{}, err
		}
		if more {
			r.mode = ModeReconcile
		}
	}
	if r.mode != ModeIncremental && h != nil {
		if r.list, err = readListing(r.opts.Dir, h); err != nil {
			// A damaged manifest: start afresh, comparing with the files themselves.
			r.app.Log.Warn("export manifest unreadable; exporting in full", "err", err)
			r.list, r.mode = nil, ModeFull
		}
	}
	r.seen, r.produced, r.written, r.entryMax = map[string]bool{}, map[string]string{}, map[string]bool{}, map[string]int{}
	r.cond = sync.NewCond(&r.mu)
	var jobs []job
	var plan recordPlan
	switch r.mode {
	case ModeFull, ModeReconcile:
		if jobs, err = r.planFull(units); err != nil {
			return Result{}, err
		}
	case ModePages:
		if jobs, err = r.planSite(units); err != nil {
			return Result{}, err
		}
		if plan, err = r.planRecords(touched); err != nil {
			return Result{}, err
		}
		jobs = append(jobs, plan.jobs...)
		// Every page but the record pages, which do not show catalogs.
		r.follow = func(from, t target) bool { return t.Kind != kindRecord && t.Kind != kindAttachment }
	case ModeIncremental:
		if plan, err = r.planRecords(touched); err != nil {
			return Result{}, err
		}
		jobs = plan.jobs
	}
	if err := r.work(jobs); err != nil {
		return Result{}, err
	}
	removals, err := r.removals(plan, units)
	if err != nil {
		return Result{}, err
	}
	if err := r.files.commit(removals, 2*r.workers); err != nil {
		return Result{}, fmt.Errorf("无法写入导出目录：%v", err)
	}
	return r.finish(version, cursor, siteFP, catFP, units, plan, removals)
}

// siteFingerprint hashes what every page depends on besides records and catalogs: the build
// of gongkai, the settings shown on pages, the organisations, the domains and the calendar.
// When it changes, every page is rendered again.
func (r *run) siteFingerprint() (string, []org.Org, error) {
	ctx := r.ctx
	h := sha256.New()
	fmt.Fprintf(h, "format %d\n", manifestFormat)
	tf, err := web.TemplatesFingerprint()
	if err != nil {
		return "", nil, err
	}
	fmt.Fprintf(h, "templates %s\n", tf)
	fmt.Fprintf(h, "binary %s\n", buildID())
	c := r.app.Cfg
	fmt.Fprintf(h, "settings %q %q %q %q %q %q\n", c.SiteName, c.SiteID, c.ICP, c.PSB, c.BaseURL, r.opts.DynamicURL)
	orgs, err := r.app.Orgs(ctx)
	if err != nil {
		return "", nil, err
	}
	var units []org.Org
	for _, o := range orgs {
		fmt.Fprintf(h, "org %d %d %q %q %q %q %q %q %d %t %q\n", o.ID, o.ParentID, o.Code, o.Name, o.Kind, o.UnitType, o.CreditCode, o.Path, o.Sort, o.Sample, o.Domains)
		if o.Kind == org.KindUnit {
			units = append(units, o)
		}
	}
	domains, err := r.app.Domains(ctx)
	if err != nil {
		return "", nil, err
	}
	for _, d := range domains {
		fmt.Fprintf(h, "domain %q %q %d\n", d.Code, d.Name, d.Sort)
	}
	cal, err := r.app.CalendarVersion(ctx)
	if err != nil {
		return "", nil, err
	}
	fmt.Fprintf(h, "calendar %q\n", cal)
	return hex.EncodeToString(h.Sum(nil)[:16]), units, nil
}

// buildID identifies the build of gongkai that renders: the handlers' code shapes pages as
// much as the templates do. It is the Go build ID, which the toolchain derives from the
// inputs of the build, so that rebuilding the same sources (go run does so every time) does
// not count as a change. On Linux it is the descriptor of the ELF note "Go" of type 4 in the
// first page of the executable; other formats carry it in the text as `\xff Go build ID:
// "…"`. Failing both, the executable's size and time stand in. It is read once per process.
var buildID = sync.OnceValue(readBuildID)

func readBuildID() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	f, err := os.Open(exe)
	if err != nil {
		return ""
	}
	defer f.Close()
	head := make([]byte, 64<<10)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	le := func(b []byte) int { return int(b[0]) | int(b[1])<<8 | int(b[2])<<16 | int(b[3])<<24 }
	for off := 0; ; {
		i := bytes.Index(head[off:], []byte("Go\x00\x00"))
		if i < 0 {
			break
		}
		i += off
		off = i + 4
		if i >= 12 && le(head[i-12:]) == 4 && le(head[i-4:]) == 4 {
			if size := le(head[i-8:]); size > 0 && size < 200 && i+4+size <= len(head) {
				return string(head[i+4 : i+4+size])
			}
		}
	}
	const marker = "\xff Go build ID: \""
	if i := bytes.Index(head, []byte(marker)); i >= 0 {
		rest := head[i+len(marker):]
		if j := bytes.IndexByte(rest, '"'); j > 0 {
			return string(rest[:j])
		}
	}
	if fi, err := f.Stat(); err == nil {
		return fmt.Sprintf("%d %d", fi.Size(), fi.ModTime().UnixNano())
	}
	return ""
}

// finish writes the manifest and tells what the run did.
func (r *run) finish(version, cursor int64, siteFP, catFP string, units []org.Org, plan recordPlan, removed []string) (Result, error) {
	dir := r.opts.Dir
	h := header{Format: manifestFormat, Generator: "gongkai export-site", ExportedAt: r.app.Now().UTC().Truncate(time.Second), Mode: string(r.mode),
		ContentVersion: version, AuditID: cursor, SiteFingerprint: siteFP, CatalogsFingerprint: catFP,
		BaseURL: r.app.Cfg.BaseURL, DynamicURL: r.opts.DynamicURL, SitemapAfters: r.afters}
	for _, u := range units {
		h.Units = append(h.Units, u.Code)
	}
	if !r.indexDone && r.old != nil {
		h.SitemapAfters = r.old.SitemapAfters
	}
	removedSet := map[string]bool{}
	for _, f := range removed {
		removedSet[f] = true
	}
	switch r.mode {
	case ModeIncremental:
		var j journalLines
		files := make([]string, 0, len(r.written))
		for f := range r.written {
			files = append(files, f)
		}
		sort.Strings(files)
		for _, f := range files {
			j.file(f, r.produced[f])
		}
		for _, f := range removed {
			j.removed(f)
		}
		ids := make([]int64, 0, len(plan.stamps))
		for id := range plan.stamps {
			ids = append(ids, id)
		}
		sort.Slice(ids, func(a, b int) bool { return ids[a] < ids[b] })
		for _, id := range ids {
			j.record(id, plan.stamps[id])
		}
		for _, id := range plan.goneIDs {
			j.recordGone(id)
		}
		n, err := appendJournal(dir, r.old.JournalBytes, j.Bytes())
		if err != nil {
			return Result{}, fmt.Errorf("无法写入导出清单：%v", err)
		}
		h.JournalBytes = n
		h.Files = r.old.Files + r.added - len(removed)
		h.Records = r.old.Records + plan.delta
	default:
		l := &listing{files: map[string]string{}, records: map[int64]stamp{}}
		if r.mode == ModePages {
			// Record files and stamps carry over; the changed records' update them.
			for f, hash := range r.list.files {
				if !removedSet[f] {
					l.files[f] = hash
				}
			}
			for id, s := range r.list.records {
				l.records[id] = s
			}
			for _, id := range plan.goneIDs {
				delete(l.records, id)
			}
			for id, s := range plan.stamps {
				l.records[id] = s
			}
		} else {
			for _, rec := range r.recs {
				l.records[rec.ID] = stampOf(rec)
			}
		}
		for f, hash := range r.produced {
			l.files[f] = hash
		}
		if err := writeListing(dir, l); err != nil {
			return Result{}, fmt.Errorf("无法写入导出清单：%v", err)
		}
		if err := resetJournal(dir); err != nil {
			return Result{}, err
		}
		h.Files, h.Records = len(l.files), len(l.records)
	}
	if err := writeHeader(dir, &h); err != nil {
		return Result{}, fmt.Errorf("无法写入导出清单：%v", err)
	}
	return Result{Mode: r.mode, Rendered: r.rendered, Written: len(r.written), Removed: len(removed), Files: h.Files, Records: h.Records,
		Broken: r.broken, BrokenCount: r.brokenN}, nil
}
