// Package pii finds and masks personal information — citizen ID numbers,
// mobile numbers and bank card numbers — in text that is about to be
// published.
//
// Full ID numbers in published 低保 and subsidy lists are the commonest real
// privacy failure of Chinese government disclosure (docs/standards.md §7), so the
// publishing procedure refuses a record while Find reports anything, and
// offers Mask to produce the de-identified text.
//
// Detection is deliberately strict about what counts as one number, so that
// index numbers (索引号 such as 11610000016000365Q/2017-00123), order numbers
// and other long codes do not block publication:
//   - a number must stand alone: it may not touch ASCII or full-width letters,
//     digits or '_', and it may not be part of a decimal such as 12.5;
//   - separators are accepted only in the groupings people actually type:
//     mobile 3-4-4 (138 1234 5678), cards in groups of four
//     (6222 0212 3456 7890 123), IDs 6-8-4 and 6-6-3 or in groups of four;
//     a separator is one space (any Unicode space separator) or one dash
//     (any Unicode dash: hyphen, en dash, full-width hyphen …);
//   - text is normalised before it is scanned, so that a number cannot hide
//     behind characters a reader does not see: invisible and formatting
//     characters (Unicode category Cf — zero-width spaces and joiners, soft
//     hyphens, bidi marks, BOM —, variation selectors and other default
//     ignorable code points, combining marks) are skipped, and decimal digits
//     of any width or style whose compatibility form is an ASCII digit
//     (full-width ０-９, mathematical 𝟎-𝟗) count as digits. Offsets always
//     refer to the original text, and Masked keeps the skipped characters in
//     place, so masking replaces exactly the digits of the original;
//   - already masked values (610112********1234, 138****5678) are not
//     findings: the mask character splits them into short numbers.
package pii

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"gongkai/internal/ooxml"
)

// Kind is the kind of personal information found.
type Kind uint8

// Kinds of personal information.
const (
	ID18     Kind = iota + 1 // 18-character citizen ID (GB 11643)
	ID15                     // old 15-digit citizen ID, no check character
	Mobile                   // mainland mobile number 1[3-9] + 9 digits
	BankCard                 // 16–19 digit card number passing Luhn
)

// String returns the code name of the kind.
func (k Kind) String() string {
	switch k {
	case ID18:
		return "ID18"
	case ID15:
		return "ID15"
	case Mobile:
		return "Mobile"
	case BankCard:
		return "BankCard"
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// Label returns the Chinese name shown to users.
func (k Kind) Label() string {
	switch k {
	case ID18, ID15:
		return "身份证号"
	case Mobile:
		return "手机号码"
	case BankCard:
		return "银行卡号"
	}
	return "个人信息"
}

// Finding is one piece of personal information in a text.
type Finding struct {
	Kind Kind
	// Start and End are byte offsets into the scanned text (for FindHTML:
	// into the HTML source).
	Start, End int
	// Value is the number as written, separators, full-width digits and
	// invisible characters included (for FindHTML: after decoding character
	// references): text[Start:End].
	Value string
	// Normalized is the number as the scanner read it: invisible characters
	// left out, every digit ASCII, separators as written. It is what a
	// reviewer should be shown; when it differs from Value, the number was
	// written to look like something else to a machine.
	Normalized string
	// Digits is Value normalised to ASCII digits, the ID check character as 'X'.
	Digits string
	// Masked is Value masked by the policy used to find it (DefaultPolicy
	// for Find); it has as many runes as Value.
	Masked string
	// Label is the Chinese name of the kind, e.g. 身份证号.
	Label string
}

// Rule says how many digits of a number stay visible at each end.
type Rule struct {
	KeepFirst int
	KeepLast  int
}

// Policy is a masking configuration (docs/standards.md §7: local practice varies).
type Policy struct {
	ID       Rule // both 18- and 15-digit IDs
	Mobile   Rule
	BankCard Rule
	// MaskChar replaces each hidden digit; it must be one of AllowedMaskChars.
	MaskChar rune
}

// AllowedMaskChars lists the characters a policy may mask with. They are
// neither digits, letters nor separators (so a masked number can never be
// read as a number again) and need no escaping in HTML or XML.
const AllowedMaskChars = "*#×●○■□※＊"

// minHidden is the least number of digits a rule must hide: fewer would leave
// the number recognisable and could let a masked value be detected again.
const minHidden = 4

// DefaultPolicy returns the national defaults of docs/standards.md §7: ID keeps the
// first 6 and last 4 (610112********1234), mobile hides the middle 4
// (138****5678), bank card keeps the last 4, mask character '*'.
func DefaultPolicy() Policy {
	return Policy{
		ID:       Rule{KeepFirst: 6, KeepLast: 4},
		Mobile:   Rule{KeepFirst: 3, KeepLast: 4},
		BankCard: Rule{KeepFirst: 0, KeepLast: 4},
		MaskChar: '*',
	}
}

// Validate reports whether the policy still de-identifies: every rule hides
// at least 4 digits of the shortest number of its kind and the mask character
// is one of AllowedMaskChars. Call it when loading configuration; Mask never
// uses an invalid policy.
func (p Policy) Validate() error {
	var errs []error
	check := func(name string, r Rule, shortest int) {
		if r.KeepFirst < 0 || r.KeepLast < 0 {
			errs = append(errs, fmt.Errorf("脱敏规则：%s保留位数不能为负数", name))
		} else if r.KeepFirst+r.KeepLast > shortest-minHidden {
			errs = append(errs, fmt.Errorf("脱敏规则：%s保留位数过多，至少应隐藏 %d 位", name, minHidden))
		}
	}
	check("身份证号", p.ID, 15)
	check("手机号码", p.Mobile, 11)
	check("银行卡号", p.BankCard, 16)
	if !strings.ContainsRune(AllowedMaskChars, p.MaskChar) {
		errs = append(errs, fmt.Errorf("脱敏规则：遮盖字符 %q 不可用，可选 %s", p.MaskChar, AllowedMaskChars))
	}
	return errors.Join(errs...)
}

func (p Policy) effective() Policy {
	if p.Validate() != nil {
		return DefaultPolicy()
	}
	return p
}

func (p Policy) rule(k Kind) Rule {
	switch k {
	case Mobile:
		return p.Mobile
	case BankCard:
		return p.BankCard
	}
	return p.ID
}

// Find returns the personal information in text, in order, masked with
// DefaultPolicy.
func Find(text string) []Finding {
	return FindWithPolicy(text, DefaultPolicy())
}

// FindWithPolicy is Find with Masked computed by p (DefaultPolicy if p is
// invalid).
func FindWithPolicy(text string, p Policy) []Finding {
	return findAll(text, time.Now(), p.effective())
}

// Mask returns text with every finding masked by p. If p is invalid
// DefaultPolicy is used, so a bad configuration can never publish a full
// number. The result has the same number of runes as text.
//
// Masking repeats until Find reports nothing, because hiding digits can
// expose a new candidate: in "<ID> 5678 9012 3456" the ID is found, and once
// its middle is hidden its last four digits and the groups after them read
// as a card number "1234 5678 9012 3456" that was never looked at before.
// Every round hides at least four digits, so the loop ends.
func Mask(text string, p Policy) string {
	p = p.effective()
	for {
		fs := findAll(text, time.Now(), p)
		if len(fs) == 0 {
			return text
		}
		text = replaceFindings(text, fs)
	}
}

// MaskFindings replaces each finding's Value by its Masked form in one pass.
// The findings must come from Find or FindWithPolicy on the same text; one
// that does not match the text is an error, as masking the wrong bytes would
// publish the number it was meant to hide. Unlike Mask it does not look again
// at the result; Mask is the safe choice before publishing.
func MaskFindings(text string, fs []Finding) (string, error) {
	for _, f := range fs {
		if f.Start < 0 || f.End > len(text) || f.Start > f.End || text[f.Start:f.End] != f.Value ||
			utf8.RuneCountInString(f.Masked) != utf8.RuneCountInString(f.Value) {
			return "", fmt.Errorf("个人信息脱敏：第 %d–%d 字节处的%s与原文不符", f.Start, f.End, f.Kind.Label())
		}
	}
	return replaceFindings(text, fs), nil
}

// replaceFindings writes the Masked form of non-overlapping findings.
func replaceFindings(text string, fs []Finding) string {
	edits := make([]ooxml.Edit, len(fs))
	for i, f := range fs {
		edits[i] = ooxml.Edit{Start: f.Start, End: f.End, Text: f.Masked}
	}
	return ooxml.Apply(text, edits)
}

// Character classes used by the scanner.
const (
	cOther = iota
	cDigit // 0-9, ０-９
	cX     // X x Ｘ ｘ: a letter that may be an ID check character
	cWord  // other letters and digits that glue to a number
	cSep   // separators people type inside numbers
	cDot   // decimal point
	cPlus  // '+' of +86
	cSkip  // invisible: scanned as if absent
)

type unit struct {
	start, end int32 // byte span in the segment
	class      int8
	digit      byte // '0'..'9' or 'X' for cDigit and cX
}

func classify(r rune) (class int8, digit byte) {
	switch {
	case r >= '0' && r <= '9':
		return cDigit, byte(r)
	case r >= '０' && r <= '９':
		return cDigit, byte('0' + r - '０')
	case r == 'X' || r == 'x' || r == 'Ｘ' || r == 'ｘ':
		return cX, 'X'
	case r == ' ' || r == '-' || r == '\u00a0' || r == '\u3000' || r == '－':
		return cSep, 0
	case r >= utf8.RuneSelf && ignorable(r):
		return cSkip, 0
	case r >= utf8.RuneSelf && unicode.IsDigit(r):
		if d, ok := compatDigit(r); ok {
			return cDigit, d
		}
		return cWord, 0
	case r >= utf8.RuneSelf && (unicode.Is(unicode.Zs, r) || unicode.Is(unicode.Pd, r)):
		return cSep, 0
	case r == '.' || r == '．':
		return cDot, 0
	case r == '+' || r == '＋':
		return cPlus, 0
	case r == '_' || r == '＿':
		return cWord, 0
	case r < utf8.RuneSelf:
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			return cWord, 0
		}
		return cOther, 0
	case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul, unicode.Bopomofo):
		// CJK text runs straight into numbers: 身份证号610112…
		return cOther, 0
	case unicode.IsLetter(r) || unicode.IsDigit(r):
		return cWord, 0
	}
	return cOther, 0
}

// ignorable reports characters a reader does not see, or sees only as a mark
// on the character before: formatting characters (Cf: zero-width space and
// joiners, soft hyphen, bidi marks and isolates, BOM, word joiner …),
// variation selectors and the other default ignorable code points, and
// combining marks (a digit with a combining underline is still a digit).
func ignorable(r rune) bool {
	return unicode.In(r, unicode.Cf, unicode.Mn, unicode.Me, unicode.Variation_Selector, unicode.Other_Default_Ignorable_Code_Point)
}

// compatDigit maps a decimal digit whose compatibility form is an ASCII
// digit (full-width, mathematical bold or monospace, segmented) to it.
// Digits of other scripts (Arabic-Indic, Devanagari …) are left as letters:
// nobody reads a Chinese ID number in them.
func compatDigit(r rune) (byte, bool) {
	n := norm.NFKC.String(string(r))
	if len(n) == 1 && n[0] >= '0' && n[0] <= '9' {
		return n[0], true
	}
	return 0, false
}

// segmentSize is the length after which the text is cut, at the next
// character that can never belong to a number. A finding cannot cross such a
// character and no rule looks past it, so the cut changes nothing but keeps
// the scanner's memory small on the long texts extracted from attachments.
const segmentSize = 4096

// findAll scans text segment by segment.
func findAll(text string, now time.Time, p Policy) []Finding {
	var out []Finding
	start := 0
	for start < len(text) {
		end := len(text)
		for i, r := range text[start:] {
			if i >= segmentSize {
				if c, _ := classify(r); c == cOther {
					end = start + i
					break
				}
			}
		}
		for _, f := range newScanner(text[start:end], now).find(p) {
			f.Start += start
			f.End += start
			out = append(out, f)
		}
		start = end
	}
	return out
}

type scanner struct {
	text  string
	units []unit
	today time.Time
}

func newScanner(text string, now time.Time) *scanner {
	s := &scanner{text: text, today: now}
	// Only texts with at least 11 digits can hold a finding; most do not,
	// so skip building units for them.
	n := 0
	for _, r := range text {
		if c, _ := classify(r); c == cDigit {
			n++
		}
	}
	if n < 11 {
		return s
	}
	s.units = make([]unit, 0, utf8.RuneCountInString(text))
	for i, r := range text {
		w := utf8.RuneLen(r)
		if r == utf8.RuneError {
			_, w = utf8.DecodeRuneInString(text[i:])
		}
		c, d := classify(r)
		if c == cSkip {
			continue
		}
		s.units = append(s.units, unit{start: int32(i), end: int32(i + w), class: c, digit: d})
	}
	return s
}

// group is a maximal run of word units made only of digits, optionally
// ending in one check character.
type group struct {
	from, to int // unit indexes [from, to)
	digits   string
	hasX     bool
}

type candidate struct {
	kind     Kind
	from, to int // unit indexes [from, to)
	digits   string
}

func (s *scanner) isWord(i int) bool {
	if i < 0 || i >= len(s.units) {
		return false
	}
	c := s.units[i].class
	return c == cDigit || c == cX || c == cWord
}

func (s *scanner) isDigit(i int) bool {
	return i >= 0 && i < len(s.units) && s.units[i].class == cDigit
}

// runs splits the units into numeric groups and runs of groups joined by
// single separators. Groups that touch letters or a decimal point are not
// standalone and end a run.
func (s *scanner) runs() [][]group {
	var runs [][]group
	var cur []group
	flush := func() {
		if len(cur) > 0 {
			runs = append(runs, cur)
			cur = nil
		}
	}
	u := s.units
	for i := 0; i < len(u); {
		if !s.isWord(i) {
			i++
			continue
		}
		j := i
		var b strings.Builder
		numeric := true
		for j < len(u) && s.isWord(j) {
			switch {
			case u[j].class == cDigit:
				b.WriteByte(u[j].digit)
			case u[j].class == cX && !s.isWord(j+1):
				// A check character ends the word.
				b.WriteByte('X')
			default:
				numeric = false
			}
			j++
		}
		d := b.String()
		if d == "X" { // a lone letter X, not a number
			numeric = false
		}
		// 12.5 or 1.38123456789: part of a decimal, not a number of its own.
		if numeric && i >= 2 && u[i-1].class == cDot && s.isDigit(i-2) {
			numeric = false
		}
		if numeric && j+1 < len(u) && u[j].class == cDot && s.isDigit(j+1) {
			numeric = false
		}
		if !numeric {
			flush()
			i = j
			continue
		}
		g := group{from: i, to: j, digits: d, hasX: d[len(d)-1] == 'X'}
		if len(cur) > 0 {
			prev := cur[len(cur)-1]
			// Joined only by exactly one separator.
			if !(prev.to+1 == g.from && u[prev.to].class == cSep) {
				flush()
			}
		}
		cur = append(cur, g)
		i = j
	}
	flush()
	return runs
}

// groupingOK tells whether groups written with separators form one number in
// a way people write them.
func groupingOK(gs []group) bool {
	for _, g := range gs[:len(gs)-1] {
		if g.hasX {
			return false
		}
	}
	l := make([]int, len(gs))
	for i, g := range gs {
		l[i] = len(g.digits)
	}
	switch {
	case len(l) == 3 && l[0] == 3 && l[1] == 4 && l[2] == 4: // 138 1234 5678
		return true
	case len(l) == 3 && l[0] == 6 && l[1] == 8 && l[2] == 4: // 610112 19900101 1234
		return true
	case len(l) == 3 && l[0] == 6 && l[1] == 6 && l[2] == 3: // 610112 900101 123
		return true
	}
	// Groups of four with a shorter last group: 6222 0212 3456 7890 123.
	for _, n := range l[:len(l)-1] {
		if n != 4 {
			return false
		}
	}
	return l[len(l)-1] >= 1 && l[len(l)-1] <= 4
}

func (s *scanner) candidates() []candidate {
	var out []candidate
	for _, run := range s.runs() {
		for i := 0; i < len(run); {
			var best *candidate
			total := 0
			var b strings.Builder
			for j := i; j < len(run); j++ {
				total += len(run[j].digits)
				if total > 19 {
					break
				}
				b.WriteString(run[j].digits)
				if j > i && !groupingOK(run[i:j+1]) {
					continue
				}
				d := b.String()
				if k, ok := s.kindOf(d); ok {
					best = &candidate{kind: k, from: run[i].from, to: run[j].to, digits: d}
				} else if j == i {
					if c, ok := s.plus86(run[i]); ok {
						best = &c
					}
				}
			}
			if best == nil {
				i++
				continue
			}
			out = append(out, *best)
			for i < len(run) && run[i].from < best.to {
				i++
			}
		}
	}
	return out
}

// plus86 finds a mobile number written +8613812345678.
func (s *scanner) plus86(g group) (candidate, bool) {
	d := g.digits
	if len(d) != 13 || !strings.HasPrefix(d, "86") || g.from == 0 || s.units[g.from-1].class != cPlus || !isMobile(d[2:]) {
		return candidate{}, false
	}
	return candidate{kind: Mobile, from: g.from + 2, to: g.to, digits: d[2:]}, true
}

// kindOf classifies the digits of one candidate number.
func (s *scanner) kindOf(d string) (Kind, bool) {
	switch len(d) {
	case 18:
		if s.validID18(d) {
			return ID18, true
		}
	case 15:
		if s.validID15(d) {
			return ID15, true
		}
	case 11:
		if isMobile(d) {
			return Mobile, true
		}
	}
	if isBankCard(d) {
		return BankCard, true
	}
	return 0, false
}

func (s *scanner) find(p Policy) []Finding {
	cs := s.candidates()
	if len(cs) == 0 {
		return nil
	}
	out := make([]Finding, 0, len(cs))
	for _, c := range cs {
		start, end := int(s.units[c.from].start), int(s.units[c.to-1].end)
		out = append(out, Finding{
			Kind:       c.kind,
			Start:      start,
			End:        end,
			Value:      s.text[start:end],
			Normalized: s.normalized(c),
			Digits:     c.digits,
			Masked:     s.masked(c, p),
			Label:      c.kind.Label(),
		})
	}
	return out
}

// normalized writes c as the scanner read it: digits in ASCII, separators
// as written, skipped characters left out.
func (s *scanner) normalized(c candidate) string {
	var b strings.Builder
	for _, u := range s.units[c.from:c.to] {
		if u.class == cDigit || u.class == cX {
			b.WriteByte(u.digit)
		} else {
			b.WriteString(s.text[u.start:u.end])
		}
	}
	return b.String()
}

// masked hides the digits of c that p does not keep, leaving separators, the
// kept digits and the skipped characters between them exactly as written, so
// that the rune count is unchanged.
func (s *scanner) masked(c candidate, p Policy) string {
	r := p.rule(c.kind)
	n := len(c.digits)
	var b strings.Builder
	k := 0
	prev := s.units[c.from].start
	for _, u := range s.units[c.from:c.to] {
		b.WriteString(s.text[prev:u.start]) // skipped characters
		prev = u.end
		if u.class == cDigit || u.class == cX {
			if k >= r.KeepFirst && k < n-r.KeepLast {
				b.WriteRune(p.MaskChar)
			} else {
				b.WriteString(s.text[u.start:u.end])
			}
			k++
			continue
		}
		b.WriteString(s.text[u.start:u.end])
	}
	return b.String()
}
