package store

import (
	"context"
	"database/sql"
	"time"

	"gongkai/internal/errs"
)

// Rating values.
const (
	RatingSatisfied = 1 // 满意
	RatingFair      = 2 // 基本满意
	RatingPoor      = 3 // 不满意
)

// RatingLabel is the Chinese name of a rating value.
func RatingLabel(v int) string {
	switch v {
	case RatingSatisfied:
		return "满意"
	case RatingFair:
		return "基本满意"
	case RatingPoor:
		return "不满意"
	}
	return ""
}

// Rating is one citizen's rating.
type Rating struct {
	SubjectType string // "catalog" or "record"
	SubjectID   int64
	UnitID      int64
	Domain      string
	EntryKey    string
	Value       int
	Reason      string
	Client      string // salted hash of the client
	CreatedAt   time.Time
}

// The refusals of AddRating when a client is over its limits.
var (
	ErrRatedBefore    = errs.E(errs.Conflict, "您已评价过本页面，感谢参与")
	ErrRatingTooOften = errs.E(errs.Conflict, "评价过于频繁，请稍后再试")
)

// RatingLimits bound how often one client rates.
type RatingLimits struct {
	PerSubject time.Duration // one rating of the same page per client in this window
	PerHour    int           // ratings per client per hour, all pages
}

// AddRating stores a rating unless the client is over its limits. The check and the insert
// are one transaction, so two quick clicks cannot both pass.
func (s *Store) AddRating(ctx context.Context, r Rating, lim RatingLimits) error {
	if r.Value < RatingSatisfied || r.Value > RatingPoor {
		return errs.Fields("评价有误", errs.FieldError{Field: "value", Label: "评价", Message: "请选择满意、基本满意或不满意"})
	}
	if n := len([]rune(r.Reason)); n > 500 {
		return errs.Fields("评价有误", errs.FieldError{Field: "reason", Label: "意见", Message: "不能超过500字"})
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		var same, hour int
		if err := tx.QueryRowContext(ctx, s.q("SELECT count(*) FROM ratings WHERE client = ? AND subject_type = ? AND subject_id = ? AND created_at > ?"),
			r.Client, r.SubjectType, r.SubjectID, now.Add(-lim.PerSubject)).Scan(&same); err != nil {
			return err
		}
		if same > 0 {
			return ErrRatedBefore
		}
		if err := tx.QueryRowContext(ctx, s.q("SELECT count(*) FROM ratings WHERE client = ? AND created_at > ?"), r.Client, now.Add(-time.Hour)).Scan(&hour); err != nil {
			return err
		}
		if hour >= lim.PerHour {
			return ErrRatingTooOften
		}
		_, err := tx.ExecContext(ctx, s.q(`INSERT INTO ratings (subject_type, subject_id, unit_id, domain_code, entry_key, value, reason, client, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`), r.SubjectType, r.SubjectID, r.UnitID, r.Domain, r.EntryKey, r.Value, r.Reason, r.Client, now)
		return err
	})
}

// RatingSummary counts ratings for one group (a unit, a domain or an entry).
type RatingSummary struct {
	UnitID    int64
	Domain    string
	EntryKey  string
	Satisfied int
	Fair      int
	Poor      int
}

// Total is the number of ratings.
func (r RatingSummary) Total() int { return r.Satisfied + r.Fair + r.Poor }

// Rate is the satisfaction rate in percent: 满意 counts fully, 基本满意 half.
func (r RatingSummary) Rate() float64 {
	if r.Total() == 0 {
		return 0
	}
	return float64(2*r.Satisfied+r.Fair) * 50 / float64(r.Total())
}

// RatingSummaries aggregates the ratings of the units in the subtree at path, grouped by
// unit, domain and entry ("" entry key: ratings of the catalog page itself).
func (s *Store) RatingSummaries(ctx context.Context, path string) ([]RatingSummary, error) {
	return collect(ctx, s.db, s.q(`SELECT r.unit_id, r.domain_code, r.entry_key,
		SUM(CASE WHEN r.value = 1 THEN 1 ELSE 0 END), SUM(CASE WHEN r.value = 2 THEN 1 ELSE 0 END), SUM(CASE WHEN r.value = 3 THEN 1 ELSE 0 END)
		FROM ratings r JOIN orgs o ON o.id = r.unit_id WHERE o.path LIKE ?
		GROUP BY r.unit_id, r.domain_code, r.entry_key ORDER BY r.unit_id, r.domain_code, r.entry_key`), []any{path + "%"}, func(sc scanner) (RatingSummary, error) {
		var x RatingSummary
		err := sc.Scan(&x.UnitID, &x.Domain, &x.EntryKey, &x.Satisfied, &x.Fair, &x.Poor)
		return x, err
	})
}

// RecentReasons lists the latest written opinions in the subtree at path.
func (s *Store) RecentReasons(ctx context.Context, path string, limit int) ([]Rating, error) {
	return collect(ctx, s.db, s.q(`SELECT r.subject_type, r.subject_id, r.unit_id, r.domain_code, r.entry_key, r.value, r.reason, r.created_at
		FROM ratings r JOIN orgs o ON o.id = r.unit_id WHERE o.path LIKE ? AND r.reason <> '' ORDER BY r.id DESC LIMIT ?`), []any{path + "%", limit}, func(sc scanner) (Rating, error) {
		var x Rating
		err := sc.Scan(&x.SubjectType, &x.SubjectID, &x.UnitID, &x.Domain, &x.EntryKey, &x.Value, &x.Reason, &x.CreatedAt)
		return x, err
	})
}
