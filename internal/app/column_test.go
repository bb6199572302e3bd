package app_test

import (
	"context"
	"strings"
	"testing"

	"gongkai/internal/app"
	"gongkai/internal/errs"
	"gongkai/internal/record"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// publish takes a draft through review and approval with the unit's demo accounts.
func (w *world) publish(unit string, id int64) {
	w.t.Helper()
	ctx := context.Background()
	for _, st := range []struct {
		login string
		a     record.Action
	}{
		{"editor@" + unit, record.Action{Kind: record.ActionSubmit}},
		{"reviewer@" + unit, record.Action{Kind: record.ActionReviewPass}},
		{"approver@" + unit, record.Action{Kind: record.ActionApprove}},
	} {
		if _, err := w.a.Act(ctx, w.who(st.login), id, st.a); err != nil {
			w.t.Fatalf("%s: %v", st.a.Kind, err)
		}
	}
}

// TestColumnRecords: the 政府信息公开指南 and 制度 are records without a catalog entry that go
// through the procedure; the public column lists only published ones; kinds cannot cross
// between the 专栏 and the catalog entries.
func TestColumnRecords(t *testing.T) { storetest.Each(t, testColumnRecords) }

func testColumnRecords(t *testing.T, s *store.Store) {
	w := newWorld(t, s)
	ctx := context.Background()
	a, editor := w.a, w.who("editor@610112")
	if w.unit.FullName != "西安市未央区人民政府" || w.unit.Official() != "西安市未央区人民政府" {
		t.Fatalf("demo unit full name %q", w.unit.FullName)
	}
	before, err := a.PublicColumn(ctx, w.unit)
	if err != nil {
		t.Fatal(err)
	}
	if before.Guide() == nil || len(before.Rules) != 2 || len(before.AnnualReports) != 1 || before.AnnualReports[0].ReportYear != 2025 {
		t.Fatalf("demo column: guide %v, %d rules, reports %+v", before.Guide(), len(before.Rules), before.AnnualReports)
	}

	g, err := a.CreateColumnRecord(ctx, editor, w.unit, record.KindInfoGuide, 0, app.RecordInput{Title: "政府信息公开指南（2026年修订）", BodyHTML: "<p>一、主动公开</p>"})
	if err != nil {
		t.Fatal(err)
	}
	if g.State != record.StateDraft || g.EntryID != 0 || g.Domain != "" || g.Issuer != "西安市未央区人民政府" || g.Subject != "02.1" || g.Sample {
		t.Fatalf("new guide: %+v", g)
	}
	draft, _ := a.PublicColumn(ctx, w.unit)
	if draft.Guide().ID == g.ID {
		t.Fatal("a draft guide is public")
	}
	// An edit that names an entry kind keeps the record in the 专栏.
	if r, err := a.EditRecord(ctx, editor, g.ID, app.RecordInput{Kind: record.KindPolicy, Title: "政府信息公开指南（2026年修订）", BodyHTML: "<p>一、主动公开</p><p>二、依申请公开</p>",
		Subject: "02.1", Issuer: "西安市未央区人民政府", WrittenOn: g.WrittenOn.String()}); err != nil || r.Kind != record.KindInfoGuide {
		t.Fatalf("edit: kind %s, %v", r.Kind, err)
	}
	w.publish("610112", g.ID)
	after, _ := a.PublicColumn(ctx, w.unit)
	if after.Guide() == nil || after.Guide().ID != g.ID || len(after.Guides) != 2 {
		t.Fatalf("published guide: %+v", after.Guides)
	}
	pub, _, err := a.PublicRecord(ctx, g.ID)
	if err != nil || pub.IndexNo == "" || pub.Kind != record.KindInfoGuide {
		t.Fatalf("public guide: %+v %v", pub, err)
	}

	// Refusals, each naming its field, nothing stored.
	if _, err := a.CreateRecord(ctx, editor, w.unit, "shjz", w.entry.ID, app.RecordInput{Kind: record.KindInfoRules, Title: "制度", FormedOn: formedToday()}); fieldError(err, record.FieldKind) == "" {
		t.Errorf("column kind under an entry: %v", err)
	}
	if _, err := a.CreateColumnRecord(ctx, editor, w.unit, record.KindPolicy, 0, app.RecordInput{Title: "文件"}); fieldError(err, record.FieldKind) == "" {
		t.Errorf("entry kind in the column: %v", err)
	}
	if _, err := a.CreateColumnRecord(ctx, editor, w.unit, record.KindAnnualReport, 1999, app.RecordInput{Title: "年报"}); fieldError(err, "year") == "" {
		t.Errorf("annual report of 1999: %v", err)
	}
	if _, err := a.CreateColumnRecord(ctx, editor, w.unit, record.KindInfoRules, 0, app.RecordInput{Title: " "}); fieldError(err, record.FieldTitle) == "" {
		t.Errorf("no title: %v", err)
	}
	dept, _ := s.OrgByCode(ctx, "610112-mzj")
	if _, err := a.CreateColumnRecord(ctx, w.who("editor@610112-mzj"), dept, record.KindInfoRules, 0, app.RecordInput{Title: "制度"}); fieldError(err, record.FieldEntry) == "" {
		t.Errorf("a department's column record: %v", err)
	}
	if _, err := a.CreateColumnRecord(ctx, w.who("editor@610111"), w.unit, record.KindInfoRules, 0, app.RecordInput{Title: "制度"}); err == nil {
		t.Error("another unit's editor created a column record")
	}
	final, _ := a.PublicColumn(ctx, w.unit)
	if len(final.Rules) != 2 {
		t.Errorf("rules after refusals: %d", len(final.Rules))
	}
}

// TestAnnualReportRecord: the annual report becomes a draft of the annual-report kind with
// its tables and the workbook, is published through the procedure and is listed by year; a
// second request returns the same record.
func TestAnnualReportRecord(t *testing.T) { storetest.Each(t, testAnnualReportRecord) }

func testAnnualReportRecord(t *testing.T, s *store.Store) {
	w := newWorld(t, s)
	ctx := context.Background()
	a := w.a
	unit, _ := s.OrgByCode(ctx, "610111")
	editor := w.who("editor@610111")
	if _, _, err := a.AnnualReportRecord(ctx, w.who("supervisor@610100"), unit, 2025); !errs.Is(err, errs.Forbidden) && !errs.Is(err, errs.NotFound) {
		t.Errorf("supervisor: %v", err)
	}
	r, existing, err := a.AnnualReportRecord(ctx, editor, unit, 2025)
	if err != nil || existing {
		t.Fatalf("create: %v existing %t", err, existing)
	}
	if r.Kind != record.KindAnnualReport || r.ReportYear != 2025 || r.State != record.StateDraft || r.Title != "西安市灞桥区人民政府2025年政府信息公开工作年度报告" {
		t.Fatalf("draft: %s %d %s %q", r.Kind, r.ReportYear, r.State, r.Title)
	}
	for _, want := range []string{"一、总体情况", "二、主动公开政府信息情况", "行政规范性文件", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况", "<table>", "colspan=\"7\""} {
		if !strings.Contains(r.BodyHTML, want) {
			t.Errorf("body lacks %q", want)
		}
	}
	atts, err := s.Attachments(ctx, r.ID, r.Revision)
	if err != nil || len(atts) != 1 || !strings.HasSuffix(atts[0].Name, ".xlsx") || atts[0].Size == 0 {
		t.Fatalf("attachments: %+v %v", atts, err)
	}
	again, existing, err := a.AnnualReportRecord(ctx, editor, unit, 2025)
	if err != nil || !existing || again.ID != r.ID {
		t.Fatalf("second: %d existing %t %v", again.ID, existing, err)
	}
	col, _ := a.PublicColumn(ctx, unit)
	if len(col.AnnualReports) != 0 {
		t.Fatal("a draft report is public")
	}
	w.publish("610111", r.ID)
	col, _ = a.PublicColumn(ctx, unit)
	if len(col.AnnualReports) != 1 || col.AnnualReports[0].ID != r.ID || col.AnnualReports[0].ReportYear != 2025 {
		t.Fatalf("published: %+v", col.AnnualReports)
	}
	// The 2025 report of 610112 was made by the demo: asking again opens it.
	wy, _ := s.OrgByCode(ctx, "610112")
	demo, existing, err := a.AnnualReportRecord(ctx, w.who("editor@610112"), wy, 2025)
	if err != nil || !existing || !demo.Sample {
		t.Fatalf("demo report: existing %t sample %t %v", existing, demo.Sample, err)
	}
}

// TestSampleOnlyOnDemoRecords: records seeded by the demo are marked as sample data; records
// staff make later are not, even on a demo unit.
func TestSampleOnlyOnDemoRecords(t *testing.T) { storetest.Each(t, testSampleOnlyOnDemoRecords) }

func testSampleOnlyOnDemoRecords(t *testing.T, s *store.Store) {
	w := newWorld(t, s)
	ctx := context.Background()
	refs, err := w.a.LatestPublished(ctx, "610112", "", 50)
	if err != nil || len(refs) == 0 {
		t.Fatal(refs, err)
	}
	for _, ref := range refs {
		r, _, err := w.a.PublicRecord(ctx, ref.ID)
		if err != nil || !r.Sample {
			t.Errorf("demo record %d %q: sample %t %v", ref.ID, ref.Title, r.Sample, err)
		}
	}
	id := w.recordIn(record.StatePublished)
	r, _, err := w.a.PublicRecord(ctx, id)
	if err != nil || r.Sample {
		t.Errorf("staff record: sample %t %v", r.Sample, err)
	}
	if r.Issuer != "西安市未央区人民政府" {
		t.Errorf("issuer %q, want the unit's full name", r.Issuer)
	}
}
