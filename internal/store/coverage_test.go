package store_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gongkai/internal/audit"
	"gongkai/internal/catalog"
	"gongkai/internal/errs"
	"gongkai/internal/org"
	"gongkai/internal/rating"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// lastAction is the action of the newest audit entry.
func lastAction(t *testing.T, s *store.Store) string {
	t.Helper()
	es, err := s.ListAudit(context.Background(), audit.Query{Limit: 1})
	if err != nil || len(es) != 1 {
		t.Fatalf("audit: %d entries, %v", len(es), err)
	}
	return es[0].Action
}

// clockAt sets the store's clock to base+d.
func clockAt(s *store.Store, base time.Time, d time.Duration) {
	s.Now = func() time.Time { return base.Add(d) }
}

// TestBackup: on SQLite a copy is written that opens as a database with the same data, into
// a directory made for it, and an existing file is never overwritten; on PostgreSQL the
// store refuses and names pg_dump.
func TestBackup(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tree(t, s)
		path := filepath.Join(t.TempDir(), "backups", "gongkai.db")
		err := s.Backup(ctx, path)
		if s.Kind() == "postgres" {
			if err == nil || !strings.Contains(err.Error(), "pg_dump") {
				t.Fatalf("backup on PostgreSQL: %v", err)
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		copied, err := store.Open(ctx, "sqlite:"+path)
		if err != nil {
			t.Fatal(err)
		}
		defer copied.Close()
		if got, err := copied.OrgByCode(ctx, "610112"); err != nil || got.Name != "未央区" {
			t.Fatalf("the copy: %+v %v", got, err)
		}
		if v, err := copied.SchemaVersion(ctx); err != nil || v != s.KnownVersion() {
			t.Fatalf("the copy's schema version: %d %v", v, err)
		}
		if err := s.Backup(ctx, path); err == nil || !strings.Contains(err.Error(), "已存在") {
			t.Fatalf("backup over an existing file: %v", err)
		}
	})
}

// TestDeleteDraft: a draft never filed is removed with its entries and an audit entry; a
// draft that was filed once (and returned) and a version in force are kept.
func TestDeleteDraft(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		prov, _, unit, _ := tree(t, s)
		v1, err := s.NewDraft(ctx, sys, unit.ID, "shjz", false, catalog.SampleEntries("shjz"), "", "new", 0)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteDraft(ctx, sys, v1.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Version(ctx, v1.ID); !errs.Is(err, errs.NotFound) {
			t.Fatalf("deleted draft still found: %v", err)
		}
		if es, err := s.Entries(ctx, v1.ID); err != nil || len(es) != 0 {
			t.Fatalf("entries of the deleted draft: %d %v", len(es), err)
		}
		if a := lastAction(t, s); a != "catalog.version.delete" {
			t.Fatalf("audit: %s", a)
		}
		if err := s.DeleteDraft(ctx, sys, v1.ID); !errs.Is(err, errs.NotFound) {
			t.Fatalf("second deletion: %v", err)
		}

		filed, err := s.NewDraft(ctx, sys, unit.ID, "shjz", false, catalog.SampleEntries("shjz"), "", "new", 0)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.FileVersion(ctx, sys, filed.ID, []int64{prov.ID}, ""); err != nil {
			t.Fatal(err)
		}
		if err := s.DecideFiling(ctx, sys, filed.ID, prov.ID, catalog.FilingReturned, "请补充依据"); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteDraft(ctx, sys, filed.ID); !errs.Is(err, errs.Conflict) {
			t.Fatalf("deletion of a draft filed once: %v", err)
		}
		if err := s.FileVersion(ctx, sys, filed.ID, []int64{prov.ID}, "已补充"); err != nil {
			t.Fatal(err)
		}
		if err := s.DecideFiling(ctx, sys, filed.ID, prov.ID, catalog.FilingAccepted, ""); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteDraft(ctx, sys, filed.ID); !errs.Is(err, errs.Conflict) {
			t.Fatalf("deletion of the version in force: %v", err)
		}
		if es, _ := s.Entries(ctx, filed.ID); len(es) != len(catalog.SampleEntries("shjz")) {
			t.Fatalf("refused deletion removed entries: %d left", len(es))
		}
	})
}

// TestFilingsAndPending: the receipts of a version list every recipient in tree order with
// its state, opinion and decider, and each recipient's queue holds exactly the filings it
// has not accepted.
func TestFilingsAndPending(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		prov, city, unit, _ := tree(t, s)
		v, err := s.NewDraft(ctx, sys, unit.ID, "shjz", false, catalog.SampleEntries("shjz"), "", "new", 0)
		if err != nil {
			t.Fatal(err)
		}
		if p, err := s.PendingFilings(ctx, city.ID); err != nil || len(p) != 0 {
			t.Fatalf("pending before filing: %+v %v", p, err)
		}
		if err := s.FileVersion(ctx, sys, v.ID, []int64{city.ID, prov.ID}, ""); err != nil {
			t.Fatal(err)
		}
		fs, err := s.Filings(ctx, v.ID)
		if err != nil || len(fs) != 2 || fs[0].RecipientID != prov.ID || fs[1].RecipientID != city.ID ||
			fs[0].Recipient != prov.Name || fs[1].State != catalog.FilingSubmitted || fs[1].SubmittedAt.IsZero() {
			t.Fatalf("filings: %+v %v", fs, err)
		}
		pending := func(recipient int64) []catalog.PendingFiling {
			t.Helper()
			p, err := s.PendingFilings(ctx, recipient)
			if err != nil {
				t.Fatal(err)
			}
			return p
		}
		c, _ := s.Catalog(ctx, unit.ID, "shjz")
		if p := pending(city.ID); len(p) != 1 || p[0].VersionID != v.ID || p[0].CatalogID != c.ID || p[0].OrgID != unit.ID ||
			p[0].Domain != "shjz" || p[0].Number != 1 || p[0].State != catalog.FilingSubmitted {
			t.Fatalf("city's queue: %+v", p)
		}
		if p := pending(unit.ID); len(p) != 0 {
			t.Fatalf("the filing unit's own queue: %+v", p)
		}
		if err := s.DecideFiling(ctx, sys, v.ID, city.ID, catalog.FilingReceived, ""); err != nil {
			t.Fatal(err)
		}
		if p := pending(city.ID); len(p) != 1 || p[0].State != catalog.FilingReceived {
			t.Fatalf("received filing left the queue: %+v", p)
		}
		if err := s.DecideFiling(ctx, sys, v.ID, city.ID, catalog.FilingAccepted, "同意"); err != nil {
			t.Fatal(err)
		}
		if p := pending(city.ID); len(p) != 0 {
			t.Fatalf("accepted filing still queued: %+v", p)
		}
		if p := pending(prov.ID); len(p) != 1 {
			t.Fatalf("province's queue: %+v", p)
		}
		fs, _ = s.Filings(ctx, v.ID)
		if fs[1].State != catalog.FilingAccepted || fs[1].Opinion != "同意" || fs[1].UpdatedBy != sys.Login || fs[0].State != catalog.FilingSubmitted {
			t.Fatalf("filings after the city's decision: %+v", fs)
		}
		// Returned: the version is a draft again and leaves every queue.
		if err := s.DecideFiling(ctx, sys, v.ID, prov.ID, catalog.FilingReturned, "依据不全"); err != nil {
			t.Fatal(err)
		}
		if p := pending(prov.ID); len(p) != 0 {
			t.Fatalf("returned version still queued: %+v", p)
		}
	})
}

// TestVersionLookup: the newest version counts drafts, a catalog is found by its ID, an entry
// comes with its version, and what does not exist is NotFound.
func TestVersionLookup(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		_, _, unit, _ := tree(t, s)
		v1, err := s.NewDraft(ctx, sys, unit.ID, "shjz", false, catalog.SampleEntries("shjz"), "", "new", 0)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.FileVersion(ctx, sys, v1.ID, nil, ""); err != nil {
			t.Fatal(err)
		}
		es, _ := s.Entries(ctx, v1.ID)
		v2, err := s.NewDraft(ctx, sys, unit.ID, "shjz", false, es, "调整", "copy", 0)
		if err != nil {
			t.Fatal(err)
		}
		c, err := s.Catalog(ctx, unit.ID, "shjz")
		if err != nil {
			t.Fatal(err)
		}
		if got, err := s.CatalogByID(ctx, c.ID); err != nil || got.OrgID != unit.ID || got.Domain != "shjz" {
			t.Fatalf("catalog by ID: %+v %v", got, err)
		}
		if nv, err := s.NewestVersion(ctx, c.ID); err != nil || nv.ID != v2.ID || nv.Number != 2 || nv.State != catalog.VersionDraft {
			t.Fatalf("newest version: %+v %v", nv, err)
		}
		if ev, err := s.EffectiveVersion(ctx, c.ID); err != nil || ev.ID != v1.ID {
			t.Fatalf("version in force: %+v %v", ev, err)
		}
		if v, err := s.VersionByNumber(ctx, c.ID, 1); err != nil || v.ID != v1.ID {
			t.Fatalf("version 1: %+v %v", v, err)
		}
		if _, err := s.VersionByNumber(ctx, c.ID, 3); !errs.Is(err, errs.NotFound) {
			t.Fatalf("version 3: %v", err)
		}
		e, v, err := s.Entry(ctx, es[2].ID)
		if err != nil || e.Key != es[2].Key || e.Content != es[2].Content || v.ID != v1.ID || v.State != catalog.VersionEffective {
			t.Fatalf("entry: %+v in %+v, %v", e, v, err)
		}
		if _, err := s.CatalogByID(ctx, c.ID+1000); !errs.Is(err, errs.NotFound) {
			t.Fatalf("missing catalog: %v", err)
		}
		if _, err := s.NewestVersion(ctx, c.ID+1000); !errs.Is(err, errs.NotFound) {
			t.Fatalf("newest version of a missing catalog: %v", err)
		}
		if _, _, err := s.Entry(ctx, es[len(es)-1].ID+100000); !errs.Is(err, errs.NotFound) {
			t.Fatalf("missing entry: %v", err)
		}
	})
}

// TestSetPassword: a new password clears the lock and the setup link, ends the person's
// sessions, keeps their API tokens, and is audited.
func TestSetPassword(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		_, _, unit, _ := tree(t, s)
		p, err := s.CreatePerson(ctx, sys, org.Person{Login: "editor@610112", Name: "经办人", PasswordHash: "old",
			Grants: []org.Grant{{OrgID: unit.ID, Role: org.RoleEditor}}})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.ResetAccess(ctx, sys, p.ID, "setup1", time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		for range 3 {
			if _, err := s.ReserveSignIn(ctx, p.ID, 3, time.Hour); err != nil {
				t.Fatal(err)
			}
		}
		if got, _ := s.Person(ctx, p.ID); !got.Locked(time.Now()) {
			t.Fatal("the account did not lock")
		}
		if err := s.CreateSession(ctx, "sess1", p.ID, time.Hour, "127.0.0.1", "test"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.CreateToken(ctx, sys, p.ID, "tok1", "接口", time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}

		if err := s.SetPassword(ctx, sys, p.ID, "new"); err != nil {
			t.Fatal(err)
		}
		got, err := s.Person(ctx, p.ID)
		if err != nil || got.PasswordHash != "new" || got.Locked(time.Now()) || got.SetupHash != "" {
			t.Fatalf("after the change: %+v %v", got, err)
		}
		if _, err := s.PersonBySetup(ctx, "setup1"); !errs.Is(err, errs.NotFound) {
			t.Fatalf("the setup link still works: %v", err)
		}
		if _, err := s.SessionPerson(ctx, "sess1", time.Hour); err == nil {
			t.Fatal("the session outlived the password change")
		}
		if tp, err := s.TokenPerson(ctx, "tok1"); err != nil || tp.ID != p.ID {
			t.Fatalf("the API token: %v", err)
		}
		if a := lastAction(t, s); a != "person.password" {
			t.Fatalf("audit: %s", a)
		}
		if err := s.SetPassword(ctx, sys, p.ID+1000, "x"); !errs.Is(err, errs.NotFound) {
			t.Fatalf("missing person: %v", err)
		}
	})
}

// TestSessionPurge: expired sessions and those idle too long are purged, live ones stay;
// DeleteSession ends one session.
func TestSessionPurge(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		_, _, unit, _ := tree(t, s)
		p, err := s.CreatePerson(ctx, sys, org.Person{Login: "editor@610112", Name: "经办人", PasswordHash: "h",
			Grants: []org.Grant{{OrgID: unit.ID, Role: org.RoleEditor}}})
		if err != nil {
			t.Fatal(err)
		}
		base := time.Now()
		clockAt(s, base, 0)
		for _, sess := range []struct {
			hash string
			ttl  time.Duration
		}{{"live", 10 * time.Hour}, {"short", time.Hour}, {"idle", 10 * time.Hour}} {
			if err := s.CreateSession(ctx, sess.hash, p.ID, sess.ttl, "127.0.0.1", "test"); err != nil {
				t.Fatal(err)
			}
		}
		const idle = 3 * time.Hour
		clockAt(s, base, 2*time.Hour)
		if _, err := s.SessionPerson(ctx, "live", idle); err != nil { // seen: last_seen_at moves on
			t.Fatal(err)
		}
		if n, err := s.PurgeSessions(ctx, idle); err != nil || n != 1 {
			t.Fatalf("purge of the expired session: %d %v", n, err)
		}
		clockAt(s, base, 4*time.Hour)
		if n, err := s.PurgeSessions(ctx, idle); err != nil || n != 1 {
			t.Fatalf("purge of the idle session: %d %v", n, err)
		}
		for _, gone := range []string{"short", "idle"} {
			if _, err := s.SessionPerson(ctx, gone, 24*time.Hour); !errs.Is(err, errs.NotFound) {
				t.Errorf("purged session %s: %v", gone, err)
			}
		}
		if sp, err := s.SessionPerson(ctx, "live", idle); err != nil || sp.ID != p.ID {
			t.Fatalf("live session: %v", err)
		}
		if n, err := s.PurgeSessions(ctx, idle); err != nil || n != 0 {
			t.Fatalf("nothing left to purge: %d %v", n, err)
		}
		if err := s.DeleteSession(ctx, "live"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SessionPerson(ctx, "live", idle); !errs.Is(err, errs.NotFound) {
			t.Fatalf("deleted session: %v", err)
		}
	})
}

// TestRatings: values and reasons are validated, a client rates a page once per window and
// only so often an hour, summaries count per unit, domain and entry within a subtree, and
// the latest written opinions come newest first.
func TestRatings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		_, city, unit, _ := tree(t, s)
		other, err := s.CreateOrg(ctx, sys, org.Org{ParentID: city.ID, Code: "610113", Name: "雁塔区", Kind: org.KindUnit, UnitType: "区", Domains: []string{"shjz"}})
		if err != nil {
			t.Fatal(err)
		}
		base := time.Now()
		clockAt(s, base, 0)
		lim := rating.Limits{PerSubject: 24 * time.Hour, PerHour: 3}
		rate := func(client, subject string, id, unitID int64, key string, value int, reason string) error {
			return s.AddRating(ctx, rating.Rating{SubjectType: subject, SubjectID: id, UnitID: unitID, Domain: "shjz", EntryKey: key,
				Value: value, Reason: reason, Client: client}, lim)
		}
		if err := rate("a", "catalog", 1, unit.ID, "", 0, ""); !errs.Is(err, errs.Invalid) {
			t.Fatalf("value 0: %v", err)
		}
		if err := rate("a", "catalog", 1, unit.ID, "", rating.Poor, strings.Repeat("长", 501)); !errs.Is(err, errs.Invalid) {
			t.Fatalf("reason of 501 characters: %v", err)
		}
		if err := rate("a", "catalog", 1, unit.ID, "", rating.Satisfied, ""); err != nil {
			t.Fatal(err)
		}
		if err := rate("a", "catalog", 1, unit.ID, "", rating.Poor, ""); !errors.Is(err, rating.ErrRatedBefore) {
			t.Fatalf("the same page twice: %v", err)
		}
		if err := rate("a", "record", 7, unit.ID, "k1", rating.Fair, "一"); err != nil {
			t.Fatal(err)
		}
		if err := rate("a", "record", 8, unit.ID, "k1", rating.Poor, "二"); err != nil {
			t.Fatal(err)
		}
		if err := rate("a", "record", 9, unit.ID, "k1", rating.Poor, ""); !errors.Is(err, rating.ErrTooOften) {
			t.Fatalf("a fourth rating within the hour: %v", err)
		}
		if err := rate("b", "catalog", 1, unit.ID, "", rating.Poor, "三"); err != nil {
			t.Fatal(err)
		}
		if err := rate("b", "catalog", 2, other.ID, "", rating.Satisfied, ""); err != nil {
			t.Fatal(err)
		}
		clockAt(s, base, 25*time.Hour)
		if err := rate("a", "catalog", 1, unit.ID, "", rating.Fair, "四"); err != nil {
			t.Fatalf("the same page after the window: %v", err)
		}

		sums, err := s.RatingSummaries(ctx, unit.Path)
		if err != nil || len(sums) != 2 {
			t.Fatalf("summaries of the unit: %+v %v", sums, err)
		}
		page, entry := sums[0], sums[1]
		if page.UnitID != unit.ID || page.Domain != "shjz" || page.EntryKey != "" || page.Satisfied != 1 || page.Fair != 1 || page.Poor != 1 || page.Total() != 3 || page.Rate() != 50 {
			t.Fatalf("catalog page: %+v rate %v", page, page.Rate())
		}
		if entry.EntryKey != "k1" || entry.Fair != 1 || entry.Poor != 1 || entry.Satisfied != 0 || entry.Rate() != 25 {
			t.Fatalf("entry: %+v rate %v", entry, entry.Rate())
		}
		if all, err := s.RatingSummaries(ctx, city.Path); err != nil || len(all) != 3 || all[2].UnitID != other.ID || all[2].Satisfied != 1 {
			t.Fatalf("summaries of the city: %+v %v", all, err)
		}
		reasons, err := s.RecentReasons(ctx, city.Path, 3)
		if err != nil || len(reasons) != 3 || reasons[0].Reason != "四" || reasons[1].Reason != "三" || reasons[2].Reason != "二" ||
			reasons[0].Value != rating.Fair || reasons[0].SubjectType != "catalog" || !reasons[0].CreatedAt.After(reasons[1].CreatedAt) {
			t.Fatalf("recent reasons: %+v %v", reasons, err)
		}
		if rs, err := s.RecentReasons(ctx, other.Path, 10); err != nil || len(rs) != 0 {
			t.Fatalf("reasons of a unit with none: %+v %v", rs, err)
		}
	})
}

// TestSettingsAndContentVersion: settings are stored and replaced, audited under the
// platform or the organisation; an installation secret is made once; the content version
// advances on every touch.
func TestSettingsAndContentVersion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if n, err := s.CountOrgs(ctx); err != nil || n != 0 {
			t.Fatalf("orgs in a new database: %d %v", n, err)
		}
		_, _, unit, _ := tree(t, s)
		if n, err := s.CountOrgs(ctx); err != nil || n != 4 {
			t.Fatalf("orgs: %d %v", n, err)
		}
		if v, err := s.Setting(ctx, "site.name"); err != nil || v != "" {
			t.Fatalf("unset setting: %q %v", v, err)
		}
		for _, v := range []string{"一", "二"} {
			if err := s.SetSetting(ctx, sys, "site.name", v); err != nil {
				t.Fatal(err)
			}
		}
		if v, _ := s.Setting(ctx, "site.name"); v != "二" {
			t.Fatalf("replaced setting: %q", v)
		}
		if a := lastAction(t, s); a != "setting.set" {
			t.Fatalf("audit: %s", a)
		}
		if err := s.SetOrgSetting(ctx, sys, unit.ID, "org.610112.phone", "029-1", "org.settings", nil); err != nil {
			t.Fatal(err)
		}
		if err := s.SetOrgSetting(ctx, sys, unit.ID, "org.610112.phone", "029-2", "org.settings", map[string]any{"why": "更正"}); err != nil {
			t.Fatal(err)
		}
		es, err := s.ListAudit(ctx, audit.Query{OrgPath: unit.Path, Action: "org.settings"})
		if err != nil || len(es) != 2 || es[0].OrgID != unit.ID || !strings.Contains(es[0].Detail, "029-2") || !strings.Contains(es[0].Detail, "更正") {
			t.Fatalf("organisation's audit: %+v %v", es, err)
		}
		like, err := s.SettingsLike(ctx, "org.610112.%")
		if err != nil || len(like) != 1 || like["org.610112.phone"] != "029-2" {
			t.Fatalf("settings like: %v %v", like, err)
		}

		made := 0
		mk := func() string { made++; return "secret-" + string(rune('0'+made)) }
		first, err := s.Secret(ctx, "rating.salt", mk)
		if err != nil || first != "secret-1" {
			t.Fatalf("secret: %q %v", first, err)
		}
		if again, err := s.Secret(ctx, "rating.salt", mk); err != nil || again != first {
			t.Fatalf("the secret changed: %q %v", again, err)
		}
		for _, e := range mustAudit(t, s) {
			if strings.Contains(e.Detail, "secret-") {
				t.Fatalf("a secret reached the audit log: %+v", e)
			}
		}

		v0, err := s.ContentVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for i := range 2 {
			if err := s.TouchContent(ctx); err != nil {
				t.Fatal(err)
			}
			if v, err := s.ContentVersion(ctx); err != nil || v != v0+int64(i)+1 {
				t.Fatalf("content version after %d touches: %d (from %d) %v", i+1, v, v0, err)
			}
		}
	})
}

func mustAudit(t *testing.T, s *store.Store) []audit.Entry {
	t.Helper()
	es, err := s.ListAudit(context.Background(), audit.Query{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	return es
}

// TestSetGrantsAndLoginFailed: grants are replaced as a whole and the change is audited with
// before and after; a wrong password is audited as login.failed, the one that locks as
// login.locked.
func TestSetGrantsAndLoginFailed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		_, city, unit, _ := tree(t, s)
		p, err := s.CreatePerson(ctx, sys, org.Person{Login: "editor@610112", Name: "经办人", PasswordHash: "h",
			Grants: []org.Grant{{OrgID: unit.ID, Role: org.RoleEditor}}})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.SetGrants(ctx, sys, p.ID, []org.Grant{{OrgID: unit.ID, Role: org.RoleReviewer}, {OrgID: city.ID, Role: org.RoleAssessor}}); err != nil {
			t.Fatal(err)
		}
		got, _ := s.Person(ctx, p.ID)
		if len(got.Grants) != 2 || got.Grants[0].OrgID != city.ID || got.Grants[0].Role != org.RoleAssessor || got.Grants[1].Role != org.RoleReviewer {
			t.Fatalf("grants: %+v", got.Grants)
		}
		es, _ := s.ListAudit(ctx, audit.Query{Action: "person.grants"})
		if len(es) != 1 || !strings.Contains(es[0].Detail, "before") || !strings.Contains(es[0].Detail, "after") {
			t.Fatalf("audit of the grants: %+v", es)
		}
		if err := s.SetGrants(ctx, sys, p.ID, []org.Grant{{OrgID: unit.ID + 1000, Role: org.RoleEditor}}); err == nil {
			t.Fatal("a grant at a missing organisation was accepted")
		}
		if again, _ := s.Person(ctx, p.ID); len(again.Grants) != 2 {
			t.Fatalf("a refused change altered the grants: %+v", again.Grants)
		}

		for i := range 2 {
			slot, err := s.ReserveSignIn(ctx, p.ID, 2, time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			if err := s.LoginFailed(ctx, sys, got, slot); err != nil {
				t.Fatal(err)
			}
			want := []string{"login.failed", "login.locked"}[i]
			if a := lastAction(t, s); a != want {
				t.Fatalf("failure %d audited as %s, want %s", i+1, a, want)
			}
		}
	})
}
