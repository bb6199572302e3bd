package store_test

import (
	"context"
	"testing"

	"gongkai/internal/search"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestSearchEveryStage: a record of several 五公开 stages is found under each of them, not
// only under its first.
func TestSearchEveryStage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		d := search.Doc{ID: 41, Unit: "610112", Domain: "shjz", Stage: "decision", Stages: "decision execution result",
			Kind: "policy", Subject: "17", Published: day(3), Title: "低保工作实施细则", Body: "决策、执行和结果。"}
		other := search.Doc{ID: 42, Unit: "610112", Domain: "shjz", Stage: "service", Stages: "service", Kind: "guide", Subject: "17",
			Published: day(4), Title: "低保办事指南", Body: "办理流程。"}
		if err := s.IndexDocs(ctx, d, other); err != nil {
			t.Fatal(err)
		}
		for _, st := range []string{"decision", "execution", "result"} {
			if got := ids(mustSearch(t, s, search.Request{Q: "低保", Stage: st}).Hits); len(got) != 1 || got[0] != 41 {
				t.Errorf("stage %s: %v", st, got)
			}
		}
		if got := ids(mustSearch(t, s, search.Request{Q: "低保", Stage: "service"}).Hits); len(got) != 1 || got[0] != 42 {
			t.Errorf("stage service: %v", got)
		}
	})
}
