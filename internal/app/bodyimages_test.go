package app_test

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"strings"
	"testing"

	"gongkai/internal/app"
	"gongkai/internal/errs"
	"gongkai/internal/record"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

func shadedPNG(t *testing.T, shade uint8) []byte {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, 8, 8))
	for i := range img.Pix {
		img.Pix[i] = shade
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// An image of the 正文 is an attachment of the record: only images, once each, by people who
// may edit the draft, and only while it is a draft; the body keeps it (and only it), also
// when the reviewer masks personal information, and review waits for the reviewer to look at
// it.
func TestBodyImage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		ctx := context.Background()
		editor, reviewer := w.who("editor@610112"), w.who("reviewer@610112")
		r, err := w.a.CreateRecord(ctx, editor, w.unit, "shjz", w.entry.ID, app.RecordInput{FormedOn: formedToday(), Kind: record.KindOther, Title: "带图片的信息"})
		if err != nil {
			t.Fatal(err)
		}
		img, err := w.a.AddBodyImage(ctx, editor, r.ID, "截图.png", shadedPNG(t, 90))
		if err != nil || !strings.HasPrefix(img.Src, "/610112/records/") || !strings.HasPrefix(img.Name, "正文图片-") || !strings.HasSuffix(img.Name, ".png") {
			t.Fatalf("image: %+v %v", img, err)
		}
		if again, err := w.a.AddBodyImage(ctx, editor, r.ID, "image.png", shadedPNG(t, 90)); err != nil || again.Src != img.Src {
			t.Fatalf("same image again: %+v %v", again, err)
		}
		if _, err := w.a.AddBodyImage(ctx, editor, r.ID, "表.png", []byte("not a picture")); !errs.Is(err, errs.Invalid) {
			t.Errorf("not an image: %v", err)
		}
		if _, err := w.a.AddBodyImage(ctx, reviewer, r.ID, "image.png", shadedPNG(t, 91)); err == nil {
			t.Error("a reviewer added an image to a draft")
		}
		cur, _ := w.a.CurrentRevision(ctx, r.ID)
		atts, _ := s.Attachments(ctx, r.ID, cur.Revision)
		if len(atts) != 1 || atts[0].MediaType != "image/png" || !atts[0].NeedsConfirmation() {
			t.Fatalf("attachments: %+v", atts)
		}
		body := `<p>身份证号610112198503152016，见图：<img src="` + img.Src + `" alt="图"><img src="https://example.org/x.png"></p>`
		if _, err := w.a.EditRecord(ctx, editor, r.ID, app.RecordInput{FormedOn: formedToday(), Kind: record.KindOther, Title: "带图片的信息", BodyHTML: body,
			Subject: r.Subject, Issuer: r.Issuer, WrittenOn: r.WrittenOn.String()}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.a.Act(ctx, editor, r.ID, record.Action{Kind: record.ActionSubmit}); err != nil {
			t.Fatal(err)
		}
		masked, err := w.a.Act(ctx, reviewer, r.ID, record.Action{Kind: record.ActionMaskPII})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(masked.BodyHTML, `<img src="`+img.Src+`" alt="图">`) || strings.Contains(masked.BodyHTML, "example.org") || strings.Contains(masked.BodyHTML, "198503152016") {
			t.Fatalf("masked body: %s", masked.BodyHTML)
		}
		if _, err := w.a.Act(ctx, reviewer, r.ID, record.Action{Kind: record.ActionReviewPass}); !errs.Is(err, errs.Conflict) {
			t.Fatalf("review before the image was looked at: %v", err)
		}
		// Not a draft any more: no image can be added.
		if _, err := w.a.AddBodyImage(ctx, editor, r.ID, "image.png", shadedPNG(t, 92)); err == nil {
			t.Error("an image was added to a record in review")
		}
	})
}

// The documents a policy repeals are chosen among the unit's published policies.
func TestRepealChoices(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		ctx := context.Background()
		editor := w.who("editor@610112")
		draft, err := w.a.CreateRecord(ctx, editor, w.unit, "shjz", w.entry.ID, app.RecordInput{FormedOn: formedToday(), Kind: record.KindPolicy, Title: "未央区示例办法（草稿）"})
		if err != nil {
			t.Fatal(err)
		}
		items, err := w.a.LinkChoices(ctx, editor, w.unit, "repeals", "")
		if err != nil || len(items) == 0 {
			t.Fatalf("choices: %v %v", items, err)
		}
		for _, it := range items {
			if it.ID == draft.ID || it.State != record.StatePublished || it.Kind != record.KindPolicy || it.UnitCode != "610112" {
				t.Errorf("offered for repeal: %+v", it)
			}
		}
		// The policy field also offers drafts of the unit (an interpretation may be written
		// with its policy).
		all, _ := w.a.LinkChoices(ctx, editor, w.unit, "policy_id", "")
		found := false
		for _, it := range all {
			found = found || it.ID == draft.ID
		}
		if !found {
			t.Error("the policy chooser lost the unit's drafts")
		}
	})
}
