package storetest

// The order of the waiting list: signup time (models.SeatHolder.Queue),
// not the order in which signups joined it.

import (
	"testing"
	"time"

	"github.com/agora-events/agora/models"
)

func (s *suite) waitingOrder(t *testing.T) {
	// orderFixture: a full activity (capacity 1, held by the first) and
	// three signups made at now+3ms, now+1ms and now+2ms that join the
	// waiting list in that order, as requests that took the activity's
	// lock out of their signup order would.
	type orderFixture struct {
		*fixture
		a                  *models.Activity
		late, early, middl *models.Signup
	}
	at := func(d time.Duration) func(su *models.Signup) {
		return func(su *models.Signup) { su.CreatedAt = su.CreatedAt.Add(d) }
	}
	setup := func(t *testing.T) *orderFixture {
		t.Helper()
		f := s.fixture(t)
		a := f.activity(f.org().ID, func(a *models.Activity) { a.Capacity, a.MaxPartySize = 1, 1 })
		first := f.signup(a, "first@example.org", 1, nil)
		applied(t, "claim")(f.st.ClaimSeats(f.ctx, f.read(a.ID), holder(first)))
		o := &orderFixture{fixture: f, a: a,
			late:  f.signup(a, "late@example.org", 1, at(3*time.Millisecond)),
			early: f.signup(a, "early@example.org", 1, at(time.Millisecond)),
			middl: f.signup(a, "middle@example.org", 1, at(2*time.Millisecond))}
		for _, su := range []*models.Signup{o.late, o.early, o.middl} {
			applied(t, "join")(f.st.JoinWaitingList(f.ctx, f.read(a.ID), holder(su)))
			f.setStatus(su, models.SignupWaitlisted)
		}
		return o
	}
	t.Run("FollowsSignupTime", func(t *testing.T) {
		f := setup(t)
		want := []models.SeatHolder{holder(f.early), holder(f.middl), holder(f.late)}
		wantHolders(t, f.read(f.a.ID), []models.SeatHolder{f.read(f.a.ID).SeatHolders[0]}, want, "stored")
		if got := f.read(f.a.ID).WaitingPosition(f.early.ID); got != 1 {
			t.Fatalf("the earliest signup is at position %d, want 1", got)
		}
	})
	t.Run("SameAsTheStaffList", func(t *testing.T) {
		f := setup(t)
		listed, err := f.st.ListSignups(f.ctx, f.a.ID, []string{models.SignupWaitlisted}, nil, 10)
		must(t, err, "list")
		queue := f.read(f.a.ID).WaitingList
		if len(listed) != len(queue) {
			t.Fatalf("%d listed, %d waiting", len(listed), len(queue))
		}
		for i := range listed {
			if listed[i].ID != queue[i].SignupID {
				t.Fatalf("staff list %d is %s, the waiting list has %s", i, listed[i].Email, queue[i].SignupID)
			}
		}
	})
	t.Run("PromotionTakesTheEarliest", func(t *testing.T) {
		f := setup(t)
		a := f.read(f.a.ID)
		applied(t, "release")(f.st.ReleaseSeats(f.ctx, a, a.SeatHolders[0]))
		a = f.read(f.a.ID)
		next := a.WaitingList[0]
		if next.SignupID != f.early.ID {
			t.Fatalf("first in line is %s, want the earliest signup %s", next.SignupID, f.early.ID)
		}
		after := applied(t, "promote")(f.st.PromoteFromWaitingList(f.ctx, a, next))
		wantHolders(t, after, []models.SeatHolder{holder(f.early)}, []models.SeatHolder{holder(f.middl), holder(f.late)}, "returned")
	})
	t.Run("EqualTimesKeepJoiningOrder", func(t *testing.T) {
		f := s.fixture(t)
		a := f.activity(f.org().ID, func(a *models.Activity) { a.Capacity, a.MaxPartySize = 1, 1 })
		first := f.signup(a, "first@example.org", 1, nil)
		applied(t, "claim")(f.st.ClaimSeats(f.ctx, f.read(a.ID), holder(first)))
		var want []models.SeatHolder
		for _, email := range []string{"z@example.org", "a@example.org", "m@example.org"} {
			su := f.signup(a, email, 1, at(time.Millisecond))
			applied(t, "join")(f.st.JoinWaitingList(f.ctx, f.read(a.ID), holder(su)))
			want = append(want, holder(su))
		}
		wantHolders(t, f.read(a.ID), []models.SeatHolder{holder(first)}, want, "stored")
	})
	t.Run("RefusedWhenTheListChangedSinceRead", func(t *testing.T) {
		f := setup(t)
		stale := f.read(f.a.ID)
		extra := f.signup(f.a, "extra@example.org", 1, at(time.Millisecond))
		applied(t, "leave")(f.st.LeaveWaitingList(f.ctx, f.read(f.a.ID), holder(f.middl)))
		if after, err := f.st.JoinWaitingList(f.ctx, stale, holder(extra)); err != nil {
			t.Fatalf("join on a stale read: %v", err)
		} else if after != nil && after.WaitingPosition(f.middl.ID) > 0 {
			t.Fatalf("a join on a stale read put back a signup that left: %v", after.WaitingList)
		}
		a := f.read(f.a.ID)
		if a.WaitingPosition(f.middl.ID) > 0 || a.WaitlistCount != len(a.WaitingList) {
			t.Fatalf("waiting list %v (count %d) after a stale join", a.WaitingList, a.WaitlistCount)
		}
	})
}
