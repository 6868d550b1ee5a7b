package storetest

// Fixtures and assertions of the outbox cases.

import (
	"bytes"
	"testing"
	"time"

	"github.com/agora-events/agora/models"
)

// newEmail returns, unqueued, a rendered email due now, changed by edit.
func (f *fixture) newEmail(edit func(e *models.OutboxEmail)) *models.OutboxEmail {
	id := models.NewID()
	e := &models.OutboxEmail{ID: id, DedupKey: "confirmed:" + id, Kind: "confirmed", Language: "pl",
		To: "ana-" + id + "@example.org", ToName: "Ana Kowalska", Subject: "Potwierdzenie " + id,
		Text: "Dzień dobry " + id, HTML: "<p>Dzień dobry " + id + "</p>",
		Attachments: []models.Attachment{{Filename: "activity.ics", ContentType: "text/calendar; charset=utf-8", Data: []byte("BEGIN:VCALENDAR\r\n" + id)},
			// An inline image (the check-in QR code) keeps its Content-ID.
			{Filename: "checkin.png", ContentType: "image/png", Data: []byte("\x89PNG" + id), ContentID: "checkin-qr@agora"}},
		HeaderMessageID: id + "@agora.test", Status: models.OutboxPending, NextAttemptAt: f.now,
		OrganisationID: "org-1", ActivityID: "act-1", SignupID: "su-" + id, CreatedAt: f.now, UpdatedAt: f.now}
	if edit != nil {
		edit(e)
	}
	return e
}

// email queues a new email (see newEmail).
func (f *fixture) email(edit func(e *models.OutboxEmail)) *models.OutboxEmail {
	f.t.Helper()
	e := f.newEmail(edit)
	ok, err := f.st.InsertOutbox(f.ctx, e)
	if err != nil || !ok {
		f.t.Fatalf("queue email: %v, %v", ok, err)
	}
	return e
}

func (f *fixture) readEmail(id string) *models.OutboxEmail {
	f.t.Helper()
	e, err := f.st.OutboxByID(f.ctx, id)
	must(f.t, err, "email "+id)
	return e
}

func wantStatus(t *testing.T, f *fixture, id, status string) {
	t.Helper()
	if got := f.readEmail(id); got.Status != status {
		t.Fatalf("email %s is %s, want %s", id, got.Status, status)
	}
}

// claim leases due emails.
func (f *fixture) claim(now time.Time, lease time.Duration, limit int, skip []string) []models.OutboxEmail {
	f.t.Helper()
	es, err := f.st.ClaimOutbox(f.ctx, now, lease, limit, skip)
	must(f.t, err, "claim")
	return es
}

// claimExclusive takes due emails without a lease.
func (f *fixture) claimExclusive(now time.Time, skip []string) []models.OutboxEmail {
	f.t.Helper()
	es, err := f.st.ClaimOutboxExclusive(f.ctx, now, 100, skip, nil)
	must(f.t, err, "claim exclusive")
	return es
}

func emailIDs(es []models.OutboxEmail) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.ID
	}
	return out
}

// byID returns the email with id among es, or nil.
func byID(es []models.OutboxEmail, id string) *models.OutboxEmail {
	for i := range es {
		if es[i].ID == id {
			return &es[i]
		}
	}
	return nil
}

// wantEmail fails unless got carries want's record (and its body, when
// withBody).
func wantEmail(t *testing.T, got, want *models.OutboxEmail, withBody bool) {
	t.Helper()
	if got.ID != want.ID || got.DedupKey != want.DedupKey && got.DedupKey != "" || got.Kind != want.Kind ||
		got.Language != want.Language || got.To != want.To || got.ToName != want.ToName || got.Subject != want.Subject ||
		got.HeaderMessageID != want.HeaderMessageID || got.OrganisationID != want.OrganisationID ||
		got.ActivityID != want.ActivityID || got.SignupID != want.SignupID || got.MessageID != want.MessageID {
		t.Fatalf("email as read:\n%+v\nqueued:\n%+v", got, want)
	}
	sameTime(t, got.CreatedAt, want.CreatedAt, "created_at")
	if !withBody {
		if got.Text != "" || got.HTML != "" || len(got.Attachments) != 0 {
			t.Fatalf("email %s read with its body", got.ID)
		}
		return
	}
	if got.Text != want.Text || got.HTML != want.HTML || len(got.Attachments) != len(want.Attachments) {
		t.Fatalf("email %s body: %q %q %d attachments; want %q %q %d", got.ID, got.Text, got.HTML, len(got.Attachments),
			want.Text, want.HTML, len(want.Attachments))
	}
	for i, a := range want.Attachments {
		g := got.Attachments[i]
		if g.Filename != a.Filename || g.ContentType != a.ContentType || !bytes.Equal(g.Data, a.Data) || g.ContentID != a.ContentID {
			t.Fatalf("attachment %d: %+v, want %+v", i, g, a)
		}
	}
}
