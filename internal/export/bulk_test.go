package export_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"gongkai/internal/app"
	"gongkai/internal/export"
	"gongkai/internal/record"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
	"gongkai/internal/web"
)

// bulkWorld is richWorld with what a record page shows beyond it: an amended record (its
// history) and a 依申请公开 record (no body, no files).
func bulkWorld(t *testing.T, s *store.Store) (*env, map[string]int64) {
	e, ids := richWorld(t, s)
	e.amend(ids["attached"], "附件示例（更正）")
	id := e.create(1, app.RecordInput{Kind: record.KindOther, Title: "依申请公开的信息", BodyHTML: "<p>不公开的正文。</p>", Openness: record.OpenOnRequest})
	e.publish(id)
	ids["on request"] = id
	return e, ids
}

// TestBulkRecordPages renders the page of every published record in bulk
// (Exporter.RecordPages) and one by one through the live handler (Exporter.Render): the
// bytes must be the same, and the bulk path must leave to the handler exactly the pages it
// cannot answer with 200 (a withdrawn record, a record under another unit's address).
func TestBulkRecordPages(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		e, ids := bulkWorld(t, s)
		srv, err := web.New(e.app)
		if err != nil {
			t.Fatal(err)
		}
		ex := srv.Exporter("www.example.gov.cn")
		recs, err := e.app.PublishedExportRecords(e.ctx)
		if err != nil {
			t.Fatal(err)
		}
		var addrs []web.RecordAddr
		for _, r := range recs {
			addrs = append(addrs, web.RecordAddr{Unit: r.UnitCode, ID: r.ID})
		}
		addrs = append(addrs, web.RecordAddr{Unit: "610112", ID: ids["withdrawn"]}, web.RecordAddr{Unit: "610111", ID: ids["attached"]},
			web.RecordAddr{Unit: "nosuchunit", ID: ids["attached"]}, web.RecordAddr{Unit: "610112", ID: 999999})
		pages, err := ex.RecordPages(e.ctx, addrs)
		if err != nil {
			t.Fatal(err)
		}
		if len(pages) != len(addrs) {
			t.Fatalf("%d pages for %d addresses", len(pages), len(addrs))
		}
		shown := map[string]bool{}
		for i, a := range addrs {
			addr := "/" + a.Unit + "/records/" + strconv.FormatInt(a.ID, 10)
			want, err := ex.Render(e.ctx, addr)
			if err != nil {
				t.Fatal(err)
			}
			got := pages[i]
			if i >= len(recs) {
				if got.Status != 0 {
					t.Errorf("%s: the bulk path answered %d, it should leave it to the handler (which answers %d)", addr, got.Status, want.Status)
				}
				continue
			}
			if want.Status != 200 || got.Status != 200 {
				t.Errorf("%s: bulk %d, handler %d", addr, got.Status, want.Status)
				continue
			}
			if got.Header.Get("Content-Type") != want.Header.Get("Content-Type") {
				t.Errorf("%s: content type %q, handler %q", addr, got.Header.Get("Content-Type"), want.Header.Get("Content-Type"))
			}
			if !bytes.Equal(got.Body, want.Body) {
				t.Errorf("%s: bulk page differs from the handler's at byte %d:\n%s", addr, bulkDiffAt(got.Body, want.Body), bulkExcerpt(got.Body, want.Body))
			}
			for _, mark := range []string{"修订记录", "政策解读", "的解读。", "本文件废止", "已被", "附件", "依申请公开，可依法"} {
				if bytes.Contains(got.Body, []byte(mark)) {
					shown[mark] = true
				}
			}
		}
		// The comparison covers every part of a record page that comes from another query.
		for _, mark := range []string{"修订记录", "政策解读", "的解读。", "本文件废止", "附件", "依申请公开，可依法"} {
			if !shown[mark] {
				t.Errorf("no record page shows %q: the comparison does not cover it", mark)
			}
		}
	})
}

// TestBulkExportSameFiles exports the same site with record pages rendered in bulk and one
// by one through their handler: every file must be the same, byte for byte.
func TestBulkExportSameFiles(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		e, _ := bulkWorld(t, s)
		bulk, perPage := t.TempDir(), t.TempDir()
		res := e.export(bulk, false)
		ref, err := export.RunPerPage(e.ctx, e.app, export.Options{Dir: perPage, DynamicURL: testDynamic, Workers: 3})
		if err != nil {
			t.Fatal(err)
		}
		if res.Files != ref.Files || res.Rendered != ref.Rendered || res.Records != ref.Records {
			t.Errorf("bulk export %+v, one by one %+v", res, ref)
		}
		got, want := map[string][]byte{}, map[string][]byte{}
		walk(t, bulk, func(rel string, b []byte) { got[rel] = b })
		walk(t, perPage, func(rel string, b []byte) { want[rel] = b })
		records := 0
		for f, w := range want {
			g, ok := got[f]
			switch {
			case !ok:
				t.Errorf("the bulk export lacks %s", f)
			case !bytes.Equal(g, w):
				t.Errorf("%s differs at byte %d:\n%s", f, bulkDiffAt(g, w), bulkExcerpt(g, w))
			}
			if strings.Contains(f, "/records/") && strings.HasSuffix(f, "/index.html") {
				records++
			}
		}
		for f := range got {
			if _, ok := want[f]; !ok {
				t.Errorf("the bulk export has %s, the other does not", f)
			}
		}
		// Records counts every published record; an office's 检查通报 has no page in the
		// static export (only pilot units' sites are exported), so it may count more.
		if records < 20 || records > res.Records {
			t.Errorf("%d record pages compared, %d records exported", records, res.Records)
		}
		// An incremental run after an amendment renders through the bulk path as well.
		id := e.recordByTitle("第01期低保资金发放情况")
		e.amend(id, "第01期低保资金发放情况（更正）")
		if r := e.export(bulk, false); r.Mode != export.ModeIncremental {
			t.Fatalf("second run: %+v", r)
		}
		full := t.TempDir()
		if _, err := export.RunPerPage(e.ctx, e.app, export.Options{Dir: full, DynamicURL: testDynamic, Workers: 3}); err != nil {
			t.Fatal(err)
		}
		sameTree(t, bulk, full)
		if b, err := os.ReadFile(filepath.Join(bulk, "610112", "records", strconv.FormatInt(id, 10), "index.html")); err != nil || !bytes.Contains(b, []byte("（更正）")) {
			t.Errorf("amended record page: %v", err)
		}
	})
}

func bulkDiffAt(a, b []byte) int {
	n := min(len(a), len(b))
	for i := range n {
		if a[i] != b[i] {
			return i
		}
	}
	return n
}

// bulkExcerpt shows both contents around their first difference.
func bulkExcerpt(got, want []byte) string {
	i := bulkDiffAt(got, want)
	from := max(0, i-120)
	return string(got[from:min(len(got), i+200)]) + "\n--- want ---\n" + string(want[from:min(len(want), i+200)])
}
