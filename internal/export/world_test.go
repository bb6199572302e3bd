package export_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"gongkai/internal/app"
	"gongkai/internal/audit"
	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/catalog"
	"gongkai/internal/config"
	"gongkai/internal/org"
	"gongkai/internal/record"
	"gongkai/internal/refdata"
	"gongkai/internal/search/corpus"
	"gongkai/internal/store"
)

// corpusWorld is a site shaped like a real deployment for the benchmark: the 30 units of the
// search corpus under their cities, every unit with all 25 pilot domains and an effective
// catalog of a dozen entries in each, and n published records from the corpus generator.
type corpusWorld struct {
	app     *app.App
	store   *store.Store
	units   map[string]org.Org
	entries map[string][]catalog.Entry // by unit/domain
	people  map[string]*app.Principal  // editor, reviewer, approver of 610112
}

// newCorpusWorld builds the organisations and catalogs through the store, as staff would,
// and then bulk-loads n published records with plain SQL (loadCorpusRecords).
func newCorpusWorld(tb testing.TB, s *store.Store, n int) *corpusWorld {
	tb.Helper()
	ctx := context.Background()
	cfg := config.Default()
	cfg.DataDir = tb.TempDir()
	a := app.New(s, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	a.Hash = auth.TestParams
	w := &corpusWorld{app: a, store: s, units: map[string]org.Org{}, entries: map[string][]catalog.Entry{}, people: map[string]*app.Principal{}}
	by := audit.System("bench")
	prov, err := s.CreateOrg(ctx, by, org.Org{Code: "610000", Name: "陕西省人民政府办公厅", Kind: org.KindProvince, CreditCode: "11610000MB0000000X"})
	if err != nil {
		tb.Fatal(err)
	}
	cities := map[string]org.Org{}
	for code, name := range map[string]string{"6101": "西安市", "6102": "铜川市", "6103": "宝鸡市", "6104": "咸阳市"} {
		c, err := s.CreateOrg(ctx, by, org.Org{ParentID: prov.ID, Code: code + "00", Name: name, Kind: org.KindCity})
		if err != nil {
			tb.Fatal(err)
		}
		cities[code] = c
	}
	var domains []string
	for _, d := range refdata.Domains() {
		domains = append(domains, d.Code)
	}
	base := catalog.SampleEntries("shjz")
	for i, u := range corpus.Units() {
		o, err := s.CreateOrg(ctx, by, org.Org{ParentID: cities[u.Code[:4]].ID, Code: u.Code, Name: u.Name, Kind: org.KindUnit, UnitType: "区",
			CreditCode: "11" + u.Code + "MB0000000X", Domains: domains, Sort: i})
		if err != nil {
			tb.Fatal(err)
		}
		w.units[u.Code] = o
		for _, d := range domains {
			v, err := s.NewDraft(ctx, by, o.ID, d, false, base, "基准测试目录", "new", 0)
			if err != nil {
				tb.Fatal(err)
			}
			if err := s.FileVersion(ctx, by, v.ID, nil, ""); err != nil {
				tb.Fatal(err)
			}
			es, err := s.Entries(ctx, v.ID)
			if err != nil {
				tb.Fatal(err)
			}
			w.entries[u.Code+"/"+d] = es
		}
	}
	for _, role := range []org.Role{org.RoleEditor, org.RoleReviewer, org.RoleApprover} {
		u := w.units["610112"]
		p, err := s.CreatePerson(ctx, by, org.Person{Login: string(role) + "@610112", Name: "基准" + role.Label(), PasswordHash: "x",
			Grants: []org.Grant{{OrgID: u.ID, OrgCode: u.Code, Role: role}}})
		if err != nil {
			tb.Fatal(err)
		}
		p, err = s.PersonByLogin(ctx, p.Login)
		if err != nil {
			tb.Fatal(err)
		}
		w.people[string(role)] = &app.Principal{Person: p}
	}
	loadCorpusRecords(tb, w, n)
	return w
}

// loadCorpusRecords inserts n published records of the corpus directly with SQL through the
// store's raw handle. It bypasses the publishing procedure (review, approval, audit entry,
// search index) for speed only: a hundred thousand records through the procedure would take
// the better part of an hour, and the export reads nothing the procedure writes besides the
// record and revision rows made here.
func loadCorpusRecords(tb testing.TB, w *corpusWorld, n int) {
	tb.Helper()
	ctx := context.Background()
	// The loader writes through the raw handle, so PostgreSQL needs its own placeholders.
	ph := func(q string) string {
		if w.store.Kind() != "postgres" {
			return q
		}
		var b strings.Builder
		n := 0
		for _, c := range q {
			if c == '?' {
				n++
				fmt.Fprintf(&b, "$%d", n)
				continue
			}
			b.WriteRune(c)
		}
		return b.String()
	}
	db := w.store.RawForTest()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		tb.Fatal(err)
	}
	defer tx.Rollback()
	insRec, err := tx.PrepareContext(ctx, ph(`INSERT INTO records (id, unit_id, domain_code, entry_id, entry_key, kind, policy_id, openness, state, title, public_revision,
		pending_revision, index_no, published_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 0, 'proactive', 'published', ?, 1, 0, ?, ?, ?, ?)`))
	if err != nil {
		tb.Fatal(err)
	}
	insRev, err := tx.PrepareContext(ctx, ph(`INSERT INTO record_revisions (record_id, revision, state, title, data, updated_at) VALUES (?, 1, 'published', ?, ?, ?)`))
	if err != nil {
		tb.Fatal(err)
	}
	c := corpus.New(20260101, n)
	kinds := map[string]record.Kind{"publicity": record.KindPublicity, "notice": record.KindOther, "announcement": record.KindOther, "guide": record.KindServiceGuide,
		"policy": record.KindPolicy, "interpretation": record.KindInterpretation, "news": record.KindProgress, "statistics": record.KindResult}
	for id := int64(1); id <= int64(n); id++ {
		d := c.Doc(id)
		u := w.units[d.Unit]
		es := w.entries[d.Unit+"/"+d.Domain]
		e := es[int(id)%len(es)]
		pub := d.Published.UTC().Truncate(time.Microsecond)
		summary, _, _ := strings.Cut(d.Body, "。")
		r := record.Record{ID: id, UnitID: u.ID, Domain: d.Domain, EntryID: e.ID, EntryKey: e.Key, Kind: kinds[d.Kind], Title: d.Title,
			Summary: summary + "。", BodyHTML: "<p>" + strings.ReplaceAll(d.Body, "。", "。</p><p>") + "</p>", Subject: d.Subject, Issuer: u.Name,
			WrittenOn: calendar.DateOf(pub), PublishedAt: pub, Openness: record.OpenProactive, FormedOn: calendar.DateOf(pub),
			Stages: e.Stages, Channels: e.Channels, AudiencePublic: e.AudiencePublic, TimeLimitText: e.TimeLimitText,
			State: record.StatePublished, Revision: 1, PublicRevision: 1, CreatedAt: pub, UpdatedAt: pub}
		data, err := json.Marshal(r)
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := insRec.ExecContext(ctx, id, u.ID, d.Domain, e.ID, e.Key, string(r.Kind), d.Title, fmt.Sprintf("BENCH-%07d", id), pub, pub, pub); err != nil {
			tb.Fatal(err)
		}
		if _, err := insRev.ExecContext(ctx, id, d.Title, string(data), pub); err != nil {
			tb.Fatal(err)
		}
	}
	if w.store.Kind() == "postgres" { // the identity continues after the loaded IDs
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("SELECT setval(pg_get_serial_sequence('records', 'id'), %d)", n)); err != nil {
			tb.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
}
