package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"gongkai/internal/audit"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/participation"
)

// publicActor is how the audit log names a citizen's submission: no name, no address.
var publicActor = audit.Actor{Login: "public"}

// overLimit counts a client's comments and questions of the last hour inside tx.
func (s *Store) overLimit(ctx context.Context, tx *sql.Tx, client string, lim participation.Limits) error {
	since := s.now().Add(-time.Hour)
	var n int
	if err := tx.QueryRowContext(ctx, s.q(`SELECT (SELECT count(*) FROM consultation_comments WHERE client = ? AND received_at > ?)
		+ (SELECT count(*) FROM questions WHERE client = ? AND received_at > ?)`), client, since, client, since).Scan(&n); err != nil {
		return err
	}
	if n >= lim.PerHour {
		return participation.ErrTooOften
	}
	return nil
}

// AddComment stores a comment in the moderation queue unless the client is over its limit;
// the check and the insert are one transaction.
func (s *Store) AddComment(ctx context.Context, c participation.Comment, lim participation.Limits) (participation.Comment, error) {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.overLimit(ctx, tx, c.Client, lim); err != nil {
			return err
		}
		c.ReceivedAt, c.State = s.now(), participation.CommentPending
		if err := tx.QueryRowContext(ctx, s.q(`INSERT INTO consultation_comments (record_id, unit_id, text, name, contact, client, state, pii_findings, received_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`), c.RecordID, c.UnitID, c.Text, c.Name, c.Contact, c.Client, string(c.State), c.PIIFindings, c.ReceivedAt).Scan(&c.ID); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, publicActor, Change{Action: "comment.receive", ObjectType: "comment", ObjectID: c.ID, OrgID: c.UnitID,
			Detail: map[string]any{"record": c.RecordID, "pii_findings": c.PIIFindings}})
	})
	return c, err
}

const commentCols = `id, record_id, unit_id, text, name, contact, client, state, reject_reason, issue, pii_findings, received_at, moderated_at, COALESCE(moderated_by, 0)`

func scanComment(sc scanner) (participation.Comment, error) {
	var c participation.Comment
	var state, reason string
	var mod sql.NullTime
	err := sc.Scan(&c.ID, &c.RecordID, &c.UnitID, &c.Text, &c.Name, &c.Contact, &c.Client, &state, &reason, &c.Issue, &c.PIIFindings, &c.ReceivedAt, &mod, &c.ModeratedBy)
	c.State, c.RejectReason, c.ModeratedAt = participation.CommentState(state), participation.RejectReason(reason), mod.Time
	return c, err
}

// Comments lists a consultation's comments in one state ("" for all), oldest first.
func (s *Store) Comments(ctx context.Context, recordID int64, state participation.CommentState) ([]participation.Comment, error) {
	q, args := "SELECT "+commentCols+" FROM consultation_comments WHERE record_id = ?", []any{recordID}
	if state != "" {
		q += " AND state = ?"
		args = append(args, string(state))
	}
	return collect(ctx, s.db, s.q(q+" ORDER BY id"), args, scanComment)
}

// Comment returns one comment.
func (s *Store) Comment(ctx context.Context, id int64) (participation.Comment, error) {
	c, err := scanComment(s.db.QueryRowContext(ctx, s.q("SELECT "+commentCols+" FROM consultation_comments WHERE id = ?"), id))
	return c, notFound(err, "意见")
}

// ModerateComment stores a moderation decision made on a comment that was still pending
// (Conflict if someone decided it meanwhile), with its audit entry; a published comment
// changes the public page.
func (s *Store) ModerateComment(ctx context.Context, by audit.Actor, c participation.Comment) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q(`UPDATE consultation_comments SET state = ?, reject_reason = ?, issue = ?, moderated_at = ?, moderated_by = ?
			WHERE id = ? AND state = ?`), string(c.State), string(c.RejectReason), c.Issue, c.ModeratedAt.UTC(), c.ModeratedBy, c.ID, string(participation.CommentPending))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errs.E(errs.Conflict, "该意见已被他人处理，请刷新后重试")
		}
		if err := s.touchContent(ctx, tx); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, by, Change{Action: "comment." + string(c.State), ObjectType: "comment", ObjectID: c.ID, OrgID: c.UnitID,
			Detail: map[string]any{"record": c.RecordID, "reason": c.RejectReason, "issue": c.Issue}})
	})
}

// GroupComment sets the issue a comment is grouped under.
func (s *Store) GroupComment(ctx context.Context, by audit.Actor, c participation.Comment) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, s.q("UPDATE consultation_comments SET issue = ? WHERE id = ?"), c.Issue, c.ID); err != nil {
			return err
		}
		if err := s.touchContent(ctx, tx); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, by, Change{Action: "comment.group", ObjectType: "comment", ObjectID: c.ID, OrgID: c.UnitID,
			Detail: map[string]any{"record": c.RecordID, "issue": c.Issue}})
	})
}

// CommentCounts counts a consultation's comments by state and rejection reason.
func (s *Store) CommentCounts(ctx context.Context, recordID int64) (participation.Counts, error) {
	c := participation.Counts{Rejected: map[participation.RejectReason]int{}}
	rows, err := s.db.QueryContext(ctx, s.q("SELECT state, reject_reason, count(*) FROM consultation_comments WHERE record_id = ? GROUP BY state, reject_reason"), recordID)
	if err != nil {
		return c, err
	}
	defer rows.Close()
	for rows.Next() {
		var state, reason string
		var n int
		if err := rows.Scan(&state, &reason, &n); err != nil {
			return c, err
		}
		c.Received += n
		switch participation.CommentState(state) {
		case participation.CommentPending:
			c.Pending += n
		case participation.CommentPublished:
			c.Published += n
		case participation.CommentRejected:
			c.Rejected[participation.RejectReason(reason)] += n
		}
	}
	return c, rows.Err()
}

// Feedback returns a consultation's feedback (NotFound before any is written).
func (s *Store) Feedback(ctx context.Context, recordID int64) (participation.Feedback, error) {
	f := participation.Feedback{RecordID: recordID}
	var items string
	var pub sql.NullTime
	err := s.db.QueryRowContext(ctx, s.q("SELECT summary, items, updated_at, updated_by, published_at, COALESCE(published_by, 0) FROM consultation_feedback WHERE record_id = ?"), recordID).
		Scan(&f.Summary, &items, &f.UpdatedAt, &f.UpdatedBy, &pub, &f.PublishedBy)
	if err != nil {
		return f, notFound(err, "意见采纳情况")
	}
	f.PublishedAt = pub.Time
	return f, json.Unmarshal([]byte(items), &f.Items)
}

// SaveFeedback stores the feedback draft, or publishes it when f.PublishedAt is set. A
// published feedback is never changed (Conflict).
func (s *Store) SaveFeedback(ctx context.Context, by audit.Actor, unitID int64, f participation.Feedback) error {
	items, err := json.Marshal(f.Items)
	if err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		var pub sql.NullTime
		err := tx.QueryRowContext(ctx, s.q("SELECT published_at FROM consultation_feedback WHERE record_id = ?"+s.d.forUpdate), f.RecordID).Scan(&pub)
		switch {
		case err == sql.ErrNoRows:
			_, err = tx.ExecContext(ctx, s.q("INSERT INTO consultation_feedback (record_id, summary, items, updated_at, updated_by, published_at, published_by) VALUES (?, ?, ?, ?, ?, ?, ?)"),
				f.RecordID, f.Summary, string(items), s.now(), f.UpdatedBy, nullTime(f.PublishedAt), nullInt(f.PublishedBy))
		case err != nil:
		case pub.Valid:
			return errs.E(errs.Conflict, "意见采纳情况已公布，不能再修改")
		default:
			_, err = tx.ExecContext(ctx, s.q("UPDATE consultation_feedback SET summary = ?, items = ?, updated_at = ?, updated_by = ?, published_at = ?, published_by = ? WHERE record_id = ?"),
				f.Summary, string(items), s.now(), f.UpdatedBy, nullTime(f.PublishedAt), nullInt(f.PublishedBy), f.RecordID)
		}
		if err != nil {
			return err
		}
		action := "feedback.save"
		if f.Published() {
			action = "feedback.publish"
			if err := s.touchContent(ctx, tx); err != nil {
				return err
			}
		}
		return s.appendAudit(ctx, tx, by, Change{Action: action, ObjectType: "record", ObjectID: f.RecordID, OrgID: unitID,
			Detail: map[string]any{"items": len(f.Items), "adopted": f.AdoptedCount()}})
	})
}

func nullInt(n int64) any {
	if n == 0 {
		return nil
	}
	return n
}

// Consultations lists the IDs of a unit's consultation records in a state ("" for all),
// newest first.
func (s *Store) Consultations(ctx context.Context, unitID int64, published bool) ([]int64, error) {
	q := "SELECT id FROM records WHERE unit_id = ? AND kind = 'consultation'"
	if published {
		q += " AND state = 'published'"
	}
	return collect(ctx, s.db, s.q(q+" ORDER BY id DESC"), []any{unitID}, func(sc scanner) (int64, error) {
		var id int64
		return id, sc.Scan(&id)
	})
}

// FollowingRecords lists the records that name a consultation (its decisions), oldest first.
// The link lives in the revision data, so this reads the current revisions of the unit's
// records of kind policy and filters in Go: a unit has few decisions.
func (s *Store) FollowingRecords(ctx context.Context, unitID, consultationID int64) ([]int64, error) {
	type pair struct {
		id   int64
		data string
	}
	rows, err := collect(ctx, s.db, s.q(`SELECT r.id, v.data FROM records r JOIN record_revisions v ON v.record_id = r.id
		AND v.revision = CASE WHEN r.public_revision > 0 THEN r.public_revision ELSE 1 END
		WHERE r.unit_id = ? AND r.kind <> 'consultation' ORDER BY r.id`), []any{unitID}, func(sc scanner) (pair, error) {
		var p pair
		return p, sc.Scan(&p.id, &p.data)
	})
	if err != nil {
		return nil, err
	}
	var out []int64
	for _, p := range rows {
		var link struct{ ConsultationID int64 }
		if json.Unmarshal([]byte(p.data), &link) == nil && link.ConsultationID == consultationID {
			out = append(out, p.id)
		}
	}
	return out, nil
}

// AddQuestion stores a question unless the client is over its limit, with its first event.
// tokenHash is the hash of the asker's status token; the tracking number is formed from the
// unit code, the day and the count of the unit's questions that day.
func (s *Store) AddQuestion(ctx context.Context, q participation.Question, unitCode, tokenHash string, lim participation.Limits) (participation.Question, error) {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.overLimit(ctx, tx, q.Client, lim); err != nil {
			return err
		}
		q.ReceivedAt, q.State = s.now(), participation.QuestionReceived
		day := calendar.DateOf(q.ReceivedAt)
		var n int
		prefix := unitCode + "-" + compactDay(day) + "-"
		if err := tx.QueryRowContext(ctx, s.q("SELECT count(*) FROM questions WHERE tracking_no LIKE ?"), prefix+"%").Scan(&n); err != nil {
			return err
		}
		q.TrackingNo = prefix + pad4(n+1)
		if err := tx.QueryRowContext(ctx, s.q(`INSERT INTO questions (unit_id, body_org_id, domain_code, entry_key, tracking_no, token_hash, title, text, name, contact, allow_public, client, state, received_at, due_day)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`), q.UnitID, q.BodyOrgID, q.Domain, q.EntryKey, q.TrackingNo, tokenHash, q.Title, q.Text, q.Name, q.Contact,
			q.AllowPublic, q.Client, string(q.State), q.ReceivedAt, q.Due.String()).Scan(&q.ID); err != nil {
			return err
		}
		if err := s.questionEvent(ctx, tx, q.ID, "received", ""); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, publicActor, Change{Action: "question.receive", ObjectType: "question", ObjectID: q.ID, OrgID: q.UnitID,
			Detail: map[string]any{"tracking_no": q.TrackingNo, "due": q.Due.String()}})
	})
	return q, err
}

func compactDay(d calendar.Date) string {
	y, m, dd := d.Civil()
	return pad4(y) + pad2(int(m)) + pad2(dd)
}

func pad2(n int) string { return string([]byte{byte('0' + n/10%10), byte('0' + n%10)}) }
func pad4(n int) string { return pad2(n/100) + pad2(n%100) }

func (s *Store) questionEvent(ctx context.Context, tx *sql.Tx, id int64, kind, note string) error {
	_, err := tx.ExecContext(ctx, s.q("INSERT INTO question_events (question_id, at, kind, note) VALUES (?, ?, ?, ?)"), id, s.now(), kind, note)
	return err
}

const questionCols = `id, unit_id, body_org_id, domain_code, entry_key, tracking_no, title, text, name, contact, allow_public, private_reason, client, state,
	received_at, due_day, extended, extend_reason, assigned_to, answer_html, drafted_by, drafted_at, return_opinion, approved_by, answered_at, rating, rated_at`

func scanQuestion(sc scanner) (participation.Question, error) {
	var q participation.Question
	var state, due string
	var drafted, answered, rated sql.NullTime
	err := sc.Scan(&q.ID, &q.UnitID, &q.BodyOrgID, &q.Domain, &q.EntryKey, &q.TrackingNo, &q.Title, &q.Text, &q.Name, &q.Contact, &q.AllowPublic, &q.PrivateReason, &q.Client, &state,
		&q.ReceivedAt, &due, &q.Extended, &q.ExtendReason, &q.AssignedTo, &q.AnswerHTML, &q.DraftedBy, &drafted, &q.ReturnOpinion, &q.ApprovedBy, &answered, &q.Rating, &rated)
	if err != nil {
		return q, err
	}
	q.State = participation.QuestionState(state)
	q.DraftedAt, q.AnsweredAt, q.RatedAt = drafted.Time, answered.Time, rated.Time
	q.Due, err = calendar.ParseDate(due)
	return q, err
}

// Question returns one question.
func (s *Store) Question(ctx context.Context, id int64) (participation.Question, error) {
	q, err := scanQuestion(s.db.QueryRowContext(ctx, s.q("SELECT "+questionCols+" FROM questions WHERE id = ?"), id))
	return q, notFound(err, "留言")
}

// QuestionByToken returns the question whose status token hashes to tokenHash.
func (s *Store) QuestionByToken(ctx context.Context, tokenHash string) (participation.Question, error) {
	q, err := scanQuestion(s.db.QueryRowContext(ctx, s.q("SELECT "+questionCols+" FROM questions WHERE token_hash = ?"), tokenHash))
	return q, notFound(err, "留言")
}

// Questions lists questions, newest first: of one unit (unitID) or of the units and bodies in
// a subtree (unitPath), in one state ("" for all), only the published Q&A when public is set.
func (s *Store) Questions(ctx context.Context, unitID int64, unitPath string, state participation.QuestionState, public bool, limit int) ([]participation.Question, error) {
	q := "SELECT " + questionCols + " FROM questions WHERE 1 = 1"
	var args []any
	if unitID != 0 {
		q += " AND unit_id = ?"
		args = append(args, unitID)
	}
	if unitPath != "" {
		// The questions of units in the subtree, and those routed to a body in it.
		q += " AND (unit_id IN (SELECT id FROM orgs WHERE path LIKE ?) OR body_org_id IN (SELECT id FROM orgs WHERE path LIKE ?))"
		args = append(args, unitPath+"%", unitPath+"%")
	}
	if state != "" {
		q += " AND state = ?"
		args = append(args, string(state))
	}
	if public {
		q += " AND state = 'answered' AND allow_public = ? AND private_reason = ''"
		args = append(args, true)
	}
	q += " ORDER BY id DESC"
	if limit > 0 {
		q += " LIMIT ?"
		args = append(args, limit)
	}
	return collect(ctx, s.db, s.q(q), args, scanQuestion)
}

// QuestionEvents lists a question's steps, oldest first.
func (s *Store) QuestionEvents(ctx context.Context, id int64) ([]participation.Event, error) {
	return collect(ctx, s.db, s.q("SELECT at, kind, note FROM question_events WHERE question_id = ? ORDER BY id"), []any{id}, func(sc scanner) (participation.Event, error) {
		var e participation.Event
		return e, sc.Scan(&e.At, &e.Kind, &e.Note)
	})
}

// UpdateQuestion stores a question after a step decided from the state `from` (Conflict if
// it has moved since), with its event for the asker and its audit entry. public says whether
// the public Q&A changes.
func (s *Store) UpdateQuestion(ctx context.Context, by audit.Actor, q participation.Question, from participation.QuestionState, event, note string, public bool) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q(`UPDATE questions SET state = ?, private_reason = ?, due_day = ?, extended = ?, extend_reason = ?, assigned_to = ?,
			answer_html = ?, drafted_by = ?, drafted_at = ?, return_opinion = ?, approved_by = ?, answered_at = ?, rating = ?, rated_at = ?
			WHERE id = ? AND state = ?`), string(q.State), q.PrivateReason, q.Due.String(), q.Extended, q.ExtendReason, q.AssignedTo,
			q.AnswerHTML, q.DraftedBy, nullTime(q.DraftedAt), q.ReturnOpinion, q.ApprovedBy, nullTime(q.AnsweredAt), q.Rating, nullTime(q.RatedAt), q.ID, string(from))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errs.E(errs.Conflict, "该留言已被他人处理，请刷新后重试")
		}
		if event != "" {
			if err := s.questionEvent(ctx, tx, q.ID, event, note); err != nil {
				return err
			}
		}
		if public {
			if err := s.touchContent(ctx, tx); err != nil {
				return err
			}
		}
		return s.appendAudit(ctx, tx, by, Change{Action: "question." + event, ObjectType: "question", ObjectID: q.ID, OrgID: q.UnitID,
			Detail: map[string]any{"tracking_no": q.TrackingNo, "from": from, "to": q.State, "note": note}})
	})
}
