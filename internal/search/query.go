package search

import (
	"strings"
	"unicode"
)

// Query limits: a query is something a person types, so anything longer is pasted text,
// and the cost of a search grows with the number of phrases.
const (
	maxTerms     = 10 // terms (positive and excluded) kept from one query
	maxTermRunes = 64 // runes kept from one term
	maxAlts      = 8  // alternatives of one term after synonym expansion
)

// Query is a parsed search query: every term must match, no excluded term may. Only two
// pieces of syntax exist — "quotes" for an exact phrase and a leading minus to exclude —
// so that nothing a person types (AND, NEAR, *, title:, parentheses) is ever taken as an
// operator by the database: such characters are only separators, or words to search for.
type Query struct {
	Terms   []Term
	Exclude []Term
}

// Term is one thing to find: any one of its alternatives.
type Term struct {
	Text  string // normalised, as typed
	Exact bool   // quoted: taken literally, without synonyms
	Alts  []Alt  // Alts[0] is the term itself; the others come from synonyms
}

// Alt is one phrase that satisfies a term.
type Alt struct {
	Text   string
	Tokens []string // consecutive tokens to find (a phrase)
	// Prefix marks a single Han character: it matches any token that starts with it, which
	// together with the documents' run-final unigrams finds the character anywhere.
	Prefix bool
}

// Empty reports a query with nothing to look for; excluded terms alone select nothing.
func (q Query) Empty() bool { return len(q.Terms) == 0 }

// String renders the query back in its own syntax, for display and logs.
func (q Query) String() string {
	var parts []string
	for _, t := range q.Terms {
		parts = append(parts, t.display())
	}
	for _, t := range q.Exclude {
		parts = append(parts, "-"+t.display())
	}
	return strings.Join(parts, " ")
}

func (t Term) display() string {
	if t.Exact || strings.ContainsFunc(t.Text, unicode.IsSpace) {
		return `"` + t.Text + `"`
	}
	return t.Text
}

func newAlt(text string) (Alt, bool) {
	toks := queryTokens(text)
	if len(toks) == 0 {
		return Alt{}, false
	}
	a := Alt{Text: text, Tokens: toks}
	if len(toks) == 1 {
		r := []rune(toks[0])
		a.Prefix = len(r) == 1 && isHan(r[0])
	}
	return a, true
}

// isTermSeparator reports runes that end an unquoted term: spaces, and the commas and
// semicolons with which people list several words (低保、社保).
func isTermSeparator(r rune) bool {
	return unicode.IsSpace(r) || strings.ContainsRune(",;、，；", r)
}

func isOpenQuote(r rune) bool { return r == '"' || r == '“' || r == '「' }

func isCloseQuote(r rune) bool { return r == '"' || r == '”' || r == '」' }

// ParseQuery parses what a person typed into the search box. Terms are separated by
// spaces (or commas); "a quoted phrase" is one exact term, without synonyms; a term that
// starts with a minus (-农村) excludes documents that contain it. Everything else is text.
func ParseQuery(q string) Query {
	rs := []rune(Normalize(q))
	var out Query
	seen := map[string]bool{}
	add := func(text string, exact, exclude bool) {
		text = strings.TrimSpace(text)
		if r := []rune(text); len(r) > maxTermRunes {
			text = string(r[:maxTermRunes])
		}
		a, ok := newAlt(text)
		if !ok || len(out.Terms)+len(out.Exclude) >= maxTerms {
			return
		}
		key := strings.Join(a.Tokens, " ")
		if exclude {
			key = "-" + key
		}
		if exact {
			key = "\"" + key
		}
		if seen[key] {
			return
		}
		seen[key] = true
		t := Term{Text: text, Exact: exact, Alts: []Alt{a}}
		if exclude {
			out.Exclude = append(out.Exclude, t)
		} else {
			out.Terms = append(out.Terms, t)
		}
	}
	i := 0
	for i < len(rs) {
		if isTermSeparator(rs[i]) {
			i++
			continue
		}
		exclude := false
		if rs[i] == '-' && i+1 < len(rs) && !isTermSeparator(rs[i+1]) {
			exclude = true
			i++
		}
		if isOpenQuote(rs[i]) {
			j := i + 1
			for j < len(rs) && !isCloseQuote(rs[j]) {
				j++
			}
			add(string(rs[i+1:j]), true, exclude)
			i = j + 1
			continue
		}
		j := i
		for j < len(rs) && !isTermSeparator(rs[j]) {
			j++
		}
		add(string(rs[i:j]), false, exclude)
		i = j
	}
	return out
}
