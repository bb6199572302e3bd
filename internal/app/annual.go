package app

import (
	"context"
	"strings"
	"unicode/utf8"

	"gongkai/internal/audit"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/org"
	"gongkai/internal/record"
	"gongkai/internal/request"
	"gongkai/internal/store"
)

// policyDocuments is where table 二 takes its 规章 and 行政规范性文件 from: the published policy
// records (政策文件) of o and below, each with the day its force ended (record.EndsOn: its
// 失效日期, the day a repeal by another document took effect, or a stated 废止 date) and
// whether its 有效性 says it was made to be in force; and its 行政许可, 行政处罚 and 行政强制
// decisions: the published enforcement notices (执法公示) that state their act.
func (a *App) policyDocuments(ctx context.Context, o org.Org) ([]request.PolicyDoc, []request.Decision, error) {
	var out []request.PolicyDoc
	var decisions []request.Decision
	for offset := 0; ; offset += 500 {
		items, err := a.store.Records(ctx, store.RecordQuery{UnitPath: o.Path, Published: true, Limit: 500, Offset: offset})
		if err != nil {
			return nil, nil, err
		}
		for _, it := range items {
			if (it.Kind != record.KindPolicy && it.Kind != record.KindEnforcement) || it.PublicRevision == 0 {
				continue
			}
			r, err := a.store.Revision(ctx, it.ID, it.PublicRevision)
			if err != nil {
				return nil, nil, err
			}
			if r.Kind == record.KindEnforcement {
				// The decision was made on its 成文日期 (required), else when published.
				on := r.WrittenOn
				if on.IsZero() {
					on = calendar.DateOf(r.PublishedAt)
				}
				if r.EnforcementAct.Valid() {
					decisions = append(decisions, request.Decision{Act: string(r.EnforcementAct), On: on})
				}
				continue
			}
			out = append(out, request.PolicyDoc{DocNo: r.DocNo, Written: r.WrittenOn, Repealed: r.EndsOn(),
				InForce: r.Validity == "" || r.Validity == record.ValidityEffective})
		}
		if len(items) < 500 {
			return out, decisions, nil
		}
	}
}

// annualReport builds the report of o for year from the platform's data.
func (a *App) annualReport(ctx context.Context, o org.Org, year int) (request.Report, error) {
	if year < 2008 || year > a.Today().Year() {
		return request.Report{}, errs.Fields("年份有误", errs.FieldError{Field: "year", Label: "年度", Message: "须在2008年至今年之间"})
	}
	cal, _, err := a.Calendar(ctx)
	if err != nil {
		return request.Report{}, err
	}
	texts, manual, err := a.store.AnnualReportInput(ctx, o.ID, year)
	if err != nil {
		return request.Report{}, err
	}
	docs, decisions, err := a.policyDocuments(ctx, o)
	if err != nil {
		return request.Report{}, err
	}
	xs, err := a.store.Requests(ctx, store.RequestQuery{Path: o.Path, Received: [2]calendar.Date{{}, calendar.MustDate(year, 12, 31)}})
	if err != nil {
		return request.Report{}, err
	}
	// Requests are judged as they stood at the end of the year, or today in the current year.
	asOf := calendar.MustDate(year, 12, 31)
	if today := a.Today(); today.Before(asOf) {
		asOf = today
	}
	var cases []request.Case
	var appeals []request.Appeal
	for _, x := range xs {
		cases = append(cases, x.Case(cal, asOf))
		appeals = append(appeals, x.Appeals...)
	}
	rep := request.Report{Year: year, UnitName: o.Name, Department: o.Kind == org.KindDept || o.Kind == org.KindProvinceDept, Texts: texts,
		Table2: request.BuildTable2(year, docs, manual).WithDecisions(year, decisions), Table3: request.BuildTable3(year, cases), Table4: request.BuildTable4(year, appeals)}
	rep.Failures = rep.Table3.Check()
	rep.Due = request.ReportDue(year, rep.Department)
	return rep, nil
}

// AnnualReport is the report of o for year, generated and checked.
func (a *App) AnnualReport(ctx context.Context, p *Principal, o org.Org, year int) (request.Report, error) {
	if err := p.Authorize(org.PermView, o); err != nil {
		return request.Report{}, err
	}
	return a.annualReport(ctx, o, year)
}

// ExportAnnualReport builds the report for the operator's command line.
func (a *App) ExportAnnualReport(ctx context.Context, by audit.Actor, o org.Org, year int) (request.Report, error) {
	rep, err := a.annualReport(ctx, o, year)
	if err != nil {
		return rep, err
	}
	return rep, a.store.Audit(ctx, by, store.Change{Action: "annual_report.export", ObjectType: "annual_report", ObjectID: year, OrgID: o.ID})
}

// SaveAnnualReport stores the sections written by staff and the figures entered by hand, and
// returns the report again.
func (a *App) SaveAnnualReport(ctx context.Context, p *Principal, o org.Org, year int, texts request.Texts, manual request.Table2) (request.Report, error) {
	if err := p.Authorize(org.PermHandleRequest, o); err != nil {
		return request.Report{}, err
	}
	if _, err := a.annualReport(ctx, o, year); err != nil {
		return request.Report{}, err
	}
	var fs []errs.FieldError
	for _, f := range []struct {
		field, label string
		v            *string
	}{{"overview", "一、总体情况", &texts.Overview}, {"problems", "五、存在的主要问题及改进情况", &texts.Problems}, {"other", "六、其他需要报告的事项", &texts.Other}} {
		*f.v = strings.TrimSpace(*f.v)
		if utf8.RuneCountInString(*f.v) > 20000 {
			fs = append(fs, errs.FieldError{Field: f.field, Label: f.label, Message: "过长（不超过20000字）"})
		}
	}
	if len(fs) > 0 {
		return request.Report{}, errs.Fields("年度报告有误", fs...)
	}
	if err := manual.Validate(); err != nil {
		return request.Report{}, err
	}
	if err := a.store.SaveAnnualReportInput(ctx, p.Actor(), o.ID, year, texts, manual); err != nil {
		return request.Report{}, err
	}
	return a.annualReport(ctx, o, year)
}

// ReportDue is one organisation's annual report for a year, as its supervisors follow it.
type ReportDue struct {
	Org     org.Org
	Due     calendar.Date
	Written bool // sections 一, 五 and 六 are written
	Checked bool // the check passes
	Overdue bool // past its due day and not written
}

// AnnualReportDues lists the annual reports of year owed by the units and departments in o's
// subtree (31 March for a government, 31 January for a department: Art.49).
func (a *App) AnnualReportDues(ctx context.Context, p *Principal, o org.Org, year int) ([]ReportDue, error) {
	if err := p.Authorize(org.PermView, o); err != nil {
		return nil, err
	}
	all, err := a.store.Orgs(ctx)
	if err != nil {
		return nil, err
	}
	today := a.Today()
	var out []ReportDue
	for _, u := range all {
		if !o.Contains(u) || (u.Kind != org.KindUnit && u.Kind != org.KindDept) {
			continue
		}
		rep, err := a.annualReport(ctx, u, year)
		if err != nil {
			return nil, err
		}
		t := rep.Texts
		d := ReportDue{Org: u, Due: rep.Due, Written: t.Overview != "" && t.Problems != "" && t.Other != "", Checked: len(rep.Failures) == 0}
		d.Overdue = !d.Written && today.After(d.Due)
		out = append(out, d)
	}
	return out, nil
}
