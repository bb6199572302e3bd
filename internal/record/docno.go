package record

import (
	"regexp"
	"strconv"
	"strings"

	"gongkai/internal/errs"
)

// DocNo is a document number (发文字号, GB/T 9704-2012 §7.2.4): the issuing organ's
// abbreviation, the year in hexagonal brackets 〔〕 and the sequence number followed by 号, e.g.
// 陕政办发〔2017〕70号.
type DocNo struct {
	Organ  string // 机关代字, e.g. 陕政办发
	Year   int
	Number string // 发文顺序号, digits without leading zeros
}

// String renders the canonical form with 〔〕.
func (d DocNo) String() string {
	return d.Organ + "〔" + strconv.Itoa(d.Year) + "〕" + d.Number + "号"
}

// docNoRe reads a document number loosely: people type the brackets as [ ], ( ), （ ）, 【 】 or
// ［ ］ because 〔〕 is hard to enter, add spaces, write 第 before the number or pad it with zeros
// (which GB/T 9704 forbids: 不加“第”字，不编虚位). All of these are accepted and normalised.
// The organ part must contain a Chinese character and no bracket; the year has four digits.
var docNoRe = regexp.MustCompile(`^(\S*\p{Han}\S*?)\s*[〔\[(（【［]\s*(\d{4})\s*[〕\])）】］]\s*第?\s*(\d{1,6})\s*号$`)

// ParseDocNo reads a document number. The error, an errs.Invalid, says in Chinese what shape is
// expected; it does not check that the number exists.
func ParseDocNo(s string) (DocNo, error) {
	m := docNoRe.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil || strings.ContainsAny(m[1], "〔〕[]()（）【】［］") {
		return DocNo{}, errs.E(errs.Invalid, "文号格式应为“机关代字〔年份〕序号号”，如：陕政办发〔2017〕70号")
	}
	year, _ := strconv.Atoi(m[2])
	if year < 1949 {
		return DocNo{}, errs.E(errs.Invalid, "文号中的年份“%d”不正确", year)
	}
	num := strings.TrimLeft(m[3], "0")
	if num == "" {
		return DocNo{}, errs.E(errs.Invalid, "文号的序号不能为0")
	}
	return DocNo{Organ: m[1], Year: year, Number: num}, nil
}
