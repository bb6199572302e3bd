package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"gongkai/internal/attach"
	"gongkai/internal/audit"
	"gongkai/internal/calendar"
	"gongkai/internal/campaign"
	"gongkai/internal/channel"
	"gongkai/internal/errs"
	"gongkai/internal/record"
	"gongkai/internal/search"
	"gongkai/internal/subscribe"
)

const recordCols = `id, unit_id, COALESCE(issuer_org_id, 0), domain_code, COALESCE(entry_id, 0), entry_key, kind, state, title, public_revision, pending_revision,
	COALESCE(index_no, ''), published_at, withdrawn_at, withdraw_reason, scheduled_at, created_at, updated_at,
	validity, COALESCE(effective_on, ''), COALESCE(ends_on, ''), repealed_by, COALESCE(repealed_from, '')`

// validityDest are the scan targets of the validity columns of a row.
type validityDest struct {
	validity, effective, ends, from string
}

func (v *validityDest) targets(r *record.Row) []any {
	return []any{&v.validity, &v.effective, &v.ends, &r.RepealedBy, &v.from}
}

func (v *validityDest) apply(r *record.Row) error {
	r.Validity = record.Validity(v.validity)
	var err error
	for _, f := range []struct {
		s string
		d *calendar.Date
	}{{v.effective, &r.EffectiveOn}, {v.ends, &r.EndsOn}, {v.from, &r.RepealedFrom}} {
		if f.s != "" {
			if *f.d, err = calendar.ParseDate(f.s); err != nil {
				return err
			}
		}
	}
	return nil
}

func scanRecordRow(sc scanner) (record.Row, error) {
	var r record.Row
	var kind, state string
	var pub, wd, sched sql.NullTime
	var v validityDest
	err := sc.Scan(append([]any{&r.ID, &r.UnitID, &r.IssuerOrgID, &r.Domain, &r.EntryID, &r.EntryKey, &kind, &state, &r.Title, &r.PublicRevision, &r.PendingRevision,
		&r.IndexNo, &pub, &wd, &r.WithdrawReason, &sched, &r.CreatedAt, &r.UpdatedAt}, v.targets(&r)...)...)
	r.Kind, r.State = record.Kind(kind), record.State(state)
	r.PublishedAt, r.WithdrawnAt, r.ScheduledAt = pub.Time, wd.Time, sched.Time
	if err == nil {
		err = v.apply(&r)
	}
	return r, err
}

// RecordRowByID returns a record's row.
func (s *Store) RecordRowByID(ctx context.Context, id int64) (record.Row, error) {
	r, err := scanRecordRow(s.db.QueryRowContext(ctx, s.q("SELECT "+recordCols+" FROM records WHERE id = ?"), id))
	return r, notFound(err, "信息")
}

// Revision returns one revision of a record with the record-level fields filled in.
func (s *Store) Revision(ctx context.Context, id int64, revision int) (record.Record, error) {
	return s.revision(ctx, s.db, id, revision)
}

func (s *Store) revision(ctx context.Context, q queryer, id int64, revision int) (record.Record, error) {
	row, err := scanRecordRow(q.QueryRowContext(ctx, s.q("SELECT "+recordCols+" FROM records WHERE id = ?"), id))
	if err != nil {
		return record.Record{}, notFound(err, "信息")
	}
	var data string
	if err := q.QueryRowContext(ctx, s.q("SELECT data FROM record_revisions WHERE record_id = ? AND revision = ?"), id, revision).Scan(&data); err != nil {
		return record.Record{}, notFound(err, "信息版本")
	}
	var r record.Record
	if err := json.Unmarshal([]byte(data), &r); err != nil {
		return r, fmt.Errorf("record %d revision %d: %w", id, revision, err)
	}
	overlay(&r, row)
	return r, nil
}

// overlay copies the record-level fields of row onto a revision.
func overlay(r *record.Record, row record.Row) {
	r.ID, r.UnitID, r.Domain, r.EntryID, r.EntryKey, r.Kind = row.ID, row.UnitID, row.Domain, row.EntryID, row.EntryKey, row.Kind
	r.IssuerOrgID = row.IssuerOrgID
	r.RepealedBy, r.RepealedFrom = row.RepealedBy, row.RepealedFrom
	r.IndexNo, r.PublishedAt = row.IndexNo, row.PublishedAt
	r.PublicRevision, r.PendingRevision = row.PublicRevision, row.PendingRevision
	if !row.WithdrawnAt.IsZero() {
		r.WithdrawnAt, r.WithdrawReason = row.WithdrawnAt, row.WithdrawReason
	}
}

// Revisions lists every revision of a record, oldest first.
func (s *Store) Revisions(ctx context.Context, id int64) ([]record.Record, error) {
	row, err := s.RecordRowByID(ctx, id)
	if err != nil {
		return nil, err
	}
	return collect(ctx, s.db, s.q("SELECT data FROM record_revisions WHERE record_id = ? ORDER BY revision"), []any{id}, func(sc scanner) (record.Record, error) {
		var data string
		var r record.Record
		if err := sc.Scan(&data); err != nil {
			return r, err
		}
		err := json.Unmarshal([]byte(data), &r)
		overlay(&r, row)
		return r, err
	})
}

// Publication is what the store needs to carry out a publication: how to number it, what
// the search index holds, and the deadline to keep.
type Publication struct {
	IndexPattern record.IndexPattern
	Issuer       string // the issuer's code in the index number (统一社会信用代码 or org code)
	Doc          func(r record.Record) search.Doc
}

// RecordChange is everything ApplyRecord needs besides the outcome.
type RecordChange struct {
	// Attachments, when set, replace the revision's attachments in the same transaction.
	Attachments *[]attach.Attachment
	Publication Publication
	Deadline    *Deadline // the revision's due date, stored for the due and overdue lists
	Detail      map[string]any
	// Timeliness, at a first publication, is how the record kept its deadline: stored once
	// and kept (see record.Timeliness).
	Timeliness *record.Timeliness
	// Clocks are further deadlines a publication starts (the interpretation of a policy).
	Clocks []Deadline
	// Deliveries are the outbox rows the change owes its channels (see channel.Plan),
	// written in the same transaction.
	Deliveries []channel.Delivery
	Mails      []subscribe.Mail // emails to immediate subscribers
	// Rectification, at the first publication of an inspection notice, is the campaign of
	// the rectification reports it orders (campaign.Rectification set), with its units'
	// organisation ids in the order of its Units and its obligations, created in the same
	// transaction, once (applyRectification).
	Rectification            *campaign.Campaign
	RectificationUnits       []int64
	RectificationObligations []campaign.Obligation
}

// CreateRecord stores a new record (revision 1, draft) and returns it with its ID.
func (s *Store) CreateRecord(ctx context.Context, by audit.Actor, r record.Record, unitOrgID int64, ch RecordChange) (record.Record, error) {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		r, err = s.createRecord(ctx, tx, by, r, unitOrgID, ch)
		return err
	})
	return r, err
}

// createRecord is CreateRecord in the caller's transaction.
func (s *Store) createRecord(ctx context.Context, tx *sql.Tx, by audit.Actor, r record.Record, unitOrgID int64, ch RecordChange) (record.Record, error) {
	err := func() error {
		var entry any // a record of the 专栏 has none (NULL)
		if !r.Kind.Entryless() || r.EntryID != 0 {
			var entryVersion int64
			if err := tx.QueryRowContext(ctx, s.q("SELECT version_id FROM catalog_entries WHERE id = ? AND entry_key = ?"), r.EntryID, r.EntryKey).Scan(&entryVersion); err != nil {
				return notFound(err, "目录条目")
			}
			entry = r.EntryID
		}
		now := s.now()
		if r.IssuerOrgID == 0 {
			r.IssuerOrgID = r.UnitID
		}
		if err := tx.QueryRowContext(ctx, s.q(`INSERT INTO records (unit_id, issuer_org_id, domain_code, entry_id, entry_key, kind, policy_id, openness, state, title, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`), r.UnitID, r.IssuerOrgID, r.Domain, entry, r.EntryKey, string(r.Kind), r.PolicyID, string(r.Openness), string(r.State), r.Title, now, now).Scan(&r.ID); err != nil {
			return err
		}
		if err := s.putRevision(ctx, tx, r, true); err != nil {
			return err
		}
		if ch.Deadline != nil {
			ch.Deadline.SubjectID = fmt.Sprint(r.ID)
			if err := s.SetDeadline(ctx, tx, *ch.Deadline); err != nil {
				return err
			}
		}
		return s.appendAudit(ctx, tx, by, Change{Action: "record.create", ObjectType: "record", ObjectID: r.ID, OrgID: unitOrgID,
			Detail: mergeDetail(map[string]any{"title": r.Title, "kind": r.Kind, "entry": r.EntryKey}, ch.Detail)})
	}()
	return r, err
}

func mergeDetail(a, b map[string]any) map[string]any {
	for k, v := range b {
		a[k] = v
	}
	return a
}

func (s *Store) putRevision(ctx context.Context, tx *sql.Tx, r record.Record, insert bool) error {
	data, err := json.Marshal(r)
	if err != nil {
		return err
	}
	if insert {
		_, err = tx.ExecContext(ctx, s.q("INSERT INTO record_revisions (record_id, revision, state, title, data, updated_at) VALUES (?, ?, ?, ?, ?, ?)"),
			r.ID, r.Revision, string(r.State), r.Title, string(data), s.now())
		return err
	}
	res, err := tx.ExecContext(ctx, s.q("UPDATE record_revisions SET state = ?, title = ?, data = ?, updated_at = ? WHERE record_id = ? AND revision = ?"),
		string(r.State), r.Title, string(data), s.now(), r.ID, r.Revision)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return errs.E(errs.NotFound, "信息版本不存在")
	}
	return nil
}

// ApplyRecord carries out an Outcome of record.Decide in one transaction: the revision, the
// record row, the index number, the search index, the deadline and the audit entry change
// together or not at all. The revision acted on must still be in out.From (someone else may
// have moved it since it was loaded): otherwise Conflict and nothing changes.
func (s *Store) ApplyRecord(ctx context.Context, by audit.Actor, out record.Outcome, unitOrgID int64, ch RecordChange) (record.Record, error) {
	r := out.Record
	err := s.tx(ctx, func(tx *sql.Tx) error {
		row, err := scanRecordRow(tx.QueryRowContext(ctx, s.q("SELECT "+recordCols+" FROM records WHERE id = ?"+s.d.forUpdate), r.ID))
		if err != nil {
			return notFound(err, "信息")
		}
		actedOn := r.Revision
		if out.NewRevision {
			actedOn = row.PublicRevision
		}
		var state string
		if err := tx.QueryRowContext(ctx, s.q("SELECT state FROM record_revisions WHERE record_id = ? AND revision = ?"), r.ID, actedOn).Scan(&state); err != nil {
			return notFound(err, "信息版本")
		}
		if record.State(state) != out.From {
			return errs.E(errs.Conflict, "该信息已被他人处理（当前状态为“%s”），请刷新后重试", record.State(state).Label())
		}
		if out.NewRevision && row.PendingRevision != 0 {
			// Someone else started an amendment since the record was loaded.
			return errs.E(errs.Conflict, "已有第%d版修订稿正在办理，不能再次修订，请刷新后重试", row.PendingRevision)
		}
		detail := mergeDetail(map[string]any{"revision": r.Revision, "from": out.From, "to": out.To, "title": r.Title}, ch.Detail)
		if out.Exception != "" {
			detail["exception"] = out.Exception
		}
		if out.DeleteRecord {
			if _, err := tx.ExecContext(ctx, s.q("DELETE FROM deadlines WHERE subject_type = 'record' AND subject_id = ?"), fmt.Sprint(r.ID)); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, s.q("DELETE FROM records WHERE id = ?"), r.ID); err != nil {
				return err
			}
			return s.appendAudit(ctx, tx, by, Change{Action: out.Event(), ObjectType: "record", ObjectID: r.ID, OrgID: unitOrgID, Detail: detail})
		}
		if out.DiscardRevision != 0 {
			if _, err := tx.ExecContext(ctx, s.q("DELETE FROM record_attachments WHERE record_id = ? AND revision = ?"), r.ID, out.DiscardRevision); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, s.q("DELETE FROM record_revisions WHERE record_id = ? AND revision = ?"), r.ID, out.DiscardRevision); err != nil {
				return err
			}
			row.PendingRevision = 0
		}
		if out.Action == record.ActionDiscard {
			// An amendment dropped: the public revision is untouched.
			if _, err := tx.ExecContext(ctx, s.q("UPDATE records SET pending_revision = 0, updated_at = ? WHERE id = ?"), s.now(), r.ID); err != nil {
				return err
			}
			return s.appendAudit(ctx, tx, by, Change{Action: out.Event(), ObjectType: "record", ObjectID: r.ID, OrgID: unitOrgID, Detail: detail})
		}
		if out.AssignIndexNo {
			no, err := s.nextIndexNo(ctx, tx, ch.Publication, r)
			if err != nil {
				return err
			}
			r.IndexNo = no
			detail["index_no"] = no
		}
		if err := s.putRevision(ctx, tx, r, out.NewRevision); err != nil {
			if s.isUniqueViolation(err) {
				return errs.E(errs.Conflict, "该信息已被他人处理，请刷新后重试")
			}
			return err
		}
		if ch.Attachments != nil {
			if err := s.replaceAttachments(ctx, tx, r.ID, r.Revision, *ch.Attachments); err != nil {
				return err
			}
			names := []string{}
			for _, a := range *ch.Attachments {
				names = append(names, a.Name)
			}
			detail["attachments"] = names
		}
		if out.NewRevision {
			// The amendment starts with the public revision's attachments.
			// A confirmation travels with the file: the same bytes, already reviewed.
			if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO record_attachments (record_id, revision, position, name, media_type, size, hash, text, findings,
				unread, no_pii_confirmed_by, no_pii_confirmed_at, created_at)
				SELECT record_id, ?, position, name, media_type, size, hash, text, findings, unread, no_pii_confirmed_by, no_pii_confirmed_at, created_at
				FROM record_attachments WHERE record_id = ? AND revision = ?`),
				r.Revision, r.ID, row.PublicRevision); err != nil {
				return err
			}
		}
		// The record row follows the public revision, or the only one.
		row.PublicRevision, row.PendingRevision = r.PublicRevision, r.PendingRevision
		if r.IndexNo != "" {
			row.IndexNo = r.IndexNo
		}
		if !r.PublishedAt.IsZero() {
			row.PublishedAt = r.PublishedAt
		}
		if row.PublicRevision == 0 || r.Revision == row.PublicRevision {
			row.State, row.Title, row.ScheduledAt = r.State, r.Title, r.ScheduledAt
		}
		if out.Action == record.ActionWithdraw {
			row.State, row.WithdrawnAt, row.WithdrawReason = record.StateWithdrawn, r.WithdrawnAt, r.WithdrawReason
		}
		if row.PendingRevision != 0 && r.Revision == row.PendingRevision {
			row.ScheduledAt = r.ScheduledAt // a scheduled amendment
		}
		if row.PublicRevision == 0 || r.Revision == row.PublicRevision {
			if _, err := tx.ExecContext(ctx, s.q("UPDATE records SET policy_id = ?, kind = ?, openness = ? WHERE id = ?"), r.PolicyID, string(r.Kind), string(r.Openness), r.ID); err != nil {
				return err
			}
			v := r
			v.RepealedBy, v.RepealedFrom = row.RepealedBy, row.RepealedFrom
			if _, err := tx.ExecContext(ctx, s.q("UPDATE records SET validity = ?, effective_on = ?, ends_on = ? WHERE id = ?"),
				string(r.Validity), nullDate(r.EffectiveOn), nullDate(v.EndsOn()), r.ID); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, s.q(`UPDATE records SET state = ?, title = ?, public_revision = ?, pending_revision = ?, index_no = ?, published_at = ?,
			withdrawn_at = ?, withdraw_reason = ?, scheduled_at = ?, updated_at = ? WHERE id = ?`),
			string(row.State), row.Title, row.PublicRevision, row.PendingRevision, nullString(row.IndexNo), nullTime(row.PublishedAt),
			nullTime(row.WithdrawnAt), row.WithdrawReason, nullTime(row.ScheduledAt), s.now(), r.ID)
		if s.isUniqueViolation(err) {
			return errs.E(errs.Conflict, "索引号 %s 已被使用，请检查索引号规则", row.IndexNo)
		}
		if err != nil {
			return err
		}
		if out.PublicChange {
			if err := s.touchContent(ctx, tx); err != nil {
				return err
			}
			if row.State == record.StatePublished && ch.Publication.Doc != nil {
				pub := r
				pub.IndexNo, pub.PublishedAt = row.IndexNo, row.PublishedAt
				if err := s.IndexDoc(ctx, tx, ch.Publication.Doc(pub)); err != nil {
					return err
				}
			} else if err := s.RemoveDoc(ctx, tx, r.ID); err != nil {
				return err
			}
		}
		if ch.Deadline != nil {
			ch.Deadline.SubjectID = fmt.Sprint(r.ID)
			if err := s.SetDeadline(ctx, tx, *ch.Deadline); err != nil {
				return err
			}
		}
		if ch.Deadline == nil && row.State == record.StateWithdrawn {
			if _, err := tx.ExecContext(ctx, s.q("DELETE FROM deadlines WHERE subject_type = 'record' AND subject_id = ?"), fmt.Sprint(r.ID)); err != nil {
				return err
			}
		}
		if err := s.applyDuties(ctx, tx, by, out, r, row, unitOrgID, ch); err != nil {
			return err
		}
		if err := s.enqueueDeliveries(ctx, tx, ch.Deliveries); err != nil {
			return err
		}
		if err := s.enqueueMails(ctx, tx, ch.Mails); err != nil {
			return err
		}
		if err := s.applyRectification(ctx, tx, by, r.ID, row.State, ch); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, by, Change{Action: out.Event(), ObjectType: "record", ObjectID: r.ID, OrgID: unitOrgID, Detail: detail})
	})
	return r, err
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// nextIndexNo takes the next sequence number of the issuer's counter and formats the index
// number; the counter row is locked by the update, so two publications never share one.
func (s *Store) nextIndexNo(ctx context.Context, tx *sql.Tx, p Publication, r record.Record) (string, error) {
	day := calendar.DateOf(r.PublishedAt)
	if r.PublishedAt.IsZero() {
		day = calendar.DateOf(s.now())
	}
	if p.Issuer == "" {
		return "", errs.E(errs.Conflict, "发布单位尚未设置统一社会信用代码，无法生成索引号：请单位管理员在机构设置中填写")
	}
	key := p.IndexPattern.CounterKey(p.Issuer, day)
	var seq int
	err := tx.QueryRowContext(ctx, s.q(`INSERT INTO index_counters (counter_key, next_seq) VALUES (?, 2)
		ON CONFLICT (counter_key) DO UPDATE SET next_seq = index_counters.next_seq + 1 RETURNING next_seq - 1`), key).Scan(&seq)
	if err != nil {
		return "", err
	}
	return p.IndexPattern.Format(p.Issuer, day, seq)
}

// RecordQuery selects records for lists.
type RecordQuery struct {
	UnitPath  string         // records of units in this subtree, or issued by an organisation in it
	UnitID    int64          // one unit
	Domain    string         //
	EntryKey  string         //
	Kinds     []record.Kind  // only these kinds (none: all)
	States    []record.State // of the revision staff work on (pending, else public or only)
	Published bool           // only records whose public revision is published (the public's view)
	// InForceOn, when set, keeps only documents in force (现行有效) on that day: validity
	// 有效, in force from their 施行日期, not yet lapsed or repealed.
	InForceOn calendar.Date
	Limit     int
	Offset    int
}

// Records lists records, newest first.
func (s *Store) Records(ctx context.Context, rq RecordQuery) ([]record.Item, error) {
	if rq.Limit <= 0 || rq.Limit > 500 {
		rq.Limit = 50
	}
	where, args := "1=1", []any{}
	if rq.UnitPath != "" {
		where += " AND (o.path LIKE ? OR i.path LIKE ?)"
		args = append(args, rq.UnitPath+"%", rq.UnitPath+"%")
	}
	if rq.UnitID != 0 {
		where += " AND r.unit_id = ?"
		args = append(args, rq.UnitID)
	}
	if rq.Domain != "" {
		where += " AND r.domain_code = ?"
		args = append(args, rq.Domain)
	}
	if rq.EntryKey != "" {
		where += " AND r.entry_key = ?"
		args = append(args, rq.EntryKey)
	}
	if rq.Published {
		where += " AND r.state = 'published'"
	}
	if len(rq.Kinds) > 0 {
		where += " AND r.kind IN (?" + strings.Repeat(", ?", len(rq.Kinds)-1) + ")"
		for _, k := range rq.Kinds {
			args = append(args, string(k))
		}
	}
	if !rq.InForceOn.IsZero() {
		day := rq.InForceOn.String()
		where += " AND r.validity = 'effective' AND (r.effective_on IS NULL OR r.effective_on <= ?) AND (r.ends_on IS NULL OR r.ends_on > ?)"
		args = append(args, day, day)
	}
	if len(rq.States) > 0 {
		where += " AND v.state IN ("
		for i, st := range rq.States {
			if i > 0 {
				where += ", "
			}
			where += "?"
			args = append(args, string(st))
		}
		where += ")"
	}
	order := "r.updated_at DESC, r.id DESC"
	if rq.Published {
		order = "r.published_at DESC, r.id DESC"
	}
	args = append(args, rq.Limit, rq.Offset)
	cols := "r." + recordColsPrefixed()
	return collect(ctx, s.db, s.q(`SELECT `+cols+`, v.revision, v.state, v.title, o.code, o.name FROM records r
		JOIN orgs o ON o.id = r.unit_id
		LEFT JOIN orgs i ON i.id = r.issuer_org_id
		JOIN record_revisions v ON v.record_id = r.id AND v.revision = CASE WHEN r.pending_revision <> 0 THEN r.pending_revision WHEN r.public_revision <> 0 THEN r.public_revision ELSE 1 END
		WHERE `+where+` ORDER BY `+order+` LIMIT ? OFFSET ?`), args, func(sc scanner) (record.Item, error) {
		var it record.Item
		var kind, state, vstate string
		var pub, wd, sched sql.NullTime
		var v validityDest
		dest := append([]any{&it.ID, &it.UnitID, &it.IssuerOrgID, &it.Domain, &it.EntryID, &it.EntryKey, &kind, &state, &it.Title, &it.PublicRevision, &it.PendingRevision,
			&it.IndexNo, &pub, &wd, &it.WithdrawReason, &sched, &it.CreatedAt, &it.Row.UpdatedAt}, v.targets(&it.Row)...)
		err := sc.Scan(append(dest, &it.Revision, &vstate, &it.RevisionTitle, &it.UnitCode, &it.UnitName)...)
		if err == nil {
			err = v.apply(&it.Row)
		}
		it.Kind, it.State, it.RevisionState = record.Kind(kind), record.State(state), record.State(vstate)
		it.PublishedAt, it.WithdrawnAt, it.ScheduledAt = pub.Time, wd.Time, sched.Time
		it.UpdatedAt = it.Row.UpdatedAt
		return it, err
	})
}

func recordColsPrefixed() string {
	return `id, r.unit_id, COALESCE(r.issuer_org_id, 0), r.domain_code, COALESCE(r.entry_id, 0), r.entry_key, r.kind, r.state, r.title, r.public_revision, r.pending_revision,
	COALESCE(r.index_no, ''), r.published_at, r.withdrawn_at, r.withdraw_reason, r.scheduled_at, r.created_at, r.updated_at,
	r.validity, COALESCE(r.effective_on, ''), COALESCE(r.ends_on, ''), r.repealed_by, COALESCE(r.repealed_from, '')`
}

// DueScheduled lists records with a revision scheduled at or before now.
func (s *Store) DueScheduled(ctx context.Context, now time.Time) ([]int64, error) {
	return collect(ctx, s.wdb, s.q("SELECT id FROM records WHERE scheduled_at IS NOT NULL AND scheduled_at <= ? ORDER BY scheduled_at"), []any{now.UTC()}, func(sc scanner) (int64, error) {
		var id int64
		err := sc.Scan(&id)
		return id, err
	})
}

// Attachments lists a revision's attachments in order.
func (s *Store) Attachments(ctx context.Context, recordID int64, revision int) ([]attach.Attachment, error) {
	return collect(ctx, s.db, s.q(`SELECT id, record_id, revision, position, name, media_type, size, hash, text, findings,
		unread, no_pii_confirmed_by, no_pii_confirmed_at, created_at
		FROM record_attachments WHERE record_id = ? AND revision = ? ORDER BY position, id`), []any{recordID, revision}, func(sc scanner) (attach.Attachment, error) {
		var a attach.Attachment
		var confirmed sql.NullTime
		err := sc.Scan(&a.ID, &a.RecordID, &a.Revision, &a.Position, &a.Name, &a.MediaType, &a.Size, &a.Hash, &a.Text, &a.Findings,
			&a.Unread, &a.ConfirmedBy, &confirmed, &a.CreatedAt)
		a.ConfirmedAt = confirmed.Time
		return a, err
	})
}

// PublicAttachment finds a public attachment of a record by its content hash. Only the files
// of the public revision of a published, proactively disclosed (主动公开) record are public:
// those of a 依申请公开 record are given to applicants, not to everyone, and those of older
// revisions were replaced. The records row carries the openness of its public revision.
func (s *Store) PublicAttachment(ctx context.Context, recordID int64, hash string) (attach.Attachment, error) {
	var a attach.Attachment
	err := s.db.QueryRowContext(ctx, s.q(`SELECT a.id, a.name, a.media_type, a.size, a.hash FROM record_attachments a JOIN records r ON r.id = a.record_id
		WHERE a.record_id = ? AND a.hash = ? AND r.state = 'published' AND r.openness = ? AND a.revision = r.public_revision`), recordID, hash, string(record.OpenProactive)).
		Scan(&a.ID, &a.Name, &a.MediaType, &a.Size, &a.Hash)
	if errors.Is(err, sql.ErrNoRows) {
		return a, errs.E(errs.NotFound, "附件不存在")
	}
	return a, err
}

func (s *Store) replaceAttachments(ctx context.Context, tx *sql.Tx, recordID int64, revision int, atts []attach.Attachment) error {
	if _, err := tx.ExecContext(ctx, s.q("DELETE FROM record_attachments WHERE record_id = ? AND revision = ?"), recordID, revision); err != nil {
		return err
	}
	for i, a := range atts {
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO record_attachments (record_id, revision, position, name, media_type, size, hash, text, findings,
			unread, no_pii_confirmed_by, no_pii_confirmed_at, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`), recordID, revision, i+1, a.Name, a.MediaType, a.Size, a.Hash, a.Text, a.Findings,
			a.Unread, a.ConfirmedBy, nullTime(a.ConfirmedAt), s.now()); err != nil {
			return err
		}
	}
	return nil
}

// Interpretations lists the published interpretations of a policy record.
func (s *Store) Interpretations(ctx context.Context, policyID int64) ([]record.Row, error) {
	return collect(ctx, s.db, s.q("SELECT "+recordCols+" FROM records WHERE policy_id = ? AND state = 'published' ORDER BY published_at, id"), []any{policyID}, scanRecordRow)
}

// DueDeadlines lists the records in the subtree at path that are not yet published and are
// due on or before until (overdue ones included), soonest first.
func (s *Store) DueDeadlines(ctx context.Context, path string, until calendar.Date) ([]record.DueItem, error) {
	return collect(ctx, s.db, s.q(`SELECT r.id, r.title, o.code, o.name, r.state, d.due_day, d.provisional FROM deadlines d
		JOIN records r ON d.subject_type = 'record' AND d.subject_id = CAST(r.id AS TEXT)
		JOIN orgs o ON o.id = r.unit_id
		LEFT JOIN orgs i ON i.id = r.issuer_org_id
		WHERE (o.path LIKE ? OR i.path LIKE ?) AND r.public_revision = 0 AND r.state <> 'withdrawn' AND d.due_day <= ? ORDER BY d.due_day, r.id LIMIT 200`),
		[]any{path + "%", path + "%", until.String()}, func(sc scanner) (record.DueItem, error) {
			var it record.DueItem
			var st, due string
			if err := sc.Scan(&it.RecordID, &it.Title, &it.UnitCode, &it.UnitName, &st, &due, &it.Provisional); err != nil {
				return it, err
			}
			it.State = record.State(st)
			d, err := calendar.ParseDate(due)
			it.Due = d
			return it, err
		})
}

// RecordLog is the audit trail of a record, oldest first.
func (s *Store) RecordLog(ctx context.Context, id int64) ([]audit.Entry, error) {
	return collect(ctx, s.db, s.q("SELECT "+auditCols+" FROM audit_log WHERE object_type = 'record' AND object_id = ? ORDER BY id"), []any{fmt.Sprint(id)}, scanAudit)
}

// PublishedRefs lists published records by ascending ID after afterID (for sitemaps), or the
// newest first when newest is set (for feeds), filtered by unit and domain codes.
func (s *Store) PublishedRefs(ctx context.Context, unitCode, domain string, afterID int64, limit int, newest bool) ([]record.PublishedRef, error) {
	where, args := "r.state = 'published' AND r.id > ?", []any{afterID}
	if unitCode != "" {
		where += " AND o.code = ?"
		args = append(args, unitCode)
	}
	if domain != "" {
		where += " AND r.domain_code = ?"
		args = append(args, domain)
	}
	order := "r.id"
	if newest {
		order = "r.published_at DESC, r.id DESC"
	}
	args = append(args, limit)
	return collect(ctx, s.db, s.q(`SELECT r.id, o.code, o.name, r.domain_code, r.title, r.published_at, r.updated_at FROM records r JOIN orgs o ON o.id = r.unit_id
		WHERE `+where+` ORDER BY `+order+` LIMIT ?`), args, func(sc scanner) (record.PublishedRef, error) {
		var p record.PublishedRef
		var pub sql.NullTime
		err := sc.Scan(&p.ID, &p.UnitCode, &p.UnitName, &p.Domain, &p.Title, &pub, &p.UpdatedAt)
		p.PublishedAt = pub.Time
		return p, err
	})
}

// MarkSampleRecords marks every revision of every record stored so far as sample data
// (record.Record.Sample): the demo dataset calls it once, when it is seeded, so that only its
// records carry the 示例数据 tag. Nothing else changes, not even a revision's updated_at.
func (s *Store) MarkSampleRecords(ctx context.Context) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		type rev struct {
			id   int64
			n    int
			data string
		}
		revs, err := collect(ctx, tx, s.q("SELECT record_id, revision, data FROM record_revisions"), nil, func(sc scanner) (rev, error) {
			var r rev
			err := sc.Scan(&r.id, &r.n, &r.data)
			return r, err
		})
		if err != nil {
			return err
		}
		for _, r := range revs {
			var m map[string]json.RawMessage
			if err := json.Unmarshal([]byte(r.data), &m); err != nil {
				return err
			}
			m["Sample"] = json.RawMessage("true")
			b, err := json.Marshal(m)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, s.q("UPDATE record_revisions SET data = ? WHERE record_id = ? AND revision = ?"), string(b), r.id, r.n); err != nil {
				return err
			}
		}
		return s.touchContent(ctx, tx)
	})
}
