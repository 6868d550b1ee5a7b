package sqlite_test

import (
	"bytes"
	"sync"
	"testing"
	"time"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/store"
)

func TestOutboxClaimExclusive(t *testing.T) {
	st, ctx := outboxStore(t)
	first := outboxMail(1)
	first.Attachments = []models.Attachment{{Filename: "activity.ics", ContentType: "text/calendar",
		Data: []byte("BEGIN:VCALENDAR\r\n\x00\xff")}}
	outboxQueue(t, st, outboxMail(3), first, outboxMail(2), outboxMail(4), outboxMail(100))
	now := outboxT0.Add(10 * time.Second) // 1 to 4 are due, 100 is not

	got, err := st.ClaimOutboxExclusive(ctx, now, 10, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	outboxWantIDs(t, "due emails", got, "e00001", "e00002", "e00003", "e00004")
	e := got[0]
	if e.Text != first.Text || e.HTML != first.HTML || len(e.Attachments) != 1 ||
		e.Attachments[0].Filename != "activity.ics" || e.Attachments[0].ContentType != "text/calendar" ||
		!bytes.Equal(e.Attachments[0].Data, first.Attachments[0].Data) {
		t.Fatalf("body: %+v", e)
	}
	if e.Status != models.OutboxPending || e.To != first.To || e.Attachments == nil || got[1].Attachments != nil {
		t.Fatalf("claimed: %+v / %+v", e, got[1])
	}
	// No lease is written: a second look returns the same.
	got, err = st.ClaimOutboxExclusive(ctx, now, 2, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	outboxWantIDs(t, "limit", got, "e00001", "e00002")
	queuing := func(id string) bool { return id == "e00003" }
	got, err = st.ClaimOutboxExclusive(ctx, now, 10, []string{"e00001", "e00004"}, queuing)
	if err != nil {
		t.Fatal(err)
	}
	outboxWantIDs(t, "skip and queuing", got, "e00002")
	if got, err = st.ClaimOutboxExclusive(ctx, outboxT0, 10, nil, nil); err != nil || len(got) != 0 {
		t.Fatalf("nothing due yet: %v %v", outboxIDsOf(got), err)
	}
}

func TestOutboxClaimLease(t *testing.T) {
	st, ctx := outboxStore(t)
	outboxQueue(t, st, outboxMail(2), outboxMail(1), outboxMail(3), outboxMail(100))
	now := outboxT0.Add(10 * time.Second)

	got, err := st.ClaimOutbox(ctx, now, time.Minute, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	outboxWantIDs(t, "first claim", got, "e00001", "e00002")
	token := got[0].LeaseToken
	for _, e := range got {
		if e.Status != models.OutboxSending || !e.LeaseUntil.Equal(now.Add(time.Minute)) || e.Claims != 1 ||
			e.LeaseToken == "" || e.LeaseToken != token || e.Text == "" || e.HTML == "" {
			t.Fatalf("claimed: %+v", e)
		}
	}
	if e := outboxGet(t, st, "e00001"); e.Status != models.OutboxSending {
		t.Fatalf("stored as %s", e.Status)
	}
	got, err = st.ClaimOutbox(ctx, now.Add(time.Second), time.Minute, 10, []string{"e00003"})
	if err != nil || len(got) != 0 {
		t.Fatalf("leased and skipped emails were claimed: %v %v", outboxIDsOf(got), err)
	}
	// The lease ends: anyone may claim the emails again, under a new token.
	later := now.Add(time.Minute)
	got, err = st.ClaimOutbox(ctx, later, time.Minute, 10, nil)
	if err != nil {
		t.Fatal(err)
	}
	outboxWantIDs(t, "after the lease", got, "e00001", "e00002", "e00003")
	if got[0].Claims != 2 || got[0].LeaseToken == token || got[2].Claims != 1 {
		t.Fatalf("second lease: %+v", got[0])
	}
}

// TestOutboxClaimLeaseConcurrent: callers claiming at once never hold the
// same email.
func TestOutboxClaimLeaseConcurrent(t *testing.T) {
	st, ctx := outboxStore(t)
	var es []models.OutboxEmail
	for i := range 300 {
		es = append(es, outboxMail(i))
	}
	outboxQueue(t, st, es...)
	now := outboxT0.Add(time.Hour)
	var mu sync.Mutex
	seen := map[string]int{}
	var wg sync.WaitGroup
	for range 6 {
		wg.Go(func() {
			for {
				got, err := st.ClaimOutbox(ctx, now, time.Minute, 7, nil)
				if err != nil {
					t.Error(err)
					return
				}
				if len(got) == 0 {
					return
				}
				mu.Lock()
				for _, e := range got {
					seen[e.ID]++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(seen) != len(es) {
		t.Fatalf("%d emails claimed of %d", len(seen), len(es))
	}
	for id, n := range seen {
		if n != 1 {
			t.Fatalf("email %s claimed %d times", id, n)
		}
	}
}

func TestOutboxRecordSent(t *testing.T) {
	st, ctx := outboxStore(t)
	a, b := outboxMail(1), outboxMail(2)
	a.Attachments = []models.Attachment{{Filename: "a.ics", ContentType: "text/calendar", Data: []byte("x")}}
	outboxQueue(t, st, a, b, outboxMail(3))
	now := outboxT0.Add(time.Minute)
	claimed, err := st.ClaimOutbox(ctx, now, time.Minute, 2, nil)
	if err != nil || len(claimed) != 2 {
		t.Fatalf("claim: %v %v", outboxIDsOf(claimed), err)
	}
	sentAt := now.Add(time.Second)
	if err := st.RecordOutboxSent(ctx, claimed, sentAt); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{a.ID, b.ID} {
		e := outboxGet(t, st, id)
		outboxWantStatus(t, e, models.OutboxSent, 1, "")
		if e.SentAt == nil || !e.SentAt.Equal(sentAt) || !e.UpdatedAt.Equal(sentAt) || !e.LeaseUntil.IsZero() ||
			e.To == "" {
			t.Fatalf("sent: %+v", e)
		}
		outboxWantBodies(t, st, id, false)
	}
	outboxWantBodies(t, st, "e00003", true)
	// Recorded twice: recorded once.
	if err := st.RecordOutboxSent(ctx, claimed, sentAt.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if e := outboxGet(t, st, a.ID); e.Attempts != 1 || !e.SentAt.Equal(sentAt) {
		t.Fatalf("recorded again: %+v", e)
	}
	if err := st.DropOutboxQueued(ctx, outboxIDsOf(claimed)); err != nil {
		t.Fatal(err)
	}
	// Later outcomes of a sent email change nothing.
	if err := st.MarkOutboxRetry(ctx, []store.OutboxRetry{{ID: a.ID, Attempts: 2, Next: now, LastError: "x"}}, now); err != nil {
		t.Fatal(err)
	}
	if err := st.MarkOutboxFailed(ctx, []store.OutboxFailure{{Email: &b, Attempts: 2, LastError: "y"}}, now); err != nil {
		t.Fatal(err)
	}
	outboxWantStatus(t, outboxGet(t, st, a.ID), models.OutboxSent, 1, "")
	outboxWantStatus(t, outboxGet(t, st, b.ID), models.OutboxSent, 1, "")
	later := now.Add(time.Hour)
	got, err := st.ClaimOutbox(ctx, later, time.Minute, 10, nil)
	if err != nil {
		t.Fatal(err)
	}
	outboxWantIDs(t, "claim after sent", got, "e00003")
	if got, err = st.ClaimOutboxExclusive(ctx, later, 10, []string{"e00003"}, nil); err != nil || len(got) != 0 {
		t.Fatalf("exclusive claim after sent: %v %v", outboxIDsOf(got), err)
	}
}

func TestOutboxRetryAndFail(t *testing.T) {
	st, ctx := outboxStore(t)
	a, b := outboxMail(1), outboxMail(2)
	outboxQueue(t, st, a, b)
	now := outboxT0.Add(time.Minute)
	if _, err := st.ClaimOutbox(ctx, now, time.Minute, 10, nil); err != nil {
		t.Fatal(err)
	}
	next := now.Add(30 * time.Second)
	err := st.MarkOutboxRetry(ctx, []store.OutboxRetry{{ID: a.ID, Attempts: 1, Next: next, LastError: "421 busy"}}, now)
	if err != nil {
		t.Fatal(err)
	}
	e := outboxGet(t, st, a.ID)
	outboxWantStatus(t, e, models.OutboxPending, 1, "421 busy")
	if !e.NextAttemptAt.Equal(next) || !e.LeaseUntil.IsZero() || !e.UpdatedAt.Equal(now) {
		t.Fatalf("retry: %+v", e)
	}
	if got, _ := st.ClaimOutboxExclusive(ctx, next.Add(-time.Millisecond), 10, []string{b.ID}, nil); len(got) != 0 {
		t.Fatalf("claimed before its retry time: %v", outboxIDsOf(got))
	}
	if got, _ := st.ClaimOutboxExclusive(ctx, next, 10, []string{b.ID}, nil); len(got) != 1 || got[0].Attempts != 1 {
		t.Fatalf("not claimed at its retry time: %+v", got)
	}

	failAt := now.Add(time.Second)
	err = st.MarkOutboxFailed(ctx, []store.OutboxFailure{{Email: &b, Attempts: 1, LastError: "550 no such user"}}, failAt)
	if err != nil {
		t.Fatal(err)
	}
	e = outboxGet(t, st, b.ID)
	outboxWantStatus(t, e, models.OutboxFailed, 1, "550 no such user")
	if !e.UpdatedAt.Equal(failAt) || !e.LeaseUntil.IsZero() {
		t.Fatalf("failed: %+v", e)
	}
	outboxWantBodies(t, st, b.ID, true)
	much := now.Add(24 * time.Hour)
	if got, _ := st.ClaimOutbox(ctx, much, time.Minute, 10, []string{a.ID}); len(got) != 0 {
		t.Fatalf("a failed email was claimed: %v", outboxIDsOf(got))
	}
	// Temporary failures arriving late do not revive a failed email.
	if err := st.MarkOutboxRetry(ctx, []store.OutboxRetry{{ID: b.ID, Attempts: 2, Next: now, LastError: "x"}}, now); err != nil {
		t.Fatal(err)
	}
	outboxWantStatus(t, outboxGet(t, st, b.ID), models.OutboxFailed, 1, "550 no such user")

	if ok, err := st.RetryOutbox(ctx, a.ID, much); ok || err != nil {
		t.Fatalf("retry of a pending email: %v %v", ok, err)
	}
	if ok, err := st.RetryOutbox(ctx, "nope", much); ok || err != nil {
		t.Fatalf("retry of an unknown email: %v %v", ok, err)
	}
	if ok, err := st.RetryOutbox(ctx, b.ID, much); !ok || err != nil {
		t.Fatalf("retry of a failed email: %v %v", ok, err)
	}
	e = outboxGet(t, st, b.ID)
	outboxWantStatus(t, e, models.OutboxPending, 0, "")
	if !e.NextAttemptAt.Equal(much) || !e.UpdatedAt.Equal(much) {
		t.Fatalf("retried: %+v", e)
	}
	got, err := st.ClaimOutbox(ctx, much, time.Minute, 10, []string{a.ID})
	if err != nil || len(got) != 1 || got[0].ID != b.ID || got[0].Text != b.Text || got[0].Claims != 2 {
		t.Fatalf("claim after the retry: %+v %v", got, err)
	}
	if err := st.MarkOutboxFailed(ctx, nil, now); err != nil {
		t.Fatal(err)
	}
	if err := st.MarkOutboxRetry(ctx, nil, now); err != nil {
		t.Fatal(err)
	}
}

func TestOutboxReleaseAndRecover(t *testing.T) {
	st, ctx := outboxStore(t)
	outboxQueue(t, st, outboxMail(1), outboxMail(2), outboxMail(3))
	now := outboxT0.Add(time.Minute)
	if got, err := st.ClaimOutbox(ctx, now, time.Hour, 10, nil); err != nil || len(got) != 3 {
		t.Fatalf("claim: %v %v", outboxIDsOf(got), err)
	}
	if err := st.ReleaseOutbox(ctx, []string{"e00001"}); err != nil {
		t.Fatal(err)
	}
	e := outboxGet(t, st, "e00001")
	if e.Status != models.OutboxPending || !e.LeaseUntil.IsZero() || e.LeaseToken != "" {
		t.Fatalf("released: %+v", e)
	}
	got, err := st.ClaimOutbox(ctx, now, time.Hour, 10, nil)
	if err != nil {
		t.Fatal(err)
	}
	outboxWantIDs(t, "after the release", got, "e00001")
	if err := st.ReleaseOutbox(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if err := st.RecoverOutbox(ctx, now); err != nil {
		t.Fatal(err)
	}
	got, err = st.ClaimOutbox(ctx, now, time.Hour, 10, nil)
	if err != nil {
		t.Fatal(err)
	}
	outboxWantIDs(t, "after recovery", got, "e00001", "e00002", "e00003")
	if err := st.PurgeOutbox(ctx, now); err != nil {
		t.Fatal(err)
	}
}
