package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"gongkai/internal/audit"
	"gongkai/internal/errs"
	"gongkai/internal/org"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

var sys = audit.System("test")

// tree makes province → city → unit → township and returns them.
func tree(t *testing.T, s *store.Store) (prov, city, unit, town org.Org) {
	t.Helper()
	ctx := context.Background()
	var err error
	if prov, err = s.CreateOrg(ctx, sys, org.Org{Code: "610000", Name: "陕西省政府政务公开办公室", Kind: org.KindProvince}); err != nil {
		t.Fatal(err)
	}
	if city, err = s.CreateOrg(ctx, sys, org.Org{ParentID: prov.ID, Code: "610100", Name: "西安市", Kind: org.KindCity}); err != nil {
		t.Fatal(err)
	}
	if unit, err = s.CreateOrg(ctx, sys, org.Org{ParentID: city.ID, Code: "610112", Name: "未央区", Kind: org.KindUnit, UnitType: "区", Domains: []string{"shjz", "snbt"}}); err != nil {
		t.Fatal(err)
	}
	if town, err = s.CreateOrg(ctx, sys, org.Org{ParentID: unit.ID, Code: "610112-zjc", Name: "张家堡街道", Kind: org.KindTownship}); err != nil {
		t.Fatal(err)
	}
	return
}

func TestMigrate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		v, err := s.SchemaVersion(ctx)
		if err != nil || v != s.KnownVersion() || v < 1 {
			t.Fatalf("version %d, known %d, %v", v, s.KnownVersion(), err)
		}
		if n, err := s.Migrate(ctx); err != nil || n != 0 {
			t.Fatalf("second migrate applied %d, %v", n, err)
		}
		ds, err := s.Domains(ctx)
		if err != nil || len(ds) != 25 || ds[0].Name != "城乡规划" || !ds[0].Builtin {
			t.Fatalf("domains: %v %+v", err, ds)
		}
	})
}

func TestOrgTree(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		prov, city, unit, town := tree(t, s)
		if !prov.Contains(town) || !city.Contains(unit) || unit.Contains(city) || !unit.Contains(unit) {
			t.Fatalf("paths: %s %s %s %s", prov.Path, city.Path, unit.Path, town.Path)
		}
		got, err := s.OrgByCode(ctx, "610112")
		if err != nil || got.Name != "未央区" || strings.Join(got.Domains, ",") != "shjz,snbt" || got.Path != unit.Path {
			t.Fatalf("OrgByCode: %+v %v", got, err)
		}
		if _, err := s.OrgByCode(ctx, "999999"); !errs.Is(err, errs.NotFound) {
			t.Fatalf("missing org: %v", err)
		}
		// Rules checked where the data changes.
		cases := []struct {
			name string
			o    org.Org
			code string
		}{
			{"second root", org.Org{Code: "620000", Name: "甘肃", Kind: org.KindProvince}, errs.Conflict},
			{"duplicate code", org.Org{ParentID: city.ID, Code: "610112", Name: "重复", Kind: org.KindUnit}, errs.Invalid},
			{"township under city", org.Org{ParentID: city.ID, Code: "x-town", Name: "镇", Kind: org.KindTownship}, errs.Invalid},
			{"unknown domain", org.Org{ParentID: city.ID, Code: "610111", Name: "灞桥区", Kind: org.KindUnit, Domains: []string{"nope"}}, errs.Invalid},
			{"bad code", org.Org{ParentID: city.ID, Code: "A B", Name: "x", Kind: org.KindUnit}, errs.Invalid},
			{"reserved code", org.Org{ParentID: city.ID, Code: "admin", Name: "x", Kind: org.KindUnit}, errs.Invalid},
			{"no parent", org.Org{ParentID: 9999, Code: "610199", Name: "x", Kind: org.KindUnit}, errs.NotFound},
		}
		for _, c := range cases {
			if _, err := s.CreateOrg(ctx, sys, c.o); errs.Code(err) != c.code {
				t.Errorf("%s: got %v (%s), want %s", c.name, err, errs.Code(err), c.code)
			}
		}
		all, err := s.Orgs(ctx)
		if err != nil || len(all) != 4 || all[0].ID != prov.ID || all[3].ID != town.ID {
			t.Fatalf("Orgs after refused writes: %v %+v", err, all)
		}
		unit.Name, unit.Domains = "未央区（示例）", []string{"shjz"}
		if _, err := s.UpdateOrg(ctx, sys, unit); err != nil {
			t.Fatal(err)
		}
		got, _ = s.Org(ctx, unit.ID)
		if got.Name != "未央区（示例）" || len(got.Domains) != 1 {
			t.Fatalf("after update: %+v", got)
		}
		if err := s.CreateDomain(ctx, sys, org.Domain{Code: "zwfw", Name: "政务服务"}); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateDomain(ctx, sys, org.Domain{Code: "zwfw2", Name: "政务服务"}); !errs.Is(err, errs.Invalid) {
			t.Fatalf("duplicate domain name: %v", err)
		}
	})
}

func TestPeopleSessionsTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		_, city, unit, _ := tree(t, s)
		p, err := s.CreatePerson(ctx, sys, org.Person{Login: "editor@610112", Name: "经办人", PasswordHash: "h",
			Grants: []org.Grant{{OrgID: unit.ID, Role: org.RoleEditor}, {OrgID: unit.ID, Role: org.RoleReviewer}}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.CreatePerson(ctx, sys, org.Person{Login: "editor@610112", Name: "重复", PasswordHash: "h"}); !errs.Is(err, errs.Invalid) {
			t.Fatalf("duplicate login: %v", err)
		}
		if _, err := s.CreatePerson(ctx, sys, org.Person{Login: "x@1", Name: "x", PasswordHash: "h", Grants: []org.Grant{{OrgID: 12345, Role: org.RoleEditor}}}); err == nil {
			t.Fatal("grant at a missing org accepted")
		}
		if _, err := s.PersonByLogin(ctx, "x@1"); !errs.Is(err, errs.NotFound) {
			t.Fatalf("refused person was written: %v", err)
		}
		got, err := s.PersonByLogin(ctx, "editor@610112")
		if err != nil || len(got.Grants) != 2 || got.Grants[0].OrgPath != unit.Path {
			t.Fatalf("%+v %v", got, err)
		}
		if ppl, _ := s.PeopleIn(ctx, city.Path); len(ppl) != 1 {
			t.Fatalf("PeopleIn city: %d", len(ppl))
		}
		// Lockout after the configured number of failures.
		var slot store.Slot
		for i := 0; i < 3; i++ {
			if slot, err = s.ReserveSignIn(ctx, p.ID, 3, 15*time.Minute); err != nil || slot.Refused {
				t.Fatal(slot, err)
			}
		}
		got, _ = s.PersonByLogin(ctx, "editor@610112")
		if until := slot.LockedUntil; until.IsZero() || !got.Locked(time.Now()) || got.LockedUntil.Sub(until).Abs() > time.Second {
			t.Fatalf("not locked: %v %+v", until, got)
		}
		if err := s.Unlock(ctx, sys, p.ID); err != nil {
			t.Fatal(err)
		}
		if got, _ = s.PersonByLogin(ctx, "editor@610112"); got.Locked(time.Now()) {
			t.Fatal("still locked")
		}
		// Sessions: idle timeout and disabling.
		if err := s.CreateSession(ctx, "hash1", p.ID, time.Hour, "127.0.0.1", "test"); err != nil {
			t.Fatal(err)
		}
		if sp, err := s.SessionPerson(ctx, "hash1", 30*time.Minute); err != nil || sp.ID != p.ID {
			t.Fatalf("session: %v", err)
		}
		s.Now = func() time.Time { return time.Now().Add(31 * time.Minute) }
		if _, err := s.SessionPerson(ctx, "hash1", 30*time.Minute); !errs.Is(err, errs.Unauthorized) {
			t.Fatalf("idle session accepted: %v", err)
		}
		s.Now = time.Now
		if _, err := s.CreateToken(ctx, sys, p.ID, "tokhash", "cli", time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if tp, err := s.TokenPerson(ctx, "tokhash"); err != nil || tp.Login != "editor@610112" {
			t.Fatalf("token: %v", err)
		}
		if _, err := s.TokenPerson(ctx, "nope"); !errs.Is(err, errs.Unauthorized) {
			t.Fatalf("bad token: %v", err)
		}
		if err := s.UpdatePerson(ctx, sys, p.ID, "经办人", true); err != nil {
			t.Fatal(err)
		}
		if _, err := s.TokenPerson(ctx, "tokhash"); !errs.Is(err, errs.Unauthorized) {
			t.Fatalf("disabled person's token accepted: %v", err)
		}
	})
}

func TestAuditChain(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		_, _, unit, _ := tree(t, s)
		if err := s.Audit(ctx, audit.Actor{Login: "a", IP: "10.0.0.1"}, store.Change{Action: "test.x", OrgID: unit.ID, Detail: "一"}); err != nil {
			t.Fatal(err)
		}
		v, err := s.VerifyAudit(ctx)
		if err != nil || len(v.Problems) != 0 || v.Count != 5 {
			t.Fatalf("verify: %v %s", err, v.Report())
		}
		es, err := s.ListAudit(ctx, audit.Query{OrgPath: unit.Path})
		if err != nil || len(es) != 3 || es[0].Action != "test.x" {
			t.Fatalf("ListAudit unit: %v %+v", err, es)
		}
		// Tamper underneath the application, as someone with database access would.
		db := s.RawForTest()
		if _, err := db.Exec("UPDATE audit_log SET detail = '二' WHERE action = 'test.x'"); err != nil {
			t.Fatal(err)
		}
		if v, _ := s.VerifyAudit(ctx); len(v.Problems) == 0 {
			t.Fatal("altered entry not detected")
		}
		db.Exec("UPDATE audit_log SET detail = '一' WHERE action = 'test.x'")
		if v, _ := s.VerifyAudit(ctx); len(v.Problems) != 0 {
			t.Fatalf("restored: %s", v.Report())
		}
		db.Exec("DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)")
		if v, _ := s.VerifyAudit(ctx); len(v.Problems) == 0 {
			t.Fatal("removed newest entry not detected")
		}
	})
}

// oldTree is tree for a schema migrated only part of the way (migration tests): the rows are
// written with the columns orgs had at migration 12, since the store's own queries name
// columns added later (full_name, 0026).
func oldTree(t *testing.T, s *store.Store) (unit org.Org) {
	t.Helper()
	ctx := context.Background()
	db := s.RawForTest()
	q := func(query string) string {
		if s.Kind() != "postgres" {
			return query
		}
		for i := 1; strings.Contains(query, "?"); i++ {
			query = strings.Replace(query, "?", fmt.Sprintf("$%d", i), 1)
		}
		return query
	}
	now := time.Date(2026, 11, 2, 3, 4, 5, 0, time.UTC)
	var parent any
	path := "/"
	for _, o := range []org.Org{{Code: "610000", Name: "陕西省政府政务公开办公室", Kind: org.KindProvince}, {Code: "610100", Name: "西安市", Kind: org.KindCity},
		{Code: "610112", Name: "未央区", Kind: org.KindUnit, UnitType: "区"}} {
		if err := db.QueryRowContext(ctx, q(`INSERT INTO orgs (parent_id, code, name, kind, unit_type, path, sort, sample, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, '', 0, false, ?, ?) RETURNING id`), parent, o.Code, o.Name, string(o.Kind), o.UnitType, now, now).Scan(&o.ID); err != nil {
			t.Fatal(err)
		}
		path += fmt.Sprint(o.ID) + "/"
		o.Path = path
		if _, err := db.ExecContext(ctx, q("UPDATE orgs SET path = ? WHERE id = ?"), path, o.ID); err != nil {
			t.Fatal(err)
		}
		parent, unit = o.ID, o
	}
	for _, d := range []string{"shjz", "snbt"} {
		if _, err := db.ExecContext(ctx, q("INSERT INTO org_domains (org_id, domain_code) VALUES (?, ?)"), unit.ID, d); err != nil {
			t.Fatal(err)
		}
	}
	unit.Domains = []string{"shjz", "snbt"}
	return unit
}
