package app_test

import (
	"context"
	"runtime"
	"testing"

	"gongkai/internal/audit"
	"gongkai/internal/auth"
	"gongkai/internal/org"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestUnknownLoginCostsOneHash (issue 16, LOW): a sign-in with a login nobody has costs the
// same single argon2id computation as one with a real login and a wrong password, so the
// time taken does not tell which accounts exist. Measured by what argon2id allocates (its
// memory parameter, 16 MiB here, per computation), not by a clock.
func TestUnknownLoginCostsOneHash(t *testing.T) { storetest.Each(t, testUnknownLoginCostsOneHash) }

func testUnknownLoginCostsOneHash(t *testing.T, s *store.Store) {
	ctx := context.Background()
	a := testApp(t, s)
	a.Hash = auth.Params{Memory: 16 * 1024, Time: 1, Threads: 1}
	prov, err := s.CreateOrg(ctx, audit.System("test"), org.Org{Code: "610000", Name: "省政府政务公开办公室", Kind: org.KindProvince})
	if err != nil {
		t.Fatal(err)
	}
	h, _ := auth.HashPassword("Right-Password-1", a.Hash)
	if _, err := s.CreatePerson(ctx, audit.System("test"), org.Person{Login: "known", Name: "真实账户", PasswordHash: h,
		Grants: []org.Grant{{OrgID: prov.ID, Role: org.RoleAssessor}}}); err != nil {
		t.Fatal(err)
	}
	allocated := func(login string) uint64 {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		if _, err := a.SignIn(ctx, login, "Wrong-Password-1", "10.0.0.1"); err == nil {
			t.Fatal("wrong password accepted")
		}
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc
	}
	allocated("known") // warm up both paths (the dummy hash is made once)
	allocated("ghost")
	known, unknown := allocated("known"), allocated("ghost")
	const mib = 1 << 20
	if known < 16*mib || unknown < 16*mib || unknown > known+known/2 || known > unknown+unknown/2 {
		t.Fatalf("argon2id work: known login %d MiB, unknown login %d MiB", known/mib, unknown/mib)
	}
}
