package sqlite_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/agora-events/agora/models"
)

func TestReminders(t *testing.T) {
	ctx := context.Background()

	t.Run("DueWindow", func(t *testing.T) {
		st := regStore(t)
		o := regOrg(t, st, "o")
		now, before := regT0, 24*time.Hour
		regActivity(t, st, o.ID, models.KindLunch, models.StatusPublished, now)                        // started: out
		edge := regActivity(t, st, o.ID, models.KindLunch, models.StatusPublished, now.Add(before))    // last instant: in
		soon := regActivity(t, st, o.ID, models.KindLunch, models.StatusPublished, now.Add(time.Hour)) // in
		regActivity(t, st, o.ID, models.KindLunch, models.StatusPublished, now.Add(before+time.Millisecond))
		regActivity(t, st, o.ID, models.KindLunch, models.StatusDraft, now.Add(time.Hour))
		regActivity(t, st, o.ID, models.KindLunch, models.StatusCancelled, now.Add(time.Hour))

		due, err := st.ActivitiesDueForReminders(ctx, now, before)
		if err != nil {
			t.Fatal(err)
		}
		if len(due) != 2 || due[0].ID != soon.ID || due[1].ID != edge.ID {
			t.Fatalf("due: %+v", due)
		}
		// The whole activity, without its places.
		full, err := st.ActivityByID(ctx, soon.ID)
		if err != nil {
			t.Fatal(err)
		}
		full.SeatHolders, full.WaitingList = nil, nil
		if !reflect.DeepEqual(due[0], *full) {
			t.Fatalf("got %+v, want %+v", due[0], *full)
		}
	})

	t.Run("QueuedAreSkipped", func(t *testing.T) {
		st := regStore(t)
		o := regOrg(t, st, "o")
		a := regActivity(t, st, o.ID, models.KindLunch, models.StatusPublished, regT0.Add(time.Hour))
		b := regActivity(t, st, o.ID, models.KindLunch, models.StatusPublished, regT0.Add(2*time.Hour))
		if err := st.SetRemindersQueued(ctx, a.ID, regT0); err != nil {
			t.Fatal(err)
		}
		if err := st.SetRemindersQueued(ctx, a.ID, regT0.Add(time.Minute)); err != nil {
			t.Fatalf("again: %v", err)
		}
		if err := st.SetRemindersQueued(ctx, "nope", regT0); err != nil {
			t.Fatalf("unknown activity: %v", err)
		}
		due, err := st.ActivitiesDueForReminders(ctx, regT0, 24*time.Hour)
		if err != nil || len(due) != 1 || due[0].ID != b.ID {
			t.Fatalf("due: %+v %v", due, err)
		}
	})

	t.Run("NoneDue", func(t *testing.T) {
		st := regStore(t)
		due, err := st.ActivitiesDueForReminders(ctx, regT0, time.Hour)
		if err != nil || len(due) != 0 {
			t.Fatalf("due: %+v %v", due, err)
		}
	})

	t.Run("OrganisationByID", func(t *testing.T) {
		st := regStore(t)
		o := regOrg(t, st, "o")
		got, err := st.OrganisationByID(ctx, o.ID)
		if err != nil || got.Slug != "o" {
			t.Fatalf("got %+v %v", got, err)
		}
	})
}
