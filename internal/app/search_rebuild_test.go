package app_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"gongkai/internal/app"
	"gongkai/internal/audit"
	"gongkai/internal/record"
	"gongkai/internal/search"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestRebuildSearchIndex: a rebuild gives the index the publication made — the same hits in
// the same order for every query — drops what no published record backs, and does not undo
// a withdrawal or a publication that happens while it runs.
func TestRebuildSearchIndex(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		ctx := context.Background()
		var ids []int64
		for i := range 7 {
			r, err := w.create(w.unit, app.RecordInput{Kind: record.KindOther, Title: fmt.Sprintf("重建索引测试公告第%d号", i+1),
				BodyHTML: "<p>冰雹灾害临时救助资金发放情况</p>"})
			if err != nil {
				t.Fatal(err)
			}
			w.publishAs("610112", r.ID)
			ids = append(ids, r.ID)
		}
		queries := []search.Request{{Q: "重建索引测试"}, {Q: "临时救助"}, {Q: "救助", Unit: "610112"}, {Q: "公告", Kind: string(record.KindOther)}}
		snapshot := func() []string {
			var out []string
			for _, q := range queries {
				res, err := w.a.Search(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				line := fmt.Sprintf("%s %d %v:", q.Q, res.Total, res.TotalExact)
				for _, h := range res.Hits {
					line += fmt.Sprintf(" %d", h.ID)
				}
				out = append(out, line)
			}
			return out
		}
		before := snapshot()
		if !slices.ContainsFunc(before, func(l string) bool { return len(l) > 0 }) {
			t.Fatal("no search results before the rebuild")
		}

		// A stale document that no published record backs.
		if err := s.IndexDocs(ctx, search.Doc{ID: 9_000_001, Unit: "610112", Published: w.a.Now(), Title: "早已撤回的重建索引测试公告"}); err != nil {
			t.Fatal(err)
		}
		if got := snapshot(); slices.Equal(got, before) {
			t.Fatal("the stale document is not found before the rebuild; the test proves nothing")
		}

		var calls, lastTotal int
		st, err := w.a.RebuildSearchIndex(ctx, audit.System("test"), 3, func(done, total int) {
			calls++
			lastTotal = total
			if calls == 1 { // between batches: withdraw the oldest of ours, which is read later
				if _, err := w.a.Act(ctx, w.who("approver@610112"), ids[0], record.Action{Kind: record.ActionWithdraw, Reason: "信息有误"}); err != nil {
					t.Fatal(err)
				}
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		if calls < 2 {
			t.Fatalf("progress called %d times; batches of 3 over %d records should call it more", calls, lastTotal)
		}
		n, err := s.SearchDocCount(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if int(n) != st.Records || st.Records != lastTotal-1 {
			t.Errorf("index holds %d documents, rebuild indexed %d of %d published (one withdrawn meanwhile)", n, st.Records, lastTotal)
		}
		// Every query finds what it found before, except the withdrawn record and the stale one.
		for _, q := range queries {
			res, err := w.a.Search(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range res.Hits {
				if h.ID == ids[0] || h.ID == 9_000_001 {
					t.Errorf("%s: record %d found after the rebuild", q.Q, h.ID)
				}
			}
		}
		// Exactly what the index held before, less the withdrawn record: same totals, same order.
		withdrawn := fmt.Sprintf(" %d", ids[0])
		for i, line := range snapshot() {
			var q string
			var total int
			var exact bool
			fmt.Sscanf(before[i], "%s %d %v:", &q, &total, &exact)
			hits := before[i][strings.Index(before[i], ":")+1:]
			want := fmt.Sprintf("%s %d %v:%s", q, total-1, exact, strings.Replace(hits+" ", withdrawn+" ", " ", 1))
			if strings.TrimRight(want, " ") != line {
				t.Errorf("after the rebuild\n got %s\nwant %s", line, strings.TrimRight(want, " "))
			}
		}
		res, err := w.a.Search(ctx, search.Request{Q: "重建索引测试"})
		if err != nil {
			t.Fatal(err)
		}
		var got []int64
		for _, h := range res.Hits {
			got = append(got, h.ID)
		}
		want := slices.Clone(ids[1:])
		slices.Reverse(want) // newest first
		if !slices.Equal(got, want) {
			t.Errorf("after the rebuild 重建索引测试 finds %v, want %v", got, want)
		}
		// The rebuild is in the audit log.
		root, err := s.OrgByCode(ctx, "610000")
		if err != nil {
			t.Fatal(err)
		}
		log, err := w.a.AuditLog(ctx, w.who("sysadmin"), root, "search.rebuilt", 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(log) != 1 {
			t.Errorf("audit log has %d search.rebuilt entries, want 1", len(log))
		}
	})
}
