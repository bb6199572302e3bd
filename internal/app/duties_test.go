package app_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"gongkai/internal/app"
	"gongkai/internal/audit"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/org"
	"gongkai/internal/record"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestBodiesActOnWhatTheyIssue: a department's (and a township's) own drafter, reviewer and
// approver carry a record it issues through the unit's procedure; another body's staff neither
// see nor touch it; the unit's office keeps oversight (sees it, withdraws it); and the
// department's staff do not see what the unit itself issues.
func TestBodiesActOnWhatTheyIssue(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		ctx := context.Background()
		mzj, _ := s.OrgByCode(ctx, "610112-mzj")
		jd, _ := s.OrgByCode(ctx, "610112-zjbjd")

		r, err := w.a.CreateRecord(ctx, w.who("editor@610112-mzj"), mzj, "shjz", w.entry.ID, app.RecordInput{FormedOn: formedToday(), Kind: record.KindOther, Title: "民政局发布的信息", BodyHTML: "<p>正文</p>"})
		if err != nil {
			t.Fatal(err)
		}
		if r.UnitID != w.unit.ID || r.IssuerOrgID != mzj.ID || r.Issuer != "西安市未央区民政局" { // the issuing body's full name (org.Org.Official)
			t.Fatalf("unit %d issuer %d %q", r.UnitID, r.IssuerOrgID, r.Issuer)
		}
		// The street office's staff: the record does not exist for them.
		if _, err := w.a.Act(ctx, w.who("editor@610112-zjbjd"), r.ID, record.Action{Kind: record.ActionSubmit}); !errs.Is(err, errs.NotFound) {
			t.Fatalf("street office submits the department's record: %v", err)
		}
		if _, _, err := w.a.StaffRecord(ctx, w.who("reviewer@610112-zjbjd"), r.ID); !errs.Is(err, errs.NotFound) {
			t.Fatalf("street office reads the department's record: %v", err)
		}
		// Nor may they issue in the department's name, even from their own page.
		if _, err := w.a.CreateRecord(ctx, w.who("editor@610112-zjbjd"), jd, "shjz", w.entry.ID, app.RecordInput{FormedOn: formedToday(), Kind: record.KindOther, Title: "冒名", IssuerOrgID: mzj.ID}); !errs.Is(err, errs.Invalid) {
			t.Fatalf("street office issues for the department: %v", err)
		}
		for _, st := range []struct {
			login string
			a     record.Action
			want  record.State
		}{
			{"editor@610112-mzj", record.Action{Kind: record.ActionSubmit}, record.StateInReview},
			{"reviewer@610112-mzj", record.Action{Kind: record.ActionReviewPass}, record.StateAwaitingApproval},
			{"approver@610112-mzj", record.Action{Kind: record.ActionApprove}, record.StatePublished},
		} {
			if _, err := w.a.Act(ctx, w.who(st.login), r.ID, st.a); err != nil {
				t.Fatalf("%s %s: %v", st.login, st.a.Kind, err)
			}
			if got := w.state(r.ID); got != st.want {
				t.Fatalf("after %s: %s", st.a.Kind, got)
			}
		}
		// Work queues: the department's lists hold it, the street office's do not, the unit's do.
		for _, c := range []struct {
			login string
			o     org.Org
			want  int
		}{{"editor@610112-mzj", mzj, 1}, {"editor@610112-zjbjd", jd, 0}, {"admin@610112", w.unit, 1}, {"admin@610112", mzj, 1}} {
			items, err := w.a.Queue(ctx, w.who(c.login), c.o, record.StatePublished)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, it := range items {
				if it.ID == r.ID {
					n++
				}
			}
			if n != c.want {
				t.Errorf("%s's queue of %s: %d", c.login, c.o.Code, n)
			}
		}
		// The department's staff cannot use the unit's pages.
		if _, err := w.a.Queue(ctx, w.who("editor@610112-mzj"), w.unit, record.StatePublished); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("department editor lists the unit's records: %v", err)
		}
		unitRec := w.recordIn(record.StateDraft)
		if _, _, err := w.a.StaffRecord(ctx, w.who("editor@610112-mzj"), unitRec); !errs.Is(err, errs.NotFound) {
			t.Fatalf("department editor reads a unit record: %v", err)
		}
		// Oversight: the unit's office withdraws the department's record.
		if _, err := w.a.Act(ctx, w.who("admin@610112"), r.ID, record.Action{Kind: record.ActionWithdraw, Reason: "内容有误"}); err != nil {
			t.Fatalf("unit office withdraws: %v", err)
		}
	})
}

// TestBodySeparationOfDuties: a department's one person who drafts and reviews still cannot
// review their own draft; the unit's reviewer may review the department's record instead.
func TestBodySeparationOfDuties(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		ctx := context.Background()
		mzj, _ := s.OrgByCode(ctx, "610112-mzj")
		both := w.personAt("both@610112-mzj", mzj, org.RoleEditor, org.RoleReviewer)
		r, err := w.a.CreateRecord(ctx, both, mzj, "shjz", w.entry.ID, app.RecordInput{FormedOn: formedToday(), Kind: record.KindOther, Title: "自审", BodyHTML: "<p>正文</p>"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.a.Act(ctx, both, r.ID, record.Action{Kind: record.ActionSubmit}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.a.Act(ctx, both, r.ID, record.Action{Kind: record.ActionReviewPass}); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("reviewing one's own draft: %v", err)
		}
		if _, err := w.a.Act(ctx, w.who("reviewer@610112"), r.ID, record.Action{Kind: record.ActionReviewPass}); err != nil {
			t.Fatalf("the unit's reviewer: %v", err)
		}
	})
}

// TestEntryResponsibleBody: an entry names its responsible body, an organisation of the unit;
// a record the unit's editor makes under it is issued by that body, whose staff then act on it.
func TestEntryResponsibleBody(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		ctx := context.Background()
		mzj, _ := s.OrgByCode(ctx, "610112-mzj")
		other, _ := s.OrgByCode(ctx, "610111-mzj")
		admin := w.who("admin@610112")
		v, err := w.a.NewDraft(ctx, admin, w.unit, "shjz", app.FromNewest, "指定责任机构")
		if err != nil {
			t.Fatal(err)
		}
		es, err := s.Entries(ctx, v.ID)
		if err != nil {
			t.Fatal(err)
		}
		e := es[0]
		e.ResponsibleOrgID = other.ID
		if _, err := w.a.SaveEntry(ctx, admin, w.unit, "shjz", v.ID, e, "指定"); !errs.Is(err, errs.Invalid) || !hasField(err, "responsible_org_id") {
			t.Fatalf("another unit's department as responsible body: %v", err)
		}
		e.ResponsibleOrgID = mzj.ID
		if _, err := w.a.SaveEntry(ctx, admin, w.unit, "shjz", v.ID, e, "指定"); err != nil {
			t.Fatal(err)
		}
		saved, _, err := s.Entry(ctx, e.ID)
		if err != nil || saved.ResponsibleOrgID != mzj.ID {
			t.Fatalf("saved entry: %+v %v", saved.ResponsibleOrgID, err)
		}
		r, err := w.a.CreateRecord(ctx, w.who("editor@610112"), w.unit, "shjz", e.ID, app.RecordInput{FormedOn: formedToday(), Kind: record.KindOther, Title: "按条目", BodyHTML: "<p>正文</p>"})
		if err != nil {
			t.Fatal(err)
		}
		if r.IssuerOrgID != mzj.ID {
			t.Fatalf("issuer %d, want the entry's body %d", r.IssuerOrgID, mzj.ID)
		}
		if _, err := w.a.Act(ctx, w.who("reviewer@610112-mzj"), r.ID, record.Action{Kind: record.ActionReviewPass}); !errs.Is(err, errs.Conflict) {
			t.Fatalf("the department's reviewer on a draft: %v (want a state conflict, not a refusal of the role)", err)
		}
		// Chosen otherwise on the form: the unit itself.
		r2, err := w.a.CreateRecord(ctx, w.who("editor@610112"), w.unit, "shjz", e.ID, app.RecordInput{FormedOn: formedToday(), Kind: record.KindOther, Title: "本级", IssuerOrgID: w.unit.ID})
		if err != nil || r2.IssuerOrgID != w.unit.ID {
			t.Fatalf("unit as issuer: %d %v", r2.IssuerOrgID, err)
		}
	})
}

func hasField(err error, field string) bool {
	var e *errs.Error
	if !errors.As(err, &e) {
		return false
	}
	for _, f := range e.Fields {
		if f.Field == field {
			return true
		}
	}
	return false
}

// personAt makes a person with the given roles at organisation o.
func (w *world) personAt(login string, o org.Org, roles ...org.Role) *app.Principal {
	w.t.Helper()
	var gs []org.Grant
	for _, r := range roles {
		gs = append(gs, org.Grant{OrgID: o.ID, Role: r})
	}
	if _, err := w.s.CreatePerson(context.Background(), audit.System("test"), org.Person{Login: login, Name: "测试", PasswordHash: "x", Grants: gs}); err != nil {
		w.t.Fatal(err)
	}
	return w.who(login)
}

// formedToday is the 形成日期 of the test records: today, by the clock the app uses.
func formedToday() string { return calendar.DateOf(time.Now()).String() }
