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
	if err := a.store.SetSearchDocVersion(ctx, searchDocVersion); err != nil {
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

// searchDocVersion is the version of what a search document holds (searchDocOf): 2 since
// every 五公开 stage and the force of a document are indexed. Raise it when that changes, so
// that an upgraded server rebuilds its index once (UpgradeSearchIndex).
const searchDocVersion = "2"

// UpgradeSearchIndex rebuilds the search index when it was made by an earlier version of
// searchDocOf (migration 0018 marks such databases), once across instances: the server calls
// it at start, before it listens. A failed rebuild leaves the mark, to be tried again.
func (a *App) UpgradeSearchIndex(ctx context.Context) (rebuilt bool, st search.RebuildStats, err error) {
	old, err := a.store.Setting(ctx, "search.doc_version")
	if err != nil || old == "" || old == searchDocVersion {
		return false, st, err
	}
	claimed, err := a.store.ClaimSearchUpgrade(ctx, searchDocVersion)
	if err != nil || !claimed {
		return false, st, err
	}
	st, err = a.RebuildSearchIndex(ctx, audit.System("upgrade"), 0, nil)
	if err != nil {
		a.store.SetSearchDocVersion(context.WithoutCancel(ctx), old)
		return false, st, err
	}
	return true, st, nil
}
