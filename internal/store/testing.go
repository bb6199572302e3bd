package store

import "database/sql"

// RawForTest exposes the write pool so that tests can tamper with data underneath the
// application, as an attacker with database access would.
func (s *Store) RawForTest() *sql.DB { return s.wdb }
