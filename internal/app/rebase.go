package app

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"gongkai/internal/catalog"
	"gongkai/internal/errs"
	"gongkai/internal/org"
	"gongkai/internal/record"
)

// StaleDraft refuses to file a draft whose base version is no longer the newest: filing it
// would, once accepted, silently undo what the newer version changed.
type StaleDraft struct {
	Draft, Base, Newer int // version numbers
}

func (e *StaleDraft) Error() string {
	return fmt.Sprintf("第%d版草稿是在第%d版基础上编制的，但其后第%d版已经报送或生效；直接报送会撤销第%d版的修改。请先在第%d版基础上重新编制（变基）后再报送。",
		e.Draft, e.Base, e.Newer, e.Newer, e.Newer)
}

// baseOf is the number of the version a draft was copied from ("copy:N"), 0 when unknown.
func baseOf(v catalog.Version) int {
	n, _ := strconv.Atoi(strings.TrimPrefix(v.Source, "copy:"))
	if !strings.HasPrefix(v.Source, "copy:") {
		return 0
	}
	return n
}

// staleness returns the newest version other than draft v that was filed or took effect
// after v's base, or a zero version when v's base is still the newest (or unknown).
func (a *App) staleness(ctx context.Context, v catalog.Version) (catalog.Version, error) {
	base := baseOf(v)
	if base == 0 {
		return catalog.Version{}, nil
	}
	vs, err := a.store.Versions(ctx, v.CatalogID) // newest first
	if err != nil {
		return catalog.Version{}, err
	}
	for _, x := range vs {
		if x.ID != v.ID && x.State != catalog.VersionDraft && x.Number > base {
			return x, nil
		}
	}
	return catalog.Version{}, nil
}

// checkBase is FileVersion's guard: a *StaleDraft when the draft's base was overtaken.
func (a *App) checkBase(ctx context.Context, v catalog.Version) error {
	newer, err := a.staleness(ctx, v)
	if err != nil || newer.ID == 0 {
		return err
	}
	return &StaleDraft{Draft: v.Number, Base: baseOf(v), Newer: newer.Number}
}

// RebaseDraft carries a draft's changes over to the newer version that overtook its base
// (catalog.Rebase) and records that version as its new base. It returns the notes on
// entries both changed.
func (a *App) RebaseDraft(ctx context.Context, p *Principal, o org.Org, domain string, versionID int64) ([]string, error) {
	if err := authorizeEdit(p, o); err != nil {
		return nil, err
	}
	v, _, err := a.versionOf(ctx, o, domain, versionID)
	if err != nil {
		return nil, err
	}
	if v.State != catalog.VersionDraft {
		return nil, errs.E(errs.Conflict, "只有草稿可以变基")
	}
	newer, err := a.staleness(ctx, v)
	if err != nil {
		return nil, err
	}
	if newer.ID == 0 {
		return nil, errs.E(errs.Conflict, "第%d版草稿的基础版本仍是最新版本，无需变基", v.Number)
	}
	baseV, err := a.store.VersionByNumber(ctx, v.CatalogID, baseOf(v))
	if err != nil {
		return nil, err
	}
	base, err := a.store.Entries(ctx, baseV.ID)
	if err != nil {
		return nil, err
	}
	draft, err := a.store.Entries(ctx, v.ID)
	if err != nil {
		return nil, err
	}
	latest, err := a.store.Entries(ctx, newer.ID)
	if err != nil {
		return nil, err
	}
	merged, notes := catalog.Rebase(base, draft, latest)
	return notes, a.store.RebaseDraft(ctx, p.Actor(), v.ID, merged, "copy:"+strconv.Itoa(newer.Number), notes)
}

// DraftBase is what the refusal page shows: the draft, its base and the newer version.
type DraftBase struct {
	Draft, Base, Newer int
}

// StaleBase reports, for the version page, whether draft versionID was overtaken.
func (a *App) StaleBase(ctx context.Context, p *Principal, o org.Org, domain string, versionID int64) (DraftBase, bool, error) {
	if err := p.Authorize(org.PermView, o); err != nil {
		return DraftBase{}, false, err
	}
	v, _, err := a.versionOf(ctx, o, domain, versionID)
	if err != nil || v.State != catalog.VersionDraft {
		return DraftBase{}, false, err
	}
	newer, err := a.staleness(ctx, v)
	if err != nil || newer.ID == 0 {
		return DraftBase{}, false, err
	}
	return DraftBase{Draft: v.Number, Base: baseOf(v), Newer: newer.Number}, true, nil
}

// LinkFields are the record form's fields that name another record, with the kind they
// name: chosen from a search, not typed.
var LinkFields = map[string]record.Kind{"policy_id": record.KindPolicy, "consultation_id": record.KindConsultation, "repeals": record.KindPolicy}

// LinkChoices lists what the field of a record of o's unit may name, whose title contains q:
// the unit's own records of that kind (not withdrawn) and the published ones of the levels
// above. The form's checks still apply when the record is saved.
func (a *App) LinkChoices(ctx context.Context, p *Principal, o org.Org, field, q string) ([]record.Item, error) {
	if err := p.Authorize(org.PermView, o); err != nil {
		return nil, err
	}
	kind, ok := LinkFields[field]
	if !ok {
		return nil, errs.Fields("参数有误", errs.FieldError{Field: "field", Label: "关联字段", Message: "不能选择"})
	}
	u, err := a.UnitOf(ctx, o)
	if err != nil {
		return nil, err
	}
	if field != "repeals" {
		return a.store.LinkCandidates(ctx, u.ID, u.Path, kind, strings.TrimSpace(q), 30)
	}
	// A document repeals only published policy documents of its own unit (checkRepeals).
	items, err := a.store.LinkCandidates(ctx, u.ID, u.Path, kind, strings.TrimSpace(q), 100)
	own := items[:0]
	for _, it := range items {
		if it.UnitCode == u.Code && it.State == record.StatePublished && len(own) < 30 {
			own = append(own, it)
		}
	}
	return own, err
}

// LinkTitle is the title of record id as the record form of o's unit may name it ("" when
// it may not, so that the form tells nothing about other units' records).
func (a *App) LinkTitle(ctx context.Context, p *Principal, o org.Org, id int64) string {
	if id <= 0 || p.Authorize(org.PermView, o) != nil {
		return ""
	}
	u, err := a.UnitOf(ctx, o)
	if err != nil {
		return ""
	}
	row, err := a.store.RecordRowByID(ctx, id)
	if err != nil || (row.UnitID != u.ID && (row.State != record.StatePublished || !a.contains(ctx, row.UnitID, u.ID))) {
		return ""
	}
	return row.Title
}
