package sqlite

import (
	"context"
	"database/sql"
)

func (t *tx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return t.Tx.ExecContext(context.WithoutCancel(ctx), query, args...)
}

func (t *tx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return t.Tx.QueryContext(context.WithoutCancel(ctx), query, args...)
}

func (t *tx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return t.Tx.QueryRowContext(context.WithoutCancel(ctx), query, args...)
}

// steady is the write connection with its statements run to the end
// whatever their context says. When a statement's context ends, the driver
// interrupts the whole connection (sqlite3_interrupt) from another
// goroutine; on the one write connection that interrupt can land on the
// statement that runs next — another caller's write, such as the outbox
// recording emails as sent while shutdown cancels the workers — which then
// fails with "interrupted" and its work is lost. Writes are short, so each
// is let finish; a caller that gave up learns of it after the statement.
type steady struct{ db *sql.DB }

func (w steady) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return w.db.ExecContext(context.WithoutCancel(ctx), query, args...)
}

func (w steady) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return w.db.QueryContext(context.WithoutCancel(ctx), query, args...)
}

func (w steady) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return w.db.QueryRowContext(context.WithoutCancel(ctx), query, args...)
}
