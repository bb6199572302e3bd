package store

import (
	"context"
	"database/sql"

	"gongkai/internal/catalog"
)

// Helpers for tests; nothing else calls them.

// RawForTest exposes the write pool so that tests can tamper with data underneath the
// application, as an attacker with database access would.
func (s *Store) RawForTest() *sql.DB { return s.wdb }

// MigrateUpToForTest applies the migrations up to version upTo only, so that a test can put
// data into an older schema and watch a later migration carry it over.
func (s *Store) MigrateUpToForTest(ctx context.Context, upTo int) (int, error) {
	return s.migrateTo(ctx, upTo)
}

// CalendarYear is a year file an administrator imported.
type CalendarYear struct {
	Year       int
	File       string
	Data       []byte
	ImportedBy string
}

// CalendarYears lists imported years (without their data), for tests.
func (s *Store) CalendarYears(ctx context.Context) ([]CalendarYear, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT year, file, imported_by FROM calendar_years ORDER BY year")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []CalendarYear
	for rows.Next() {
		var y CalendarYear
		if err := rows.Scan(&y.Year, &y.File, &y.ImportedBy); err != nil {
			return nil, err
		}
		out = append(out, y)
	}
	return out, rows.Err()
}

// CatalogsOf lists the catalogs of an organisation, for tests.
func (s *Store) CatalogsOf(ctx context.Context, orgID int64) ([]catalog.Catalog, error) {
	return collect(ctx, s.db, s.q("SELECT "+catalogCols+" FROM catalogs WHERE org_id = ? ORDER BY domain_code"), []any{orgID}, scanCatalog)
}

// SaveDeadline stores a deadline in its own transaction, for tests.
func (s *Store) SaveDeadline(ctx context.Context, d Deadline) error {
	return s.tx(ctx, func(tx *sql.Tx) error { return s.SetDeadline(ctx, tx, d) })
}

// ReadPoolForTest exposes the read pool, so that tests can see what its connections see.
func (s *Store) ReadPoolForTest() *sql.DB { return s.db }
