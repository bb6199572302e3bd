package export_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"gongkai/internal/app"
	"gongkai/internal/audit"
	"gongkai/internal/export"
	"gongkai/internal/record"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// inputOf turns a stored revision back into the form staff fill in, to amend it.
func inputOf(r record.Record) app.RecordInput {
	in := app.RecordInput{Kind: r.Kind, Title: r.Title, Summary: r.Summary, BodyHTML: r.BodyHTML, Subject: r.Subject, Issuer: r.Issuer,
		WrittenOn: r.WrittenOn.String(), DocNo: r.DocNo, Validity: r.Validity, RepealedOn: r.RepealedOn.String(), Openness: r.Openness,
		OpennessReason: r.OpennessReason, FormedOn: r.FormedOn.String(), PolicyID: r.PolicyID, Guide: r.Guide}
	if r.Kind == record.KindPublicity {
		in.PublicityDays = r.Publicity.N
	}
	return in
}

// amend publishes a new revision of a published record of 610112 with a new title.
func (e *env) amend(id int64, title string) {
	e.t.Helper()
	e.act("editor@610112", id, record.Action{Kind: record.ActionRevise})
	cur, err := e.app.CurrentRevision(e.ctx, id)
	if err != nil {
		e.t.Fatal(err)
	}
	in := inputOf(cur)
	in.Title, in.ChangeNote = title, "更正标题"
	if _, err := e.app.EditRecord(e.ctx, e.who("editor@610112"), id, in); err != nil {
		e.t.Fatal(err)
	}
	e.publish(id)
}

// published finds published records of 610112 by title.
func (e *env) recordByTitle(title string) int64 {
	e.t.Helper()
	items, err := e.store.Records(e.ctx, store.RecordQuery{Published: true, Limit: 500})
	if err != nil {
		e.t.Fatal(err)
	}
	for _, it := range items {
		if it.Title == title {
			return it.ID
		}
	}
	e.t.Fatalf("no published record %q", title)
	return 0
}

// TestIncremental changes the site step by step. After each step the export must have
// rewritten only files whose content changed (every other file keeps its modification time),
// no more than the step's pages, and must then hold exactly what a fresh full export holds.
func TestIncremental(t *testing.T) {
	t.Parallel()
	storetest.Each(t, testIncremental)
}

func testIncremental(t *testing.T, s *store.Store) {
	t.Parallel()
	e, ids := richWorld(t, s)
	dir := t.TempDir()
	first := e.export(dir, false)
	policy := e.recordByTitle("西安市未央区人民政府关于调整城乡最低生活保障标准的通知（示例数据）")
	_, es := e.entries("610112", "shjz")
	key2 := es[2].Key
	// The store's clock runs ahead in steps, so that changes fall on later days (the sitemaps
	// show the day of a record's last change).
	days := 0
	later := func() {
		days++
		d := days
		e.store.Now = func() time.Time { return time.Now().AddDate(0, 0, d) }
	}

	step := func(name string, change func(), want export.Mode, maxWritten int, check func(written []string, res export.Result)) {
		t.Helper()
		ageFiles(t, dir)
		before := snapshot(t, dir)
		change()
		res := e.export(dir, false)
		written := touched(t, dir, before)
		t.Logf("%s: %s, rendered %d, wrote %v, removed %d", name, res.Mode, res.Rendered, written, res.Removed)
		if res.Mode != want {
			t.Fatalf("%s: mode %s, want %s", name, res.Mode, want)
		}
		if len(written) != res.Written || len(written) > maxWritten {
			t.Errorf("%s: %d files rewritten (result says %d), want at most %d", name, len(written), res.Written, maxWritten)
		}
		if check != nil {
			check(written, res)
		}
		if res.Files != len(snapshot(t, dir)) {
			t.Errorf("%s: result says %d files, the export holds %d", name, res.Files, len(snapshot(t, dir)))
		}
		if name == "nothing changed" || name == "forced" {
			// Nothing at all changed since the export was last compared with a full one (the
			// first run, or the step before), and the run wrote nothing (checked above): a
			// second full export would compare the same tree again.
			return
		}
		full := t.TempDir()
		e.export(full, false)
		sameTree(t, dir, full)
		checkLinks(t, dir)
	}
	has := func(list []string, f string) bool { return slices.Contains(list, f) }
	recordPage := func(id int64) string { return fmt.Sprintf("610112/records/%d/index.html", id) }

	step("nothing changed", func() {}, export.ModeUnchanged, 0, nil)

	step("a draft", func() {
		e.create(3, app.RecordInput{Kind: record.KindOther, Title: "草稿", BodyHTML: "<p>草稿</p>"})
	}, export.ModeUnchanged, 0, nil)

	step("a policy amended", func() {
		later()
		e.amend(policy, "西安市未央区人民政府关于调整城乡最低生活保障标准的通知（修订）")
	}, export.ModeIncremental, 12, func(w []string, res export.Result) {
		// The policy's page, its interpretation's page (which names it), the lists and feeds
		// showing its title, and the sitemap with its new date.
		for _, f := range []string{recordPage(policy), recordPage(policy + 1), "feed.atom", "610112/feed.atom", "sitemap-records-0.xml"} {
			if !has(w, f) {
				t.Errorf("not rewritten: %s", f)
			}
		}
		if res.Rendered > 20 {
			t.Errorf("rendered %d pages for one record", res.Rendered)
		}
	})

	var fresh int64
	step("a new record", func() {
		later()
		fresh = e.create(4, app.RecordInput{Kind: record.KindOther, Title: "新发布的信息", BodyHTML: "<p>新内容</p>"})
		e.publish(fresh)
	}, export.ModeIncremental, 12, func(w []string, res export.Result) {
		if !has(w, recordPage(fresh)) || !has(w, "sitemap-records-0.xml") || res.Records != first.Records+1 {
			t.Errorf("new record: %+v", res)
		}
	})

	var gone []int64
	step("records withdrawn", func() {
		later()
		// Enough records of one entry that its second list page goes.
		u, _ := e.entries("610112", "shjz")
		in, err := e.store.Records(e.ctx, store.RecordQuery{UnitID: u.ID, Domain: "shjz", EntryKey: key2, Published: true, Limit: 100})
		if err != nil || len(in) <= 20 {
			t.Fatalf("%d records under the entry: %v", len(in), err)
		}
		for i := 23; i > 23-(len(in)-20); i-- {
			id := e.recordByTitle(fmt.Sprintf("第%02d期低保资金发放情况", i))
			e.act("approver@610112", id, record.Action{Kind: record.ActionWithdraw, Reason: "重复发布"})
			gone = append(gone, id)
		}
	}, export.ModeIncremental, 12, func(w []string, res export.Result) {
		page2 := "610112/catalog/shjz/entries/" + key2 + "/page/2/index.html"
		if _, err := os.Stat(filepath.Join(dir, page2)); err == nil {
			t.Error("the entry's second list page is still there")
		}
		if res.Removed != len(gone)+1 || res.Records != first.Records+1-len(gone) {
			t.Errorf("withdrawal: %+v", res)
		}
		for _, id := range gone {
			if _, err := os.Stat(filepath.Join(dir, fmt.Sprintf("610112/records/%d", id))); err == nil {
				t.Errorf("withdrawn record %d still exported", id)
			}
			re := regexp.MustCompile(fmt.Sprintf(`records/%d[/<"]`, id))
			walk(t, dir, func(rel string, b []byte) {
				if re.Match(b) {
					t.Errorf("%s still names withdrawn record %d", rel, id)
				}
			})
		}
	})

	step("a sitemap not in the expected form", func() {
		later()
		p := filepath.Join(dir, "sitemap-records-0.xml")
		b, _ := os.ReadFile(p)
		os.WriteFile(p, []byte(strings.Replace(string(b), "<url>", "\n<url>", 1)), 0o644)
		e.amend(ids["attached"], "附件示例（修订）")
	}, export.ModeIncremental, 12, nil)

	step("a catalog version takes effect", func() {
		u, es := e.entries("610112", "shjz")
		by := audit.System("test")
		v, err := e.store.NewDraft(e.ctx, by, u.ID, "shjz", false, es[:len(es)-1], "删去最后一项", "new", 0)
		if err != nil {
			t.Fatal(err)
		}
		if err := e.store.FileVersion(e.ctx, by, v.ID, nil, ""); err != nil {
			t.Fatal(err)
		}
	}, export.ModePages, 40, func(w []string, res export.Result) {
		for _, f := range w {
			if strings.Contains(f, "/records/") {
				t.Errorf("a catalog change rewrote %s", f)
			}
		}
		if _, err := os.Stat(filepath.Join(dir, "610112/catalog/shjz/entries/"+es[len(es)-1].Key)); err == nil {
			t.Error("the page of the entry no longer in the catalog is still there")
		}
	})

	step("a unit renamed", func() {
		u, _ := e.entries("610111", "shjz")
		u.Name = "灞桥区（更名）"
		if _, err := e.store.UpdateOrg(e.ctx, audit.System("test"), u); err != nil {
			t.Fatal(err)
		}
	}, export.ModeFull, 200, func(w []string, res export.Result) {
		if !has(w, "610111/index.html") || has(w, recordPage(policy)) {
			t.Errorf("rename rewrote %v", w)
		}
	})

	step("the audit log behind the export (a restored backup)", func() {
		b, err := os.ReadFile(filepath.Join(dir, ".gongkai-export.json"))
		if err != nil {
			t.Fatal(err)
		}
		b = regexp.MustCompile(`"audit_id": \d+`).ReplaceAll(b, []byte(`"audit_id": 999999`))
		os.WriteFile(filepath.Join(dir, ".gongkai-export.json"), b, 0o644)
		later()
		e.amend(fresh, "新发布的信息（修订）")
	}, export.ModeReconcile, 12, func(w []string, res export.Result) {
		if !has(w, recordPage(fresh)) || res.Rendered > 200 {
			t.Errorf("reconcile: %+v", res)
		}
	})

	step("forced", func() {}, export.ModeUnchanged, 0, nil)
	ageFiles(t, dir)
	before := snapshot(t, dir)
	res, err := export.Run(e.ctx, e.app, export.Options{Dir: dir, DynamicURL: testDynamic, Full: true})
	if err != nil || res.Mode != export.ModeFull || res.Written != 0 || len(touched(t, dir, before)) != 0 {
		t.Fatalf("--full on an up-to-date export: %+v %v", res, err)
	}
}

// TestFailedRunLeavesExport breaks one page in the middle of a run: the run fails and the
// export, files and manifest, is exactly as before.
func TestFailedRunLeavesExport(t *testing.T) {
	t.Parallel()
	storetest.Each(t, testFailedRunLeavesExport)
}

func testFailedRunLeavesExport(t *testing.T, s *store.Store) {
	t.Parallel()
	// The demo world is enough: richWorld's extra records prove nothing here.
	e := newEnvOn(t, s)
	dir := t.TempDir()
	e.export(dir, false)
	manifest, _ := os.ReadFile(filepath.Join(dir, ".gongkai-export.json"))
	before := snapshot(t, dir)
	later := e.create(5, app.RecordInput{Kind: record.KindOther, Title: "又一条信息", BodyHTML: "<p>内容</p>"})
	e.publish(later)
	victim := e.recordByTitle("未央区养老服务补贴发放情况（季度，示例数据）")
	db := e.store.RawForTest()
	if _, err := db.Exec("UPDATE record_revisions SET data = 'not json' WHERE record_id = " + strconv.FormatInt(victim, 10)); err != nil {
		t.Fatal(err)
	}
	_, err := export.Run(e.ctx, e.app, export.Options{Dir: dir, DynamicURL: testDynamic, Full: true, Workers: 1})
	if err == nil || !strings.Contains(err.Error(), "/records/"+strconv.FormatInt(victim, 10)) {
		t.Fatalf("run with a broken page: %v", err)
	}
	after := snapshot(t, dir)
	if len(after) != len(before) {
		t.Errorf("%d files before, %d after", len(before), len(after))
	}
	for f, s := range before {
		if after[f] != s {
			t.Errorf("%s changed", f)
		}
	}
	if m, _ := os.ReadFile(filepath.Join(dir, ".gongkai-export.json")); string(m) != string(manifest) {
		t.Error("manifest changed")
	}
	if _, err := os.Stat(filepath.Join(dir, ".gongkai-staging")); err == nil {
		t.Error("staged files left behind")
	}
}
