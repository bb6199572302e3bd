package search

import (
	"html"
	"slices"
	"sort"
	"strings"
	"unicode"
)

// Fragment is a piece of a snippet or title; Mark pieces are where the query matched.
// Templates render Text escaped and wrap Mark pieces in <mark>, or call HTML.
type Fragment struct {
	Text string `json:"text"`
	Mark bool   `json:"mark,omitempty"`
}

// span is a match [start, end) in normalised runes, with the index of its query term.
type span struct{ start, end, term int }

// matchSpans finds where the query's terms (all alternatives, excluded terms aside) occur
// in tokens. It matches tokens the way the index does, so a highlight is exactly what made
// the document match — including a phrase that crosses punctuation.
func matchSpans(toks []token, q Query) []span {
	var out []span
	for ti, t := range q.Terms {
		for _, a := range t.Alts {
			if a.Prefix {
				c := a.Tokens[0]
				for _, tok := range toks {
					if strings.HasPrefix(tok.text, c) {
						out = append(out, span{tok.start, tok.start + 1, ti})
					}
				}
				continue
			}
			k := len(a.Tokens)
			for i := 0; i+k <= len(toks); i++ {
				ok := true
				for j := 0; j < k; j++ {
					if toks[i+j].text != a.Tokens[j] {
						ok = false
						break
					}
				}
				if ok {
					out = append(out, span{toks[i].start, toks[i+k-1].end, ti})
				}
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].start != out[j].start {
			return out[i].start < out[j].start
		}
		return out[i].end > out[j].end
	})
	return out
}

// merge joins overlapping spans (for marking; the term of the first is kept).
func merge(spans []span) []span {
	var out []span
	for _, s := range spans {
		if n := len(out); n > 0 && s.start <= out[n-1].end {
			out[n-1].end = max(out[n-1].end, s.end)
			continue
		}
		out = append(out, s)
	}
	return out
}

// analysed is a text with the query's matches found in it.
type analysed struct {
	text  string // valid UTF-8
	nt    normText
	spans []span // sorted, not merged
}

func analyse(text string, q Query) analysed {
	text = valid(text)
	nt := normalize(text)
	return analysed{text, nt, matchSpans(tokenize(nt.runes, false), q)}
}

// Highlight returns the whole text (a title) with the query's matches marked.
func Highlight(text string, q Query) []Fragment { return analyse(text, q).highlight() }

func (a analysed) highlight() []Fragment {
	return fragments(a.text, a.nt, 0, len(a.nt.runes), merge(a.spans), false)
}

// Snippet returns an excerpt of about max characters around the best cluster of matches
// (the window that covers the most different terms, the earliest if several do), with the
// matches marked and an ellipsis where text was cut. Without any match it is the start of
// the text: the document may have matched by its title.
func Snippet(text string, q Query, maxRunes int) []Fragment {
	return analyse(text, q).snippet(maxRunes)
}

func (a analysed) snippet(maxRunes int) []Fragment {
	if maxRunes <= 0 {
		maxRunes = SnippetRunes
	}
	all, rs := a.spans, a.nt.runes
	n := len(rs)
	start, end := 0, min(n, maxRunes)
	if len(all) > 0 && n > maxRunes {
		best := -1
		for _, anchor := range all {
			s := windowStart(rs, anchor.start, maxRunes)
			e := min(n, s+maxRunes)
			if e == n {
				// At the end of the text, use the whole length, but still begin a sentence.
				s = sentenceAfter(rs, max(0, n-maxRunes), anchor.start)
			}
			terms := map[int]bool{}
			count := 0
			for _, b := range all {
				if b.start >= s && b.end <= e {
					terms[b.term] = true
					count++
				}
			}
			if score := len(terms)*1000 + min(count, 999); score > best {
				best, start, end = score, s, e
			}
		}
	}
	return fragments(a.text, a.nt, start, end, merge(all), true)
}

// Presentation is what a results page shows of a hit.
type Presentation struct {
	Title    []Fragment // the title with its matches marked
	Snippet  []Fragment
	Strength float64
	// InTitle: the title contains every term, which is what put the hit in the first
	// group of the ranking; found from the text, with the index's own token matching.
	InTitle bool
}

// Present computes the Presentation of a hit, reading each text once.
func Present(title, body string, q Query, maxRunes int) Presentation {
	t, b := analyse(title, q), analyse(body, q)
	in := make([]bool, len(q.Terms))
	for _, s := range t.spans {
		in[s.term] = true
	}
	return Presentation{
		Title:    t.highlight(),
		Snippet:  b.snippet(maxRunes),
		Strength: strength2(t, b, len(q.Terms)),
		InTitle:  len(q.Terms) > 0 && !slices.Contains(in, false),
	}
}

// TitleTerms counts the query's terms that a title holds, with the index's own token
// matching: the ranking's measure of how well a title names what was asked for.
func TitleTerms(title string, q Query) int {
	in := make([]bool, len(q.Terms))
	n := 0
	for _, s := range analyse(title, q).spans {
		if !in[s.term] {
			in[s.term] = true
			n++
		}
	}
	return n
}

// windowStart places a window so that a match at pos has some context before it, starting
// after a sentence end when there is one close by.
func windowStart(rs []rune, pos, maxRunes int) int {
	lead := maxRunes / 5
	s := max(0, pos-lead)
	for i := pos - 1; i >= s; i-- {
		if strings.ContainsRune("。！？；\n", rs[i]) {
			return i + 1
		}
	}
	return s
}

// sentenceAfter moves s forward to the start of the next sentence if one starts before pos.
func sentenceAfter(rs []rune, s, pos int) int {
	if s == 0 {
		return 0
	}
	for i := s; i < pos; i++ {
		if strings.ContainsRune("。！？；\n", rs[i]) {
			return i + 1
		}
	}
	return s
}

// fragments cuts text[start:end) (normalised positions) into marked and plain pieces of
// the original text. With ellipsis, whitespace runs become one space and cut ends get "…".
func fragments(text string, nt normText, start, end int, spans []span, ellipsis bool) []Fragment {
	cut := func(i int) int {
		if i >= len(nt.runes) {
			return len(text)
		}
		return nt.from[i]
	}
	var out []Fragment
	emit := func(a, b int, mark bool) {
		if a >= b {
			return
		}
		s := text[cut(a):cut(b)]
		if ellipsis {
			s = collapseSpace(s)
		}
		if s == "" {
			return
		}
		if n := len(out); n > 0 && out[n-1].Mark == mark {
			out[n-1].Text += s
			return
		}
		out = append(out, Fragment{Text: s, Mark: mark})
	}
	pos := start
	for _, sp := range spans {
		if sp.end <= start || sp.start >= end {
			continue
		}
		a, b := max(sp.start, start), min(sp.end, end)
		emit(pos, a, false)
		emit(a, b, true)
		pos = b
	}
	emit(pos, end, false)
	if ellipsis {
		if len(out) > 0 && !out[0].Mark {
			out[0].Text = strings.TrimLeftFunc(out[0].Text, unicode.IsSpace)
		}
		if n := len(out); n > 0 && !out[n-1].Mark {
			out[n-1].Text = strings.TrimRightFunc(out[n-1].Text, unicode.IsSpace)
		}
		if start > 0 {
			out = append([]Fragment{{Text: "…"}}, out...)
		}
		if end < len(nt.runes) {
			out = append(out, Fragment{Text: "…"})
		}
		out = joinPlain(out)
	}
	return out
}

// joinPlain merges neighbouring plain fragments and drops empty ones.
func joinPlain(fs []Fragment) []Fragment {
	var out []Fragment
	for _, f := range fs {
		if f.Text == "" {
			continue
		}
		if n := len(out); n > 0 && !f.Mark && !out[n-1].Mark {
			out[n-1].Text += f.Text
			continue
		}
		out = append(out, f)
	}
	return out
}

func collapseSpace(s string) string {
	if !strings.ContainsFunc(s, unicode.IsSpace) {
		return s
	}
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	if space {
		b.WriteByte(' ')
	}
	return b.String()
}

// HTML renders fragments as HTML: text escaped, matches in <mark>. It is the one place
// that produces markup from document text, so nothing a publisher wrote can become markup.
func HTML(fs []Fragment) string {
	var b strings.Builder
	for _, f := range fs {
		if f.Mark {
			b.WriteString("<mark>")
			b.WriteString(html.EscapeString(f.Text))
			b.WriteString("</mark>")
			continue
		}
		b.WriteString(html.EscapeString(f.Text))
	}
	return b.String()
}

// Text renders fragments as plain text.
func Text(fs []Fragment) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString(f.Text)
	}
	return b.String()
}

// Strength measures how strongly a document matches, for display beside a hit: for each
// term, its matches in the title count three times those in the body, each saturating
// (n/(n+1)), so one more repetition matters less than one more term. It reads only the
// hit's own text, which keeps it cheap and the same on both databases.
func Strength(title, body string, q Query) float64 {
	return strength2(analyse(title, q), analyse(body, q), len(q.Terms))
}

func strength2(title, body analysed, terms int) float64 {
	count := func(a analysed) []int {
		n := make([]int, terms)
		for _, s := range a.spans {
			n[s.term]++
		}
		return n
	}
	ts, bs := count(title), count(body)
	var score float64
	for i := range terms {
		score += 3*sat(ts[i]) + sat(bs[i])
	}
	return score
}

func sat(n int) float64 { return float64(n) / float64(n+1) }
