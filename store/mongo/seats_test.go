package mongo_test

import (
	"context"
	"testing"
	"time"

	mongostore "github.com/agora-events/agora/store/mongo"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/store/mongo/mongotest"
	"github.com/agora-events/agora/store/storetest/seatcheck"
)

func seatsActivity(t *testing.T, st *mongostore.Store, capacity int, waitlist bool) *models.Activity {
	t.Helper()
	now := time.Now().UTC().Truncate(time.Millisecond)
	a := &models.Activity{ID: models.NewID(), OrganisationID: "org", Kind: models.KindLunch, Title: models.Text{"en": "x"},
		StartsAt: now.Add(time.Hour), EndsAt: now.Add(2 * time.Hour), Timezone: "UTC", Capacity: capacity,
		MaxPartySize: 3, Waitlist: waitlist, Status: models.StatusPublished, CreatedAt: now, UpdatedAt: now}
	if err := st.InsertActivity(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	return a
}

// seatLists is a store with one activity of 3 seats and a waiting list,
// and the updates' checks, each given the activity as just read (as
// registration does under the activity lock).
type seatLists struct {
	t  *testing.T
	st *mongostore.Store
	a  *models.Activity
}

var pair, single, trio = models.SeatHolder{SignupID: "p", Party: 2}, models.SeatHolder{SignupID: "s", Party: 1},
	models.SeatHolder{SignupID: "t", Party: 3}

// newSeatLists returns the fixture with the pair holding 2 of the 3 seats
// and, when waiting, the trio then the single on the waiting list.
func newSeatLists(t *testing.T, waiting bool) *seatLists {
	t.Helper()
	st := mongotest.New(t)
	f := &seatLists{t: t, st: st, a: seatsActivity(t, st, 3, true)}
	f.must(st.ClaimSeats(context.Background(), f.read(), pair))
	if waiting {
		f.must(st.JoinWaitingList(context.Background(), f.read(), trio))
		f.must(st.JoinWaitingList(context.Background(), f.read(), single))
	}
	return f
}

func (f *seatLists) read() *models.Activity {
	f.t.Helper()
	got, err := f.st.ActivityByID(context.Background(), f.a.ID)
	if err != nil {
		f.t.Fatal(err)
	}
	return got
}

func (f *seatLists) must(after *models.Activity, err error) *models.Activity {
	f.t.Helper()
	if err != nil || after == nil {
		f.t.Fatalf("update refused: %v", err)
	}
	return after
}

func (f *seatLists) refused(after *models.Activity, err error) {
	f.t.Helper()
	if err != nil || after != nil {
		f.t.Fatalf("update applied (%v), want refused", err)
	}
}

// TestSeatLists checks the single-document seat and waiting-list updates
// on whichever engine the tests run. Each subtest builds its own activity.
func TestSeatLists(t *testing.T) {
	ctx := context.Background()
	t.Run("Claim", func(t *testing.T) {
		f := newSeatLists(t, false)
		if after := f.read(); after.SeatsTaken != 2 || !after.HoldsSeats("p") {
			t.Fatalf("after the claim: %+v", after)
		}
	})
	t.Run("ErrClaimTwice", func(t *testing.T) {
		f := newSeatLists(t, false)
		f.refused(f.st.ClaimSeats(ctx, f.read(), pair))
	})
	t.Run("ErrNoRoom", func(t *testing.T) {
		f := newSeatLists(t, false)
		f.refused(f.st.ClaimSeats(ctx, f.read(), trio))
	})
	t.Run("StoredAsStrings", func(t *testing.T) {
		f := newSeatLists(t, false)
		var raw struct {
			SeatHolders []string `bson:"seat_holders"`
		}
		if err := f.st.DB().Collection("activities").FindOne(ctx, bson.D{{Key: "_id", Value: f.a.ID}}).Decode(&raw); err != nil {
			t.Fatal(err)
		}
		if len(raw.SeatHolders) != 1 || raw.SeatHolders[0] != "p:2" {
			t.Fatalf("seat_holders %q", raw.SeatHolders)
		}
	})
	t.Run("JoinInOrder", func(t *testing.T) {
		f := newSeatLists(t, false)
		after := f.must(f.st.JoinWaitingList(ctx, f.read(), trio))
		after = f.must(f.st.JoinWaitingList(ctx, after, single))
		if after.WaitingPosition("t") != 1 || after.WaitingPosition("s") != 2 {
			t.Fatalf("waiting list %+v", after.WaitingList)
		}
	})
	t.Run("ErrJoinTwice", func(t *testing.T) {
		f := newSeatLists(t, true)
		f.refused(f.st.JoinWaitingList(ctx, f.read(), single))
	})
	t.Run("ErrPromoteWhenNoRoom", func(t *testing.T) {
		f := newSeatLists(t, true)
		f.refused(f.st.PromoteFromWaitingList(ctx, f.read(), trio))
	})
	t.Run("PromoteReleaseLeave", func(t *testing.T) {
		f := newSeatLists(t, true)
		after := f.must(f.st.PromoteFromWaitingList(ctx, f.read(), single))
		if after.SeatsTaken != 3 || !after.HoldsSeats("s") || after.WaitingPosition("s") != 0 || after.WaitingPosition("t") != 1 {
			t.Fatalf("after the promotion: %+v", after)
		}
		after = f.must(f.st.ReleaseSeats(ctx, f.read(), pair))
		if after.SeatsTaken != 1 || after.HoldsSeats("p") {
			t.Fatalf("after the release: %+v", after)
		}
		f.refused(f.st.ReleaseSeats(ctx, f.read(), pair)) // released twice
		after = f.must(f.st.LeaveWaitingList(ctx, f.read(), trio))
		if len(after.WaitingList) != 0 {
			t.Fatalf("after leaving: %+v", after.WaitingList)
		}
		seatcheck.Lists(t, f.read())
	})
	t.Run("ErrNoWaitingList", func(t *testing.T) {
		f := newSeatLists(t, false)
		closed := seatsActivity(t, f.st, 1, false)
		f.refused(f.st.JoinWaitingList(ctx, closed, single))
	})
	t.Run("RepairSeatsTaken", func(t *testing.T) {
		f := newSeatLists(t, false)
		if _, err := f.st.DB().Collection("activities").UpdateOne(ctx, bson.D{{Key: "_id", Value: f.a.ID}},
			bson.D{{Key: "$set", Value: bson.D{{Key: "seats_taken", Value: 7}}}}); err != nil {
			t.Fatal(err)
		}
		if fixed := f.must(f.st.RepairSeatsTaken(ctx, f.read())); fixed.SeatsTaken != 2 {
			t.Fatalf("repaired to %d, want 2", fixed.SeatsTaken)
		}
		f.refused(f.st.RepairSeatsTaken(ctx, f.read()))
		seatcheck.Lists(t, f.read())
	})
	t.Run("ErrCancelled", func(t *testing.T) {
		f := newSeatLists(t, true)
		if _, err := f.st.SetActivityStatus(ctx, f.a.ID, []string{models.StatusPublished}, models.StatusCancelled, nil, time.Now()); err != nil {
			t.Fatal(err)
		}
		f.refused(f.st.ClaimSeats(ctx, f.read(), trio))
		f.refused(f.st.JoinWaitingList(ctx, f.read(), trio))
	})
}
