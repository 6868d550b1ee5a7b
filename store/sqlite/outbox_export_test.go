package sqlite

import "context"

// OutboxPlanQueries are the outbox statements whose query plans the tests
// check, with as many arguments as each takes.
var OutboxPlanQueries = map[string]struct {
	SQL  string
	Args int
}{
	"claim":            {sqlOutboxClaim, 5},
	"claim_exclusive":  {sqlOutboxClaimExclusive, 3},
	"backlog_waiting":  {sqlOutboxWaiting, 0},
	"backlog_failed":   {sqlOutboxFailed, 0},
	"count_by_message": {sqlOutboxByMessage, 1},
	"erase_signup":     {sqlEraseOutboxOfSignup, 3},
	"erase_activity":   {sqlEraseOutboxOfActivity, 3},
	"erased_signup":    {sqlOutboxOfSignup, 1},
	"erased_activity":  {sqlOutboxOfActivity, 1},
	"signup_by_link":   {sqlSignupByTokenHash, 1},
}

// OutboxQueryPlan returns the details of EXPLAIN QUERY PLAN for query, run
// on the write connection (the plan of an UPDATE too).
func OutboxQueryPlan(ctx context.Context, s *Store, query string, vals ...any) ([]string, error) {
	return queryPlan(ctx, s.write, query, vals...)
}

// OutboxBodies reads what is stored of an email's body: whether its text,
// HTML and attachments are NULL.
func OutboxBodies(ctx context.Context, s *Store, id string) (text, html, attachments bool, err error) {
	err = s.read.QueryRowContext(ctx, `SELECT text_body IS NOT NULL, html_body IS NOT NULL, attachments IS NOT NULL
		FROM outbox WHERE id = ?`, id).Scan(&text, &html, &attachments)
	return text, html, attachments, err
}
