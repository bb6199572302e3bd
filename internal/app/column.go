package app

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/org"
	"gongkai/internal/record"
	reportxlsx "gongkai/internal/request/xlsx"
	"gongkai/internal/store"
)

// The 政府信息公开 专栏 of a unit's site (issue 18, point 6): the national structure of a
// government website's disclosure column. 政府信息公开指南, 制度 and 年度报告 are records of the
// column kinds (record.Kind.Column): they belong to the unit as a whole, not to a policy
// domain or a catalog entry, and go through the procedure like every record (draft,
// confidentiality review, approval, revisions with a change note, withdrawal). 法定主动公开内容
// is the standard catalog navigation and 依申请公开 the request form.

// columnSubject is the national subject category of the column's records: 综合政务\政务公开.
const columnSubject = "02.1"

// CreateColumnRecord starts a draft of a column kind for unit u. year is the year an annual
// report reports on (ignored for the other kinds). The unit issues it: column records are the
// unit's own, so they are created from the unit and its staff review and approve them.
func (a *App) CreateColumnRecord(ctx context.Context, p *Principal, u org.Org, kind record.Kind, year int, in RecordInput) (record.Record, error) {
	if p == nil {
		return record.Record{}, errs.E(errs.Unauthorized, "请先登录")
	}
	if u.Kind != org.KindUnit {
		return record.Record{}, errs.Fields("信息填写有误", errs.FieldError{Field: record.FieldEntry, Label: record.FieldLabel(record.FieldEntry),
			Message: "政府信息公开专栏的信息由试点单位发布"})
	}
	if !kind.Column() {
		return record.Record{}, errs.Fields("信息填写有误", errs.FieldError{Field: record.FieldKind, Label: record.FieldLabel(record.FieldKind),
			Message: "请选择政府信息公开指南、政府信息公开制度或年度报告"})
	}
	in.Kind = kind
	r := record.Record{UnitID: u.ID, Kind: kind, IssuerOrgID: u.ID}
	today := calendar.DateOf(a.Now())
	if fe := in.apply(&r, today); len(fe) > 0 {
		return r, errs.Fields("信息填写有误", fe...)
	}
	r.Kind, r.PolicyID, r.Repeals = kind, 0, nil
	if kind == record.KindAnnualReport {
		if year < 2008 || year > today.Year() {
			return r, errs.Fields("信息填写有误", errs.FieldError{Field: "year", Label: "年度", Message: "须为2008年至今年之间的年度"})
		}
		r.ReportYear = year
	}
	r.Subject = cmp.Or(r.Subject, columnSubject)
	r.Issuer = cmp.Or(r.Issuer, u.Official())
	if r.WrittenOn.IsZero() {
		r.WrittenOn = today
	}
	if r.FormedOn.IsZero() {
		r.FormedOn = today
	}
	if strings.TrimSpace(r.Title) == "" {
		return r, errs.Fields("信息填写有误", errs.FieldError{Field: record.FieldTitle, Label: record.FieldLabel(record.FieldTitle), Message: "不能为空"})
	}
	out, err := record.Decide(r, record.Action{Kind: record.ActionCreate}, staffActor(p, u, u), record.Policy{}, a.Now())
	if err != nil {
		return r, err
	}
	r = out.Record
	scan(&r, nil)
	ch, err := a.change(ctx, r, u)
	if err != nil {
		return r, err
	}
	return a.store.CreateRecord(ctx, p.Actor(), r, u.ID, ch)
}

// ColumnItem is one published record of a unit's 专栏.
type ColumnItem struct {
	record.Item
	ReportYear int
}

// Column is what the public sees of a unit's 政府信息公开 专栏: the published records of the
// column kinds, newest first within each.
type Column struct {
	Unit          org.Org
	Guides        []ColumnItem // 政府信息公开指南: the newest is the guide in force
	Rules         []ColumnItem // 政府信息公开制度
	AnnualReports []ColumnItem // 政府信息公开年报, by year, newest first
}

// Guide is the current 政府信息公开指南, nil when none is published.
func (c Column) Guide() *ColumnItem {
	if len(c.Guides) == 0 {
		return nil
	}
	return &c.Guides[0]
}

// PublicColumn reads a unit's 专栏 for the public: only published records.
func (a *App) PublicColumn(ctx context.Context, u org.Org) (Column, error) {
	c := Column{Unit: u}
	items, err := a.store.Records(ctx, store.RecordQuery{UnitID: u.ID, Published: true, Kinds: record.ColumnKinds(), Limit: 500})
	if err != nil {
		return c, err
	}
	for _, it := range items {
		ci := ColumnItem{Item: it}
		switch it.Kind {
		case record.KindInfoGuide:
			c.Guides = append(c.Guides, ci)
		case record.KindInfoRules:
			c.Rules = append(c.Rules, ci)
		case record.KindAnnualReport:
			rev, err := a.store.Revision(ctx, it.ID, it.PublicRevision)
			if err != nil {
				return c, err
			}
			ci.ReportYear = rev.ReportYear
			c.AnnualReports = append(c.AnnualReports, ci)
		}
	}
	slices.SortStableFunc(c.AnnualReports, func(x, y ColumnItem) int { return cmp.Compare(y.ReportYear, x.ReportYear) })
	return c, nil
}

// AnnualReportRecord starts the record that publishes o's annual report for year (issue 12,
// point 5): a draft of the annual-report kind with the report's tables in the 2021 layout as
// its body and the workbook as its attachment, which then goes through the procedure and
// appears under 政府信息公开年报 once published. The report must pass its check first. When a
// record for that year exists already (and is not withdrawn), it is returned unchanged with
// existing set, so that a second click leads to the same draft instead of a duplicate.
func (a *App) AnnualReportRecord(ctx context.Context, p *Principal, o org.Org, year int) (rec record.Record, existing bool, err error) {
	if err := p.Authorize(org.PermCatalogEdit, o); err != nil {
		return rec, false, err
	}
	if o.Kind != org.KindUnit {
		return rec, false, errs.E(errs.Conflict, "年度报告由试点单位在政府信息公开专栏中发布")
	}
	items, err := a.store.Records(ctx, store.RecordQuery{UnitID: o.ID, Kinds: []record.Kind{record.KindAnnualReport}, Limit: 500})
	if err != nil {
		return rec, false, err
	}
	for _, it := range items {
		if it.State == record.StateWithdrawn {
			continue
		}
		r, err := a.store.Revision(ctx, it.ID, it.Revision)
		if err != nil {
			return rec, false, err
		}
		if r.ReportYear == year {
			return r, true, nil
		}
	}
	rep, err := a.annualReport(ctx, o, year)
	if err != nil {
		return rec, false, err
	}
	if len(rep.Failures) > 0 {
		return rec, false, errs.E(errs.Conflict, "年度报告校验未通过（%s），请先核对数据再发布", rep.Failures[0].Message)
	}
	body, err := rep.BodyHTML()
	if err != nil {
		return rec, false, err
	}
	var xb bytes.Buffer
	if err := reportxlsx.Write(&xb, rep); err != nil {
		return rec, false, err
	}
	title := fmt.Sprintf("%s%d年政府信息公开工作年度报告", o.Official(), year)
	rec, err = a.CreateColumnRecord(ctx, p, o, record.KindAnnualReport, year, RecordInput{Title: title, BodyHTML: body, Openness: record.OpenProactive})
	if err != nil {
		return rec, false, err
	}
	rec, err = a.AddAttachment(ctx, p, rec.ID, fmt.Sprintf("%s%d年政府信息公开工作年度报告.xlsx", o.Official(), year), xb.Bytes())
	return rec, false, err
}
