package store

import "testing"

// TestPgQuote: lexemes are quoted for tsvector and tsquery input, with quotes doubled and
// backslashes escaped; plain tokens take the fast path unchanged.
func TestPgQuote(t *testing.T) {
	for in, want := range map[string]string{
		"低保":     "'低保'",
		"o'neil": "'o''neil'",
		`a\b`:    `'a\\b'`,
		`'\`:     `'''\\'`,
		"":       "''",
	} {
		if got := pgQuote(in); got != want {
			t.Errorf("pgQuote(%q) = %s, want %s", in, got, want)
		}
	}
}
