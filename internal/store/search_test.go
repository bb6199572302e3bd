package store_test

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"gongkai/internal/audit"
	"gongkai/internal/errs"
	"gongkai/internal/search"
	"gongkai/internal/search/corpus"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// day returns a publication time on 2026-01-d (later days are newer).
func day(d int) time.Time { return time.Date(2026, 1, d, 9, 0, 0, 0, time.UTC) }

// handDocs are small documents each made to test one thing.
func handDocs() []search.Doc {
	return []search.Doc{
		{ID: 1, Unit: "610112", Domain: "shjz", Stage: "result", Kind: "publicity", Subject: "17", Published: day(1),
			Title: "关于2026年第一季度城乡低保资金发放情况的公示", Body: "全区共发放低保资金120万元。公示期为5个工作日。"},
		{ID: 2, Unit: "610112", Domain: "shjz", Stage: "result", Kind: "publicity", Subject: "17", Published: day(2),
			Title: "城乡救助资金发放情况", Body: "本月最低生活保障对象共320户，资金已足额发放。"},
		{ID: 3, Unit: "610111", Domain: "shjz", Stage: "execution", Kind: "notice", Subject: "17", Published: day(3),
			Title: "关于做好困难群众基本生活保障工作的通知", Body: "各街道要做好生活保障工作，确保群众温暖过冬。"},
		{ID: 4, Unit: "610111", Domain: "hjbh", Stage: "result", Kind: "statistics", Subject: "10", Published: day(4),
			Title: "2025年空气质量状况", Body: "全年ＰＭ２．５平均浓度为38微克每立方米，同比下降5%。"},
		{ID: 5, Unit: "610111", Domain: "shbx", Stage: "service", Kind: "guide", Subject: "15", Published: day(5),
			Title: "城乡居民参加基本养老保险办事指南", Body: "城乡居民参加基本养老保险的，按年缴费。"},
		{ID: 6, Unit: "610112", Domain: "shbx", Stage: "service", Kind: "guide", Subject: "15", Published: day(6),
			Title: "城乡居民基本养老保险待遇领取", Body: "符合条件的参保人员可按月领取养老金。"},
		{ID: 7, Unit: "610112", Domain: "cxgh", Stage: "decision", Kind: "notice", Subject: "10", Published: day(7),
			Title: "乡、镇规划编制情况", Body: "全镇共编制村庄规划12个；镇长主持召开会议。"},
		{ID: 8, Unit: "610112", Domain: "shjz", Stage: "result", Kind: "publicity", Subject: "17", Published: day(8),
			Title: "农村低保对象名单公示", Body: "经民主评议，拟将12户纳入农村低保。<script>alert(1)</script>"},
		{ID: 9, Unit: "610111", Domain: "shjz", Stage: "result", Kind: "news", Subject: "17", Published: day(9),
			Title: "区民政局召开专题会议", Body: "会议研究了2026年低保提标工作，并部署临时救助。"},
		{ID: 10, Unit: "610111", Domain: "snbt", Stage: "result", Kind: "news", Subject: "06", Published: day(10),
			Title: "COVID-19疫情防控 title:救助 AND 社保 NEAR(供应)", Body: "保障生活物资供应。"},
	}
}

func ids(hits []search.Hit) []int64 {
	out := make([]int64, len(hits))
	for i, h := range hits {
		out[i] = h.ID
	}
	return out
}

func mustSearch(t *testing.T, s *store.Store, r search.Request) search.Result {
	t.Helper()
	res, err := s.Search(context.Background(), r)
	if err != nil {
		t.Fatalf("Search(%+v): %v", r, err)
	}
	return res
}

func TestSearchQueries(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if err := s.IndexDocs(ctx, handDocs()...); err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			name string
			r    search.Request
			want []int64 // in order
		}{
			// 低保 finds 低保 (1, 8, 9) and, by synonym, 最低生活保障 (2); title matches first.
			{"two characters and synonym", search.Request{Q: "低保"}, []int64{8, 1, 9, 2}},
			{"full name finds abbreviation", search.Request{Q: "最低生活保障"}, []int64{8, 1, 9, 2}},
			{"quoted phrase has no synonyms", search.Request{Q: `"最低生活保障"`}, []int64{2}},
			// 生活保障 occurs in 3 (title and body) and 10 as 保障生活 — not a match.
			{"exact phrase", search.Request{Q: "生活保障"}, []int64{3, 2}},
			{"phrase precision", search.Request{Q: "城乡居民基本养老保险"}, []int64{6}},
			{"single character anywhere", search.Request{Q: "镇"}, []int64{7}},
			{"single character inside a run", search.Request{Q: "区"}, []int64{9, 1}},
			{"single character at run end", search.Request{Q: "况"}, []int64{7, 4, 2, 1}},
			{"mixed digits and Han", search.Request{Q: "2026年 低保"}, []int64{1, 9}},
			{"mixed without space", search.Request{Q: "2026年低保"}, []int64{9}},
			{"Latin and decimals", search.Request{Q: "PM2.5"}, []int64{4}},
			{"full-width query", search.Request{Q: "ｐｍ２．５"}, []int64{4}},
			{"full-width space separates", search.Request{Q: "低保\u3000农村"}, []int64{8}},
			{"exclusion", search.Request{Q: "低保 -农村"}, []int64{1, 9, 2}},
			{"exclusion with synonyms", search.Request{Q: "发放 -低保"}, []int64{}},
			{"latin word", search.Request{Q: "covid"}, []int64{10}},
			{"unit filter", search.Request{Q: "低保", Unit: "610111"}, []int64{9}},
			{"domain filter", search.Request{Q: "城乡", Domain: "shjz"}, []int64{2, 1}},
			{"stage filter", search.Request{Q: "生活保障", Stage: "execution"}, []int64{3}},
			{"kind filter", search.Request{Q: "低保", Kind: "news"}, []int64{9}},
			{"subject filter", search.Request{Q: "城乡", Subject: "15"}, []int64{6, 5}},
			{"date range", search.Request{Q: "低保", From: day(2), To: day(9)}, []int64{8, 2}},
			{"date range inclusive from", search.Request{Q: "低保", From: day(1), To: day(2)}, []int64{1}},
			{"far date bounds", search.Request{Q: "低保", From: time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)}, []int64{8, 1, 9, 2}},
			{"newest first", search.Request{Q: "低保", Sort: search.SortNewest}, []int64{9, 8, 2, 1}},
			// What looks like syntax is text: separators, or words to find.
			{"parentheses are separators", search.Request{Q: "(低保)"}, []int64{8, 1, 9, 2}},
			{"star is a separator", search.Request{Q: "低保*"}, []int64{8, 1, 9, 2}},
			{"AND is a word", search.Request{Q: "救助 AND 社保"}, []int64{10}},
			{"OR is a word", search.Request{Q: "救助 OR 社保"}, []int64{}},
			{"NEAR is a word", search.Request{Q: "NEAR(救助 社保)"}, []int64{}},
			{"column filter is text", search.Request{Q: "title:救助"}, []int64{10}},
			{"braces column filter", search.Request{Q: "{title}:救助"}, []int64{10}},
			{"column filter in quotes", search.Request{Q: `"title:救助"`}, []int64{10}},
			{"caret and colon", search.Request{Q: "^低保:"}, []int64{8, 1, 9, 2}},
			{"unbalanced quote", search.Request{Q: `"低保`}, []int64{8, 1, 9}},
			{"SQL quote", search.Request{Q: `低保' OR '1'='1`}, []int64{}},
			{"backslash", search.Request{Q: `低保\`}, []int64{8, 1, 9, 2}},
			{"tsquery syntax", search.Request{Q: "低保 & !农村 | 社保 <-> 医保 :*"}, []int64{}},
			{"only punctuation", search.Request{Q: "，。！“”"}, []int64{}},
			{"empty", search.Request{Q: ""}, []int64{}},
			{"only exclusion", search.Request{Q: "-低保"}, []int64{}},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				res := mustSearch(t, s, tc.r)
				got := ids(res.Hits)
				if !slices.Equal(got, tc.want) && !(len(got) == 0 && len(tc.want) == 0) {
					t.Fatalf("%q: got %v, want %v (query %s)", tc.r.Q, got, tc.want, res.Query)
				}
				if res.Total != len(tc.want) || !res.TotalExact {
					t.Fatalf("%q: total %d exact %v, want %d", tc.r.Q, res.Total, res.TotalExact, len(tc.want))
				}
			})
		}

		// Title matches are marked and highlighted; the snippet escapes the body.
		res := mustSearch(t, s, search.Request{Q: "低保"})
		h := res.Hits[0]
		if h.ID != 8 || !h.InTitle || res.Hits[2].InTitle || h.Score <= res.Hits[2].Score {
			t.Fatalf("first hit %+v; third %+v", h, res.Hits[2])
		}
		if got := search.HTML(h.TitleHL); got != "农村<mark>低保</mark>对象名单公示" {
			t.Fatalf("title highlight %q", got)
		}
		if got := search.HTML(h.Snippet); !strings.Contains(got, "<mark>低保</mark>") || !strings.Contains(got, "&lt;script&gt;") || strings.Contains(got, "<script>") {
			t.Fatalf("snippet %q", got)
		}
		if got := search.HTML(res.Hits[3].Snippet); !strings.Contains(got, "<mark>最低生活保障</mark>") {
			t.Fatalf("synonym not highlighted: %q", got)
		}
		if res.Hits[0].Published != day(8) || res.Hits[0].Unit != "610112" || res.Hits[0].Kind != "publicity" {
			t.Fatalf("stored fields: %+v", res.Hits[0])
		}
	})
}

func TestSearchUpdateAndRemove(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if err := s.IndexDocs(ctx, handDocs()...); err != nil {
			t.Fatal(err)
		}
		// A new version replaces the old one: old words gone, new ones found, one hit.
		d := handDocs()[7]
		d.Title, d.Body = "农村特困人员名单公示", "经民主评议，拟将5户纳入特困人员救助供养。"
		d.Published = day(20)
		if err := s.IndexDocs(ctx, d); err != nil {
			t.Fatal(err)
		}
		if got := ids(mustSearch(t, s, search.Request{Q: "低保"}).Hits); !slices.Equal(got, []int64{1, 9, 2}) {
			t.Fatalf("after update, 低保: %v", got)
		}
		if got := ids(mustSearch(t, s, search.Request{Q: "特困"}).Hits); !slices.Equal(got, []int64{8}) {
			t.Fatalf("after update, 特困: %v", got)
		}
		if n, err := s.SearchDocCount(ctx); err != nil || n != 10 {
			t.Fatalf("doc count %d %v", n, err)
		}

		// Withdrawal inside the caller's transaction: gone only if it commits.
		tx, err := s.RawForTest().BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.RemoveDoc(ctx, tx, 1); err != nil {
			t.Fatal(err)
		}
		tx.Rollback()
		if got := ids(mustSearch(t, s, search.Request{Q: "低保"}).Hits); !slices.Equal(got, []int64{1, 9, 2}) {
			t.Fatalf("after rollback: %v", got)
		}
		tx, err = s.RawForTest().BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.RemoveDoc(ctx, tx, 1); err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{"低保", "2026年", "城乡", "公示"} {
			for _, h := range mustSearch(t, s, search.Request{Q: q}).Hits {
				if h.ID == 1 {
					t.Fatalf("withdrawn record found by %q", q)
				}
			}
		}
		// Removing again, or something never indexed, is fine.
		if err := s.RemoveDocs(ctx, 1, 999); err != nil {
			t.Fatal(err)
		}
		// Invalid documents are refused.
		if err := s.IndexDocs(ctx, search.Doc{ID: 0, Published: day(1)}); !errs.Is(err, errs.Invalid) {
			t.Fatalf("id 0: %v", err)
		}
		if err := s.IndexDocs(ctx, search.Doc{ID: 5}); !errs.Is(err, errs.Invalid) {
			t.Fatalf("no date: %v", err)
		}
		// Text a converter may produce: NUL, invalid UTF-8.
		if err := s.IndexDocs(ctx, search.Doc{ID: 50, Published: day(24), Title: "冰\x00雹\xff预警", Body: "注意防范\x00冰雹"}); err != nil {
			t.Fatal(err)
		}
		if got := mustSearch(t, s, search.Request{Q: "冰雹"}).Hits; len(got) != 1 || got[0].Title != "冰雹\uFFFD预警" {
			t.Fatalf("cleaned text: %+v", got)
		}
		if err := s.RemoveDocs(ctx, 50); err != nil {
			t.Fatal(err)
		}
		// Same second, many records: all indexed, newest ID first.
		var same []search.Doc
		for i := range 5 {
			same = append(same, search.Doc{ID: int64(100 + i), Published: day(25), Title: "同一时刻发布的冰雹通报"})
		}
		same = append(same, search.Doc{ID: 100 + 1<<24, Published: day(25), Title: "同一时刻发布的冰雹通报（编号低位相同）"})
		if err := s.IndexDocs(ctx, same...); err != nil {
			t.Fatal(err)
		}
		got := ids(mustSearch(t, s, search.Request{Q: "冰雹"}).Hits)
		if len(got) != 6 || !slices.Equal(got[:4], []int64{104, 103, 102, 101}) {
			t.Fatalf("same second: %v", got)
		}
	})
}

func TestSearchPagingAndCap(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		var docs []search.Doc
		for i := range search.Cap + 30 {
			title := "工作动态"
			if i%7 == 0 {
				title = "名单公示"
			}
			docs = append(docs, search.Doc{ID: int64(i + 1), Unit: "610112", Published: day(1).Add(time.Duration(i) * time.Minute),
				Title: title, Body: fmt.Sprintf("第%d号。现予以公示。", i+1)})
		}
		if err := s.IndexDocs(ctx, docs...); err != nil {
			t.Fatal(err)
		}
		res := mustSearch(t, s, search.Request{Q: "公示", Limit: 5})
		if res.TotalExact || res.Total != search.Cap {
			t.Fatalf("total %d exact %v", res.Total, res.TotalExact)
		}
		// Pages join up into title matches (newest first) and then the rest (newest first).
		var all []search.Hit
		for off := 0; off < search.Cap; off += search.MaxLimit {
			all = append(all, mustSearch(t, s, search.Request{Q: "公示", Offset: off, Limit: search.MaxLimit}).Hits...)
		}
		if len(all) != search.Cap {
			t.Fatalf("%d hits over all pages", len(all))
		}
		seen := map[int64]bool{}
		for i, h := range all {
			if seen[h.ID] {
				t.Fatalf("hit %d twice", h.ID)
			}
			seen[h.ID] = true
			if i > 0 {
				prev := all[i-1]
				if !prev.InTitle && h.InTitle || prev.InTitle == h.InTitle && !prev.Published.After(h.Published) {
					t.Fatalf("order broken at %d: %d (%v %v) after %d (%v %v)", i, h.ID, h.InTitle, h.Published, prev.ID, prev.InTitle, prev.Published)
				}
			}
		}
		if n := len(slices.DeleteFunc(slices.Clone(all), func(h search.Hit) bool { return !h.InTitle })); n != (search.Cap+30+6)/7 {
			t.Fatalf("%d title hits", n)
		}
		// A page straddling the two groups.
		nTitle := (search.Cap + 30 + 6) / 7
		mid := mustSearch(t, s, search.Request{Q: "公示", Offset: nTitle - 2, Limit: 4})
		if !slices.Equal(ids(mid.Hits), ids(all[nTitle-2:nTitle+2])) {
			t.Fatalf("straddling page %v, want %v", ids(mid.Hits), ids(all[nTitle-2:nTitle+2]))
		}
		// Paging beyond the cap is refused with a reason.
		if _, err := s.Search(ctx, search.Request{Q: "公示", Offset: search.Cap}); !errs.Is(err, errs.Invalid) {
			t.Fatalf("offset beyond cap: %v", err)
		}
		if r := mustSearch(t, s, search.Request{Q: "公示", Offset: search.Cap - 3, Limit: 10}); len(r.Hits) != 3 {
			t.Fatalf("last page has %d hits", len(r.Hits))
		}
		// A filter that leaves few hits gives an exact total.
		if r := mustSearch(t, s, search.Request{Q: "名单", Unit: "610112"}); !r.TotalExact || r.Total != nTitle {
			t.Fatalf("名单: total %d exact %v", r.Total, r.TotalExact)
		}
	})
}

// TestSearchCorpus checks the index against a plain scan of 2,000 generated records: the
// same hits, in the documented order, on both databases.
func TestSearchCorpus(t *testing.T) {
	c := corpus.New(42, 2000)
	var docs []search.Doc
	for id := int64(1); id <= 2000; id++ {
		docs = append(docs, c.Doc(id))
	}
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		for i := 0; i < len(docs); i += 500 {
			if err := s.IndexDocs(ctx, docs[i:i+500]...); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.OptimizeSearch(ctx); err != nil {
			t.Fatal(err)
		}
		for _, r := range []search.Request{
			{Q: "低保"}, {Q: "公示"}, {Q: "护理补贴"}, {Q: "最低生活保障"}, {Q: "城乡居民基本养老保险"},
			{Q: "2026年 低保"}, {Q: "镇"}, {Q: "低保 -农村"}, {Q: "养老保险"}, {Q: "公租房"},
			{Q: "公示", Unit: "610112", Domain: "shjz"}, {Q: "低保", Kind: "publicity", From: day(1).AddDate(-2, 0, 0)},
			{Q: "补贴", Sort: search.SortNewest},
		} {
			t.Run(r.Q+fmt.Sprintf("/%s%s%s", r.Unit, r.Domain, r.Kind), func(t *testing.T) {
				first := mustSearch(t, s, r)
				want, wantTotal := reference(docs, first.Query, r)
				var got []int64
				for off := 0; off < min(len(want), search.Cap); off += search.MaxLimit {
					r.Offset, r.Limit = off, search.MaxLimit
					got = append(got, ids(mustSearch(t, s, r).Hits)...)
				}
				if first.TotalExact != (wantTotal <= search.Cap) || first.Total != min(wantTotal, search.Cap) {
					t.Fatalf("total %d exact %v, want %d", first.Total, first.TotalExact, wantTotal)
				}
				if !slices.Equal(got, want[:min(len(want), search.Cap)]) {
					t.Fatalf("%d hits differ from the scan's %d (first: %v vs %v)", len(got), len(want), got[:min(5, len(got))], want[:min(5, len(want))])
				}
				if wantTotal == 0 {
					t.Fatalf("no hits for %q: the case tests nothing", r.Q)
				}
			})
		}
	})
}

// reference evaluates q by scanning the documents: a term matches when its normalised text
// (or a synonym alternative) is a substring, which for these queries is what the token
// phrases mean. It returns the IDs in the documented order and the total.
func reference(docs []search.Doc, q search.Query, r search.Request) ([]int64, int) {
	has := func(text string, t search.Term) bool {
		for _, a := range t.Alts {
			if strings.Contains(text, search.Normalize(a.Text)) {
				return true
			}
		}
		return false
	}
	type hit struct {
		d       search.Doc
		inTitle bool
		terms   int // terms the title holds
	}
	var hits []hit
	for _, d := range docs {
		if r.Unit != "" && d.Unit != r.Unit || r.Domain != "" && d.Domain != r.Domain || r.Kind != "" && d.Kind != r.Kind ||
			!r.From.IsZero() && d.Published.Before(r.From) || !r.To.IsZero() && !d.Published.Before(r.To) {
			continue
		}
		title, body := search.Normalize(d.Title), search.Normalize(d.Body)
		all, inTitle, terms := true, true, 0
		for _, t := range q.Terms {
			tt := has(title, t)
			inTitle = inTitle && tt
			all = all && (tt || has(body, t))
			if tt {
				terms++
			}
		}
		for _, t := range q.Exclude {
			if has(title, t) || has(body, t) {
				all = false
			}
		}
		if all {
			hits = append(hits, hit{d, inTitle && r.Sort != search.SortNewest, terms})
		}
	}
	sort.Slice(hits, func(i, j int) bool {
		a, b := hits[i], hits[j]
		if a.inTitle != b.inTitle {
			return a.inTitle
		}
		if !a.d.Published.Truncate(time.Second).Equal(b.d.Published.Truncate(time.Second)) {
			return a.d.Published.After(b.d.Published)
		}
		return a.d.ID > b.d.ID
	})
	if r.Sort != search.SortNewest && len(q.Terms) > 1 {
		head := hits[:min(len(hits), search.RerankDepth)]
		slices.SortStableFunc(head, func(a, b hit) int { return b.terms - a.terms })
	}
	var out []int64
	for _, h := range hits {
		out = append(out, h.d.ID)
	}
	return out, len(out)
}

func TestSynonymAdmin(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		// The migration seeds exactly the default list.
		gs, err := s.SynonymGroups(ctx)
		if err != nil {
			t.Fatal(err)
		}
		def := search.DefaultSynonymGroups()
		if len(gs) != len(def) {
			t.Fatalf("%d groups seeded, %d in the default list", len(gs), len(def))
		}
		for i, g := range gs {
			if !slices.Equal(g.Terms, def[i]) || !g.Builtin {
				t.Fatalf("group %d: %v (builtin %v), want %v", i, g.Terms, g.Builtin, def[i])
			}
		}
		if err := s.IndexDocs(ctx, handDocs()...); err != nil {
			t.Fatal(err)
		}
		// A new group applies to the next search.
		if got := ids(mustSearch(t, s, search.Request{Q: "救助金"}).Hits); len(got) != 0 {
			t.Fatalf("before: %v", got)
		}
		g, err := s.AddSynonymGroup(ctx, sys, []string{" 救助金 ", "救助资金", "救助金"})
		if err != nil || len(g.Terms) != 2 || g.ID == 0 {
			t.Fatalf("add: %+v %v", g, err)
		}
		if got := ids(mustSearch(t, s, search.Request{Q: "救助金"}).Hits); !slices.Equal(got, []int64{2}) {
			t.Fatalf("after add: %v", got)
		}
		if _, err := s.UpdateSynonymGroup(ctx, sys, g.ID, []string{"救助金", "发放情况"}); err != nil {
			t.Fatal(err)
		}
		if got := ids(mustSearch(t, s, search.Request{Q: "救助金"}).Hits); !slices.Equal(got, []int64{2, 1}) {
			t.Fatalf("after update: %v", got)
		}
		if err := s.RemoveSynonymGroup(ctx, sys, g.ID); err != nil {
			t.Fatal(err)
		}
		if got := ids(mustSearch(t, s, search.Request{Q: "救助金"}).Hits); len(got) != 0 {
			t.Fatalf("after remove: %v", got)
		}
		// Removing a built-in group stops the expansion.
		if err := s.RemoveSynonymGroup(ctx, sys, gs[0].ID); err != nil {
			t.Fatal(err)
		}
		if got := ids(mustSearch(t, s, search.Request{Q: "低保"}).Hits); !slices.Equal(got, []int64{8, 1, 9}) {
			t.Fatalf("without the 低保 group: %v", got)
		}
		for _, bad := range [][]string{{"低保"}, {"低保", " 低保 "}, {"a|b", "c"}, {"，。", "低保"}, {strings.Repeat("长", 33), "短"}} {
			if _, err := s.AddSynonymGroup(ctx, sys, bad); !errs.Is(err, errs.Invalid) {
				t.Fatalf("group %q: %v", bad, err)
			}
		}
		if err := s.RemoveSynonymGroup(ctx, sys, 99999); !errs.Is(err, errs.NotFound) {
			t.Fatalf("remove missing: %v", err)
		}
		if _, err := s.UpdateSynonymGroup(ctx, sys, 99999, []string{"甲乙", "丙丁"}); !errs.Is(err, errs.NotFound) {
			t.Fatalf("update missing: %v", err)
		}
		// Every change is in the audit log.
		es, err := s.ListAudit(ctx, audit.Query{Action: "search.synonyms."})
		if err != nil || len(es) != 4 {
			t.Fatalf("audit: %d entries, %v", len(es), err)
		}
	})
}

// TestSearchRanksTitlesByTermsHeld: a query of several terms that no title holds in full
// puts the record whose title names most of them before newer ones that mention them only
// in their bodies, and pages through that order without repeating or losing a hit.
func TestSearchRanksTitlesByTermsHeld(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		body := "根据城乡居民养老保险缴费标准的有关规定，现将有关事项通知如下。"
		docs := []search.Doc{
			{ID: 1, Unit: "610112", Domain: "shbx", Stage: "result", Kind: "policy", Subject: "15", Published: day(1),
				Title: "关于调整养老保险缴费标准的通知", Body: "城乡居民按新档次缴费。"},
			{ID: 2, Unit: "610112", Domain: "shbx", Stage: "result", Kind: "policy", Subject: "15", Published: day(2),
				Title: "养老保险经办规程", Body: body},
		}
		for i := 3; i <= 8; i++ {
			docs = append(docs, search.Doc{ID: int64(i), Unit: "610112", Domain: "shbx", Stage: "result", Kind: "notice",
				Subject: "15", Published: day(i), Title: fmt.Sprintf("第%d期工作简报", i), Body: body})
		}
		if err := s.IndexDocs(ctx, docs...); err != nil {
			t.Fatal(err)
		}
		q := "城乡居民 养老保险 缴费 标准"
		// Record 1 holds three terms in its title, record 2 one, the bulletins none: then
		// newest first among equals.
		want := []int64{1, 2, 8, 7, 6, 5, 4, 3}
		if got := ids(mustSearch(t, s, search.Request{Q: q, Limit: 20}).Hits); !slices.Equal(got, want) {
			t.Errorf("order %v, want %v", got, want)
		}
		var paged []int64
		for off := 0; off < len(want); off += 3 {
			paged = append(paged, ids(mustSearch(t, s, search.Request{Q: q, Offset: off, Limit: 3}).Hits)...)
		}
		if !slices.Equal(paged, want) {
			t.Errorf("paged %v, want %v", paged, want)
		}
		// Newest first is what it says.
		if got := ids(mustSearch(t, s, search.Request{Q: q, Sort: search.SortNewest, Limit: 20}).Hits); !slices.Equal(got, []int64{8, 7, 6, 5, 4, 3, 2, 1}) {
			t.Errorf("newest %v", got)
		}
	})
}

// TestSearchEstimatesLargeTotals: beyond the exact count, a search gives the scale of its
// total from the newest documents, with and without a date range, and none when the hits
// are too few for it to mean anything.
func TestSearchEstimatesLargeTotals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		const n = 6000
		docs := make([]search.Doc, 0, n)
		start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
		for i := 1; i <= n; i++ {
			title := fmt.Sprintf("第%d号工作动态", i)
			if i%3 == 0 {
				title = fmt.Sprintf("第%d号低保公示", i)
			}
			if i <= 1200 {
				title += " 养老"
			}
			docs = append(docs, search.Doc{ID: int64(i), Unit: "610112", Domain: "shjz", Stage: "result", Kind: "publicity",
				Subject: "17", Published: start.Add(time.Duration(i) * time.Hour), Title: title, Body: "正文"})
		}
		for i := 0; i < n; i += 1000 {
			if err := s.IndexDocs(ctx, docs[i:i+1000]...); err != nil {
				t.Fatal(err)
			}
		}
		// One in three documents, evenly spread: exactly 2,000.
		res := mustSearch(t, s, search.Request{Q: "低保"})
		if res.TotalExact || res.Total != search.Cap || res.Estimate != 2000 {
			t.Errorf("低保: total %d exact %v estimate %d, want about 2000", res.Total, res.TotalExact, res.Estimate)
		}
		// A date range holding the last 5,400 documents: 1,800.
		res = mustSearch(t, s, search.Request{Q: "低保", From: start.Add(601 * time.Hour)})
		if res.TotalExact || res.Estimate != 1800 {
			t.Errorf("低保 in range: exact %v estimate %d, want 1800", res.TotalExact, res.Estimate)
		}
		// 养老 is in the 1,200 oldest documents only: more than 1,000, but the newest 5,000
		// hold only 200 of them, which would scale to fewer than 1,000: no figure is claimed.
		res = mustSearch(t, s, search.Request{Q: "养老"})
		if res.TotalExact || res.Estimate != 0 {
			t.Errorf("养老: exact %v estimate %d, want no estimate", res.TotalExact, res.Estimate)
		}
		// An exact total has no estimate.
		if res := mustSearch(t, s, search.Request{Q: "第6000号"}); !res.TotalExact || res.Estimate != 0 {
			t.Errorf("exact search: %+v", res)
		}
	})
}

func TestRoundEstimate(t *testing.T) {
	for n, want := range map[int]int{0: 0, 7: 7, 99: 99, 1234: 1200, 1250: 1300, 98765: 99000, 2000: 2000, 1_234_567: 1_200_000} {
		if got := search.RoundEstimate(n); got != want {
			t.Errorf("RoundEstimate(%d) = %d, want %d", n, got, want)
		}
	}
}
