package storetest

// The cases of ListActivities that the console's past and drafts tabs
// rely on: ended activities (EndedBy), newest first (Descending) with
// keyset paging backwards, drafts whatever their date, and title search
// and date bounds combined with them.

import (
	"testing"
	"time"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/store"
)

func (s *suite) listPastActivities(t *testing.T) {
	f := s.fixture(t)
	orgA, orgB := f.org().ID, f.org().ID
	ago := func(days int, edit func(a *models.Activity)) *models.Activity {
		return f.activity(orgA, func(a *models.Activity) {
			a.StartsAt = f.now.Add(-time.Duration(days) * 24 * time.Hour)
			a.EndsAt = a.StartsAt.Add(2 * time.Hour)
			if edit != nil {
				edit(a)
			}
		})
	}
	// Five ended activities of A (one a draft, one cancelled), two ties,
	// one running now, one to come; and B's ended one.
	old := ago(40, func(a *models.Activity) { a.Title = models.Text{"pl": "Klub Książki", "en": "Book club"} })
	month := ago(30, func(a *models.Activity) { a.Title = models.Text{"en": "Łódź walk"} })
	draft := ago(20, func(a *models.Activity) { a.Status = models.StatusDraft })
	cancelled := ago(10, func(a *models.Activity) { a.Status = models.StatusCancelled })
	tie1, tie2 := ago(5, nil), ago(5, nil)
	tieLow, tieHigh := tie1, tie2
	if tie2.ID < tie1.ID {
		tieLow, tieHigh = tie2, tie1
	}
	running := f.activity(orgA, func(a *models.Activity) {
		a.StartsAt, a.EndsAt = f.now.Add(-time.Hour), f.now.Add(time.Hour)
	})
	future := f.activity(orgA, nil)
	_ = f.activity(orgB, func(a *models.Activity) {
		a.StartsAt, a.EndsAt = f.now.Add(-48*time.Hour), f.now.Add(-47*time.Hour)
	})
	ownA := store.ActivityScope{OrganisationID: orgA,
		Statuses: []string{models.StatusPublished, models.StatusCancelled}}
	list := func(t *testing.T, q store.ActivityQuery) []string {
		t.Helper()
		if q.Scopes == nil {
			q.Scopes = []store.ActivityScope{ownA}
		}
		if q.Limit == 0 {
			q.Limit = 100
		}
		got, err := f.st.ListActivities(f.ctx, q)
		must(t, err, "list")
		return activityIDs(got)
	}
	ids := func(as ...*models.Activity) []string {
		out := []string{}
		for _, a := range as {
			out = append(out, a.ID)
		}
		return out
	}
	now := f.now
	t.Run("EndedBy/OKNewestFirst", func(t *testing.T) {
		wantIDs(t, list(t, store.ActivityQuery{EndedBy: &now, Descending: true}),
			ids(tieHigh, tieLow, cancelled, month, old), "A's ended, newest first, ties by id descending")
	})
	t.Run("EndedBy/OKOnlyAfterTheEnd", func(t *testing.T) {
		got := list(t, store.ActivityQuery{EndsAfter: now.Add(-time.Minute)})
		wantIDs(t, got, ids(running, future), "not ended")
		end := tie1.EndsAt
		wantIDs(t, list(t, store.ActivityQuery{EndedBy: &end}), ids(old, month, cancelled, tieLow, tieHigh),
			"ended by the ties' end, inclusive, soonest first")
	})
	t.Run("Drafts/OKWhateverTheDate", func(t *testing.T) {
		scopes := []store.ActivityScope{{OrganisationID: orgA, Statuses: []string{models.StatusDraft}}}
		wantIDs(t, list(t, store.ActivityQuery{Scopes: scopes}), ids(draft), "A's drafts, past ones too")
	})
	t.Run("Filters/OKTextAndDatesOnThePast", func(t *testing.T) {
		wantIDs(t, list(t, store.ActivityQuery{EndedBy: &now, Descending: true, Text: models.FoldSearch("KSIAZKI")}),
			ids(old), "title in another language, folded")
		from, to := now.Add(-35*24*time.Hour), now.Add(-8*24*time.Hour)
		wantIDs(t, list(t, store.ActivityQuery{EndedBy: &now, Descending: true, From: &from, To: &to}),
			ids(cancelled, month), "between the bounds")
	})
	t.Run("After/OKPagesBackwardsWithoutDuplicatesOrGaps", func(t *testing.T) {
		var got []string
		var after *store.ActivityCursor
		for range 10 {
			page, err := f.st.ListActivities(f.ctx, store.ActivityQuery{Scopes: []store.ActivityScope{ownA},
				EndedBy: &now, Descending: true, After: after, Limit: 2})
			must(t, err, "page")
			got = append(got, activityIDs(page)...)
			if len(page) < 2 {
				break
			}
			last := page[len(page)-1]
			after = &store.ActivityCursor{StartsAt: last.StartsAt, ID: last.ID}
		}
		wantIDs(t, got, ids(tieHigh, tieLow, cancelled, month, old), "pages of two")
	})
}
