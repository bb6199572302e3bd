package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"gongkai/internal/attach"
	"gongkai/internal/audit"
	"gongkai/internal/calendar"
	"gongkai/internal/request"
)

// RequestQuery selects requests of the units whose path starts with Path.
type RequestQuery struct {
	Path     string
	UnitID   int64 // 0: every unit under Path
	Received [2]calendar.Date
	Limit    int
}

const requestCols = `r.id, r.unit_id, r.tracking_no, r.applicant_kind, r.name, r.agent, r.id_kind, r.id_no, r.phone, r.email, r.address,
	r.description, r.purpose, r.form, r.delivery, r.channel, r.received_on, r.reply_state, r.reply_type, r.reply_reason,
	r.reply_basis, r.reply_body, r.reply_by, r.reviewed_by, r.approved_by, r.answered_on, r.created_at, r.created_by`

func scanRequest(sc scanner) (request.Request, error) {
	var x request.Request
	a := &x.Application
	ap := &a.Applicant
	var kind, channel, received, state, rtype, answered string
	err := sc.Scan(&x.ID, &x.UnitID, &x.TrackingNo, &kind, &ap.Name, &ap.Agent, &ap.IDKind, &ap.IDNo, &ap.Phone, &ap.Email, &ap.Address,
		&a.Description, &a.Purpose, &a.Form, &a.Delivery, &channel, &received, &state, &rtype, &x.Reply.Reason,
		&x.Reply.Basis, &x.Reply.Body, &x.ReplyBy, &x.ReviewedBy, &x.ApprovedBy, &answered, &x.CreatedAt, &x.CreatedBy)
	if err != nil {
		return x, err
	}
	ap.Kind, a.Channel, x.ReplyState, x.Reply.Type = request.ApplicantKind(kind), request.Channel(channel), request.ReplyState(state), request.ReplyType(rtype)
	if a.Received, err = calendar.ParseDate(received); err != nil {
		return x, err
	}
	if answered != "" {
		x.Answered, err = calendar.ParseDate(answered)
	}
	return x, err
}

func dayText(d calendar.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

func parseDay(s string) (calendar.Date, error) {
	if s == "" {
		return calendar.Date{}, nil
	}
	return calendar.ParseDate(s)
}

// AddRequest stores a new application of the unit with its tracking number, made from the unit
// code, the year of receipt and a sequence of that unit and year, and the hash of its status
// token. The caller validated it.
//
// perHour > 0 bounds the applications from one address (by.IP) to the unit in the last hour,
// counted in the unit's newest audit entries inside the same lock, so that parallel posts
// cannot all pass.
func (s *Store) AddRequest(ctx context.Context, by audit.Actor, unitID int64, unitCode string, a request.Application, tokenHash string, perHour int) (request.Request, error) {
	x := request.Request{UnitID: unitID, Application: a, CreatedBy: by.Login, CreatedAt: s.now()}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		// The audit lock serialises the sequence too.
		if err := s.d.lock(ctx, tx, lockAudit); err != nil {
			return err
		}
		if perHour > 0 {
			var n int
			if err := tx.QueryRowContext(ctx, s.q(`SELECT count(*) FROM (SELECT action, ip, at FROM audit_log WHERE org_id = ? ORDER BY id DESC LIMIT 5000) recent
				WHERE action = 'request.create' AND ip = ? AND at > ?`), unitID, by.IP, x.CreatedAt.Add(-time.Hour)).Scan(&n); err != nil {
				return err
			}
			if n >= perHour {
				return request.ErrTooOften
			}
		}
		prefix := fmt.Sprintf("%s-%d-", unitCode, a.Received.Year())
		var n int
		if err := tx.QueryRowContext(ctx, s.q("SELECT count(*) FROM requests WHERE tracking_no LIKE ?"), prefix+"%").Scan(&n); err != nil {
			return err
		}
		x.TrackingNo = fmt.Sprintf("%s%05d", prefix, n+1)
		ap := a.Applicant
		if err := tx.QueryRowContext(ctx, s.q(`INSERT INTO requests (unit_id, tracking_no, token_hash, applicant_kind, name, agent, id_kind, id_no, phone, email, address,
			description, purpose, form, delivery, channel, received_on, created_at, created_by)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			unitID, x.TrackingNo, tokenHash, string(ap.Kind), strings.TrimSpace(ap.Name), strings.TrimSpace(ap.Agent), ap.IDKind, strings.TrimSpace(ap.IDNo),
			strings.TrimSpace(ap.Phone), strings.TrimSpace(ap.Email), strings.TrimSpace(ap.Address), strings.TrimSpace(a.Description), strings.TrimSpace(a.Purpose),
			a.Form, a.Delivery, string(a.Channel), a.Received.String(), x.CreatedAt, by.Login).Scan(&x.ID); err != nil {
			return err
		}
		// The audit entry names the request, never the applicant.
		return s.appendAudit(ctx, tx, by, Change{Action: "request.create", ObjectType: "request", ObjectID: x.ID, OrgID: unitID,
			Detail: map[string]string{"tracking_no": x.TrackingNo, "channel": string(a.Channel), "received_on": a.Received.String()}})
	})
	return x, err
}

// Request loads one request with its events and appeals.
func (s *Store) Request(ctx context.Context, id int64) (request.Request, error) {
	x, err := scanRequest(s.db.QueryRowContext(ctx, s.q("SELECT "+requestCols+" FROM requests r WHERE r.id = ?"), id))
	if err != nil {
		return x, notFound(err, "申请")
	}
	return x, s.fillRequest(ctx, s.db, &x)
}

// RequestByToken loads the request whose status token hashes to tokenHash.
func (s *Store) RequestByToken(ctx context.Context, tokenHash string) (request.Request, error) {
	x, err := scanRequest(s.db.QueryRowContext(ctx, s.q("SELECT "+requestCols+" FROM requests r WHERE r.token_hash = ?"), tokenHash))
	if err != nil {
		return x, notFound(err, "申请")
	}
	return x, s.fillRequest(ctx, s.db, &x)
}

func (s *Store) fillRequest(ctx context.Context, q queryer, x *request.Request) error {
	evs, err := s.requestEvents(ctx, q, "e.request_id = ?", []any{x.ID})
	if err != nil {
		return err
	}
	aps, err := s.requestAppeals(ctx, q, "a.request_id = ?", []any{x.ID})
	if err != nil {
		return err
	}
	x.Events, x.Appeals = evs[x.ID], aps[x.ID]
	x.Files, err = s.files(ctx, q, filesOfRequest, x.ID)
	return err
}

const requestFrom = " FROM requests r JOIN orgs o ON o.id = r.unit_id WHERE "

// requestEvents loads the events of the requests matching where (over r and o), by request.
func (s *Store) requestEvents(ctx context.Context, q queryer, where string, args []any) (map[int64][]request.Event, error) {
	type row struct {
		id int64
		e  request.Event
	}
	rows, err := collect(ctx, q, s.q("SELECT e.request_id, e.kind, e.on_day, e.until_day, e.days, e.party, e.fee, e.note FROM request_events e"+
		" JOIN requests r ON r.id = e.request_id JOIN orgs o ON o.id = r.unit_id WHERE "+where+" ORDER BY e.request_id, e.seq"), args,
		func(sc scanner) (row, error) {
			var x row
			var kind, on, until string
			if err := sc.Scan(&x.id, &kind, &on, &until, &x.e.Days, &x.e.Party, &x.e.Fee, &x.e.Note); err != nil {
				return x, err
			}
			x.e.Kind = request.EventKind(kind)
			var err error
			if x.e.On, err = parseDay(on); err != nil {
				return x, err
			}
			x.e.Until, err = parseDay(until)
			return x, err
		})
	out := map[int64][]request.Event{}
	for _, r := range rows {
		out[r.id] = append(out[r.id], r.e)
	}
	return out, err
}

// requestAppeals loads the appeals of the requests matching where (over r and o), by request.
func (s *Store) requestAppeals(ctx context.Context, q queryer, where string, args []any) (map[int64][]request.Appeal, error) {
	rows, err := collect(ctx, q, s.q("SELECT a.id, a.request_id, a.kind, a.filed_on, a.outcome, a.decided_on, a.note FROM request_appeals a"+
		" JOIN requests r ON r.id = a.request_id JOIN orgs o ON o.id = r.unit_id WHERE "+where+" ORDER BY a.request_id, a.id"), args, scanAppeal)
	out := map[int64][]request.Appeal{}
	for _, a := range rows {
		out[a.Request] = append(out[a.Request], a)
	}
	return out, err
}

func scanAppeal(sc scanner) (request.Appeal, error) {
	var a request.Appeal
	var kind, filed, outcome, decided string
	if err := sc.Scan(&a.ID, &a.Request, &kind, &filed, &outcome, &decided, &a.Note); err != nil {
		return a, err
	}
	a.Kind, a.Outcome = request.AppealKind(kind), request.Outcome(outcome)
	var err error
	if a.Filed, err = parseDay(filed); err != nil {
		return a, err
	}
	a.Decided, err = parseDay(decided)
	return a, err
}

// Requests lists the requests of the query with their events and appeals, newest receipt first.
func (s *Store) Requests(ctx context.Context, rq RequestQuery) ([]request.Request, error) {
	where := []string{"o.path LIKE ?"}
	args := []any{rq.Path + "%"}
	if rq.UnitID != 0 {
		where, args = append(where, "r.unit_id = ?"), append(args, rq.UnitID)
	}
	if !rq.Received[0].IsZero() {
		where, args = append(where, "r.received_on >= ?"), append(args, rq.Received[0].String())
	}
	if !rq.Received[1].IsZero() {
		where, args = append(where, "r.received_on <= ?"), append(args, rq.Received[1].String())
	}
	limit := rq.Limit
	if limit <= 0 {
		limit = 100000
	}
	cond := strings.Join(where, " AND ")
	out, err := collect(ctx, s.db, s.q("SELECT "+requestCols+requestFrom+cond+" ORDER BY r.received_on DESC, r.id DESC LIMIT ?"), append(args, limit), scanRequest)
	if err != nil || len(out) == 0 {
		return out, err
	}
	// Events and appeals of every listed request in two queries, not two per request.
	evs, err := s.requestEvents(ctx, s.db, cond, args)
	if err != nil {
		return nil, err
	}
	aps, err := s.requestAppeals(ctx, s.db, cond, args)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Events, out[i].Appeals = evs[out[i].ID], aps[out[i].ID]
	}
	return out, nil
}

// RequestChange is a change to a request: the checks run inside the transaction, on the request
// as it is then, so that two staff acting at once cannot both pass them.
type RequestChange struct {
	Action string
	Detail any
	// Apply decides on the current request and returns it changed; an error changes nothing.
	Apply func(request.Request) (request.Request, error)
	// ReplaceFiles: the reply's attachments become Files (a new draft brings its own).
	ReplaceFiles bool
	Files        []attach.Attachment
}

// ChangeRequest loads the request in a write transaction, applies the change and stores the new
// events, reply and appeals with an audit entry.
func (s *Store) ChangeRequest(ctx context.Context, by audit.Actor, id int64, c RequestChange) (request.Request, error) {
	var out request.Request
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.d.lock(ctx, tx, lockAudit); err != nil {
			return err
		}
		x, err := scanRequest(tx.QueryRowContext(ctx, s.q("SELECT "+requestCols+" FROM requests r WHERE r.id = ?"), id))
		if err != nil {
			return notFound(err, "申请")
		}
		if err := s.fillRequest(ctx, tx, &x); err != nil {
			return err
		}
		y, err := c.Apply(x)
		if err != nil {
			return err
		}
		now := s.now()
		for i := len(x.Events); i < len(y.Events); i++ {
			e := y.Events[i]
			if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO request_events (request_id, seq, kind, on_day, until_day, days, party, fee, note, created_at, created_by)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`), id, i+1, string(e.Kind), e.On.String(), dayText(e.Until), e.Days, e.Party, e.Fee, e.Note, now, by.Login); err != nil {
				return err
			}
		}
		for _, a := range y.Appeals {
			if a.ID == 0 {
				if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO request_appeals (request_id, kind, filed_on, outcome, decided_on, note, created_at, created_by)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?)`), id, string(a.Kind), a.Filed.String(), string(a.Outcome), dayText(a.Decided), a.Note, now, by.Login); err != nil {
					return err
				}
				continue
			}
			if _, err := tx.ExecContext(ctx, s.q("UPDATE request_appeals SET outcome = ?, decided_on = ?, note = ? WHERE id = ? AND request_id = ?"),
				string(a.Outcome), dayText(a.Decided), a.Note, a.ID, id); err != nil {
				return err
			}
		}
		if c.ReplaceFiles {
			if _, err := tx.ExecContext(ctx, s.q("DELETE FROM attached_files WHERE subject_type = ? AND subject_id = ?"), filesOfRequest, id); err != nil {
				return err
			}
			if err := s.insertFiles(ctx, tx, filesOfRequest, id, c.Files); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE requests SET reply_state = ?, reply_type = ?, reply_reason = ?, reply_basis = ?, reply_body = ?,
			reply_by = ?, reviewed_by = ?, approved_by = ?, answered_on = ? WHERE id = ?`), string(y.ReplyState), string(y.Reply.Type), y.Reply.Reason, y.Reply.Basis, y.Reply.Body,
			y.ReplyBy, y.ReviewedBy, y.ApprovedBy, dayText(y.Answered), id); err != nil {
			return err
		}
		if err := s.appendAudit(ctx, tx, by, Change{Action: c.Action, ObjectType: "request", ObjectID: id, OrgID: x.UnitID, Detail: c.Detail}); err != nil {
			return err
		}
		out = y
		return s.fillRequest(ctx, tx, &out)
	})
	return out, err
}
