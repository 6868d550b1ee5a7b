package mongo_test

import (
	"regexp"
	"slices"
	"testing"

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
