package export_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/app"
	"gongkai/internal/export"
	"gongkai/internal/record"
)

// leakWorld makes records in every state that must stay private — draft, in review,
// awaiting approval, scheduled, an amendment in progress of a published record, a withdrawn
// record — each with a unique marker in every field and in an attachment (the approach of
// internal/web's no-leak test). It returns the markers and the content hashes of the private
// attachments.
func leakWorld(t *testing.T, e *env) (markers, hashes []string) {
	t.Helper()
	n := 0
	mk := func() string {
		n++
		m := fmt.Sprintf("LEAKMARK%03dX", n)
		markers = append(markers, m)
		return m
	}
	input := func(m string) app.RecordInput {
		return app.RecordInput{Kind: record.KindServiceGuide, Title: "标题" + m, Summary: "概述" + m, BodyHTML: "<p>正文" + m + "</p>",
			Guide: record.ServiceGuide{ItemName: "事项" + m, LegalBasis: "依据" + m, Conditions: "条件" + m, Materials: "材料" + m}}
	}
	withFile := func(id int64, m string) {
		e.attach(id, m+".xlsx", "附件"+m)
		r, err := e.app.CurrentRevision(e.ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		atts, err := e.store.Attachments(e.ctx, id, r.Revision)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range atts {
			if strings.HasPrefix(a.Name, m) {
				hashes = append(hashes, a.Hash)
			}
		}
	}
	for _, until := range []record.State{record.StateDraft, record.StateInReview, record.StateAwaitingApproval, record.StateScheduled} {
		m := mk()
		id := e.create(1, input(m))
		withFile(id, m)
		if until == record.StateDraft {
			continue
		}
		e.act("editor@610112", id, record.Action{Kind: record.ActionSubmit})
		if until == record.StateInReview {
			continue
		}
		e.act("reviewer@610112", id, record.Action{Kind: record.ActionReviewPass})
		if until == record.StateAwaitingApproval {
			continue
		}
		e.act("approver@610112", id, record.Action{Kind: record.ActionApprove, At: e.store.Now().AddDate(0, 1, 0)})
	}
	// A published record with an amendment in progress: the amendment stays private.
	clean := e.create(1, app.RecordInput{Kind: record.KindOther, Title: "公开的信息", BodyHTML: "<p>公开正文</p>"})
	e.publish(clean)
	e.act("editor@610112", clean, record.Action{Kind: record.ActionRevise})
	m := mk()
	if _, err := e.app.EditRecord(e.ctx, e.who("editor@610112"), clean, input(m)); err != nil {
		t.Fatal(err)
	}
	withFile(clean, m)
	// A withdrawn record: on the dynamic site its address keeps title, date and reason; the
	// export drops its page altogether.
	wm := mk()
	in := input(wm)
	in.Title = "已撤回的信息" + wm
	wid := e.create(1, in)
	withFile(wid, wm)
	e.publish(wid)
	e.act("approver@610112", wid, record.Action{Kind: record.ActionWithdraw, Reason: "撤回理由" + wm})
	return markers, hashes
}

// checkNoLeak greps every exported file, and the cells of every exported workbook, for the
// markers and the private attachments' hashes.
func checkNoLeak(t *testing.T, dir string, markers, hashes []string) int {
	t.Helper()
	files := 0
	walk(t, dir, func(rel string, b []byte) {
		files++
		for _, s := range append(append([]string{}, markers...), hashes...) {
			if strings.Contains(rel, s) || bytes.Contains(b, []byte(s)) {
				t.Errorf("%s leaks %s", rel, s)
			}
		}
		if strings.HasSuffix(rel, ".xlsx") {
			f, err := excelize.OpenReader(bytes.NewReader(b))
			if err != nil {
				t.Fatalf("%s: %v", rel, err)
			}
			for _, sh := range f.GetSheetList() {
				rows, _ := f.GetRows(sh)
				for _, row := range rows {
					for _, c := range row {
						for _, m := range markers {
							if strings.Contains(c, m) {
								t.Errorf("%s leaks %s in a cell", rel, m)
							}
						}
					}
				}
			}
		}
	})
	return files
}

// TestNoLeak exports a site with records in every private state, in full and then
// incrementally over an export made before they existed: no exported file may carry any of
// their content.
func TestNoLeak(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	incremental := t.TempDir()
	e.export(incremental, false)
	markers, hashes := leakWorld(t, e)
	res := e.export(incremental, false)
	if res.Mode != export.ModeIncremental {
		t.Fatalf("second run: %s", res.Mode)
	}
	full := t.TempDir()
	e.export(full, false)
	for _, dir := range []string{full, incremental} {
		if n := checkNoLeak(t, dir, markers, hashes); n < 100 {
			t.Fatalf("only %d files exported", n)
		}
	}
	sameTree(t, incremental, full)
}
