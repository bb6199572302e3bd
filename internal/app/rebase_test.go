package app_test

import (
	"context"
	"errors"
	"testing"

	"gongkai/internal/app"
	"gongkai/internal/catalog"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestStaleDraftRefusedAndRebased: draft A is made from the version in force; another draft
// B (from the template) is filed and accepted first. Filing A is then refused with a
// *StaleDraft and nothing filed; rebasing A keeps B's entries with A's change applied, after
// which A files.
func TestStaleDraftRefusedAndRebased(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		ctx := context.Background()
		admin := w.who("admin@610112")
		a, err := w.a.NewDraft(ctx, admin, w.unit, "shjz", app.FromNewest, "A")
		if err != nil {
			t.Fatal(err)
		}
		es, _ := s.Entries(ctx, a.ID)
		changed := es[len(es)-1]
		changed.Content = "A 的修改：" + changed.Content
		if _, err := w.a.SaveEntry(ctx, admin, w.unit, "shjz", a.ID, changed, "A"); err != nil {
			t.Fatal(err)
		}
		b, err := w.a.NewDraft(ctx, admin, w.unit, "shjz", app.FromEmpty, "B")
		if err != nil {
			t.Fatal(err)
		}
		added := catalog.Entry{Item1: "B 新增一级", Item2: "B 新增二级", Content: "内容", LegalBasis: "依据", TimeLimitText: "信息形成或变更之日起20个工作日内", ResponsibleBody: "未央区民政局",
			Channels: []string{"website"}, AudiencePublic: true, ModeProactive: true}
		added.LevelCounty = true
		if _, err := w.a.SaveEntry(ctx, admin, w.unit, "shjz", b.ID, added, "B"); err != nil {
			t.Fatal(err)
		}
		if err := w.a.FileVersion(ctx, admin, w.unit, "shjz", b.ID, "B"); err != nil {
			t.Fatal(err)
		}
		err = w.a.FileVersion(ctx, admin, w.unit, "shjz", a.ID, "A")
		var stale *app.StaleDraft
		if !errors.As(err, &stale) || stale.Newer != b.Number || stale.Draft != a.Number {
			t.Fatalf("filing the overtaken draft: %v", err)
		}
		if v, _ := s.Version(ctx, a.ID); v.State != catalog.VersionDraft {
			t.Fatalf("the refused draft is %s", v.State)
		}
		if sb, ok, err := w.a.StaleBase(ctx, admin, w.unit, "shjz", a.ID); err != nil || !ok || sb.Base == 0 {
			t.Fatalf("StaleBase: %+v %v %v", sb, ok, err)
		}
		if _, err := w.a.RebaseDraft(ctx, w.who("reviewer@610112"), w.unit, "shjz", a.ID); err == nil {
			t.Error("a reviewer rebased a catalog draft")
		}
		if _, err := w.a.RebaseDraft(ctx, admin, w.unit, "shjz", a.ID); err != nil {
			t.Fatal(err)
		}
		got, _ := s.Entries(ctx, a.ID)
		var hasB, hasA bool
		for _, e := range got {
			hasB = hasB || e.Item1 == "B 新增一级"
			hasA = hasA || e.Content == changed.Content
		}
		// B started empty, so A's change to an entry B does not have is dropped with a note;
		// B's entry is kept.
		if !hasB || hasA {
			t.Errorf("rebased entries: B kept %v, A's change to an entry B removed kept %v", hasB, hasA)
		}
		if _, ok, _ := w.a.StaleBase(ctx, admin, w.unit, "shjz", a.ID); ok {
			t.Error("still stale after the rebase")
		}
		if err := w.a.FileVersion(ctx, admin, w.unit, "shjz", a.ID, "A"); err != nil {
			t.Errorf("filing after the rebase: %v", err)
		}
	})
}
