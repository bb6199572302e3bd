package store

import (
	"context"
	"database/sql"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"gongkai/internal/search"
)

// tsIndex is the search index on PostgreSQL: two tsvector columns of search_docs (the title,
// and the whole document), each with the filters' meta tokens, under GIN indexes, and the
// ranking key under a btree (migration 0003).
type tsIndex struct{}

func (tsIndex) insert(ctx context.Context, tx *sql.Tx, d search.Doc, rk int64, title, body, meta []string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO search_docs (id, rk, unit, domain, stage, kind, subject, published, title, body, title_tsv, tsv)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::tsvector, $12::tsvector)`,
		d.ID, rk, d.Unit, d.Domain, d.Stage, d.Kind, d.Subject, d.Published, d.Title, d.Body,
		tsvector(title, nil, meta), tsvector(title, body, meta))
	return err
}

func (tsIndex) remove(ctx context.Context, tx *sql.Tx, id int64) error {
	_, err := tx.ExecContext(ctx, "DELETE FROM search_docs WHERE id = $1", id)
	return err
}

// optimize refreshes the planner's statistics, which decide between walking the ranking key
// and reading the GIN index.
func (tsIndex) optimize(ctx context.Context, db *sql.DB) error {
	_, err := db.ExecContext(ctx, "ANALYZE search_docs")
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

// pgQuote quotes a lexeme for tsvector and tsquery input. Tokens rarely hold a quote or a
// backslash, so the common case is one concatenation (a Replacer built per call cost more
// than the rest of the tsvector, as a profile of the index rebuild showed).
func pgQuote(tok string) string {
	if !strings.ContainsAny(tok, `'\`) {
		return "'" + tok + "'"
	}
	return "'" + pgQuoter.Replace(tok) + "'"
}

var pgQuoter = strings.NewReplacer(`'`, `''`, `\`, `\\`)

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

// tsQuery is one search as tsquery literals: tsPos has the terms and filters, tsAll the
// exclusions too.
type tsQuery struct {
	tx           *sql.Tx
	tsPos, tsAll string
	lo, hi       int64
	// titleSeen counts the title matches among the hits the count saw.
	titleSeen int
}

func (tsIndex) query(tx *sql.Tx, q search.Query, meta []string, lo, hi int64) indexQuery {
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
	return &tsQuery{tx: tx, lo: lo, hi: hi, tsPos: strings.Join(pos, " & "), tsAll: strings.Join(append(pos, negs...), " & ")}
}

// ranks runs a query returning ranking keys. pgx sends it as an unnamed statement, which
// PostgreSQL plans with the actual tsquery: a cached generic plan could not tell 公示 from a
// rare word.
func (p *tsQuery) ranks(ctx context.Context, query string, args ...any) ([]int64, error) {
	return queryRanks(ctx, p.tx, dollarPlaceholders(query), append([]any{pgx.QueryExecModeExec}, args...)...)
}

// count lets the planner choose between the GIN index and a walk, from its statistics of the
// lexemes, and notes whether any of the hits it saw is a title match (see ranksWhere).
func (p *tsQuery) count(ctx context.Context, limit int) (int, error) {
	var n int
	err := p.tx.QueryRowContext(ctx, `SELECT count(*), count(*) FILTER (WHERE t) FROM
		(SELECT title_tsv @@ $1::tsquery AS t FROM search_docs WHERE tsv @@ $2::tsquery AND rk BETWEEN $3 AND $4 LIMIT $5) x`,
		pgx.QueryExecModeExec, p.tsPos, p.tsAll, p.lo, p.hi, limit).Scan(&n, &p.titleSeen)
	return n, err
}

// sample walks the documents up to edge in rk order, checking each: the GIN index would
// read every hit of a common word to keep the few in the range.
func (p *tsQuery) sample(ctx context.Context, edge int64) (int, error) {
	if err := p.planner(ctx, "walk"); err != nil {
		return 0, err
	}
	var n int
	err := p.tx.QueryRowContext(ctx, "SELECT count(*) FROM search_docs WHERE rk BETWEEN $1 AND $2 AND tsv @@ $3::tsquery",
		pgx.QueryExecModeExec, p.lo, min(p.hi, edge), p.tsAll).Scan(&n)
	return n, err
}

func (p *tsQuery) titleRanks(ctx context.Context, limit int) ([]int64, error) {
	cond, args := "title_tsv @@ ?::tsquery", []any{p.tsPos}
	if p.tsAll != p.tsPos {
		cond, args = cond+" AND tsv @@ ?::tsquery", append(args, p.tsAll)
	}
	// No title match among the first Cap hits: title matches are too rare to walk for.
	return p.ranksWhere(ctx, cond, args, limit, p.titleSeen > 0)
}

func (p *tsQuery) allRanks(ctx context.Context, limit int) ([]int64, error) {
	return p.ranksWhere(ctx, "tsv @@ ?::tsquery", []any{p.tsAll}, limit, true)
}

// PostgreSQL has no index that returns hits in rk order, so a search chooses between walking
// search_docs_rk, checking each row (fast when hits are dense), and reading all hits from
// the GIN index and sorting them (fast when they are few). Its statistics misjudge phrases
// and combinations, so the choice is made here, from what the search has seen:
//
//   - with at most search.Cap hits in all (the count is exact), read them all from GIN (few);
//   - otherwise walk the newest pgWalkBudget documents (more for deep pages); if they hold
//     too few hits, the hits are rare enough for GIN. The walk costs a few milliseconds
//     when it fails, so the title group skips it when the count saw no title match.
const pgWalkBudget = 4000

// planner steers the PostgreSQL planner for the rest of the transaction: "walk" allows
// only index scans, "gin" only bitmap scans.
func (p *tsQuery) planner(ctx context.Context, mode string) error {
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

// ranksWhere returns the first limit rows satisfying cond in rk order: a walk of bounded
// length (if walk), then the GIN index if the walk did not find enough.
func (p *tsQuery) ranksWhere(ctx context.Context, cond string, args []any, limit int, walk bool) ([]int64, error) {
	if walk {
		if err := p.planner(ctx, "walk"); err != nil {
			return nil, err
		}
		budget := max(pgWalkBudget, 20*limit)
		got, err := p.ranks(ctx, "SELECT rk FROM (SELECT rk, "+cond+" AS m FROM search_docs WHERE rk BETWEEN ? AND ? ORDER BY rk LIMIT ?) x WHERE m LIMIT ?",
			append(slices.Clone(args), p.lo, p.hi, budget, limit)...)
		if err != nil || len(got) >= limit {
			return got, err
		}
	}
	if err := p.planner(ctx, "gin"); err != nil {
		return nil, err
	}
	return p.ranks(ctx, "SELECT rk FROM search_docs WHERE "+cond+" AND rk BETWEEN ? AND ? ORDER BY rk LIMIT ?",
		append(slices.Clone(args), p.lo, p.hi, limit)...)
}

// few returns all hits when there are at most search.Cap of them, from the GIN index, in
// display order: title matches first unless newest, each group in rk order.
func (p *tsQuery) few(ctx context.Context, n int, newest bool) ([]int64, bool, error) {
	if n > search.Cap {
		return nil, false, nil
	}
	if err := p.planner(ctx, "gin"); err != nil {
		return nil, true, err
	}
	rows, err := p.tx.QueryContext(ctx, "SELECT rk, title_tsv @@ $1::tsquery FROM search_docs WHERE tsv @@ $2::tsquery AND rk BETWEEN $3 AND $4 ORDER BY rk",
		pgx.QueryExecModeExec, p.tsPos, p.tsAll, p.lo, p.hi)
	if err != nil {
		return nil, true, err
	}
	defer rows.Close()
	var title, rest []int64
	for rows.Next() {
		var rk int64
		var inTitle bool
		if err := rows.Scan(&rk, &inTitle); err != nil {
			return nil, true, err
		}
		if inTitle && !newest {
			title = append(title, rk)
		} else {
			rest = append(rest, rk)
		}
	}
	return append(title, rest...), true, rows.Err()
}
