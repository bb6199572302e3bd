package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"reflect"
	"sync"

	_ "modernc.org/sqlite" // registers "sqlite"
)

// SQLite connections keep their prepared statements.
//
// database/sql runs a query without a prepared statement by calling the driver's
// QueryContext, and modernc's driver then parses the SQL, runs it and finalizes it: a
// profile of the static export showed a quarter of its CPU time in SQLite's parser, for
// the same few dozen statements run thousands of times. The connector below wraps each
// connection so that it prepares a statement on its first use and keeps it, by its text,
// for the next (modernc resets a kept statement when its rows are closed). A statement
// still being read (rows open, as when a query runs inside another's loop) is not shared:
// the second use runs uncached. The number kept per connection is bounded, the oldest
// closed first, so queries with inlined values cannot hold memory.
const (
	maxStmtsPerConn = 256
	maxCachedQuery  = 4096 // longer texts (inlined ID lists) are not kept
)

// sqliteConnector opens modernc connections with a statement cache.
type sqliteConnector struct {
	dsn  string
	base driver.Driver
}

var (
	baseSQLiteOnce sync.Once
	baseSQLite     driver.Driver
)

// openSQLite opens a pool over the registered modernc driver with cached statements.
func openSQLite(dsn string) *sql.DB {
	baseSQLiteOnce.Do(func() {
		db, err := sql.Open("sqlite", "")
		if err == nil {
			baseSQLite = db.Driver()
			db.Close()
		}
	})
	return sql.OpenDB(sqliteConnector{dsn: dsn, base: baseSQLite})
}

func (c sqliteConnector) Connect(context.Context) (driver.Conn, error) {
	conn, err := c.base.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	return &stmtConn{Conn: conn, stmts: map[string]*keptStmt{}}, nil
}

func (c sqliteConnector) Driver() driver.Driver { return c.base }

// stmtConn is a modernc connection that keeps its prepared statements.
type stmtConn struct {
	driver.Conn
	mu    sync.Mutex
	stmts map[string]*keptStmt
	order []string // insertion order, for eviction
}

type keptStmt struct {
	s    driver.Stmt
	busy bool // rows of it are open
}

// The interfaces of modernc's connection that database/sql and the store use.
var (
	_ driver.ConnBeginTx            = (*stmtConn)(nil)
	_ driver.ConnPrepareContext     = (*stmtConn)(nil)
	_ driver.QueryerContext         = (*stmtConn)(nil)
	_ driver.ExecerContext          = (*stmtConn)(nil)
	_ driver.Pinger                 = (*stmtConn)(nil)
	_ driver.SessionResetter        = (*stmtConn)(nil)
	_ driver.Validator              = (*stmtConn)(nil)
	_ driver.RowsColumnTypeScanType = (*keptRows)(nil)
)

func (c *stmtConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	return c.Conn.(driver.ConnBeginTx).BeginTx(ctx, opts)
}

func (c *stmtConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.Conn.(driver.ConnPrepareContext).PrepareContext(ctx, query)
}

func (c *stmtConn) Ping(ctx context.Context) error { return c.Conn.(driver.Pinger).Ping(ctx) }

func (c *stmtConn) ResetSession(ctx context.Context) error {
	return c.Conn.(driver.SessionResetter).ResetSession(ctx)
}

func (c *stmtConn) IsValid() bool { return c.Conn.(driver.Validator).IsValid() }

// Close finalizes the kept statements, then closes the connection.
func (c *stmtConn) Close() error {
	c.mu.Lock()
	for _, k := range c.stmts {
		k.s.Close()
	}
	c.stmts, c.order = nil, nil
	c.mu.Unlock()
	return c.Conn.Close()
}

// take returns the kept statement of query, preparing and keeping it on first use, marked
// busy; nil when it is busy already or not to be kept.
func (c *stmtConn) take(ctx context.Context, query string) (*keptStmt, error) {
	if len(query) > maxCachedQuery {
		return nil, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stmts == nil {
		return nil, driver.ErrBadConn
	}
	if k, ok := c.stmts[query]; ok {
		if k.busy {
			return nil, nil
		}
		k.busy = true
		return k, nil
	}
	s, err := c.Conn.(driver.ConnPrepareContext).PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if len(c.order) >= maxStmtsPerConn {
		for i, q := range c.order {
			if old := c.stmts[q]; !old.busy {
				old.s.Close()
				delete(c.stmts, q)
				c.order = append(c.order[:i:i], c.order[i+1:]...)
				break
			}
		}
	}
	k := &keptStmt{s: s, busy: true}
	c.stmts[query] = k
	c.order = append(c.order, query)
	return k, nil
}

func (c *stmtConn) release(k *keptStmt) {
	c.mu.Lock()
	k.busy = false
	c.mu.Unlock()
}

func (c *stmtConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	k, err := c.take(ctx, query)
	if err != nil {
		return nil, err
	}
	if k == nil {
		return c.Conn.(driver.QueryerContext).QueryContext(ctx, query, args)
	}
	rows, err := k.s.(driver.StmtQueryContext).QueryContext(ctx, args)
	if err != nil {
		c.release(k)
		return nil, err
	}
	return &keptRows{Rows: rows, c: c, k: k}, nil
}

func (c *stmtConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	k, err := c.take(ctx, query)
	if err != nil {
		return nil, err
	}
	if k == nil {
		return c.Conn.(driver.ExecerContext).ExecContext(ctx, query, args)
	}
	defer c.release(k)
	return k.s.(driver.StmtExecContext).ExecContext(ctx, args)
}

// keptRows releases its statement when closed.
type keptRows struct {
	driver.Rows
	c      *stmtConn
	k      *keptStmt
	closed bool
}

func (r *keptRows) Close() error {
	if r.closed {
		return nil
	}
	r.closed = true
	err := r.Rows.Close()
	r.c.release(r.k)
	return err
}

func (r *keptRows) ColumnTypeScanType(i int) reflect.Type {
	if t, ok := r.Rows.(driver.RowsColumnTypeScanType); ok {
		return t.ColumnTypeScanType(i)
	}
	return reflect.TypeFor[any]()
}

func (r *keptRows) ColumnTypeDatabaseTypeName(i int) string {
	if t, ok := r.Rows.(driver.RowsColumnTypeDatabaseTypeName); ok {
		return t.ColumnTypeDatabaseTypeName(i)
	}
	return ""
}

func (r *keptRows) ColumnTypeNullable(i int) (nullable, ok bool) {
	if t, ok := r.Rows.(driver.RowsColumnTypeNullable); ok {
		return t.ColumnTypeNullable(i)
	}
	return false, false
}
