package export_test

import (
	"slices"
	"testing"

	"gongkai/internal/app"
	"gongkai/internal/export"
	"gongkai/internal/record"
)

// checkExportQueries checks the store queries the export relies on, on e's database (SQLite
// or PostgreSQL: TestNoLeak runs it on both), after the first export into dir: a record with
// an attachment is published and a draft made, the queries must see exactly those, and an
// incremental export into dir must take the new record. TestNoLeak's world and exports serve:
// this was TestBothDatabases, which filled a demo world and ran three exports of its own per
// database for it; the incremental export's tree is compared with a full one at the end of
// TestNoLeak (and after every step of TestIncremental).
func checkExportQueries(t *testing.T, e *env, dir string, first export.Result) {
	t.Helper()
	s := e.store
	head, err := s.AuditHead(e.ctx)
	if err != nil || head == 0 {
		t.Fatalf("audit head %d %v", head, err)
	}
	fp, err := s.CatalogsFingerprint(e.ctx)
	if err != nil || fp == "" {
		t.Fatalf("catalogs fingerprint %q %v", fp, err)
	}
	id := e.create(1, app.RecordInput{Kind: record.KindOther, Title: "两种数据库", BodyHTML: "<p>正文</p>"})
	e.attach(id, "附件.xlsx", "附件")
	e.publish(id)
	draft := e.create(1, app.RecordInput{Kind: record.KindOther, Title: "草稿", BodyHTML: "<p>草稿</p>"})
	now, _ := s.AuditHead(e.ctx)
	ids, more, err := s.RecordsTouchedSince(e.ctx, head, now, 10)
	slices.Sort(ids)
	if err != nil || more || !slices.Equal(ids, []int64{id, draft}) {
		t.Fatalf("touched since %d: %v %v %v", head, ids, more, err)
	}
	if _, more, _ := s.RecordsTouchedSince(e.ctx, head, now, 1); !more {
		t.Error("the limit of touched records is not reported")
	}
	rows, err := s.ExportRecords(e.ctx, []int64{id, draft, 999999})
	if err != nil || len(rows) != 2 || rows[0].ID != id || rows[0].State != record.StatePublished || rows[0].UnitCode != "610112" || rows[1].State != record.StateDraft {
		t.Fatalf("export records: %+v %v", rows, err)
	}
	atts, err := s.ExportAttachments(e.ctx, []int64{id, draft})
	if err != nil || len(atts) != 1 || atts[0].RecordID != id {
		t.Fatalf("attachments: %+v %v", atts, err)
	}
	all, err := s.PublishedExportRecords(e.ctx)
	if err != nil || len(all) != first.Records+1 {
		t.Fatalf("published: %d %v", len(all), err)
	}
	policy := e.recordByTitle("西安市未央区人民政府关于调整城乡最低生活保障标准的通知（示例数据）")
	interps, err := s.PublishedInterpretationsOf(e.ctx, []int64{policy, id})
	if err != nil || len(interps) != 1 || interps[0].PolicyID != policy {
		t.Fatalf("interpretations: %v %v", interps, err)
	}
	res := e.export(dir, false)
	if res.Mode != export.ModeIncremental || res.Records != first.Records+1 {
		t.Fatalf("incremental: %+v", res)
	}
	checkLinks(t, dir)
}
