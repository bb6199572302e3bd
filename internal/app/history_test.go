package app_test

import (
	"context"
	"slices"
	"strconv"
	"testing"
	"time"

	"gongkai/internal/app"
	"gongkai/internal/audit"
	"gongkai/internal/record"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestReadableHistory: a record's 办理记录 reads as sentences with the person's name, the
// phrase and the opinion; the audit filters by person, action, object and period; every
// action the demo writes has a phrase.
func TestReadableHistory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		ctx := context.Background()
		id := w.recordIn(record.StateInReview)
		reviewer := w.who("reviewer@610112")
		if _, err := w.a.Act(ctx, reviewer, id, record.Action{Kind: record.ActionReviewReturn, Opinion: "请补充政策依据"}); err != nil {
			t.Fatal(err)
		}
		pg, err := w.a.RecordPage(ctx, w.who("editor@610112"), w.unit, id)
		if err != nil {
			t.Fatal(err)
		}
		var found bool
		for _, l := range pg.Log {
			if l.Action == "record.review_return" {
				found = true
				if l.Who != reviewer.Person.Name || l.Phrase != "退回修改（保密审查）" || !slices.Contains(l.Notes, "意见：请补充政策依据") || l.Object != "《测试信息》" || l.OrgCode != "610112" {
					t.Errorf("history line: %+v", l)
				}
			}
		}
		if !found {
			t.Fatalf("no return in the record's history: %+v", pg.Log)
		}
		admin := w.who("admin@610112")
		lines, err := w.a.ReadableAudit(ctx, admin, w.unit, app.AuditFilter{PersonID: reviewer.Person.ID, Action: "record.review_return",
			ObjectType: "record", ObjectID: strconv.FormatInt(id, 10)})
		if err != nil || len(lines) != 1 || lines[0].Who != reviewer.Person.Name {
			t.Fatalf("filtered audit: %v %+v", err, lines)
		}
		if lines, err := w.a.ReadableAudit(ctx, admin, w.unit, app.AuditFilter{PersonID: w.who("approver@610112").Person.ID, ObjectType: "record", ObjectID: strconv.FormatInt(id, 10)}); err != nil || len(lines) != 0 {
			t.Errorf("another person's filter found %d lines (%v)", len(lines), err)
		}
		if lines, err := w.a.ReadableAudit(ctx, admin, w.unit, app.AuditFilter{Action: "record.", ObjectID: strconv.FormatInt(id, 10)}); err != nil || len(lines) < 3 {
			t.Errorf("prefix filter: %d lines (%v)", len(lines), err)
		}
		now := w.a.Now()
		if lines, err := w.a.ReadableAudit(ctx, admin, w.unit, app.AuditFilter{ObjectType: "record", ObjectID: strconv.FormatInt(id, 10), From: now.Add(24 * time.Hour)}); err != nil || len(lines) != 0 {
			t.Errorf("a period after today found %d lines (%v)", len(lines), err)
		}
		if lines, err := w.a.ReadableAudit(ctx, admin, w.unit, app.AuditFilter{ObjectType: "record", ObjectID: strconv.FormatInt(id, 10), From: now.Add(-time.Hour), To: now.Add(time.Hour)}); err != nil || len(lines) < 3 {
			t.Errorf("today's period found %d lines (%v)", len(lines), err)
		}
		if _, err := w.a.ReadableAudit(ctx, w.who("editor@610112"), w.unit, app.AuditFilter{}); err == nil {
			t.Error("an editor read the audit log")
		}
		// Every action the demo and this test wrote reads as Chinese.
		root, err := w.a.OrgByCode(ctx, "610000")
		if err != nil {
			t.Fatal(err)
		}
		all, err := w.a.ReadableAudit(ctx, w.who("sysadmin"), root, app.AuditFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for before := int64(0); ; {
			es, err := w.a.AuditLog(ctx, w.who("sysadmin"), root, "", before)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range es {
				if _, ok := audit.Phrase(e.Action); !ok {
					t.Errorf("action %q has no phrase", e.Action)
				}
			}
			if len(es) < app.AuditPageSize {
				break
			}
			before = es[len(es)-1].ID
		}
		if len(all) == 0 || all[0].Who == "" {
			t.Errorf("root audit: %+v", all)
		}
	})
}
