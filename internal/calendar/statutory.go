package calendar

import "time"

// Statutory holidays (全国年节及纪念日放假办法) for years no State Council notice covers.
//
// Choice for uncovered years: only the statutory days themselves are off, plus ordinary
// weekends. Two things the real notice will add are deliberately NOT guessed:
//   - 调休: the notice moves weekends to build longer blocks (a bridge weekday off, a Saturday
//     worked). Which days move is a political choice made each year, not a rule.
//   - 补假: Art. 5 of the 办法 says a holiday falling on a Saturday or Sunday is made up on a
//     working day, but the notice alone decides which one.
//
// Net effect: a provisional due date can be a day or two earlier (missing 补假) or, around a
// make-up Saturday, a day later than the official one will be. Such results are always marked
// Provisional, and recomputed when the notice is loaded (see Recompute).

// Years for which the lunar dates below are known, and so the full statutory set is computed.
// Outside this range only fixed-date holidays (元旦、劳动节、国庆节) are counted.
const (
	lunarFirstYear = 2008
	lunarLastYear  = 2060
)

// lunarTable gives, for each Gregorian year, the Gregorian month and day (MMDD) of
// 正月初一 (春节), 五月初五 (端午节) and 八月十五 (中秋节). One fixed-width line per year.
//
// Generated from two independent computations that agree on every year 1990–2100:
// github.com/6tail/lunar-go v1.4.7 (astronomical, 寿星天文历 method) and the npm package
// solarlunar 3.1.0 (the Hong Kong Observatory–derived lunarInfo table); and checked by the tests
// against every official notice 2017–2026. It is a constant string so the table cannot be
// modified at run time.
const lunarTable = "" +
	"2008 0207 0608 0914\n" +
	"2009 0126 0528 1003\n" +
	"2010 0214 0616 0922\n" +
	"2011 0203 0606 0912\n" +
	"2012 0123 0623 0930\n" +
	"2013 0210 0612 0919\n" +
	"2014 0131 0602 0908\n" +
	"2015 0219 0620 0927\n" +
	"2016 0208 0609 0915\n" +
	"2017 0128 0530 1004\n" +
	"2018 0216 0618 0924\n" +
	"2019 0205 0607 0913\n" +
	"2020 0125 0625 1001\n" +
	"2021 0212 0614 0921\n" +
	"2022 0201 0603 0910\n" +
	"2023 0122 0622 0929\n" +
	"2024 0210 0610 0917\n" +
	"2025 0129 0531 1006\n" +
	"2026 0217 0619 0925\n" +
	"2027 0206 0609 0915\n" +
	"2028 0126 0528 1003\n" +
	"2029 0213 0616 0922\n" +
	"2030 0203 0605 0912\n" +
	"2031 0123 0624 1001\n" +
	"2032 0211 0612 0919\n" +
	"2033 0131 0601 0908\n" +
	"2034 0219 0620 0927\n" +
	"2035 0208 0610 0916\n" +
	"2036 0128 0530 1004\n" +
	"2037 0215 0618 0924\n" +
	"2038 0204 0607 0913\n" +
	"2039 0124 0527 1002\n" +
	"2040 0212 0614 0920\n" +
	"2041 0201 0603 0910\n" +
	"2042 0122 0622 0928\n" +
	"2043 0210 0611 0917\n" +
	"2044 0130 0531 1005\n" +
	"2045 0217 0619 0925\n" +
	"2046 0206 0608 0915\n" +
	"2047 0126 0529 1004\n" +
	"2048 0214 0615 0922\n" +
	"2049 0202 0604 0911\n" +
	"2050 0123 0623 0930\n" +
	"2051 0211 0613 0919\n" +
	"2052 0201 0601 0907\n" +
	"2053 0219 0620 0926\n" +
	"2054 0208 0610 0916\n" +
	"2055 0128 0530 1005\n" +
	"2056 0215 0617 0924\n" +
	"2057 0204 0606 0913\n" +
	"2058 0124 0625 1002\n" +
	"2059 0212 0614 0921\n" +
	"2060 0202 0603 0909\n"

const lunarLineLen = len("2008 0207 0608 0914\n")

// lunarDates returns the Gregorian dates of 春节 (正月初一), 端午节 and 中秋节 of year y.
func lunarDates(y int) (springFestival, dragonBoat, midAutumn Date, ok bool) {
	if y < lunarFirstYear || y > lunarLastYear {
		return Date{}, Date{}, Date{}, false
	}
	line := lunarTable[(y-lunarFirstYear)*lunarLineLen:]
	md := func(at int) Date {
		m := int(line[at]-'0')*10 + int(line[at+1]-'0')
		d := int(line[at+2]-'0')*10 + int(line[at+3]-'0')
		return Date{int32(daysFromCivil(y, m, d) + unixEpochDay)}
	}
	return md(5), md(10), md(15), true
}

// qingmingDay returns the April day of the Qingming solar term (清明) for 2001–2099 by the
// standard 21st-century formula [Y×0.2422 + 4.81] − [Y/4], Y = year − 2000. It agrees with both
// sources above on every year 2001–2099 (the formula needs a correction only in 2100).
func qingmingDay(y int) int {
	yy := y - 2000
	return (yy*2422+48100)/10000 - yy/4
}

// statutoryName returns the name of the statutory holiday on d under the law in force in d's
// year, or "" if d is not one. Versions of the 办法: 2008 (春节 = 除夕 to 初二, 劳动节 1 day),
// 2014 (春节 = 初一 to 初三), 2025 (春节 = 除夕 to 初三, 劳动节 2 days). Before 2008 the 1999
// version applied (劳动节 and 国庆节 3 days; no 清明、端午、中秋).
func statutoryName(d Date) string {
	y, m, day := d.Civil()
	md := int(m)*100 + day
	var labourDays int
	switch {
	case y >= 2025:
		labourDays = 2
	case y >= 2008:
		labourDays = 1
	default:
		labourDays = 3
	}
	name := ""
	switch {
	case md == 101:
		name = "元旦"
	case md >= 501 && md < 501+labourDays:
		name = "劳动节"
	case md >= 1001 && md <= 1003:
		name = "国庆节"
	}
	if y < 2008 {
		return name
	}
	// 清明 is kept to the same years as the lunar holidays so that "outside the table" means
	// one thing: fixed-date holidays only.
	if m == time.April && y <= lunarLastYear && day == qingmingDay(y) {
		return "清明节"
	}
	spring, dragon, moon, ok := lunarDates(y)
	if !ok {
		return name
	}
	first, last := -1, 1 // 春节 relative to 正月初一, by version
	switch {
	case y >= 2025:
		first, last = -1, 2
	case y >= 2014:
		first, last = 0, 2
	}
	if k := d.Sub(spring); k >= first && k <= last {
		return "春节"
	}
	if d == dragon {
		return "端午节"
	}
	// When 中秋 touches or falls inside 国庆 the notices name the whole block
	// "中秋节、国庆节"; do the same so a block reads as one in explanations.
	joined := moon.Sub(MustDate(y, time.September, 30)) >= 0 && MustDate(y, time.October, 4).Sub(moon) >= 0
	if d == moon {
		if joined {
			return "中秋节、国庆节"
		}
		return "中秋节"
	}
	if name == "国庆节" && joined {
		return "中秋节、国庆节"
	}
	return name
}
