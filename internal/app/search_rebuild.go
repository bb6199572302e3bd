package app

import (
	"context"

	"gongkai/internal/attach"
	"gongkai/internal/audit"
	"gongkai/internal/org"
	"gongkai/internal/record"
	"gongkai/internal/search"
	"gongkai/internal/store"
)

// RebuildSearchIndex empties the search index and indexes every published record again,
// newest first, batch records per transaction (0: the default), with the same documents as
// publication makes (searchDoc). The site stays up meanwhile: search finds the records
// indexed so far, and publications and withdrawals during the rebuild are not undone by it.
// The operator's rebuild is recorded in the audit log.
func (a *App) RebuildSearchIndex(ctx context.Context, by audit.Actor, batch int, progress func(done, total int)) (search.RebuildStats, error) {
	today := a.Today()
	st, err := a.store.RebuildSearch(ctx, batch, func(r record.Record, u org.Org, atts []attach.Attachment) search.Doc {
		return searchDocOf(r, u, atts, today)
	}, progress)
	if err != nil {
		return st, err
	}
	err = a.store.Audit(ctx, by, store.Change{Action: "search.rebuilt", ObjectType: "search", ObjectID: "index",
		Detail: map[string]any{"records": st.Records, "skipped": st.Skipped, "seconds": st.Took.Seconds()}})
	return st, err
}

// RefreshInForce re-indexes the published documents whose force (现行有效) may have changed
// since the last refresh, so that the search's 现行有效 filter follows the days documents
// come into force, lapse and are repealed. Housekeep runs it hourly.
func (a *App) RefreshInForce(ctx context.Context) (int, error) {
	today := a.Today()
	return a.store.RefreshInForce(ctx, audit.System("search"), func(r record.Record, u org.Org, atts []attach.Attachment) search.Doc {
		return searchDocOf(r, u, atts, today)
	})
}
