package pii

import "time"

// IDCheckChar returns the GB 11643 check character for the first 17 digits
// of an ID number, or 0 if they are not 17 ASCII digits.
func IDCheckChar(first17 string) byte {
	// GB 11643 weights of the first 17 digits.
	weights := [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	if len(first17) != 17 {
		return 0
	}
	sum := 0
	for i := 0; i < 17; i++ {
		c := first17[i]
		if c < '0' || c > '9' {
			return 0
		}
		sum += int(c-'0') * weights[i]
	}
	return "10X98765432"[sum%11]
}

// provinceCode reports whether the first two digits are a province-level
// division of GB/T 2260. 71 (Taiwan) and 81–83 (Hong Kong, Macao, and the
// residence permits of Taiwan residents, which use 830000) are included: the
// residence permit numbers of 港澳台居民 follow the same format and are just as
// personal.
func provinceCode(a, b byte) bool {
	switch a {
	case '1':
		return b >= '1' && b <= '5'
	case '2':
		return b >= '1' && b <= '3'
	case '3':
		return b >= '1' && b <= '7'
	case '4':
		return b >= '1' && b <= '6'
	case '5':
		return b >= '0' && b <= '4'
	case '6':
		return b >= '1' && b <= '5'
	case '7':
		return b == '1'
	case '8':
		return b >= '1' && b <= '3'
	}
	return false
}

// plausibleArea checks the 6-digit area code: a real province and, inside the
// mainland provinces, a prefecture part other than 00 (xx00yy is never
// assigned). County parts are not checked against the code list, which
// changes every year and still appears in old IDs.
func plausibleArea(d string) bool {
	if !provinceCode(d[0], d[1]) {
		return false
	}
	if d[0] == '7' || d[0] == '8' {
		return true
	}
	return d[2:4] != "00"
}

// plausibleDate checks YYYYMMDD between 1900-01-01 and today.
func plausibleDate(d string, today time.Time) bool {
	n := func(s string) int {
		v := 0
		for i := 0; i < len(s); i++ {
			v = v*10 + int(s[i]-'0')
		}
		return v
	}
	y, m, day := n(d[0:4]), n(d[4:6]), n(d[6:8])
	if y < 1900 || m < 1 || m > 12 || day < 1 || day > 31 {
		return false
	}
	t := time.Date(y, time.Month(m), day, 0, 0, 0, 0, time.UTC)
	if t.Day() != day { // 0230 and the like roll over
		return false
	}
	ty, tm, td := today.Date()
	return !t.After(time.Date(ty, tm, td, 0, 0, 0, 0, time.UTC))
}

func allDigits(d string) bool {
	for i := 0; i < len(d); i++ {
		if d[i] < '0' || d[i] > '9' {
			return false
		}
	}
	return true
}

func (s *scanner) validID18(d string) bool {
	return len(d) == 18 && allDigits(d[:17]) && plausibleArea(d) &&
		plausibleDate(d[6:14], s.today) && IDCheckChar(d[:17]) == d[17]
}

func (s *scanner) validID15(d string) bool {
	return len(d) == 15 && allDigits(d) && plausibleArea(d) && plausibleDate("19"+d[6:12], s.today)
}

func isMobile(d string) bool {
	return len(d) == 11 && allDigits(d) && d[0] == '1' && d[1] >= '3' && d[1] <= '9'
}

// Luhn reports whether the digits pass the Luhn check used by card numbers.
func Luhn(d string) bool {
	if len(d) < 2 || !allDigits(d) {
		return false
	}
	sum := 0
	double := false
	for i := len(d) - 1; i >= 0; i-- {
		v := int(d[i] - '0')
		if double {
			v *= 2
			if v > 9 {
				v -= 9
			}
		}
		sum += v
		double = !double
	}
	return sum%10 == 0
}

// isBankCard accepts 16–19 digits passing Luhn whose first digit is one card
// networks issue in China (3 JCB/Amex, 4 Visa, 5 Mastercard, 6 UnionPay,
// 9 old domestic cards such as 9558). Leading 0, 1, 2, 7, 8 are left out to
// keep Luhn's one-in-ten chance from flagging ordinary long codes, and an
// 18-digit number that is a valid unified social credit code (统一社会信用代码,
// which appears in enforcement records all the time) is not a card.
func isBankCard(d string) bool {
	if len(d) < 16 || len(d) > 19 || !allDigits(d) {
		return false
	}
	switch d[0] {
	case '3', '4', '5', '6', '9':
	default:
		return false
	}
	if len(d) == 18 && validUSCC(d) {
		return false
	}
	return Luhn(d)
}

// validUSCC checks the GB 32100 check character of an 18-character unified
// social credit code.
func validUSCC(d string) bool {
	const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	weights := [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}
	if len(d) != 18 {
		return false
	}
	val := func(c byte) int {
		for i := 0; i < len(alphabet); i++ {
			if alphabet[i] == c {
				return i
			}
		}
		return -1
	}
	sum := 0
	for i := 0; i < 17; i++ {
		v := val(d[i])
		if v < 0 {
			return false
		}
		sum += v * weights[i]
	}
	c := (31 - sum%31) % 31
	return alphabet[c] == d[17]
}
