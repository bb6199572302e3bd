package store

import (
	"context"
	"database/sql"
	"time"

	"gongkai/internal/audit"
	"gongkai/internal/errs"
	"gongkai/internal/inspection"
)

// CreateProbeTarget registers an external site of a unit; the same address twice, or more
// than inspection.MaxProbeTargets sites, is refused.
func (s *Store) CreateProbeTarget(ctx context.Context, by audit.Actor, t inspection.ProbeTarget) (int64, error) {
	var id int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var n, same int
		if err := tx.QueryRowContext(ctx, s.q(`SELECT COUNT(*), COALESCE(SUM(CASE WHEN url = ? THEN 1 ELSE 0 END), 0) FROM probe_targets
			WHERE unit_id = ? AND removed_at IS NULL`), t.URL, t.UnitID).Scan(&n, &same); err != nil {
			return err
		}
		if same > 0 {
			return errs.Fields("监测网站登记有误", errs.FieldError{Field: "url", Label: "网站地址", Message: "该地址已登记"})
		}
		if n >= inspection.MaxProbeTargets {
			return errs.Fields("监测网站登记有误", errs.FieldError{Field: "url", Label: "网站地址", Message: "每个单位最多登记10个网站"})
		}
		if err := tx.QueryRowContext(ctx, s.q(`INSERT INTO probe_targets (unit_id, url, label, created_by, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`),
			t.UnitID, t.URL, t.Label, nullID(by.PersonID), s.now()).Scan(&id); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, by, Change{Action: "probe_target.create", ObjectType: "probe_target", ObjectID: id, OrgID: t.UnitID,
			Detail: map[string]any{"url": t.URL, "label": t.Label}})
	})
	return id, err
}

// RemoveProbeTarget stops probing a unit's site; its results stay.
func (s *Store) RemoveProbeTarget(ctx context.Context, by audit.Actor, unitID, id int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q("UPDATE probe_targets SET removed_at = ? WHERE id = ? AND unit_id = ? AND removed_at IS NULL"), s.now(), id, unitID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errs.E(errs.NotFound, "没有该监测网站")
		}
		return s.appendAudit(ctx, tx, by, Change{Action: "probe_target.remove", ObjectType: "probe_target", ObjectID: id, OrgID: unitID})
	})
}

// ProbeTargets lists the sites probed now: a unit's (unitID > 0) or every unit's.
func (s *Store) ProbeTargets(ctx context.Context, unitID int64) ([]inspection.ProbeTarget, error) {
	q, args := "SELECT id, unit_id, url, label, created_at FROM probe_targets WHERE removed_at IS NULL", []any{}
	if unitID > 0 {
		q += " AND unit_id = ?"
		args = append(args, unitID)
	}
	return collect(ctx, s.db, s.q(q+" ORDER BY id"), args, func(sc scanner) (inspection.ProbeTarget, error) {
		var t inspection.ProbeTarget
		return t, sc.Scan(&t.ID, &t.UnitID, &t.URL, &t.Label, &t.CreatedAt)
	})
}

// ClaimProbeSlot claims probe round slot for this instance: true for exactly one caller
// across every instance on the database.
func (s *Store) ClaimProbeSlot(ctx context.Context, slot int64) (bool, error) {
	var n int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q("INSERT INTO probe_rounds (slot, claimed_at) VALUES (?, ?) ON CONFLICT (slot) DO NOTHING"), slot, s.now())
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n == 1, err
}

// AddProbeResult stores one probe's result (a measurement, not a change: no audit entry).
func (s *Store) AddProbeResult(ctx context.Context, r inspection.ProbeResult) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, s.q("INSERT INTO probe_results (target_id, at, ok, status, millis, error) VALUES (?, ?, ?, ?, ?, ?)"),
			r.TargetID, r.At.UTC().Truncate(time.Microsecond), r.OK, r.Status, r.Millis, r.Error)
		return err
	})
}

// ProbeStats sums the probes of every site of a unit (removed ones included) made in
// [from, to): totals, failures and the inspection.WorstShown longest failures, by target.
func (s *Store) ProbeStats(ctx context.Context, unitID int64, from, to time.Time) ([]inspection.ProbeStat, error) {
	stats, err := collect(ctx, s.db, s.q(`SELECT t.id, t.url, COUNT(*), COALESCE(SUM(CASE WHEN r.ok THEN 0 ELSE 1 END), 0)
		FROM probe_targets t JOIN probe_results r ON r.target_id = t.id
		WHERE t.unit_id = ? AND r.at >= ? AND r.at < ? GROUP BY t.id, t.url ORDER BY t.id`), []any{unitID, from.UTC(), to.UTC()},
		func(sc scanner) (inspection.ProbeStat, error) {
			var p inspection.ProbeStat
			return p, sc.Scan(&p.TargetID, &p.URL, &p.Total, &p.Failed)
		})
	if err != nil {
		return nil, err
	}
	for i := range stats {
		stats[i].Worst, err = collect(ctx, s.db, s.q(`SELECT target_id, at, ok, status, millis, error FROM probe_results
			WHERE target_id = ? AND at >= ? AND at < ? AND NOT ok ORDER BY millis DESC, at LIMIT ?`),
			[]any{stats[i].TargetID, from.UTC(), to.UTC(), inspection.WorstShown}, scanProbeResult)
		if err != nil {
			return nil, err
		}
	}
	return stats, nil
}

// ProbeResults lists a target's latest results, newest first.
func (s *Store) ProbeResults(ctx context.Context, targetID int64, limit int) ([]inspection.ProbeResult, error) {
	return collect(ctx, s.db, s.q("SELECT target_id, at, ok, status, millis, error FROM probe_results WHERE target_id = ? ORDER BY at DESC LIMIT ?"),
		[]any{targetID, limit}, scanProbeResult)
}

func scanProbeResult(sc scanner) (inspection.ProbeResult, error) {
	var r inspection.ProbeResult
	return r, sc.Scan(&r.TargetID, &r.At, &r.OK, &r.Status, &r.Millis, &r.Error)
}
