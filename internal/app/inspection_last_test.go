package app_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"gongkai/internal/app"
	"gongkai/internal/calendar"
	"gongkai/internal/record"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestInspectionLastUpdateAtCutoff: a record withdrawn after the cut-off was on the site at
// the cut-off, so it is the home's last update for a round computed later; one withdrawn
// before the cut-off is not.
func TestInspectionLastUpdateAtCutoff(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		ctx := context.Background()
		day := calendar.DateOf(time.Now()).AddDays(40)
		at := func(d calendar.Date) { w.a.Clock = func() time.Time { return d.Time().Add(10 * time.Hour) } }
		unit := "/admin/orgs/610112/records/"
		publish := func(on calendar.Date, title string) int64 {
			at(on)
			id := w.mustCreate(app.RecordInput{Kind: record.KindOther, Title: title, BodyHTML: "<p>正文</p>"})
			w.publishAs("610112", id)
			return id
		}
		withdraw := func(on calendar.Date, id int64) {
			at(on)
			if _, err := w.a.Act(ctx, w.who("admin@610112"), id, record.Action{Kind: record.ActionWithdraw, Reason: "已过期"}); err != nil {
				t.Fatal(err)
			}
		}
		first := publish(day, "较早的信息")
		second := publish(day.AddDays(10), "后来撤回的信息")
		withdraw(day.AddDays(20), second)

		// Cut-off five days after the second record: it was public then, so the home is fresh.
		_, ls := w.round("撤回之前", day, day.AddDays(15).Time().Add(12*time.Hour))
		if ls["W01"].Deducted != 0 {
			t.Fatalf("a record public at the cut-off was not counted: %+v", ls["W01"])
		}
		// Cut-off after the withdrawal: the last update is the first record, 25 days before.
		_, ls = w.round("撤回之后", day, day.AddDays(25).Time().Add(12*time.Hour))
		expect(t, ls, "W01", 1, 6, fmt.Sprint(unit, first), "首页最近一次更新为"+day.String())
	})
}
