package storetest

// Assertions shared by every group of cases.

import (
	"fmt"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/agora-events/agora/models"
)

// must fails the test on an error.
func must(t *testing.T, err error, what string) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// wantCode fails unless err is the application error code.
func wantCode(t *testing.T, err error, code, what string) {
	t.Helper()
	if !models.IsCode(err, code) {
		t.Fatalf("%s: got %v, want %s", what, err, code)
	}
}

// wantTrue returns a check that a conditional change reported that it
// applied: wantTrue(t, "what")(st.Change(...)).
func wantTrue(t *testing.T, what string) func(ok bool, err error) {
	return func(ok bool, err error) {
		t.Helper()
		if err != nil || !ok {
			t.Fatalf("%s: got %v, %v; want true", what, ok, err)
		}
	}
}

// wantFalse returns a check that a conditional change reported, without
// error, that it did not apply.
func wantFalse(t *testing.T, what string) func(ok bool, err error) {
	return func(ok bool, err error) {
		t.Helper()
		if err != nil || ok {
			t.Fatalf("%s: got %v, %v; want false", what, ok, err)
		}
	}
}

// applied returns a check that a seat change applied, which returns the
// activity after it: applied(t, "what")(st.ClaimSeats(...)).
func applied(t *testing.T, what string) func(after *models.Activity, err error) *models.Activity {
	return func(after *models.Activity, err error) *models.Activity {
		t.Helper()
		if err != nil || after == nil {
			t.Fatalf("%s: refused (%v), want applied", what, err)
		}
		return after
	}
}

// refused returns a check that a seat change was refused (nil, nil).
func refused(t *testing.T, what string) func(after *models.Activity, err error) {
	return func(after *models.Activity, err error) {
		t.Helper()
		if err != nil || after != nil {
			t.Fatalf("%s: got %+v, %v; want refused (nil, nil)", what, after, err)
		}
	}
}

// sameTime fails unless two times are the same instant.
func sameTime(t *testing.T, got, want time.Time, what string) {
	t.Helper()
	if !got.Equal(want) {
		t.Errorf("%s: %v, want %v", what, got, want)
	}
}

// sameTimePtr fails unless two optional times are both nil or the same
// instant.
func sameTimePtr(t *testing.T, got, want *time.Time, what string) {
	t.Helper()
	switch {
	case got == nil && want == nil:
	case got == nil || want == nil:
		t.Errorf("%s: %v, want %v", what, got, want)
	default:
		sameTime(t, *got, *want, what)
	}
}

// wantIDs fails unless got are exactly the ids of want, in this order.
func wantIDs(t *testing.T, got []string, want []string, what string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Fatalf("%s:\n got  %v\n want %v", what, got, want)
	}
}

// activityIDs, signupIDs... list ids in order.
func activityIDs(as []models.Activity) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.ID
	}
	return out
}

func signupIDs(ss []models.Signup) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.ID
	}
	return out
}

func holderIDs(hs []models.SeatHolder) []string {
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = h.SignupID
	}
	return out
}

// sorted returns a sorted copy.
func sorted(ids []string) []string {
	out := slices.Clone(ids)
	sort.Strings(out)
	return out
}

// wantHolders fails unless the activity's seat holders and waiting list
// are exactly these, in this order, with seats_taken their party sum and
// waitlist_count the waiting list's length.
func wantHolders(t *testing.T, a *models.Activity, holders, waiting []models.SeatHolder, what string) {
	t.Helper()
	if !slices.Equal(orEmpty(a.SeatHolders), orEmpty(holders)) {
		t.Fatalf("%s: seat holders %v, want %v", what, a.SeatHolders, holders)
	}
	if !slices.Equal(orEmpty(a.WaitingList), orEmpty(waiting)) {
		t.Fatalf("%s: waiting list %v, want %v", what, a.WaitingList, waiting)
	}
	taken := 0
	for _, h := range holders {
		taken += h.Party
	}
	if a.SeatsTaken != taken {
		t.Fatalf("%s: seats_taken %d, want %d", what, a.SeatsTaken, taken)
	}
	if a.WaitlistCount != len(waiting) {
		t.Fatalf("%s: waitlist count %d, want %d", what, a.WaitlistCount, len(waiting))
	}
}

func orEmpty(hs []models.SeatHolder) []models.SeatHolder {
	if hs == nil {
		return []models.SeatHolder{}
	}
	return hs
}

// errBoom is the error the tests' callbacks fail with.
var errBoom = fmt.Errorf("storetest: boom")

// errOf drops the value of a (value, error) pair.
func errOf[T any](_ T, err error) error { return err }
