package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"gongkai/internal/app"
	"gongkai/internal/record"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestDutiesPages: a department's drafter creates a record from the department's pages, its
// own staff see it with its issuing body; the overdue page lists a policy without its
// interpretation for the unit and the city; the public page of a repealed document says so
// and links the one that repealed it, and the entry's 现行有效 list leaves it out.
func TestDutiesPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		ctx := context.Background()
		u, _ := s.OrgByCode(ctx, "610112")
		_, es, err := e.app.EffectiveCatalog(ctx, u, "shjz")
		if err != nil {
			t.Fatal(err)
		}
		mzj := e.client("editor@610112-mzj")
		if code, body := get(t, mzj, e.ts.URL+"/admin/orgs/610112-mzj/records/new"); code != 200 || !strings.Contains(body, es[0].Item2) {
			t.Fatalf("new record form at the department: %d", code)
		}
		code, _ := postForm(t, mzj, e.ts.URL+"/admin/orgs/610112-mzj/records", url.Values{"entry": {"shjz:" + strconv.FormatInt(es[0].ID, 10)},
			"kind": {"other"}, "title": {"民政局起草的信息"}, "body_html": {"<p>x</p>"}, "openness": {"proactive"}, "formed_on": {formedToday()}})
		if code != http.StatusSeeOther {
			t.Fatalf("create at the department: %d", code)
		}
		items, err := e.app.Queue(ctx, who(t, s, "editor@610112-mzj"), mustOrg(t, s, "610112-mzj"), record.StateDraft)
		if err != nil || len(items) != 1 {
			t.Fatalf("department queue: %v %d", err, len(items))
		}
		page := "/admin/orgs/610112-mzj/records/" + strconv.FormatInt(items[0].ID, 10)
		if code, body := get(t, mzj, e.ts.URL+page); code != 200 || !strings.Contains(body, "未央区民政局") || !strings.Contains(body, "提交保密审查") {
			t.Fatalf("department record page: %d", code)
		}
		if code, _ := get(t, e.client("editor@610112-zjbjd"), e.ts.URL+page); code != http.StatusForbidden && code != http.StatusNotFound {
			t.Fatalf("street office opens the department's record: %d", code)
		}

		// A policy, then its replacement, published by the unit.
		ed := who(t, s, "editor@610112")
		publish := func(in app.RecordInput) int64 {
			in.FormedOn = formedToday()
			r, err := e.app.CreateRecord(ctx, ed, u, "shjz", es[0].ID, in)
			if err != nil {
				t.Fatal(err)
			}
			for _, st := range []struct {
				login string
				kind  record.ActionKind
			}{{"editor@610112", record.ActionSubmit}, {"reviewer@610112", record.ActionReviewPass}, {"approver@610112", record.ActionApprove}} {
				if _, err := e.app.Act(ctx, who(t, s, st.login), r.ID, record.Action{Kind: st.kind}); err != nil {
					t.Fatal(err)
				}
			}
			return r.ID
		}
		old := publish(app.RecordInput{Kind: record.KindPolicy, Title: "旧的实施办法", BodyHTML: "<p>旧</p>", Validity: record.ValidityEffective})
		newer := publish(app.RecordInput{Kind: record.KindPolicy, Title: "新的实施办法", BodyHTML: "<p>新</p>", Validity: record.ValidityEffective, Repeals: []int64{old}})
		anon := e.client("")
		_, body := get(t, anon, e.ts.URL+"/610112/records/"+strconv.FormatInt(old, 10))
		if !strings.Contains(body, "本文件已废止") || !strings.Contains(body, "/610112/records/"+strconv.FormatInt(newer, 10)) {
			t.Fatalf("repealed page does not say so or link the new one")
		}
		entry := e.ts.URL + "/610112/catalog/shjz/entries/" + es[0].Key
		if _, all := get(t, anon, entry); !strings.Contains(all, "旧的实施办法") {
			t.Fatal("the full list lost the repealed document")
		}
		if _, cur := get(t, anon, entry+"?in_force=1"); strings.Contains(cur, "旧的实施办法") || !strings.Contains(cur, "新的实施办法") {
			t.Fatal("the 现行有效 list")
		}
		// Overdue page: both policies have no interpretation; none is overdue yet today.
		for _, c := range []struct{ login, org string }{{"admin@610112", "610112"}, {"supervisor@610100", "610100"}, {"editor@610112-mzj", "610112-mzj"}} {
			if code, body := get(t, e.client(c.login), e.ts.URL+"/admin/orgs/"+c.org+"/duties"); code != 200 || !strings.Contains(body, "逾期未解读的政策文件") {
				t.Fatalf("%s duties page: %d", c.login, code)
			}
		}
		// The unit's settings: a preview, then a refused pattern names the field.
		adm := e.client("admin@610112")
		if code, body := postForm(t, adm, e.ts.URL+"/admin/orgs/610112/duties/settings", url.Values{"index_pattern": {"{code}-{yyyy}-{seq:4}"}, "preview": {"1"}}); code != 200 || !strings.Contains(body, "MB0000000-") {
			t.Fatalf("preview: %d", code)
		}
		if code, body := postForm(t, adm, e.ts.URL+"/admin/orgs/610112/duties/settings", url.Values{"index_pattern": {"{yyyy}"}}); code != 422 || !strings.Contains(body, "索引号格式") {
			t.Fatalf("bad pattern: %d", code)
		}
	})
}

func who(t *testing.T, s *store.Store, login string) *app.Principal {
	t.Helper()
	p, err := s.PersonByLogin(context.Background(), login)
	if err != nil {
		t.Fatal(err)
	}
	return &app.Principal{Person: p, IP: "127.0.0.1"}
}
