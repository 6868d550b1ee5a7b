package storetest

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/agora-events/agora/models"
)

// race runs fn(i) for i in [0, n) at once and waits for all.
func race(n int, fn func(i int)) {
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			fn(i)
		}()
	}
	close(start)
	wg.Wait()
}

// The races below hit the store directly from many goroutines. Those
// decided by uniqueness run on every store; those decided by a
// conditional update need Options.Concurrent.
func (s *suite) races(t *testing.T) {
	t.Run("InsertSignup/OneOfOneEmailWins", func(t *testing.T) {
		f := s.fixture(t)
		a := f.activity(f.org().ID, nil)
		const n = 40
		errs := make([]error, n)
		race(n, func(i int) {
			email := "same@example.org"
			if i%2 == 1 {
				email = strings.ToUpper(email)
			}
			errs[i] = f.st.InsertSignup(f.ctx, f.newSignup(a, email, 1, nil))
		})
		won := 0
		for i, err := range errs {
			switch {
			case err == nil:
				won++
			case !models.IsCode(err, models.ErrAlreadyRegistered):
				t.Fatalf("insert %d: %v, want nil or already_registered", i, err)
			}
		}
		pending, err := f.st.ListSignups(f.ctx, a.ID, []string{models.SignupPending}, nil, 100)
		must(t, err, "list")
		if won != 1 || len(pending) != 1 {
			t.Fatalf("%d inserts won, %d stored; want exactly one", won, len(pending))
		}
	})
	t.Run("InsertIdempotencyKey/OneWins", func(t *testing.T) {
		f := s.fixture(t)
		const n = 20
		errs := make([]error, n)
		race(n, func(i int) {
			errs[i] = f.st.InsertIdempotencyKey(f.ctx, &models.IdempotencyRecord{KeyHash: "key-1", RequestHash: "req",
				State: models.IdempotencyInProgress, ResourceID: fmt.Sprint(i), LeaseUntil: f.now.Add(time.Minute),
				CreatedAt: f.now, ExpiresAt: f.now.Add(time.Hour)})
		})
		winner := -1
		for i, err := range errs {
			switch {
			case err == nil && winner >= 0:
				t.Fatalf("inserts %d and %d both won", winner, i)
			case err == nil:
				winner = i
			case !models.IsCode(err, models.ErrConflict):
				t.Fatalf("insert %d: %v, want nil or conflict", i, err)
			}
		}
		if winner < 0 {
			t.Fatal("no insert won")
		}
		if got := f.readKey("key-1"); got.ResourceID != fmt.Sprint(winner) {
			t.Fatalf("stored resource %s, the winner was %d", got.ResourceID, winner)
		}
	})
	t.Run("InsertOutbox/OneOfOneDedupKeyWins", func(t *testing.T) {
		f := s.fixture(t)
		const n = 20
		oks := make([]bool, n)
		errs := make([]error, n)
		race(n, func(i int) {
			oks[i], errs[i] = f.st.InsertOutbox(f.ctx, f.newEmail(func(e *models.OutboxEmail) { e.DedupKey = "confirmed:s1" }))
		})
		won := 0
		for i := range n {
			must(t, errs[i], "queue")
			if oks[i] {
				won++
			}
		}
		if due := f.claimExclusive(f.now, nil); won != 1 || len(due) != 1 {
			t.Fatalf("%d inserts reported new, %d emails due; want one", won, len(due))
		}
	})
	t.Run("ClaimOutbox/NoEmailLeasedTwice", func(t *testing.T) {
		f := s.fixture(t)
		const emails, claimers = 60, 8
		var want []string
		for range emails {
			want = append(want, f.email(nil).ID)
		}
		var mu sync.Mutex
		got := map[string]int{}
		var errs []error
		race(claimers, func(int) {
			for range 50 {
				es, err := f.st.ClaimOutbox(f.ctx, f.now, time.Hour, 5, nil)
				mu.Lock()
				if err != nil {
					errs = append(errs, err)
				}
				for _, e := range es {
					got[e.ID]++
				}
				mu.Unlock()
				if err != nil || len(es) == 0 {
					return
				}
			}
		})
		for _, err := range errs {
			must(t, err, "claim")
		}
		for id, n := range got {
			if n > 1 {
				t.Fatalf("email %s leased %d times under one lease", id, n)
			}
		}
		if len(got) != emails {
			t.Fatalf("%d of %d emails claimed", len(got), emails)
		}
	})
	s.conditionalRaces(t)
}
