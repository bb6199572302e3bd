package sanitize

import (
	"html"
	"regexp"
	"strings"
)

// markup finds the start of a tag, a comment or a character reference.
var markup = regexp.MustCompile(`<[a-zA-Z/!?]|&[a-zA-Z#][a-zA-Z0-9]*;`)

// Paragraphs turns plain text, as typed into the 正文 without the editor (or pasted as text),
// into HTML: each non-empty line becomes a paragraph, the text escaped. Text that already
// holds markup is returned unchanged, for Body to sanitise.
func Paragraphs(src string) string {
	if markup.MatchString(src) || strings.TrimSpace(src) == "" {
		return src
	}
	var b strings.Builder
	for line := range strings.Lines(strings.ReplaceAll(src, "\r\n", "\n")) {
		line = strings.TrimSpace(strings.TrimRight(line, "\r\n"))
		if line == "" {
			continue
		}
		b.WriteString("<p>" + html.EscapeString(line) + "</p>")
	}
	return b.String()
}
