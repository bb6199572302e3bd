package app

import (
	"context"

	"gongkai/internal/audit"
	"gongkai/internal/search"
	"gongkai/internal/store"
)

// RebuildSearchIndex empties the search index and indexes every published record again,
// newest first, batch records per transaction (0: the default), with the same documents as
// publication makes (searchDoc). The site stays up meanwhile: search finds the records
// indexed so far, and publications and withdrawals during the rebuild are not undone by it.
// The operator's rebuild is recorded in the audit log.
func (a *App) RebuildSearchIndex(ctx context.Context, by audit.Actor, batch int, progress func(done, total int)) (search.RebuildStats, error) {
	st, err := a.store.RebuildSearch(ctx, batch, searchDocOf, progress)
	if err != nil {
		return st, err
	}
	err = a.store.Audit(ctx, by, store.Change{Action: "search.rebuilt", ObjectType: "search", ObjectID: "index",
		Detail: map[string]any{"records": st.Records, "skipped": st.Skipped, "seconds": st.Took.Seconds()}})
	return st, err
}
