package registration

import (
	"context"
	"fmt"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/agora-events/agora/models"
)

func TestZZOps(t *testing.T) {
	s, st := newSignupService(t)
	ctx := context.Background()
	a := seedActivity(t, st, func(a *models.Activity) { a.Capacity = 1000; a.MaxPartySize = 3 })
	var last *SignupResult
	for i := range 300 {
		last = mustSignUp(t, s, a.ID, fmt.Sprintf("s%d@example.org", i), 1)
	}
	id := last.Signup.ID
	timeit := func(name string, f func() error) {
		start := time.Now()
		for range 20 {
			if err := f(); err != nil {
				t.Fatal(name, err)
			}
		}
		t.Logf("%-28s %v", name, time.Since(start)/20)
	}
	timeit("SignupByID", func() error { _, err := st.SignupByID(ctx, id); return err })
	timeit("ActivityByID", func() error { _, err := st.ActivityByID(ctx, a.ID); return err })
	timeit("OrganisationByID", func() error { _, err := st.OrganisationByID(ctx, a.OrganisationID); return err })
	timeit("CountWaitlistedBefore", func() error { _, err := st.CountWaitlistedBefore(ctx, a.ID, 1<<62); return err })
	timeit("SetSignupStatus(nomatch)", func() error {
		_, err := st.SetSignupStatus(ctx, id, []string{models.SignupPending}, models.SignupConfirmed, 0, time.Now())
		return err
	})
	timeit("ClaimSeats(nomatch)", func() error {
		_, err := st.ClaimSeats(ctx, a.ID, 1000, models.SeatHolder{SignupID: id, Party: 1})
		return err
	})
	su, _ := st.SignupByID(ctx, id)
	timeit("queueSignupEmail(dup)", func() error { return s.queueSignupEmail(ctx, "confirmed", su, a, 0) })
	timeit("InsertSignup(dup)", func() error {
		x := *su
		x.ID = models.NewID()
		err := st.InsertSignup(ctx, &x)
		if models.IsCode(err, models.ErrAlreadyRegistered) {
			return nil
		}
		return err
	})
}

func TestZZProbe(t *testing.T) {
	s, st := newSignupService(t)
	ctx := context.Background()
	a := seedActivity(t, st, func(a *models.Activity) { a.Capacity = 1000; a.MaxPartySize = 3 })
	var last *SignupResult
	for i := range 300 {
		last = mustSignUp(t, s, a.ID, fmt.Sprintf("s%d@example.org", i), 1)
	}
	id := last.Signup.ID
	c := st.DB().Collection("signups")
	timeit := func(name string, f func() error) {
		start := time.Now()
		for range 20 {
			if err := f(); err != nil {
				t.Fatal(name, err)
			}
		}
		t.Logf("%-28s %v", name, time.Since(start)/20)
	}
	set := bson.D{{Key: "$set", Value: bson.D{{Key: "x", Value: 1}}}}
	timeit("update _id", func() error { _, err := c.UpdateOne(ctx, bson.D{{Key: "_id", Value: id}}, set); return err })
	timeit("update _id+status", func() error {
		_, err := c.UpdateOne(ctx, bson.D{{Key: "_id", Value: id}, {Key: "status", Value: "confirmed"}}, set)
		return err
	})
	timeit("update _id+status$in", func() error {
		_, err := c.UpdateOne(ctx, bson.D{{Key: "_id", Value: id}, {Key: "status", Value: bson.D{{Key: "$in", Value: bson.A{"confirmed"}}}}}, set)
		return err
	})
	timeit("find _id+status$in", func() error {
		return c.FindOne(ctx, bson.D{{Key: "_id", Value: id}, {Key: "status", Value: bson.D{{Key: "$in", Value: bson.A{"confirmed"}}}}}).Err()
	})
	timeit("count activity_id+status", func() error {
		_, err := c.CountDocuments(ctx, bson.D{{Key: "activity_id", Value: a.ID}, {Key: "status", Value: "waitlisted"}})
		return err
	})
	timeit("find activity_id+status", func() error {
		cur, err := c.Find(ctx, bson.D{{Key: "activity_id", Value: a.ID}, {Key: "status", Value: "waitlisted"}})
		if err != nil {
			return err
		}
		return cur.All(ctx, &[]bson.M{})
	})
}
