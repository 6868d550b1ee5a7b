package sqlite_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/store"
)

func TestOutboxInsert(t *testing.T) {
	t.Run("DedupKey", func(t *testing.T) {
		st, ctx := outboxStore(t)
		e := outboxMail(1)
		if ok, err := st.InsertOutbox(ctx, &e); !ok || err != nil {
			t.Fatalf("first insert: %v %v", ok, err)
		}
		again := outboxMail(1)
		again.ID, again.To = "other", "someone@example.org"
		if ok, err := st.InsertOutbox(ctx, &again); ok || err != nil {
			t.Fatalf("same dedup key: %v %v", ok, err)
		}
		if _, err := st.OutboxByID(ctx, "other"); !models.IsCode(err, models.ErrNotFound) {
			t.Fatalf("the duplicate was written: %v", err)
		}
		got, err := st.OutboxByDedupKey(ctx, e.DedupKey)
		if err != nil || got.ID != e.ID || got.To != e.To {
			t.Fatalf("by dedup key: %+v %v", got, err)
		}
		if _, err := st.OutboxByDedupKey(ctx, "nope"); !models.IsCode(err, models.ErrNotFound) {
			t.Fatalf("unknown key: %v", err)
		}
	})
	t.Run("ReadBack", func(t *testing.T) {
		st, ctx := outboxStore(t)
		e := outboxMail(1)
		e.Status, e.Attempts, e.LastError, e.MessageID = models.OutboxFailed, 4, "old", "m1"
		e.UpdatedAt = e.CreatedAt.Add(time.Hour)
		outboxQueue(t, st, e)
		got := outboxGet(t, st, e.ID)
		// Queued means pending with no attempts, whatever the document says.
		outboxWantStatus(t, got, models.OutboxPending, 0, "")
		if got.Text != "" || got.HTML != "" || got.Attachments != nil {
			t.Fatalf("read with its body: %+v", got)
		}
		if got.DedupKey != e.DedupKey || got.Kind != e.Kind || got.Language != e.Language || got.To != e.To ||
			got.ToName != e.ToName || got.Subject != e.Subject || got.HeaderMessageID != e.HeaderMessageID ||
			got.OrganisationID != "org1" || got.ActivityID != "act1" || got.SignupID != "s1" || got.MessageID != "m1" {
			t.Fatalf("fields: %+v", got)
		}
		if !got.NextAttemptAt.Equal(e.NextAttemptAt) || !got.CreatedAt.Equal(e.CreatedAt) ||
			!got.UpdatedAt.Equal(e.CreatedAt) || got.SentAt != nil || !got.LeaseUntil.IsZero() || got.Claims != 0 {
			t.Fatalf("times: %+v", got)
		}
		if _, err := st.OutboxByID(ctx, "nope"); !models.IsCode(err, models.ErrNotFound) {
			t.Fatalf("unknown id: %v", err)
		}
	})
	t.Run("ManyCountsNew", func(t *testing.T) {
		st, ctx := outboxStore(t)
		outboxQueue(t, st, outboxMail(0), outboxMail(1))
		var es []models.OutboxEmail
		for i := range 250 { // more than one INSERT statement's worth
			es = append(es, outboxMail(i))
		}
		dup := outboxMail(7)
		dup.ID = "repeat-in-batch"
		es = append(es, dup)
		n, err := st.InsertOutboxMany(ctx, es)
		if err != nil || n != 248 {
			t.Fatalf("inserted %d (want 248): %v", n, err)
		}
		if _, err := st.OutboxByID(ctx, "repeat-in-batch"); !models.IsCode(err, models.ErrNotFound) {
			t.Fatalf("a repeat within the batch was written: %v", err)
		}
		if n, err := st.InsertOutboxMany(ctx, nil); n != 0 || err != nil {
			t.Fatalf("nothing: %d %v", n, err)
		}
	})
	t.Run("IDConflict", func(t *testing.T) {
		st, ctx := outboxStore(t)
		outboxQueue(t, st, outboxMail(1))
		e := outboxMail(2)
		e.ID = outboxMail(1).ID
		if _, err := st.InsertOutboxMany(ctx, []models.OutboxEmail{outboxMail(3), e}); !models.IsCode(err, models.ErrConflict) {
			t.Fatalf("an existing id: %v", err)
		}
		if _, err := st.OutboxByID(ctx, outboxMail(3).ID); !models.IsCode(err, models.ErrNotFound) {
			t.Fatalf("the batch was half written: %v", err)
		}
	})
	t.Run("JoinsAtomic", func(t *testing.T) {
		st, ctx := outboxStore(t)
		boom := errors.New("boom")
		err := st.Atomic(ctx, func(ctx context.Context) error {
			if n, err := st.InsertOutboxMany(ctx, []models.OutboxEmail{outboxMail(1), outboxMail(2)}); n != 2 || err != nil {
				t.Fatalf("insert in Atomic: %d %v", n, err)
			}
			if _, err := st.OutboxByID(ctx, outboxMail(1).ID); err != nil {
				t.Fatalf("the transaction does not see its own email: %v", err)
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatal(err)
		}
		if _, err := st.OutboxByID(ctx, outboxMail(1).ID); !models.IsCode(err, models.ErrNotFound) {
			t.Fatalf("rolled back, yet there: %v", err)
		}
		err = st.Atomic(ctx, func(ctx context.Context) error {
			_, err := st.InsertOutboxMany(ctx, []models.OutboxEmail{outboxMail(1)})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		outboxGet(t, st, outboxMail(1).ID)
	})
}

func TestOutboxList(t *testing.T) {
	st, ctx := outboxStore(t)
	var es []models.OutboxEmail
	for i := 1; i <= 6; i++ {
		e := outboxMail(i)
		if i%2 == 0 {
			e.OrganisationID = "org2"
		}
		es = append(es, e)
	}
	outboxQueue(t, st, es...)
	now := outboxT0.Add(time.Minute)
	if err := st.MarkOutboxFailed(ctx, []store.OutboxFailure{{Email: &es[2], Attempts: 1, LastError: "550"},
		{Email: &es[3], Attempts: 1, LastError: "550"}}, now); err != nil {
		t.Fatal(err)
	}
	list := func(f store.OutboxFilter, want ...string) {
		t.Helper()
		got, err := st.ListOutbox(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		outboxWantIDs(t, fmt.Sprintf("%+v", f), got, want...)
		for _, e := range got {
			if e.Text != "" || e.HTML != "" {
				t.Fatalf("listed with its body: %+v", e)
			}
		}
	}
	list(store.OutboxFilter{}, "e00006", "e00005", "e00004", "e00003", "e00002", "e00001")
	list(store.OutboxFilter{Limit: 2}, "e00006", "e00005")
	list(store.OutboxFilter{After: "e00005", Limit: 2}, "e00004", "e00003")
	list(store.OutboxFilter{OrganisationID: "org1"}, "e00005", "e00003", "e00001")
	list(store.OutboxFilter{OrganisationID: "org1", After: "e00005", Limit: 1}, "e00003")
	list(store.OutboxFilter{Status: models.OutboxFailed}, "e00004", "e00003")
	list(store.OutboxFilter{Status: models.OutboxPending, OrganisationID: "org2"}, "e00006", "e00002")
	list(store.OutboxFilter{Status: models.OutboxSent})
}

func TestOutboxCounts(t *testing.T) {
	st, ctx := outboxStore(t)
	var es []models.OutboxEmail
	for i := 1; i <= 7; i++ {
		e := outboxMail(i)
		if i <= 5 {
			e.MessageID = "m1"
		}
		es = append(es, e)
	}
	outboxQueue(t, st, es...)
	now := outboxT0.Add(time.Minute)
	if err := st.RecordOutboxSent(ctx, es[0:2], now); err != nil { // 1, 2 sent
		t.Fatal(err)
	}
	if err := st.MarkOutboxFailed(ctx, []store.OutboxFailure{{Email: &es[2], Attempts: 1}, {Email: &es[5], Attempts: 1}}, now); err != nil {
		t.Fatal(err) // 3 and 6 failed
	}
	if got, err := st.ClaimOutbox(ctx, now, time.Minute, 1, []string{"e00007"}); err != nil || len(got) != 1 || got[0].ID != "e00004" {
		t.Fatalf("claim: %v %v", outboxIDsOf(got), err) // 4 sending, 5 and 7 pending
	}
	counts, err := st.CountOutboxByMessage(ctx, "m1")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int64{models.OutboxSent: 2, models.OutboxFailed: 1, models.OutboxSending: 1, models.OutboxPending: 1}
	if fmt.Sprint(counts) != fmt.Sprint(want) {
		t.Fatalf("counts %v, want %v", counts, want)
	}
	counts, err = st.CountOutboxByMessage(ctx, "none")
	if err != nil || len(counts) != 4 || counts[models.OutboxSent] != 0 {
		t.Fatalf("counts of no message: %v %v", counts, err)
	}
	waiting, failed, err := st.OutboxBacklog(ctx)
	if err != nil || waiting != 3 || failed != 2 {
		t.Fatalf("backlog %d waiting, %d failed (want 3, 2): %v", waiting, failed, err)
	}
}
