package storetest

import (
	"errors"
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
	t.Run("SetActivityStatus/OKCancellingSetsTellPending", func(t *testing.T) {
		f := s.fixture(t)
		o := f.org()
		a, draft := f.activity(o.ID, nil), f.activity(o.ID, func(a *models.Activity) { a.Status = models.StatusDraft })
		tellPending := func(id string, want bool, what string) {
			t.Helper()
			if got := f.read(id); got.TellPending != want {
				t.Fatalf("%s: tell pending %v, want %v", what, got.TellPending, want)
			}
			sum, err := f.st.ActivitySummary(f.ctx, id)
			must(t, err, "summary")
			if sum.TellPending != want {
				t.Fatalf("%s: summary's tell pending %v, want %v", what, sum.TellPending, want)
			}
		}
		wantTrue(t, "publish")(f.st.SetActivityStatus(f.ctx, draft.ID, []string{models.StatusDraft}, models.StatusPublished, nil, f.now))
		tellPending(draft.ID, false, "published")
		wantFalse(t, "cancel from draft only")(f.st.SetActivityStatus(f.ctx, a.ID, []string{models.StatusDraft}, models.StatusCancelled, nil, f.now))
		tellPending(a.ID, false, "cancel refused")
		wantTrue(t, "cancel")(f.st.SetActivityStatus(f.ctx, a.ID, []string{models.StatusPublished}, models.StatusCancelled, models.Text{"en": "Ill"}, f.now))
		tellPending(a.ID, true, "cancelled")
		tellPending(draft.ID, false, "another activity")
		must(t, f.st.MarkPeopleTold(f.ctx, a.ID), "mark told")
		tellPending(a.ID, false, "told")
		if got := f.read(a.ID); got.Status != models.StatusCancelled || got.CancelReason["en"] != "Ill" {
			t.Fatalf("marking told changed the activity: %+v", got)
		}
		must(t, f.st.MarkPeopleTold(f.ctx, a.ID), "mark told again")
		tellPending(a.ID, false, "told twice")
	})
	t.Run("UpdateActivityDetails/OK", func(t *testing.T) {
		f := s.fixture(t)
		o := f.org()
		a := f.activity(o.ID, fullActivity(f))
		must(t, errOf(f.st.SetActivityStatus(f.ctx, a.ID, []string{models.StatusDraft}, models.StatusPublished, nil, f.now)), "publish")
		su := f.signup(a, "held@example.org", 2, nil)
		applied(t, "claim")(f.st.ClaimSeats(f.ctx, f.read(a.ID), holder(su)))
		edit := *f.read(a.ID)
		edit.Kind = models.KindLanguageCafe
		edit.Title = models.Text{"en": "Tea and talk"}
		edit.Description = models.Text{"uk": "Чай"}
		edit.Languages = []string{"uk"}
		edit.StartsAt, edit.EndsAt = a.StartsAt.Add(time.Hour), a.EndsAt.Add(2*time.Hour)
		edit.Timezone = "Europe/Vilnius"
		edit.Venue = models.Venue{Name: "Café"}
		edit.Capacity, edit.MaxPartySize, edit.Waitlist = 20, 2, true
		edit.RegistrationOpensAt, edit.RegistrationClosesAt = nil, nil
		edit.Questions = nil
		edit.SetSearchText()
		edit.UpdatedAt = f.now.Add(time.Minute)
		// What staff may not edit is ignored however it is set.
		series := "series-x"
		edit.Status, edit.SeriesID, edit.CancelReason = models.StatusCancelled, &series, models.Text{"en": "no"}
		edit.SeatsTaken, edit.SeatHolders, edit.WaitingList = 0, nil, []models.SeatHolder{{SignupID: "ghost", Party: 1}}
		must(t, f.st.UpdateActivityDetails(f.ctx, &edit), "update")
		got := f.read(a.ID)
		want := edit
		want.Status, want.SeriesID, want.CancelReason = models.StatusPublished, nil, nil
		wantDetails(t, got, &want)
		wantHolders(t, got, []models.SeatHolder{holder(su)}, nil, "after the edit")
	})
	t.Run("UpdateActivityDetails/OKCapacityEqualToTaken", func(t *testing.T) {
		f := s.fixture(t)
		a := f.activity(f.org().ID, nil)
		su := f.signup(a, "a@example.org", 3, nil)
		applied(t, "claim")(f.st.ClaimSeats(f.ctx, f.read(a.ID), holder(su)))
		edit := f.read(a.ID)
		edit.Capacity, edit.MaxPartySize = 3, 3
		must(t, f.st.UpdateActivityDetails(f.ctx, edit), "capacity = seats taken")
		if got := f.read(a.ID); got.Capacity != 3 || got.SeatsTaken != 3 {
			t.Fatalf("capacity %d, taken %d; want 3, 3", got.Capacity, got.SeatsTaken)
		}
	})
	t.Run("UpdateActivityDetails/ErrCapacityBelowTaken", func(t *testing.T) {
		f := s.fixture(t)
		a := f.activity(f.org().ID, nil)
		su := f.signup(a, "a@example.org", 3, nil)
		applied(t, "claim")(f.st.ClaimSeats(f.ctx, f.read(a.ID), holder(su)))
		edit := f.read(a.ID)
		edit.Capacity, edit.MaxPartySize, edit.Title = 2, 2, models.Text{"en": "Changed"}
		wantCode(t, f.st.UpdateActivityDetails(f.ctx, edit), models.ErrCapacityBelowTaken, "capacity 2 below 3 taken")
		got := f.read(a.ID)
		if got.Capacity != 10 || got.Title["en"] != "Lunch" {
			t.Fatalf("refused edit was written: capacity %d, title %v", got.Capacity, got.Title)
		}
	})
	t.Run("UpdateActivityDetails/ErrActivityCancelled", func(t *testing.T) {
		f := s.fixture(t)
		a := f.activity(f.org().ID, nil)
		wantTrue(t, "cancel")(f.st.SetActivityStatus(f.ctx, a.ID, []string{models.StatusPublished}, models.StatusCancelled, nil, f.now))
		edit := f.read(a.ID)
		edit.Title = models.Text{"en": "Changed"}
		wantCode(t, f.st.UpdateActivityDetails(f.ctx, edit), models.ErrActivityCancelled, "edit a cancelled activity")
		if got := f.read(a.ID); got.Title["en"] != "Lunch" {
			t.Fatalf("refused edit was written: %v", got.Title)
		}
	})
	t.Run("UpdateActivityDetails/ErrNotFound", func(t *testing.T) {
		f := s.fixture(t)
		a := f.newActivity(f.org().ID, nil)
		wantCode(t, f.st.UpdateActivityDetails(f.ctx, a), models.ErrNotFound, "edit an unknown activity")
	})
	t.Run("SetActivityStatus/OK", func(t *testing.T) {
		f := s.fixture(t)
		a := f.activity(f.org().ID, func(a *models.Activity) { a.Status = models.StatusDraft })
		later := f.now.Add(time.Minute)
		wantTrue(t, "publish")(f.st.SetActivityStatus(f.ctx, a.ID, []string{models.StatusDraft}, models.StatusPublished, nil, later))
		got := f.read(a.ID)
		if got.Status != models.StatusPublished || len(got.CancelReason) > 0 {
			t.Fatalf("status %s, reason %v", got.Status, got.CancelReason)
		}
		sameTime(t, got.UpdatedAt, later, "updated_at")
		reason := models.Text{"en": "Flood", "pl": "Powódź"}
		wantTrue(t, "cancel")(f.st.SetActivityStatus(f.ctx, a.ID, []string{models.StatusDraft, models.StatusPublished},
			models.StatusCancelled, reason, later))
		got = f.read(a.ID)
		if got.Status != models.StatusCancelled || !reflect.DeepEqual(got.CancelReason, reason) {
			t.Fatalf("status %s, reason %v; want cancelled, %v", got.Status, got.CancelReason, reason)
		}
	})
	t.Run("SetActivityStatus/FalseWhenStatusDoesNotMatch", func(t *testing.T) {
		f := s.fixture(t)
		a := f.activity(f.org().ID, nil) // published
		wantFalse(t, "cancel a draft")(f.st.SetActivityStatus(f.ctx, a.ID, []string{models.StatusDraft}, models.StatusCancelled, models.Text{"en": "x"}, f.now.Add(time.Hour)))
		got := f.read(a.ID)
		if got.Status != models.StatusPublished || len(got.CancelReason) > 0 {
			t.Fatalf("status %s, reason %v; want published and none", got.Status, got.CancelReason)
		}
		sameTime(t, got.UpdatedAt, a.UpdatedAt, "updated_at")
		wantFalse(t, "unknown activity")(f.st.SetActivityStatus(f.ctx, models.NewID(), []string{models.StatusPublished}, models.StatusCancelled, nil, f.now))
	})
	t.Run("SetActivitySeries/OK", func(t *testing.T) {
		f := s.fixture(t)
		a := f.activity(f.org().ID, nil)
		must(t, f.st.SetActivitySeries(f.ctx, a.ID, "series-1"), "set series")
		if got := f.read(a.ID); got.SeriesID == nil || *got.SeriesID != "series-1" {
			t.Fatalf("series %s, want series-1", deref(got.SeriesID))
		}
	})
	t.Run("DeleteDraftActivity/OK", func(t *testing.T) {
		f := s.fixture(t)
		a := f.activity(f.org().ID, func(a *models.Activity) { a.Status = models.StatusDraft })
		wantTrue(t, "delete draft")(f.st.DeleteDraftActivity(f.ctx, a.ID))
		wantCode(t, errOf(f.st.ActivityByID(f.ctx, a.ID)), models.ErrNotFound, "deleted draft")
	})
	t.Run("DeleteDraftActivity/FalseWhenNotDraft", func(t *testing.T) {
		f := s.fixture(t)
		a := f.activity(f.org().ID, nil)
		wantFalse(t, "delete a published activity")(f.st.DeleteDraftActivity(f.ctx, a.ID))
		f.read(a.ID)
	})
	t.Run("ActivityHasSignups/OK", func(t *testing.T) {
		f := s.fixture(t)
		o := f.org()
		a, b, c := f.activity(o.ID, nil), f.activity(o.ID, nil), f.activity(o.ID, nil)
		f.decided(b, "x@example.org", 1, models.SignupCancelled, nil)
		f.signup(c, "y@example.org", 1, nil) // pending
		for _, tc := range []struct {
			a    *models.Activity
			want bool
		}{{a, false}, {b, true}, {c, true}} {
			if has, err := f.st.ActivityHasSignups(f.ctx, tc.a.ID); err != nil || has != tc.want {
				t.Fatalf("activity %s has signups: %v (%v), want %v", tc.a.ID, has, err, tc.want)
			}
		}
	})
	t.Run("EachActivityToReconcile/OKNotEndedInIDOrder", func(t *testing.T) {
		f := s.fixture(t)
		o := f.org()
		// More than one batch (200) of activities that matter, and some
		// that ended.
		var as []models.Activity
		var want []string
		for i := range 230 {
			ended := i%10 == 3
			a := f.newActivity(o.ID, func(a *models.Activity) {
				if ended {
					a.StartsAt, a.EndsAt = f.now.Add(-3*time.Hour), f.now.Add(-time.Hour)
				}
				if i%7 == 0 {
					a.Status = models.StatusCancelled
				}
			})
			as = append(as, *a)
			if !ended {
				want = append(want, a.ID)
			}
		}
		must(t, f.st.InsertActivities(f.ctx, as), "insert")
		var got []string
		must(t, f.st.EachActivityToReconcile(f.ctx, f.now, func(id string) error {
			got = append(got, id)
			return nil
		}), "each")
		wantIDs(t, got, sorted(want), "activities to reconcile")
		calls := 0
		err := f.st.EachActivityToReconcile(f.ctx, f.now, func(string) error { calls++; return errBoom })
		if !errors.Is(err, errBoom) || calls != 1 {
			t.Fatalf("fn's error: got %v after %d calls, want it at once", err, calls)
		}
	})
}
