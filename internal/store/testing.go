package store

import (
	"context"
	"database/sql"
)

// RawForTest exposes the write pool so that tests can tamper with data underneath the
// application, as an attacker with database access would.
func (s *Store) RawForTest() *sql.DB { return s.wdb }

// MigrateUpToForTest applies the migrations up to version upTo only, so that a test can put
// data into an older schema and watch a later migration carry it over.
func (s *Store) MigrateUpToForTest(ctx context.Context, upTo int) (int, error) {
	return s.migrateTo(ctx, upTo)
}
