package storetest

import (
	"bytes"
	"testing"
	"time"

	"github.com/agora-events/agora/models"
)

// key stores an in-progress idempotency record.
func (f *fixture) key(lease, expires time.Time) *models.IdempotencyRecord {
	f.t.Helper()
	r := &models.IdempotencyRecord{KeyHash: "key-" + models.NewID(), RequestHash: "req", State: models.IdempotencyInProgress,
		ResourceID: models.NewID(), LeaseUntil: lease, CreatedAt: f.now, ExpiresAt: expires}
	must(f.t, f.st.InsertIdempotencyKey(f.ctx, r), "insert key")
	return r
}

func (f *fixture) readKey(hash string) *models.IdempotencyRecord {
	f.t.Helper()
	r, err := f.st.IdempotencyKey(f.ctx, hash)
	must(f.t, err, "key "+hash)
	return r
}

func (s *suite) idempotencyKeys(t *testing.T) {
	day := 24 * time.Hour
	t.Run("InsertIdempotencyKey/OK", func(t *testing.T) {
		f := s.fixture(t)
		r := f.key(f.now.Add(time.Minute), f.now.Add(day))
		got := f.readKey(r.KeyHash)
		if got.KeyHash != r.KeyHash || got.RequestHash != r.RequestHash || got.State != models.IdempotencyInProgress ||
			got.ResourceID != r.ResourceID || got.Status != 0 || len(got.Body) != 0 || got.ContentType != "" {
			t.Fatalf("read %+v, stored %+v", got, r)
		}
		sameTime(t, got.LeaseUntil, r.LeaseUntil, "lease_until")
		sameTime(t, got.CreatedAt, r.CreatedAt, "created_at")
		sameTime(t, got.ExpiresAt, r.ExpiresAt, "expires_at")
	})
	t.Run("InsertIdempotencyKey/ErrConflict", func(t *testing.T) {
		f := s.fixture(t)
		r := f.key(f.now.Add(time.Minute), f.now.Add(day))
		again := *r
		again.ResourceID, again.RequestHash = models.NewID(), "other"
		wantCode(t, f.st.InsertIdempotencyKey(f.ctx, &again), models.ErrConflict, "same key")
		if got := f.readKey(r.KeyHash); got.ResourceID != r.ResourceID || got.RequestHash != "req" {
			t.Fatalf("the first record was replaced: %+v", got)
		}
	})
	t.Run("IdempotencyKey/ErrNotFound", func(t *testing.T) {
		f := s.fixture(t)
		f.key(f.now.Add(time.Minute), f.now.Add(day))
		wantCode(t, errOf(f.st.IdempotencyKey(f.ctx, "key-unknown")), models.ErrNotFound, "unknown key")
	})
	t.Run("TakeOverIdempotencyKey/OK", func(t *testing.T) {
		f := s.fixture(t)
		r := f.key(f.now.Add(-time.Second), f.now.Add(day))
		next := f.now.Add(time.Minute)
		wantTrue(t, "take over")(f.st.TakeOverIdempotencyKey(f.ctx, r.KeyHash, r.LeaseUntil, next))
		got := f.readKey(r.KeyHash)
		sameTime(t, got.LeaseUntil, next, "lease_until")
		if got.ResourceID != r.ResourceID || got.State != models.IdempotencyInProgress {
			t.Fatalf("take-over changed the record: %+v", got)
		}
	})
	t.Run("TakeOverIdempotencyKey/FalseWhenTheLeaseMoved", func(t *testing.T) {
		f := s.fixture(t)
		r := f.key(f.now.Add(-time.Second), f.now.Add(day))
		first := f.now.Add(time.Minute)
		wantTrue(t, "take over")(f.st.TakeOverIdempotencyKey(f.ctx, r.KeyHash, r.LeaseUntil, first))
		// A second retry read the old lease too: too late.
		wantFalse(t, "take over with the old lease")(f.st.TakeOverIdempotencyKey(f.ctx, r.KeyHash, r.LeaseUntil, f.now.Add(2*time.Minute)))
		sameTime(t, f.readKey(r.KeyHash).LeaseUntil, first, "lease_until")
		wantFalse(t, "unknown key")(f.st.TakeOverIdempotencyKey(f.ctx, "key-unknown", r.LeaseUntil, first))
	})
	t.Run("TakeOverIdempotencyKey/FalseWhenDone", func(t *testing.T) {
		f := s.fixture(t)
		r := f.key(f.now.Add(-time.Second), f.now.Add(day))
		must(t, f.st.CompleteIdempotencyKey(f.ctx, r.KeyHash, 201, "application/json", []byte(`{"id":"x"}`)), "complete")
		wantFalse(t, "take over a done key")(f.st.TakeOverIdempotencyKey(f.ctx, r.KeyHash, r.LeaseUntil, f.now.Add(time.Minute)))
		if got := f.readKey(r.KeyHash); got.State != models.IdempotencyDone || got.Status != 201 {
			t.Fatalf("done key changed: %+v", got)
		}
	})
	t.Run("CompleteIdempotencyKey/OK", func(t *testing.T) {
		f := s.fixture(t)
		r := f.key(f.now.Add(time.Minute), f.now.Add(day))
		body := []byte("{\"id\":\"x\",\"bin\":\"\x00\xff\"}")
		must(t, f.st.CompleteIdempotencyKey(f.ctx, r.KeyHash, 201, "application/json; charset=utf-8", body), "complete")
		got := f.readKey(r.KeyHash)
		if got.State != models.IdempotencyDone || got.Status != 201 || got.ContentType != "application/json; charset=utf-8" ||
			!bytes.Equal(got.Body, body) || got.ResourceID != r.ResourceID || got.RequestHash != r.RequestHash {
			t.Fatalf("completed record %+v", got)
		}
		sameTime(t, got.ExpiresAt, r.ExpiresAt, "expires_at")
	})
	t.Run("ReleaseIdempotencyKey/OK", func(t *testing.T) {
		f := s.fixture(t)
		r := f.key(f.now.Add(time.Minute), f.now.Add(day))
		must(t, f.st.ReleaseIdempotencyKey(f.ctx, r.KeyHash, f.now), "release")
		got := f.readKey(r.KeyHash)
		sameTime(t, got.LeaseUntil, f.now, "lease_until")
		if got.State != models.IdempotencyInProgress {
			t.Fatalf("state %s", got.State)
		}
		// A retry may take it over at once.
		wantTrue(t, "take over")(f.st.TakeOverIdempotencyKey(f.ctx, r.KeyHash, got.LeaseUntil, f.now.Add(time.Minute)))
	})
	t.Run("ReleaseIdempotencyKey/OKLeavesDoneKeys", func(t *testing.T) {
		f := s.fixture(t)
		r := f.key(f.now.Add(time.Minute), f.now.Add(day))
		must(t, f.st.CompleteIdempotencyKey(f.ctx, r.KeyHash, 200, "text/plain", []byte("ok")), "complete")
		must(t, f.st.ReleaseIdempotencyKey(f.ctx, r.KeyHash, f.now.Add(-time.Hour)), "release a done key")
		got := f.readKey(r.KeyHash)
		if got.State != models.IdempotencyDone || string(got.Body) != "ok" {
			t.Fatalf("done key changed: %+v", got)
		}
		sameTime(t, got.LeaseUntil, r.LeaseUntil, "lease_until")
	})
	t.Run("DeleteIdempotencyKey/OKOnlyWhenItStillExpiresThen", func(t *testing.T) {
		f := s.fixture(t)
		r := f.key(f.now.Add(time.Minute), f.now.Add(-time.Second))
		must(t, f.st.DeleteIdempotencyKey(f.ctx, r.KeyHash, r.ExpiresAt.Add(time.Millisecond)), "delete with another expiry")
		f.readKey(r.KeyHash)
		must(t, f.st.DeleteIdempotencyKey(f.ctx, r.KeyHash, r.ExpiresAt), "delete")
		wantCode(t, errOf(f.st.IdempotencyKey(f.ctx, r.KeyHash)), models.ErrNotFound, "deleted key")
		must(t, f.st.DeleteIdempotencyKey(f.ctx, r.KeyHash, r.ExpiresAt), "delete again")
	})
	t.Run("DeleteExpiredIdempotencyKeys/OKCountsExpired", func(t *testing.T) {
		f := s.fixture(t)
		old1, old2 := f.key(f.now, f.now.Add(-time.Hour)), f.key(f.now, f.now.Add(-time.Millisecond))
		must(t, f.st.CompleteIdempotencyKey(f.ctx, old2.KeyHash, 201, "", nil), "complete")
		live := f.key(f.now, f.now.Add(time.Hour))
		n, err := f.st.DeleteExpiredIdempotencyKeys(f.ctx, f.now)
		must(t, err, "delete expired")
		if n != 2 {
			t.Errorf("deleted %d, want 2", n)
		}
		wantCode(t, errOf(f.st.IdempotencyKey(f.ctx, old1.KeyHash)), models.ErrNotFound, "expired key")
		wantCode(t, errOf(f.st.IdempotencyKey(f.ctx, old2.KeyHash)), models.ErrNotFound, "expired done key")
		f.readKey(live.KeyHash)
	})
	t.Run("ReleaseAllIdempotencyLeases/OKInProgressOnly", func(t *testing.T) {
		f := s.fixture(t)
		a, b := f.key(f.now.Add(time.Minute), f.now.Add(day)), f.key(f.now.Add(2*time.Minute), f.now.Add(day))
		done := f.key(f.now.Add(3*time.Minute), f.now.Add(day))
		must(t, f.st.CompleteIdempotencyKey(f.ctx, done.KeyHash, 201, "", nil), "complete")
		n, err := f.st.ReleaseAllIdempotencyLeases(f.ctx, f.now)
		must(t, err, "release all")
		if n != 2 {
			t.Errorf("released %d, want 2", n)
		}
		sameTime(t, f.readKey(a.KeyHash).LeaseUntil, f.now, "first lease")
		sameTime(t, f.readKey(b.KeyHash).LeaseUntil, f.now, "second lease")
		sameTime(t, f.readKey(done.KeyHash).LeaseUntil, done.LeaseUntil, "done key's lease")
	})
}
