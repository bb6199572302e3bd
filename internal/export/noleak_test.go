package export_test

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"gongkai/internal/app"
	"gongkai/internal/export"
	"gongkai/internal/leakcheck"
	"gongkai/internal/record"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// leakWorld makes records in every state that must stay private — draft, in review,
// awaiting approval, scheduled, an amendment in progress of a published record, a withdrawn
// record — each with a unique marker in every field and in an attachment (the approach of
// internal/web's no-leak test), and published records whose attachments are not public: a
// 依申请公开 record's, a record made 依申请公开 by an amendment that kept its file, and a file
// an amendment removed (the old revision's). mid runs when the latter two are public with
// their first revisions, before the amendments: an export made then holds files that must go.
// It returns the markers, the content hashes of the private attachments and those of the
// public ones, which the export must hold.
func leakWorld(t *testing.T, e *env, mid func()) (markers, hashes, public []string) {
	t.Helper()
	marks := &leakcheck.Marks{}
	mk := marks.New
	input := func(m string) app.RecordInput {
		return app.RecordInput{Kind: record.KindServiceGuide, Title: "标题" + m, Summary: "概述" + m, BodyHTML: "<p>正文" + m + "</p>",
			Guide: record.ServiceGuide{ItemName: "事项" + m, LegalBasis: "依据" + m, Conditions: "条件" + m, Materials: "材料" + m}}
	}
	hashOf := func(id int64, name string) string {
		r, err := e.app.CurrentRevision(e.ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		atts, err := e.store.Attachments(e.ctx, id, r.Revision)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range atts {
			if a.Name == name {
				return a.Hash
			}
		}
		t.Fatalf("record %d has no attachment %s", id, name)
		return ""
	}
	withFile := func(id int64, m string) {
		e.attach(id, m+".xlsx", "附件"+m)
		hashes = append(hashes, hashOf(id, m+".xlsx"))
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
	// A draft's image of the 正文 (AddBodyImage): private like any attachment.
	var pic bytes.Buffer
	if err := pngEncode(&pic); err != nil {
		t.Fatal(err)
	}
	img, err := e.app.AddBodyImage(e.ctx, e.who("editor@610112"), e.create(1, input(mk())), "image.png", pic.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	hashes = append(hashes, img.Src[strings.LastIndex(img.Src, "/")+1:])
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

	// A published 依申请公开 record: its page is public, its body and files are not.
	om := mk()
	onRequest := e.create(1, app.RecordInput{Kind: record.KindOther, Title: "依申请公开的信息", BodyHTML: "<p>正文" + om + "</p>", Openness: record.OpenOnRequest})
	withFile(onRequest, om)
	e.publish(onRequest)
	// Two proactively public records with a file each, exported (mid) before amendments make
	// one 依申请公开 (its file stays attached) and replace the other's file.
	bm := mk()
	madeOnRequest := e.create(1, app.RecordInput{Kind: record.KindOther, Title: "改为依申请公开的信息", BodyHTML: "<p>正文</p>"})
	withFile(madeOnRequest, bm)
	e.publish(madeOnRequest)
	cm := mk()
	replaced := e.create(1, app.RecordInput{Kind: record.KindOther, Title: "更换附件的信息", BodyHTML: "<p>正文</p>"})
	withFile(replaced, cm)
	e.publish(replaced)
	mid()
	editor := e.who("editor@610112")
	// amend revises a published record, changing its content as change says.
	amend := func(id int64, change func(*app.RecordInput)) {
		e.act("editor@610112", id, record.Action{Kind: record.ActionRevise})
		r, err := e.app.CurrentRevision(e.ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		in := app.RecordInput{Kind: r.Kind, Title: r.Title, Summary: r.Summary, BodyHTML: r.BodyHTML, Subject: r.Subject, Issuer: r.Issuer,
			WrittenOn: r.WrittenOn.String(), FormedOn: r.FormedOn.String(), Openness: r.Openness}
		change(&in)
		if _, err := e.app.EditRecord(e.ctx, editor, id, in); err != nil {
			t.Fatal(err)
		}
	}
	amend(madeOnRequest, func(in *app.RecordInput) { in.Openness, in.ChangeNote = record.OpenOnRequest, "改为依申请公开" })
	e.publish(madeOnRequest)
	amend(replaced, func(in *app.RecordInput) { in.ChangeNote = "更换附件" })
	if _, err := e.app.RemoveAttachment(e.ctx, editor, replaced, 1); err != nil {
		t.Fatal(err)
	}
	e.attach(replaced, "更正后的名单.xlsx", "更正后的名单")
	public = append(public, hashOf(replaced, "更正后的名单.xlsx"))
	e.publish(replaced)
	return marks.List(), hashes, public
}

// checkNoLeak searches every exported file's name and content, workbooks decompressed, for
// the markers and the private attachments' hashes.
func checkNoLeak(t *testing.T, dir string, markers, hashes []string) int {
	t.Helper()
	secrets := leakcheck.Secrets{Markers: markers, Hashes: hashes}
	files := 0
	walk(t, dir, func(rel string, b []byte) {
		files++
		for _, s := range append(secrets.Find("", []byte(rel)), secrets.Find("", b)...) {
			t.Errorf("%s leaks %s", rel, s)
		}
	})
	return files
}

// TestNoLeak exports a site with records in every private state and with attachments that
// are not public, in full and then incrementally over exports made before they existed and
// while some of those attachments were public: no exported file may carry any of their
// content, and the public attachment must be there. On the way it checks the store queries
// the export relies on, on both databases (checkExportQueries).
func TestNoLeak(t *testing.T) {
	t.Parallel()
	storetest.Each(t, testNoLeak)
}

func testNoLeak(t *testing.T, s *store.Store) {
	t.Parallel()
	e := newEnvOn(t, s)
	incremental := t.TempDir()
	first := e.export(incremental, false)
	checkExportQueries(t, e, incremental, first)
	var midFiles int
	markers, hashes, public := leakWorld(t, e, func() {
		if res := e.export(incremental, false); res.Mode != export.ModeIncremental {
			t.Fatalf("second run: %s", res.Mode)
		}
		midFiles = len(attachmentFiles(t, incremental))
	})
	res := e.export(incremental, false)
	if res.Mode != export.ModeIncremental {
		t.Fatalf("third run: %s", res.Mode)
	}
	full := t.TempDir()
	e.export(full, false)
	for _, dir := range []string{full, incremental} {
		if n := checkNoLeak(t, dir, markers, hashes); n < 100 {
			t.Fatalf("only %d files exported", n)
		}
		files := attachmentFiles(t, dir)
		for _, h := range public {
			if !slices.ContainsFunc(files, func(f string) bool { return strings.Contains(f, h) }) {
				t.Errorf("%s lacks the public attachment %s: %q", dir, h, files)
			}
		}
	}
	if midFiles < 2 {
		t.Fatalf("the export made while the files were public held %d attachments", midFiles)
	}
	sameTree(t, incremental, full)
}

// attachmentFiles lists the attachment files of an export.
func attachmentFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	walk(t, dir, func(rel string, _ []byte) {
		if strings.Contains(rel, "/files/") {
			out = append(out, rel)
		}
	})
	return out
}
