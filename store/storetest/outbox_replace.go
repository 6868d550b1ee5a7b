package storetest

import (
	"testing"
	"time"

	"github.com/agora-events/agora/models"
)

// outboxReplace pins down ReplacePendingOutbox, on which "several edits
// make one email" rests: an email not yet due is rewritten or withdrawn;
// one a worker may hold (due, or attempted) is left alone.
func (s *suite) outboxReplace(t *testing.T) {
	later := func(f *fixture) func(e *models.OutboxEmail) {
		return func(e *models.OutboxEmail) { e.NextAttemptAt = f.now.Add(5 * time.Minute) }
	}
	t.Run("ReplacePendingOutbox/OKRewritesBeforeDue", func(t *testing.T) {
		f := s.fixture(t)
		e := f.email(later(f))
		repl := *e
		repl.Subject, repl.Text, repl.HTML = "Changed twice", "second text", "<p>second</p>"
		repl.Attachments = []models.Attachment{{Filename: "activity.ics", ContentType: "text/calendar", Data: []byte("SEQUENCE:2")}}
		repl.NextAttemptAt = f.now.Add(8 * time.Minute)
		ok, err := f.st.ReplacePendingOutbox(f.ctx, e.DedupKey, &repl, f.now)
		must(t, err, "replace")
		if !ok {
			t.Fatal("a pending email not yet due was not rewritten")
		}
		got := f.readEmail(e.ID)
		if got.Subject != "Changed twice" || got.Status != models.OutboxPending {
			t.Fatalf("after rewrite: subject %q, status %s", got.Subject, got.Status)
		}
		sameTime(t, got.NextAttemptAt, repl.NextAttemptAt, "next_attempt_at")
		if es := f.claim(f.now.Add(7*time.Minute), time.Minute, 10, nil); len(es) != 0 {
			t.Fatalf("claimed %d emails before the new due time", len(es))
		}
		es := f.claim(f.now.Add(9*time.Minute), time.Minute, 10, nil)
		if len(es) != 1 || es[0].Text != "second text" || string(es[0].Attachments[0].Data) != "SEQUENCE:2" {
			t.Fatalf("claimed %+v; want the rewritten email", es)
		}
	})
	t.Run("ReplacePendingOutbox/OKWithdraws", func(t *testing.T) {
		f := s.fixture(t)
		e := f.email(later(f))
		ok, err := f.st.ReplacePendingOutbox(f.ctx, e.DedupKey, nil, f.now)
		must(t, err, "withdraw")
		if !ok {
			t.Fatal("a pending email not yet due was not withdrawn")
		}
		if es := f.claim(f.now.Add(time.Hour), time.Minute, 10, nil); len(es) != 0 {
			t.Fatalf("a withdrawn email was claimed: %+v", es)
		}
	})
	t.Run("ReplacePendingOutbox/FalseWhenDue", func(t *testing.T) {
		f := s.fixture(t)
		e := f.email(nil) // due now: a worker may hold it
		repl := *e
		repl.Subject = "too late"
		for _, r := range []*models.OutboxEmail{&repl, nil} {
			ok, err := f.st.ReplacePendingOutbox(f.ctx, e.DedupKey, r, f.now)
			must(t, err, "replace a due email")
			if ok {
				t.Fatal("a due email was rewritten or withdrawn")
			}
		}
		if got := f.readEmail(e.ID); got.Subject == "too late" {
			t.Fatal("a due email's subject changed")
		}
	})
	t.Run("ReplacePendingOutbox/FalseWhenUnknown", func(t *testing.T) {
		f := s.fixture(t)
		ok, err := f.st.ReplacePendingOutbox(f.ctx, "changed:nobody:1", nil, f.now)
		must(t, err, "unknown key")
		if ok {
			t.Fatal("an unknown key reported a withdrawal")
		}
	})
}
