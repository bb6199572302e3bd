package app_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"gongkai/internal/errs"
	"gongkai/internal/record"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"

	"gongkai/internal/app"
)

func pdfFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("../attach/testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A Chinese PDF (CID fonts, Identity-H) with an ID and a mobile number blocks review like any
// other finding: the guard reads it.
func TestGuardReadsChinesePDF(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		ctx := context.Background()
		editor, reviewer := w.who("editor@610112"), w.who("reviewer@610112")
		r, err := w.a.CreateRecord(ctx, editor, w.unit, "shjz", w.entry.ID, app.RecordInput{FormedOn: formedToday(), Kind: record.KindOther, Title: "低保对象公示"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.a.AddAttachment(ctx, editor, r.ID, "名单.pdf", pdfFixture(t, "cid-list.pdf")); err != nil {
			t.Fatal(err)
		}
		atts, _ := s.Attachments(ctx, r.ID, 1)
		if len(atts) != 1 || atts[0].Findings != 2 || atts[0].Unread != "" || !strings.Contains(atts[0].Text, "610112198503152016") {
			t.Fatalf("attachment: %+v", atts)
		}
		if _, err := w.a.Act(ctx, editor, r.ID, record.Action{Kind: record.ActionSubmit}); err != nil {
			t.Fatal(err)
		}
		_, err = w.a.Act(ctx, reviewer, r.ID, record.Action{Kind: record.ActionReviewPass})
		if !errs.Is(err, errs.Conflict) || !strings.Contains(err.Error(), "发现2处未遮盖的个人信息") {
			t.Fatalf("review of a PDF list with an ID and a mobile: %v", err)
		}
	})
}

// A scanned PDF holds text the guard cannot read: review cannot pass until the reviewer has
// looked at it and confirmed, per attachment, that it holds no personal information. The
// confirmation is audited and shown with the attachment.
func TestScannedAttachmentNeedsConfirmation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		ctx := context.Background()
		editor, reviewer, approver := w.who("editor@610112"), w.who("reviewer@610112"), w.who("approver@610112")
		r, err := w.a.CreateRecord(ctx, editor, w.unit, "shjz", w.entry.ID, app.RecordInput{FormedOn: formedToday(), Kind: record.KindOther, Title: "低保对象公示"})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range []string{"扫描件.pdf", "说明.pdf"} {
			data := pdfFixture(t, "scan.pdf")
			if f == "说明.pdf" {
				data = pdfFixture(t, "mixed.pdf")
			}
			if _, err := w.a.AddAttachment(ctx, editor, r.ID, f, data); err != nil {
				t.Fatal(err)
			}
		}
		atts, _ := s.Attachments(ctx, r.ID, 1)
		if len(atts) != 2 || atts[0].Findings != 0 || !strings.Contains(atts[0].Unread, "扫描件") || !strings.Contains(atts[1].Unread, "第2页") {
			t.Fatalf("attachments: %+v", atts)
		}
		// Nobody but the reviewer at review confirms: not the editor, not before submission.
		if _, err := w.a.Act(ctx, editor, r.ID, record.Action{Kind: record.ActionConfirmNoPII, Attachment: 1}); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("editor confirms a draft's attachment: %v", err)
		}
		if _, err := w.a.Act(ctx, editor, r.ID, record.Action{Kind: record.ActionSubmit}); err != nil {
			t.Fatal(err)
		}
		_, err = w.a.Act(ctx, reviewer, r.ID, record.Action{Kind: record.ActionReviewPass})
		if !errs.Is(err, errs.Conflict) || !strings.Contains(err.Error(), "有2个附件系统无法读取其中的文字") {
			t.Fatalf("review with unread attachments: %v", err)
		}
		if _, err := w.a.Act(ctx, reviewer, r.ID, record.Action{Kind: record.ActionConfirmNoPII, Attachment: 3}); !errs.Is(err, errs.NotFound) {
			t.Fatalf("confirm a missing attachment: %v", err)
		}
		if _, err := w.a.Act(ctx, reviewer, r.ID, record.Action{Kind: record.ActionConfirmNoPII, Attachment: 1}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.a.Act(ctx, reviewer, r.ID, record.Action{Kind: record.ActionConfirmNoPII, Attachment: 1}); !errs.Is(err, errs.Conflict) {
			t.Fatalf("confirm twice: %v", err)
		}
		_, err = w.a.Act(ctx, reviewer, r.ID, record.Action{Kind: record.ActionReviewPass})
		if !errs.Is(err, errs.Conflict) || !strings.Contains(err.Error(), "有1个附件") {
			t.Fatalf("review with one attachment still unread: %v", err)
		}
		if _, err := w.a.Act(ctx, reviewer, r.ID, record.Action{Kind: record.ActionConfirmNoPII, Attachment: 2}); err != nil {
			t.Fatal(err)
		}
		atts, _ = s.Attachments(ctx, r.ID, 1)
		for _, at := range atts {
			if at.ConfirmedBy != reviewer.Person.ID || at.ConfirmedAt.IsZero() || at.NeedsConfirmation() {
				t.Errorf("%s: confirmed by %d at %v", at.Name, at.ConfirmedBy, at.ConfirmedAt)
			}
		}
		log, err := s.RecordLog(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		var confirmed []string
		for _, e := range log {
			if e.Action == "record.confirm_no_pii" {
				if e.ActorID != reviewer.Person.ID {
					t.Errorf("confirmation logged for %d", e.ActorID)
				}
				confirmed = append(confirmed, e.Detail)
			}
		}
		if len(confirmed) != 2 || !strings.Contains(confirmed[0], "扫描件.pdf") || !strings.Contains(confirmed[1], "说明.pdf") {
			t.Errorf("audit: %q", confirmed)
		}
		if _, err := w.a.Act(ctx, reviewer, r.ID, record.Action{Kind: record.ActionReviewPass}); err != nil {
			t.Fatalf("review after confirmation: %v", err)
		}
		if _, err := w.a.Act(ctx, approver, r.ID, record.Action{Kind: record.ActionApprove}); err != nil {
			t.Fatalf("approve: %v", err)
		}
		// An amendment starts with the same, already confirmed files.
		if _, err := w.a.Act(ctx, editor, r.ID, record.Action{Kind: record.ActionRevise}); err != nil {
			t.Fatal(err)
		}
		atts, _ = s.Attachments(ctx, r.ID, 2)
		if len(atts) != 2 || atts[0].NeedsConfirmation() || atts[1].NeedsConfirmation() {
			t.Errorf("amendment attachments: %+v", atts)
		}
		// A new upload needs its own confirmation.
		if _, err := w.a.AddAttachment(ctx, editor, r.ID, "照片.png", pngImage()); err != nil {
			t.Fatal(err)
		}
		if cur, _ := w.a.CurrentRevision(ctx, r.ID); cur.UnreadAttachments != 1 {
			t.Errorf("amendment with a new picture: %d unread", cur.UnreadAttachments)
		}
	})
}

func pngImage() []byte {
	return []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89")
}
