package store_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"gongkai/internal/errs"
	"gongkai/internal/org"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestSignInReservation: attempts are counted before the password check, concurrently
// without losing any; the lock is not shortened by further attempts, the count survives it
// (one more failure after it ends locks again), and is forgotten a day after the last one.
// Unknown logins behave the same.
func TestSignInReservation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		_, _, unit, _ := tree(t, s)
		p, err := s.CreatePerson(ctx, sys, org.Person{Login: "editor@610112", Name: "经办人", PasswordHash: "h", Grants: []org.Grant{{OrgID: unit.ID, Role: org.RoleEditor}}})
		if err != nil {
			t.Fatal(err)
		}
		base := time.Now().UTC()
		clock := base
		s.Now = func() time.Time { return clock }
		for name, reserve := range map[string]func() (store.Slot, error){
			"person":  func() (store.Slot, error) { return s.ReserveSignIn(ctx, p.ID, 5, 15*time.Minute) },
			"unknown": func() (store.Slot, error) { return s.ReserveUnknownSignIn(ctx, "ghost@610112", 5, 15*time.Minute) },
		} {
			clock = base
			// 20 at once: exactly 5 get a number, the fifth locks, the rest are refused.
			var mu sync.Mutex
			var wg sync.WaitGroup
			got, refused, locking := map[int]bool{}, 0, 0
			for range 20 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					slot, err := reserve()
					mu.Lock()
					defer mu.Unlock()
					switch {
					case err != nil:
						t.Error(err)
					case slot.Refused:
						refused++
					default:
						got[slot.Attempt] = true
						if !slot.LockedUntil.IsZero() {
							locking++
						}
					}
				}()
			}
			wg.Wait()
			if len(got) != 5 || !got[1] || !got[5] || refused != 15 || locking != 1 {
				t.Fatalf("%s: numbers %v, refused %d, locking %d", name, got, refused, locking)
			}
			// Still refused just before the lock ends, with the same end.
			clock = base.Add(15*time.Minute - time.Second)
			slot, _ := reserve()
			if !slot.Refused || slot.LockedUntil.Sub(base.Add(15*time.Minute)).Abs() > time.Millisecond {
				t.Fatalf("%s: before the end %+v", name, slot)
			}
			// After it, one attempt, which locks again at once: the count was not reset.
			clock = base.Add(16 * time.Minute)
			if slot, _ = reserve(); slot.Refused || slot.Attempt != 6 || slot.LockedUntil.IsZero() {
				t.Fatalf("%s: after the lock %+v", name, slot)
			}
			// A day after the last failure the count starts again.
			clock = clock.Add(store.CountMemory + time.Hour)
			if slot, _ = reserve(); slot.Refused || slot.Attempt != 1 || !slot.LockedUntil.IsZero() {
				t.Fatalf("%s: a day later %+v", name, slot)
			}
		}
		// Success clears the count and the lock.
		if err := s.LoginSucceeded(ctx, sys, p); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Person(ctx, p.ID); got.FailedAttempts != 0 || !got.LockedUntil.IsZero() {
			t.Fatalf("after success: %+v", got)
		}
		// Old unknown counters are purged.
		if err := s.PurgeSignInCounters(ctx, 15*time.Minute); err != nil {
			t.Fatal(err)
		}
	})
}

func TestClientWindow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		base := time.Now().UTC()
		clock := base
		s.Now = func() time.Time { return clock }
		for i := range 3 {
			if ok, _, err := s.ClientAttempt(ctx, "10.0.0.1", 3, 15*time.Minute); !ok || err != nil {
				t.Fatalf("attempt %d: %v", i+1, err)
			}
		}
		ok, retry, err := s.ClientAttempt(ctx, "10.0.0.1", 3, 15*time.Minute)
		if ok || err != nil || retry.Sub(base.Add(15*time.Minute)).Abs() > time.Millisecond {
			t.Fatalf("fourth: %v %v %v", ok, retry, err)
		}
		if ok, _, _ := s.ClientAttempt(ctx, "10.0.0.2", 3, 15*time.Minute); !ok {
			t.Fatal("another address refused")
		}
		// A refund makes room for one more.
		if err := s.ClientRefund(ctx, "10.0.0.1"); err != nil {
			t.Fatal(err)
		}
		if ok, _, _ := s.ClientAttempt(ctx, "10.0.0.1", 3, 15*time.Minute); !ok {
			t.Fatal("refund not given back")
		}
		// A new window starts afresh.
		clock = base.Add(16 * time.Minute)
		if ok, _, _ := s.ClientAttempt(ctx, "10.0.0.1", 3, 15*time.Minute); !ok {
			t.Fatal("new window refused")
		}
	})
}

// TestSetupLinksAndTokens: a reset ends the password, the sessions and the tokens; a setup
// link works once and not after it expires; tokens are listed, revoked and expire.
func TestSetupLinksAndTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		_, _, unit, _ := tree(t, s)
		p, err := s.CreatePerson(ctx, sys, org.Person{Login: "new@610112", Name: "新人", Grants: []org.Grant{{OrgID: unit.ID, Role: org.RoleEditor}},
			SetupHash: "setup1", SetupExpires: time.Now().Add(time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		if got, err := s.PersonBySetup(ctx, "setup1"); err != nil || got.ID != p.ID || got.PasswordHash != "" {
			t.Fatalf("by setup: %+v %v", got, err)
		}
		if _, err := s.CompleteSetup(ctx, sys, "setup1", "hash1"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.CompleteSetup(ctx, sys, "setup1", "hash2"); !errs.Is(err, errs.NotFound) {
			t.Fatalf("second use: %v", err)
		}
		if got, _ := s.Person(ctx, p.ID); got.PasswordHash != "hash1" || got.SetupHash != "" {
			t.Fatalf("after setup: %+v", got)
		}
		// Tokens and a session, then a reset.
		if _, err := s.CreateToken(ctx, sys, p.ID, "tok1", "一", time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		t2, err := s.CreateToken(ctx, sys, p.ID, "tok2", "二", time.Now().Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.CreateSession(ctx, "sess1", p.ID, time.Hour, "127.0.0.1", "test"); err != nil {
			t.Fatal(err)
		}
		if err := s.RevokeToken(ctx, sys, t2.ID); err != nil {
			t.Fatal(err)
		}
		ts, err := s.Tokens(ctx, p.ID)
		if err != nil || len(ts) != 2 || ts[0].ID != t2.ID || ts[0].State(time.Now()) != "已撤销" || ts[1].State(time.Now()) != "有效" {
			t.Fatalf("tokens: %+v %v", ts, err)
		}
		if _, err := s.TokenPerson(ctx, "tok2"); !errs.Is(err, errs.Unauthorized) {
			t.Fatalf("revoked token: %v", err)
		}
		if err := s.ResetAccess(ctx, sys, p.ID, "setup2", time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if _, err := s.TokenPerson(ctx, "tok1"); !errs.Is(err, errs.Unauthorized) {
			t.Fatalf("token after reset: %v", err)
		}
		if _, err := s.SessionPerson(ctx, "sess1", time.Hour); err == nil {
			t.Fatal("session after reset")
		}
		if got, _ := s.Person(ctx, p.ID); got.PasswordHash != "" || !got.SetupPending(time.Now()) {
			t.Fatalf("after reset: %+v", got)
		}
		// An expired link is refused.
		s.Now = func() time.Time { return time.Now().Add(2 * time.Hour) }
		if _, err := s.CompleteSetup(ctx, sys, "setup2", "hash3"); !errs.Is(err, errs.NotFound) {
			t.Fatalf("expired link: %v", err)
		}
	})
}
