package ooxml

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// Edit replaces the bytes [Start, End) of a text by Text.
type Edit struct {
	Start, End int
	Text       string
}

// Apply returns src with the edits made, every other byte as it was. It
// sorts edits by Start; an edit that overlaps one before it is skipped.
func Apply[S ~string | ~[]byte](src S, edits []Edit) S {
	slices.SortStableFunc(edits, func(a, b Edit) int { return a.Start - b.Start })
	out := make([]byte, 0, len(src))
	pos := 0
	for _, e := range edits {
		if e.Start < pos {
			continue
		}
		out = append(out, src[pos:e.Start]...)
		out = append(out, e.Text...)
		pos = e.End
	}
	out = append(out, src[pos:]...)
	return S(out)
}

// Recut cuts changed, a rewritten form of the pieces joined, back into
// pieces of the original pieces' lengths in characters, so that each can be
// written back where its original stands. Masking keeps the number of
// characters, which is what makes this possible: a number split over runs
// of a paragraph, nodes of an HTML text or cells of a row is masked as a
// whole and written back piece by piece. ok is false when changed does not
// have as many characters as the pieces together.
func Recut(changed string, pieces []string) (parts []string, ok bool) {
	n := 0
	for _, p := range pieces {
		n += utf8.RuneCountInString(p)
	}
	if utf8.RuneCountInString(changed) != n {
		return nil, false
	}
	parts = make([]string, len(pieces))
	rest := changed
	for i, p := range pieces {
		cut := runePrefixLen(rest, utf8.RuneCountInString(p))
		parts[i], rest = rest[:cut], rest[cut:]
	}
	return parts, true
}

// runePrefixLen returns the byte length of the first n runes of s.
func runePrefixLen(s string, n int) int {
	i := 0
	for ; n > 0 && i < len(s); n-- {
		_, w := utf8.DecodeRuneInString(s[i:])
		i += w
	}
	return i
}

// EscapeText escapes s as XML character data: the markup characters, and
// carriage returns, which a parser would otherwise turn into line feeds.
func EscapeText(s string) string { return textEscaper.Replace(s) }

var textEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "\r", "&#xD;")
