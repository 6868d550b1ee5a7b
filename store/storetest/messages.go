package storetest

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/agora-events/agora/models"
)

// message stores an organiser message of activityID created at created.
func (f *fixture) message(activityID string, created time.Time, status string) *models.Message {
	f.t.Helper()
	m := &models.Message{ID: models.NewID(), OrganisationID: "org-" + activityID, ActivityID: activityID,
		Subject: models.Text{"en": "Room change", "pl": "Zmiana sali"}, Body: models.Text{"en": "Room 2.", "pl": "Sala 2."},
		Languages: []string{"pl", "en"}, Format: models.FormatMarkdown,
		Audience: []string{models.SignupConfirmed, models.SignupWaitlisted}, Status: status,
		CreatedBy: "user-1", CreatedAt: created}
	must(f.t, f.st.InsertMessage(f.ctx, m), "insert message")
	return m
}

func messageIDs(ms []models.Message) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.ID
	}
	return out
}

func (s *suite) messages(t *testing.T) {
	t.Run("MessageByID/OK", func(t *testing.T) {
		f := s.fixture(t)
		m := f.message("act-1", f.now, models.MessageQueuing)
		got, err := f.st.MessageByID(f.ctx, m.ID)
		must(t, err, "message")
		if got.ID != m.ID || got.OrganisationID != m.OrganisationID || got.ActivityID != m.ActivityID ||
			!reflect.DeepEqual(got.Subject, m.Subject) || !reflect.DeepEqual(got.Body, m.Body) ||
			!slices.Equal(got.Languages, m.Languages) || got.Format != m.Format || !slices.Equal(got.Audience, m.Audience) ||
			got.Recipients != 0 || got.Status != m.Status || got.CreatedBy != m.CreatedBy {
			t.Fatalf("read %+v, stored %+v", got, m)
		}
		sameTime(t, got.CreatedAt, m.CreatedAt, "created_at")
	})
	t.Run("MessageByID/ErrNotFound", func(t *testing.T) {
		f := s.fixture(t)
		f.message("act-1", f.now, models.MessageQueuing)
		wantCode(t, errOf(f.st.MessageByID(f.ctx, models.NewID())), models.ErrNotFound, "unknown id")
	})
	t.Run("SetMessageQueued/OK", func(t *testing.T) {
		f := s.fixture(t)
		m, other := f.message("act-1", f.now, models.MessageQueuing), f.message("act-1", f.now, models.MessageQueuing)
		must(t, f.st.SetMessageQueued(f.ctx, m.ID, 42), "set queued")
		got, err := f.st.MessageByID(f.ctx, m.ID)
		must(t, err, "message")
		if got.Status != models.MessageQueued || got.Recipients != 42 {
			t.Fatalf("status %s, recipients %d; want queued, 42", got.Status, got.Recipients)
		}
		if got, _ := f.st.MessageByID(f.ctx, other.ID); got == nil || got.Status != models.MessageQueuing {
			t.Fatalf("another message changed: %+v", got)
		}
	})
	t.Run("MessagesQueuing/OKInterruptedOnly", func(t *testing.T) {
		f := s.fixture(t)
		old := f.message("act-1", f.now.Add(-time.Hour), models.MessageQueuing)
		f.message("act-1", f.now.Add(-time.Hour), models.MessageQueued)
		f.message("act-2", f.now.Add(time.Minute), models.MessageQueuing) // still being queued
		old2 := f.message("act-2", f.now.Add(-2*time.Minute), models.MessageQueuing)
		got, err := f.st.MessagesQueuing(f.ctx, f.now)
		must(t, err, "queuing")
		wantIDs(t, sorted(messageIDs(got)), sorted([]string{old.ID, old2.ID}), "interrupted messages")
	})
	t.Run("MessagesOfActivity/OKNewestFirst", func(t *testing.T) {
		f := s.fixture(t)
		m1 := f.message("act-1", f.now.Add(-3*time.Hour), models.MessageQueued)
		m3 := f.message("act-1", f.now.Add(-time.Hour), models.MessageQueued)
		m2 := f.message("act-1", f.now.Add(-2*time.Hour), models.MessageQueued)
		f.message("act-2", f.now, models.MessageQueued)
		got, err := f.st.MessagesOfActivity(f.ctx, "act-1", 10)
		must(t, err, "messages")
		wantIDs(t, messageIDs(got), []string{m3.ID, m2.ID, m1.ID}, "newest first")
		got, err = f.st.MessagesOfActivity(f.ctx, "act-1", 2)
		must(t, err, "messages")
		wantIDs(t, messageIDs(got), []string{m3.ID, m2.ID}, "limited")
	})
}
