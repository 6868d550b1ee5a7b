package registration

import (
	"context"
	"fmt"
	"testing"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/store"
)

// TestMessageBatches queues an organiser message across several recipient
// batches: every recipient gets exactly one email.
func TestMessageBatches(t *testing.T) {
	s, st := newSignupService(t)
	if s.messageBatch != 500 {
		t.Fatalf("production batch size %d, want 500", s.messageBatch)
	}
	s.messageBatch = 2
	ctx := context.Background()
	act := seedActivity(t, st, func(a *models.Activity) { a.Capacity = 5 })
	want := map[string]bool{}
	for i := range 5 {
		email := fmt.Sprintf("guest%d@example.org", i)
		mustSignUp(t, s, act.ID, email, 1)
		want[email] = true
	}
	mustSignUp(t, s, act.ID, "waiting@example.org", 1) // waitlisted: not in the audience
	admin := &Actor{User: models.User{ID: "admin", Role: models.RoleAdmin}}

	m, err := s.SendMessage(ctx, admin, act.ID, MessageInput{Subject: models.Text{"en": "Hello"},
		Body: models.Text{"en": "Bring a dish."}, Audience: []string{models.SignupConfirmed}})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("OKOneEmailEach", func(t *testing.T) {
		if m.Recipients != 5 || m.Status != models.MessageQueued {
			t.Fatalf("message: %d recipients, status %s; want 5, queued", m.Recipients, m.Status)
		}
		emails, err := st.ListOutbox(ctx, store.OutboxFilter{Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]int{}
		for _, e := range emails {
			if e.MessageID == m.ID {
				got[e.To]++
			}
		}
		if len(got) != len(want) {
			t.Fatalf("emails to %v, want one to each of %v", got, want)
		}
		for email, n := range got {
			if !want[email] || n != 1 {
				t.Fatalf("emails to %v, want one to each of %v", got, want)
			}
		}
	})
	t.Run("OKCounts", func(t *testing.T) {
		stored, err := st.MessageByID(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if stored.Recipients != 5 || stored.Status != models.MessageQueued {
			t.Fatalf("stored message: %d recipients, status %s", stored.Recipients, stored.Status)
		}
		status, err := s.MessageStatus(ctx, admin, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if status.Recipients != 5 || status.Pending != 5 || status.Sent != 0 || status.Failed != 0 {
			t.Fatalf("status %+v, want 5 recipients all pending", status)
		}
	})
}
