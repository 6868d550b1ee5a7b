package main

import (
	"context"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// database opens the app's own database, for the few states the API
// cannot produce on purpose (a draft that somehow has a signup) and for
// checking what the API stored.
func (a *testApp) database(t testing.TB) *mongo.Database {
	t.Helper()
	client, err := mongo.Connect(options.Client().ApplyURI(a.env["MONGODB_URI"]))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = client.Disconnect(ctx)
	})
	return client.Database(a.env["MONGODB_DATABASE"])
}

// insertSignupDoc stores a signup document for an activity directly.
func (a *testApp) insertSignupDoc(t testing.TB, activityID, status string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := a.database(t).Collection("signups").InsertOne(ctx, bson.D{
		{Key: "_id", Value: "fixture-" + activityID + "-" + status}, {Key: "activity_id", Value: activityID},
		{Key: "status", Value: status}, {Key: "party_size", Value: 1},
		{Key: "active_key", Value: "fixture-" + activityID + "-" + status},
		{Key: "manage_token_hash", Value: "fixture-" + activityID + "-" + status},
	})
	if err != nil {
		t.Fatal(err)
	}
}
