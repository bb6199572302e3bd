package pii

import (
	"strings"
	"time"
	"unicode"
)

// Across is a number written across adjacent pieces of text, found by
// FindAcross.
type Across struct {
	// First and Last are the indexes of the first and last piece it spans.
	First, Last int
	// Finding is the number in Joined.
	Finding Finding
	// Joined is the pieces First..Last, each trimmed of spaces, joined.
	Joined string
}

// FindAcross finds numbers split over adjacent pieces of text — the cells of
// one spreadsheet row, left to right, with no gap between them: an ID typed
// as 6101121985 | 03152016 reads as one number on a sheet without borders,
// while neither cell holds one. A piece takes part only if it holds nothing
// but a numeric fragment (digits, separators, a final check character;
// invisible characters skipped) and no finding of its own. Runs of two or
// more such pieces whose joined digits are exactly one number are reported,
// the longest from each start, left to right, masked with DefaultPolicy.
func FindAcross(pieces []string) []Across {
	now, p := time.Now(), DefaultPolicy()
	trimmed := make([]string, len(pieces))
	digits := make([]int, len(pieces)) // 0: not a fragment
	for i, s := range pieces {
		trimmed[i] = strings.TrimFunc(s, unicode.IsSpace)
		digits[i] = fragmentDigits(trimmed[i])
		if digits[i] > 0 && len(findAll(trimmed[i], now, p)) > 0 {
			digits[i] = 0
		}
	}
	var out []Across
	for i := 0; i < len(pieces); {
		if digits[i] == 0 {
			i++
			continue
		}
		var best *Across
		n := digits[i]
		var b strings.Builder
		b.WriteString(trimmed[i])
		for j := i + 1; j < len(pieces) && digits[j] > 0; j++ {
			if n += digits[j]; n > 19 {
				break
			}
			b.WriteString(trimmed[j])
			joined := b.String()
			if fs := findAll(joined, now, p); len(fs) == 1 && len(fs[0].Digits) == n {
				best = &Across{First: i, Last: j, Finding: fs[0], Joined: joined}
			}
		}
		if best == nil {
			i++
			continue
		}
		out = append(out, *best)
		i = best.Last + 1
	}
	return out
}

// fragmentDigits returns the number of digits of a piece that is only a
// numeric fragment, else 0.
func fragmentDigits(s string) int {
	n := 0
	for i, r := range s {
		switch c, _ := classify(r); c {
		case cDigit:
			n++
		case cX:
			if strings.TrimLeftFunc(s[i+len(string(r)):], func(r rune) bool { c, _ := classify(r); return c == cSkip }) != "" {
				return 0
			}
			n++
		case cSep, cSkip:
		default:
			return 0
		}
	}
	return n
}
