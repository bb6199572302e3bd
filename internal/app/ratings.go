package app

import (
	"cmp"
	"context"
	"net/netip"
	"strings"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/errs"
	"gongkai/internal/org"
	"gongkai/internal/rating"
	"gongkai/internal/record"
)

// DefaultRatingLimits: one rating per page per client per day, 30 an hour (the hourly
// number is Config.RatingsPerHour).
var DefaultRatingLimits = rating.Limits{PerSubject: 24 * time.Hour, PerHour: 30}

// ClientKey identifies a client for rate limits without keeping its address: a salted hash
// of the address alone — anything else a client sends (its User-Agent, say) it can change at
// will. An IPv6 client is keyed by its /64, the block one subscriber holds.
func (a *App) ClientKey(ctx context.Context, addr string) (string, error) {
	salt, err := a.store.Secret(ctx, "secret.rating_salt", func() string { return auth.NewSecret("") })
	if err != nil {
		return "", err
	}
	if ip, err := netip.ParseAddr(addr); err == nil {
		ip = ip.Unmap()
		if ip.Is6() {
			p, _ := ip.Prefix(64)
			addr = p.String()
		} else {
			addr = ip.String()
		}
	}
	return auth.HashSecret(salt + "|" + addr), nil
}

// RatingInput is a visitor's rating as sent: what is rated, the value and an opinion.
type RatingInput struct {
	SubjectType string // "catalog" or "record"
	SubjectID   int64
	Value       int
	Reason      string
}

// RatedSubject says where the rated page lives, so that the visitor can be sent back.
type RatedSubject struct {
	UnitCode string
	Domain   string
	RecordID int64 // 0 for a catalog
}

// Rate records a citizen's rating of a public page: the catalog of a unit's domain while it
// has an effective version, or a published record. Anything else — a draft catalog, a record
// under review or withdrawn — is not found, as it is on the website. The subject decides the
// unit, domain and entry the rating counts for. Limits count per client address (clientAddr,
// which the caller takes from the connection or a trusted proxy).
func (a *App) Rate(ctx context.Context, in RatingInput, clientAddr string) (RatedSubject, error) {
	notFound := errs.E(errs.NotFound, "评价对象不存在")
	r := rating.Rating{SubjectType: in.SubjectType, SubjectID: in.SubjectID, Value: in.Value, Reason: strings.TrimSpace(in.Reason)}
	var subj RatedSubject
	switch in.SubjectType {
	case "catalog":
		c, err := a.store.CatalogByID(ctx, in.SubjectID)
		if errs.Is(err, errs.NotFound) {
			return subj, notFound
		} else if err != nil {
			return subj, err
		}
		u, err := a.store.Org(ctx, c.OrgID)
		if err != nil || u.Kind != org.KindUnit {
			return subj, notFound
		}
		if _, err := a.store.EffectiveVersion(ctx, c.ID); errs.Is(err, errs.NotFound) {
			return subj, notFound
		} else if err != nil {
			return subj, err
		}
		r.UnitID, r.Domain = u.ID, c.Domain
		subj = RatedSubject{UnitCode: u.Code, Domain: c.Domain}
	case "record":
		rec, row, err := a.PublicRecord(ctx, in.SubjectID)
		if errs.Is(err, errs.NotFound) || (err == nil && rec.State != record.StatePublished) {
			return subj, notFound
		} else if err != nil {
			return subj, err
		}
		u, err := a.store.Org(ctx, row.UnitID)
		if err != nil {
			return subj, err
		}
		r.UnitID, r.Domain, r.EntryKey = u.ID, row.Domain, row.EntryKey
		subj = RatedSubject{UnitCode: u.Code, Domain: row.Domain, RecordID: row.ID}
	default:
		return subj, notFound
	}
	key, err := a.ClientKey(ctx, clientAddr)
	if err != nil {
		return subj, err
	}
	r.Client = key
	lim := DefaultRatingLimits
	lim.PerHour = cmp.Or(a.Cfg.RatingsPerHour, lim.PerHour)
	return subj, a.store.AddRating(ctx, r, lim)
}
