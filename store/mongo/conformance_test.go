// The store conformance test pins down, one test each, the MongoDB
// behaviours Agora's store code relies on. It talks to the engine directly
// through Store.DB(), so that a failure points at the engine, not at our
// code. It runs on the embedded FerretDB in every `go test ./...`, and on a
// real MongoDB when MONGODB_TEST_URI is set; conformance_gaps_test.go
// documents what FerretDB v1 gets wrong and the code must therefore avoid.
package mongo_test

import (
	"context"
	"fmt"
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
