// Command gongkai-bench measures search over a synthetic corpus (internal/search/corpus):
// it loads N records into a database through the same IndexDoc path publication uses,
// then reports latency percentiles per query class, the index build time and the size.
// It is a tool for the README's performance figures, not part of go test.
//
//	go run ./cmd/gongkai-bench -db sqlite:/tmp/bench.db -n 1000000
//	go run ./cmd/gongkai-bench -db 'postgres://…/db?search_path=bench' -n 1000000 -pg-bulk
//	go run ./cmd/gongkai-bench -db sqlite:/tmp/bench.db -n 1000000 -queries my-queries.txt
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"sort"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"gongkai/internal/search"
	"gongkai/internal/search/corpus"
	"gongkai/internal/store"
)

// class is one kind of query whose latency is reported.
type class struct {
	name string
	req  search.Request
}

func classes() []class {
	return []class{
		{"rare word 冰雹 (~0.01%)", search.Request{Q: "冰雹"}},
		{"低保 (~15%, + synonym 最低生活保障)", search.Request{Q: "低保"}},
		{"公示 (~80%)", search.Request{Q: "公示"}},
		{"phrase 城乡居民基本养老保险", search.Request{Q: "城乡居民基本养老保险"}},
		{"mixed 2026年 低保", search.Request{Q: "2026年 低保"}},
		{"single character 镇", search.Request{Q: "镇"}},
		{"公示 + unit + domain filters", search.Request{Q: "公示", Unit: "610112", Domain: "shjz"}},
		{"低保 -农村 (exclusion)", search.Request{Q: "低保 -农村"}},
		{"公示, page 50 (offset 980)", search.Request{Q: "公示", Offset: 980}},
		{"低保, newest first", search.Request{Q: "低保", Sort: search.SortNewest}},
		{"two common terms 公示 资金", search.Request{Q: "公示 资金"}},
		{"four words 城乡居民 养老保险 缴费 标准", search.Request{Q: "城乡居民 养老保险 缴费 标准"}},
		{"number with unit 2023年", search.Request{Q: "2023年"}},
		{"number with unit 120元", search.Request{Q: "120元"}},
	}
}

// pastedClass is a sentence of about 40 characters taken from a record of the corpus, as a
// person pastes one into the search box.
func pastedClass(c *corpus.Corpus, n int) class {
	body := []rune(c.Doc(int64(max(n/2, 1))).Body)
	start := min(len(body)/3, max(len(body)-40, 0))
	text := strings.TrimSpace(string(body[start:min(start+40, len(body))]))
	return class{"pasted sentence (~40 characters)", search.Request{Q: text}}
}

// readQueries reads a query file: one query per line, optionally "name<TAB>query"; empty
// lines and lines starting with # are skipped.
func readQueries(path string) ([]class, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []class
	for line := range strings.Lines(string(b)) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, q, ok := strings.Cut(line, "\t")
		if !ok {
			name, q = line, line
		}
		out = append(out, class{name, search.Request{Q: q}})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no queries", path)
	}
	return out, nil
}

// naiveCounts counts, by scanning every record of the corpus, the records that hold every
// term of each query (any alternative, as a substring of the normalised text) and none of
// its excluded terms: what the index must find, to show that speed is not bought with
// missed hits.
func naiveCounts(ctx context.Context, s *store.Store, c *corpus.Corpus, n int, qs []string) ([]int, error) {
	groups, err := s.SynonymGroups(ctx)
	if err != nil {
		return nil, err
	}
	var terms [][]string
	for _, g := range groups {
		terms = append(terms, g.Terms)
	}
	syn := search.NewSynonyms(terms)
	parsed := make([]search.Query, len(qs))
	for i, q := range qs {
		parsed[i] = syn.Expand(search.ParseQuery(q))
	}
	has := func(text string, t search.Term) bool {
		for _, a := range t.Alts {
			if strings.Contains(text, search.Normalize(a.Text)) {
				return true
			}
		}
		return false
	}
	counts := make([]int, len(qs))
	for id := int64(1); id <= int64(n); id++ {
		d := c.Doc(id)
		text := search.Normalize(d.Title) + "\n" + search.Normalize(d.Body)
	next:
		for i, q := range parsed {
			for _, t := range q.Terms {
				if !has(text, t) {
					continue next
				}
			}
			for _, t := range q.Exclude {
				if has(text, t) {
					continue next
				}
			}
			counts[i]++
		}
	}
	return counts, nil
}

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "gongkai-bench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("gongkai-bench", flag.ContinueOnError)
	dsn := fs.String("db", "", "sqlite:PATH or postgres://… (required; use an empty database or schema)")
	n := fs.Int("n", 1_000_000, "records to load")
	seed := fs.Uint64("seed", 1, "corpus seed")
	batch := fs.Int("batch", 2000, "records per transaction while loading")
	runs := fs.Int("runs", 100, "measured runs per query class")
	pgBulk := fs.Bool("pg-bulk", false, "PostgreSQL: drop the GIN indexes while loading and build them after")
	queries := fs.String("queries", "", "a file of queries to time instead of the built-in classes (one per line, or name<TAB>query)")
	optimize := fs.Bool("optimize", false, "merge the index's segments after loading (FTS5 optimize: a state no live site is in; default: statistics only)")
	scan := fs.Bool("scan", true, "compare the hit counts of three queries with a scan of the whole corpus")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dsn == "" {
		return fmt.Errorf("-db is required")
	}
	kind, target, err := store.ParseDSN(*dsn)
	if err != nil {
		return err
	}
	s, err := store.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer s.Close()
	if _, err := s.Migrate(ctx); err != nil {
		return err
	}
	have, err := s.SearchDocCount(ctx)
	if err != nil {
		return err
	}
	var loadTime, indexTime, optTime time.Duration
	if have == 0 {
		var admin *sql.DB
		if kind == "postgres" && *pgBulk {
			if admin, err = sql.Open("pgx", target); err != nil {
				return err
			}
			defer admin.Close()
			if _, err := admin.ExecContext(ctx, "DROP INDEX search_docs_tsv, search_docs_title_tsv"); err != nil {
				return err
			}
		}
		if loadTime, err = load(ctx, s, corpus.New(*seed, *n), *n, *batch, stderr); err != nil {
			return err
		}
		if admin != nil {
			start := time.Now()
			// One connection, so that the memory setting applies to the index builds.
			conn, err := admin.Conn(ctx)
			if err != nil {
				return err
			}
			for _, q := range []string{
				"SET maintenance_work_mem = '512MB'",
				"CREATE INDEX search_docs_title_tsv ON search_docs USING GIN (title_tsv) WITH (fastupdate = off)",
				"CREATE INDEX search_docs_tsv ON search_docs USING GIN (tsv) WITH (fastupdate = off)",
			} {
				if _, err := conn.ExecContext(ctx, q); err != nil {
					conn.Close()
					return fmt.Errorf("%s: %w", q, err)
				}
			}
			conn.Close()
			indexTime = time.Since(start)
		}
		start := time.Now()
		if err := prepare(ctx, s, *optimize); err != nil {
			return err
		}
		optTime = time.Since(start)
	} else {
		fmt.Fprintf(stderr, "reusing the %d records already indexed\n", have)
		if err := prepare(ctx, s, *optimize); err != nil {
			return err
		}
	}
	docs, err := s.SearchDocCount(ctx)
	if err != nil {
		return err
	}
	size, err := dbSize(ctx, kind, target)
	if err != nil {
		return err
	}

	cs := append(classes(), pastedClass(corpus.New(*seed, *n), *n))
	if *queries != "" {
		if cs, err = readQueries(*queries); err != nil {
			return err
		}
	}
	loadBefore := loadAvg()
	results := measure(ctx, s, cs, *runs, stderr)
	loadAfter := loadAvg()
	incr, err := incremental(ctx, s, corpus.New(*seed, *n), int64(docs), 200)
	if err != nil {
		return err
	}

	fmt.Fprintf(stdout, "## Search benchmark — %s, %d records\n\n", kind, docs)
	fmt.Fprintf(stdout, "Machine: %s, %d cores; %s; %s\n\n", cpuModel(), runtime.NumCPU(), runtime.Version(), time.Now().UTC().Format("2006-01-02"))
	if loadTime > 0 {
		fmt.Fprintf(stdout, "Index build: %s through IndexDoc in transactions of %d", round(loadTime), *batch)
		if indexTime > 0 {
			fmt.Fprintf(stdout, ", plus %s to build the GIN indexes", round(indexTime))
		}
		fmt.Fprintf(stdout, ", plus %s to %s\n\n", round(optTime), map[bool]string{true: "optimize and analyze", false: "analyze (segments left as loaded, as on a live site)"}[*optimize])
	}
	fmt.Fprintf(stdout, "Size: %s\n\n", size)
	fmt.Fprintf(stdout, "Load average (1 min) before and after the queries: %s, %s — other work on the machine shows here.\n\n", loadBefore, loadAfter)
	fmt.Fprintf(stdout, "| query class | p50 ms | p95 ms | max ms | total | page |\n|---|---:|---:|---:|---:|---:|\n")
	for _, r := range results {
		fmt.Fprintf(stdout, "| %s | %.2f | %.2f | %.2f | %s | %d |\n", r.name, ms(r.p50), ms(r.p95), ms(r.max), r.total, r.page)
	}
	if *scan && *queries == "" {
		qs := []string{"冰雹", "城乡居民基本养老保险", "低保 -农村"}
		counts, err := naiveCounts(ctx, s, corpus.New(*seed, *n), *n, qs)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "\nHits found by the index beside a scan of all %d records (substring match of every term):\n\n| query | index | scan |\n|---|---:|---:|\n", *n)
		for i, q := range qs {
			res, err := s.Search(ctx, search.Request{Q: q})
			if err != nil {
				return err
			}
			got := fmt.Sprint(res.Total)
			if !res.TotalExact {
				got = fmt.Sprintf("> %d (estimate %d)", res.Total, res.Estimate)
			}
			fmt.Fprintf(stdout, "| %s | %s | %d |\n", q, got, counts[i])
		}
	}
	fmt.Fprintf(stdout, "\nIndexDoc of one record in its own transaction on the full index: p50 %.2f ms, p95 %.2f ms; RemoveDoc: p50 %.2f ms, p95 %.2f ms\n",
		ms(incr[0]), ms(incr[1]), ms(incr[2]), ms(incr[3]))
	return nil
}

// load indexes records 1..n, newest first (the order in which FTS5 builds without merging,
// as gongkai search rebuild does); generation runs ahead in a goroutine and is not timed.
func load(ctx context.Context, s *store.Store, c *corpus.Corpus, n, batch int, stderr io.Writer) (time.Duration, error) {
	batches := make(chan []search.Doc, 4)
	go func() {
		defer close(batches)
		for hi := n; hi >= 1; hi -= batch {
			docs := make([]search.Doc, 0, batch)
			for id := hi; id > hi-batch && id >= 1; id-- {
				docs = append(docs, c.Doc(int64(id)))
			}
			select {
			case batches <- docs:
			case <-ctx.Done():
				return
			}
		}
	}()
	var spent time.Duration
	done := 0
	for docs := range batches {
		start := time.Now()
		if err := s.IndexDocs(ctx, docs...); err != nil {
			return spent, err
		}
		spent += time.Since(start)
		done += len(docs)
		if done%(50*batch) == 0 || done == n {
			fmt.Fprintf(stderr, "%d records indexed in %s\n", done, round(spent))
		}
	}
	return spent, nil
}

type result struct {
	name          string
	p50, p95, max time.Duration
	total         string
	page          int
}

// measure runs every class runs times, round-robin so that no class gets a cache warmed
// by its own previous runs only, after a few warm-up rounds.
func measure(ctx context.Context, s *store.Store, cs []class, runs int, stderr io.Writer) []result {
	times := make([][]time.Duration, len(cs))
	out := make([]result, len(cs))
	for round := -3; round < runs; round++ {
		for i, c := range cs {
			start := time.Now()
			res, err := s.Search(ctx, c.req)
			d := time.Since(start)
			if err != nil {
				fmt.Fprintf(stderr, "%s: %v\n", c.name, err)
				continue
			}
			if round < 0 {
				continue
			}
			times[i] = append(times[i], d)
			out[i].name = c.name
			out[i].page = len(res.Hits)
			out[i].total = fmt.Sprint(res.Total)
			if !res.TotalExact {
				out[i].total = "> " + out[i].total
				if res.Estimate > 0 {
					out[i].total += fmt.Sprintf(" (≈%d)", res.Estimate)
				}
			}
		}
	}
	for i := range cs {
		ts := times[i]
		sort.Slice(ts, func(a, b int) bool { return ts[a] < ts[b] })
		if len(ts) > 0 {
			out[i].p50 = ts[len(ts)/2]
			out[i].p95 = ts[(len(ts)*95+99)/100-1]
			out[i].max = ts[len(ts)-1]
		}
	}
	return out
}

// incremental times publication and withdrawal of single records on the full index.
func incremental(ctx context.Context, s *store.Store, c *corpus.Corpus, base int64, k int) ([4]time.Duration, error) {
	var add, del []time.Duration
	for i := range int64(k) {
		d := c.Doc(base + 1 + i)
		start := time.Now()
		if err := s.IndexDocs(ctx, d); err != nil {
			return [4]time.Duration{}, err
		}
		add = append(add, time.Since(start))
	}
	for i := range int64(k) {
		start := time.Now()
		if err := s.RemoveDocs(ctx, base+1+i); err != nil {
			return [4]time.Duration{}, err
		}
		del = append(del, time.Since(start))
	}
	p := func(ts []time.Duration, q int) time.Duration {
		sort.Slice(ts, func(a, b int) bool { return ts[a] < ts[b] })
		return ts[(len(ts)*q+99)/100-1]
	}
	return [4]time.Duration{p(add, 50), p(add, 95), p(del, 50), p(del, 95)}, nil
}

func dbSize(ctx context.Context, kind, target string) (string, error) {
	if kind == "sqlite" {
		db, err := sql.Open("sqlite", "file:"+target)
		if err != nil {
			return "", err
		}
		defer db.Close()
		// Fold the WAL into the file first, so that the file size is the database's.
		if _, err := db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
			return "", err
		}
		fi, err := os.Stat(target)
		if err != nil {
			return "", err
		}
		var parts []string
		rows, err := db.QueryContext(ctx, "SELECT name, sum(pgsize) FROM dbstat WHERE name LIKE 'search%' GROUP BY name ORDER BY 2 DESC LIMIT 4")
		if err == nil {
			for rows.Next() {
				var name string
				var n int64
				if rows.Scan(&name, &n) == nil {
					parts = append(parts, name+" "+mb(n))
				}
			}
			rows.Close()
		}
		return fmt.Sprintf("%s database file (%s)", mb(fi.Size()), strings.Join(parts, ", ")), nil
	}
	db, err := sql.Open("pgx", target)
	if err != nil {
		return "", err
	}
	defer db.Close()
	var table, idx, gin int64
	err = db.QueryRowContext(ctx, `SELECT pg_table_size('search_docs'), pg_indexes_size('search_docs'),
		pg_relation_size('search_docs_tsv') + pg_relation_size('search_docs_title_tsv')`).Scan(&table, &idx, &gin)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%s (table with TOAST %s, indexes %s of which GIN %s)", mb(table+idx), mb(table), mb(idx), mb(gin)), nil
}

// loadAvg is the one-minute load average, which tells whether other work shared the cores.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	return strings.Fields(string(b))[0]
}

func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return runtime.GOARCH
	}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return runtime.GOARCH
}

func ms(d time.Duration) float64          { return float64(d.Microseconds()) / 1000 }
func mb(n int64) string                   { return fmt.Sprintf("%.0f MB", float64(n)/(1<<20)) }
func round(d time.Duration) time.Duration { return d.Round(100 * time.Millisecond) }

// prepare readies the loaded index for the queries: statistics only, as a live site has them,
// or with -optimize the segments merged too.
func prepare(ctx context.Context, s *store.Store, optimize bool) error {
	if optimize {
		return s.OptimizeSearch(ctx)
	}
	return s.AnalyzeSearch(ctx)
}
