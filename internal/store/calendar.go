package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"

	"gongkai/internal/audit"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
)

// Deadline is a stored due date and how it was computed, so it can be recomputed.
type Deadline struct {
	SubjectType string // e.g. "record"
	SubjectID   string
	From        calendar.Date
	N           int
	Unit        calendar.Unit
	Due         calendar.Date
	Provisional bool
}

// CalendarSource reads the imported years and closures and merges them over the embedded
// official notices.
func (s *Store) CalendarSource(ctx context.Context) (calendar.Basis, error) {
	return s.calendarSource(ctx, s.db)
}

func (s *Store) calendarSource(ctx context.Context, q queryer) (calendar.Basis, error) {
	cs := calendar.Basis{Imported: map[int]bool{}}
	byYear := map[int]calendar.Year{}
	for _, y := range calendar.Official() {
		byYear[y.Year] = y
	}
	rows, err := q.QueryContext(ctx, "SELECT year, file, data FROM calendar_years ORDER BY year")
	if err != nil {
		return cs, err
	}
	for rows.Next() {
		var year int
		var file, data string
		if err := rows.Scan(&year, &file, &data); err != nil {
			rows.Close()
			return cs, err
		}
		y, err := calendar.ParseYear(file, []byte(data))
		if err != nil {
			rows.Close()
			return cs, fmt.Errorf("stored calendar year %d: %w", year, err)
		}
		byYear[year] = y
		cs.Imported[year] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return cs, err
	}
	for _, y := range byYear {
		cs.Years = append(cs.Years, y)
	}
	sort.Slice(cs.Years, func(i, j int) bool { return cs.Years[i].Year < cs.Years[j].Year })
	rows, err = q.QueryContext(ctx, "SELECT day, name FROM calendar_closures ORDER BY day")
	if err != nil {
		return cs, err
	}
	defer rows.Close()
	for rows.Next() {
		var day, name string
		if err := rows.Scan(&day, &name); err != nil {
			return cs, err
		}
		d, err := calendar.ParseDate(day)
		if err != nil {
			return cs, err
		}
		cs.Closures = append(cs.Closures, calendar.Closure{Date: d, Name: name})
	}
	return cs, rows.Err()
}

// ImportCalendarYear validates a year file, stores it and recomputes every stored deadline,
// all in one transaction: either the calendar and every due date change together, or nothing.
func (s *Store) ImportCalendarYear(ctx context.Context, by audit.Actor, file string, data []byte) (calendar.Year, calendar.Outcome, error) {
	y, err := calendar.ParseYear(file, data)
	if err != nil {
		return y, calendar.Outcome{}, errs.E(errs.Invalid, "%s", err.Error())
	}
	var ch calendar.Outcome
	err = s.changeCalendar(ctx, by, func(tx *sql.Tx, cs *calendar.Basis) error {
		_, err := tx.ExecContext(ctx, s.q(`INSERT INTO calendar_years (year, file, data, imported_at, imported_by) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (year) DO UPDATE SET file = excluded.file, data = excluded.data, imported_at = excluded.imported_at, imported_by = excluded.imported_by`),
			y.Year, file, string(data), s.now(), by.Login)
		if err != nil {
			return err
		}
		replaced := false
		for i := range cs.Years {
			if cs.Years[i].Year == y.Year {
				cs.Years[i], replaced = y, true
			}
		}
		if !replaced {
			cs.Years = append(cs.Years, y)
			sort.Slice(cs.Years, func(i, j int) bool { return cs.Years[i].Year < cs.Years[j].Year })
		}
		return nil
	}, &ch, Change{Action: "calendar.import", ObjectType: "calendar_year", ObjectID: y.Year, Detail: map[string]any{"file": file, "days": len(y.Days), "papers": y.Papers}})
	return y, ch, err
}

// AddClosure adds a local closure day (a disaster day) and recomputes deadlines.
func (s *Store) AddClosure(ctx context.Context, by audit.Actor, c calendar.Closure) (calendar.Outcome, error) {
	if c.Date.IsZero() || c.Name == "" {
		return calendar.Outcome{}, errs.Fields("停止办公日有误", errs.FieldError{Field: "name", Label: "原因", Message: "日期和原因均不能为空"})
	}
	var ch calendar.Outcome
	err := s.changeCalendar(ctx, by, func(tx *sql.Tx, cs *calendar.Basis) error {
		_, err := tx.ExecContext(ctx, s.q("INSERT INTO calendar_closures (day, name, created_at, created_by) VALUES (?, ?, ?, ?)"), c.Date.String(), c.Name, s.now(), by.Login)
		if s.isUniqueViolation(err) {
			return errs.Fields("停止办公日有误", errs.FieldError{Field: "day", Label: "日期", Message: c.Date.String() + " 已登记"})
		}
		cs.Closures = append(cs.Closures, c)
		return err
	}, &ch, Change{Action: "calendar.closure.add", ObjectType: "calendar_closure", ObjectID: c.Date.String(), Detail: map[string]any{"name": c.Name}})
	return ch, err
}

// RemoveClosure removes a local closure and recomputes deadlines.
func (s *Store) RemoveClosure(ctx context.Context, by audit.Actor, d calendar.Date) (calendar.Outcome, error) {
	var ch calendar.Outcome
	err := s.changeCalendar(ctx, by, func(tx *sql.Tx, cs *calendar.Basis) error {
		r, err := tx.ExecContext(ctx, s.q("DELETE FROM calendar_closures WHERE day = ?"), d.String())
		if err != nil {
			return err
		}
		if n, _ := r.RowsAffected(); n == 0 {
			return errs.E(errs.NotFound, "%s 不是登记的停止办公日", d)
		}
		out := cs.Closures[:0]
		for _, c := range cs.Closures {
			if c.Date != d {
				out = append(out, c)
			}
		}
		cs.Closures = out
		return nil
	}, &ch, Change{Action: "calendar.closure.remove", ObjectType: "calendar_closure", ObjectID: d.String()})
	return ch, err
}

// changeCalendar applies fn to the calendar source inside a transaction, builds the new
// calendar (refusing an inconsistent one), recomputes every stored deadline and audits.
func (s *Store) changeCalendar(ctx context.Context, by audit.Actor, fn func(tx *sql.Tx, cs *calendar.Basis) error, ch *calendar.Outcome, c Change) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		cs, err := s.calendarSource(ctx, tx)
		if err != nil {
			return err
		}
		if err := fn(tx, &cs); err != nil {
			return err
		}
		cal, err := cs.Build()
		if err != nil {
			return errs.E(errs.Invalid, "日历不一致：%v", err)
		}
		n, err := s.recomputeDeadlines(ctx, tx, cal)
		if err != nil {
			return err
		}
		ch.Recomputed = n
		if m, ok := c.Detail.(map[string]any); ok {
			m["recomputed_deadlines"] = n
		}
		if err := s.appendAudit(ctx, tx, by, c); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, s.q("INSERT INTO settings (key, value) VALUES ('calendar.version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
			s.now().Format("20060102T150405.000000"))
		return err
	})
}

func (s *Store) recomputeDeadlines(ctx context.Context, tx *sql.Tx, cal *calendar.Calendar) (int, error) {
	rows, err := tx.QueryContext(ctx, "SELECT id, from_day, n, unit, due_day, provisional FROM deadlines")
	if err != nil {
		return 0, err
	}
	type upd struct {
		id   int64
		due  calendar.Due
		prov bool
	}
	var ups []upd
	for rows.Next() {
		var id int64
		var from, due string
		var n, unit int
		var prov bool
		if err := rows.Scan(&id, &from, &n, &unit, &due, &prov); err != nil {
			rows.Close()
			return 0, err
		}
		f, err := calendar.ParseDate(from)
		if err != nil {
			rows.Close()
			return 0, err
		}
		d := cal.Compute(f, n, calendar.Unit(unit))
		if d.Date.String() != due || d.Provisional != prov {
			ups = append(ups, upd{id, d, d.Provisional})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	moved := 0
	for _, u := range ups {
		if _, err := tx.ExecContext(ctx, s.q("UPDATE deadlines SET due_day = ?, provisional = ?, updated_at = ? WHERE id = ?"), u.due.Date.String(), u.prov, s.now(), u.id); err != nil {
			return 0, err
		}
		moved++
	}
	return moved, nil
}

// SetDeadline stores (or replaces) the deadline of a subject inside the caller's transaction.
func (s *Store) SetDeadline(ctx context.Context, tx *sql.Tx, d Deadline) error {
	_, err := tx.ExecContext(ctx, s.q(`INSERT INTO deadlines (subject_type, subject_id, from_day, n, unit, due_day, provisional, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (subject_type, subject_id) DO UPDATE SET from_day = excluded.from_day, n = excluded.n, unit = excluded.unit,
		due_day = excluded.due_day, provisional = excluded.provisional, updated_at = excluded.updated_at`),
		d.SubjectType, d.SubjectID, d.From.String(), d.N, int(d.Unit), d.Due.String(), d.Provisional, s.now())
	return err
}

// DeadlineOf returns the stored deadline of a subject.
func (s *Store) DeadlineOf(ctx context.Context, subjectType, subjectID string) (Deadline, error) {
	d := Deadline{SubjectType: subjectType, SubjectID: subjectID}
	var from, due string
	var unit int
	err := s.db.QueryRowContext(ctx, s.q("SELECT from_day, n, unit, due_day, provisional FROM deadlines WHERE subject_type = ? AND subject_id = ?"),
		subjectType, subjectID).Scan(&from, &d.N, &unit, &due, &d.Provisional)
	if err != nil {
		return d, notFound(err, "截止日期")
	}
	d.Unit = calendar.Unit(unit)
	if d.From, err = calendar.ParseDate(from); err != nil {
		return d, err
	}
	d.Due, err = calendar.ParseDate(due)
	return d, err
}

// CalendarVersion changes whenever the calendar does; instances compare it to know when to
// rebuild their cached calendar.
func (s *Store) CalendarVersion(ctx context.Context) (string, error) {
	var v string
	err := s.db.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = 'calendar.version'").Scan(&v)
	if err == sql.ErrNoRows {
		return "", nil
	}
	return v, err
}
