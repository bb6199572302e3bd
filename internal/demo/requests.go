package demo

import (
	"context"
	"fmt"
	"time"

	"gongkai/internal/app"
	"gongkai/internal/audit"
	"gongkai/internal/calendar"
	"gongkai/internal/org"
	"gongkai/internal/request"
)

// fillRequests files sample disclosure requests (依申请公开) with 未央区 in every state, dated
// by working days back from today, through the real use cases with the clock set to each
// step's day; requests of 2025 feed the 2025 annual report, whose sections are written.
func fillRequests(ctx context.Context, a *app.App, ids map[string]org.Org) error {
	real := a.Clock
	defer func() { a.Clock = real }()
	now := real()
	cal, _, err := a.Calendar(ctx)
	if err != nil {
		return err
	}
	today := calendar.DateOf(now)
	wd := func(n int) calendar.Date { return cal.AddWorkingDays(today, -n).Date }
	at := func(d calendar.Date) {
		t := time.Date(d.Year(), d.Month(), d.Day(), 10, 0, 0, 0, app.Shanghai)
		if t.After(now) {
			t = now
		}
		a.Clock = func() time.Time { return t }
	}
	who := func(login string) *app.Principal {
		p, _ := a.SeedStore().PersonByLogin(ctx, login)
		return &app.Principal{Person: p, IP: "127.0.0.1"}
	}
	editor, reviewer, approver := who("editor@610112"), who("reviewer@610112"), who("approver@610112")
	u := ids["610112"]
	n := 0
	application := func(kind request.ApplicantKind, desc string) request.Application {
		n++
		return request.Application{Applicant: request.Applicant{Kind: kind, Name: fmt.Sprintf("申请人%02d（示例）", n), IDKind: "居民身份证",
			IDNo: fmt.Sprintf("示例证件号%02d", n), Phone: "示例电话", Address: "西安市未央区（示例地址）"},
			Description: desc + "（示例数据）", Form: "电子文档", Delivery: "电子邮件"}
	}
	register := func(kind request.ApplicantKind, desc string, received calendar.Date) (int64, error) {
		at(received)
		ap := application(kind, desc)
		ap.Channel, ap.Received = request.ChannelPost, received
		x, _, err := a.RegisterRequest(ctx, editor, u, ap)
		return x.ID, err
	}
	event := func(id int64, e request.Event) error {
		at(e.On)
		p := editor
		if e.Kind == request.EventExtension {
			p = approver
		}
		_, _, err := a.AddRequestEvent(ctx, p, org.Org{}, id, e)
		return err
	}
	answer := func(id int64, day calendar.Date, t request.ReplyType, reason int) error {
		at(day)
		if _, err := a.DraftReply(ctx, editor, org.Org{}, id, request.Reply{Type: t, Reason: reason}); err != nil {
			return err
		}
		if _, err := a.ReviewReply(ctx, reviewer, org.Org{}, id, true, ""); err != nil {
			return err
		}
		_, err := a.ApproveReply(ctx, approver, org.Org{}, id, true, "")
		return err
	}
	steps := []func() error{
		func() error { // new, through the public form
			at(today)
			_, _, err := a.Apply(ctx, "127.0.0.1", "610112", application(request.ApplicantPerson, "本区2026年城乡低保对象动态管理情况"))
			return err
		},
		func() error { // corrected: the clock restarted
			id, err := register(request.ApplicantPerson, "某街道临时救助发放明细", wd(10))
			if err != nil {
				return err
			}
			if err := event(id, request.Event{Kind: request.EventCorrectionNotice, On: wd(8), Until: cal.AddWorkingDays(wd(8), 15).Date}); err != nil {
				return err
			}
			return event(id, request.Event{Kind: request.EventCorrected, On: wd(3)})
		},
		func() error { // waiting for the correction
			id, err := register(request.ApplicantCharity, "特困人员供养经费使用情况", wd(3))
			if err != nil {
				return err
			}
			return event(id, request.Event{Kind: request.EventCorrectionNotice, On: wd(2), Until: cal.AddWorkingDays(today, 10).Date})
		},
		func() error { // extended
			id, err := register(request.ApplicantResearch, "2025年耕地地力保护补贴发放数据", wd(18))
			if err != nil {
				return err
			}
			return event(id, request.Event{Kind: request.EventExtension, On: wd(1), Days: 15, Note: "已书面告知申请人"})
		},
		func() error { // in third-party consultation
			id, err := register(request.ApplicantBusiness, "某企业参与政府采购项目的合同文本", wd(6))
			if err != nil {
				return err
			}
			return event(id, request.Event{Kind: request.EventConsultationStart, On: wd(2), Party: request.PartyThird})
		},
		func() error { // overdue
			_, err := register(request.ApplicantPerson, "农机购置补贴公示名单", wd(25))
			return err
		},
		func() error { // answered: 予以公开, 部分公开, 不予处理
			for i, r := range []struct {
				t      request.ReplyType
				reason int
			}{{request.ReplyOpen, 0}, {request.ReplyPartial, 0}, {request.ReplyNotProcessed, 2}} {
				id, err := register(request.ApplicantPerson, "最低生活保障标准调整文件", wd(40+5*i))
				if err != nil {
					return err
				}
				if err := answer(id, wd(30+5*i), r.t, r.reason); err != nil {
					return err
				}
			}
			return nil
		},
		func() error { // answered 不予公开, reconsideration pending
			id, err := register(request.ApplicantLegal, "某房屋征收项目评估报告", wd(35))
			if err != nil {
				return err
			}
			if err := answer(id, wd(20), request.ReplyWithheld, 4); err != nil {
				return err
			}
			at(wd(10))
			_, err = a.AddAppeal(ctx, editor, org.Org{}, id, request.Appeal{Kind: request.AppealReconsideration, Filed: wd(10), Outcome: request.OutcomePending})
			return err
		},
	}
	// The requests of 2025, for its annual report (only once that year is over).
	if today.Year() >= 2026 {
		d := calendar.MustParseDate
		steps = append(steps, func() error {
			for i, c := range []struct {
				kind     request.ApplicantKind
				received string
				answered string
				t        request.ReplyType
				reason   int
			}{
				{request.ApplicantPerson, "2025-03-04", "2025-03-25", request.ReplyOpen, 0},
				{request.ApplicantPerson, "2025-05-12", "2025-06-05", request.ReplyUnavailable, 1},
				{request.ApplicantBusiness, "2025-08-18", "2025-09-10", request.ReplyPartial, 0},
				{request.ApplicantLegal, "2025-12-22", "2026-01-14", request.ReplyOpen, 0}, // carried over to 2026
			} {
				id, err := register(c.kind, fmt.Sprintf("2025年政府信息公开申请%d", i+1), d(c.received))
				if err != nil {
					return err
				}
				if err := answer(id, d(c.answered), c.t, c.reason); err != nil {
					return err
				}
			}
			at(today)
			return a.SeedStore().SaveAnnualReportInput(ctx, audit.System("demo"), u.ID, 2025, request.Texts{
				Overview: "2025年，未央区认真贯彻《中华人民共和国政府信息公开条例》，依申请公开工作在本平台统一登记、按法定时限办理。（示例数据）",
				Problems: "部分申请答复说理不够充分，下一步将加强答复文书审核。（示例数据）",
				Other:    "本年度未收取信息处理费。（示例数据）"}, request.Table2{Licensing: 1260, Penalty: 85, Coercion: 3})
		})
	}
	for i, step := range steps {
		if err := step(); err != nil {
			return fmt.Errorf("demo request %d: %w", i+1, err)
		}
	}
	// The staff have long seen the notices of this history: the centre starts empty.
	for _, p := range []*app.Principal{editor, reviewer, approver} {
		if _, err := a.MarkAllRead(ctx, p); err != nil {
			return err
		}
	}
	return nil
}
