package registration

import (
	"context"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/notifications"
	"github.com/agora-events/agora/store"
)

// setSignup overwrites fields of a signup document, to build the states a
// crash between two steps leaves behind.
func setSignup(t *testing.T, st *store.Store, id string, set bson.D) {
	t.Helper()
	if _, err := st.DB().Collection("signups").UpdateOne(context.Background(),
		bson.D{{Key: "_id", Value: id}}, bson.D{{Key: "$set", Value: set}}); err != nil {
		t.Fatal(err)
	}
}

// TestReconcileRepairsEveryCrashState builds, directly in the store, each
// state a crash between steps can leave, and checks that one reconcile
// run repairs them all from the activity document.
func TestReconcileRepairsEveryCrashState(t *testing.T) {
	s, st := newSignupService(t)
	ctx := context.Background()
	a := seedActivity(t, st, func(a *models.Activity) { a.Capacity = 6 })

	// Crash after the seat claim, before the status: a pending holder.
	pendingHolder := mustSignUp(t, s, a.ID, "ph@example.org", 1).Signup
	setSignup(t, st, pendingHolder.ID, bson.D{{Key: "status", Value: models.SignupPending}})
	// Crash during a promotion: a waitlisted holder.
	waitlistedHolder := mustSignUp(t, s, a.ID, "wh@example.org", 1).Signup
	setSignup(t, st, waitlistedHolder.ID, bson.D{{Key: "status", Value: models.SignupWaitlisted}})
	// Crash during a cancellation, before the seats were released.
	cancelledHolder := mustSignUp(t, s, a.ID, "ch@example.org", 2).Signup
	if _, err := st.CancelSignup(ctx, cancelledHolder.ID, models.CancelledByAttendee, time.Now()); err != nil {
		t.Fatal(err)
	}
	// Crash right after the insert: a pending signup without seats.
	lost := mustSignUp(t, s, a.ID, "lost@example.org", 1).Signup
	if _, err := st.ReleaseSeats(ctx, a.ID, models.SeatHolder{SignupID: lost.ID, Party: 1}); err != nil {
		t.Fatal(err)
	}
	setSignup(t, st, lost.ID, bson.D{{Key: "status", Value: models.SignupPending}, {Key: "seq", Value: 0}})
	// Someone waiting, although seats will be free.
	waiting := mustSignUp(t, s, a.ID, "w@example.org", 1).Signup
	if _, err := st.ReleaseSeats(ctx, a.ID, models.SeatHolder{SignupID: waiting.ID, Party: 1}); err != nil {
		t.Fatal(err)
	}
	setSignup(t, st, waiting.ID, bson.D{{Key: "status", Value: models.SignupWaitlisted}, {Key: "seq", Value: 1}})
	// And a counter that went wrong.
	if _, err := st.DB().Collection("activities").UpdateOne(ctx, bson.D{{Key: "_id", Value: a.ID}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "seats_taken", Value: 99}}}}); err != nil {
		t.Fatal(err)
	}

	if err := s.ReconcileAtStart(ctx); err != nil {
		t.Fatal(err)
	}

	want := map[string]string{
		pendingHolder.ID:    models.SignupConfirmed,
		waitlistedHolder.ID: models.SignupConfirmed,
		cancelledHolder.ID:  models.SignupCancelled,
		lost.ID:             models.SignupConfirmed,
		waiting.ID:          models.SignupConfirmed,
	}
	for id, w := range want {
		if got := status(t, st, id); got != w {
			t.Errorf("%s: %s, want %s", id, got, w)
		}
	}
	got := checkSeats(t, st, a.ID)
	if got.SeatsTaken != 4 || got.HoldsSeats(cancelledHolder.ID) {
		t.Fatalf("seats_taken %d, holders %+v", got.SeatsTaken, got.SeatHolders)
	}
	for kind, id := range map[string]string{
		notifications.KindPromoted:  waitlistedHolder.ID,
		notifications.KindCancelled: cancelledHolder.ID,
	} {
		if !hasEmail(t, st, kind, id) {
			t.Errorf("no %s email for %s", kind, id)
		}
	}
	if !hasEmail(t, st, notifications.KindPromoted, waiting.ID) {
		t.Error("the waiting signup was not told of its promotion")
	}

	t.Run("SecondRunChangesNothing", func(t *testing.T) {
		before := checkSeats(t, st, a.ID)
		if err := s.Reconcile(ctx); err != nil {
			t.Fatal(err)
		}
		after := checkSeats(t, st, a.ID)
		if after.SeatsTaken != before.SeatsTaken || len(after.SeatHolders) != len(before.SeatHolders) {
			t.Fatalf("before %+v, after %+v", before.SeatHolders, after.SeatHolders)
		}
	})
}

// TestReconcileLeavesRecentPendingAlone: a signup pending for less than
// the grace period belongs to a request in flight.
func TestReconcileLeavesRecentPendingAlone(t *testing.T) {
	s, st := newSignupService(t)
	ctx := context.Background()
	a := seedActivity(t, st, nil)
	su := mustSignUp(t, s, a.ID, "fresh@example.org", 1).Signup
	if _, err := st.ReleaseSeats(ctx, a.ID, models.SeatHolder{SignupID: su.ID, Party: 1}); err != nil {
		t.Fatal(err)
	}
	setSignup(t, st, su.ID, bson.D{{Key: "status", Value: models.SignupPending}})
	if err := s.Reconcile(ctx); err != nil {
		t.Fatal(err)
	}
	if got := status(t, st, su.ID); got != models.SignupPending {
		t.Fatalf("recent pending signup became %s", got)
	}
	s.now = func() time.Time { return time.Now().Add(PendingGrace + time.Second) }
	if err := s.Reconcile(ctx); err != nil {
		t.Fatal(err)
	}
	if got := status(t, st, su.ID); got != models.SignupConfirmed {
		t.Fatalf("old pending signup is %s, want confirmed", got)
	}
	checkSeats(t, st, a.ID)
}
