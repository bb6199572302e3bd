package export

import (
	"bytes"
	"fmt"
	"os"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"

	"gongkai/internal/org"
	"gongkai/internal/record"
	"gongkai/internal/web"
)

// work renders the jobs with a bounded pool of workers; pages found by following links join
// the queue.
func (r *run) work(jobs []job) error {
	jobs = r.batched(jobs)
	stop := r.startWriters()
	defer stop()
	r.mu.Lock()
	for _, j := range jobs {
		r.push(j)
	}
	r.mu.Unlock()
	var wg sync.WaitGroup
	for range r.workers {
		wg.Go(func() {
			for {
				j, ok := r.next()
				if !ok {
					return
				}
				err := r.do(j)
				r.mu.Lock()
				r.pending--
				if err != nil && r.failed == nil {
					r.failed = err
				}
				if r.pending == 0 || r.failed != nil {
					r.cond.Broadcast()
				}
				r.mu.Unlock()
			}
		})
	}
	wg.Wait()
	stop()
	return r.failed
}

// fileWrite is a file for the writers to stage.
type fileWrite struct {
	file    string
	body    []byte
	existed bool
}

// startWriters starts as many writers as there are workers: the workers hand them the files
// to write and go on rendering, so that the file system's latency (creating a file costs
// more than rendering a page on a virtual disk) overlaps with rendering. The channel holds a
// few files per writer, so a slow disk holds the workers back rather than filling memory.
// The returned stop waits for every file handed over; a failed write fails the run.
func (r *run) startWriters() (stop func()) {
	r.writes = make(chan fileWrite, 4*r.workers)
	var wg sync.WaitGroup
	for range r.workers {
		wg.Go(func() {
			for w := range r.writes {
				if err := r.files.put(w.file, w.body, w.existed); err != nil {
					r.mu.Lock()
					if r.failed == nil {
						r.failed = fmt.Errorf("无法写入导出目录：%v", err)
					}
					r.cond.Broadcast()
					r.mu.Unlock()
				}
			}
		})
	}
	return sync.OnceFunc(func() {
		close(r.writes)
		wg.Wait()
	})
}

// push queues a job unless its address was queued before; r.mu is held. An edit of a
// sitemap part counts apart from rendering it, which a failed edit may still need. A batch
// of record pages keeps the pages not queued before.
func (r *run) push(j job) {
	if j.batch != nil {
		var b []job
		for _, x := range j.batch {
			if !r.seen[x.t.URL] {
				r.seen[x.t.URL] = true
				b = append(b, x)
			}
		}
		if len(b) == 0 {
			return
		}
		j.batch = b
	} else {
		key := j.t.URL
		if j.patch != nil {
			key = "edit " + key
		}
		if r.seen[key] {
			return
		}
		r.seen[key] = true
	}
	r.queue = append(r.queue, j)
	r.pending++
	r.cond.Signal()
}

func (r *run) next() (job, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for len(r.queue) == 0 && r.pending > 0 && r.failed == nil {
		r.cond.Wait()
	}
	if r.failed != nil || len(r.queue) == 0 {
		return job{}, false
	}
	j := r.queue[len(r.queue)-1]
	r.queue = r.queue[:len(r.queue)-1]
	return j, true
}

func (r *run) brokenLink(from, t target) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.brokenN++
	if len(r.broken) < 10 {
		r.broken = append(r.broken, from.URL+" → "+t.URL)
	}
}

// do renders one address (or edits one sitemap part) and stages the file if it changed.
func (r *run) do(j job) error {
	if err := r.ctx.Err(); err != nil {
		return err
	}
	if j.batch != nil {
		return r.doBatch(j.batch)
	}
	t := j.t
	if j.patch != nil {
		if body, ok := patchSitemapPart(r.files.read(t.File), j.patch, r.chunk); ok {
			r.count()
			return r.save(t, body)
		}
		// Not in the expected form, or a boundary moves: the index and its parts anew.
		idx, err := r.seed("/sitemap.xml")
		if err != nil {
			return err
		}
		r.mu.Lock()
		r.push(idx)
		r.mu.Unlock()
		return nil
	}
	if t.Kind == kindAttachment && !r.opts.Full {
		// Attachment files are named by their content's hash: one that is there is right.
		if r.files.exists(t.File) {
			h := ""
			if r.list != nil {
				h = r.list.files[t.File]
			}
			if h == "" && r.mode != ModeIncremental { // the listing of a full run needs it
				h = hashOf(r.files.read(t.File))
			}
			r.mu.Lock()
			r.produced[t.File] = h
			r.mu.Unlock()
			return nil
		}
	}
	page, err := r.ex.Render(r.ctx, t.URL)
	if err != nil {
		return err
	}
	return r.take(j, page)
}

// take handles a rendered page: follows its links, rewrites them and stages the file.
func (r *run) take(j job, page web.ExportPage) error {
	t := j.t
	r.count()
	if page.Status != 200 {
		return r.missing(j, page.Status)
	}
	body := page.Body
	var afters []int64
	found := func(x target) {
		if t.Kind == kindSitemapIndex && x.Kind == kindSitemapPart && x.After >= 0 {
			afters = append(afters, x.After)
		}
		if r.follow == nil || !r.follow(t, x) {
			return
		}
		r.mu.Lock()
		r.push(job{t: x, from: t.URL})
		r.mu.Unlock()
	}
	switch ct := page.Header.Get("Content-Type"); {
	case strings.HasPrefix(ct, "text/html"):
		body = r.link.rewriteHTML(t, body, found)
	case t.Kind == kindFeed || t.Kind == kindSitemapIndex || t.Kind == kindSitemapPart:
		body = r.link.rewriteXML(body, found)
	}
	r.mu.Lock()
	switch t.Kind {
	case kindSitemapIndex:
		sort.Slice(afters, func(i, j int) bool { return afters[i] < afters[j] })
		r.afters, r.indexDone = afters, true
	case kindEntry:
		r.entryMax[t.Entry] = max(r.entryMax[t.Entry], t.Page)
	}
	r.mu.Unlock()
	return r.save(t, body)
}

// missing handles an address that did not answer 200. A link found on a page is a broken
// link, reported but not fatal. A planned entry page may be gone (its entry left the
// catalog), and so may a record withdrawn since the run listed it; anything else planned
// must exist, and its absence fails the run rather than removing a page that should be
// there (the record page answers 404 for any error loading the record).
func (r *run) missing(j job, status int) error {
	t := j.t
	gone := false
	switch {
	case status >= 500:
	case !j.seeded:
		r.brokenLink(target{URL: j.from}, t)
		return nil
	case t.Kind == kindEntry:
		gone = true
	case t.Kind == kindRecord || t.Kind == kindAttachment:
		rows, err := r.app.ExportRecords(r.ctx, []int64{t.RecordID})
		if err != nil {
			return err
		}
		gone = len(rows) == 0 || rows[0].State != record.StatePublished
	}
	if !gone {
		return fmt.Errorf("页面 %s 未能生成（HTTP %d），导出目录未做任何改动", t.URL, status)
	}
	r.mu.Lock()
	r.gone = append(r.gone, t)
	r.mu.Unlock()
	return nil
}

func (r *run) count() {
	r.mu.Lock()
	r.rendered++
	r.mu.Unlock()
}

// save stages a file unless the export already holds exactly this content, so that an
// unchanged file keeps its modification time and a deployment that copies changed files
// copies only those.
func (r *run) save(t target, body []byte) error {
	h := hashOf(body)
	same, existed := false, false
	if r.list != nil {
		if old, ok := r.list.files[t.File]; ok {
			existed = r.files.exists(t.File)
			same = existed && old == h
		} else if cur := r.files.read(t.File); cur != nil {
			existed, same = true, bytes.Equal(cur, body)
		}
	} else if cur := r.files.read(t.File); cur != nil {
		existed, same = true, bytes.Equal(cur, body)
	}
	if !same {
		r.writes <- fileWrite{t.File, body, existed}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.produced[t.File] = h
	if !same {
		r.written[t.File] = true
		if !existed {
			r.added++
		}
	}
	return nil
}

// removals lists the files to remove after rendering: in full runs every file of the
// export's own (the listing's, and whatever lies in the units' and static directories) that
// the run did not produce; otherwise the records no longer published, entry list pages past
// the last one, sitemap parts no longer listed and pages that no longer exist.
func (r *run) removals(plan recordPlan, units []org.Org) ([]string, error) {
	out := map[string]bool{}
	for _, f := range plan.removals {
		out[f] = true
	}
	for _, t := range r.gone {
		if r.files.exists(t.File) {
			out[t.File] = true
		}
	}
	switch r.mode {
	case ModeFull, ModeReconcile:
		if r.list != nil {
			for f := range r.list.files {
				out[f] = true
			}
		}
		dirs := map[string]bool{"static": true}
		for _, u := range units {
			dirs[u.Code] = true
		}
		if r.old != nil {
			for _, u := range r.old.Units {
				dirs[u] = true
			}
		}
		for d := range dirs {
			if !safeSegment(d) {
				continue
			}
			fs, err := r.files.list(d)
			if err != nil {
				return nil, err
			}
			for _, f := range fs {
				out[f] = true
			}
		}
		ents, err := os.ReadDir(r.opts.Dir)
		if err != nil {
			return nil, err
		}
		for _, e := range ents {
			if e.Type().IsRegular() && generatedTopLevel(e.Name()) {
				out[e.Name()] = true
			}
		}
	case ModePages:
		for f := range r.list.files {
			if _, isRecord := recordOfFile(f); !isRecord {
				out[f] = true
			}
		}
	case ModeIncremental:
		for entry, t := range plan.entries {
			last := r.entryMax[entry]
			dir := path.Dir(t.File) + "/page"
			fs, err := r.files.list(dir)
			if err != nil {
				return nil, err
			}
			for _, f := range fs {
				n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(f, dir+"/"), "/index.html"))
				if err == nil && n > last {
					out[f] = true
				}
			}
		}
		if r.indexDone {
			ents, err := os.ReadDir(r.opts.Dir)
			if err != nil {
				return nil, err
			}
			for _, e := range ents {
				if n := e.Name(); strings.HasPrefix(n, "sitemap-records-") && e.Type().IsRegular() {
					out[n] = true
				}
			}
		}
	}
	var list []string
	for f := range out {
		if _, keep := r.produced[f]; !keep {
			list = append(list, f)
		}
	}
	sort.Strings(list)
	return list, nil
}
