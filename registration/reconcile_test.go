package registration

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/agora-events/agora/store"
	mongostore "github.com/agora-events/agora/store/mongo"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/notifications"
)

// setSignup overwrites fields of a signup document, to build the states a
// crash between two steps leaves behind.
func setSignup(t *testing.T, st *mongostore.Store, id string, set bson.D) {
	t.Helper()
	if _, err := st.DB().Collection("signups").UpdateOne(context.Background(),
		bson.D{{Key: "_id", Value: id}}, bson.D{{Key: "$set", Value: set}}); err != nil {
		t.Fatal(err)
	}
}

// moveToWaitingList takes a confirmed signup's seats back and puts it at
// the end of the waiting list, leaving its status alone.
func moveToWaitingList(t *testing.T, st *mongostore.Store, su models.Signup) {
	t.Helper()
	ctx := context.Background()
	a, err := st.ActivityByID(ctx, su.ActivityID)
	if err != nil {
		t.Fatal(err)
	}
	h := heldBy(t, a, su.ID)
	if a, err = st.ReleaseSeats(ctx, a, h); err != nil || a == nil {
		t.Fatalf("release: %v", err)
	}
	if a, err = st.JoinWaitingList(ctx, a, h); err != nil || a == nil {
		t.Fatalf("join: %v", err)
	}
}

// heldBy is the seat holder of a signup as the activity lists it (with
// its queue key, which the store's conditions compare).
func heldBy(t *testing.T, a *models.Activity, signupID string) models.SeatHolder {
	t.Helper()
	for _, h := range a.SeatHolders {
		if h.SignupID == signupID {
			return h
		}
	}
	t.Fatalf("signup %s holds no seats", signupID)
	return models.SeatHolder{}
}

// TestReconcileRepairsEveryCrashState builds, directly in the store, each
// state a crash between steps can leave, and checks that one reconcile
// run repairs them all from the activity document.
func TestReconcileRepairsEveryCrashState(t *testing.T) {
	s, st := newMongoSignupService(t)
	ctx := context.Background()
	a := seedActivity(t, st, func(a *models.Activity) { a.Capacity = 10 })
	sign := func(email string, party int) models.Signup { return mustSignUp(t, s, a.ID, email, party).Signup }

	// Crash after the seat claim, before the status: a pending holder.
	pendingHolder := sign("ph@example.org", 1)
	setSignup(t, st, pendingHolder.ID, bson.D{{Key: "status", Value: models.SignupPending}})
	// Crash during a promotion: a waitlisted holder.
	waitlistedHolder := sign("wh@example.org", 1)
	setSignup(t, st, waitlistedHolder.ID, bson.D{{Key: "status", Value: models.SignupWaitlisted}})
	// Crash during a cancellation, before the seats were released.
	cancelledHolder := sign("ch@example.org", 2)
	if _, err := st.CancelSignup(ctx, cancelledHolder.ID, models.CancelledByAttendee, time.Now()); err != nil {
		t.Fatal(err)
	}
	// Someone waiting, although seats will be free.
	waiting := sign("w@example.org", 1)
	moveToWaitingList(t, st, waiting)
	setSignup(t, st, waiting.ID, bson.D{{Key: "status", Value: models.SignupWaitlisted}})
	// Crash after joining the waiting list, before the status.
	pendingWaiting := sign("pw@example.org", 1)
	moveToWaitingList(t, st, pendingWaiting)
	setSignup(t, st, pendingWaiting.ID, bson.D{{Key: "status", Value: models.SignupPending}})
	// Crash during the cancellation of a waiting signup.
	cancelledWaiting := sign("cw@example.org", 1)
	moveToWaitingList(t, st, cancelledWaiting)
	if _, err := st.CancelSignup(ctx, cancelledWaiting.ID, models.CancelledByAttendee, time.Now()); err != nil {
		t.Fatal(err)
	}
	// Crash right after the insert: a pending signup on neither list.
	lost := sign("lost@example.org", 1)
	cur, _ := st.ActivityByID(ctx, a.ID)
	if after, err := st.ReleaseSeats(ctx, cur, heldBy(t, cur, lost.ID)); err != nil || after == nil {
		t.Fatalf("release: %v", err)
	}
	setSignup(t, st, lost.ID, bson.D{{Key: "status", Value: models.SignupPending}})
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
		waiting.ID:          models.SignupConfirmed,
		pendingWaiting.ID:   models.SignupConfirmed,
		cancelledWaiting.ID: models.SignupCancelled,
		lost.ID:             models.SignupConfirmed,
	}
	for id, w := range want {
		if got := status(t, st, id); got != w {
			t.Errorf("%s: %s, want %s", id, got, w)
		}
	}
	got := checkSeats(t, st, a.ID)
	if got.SeatsTaken != 5 || got.HoldsSeats(cancelledHolder.ID) || len(got.WaitingList) != 0 {
		t.Fatalf("seats_taken %d, holders %+v, waiting %+v", got.SeatsTaken, got.SeatHolders, got.WaitingList)
	}
	for _, e := range []struct{ kind, id string }{
		{notifications.KindPromoted, waitlistedHolder.ID},
		{notifications.KindCancelled, cancelledHolder.ID},
		{notifications.KindCancelled, cancelledWaiting.ID},
		{notifications.KindPromoted, waiting.ID},
		{notifications.KindWaitlisted, pendingWaiting.ID},
		{notifications.KindPromoted, pendingWaiting.ID},
	} {
		if !hasEmail(t, st, e.kind, e.id) {
			t.Errorf("no %s email for %s", e.kind, e.id)
		}
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
	s, st := newMongoSignupService(t)
	ctx := context.Background()
	a := seedActivity(t, st, nil)
	su := mustSignUp(t, s, a.ID, "fresh@example.org", 1).Signup
	cur, _ := st.ActivityByID(ctx, a.ID)
	if _, err := st.ReleaseSeats(ctx, cur, heldBy(t, cur, su.ID)); err != nil {
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

// TestReconcileTellsAnInterruptedCancellation: on MongoDB the cancellation
// and the emails to everyone are separate steps. A crash between them
// leaves the activity cancelled with TellPending set; the reconciler tells
// everyone confirmed or waiting, once, and clears the mark.
func TestReconcileTellsAnInterruptedCancellation(t *testing.T) {
	s, st := newMongoSignupService(t)
	ctx := context.Background()
	a := seedActivity(t, st, func(a *models.Activity) { a.Capacity = 2 })
	var people []models.Signup
	for _, email := range []string{"a@example.org", "b@example.org", "c@example.org"} {
		people = append(people, mustSignUp(t, s, a.ID, email, 1).Signup)
	}
	// What a crash right after the status write leaves.
	if _, err := st.SetActivityStatus(ctx, a.ID, []string{models.StatusPublished}, models.StatusCancelled,
		models.Text{"en": "Flooded"}, time.Now()); err != nil {
		t.Fatal(err)
	}
	if cur, _ := st.ActivityByID(ctx, a.ID); !cur.TellPending {
		t.Fatal("a cancelled activity does not owe its people the news")
	}
	for _, su := range people {
		if hasEmail(t, st, notifications.KindActivityCancelled, su.ID) {
			t.Fatalf("%s told before the reconciler ran", su.Email)
		}
	}
	if err := s.Reconcile(ctx); err != nil {
		t.Fatal(err)
	}
	for _, su := range people {
		if !hasEmail(t, st, notifications.KindActivityCancelled, su.ID) {
			t.Fatalf("%s was never told", su.Email)
		}
	}
	if cur, _ := st.ActivityByID(ctx, a.ID); cur.TellPending {
		t.Fatal("the mark stayed after everyone was told")
	}
}

// TestReconcileAnnouncesAnInterruptedChange: on MongoDB an edit of the
// time and its "changed" emails are separate writes. A crash between them
// leaves the edit saved with its notice unqueued; the reconciler queues
// one email per person signed up before the edit, marks the notice, and
// neither a second run nor a crash before the mark adds any.
func TestReconcileAnnouncesAnInterruptedChange(t *testing.T) {
	s, st := newMongoSignupService(t)
	ctx := context.Background()
	a := seedActivity(t, st, func(a *models.Activity) { a.Capacity = 1 })
	before := []models.Signup{mustSignUp(t, s, a.ID, "a@example.org", 1).Signup,
		mustSignUp(t, s, a.ID, "b@example.org", 1).Signup} // confirmed, waitlisted
	// What a crash right after the edit's write leaves.
	cur, err := st.ActivityByID(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	old := cur.Schedule()
	cur.StartsAt, cur.EndsAt = cur.StartsAt.Add(time.Hour), cur.EndsAt.Add(time.Hour)
	cur.UpdatedAt = time.Now().UTC()
	if !cur.Reschedule(old, cur.UpdatedAt, 0) {
		t.Fatal("moving the start is no change")
	}
	if err := st.UpdateActivityDetails(ctx, cur); err != nil {
		t.Fatal(err)
	}
	late := mustSignUp(t, s, a.ID, "late@example.org", 1).Signup // saw the new time
	for range 2 {
		if err := s.Reconcile(ctx); err != nil {
			t.Fatal(err)
		}
	}
	// A crash after the emails but before the mark: the window's emails
	// exist (due already, as good as sent), so nobody is told twice.
	cur, err = st.ActivityByID(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	cur.ChangeNotice.Queued = false
	if err := st.UpdateActivityDetails(ctx, cur); err != nil {
		t.Fatal(err)
	}
	if err := s.Reconcile(ctx); err != nil {
		t.Fatal(err)
	}
	for _, su := range before {
		if got := changedEmails(t, st, su.ID); got != 1 {
			t.Fatalf("%s: %d changed emails, want 1", su.Email, got)
		}
	}
	if got := changedEmails(t, st, late.ID); got != 0 {
		t.Fatalf("someone who signed up after the edit got %d changed emails", got)
	}
	if after, _ := st.ActivityByID(ctx, a.ID); after.ChangeNotice == nil || !after.ChangeNotice.Queued {
		t.Fatal("the notice is not marked queued after the reconciler")
	}
}

// changedEmails counts the "changed" emails queued for a signup.
func changedEmails(t *testing.T, st Store, signupID string) int {
	t.Helper()
	n := 0
	for _, e := range outboxOf(t, st, signupID) {
		if e.Kind == notifications.KindChanged {
			n++
		}
	}
	return n
}

// outboxOf returns every queued email of a signup.
func outboxOf(t *testing.T, st Store, signupID string) []models.OutboxEmail {
	t.Helper()
	all, err := st.ListOutbox(context.Background(), store.OutboxFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	return slices.DeleteFunc(all, func(e models.OutboxEmail) bool { return e.SignupID != signupID })
}
