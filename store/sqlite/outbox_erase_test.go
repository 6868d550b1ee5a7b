package sqlite_test

import (
	"context"
	"testing"
	"time"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/store"
	"github.com/agora-events/agora/store/sqlite"
)

// outboxEraseFixture queues, about activity act1: e00001 sent, e00002
// failed (with an error quoting the address), e00003 pending after two
// attempts, e00004 sending under a lease, e00005 an organiser message's
// email (pending); and e00006 about act2. It returns the time it ends at.
func outboxEraseFixture(t *testing.T, st *sqlite.Store) time.Time {
	t.Helper()
	ctx := context.Background()
	var es []models.OutboxEmail
	for i := 1; i <= 6; i++ {
		es = append(es, outboxMail(i))
	}
	es[4].MessageID, es[4].DedupKey = "m1", "message:m1:s5"
	es[5].ActivityID = "act2"
	outboxQueue(t, st, es...)
	now := outboxT0.Add(time.Minute)
	steps := []error{
		st.RecordOutboxSent(ctx, es[0:1], now),
		st.MarkOutboxFailed(ctx, []store.OutboxFailure{{Email: &es[1], Attempts: 1,
			LastError: "550 <p2@example.org>: no such user"}}, now),
		st.MarkOutboxRetry(ctx, []store.OutboxRetry{{ID: es[2].ID, Attempts: 2, Next: now.Add(time.Hour),
			LastError: "421 try later"}}, now),
	}
	for _, err := range steps {
		if err != nil {
			t.Fatal(err)
		}
	}
	got, err := st.ClaimOutbox(ctx, now, time.Hour, 1, []string{"e00003"})
	if err != nil || len(got) != 1 || got[0].ID != "e00004" {
		t.Fatalf("claim: %v %v", outboxIDsOf(got), err)
	}
	return now
}

// outboxWantErased checks an email's personal data is gone.
func outboxWantErased(t *testing.T, st *sqlite.Store, id string) *models.OutboxEmail {
	t.Helper()
	e := outboxGet(t, st, id)
	if e.To != "" || e.ToName != "" || e.Subject != "" || !e.LeaseUntil.IsZero() {
		t.Fatalf("email %s keeps personal data: %+v", id, e)
	}
	outboxWantBodies(t, st, id, false)
	return e
}

func TestOutboxErase(t *testing.T) {
	t.Run("Signup", func(t *testing.T) {
		st, ctx := outboxStore(t)
		now := outboxEraseFixture(t, st)
		at := now.Add(time.Minute)
		if _, err := st.EraseOutbox(ctx, store.OutboxScope{SignupID: "s3"}, at); err != nil {
			t.Fatal(err)
		}
		e := outboxWantErased(t, st, "e00003")
		outboxWantStatus(t, e, models.OutboxFailed, 2, outboxErasedReason)
		if !e.UpdatedAt.Equal(at) || e.Kind != "confirmed" || e.SignupID != "s3" || e.ActivityID != "act1" {
			t.Fatalf("erased: %+v", e)
		}
		for _, id := range []string{"e00001", "e00002", "e00004", "e00005", "e00006"} {
			if e := outboxGet(t, st, id); e.To == "" {
				t.Fatalf("email %s out of scope was erased", id)
			}
		}
		if ok, err := st.RetryOutbox(ctx, "e00003", at); ok || err != nil {
			t.Fatalf("retry of an erased email: %v %v", ok, err)
		}
	})
	t.Run("Activity", func(t *testing.T) {
		st, ctx := outboxStore(t)
		now := outboxEraseFixture(t, st)
		at := now.Add(time.Minute)
		if _, err := st.EraseOutbox(ctx, store.OutboxScope{ActivityID: "act1"}, at); err != nil {
			t.Fatal(err)
		}
		sent := outboxWantErased(t, st, "e00001")
		outboxWantStatus(t, sent, models.OutboxSent, 1, "")
		if sent.SentAt == nil || !sent.SentAt.Equal(now) || !sent.UpdatedAt.Equal(now) {
			t.Fatalf("sent email: %+v", sent)
		}
		failed := outboxWantErased(t, st, "e00002")
		outboxWantStatus(t, failed, models.OutboxFailed, 1, "") // the error quoted the address
		if !failed.UpdatedAt.Equal(now) {
			t.Fatalf("failed email: %+v", failed)
		}
		for id, attempts := range map[string]int{"e00003": 2, "e00004": 0, "e00005": 0} {
			e := outboxWantErased(t, st, id)
			outboxWantStatus(t, e, models.OutboxFailed, attempts, outboxErasedReason)
			if !e.UpdatedAt.Equal(at) {
				t.Fatalf("email %s updated at %v", id, e.UpdatedAt)
			}
		}
		if e := outboxGet(t, st, "e00006"); e.To == "" || e.Status != models.OutboxPending {
			t.Fatalf("another activity's email: %+v", e)
		}
		counts, err := st.CountOutboxByMessage(ctx, "m1")
		if err != nil || counts[models.OutboxFailed] != 1 || counts[models.OutboxPending] != 0 {
			t.Fatalf("message counts: %v %v", counts, err)
		}
		// Nothing erased is sent again.
		later := at.Add(24 * time.Hour)
		got, err := st.ClaimOutbox(ctx, later, time.Minute, 10, nil)
		if err != nil {
			t.Fatal(err)
		}
		outboxWantIDs(t, "claim after erasure", got, "e00006")
		if got, err = st.ClaimOutboxExclusive(ctx, later, 10, []string{"e00006"}, nil); err != nil || len(got) != 0 {
			t.Fatalf("exclusive claim after erasure: %v %v", outboxIDsOf(got), err)
		}
		if waiting, failedN, err := st.OutboxBacklog(ctx); err != nil || waiting != 1 || failedN != 4 {
			t.Fatalf("backlog %d, %d: %v", waiting, failedN, err)
		}

		// Again, later: nothing changes.
		if _, err := st.EraseOutbox(ctx, store.OutboxScope{ActivityID: "act1"}, later); err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{"e00001", "e00002", "e00003", "e00004", "e00005"} {
			if e := outboxGet(t, st, id); e.UpdatedAt.Equal(later) {
				t.Fatalf("email %s written again: %+v", id, e)
			}
		}
		outboxWantStatus(t, outboxGet(t, st, "e00003"), models.OutboxFailed, 2, outboxErasedReason)
	})
	t.Run("WorkerFinishes", func(t *testing.T) {
		// The worker holding e00004 finishes after the erasure: a failure
		// changes nothing, the server's OK records it sent.
		st, ctx := outboxStore(t)
		now := outboxEraseFixture(t, st)
		if _, err := st.EraseOutbox(ctx, store.OutboxScope{ActivityID: "act1"}, now); err != nil {
			t.Fatal(err)
		}
		held := outboxMail(4)
		if err := st.MarkOutboxRetry(ctx, []store.OutboxRetry{{ID: held.ID, Attempts: 1, Next: now, LastError: "421"}}, now); err != nil {
			t.Fatal(err)
		}
		if err := st.MarkOutboxFailed(ctx, []store.OutboxFailure{{Email: &held, Attempts: 1, LastError: "550"}}, now); err != nil {
			t.Fatal(err)
		}
		outboxWantStatus(t, outboxWantErased(t, st, held.ID), models.OutboxFailed, 0, outboxErasedReason)
		if err := st.RecordOutboxSent(ctx, []models.OutboxEmail{held}, now); err != nil {
			t.Fatal(err)
		}
		e := outboxWantErased(t, st, held.ID)
		outboxWantStatus(t, e, models.OutboxSent, 1, "")
		if e.SentAt == nil {
			t.Fatalf("sent: %+v", e)
		}
	})
	t.Run("NoScope", func(t *testing.T) {
		st, ctx := outboxStore(t)
		if _, err := st.EraseOutbox(ctx, store.OutboxScope{}, outboxT0); err == nil {
			t.Fatal("erased without a scope")
		}
	})
}
