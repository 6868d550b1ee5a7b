package mongo_test

// The conformance tests of reads: the activity list's filters, sort and
// limit, keyset pages, date ranges, $in and counts.

import (
	"regexp"
	"slices"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// listing is the shape the public activity list filters on.
type listing struct {
	ID         string   `bson:"_id"`
	Org        string   `bson:"organisation_id"`
	Status     string   `bson:"status"`
	Languages  []string `bson:"languages"`
	SearchText string   `bson:"search_text"`
}

var listings = []any{
	listing{"l1", "a", "published", []string{"en", "pl"}, "language café (c++ club)"},
	listing{"l2", "a", "draft", []string{"uk"}, "lunch"},
	listing{"l3", "b", "published", []string{"ar", "en"}, "escape game"},
	listing{"l4", "b", "cancelled", []string{"pl"}, "workshop c++"},
}

// The activity list matches a language against the languages array with a
// plain equality: MongoDB's "array contains" semantics.
func TestConformanceEqualityMatchesArrayElement(t *testing.T) {
	c, ctx := collection(t)
	mustInsert(t, ctx, c, listings...)
	got := ids(t, ctx, c, bson.D{{Key: "languages", Value: "en"}}, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
	if !slices.Equal(got, []string{"l1", "l3"}) {
		t.Fatalf("got %v, want [l1 l3]", got)
	}
}

// Title search is an unanchored $regex on a folded search field, with the
// user's text escaped so that it can never be an operator or a pattern.
func TestConformanceEscapedRegex(t *testing.T) {
	c, ctx := collection(t)
	mustInsert(t, ctx, c, listings...)
	filter := bson.D{{Key: "search_text", Value: bson.D{{Key: "$regex", Value: regexp.QuoteMeta("c++")}}}}
	got := ids(t, ctx, c, filter, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
	if !slices.Equal(got, []string{"l1", "l4"}) {
		t.Fatalf("got %v, want [l1 l4]", got)
	}
	filter = bson.D{{Key: "search_text", Value: bson.D{{Key: "$regex", Value: regexp.QuoteMeta(".*")}}}}
	if got := ids(t, ctx, c, filter); len(got) != 0 {
		t.Fatalf("escaped .* matched %v", got)
	}
}

// The staff list combines scopes with $or inside an $and: published
// activities of anyone, or any status of the caller's organisation.
func TestConformanceAndOfOr(t *testing.T) {
	c, ctx := collection(t)
	mustInsert(t, ctx, c, listings...)
	filter := bson.D{{Key: "$and", Value: bson.A{
		bson.D{{Key: "$or", Value: bson.A{
			bson.D{{Key: "status", Value: bson.D{{Key: "$in", Value: bson.A{"published"}}}}},
			bson.D{{Key: "status", Value: bson.D{{Key: "$in", Value: bson.A{"draft", "cancelled"}}}}, {Key: "organisation_id", Value: "a"}},
		}}},
		bson.D{{Key: "languages", Value: bson.D{{Key: "$in", Value: bson.A{"en", "uk", "pl"}}}}},
	}}}
	got := ids(t, ctx, c, filter, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
	if !slices.Equal(got, []string{"l1", "l2", "l3"}) {
		t.Fatalf("got %v, want [l1 l2 l3]", got)
	}
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
