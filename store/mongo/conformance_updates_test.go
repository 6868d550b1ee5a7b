package mongo_test

// The conformance tests of conditional updates: the seat claim, $push and
// $pull with $inc, $ne on an array of subdocuments, and FindOneAndUpdate.

import (
	"context"
	"errors"
	"slices"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// claim is the conditional seat claim: take party seats only while they fit.
func claim(ctx context.Context, c *mongo.Collection, id string, capacity, party int) (bool, error) {
	res, err := c.UpdateOne(ctx,
		bson.D{{Key: "_id", Value: id}, {Key: "seats_taken", Value: bson.D{{Key: "$lte", Value: capacity - party}}}},
		bson.D{{Key: "$inc", Value: bson.D{{Key: "seats_taken", Value: party}}}})
	if err != nil {
		return false, err
	}
	return res.ModifiedCount == 1, nil
}

func TestConformanceConditionalUpdate(t *testing.T) {
	c, ctx := collection(t)
	mustInsert(t, ctx, c, seatDoc{ID: "a", Capacity: 5, SeatHolders: []seatHolder{}})
	steps := []struct {
		party    int
		wantOK   bool
		wantSeat int
	}{
		{2, true, 2}, {2, true, 4}, {2, false, 4}, {1, true, 5}, {1, false, 5},
	}
	for i, s := range steps {
		ok, err := claim(ctx, c, "a", 5, s.party)
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		if got := mustGetSeats(t, ctx, c, "a").SeatsTaken; ok != s.wantOK || got != s.wantSeat {
			t.Fatalf("step %d (party %d): claimed=%v seats=%d, want claimed=%v seats=%d",
				i, s.party, ok, got, s.wantOK, s.wantSeat)
		}
	}
}

func TestConformancePushPullWithInc(t *testing.T) {
	c, ctx := collection(t)
	mustInsert(t, ctx, c, seatDoc{ID: "a", Capacity: 10, SeatHolders: []seatHolder{}})
	filter := bson.D{{Key: "_id", Value: "a"}}
	for _, h := range []seatHolder{{"s1", 2}, {"s2", 3}} {
		if _, err := c.UpdateOne(ctx, filter, bson.D{
			{Key: "$push", Value: bson.D{{Key: "seat_holders", Value: h}}},
			{Key: "$inc", Value: bson.D{{Key: "seats_taken", Value: h.Seats}}},
		}); err != nil {
			t.Fatalf("push %s: %v", h.ID, err)
		}
	}
	d := mustGetSeats(t, ctx, c, "a")
	if d.SeatsTaken != 5 || !slices.Equal(d.SeatHolders, []seatHolder{{"s1", 2}, {"s2", 3}}) {
		t.Fatalf("after push: %+v", d)
	}
	// $pull of the exact subdocument (same fields, same order) removes it.
	// Pulling by a partial match such as {id: "s1"} does not work on
	// FerretDB: see TestGapPullByPartialSubdocument.
	if _, err := c.UpdateOne(ctx, filter, bson.D{
		{Key: "$pull", Value: bson.D{{Key: "seat_holders", Value: seatHolder{"s1", 2}}}},
		{Key: "$inc", Value: bson.D{{Key: "seats_taken", Value: -2}}},
	}); err != nil {
		t.Fatalf("pull: %v", err)
	}
	d = mustGetSeats(t, ctx, c, "a")
	if d.SeatsTaken != 3 || !slices.Equal(d.SeatHolders, []seatHolder{{"s2", 3}}) {
		t.Fatalf("after pull: %+v", d)
	}
	t.Run("MoveBetweenArrays", func(t *testing.T) {
		// A promotion: pull from the waiting list, push onto the seat
		// holders and take the seats, in one update.
		if _, err := c.UpdateOne(ctx, filter, bson.D{
			{Key: "$set", Value: bson.D{{Key: "waiting_list", Value: []seatHolder{{"w1", 4}, {"w2", 1}}}}},
		}); err != nil {
			t.Fatal(err)
		}
		res, err := c.UpdateOne(ctx,
			bson.D{{Key: "_id", Value: "a"}, {Key: "waiting_list.id", Value: "w1"},
				{Key: "seats_taken", Value: bson.D{{Key: "$lte", Value: 10 - 4}}}},
			bson.D{
				{Key: "$pull", Value: bson.D{{Key: "waiting_list", Value: seatHolder{"w1", 4}}}},
				{Key: "$push", Value: bson.D{{Key: "seat_holders", Value: seatHolder{"w1", 4}}}},
				{Key: "$inc", Value: bson.D{{Key: "seats_taken", Value: 4}}},
			})
		if err != nil || res.ModifiedCount != 1 {
			t.Fatalf("promotion: modified %v (%v)", res, err)
		}
		var got struct {
			SeatsTaken  int          `bson:"seats_taken"`
			SeatHolders []seatHolder `bson:"seat_holders"`
			WaitingList []seatHolder `bson:"waiting_list"`
		}
		if err := c.FindOne(ctx, filter).Decode(&got); err != nil {
			t.Fatal(err)
		}
		if got.SeatsTaken != 7 || !slices.Equal(got.SeatHolders, []seatHolder{{"s2", 3}, {"w1", 4}}) ||
			!slices.Equal(got.WaitingList, []seatHolder{{"w2", 1}}) {
			t.Fatalf("after promotion: %+v", got)
		}
	})
}

func TestConformanceNotEqualOnArrayOfSubdocuments(t *testing.T) {
	c, ctx := collection(t)
	mustInsert(t, ctx, c,
		seatDoc{ID: "a", Capacity: 10, SeatsTaken: 2, SeatHolders: []seatHolder{{"s1", 2}}},
		seatDoc{ID: "b", Capacity: 10, SeatHolders: []seatHolder{}},
	)
	notHolding := func(signup string) bson.D {
		return bson.D{{Key: "seat_holders.id", Value: bson.D{{Key: "$ne", Value: signup}}}}
	}
	t.Run("Find", func(t *testing.T) {
		if got := ids(t, ctx, c, notHolding("s1"), options.Find().SetSort(bson.D{{Key: "_id", Value: 1}})); !slices.Equal(got, []string{"b"}) {
			t.Fatalf("not holding s1: %v, want [b]", got)
		}
		if got := ids(t, ctx, c, notHolding("s9"), options.Find().SetSort(bson.D{{Key: "_id", Value: 1}})); !slices.Equal(got, []string{"a", "b"}) {
			t.Fatalf("not holding s9: %v, want [a b]", got)
		}
		holding := bson.D{{Key: "seat_holders.id", Value: "s1"}}
		if got := ids(t, ctx, c, holding); !slices.Equal(got, []string{"a"}) {
			t.Fatalf("holding s1: %v, want [a]", got)
		}
	})
	t.Run("IdempotentClaim", func(t *testing.T) {
		// The same signup claiming twice takes seats once.
		filter := append(bson.D{{Key: "_id", Value: "b"}}, notHolding("s2")...)
		update := bson.D{
			{Key: "$push", Value: bson.D{{Key: "seat_holders", Value: seatHolder{"s2", 3}}}},
			{Key: "$inc", Value: bson.D{{Key: "seats_taken", Value: 3}}},
		}
		for i, want := range []int64{1, 0} {
			res, err := c.UpdateOne(ctx, filter, update)
			if err != nil {
				t.Fatal(err)
			}
			if res.ModifiedCount != want {
				t.Fatalf("claim %d modified %d, want %d", i, res.ModifiedCount, want)
			}
		}
		if d := mustGetSeats(t, ctx, c, "b"); d.SeatsTaken != 3 || len(d.SeatHolders) != 1 {
			t.Fatalf("after two claims: %+v", d)
		}
	})
}

func TestConformanceFindOneAndUpdateReturnsAfter(t *testing.T) {
	c, ctx := collection(t)
	mustInsert(t, ctx, c, seatDoc{ID: "a", Capacity: 3, SeatHolders: []seatHolder{}})
	opts := options.FindOneAndUpdate().SetReturnDocument(options.After)
	filter := bson.D{{Key: "_id", Value: "a"}, {Key: "seats_taken", Value: bson.D{{Key: "$lte", Value: 1}}}}
	update := bson.D{{Key: "$inc", Value: bson.D{{Key: "seats_taken", Value: 2}}}}
	t.Run("OK", func(t *testing.T) {
		var d seatDoc
		if err := c.FindOneAndUpdate(ctx, filter, update, opts).Decode(&d); err != nil {
			t.Fatal(err)
		}
		if d.SeatsTaken != 2 {
			t.Fatalf("returned seats_taken %d, want the updated 2", d.SeatsTaken)
		}
	})
	t.Run("ErrNoDocuments", func(t *testing.T) {
		err := c.FindOneAndUpdate(ctx, filter, update, opts).Err()
		if !errors.Is(err, mongo.ErrNoDocuments) {
			t.Fatalf("no match: got %v, want ErrNoDocuments", err)
		}
		if d := mustGetSeats(t, ctx, c, "a"); d.SeatsTaken != 2 {
			t.Fatalf("a failed conditional update changed seats_taken to %d", d.SeatsTaken)
		}
	})
}
