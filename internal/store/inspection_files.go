package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"

	"gongkai/internal/attach"
	"gongkai/internal/errs"
	"gongkai/internal/inspection"
)

// Subjects of the evidence files of inspections (attached_files.subject_type): a mark's
// files hang on its row of inspection_mark_files, an objection's on the objection.
const (
	filesOfMark      = "inspection_mark"
	filesOfObjection = "inspection_objection"
)

// MaxEvidenceFiles bounds the files of one mark or one objection.
const MaxEvidenceFiles = 10

// addEvidenceFiles stores files for a subject inside tx, refusing more than MaxEvidenceFiles
// in all, and returns their names for the audit entry.
func (s *Store) addEvidenceFiles(ctx context.Context, tx *sql.Tx, subjectType string, subjectID int64, files []attach.Attachment) ([]string, error) {
	if len(files) == 0 {
		return nil, nil
	}
	var have int
	if err := tx.QueryRowContext(ctx, s.q("SELECT count(*) FROM attached_files WHERE subject_type = ? AND subject_id = ?"), subjectType, subjectID).Scan(&have); err != nil {
		return nil, err
	}
	if have+len(files) > MaxEvidenceFiles {
		return nil, errs.Fields("佐证材料有误", errs.FieldError{Field: "files", Label: "佐证材料", Message: "每项评分或异议最多10个文件，已有" + strconv.Itoa(have) + "个"})
	}
	if err := s.insertFiles(ctx, tx, subjectType, subjectID, files); err != nil {
		return nil, err
	}
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = f.Name
	}
	return names, nil
}

// addMarkFiles stores the files a scorer gives with a mark inside tx (the round locked).
func (s *Store) addMarkFiles(ctx context.Context, tx *sql.Tx, roundID int64, m inspection.Mark, files []attach.Attachment) ([]string, error) {
	if len(files) == 0 {
		return nil, nil
	}
	var id int64
	err := tx.QueryRowContext(ctx, s.q("SELECT id FROM inspection_mark_files WHERE round_id = ? AND unit_id = ? AND indicator = ? AND scorer_id = ?"),
		roundID, m.UnitID, m.Indicator, m.ScorerID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		err = tx.QueryRowContext(ctx, s.q("INSERT INTO inspection_mark_files (round_id, unit_id, indicator, scorer_id) VALUES (?, ?, ?, ?) RETURNING id"),
			roundID, m.UnitID, m.Indicator, m.ScorerID).Scan(&id)
	}
	if err != nil {
		return nil, err
	}
	return s.addEvidenceFiles(ctx, tx, filesOfMark, id, files)
}

// RoundFiles reads the evidence files of every mark and objection of a round, each in order.
func (s *Store) RoundFiles(ctx context.Context, roundID int64) (marks map[inspection.MarkKey][]attach.Attachment, objections map[int64][]attach.Attachment, err error) {
	type row struct {
		subject string
		key     inspection.MarkKey
		oid     int64
		at      attach.Attachment
	}
	const cols = `f.id, f.position, f.name, f.media_type, f.size, f.hash, f.findings, f.unread, f.confirmed_by, f.confirmed_at, f.created_at`
	rows, err := collect(ctx, s.db, s.q(`SELECT f.subject_type, m.unit_id, m.indicator, m.scorer_id, 0, `+cols+`
		FROM inspection_mark_files m JOIN attached_files f ON f.subject_type = 'inspection_mark' AND f.subject_id = m.id WHERE m.round_id = ?
		UNION ALL
		SELECT f.subject_type, o.unit_id, o.indicator, 0, o.id, `+cols+`
		FROM inspection_objections o JOIN attached_files f ON f.subject_type = 'inspection_objection' AND f.subject_id = o.id WHERE o.round_id = ?
		ORDER BY 1, 2, 3, 4, 5, 7`), []any{roundID, roundID}, func(sc scanner) (row, error) {
		var x row
		var confirmed sql.NullTime
		err := sc.Scan(&x.subject, &x.key.UnitID, &x.key.Indicator, &x.key.ScorerID, &x.oid,
			&x.at.ID, &x.at.Position, &x.at.Name, &x.at.MediaType, &x.at.Size, &x.at.Hash, &x.at.Findings, &x.at.Unread, &x.at.ConfirmedBy, &confirmed, &x.at.CreatedAt)
		x.at.ConfirmedAt = confirmed.Time
		return x, err
	})
	if err != nil {
		return nil, nil, err
	}
	marks, objections = map[inspection.MarkKey][]attach.Attachment{}, map[int64][]attach.Attachment{}
	for _, x := range rows {
		if x.subject == filesOfMark {
			marks[x.key] = append(marks[x.key], x.at)
		} else {
			objections[x.oid] = append(objections[x.oid], x.at)
		}
	}
	return marks, objections, nil
}

// EvidenceFile reads one evidence file of an inspection by its id, with the round and the
// unit it concerns.
func (s *Store) EvidenceFile(ctx context.Context, id int64) (at attach.Attachment, roundID, unitID int64, err error) {
	var confirmed sql.NullTime
	err = s.db.QueryRowContext(ctx, s.q(`SELECT COALESCE(m.round_id, o.round_id), COALESCE(m.unit_id, o.unit_id),
		f.id, f.position, f.name, f.media_type, f.size, f.hash, f.findings, f.unread, f.confirmed_by, f.confirmed_at, f.created_at
		FROM attached_files f
		LEFT JOIN inspection_mark_files m ON f.subject_type = 'inspection_mark' AND m.id = f.subject_id
		LEFT JOIN inspection_objections o ON f.subject_type = 'inspection_objection' AND o.id = f.subject_id
		WHERE f.id = ? AND (m.id IS NOT NULL OR o.id IS NOT NULL)`), id).Scan(&roundID, &unitID,
		&at.ID, &at.Position, &at.Name, &at.MediaType, &at.Size, &at.Hash, &at.Findings, &at.Unread, &at.ConfirmedBy, &confirmed, &at.CreatedAt)
	at.ConfirmedAt = confirmed.Time
	return at, roundID, unitID, notFound(err, "佐证材料")
}
