package org

import (
	_ "embed"
	"strings"
	"sync"
	"unicode"
)

// The most common passwords, from SecLists (MIT licence; see commonpw/LICENSE): the Chinese
// top 1000 in full, and the entries of the general top 10,000 that are long enough to pass
// the length rule. Replace the files to refresh the lists.
var (
	//go:embed commonpw/chinese-top-1000.txt
	chineseTop string
	//go:embed commonpw/10k-most-common-long.txt
	generalTop string
)

var commonSet = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, list := range []string{chineseTop, generalTop} {
		for line := range strings.Lines(list) {
			if w := strings.ToLower(strings.TrimSpace(line)); w != "" {
				m[w] = true
			}
		}
	}
	return m
})

// isCommon reports whether the lower-cased password is a common one, or a common one of at
// least four characters followed by digits and symbols only (woaini + 1314520, dragon2024!).
func isCommon(lower string) bool {
	set := commonSet()
	if set[lower] {
		return true
	}
	stem := strings.TrimRightFunc(lower, func(r rune) bool { return unicode.IsDigit(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) })
	return stem != lower && len([]rune(stem)) >= 4 && set[stem]
}
