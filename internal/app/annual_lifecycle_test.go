package app_test

import (
	"context"
	"testing"
	"time"

	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestTable2FollowsLifecycle: table 二 of the annual report counts a 行政规范性文件 repealed by
// another document, or lapsed on its 失效日期, as repealed in the year its force ended, and
// no longer in force at the year's end.
func TestTable2FollowsLifecycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		ctx := context.Background()
		base := time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC)
		w.travel(base, 0)
		today := w.a.Today()
		table := func() (made, repealed, inForce int) {
			t.Helper()
			rep, err := w.a.AnnualReport(ctx, w.who("admin@610112"), w.unit, 2026)
			if err != nil {
				t.Fatal(err)
			}
			return rep.Table2.NormativeMade, rep.Table2.NormativeRepealed, rep.Table2.NormativeInForce
		}
		made0, repealed0, inForce0 := table()
		old := policyInput("将被替代的实施办法")
		old.DocNo, old.WrittenOn = "未政办发〔2026〕71号", today.String()
		oldID := w.mustCreate(old)
		w.publishAs("610112", oldID)
		lapsing := policyInput("限期有效的通知")
		lapsing.DocNo, lapsing.WrittenOn, lapsing.ExpiresOn = "未政办发〔2026〕72号", today.String(), today.AddDays(60).String()
		w.publishAs("610112", w.mustCreate(lapsing))
		repl := policyInput("新的实施办法")
		repl.DocNo, repl.WrittenOn, repl.Repeals = "未政办发〔2026〕73号", today.String(), []int64{oldID}
		w.publishAs("610112", w.mustCreate(repl))
		made, repealed, inForce := table()
		if made-made0 != 3 || repealed-repealed0 != 2 || inForce-inForce0 != 1 {
			t.Errorf("2026: made +%d, repealed +%d, in force +%d; want +3, +2 (replaced and lapsing), +1", made-made0, repealed-repealed0, inForce-inForce0)
		}
	})
}
