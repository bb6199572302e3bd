package demo_test

import (
	"context"
	"testing"

	"gongkai/internal/app"
	"gongkai/internal/channel"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestDemoChannels: the demo shows deliveries in every state — pending, delivered, failed,
// confirmed, not required — and an incomplete major item, without the worker having run.
func TestDemoChannels(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		a, _ := filled(t, s)
		p, _ := s.PersonByLogin(ctx, "supervisor@610000")
		sup := &app.Principal{Person: p}
		root, _ := s.OrgByCode(ctx, "610000")
		seen := map[channel.State]bool{}
		webhookStates := map[channel.State]bool{}
		items, _ := s.Records(ctx, store.RecordQuery{Limit: 500})
		for _, it := range items {
			ds, err := a.RecordDeliveries(ctx, sup, it.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range ds {
				seen[d.State] = true
				if d.Kind == channel.KindWebhook {
					webhookStates[d.State] = true
				}
			}
		}
		for _, st := range []channel.State{channel.StatePending, channel.StateDelivered, channel.StateFailed, channel.StateConfirmed, channel.StateNotRequired} {
			if !seen[st] {
				t.Errorf("no demo delivery is %s", st)
			}
		}
		if !webhookStates[channel.StatePending] || !webhookStates[channel.StateDelivered] || !webhookStates[channel.StateFailed] {
			t.Errorf("webhook states %v", webhookStates)
		}
		work, err := a.ChannelWorkOf(ctx, sup, root)
		if err != nil || len(work.IncompleteMajor) != 1 || len(work.Failed) != 1 {
			t.Fatalf("supervisor's list: %d incomplete major, %d failed, %v", len(work.IncompleteMajor), len(work.Failed), err)
		}
	})
}
