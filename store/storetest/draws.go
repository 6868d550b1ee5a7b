package storetest

// Draws: an activity's draw time and its mark once drawn, and the draws
// due found across activities.

import (
	"slices"
	"testing"
	"time"

	"github.com/agora-events/agora/models"
)

func (s *suite) draws(t *testing.T) {
	t.Run("DrawAtStoredAndEdited", func(t *testing.T) {
		f := s.fixture(t)
		at := f.now.Add(time.Hour)
		a := f.activity(f.org().ID, func(a *models.Activity) { a.DrawAt = &at })
		got := f.read(a.ID)
		sameTimePtr(t, got.DrawAt, &at, "draw_at")
		if got.DrawnAt != nil || !got.DrawPending() {
			t.Fatalf("a new activity's draw is made: %v", got.DrawnAt)
		}
		later := at.Add(time.Hour)
		got.DrawAt = &later
		must(t, f.st.UpdateActivityDetails(f.ctx, got), "edit the draw time")
		sameTimePtr(t, f.read(a.ID).DrawAt, &later, "draw_at after the edit")
	})
	t.Run("MarkDrawn", func(t *testing.T) {
		f := s.fixture(t)
		at := f.now.Add(-time.Minute)
		a := f.activity(f.org().ID, func(a *models.Activity) { a.DrawAt = &at })
		wantTrue(t, "mark drawn")(f.st.MarkDrawn(f.ctx, a.ID, f.now))
		got := f.read(a.ID)
		sameTimePtr(t, got.DrawnAt, &f.now, "drawn_at")
		wantFalse(t, "mark drawn twice")(f.st.MarkDrawn(f.ctx, a.ID, f.now.Add(time.Minute)))
		sameTimePtr(t, f.read(a.ID).DrawnAt, &f.now, "drawn_at after a second mark")
		// An edit of the details keeps the mark.
		must(t, f.st.UpdateActivityDetails(f.ctx, got), "edit")
		if f.read(a.ID).DrawnAt == nil {
			t.Fatal("an edit cleared drawn_at")
		}
	})
	t.Run("ActivitiesDueForDraw", func(t *testing.T) {
		f := s.fixture(t)
		org := f.org().ID
		with := func(d time.Duration, edit func(a *models.Activity)) *models.Activity {
			at := f.now.Add(d)
			return f.activity(org, func(a *models.Activity) {
				a.DrawAt = &at
				if edit != nil {
					edit(a)
				}
			})
		}
		late := with(-time.Minute, nil)
		early := with(-time.Hour, nil)
		exact := with(0, nil)
		with(time.Millisecond, nil)                                                      // not yet
		with(-time.Hour, func(a *models.Activity) { a.Status = models.StatusDraft })     // not published
		with(-time.Hour, func(a *models.Activity) { a.Status = models.StatusCancelled }) // cancelled
		drawn := with(-2*time.Hour, nil)
		wantTrue(t, "mark drawn")(f.st.MarkDrawn(f.ctx, drawn.ID, f.now))
		f.activity(org, nil) // no draw
		ids, err := f.st.ActivitiesDueForDraw(f.ctx, f.now, 10)
		must(t, err, "due")
		if want := []string{early.ID, late.ID, exact.ID}; !slices.Equal(ids, want) {
			t.Fatalf("due %v, want %v (soonest first)", ids, want)
		}
		if ids, err := f.st.ActivitiesDueForDraw(f.ctx, f.now, 1); err != nil || !slices.Equal(ids, []string{early.ID}) {
			t.Fatalf("limit 1: %v, %v", ids, err)
		}
	})
}
