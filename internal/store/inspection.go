package store

import (
	"context"
	"database/sql"
	"encoding/json"

	"math"

	"strings"
	"time"

	"gongkai/internal/attach"
	"gongkai/internal/audit"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/inspection"
)

func tenths(x float64) int64     { return int64(math.Round(x * 10)) }
func fromTenths(n int64) float64 { return float64(n) / 10 }

var errRoundClosed = errs.E(errs.Conflict, "本轮检查已结束，不能再更改")

const roundCols = `id, org_id, name, period_from, period_to, cutoff, set_body, scorers, combine, lead_login, objection_days, state,
	computed_at, objections_by, closed_at, sample, created_at`

func (s *Store) scanRound(sc scanner) (inspection.Round, error) {
	var r inspection.Round
	var from, to, body, scorers, state, by string
	var computed, closed sql.NullTime
	if err := sc.Scan(&r.ID, &r.OrgID, &r.Name, &from, &to, &r.Cutoff, &body, &scorers, &r.Combine, &r.LeadLogin, &r.ObjectionDays, &state,
		&computed, &by, &closed, &r.Sample, &r.CreatedAt); err != nil {
		return r, err
	}
	r.PeriodFrom, _ = calendar.ParseDate(from)
	r.PeriodTo, _ = calendar.ParseDate(to)
	r.ObjectionsBy, _ = calendar.ParseDate(by)
	r.State = inspection.State(state)
	r.ComputedAt, r.ClosedAt = computed.Time, closed.Time
	if scorers != "" {
		r.Scorers = strings.Split(scorers, ",")
	}
	return r, json.Unmarshal([]byte(body), &r.Set)
}

// CreateRound stores a new inspection round with its units.
func (s *Store) CreateRound(ctx context.Context, by audit.Actor, r inspection.Round) (int64, error) {
	body, err := json.Marshal(r.Set)
	if err != nil {
		return 0, err
	}
	var id int64
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, s.q(`INSERT INTO inspection_rounds (org_id, name, period_from, period_to, cutoff, set_key, set_body, scorers,
			combine, lead_login, objection_days, state, sample, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			r.OrgID, r.Name, r.PeriodFrom.String(), r.PeriodTo.String(), r.Cutoff.UTC().Truncate(time.Microsecond), r.Set.Key(), string(body),
			strings.Join(r.Scorers, ","), r.Combine, r.LeadLogin, r.ObjectionDays, string(inspection.StateOpen), r.Sample, s.now()).Scan(&id); err != nil {
			return err
		}
		for _, u := range r.Units {
			if _, err := tx.ExecContext(ctx, s.q("INSERT INTO inspection_units (round_id, unit_id) VALUES (?, ?)"), id, u); err != nil {
				if s.isUniqueViolation(err) {
					return errs.Fields("检查轮次填写有误", errs.FieldError{Field: "units", Label: "被检查单位", Message: "单位重复"})
				}
				return err
			}
		}
		return s.appendAudit(ctx, tx, by, Change{Action: "inspection.create", ObjectType: "inspection", ObjectID: id, OrgID: r.OrgID,
			Detail: map[string]any{"name": r.Name, "set": r.Set.Key(), "units": len(r.Units), "cutoff": r.Cutoff}})
	})
	return id, err
}

// Round reads a round with its units.
func (s *Store) Round(ctx context.Context, id int64) (inspection.Round, error) {
	return s.round(ctx, s.db, id)
}

func (s *Store) round(ctx context.Context, q queryer, id int64) (inspection.Round, error) {
	r, err := s.scanRound(q.QueryRowContext(ctx, s.q("SELECT "+roundCols+" FROM inspection_rounds WHERE id = ?"), id))
	if err != nil {
		return r, notFound(err, "检查轮次")
	}
	r.Units, err = collect(ctx, q, s.q("SELECT unit_id FROM inspection_units WHERE round_id = ? ORDER BY unit_id"), []any{id}, func(sc scanner) (int64, error) {
		var u int64
		return u, sc.Scan(&u)
	})
	return r, err
}

// Rounds lists every round, the newest first, with their units.
func (s *Store) Rounds(ctx context.Context) ([]inspection.Round, error) {
	rs, err := collect(ctx, s.db, s.q("SELECT "+roundCols+" FROM inspection_rounds ORDER BY cutoff DESC, id DESC"), nil, s.scanRound)
	if err != nil {
		return nil, err
	}
	units, err := collect(ctx, s.db, "SELECT round_id, unit_id FROM inspection_units ORDER BY round_id, unit_id", nil, func(sc scanner) ([2]int64, error) {
		var x [2]int64
		return x, sc.Scan(&x[0], &x[1])
	})
	if err != nil {
		return nil, err
	}
	by := map[int64][]int64{}
	for _, u := range units {
		by[u[0]] = append(by[u[0]], u[1])
	}
	for i := range rs {
		rs[i].Units = by[rs[i].ID]
	}
	return rs, nil
}

// lockRound reads the round's state in tx, locking its row.
func (s *Store) lockRound(ctx context.Context, tx *sql.Tx, id int64) (inspection.State, int64, error) {
	var st string
	var orgID int64
	err := tx.QueryRowContext(ctx, s.q("SELECT state, org_id FROM inspection_rounds WHERE id = ?"+s.d.forUpdate), id).Scan(&st, &orgID)
	return inspection.State(st), orgID, notFound(err, "检查轮次")
}

// SaveFindings freezes the automatic indicators of a round as computed for its cut-off,
// replacing an earlier computation; refused once the round is closed.
func (s *Store) SaveFindings(ctx context.Context, by audit.Actor, id int64, fs []inspection.Finding, objectionsBy calendar.Date) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		st, orgID, err := s.lockRound(ctx, tx, id)
		if err != nil {
			return err
		}
		if st == inspection.StateClosed {
			return errRoundClosed
		}
		if _, err := tx.ExecContext(ctx, s.q("DELETE FROM inspection_findings WHERE round_id = ?"), id); err != nil {
			return err
		}
		total := 0
		for _, f := range fs {
			if f.Count == 0 {
				continue
			}
			ev, err := json.Marshal(f.Evidence)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO inspection_findings (round_id, unit_id, indicator, n, points_tenths, veto, evidence)
				VALUES (?, ?, ?, ?, ?, ?, ?)`), id, f.UnitID, f.Indicator, f.Count, tenths(f.Points), f.Veto, string(ev)); err != nil {
				return err
			}
			total++
		}
		if _, err := tx.ExecContext(ctx, s.q("UPDATE inspection_rounds SET state = ?, computed_at = ?, objections_by = ? WHERE id = ?"),
			string(inspection.StateComputed), s.now(), objectionsBy.String(), id); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, by, Change{Action: "inspection.compute", ObjectType: "inspection", ObjectID: id, OrgID: orgID,
			Detail: map[string]any{"findings": total, "objections_by": objectionsBy.String()}})
	})
}

// Findings reads the frozen automatic findings of a round.
func (s *Store) Findings(ctx context.Context, id int64) ([]inspection.Finding, error) {
	return collect(ctx, s.db, s.q("SELECT unit_id, indicator, n, points_tenths, veto, evidence FROM inspection_findings WHERE round_id = ? ORDER BY unit_id, indicator"),
		[]any{id}, func(sc scanner) (inspection.Finding, error) {
			var f inspection.Finding
			var pts int64
			var ev string
			if err := sc.Scan(&f.UnitID, &f.Indicator, &f.Count, &pts, &f.Veto, &ev); err != nil {
				return f, err
			}
			f.Points = fromTenths(pts)
			return f, json.Unmarshal([]byte(ev), &f.Evidence)
		})
}

// SaveMark stores a scorer's mark (replacing their earlier one) with the evidence files
// given with it (added to those given before); refused once closed.
func (s *Store) SaveMark(ctx context.Context, by audit.Actor, id int64, m inspection.Mark, files []attach.Attachment) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		st, _, err := s.lockRound(ctx, tx, id)
		if err != nil {
			return err
		}
		if st == inspection.StateClosed {
			return errRoundClosed
		}
		if _, err := tx.ExecContext(ctx, s.q("DELETE FROM inspection_marks WHERE round_id = ? AND unit_id = ? AND indicator = ? AND scorer_id = ?"),
			id, m.UnitID, m.Indicator, m.ScorerID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO inspection_marks (round_id, unit_id, indicator, scorer_id, points_tenths, comment, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`), id, m.UnitID, m.Indicator, m.ScorerID, tenths(m.Points), m.Comment, s.now()); err != nil {
			return err
		}
		names, err := s.addMarkFiles(ctx, tx, id, m, files)
		if err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, by, Change{Action: "inspection.mark", ObjectType: "inspection", ObjectID: id, OrgID: m.UnitID,
			Detail: map[string]any{"indicator": m.Indicator, "points": m.Points, "comment": m.Comment, "files": names}})
	})
}

// Marks reads every mark of a round with its scorer.
func (s *Store) Marks(ctx context.Context, id int64) ([]inspection.Mark, error) {
	return collect(ctx, s.db, s.q(`SELECT m.unit_id, m.indicator, m.scorer_id, p.login, p.name, m.points_tenths, m.comment, m.created_at
		FROM inspection_marks m JOIN people p ON p.id = m.scorer_id WHERE m.round_id = ? ORDER BY m.unit_id, m.indicator, m.created_at`),
		[]any{id}, func(sc scanner) (inspection.Mark, error) {
			var m inspection.Mark
			var pts int64
			err := sc.Scan(&m.UnitID, &m.Indicator, &m.ScorerID, &m.ScorerLogin, &m.ScorerName, &pts, &m.Comment, &m.At)
			m.Points = fromTenths(pts)
			return m, err
		})
}

// AddObjection files a unit's objection, with its files, while the round is in its objection period.
func (s *Store) AddObjection(ctx context.Context, by audit.Actor, o inspection.Objection, files []attach.Attachment) (int64, error) {
	var id int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		st, _, err := s.lockRound(ctx, tx, o.RoundID)
		if err != nil {
			return err
		}
		if st != inspection.StateComputed {
			return errs.E(errs.Conflict, "本轮检查不在异议期内")
		}
		if err := tx.QueryRowContext(ctx, s.q(`INSERT INTO inspection_objections (round_id, unit_id, indicator, reason, state, filed_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`), o.RoundID, o.UnitID, o.Indicator, o.Reason, string(inspection.ObjectionPending), nullID(by.PersonID), s.now()).Scan(&id); err != nil {
			if s.isUniqueViolation(err) {
				return errs.E(errs.Conflict, "该指标已提出过异议")
			}
			return err
		}
		names, err := s.addEvidenceFiles(ctx, tx, filesOfObjection, id, files)
		if err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, by, Change{Action: "inspection.objection", ObjectType: "inspection", ObjectID: o.RoundID, OrgID: o.UnitID,
			Detail: map[string]any{"objection": id, "indicator": o.Indicator, "reason": o.Reason, "files": names}})
	})
	return id, err
}

const objectionCols = `x.id, x.round_id, x.unit_id, x.indicator, x.reason, x.state, x.opinion, COALESCE(f.login, ''), COALESCE(d.login, ''), x.created_at, x.decided_at
	FROM inspection_objections x LEFT JOIN people f ON f.id = x.filed_by LEFT JOIN people d ON d.id = x.decided_by`

func scanObjection(sc scanner) (inspection.Objection, error) {
	var o inspection.Objection
	var st string
	var at sql.NullTime
	err := sc.Scan(&o.ID, &o.RoundID, &o.UnitID, &o.Indicator, &o.Reason, &st, &o.Opinion, &o.FiledBy, &o.DecidedBy, &o.CreatedAt, &at)
	o.State, o.DecidedAt = inspection.ObjectionState(st), at.Time
	return o, err
}

// Objections lists the objections of a round, oldest first.
func (s *Store) Objections(ctx context.Context, roundID int64) ([]inspection.Objection, error) {
	return collect(ctx, s.db, s.q("SELECT "+objectionCols+" WHERE x.round_id = ? ORDER BY x.id"), []any{roundID}, scanObjection)
}

// Objection reads one objection.
func (s *Store) Objection(ctx context.Context, id int64) (inspection.Objection, error) {
	o, err := scanObjection(s.db.QueryRowContext(ctx, s.q("SELECT "+objectionCols+" WHERE x.id = ?"), id))
	return o, notFound(err, "异议")
}

// DecideObjection records the supervisor's decision on a pending objection.
func (s *Store) DecideObjection(ctx context.Context, by audit.Actor, id int64, st inspection.ObjectionState, opinion string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		var roundID, unitID int64
		var cur string
		if err := tx.QueryRowContext(ctx, s.q("SELECT round_id, unit_id, state FROM inspection_objections WHERE id = ?"+s.d.forUpdate), id).Scan(&roundID, &unitID, &cur); err != nil {
			return notFound(err, "异议")
		}
		rs, _, err := s.lockRound(ctx, tx, roundID)
		if err != nil {
			return err
		}
		if rs == inspection.StateClosed {
			return errRoundClosed
		}
		if inspection.ObjectionState(cur) != inspection.ObjectionPending {
			return errs.E(errs.Conflict, "该异议已处理")
		}
		if _, err := tx.ExecContext(ctx, s.q("UPDATE inspection_objections SET state = ?, opinion = ?, decided_by = ?, decided_at = ? WHERE id = ?"),
			string(st), opinion, nullID(by.PersonID), s.now(), id); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, by, Change{Action: "inspection.objection_decide", ObjectType: "inspection", ObjectID: roundID, OrgID: unitID,
			Detail: map[string]any{"objection": id, "decision": string(st), "opinion": opinion}})
	})
}

// CloseRound closes and freezes a computed round with no objection pending.
func (s *Store) CloseRound(ctx context.Context, by audit.Actor, id int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		st, orgID, err := s.lockRound(ctx, tx, id)
		if err != nil {
			return err
		}
		switch st {
		case inspection.StateClosed:
			return errRoundClosed
		case inspection.StateOpen:
			return errs.E(errs.Conflict, "请先计算自动指标")
		}
		var pending int
		if err := tx.QueryRowContext(ctx, s.q("SELECT count(*) FROM inspection_objections WHERE round_id = ? AND state = ?"), id, string(inspection.ObjectionPending)).Scan(&pending); err != nil {
			return err
		}
		if pending > 0 {
			return errs.E(errs.Conflict, "还有%d件异议待处理", pending)
		}
		if _, err := tx.ExecContext(ctx, s.q("UPDATE inspection_rounds SET state = ?, closed_at = ? WHERE id = ?"), string(inspection.StateClosed), s.now(), id); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, by, Change{Action: "inspection.close", ObjectType: "inspection", ObjectID: id, OrgID: orgID})
	})
}

// AddAward stores a bonus-point award.
func (s *Store) AddAward(ctx context.Context, by audit.Actor, a inspection.Award, rootID int64) (int64, error) {
	var id int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, s.q(`INSERT INTO bonus_awards (unit_id, year, points_tenths, reason, basis, round_id, awarded_by, sample, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`), a.UnitID, a.Year, tenths(a.Points), a.Reason, a.Basis, a.RoundID, nullID(by.PersonID), a.Sample, s.now()).Scan(&id); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, by, Change{Action: "bonus.award", ObjectType: "bonus", ObjectID: id, OrgID: a.UnitID,
			Detail: map[string]any{"year": a.Year, "points": a.Points, "reason": a.Reason, "basis": a.Basis}})
	})
	return id, err
}

// Awards lists the awards of a year (0: every year) to units in the subtree at path.
func (s *Store) Awards(ctx context.Context, path string, year int) ([]inspection.Award, error) {
	return collect(ctx, s.db, s.q(`SELECT b.id, b.unit_id, o.name, o.code, b.year, b.points_tenths, b.reason, b.basis, b.round_id, COALESCE(p.login, ''), b.sample, b.created_at
		FROM bonus_awards b JOIN orgs o ON o.id = b.unit_id LEFT JOIN people p ON p.id = b.awarded_by
		WHERE o.path LIKE ? AND (? = 0 OR b.year = ?) ORDER BY b.year DESC, o.code, b.id`), []any{path + "%", year, year}, func(sc scanner) (inspection.Award, error) {
		var a inspection.Award
		var pts int64
		err := sc.Scan(&a.ID, &a.UnitID, &a.UnitName, &a.UnitCode, &a.Year, &pts, &a.Reason, &a.Basis, &a.RoundID, &a.AwardedBy, &a.Sample, &a.CreatedAt)
		a.Points = fromTenths(pts)
		return a, err
	})
}

// ---- facts for the automatic indicators, all as of a cut-off ----

// visibleAt is the condition "record r was published at the cut-off": first published by
// then and not withdrawn before it.
const visibleAt = `r.published_at IS NOT NULL AND r.published_at <= ? AND (r.state = 'published' OR (r.state = 'withdrawn' AND r.withdrawn_at > ?))`

// LastPublished returns the newest record of a unit published by the cut-off in each domain
// ("" for the unit as a whole: its home); a domain with nothing published has no entry.
func (s *Store) LastPublished(ctx context.Context, unitID int64, domains []string, cutoff time.Time) (map[string]inspection.Fact, error) {
	out := map[string]inspection.Fact{}
	one := func(dom string, cond string, args ...any) error {
		var f inspection.Fact
		var at time.Time
		// On SQLite: the newest published record and the newest one withdrawn after the
		// cut-off, each one step down the (unit, state, published_at) index, then the newer of
		// the two: a single query with the OR of visibleAt reads every record of the unit.
		newest := `SELECT r.id, r.title, r.domain_code, r.published_at FROM records r
			WHERE r.unit_id = ? AND r.state = ? AND r.published_at IS NOT NULL AND r.published_at <= ? AND (r.state = 'published' OR r.withdrawn_at > ?)` + cond +
			` ORDER BY r.published_at DESC, r.id DESC LIMIT 1`
		q := `SELECT id, title, domain_code, published_at FROM (SELECT * FROM (` + newest + `) p UNION ALL SELECT * FROM (` + newest + `) w) b
			ORDER BY published_at DESC, id DESC LIMIT 1`
		branch := func(state string) []any { return append([]any{unitID, state, cutoff, cutoff}, args...) }
		qargs := append(branch("published"), branch("withdrawn")...)
		if s.d.name != "sqlite" {
			// PostgreSQL plans the plain form well (measured slower with the union).
			q = `SELECT r.id, r.title, r.domain_code, r.published_at FROM records r
			WHERE r.unit_id = ? AND ` + visibleAt + cond + ` ORDER BY r.published_at DESC, r.id DESC LIMIT 1`
			qargs = append([]any{unitID, cutoff, cutoff}, args...)
		}
		err := s.db.QueryRowContext(ctx, s.q(q), qargs...).
			Scan(&f.ID, &f.Title, &f.Domain, &at)
		if err == sql.ErrNoRows {
			return nil
		}
		if err != nil {
			return err
		}
		f.UnitID, f.At, f.On = unitID, at, calendar.DateOf(at)
		out[dom] = f
		return nil
	}
	if err := one("", ""); err != nil {
		return nil, err
	}
	for _, d := range domains {
		if err := one(d, " AND r.domain_code = ?", d); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// PublishedEntriesAt returns the keys ("domain/key") of a unit's entries with at least one
// record published by the cut-off.
func (s *Store) PublishedEntriesAt(ctx context.Context, unitID int64, cutoff time.Time) (map[string]bool, error) {
	rows, err := collect(ctx, s.db, s.q(`SELECT DISTINCT r.domain_code, r.entry_key FROM records r WHERE r.unit_id = ? AND `+visibleAt),
		[]any{unitID, cutoff, cutoff}, func(sc scanner) (string, error) {
			var d, k string
			err := sc.Scan(&d, &k)
			return d + "/" + k, err
		})
	out := map[string]bool{}
	for _, k := range rows {
		out[k] = true
	}
	return out, err
}

// UnansweredQuestions lists a unit's public questions received on or before since and not
// answered by the cut-off.
func (s *Store) UnansweredQuestions(ctx context.Context, unitID int64, since, cutoff time.Time) ([]inspection.Fact, error) {
	return collect(ctx, s.db, s.q(`SELECT id, title, tracking_no, received_at FROM questions
		WHERE unit_id = ? AND received_at <= ? AND (answered_at IS NULL OR answered_at > ?) ORDER BY received_at, id`),
		[]any{unitID, since, cutoff}, func(sc scanner) (inspection.Fact, error) {
			f := inspection.Fact{UnitID: unitID}
			err := sc.Scan(&f.ID, &f.Title, &f.Text, &f.At)
			f.On = calendar.DateOf(f.At)
			return f, err
		})
}

// LateAt lists a unit's records first published from (a day) to the cut-off after their
// due day.
func (s *Store) LateAt(ctx context.Context, unitID int64, from calendar.Date, cutoff time.Time) ([]inspection.Fact, error) {
	return collect(ctx, s.db, s.q(`SELECT r.id, r.title, r.domain_code, t.due_day, t.published_on FROM record_timeliness t JOIN records r ON r.id = t.record_id
		WHERE r.unit_id = ? AND t.on_time = ? AND t.published_on >= ? AND r.published_at <= ? ORDER BY t.published_on, r.id`),
		[]any{unitID, false, from.String(), cutoff}, scanDueFact(unitID))
}

func scanDueFact(unitID int64) func(sc scanner) (inspection.Fact, error) {
	return func(sc scanner) (inspection.Fact, error) {
		f := inspection.Fact{UnitID: unitID}
		var due, on string
		err := sc.Scan(&f.ID, &f.Title, &f.Domain, &due, &on)
		f.Due, _ = calendar.ParseDate(due)
		f.On, _ = calendar.ParseDate(on)
		return f, err
	}
}

// OverdueAt lists a unit's records whose publication deadline fell before the cut-off's
// day and that were not published by the cut-off.
func (s *Store) OverdueAt(ctx context.Context, unitID int64, cutoff time.Time) ([]inspection.Fact, error) {
	return collect(ctx, s.db, s.q(`SELECT r.id, r.title, r.domain_code, d.due_day, '' FROM deadlines d
		JOIN records r ON d.subject_type = 'record' AND d.subject_id = CAST(r.id AS TEXT)
		WHERE r.unit_id = ? AND r.state <> 'withdrawn' AND d.due_day < ? AND (r.published_at IS NULL OR r.published_at > ?)
		ORDER BY d.due_day, r.id`), []any{unitID, calendar.DateOf(cutoff).String(), cutoff}, scanDueFact(unitID))
}

// PoliciesAt lists a unit's policy documents first published from..cut-off with the due day
// of their interpretation, and in On the first publication day of an interpretation of each
// by the cut-off (zero when none).
func (s *Store) PoliciesAt(ctx context.Context, unitID int64, from time.Time, cutoff time.Time) ([]inspection.Fact, error) {
	ps, err := collect(ctx, s.db, s.q(`SELECT r.id, r.title, r.domain_code, d.due_day, '' FROM records r
		JOIN deadlines d ON d.subject_type = 'interpretation' AND d.subject_id = CAST(r.id AS TEXT)
		WHERE r.unit_id = ? AND r.kind = 'policy' AND r.published_at >= ? AND `+visibleAt+` ORDER BY r.published_at, r.id`),
		[]any{unitID, from, cutoff, cutoff}, scanDueFact(unitID))
	if err != nil || len(ps) == 0 {
		return ps, err
	}
	ins, err := collect(ctx, s.db, s.q(`SELECT r.policy_id, r.published_at FROM records r
		WHERE r.unit_id = ? AND r.kind = 'interpretation' AND r.policy_id <> 0 AND `+visibleAt),
		[]any{unitID, cutoff, cutoff}, func(sc scanner) (inspection.Fact, error) {
			var f inspection.Fact
			return f, sc.Scan(&f.ID, &f.At)
		})
	if err != nil {
		return nil, err
	}
	first := map[int64]calendar.Date{}
	for _, x := range ins {
		d := calendar.DateOf(x.At)
		if cur, ok := first[x.ID]; !ok || d.Before(cur) {
			first[x.ID] = d
		}
	}
	for i := range ps {
		ps[i].On = first[ps[i].ID]
	}
	return ps, nil
}

// ObligationsDue lists the obligations of one kind owed by a unit with their due day from..to
// (days), with the day they were first filed in On (zero: not filed).
func (s *Store) ObligationsDue(ctx context.Context, unitID int64, kind string, from, to calendar.Date) ([]inspection.Fact, error) {
	return collect(ctx, s.db, s.q(`SELECT id, title, kind, due_day, submitted_on, campaign_id FROM obligations
		WHERE org_id = ? AND kind = ? AND due_day >= ? AND due_day <= ? ORDER BY due_day, id`), []any{unitID, kind, from.String(), to.String()},
		func(sc scanner) (inspection.Fact, error) {
			f := inspection.Fact{UnitID: unitID}
			var due, on string
			err := sc.Scan(&f.ID, &f.Title, &f.Kind, &due, &on, &f.N)
			f.Due, _ = calendar.ParseDate(due)
			f.On, _ = calendar.ParseDate(on)
			return f, err
		})
}

// WithdrawalsAt lists a unit's records withdrawn from..cut-off with their reasons.
func (s *Store) WithdrawalsAt(ctx context.Context, unitID int64, from, cutoff time.Time) ([]inspection.Fact, error) {
	return collect(ctx, s.db, s.q(`SELECT id, title, domain_code, withdraw_reason, withdrawn_at FROM records
		WHERE unit_id = ? AND state = 'withdrawn' AND withdrawn_at >= ? AND withdrawn_at <= ? ORDER BY withdrawn_at, id`),
		[]any{unitID, from, cutoff}, func(sc scanner) (inspection.Fact, error) {
			f := inspection.Fact{UnitID: unitID}
			err := sc.Scan(&f.ID, &f.Title, &f.Domain, &f.Text, &f.At)
			f.On = calendar.DateOf(f.At)
			return f, err
		})
}

// RatingCounts counts a unit's ratings from..cut-off by value (1 满意, 2 基本满意, 3 不满意).
func (s *Store) RatingCounts(ctx context.Context, unitID int64, from, cutoff time.Time) (map[int]int, error) {
	rows, err := collect(ctx, s.db, s.q(`SELECT value, count(*) FROM ratings WHERE unit_id = ? AND created_at >= ? AND created_at <= ? GROUP BY value`),
		[]any{unitID, from, cutoff}, func(sc scanner) ([2]int, error) {
			var x [2]int
			return x, sc.Scan(&x[0], &x[1])
		})
	out := map[int]int{}
	for _, x := range rows {
		out[x[0]] = x[1]
	}
	return out, err
}
