package app_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"gongkai/internal/app"
	"gongkai/internal/calendar"
	"gongkai/internal/catalog"
	"gongkai/internal/errs"
	"gongkai/internal/record"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// travel sets the app's clock to base plus days.
func (w *world) travel(base time.Time, days int) {
	t := base.AddDate(0, 0, days)
	w.a.Clock = func() time.Time { return t }
}

func (w *world) mustCreate(in app.RecordInput) int64 {
	w.t.Helper()
	if in.FormedOn == "" {
		in.FormedOn = w.a.Today().String()
	}
	r, err := w.a.CreateRecord(context.Background(), w.who("editor@610112"), w.unit, "shjz", w.entry.ID, in)
	if err != nil {
		w.t.Fatal(err)
	}
	return r.ID
}

func containsDue(items []record.DueItem, id int64) bool {
	for _, it := range items {
		if it.RecordID == id {
			return true
		}
	}
	return false
}

// TestInterpretationClock: publishing a policy starts its interpretation's clock (3 working
// days, or the same day when the unit requires 同步); a policy with no interpretation past the
// clock is listed as overdue on the unit's and the supervisors' pages, until one is published
// (late, and recorded as late).
func TestInterpretationClock(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		ctx := context.Background()
		base := time.Now()
		w.travel(base, 0)
		p := w.mustCreate(policyInput("需要解读的政策文件"))
		w.publishAs("610112", p)
		d, err := s.DeadlineOf(ctx, "interpretation", strconv.FormatInt(p, 10))
		if err != nil {
			t.Fatal(err)
		}
		cal, _, _ := w.a.Calendar(ctx)
		if want := cal.AddWorkingDays(w.a.Today(), 3).Date; d.Due != want || d.N != 3 {
			t.Fatalf("clock %+v, want due %s", d, want)
		}
		admin, sup := w.who("admin@610112"), w.who("supervisor@610100")
		pg, err := w.a.Duties(ctx, admin, w.unit)
		if err != nil || containsDue(pg.Interpretations, p) {
			t.Fatalf("overdue on the day of publication: %v %+v", err, pg.Interpretations)
		}
		w.travel(base, 10)
		for _, who := range []*app.Principal{admin, sup} {
			o := w.unit
			if who == sup {
				o, _ = s.OrgByCode(ctx, "610100")
			}
			pg, err := w.a.Duties(ctx, who, o)
			if err != nil || !containsDue(pg.Interpretations, p) {
				t.Fatalf("%s: policy without interpretation not overdue after 10 days: %v %+v", who.Person.Login, err, pg.Interpretations)
			}
		}
		interp := w.mustCreate(app.RecordInput{Kind: record.KindInterpretation, Title: "迟到的解读", BodyHTML: "<p>解读</p>", PolicyID: p})
		w.publishAs("610112", interp)
		pg, err = w.a.Duties(ctx, admin, w.unit)
		if err != nil || containsDue(pg.Interpretations, p) {
			t.Fatalf("still overdue after the interpretation: %v", err)
		}
		late := false
		for _, it := range pg.Late {
			late = late || (it.RecordID == interp && !it.Timeliness.OnTime && it.Timeliness.Due == d.Due)
		}
		if !late {
			t.Fatalf("the late interpretation is not recorded as late: %+v", pg.Late)
		}
		// 同步: the unit requires interpretations on the day of their policy.
		if err := w.a.SetInterpretationSameDay(ctx, w.who("editor@610112"), w.unit, true); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("an editor changes the setting: %v", err)
		}
		if err := w.a.SetInterpretationSameDay(ctx, admin, w.unit, true); err != nil {
			t.Fatal(err)
		}
		p2 := w.mustCreate(policyInput("同步解读的政策文件"))
		w.publishAs("610112", p2)
		d2, err := s.DeadlineOf(ctx, "interpretation", strconv.FormatInt(p2, 10))
		if want := cal.AddWorkingDays(w.a.Today(), 0).Date; err != nil || d2.Due != want || d2.N != 0 {
			t.Fatalf("same-day clock %+v %v, want %s", d2, err, want)
		}
	})
}

// TestTimelinessKept: every first publication records its due day and whether it was on
// time; a record formed long ago and published now is late, one formed today is on time; a
// later change of the calendar leaves the judgment as it was.
func TestTimelinessKept(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		ctx := context.Background()
		admin := w.who("admin@610112")
		old := w.mustCreate(app.RecordInput{Kind: record.KindOther, Title: "形成已久", BodyHTML: "<p>x</p>", FormedOn: w.a.Today().AddDays(-90).String()})
		fresh := w.mustCreate(app.RecordInput{Kind: record.KindOther, Title: "新形成", BodyHTML: "<p>x</p>"})
		w.publishAs("610112", old)
		w.publishAs("610112", fresh)
		tOld, ok := w.a.RecordTimeliness(ctx, admin, old)
		if !ok || tOld.OnTime || tOld.PublishedOn != w.a.Today() || !strings.Contains(tOld.Basis, "20个工作日") || tOld.DaysLate() <= 0 {
			t.Fatalf("old: %+v %v", tOld, ok)
		}
		if tFresh, ok := w.a.RecordTimeliness(ctx, admin, fresh); !ok || !tFresh.OnTime {
			t.Fatalf("fresh: %+v %v", tFresh, ok)
		}
		if _, ok := w.a.RecordTimeliness(ctx, w.who("editor@610111"), old); ok {
			t.Fatal("another unit's staff read the timeliness")
		}
		// The calendar changes (a local closure): the deadlines are recomputed, the judgment
		// made at publication is not.
		root, _ := s.OrgByCode(ctx, "610000")
		if _, err := w.a.AddClosure(ctx, w.who("sysadmin"), root, calendar.Closure{Date: tOld.Due, Name: "示例停工"}); err != nil {
			t.Fatal(err)
		}
		if again, _ := w.a.RecordTimeliness(ctx, admin, old); again != tOld {
			t.Fatalf("judgment changed: %+v → %+v", tOld, again)
		}
		// An amendment keeps the judgment of the first publication.
		if _, err := w.a.Act(ctx, w.who("editor@610112"), fresh, record.Action{Kind: record.ActionRevise}); err != nil {
			t.Fatal(err)
		}
		pg, err := w.a.Duties(ctx, admin, w.unit)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, it := range pg.Late {
			if it.RecordID == old {
				n++
			}
			if it.RecordID == fresh {
				t.Fatal("the record published on time is listed as late")
			}
		}
		if n != 1 {
			t.Fatalf("late list: %+v", pg.Late)
		}
	})
}

// TestPeriodicAndUncoveredEntries: an entry whose rule is periodic generates its due days;
// a period with nothing published is flagged once its due day has passed; entries with no
// published record are listed; the clock drives it.
func TestPeriodicAndUncoveredEntries(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		ctx := context.Background()
		base := time.Date(2026, 1, 5, 2, 0, 0, 0, time.UTC) // a Monday, 10:00 in China
		w.travel(base, 0)
		admin := w.who("admin@610112")
		v, err := w.a.NewDraft(ctx, admin, w.unit, "shjz", app.FromNewest, "季度公开")
		if err != nil {
			t.Fatal(err)
		}
		es, err := s.Entries(ctx, v.ID)
		if err != nil {
			t.Fatal(err)
		}
		// The last entry: the demo publishes its consultations and records under the first.
		e := es[len(es)-1]
		e.TimeLimitText = "每季度结束后15日内"
		if _, err := w.a.SaveEntry(ctx, admin, w.unit, "shjz", v.ID, e, "改为定期"); err != nil {
			t.Fatal(err)
		}
		if err := w.a.FileVersion(ctx, admin, w.unit, "shjz", v.ID, "备案"); err != nil {
			t.Fatal(err)
		}
		for _, code := range []string{"610100", "610000"} {
			o, _ := s.OrgByCode(ctx, code)
			if err := w.a.DecideFiling(ctx, w.who("supervisor@"+code), o, v.ID, catalog.FilingAccepted, "同意"); err != nil {
				t.Fatal(err)
			}
		}
		_, effAll, err := w.a.EffectiveCatalog(ctx, w.unit, "shjz")
		if err != nil {
			t.Fatal(err)
		}
		eff := effAll[len(effAll)-1:]
		if eff[0].Key != e.Key || eff[0].TimeLimitText != "每季度结束后15日内" {
			t.Fatalf("effective: %+v", eff[0])
		}
		gapsOf := func() []string {
			pg, err := w.a.Duties(ctx, admin, w.unit)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, g := range pg.MissingPeriods {
				if g.Entry.Key == e.Key {
					out = append(out, g.Period.Label)
				}
			}
			return out
		}
		// The entry is periodic from 2026-01-05: the report of 2025's 4th quarter is due on
		// 2026-01-15, that of 2026's 1st quarter on 2026-04-15.
		w.travel(base, 100) // 2026-04-15
		if g := gapsOf(); strings.Join(g, ",") != "2025年第4季度" {
			t.Fatalf("on Q1's due day: %v", g)
		}
		w.travel(base, 101)
		if g := gapsOf(); strings.Join(g, ",") != "2025年第4季度,2026年第1季度" {
			t.Fatalf("the day after: %v", g)
		}
		// Q2's report published in time; Q1 stays missing.
		w.travel(base, 190) // 2026-07-14
		r, err := w.a.CreateRecord(ctx, w.who("editor@610112"), w.unit, "shjz", eff[0].ID, app.RecordInput{Kind: record.KindOther, Title: "第二季度报告", BodyHTML: "<p>x</p>"})
		if err != nil {
			t.Fatal(err)
		}
		w.publishAs("610112", r.ID)
		w.travel(base, 300)
		if g := gapsOf(); strings.Join(g, ",") != "2025年第4季度,2026年第1季度,2026年第3季度" {
			t.Fatalf("after Q3's due day: %v", g)
		}
		// Entries with no published record: the periodic one has one now; another does not.
		pg, _ := w.a.Duties(ctx, admin, w.unit)
		listed := map[string]bool{}
		for _, g := range pg.NoRecords {
			listed[g.Entry.Key] = true
		}
		// The periodic entry is not listed; entries of the catalog that nothing was published
		// under are (the demo publishes under a few of them only).
		others := 0
		for _, x := range effAll {
			if x.Key != e.Key && listed[x.Key] {
				others++
			}
		}
		if listed[e.Key] || others == 0 {
			t.Fatalf("entries without records: %v", listed)
		}
	})
}

// TestValidityLifecycle: a document in force from its 施行日期 lapses on its 失效日期 and is
// repealed by another document from that one's 施行日期, without anybody touching it; the
// 现行有效 list follows the day.
func TestValidityLifecycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		ctx := context.Background()
		base := time.Now()
		w.travel(base, 0)
		today := w.a.Today()
		in := policyInput("限期有效的文件")
		in.EffectiveOn, in.ExpiresOn = today.AddDays(5).String(), today.AddDays(30).String()
		lapsing := w.mustCreate(in)
		w.publishAs("610112", lapsing)
		old := w.mustCreate(policyInput("将被废止的文件"))
		w.publishAs("610112", old)
		inForce := func() map[int64]bool {
			items, err := w.a.RecordsInForce(ctx, w.unit.ID, "shjz", "", 100, 0)
			if err != nil {
				t.Fatal(err)
			}
			m := map[int64]bool{}
			for _, it := range items {
				m[it.ID] = true
			}
			return m
		}
		force := func(id int64) record.Force {
			pg, err := w.a.PublicRecordPage(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			return pg.Force
		}
		if m := inForce(); m[lapsing] || !m[old] || force(lapsing) != record.ForcePending {
			t.Fatalf("day 0: %v %s", m, force(lapsing))
		}
		// The repealing document: only a policy document repeals, only published ones.
		bad := policyInput("废止的文件")
		bad.Kind = record.KindOther
		bad.Repeals = []int64{old}
		if _, err := w.a.CreateRecord(ctx, w.who("editor@610112"), w.unit, "shjz", w.entry.ID, withFormed(bad, today)); fieldError(err, record.FieldRepeals) == "" {
			t.Fatalf("a notice repeals: %v", err)
		}
		rep := policyInput("新的实施细则")
		rep.Repeals, rep.EffectiveOn = []int64{old}, today.AddDays(10).String()
		newer := w.mustCreate(rep)
		w.publishAs("610112", newer)
		w.travel(base, 6)
		if m := inForce(); !m[lapsing] || !m[old] || m[newer] {
			t.Fatalf("day 6: %v", m)
		}
		w.travel(base, 10)
		if m := inForce(); !m[lapsing] || m[old] || !m[newer] {
			t.Fatalf("day 10: %v", m)
		}
		pg, err := w.a.PublicRecordPage(ctx, old)
		if err != nil || pg.Force != record.ForceRepealed || pg.RepealedBy.ID != newer {
			t.Fatalf("repealed page: %v %s %+v", err, pg.Force, pg.RepealedBy)
		}
		w.travel(base, 30)
		if m := inForce(); m[lapsing] || force(lapsing) != record.ForceLapsed {
			t.Fatalf("day 30: %v %s", m, force(lapsing))
		}
	})
}

func withFormed(in app.RecordInput, d calendar.Date) app.RecordInput {
	in.FormedOn = d.String()
	return in
}
