// Package search holds the Chinese full-text search of published records, without SQL: the
// tokenizer that makes two-character tokens (so that 低保 is found), the query syntax,
// synonyms for official abbreviations, snippets and the shape of requests and results.
// internal/store keeps the index in SQLite FTS5 or a PostgreSQL GIN index over the tokens
// made here, so both databases find the same documents.
//
// Ranking, as explained to citizens: documents whose title contains every search term come
// first, the others after them; within each group the newest come first. This order lets
// the database stop after the first page instead of scoring every hit, which is what keeps
// a search for 公示 — in most records — as fast as a search for a rare word. A query of
// several terms is then refined over its first RerankDepth hits: those whose title holds
// more of the terms come before those whose title holds fewer (newest first among equals),
// so that a record titled 城乡居民养老保险 comes before a newer notice that mentions the
// same four words only in its body.
package search

import (
	"time"

	"gongkai/internal/errs"
)

// Doc is what the index holds of one published record. Body is plain text.
type Doc struct {
	ID     int64 // the record's ID
	Unit   string
	Domain string
	Stage  string // the first 五公开 stage (shown with a hit)
	// Stages are all the record's 五公开 stages, space-separated: each is indexed, so that a
	// stage filter finds a record of several stages under every one of them. (A string, so
	// that Doc stays comparable.)
	Stages  string
	Kind    string
	Subject string
	// InForce: a document in force (现行有效) on the day it was indexed; the index is
	// refreshed on the days documents come into force, lapse or are repealed.
	InForce   bool
	Published time.Time
	Title     string
	Body      string
}

// Sort orders results.
type Sort string

const (
	// SortRelevance: title matches first, then the rest; newest first within each.
	SortRelevance Sort = ""
	// SortNewest: newest first, regardless of where the terms occur.
	SortNewest Sort = "newest"
)

// Cap bounds both the exact count and how deep a person can page: counting every hit of
// 公示 costs as much as scoring them, and nobody reads past the thousandth result. Beyond
// it the total is reported as "more than 1000" and a narrower query is suggested.
const Cap = 1000

// RerankDepth is how many of the first hits of a multi-term query are ordered by the number
// of terms their titles hold: deep enough for the first pages a person reads, shallow
// enough that it costs one short read of titles.
const RerankDepth = 200

// Page sizes.
const (
	DefaultLimit = 20
	MaxLimit     = 100
	// SnippetRunes is the length of a snippet in characters.
	SnippetRunes = 120
)

// Request is one search.
type Request struct {
	Q       string // as typed
	Unit    string // filters; empty means any
	Domain  string
	Stage   string
	Kind    string
	Subject string
	InForce bool      // only documents in force (现行有效)
	From    time.Time // published at or after (zero: no bound)
	To      time.Time // published before (zero: no bound)
	Sort    Sort
	Offset  int
	Limit   int
}

// Check applies the default page size and refuses what the search cannot serve.
func (r Request) Check() (Request, error) {
	if r.Limit <= 0 {
		r.Limit = DefaultLimit
	}
	r.Limit = min(r.Limit, MaxLimit)
	r.Offset = max(r.Offset, 0)
	if r.Offset >= Cap {
		return r, errs.Fields("检索条件有误", errs.FieldError{Field: "offset", Label: "页码",
			Message: "只能查看前 1000 条结果，请增加检索词或筛选条件缩小范围"})
	}
	r.Limit = min(r.Limit, Cap-r.Offset)
	if r.Sort != SortRelevance && r.Sort != SortNewest {
		return r, errs.Fields("检索条件有误", errs.FieldError{Field: "sort", Label: "排序", Message: "排序方式无效"})
	}
	if !r.From.IsZero() && !r.To.IsZero() && !r.From.Before(r.To) {
		return r, errs.Fields("检索条件有误", errs.FieldError{Field: "to", Label: "发布日期", Message: "结束日期须晚于开始日期"})
	}
	return r, nil
}

// Result is one page of hits.
type Result struct {
	Query Query // the parsed query with its synonym alternatives
	// Total is the number of hits when TotalExact; otherwise there are more than Total
	// (Total is then Cap), shown as "超过 1000 条".
	Total      int
	TotalExact bool
	// Estimate, when the total is not exact, is about how many hits there are, from the
	// share of hits among the newest EstimateSample documents in the searched date range,
	// rounded to two significant figures; 0 when no estimate could be made.
	Estimate int
	Hits     []Hit
}

// EstimateSample is how many of the newest documents an estimate of a large total looks at:
// hits are assumed to be spread over time as they are there.
const EstimateSample = 5000

// RoundEstimate rounds n to two significant figures: an estimate claims no more.
func RoundEstimate(n int) int {
	unit := 1
	for n/unit >= 100 {
		unit *= 10
	}
	return (n + unit/2) / unit * unit
}

// Hit is one found record.
type Hit struct {
	ID        int64
	Unit      string
	Domain    string
	Stage     string
	Kind      string
	Subject   string
	Published time.Time
	Title     string
	TitleHL   []Fragment // the title with matches marked
	Snippet   []Fragment // an excerpt of the body around the matches
	InTitle   bool       // the title contains every term (the first group of the ranking)
	Score     float64    // Strength: how strongly the hit matches; informative, not the order
}

// RebuildStats is what a rebuild of the index did (gongkai search rebuild).
type RebuildStats struct {
	Records int           // published records indexed
	Skipped int           // changed by a publication or withdrawal while the rebuild ran
	Took    time.Duration // wall time, including the planner statistics at the end
}
