package store

import (
	"context"
	"database/sql"

	"gongkai/internal/attach"
	"gongkai/internal/campaign"
)

// Subjects of attached files (attached_files.subject_type).
const (
	filesOfSubmission = "submission"
	filesOfRequest    = "request"
)

// insertFiles stores the attachments of a subject inside the caller's transaction, numbered
// from 1 after those it already has.
func (s *Store) insertFiles(ctx context.Context, tx *sql.Tx, subjectType string, subjectID int64, files []attach.Attachment) error {
	var pos int
	if err := tx.QueryRowContext(ctx, s.q("SELECT COALESCE(MAX(position), 0) FROM attached_files WHERE subject_type = ? AND subject_id = ?"), subjectType, subjectID).Scan(&pos); err != nil {
		return err
	}
	for _, f := range files {
		pos++
		var confirmed any
		if f.ConfirmedBy != 0 {
			confirmed = f.ConfirmedAt.UTC()
		}
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO attached_files (subject_type, subject_id, position, name, media_type, size, hash, findings, unread, confirmed_by, confirmed_at, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`), subjectType, subjectID, pos, f.Name, f.MediaType, f.Size, f.Hash, f.Findings, f.Unread, f.ConfirmedBy, confirmed, s.now()); err != nil {
			return err
		}
	}
	return nil
}

// files lists the attachments of a subject in order (Position from 1).
func (s *Store) files(ctx context.Context, q queryer, subjectType string, subjectID int64) ([]attach.Attachment, error) {
	return collect(ctx, q, s.q(`SELECT id, position, name, media_type, size, hash, findings, unread, confirmed_by, confirmed_at, created_at
		FROM attached_files WHERE subject_type = ? AND subject_id = ? ORDER BY position`), []any{subjectType, subjectID}, func(sc scanner) (attach.Attachment, error) {
		var a attach.Attachment
		var confirmed sql.NullTime
		err := sc.Scan(&a.ID, &a.Position, &a.Name, &a.MediaType, &a.Size, &a.Hash, &a.Findings, &a.Unread, &a.ConfirmedBy, &confirmed, &a.CreatedAt)
		a.ConfirmedAt = confirmed.Time
		return a, err
	})
}

// FiledCatalogVersions lists the catalog versions an organisation has filed (备案: filed,
// in effect or superseded since), newest first per domain.
func (s *Store) FiledCatalogVersions(ctx context.Context, orgID int64) ([]campaign.CatalogRef, error) {
	return collect(ctx, s.db, s.q(`SELECT v.id, c.domain_code, d.name, v.number, v.filed_at FROM catalog_versions v
		JOIN catalogs c ON c.id = v.catalog_id JOIN domains d ON d.code = c.domain_code
		WHERE c.org_id = ? AND v.filed_at IS NOT NULL ORDER BY d.sort, d.code, v.number DESC`), []any{orgID}, scanCatalogRef)
}

func scanCatalogRef(sc scanner) (campaign.CatalogRef, error) {
	var r campaign.CatalogRef
	var filed sql.NullTime
	err := sc.Scan(&r.VersionID, &r.Domain, &r.DomainName, &r.Number, &filed)
	r.FiledAt = filed.Time
	return r, err
}

// submissionCatalogs lists the catalog versions a submission reports.
func (s *Store) submissionCatalogs(ctx context.Context, q queryer, submissionID int64) ([]campaign.CatalogRef, error) {
	return collect(ctx, q, s.q(`SELECT v.id, c.domain_code, d.name, v.number, v.filed_at FROM submission_catalogs sc
		JOIN catalog_versions v ON v.id = sc.version_id JOIN catalogs c ON c.id = v.catalog_id JOIN domains d ON d.code = c.domain_code
		WHERE sc.submission_id = ? ORDER BY d.sort, d.code, v.number DESC`), []any{submissionID}, scanCatalogRef)
}

// submissionExtras loads a submission's files and catalog versions.
func (s *Store) submissionExtras(ctx context.Context, q queryer, x *campaign.Submission) error {
	var err error
	if x.Files, err = s.files(ctx, q, filesOfSubmission, x.ID); err != nil {
		return err
	}
	x.Catalogs, err = s.submissionCatalogs(ctx, q, x.ID)
	return err
}
