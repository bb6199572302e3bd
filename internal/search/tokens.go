package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Chinese has no spaces between words and a word list would never know 低保 or the next
// abbreviation, so text is indexed as overlapping two-character tokens (bigrams) of each run
// of Han characters: 最低生活保障 → 最低 低生 生活 活保 保障. A Chinese query of two or
// more characters is then a phrase of consecutive bigrams, which matches exactly the
// documents that contain the query as a substring — neither a dictionary nor a trigram
// index can do that for two-character words.
//
// Three single-character (unigram) tokens complete the scheme:
//
//   - A run of one Han character is that character (镇 in "乡、镇").
//   - A Han run directly after a Latin word or number, with no separator, begins with its
//     first character, so that "2026年" (2026 年) is found in "2026年第三季度".
//   - In documents every Han run of two or more ends with its last character (in queries
//     only when another token follows, since the document's run may go on): a
//     single-character query 镇 is then "a bigram starting with 镇, or the unigram 镇",
//     which finds 镇 in any position, and a phrase spanning two runs ("低保 2026") lines
//     up with the document's tokens.
//
// Latin words (letters and digits together, so PM2, 5G, covid) are whole tokens, lowercased;
// numbers are whole; everything else — punctuation, spaces, symbols — separates tokens.
// Input is first NFKC-normalised so that full-width forms (ＰＭ２．５, ２０２６) and the
// Kangxi radicals that PDF extraction produces (⼀ for 一) index like their plain forms.

// maxWordRunes caps a Latin or number token: longer runs (hashes, garbage) are cut rather
// than blowing up the index.
const maxWordRunes = 40

// token is one token with its span [start, end) in the normalised runes.
type token struct {
	text       string
	start, end int
}

// normText is text after NFKC and lowercasing, with a map back to the original bytes.
type normText struct {
	runes []rune
	// from[i], to[i] are the byte range of the original text that produced runes[i]: a
	// normalisation segment can turn several input runes into several output runes, so the
	// whole segment's range is kept for each of them.
	from, to []int
}

// normalize expects valid UTF-8 (see valid), so that positions map back into the very
// string the caller holds. Runes whose NFKC form is known without the normalisation tables
// (ASCII, the common Han block, full-width ASCII, CJK punctuation — nearly all of a Chinese
// document) take a fast path; runs of other runes go through norm.Iter, segment by segment.
func normalize(s string) normText {
	n := normText{
		runes: make([]rune, 0, len(s)/2),
		from:  make([]int, 0, len(s)/2),
		to:    make([]int, 0, len(s)/2),
	}
	add := func(r rune, from, to int) {
		if r < utf8.RuneSelf {
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
		} else {
			r = unicode.ToLower(r)
		}
		n.runes = append(n.runes, r)
		n.from = append(n.from, from)
		n.to = append(n.to, to)
	}
	slow := -1 // start of a run of runes that need the tables
	flush := func(end int) {
		if slow < 0 {
			return
		}
		var it norm.Iter
		it.InitString(norm.NFKC, s[slow:end])
		for !it.Done() {
			from := slow + it.Pos()
			seg := it.Next()
			to := slow + it.Pos()
			for len(seg) > 0 {
				r, size := utf8.DecodeRune(seg)
				seg = seg[size:]
				add(r, from, to)
			}
		}
		slow = -1
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		next := i + size
		if f, ok := fastNFKC(r); ok && standsAlone(s[next:]) {
			flush(i)
			add(f, i, next)
		} else if slow < 0 {
			slow = i
		}
		i = next
	}
	flush(len(s))
	return n
}

// fastNFKC returns the NFKC form of r when it needs no tables (a test checks these ranges
// against golang.org/x/text); ok is false for every other rune.
func fastNFKC(r rune) (rune, bool) {
	switch {
	case r < utf8.RuneSelf:
		return r, true
	case 0x4E00 <= r && r <= 0x9FFF: // CJK Unified Ideographs
		return r, true
	case 0xFF01 <= r && r <= 0xFF5E: // full-width ASCII
		return r - 0xFEE0, true
	case r == 0x3000: // ideographic space
		return ' ', true
	case 0x3001 <= r && r <= 0x3003, 0x3008 <= r && r <= 0x3011, 0x3014 <= r && r <= 0x301F, // 、。〃 《》「」 〔〕
		r == 0x2018, r == 0x2019, r == 0x201C, r == 0x201D, r == 0x2014, r == 0x00B7: // ‘’“” — ·
		return r, true
	}
	return 0, false
}

// standsAlone reports whether the rune at the start of rest (if any) never combines with
// the rune before it, so that the rune before can be normalised on its own.
func standsAlone(rest string) bool {
	if rest == "" {
		return true
	}
	r, _ := utf8.DecodeRuneInString(rest)
	if _, ok := fastNFKC(r); ok {
		return true
	}
	return norm.NFKC.PropertiesString(rest).BoundaryBefore()
}

// valid replaces invalid UTF-8, which must never reach the index or a page.
func valid(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

// Normalize returns s in the form the index sees it (NFKC, lowercase). Synonym groups and
// query terms are compared in this form.
func Normalize(s string) string { return string(normalize(valid(s)).runes) }

func isHan(r rune) bool {
	switch {
	case r < 0x2E80:
		return false
	case 0x4E00 <= r && r <= 0x9FFF:
		return true
	}
	return unicode.Is(unicode.Han, r)
}

// isWord reports a rune that belongs to a Latin word or a number. Han is handled apart;
// combining marks count as separators, as they do for SQLite's unicode61 tokenizer, so that
// both sides split text the same way.
func isWord(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return !isHan(r) && (unicode.IsLetter(r) || unicode.IsNumber(r))
}

// tokenize splits normalised runes into tokens. In query mode a Han run that ends the text
// has no trailing unigram: the document's run may continue past where the query stops.
func tokenize(rs []rune, query bool) []token {
	// Token texts are cut from one string, to spare an allocation per token.
	type cut struct{ a, b, start, end int } // text rs[a:b], span [start, end)
	cuts := make([]cut, 0, len(rs)+len(rs)/8)
	size := 0
	add := func(a, b, start, end int) {
		cuts = append(cuts, cut{a, b, start, end})
		for _, r := range rs[a:b] {
			size += utf8.RuneLen(r)
		}
	}
	i := 0
	for i < len(rs) {
		r := rs[i]
		switch {
		case isHan(r):
			j := i + 1
			for j < len(rs) && isHan(rs[j]) {
				j++
			}
			afterWord := i > 0 && isWord(rs[i-1])
			if j-i == 1 {
				add(i, j, i, j)
			} else {
				if afterWord {
					add(i, i+1, i, i+1)
				}
				for k := i; k+1 < j; k++ {
					add(k, k+2, k, k+2)
				}
				if !query || hasTokenAfter(rs, j) {
					add(j-1, j, j-1, j)
				}
			}
			i = j
		case isWord(r):
			j := i + 1
			for j < len(rs) && isWord(rs[j]) {
				j++
			}
			add(i, min(j, i+maxWordRunes), i, j)
			i = j
		default:
			i++
		}
	}
	buf := make([]byte, 0, size)
	offs := make([]int, len(cuts)+1)
	for k, c := range cuts {
		for _, r := range rs[c.a:c.b] {
			buf = utf8.AppendRune(buf, r)
		}
		offs[k+1] = len(buf)
	}
	all := string(buf)
	toks := make([]token, len(cuts))
	for k, c := range cuts {
		toks[k] = token{all[offs[k]:offs[k+1]], c.start, c.end}
	}
	return toks
}

// hasTokenAfter reports whether any token starts at or after position j.
func hasTokenAfter(rs []rune, j int) bool {
	for ; j < len(rs); j++ {
		if isHan(rs[j]) || isWord(rs[j]) {
			return true
		}
	}
	return false
}

// Tokens returns the index tokens of a document text, in order. The same tokens, joined by
// spaces, are what both databases index, so that SQLite and PostgreSQL find the same
// documents.
func Tokens(text string) []string {
	toks := tokenize(normalize(valid(text)).runes, false)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.text
	}
	return out
}

// queryTokens returns the tokens of one query phrase.
func queryTokens(text string) []string {
	toks := tokenize(normalize(valid(text)).runes, true)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.text
	}
	return out
}
