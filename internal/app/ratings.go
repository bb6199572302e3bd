package app

import (
	"context"
	"strings"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/store"
)

// DefaultRatingLimits: one rating per page per client per day, 30 an hour.
var DefaultRatingLimits = store.RatingLimits{PerSubject: 24 * time.Hour, PerHour: 30}

// ClientKey identifies a client for rate limits without keeping its address: a hash of the
// address and browser with an installation secret.
func (a *App) ClientKey(ctx context.Context, ip, userAgent string) (string, error) {
	salt, err := a.Store.Secret(ctx, "secret.rating_salt", func() string { return auth.NewSecret("") })
	if err != nil {
		return "", err
	}
	return auth.HashSecret(salt + "|" + ip + "|" + userAgent), nil
}

// Rate records a citizen's rating.
func (a *App) Rate(ctx context.Context, r store.Rating, ip, userAgent string) error {
	key, err := a.ClientKey(ctx, ip, userAgent)
	if err != nil {
		return err
	}
	r.Client = key
	r.Reason = strings.TrimSpace(r.Reason)
	return a.Store.AddRating(ctx, r, DefaultRatingLimits)
}
