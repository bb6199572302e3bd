package store

import (
	"context"
	"database/sql"
	"encoding/hex"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"gongkai/internal/audit"
	"gongkai/internal/errs"
	"gongkai/internal/search"
)

// The search index (migration 0003). A document is stored once in search_docs and indexed
// as the tokens of internal/search: in SQLite in two contentless FTS5 tables (search_title
// for titles, search_all for titles and bodies), in PostgreSQL as two tsvector columns with
// GIN indexes. What differs between the two databases is kept in this file, behind
// s.d.name, rather than in dialect.go, because nothing else shares it.
//
// Early termination. Ranking by bm25 or ts_rank scores every hit before the first page can
// be shown — 800,000 of them for 公示 — so the order is instead one that an index can
// produce already sorted: every document has a ranking key rk that sorts newest first, and
// is the rowid of the FTS5 tables (the key of search_docs_rk in PostgreSQL). A page is then
// read in two groups, each stopping as soon as the page is full:
//
//  1. title matches (all terms in the title), in rk order, from the small title index;
//  2. if the page is not full, all matches in rk order, skipping those of group 1.
//
// The count stops at search.Cap+1: beyond it the total is "more than 1000", and paging stops
// at the same depth. Each query therefore walks at most about 2×Cap hits, whatever the
// word's frequency. Filters (unit, domain, stage, kind, subject) are indexed as meta tokens
// (below), so that a filtered search is still one index walk; the date range is an rk
// range. PostgreSQL's GIN index returns hits unordered, so there each group either walks
// search_docs_rk checking rows or reads the GIN index and sorts, as pgRanks explains.
//
// Two cases stay slower on SQLite because the index cannot stop early: a single character
// (a prefix query, which FTS5 expands over every bigram that starts with it before the
// first hit) and a very common word under filters that keep few records (the count seeks
// into the word's long posting list once per hit).

// rk layout: the publication second, negated so that newer sorts first, in the high bits;
// the inverted low 24 bits of the ID break ties (a later record first).
const (
	rkShift = 24
	rkLow   = 1<<rkShift - 1
)

// rankKey is a document's ranking key; freeRank resolves the rare collision.
func rankKey(published time.Time, id int64) int64 {
	return (-published.Unix())<<rkShift | (rkLow - id&rkLow)
}

// Publication dates (Unix seconds, 1900 to 2200) that the ranking key holds without
// overflow, with room to spare.
const (
	minPublished = -2208988800
	maxPublished = 7258118400
)

// maxIndexRunes bounds the body text indexed (and shown in snippets) per document: the
// rest of a very long body is not searchable. PostgreSQL's tsvector would refuse more
// than 1 MB, and positions above 16383 lose phrase precision there anyway.
const maxIndexRunes = 100_000

// Meta tokens index the filters (unit, domain, stage, kind, subject) on both databases, so
// that a filtered search is one index intersection: a private-use character (which the
// tokenizer never emits from text) and a field letter before the hex of the value, so
// they can never collide with words.
func metaToken(field byte, value string) string {
	return "\ue000" + string(field) + hex.EncodeToString([]byte(value))
}

func metaTokens(d search.Doc) []string {
	var out []string
	for _, f := range []struct {
		field byte
		value string
	}{{'u', d.Unit}, {'d', d.Domain}, {'s', d.Stage}, {'k', d.Kind}, {'c', d.Subject}} {
		if f.value != "" {
			out = append(out, metaToken(f.field, f.value))
		}
	}
	return out
}

func checkDoc(d search.Doc) error {
	if d.ID <= 0 {
		return errs.E(errs.Invalid, "检索索引：文档编号无效")
	}
	if sec := d.Published.Unix(); d.Published.IsZero() || sec < minPublished || sec >= maxPublished {
		return errs.E(errs.Invalid, "检索索引：发布日期无效")
	}
	return nil
}

// cleanText makes text storable on both databases: PostgreSQL refuses invalid UTF-8 and
// NUL characters in text, which a converted document may contain.
func cleanText(s string) string {
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "")
}

func truncateRunes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := 0
	for pos := range s {
		if i == n {
			return s[:pos]
		}
		i++
	}
	return s
}

// IndexDoc adds d to the search index, replacing an earlier version of the same record.
// It runs inside the caller's transaction, so that publishing a record and making it
// findable happen together or not at all.
func (s *Store) IndexDoc(ctx context.Context, tx *sql.Tx, d search.Doc) error {
	if err := checkDoc(d); err != nil {
		return err
	}
	if err := s.RemoveDoc(ctx, tx, d.ID); err != nil {
		return err
	}
	d.Published = d.Published.UTC().Truncate(time.Microsecond)
	for _, f := range []*string{&d.Unit, &d.Domain, &d.Stage, &d.Kind, &d.Subject, &d.Title, &d.Body} {
		*f = cleanText(*f)
	}
	d.Body = truncateRunes(d.Body, maxIndexRunes)
	rk, err := s.freeRank(ctx, tx, rankKey(d.Published, d.ID))
	if err != nil {
		return err
	}
	title, body := search.Tokens(d.Title), search.Tokens(d.Body)
	meta := metaTokens(d)
	if s.d.name == "postgres" {
		_, err = tx.ExecContext(ctx, s.q(`INSERT INTO search_docs (id, rk, unit, domain, stage, kind, subject, published, title, body, title_tsv, tsv)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::tsvector, ?::tsvector)`),
			d.ID, rk, d.Unit, d.Domain, d.Stage, d.Kind, d.Subject, d.Published, d.Title, d.Body,
			tsvector(title, nil, meta), tsvector(title, body, meta))
		return err
	}
	if _, err = tx.ExecContext(ctx, `INSERT INTO search_docs (rk, id, unit, domain, stage, kind, subject, published, title, body)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		rk, d.ID, d.Unit, d.Domain, d.Stage, d.Kind, d.Subject, d.Published, d.Title, d.Body); err != nil {
		return err
	}
	if _, err = tx.ExecContext(ctx, "INSERT INTO search_title (rowid, title, meta) VALUES (?, ?, ?)",
		rk, strings.Join(title, " "), strings.Join(meta, " ")); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, "INSERT INTO search_all (rowid, title, body, meta) VALUES (?, ?, ?, ?)",
		rk, strings.Join(title, " "), strings.Join(body, " "), strings.Join(meta, " "))
	return err
}

// freeRank returns the first unused ranking key at or after rk. Two documents published
// in the same second collide only if their IDs agree in the low 24 bits.
func (s *Store) freeRank(ctx context.Context, tx *sql.Tx, rk int64) (int64, error) {
	for range 1000 {
		var n int
		if err := tx.QueryRowContext(ctx, s.q("SELECT count(*) FROM search_docs WHERE rk = ?"), rk).Scan(&n); err != nil {
			return 0, err
		}
		if n == 0 {
			return rk, nil
		}
		rk++
	}
	return 0, fmt.Errorf("search index: no free ranking key near %d", rk)
}

// RemoveDoc takes a record out of the search index inside the caller's transaction (a
// withdrawal). Removing a record that is not indexed is not an error: withdrawal must
// succeed whether or not the record was ever found by search.
func (s *Store) RemoveDoc(ctx context.Context, tx *sql.Tx, id int64) error {
	if s.d.name == "postgres" {
		_, err := tx.ExecContext(ctx, "DELETE FROM search_docs WHERE id = $1", id)
		return err
	}
	var rk int64
	err := tx.QueryRowContext(ctx, "SELECT rk FROM search_docs WHERE id = ?", id).Scan(&rk)
	if err == sql.ErrNoRows {
		return nil
	}
	if err != nil {
		return err
	}
	for _, q := range []string{"DELETE FROM search_title WHERE rowid = ?", "DELETE FROM search_all WHERE rowid = ?", "DELETE FROM search_docs WHERE rk = ?"} {
		if _, err := tx.ExecContext(ctx, q, rk); err != nil {
			return err
		}
	}
	return nil
}

// IndexDocs indexes documents in a transaction of its own (for rebuilding the index and
// for tools; publication calls IndexDoc in its own transaction).
func (s *Store) IndexDocs(ctx context.Context, docs ...search.Doc) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		for _, d := range docs {
			if err := s.IndexDoc(ctx, tx, d); err != nil {
				return err
			}
		}
		return nil
	})
}

// RemoveDocs removes documents in a transaction of its own.
func (s *Store) RemoveDocs(ctx context.Context, ids ...int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		for _, id := range ids {
			if err := s.RemoveDoc(ctx, tx, id); err != nil {
				return err
			}
		}
		return nil
	})
}

// OptimizeSearch merges the SQLite FTS5 index into one segment, which makes searches
// faster after a bulk load; on PostgreSQL it refreshes the planner's statistics, which
// decide between walking the ranking key and reading the GIN index.
func (s *Store) OptimizeSearch(ctx context.Context) error {
	if s.d.name == "postgres" {
		_, err := s.wdb.ExecContext(ctx, "ANALYZE search_docs")
		return err
	}
	for _, t := range []string{"search_title", "search_all"} {
		if _, err := s.wdb.ExecContext(ctx, "INSERT INTO "+t+"("+t+") VALUES ('optimize')"); err != nil {
			return err
		}
	}
	_, err := s.wdb.ExecContext(ctx, "ANALYZE search_docs")
	return err
}

// PostgreSQL limits of a tsvector.
const (
	pgMaxPos     = 16383
	pgMaxPerLex  = 256
	pgGapTitleTo = 2 // position gap between title and body, so no phrase spans both
)

// tsvector renders tokens as a tsvector literal: the title with weight A, the body with
// weight D, the filters' meta tokens without positions. Built here rather than by
// to_tsvector, whose parser would split the tokens differently from SQLite.
func tsvector(title, body, meta []string) string {
	type lex struct {
		pos []string
	}
	lexes := map[string]*lex{}
	var order []string
	add := func(tok string, pos int, w string) {
		l := lexes[tok]
		if l == nil {
			l = &lex{}
			lexes[tok] = l
			order = append(order, tok)
		}
		if len(l.pos) < pgMaxPerLex {
			l.pos = append(l.pos, strconv.Itoa(min(pos, pgMaxPos))+w)
		}
	}
	for i, t := range title {
		add(t, i+1, "A")
	}
	for i, t := range body {
		add(t, len(title)+pgGapTitleTo+i, "")
	}
	var b strings.Builder
	for i, tok := range order {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(pgQuote(tok))
		b.WriteByte(':')
		b.WriteString(strings.Join(lexes[tok].pos, ","))
	}
	for _, m := range meta {
		b.WriteByte(' ')
		b.WriteString(pgQuote(m))
	}
	return b.String()
}

// pgQuote quotes a lexeme for tsvector and tsquery input.
func pgQuote(tok string) string {
	return "'" + strings.NewReplacer(`'`, `''`, `\`, `\\`).Replace(tok) + "'"
}

// ftsPhrase renders one alternative as an FTS5 string (every token inside quotes, so no
// text can be read as an operator or a column filter).
func ftsPhrase(a search.Alt) string {
	if a.Prefix {
		return `"` + a.Tokens[0] + `"*`
	}
	return `"` + strings.Join(a.Tokens, " ") + `"`
}

func ftsTerm(t search.Term) string {
	parts := make([]string, len(t.Alts))
	for i, a := range t.Alts {
		parts[i] = ftsPhrase(a)
	}
	return "(" + strings.Join(parts, " OR ") + ")"
}

func tsPhrase(a search.Alt) string {
	if a.Prefix {
		return pgQuote(a.Tokens[0]) + ":*"
	}
	parts := make([]string, len(a.Tokens))
	for i, t := range a.Tokens {
		parts[i] = pgQuote(t)
	}
	return strings.Join(parts, " <-> ")
}

func tsTerm(t search.Term) string {
	parts := make([]string, len(t.Alts))
	for i, a := range t.Alts {
		parts[i] = tsPhrase(a)
	}
	return "(" + strings.Join(parts, " | ") + ")"
}

// plan is one search turned into the queries of the current database. They run in one
// read-only transaction, so that the count and the page see the same index.
type plan struct {
	s  *Store
	tx *sql.Tx
	// SQLite: FTS5 match strings. pos has the terms and filters, neg the excluded terms.
	pos, neg string
	// PostgreSQL: tsquery literals. tsPos has the terms and filters, tsAll the exclusions too.
	tsPos, tsAll string
	// rk bounds from the date range.
	lo, hi int64
	// titleSeen counts the title matches among the hits the count saw (PostgreSQL).
	titleSeen int
}

func (s *Store) newPlan(tx *sql.Tx, r search.Request, q search.Query) plan {
	p := plan{s: s, tx: tx, lo: math.MinInt64, hi: math.MaxInt64}
	if !r.From.IsZero() {
		p.hi = (-ceilSecond(r.From))<<rkShift | rkLow
	}
	if !r.To.IsZero() {
		p.lo = (-(ceilSecond(r.To) - 1)) << rkShift
	}
	var meta []string
	for _, f := range []struct {
		field byte
		value string
	}{{'u', r.Unit}, {'d', r.Domain}, {'s', r.Stage}, {'k', r.Kind}, {'c', r.Subject}} {
		if f.value != "" {
			meta = append(meta, metaToken(f.field, f.value))
		}
	}
	if s.d.name == "postgres" {
		var pos, negs []string
		for _, t := range q.Terms {
			pos = append(pos, tsTerm(t))
		}
		for _, m := range meta {
			pos = append(pos, pgQuote(m))
		}
		for _, t := range q.Exclude {
			negs = append(negs, "!"+tsTerm(t))
		}
		p.tsPos = strings.Join(pos, " & ")
		p.tsAll = strings.Join(append(pos, negs...), " & ")
		return p
	}
	var parts []string
	for _, t := range q.Terms {
		parts = append(parts, ftsTerm(t))
	}
	for _, m := range meta {
		parts = append(parts, `"`+m+`"`)
	}
	p.pos = strings.Join(parts, " AND ")
	var negs []string
	for _, t := range q.Exclude {
		negs = append(negs, ftsTerm(t))
	}
	p.neg = strings.Join(negs, " OR ")
	return p
}

// ceilSecond is t in Unix seconds, rounded up, within the range the ranking key holds.
// Date bounds work at the second: the ranking key keeps no finer time.
func ceilSecond(t time.Time) int64 {
	sec := t.Unix()
	if t.Nanosecond() > 0 {
		sec++
	}
	return min(max(sec, minPublished), maxPublished)
}

// ranks runs a query returning ranking keys. On PostgreSQL pgx sends it as an unnamed
// statement, which PostgreSQL plans with the actual tsquery: a cached generic plan could
// not tell 公示 from a rare word.
func (p *plan) ranks(ctx context.Context, query string, args ...any) ([]int64, error) {
	if p.s.d.name == "postgres" {
		query = p.s.q(query)
		args = append([]any{pgx.QueryExecModeExec}, args...)
	}
	rows, err := p.tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var rk int64
		if err := rows.Scan(&rk); err != nil {
			return nil, err
		}
		out = append(out, rk)
	}
	return out, rows.Err()
}

// count returns the number of hits, stopping at limit. On PostgreSQL the planner chooses
// between the GIN index and a walk, from its statistics of the lexemes, and the count
// notes whether any of the hits it saw is a title match (see pgRanks).
func (p *plan) count(ctx context.Context, limit int) (int, error) {
	var n int
	if p.s.d.name == "postgres" {
		err := p.tx.QueryRowContext(ctx, `SELECT count(*), count(*) FILTER (WHERE t) FROM
			(SELECT title_tsv @@ $1::tsquery AS t FROM search_docs WHERE tsv @@ $2::tsquery AND rk BETWEEN $3 AND $4 LIMIT $5) x`,
			pgx.QueryExecModeExec, p.tsPos, p.tsAll, p.lo, p.hi, limit).Scan(&n, &p.titleSeen)
		return n, err
	}
	err := p.tx.QueryRowContext(ctx, "SELECT count(*) FROM (SELECT 1 FROM search_all WHERE search_all MATCH ? AND rowid BETWEEN ? AND ? LIMIT ?)",
		p.sqliteAll(), p.lo, p.hi, limit).Scan(&n)
	return n, err
}

// sqliteAll is the FTS5 expression of every hit: terms and filters, minus exclusions.
func (p *plan) sqliteAll() string {
	if p.neg == "" {
		return p.pos
	}
	return "(" + p.pos + ") NOT (" + p.neg + ")"
}

// titleRanks returns the first limit title matches in rk order.
func (p *plan) titleRanks(ctx context.Context, limit int) ([]int64, error) {
	if p.s.d.name == "postgres" {
		cond, args := "title_tsv @@ ?::tsquery", []any{p.tsPos}
		if p.tsAll != p.tsPos {
			cond, args = cond+" AND tsv @@ ?::tsquery", append(args, p.tsAll)
		}
		// No title match among the first Cap hits: title matches are too rare to walk for.
		return p.pgRanks(ctx, cond, args, limit, p.titleSeen > 0)
	}
	if p.neg == "" {
		return p.ranks(ctx, "SELECT rowid FROM search_title WHERE search_title MATCH ? AND rowid BETWEEN ? AND ? ORDER BY rowid LIMIT ?",
			p.pos, p.lo, p.hi, limit)
	}
	return p.ranks(ctx, `SELECT t.rowid FROM search_title t WHERE search_title MATCH ? AND t.rowid BETWEEN ? AND ?
		AND NOT EXISTS (SELECT 1 FROM search_all a WHERE search_all MATCH ? AND a.rowid = t.rowid)
		ORDER BY t.rowid LIMIT ?`, p.pos, p.lo, p.hi, p.neg, limit)
}

// allRanks returns the first limit hits in rk order.
func (p *plan) allRanks(ctx context.Context, limit int) ([]int64, error) {
	if p.s.d.name == "postgres" {
		return p.pgRanks(ctx, "tsv @@ ?::tsquery", []any{p.tsAll}, limit, true)
	}
	return p.ranks(ctx, "SELECT rowid FROM search_all WHERE search_all MATCH ? AND rowid BETWEEN ? AND ? ORDER BY rowid LIMIT ?",
		p.sqliteAll(), p.lo, p.hi, limit)
}

// PostgreSQL has no index that returns hits in rk order, so a search chooses between walking
// search_docs_rk, checking each row (fast when hits are dense), and reading all hits from
// the GIN index and sorting them (fast when they are few). Its statistics misjudge phrases
// and combinations, so the choice is made here, from what the search has seen:
//
//   - with at most search.Cap hits in all (the count is exact), read them all from GIN;
//   - otherwise walk the newest pgWalkBudget documents (more for deep pages); if they hold
//     too few hits, the hits are rare enough for GIN. The walk costs a few milliseconds
//     when it fails, so the title group skips it when the count saw no title match.
const pgWalkBudget = 4000

// pgPlanner steers the PostgreSQL planner for the rest of the transaction: "walk" allows
// only index scans, "gin" only bitmap scans.
func (p *plan) pgPlanner(ctx context.Context, mode string) error {
	on := func(b bool) string {
		if b {
			return "on"
		}
		return "off"
	}
	_, err := p.tx.ExecContext(ctx, "SELECT set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', $1, true), set_config('enable_bitmapscan', $2, true)",
		on(mode == "walk"), on(mode == "gin"))
	return err
}

// pgRanks returns the first limit rows satisfying cond in rk order: a walk of bounded
// length (if walk), then the GIN index if the walk did not find enough.
func (p *plan) pgRanks(ctx context.Context, cond string, args []any, limit int, walk bool) ([]int64, error) {
	if walk {
		if err := p.pgPlanner(ctx, "walk"); err != nil {
			return nil, err
		}
		budget := max(pgWalkBudget, 20*limit)
		got, err := p.ranks(ctx, "SELECT rk FROM (SELECT rk, "+cond+" AS m FROM search_docs WHERE rk BETWEEN ? AND ? ORDER BY rk LIMIT ?) x WHERE m LIMIT ?",
			append(slices.Clone(args), p.lo, p.hi, budget, limit)...)
		if err != nil || len(got) >= limit {
			return got, err
		}
	}
	if err := p.pgPlanner(ctx, "gin"); err != nil {
		return nil, err
	}
	return p.ranks(ctx, "SELECT rk FROM search_docs WHERE "+cond+" AND rk BETWEEN ? AND ? ORDER BY rk LIMIT ?",
		append(slices.Clone(args), p.lo, p.hi, limit)...)
}

// pgFew returns all hits (there are at most search.Cap) from the GIN index, in display
// order: title matches first unless newest, each group in rk order.
func (p *plan) pgFew(ctx context.Context, newest bool) ([]int64, error) {
	if err := p.pgPlanner(ctx, "gin"); err != nil {
		return nil, err
	}
	rows, err := p.tx.QueryContext(ctx, "SELECT rk, title_tsv @@ $1::tsquery FROM search_docs WHERE tsv @@ $2::tsquery AND rk BETWEEN $3 AND $4 ORDER BY rk",
		pgx.QueryExecModeExec, p.tsPos, p.tsAll, p.lo, p.hi)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var title, rest []int64
	for rows.Next() {
		var rk int64
		var inTitle bool
		if err := rows.Scan(&rk, &inTitle); err != nil {
			return nil, err
		}
		if inTitle && !newest {
			title = append(title, rk)
		} else {
			rest = append(rest, rk)
		}
	}
	return append(title, rest...), rows.Err()
}

// Search runs a search of the published records in the index. See the package comment of
// internal/search for the order of results, and the top of this file for how it is kept
// fast. It reads in a read-only transaction of the read pool and never waits for writers.
func (s *Store) Search(ctx context.Context, r search.Request) (search.Result, error) {
	r, err := r.Check()
	if err != nil {
		return search.Result{}, err
	}
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return search.Result{}, err
	}
	defer tx.Rollback()
	groups, err := s.synonymGroups(ctx, tx)
	if err != nil {
		return search.Result{}, err
	}
	q := search.NewSynonyms(groups).Expand(search.ParseQuery(r.Q))
	res := search.Result{Query: q, TotalExact: true}
	if q.Empty() {
		return res, nil
	}
	p := s.newPlan(tx, r, q)
	n, err := p.count(ctx, search.Cap+1)
	if err != nil {
		return res, err
	}
	res.Total = min(n, search.Cap)
	res.TotalExact = n <= search.Cap
	if n == 0 || r.Offset >= n {
		return res, nil
	}

	// window holds the hits up to the end of the page, in display order.
	var window []int64
	end := r.Offset + r.Limit
	switch {
	case s.d.name == "postgres" && n <= search.Cap:
		window, err = p.pgFew(ctx, r.Sort == search.SortNewest)
	case r.Sort == search.SortNewest:
		window, err = p.allRanks(ctx, end)
	default:
		window, err = p.titleRanks(ctx, end)
		if err == nil && len(window) < end {
			// The title group is complete: the rest comes from all hits, of which at
			// most len(window) are title matches already taken.
			var all []int64
			if all, err = p.allRanks(ctx, end+len(window)); err == nil {
				seen := map[int64]bool{}
				for _, rk := range window {
					seen[rk] = true
				}
				for _, rk := range all {
					if !seen[rk] {
						window = append(window, rk)
					}
				}
			}
		}
	}
	if err != nil {
		return res, err
	}
	if r.Offset >= len(window) {
		return res, nil
	}
	docs, err := s.loadDocs(ctx, tx, window[r.Offset:min(len(window), end)])
	if err != nil {
		return res, err
	}
	for _, d := range docs {
		h := search.Hit{ID: d.ID, Unit: d.Unit, Domain: d.Domain, Stage: d.Stage, Kind: d.Kind, Subject: d.Subject,
			Published: d.Published, Title: d.Title}
		pr := search.Present(d.Title, d.Body, q, search.SnippetRunes)
		h.TitleHL, h.Snippet, h.Score, h.InTitle = pr.Title, pr.Snippet, pr.Strength, pr.InTitle
		res.Hits = append(res.Hits, h)
	}
	return res, nil
}

// indexedDoc is a document as stored in search_docs.
type indexedDoc struct {
	search.Doc
	rk int64
}

// loadDocs reads the documents of the given ranking keys, in that order.
func (s *Store) loadDocs(ctx context.Context, db querier, rks []int64) ([]indexedDoc, error) {
	if len(rks) == 0 {
		return nil, nil
	}
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(rks)), ", ")
	args := make([]any, len(rks))
	for i, rk := range rks {
		args[i] = rk
	}
	rows, err := db.QueryContext(ctx, s.q("SELECT rk, id, unit, domain, stage, kind, subject, published, title, body FROM search_docs WHERE rk IN ("+marks+")"), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	byRank := map[int64]indexedDoc{}
	for rows.Next() {
		var d indexedDoc
		if err := rows.Scan(&d.rk, &d.ID, &d.Unit, &d.Domain, &d.Stage, &d.Kind, &d.Subject, &d.Published, &d.Title, &d.Body); err != nil {
			return nil, err
		}
		d.Published = d.Published.UTC()
		byRank[d.rk] = d
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]indexedDoc, 0, len(rks))
	for _, rk := range rks {
		if d, ok := byRank[rk]; ok {
			out = append(out, d)
		}
	}
	return out, nil
}

// querier is what both *sql.DB and *sql.Tx offer.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// synonymGroups reads the members of all groups; the table is small (about a hundred
// rows) and read on every search, so that an administrator's edit applies at once on every
// instance.
func (s *Store) synonymGroups(ctx context.Context, db querier) ([][]string, error) {
	gs, err := s.listSynonyms(ctx, db)
	if err != nil {
		return nil, err
	}
	out := make([][]string, len(gs))
	for i, g := range gs {
		out[i] = g.Terms
	}
	return out, nil
}

func (s *Store) listSynonyms(ctx context.Context, db querier) ([]search.SynonymGroup, error) {
	rows, err := db.QueryContext(ctx, "SELECT id, terms, builtin FROM search_synonyms ORDER BY id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []search.SynonymGroup
	for rows.Next() {
		var g search.SynonymGroup
		var terms string
		if err := rows.Scan(&g.ID, &terms, &g.Builtin); err != nil {
			return nil, err
		}
		g.Terms = strings.Split(terms, "|")
		out = append(out, g)
	}
	return out, rows.Err()
}

// SynonymGroups lists the synonym groups, oldest first.
func (s *Store) SynonymGroups(ctx context.Context) ([]search.SynonymGroup, error) {
	return s.listSynonyms(ctx, s.db)
}

// AddSynonymGroup adds a group of equivalent terms. The change is audited: it changes what
// every citizen's search finds.
func (s *Store) AddSynonymGroup(ctx context.Context, by audit.Actor, terms []string) (search.SynonymGroup, error) {
	terms, err := search.CleanSynonymGroup(terms)
	if err != nil {
		return search.SynonymGroup{}, err
	}
	g := search.SynonymGroup{Terms: terms}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		if err := tx.QueryRowContext(ctx, s.q("INSERT INTO search_synonyms (terms, builtin, created_at, updated_at) VALUES (?, ?, ?, ?) RETURNING id"),
			strings.Join(terms, "|"), false, now, now).Scan(&g.ID); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, by, Change{Action: "search.synonyms.add", ObjectType: "synonym_group", ObjectID: g.ID,
			Detail: map[string]any{"terms": terms}})
	})
	return g, err
}

// UpdateSynonymGroup replaces the terms of a group.
func (s *Store) UpdateSynonymGroup(ctx context.Context, by audit.Actor, id int64, terms []string) (search.SynonymGroup, error) {
	terms, err := search.CleanSynonymGroup(terms)
	if err != nil {
		return search.SynonymGroup{}, err
	}
	g := search.SynonymGroup{ID: id, Terms: terms}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var old string
		err := tx.QueryRowContext(ctx, s.q("SELECT terms, builtin FROM search_synonyms WHERE id = ?"), id).Scan(&old, &g.Builtin)
		if err != nil {
			return notFound(err, "同义词组")
		}
		if _, err := tx.ExecContext(ctx, s.q("UPDATE search_synonyms SET terms = ?, updated_at = ? WHERE id = ?"),
			strings.Join(terms, "|"), s.now(), id); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, by, Change{Action: "search.synonyms.update", ObjectType: "synonym_group", ObjectID: id,
			Detail: map[string]any{"from": strings.Split(old, "|"), "to": terms}})
	})
	return g, err
}

// RemoveSynonymGroup deletes a group; a built-in group may be removed too (an
// administrator may disagree with a default).
func (s *Store) RemoveSynonymGroup(ctx context.Context, by audit.Actor, id int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		var old string
		if err := tx.QueryRowContext(ctx, s.q("SELECT terms FROM search_synonyms WHERE id = ?"), id).Scan(&old); err != nil {
			return notFound(err, "同义词组")
		}
		if _, err := tx.ExecContext(ctx, s.q("DELETE FROM search_synonyms WHERE id = ?"), id); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, by, Change{Action: "search.synonyms.remove", ObjectType: "synonym_group", ObjectID: id,
			Detail: map[string]any{"terms": strings.Split(old, "|")}})
	})
}

// SearchDocCount counts the indexed documents.
func (s *Store) SearchDocCount(ctx context.Context) (int64, error) {
	var n int64
	err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM search_docs").Scan(&n)
	return n, err
}
