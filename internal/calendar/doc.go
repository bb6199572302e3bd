// Package calendar is the working-day calendar of mainland China and the deadline engine built
// on it.
//
// Deadlines in government-information disclosure are counted in working days (工作日) or in
// calendar days (日), always excluding the day of the event (民法典 第201条). Working days follow
// the State Council's yearly holiday notices (国务院办公厅关于节假日安排的通知), which move
// weekends around (调休) and therefore cannot be computed by rule: the notices are data, embedded
// from holidays/*.json. For years no notice covers, the statutory holidays fixed by law
// (全国年节及纪念日放假办法) are computed instead, and every result that depends on such a year
// is marked Provisional so the interface can say so.
//
// The package is pure Go: no SQL, no HTTP. A Calendar is immutable after New and safe for
// concurrent use.
package calendar
