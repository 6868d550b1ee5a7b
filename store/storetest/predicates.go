package storetest

import (
	"fmt"
	"testing"

	"github.com/agora-events/agora/models"
)

// The stores decide capacity inside their conditional writes, where the
// decision is atomic with the change; each such condition mirrors a
// predicate of models. These cases prove, on every side of the boundary,
// that the store's condition and the predicate give the same answer.

func (s *suite) predicates(t *testing.T) {
	const capacity = 4
	t.Run("ClaimAndPromoteAgreeWithFits", func(t *testing.T) {
		f := s.fixture(t)
		org := f.org()
		for taken := 0; taken <= capacity; taken++ {
			a := f.seated(org.ID, capacity, taken)
			for party := 1; party <= capacity; party++ {
				what := fmt.Sprintf("%d of %d taken, party of %d", taken, capacity, party)
				claim := holder(f.signup(a, fmt.Sprintf("claim%d@example.org", party), party, nil))
				read := f.read(a.ID)
				after, err := f.st.ClaimSeats(f.ctx, read, claim)
				agreesWithFits(t, "ClaimSeats, "+what, read, party, after, err)
				if after != nil {
					applied(t, "give the seats back")(f.st.ReleaseSeats(f.ctx, after, claim))
				}

				wait := holder(f.signup(a, fmt.Sprintf("wait%d@example.org", party), party, nil))
				applied(t, "join the waiting list")(f.st.JoinWaitingList(f.ctx, f.read(a.ID), wait))
				read = f.read(a.ID)
				after, err = f.st.PromoteFromWaitingList(f.ctx, read, wait)
				agreesWithFits(t, "PromoteFromWaitingList, "+what, read, party, after, err)
				if after != nil {
					applied(t, "give the seats back")(f.st.ReleaseSeats(f.ctx, after, wait))
				} else {
					applied(t, "leave the waiting list")(f.st.LeaveWaitingList(f.ctx, read, wait))
				}
			}
		}
	})
	t.Run("UpdateActivityDetailsAgreesWithCanSetCapacity", func(t *testing.T) {
		f := s.fixture(t)
		org := f.org()
		for taken := 1; taken <= capacity; taken++ {
			a := f.seated(org.ID, capacity, taken)
			for n := taken - 1; n <= taken+1; n++ {
				read := f.read(a.ID)
				want := read.CanSetCapacity(n)
				edit := *read
				edit.Capacity = n
				err := f.st.UpdateActivityDetails(f.ctx, &edit)
				what := fmt.Sprintf("capacity %d with %d taken", n, taken)
				if want == nil {
					must(t, err, what)
					if got := f.read(a.ID).Capacity; got != n {
						t.Fatalf("%s: capacity stored %d", what, got)
					}
					edit.Capacity = capacity
					must(t, f.st.UpdateActivityDetails(f.ctx, &edit), "restore the capacity")
				} else {
					wantCode(t, err, models.ErrorCode(want), what)
				}
			}
		}
	})
}

// seated stores a published activity of capacity whose first taken seats
// are held by one party, and returns it as stored.
func (f *fixture) seated(orgID string, capacity, taken int) *models.Activity {
	f.t.Helper()
	a := f.activity(orgID, func(a *models.Activity) { a.Capacity, a.MaxPartySize = capacity, capacity })
	if taken > 0 {
		applied(f.t, "take the seats")(f.st.ClaimSeats(f.ctx, a, holder(f.signup(a, "taken@example.org", taken, nil))))
	}
	return f.read(a.ID)
}

// agreesWithFits fails unless a seat change on read applied exactly when
// read.Fits(party).
func agreesWithFits(t *testing.T, what string, read *models.Activity, party int, after *models.Activity, err error) {
	t.Helper()
	must(t, err, what)
	if applied, fits := after != nil, read.Fits(party); applied != fits {
		t.Fatalf("%s: the store applied it: %v; models.Activity.Fits: %v", what, applied, fits)
	}
}
