package main

import (
	"testing"
	"time"
)

func TestCreateActivity(t *testing.T) {
	a := startApp(t, nil)
	admin := a.adminToken(t)
	org := a.newOrg(t, admin, "create")

	t.Run("OK", func(t *testing.T) {
		act := a.createActivity(t, org.Organiser, activityBody(3, nil))
		if act.ID == "" || act.Status != "draft" || act.OrganisationID != org.ID {
			t.Fatalf("bad activity: %+v", act)
		}
		// Defaults: one seat per signup, a waiting list, the organisation's zone.
		if act.MaxPartySize != 1 || !act.Waitlist || act.Timezone != "Europe/Warsaw" {
			t.Fatalf("defaults not applied: %+v", act)
		}
		if act.SeatsLeft != 10 || act.SeatsTaken != 0 || act.WaitlistCount != 0 || act.SeriesID != nil {
			t.Fatalf("bad counters: %+v", act)
		}
		if _, offset := act.StartsAt.Zone(); offset != 3600 && offset != 7200 {
			t.Fatalf("starts_at should carry Warsaw's offset, got %v", act.StartsAt)
		}
		if act.Venue["online_url"] != "https://meet.example.org/x" {
			t.Fatalf("staff should see the online link: %+v", act.Venue)
		}
	})
	t.Run("OKAdminNamesOrganisation", func(t *testing.T) {
		act := a.createActivity(t, admin, activityBody(3, map[string]any{"organisation_id": org.ID, "timezone": "Europe/Riga"}))
		if act.OrganisationID != org.ID || act.Timezone != "Europe/Riga" {
			t.Fatalf("bad activity: %+v", act)
		}
	})
	t.Run("ErrAdminWithoutOrganisation", func(t *testing.T) {
		defer wantNothingStored(t, a, admin)()
		r := a.do("POST", "/api/v1/activities", activityBody(3, nil), bearer(admin)...)
		wantError(t, r, 422, "validation_failed")
		if fieldErrors(t, r)["organisation_id"] == "" {
			t.Fatalf("want organisation_id: %s", r.Body)
		}
	})
	t.Run("ErrMissingFields", func(t *testing.T) {
		defer wantNothingStored(t, a, admin)()
		r := a.do("POST", "/api/v1/activities", map[string]any{"description": map[string]string{"en": "x"}}, bearer(org.Organiser)...)
		wantError(t, r, 422, "validation_failed")
		f := fieldErrors(t, r)
		for _, k := range []string{"kind", "title", "starts_at", "ends_at", "capacity"} {
			if f[k] == "" {
				t.Errorf("no message for %s: %v", k, f)
			}
		}
	})
	invalid := []struct {
		name  string
		over  map[string]any
		field string
	}{
		{"ErrEndsBeforeStart", map[string]any{"ends_at": time.Now().Format(time.RFC3339)}, "ends_at"},
		{"ErrUnknownKind", map[string]any{"kind": "rave"}, "kind"},
		{"ErrCapacityZero", map[string]any{"capacity": 0}, "capacity"},
		{"ErrCapacityWrongType", map[string]any{"capacity": "ten"}, "capacity"},
		{"ErrCapacityFraction", map[string]any{"capacity": 1.5}, "capacity"},
		{"ErrTitleWrongType", map[string]any{"title": "Language café"}, "title"},
		{"ErrTitleEmpty", map[string]any{"title": map[string]string{}}, "title"},
		{"ErrTitleLanguage", map[string]any{"title": map[string]string{"klingon": "x"}}, "title.klingon"},
		{"ErrStartsAtNotATime", map[string]any{"starts_at": "next Tuesday"}, "starts_at"},
		{"ErrStartsAtObject", map[string]any{"starts_at": map[string]any{"$gt": ""}}, "starts_at"},
		{"ErrLanguages", map[string]any{"languages": []string{"en", "english"}}, "languages[1]"},
		{"ErrTimezone", map[string]any{"timezone": "Europe/Atlantis"}, "timezone"},
		{"ErrVenueName", map[string]any{"venue": map[string]any{"name": 5}}, "venue.name"},
		{"ErrOnlineURL", map[string]any{"venue": map[string]any{"online_url": "javascript:alert(1)"}}, "venue.online_url"},
		{"ErrPartyAboveCapacity", map[string]any{"max_party_size": 11}, "max_party_size"},
		{"ErrChoiceWithoutOptions", map[string]any{"questions": []map[string]any{
			{"id": "diet", "type": "choice", "label": map[string]string{"en": "Diet"}}}}, "questions[0].options"},
		{"ErrDuplicateQuestionIDs", map[string]any{"questions": []map[string]any{
			{"id": "q", "type": "text", "label": map[string]string{"en": "Q"}},
			{"id": "q", "type": "boolean", "label": map[string]string{"en": "Q2"}}}}, "questions"},
		{"ErrQuestionType", map[string]any{"questions": []map[string]any{
			{"id": "q", "type": "essay", "label": map[string]string{"en": "Q"}}}}, "questions[0].type"},
		{"ErrWindowClosesBeforeOpens", map[string]any{
			"registration_opens_at":  time.Now().Add(48 * time.Hour).Format(time.RFC3339),
			"registration_closes_at": time.Now().Add(24 * time.Hour).Format(time.RFC3339)}, "registration_closes_at"},
		{"ErrUnknownField", map[string]any{"capcity": 10}, "capcity"},
	}
	for _, tc := range invalid {
		t.Run(tc.name, func(t *testing.T) {
			defer wantNothingStored(t, a, admin)()
			r := a.do("POST", "/api/v1/activities", activityBody(3, tc.over), bearer(org.Organiser)...)
			wantError(t, r, 422, "validation_failed")
			if f := fieldErrors(t, r); f[tc.field] == "" {
				t.Fatalf("want a message for %s, got %v", tc.field, f)
			}
		})
	}
	t.Run("ErrMalformedJSON", func(t *testing.T) {
		defer wantNothingStored(t, a, admin)()
		wantError(t, a.do("POST", "/api/v1/activities", `{"kind": "lunch",`, bearer(org.Organiser)...), 400, "bad_request")
		wantError(t, a.do("POST", "/api/v1/activities", `[1, 2]`, bearer(org.Organiser)...), 400, "bad_request")
		wantError(t, a.do("POST", "/api/v1/activities", `{"kind": "lunch"} {}`, bearer(org.Organiser)...), 400, "bad_request")
	})
	t.Run("ErrContentType", func(t *testing.T) {
		defer wantNothingStored(t, a, admin)()
		r := a.do("POST", "/api/v1/activities", nil, append(bearer(org.Organiser), "Content-Type", "application/x-www-form-urlencoded")...)
		wantError(t, r, 400, "bad_request")
	})
	t.Run("ErrTooLarge", func(t *testing.T) {
		defer wantNothingStored(t, a, admin)()
		// The server refuses on the Content-Length alone; announcing the
		// body without sending it keeps the refusal from racing the upload.
		wantError(t, a.announceBody("POST", "/api/v1/activities", 2<<20, bearer(org.Organiser)...), 413, "payload_too_large")
	})
	t.Run("ErrUnauthorized", func(t *testing.T) {
		defer wantNothingStored(t, a, admin)()
		wantError(t, a.do("POST", "/api/v1/activities", activityBody(3, nil)), 401, "unauthorized")
	})
	t.Run("ErrOtherOrganisation", func(t *testing.T) {
		defer wantNothingStored(t, a, admin)()
		other := a.newOrg(t, admin, "create-other")
		r := a.do("POST", "/api/v1/activities", activityBody(3, map[string]any{"organisation_id": other.ID}), bearer(org.Organiser)...)
		wantError(t, r, 403, "forbidden")
	})
}

// wantNothingStored counts the activities now and returns the check, to
// defer, that a refused request stored none: each refusal proves it alone,
// whichever of its siblings ran before.
func wantNothingStored(t *testing.T, a *testApp, admin string) func() {
	t.Helper()
	count := func() int {
		t.Helper()
		var page activityPage
		a.must(200, "GET", "/api/v1/activities?status=all&limit=100", nil, bearer(admin)...).JSON(t, &page)
		if page.NextCursor != nil {
			t.Fatal("more than 100 activities: the count would be wrong")
		}
		return len(page.Items)
	}
	before := count()
	return func() {
		t.Helper()
		if after := count(); after != before {
			t.Fatalf("a refused creation stored an activity: %d before, %d after", before, after)
		}
	}
}
