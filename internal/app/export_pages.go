package app

import (
	"context"

	"gongkai/internal/record"
)

// PublicRecordPages gathers the public pages of published records in bulk, for the static
// export: for each of the given records that is published, the PublicPage that
// PublicRecordPage gives, read with a handful of queries for the whole batch instead of
// about nine per record. Like PublicRecordPage it is a read of what is public anyway, and
// shows only published records and the published records they name. Records that are not
// published (withdrawn, drafts, gone) are absent from the result: their addresses answer
// otherwise, and the caller asks PublicRecordPage about them one by one.
func (a *App) PublicRecordPages(ctx context.Context, ids []int64) (map[int64]PublicPage, error) {
	rows, err := a.store.RecordRowsByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	pub := make(map[int64]record.Row, len(rows))
	for id, row := range rows {
		if row.State == record.StatePublished {
			pub[id] = row
		}
	}
	revs, err := a.store.RevisionsOf(ctx, pub)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]PublicPage, len(pub))
	var withBody, published, linked []int64
	for id, row := range pub {
		v := PublicPage{Row: row}
		found := false
		for _, h := range revs[id] {
			if h.Revision == row.PublicRevision {
				v.Record, found = h, true
				break
			}
		}
		if !found {
			continue // the caller's one-by-one read says what is wrong
		}
		rec := v.Record
		for _, h := range revs[id] {
			if h.Revision <= rec.PublicRevision && h.State == record.StatePublished {
				v.History = append(v.History, h)
			}
		}
		v.Force = rec.ForceOn(a.Today())
		out[id] = v
		published = append(published, id)
		if rec.Openness.ShowsBody() {
			// The files of a 依申请公开 record are given to applicants: not even their names here.
			withBody = append(withBody, id)
		}
		if rec.PolicyID != 0 {
			linked = append(linked, rec.PolicyID)
		}
		if rec.RepealedBy != 0 {
			linked = append(linked, rec.RepealedBy)
		}
		linked = append(linked, rec.Repeals...)
	}
	atts, err := a.store.PublicRevisionAttachments(ctx, withBody)
	if err != nil {
		return nil, err
	}
	interps, err := a.store.InterpretationsOf(ctx, published)
	if err != nil {
		return nil, err
	}
	others, err := a.store.RecordRowsByID(ctx, linked)
	if err != nil {
		return nil, err
	}
	for id, v := range out {
		rec := v.Record
		v.Attachments = atts[id]
		v.Interpretations = interps[id]
		if rec.PolicyID != 0 {
			if pol, ok := others[rec.PolicyID]; ok && pol.State == record.StatePublished {
				v.Policy = &pol
			}
		}
		if rec.RepealedBy != 0 {
			if by, ok := others[rec.RepealedBy]; ok && by.State == record.StatePublished {
				v.RepealedBy = by
			}
		}
		for _, x := range rec.Repeals {
			if row, ok := others[x]; ok && row.State == record.StatePublished && row.RepealedBy == rec.ID {
				v.Repeals = append(v.Repeals, row)
			}
		}
		out[id] = v
	}
	return out, nil
}
