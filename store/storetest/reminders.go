package storetest

import (
	"slices"
	"testing"
	"time"

	"github.com/agora-events/agora/models"
)

func (s *suite) reminders(t *testing.T) {
	t.Run("ActivitiesDueForReminders/OK", func(t *testing.T) {
		f := s.fixture(t)
		o := f.org()
		starting := func(d time.Duration, status string) *models.Activity {
			return f.activity(o.ID, func(a *models.Activity) {
				a.StartsAt, a.EndsAt, a.Status = f.now.Add(d), f.now.Add(d+time.Hour), status
			})
		}
		before := 24 * time.Hour
		soon := starting(time.Hour, models.StatusPublished)
		edge := starting(before, models.StatusPublished)
		starting(0, models.StatusPublished)                       // starts now: too late
		starting(before+time.Millisecond, models.StatusPublished) // not yet
		starting(2*time.Hour, models.StatusDraft)
		starting(3*time.Hour, models.StatusCancelled)
		got, err := f.st.ActivitiesDueForReminders(f.ctx, f.now, before)
		must(t, err, "due")
		wantIDs(t, sorted(activityIDs(got)), sorted([]string{soon.ID, edge.ID}), "due for reminders")
		for _, g := range got {
			want := soon
			if g.ID == edge.ID {
				want = edge
			}
			if g.OrganisationID != o.ID || !g.StartsAt.Equal(want.StartsAt) || g.Title["en"] != "Lunch" || g.Timezone != want.Timezone {
				t.Fatalf("due activity lacks what the reminder shows: %+v", g)
			}
		}
	})
	t.Run("SetRemindersQueued/OKSkippedAfterwards", func(t *testing.T) {
		f := s.fixture(t)
		o := f.org()
		a, b := f.activity(o.ID, nil), f.activity(o.ID, nil)
		must(t, f.st.SetRemindersQueued(f.ctx, a.ID, f.now), "set queued")
		must(t, f.st.SetRemindersQueued(f.ctx, a.ID, f.now.Add(time.Minute)), "set queued again")
		got, err := f.st.ActivitiesDueForReminders(f.ctx, f.now, 8*24*time.Hour)
		must(t, err, "due")
		wantIDs(t, activityIDs(got), []string{b.ID}, "due after a's reminders were queued")
		if got := f.read(a.ID); got.SeatsTaken != 0 || !slices.Equal(orEmpty(got.SeatHolders), []models.SeatHolder{}) {
			t.Fatalf("activity changed: %+v", got)
		}
	})
}
