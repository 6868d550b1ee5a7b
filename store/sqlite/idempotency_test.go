package sqlite_test

import (
	"context"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/agora-events/agora/models"
)

func regKey(hash string, lease time.Time) *models.IdempotencyRecord {
	return &models.IdempotencyRecord{KeyHash: hash, RequestHash: "req-" + hash, State: models.IdempotencyInProgress,
		ResourceID: "res-" + hash, LeaseUntil: lease, CreatedAt: regT0, ExpiresAt: regT0.Add(24 * time.Hour)}
}

func TestIdempotencyKeys(t *testing.T) {
	ctx := context.Background()

	t.Run("InsertAndRead", func(t *testing.T) {
		st := regStore(t)
		r := regKey("k", regT0.Add(time.Minute))
		if err := st.InsertIdempotencyKey(ctx, r); err != nil {
			t.Fatal(err)
		}
		got, err := st.IdempotencyKey(ctx, "k")
		if err != nil || !reflect.DeepEqual(got, r) {
			t.Fatalf("got %+v %v, want %+v", got, err, r)
		}
		wantCode(t, st.InsertIdempotencyKey(ctx, regKey("k", regT0)), models.ErrConflict)
		_, err = st.IdempotencyKey(ctx, "nope")
		wantCode(t, err, models.ErrNotFound)
	})

	t.Run("ConcurrentInsertOneWins", func(t *testing.T) {
		st := regStore(t)
		var wins, conflicts atomic.Int32
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				err := st.InsertIdempotencyKey(ctx, regKey("k", regT0))
				switch {
				case err == nil:
					wins.Add(1)
				case models.IsCode(err, models.ErrConflict):
					conflicts.Add(1)
				default:
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if wins.Load() != 1 || conflicts.Load() != 7 {
			t.Fatalf("wins %d, conflicts %d", wins.Load(), conflicts.Load())
		}
	})

	t.Run("TakeOver", func(t *testing.T) {
		st := regStore(t)
		old := regT0.Add(-time.Second)
		if err := st.InsertIdempotencyKey(ctx, regKey("k", old)); err != nil {
			t.Fatal(err)
		}
		if ok, err := st.TakeOverIdempotencyKey(ctx, "k", old.Add(time.Millisecond), regT0.Add(time.Minute)); err != nil || ok {
			t.Fatalf("another lease: %v %v, want false", ok, err)
		}
		if ok, err := st.TakeOverIdempotencyKey(ctx, "nope", old, regT0.Add(time.Minute)); err != nil || ok {
			t.Fatalf("unknown key: %v %v, want false", ok, err)
		}
		if ok, err := st.TakeOverIdempotencyKey(ctx, "k", old, regT0.Add(time.Minute)); err != nil || !ok {
			t.Fatalf("take over: %v %v, want true", ok, err)
		}
		if ok, err := st.TakeOverIdempotencyKey(ctx, "k", old, regT0.Add(2*time.Minute)); err != nil || ok {
			t.Fatalf("second take over of the same lease: %v %v, want false", ok, err)
		}
		got, err := st.IdempotencyKey(ctx, "k")
		if err != nil || !got.LeaseUntil.Equal(regT0.Add(time.Minute)) {
			t.Fatalf("lease: %+v %v", got, err)
		}
	})

	t.Run("TakeOverRaceOneWins", func(t *testing.T) {
		st := regStore(t)
		old := regT0.Add(-time.Second)
		if err := st.InsertIdempotencyKey(ctx, regKey("k", old)); err != nil {
			t.Fatal(err)
		}
		var wins atomic.Int32
		var wg sync.WaitGroup
		for i := range 8 {
			wg.Go(func() {
				ok, err := st.TakeOverIdempotencyKey(ctx, "k", old, regT0.Add(time.Duration(i+1)*time.Minute))
				if err != nil {
					t.Error(err)
				}
				if ok {
					wins.Add(1)
				}
			})
		}
		wg.Wait()
		if wins.Load() != 1 {
			t.Fatalf("%d retries took the key over, want 1", wins.Load())
		}
	})

	t.Run("CompleteThenNoTakeOverNorRelease", func(t *testing.T) {
		st := regStore(t)
		old := regT0.Add(-time.Second)
		if err := st.InsertIdempotencyKey(ctx, regKey("k", old)); err != nil {
			t.Fatal(err)
		}
		if err := st.CompleteIdempotencyKey(ctx, "k", 201, "application/json", []byte(`{"id":"x"}`)); err != nil {
			t.Fatal(err)
		}
		got, err := st.IdempotencyKey(ctx, "k")
		if err != nil || got.State != models.IdempotencyDone || got.Status != 201 || got.ContentType != "application/json" ||
			string(got.Body) != `{"id":"x"}` {
			t.Fatalf("got %+v %v", got, err)
		}
		if ok, err := st.TakeOverIdempotencyKey(ctx, "k", old, regT0.Add(time.Minute)); err != nil || ok {
			t.Fatalf("take over of a done key: %v %v, want false", ok, err)
		}
		if err := st.ReleaseIdempotencyKey(ctx, "k", regT0); err != nil {
			t.Fatal(err)
		}
		if got, _ := st.IdempotencyKey(ctx, "k"); !got.LeaseUntil.Equal(old) {
			t.Fatalf("release changed a done key's lease: %v", got.LeaseUntil)
		}
	})

	t.Run("CompleteEmptyBody", func(t *testing.T) {
		st := regStore(t)
		if err := st.InsertIdempotencyKey(ctx, regKey("k", regT0)); err != nil {
			t.Fatal(err)
		}
		if err := st.CompleteIdempotencyKey(ctx, "k", 204, "", nil); err != nil {
			t.Fatal(err)
		}
		got, err := st.IdempotencyKey(ctx, "k")
		if err != nil || got.Status != 204 || got.Body != nil {
			t.Fatalf("got %+v %v", got, err)
		}
	})

	t.Run("Release", func(t *testing.T) {
		st := regStore(t)
		if err := st.InsertIdempotencyKey(ctx, regKey("k", regT0.Add(time.Minute))); err != nil {
			t.Fatal(err)
		}
		if err := st.ReleaseIdempotencyKey(ctx, "k", regT0); err != nil {
			t.Fatal(err)
		}
		got, err := st.IdempotencyKey(ctx, "k")
		if err != nil || !got.LeaseUntil.Equal(regT0) || got.State != models.IdempotencyInProgress {
			t.Fatalf("got %+v %v", got, err)
		}
	})

	t.Run("DeleteIfUnchanged", func(t *testing.T) {
		st := regStore(t)
		r := regKey("k", regT0)
		if err := st.InsertIdempotencyKey(ctx, r); err != nil {
			t.Fatal(err)
		}
		if err := st.DeleteIdempotencyKey(ctx, "k", r.ExpiresAt.Add(time.Millisecond)); err != nil {
			t.Fatal(err)
		}
		if _, err := st.IdempotencyKey(ctx, "k"); err != nil {
			t.Fatalf("replaced key deleted: %v", err)
		}
		if err := st.DeleteIdempotencyKey(ctx, "k", r.ExpiresAt); err != nil {
			t.Fatal(err)
		}
		_, err := st.IdempotencyKey(ctx, "k")
		wantCode(t, err, models.ErrNotFound)
		if err := st.DeleteIdempotencyKey(ctx, "k", r.ExpiresAt); err != nil {
			t.Fatalf("deleting a missing key: %v", err)
		}
	})

	t.Run("DeleteExpired", func(t *testing.T) {
		st := regStore(t)
		for _, k := range []struct {
			hash    string
			expires time.Duration
		}{{"a", -time.Hour}, {"b", -time.Millisecond}, {"c", 0}, {"d", time.Hour}} {
			r := regKey(k.hash, regT0)
			r.ExpiresAt = regT0.Add(k.expires)
			if err := st.InsertIdempotencyKey(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
		n, err := st.DeleteExpiredIdempotencyKeys(ctx, regT0)
		if err != nil || n != 2 {
			t.Fatalf("deleted %d %v, want 2", n, err)
		}
		if _, err := st.IdempotencyKey(ctx, "c"); err != nil {
			t.Fatalf("expiring now is kept: %v", err)
		}
	})

	t.Run("ReleaseAll", func(t *testing.T) {
		st := regStore(t)
		for _, h := range []string{"a", "b", "c"} {
			if err := st.InsertIdempotencyKey(ctx, regKey(h, regT0.Add(time.Hour))); err != nil {
				t.Fatal(err)
			}
		}
		if err := st.CompleteIdempotencyKey(ctx, "c", 200, "text/plain", []byte("ok")); err != nil {
			t.Fatal(err)
		}
		n, err := st.ReleaseAllIdempotencyLeases(ctx, regT0)
		if err != nil || n != 2 {
			t.Fatalf("released %d %v, want 2", n, err)
		}
		for h, want := range map[string]time.Time{"a": regT0, "b": regT0, "c": regT0.Add(time.Hour)} {
			got, err := st.IdempotencyKey(ctx, h)
			if err != nil || !got.LeaseUntil.Equal(want) {
				t.Fatalf("%s: %+v %v, want lease %v", h, got, err, want)
			}
		}
		if n, err := st.ReleaseAllIdempotencyLeases(ctx, regT0); err != nil || n != 0 {
			t.Fatalf("again: %d %v, want 0", n, err)
		}
	})
}
