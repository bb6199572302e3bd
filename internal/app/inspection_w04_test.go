package app_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"gongkai/internal/app"
	"gongkai/internal/calendar"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestInspectionUnansweredQuestion builds the situation of W04: a public question received
// more than 90 days before the cut-off and still unanswered deducts 2 points with a veto and
// links to the question; one received 81 days before does not count.
func TestInspectionUnansweredQuestion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		ctx := context.Background()
		t0 := calendar.DateOf(time.Now()).AddDays(200).Time().Add(10 * time.Hour)
		// Baseline: whatever the demo left unanswered is long overdue by then.
		w.a.Clock = func() time.Time { return t0.Add(-48 * time.Hour) }
		_, before := w.round("提问前", calendar.DateOf(t0).AddDays(-100), t0.Add(-time.Hour))
		n0 := len(before["W04"].Evidence)

		ask := func(at time.Time, title string) int64 {
			w.a.Clock = func() time.Time { return at }
			_, q, err := w.a.Ask(ctx, w.unit, app.QuestionInput{Title: title, Text: "请问低保申请需要哪些材料？", Contact: "13812345678", AllowPublic: true}, "203.0.113.9")
			if err != nil {
				t.Fatal(err)
			}
			return q.ID
		}
		old := ask(t0, "超期未答复的提问")
		ask(t0.AddDate(0, 0, 10), "未超期的提问")
		cutoff := t0.AddDate(0, 0, 91)
		w.a.Clock = func() time.Time { return cutoff.Add(-time.Hour) }
		_, ls := w.round("互动回应检查", calendar.DateOf(t0).AddDays(-100), cutoff)
		expect(t, ls, "W04", n0+1, min(6, 2*float64(n0+1)), fmt.Sprintf("/admin/orgs/610112/questions/%d", old),
			"于"+calendar.DateOf(t0).String()+"受理", "超过90天未答复")
		if !ls["W04"].Veto {
			t.Fatal("an overdue question does not veto")
		}
	})
}
