package app_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"gongkai/internal/app"
	"gongkai/internal/audit"
	"gongkai/internal/errs"
	"gongkai/internal/record"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestIndexNoPerIssuer: the 索引号 of a record carries its issuing body's code (the unit's
// for the unit's own records), with the pattern the unit's administrator set after a
// preview; numbers run per issuer and year and stay unique when the unit and a department
// publish at the same moment, on both databases.
func TestIndexNoPerIssuer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		ctx := context.Background()
		mzj, _ := s.OrgByCode(ctx, "610112-mzj")
		mzj.CreditCode = "11610112MB1234567Y"
		if _, err := s.UpdateOrg(ctx, audit.System("test"), mzj); err != nil {
			t.Fatal(err)
		}
		admin := w.who("admin@610112")
		if _, err := w.a.PreviewIndexPattern(ctx, admin, w.unit, "{yyyy}-{seq}"); !errs.Is(err, errs.Invalid) {
			t.Fatalf("a pattern without the issuer: %v", err)
		}
		pv, err := w.a.PreviewIndexPattern(ctx, admin, w.unit, "{code}-{yyyy}-{seq:4}")
		if err != nil {
			t.Fatal(err)
		}
		year := w.a.Today().String()[:4]
		got := map[string]string{}
		for _, p := range pv {
			got[p.Issuer.Code] = p.Example
		}
		if got["610112-mzj"] != "MB1234567-"+year+"-0001" || !strings.HasPrefix(got["610112"], "MB0000000-") {
			t.Fatalf("preview: %v", got)
		}
		if err := w.a.SetUnitIndexPattern(ctx, w.who("editor@610112"), w.unit, "{code}-{yyyy}-{seq:4}"); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("an editor sets the pattern: %v", err)
		}
		if err := w.a.SetUnitIndexPattern(ctx, admin, w.unit, "{code}-{yyyy}-{seq:4}"); err != nil {
			t.Fatal(err)
		}
		// Ten records of the unit and ten of the department, published at once.
		var ids []int64
		for i := range 20 {
			from, login := w.unit, "editor@610112"
			if i%2 == 1 {
				from, login = mzj, "editor@610112-mzj"
			}
			r, err := w.a.CreateRecord(ctx, w.who(login), from, "shjz", w.entry.ID, app.RecordInput{Kind: record.KindOther, Title: "并发发布", BodyHTML: "<p>x</p>",
				FormedOn: w.a.Today().String()})
			if err != nil {
				t.Fatal(err)
			}
			for _, st := range []record.ActionKind{record.ActionSubmit, record.ActionReviewPass} {
				who := map[record.ActionKind]string{record.ActionSubmit: "editor", record.ActionReviewPass: "reviewer"}[st]
				if _, err := w.a.Act(ctx, w.who(who+"@"+from.Code), r.ID, record.Action{Kind: st}); err != nil {
					t.Fatal(err)
				}
			}
			ids = append(ids, r.ID)
		}
		var wg sync.WaitGroup
		errsOf := make([]error, len(ids))
		for i, id := range ids {
			code := "610112"
			if i%2 == 1 {
				code = "610112-mzj"
			}
			wg.Go(func() {
				_, errsOf[i] = w.a.Act(ctx, w.who("approver@"+code), id, record.Action{Kind: record.ActionApprove})
			})
		}
		wg.Wait()
		seen := map[string]bool{}
		perIssuer := map[string]int{}
		for i, id := range ids {
			if errsOf[i] != nil {
				t.Fatalf("approve %d: %v", id, errsOf[i])
			}
			row, _ := s.RecordRowByID(ctx, id)
			if seen[row.IndexNo] {
				t.Fatalf("索引号 %s given twice", row.IndexNo)
			}
			seen[row.IndexNo] = true
			prefix, _, _ := strings.Cut(row.IndexNo, "-")
			perIssuer[prefix]++
			if want := map[bool]string{false: "MB0000000", true: "MB1234567"}[i%2 == 1]; prefix != want {
				t.Fatalf("record %d (%d): %s", id, i, row.IndexNo)
			}
		}
		for _, want := range []string{"MB1234567-" + year + "-0010", "MB1234567-" + year + "-0001"} {
			if !seen[want] {
				t.Fatalf("the department's numbers run 1..10: missing %s in %v", want, seen)
			}
		}
	})
}
