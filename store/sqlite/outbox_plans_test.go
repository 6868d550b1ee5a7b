package sqlite_test

import (
	"strings"
	"testing"

	"github.com/agora-events/agora/store/sqlite"
)

// TestOutboxQueryPlans: delivery walks outbox_due in due order, and no
// count reads sent mail.
func TestOutboxQueryPlans(t *testing.T) {
	st, ctx := outboxStore(t)
	want := map[string][]string{
		"claim":            {"USING INDEX outbox_due (next_attempt_at<?)"},
		"claim_exclusive":  {"USING INDEX outbox_due (next_attempt_at<?)"},
		"backlog_waiting":  {"SEARCH outbox USING COVERING INDEX outbox_by_status (status=?)"},
		"backlog_failed":   {"SEARCH outbox USING COVERING INDEX outbox_by_status (status=?)"},
		"count_by_message": {"SEARCH outbox USING COVERING INDEX outbox_by_message (message_id=?)"},
		"erase_signup":     {"SEARCH outbox USING INDEX outbox_by_signup (signup_id=?)"},
		"erase_activity":   {"SEARCH outbox USING INDEX outbox_by_activity (activity_id=?)"},
		"erased_signup":    {"SEARCH outbox USING INDEX outbox_by_signup (signup_id=?)"},
		"erased_activity":  {"SEARCH outbox USING INDEX outbox_by_activity (activity_id=?)"},
		"signup_by_link": {"SEARCH signups USING INDEX sqlite_autoindex_signups_", "(manage_token_hash=?)",
			"SEARCH outbox USING INDEX outbox_by_link_token (link_token_hash=?)"},
	}
	for name, q := range sqlite.OutboxPlanQueries {
		t.Run(name, func(t *testing.T) {
			vals := make([]any, q.Args)
			for i := range vals {
				vals[i] = "[]"
			}
			plan, err := sqlite.OutboxQueryPlan(ctx, st, q.SQL, vals...)
			if err != nil {
				t.Fatal(err)
			}
			text := strings.Join(plan, "\n")
			for _, w := range want[name] {
				if !strings.Contains(text, w) {
					t.Fatalf("plan lacks %q:\n%s", w, text)
				}
			}
			if len(want[name]) == 0 {
				t.Fatalf("no expected plan for %s", name)
			}
			for _, line := range plan {
				if strings.HasPrefix(line, "SCAN outbox") || strings.Contains(line, "TEMP B-TREE") {
					t.Fatalf("plan scans or sorts:\n%s", text)
				}
			}
		})
	}
}
