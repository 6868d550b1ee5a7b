package storetest

import (
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/agora-events/agora/models"
)

// wantDetails fails unless got carries want's stored fields (everything
// but seats, which the seat tests check).
func wantDetails(t *testing.T, got, want *models.Activity) {
	t.Helper()
	eqText := func(a, b models.Text) bool { return len(a) == 0 && len(b) == 0 || reflect.DeepEqual(a, b) }
	eqList := func(a, b []string) bool { return len(a) == 0 && len(b) == 0 || slices.Equal(a, b) }
	eqQuestions := func(a, b []models.Question) bool { return len(a) == 0 && len(b) == 0 || reflect.DeepEqual(a, b) }
	var bad []string
	check := func(ok bool, field string, g, w any) {
		if !ok {
			bad = append(bad, fmt.Sprintf("%s: %v, want %v", field, g, w))
		}
	}
	check(got.ID == want.ID, "id", got.ID, want.ID)
	check(got.OrganisationID == want.OrganisationID, "organisation_id", got.OrganisationID, want.OrganisationID)
	check(got.Kind == want.Kind, "kind", got.Kind, want.Kind)
	check(eqText(got.Title, want.Title), "title", got.Title, want.Title)
	check(eqText(got.Description, want.Description), "description", got.Description, want.Description)
	check(eqList(got.Languages, want.Languages), "languages", got.Languages, want.Languages)
	check(got.StartsAt.Equal(want.StartsAt), "starts_at", got.StartsAt, want.StartsAt)
	check(got.EndsAt.Equal(want.EndsAt), "ends_at", got.EndsAt, want.EndsAt)
	check(got.Timezone == want.Timezone, "timezone", got.Timezone, want.Timezone)
	check(reflect.DeepEqual(got.Venue, want.Venue), "venue", got.Venue, want.Venue)
	check(got.Capacity == want.Capacity, "capacity", got.Capacity, want.Capacity)
	check(got.MaxPartySize == want.MaxPartySize, "max_party_size", got.MaxPartySize, want.MaxPartySize)
	check(got.Waitlist == want.Waitlist, "waitlist", got.Waitlist, want.Waitlist)
	check(timePtrEqual(got.RegistrationOpensAt, want.RegistrationOpensAt), "registration_opens_at", got.RegistrationOpensAt, want.RegistrationOpensAt)
	check(timePtrEqual(got.RegistrationClosesAt, want.RegistrationClosesAt), "registration_closes_at", got.RegistrationClosesAt, want.RegistrationClosesAt)
	check(eqQuestions(got.Questions, want.Questions), "questions", got.Questions, want.Questions)
	check(got.Status == want.Status, "status", got.Status, want.Status)
	check(eqText(got.CancelReason, want.CancelReason), "cancel_reason", got.CancelReason, want.CancelReason)
	check((got.SeriesID == nil) == (want.SeriesID == nil) && (got.SeriesID == nil || *got.SeriesID == *want.SeriesID),
		"series_id", deref(got.SeriesID), deref(want.SeriesID))
	check(got.SearchText == want.SearchText, "search_text", got.SearchText, want.SearchText)
	check(got.CreatedAt.Equal(want.CreatedAt), "created_at", got.CreatedAt, want.CreatedAt)
	check(got.UpdatedAt.Equal(want.UpdatedAt), "updated_at", got.UpdatedAt, want.UpdatedAt)
	if len(bad) > 0 {
		t.Fatalf("activity %s as read differs:\n%v", want.ID, bad)
	}
}

func timePtrEqual(a, b *time.Time) bool {
	return a == nil && b == nil || a != nil && b != nil && a.Equal(*b)
}

func deref(p *string) string {
	if p == nil {
		return "<nil>"
	}
	return *p
}

// fullActivity fills every field an activity may carry.
func fullActivity(f *fixture) func(a *models.Activity) {
	return func(a *models.Activity) {
		opens, closes := f.now.Add(time.Hour), f.now.Add(6*24*time.Hour)
		a.Kind = models.KindWorkshop
		a.Title = models.Text{"en": "Pottery", "pl": "Ceramika"}
		a.Description = models.Text{"en": "Clay and tea.", "pl": "Glina i herbata."}
		a.Languages = []string{"pl", "en", "uk"}
		a.Venue = models.Venue{Name: "Studio", Address: "Długa 1", Accessibility: models.FlexText{Text: models.Text{"en": "Step-free", "ar": "بدون درج"}}, OnlineURL: "https://meet.example.org/x"}
		a.Capacity, a.MaxPartySize, a.Waitlist = 12, 3, false
		a.RegistrationOpensAt, a.RegistrationClosesAt = &opens, &closes
		a.Questions = []models.Question{
			{ID: "diet", Type: models.QuestionChoice, Label: models.Text{"en": "Diet"}, Required: true,
				Options: []models.Option{{ID: "vegan", Label: models.Text{"en": "Vegan", "ar": "نباتي صرف"}}, {ID: "any"}}},
			{ID: "note", Type: models.QuestionText, Label: models.Text{"en": "Note", "pl": "Uwagi"}},
		}
		a.Status = models.StatusDraft
		a.UpdatedAt = f.now.Add(time.Second)
	}
}

func (s *suite) activities(t *testing.T) {
	t.Run("InsertActivity/OK", func(t *testing.T) {
		f := s.fixture(t)
		o := f.org()
		a := f.activity(o.ID, fullActivity(f))
		got := f.read(a.ID)
		wantDetails(t, got, a)
		wantHolders(t, got, nil, nil, "new activity")
	})
	t.Run("InsertActivity/OKMinimal", func(t *testing.T) {
		f := s.fixture(t)
		o := f.org()
		a := f.activity(o.ID, func(a *models.Activity) { a.SeatHolders = nil })
		got := f.read(a.ID)
		wantDetails(t, got, a)
		wantHolders(t, got, nil, nil, "new activity")
	})
	t.Run("InsertActivities/OK", func(t *testing.T) {
		f := s.fixture(t)
		o := f.org()
		series := models.NewID()
		var as []models.Activity
		for i := range 3 {
			as = append(as, *f.newActivity(o.ID, func(a *models.Activity) {
				a.StartsAt = a.StartsAt.Add(time.Duration(i) * 24 * time.Hour)
				a.EndsAt = a.EndsAt.Add(time.Duration(i) * 24 * time.Hour)
				a.SeriesID = &series
			}))
		}
		must(t, f.st.InsertActivities(f.ctx, as), "insert many")
		for i := range as {
			wantDetails(t, f.read(as[i].ID), &as[i])
		}
		must(t, f.st.InsertActivities(f.ctx, nil), "insert none")
		if n, err := f.st.CountActivities(f.ctx); err != nil || n != 3 {
			t.Fatalf("count %d (%v), want 3", n, err)
		}
	})
	t.Run("InsertActivities/AllOrNone", func(t *testing.T) {
		f := s.fixture(t)
		o := f.org()
		existing := f.activity(o.ID, nil)
		fresh := f.newActivity(o.ID, nil)
		clash := f.newActivity(o.ID, func(a *models.Activity) { a.ID = existing.ID; a.Title = models.Text{"en": "Clash"} })
		if err := f.st.InsertActivities(f.ctx, []models.Activity{*fresh, *clash}); err == nil {
			t.Fatal("a batch with a taken id was stored")
		}
		wantCode(t, errOf(f.st.ActivityByID(f.ctx, fresh.ID)), models.ErrNotFound, "the first of a refused batch")
		wantDetails(t, f.read(existing.ID), existing)
	})
	t.Run("ActivityByID/ErrNotFound", func(t *testing.T) {
		f := s.fixture(t)
		f.activity(f.org().ID, nil)
		wantCode(t, errOf(f.st.ActivityByID(f.ctx, models.NewID())), models.ErrNotFound, "unknown id")
	})
	t.Run("ActivitySummary/OK", func(t *testing.T) {
		f := s.fixture(t)
		a := f.activity(f.org().ID, fullActivity(f))
		wantTrue(t, "publish")(f.st.SetActivityStatus(f.ctx, a.ID, []string{models.StatusDraft}, models.StatusPublished, nil, a.UpdatedAt))
		seated, waiting := f.signup(a, "s@example.org", 3, nil), f.signup(a, "w@example.org", 1, nil)
		applied(t, "claim")(f.st.ClaimSeats(f.ctx, f.read(a.ID), holder(seated)))
		edit := f.read(a.ID)
		edit.Waitlist = true
		must(t, f.st.UpdateActivityDetails(f.ctx, edit), "open the waiting list")
		applied(t, "join")(f.st.JoinWaitingList(f.ctx, f.read(a.ID), holder(waiting)))
		got, err := f.st.ActivitySummary(f.ctx, a.ID)
		must(t, err, "summary")
		want := *a
		want.Status, want.Waitlist = models.StatusPublished, true
		wantDetails(t, got, &want)
		if got.SeatsTaken != 3 || got.WaitlistCount != 1 {
			t.Fatalf("summary: seats_taken %d, waitlist count %d; want 3, 1", got.SeatsTaken, got.WaitlistCount)
		}
		if got.SeatHolders != nil { // loaded after all: then right
			wantHolders(t, got, []models.SeatHolder{holder(seated)}, []models.SeatHolder{holder(waiting)}, "summary's lists")
		}
	})
	t.Run("ActivitySummary/ErrNotFound", func(t *testing.T) {
		f := s.fixture(t)
		f.activity(f.org().ID, nil)
		wantCode(t, errOf(f.st.ActivitySummary(f.ctx, models.NewID())), models.ErrNotFound, "unknown id")
	})
	s.activityChanges(t)
}
