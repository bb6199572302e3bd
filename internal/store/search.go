package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/hex"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"gongkai/internal/audit"
	"gongkai/internal/errs"
	"gongkai/internal/search"
)

// The search index (migration 0003). A document is stored once in search_docs and indexed
// as the tokens of internal/search: in SQLite in two contentless FTS5 tables (search_title
// for titles, search_all for titles and bodies), in PostgreSQL as two tsvector columns with
// GIN indexes. This file holds what both share; what differs is behind searchIndex, one
// file per database (search_sqlite.go, search_postgres.go).
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

// Meta tokens index the filters (unit, domain, stage, kind, subject, in force) on both databases, so
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
	if d.InForce {
		out = append(out, metaToken('f', "1"))
	}
	for _, st := range strings.Fields(d.Stages) {
		if st != "" && st != d.Stage {
			out = append(out, metaToken('s', st))
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
	row, err := prepareDoc(d)
	if err != nil {
		return err
	}
	if err := s.RemoveDoc(ctx, tx, d.ID); err != nil {
		return err
	}
	rk, err := s.freeRank(ctx, tx, row.rk)
	if err != nil {
		return err
	}
	return s.d.index.insert(ctx, tx, row.d, rk, row.title, row.body, row.meta)
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
	return s.d.index.remove(ctx, tx, id)
}

// IndexDocs indexes documents in a transaction of its own (for tools and tests; publication
// calls IndexDoc in its own transaction). They are inserted in ranking-key order, newest
// first: FTS5 writes a new segment whenever a rowid is smaller than the one before (see
// search_rebuild.go), so a batch in publication order would cost one segment per document.
func (s *Store) IndexDocs(ctx context.Context, docs ...search.Doc) error {
	docs = slices.Clone(docs)
	slices.SortStableFunc(docs, func(a, b search.Doc) int {
		return cmp.Compare(rankKey(a.Published.UTC(), a.ID), rankKey(b.Published.UTC(), b.ID))
	})
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

// AnalyzeSearch refreshes the planner statistics of the search tables only, leaving the
// index as publication builds it: the state a live site is in (FTS5's optimize merges every
// segment, which on a million records takes more than half an hour and no site runs).
func (s *Store) AnalyzeSearch(ctx context.Context) error {
	_, err := s.wdb.ExecContext(ctx, "ANALYZE search_docs")
	return err
}

// OptimizeSearch prepares the index for fast searches after a bulk load (see each
// database's optimize).
func (s *Store) OptimizeSearch(ctx context.Context) error {
	return s.d.index.optimize(ctx, s.wdb)
}

// searchIndex is the full-text index of one database.
type searchIndex interface {
	// insert stores d under ranking key rk with its tokens, inside the caller's transaction.
	insert(ctx context.Context, tx *sql.Tx, d search.Doc, rk int64, title, body, meta []string) error
	// remove deletes the document of record id, if indexed.
	remove(ctx context.Context, tx *sql.Tx, id int64) error
	optimize(ctx context.Context, db *sql.DB) error
	// query prepares one search: its terms, the filters' meta tokens, the rk range.
	query(tx *sql.Tx, q search.Query, meta []string, lo, hi int64) indexQuery
}

// indexQuery is one search against the index, inside one read-only transaction so that the
// count and the page see the same index.
type indexQuery interface {
	// count returns the number of hits, stopping at limit.
	count(ctx context.Context, limit int) (int, error)
	// titleRanks returns the first limit title matches in rk order.
	titleRanks(ctx context.Context, limit int) ([]int64, error)
	// allRanks returns the first limit hits in rk order.
	allRanks(ctx context.Context, limit int) ([]int64, error)
	// sample counts the hits whose ranking key is at most edge (within the query's range).
	sample(ctx context.Context, edge int64) (int, error)
	// few returns every hit in display order when the index prefers reading them all at
	// once, given the count n; ok is false when it does not.
	few(ctx context.Context, n int, newest bool) (rks []int64, ok bool, err error)
}

// newQuery turns a request into the index's query: the date range becomes an rk range,
// the filters meta tokens.
func (s *Store) newQuery(tx *sql.Tx, r search.Request, q search.Query) indexQuery {
	lo, hi := s.rkRange(r)
	var meta []string
	for _, f := range []struct {
		field byte
		value string
	}{{'u', r.Unit}, {'d', r.Domain}, {'s', r.Stage}, {'k', r.Kind}, {'c', r.Subject}} {
		if f.value != "" {
			meta = append(meta, metaToken(f.field, f.value))
		}
	}
	if r.InForce {
		meta = append(meta, metaToken('f', "1"))
	}
	return s.d.index.query(tx, q, meta, lo, hi)
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

// queryRanks runs a query returning ranking keys.
func queryRanks(ctx context.Context, tx *sql.Tx, query string, args ...any) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
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
	p := s.newQuery(tx, r, q)
	n, err := p.count(ctx, search.Cap+1)
	if err != nil {
		return res, err
	}
	res.Total = min(n, search.Cap)
	res.TotalExact = n <= search.Cap
	if !res.TotalExact {
		if res.Estimate, err = s.estimate(ctx, tx, r, q); err != nil {
			return res, err
		}
	}
	if n == 0 || r.Offset >= n {
		return res, nil
	}

	// window holds the hits up to the end of the page, in display order.
	end := r.Offset + r.Limit
	window, few, err := p.few(ctx, n, r.Sort == search.SortNewest)
	switch {
	case few || err != nil:
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
	if err == nil && r.Sort != search.SortNewest && len(q.Terms) > 1 && r.Offset < search.RerankDepth {
		window, err = s.rerankHead(ctx, tx, p, q, window, n)
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

// estimate gives the scale of a total beyond search.Cap: the hits among the newest
// search.EstimateSample documents of the date range, scaled to the documents in the range.
// It costs one short walk of the index (the sample) and, with a date range, one count of
// the range's documents, bounded; beyond that bound no estimate is given.
func (s *Store) estimate(ctx context.Context, tx *sql.Tx, r search.Request, q search.Query) (int, error) {
	lo, hi := s.rkRange(r)
	var edge int64
	err := tx.QueryRowContext(ctx, s.q("SELECT rk FROM search_docs WHERE rk BETWEEN ? AND ? ORDER BY rk LIMIT 1 OFFSET ?"),
		lo, hi, search.EstimateSample-1).Scan(&edge)
	if err == sql.ErrNoRows {
		// Fewer documents than the sample in the range: the total was exact.
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	sampled, err := s.newQuery(tx, r, q).sample(ctx, edge)
	if err != nil || sampled == 0 {
		return 0, err
	}
	var docs int
	if r.From.IsZero() && r.To.IsZero() {
		if docs, err = s.indexedDocs(ctx, tx); err != nil {
			return 0, err
		}
	} else {
		// A date range: its documents counted, up to a bound that keeps the cost of a count
		// within a search's budget.
		const maxRange = 200_000
		if err := tx.QueryRowContext(ctx, s.q("SELECT count(*) FROM (SELECT 1 FROM search_docs WHERE rk BETWEEN ? AND ? LIMIT ?) x"),
			lo, hi, maxRange+1).Scan(&docs); err != nil || docs > maxRange {
			return 0, err
		}
	}
	est := int(int64(sampled) * int64(docs) / search.EstimateSample)
	if est <= search.Cap {
		// The newest documents hold fewer hits than the rest: no honest figure.
		return 0, nil
	}
	return search.RoundEstimate(est), nil
}

// indexedDocs is the number of documents in the index, counted at most once a minute per
// instance (counting a million rows takes tens of milliseconds): an estimate's scale.
func (s *Store) indexedDocs(ctx context.Context, db querier) (int, error) {
	c := &s.docCount
	c.mu.Lock()
	defer c.mu.Unlock()
	if now := time.Now(); c.at.IsZero() || now.Sub(c.at) > time.Minute {
		rows, err := db.QueryContext(ctx, "SELECT count(*) FROM search_docs")
		if err != nil {
			return 0, err
		}
		defer rows.Close()
		for rows.Next() {
			if err := rows.Scan(&c.n); err != nil {
				return 0, err
			}
		}
		if err := rows.Err(); err != nil {
			return 0, err
		}
		c.at = now
	}
	return c.n, nil
}

// rkRange is the ranking-key range of a request's dates.
func (s *Store) rkRange(r search.Request) (lo, hi int64) {
	lo, hi = math.MinInt64, math.MaxInt64
	if !r.From.IsZero() {
		hi = (-ceilSecond(r.From))<<rkShift | rkLow
	}
	if !r.To.IsZero() {
		lo = (-(ceilSecond(r.To) - 1)) << rkShift
	}
	return lo, hi
}

// rerankHead orders the first search.RerankDepth hits of a multi-term query by the number
// of terms their titles hold, keeping the index's order (title group first, newest first)
// among equals. Hits whose title holds every term are the title group already, so this only
// refines it; hits beyond the head keep their order, so pages stay consistent. window is
// the hits in display order up to the end of the requested page; the head is read in
// full here when the window is shorter.
func (s *Store) rerankHead(ctx context.Context, tx *sql.Tx, p indexQuery, q search.Query, window []int64, n int) ([]int64, error) {
	depth := min(n, search.RerankDepth)
	if len(window) < depth {
		title, err := p.titleRanks(ctx, depth)
		if err != nil {
			return nil, err
		}
		all, err := p.allRanks(ctx, depth+len(title))
		if err != nil {
			return nil, err
		}
		seen := make(map[int64]bool, len(title))
		head := title
		for _, rk := range title {
			seen[rk] = true
		}
		for _, rk := range all {
			if len(head) >= depth {
				break
			}
			if !seen[rk] {
				head = append(head, rk)
			}
		}
		window = head
	}
	head := window[:min(len(window), depth)]
	titles, err := s.titles(ctx, tx, head)
	if err != nil {
		return nil, err
	}
	terms := make(map[int64]int, len(head))
	for _, rk := range head {
		terms[rk] = search.TitleTerms(titles[rk], q)
	}
	slices.SortStableFunc(head, func(a, b int64) int { return cmp.Compare(terms[b], terms[a]) })
	return window, nil
}

// titles reads the titles of the given ranking keys.
func (s *Store) titles(ctx context.Context, db querier, rks []int64) (map[int64]string, error) {
	out := make(map[int64]string, len(rks))
	if len(rks) == 0 {
		return out, nil
	}
	marks, args := rkArgs(rks)
	rows, err := db.QueryContext(ctx, s.q("SELECT rk, title FROM search_docs WHERE rk IN ("+marks+")"), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var rk int64
		var title string
		if err := rows.Scan(&rk, &title); err != nil {
			return nil, err
		}
		out[rk] = title
	}
	return out, rows.Err()
}

// rkArgs are the placeholders and arguments of a list of ranking keys.
func rkArgs(rks []int64) (marks string, args []any) {
	args = make([]any, len(rks))
	for i, rk := range rks {
		args[i] = rk
	}
	return strings.TrimSuffix(strings.Repeat("?, ", len(rks)), ", "), args
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
	marks, args := rkArgs(rks)
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
