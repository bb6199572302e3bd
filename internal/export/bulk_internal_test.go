package export

import (
	"context"

	"gongkai/internal/app"
)

// RunPerPage is Run with every record page rendered by its handler, one by one, as before
// record pages were rendered in bulk: the reference the bulk path must match byte for byte.
func RunPerPage(ctx context.Context, a *app.App, opts Options) (Result, error) {
	opts.perPage = true
	return Run(ctx, a, opts)
}
