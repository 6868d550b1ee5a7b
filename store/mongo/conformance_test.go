// The store conformance test pins down, one test each, the MongoDB
// behaviours Agora's store code relies on. It talks to the engine directly
// through Store.DB(), so that a failure points at the engine, not at our
// code. It runs on the embedded FerretDB in every `go test ./...`, and on a
// real MongoDB when MONGODB_TEST_URI is set; conformance_gaps_test.go
// documents what FerretDB v1 gets wrong and the code must therefore avoid.
package mongo_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/agora-events/agora/store/mongo/mongotest"
)

// collection returns an empty collection of a fresh database.
func collection(t *testing.T) (*mongo.Collection, context.Context) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return mongotest.New(t).DB().Collection("conformance"), ctx
}

// seatDoc is the shape of an activity's seat bookkeeping.
type seatDoc struct {
	ID          string       `bson:"_id"`
	Capacity    int          `bson:"capacity"`
	SeatsTaken  int          `bson:"seats_taken"`
	SeatHolders []seatHolder `bson:"seat_holders"`
}

type seatHolder struct {
	ID    string `bson:"id"`
	Seats int    `bson:"seats"`
}

func mustInsert(t *testing.T, ctx context.Context, c *mongo.Collection, docs ...any) {
	t.Helper()
	if _, err := c.InsertMany(ctx, docs); err != nil {
		t.Fatalf("insert: %v", err)
	}
}

func mustGetSeats(t *testing.T, ctx context.Context, c *mongo.Collection, id string) seatDoc {
	t.Helper()
	var d seatDoc
	if err := c.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&d); err != nil {
		t.Fatalf("find %s: %v", id, err)
	}
	return d
}

// ids returns the _id of every document matching filter, in the order of
// the cursor.
func ids(t *testing.T, ctx context.Context, c *mongo.Collection, filter any, opts ...options.Lister[options.FindOptions]) []string {
	t.Helper()
	cur, err := c.Find(ctx, filter, opts...)
	if err != nil {
		t.Fatalf("find: %v", err)
	}
	var docs []struct {
		ID string `bson:"_id"`
	}
	if err := cur.All(ctx, &docs); err != nil {
		t.Fatalf("cursor: %v", err)
	}
	out := make([]string, len(docs))
	for i, d := range docs {
		out[i] = d.ID
	}
	return out
}

func TestConformanceUniqueIndexUnderConcurrentInserts(t *testing.T) {
	c, ctx := collection(t)
	if _, err := c.Indexes().CreateOne(ctx, mongo.IndexModel{
		Keys: bson.D{{Key: "key", Value: 1}}, Options: options.Index().SetUnique(true),
	}); err != nil {
		t.Fatal(err)
	}
	const n = 50
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = c.InsertOne(ctx, bson.D{{Key: "_id", Value: fmt.Sprint(i)}, {Key: "key", Value: "same"}})
		}()
	}
	wg.Wait()
	won := 0
	for i, err := range errs {
		switch {
		case err == nil:
			won++
		case !mongo.IsDuplicateKeyError(err):
			t.Errorf("insert %d: want a duplicate key error, got %v", i, err)
		}
	}
	if won != 1 {
		t.Fatalf("%d concurrent inserts of one unique key succeeded, want exactly 1", won)
	}
	if n, err := c.CountDocuments(ctx, bson.D{}); err != nil || n != 1 {
		t.Fatalf("count %d (%v), want 1", n, err)
	}
}

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

// event is a dated document for the sort and range tests.
type event struct {
	ID       string    `bson:"_id"`
	Kind     string    `bson:"kind"`
	Status   string    `bson:"status"`
	StartsAt time.Time `bson:"starts_at"`
	People   int       `bson:"people"`
}

var base = time.Date(2026, 12, 1, 18, 0, 0, 0, time.UTC)

// events are inserted out of order; e2 and e3 start at the same time.
var events = []any{
	event{"e4", "lunch", "published", base.Add(72 * time.Hour), 4},
	event{"e1", "language_cafe", "published", base, 1},
	event{"e3", "language_cafe", "draft", base.Add(24 * time.Hour), 3},
	event{"e5", "workshop", "cancelled", base.Add(96 * time.Hour), 5},
	event{"e2", "lunch", "published", base.Add(24 * time.Hour), 2},
}

func TestConformanceSortAndLimit(t *testing.T) {
	c, ctx := collection(t)
	mustInsert(t, ctx, c, events...)
	t.Run("Ascending", func(t *testing.T) {
		opts := options.Find().SetSort(bson.D{{Key: "starts_at", Value: 1}, {Key: "_id", Value: 1}}).SetLimit(3)
		if got := ids(t, ctx, c, bson.D{}, opts); !slices.Equal(got, []string{"e1", "e2", "e3"}) {
			t.Fatalf("got %v", got)
		}
	})
	t.Run("Descending", func(t *testing.T) {
		opts := options.Find().SetSort(bson.D{{Key: "starts_at", Value: -1}, {Key: "_id", Value: -1}}).SetLimit(2)
		if got := ids(t, ctx, c, bson.D{}, opts); !slices.Equal(got, []string{"e5", "e4"}) {
			t.Fatalf("got %v", got)
		}
	})
	t.Run("KeysetPage", func(t *testing.T) {
		// The next page after (starts_at of e2, "e2"), as cursors do.
		after := base.Add(24 * time.Hour)
		filter := bson.D{{Key: "$or", Value: bson.A{
			bson.D{{Key: "starts_at", Value: bson.D{{Key: "$gt", Value: after}}}},
			bson.D{{Key: "starts_at", Value: after}, {Key: "_id", Value: bson.D{{Key: "$gt", Value: "e2"}}}},
		}}}
		opts := options.Find().SetSort(bson.D{{Key: "starts_at", Value: 1}, {Key: "_id", Value: 1}}).SetLimit(2)
		if got := ids(t, ctx, c, filter, opts); !slices.Equal(got, []string{"e3", "e4"}) {
			t.Fatalf("got %v", got)
		}
	})
}

func TestConformanceDateRange(t *testing.T) {
	c, ctx := collection(t)
	mustInsert(t, ctx, c, events...)
	filter := bson.D{{Key: "starts_at", Value: bson.D{
		{Key: "$gte", Value: base.Add(24 * time.Hour)},
		{Key: "$lt", Value: base.Add(96 * time.Hour)},
	}}}
	opts := options.Find().SetSort(bson.D{{Key: "_id", Value: 1}})
	if got := ids(t, ctx, c, filter, opts); !slices.Equal(got, []string{"e2", "e3", "e4"}) {
		t.Fatalf("got %v, want [e2 e3 e4]", got)
	}
	// A time in another zone is the same instant.
	warsaw := time.FixedZone("CET", 3600)
	filter = bson.D{{Key: "starts_at", Value: bson.D{{Key: "$lte", Value: base.In(warsaw)}}}}
	if got := ids(t, ctx, c, filter); !slices.Equal(got, []string{"e1"}) {
		t.Fatalf("got %v, want [e1]", got)
	}
}

func TestConformanceIn(t *testing.T) {
	c, ctx := collection(t)
	mustInsert(t, ctx, c, events...)
	filter := bson.D{{Key: "status", Value: bson.D{{Key: "$in", Value: bson.A{"draft", "cancelled"}}}}}
	if got := ids(t, ctx, c, filter, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}})); !slices.Equal(got, []string{"e3", "e5"}) {
		t.Fatalf("got %v, want [e3 e5]", got)
	}
}

func TestConformanceCountDocuments(t *testing.T) {
	c, ctx := collection(t)
	mustInsert(t, ctx, c, events...)
	n, err := c.CountDocuments(ctx, bson.D{{Key: "status", Value: "published"}, {Key: "kind", Value: "lunch"}})
	if err != nil || n != 2 {
		t.Fatalf("count %d (%v), want 2", n, err)
	}
}
