package storetest

// The cases of ListActivities: scopes, filters, order and keyset paging.

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/store"
)

func (s *suite) listActivities(t *testing.T) {
	// listFixture stores activities across two organisations, statuses,
	// kinds, languages, times and titles.
	type listed struct {
		f                                        *fixture
		orgA, orgB                               string
		pubA1, pubA2, draftA, cancelledA, endedA *models.Activity
		pubB, draftB, cafeB, tieLow, tieHigh     *models.Activity
	}
	setup := func(t *testing.T) *listed {
		t.Helper()
		f := s.fixture(t)
		l := &listed{f: f, orgA: f.org().ID, orgB: f.org().ID}
		// Every start differs, but for the two ties at the end.
		day := func(d int, hours ...int) func(a *models.Activity) {
			return func(a *models.Activity) {
				a.StartsAt = f.now.Add(time.Duration(d) * 24 * time.Hour)
				for _, h := range hours {
					a.StartsAt = a.StartsAt.Add(time.Duration(h) * time.Hour)
				}
				a.EndsAt = a.StartsAt.Add(2 * time.Hour)
			}
		}
		with := func(edits ...func(a *models.Activity)) func(a *models.Activity) {
			return func(a *models.Activity) {
				for _, e := range edits {
					e(a)
				}
			}
		}
		l.pubA1 = f.activity(l.orgA, with(day(1), func(a *models.Activity) {
			a.Title, a.Languages = models.Text{"pl": "Kawiarenka Językowa", "en": "Language Café"}, []string{"pl", "uk"}
			a.Kind = models.KindLanguageCafe
		}))
		l.pubA2 = f.activity(l.orgA, with(day(3), func(a *models.Activity) {
			a.Title, a.Languages = models.Text{"en": "C++ club"}, []string{"en"}
			a.Kind = models.KindWorkshop
		}))
		l.draftA = f.activity(l.orgA, with(day(2), func(a *models.Activity) { a.Status = models.StatusDraft }))
		l.cancelledA = f.activity(l.orgA, with(day(4), func(a *models.Activity) { a.Status = models.StatusCancelled }))
		l.endedA = f.activity(l.orgA, func(a *models.Activity) {
			a.StartsAt, a.EndsAt = f.now.Add(-3*time.Hour), f.now.Add(-time.Hour)
		})
		l.pubB = f.activity(l.orgB, with(day(2, 1), func(a *models.Activity) { a.Languages = []string{"uk", "ru"} }))
		l.draftB = f.activity(l.orgB, with(day(1, 1), func(a *models.Activity) { a.Status = models.StatusDraft }))
		l.cafeB = f.activity(l.orgB, with(day(5), func(a *models.Activity) {
			a.Kind, a.Title = models.KindLanguageCafe, models.Text{"uk": "Розмовний клуб"}
		}))
		// Two activities starting at the same instant: ordered by id.
		tie1 := f.activity(l.orgB, day(6))
		tie2 := f.activity(l.orgB, day(6))
		l.tieLow, l.tieHigh = tie1, tie2
		if tie2.ID < tie1.ID {
			l.tieLow, l.tieHigh = tie2, tie1
		}
		return l
	}
	published := []store.ActivityScope{{Statuses: []string{models.StatusPublished}}}
	list := func(t *testing.T, l *listed, q store.ActivityQuery) []string {
		t.Helper()
		if q.Scopes == nil {
			q.Scopes = published
		}
		if q.EndsAfter.IsZero() {
			q.EndsAfter = l.f.now
		}
		if q.Limit == 0 {
			q.Limit = 100
		}
		got, err := l.f.st.ListActivities(l.f.ctx, q)
		must(t, err, "list")
		return activityIDs(got)
	}
	ids := func(as ...*models.Activity) []string {
		out := make([]string, len(as))
		for i, a := range as {
			out[i] = a.ID
		}
		return out
	}
	t.Run("Scopes/OKPublishedSoonestFirst", func(t *testing.T) {
		l := setup(t)
		wantIDs(t, list(t, l, store.ActivityQuery{}),
			ids(l.pubA1, l.pubB, l.pubA2, l.cafeB, l.tieLow, l.tieHigh), "published, by start then id")
	})
	t.Run("Scopes/OKAnyScopeQualifies", func(t *testing.T) {
		l := setup(t)
		scopes := []store.ActivityScope{
			{Statuses: []string{models.StatusPublished, models.StatusCancelled}},
			{Statuses: []string{models.StatusDraft}, OrganisationID: l.orgA},
		}
		wantIDs(t, list(t, l, store.ActivityQuery{Scopes: scopes}),
			ids(l.pubA1, l.draftA, l.pubB, l.pubA2, l.cancelledA, l.cafeB, l.tieLow, l.tieHigh),
			"published and cancelled anywhere, drafts of A")
	})
	t.Run("EndsAfter/OKHidesEnded", func(t *testing.T) {
		l := setup(t)
		got := list(t, l, store.ActivityQuery{EndsAfter: l.f.now.Add(-2 * time.Hour)})
		if !slices.Contains(got, l.endedA.ID) {
			t.Fatalf("activity ending in the window hidden: %v", got)
		}
		got = list(t, l, store.ActivityQuery{EndsAfter: l.endedA.EndsAt})
		if slices.Contains(got, l.endedA.ID) {
			t.Fatal("an activity that ended exactly at EndsAfter is listed")
		}
	})
	t.Run("Kind/OK", func(t *testing.T) {
		l := setup(t)
		wantIDs(t, list(t, l, store.ActivityQuery{Kind: models.KindLanguageCafe}), ids(l.pubA1, l.cafeB), "language cafés")
	})
	t.Run("Language/OK", func(t *testing.T) {
		l := setup(t)
		wantIDs(t, list(t, l, store.ActivityQuery{Language: "uk"}), ids(l.pubA1, l.pubB), "spoken in uk")
		wantIDs(t, list(t, l, store.ActivityQuery{Language: "lt"}), nil, "spoken in lt")
	})
	t.Run("OrganisationID/OK", func(t *testing.T) {
		l := setup(t)
		wantIDs(t, list(t, l, store.ActivityQuery{OrganisationID: l.orgA}), ids(l.pubA1, l.pubA2), "of A")
	})
	t.Run("FromTo/OKInclusive", func(t *testing.T) {
		l := setup(t)
		from, to := l.pubB.StartsAt, l.cafeB.StartsAt
		wantIDs(t, list(t, l, store.ActivityQuery{From: &from, To: &to}), ids(l.pubB, l.pubA2, l.cafeB), "from B to the café")
		wantIDs(t, list(t, l, store.ActivityQuery{From: &from}), ids(l.pubB, l.pubA2, l.cafeB, l.tieLow, l.tieHigh), "from B")
		wantIDs(t, list(t, l, store.ActivityQuery{To: &from}), ids(l.pubA1, l.pubB), "to B")
	})
	t.Run("Text/OKFoldedSubstringOfATitle", func(t *testing.T) {
		l := setup(t)
		for _, tc := range []struct {
			q    string
			want []string
		}{
			{models.FoldSearch("JĘZYK"), ids(l.pubA1)},
			{"cafe", ids(l.pubA1)},
			{"c++", ids(l.pubA2)},
			{"c.+", nil}, // literal text, not a pattern
			{"клуб", ids(l.cafeB)},
			{"nothing like it", nil},
		} {
			wantIDs(t, list(t, l, store.ActivityQuery{Text: tc.q}), tc.want, "text "+tc.q)
		}
	})
	t.Run("Filters/OKCombined", func(t *testing.T) {
		l := setup(t)
		scopes := []store.ActivityScope{{Statuses: []string{models.StatusPublished, models.StatusDraft}}}
		wantIDs(t, list(t, l, store.ActivityQuery{Scopes: scopes, OrganisationID: l.orgB, Kind: models.KindLunch}),
			ids(l.draftB, l.pubB, l.tieLow, l.tieHigh), "B's lunches, drafts too")
	})
	t.Run("After/OKPagesWithoutDuplicatesOrGaps", func(t *testing.T) {
		f := s.fixture(t)
		o := f.org()
		// 23 activities over 6 start times, so that pages cut through ties.
		var as []models.Activity
		for i := range 23 {
			as = append(as, *f.newActivity(o.ID, func(a *models.Activity) {
				a.StartsAt = f.now.Add(time.Duration(24+i%6) * time.Hour)
				a.EndsAt = a.StartsAt.Add(time.Hour)
			}))
		}
		must(t, f.st.InsertActivities(f.ctx, as), "insert")
		slices.SortFunc(as, func(a, b models.Activity) int {
			if c := a.StartsAt.Compare(b.StartsAt); c != 0 {
				return c
			}
			return strings.Compare(a.ID, b.ID)
		})
		q := store.ActivityQuery{Scopes: published, EndsAfter: f.now, Limit: 5}
		var got []string
		for range 10 {
			page, err := f.st.ListActivities(f.ctx, q)
			must(t, err, "page")
			if len(page) > 5 {
				t.Fatalf("page of %d, limit 5", len(page))
			}
			got = append(got, activityIDs(page)...)
			if len(page) < 5 {
				break
			}
			last := page[len(page)-1]
			q.After = &store.ActivityCursor{StartsAt: last.StartsAt, ID: last.ID}
		}
		wantIDs(t, got, activityIDs(as), "all pages")
	})
	t.Run("Seats/OKCountsOnListAndByID", func(t *testing.T) {
		f := s.fixture(t)
		o := f.org()
		a := f.activity(o.ID, func(a *models.Activity) { a.Capacity = 4 })
		other := f.activity(o.ID, func(a *models.Activity) { a.StartsAt, a.EndsAt = a.StartsAt.Add(time.Hour), a.EndsAt.Add(time.Hour) })
		seated := []*models.Signup{f.signup(a, "s1@example.org", 1, nil), f.signup(a, "s2@example.org", 2, nil)}
		waiting := []*models.Signup{f.signup(a, "w1@example.org", 2, nil), f.signup(a, "w2@example.org", 3, nil)}
		for _, su := range seated {
			applied(t, "claim")(f.st.ClaimSeats(f.ctx, f.read(a.ID), holder(su)))
		}
		for _, su := range waiting {
			applied(t, "join")(f.st.JoinWaitingList(f.ctx, f.read(a.ID), holder(su)))
		}
		byID := f.read(a.ID)
		if byID.SeatsTaken != 3 || byID.WaitlistCount != 2 {
			t.Fatalf("by id: seats_taken %d, waitlist count %d; want 3, 2", byID.SeatsTaken, byID.WaitlistCount)
		}
		got, err := f.st.ListActivities(f.ctx, store.ActivityQuery{Scopes: published, EndsAfter: f.now, Limit: 10})
		must(t, err, "list")
		if len(got) != 2 {
			t.Fatalf("%d listed, want 2", len(got))
		}
		for _, g := range got {
			wantTaken, wantWaiting := 0, 0
			if g.ID != a.ID && g.ID != other.ID {
				t.Fatalf("listed %s, not stored", g.ID)
			}
			if g.ID == a.ID {
				wantTaken, wantWaiting = 3, 2
			}
			if g.SeatsTaken != wantTaken || g.WaitlistCount != wantWaiting {
				t.Fatalf("listed %s: seats_taken %d, waitlist count %d; want %d, %d", g.ID, g.SeatsTaken, g.WaitlistCount, wantTaken, wantWaiting)
			}
		}
		// And after people leave.
		applied(t, "leave")(f.st.LeaveWaitingList(f.ctx, f.read(a.ID), holder(waiting[0])))
		applied(t, "release")(f.st.ReleaseSeats(f.ctx, f.read(a.ID), holder(seated[1])))
		got, err = f.st.ListActivities(f.ctx, store.ActivityQuery{Scopes: published, EndsAfter: f.now, OrganisationID: o.ID, Limit: 1})
		must(t, err, "list")
		if len(got) != 1 || got[0].ID != a.ID || got[0].SeatsTaken != 1 || got[0].WaitlistCount != 1 {
			t.Fatalf("listed after leaving: %+v; want %s with 1 taken, 1 waiting", got, a.ID)
		}
	})
}
