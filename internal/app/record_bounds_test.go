package app_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"gongkai/internal/app"
	"gongkai/internal/errs"
	"gongkai/internal/org"
	"gongkai/internal/record"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// create makes a draft of unit u's 社会救助 catalog as its editor.
func (w *world) create(u org.Org, in app.RecordInput) (record.Record, error) {
	w.t.Helper()
	ctx := context.Background()
	_, es, err := w.a.EffectiveCatalog(ctx, u, "shjz")
	if err != nil {
		w.t.Fatal(err)
	}
	if in.FormedOn == "" {
		in.FormedOn = formedToday()
	}
	return w.a.CreateRecord(ctx, w.who("editor@"+u.Code), u, "shjz", es[0].ID, in)
}

// fieldError returns the message of the field error on field, "" if there is none.
func fieldError(err error, field string) string {
	var e *errs.Error
	if !errors.As(err, &e) {
		return ""
	}
	for _, f := range e.Fields {
		if f.Field == field {
			return f.Label + "：" + f.Message
		}
	}
	return ""
}

// TestDraftBounds: a draft beyond a length limit or with a date out of range is refused on
// creation and on edit, with the field named, and nothing of it is stored.
func TestDraftBounds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		ctx := context.Background()
		r, err := w.create(w.unit, app.RecordInput{Kind: record.KindOther, Title: "草稿", BodyHTML: "<p>x</p>"})
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name, field string
			in          app.RecordInput
		}{
			{"title", record.FieldTitle, app.RecordInput{Title: strings.Repeat("标", 201)}},
			{"summary", record.FieldSummary, app.RecordInput{Title: "草稿", Summary: strings.Repeat("概", 1001)}},
			{"body", record.FieldBody, app.RecordInput{Title: "草稿", BodyHTML: "<p>" + strings.Repeat("正", record.MaxBodyLen) + "</p>"}},
			{"formed on 0001-01-01", record.FieldFormedOn, app.RecordInput{Title: "草稿", FormedOn: "0001-01-01"}},
			{"written on 1900-01-01", record.FieldWrittenOn, app.RecordInput{Title: "草稿", WrittenOn: "1900-01-01"}},
			{"repealed in 2999", record.FieldRepealedOn, app.RecordInput{Title: "草稿", RepealedOn: "2999-01-01"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				tc.in.Kind = record.KindOther
				if _, err := w.create(w.unit, tc.in); !errs.Is(err, errs.Invalid) || fieldError(err, tc.field) == "" {
					t.Fatalf("create: %v", err)
				}
				if _, err := w.a.EditRecord(ctx, w.who("editor@610112"), r.ID, tc.in); !errs.Is(err, errs.Invalid) || fieldError(err, tc.field) == "" {
					t.Fatalf("edit: %v", err)
				}
			})
		}
		if got, _ := w.a.CurrentRevision(ctx, r.ID); got.Title != "草稿" {
			t.Fatalf("a refused edit was stored: %q", got.Title)
		}
		if log, _ := s.RecordLog(ctx, r.ID); len(log) != 1 {
			t.Fatalf("a refused edit was stored: %d audit entries", len(log))
		}
	})
}
