package store_test

import (
	"context"
	"testing"

	"gongkai/internal/catalog"
	"gongkai/internal/errs"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

func TestCatalogVersionsAndFiling(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		prov, city, unit, _ := tree(t, s)

		// A template at the province office, then the unit's catalog from it.
		tmpl, err := s.NewDraft(ctx, sys, prov.ID, "shjz", true, catalog.SampleEntries("shjz"), "省级模板", "new", 0)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.FileVersion(ctx, sys, tmpl.ID, nil, ""); err != nil {
			t.Fatal(err)
		}
		if v, _ := s.Version(ctx, tmpl.ID); v.State != catalog.VersionEffective {
			t.Fatalf("template state %s", v.State)
		}
		tmplEntries, _ := s.Entries(ctx, tmpl.ID)

		// Invalid entries: nothing written.
		bad := catalog.SampleEntries("shjz")
		bad[2].Content = ""
		bad[5].NotPublic, bad[5].NotPublicBasis = true, ""
		_, err = s.NewDraft(ctx, sys, unit.ID, "shjz", false, bad, "", "new", 0)
		if !errs.Is(err, errs.Invalid) || len(err.(*errs.Error).Fields) < 2 {
			t.Fatalf("invalid draft: %v", err)
		}
		if _, err := s.Catalog(ctx, unit.ID, "shjz"); !errs.Is(err, errs.NotFound) {
			t.Fatalf("a refused draft created the catalog: %v", err)
		}

		v1, err := s.NewDraft(ctx, sys, unit.ID, "shjz", false, tmplEntries, "据省级模板编制", "template", tmpl.ID)
		if err != nil {
			t.Fatal(err)
		}
		es, _ := s.Entries(ctx, v1.ID)
		if len(es) != len(tmplEntries) || es[0].Key != tmplEntries[0].Key || es[0].ID == tmplEntries[0].ID {
			t.Fatal("unit catalog does not carry the template's keys")
		}
		// Edit, add, move, delete in the draft.
		e := es[1]
		e.Content += "、监督电话"
		if _, err := s.SaveEntry(ctx, sys, v1.ID, e, "补充要素"); err != nil {
			t.Fatal(err)
		}
		added := es[0]
		added.ID, added.Key, added.Item2 = 0, "", "本地新增事项"
		added, err = s.SaveEntry(ctx, sys, v1.ID, added, "结合实际增加")
		if err != nil {
			t.Fatal(err)
		}
		if err := s.MoveEntry(ctx, sys, v1.ID, added.ID, -1); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteEntry(ctx, sys, v1.ID, es[3].ID, "不适用于本区"); err != nil {
			t.Fatal(err)
		}
		bad1 := es[0]
		bad1.TimeLimitText = ""
		if _, err := s.SaveEntry(ctx, sys, v1.ID, bad1, ""); !errs.Is(err, errs.Invalid) {
			t.Fatalf("invalid edit: %v", err)
		}
		now, _ := s.Entries(ctx, v1.ID)
		if len(now) != len(es) || now[len(now)-2].ID != added.ID || now[len(now)-1].Seq != len(now) {
			t.Fatalf("after edits: %d entries", len(now))
		}
		// Differences from the template: one changed, one added, one removed.
		diff := catalog.Diff(tmplEntries, now)
		kinds := map[catalog.ChangeKind]int{}
		for _, c := range diff {
			kinds[c.Kind]++
		}
		if len(diff) != 3 {
			t.Fatalf("diff vs template: %v", kinds)
		}

		// Filing with the province office and the city.
		if err := s.FileVersion(ctx, sys, v1.ID, []int64{prov.ID, city.ID}, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SaveEntry(ctx, sys, v1.ID, now[0], ""); !errs.Is(err, errs.Conflict) {
			t.Fatalf("edit of a filed version: %v", err)
		}
		if err := s.DecideFiling(ctx, sys, v1.ID, city.ID, catalog.FilingReturned, ""); !errs.Is(err, errs.Invalid) {
			t.Fatalf("return without opinion: %v", err)
		}
		if err := s.DecideFiling(ctx, sys, v1.ID, city.ID, catalog.FilingReceived, ""); err != nil {
			t.Fatal(err)
		}
		if err := s.DecideFiling(ctx, sys, v1.ID, prov.ID, catalog.FilingAccepted, "同意备案"); err != nil {
			t.Fatal(err)
		}
		if v, _ := s.Version(ctx, v1.ID); v.State != catalog.VersionFiled {
			t.Fatalf("effective before every recipient accepted: %s", v.State)
		}
		if err := s.DecideFiling(ctx, sys, v1.ID, city.ID, catalog.FilingAccepted, ""); err != nil {
			t.Fatal(err)
		}
		c, _ := s.Catalog(ctx, unit.ID, "shjz")
		eff, err := s.EffectiveVersion(ctx, c.ID)
		if err != nil || eff.ID != v1.ID {
			t.Fatalf("effective: %v %v", eff.ID, err)
		}
		if err := s.DecideFiling(ctx, sys, v1.ID, city.ID, catalog.FilingAccepted, ""); !errs.Is(err, errs.Conflict) {
			t.Fatalf("second decision: %v", err)
		}

		// Version 2: returned once, then accepted; version 1 is superseded and kept.
		v2, err := s.NewDraft(ctx, sys, unit.ID, "shjz", false, now, "动态调整", "copy", 0)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.FileVersion(ctx, sys, v2.ID, []int64{prov.ID, city.ID}, ""); err != nil {
			t.Fatal(err)
		}
		if err := s.DecideFiling(ctx, sys, v2.ID, prov.ID, catalog.FilingReturned, "公开依据不完整"); err != nil {
			t.Fatal(err)
		}
		if v, _ := s.Version(ctx, v2.ID); v.State != catalog.VersionDraft {
			t.Fatalf("returned version state %s", v.State)
		}
		if err := s.FileVersion(ctx, sys, v2.ID, []int64{prov.ID, city.ID}, "已补充"); err != nil {
			t.Fatal(err)
		}
		for _, r := range []int64{prov.ID, city.ID} {
			if err := s.DecideFiling(ctx, sys, v2.ID, r, catalog.FilingAccepted, ""); err != nil {
				t.Fatal(err)
			}
		}
		vs, _ := s.Versions(ctx, c.ID)
		if len(vs) != 2 || vs[0].State != catalog.VersionEffective || vs[1].State != catalog.VersionSuperseded || vs[1].Entries != len(now) {
			t.Fatalf("versions: %+v", vs)
		}
		v2e, _ := s.Entries(ctx, v2.ID)
		if d := catalog.Diff(now, v2e); len(d) != 0 {
			t.Fatalf("copy differs: %+v", d)
		}
		log, _ := s.CatalogLog(ctx, c.ID, 100)
		if len(log) < 12 {
			t.Fatalf("change log has %d entries", len(log))
		}
	})
}
