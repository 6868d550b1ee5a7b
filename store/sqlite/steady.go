package sqlite

import (
	"context"
	"database/sql"
)

// steady runs statements on the write connection (alone or in an Atomic
// transaction) to the end whatever their context says. When a statement's
// context ends, the driver interrupts the whole connection
// (sqlite3_interrupt) from another goroutine; on the one write connection
// that interrupt can land on the statement that runs next — another
// caller's write, such as the outbox recording emails as sent while
// shutdown cancels the workers — which then fails with "interrupted" and
// its work is lost. Writes are short, so each is let finish; a caller that
// gave up learns of it after the statement.
type steady struct{ q querier }

func (w steady) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return w.q.ExecContext(context.WithoutCancel(ctx), query, args...)
}

func (w steady) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return w.q.QueryContext(context.WithoutCancel(ctx), query, args...)
}

func (w steady) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return w.q.QueryRowContext(context.WithoutCancel(ctx), query, args...)
}
