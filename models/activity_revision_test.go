package models

import (
	"testing"
	"time"
)

func TestReschedule(t *testing.T) {
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	start := now.Add(48 * time.Hour)
	newActivity := func(status string) *Activity {
		return &Activity{Status: status, StartsAt: start, EndsAt: start.Add(2 * time.Hour), Venue: Venue{Name: "Library"}}
	}
	t.Run("OKNothingChanged", func(t *testing.T) {
		a := newActivity(StatusPublished)
		if a.Reschedule(a.Schedule(), now, time.Minute) || a.Revision != 0 || a.ChangeNotice != nil {
			t.Fatalf("an edit that changes no time or place: revision %d, notice %+v", a.Revision, a.ChangeNotice)
		}
	})
	t.Run("OKDraftCountsButTellsNobody", func(t *testing.T) {
		a := newActivity(StatusDraft)
		before := a.Schedule()
		a.StartsAt = a.StartsAt.Add(time.Hour)
		if a.Reschedule(before, now, time.Minute) || a.Revision != 1 || a.ChangeNotice != nil {
			t.Fatalf("draft: revision %d, notice %+v; want 1, none", a.Revision, a.ChangeNotice)
		}
	})
	t.Run("OKEditsInTheWindowShareOneNotice", func(t *testing.T) {
		a := newActivity(StatusPublished)
		first := a.Schedule()
		a.StartsAt = a.StartsAt.Add(time.Hour)
		if !a.Reschedule(first, now, 5*time.Minute) {
			t.Fatal("a published activity's move tells nobody")
		}
		before := a.Schedule()
		a.Venue.Name = "Café"
		if !a.Reschedule(before, now.Add(4*time.Minute), 5*time.Minute) {
			t.Fatal("the second edit tells nobody")
		}
		n := a.ChangeNotice
		if a.Revision != 2 || n.Window != 1 || !n.Old.Equal(first) || !n.Due.Equal(now.Add(5*time.Minute)) {
			t.Fatalf("revision %d, notice %+v; want 2, window 1 from the first schedule, due at +5m", a.Revision, n)
		}
	})
	t.Run("OKAfterTheWindowANewNotice", func(t *testing.T) {
		a := newActivity(StatusPublished)
		first := a.Schedule()
		a.EndsAt = a.EndsAt.Add(time.Hour)
		a.Reschedule(first, now, 5*time.Minute)
		second := a.Schedule()
		a.Venue.OnlineURL = "https://meet.example.org/new"
		a.Reschedule(second, now.Add(5*time.Minute), 5*time.Minute)
		if n := a.ChangeNotice; n.Window != 2 || !n.Old.Equal(second) {
			t.Fatalf("notice %+v; want window 2 from the second schedule", n)
		}
	})
	t.Run("OKCancellationSequenceIsHigher", func(t *testing.T) {
		a := newActivity(StatusPublished)
		a.Revision = 4
		if a.CalendarSequence(false) != 4 || a.CalendarSequence(true) != 5 {
			t.Fatalf("sequences %d, %d; want 4, 5", a.CalendarSequence(false), a.CalendarSequence(true))
		}
	})
}
