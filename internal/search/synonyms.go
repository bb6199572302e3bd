package search

import (
	_ "embed"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"gongkai/internal/errs"
)

//go:embed synonyms.txt
var defaultSynonymsText string

// Limits of one synonym group, so that an administrator's typo cannot make every search
// expand into dozens of phrases.
const (
	maxGroupTerms = 10
	maxSynonymLen = 32
)

// SynonymGroup is a set of equivalent expressions, as stored in the database.
type SynonymGroup struct {
	ID      int64
	Terms   []string
	Builtin bool // seeded from the default list (an administrator may still edit it)
}

// DefaultSynonymGroups returns the built-in groups (synonyms.txt), with which migration
// 0003 seeds the database.
func DefaultSynonymGroups() [][]string {
	var out [][]string
	for _, line := range strings.Split(defaultSynonymsText, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, strings.Split(line, "|"))
	}
	return out
}

// CleanSynonymGroup checks the members of a group entered by an administrator and returns
// them trimmed, NFKC-normalised and without duplicates.
func CleanSynonymGroup(terms []string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for _, t := range terms {
		t = strings.TrimSpace(norm.NFKC.String(t))
		if t == "" {
			continue
		}
		field := errs.FieldError{Field: "terms", Label: "同义词"}
		switch {
		case strings.ContainsRune(t, '|'):
			field.Message = "“" + t + "”不能含有“|”"
		case utf8.RuneCountInString(t) > maxSynonymLen:
			field.Message = "“" + t + "”过长（每个词不超过 32 个字）"
		case len(queryTokens(t)) == 0:
			field.Message = "“" + t + "”不含汉字、字母或数字"
		}
		if field.Message != "" {
			return nil, errs.Fields("同义词组有误", field)
		}
		if k := Normalize(t); !seen[k] {
			seen[k] = true
			out = append(out, t)
		}
	}
	if len(out) < 2 {
		return nil, errs.Fields("同义词组有误", errs.FieldError{Field: "terms", Label: "同义词", Message: "至少需要两个不同的词"})
	}
	if len(out) > maxGroupTerms {
		return nil, errs.Fields("同义词组有误", errs.FieldError{Field: "terms", Label: "同义词", Message: "一组最多 10 个词"})
	}
	return out, nil
}

// Synonyms expands query terms into equivalent expressions. It is built per search from
// the groups in the database, which administrators edit, so it is never shared state.
type Synonyms struct {
	groups [][]string       // normalised members
	byTerm map[string][]int // member → groups that contain it
	maxLen int              // longest member, in runes
}

// NewSynonyms builds the expander. A member may appear in several groups; its
// alternatives are then the members of all of them, while the groups stay apart (医保 is
// both 医疗保险 and 医疗保障, but 医疗保险 is not 医疗保障).
func NewSynonyms(groups [][]string) *Synonyms {
	s := &Synonyms{byTerm: map[string][]int{}}
	for _, g := range groups {
		var members []string
		seen := map[string]bool{}
		for _, m := range g {
			m = strings.TrimSpace(m)
			if !isNormal(m) {
				m = strings.TrimSpace(Normalize(m))
			}
			if m == "" || seen[m] || !strings.ContainsFunc(m, func(r rune) bool { return isHan(r) || isWord(r) }) {
				continue
			}
			seen[m] = true
			members = append(members, m)
		}
		if len(members) < 2 {
			continue
		}
		id := len(s.groups)
		s.groups = append(s.groups, members)
		for _, m := range members {
			s.byTerm[m] = append(s.byTerm[m], id)
			s.maxLen = max(s.maxLen, utf8.RuneCountInString(m))
		}
	}
	return s
}

// isNormal reports text that Normalize would leave as it is, checked without the
// normalisation tables: stored groups nearly always are, and this runs on every search.
func isNormal(s string) bool {
	for _, r := range s {
		if f, ok := fastNFKC(r); !ok || f != r || unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

// synMatch is one occurrence of a member inside a term.
type synMatch struct {
	start, end int      // runes
	options    []string // the member itself first, then its equivalents
}

// Alternatives returns the term itself followed by the expressions made by replacing the
// members of synonym groups it contains: 农村低保 → 农村低保, 农村最低生活保障. Members are
// found leftmost-longest inside the term, so that 低保 expands inside 城乡低保, where a
// word list would not; Latin members must stand as whole words (ppp is not inside apppp).
func (s *Synonyms) Alternatives(term string) []string {
	term = Normalize(term)
	if s == nil || len(s.byTerm) == 0 {
		return []string{term}
	}
	rs := []rune(term)
	var matches []synMatch
	for i := 0; i < len(rs); {
		found := false
		for l := min(s.maxLen, len(rs)-i); l >= 1; l-- {
			m := string(rs[i : i+l])
			gs, ok := s.byTerm[m]
			if !ok || !wordBounded(rs, i, i+l) {
				continue
			}
			opts := []string{m}
			for _, g := range gs {
				for _, o := range s.groups[g] {
					if o != m && !contains(opts, o) {
						opts = append(opts, o)
					}
				}
			}
			matches = append(matches, synMatch{i, i + l, opts})
			i += l
			found = true
			break
		}
		if !found {
			i++
		}
	}
	out := []string{term}
	if len(matches) == 0 {
		return out
	}
	// Every combination of choices, the unchanged term first, up to maxAlts.
	var build func(k, pos int, prefix string)
	build = func(k, pos int, prefix string) {
		if len(out) >= maxAlts {
			return
		}
		if k == len(matches) {
			alt := prefix + string(rs[pos:])
			if !contains(out, alt) {
				out = append(out, alt)
			}
			return
		}
		m := matches[k]
		for _, o := range m.options {
			build(k+1, m.end, prefix+string(rs[pos:m.start])+o)
		}
	}
	build(0, 0, "")
	return out
}

// wordBounded reports whether rs[i:j] does not cut a Latin word or number in two.
func wordBounded(rs []rune, i, j int) bool {
	if isWord(rs[i]) && i > 0 && isWord(rs[i-1]) {
		return false
	}
	if isWord(rs[j-1]) && j < len(rs) && isWord(rs[j]) {
		return false
	}
	return true
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// Expand returns q with synonym alternatives added to every term that was not quoted,
// excluded terms included (-低保 also excludes 最低生活保障).
func (s *Synonyms) Expand(q Query) Query {
	out := Query{Terms: make([]Term, len(q.Terms)), Exclude: make([]Term, len(q.Exclude))}
	expand := func(t Term) Term {
		if t.Exact {
			return t
		}
		alts := []Alt{t.Alts[0]}
		for _, text := range s.Alternatives(t.Text)[1:] {
			if a, ok := newAlt(text); ok {
				alts = append(alts, a)
			}
		}
		t.Alts = alts
		return t
	}
	for i, t := range q.Terms {
		out.Terms[i] = expand(t)
	}
	for i, t := range q.Exclude {
		out.Exclude[i] = expand(t)
	}
	return out
}
