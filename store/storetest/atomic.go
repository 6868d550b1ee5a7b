package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/agora-events/agora/models"
)

// needTransactional skips a case that only an all-or-nothing Atomic can
// pass.
func needTransactional(t *testing.T, f *fixture) {
	t.Helper()
	if !f.st.Transactional() {
		t.Skip("the store is not transactional (Transactional() is false): its Atomic runs fn as it is, " +
			"and the use cases keep every step idempotent for the reconciler to finish")
	}
}

// atomicWork is what a signup writes in one step on a transactional
// store: the signup, its seats, its email, its status.
type atomicWork struct {
	f     *fixture
	a     *models.Activity
	su    *models.Signup
	email *models.OutboxEmail
}

func (s *suite) atomicWork(t *testing.T) *atomicWork {
	t.Helper()
	f := s.fixture(t)
	a := f.activity(f.org().ID, func(a *models.Activity) { a.Capacity = 3 })
	su := f.newSignup(a, "atomic@example.org", 2, nil)
	email := f.newEmail(func(e *models.OutboxEmail) { e.DedupKey, e.SignupID, e.ActivityID = "confirmed:"+su.ID, su.ID, a.ID })
	return &atomicWork{f: f, a: a, su: su, email: email}
}

// insert writes the signup through ctx.
func (w *atomicWork) insert(ctx context.Context) error {
	return w.f.st.InsertSignup(ctx, w.su)
}

// place gives the signup its seats, queues its email and confirms it,
// all through ctx, reading through ctx what it decides on.
func (w *atomicWork) place(ctx context.Context) error {
	a, err := w.f.st.ActivityByID(ctx, w.a.ID)
	if err != nil {
		return err
	}
	after, err := w.f.st.ClaimSeats(ctx, a, holder(w.su))
	if err != nil {
		return err
	}
	if after == nil || !after.HoldsSeats(w.su.ID) {
		return fmt.Errorf("claim refused: %+v", after)
	}
	if ok, err := w.f.st.InsertOutbox(ctx, w.email); err != nil || !ok {
		return fmt.Errorf("queue email: %v, %w", ok, err)
	}
	if ok, err := w.f.st.FinishSignup(ctx, w.su.ID, models.SignupConfirmed, w.f.now); err != nil || !ok {
		return fmt.Errorf("finish: %v, %w", ok, err)
	}
	return nil
}

// wantDone fails unless every write of the work is there.
func (w *atomicWork) wantDone(t *testing.T) {
	t.Helper()
	f := w.f
	if got := f.readSignup(w.su.ID); got.Status != models.SignupConfirmed {
		t.Fatalf("signup is %s, want confirmed", got.Status)
	}
	wantHolders(t, f.read(w.a.ID), []models.SeatHolder{holder(w.su)}, nil, "activity")
	got, err := f.st.OutboxByDedupKey(f.ctx, w.email.DedupKey)
	must(t, err, "email")
	if got.ID != w.email.ID {
		t.Fatalf("email %s, want %s", got.ID, w.email.ID)
	}
}

// wantNone fails unless no write of the work is left, and it can be done
// again from the start.
func (w *atomicWork) wantNone(t *testing.T) {
	t.Helper()
	f := w.f
	wantCode(t, errOf(f.st.SignupByID(f.ctx, w.su.ID)), models.ErrNotFound, "rolled back signup")
	wantHolders(t, f.read(w.a.ID), nil, nil, "activity after the rollback")
	wantCode(t, errOf(f.st.OutboxByDedupKey(f.ctx, w.email.DedupKey)), models.ErrNotFound, "rolled back email")
	wantCode(t, errOf(f.st.OutboxByID(f.ctx, w.email.ID)), models.ErrNotFound, "rolled back email")
	if due := f.claimExclusive(f.now.Add(time.Hour), nil); len(due) != 0 {
		t.Fatalf("rolled back email is due: %v", emailIDs(due))
	}
	if has, err := f.st.ActivityHasSignups(f.ctx, w.a.ID); err != nil || has {
		t.Fatalf("activity has signups after the rollback: %v (%v)", has, err)
	}
	// Nothing blocks doing it all again: the email address, the dedup
	// key and the seats are free.
	must(t, w.insert(f.ctx), "insert again")
	must(t, w.place(f.ctx), "place again")
	w.wantDone(t)
}

func (s *suite) atomic(t *testing.T) {
	t.Run("Atomic/OKReturnsFnError", func(t *testing.T) {
		f := s.fixture(t)
		calls := 0
		err := f.st.Atomic(f.ctx, func(context.Context) error { calls++; return errBoom })
		if !errors.Is(err, errBoom) || calls != 1 {
			t.Fatalf("got %v after %d calls, want fn's error after 1", err, calls)
		}
		calls = 0
		if err := f.st.Atomic(f.ctx, func(context.Context) error { calls++; return nil }); err != nil || calls != 1 {
			t.Fatalf("got %v after %d calls, want nil after 1", err, calls)
		}
	})
	t.Run("Atomic/OKCommitsEveryWrite", func(t *testing.T) {
		w := s.atomicWork(t)
		must(t, w.f.st.Atomic(w.f.ctx, func(ctx context.Context) error {
			if err := w.insert(ctx); err != nil {
				return err
			}
			return w.place(ctx)
		}), "atomic")
		w.wantDone(t)
	})
	t.Run("Atomic/OKReadsItsOwnWrites", func(t *testing.T) {
		w := s.atomicWork(t)
		must(t, w.f.st.Atomic(w.f.ctx, func(ctx context.Context) error {
			if err := w.insert(ctx); err != nil {
				return err
			}
			su, err := w.f.st.SignupByID(ctx, w.su.ID)
			if err != nil || su.Status != models.SignupPending {
				return fmt.Errorf("own signup: %+v, %w", su, err)
			}
			if err := w.place(ctx); err != nil {
				return err
			}
			a, err := w.f.st.ActivityByID(ctx, w.a.ID)
			if err != nil || !a.HoldsSeats(w.su.ID) || a.SeatsTaken != 2 {
				return fmt.Errorf("own seats: %+v, %w", a, err)
			}
			e, err := w.f.st.OutboxByDedupKey(ctx, w.email.DedupKey)
			if err != nil || e.ID != w.email.ID {
				return fmt.Errorf("own email: %+v, %w", e, err)
			}
			return nil
		}), "atomic")
		w.wantDone(t)
	})
	t.Run("Atomic/RollsBackOnError", func(t *testing.T) {
		w := s.atomicWork(t)
		needTransactional(t, w.f)
		err := w.f.st.Atomic(w.f.ctx, func(ctx context.Context) error {
			if err := w.insert(ctx); err != nil {
				return err
			}
			if err := w.place(ctx); err != nil {
				return err
			}
			return errBoom
		})
		if !errors.Is(err, errBoom) {
			t.Fatalf("got %v, want fn's error", err)
		}
		w.wantNone(t)
	})
	t.Run("Atomic/RollsBackACancellation", func(t *testing.T) {
		w := s.atomicWork(t)
		needTransactional(t, w.f)
		must(t, w.insert(w.f.ctx), "insert")
		must(t, w.place(w.f.ctx), "place")
		err := w.f.st.Atomic(w.f.ctx, func(ctx context.Context) error {
			if ok, err := w.f.st.CancelSignup(ctx, w.su.ID, models.CancelledByAttendee, w.f.now); err != nil || !ok {
				return fmt.Errorf("cancel: %v, %w", ok, err)
			}
			a, err := w.f.st.ActivityByID(ctx, w.a.ID)
			if err != nil {
				return err
			}
			if after, err := w.f.st.ReleaseSeats(ctx, a, holder(w.su)); err != nil || after == nil {
				return fmt.Errorf("release: %+v, %w", after, err)
			}
			return errBoom
		})
		if !errors.Is(err, errBoom) {
			t.Fatalf("got %v, want fn's error", err)
		}
		w.wantDone(t)
		// The email is still taken: the cancellation never happened.
		wantCode(t, w.f.st.InsertSignup(w.f.ctx, w.f.newSignup(w.a, w.su.Email, 1, nil)), models.ErrAlreadyRegistered, "the email after the rollback")
	})
	t.Run("Atomic/NestedJoinsTheOuter", func(t *testing.T) {
		w := s.atomicWork(t)
		needTransactional(t, w.f)
		var innerErr error
		err := w.f.st.Atomic(w.f.ctx, func(ctx context.Context) error {
			if err := w.f.st.Atomic(ctx, w.insert); err != nil {
				return err
			}
			// The inner call commits nothing by itself.
			innerErr = w.f.st.Atomic(ctx, w.place)
			if innerErr != nil {
				return innerErr
			}
			return errBoom
		})
		if innerErr != nil || !errors.Is(err, errBoom) {
			t.Fatalf("inner %v, outer %v; want nil, fn's error", innerErr, err)
		}
		w.wantNone(t)
	})
	t.Run("Atomic/NestedErrorRollsBackTheOuter", func(t *testing.T) {
		w := s.atomicWork(t)
		needTransactional(t, w.f)
		err := w.f.st.Atomic(w.f.ctx, func(ctx context.Context) error {
			if err := w.insert(ctx); err != nil {
				return err
			}
			return w.f.st.Atomic(ctx, func(ctx context.Context) error {
				if err := w.place(ctx); err != nil {
					return err
				}
				return errBoom
			})
		})
		if !errors.Is(err, errBoom) {
			t.Fatalf("got %v, want the inner fn's error", err)
		}
		w.wantNone(t)
	})
	t.Run("Atomic/OKNestedCommitsWithTheOuter", func(t *testing.T) {
		w := s.atomicWork(t)
		must(t, w.f.st.Atomic(w.f.ctx, func(ctx context.Context) error {
			if err := w.f.st.Atomic(ctx, w.insert); err != nil {
				return err
			}
			return w.f.st.Atomic(ctx, w.place)
		}), "nested")
		w.wantDone(t)
	})
	t.Run("Atomic/IsolatedFromOtherWriters", func(t *testing.T) {
		f := s.fixture(t)
		needTransactional(t, f)
		s.needConcurrent(t)
		// Each writer counts the pending signups and adds one while
		// fewer than five: only isolation keeps the count at five.
		a := f.activity(f.org().ID, nil)
		const writers, slots = 20, 5
		var wg sync.WaitGroup
		errs := make(chan error, writers)
		for i := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs <- f.st.Atomic(f.ctx, func(ctx context.Context) error {
					pending, err := f.st.ListSignups(ctx, a.ID, []string{models.SignupPending}, nil, 100)
					if err != nil || len(pending) >= slots {
						return err
					}
					time.Sleep(2 * time.Millisecond) // widen the window between read and write
					return f.st.InsertSignup(ctx, f.newSignup(a, fmt.Sprintf("w%d@example.org", i), 1, nil))
				})
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			must(t, err, "writer")
		}
		pending, err := f.st.ListSignups(f.ctx, a.ID, []string{models.SignupPending}, nil, 100)
		must(t, err, "list")
		if len(pending) != slots {
			t.Fatalf("%d signups written, want %d: writers saw each other's uncommitted state", len(pending), slots)
		}
	})
}
