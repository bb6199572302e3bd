package app_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"testing"

	"gongkai/internal/app"
	"gongkai/internal/audit"
	"gongkai/internal/auth"
	"gongkai/internal/catalog"
	"gongkai/internal/config"
	"gongkai/internal/demo"
	"gongkai/internal/errs"
	"gongkai/internal/record"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestWorkbookRoundTrip exports every catalog of the demo and imports it again: the new
// draft holds the same entries, field by field.
func TestWorkbookRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		a := testApp(t, s)
		if _, _, err := demo.Fill(ctx, a); err != nil {
			t.Fatal(err)
		}
		orgs, _ := s.Orgs(ctx)
		checked := 0
		for _, o := range orgs {
			cats, err := s.CatalogsOf(ctx, o.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range cats {
				var buf bytes.Buffer
				v, err := a.ExportWorkbook(ctx, &buf, o, c.Domain, 0)
				if err != nil {
					t.Fatal(err)
				}
				before, _ := s.Entries(ctx, v.ID)
				nv, err := a.ImportWorkbook(ctx, nil, audit.System("test"), o, c.Domain, "rt.xlsx", bytes.NewReader(buf.Bytes()), int64(buf.Len()))
				if err != nil {
					t.Fatalf("%s/%s: %v", o.Code, c.Domain, err)
				}
				after, _ := s.Entries(ctx, nv.ID)
				if d := catalog.Diff(before, after); len(d) != 0 || len(before) != len(after) {
					t.Fatalf("%s/%s: round trip differs: %+v", o.Code, c.Domain, d)
				}
				for i := range before {
					if before[i].Key != after[i].Key || before[i].Seq != after[i].Seq {
						t.Fatalf("%s/%s entry %d: key or order lost", o.Code, c.Domain, i)
					}
				}
				checked++
			}
		}
		if checked < 8 {
			t.Fatalf("only %d catalogs round-tripped", checked)
		}
	})
}

func TestWorkbookRefusedChangesNothing(t *testing.T) {
	storetest.Each(t, testWorkbookRefusedChangesNothing)
}

func testWorkbookRefusedChangesNothing(t *testing.T, s *store.Store) {
	ctx := context.Background()
	a := testApp(t, s)
	if _, _, err := demo.Fill(ctx, a); err != nil {
		t.Fatal(err)
	}
	u, _ := s.OrgByCode(ctx, "610112")
	c, _ := s.Catalog(ctx, u.ID, "shjz")
	before, _ := s.Versions(ctx, c.ID)
	for name, data := range map[string][]byte{"random.xlsx": []byte("PK\x03\x04 not really a zip"), "empty.xlsx": {}} {
		_, err := a.ImportWorkbook(ctx, nil, audit.System("test"), u, "shjz", name, bytes.NewReader(data), int64(len(data)))
		if !errs.Is(err, errs.Invalid) {
			t.Fatalf("%s: %v", name, err)
		}
	}
	// A domain the unit does not have.
	var buf bytes.Buffer
	a.ExportWorkbook(ctx, &buf, u, "shjz", 0)
	if _, err := a.ImportWorkbook(ctx, nil, audit.System("test"), u, "zdbc", "x.xlsx", bytes.NewReader(buf.Bytes()), int64(buf.Len())); !errs.Is(err, errs.Conflict) {
		t.Fatalf("foreign domain: %v", err)
	}
	after, _ := s.Versions(ctx, c.ID)
	if len(after) != len(before) {
		t.Fatal("a refused import created a version")
	}
}

// testApp is an App on s with cheap password hashing and a temporary data directory.
func testApp(t *testing.T, s *store.Store) *app.App {
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	a := app.New(s, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	a.Hash = auth.TestParams
	return a
}

func TestDefaultSubjectsExist(t *testing.T) {
	for _, d := range []string{"cxgh", "zdjsxm", "ggzyjy", "czyjs", "aqsc", "ssgl", "zdbc", "cqaz", "bzxzf", "ncwfgz", "hjbh", "ggwhfw", "ggflfw", "fpjz",
		"spypjg", "cszhzf", "jycy", "shbx", "shjz", "ylfw", "hjgl", "snbt", "ywjy", "ylws", "szfw", "custom"} {
		if _, ok := record.SubjectLabel(app.DefaultSubject(d)); !ok {
			t.Errorf("%s: default subject %q is not a national category", d, app.DefaultSubject(d))
		}
	}
}
