package timelimit

import (
	"strconv"
	"strings"
	"unicode"
)

// normalize prepares catalog text for matching; the original is kept in Rule.Text.
//   - all white space goes (cells wrap lines and pad numbers: "20 个工作日");
//   - full-width digits and Latin letters become ASCII; ASCII , ; : ( ) become the Chinese
//     full-width marks, so patterns need only one form and events keep Chinese punctuation;
//   - trailing punctuation goes;
//   - Chinese numerals before a unit become digits (二十个工作日 → 20个工作日).
func normalize(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff':
			continue
		case r >= '０' && r <= '９', r >= 'Ａ' && r <= 'Ｚ', r >= 'ａ' && r <= 'ｚ':
			r -= 0xFEE0
		}
		switch r {
		case ',':
			r = '，'
		case ';':
			r = '；'
		case ':':
			r = '：'
		case '(':
			r = '（'
		case ')':
			r = '）'
		case '．':
			r = '。'
		}
		b.WriteRune(r)
	}
	out := strings.TrimRight(b.String(), "。.，；、！!")
	return numeralsToDigits(out)
}

// numeralsToDigits rewrites each run of Chinese numerals that is directly followed by a unit
// (个, 工作日, 日, 天, 月, 周) as Arabic digits; other runs (统一, 一次) are left alone.
func numeralsToDigits(s string) string {
	rs := []rune(s)
	var b strings.Builder
	for i := 0; i < len(rs); {
		if !isNumeral(rs[i]) {
			b.WriteRune(rs[i])
			i++
			continue
		}
		j := i
		for j < len(rs) && isNumeral(rs[j]) {
			j++
		}
		v, ok := chineseNumber(rs[i:j])
		if ok && j < len(rs) && strings.ContainsRune("个工日天月周", rs[j]) {
			b.WriteString(strconv.Itoa(v))
		} else {
			b.WriteString(string(rs[i:j]))
		}
		i = j
	}
	return b.String()
}

func isNumeral(r rune) bool {
	return strings.ContainsRune("〇零一二两三四五六七八九十百", r)
}

// chineseNumber reads 十五, 二十, 一百二十, 两 and digit strings such as 二〇 (20).
func chineseNumber(rs []rune) (int, bool) {
	hasUnit := false
	for _, r := range rs {
		if r == '十' || r == '百' {
			hasUnit = true
		}
	}
	if !hasUnit {
		v := 0
		for _, r := range rs {
			d := numeralDigit(r)
			if d < 0 {
				return 0, false
			}
			v = v*10 + d
		}
		return v, true
	}
	total, cur := 0, -1 // cur: pending digit, -1 when none
	for _, r := range rs {
		switch r {
		case '百':
			if cur <= 0 {
				return 0, false
			}
			total += cur * 100
			cur = -1
		case '十':
			if cur == -1 {
				cur = 1 // 十五 = 15
			}
			total += cur * 10
			cur = -1
		default:
			d := numeralDigit(r)
			if d < 0 || cur > 0 { // two digits in a row: 二三十 is not a number
				return 0, false
			}
			if d == 0 { // 一百零五: the zero only marks a gap
				cur = 0
				continue
			}
			cur = d
		}
	}
	if cur > 0 {
		total += cur
	}
	return total, true
}

func numeralDigit(r rune) int {
	for i, c := range []rune("零一二三四五六七八九") {
		if c == r {
			return i
		}
	}
	switch r {
	case '〇':
		return 0
	case '两':
		return 2
	}
	return -1
}
