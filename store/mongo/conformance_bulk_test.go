package mongo_test

import (
	"errors"
	"slices"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// Batches (organiser messages, repeated activities) are written with
// unordered InsertMany; a duplicate must fail only itself.
func TestConformanceInsertManyUnorderedPartialFailure(t *testing.T) {
	c, ctx := collection(t)
	if _, err := c.Indexes().CreateOne(ctx, mongo.IndexModel{
		Keys: bson.D{{Key: "dedup_key", Value: 1}}, Options: options.Index().SetUnique(true),
	}); err != nil {
		t.Fatal(err)
	}
	mustInsert(t, ctx, c, bson.D{{Key: "_id", Value: "old"}, {Key: "dedup_key", Value: "k2"}})
	docs := []any{
		bson.D{{Key: "_id", Value: "m1"}, {Key: "dedup_key", Value: "k1"}},
		bson.D{{Key: "_id", Value: "m2"}, {Key: "dedup_key", Value: "k2"}}, // taken by "old"
		bson.D{{Key: "_id", Value: "m3"}, {Key: "dedup_key", Value: "k3"}},
		bson.D{{Key: "_id", Value: "m4"}, {Key: "dedup_key", Value: "k3"}}, // taken by m3
		bson.D{{Key: "_id", Value: "m5"}, {Key: "dedup_key", Value: "k5"}},
	}
	_, err := c.InsertMany(ctx, docs, options.InsertMany().SetOrdered(false))
	if !mongo.IsDuplicateKeyError(err) {
		t.Fatalf("want a duplicate key error, got %v", err)
	}
	var bwe mongo.BulkWriteException
	if !errors.As(err, &bwe) {
		t.Fatalf("want a BulkWriteException, got %T %v", err, err)
	}
	var failed []int
	for _, we := range bwe.WriteErrors {
		failed = append(failed, we.Index)
	}
	slices.Sort(failed)
	if !slices.Equal(failed, []int{1, 3}) {
		t.Errorf("failed indexes %v, want [1 3]", failed)
	}
	got := ids(t, ctx, c, bson.D{}, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
	if !slices.Equal(got, []string{"m1", "m3", "m5", "old"}) {
		t.Fatalf("stored %v, want [m1 m3 m5 old]", got)
	}
}

// Reports use $match, then $group with ONE accumulator, then $sort.
func TestConformanceGroupSingleAccumulator(t *testing.T) {
	c, ctx := collection(t)
	mustInsert(t, ctx, c, events...)
	pipeline := mongo.Pipeline{
		{{Key: "$match", Value: bson.D{{Key: "status", Value: bson.D{{Key: "$ne", Value: "cancelled"}}}}}},
		{{Key: "$group", Value: bson.D{
			{Key: "_id", Value: "$kind"},
			{Key: "people", Value: bson.D{{Key: "$sum", Value: "$people"}}},
		}}},
		{{Key: "$sort", Value: bson.D{{Key: "_id", Value: 1}}}},
	}
	cur, err := c.Aggregate(ctx, pipeline)
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		Kind   string `bson:"_id"`
		People int    `bson:"people"`
	}
	var rows []row
	if err := cur.All(ctx, &rows); err != nil {
		t.Fatal(err)
	}
	want := []row{{"language_cafe", 4}, {"lunch", 6}}
	if !slices.Equal(rows, want) {
		t.Fatalf("got %+v, want %+v", rows, want)
	}
	t.Run("Count", func(t *testing.T) {
		// Counting is $sum of 1, also a single accumulator.
		cur, err := c.Aggregate(ctx, mongo.Pipeline{
			{{Key: "$group", Value: bson.D{{Key: "_id", Value: "$status"}, {Key: "n", Value: bson.D{{Key: "$sum", Value: 1}}}}}},
			{{Key: "$sort", Value: bson.D{{Key: "_id", Value: 1}}}},
		})
		if err != nil {
			t.Fatal(err)
		}
		var rows []struct {
			Status string `bson:"_id"`
			N      int    `bson:"n"`
		}
		if err := cur.All(ctx, &rows); err != nil {
			t.Fatal(err)
		}
		if len(rows) != 3 || rows[0].Status != "cancelled" || rows[0].N != 1 ||
			rows[1].Status != "draft" || rows[1].N != 1 || rows[2].Status != "published" || rows[2].N != 3 {
			t.Fatalf("got %+v", rows)
		}
	})
}

func TestConformanceUpdateMany(t *testing.T) {
	c, ctx := collection(t)
	mustInsert(t, ctx, c, events...)
	res, err := c.UpdateMany(ctx,
		bson.D{{Key: "kind", Value: "lunch"}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "status", Value: "cancelled"}}}})
	if err != nil {
		t.Fatal(err)
	}
	if res.MatchedCount != 2 || res.ModifiedCount != 2 {
		t.Fatalf("matched %d modified %d, want 2 and 2", res.MatchedCount, res.ModifiedCount)
	}
	got := ids(t, ctx, c, bson.D{{Key: "status", Value: "cancelled"}}, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
	if !slices.Equal(got, []string{"e2", "e4", "e5"}) {
		t.Fatalf("cancelled %v, want [e2 e4 e5]", got)
	}
}
