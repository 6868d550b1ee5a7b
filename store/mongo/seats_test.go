package mongo_test

import (
	"context"
	"testing"
	"time"

	mongostore "github.com/agora-events/agora/store/mongo"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/store/mongo/mongotest"
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

// TestSeatLists checks the single-document seat and waiting-list updates,
// each given the activity as just read (as registration does under the
// activity lock), on whichever engine the tests run.
func TestSeatLists(t *testing.T) {
	st := mongotest.New(t)
	ctx := context.Background()
	a := seatsActivity(t, st, 3, true)
	read := func() *models.Activity {
		t.Helper()
		got, err := st.ActivityByID(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	must := func(after *models.Activity, err error) *models.Activity {
		t.Helper()
		if err != nil || after == nil {
			t.Fatalf("update refused: %v", err)
		}
		return after
	}
	refused := func(after *models.Activity, err error) {
		t.Helper()
		if err != nil || after != nil {
			t.Fatalf("update applied (%v), want refused", err)
		}
	}
	pair, single, trio := models.SeatHolder{SignupID: "p", Party: 2}, models.SeatHolder{SignupID: "s", Party: 1},
		models.SeatHolder{SignupID: "t", Party: 3}

	after := must(st.ClaimSeats(ctx, read(), pair))
	if after.SeatsTaken != 2 || !after.HoldsSeats("p") {
		t.Fatalf("after the claim: %+v", after)
	}
	t.Run("ErrClaimTwice", func(t *testing.T) { refused(st.ClaimSeats(ctx, read(), pair)) })
	t.Run("ErrNoRoom", func(t *testing.T) { refused(st.ClaimSeats(ctx, read(), trio)) })
	t.Run("StoredAsStrings", func(t *testing.T) {
		var raw struct {
			SeatHolders []string `bson:"seat_holders"`
		}
		if err := st.DB().Collection("activities").FindOne(ctx, bson.D{{Key: "_id", Value: a.ID}}).Decode(&raw); err != nil {
			t.Fatal(err)
		}
		if len(raw.SeatHolders) != 1 || raw.SeatHolders[0] != "p:2" {
			t.Fatalf("seat_holders %q", raw.SeatHolders)
		}
	})
	after = must(st.JoinWaitingList(ctx, read(), trio))
	after = must(st.JoinWaitingList(ctx, after, single))
	if after.WaitingPosition("t") != 1 || after.WaitingPosition("s") != 2 {
		t.Fatalf("waiting list %+v", after.WaitingList)
	}
	t.Run("ErrJoinTwice", func(t *testing.T) { refused(st.JoinWaitingList(ctx, read(), single)) })
	t.Run("ErrPromoteWhenNoRoom", func(t *testing.T) { refused(st.PromoteFromWaitingList(ctx, read(), trio)) })
	after = must(st.PromoteFromWaitingList(ctx, read(), single))
	if after.SeatsTaken != 3 || !after.HoldsSeats("s") || after.WaitingPosition("s") != 0 || after.WaitingPosition("t") != 1 {
		t.Fatalf("after the promotion: %+v", after)
	}
	after = must(st.ReleaseSeats(ctx, read(), pair))
	if after.SeatsTaken != 1 || after.HoldsSeats("p") {
		t.Fatalf("after the release: %+v", after)
	}
	t.Run("ErrReleaseTwice", func(t *testing.T) { refused(st.ReleaseSeats(ctx, read(), pair)) })
	after = must(st.LeaveWaitingList(ctx, read(), trio))
	if len(after.WaitingList) != 0 {
		t.Fatalf("after leaving: %+v", after.WaitingList)
	}
	t.Run("ErrNoWaitingList", func(t *testing.T) {
		closed := seatsActivity(t, st, 1, false)
		refused(st.JoinWaitingList(ctx, closed, single))
	})
	t.Run("RepairSeatsTaken", func(t *testing.T) {
		if _, err := st.DB().Collection("activities").UpdateOne(ctx, bson.D{{Key: "_id", Value: a.ID}},
			bson.D{{Key: "$set", Value: bson.D{{Key: "seats_taken", Value: 7}}}}); err != nil {
			t.Fatal(err)
		}
		if fixed := must(st.RepairSeatsTaken(ctx, read())); fixed.SeatsTaken != 1 {
			t.Fatalf("repaired to %d, want 1", fixed.SeatsTaken)
		}
		refused(st.RepairSeatsTaken(ctx, read()))
	})
	t.Run("ErrCancelled", func(t *testing.T) {
		if _, err := st.SetActivityStatus(ctx, a.ID, []string{models.StatusPublished}, models.StatusCancelled, nil, time.Now()); err != nil {
			t.Fatal(err)
		}
		refused(st.ClaimSeats(ctx, read(), trio))
		refused(st.JoinWaitingList(ctx, read(), trio))
	})
}
