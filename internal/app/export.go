package app

import (
	"context"

	"gongkai/internal/attach"
	"gongkai/internal/record"
)

// Reads for the static export (internal/export). Everything they return is public; the
// export finds what changed since its previous run through the audit log (see store/export.go).

// RefreshPlannerStats refreshes the database's planner statistics before a long run of reads.
func (a *App) RefreshPlannerStats(ctx context.Context) error { return a.store.RefreshPlannerStats(ctx) }

// AuditHead is the ID of the newest audit entry, 0 for an empty log: the export's cursor.
func (a *App) AuditHead(ctx context.Context) (int64, error) { return a.store.AuditHead(ctx) }

// RecordsTouchedSince lists the IDs of the records named by audit entries after afterID up
// to and including upTo, at most limit of them; more is set when there were more.
func (a *App) RecordsTouchedSince(ctx context.Context, afterID, upTo int64, limit int) ([]int64, bool, error) {
	return a.store.RecordsTouchedSince(ctx, afterID, upTo, limit)
}

// CatalogsFingerprint hashes which version of every catalog is in force.
func (a *App) CatalogsFingerprint(ctx context.Context) (string, error) {
	return a.store.CatalogsFingerprint(ctx)
}

// CalendarVersion changes whenever the calendar does.
func (a *App) CalendarVersion(ctx context.Context) (string, error) {
	return a.store.CalendarVersion(ctx)
}

// ExportRecords returns the given records, by ID; IDs that no longer exist are absent.
func (a *App) ExportRecords(ctx context.Context, ids []int64) ([]record.ExportRef, error) {
	return a.store.ExportRecords(ctx, ids)
}

// PublishedExportRecords returns every published record.
func (a *App) PublishedExportRecords(ctx context.Context) ([]record.ExportRef, error) {
	return a.store.PublishedExportRecords(ctx)
}

// PublishedInterpretationsOf returns the published interpretations of the given policies.
func (a *App) PublishedInterpretationsOf(ctx context.Context, policyIDs []int64) ([]record.ExportRef, error) {
	return a.store.PublishedInterpretationsOf(ctx, policyIDs)
}

// PublicFiles lists the public attachments of the given records, or of all with ids nil.
func (a *App) PublicFiles(ctx context.Context, ids []int64) ([]attach.PublicFile, error) {
	return a.store.ExportAttachments(ctx, ids)
}
