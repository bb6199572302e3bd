package export_test

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"gongkai/internal/app"
	"gongkai/internal/export"
	"gongkai/internal/record"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
	"gongkai/internal/web"
)

// TestExportBenchmark measures the static export of a site of GONGKAI_BENCH_EXPORT_N records
// (default 100,000; the corpus of internal/search/corpus on the 30 units of the corpus with
// all 25 domains): pages per second for a full export, and the time of a re-export after one
// record changed, after one was newly published and after one was withdrawn. It is a
// benchmark, not a test (no time is asserted), and runs only with GONGKAI_BENCH_EXPORT=1:
//
//	GONGKAI_BENCH_EXPORT=1 go test -run ExportBenchmark -v -timeout 2h ./internal/export/
//
// The handlers' cost per page is sampled before the first export, on the freshly loaded
// database, and after it, once the export has had SQLite gather planner statistics.
func TestExportBenchmark(t *testing.T) {
	if os.Getenv("GONGKAI_BENCH_EXPORT") != "1" {
		t.Skip("benchmark: set GONGKAI_BENCH_EXPORT=1 to run it")
	}
	n := 100000
	if v := os.Getenv("GONGKAI_BENCH_EXPORT_N"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil {
			t.Fatal(err)
		}
	}
	ctx := context.Background()
	s := storetest.OpenSQLite(t)
	start := time.Now()
	w := newCorpusWorld(t, s, n)
	t.Logf("loaded %d records in %s", n, time.Since(start).Round(time.Second))
	sampleHandlers(t, w, "before the export, without planner statistics")
	w.app.Cfg.BaseURL = "https://www.example.gov.cn"
	u := w.units["610112"]
	es := w.entries["610112/shjz"]
	who := func(role string) *app.Principal { return w.people[role] }
	act := func(role string, id int64, a record.Action) {
		if _, err := w.app.Act(ctx, who(role), id, a); err != nil {
			t.Fatalf("%s %s: %v", role, a.Kind, err)
		}
	}
	create := func(title string) int64 {
		r, err := w.app.CreateRecord(ctx, who("editor"), u, "shjz", es[0].ID, app.RecordInput{FormedOn: formedToday(), Kind: record.KindOther, Title: title,
			Summary: "基准测试", BodyHTML: "<p>基准测试正文。</p>", Subject: "17.3", Issuer: u.Name})
		if err != nil {
			t.Fatal(err)
		}
		return r.ID
	}
	toApproval := func(id int64) {
		act("editor", id, record.Action{Kind: record.ActionSubmit})
		act("reviewer", id, record.Action{Kind: record.ActionReviewPass})
	}
	// A record published through the procedure, to amend later; and one waiting for approval.
	amended := create("基准测试：将修订的信息")
	toApproval(amended)
	act("approver", amended, record.Action{Kind: record.ActionApprove})
	waiting := create("基准测试：新发布的信息")
	toApproval(waiting)

	dir := t.TempDir()
	run := func(full bool) export.Result {
		res, err := export.Run(ctx, w.app, export.Options{Dir: dir, DynamicURL: "https://gk.example.gov.cn", Full: full})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	res := run(false)
	t.Logf("full export: %d pages and files rendered, %d written, %s: %.0f pages/s", res.Rendered, res.Written,
		res.Elapsed.Round(time.Millisecond), float64(res.Rendered)/res.Elapsed.Seconds())
	sampleHandlers(t, w, "after the export, with planner statistics")

	var times []time.Duration
	for i := range 5 {
		act("editor", amended, record.Action{Kind: record.ActionRevise})
		cur, err := w.app.CurrentRevision(ctx, amended)
		if err != nil {
			t.Fatal(err)
		}
		in := inputOf(cur)
		in.Title, in.ChangeNote = fmt.Sprintf("基准测试：将修订的信息（第%d次修订）", i+1), "修订"
		if _, err := w.app.EditRecord(ctx, who("editor"), amended, in); err != nil {
			t.Fatal(err)
		}
		toApproval(amended)
		act("approver", amended, record.Action{Kind: record.ActionApprove})
		res := run(false)
		times = append(times, res.Elapsed)
		t.Logf("one record amended: %s, %d rendered, %d written, %s", res.Mode, res.Rendered, res.Written, res.Elapsed.Round(time.Microsecond))
	}
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	t.Logf("one record amended, 5 runs: median %s, min %s, max %s", times[2].Round(time.Microsecond), times[0].Round(time.Microsecond), times[4].Round(time.Microsecond))

	act("approver", waiting, record.Action{Kind: record.ActionApprove})
	res = run(false)
	t.Logf("one record newly published: %s, %d rendered, %d written, %s", res.Mode, res.Rendered, res.Written, res.Elapsed.Round(time.Microsecond))

	res = run(false)
	t.Logf("nothing changed: %s, %s", res.Mode, res.Elapsed.Round(time.Microsecond))

	// A record in the middle of the ID range: the records sitemaps' boundaries move.
	mid := int64(n / 2)
	for ; ; mid++ {
		row, err := s.RecordRowByID(ctx, mid)
		if err != nil {
			t.Fatal(err)
		}
		if row.UnitID == u.ID {
			break
		}
	}
	act("approver", mid, record.Action{Kind: record.ActionWithdraw, Reason: "基准测试"})
	res = run(false)
	t.Logf("one record withdrawn (sitemaps re-rendered): %s, %d rendered, %d written, %d removed, %s", res.Mode, res.Rendered, res.Written, res.Removed, res.Elapsed.Round(time.Millisecond))

	res = run(true)
	t.Logf("forced full re-export of an up-to-date export: %d rendered, %d written, %s: %.0f pages/s", res.Rendered, res.Written,
		res.Elapsed.Round(time.Millisecond), float64(res.Rendered)/res.Elapsed.Seconds())

	cpu := "unknown CPU"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if name, ok := strings.CutPrefix(line, "model name"); ok {
				cpu = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(name), ":"))
				break
			}
		}
	}
	t.Logf("machine: %s, GOMAXPROCS %d, %s %s/%s, %s", cpu, runtime.GOMAXPROCS(0), runtime.Version(), runtime.GOOS, runtime.GOARCH, time.Now().Format("2006-01-02"))
}

// sampleHandlers times the live handlers for a sample of pages, one at a time: what a page
// costs to render before the export adds anything.
func sampleHandlers(t *testing.T, w *corpusWorld, label string) {
	t.Helper()
	srv, err := web.New(w.app)
	if err != nil {
		t.Fatal(err)
	}
	ex := srv.Exporter("www.example.gov.cn")
	ctx := context.Background()
	timeit := func(name string, count int, addr func(i int) string) {
		start := time.Now()
		for i := range count {
			if p, err := ex.Render(ctx, addr(i)); err != nil || p.Status != 200 {
				t.Fatalf("%s: %d %v", addr(i), p.Status, err)
			}
		}
		t.Logf("%s: %s %s per page", label, name, (time.Since(start) / time.Duration(count)).Round(time.Microsecond))
	}
	recs, err := w.store.Records(ctx, store.RecordQuery{Published: true, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	timeit("record page", 100, func(i int) string {
		r := recs[(i*37)%len(recs)]
		return "/" + r.UnitCode + "/records/" + strconv.FormatInt(r.ID, 10)
	})
	es := w.entries["610112/shjz"]
	timeit("entry page", 50, func(i int) string { return "/610112/catalog/shjz/entries/" + es[i%len(es)].Key })
	timeit("catalog table", 10, func(int) string { return "/610112/catalog/shjz/" })
	timeit("portal home", 5, func(int) string { return "/" })
	timeit("site feed", 5, func(int) string { return "/feed.atom" })
	timeit("records sitemap part", 2, func(int) string { return "/sitemap.xml?part=records&after=0" })
}
