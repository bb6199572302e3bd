package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"gongkai/internal/audit"
	"gongkai/internal/calendar"
	"gongkai/internal/campaign"
	"gongkai/internal/errs"
	"gongkai/internal/notify"
)

// plan is what a campaign keeps as JSON: everything but its document columns.
type plan struct {
	Units         []campaign.Participant
	Phases        []campaign.Phase
	Cadences      campaign.Cadences
	ReportsUntil  calendar.Date
	Rectification *campaign.Rectification `json:",omitempty"`
}

func scanCampaign(sc scanner) (campaign.Campaign, error) {
	var c campaign.Campaign
	var issued, pl string
	if err := sc.Scan(&c.ID, &c.Name, &c.DocNo, &issued, &c.DocText, &c.DocLink, &pl, &c.Public, &c.CreatedAt); err != nil {
		return c, err
	}
	c.IssuedOn, _ = calendar.ParseDate(issued)
	var p plan
	if err := json.Unmarshal([]byte(pl), &p); err != nil {
		return c, err
	}
	c.Units, c.Phases, c.Cadences, c.ReportsUntil, c.Rectification = p.Units, p.Phases, p.Cadences, p.ReportsUntil, p.Rectification
	return c, nil
}

const campaignColumns = "id, name, doc_no, issued_on, doc_text, doc_link, plan, public, created_at"

// Campaigns lists every campaign, newest issue first.
func (s *Store) Campaigns(ctx context.Context) ([]campaign.Campaign, error) {
	return collect(ctx, s.db, "SELECT "+campaignColumns+" FROM campaigns ORDER BY issued_on DESC, id DESC", nil, scanCampaign)
}

// Campaign returns one campaign.
func (s *Store) Campaign(ctx context.Context, id int64) (campaign.Campaign, error) {
	c, err := scanCampaign(s.db.QueryRowContext(ctx, s.q("SELECT "+campaignColumns+" FROM campaigns WHERE id = ?"), id))
	return c, notFound(err, "试点工作")
}

// SaveCampaign creates a campaign (c.ID 0) or changes one, with its participating units
// (organisation ids in the order of c.Units) and its generated obligations, in one
// transaction. On a change obligations are matched by (organisation, key): one with a
// submission is never removed nor changed; one without a submission whose due day is today
// or later takes the new title, due day and recipients, or is removed when the plan no
// longer generates it; past ones without a submission stay as they were. It returns the id.
func (s *Store) SaveCampaign(ctx context.Context, by audit.Actor, c campaign.Campaign, unitIDs []int64, obs []campaign.Obligation, today calendar.Date, sample bool) (int64, error) {
	var id int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		id, err = s.saveCampaign(ctx, tx, by, c, unitIDs, obs, today, sample)
		return err
	})
	return id, err
}

// saveCampaign is SaveCampaign in the caller's transaction.
func (s *Store) saveCampaign(ctx context.Context, tx *sql.Tx, by audit.Actor, c campaign.Campaign, unitIDs []int64, obs []campaign.Obligation, today calendar.Date, sample bool) (int64, error) {
	pl, err := json.Marshal(plan{Units: c.Units, Phases: c.Phases, Cadences: c.Cadences, ReportsUntil: c.ReportsUntil, Rectification: c.Rectification})
	if err != nil {
		return 0, err
	}
	id := c.ID
	err = func() error {
		now := s.now()
		action := "campaign.update"
		if id == 0 {
			action = "campaign.create"
			if err := tx.QueryRowContext(ctx, s.q(`INSERT INTO campaigns (name, doc_no, issued_on, doc_text, doc_link, plan, public, sample, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`), c.Name, c.DocNo, c.IssuedOn.String(), c.DocText, c.DocLink, string(pl), c.Public, sample, now, now).Scan(&id); err != nil {
				return err
			}
		} else {
			res, err := tx.ExecContext(ctx, s.q(`UPDATE campaigns SET name = ?, doc_no = ?, issued_on = ?, doc_text = ?, doc_link = ?, plan = ?, public = ?, updated_at = ? WHERE id = ?`),
				c.Name, c.DocNo, c.IssuedOn.String(), c.DocText, c.DocLink, string(pl), c.Public, now, id)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return errs.E(errs.NotFound, "试点工作不存在")
			}
			if _, err := tx.ExecContext(ctx, s.q("DELETE FROM campaign_units WHERE campaign_id = ?"), id); err != nil {
				return err
			}
		}
		for i, u := range c.Units {
			if _, err := tx.ExecContext(ctx, s.q("INSERT INTO campaign_units (campaign_id, org_id, domains, sort) VALUES (?, ?, ?, ?)"),
				id, unitIDs[i], strings.Join(u.Domains, ","), i); err != nil {
				return err
			}
		}
		kept, added, removed, err := s.regenerate(ctx, tx, id, obs, today)
		if err != nil {
			return err
		}
		// The special topic shows public campaigns; a campaign made private must leave it too.
		if err := s.touchContent(ctx, tx); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, by, Change{Action: action, ObjectType: "campaign", ObjectID: id,
			Detail: map[string]any{"name": c.Name, "units": len(c.Units), "obligations_added": added, "obligations_updated": kept, "obligations_removed": removed}})
	}()
	return id, err
}

// RegenerateObligations brings a campaign's stored obligations in line with obs, generated
// again after a change of something they depend on other than the campaign itself (why:
// "calendar"), with the rules of an edit (regenerate) and an audit entry, in one
// transaction.
func (s *Store) RegenerateObligations(ctx context.Context, by audit.Actor, campaignID int64, obs []campaign.Obligation, today calendar.Date, why string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		updated, added, removed, err := s.regenerate(ctx, tx, campaignID, obs, today)
		if err != nil {
			return err
		}
		if err := s.touchContent(ctx, tx); err != nil { // the special topic shows the phases' due days
			return err
		}
		return s.appendAudit(ctx, tx, by, Change{Action: "campaign.regenerate", ObjectType: "campaign", ObjectID: campaignID,
			Detail: map[string]any{"why": why, "obligations_added": added, "obligations_updated": updated, "obligations_removed": removed}})
	})
}

// regenerate brings the stored obligations of a campaign in line with obs.
func (s *Store) regenerate(ctx context.Context, tx *sql.Tx, campaignID int64, obs []campaign.Obligation, today calendar.Date) (updated, added, removed int, err error) {
	type have struct {
		id      int64
		version int
		due     string
	}
	existing := map[string]have{}
	rows, err := tx.QueryContext(ctx, s.q("SELECT id, org_id, okey, version, due_day FROM obligations WHERE campaign_id = ?"), campaignID)
	if err != nil {
		return 0, 0, 0, err
	}
	for rows.Next() {
		var h have
		var org int64
		var key string
		if err := rows.Scan(&h.id, &org, &key, &h.version, &h.due); err != nil {
			rows.Close()
			return 0, 0, 0, err
		}
		existing[strconv.FormatInt(org, 10)+"|"+key] = h
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, 0, 0, err
	}
	future := func(due string) bool { return due >= today.String() }
	ins, err := tx.PrepareContext(ctx, s.q(`INSERT INTO obligations (campaign_id, org_id, okey, kind, title, phase, period_start, period_end, due_day, recipients)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`))
	if err != nil {
		return 0, 0, 0, err
	}
	defer ins.Close()
	upd, err := tx.PrepareContext(ctx, s.q(`UPDATE obligations SET kind = ?, title = ?, phase = ?, period_start = ?, period_end = ?, due_day = ?, recipients = ? WHERE id = ?`))
	if err != nil {
		return 0, 0, 0, err
	}
	defer upd.Close()
	for _, o := range obs {
		k := strconv.FormatInt(o.OrgID, 10) + "|" + o.Key
		h, ok := existing[k]
		delete(existing, k)
		args := []any{string(o.Kind), o.Title, o.Phase, o.PeriodStart.String(), o.PeriodEnd.String(), o.Due.String(), joinIDs(o.Recipients)}
		switch {
		case !ok:
			if _, err := ins.ExecContext(ctx, append([]any{campaignID, o.OrgID, o.Key}, args...)...); err != nil {
				return 0, 0, 0, err
			}
			added++
		case h.version == 0 && (future(h.due) || future(o.Due.String())):
			if _, err := upd.ExecContext(ctx, append(args, h.id)...); err != nil {
				return 0, 0, 0, err
			}
			updated++
		}
	}
	for _, h := range existing {
		if h.version == 0 && future(h.due) {
			if _, err := tx.ExecContext(ctx, s.q("DELETE FROM obligations WHERE id = ?"), h.id); err != nil {
				return 0, 0, 0, err
			}
			removed++
		}
	}
	return updated, added, removed, nil
}

func joinIDs(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(parts, ",")
}

func splitIDs(s string) []int64 {
	var out []int64
	for p := range strings.SplitSeq(s, ",") {
		if id, err := strconv.ParseInt(p, 10, 64); err == nil {
			out = append(out, id)
		}
	}
	return out
}

// ObligationQuery selects obligations: of one campaign (0: all), of the organisations
// under Path (""): all), of one organisation, of one kind, due in [DueFrom, DueTo].
type ObligationQuery struct {
	CampaignID int64
	Path       string
	OrgID      int64
	Kind       campaign.Kind
	DueFrom    calendar.Date
	DueTo      calendar.Date
}

const obligationColumns = `ob.id, ob.campaign_id, ob.org_id, o.code, o.name, o.kind, ob.okey, ob.kind, ob.title, ob.phase, ob.period_start, ob.period_end,
	ob.due_day, ob.recipients, ob.version, ob.submitted_on, ob.status, ob.public`

func scanObligation(sc scanner) (campaign.Obligation, error) {
	var o campaign.Obligation
	var orgKind, kind, ps, pe, due, rec, sub, status string
	err := sc.Scan(&o.ID, &o.CampaignID, &o.OrgID, &o.OrgCode, &o.OrgName, &orgKind, &o.Key, &kind, &o.Title, &o.Phase, &ps, &pe, &due, &rec, &o.Version, &sub, &status, &o.Public)
	o.Kind, o.Status = campaign.Kind(kind), campaign.SubmissionStatus(status)
	switch orgKind {
	case "unit":
		o.Owner = campaign.OwnerUnit
	case "city":
		o.Owner = campaign.OwnerCity
	case "province_dept":
		o.Owner = campaign.OwnerDepartment
	case "province":
		o.Owner = campaign.OwnerProvince
	}
	o.PeriodStart, _ = calendar.ParseDate(ps)
	o.PeriodEnd, _ = calendar.ParseDate(pe)
	o.Due, _ = calendar.ParseDate(due)
	o.SubmittedOn, _ = calendar.ParseDate(sub)
	o.Recipients = splitIDs(rec)
	return o, err
}

// Obligations lists obligations by due day and owner.
func (s *Store) Obligations(ctx context.Context, q ObligationQuery) ([]campaign.Obligation, error) {
	where := []string{"1 = 1"}
	var args []any
	if q.CampaignID != 0 {
		where, args = append(where, "ob.campaign_id = ?"), append(args, q.CampaignID)
	}
	if q.Path != "" {
		where, args = append(where, "o.path LIKE ?"), append(args, q.Path+"%")
	}
	if q.OrgID != 0 {
		where, args = append(where, "ob.org_id = ?"), append(args, q.OrgID)
	}
	if q.Kind != "" {
		where, args = append(where, "ob.kind = ?"), append(args, string(q.Kind))
	}
	if !q.DueFrom.IsZero() {
		where, args = append(where, "ob.due_day >= ?"), append(args, q.DueFrom.String())
	}
	if !q.DueTo.IsZero() {
		where, args = append(where, "ob.due_day <= ?"), append(args, q.DueTo.String())
	}
	return collect(ctx, s.db, s.q("SELECT "+obligationColumns+" FROM obligations ob JOIN orgs o ON o.id = ob.org_id WHERE "+strings.Join(where, " AND ")+
		" ORDER BY ob.due_day, o.path, ob.id"), args, scanObligation)
}

// Obligation returns one obligation.
func (s *Store) Obligation(ctx context.Context, id int64) (campaign.Obligation, error) {
	o, err := scanObligation(s.db.QueryRowContext(ctx, s.q("SELECT "+obligationColumns+" FROM obligations ob JOIN orgs o ON o.id = ob.org_id WHERE ob.id = ?"), id))
	return o, notFound(err, "报送事项")
}

const submissionColumns = `s.id, s.obligation_id, s.version, s.summary, s.progress, s.problems, s.next_steps, s.experience, s.public, s.highlight, s.figures,
	COALESCE(s.person_id, 0), COALESCE(p.name, ''), s.created_at`

func scanSubmission(sc scanner) (campaign.Submission, error) {
	var x campaign.Submission
	var fig string
	err := sc.Scan(&x.ID, &x.ObligationID, &x.Version, &x.Summary, &x.Progress, &x.Problems, &x.NextSteps, &x.Experience, &x.Public, &x.Highlight, &fig,
		&x.PersonID, &x.PersonName, &x.At)
	if err == nil && fig != "" {
		x.Figures = &campaign.Figures{}
		err = json.Unmarshal([]byte(fig), x.Figures)
	}
	return x, err
}

// Submissions lists the versions submitted for an obligation, newest first, with their
// receipts.
func (s *Store) Submissions(ctx context.Context, obligationID int64) ([]campaign.Submission, error) {
	subs, err := collect(ctx, s.db, s.q("SELECT "+submissionColumns+" FROM submissions s LEFT JOIN people p ON p.id = s.person_id WHERE s.obligation_id = ? ORDER BY s.version DESC"),
		[]any{obligationID}, scanSubmission)
	if err != nil {
		return nil, err
	}
	for i := range subs {
		if subs[i].Receipts, err = s.receipts(ctx, s.db, subs[i].ID); err != nil {
			return nil, err
		}
		if err := s.submissionExtras(ctx, s.db, &subs[i]); err != nil {
			return nil, err
		}
	}
	return subs, nil
}

// Submission returns one submission with its receipts.
func (s *Store) Submission(ctx context.Context, id int64) (campaign.Submission, error) {
	x, err := scanSubmission(s.db.QueryRowContext(ctx, s.q("SELECT "+submissionColumns+" FROM submissions s LEFT JOIN people p ON p.id = s.person_id WHERE s.id = ?"), id))
	if err != nil {
		return x, notFound(err, "报送")
	}
	if x.Receipts, err = s.receipts(ctx, s.db, id); err != nil {
		return x, err
	}
	return x, s.submissionExtras(ctx, s.db, &x)
}

func (s *Store) receipts(ctx context.Context, q queryer, submissionID int64) ([]campaign.Receipt, error) {
	return collect(ctx, q, s.q(`SELECT r.submission_id, r.recipient_id, o.name, r.decision, r.opinion, COALESCE(r.person_id, 0), COALESCE(p.name, ''), r.created_at
		FROM submission_receipts r JOIN orgs o ON o.id = r.recipient_id LEFT JOIN people p ON p.id = r.person_id WHERE r.submission_id = ? ORDER BY o.path`),
		[]any{submissionID}, func(sc scanner) (campaign.Receipt, error) {
			var r campaign.Receipt
			var d string
			err := sc.Scan(&r.SubmissionID, &r.RecipientID, &r.RecipientName, &d, &r.Opinion, &r.PersonID, &r.PersonName, &r.At)
			r.Decision = campaign.Decision(d)
			return r, err
		})
}

// ErrNotOpen: the obligation takes no submission now (one is waiting for its receipts or
// was accepted).
var errNotOpen = errs.E(errs.Conflict, "该事项已报送，正在等待签收或已签收，不能再次报送")

// Submit stores a new version for an obligation, in one transaction with the obligation's
// summary and the audit entry. A first version or one after a return is accepted; anything
// else is a Conflict. day is the submission's calendar day (for late submissions).
func (s *Store) Submit(ctx context.Context, by audit.Actor, obligationID int64, x campaign.Submission, day calendar.Date) (id int64, version int, err error) {
	err = s.tx(ctx, func(tx *sql.Tx) error {
		id, version, err = s.submit(ctx, tx, by, obligationID, x, day)
		return err
	})
	return id, version, err
}

func (s *Store) submit(ctx context.Context, tx *sql.Tx, by audit.Actor, obligationID int64, x campaign.Submission, day calendar.Date) (id int64, version int, err error) {
	var fig []byte
	if x.Figures != nil {
		if fig, err = json.Marshal(x.Figures); err != nil {
			return 0, 0, err
		}
	}
	var cur int
	var status, submitted, rec string
	var orgID int64
	if err := tx.QueryRowContext(ctx, s.q("SELECT version, status, submitted_on, org_id, recipients FROM obligations WHERE id = ?"+s.d.forUpdate), obligationID).
		Scan(&cur, &status, &submitted, &orgID, &rec); err != nil {
		return 0, 0, notFound(err, "报送事项")
	}
	if cur > 0 && campaign.SubmissionStatus(status) != campaign.StatusReturned {
		return 0, 0, errNotOpen
	}
	version = cur + 1
	if err := tx.QueryRowContext(ctx, s.q(`INSERT INTO submissions (obligation_id, version, summary, progress, problems, next_steps, experience, public, figures, person_id, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`), obligationID, version, x.Summary, x.Progress, x.Problems, x.NextSteps, x.Experience, x.Public,
		string(fig), nullID(by.PersonID), s.now()).Scan(&id); err != nil {
		if s.isUniqueViolation(err) {
			return 0, 0, errNotOpen
		}
		return 0, 0, err
	}
	if err := s.insertFiles(ctx, tx, filesOfSubmission, id, x.Files); err != nil {
		return 0, 0, err
	}
	var versions []int64
	for _, c := range x.Catalogs {
		if _, err := tx.ExecContext(ctx, s.q("INSERT INTO submission_catalogs (submission_id, version_id) VALUES (?, ?)"), id, c.VersionID); err != nil {
			return 0, 0, err
		}
		versions = append(versions, c.VersionID)
	}
	if submitted == "" {
		submitted = day.String()
	}
	// Something nobody receives (the province office's own work) is done once filed.
	newStatus := campaign.StatusOf(nil, splitIDs(rec))
	if _, err := tx.ExecContext(ctx, s.q("UPDATE obligations SET version = ?, status = ?, submitted_on = ?, public = ? WHERE id = ?"),
		version, string(newStatus), submitted, x.Public, obligationID); err != nil {
		return 0, 0, err
	}
	return id, version, s.appendAudit(ctx, tx, by, Change{Action: "submission.create", ObjectType: "obligation", ObjectID: obligationID, OrgID: orgID,
		Detail: map[string]any{"submission": id, "version": version, "files": len(x.Files), "catalog_versions": versions}})
}

// AddReceipt records one recipient's receipt of a submission, recomputes the obligation's
// status and, in the same transaction, sends the notifications given (a return tells the
// owner). A second receipt by the same recipient, or one for a version that is no longer
// the newest, is a Conflict.
func (s *Store) AddReceipt(ctx context.Context, by audit.Actor, r campaign.Receipt, publicCampaign bool, notes []notify.Notification) error {
	return s.tx(ctx, func(tx *sql.Tx) error { return s.addReceipt(ctx, tx, by, r, publicCampaign, notes) })
}

func (s *Store) addReceipt(ctx context.Context, tx *sql.Tx, by audit.Actor, r campaign.Receipt, publicCampaign bool, notes []notify.Notification) error {
	var obID int64
	var version int
	if err := tx.QueryRowContext(ctx, s.q("SELECT obligation_id, version FROM submissions WHERE id = ?"), r.SubmissionID).Scan(&obID, &version); err != nil {
		return notFound(err, "报送")
	}
	var cur int
	var rec, status string
	if err := tx.QueryRowContext(ctx, s.q("SELECT version, recipients, status FROM obligations WHERE id = ?"+s.d.forUpdate), obID).Scan(&cur, &rec, &status); err != nil {
		return err
	}
	if cur != version {
		return errs.E(errs.Conflict, "该版本已被新版本取代，不能再签收")
	}
	if campaign.SubmissionStatus(status) != campaign.StatusPending {
		return errs.E(errs.Conflict, "该版本已被签收或退回")
	}
	_, err := tx.ExecContext(ctx, s.q(`INSERT INTO submission_receipts (submission_id, recipient_id, decision, opinion, person_id, created_at) VALUES (?, ?, ?, ?, ?, ?)`),
		r.SubmissionID, r.RecipientID, string(r.Decision), r.Opinion, nullID(by.PersonID), s.now())
	if s.isUniqueViolation(err) {
		return errs.Fields("签收有误", errs.FieldError{Field: "recipient", Label: "接收方", Message: "本单位已签收或退回过该版本"})
	}
	if err != nil {
		return err
	}
	rs, err := s.receipts(ctx, tx, r.SubmissionID)
	if err != nil {
		return err
	}
	newStatus := campaign.StatusOf(rs, splitIDs(rec))
	if _, err := tx.ExecContext(ctx, s.q("UPDATE obligations SET status = ? WHERE id = ?"), string(newStatus), obID); err != nil {
		return err
	}
	for _, n := range notes {
		if _, _, err := s.sendNotification(ctx, tx, by, n); err != nil {
			return err
		}
	}
	if publicCampaign {
		if err := s.touchContent(ctx, tx); err != nil {
			return err
		}
	}
	return s.appendAudit(ctx, tx, by, Change{Action: "submission." + string(r.Decision), ObjectType: "submission", ObjectID: r.SubmissionID, OrgID: r.RecipientID,
		Detail: map[string]any{"obligation": obID, "version": version, "opinion": r.Opinion, "status": newStatus}})
}

// SetHighlight selects or clears a submission's 典型经验 for the special topic.
func (s *Store) SetHighlight(ctx context.Context, by audit.Actor, submissionID int64, on bool) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q("UPDATE submissions SET highlight = ? WHERE id = ?"), on, submissionID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.E(errs.NotFound, "报送不存在")
		}
		if err := s.touchContent(ctx, tx); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, by, Change{Action: "submission.highlight", ObjectType: "submission", ObjectID: submissionID, Detail: map[string]any{"on": on}})
	})
}

// Highlights lists the selected 典型经验 of a campaign's accepted submissions.
func (s *Store) Highlights(ctx context.Context, campaignID int64) ([]campaign.Submission, error) {
	return collect(ctx, s.db, s.q("SELECT "+submissionColumns+` FROM submissions s LEFT JOIN people p ON p.id = s.person_id
		JOIN obligations ob ON ob.id = s.obligation_id
		WHERE ob.campaign_id = ? AND s.highlight = ? AND s.version = ob.version AND ob.status = ? ORDER BY s.created_at DESC`),
		[]any{campaignID, true, string(campaign.StatusAccepted)}, scanSubmission)
}

// AddLiaison registers a contact; earlier registrations stay as history.
func (s *Store) AddLiaison(ctx context.Context, by audit.Actor, l campaign.Liaison) (int64, error) {
	if err := l.Validate(); err != nil {
		return 0, err
	}
	var id int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, s.q(`INSERT INTO liaisons (org_id, role, name, post, office_phone, mobile, email, person_id, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`), l.OrgID, string(l.Role), strings.TrimSpace(l.Name), strings.TrimSpace(l.Post), l.OfficePhone, l.Mobile, l.Email,
			nullID(by.PersonID), s.now()).Scan(&id); err != nil {
			return err
		}
		// The mobile number is personal data: the audit entry names the change, not the number.
		return s.appendAudit(ctx, tx, by, Change{Action: "liaison.register", ObjectType: "liaison", ObjectID: id, OrgID: l.OrgID,
			Detail: map[string]any{"role": l.Role, "name": l.Name}})
	})
	return id, err
}

// Liaisons lists the registrations of the organisations under path, newest first per
// organisation and role; Current marks the newest of each.
func (s *Store) Liaisons(ctx context.Context, path string) ([]campaign.Liaison, error) {
	ls, err := collect(ctx, s.db, s.q(`SELECT l.id, l.org_id, o.code, o.name, l.role, l.name, l.post, l.office_phone, l.mobile, l.email, l.created_at, COALESCE(p.name, '')
		FROM liaisons l JOIN orgs o ON o.id = l.org_id LEFT JOIN people p ON p.id = l.person_id WHERE o.path LIKE ? ORDER BY o.path, l.role, l.id DESC`),
		[]any{path + "%"}, func(sc scanner) (campaign.Liaison, error) {
			var l campaign.Liaison
			var role string
			err := sc.Scan(&l.ID, &l.OrgID, &l.OrgCode, &l.OrgName, &role, &l.Name, &l.Post, &l.OfficePhone, &l.Mobile, &l.Email, &l.At, &l.ByName)
			l.Role = campaign.ContactRole(role)
			return l, err
		})
	seen := map[string]bool{}
	for i := range ls {
		k := strconv.FormatInt(ls[i].OrgID, 10) + string(ls[i].Role)
		ls[i].Current = !seen[k]
		seen[k] = true
	}
	return ls, err
}

// PeriodFigures counts, for the units under path (restricted to domains when given), what a
// progress report freezes for [from, to): records published per domain, catalog versions
// filed, record deadlines still open past their due day at to, ratings and the satisfied
// ones among them.
func (s *Store) PeriodFigures(ctx context.Context, path string, domains []string, from, to time.Time) (campaign.Figures, error) {
	f := campaign.Figures{RecordsByDomain: map[string]int{}}
	dom, dargs := "", []any{}
	if len(domains) > 0 {
		dom = " AND %s IN (?" + strings.Repeat(", ?", len(domains)-1) + ")"
		for _, d := range domains {
			dargs = append(dargs, d)
		}
	}
	with := func(col string) string {
		if dom == "" {
			return ""
		}
		return strings.Replace(dom, "%s", col, 1)
	}
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT r.domain_code, count(*) FROM records r JOIN orgs o ON o.id = r.unit_id
		WHERE o.path LIKE ? AND r.published_at >= ? AND r.published_at < ? AND r.public_revision > 0`+with("r.domain_code")+` GROUP BY r.domain_code`),
		append([]any{path + "%", from.UTC(), to.UTC()}, dargs...)...)
	if err != nil {
		return f, err
	}
	for rows.Next() {
		var d string
		var n int
		if err := rows.Scan(&d, &n); err != nil {
			rows.Close()
			return f, err
		}
		f.RecordsByDomain[d] = n
		f.Records += n
	}
	rows.Close()
	if err := s.db.QueryRowContext(ctx, s.q(`SELECT count(*) FROM catalog_versions v JOIN catalogs c ON c.id = v.catalog_id JOIN orgs o ON o.id = c.org_id
		WHERE o.path LIKE ? AND v.filed_at >= ? AND v.filed_at < ?`+with("c.domain_code")), append([]any{path + "%", from.UTC(), to.UTC()}, dargs...)...).Scan(&f.CatalogVersions); err != nil {
		return f, err
	}
	day := calendar.DateOf(to.Add(-time.Nanosecond)).String()
	if err := s.db.QueryRowContext(ctx, s.q(`SELECT count(*) FROM deadlines d JOIN records r ON d.subject_type = 'record' AND d.subject_id = CAST(r.id AS TEXT)
		JOIN orgs o ON o.id = r.unit_id WHERE o.path LIKE ? AND d.due_day < ?`+with("r.domain_code")), append([]any{path + "%", day}, dargs...)...).Scan(&f.DeadlinesOverdue); err != nil {
		return f, err
	}
	// Timeliness as counted on the day of publication (record_timeliness), for the records
	// published in the period.
	first := calendar.DateOf(from).String()
	if err := s.db.QueryRowContext(ctx, s.q(`SELECT COALESCE(SUM(CASE WHEN t.on_time = ? THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN t.on_time = ? THEN 0 ELSE 1 END), 0)
		FROM record_timeliness t JOIN records r ON r.id = t.record_id JOIN orgs o ON o.id = r.unit_id
		WHERE o.path LIKE ? AND t.published_on >= ? AND t.published_on <= ?`+with("r.domain_code")), append([]any{true, true, path + "%", first, day}, dargs...)...).Scan(&f.DeadlinesMet, &f.DeadlinesLate); err != nil {
		return f, err
	}
	err = s.db.QueryRowContext(ctx, s.q(`SELECT count(*), COALESCE(SUM(CASE WHEN r.value IN (1, 2) THEN 1 ELSE 0 END), 0) FROM ratings r JOIN orgs o ON o.id = r.unit_id
		WHERE o.path LIKE ? AND r.created_at >= ? AND r.created_at < ?`+with("r.domain_code")), append([]any{path + "%", from.UTC(), to.UTC()}, dargs...)...).Scan(&f.Ratings, &f.Satisfied)
	return f, err
}

// SeedFiling is a filing of the sample dataset: a version submitted on Day and answered by
// the recipients — all accept, or the first returns with Opinion ("" Decision: pending).
type SeedFiling struct {
	ObligationID int64
	Submission   campaign.Submission
	Day          calendar.Date
	Decision     campaign.Decision
	Opinion      string
}

// SeedFilings stores the sample dataset's filings in one transaction, each with its audit
// entries, as Submit and AddReceipt would one by one.
func (s *Store) SeedFilings(ctx context.Context, by audit.Actor, fs []SeedFiling) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		for _, f := range fs {
			id, _, err := s.submit(ctx, tx, by, f.ObligationID, f.Submission, f.Day)
			if err != nil {
				return err
			}
			if f.Decision == "" {
				continue
			}
			var rec string
			if err := tx.QueryRowContext(ctx, s.q("SELECT recipients FROM obligations WHERE id = ?"), f.ObligationID).Scan(&rec); err != nil {
				return err
			}
			for _, to := range splitIDs(rec) {
				r := campaign.Receipt{SubmissionID: id, RecipientID: to, Decision: campaign.Accept, Opinion: "同意（示例数据）"}
				if f.Decision == campaign.Return {
					r.Decision, r.Opinion = campaign.Return, f.Opinion
				}
				if err := s.addReceipt(ctx, tx, by, r, false, nil); err != nil {
					return err
				}
				if f.Decision == campaign.Return {
					break
				}
			}
		}
		return s.touchContent(ctx, tx)
	})
}

// PublishedPerUnit counts the records first published in [from, to) per unit under path.
func (s *Store) PublishedPerUnit(ctx context.Context, path string, from, to time.Time) (map[int64]int, error) {
	out := map[int64]int{}
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT r.unit_id, count(*) FROM records r JOIN orgs o ON o.id = r.unit_id
		WHERE o.path LIKE ? AND r.published_at >= ? AND r.published_at < ? AND r.public_revision > 0 GROUP BY r.unit_id`), path+"%", from.UTC(), to.UTC())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}
