package mongo

import "context"

// OutboxBacklog counts the emails waiting to be sent (pending, or being
// sent under a lease) and those that failed for good, for the metrics
// gauges. It reads the collection sizes only (no filter): on FerretDB any
// filter decodes the whole collection, while outbox_due holds only what is
// waiting and outbox_failed only what staff have not retried or purged.
func (s *Store) OutboxBacklog(ctx context.Context) (waiting, failed int64, err error) {
	if waiting, err = s.col(colOutboxDue).EstimatedDocumentCount(ctx); err != nil {
		return 0, 0, err
	}
	if failed, err = s.col(colOutboxFailed).EstimatedDocumentCount(ctx); err != nil {
		return 0, 0, err
	}
	return waiting, failed, nil
}
