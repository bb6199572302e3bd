package store

import (
	"context"
	"database/sql"
	"strings"

	"gongkai/internal/search"
)

// ftsIndex is the search index on SQLite: two contentless FTS5 tables whose rowid is the
// ranking key, search_title for titles and search_all for titles and bodies, each with the
// filters' meta tokens (migration 0003).
type ftsIndex struct{}

func (ftsIndex) insert(ctx context.Context, tx *sql.Tx, d search.Doc, rk int64, title, body, meta []string) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO search_docs (rk, id, unit, domain, stage, kind, subject, published, title, body)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		rk, d.ID, d.Unit, d.Domain, d.Stage, d.Kind, d.Subject, d.Published, d.Title, d.Body); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO search_title (rowid, title, meta) VALUES (?, ?, ?)",
		rk, strings.Join(title, " "), strings.Join(meta, " ")); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, "INSERT INTO search_all (rowid, title, body, meta) VALUES (?, ?, ?, ?)",
		rk, strings.Join(title, " "), strings.Join(body, " "), strings.Join(meta, " "))
	return err
}

func (ftsIndex) remove(ctx context.Context, tx *sql.Tx, id int64) error {
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

// optimize merges each FTS5 index into one segment, which makes searches faster after a
// bulk load, and refreshes the planner's statistics.
func (ftsIndex) optimize(ctx context.Context, db *sql.DB) error {
	for _, t := range []string{"search_title", "search_all"} {
		if _, err := db.ExecContext(ctx, "INSERT INTO "+t+"("+t+") VALUES ('optimize')"); err != nil {
			return err
		}
	}
	_, err := db.ExecContext(ctx, "ANALYZE search_docs")
	return err
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

// ftsQuery is one search as FTS5 match strings: pos has the terms and filters, neg the
// excluded terms.
type ftsQuery struct {
	tx       *sql.Tx
	pos, neg string
	lo, hi   int64
}

func (ftsIndex) query(tx *sql.Tx, q search.Query, meta []string, lo, hi int64) indexQuery {
	p := &ftsQuery{tx: tx, lo: lo, hi: hi}
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

// all is the FTS5 expression of every hit: terms and filters, minus exclusions.
func (p *ftsQuery) all() string {
	if p.neg == "" {
		return p.pos
	}
	return "(" + p.pos + ") NOT (" + p.neg + ")"
}

func (p *ftsQuery) count(ctx context.Context, limit int) (int, error) {
	var n int
	err := p.tx.QueryRowContext(ctx, "SELECT count(*) FROM (SELECT 1 FROM search_all WHERE search_all MATCH ? AND rowid BETWEEN ? AND ? LIMIT ?)",
		p.all(), p.lo, p.hi, limit).Scan(&n)
	return n, err
}

func (p *ftsQuery) sample(ctx context.Context, edge int64) (int, error) {
	var n int
	err := p.tx.QueryRowContext(ctx, "SELECT count(*) FROM search_all WHERE search_all MATCH ? AND rowid BETWEEN ? AND ?",
		p.all(), p.lo, min(p.hi, edge)).Scan(&n)
	return n, err
}

func (p *ftsQuery) titleRanks(ctx context.Context, limit int) ([]int64, error) {
	if p.neg == "" {
		return queryRanks(ctx, p.tx, "SELECT rowid FROM search_title WHERE search_title MATCH ? AND rowid BETWEEN ? AND ? ORDER BY rowid LIMIT ?",
			p.pos, p.lo, p.hi, limit)
	}
	return queryRanks(ctx, p.tx, `SELECT t.rowid FROM search_title t WHERE search_title MATCH ? AND t.rowid BETWEEN ? AND ?
		AND NOT EXISTS (SELECT 1 FROM search_all a WHERE search_all MATCH ? AND a.rowid = t.rowid)
		ORDER BY t.rowid LIMIT ?`, p.pos, p.lo, p.hi, p.neg, limit)
}

func (p *ftsQuery) allRanks(ctx context.Context, limit int) ([]int64, error) {
	return queryRanks(ctx, p.tx, "SELECT rowid FROM search_all WHERE search_all MATCH ? AND rowid BETWEEN ? AND ? ORDER BY rowid LIMIT ?",
		p.all(), p.lo, p.hi, limit)
}

// few: FTS5 returns hits in rowid order already, so the two index walks are always used.
func (p *ftsQuery) few(context.Context, int, bool) ([]int64, bool, error) { return nil, false, nil }
