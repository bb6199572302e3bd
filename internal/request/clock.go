package request

import (
	"strconv"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
)

// Statutory periods of the 2019 Regulations, in working days.
const (
	ReplyDays        = 20 // Art.33: reply within 20 working days of receipt
	CorrectionWithin = 7  // Art.30: one correction notice within 7 working days
	MaxExtension     = 20 // Art.33: one extension of at most 20 working days
	ConsultationDays = 15 // Art.32/34: consultation time not counted, at most 15 working days
)

// EventKind is a step that moves the clock.
type EventKind string

const (
	EventCorrectionNotice  EventKind = "correction_notice"  // 补正告知: the clock stops
	EventCorrected         EventKind = "corrected"          // the corrected application arrived: the clock restarts
	EventExtension         EventKind = "extension"          // 延期答复, approved, the applicant told
	EventConsultationStart EventKind = "consultation_start" // 征求第三方或其他机关意见
	EventConsultationEnd   EventKind = "consultation_end"
	EventFeeNotice         EventKind = "fee_notice" // 收费通知: the time until payment does not count
	EventFeePaid           EventKind = "fee_paid"
)

// EventKinds lists the kinds in the order they usually happen.
func EventKinds() []EventKind {
	return []EventKind{EventCorrectionNotice, EventCorrected, EventExtension, EventConsultationStart,
		EventConsultationEnd, EventFeeNotice, EventFeePaid}
}

// Label is the Chinese name.
func (k EventKind) Label() string {
	switch k {
	case EventCorrectionNotice:
		return "补正告知"
	case EventCorrected:
		return "收到补正申请"
	case EventExtension:
		return "延期答复"
	case EventConsultationStart:
		return "开始征求意见"
	case EventConsultationEnd:
		return "征求意见结束"
	case EventFeeNotice:
		return "收费通知"
	case EventFeePaid:
		return "缴纳信息处理费"
	}
	return string(k)
}

// Parties consulted under Art.32 (第三方) and Art.34 (其他机关).
const (
	PartyThird  = "third_party"
	PartyAgency = "agency"
)

// PartyLabel is the Chinese name of a consulted party.
func PartyLabel(p string) string {
	if p == PartyAgency {
		return "其他机关"
	}
	return "第三方"
}

// Event is one step on the clock.
type Event struct {
	Kind  EventKind
	On    calendar.Date
	Until calendar.Date // correction_notice, fee_notice: the last day to answer
	Days  int           // extension: working days added
	Party string        // consultation_start: PartyThird or PartyAgency
	Fee   int           // fee_notice: the amount in fen
	Note  string
}

// Phase is where the clock stands.
type Phase string

const (
	PhaseRunning      Phase = "running"        // counting towards the due day
	PhaseCorrection   Phase = "correction"     // waiting for the corrected application: stopped
	PhaseConsultation Phase = "consultation"   // consulting: the days do not count
	PhaseFee          Phase = "fee"            // waiting for payment: the days do not count
	PhaseLapsedFix    Phase = "lapsed_correct" // 逾期不补正: closed
	PhaseLapsedFee    Phase = "lapsed_fee"     // 逾期未缴费: closed
)

// Clock is the state of the statutory clock on a given day.
type Clock struct {
	Phase     Phase
	Start     calendar.Date // receipt, or the arrival of the corrected application
	Due       calendar.Date // zero while stopped for a correction or a fee
	Counted   int           // working days counted: 20 plus the extension
	Extension int
	Paused    int // working days of consultations and payment not counted (projected for an open one)
	// Explained says how Due was reached, in Chinese.
	Explained   string
	Provisional bool
	Lapsed      calendar.Date // the day a lapsed correction or fee closed the request
	CorrectionNotice,
	Corrected,
	ConsultingSince,
	FeeSince calendar.Date
	FixUntil, FeeUntil calendar.Date
	HasExtension       bool
}

// Overdue reports whether the request is past its due day on today.
func (c Clock) Overdue(today calendar.Date) bool {
	return !c.Due.IsZero() && today.After(c.Due) && c.Phase != PhaseLapsedFix && c.Phase != PhaseLapsedFee
}

// Stopped reports whether the clock is not counting towards a due day.
func (c Clock) Stopped() bool { return c.Phase == PhaseCorrection || c.Phase == PhaseFee }

// Run replays the events (in order) from the receipt day and returns the clock as of today.
// It does not validate: Check does, before an event is added.
func Run(cal *calendar.Calendar, received calendar.Date, events []Event, today calendar.Date) Clock {
	c := Clock{Phase: PhaseRunning, Start: received, Counted: ReplyDays}
	var consulted []struct {
		party string
		days  int
	}
	var feeDays int
	party := ""
	for _, e := range events {
		switch e.Kind {
		case EventCorrectionNotice:
			c.Phase, c.CorrectionNotice, c.FixUntil = PhaseCorrection, e.On, e.Until
		case EventCorrected:
			c.Phase, c.Corrected, c.Start = PhaseRunning, e.On, e.On
		case EventExtension:
			c.Extension, c.HasExtension = e.Days, true
			c.Counted = ReplyDays + e.Days
		case EventConsultationStart:
			c.Phase, c.ConsultingSince, party = PhaseConsultation, e.On, e.Party
		case EventConsultationEnd:
			d := min(ConsultationDays, cal.WorkingDaysBetween(c.ConsultingSince, e.On))
			consulted = append(consulted, struct {
				party string
				days  int
			}{party, d})
			c.Paused += d
			c.Phase, c.ConsultingSince = PhaseRunning, calendar.Date{}
		case EventFeeNotice:
			c.Phase, c.FeeSince, c.FeeUntil = PhaseFee, e.On, e.Until
		case EventFeePaid:
			d := cal.WorkingDaysBetween(c.FeeSince, e.On)
			feeDays += d
			c.Paused += d
			c.Phase, c.FeeSince = PhaseRunning, calendar.Date{}
		}
	}
	switch c.Phase {
	case PhaseCorrection:
		if today.After(c.FixUntil) {
			c.Phase, c.Lapsed = PhaseLapsedFix, c.FixUntil.AddDays(1)
			c.Explained = "申请人未在" + long(c.FixUntil) + "前补正，视为放弃申请（逾期不补正）"
		} else {
			c.Explained = "已于" + long(c.CorrectionNotice) + "告知补正，补正期限至" + long(c.FixUntil) + "；收到补正申请之日起重新计算答复期限"
		}
		return c
	case PhaseFee:
		if today.After(c.FeeUntil) {
			c.Phase, c.Lapsed = PhaseLapsedFee, c.FeeUntil.AddDays(1)
			c.Explained = "申请人未在" + long(c.FeeUntil) + "前缴纳信息处理费，视为放弃申请（逾期未缴费）"
		} else {
			c.Explained = "已于" + long(c.FeeSince) + "通知缴纳信息处理费，缴费期限至" + long(c.FeeUntil) + "；缴费期间不计入答复期限"
		}
		return c
	}
	open := 0
	if c.Phase == PhaseConsultation {
		// An open consultation is counted at its statutory maximum until it ends.
		open = ConsultationDays
	}
	due := cal.AddWorkingDays(c.Start, c.Counted+c.Paused+open)
	c.Due, c.Provisional = due.Date, due.Provisional
	s := "自" + long(cal.NextWorkingDay(c.Start)) + "起算第" + strconv.Itoa(c.Counted) + "个工作日"
	if !c.Corrected.IsZero() {
		s = "自收到补正申请次日" + long(cal.NextWorkingDay(c.Start)) + "起算第" + strconv.Itoa(c.Counted) + "个工作日"
	}
	if c.HasExtension {
		s += "（含延期" + strconv.Itoa(c.Extension) + "个工作日）"
	}
	for _, k := range consulted {
		s += "，征求" + PartyLabel(k.party) + "意见" + strconv.Itoa(k.days) + "个工作日不计入"
	}
	if open > 0 {
		s += "，正在征求" + PartyLabel(party) + "意见，按" + strconv.Itoa(ConsultationDays) + "个工作日不计入预计"
	}
	if feeDays > 0 {
		s += "，缴费期间" + strconv.Itoa(feeDays) + "个工作日不计入"
	}
	s += "，截止" + long(c.Due)
	if notes := cal.Notes(c.Start.AddDays(1), c.Due); notes != "" {
		s += "（期间" + notes + "）"
	}
	if due.Provisional {
		s += "（" + due.Reason + "）"
	}
	c.Explained = s
	return c
}

func long(d calendar.Date) string {
	y, m, dd := d.Civil()
	return strconv.Itoa(y) + "年" + strconv.Itoa(int(m)) + "月" + strconv.Itoa(dd) + "日"
}

// Check decides whether e may be added to the events of a request received on received,
// on day today, and returns the clock with it. The error names the rule broken.
func Check(cal *calendar.Calendar, received calendar.Date, events []Event, e Event, today calendar.Date) (Clock, error) {
	bad := func(field, label, msg string) (Clock, error) {
		return Clock{}, errs.Fields("无法登记"+e.Kind.Label(), errs.FieldError{Field: field, Label: label, Message: msg})
	}
	valid := false
	for _, k := range EventKinds() {
		valid = valid || k == e.Kind
	}
	if !valid {
		return bad("kind", "事项", "不在可选范围内")
	}
	switch {
	case e.On.IsZero():
		return bad("on", "日期", "不能为空")
	case e.On.After(today):
		return bad("on", "日期", "不能晚于今天")
	case e.On.Before(received):
		return bad("on", "日期", "不能早于收到申请日期"+received.String())
	}
	if n := len(events); n > 0 && e.On.Before(events[n-1].On) {
		return bad("on", "日期", "早于上一步（"+events[n-1].Kind.Label()+"，"+events[n-1].On.String()+"），顺序有误")
	}
	// The clock as it stood on the day of the event.
	c := Run(cal, received, events, e.On)
	if c.Phase == PhaseLapsedFix || c.Phase == PhaseLapsedFee {
		return bad("on", "日期", "申请已于"+c.Lapsed.String()+"因"+c.Phase.label()+"终止")
	}
	count := func(k EventKind) int {
		n := 0
		for _, x := range events {
			if x.Kind == k {
				n++
			}
		}
		return n
	}
	switch e.Kind {
	case EventCorrectionNotice:
		switch {
		case count(EventCorrectionNotice) > 0:
			return bad("kind", "补正告知", "只能告知补正一次（条例第三十条）")
		case len(events) > 0:
			return bad("kind", "补正告知", "须在其他步骤之前作出")
		case cal.WorkingDaysBetween(received, e.On) > CorrectionWithin:
			return bad("on", "补正告知日期", "超过收到申请之日起7个工作日（条例第三十条），最迟为"+cal.AddWorkingDays(received, CorrectionWithin).Date.String())
		case e.Until.IsZero() || !e.Until.After(e.On):
			return bad("until", "补正期限", "须晚于告知日期")
		}
	case EventCorrected:
		if c.Phase != PhaseCorrection {
			return bad("kind", "收到补正申请", "没有待补正的告知")
		}
	case EventExtension:
		switch {
		case count(EventExtension) > 0:
			return bad("kind", "延期答复", "只能延期一次（条例第三十三条）")
		case e.Days < 1 || e.Days > MaxExtension:
			return bad("days", "延长天数", "延长期限最长不得超过20个工作日（条例第三十三条）")
		case c.Stopped():
			return bad("kind", "延期答复", "补正或缴费期间不能延期")
		case e.On.After(c.Due):
			return bad("on", "日期", "答复期限已于"+c.Due.String()+"届满，不能再延期")
		}
	case EventConsultationStart:
		switch {
		case c.Phase != PhaseRunning:
			return bad("kind", "征求意见", "当前不能开始征求意见（"+c.Phase.label()+"）")
		case e.Party != PartyThird && e.Party != PartyAgency:
			return bad("party", "征求对象", "请选择第三方或其他机关")
		case e.On.After(c.Due):
			return bad("on", "日期", "答复期限已于"+c.Due.String()+"届满")
		}
	case EventConsultationEnd:
		if c.Phase != PhaseConsultation {
			return bad("kind", "征求意见结束", "没有正在进行的征求意见")
		}
	case EventFeeNotice:
		switch {
		case c.Phase != PhaseRunning:
			return bad("kind", "收费通知", "当前不能通知缴费（"+c.Phase.label()+"）")
		case count(EventFeeNotice) > 0:
			return bad("kind", "收费通知", "已经通知过缴费")
		case e.Fee <= 0:
			return bad("fee", "收费金额", "须大于零")
		case e.Until.IsZero() || !e.Until.After(e.On):
			return bad("until", "缴费期限", "须晚于通知日期")
		}
	case EventFeePaid:
		if c.Phase != PhaseFee {
			return bad("kind", "缴纳信息处理费", "没有待缴的费用")
		}
	}
	return Run(cal, received, append(events[:len(events):len(events)], e), today), nil
}

func (p Phase) label() string {
	switch p {
	case PhaseRunning:
		return "办理中"
	case PhaseCorrection:
		return "待补正"
	case PhaseConsultation:
		return "征求意见中"
	case PhaseFee:
		return "待缴费"
	case PhaseLapsedFix:
		return "逾期不补正"
	case PhaseLapsedFee:
		return "逾期未缴费"
	}
	return string(p)
}

// Label is the Chinese name of the phase.
func (p Phase) Label() string { return p.label() }
