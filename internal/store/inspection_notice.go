package store

import (
	"context"
	"database/sql"

	"gongkai/internal/audit"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/inspection"
	"gongkai/internal/record"
)

// CreateInspectionNotice stores the draft record of a round's notice (r, of the office
// officeID) and links it to the round, in one transaction. A round has one notice: a second
// is refused with Conflict.
func (s *Store) CreateInspectionNotice(ctx context.Context, by audit.Actor, r record.Record, officeID int64, ch RecordChange, n inspection.NoticeRecord) (record.Record, error) {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if r, err = s.createRecord(ctx, tx, by, r, officeID, ch); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, s.q("INSERT INTO inspection_notices (round_id, record_id, days, units, created_at) VALUES (?, ?, ?, ?, ?)"),
			n.RoundID, r.ID, n.Days, joinIDs(n.Units), s.now())
		if s.isUniqueViolation(err) {
			return errs.E(errs.Conflict, "本轮检查的通报已经起草，请刷新后查看")
		}
		if err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, by, Change{Action: "inspection.notice", ObjectType: "inspection", ObjectID: n.RoundID, OrgID: officeID,
			Detail: map[string]any{"record": r.ID, "days": n.Days, "units": len(n.Units)}})
	})
	return r, err
}

const noticeColumns = "round_id, record_id, days, units, COALESCE(campaign_id, 0)"

func scanNotice(sc scanner) (inspection.NoticeRecord, error) {
	var n inspection.NoticeRecord
	var units string
	err := sc.Scan(&n.RoundID, &n.RecordID, &n.Days, &units, &n.CampaignID)
	n.Units = splitIDs(units)
	return n, err
}

// InspectionNotice returns the notice of a round.
func (s *Store) InspectionNotice(ctx context.Context, roundID int64) (inspection.NoticeRecord, error) {
	n, err := scanNotice(s.db.QueryRowContext(ctx, s.q("SELECT "+noticeColumns+" FROM inspection_notices WHERE round_id = ?"), roundID))
	return n, notFound(err, "检查通报")
}

// InspectionNoticeOf returns the notice a record publishes.
func (s *Store) InspectionNoticeOf(ctx context.Context, recordID int64) (inspection.NoticeRecord, error) {
	n, err := scanNotice(s.db.QueryRowContext(ctx, s.q("SELECT "+noticeColumns+" FROM inspection_notices WHERE record_id = ?"), recordID))
	return n, notFound(err, "检查通报")
}

// applyRectification creates the rectification campaign of a notice at its publication, in
// the publication's transaction, once: the notice's row is locked and claimed, so that a
// second publication (an amendment, another instance) finds it done and adds nothing.
func (s *Store) applyRectification(ctx context.Context, tx *sql.Tx, by audit.Actor, recordID int64, state record.State, ch RecordChange) error {
	if ch.Rectification == nil || state != record.StatePublished {
		return nil
	}
	var done int64
	err := tx.QueryRowContext(ctx, s.q("SELECT COALESCE(campaign_id, 0) FROM inspection_notices WHERE record_id = ?"+s.d.forUpdate), recordID).Scan(&done)
	if err != nil {
		return notFound(err, "检查通报")
	}
	if done != 0 {
		return nil
	}
	id, err := s.saveCampaign(ctx, tx, by, *ch.Rectification, ch.RectificationUnits, ch.RectificationObligations, calendar.DateOf(s.now()), false)
	if err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, s.q("UPDATE inspection_notices SET campaign_id = ? WHERE record_id = ? AND campaign_id IS NULL"), id, recordID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return errs.E(errs.Conflict, "整改事项已经生成，请刷新后重试")
	}
	return nil
}

// PublishedInspectionNotices lists the published inspection notices, newest first.
func (s *Store) PublishedInspectionNotices(ctx context.Context, limit int) ([]record.Item, error) {
	return s.Records(ctx, RecordQuery{Published: true, Kinds: []record.Kind{record.KindInspectionNotice}, Limit: limit})
}
