package main

import (
	"testing"
	"time"
)

func TestGetActivity(t *testing.T) {
	a := startApp(t, nil)
	admin := a.adminToken(t)
	org := a.newOrg(t, admin, "get")
	other := a.newOrg(t, admin, "get-other")
	draft := a.createActivity(t, org.Organiser, activityBody(3, nil))
	pub := a.publishedActivity(t, org.Organiser, activityBody(4, nil))

	t.Run("OKPublic", func(t *testing.T) {
		r := a.must(200, "GET", "/api/v1/activities/"+pub.ID, nil)
		var act activityJSON
		r.JSON(t, &act)
		if act.ID != pub.ID || act.Status != "published" || act.SeatsLeft != 10 {
			t.Fatalf("bad activity: %s", r.Body)
		}
		if bodyContains(r.Body, "online_url") || bodyContains(r.Body, "meet.example.org") {
			t.Fatalf("online_url shown to the public: %s", r.Body)
		}
	})
	t.Run("OKStaffSeesOnlineURL", func(t *testing.T) {
		r := a.must(200, "GET", "/api/v1/activities/"+pub.ID, nil, bearer(org.Organiser)...)
		if !bodyContains(r.Body, "https://meet.example.org/x") {
			t.Fatalf("staff should see online_url: %s", r.Body)
		}
		r = a.must(200, "GET", "/api/v1/activities/"+pub.ID, nil, bearer(other.Organiser)...)
		if bodyContains(r.Body, "online_url") {
			t.Fatalf("another organisation's staff must not see online_url: %s", r.Body)
		}
	})
	t.Run("OKDraftToOwnStaff", func(t *testing.T) {
		a.must(200, "GET", "/api/v1/activities/"+draft.ID, nil, bearer(org.Organiser)...)
		a.must(200, "GET", "/api/v1/activities/"+draft.ID, nil, bearer(admin)...)
	})
	t.Run("ErrDraftHiddenFromPublic", func(t *testing.T) {
		wantError(t, a.do("GET", "/api/v1/activities/"+draft.ID, nil), 404, "not_found")
		wantError(t, a.do("GET", "/api/v1/activities/"+draft.ID, nil, bearer(other.Manager)...), 404, "not_found")
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		wantError(t, a.do("GET", "/api/v1/activities/no-such-id", nil), 404, "not_found")
	})
	t.Run("ErrExpiredOrBadToken", func(t *testing.T) {
		wantError(t, a.do("GET", "/api/v1/activities/"+pub.ID, nil, bearer("stale")...), 401, "unauthorized")
	})
}

func TestUpdateActivity(t *testing.T) {
	a := startApp(t, nil)
	admin := a.adminToken(t)
	org := a.newOrg(t, admin, "patch")
	path := func(id string) string { return "/api/v1/activities/" + id }

	t.Run("OKPartial", func(t *testing.T) {
		act := a.createActivity(t, org.Organiser, activityBody(3, nil))
		var got activityJSON
		a.must(200, "PATCH", path(act.ID), map[string]any{"title": map[string]string{"en": "New title"},
			"venue": map[string]string{"accessibility": "Ramp at the side door"}}, bearer(org.Organiser)...).JSON(t, &got)
		if got.Title["en"] != "New title" || got.Title["pl"] != "" || got.Capacity != 10 || !got.StartsAt.Equal(act.StartsAt) {
			t.Fatalf("patch changed the wrong fields: %+v", got)
		}
		if got.Venue["name"] != "Main library" || got.Venue["accessibility"] != "Ramp at the side door" {
			t.Fatalf("venue not merged: %+v", got.Venue)
		}
	})
	t.Run("OKReadOnlyFieldsIgnored", func(t *testing.T) {
		act := a.createActivity(t, org.Organiser, activityBody(3, nil))
		var got activityJSON
		a.must(200, "PATCH", path(act.ID), map[string]any{"capacity": 12, "id": "other", "seats_taken": 99,
			"status": "published"}, bearer(org.Organiser)...).JSON(t, &got)
		if got.ID != act.ID || got.SeatsTaken != 0 || got.Status != "draft" || got.Capacity != 12 {
			t.Fatalf("read-only fields changed: %+v", got)
		}
	})
	t.Run("OKClearRegistrationWindow", func(t *testing.T) {
		opens := time.Now().Add(time.Hour).Format(time.RFC3339)
		act := a.createActivity(t, org.Organiser, activityBody(3, map[string]any{"registration_opens_at": opens}))
		r := a.must(200, "PATCH", path(act.ID), `{"registration_opens_at": null}`, bearer(org.Organiser)...)
		if !bodyContains(r.Body, `"registration_opens_at":null`) {
			t.Fatalf("window not cleared: %s", r.Body)
		}
	})
	t.Run("ErrCapacityBelowTaken", func(t *testing.T) {
		act := a.publishedActivity(t, org.Organiser, activityBody(3, map[string]any{"capacity": 3}))
		signUp(t, a, act.ID, "one@example.org", 1)
		signUp(t, a, act.ID, "two@example.org", 1)
		wantError(t, a.do("PATCH", path(act.ID), map[string]any{"capacity": 1}, bearer(org.Organiser)...), 409, "capacity_below_taken")
		var got activityJSON
		a.must(200, "PATCH", path(act.ID), map[string]any{"capacity": 2}, bearer(org.Organiser)...).JSON(t, &got)
		if got.Capacity != 2 || got.SeatsTaken != 2 || got.SeatsLeft != 0 {
			t.Fatalf("capacity equal to the seats taken is fine: %+v", got)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		act := a.createActivity(t, org.Organiser, activityBody(3, nil))
		for _, body := range []any{
			map[string]any{"ends_at": act.StartsAt.Add(-time.Hour).Format(time.RFC3339)},
			map[string]any{"kind": "rave"},
			`{"starts_at": null}`,
			map[string]any{"capacity": "many"},
			map[string]any{"organisation_id": "someone-else"},
		} {
			wantError(t, a.do("PATCH", path(act.ID), body, bearer(org.Organiser)...), 422, "validation_failed")
		}
		var got activityJSON
		a.must(200, "GET", path(act.ID), nil, bearer(org.Organiser)...).JSON(t, &got)
		if got.Kind != "language_cafe" || !got.EndsAt.Equal(act.EndsAt) || got.Capacity != 10 {
			t.Fatalf("a rejected patch changed the activity: %+v", got)
		}
	})
	t.Run("ErrMalformed", func(t *testing.T) {
		act := a.createActivity(t, org.Organiser, activityBody(3, nil))
		wantError(t, a.do("PATCH", path(act.ID), `{"title":`, bearer(org.Organiser)...), 400, "bad_request")
	})
	t.Run("ErrCancelled", func(t *testing.T) {
		act := a.createActivity(t, org.Organiser, activityBody(3, nil))
		a.must(200, "POST", path(act.ID)+"/cancel", map[string]any{"reason": map[string]string{"en": "Flood"}}, bearer(org.Organiser)...)
		wantError(t, a.do("PATCH", path(act.ID), map[string]any{"capacity": 5}, bearer(org.Organiser)...), 409, "activity_cancelled")
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		wantError(t, a.do("PATCH", path("nope"), map[string]any{"capacity": 5}, bearer(org.Organiser)...), 404, "not_found")
	})
}

// signUp makes a confirmed signup through the public API.
func signUp(t *testing.T, a *testApp, activityID, email string, party int) {
	t.Helper()
	r := a.must(201, "POST", "/api/v1/activities/"+activityID+"/signups", map[string]any{"name": "Guest", "email": email,
		"party_size": party, "language": "en", "consent": true})
	if !bodyContains(r.Body, `"confirmed"`) {
		t.Fatalf("signup not confirmed: %s", r.Body)
	}
}

func TestActivityLifecycle(t *testing.T) {
	a := startApp(t, nil)
	admin := a.adminToken(t)
	org := a.newOrg(t, admin, "life")
	path := func(id string) string { return "/api/v1/activities/" + id }
	reason := map[string]any{"reason": map[string]string{"en": "The library is closed", "pl": "Biblioteka jest zamknięta"}}

	t.Run("PublishOK", func(t *testing.T) {
		act := a.createActivity(t, org.Organiser, activityBody(3, nil))
		var got activityJSON
		a.must(200, "POST", path(act.ID)+"/publish", nil, bearer(org.Organiser)...).JSON(t, &got)
		if got.Status != "published" {
			t.Fatalf("status %s", got.Status)
		}
		a.must(200, "GET", path(act.ID), nil) // now public
		a.must(200, "POST", path(act.ID)+"/publish", nil, bearer(org.Organiser)...)
	})
	t.Run("PublishErrCancelled", func(t *testing.T) {
		act := a.createActivity(t, org.Organiser, activityBody(3, nil))
		a.must(200, "POST", path(act.ID)+"/cancel", reason, bearer(org.Organiser)...)
		wantError(t, a.do("POST", path(act.ID)+"/publish", nil, bearer(org.Organiser)...), 409, "activity_cancelled")
	})
	t.Run("PublishErrNotFound", func(t *testing.T) {
		wantError(t, a.do("POST", path("nope")+"/publish", nil, bearer(org.Organiser)...), 404, "not_found")
	})
	t.Run("CancelOK", func(t *testing.T) {
		act := a.publishedActivity(t, org.Organiser, activityBody(3, nil))
		var got activityJSON
		a.must(200, "POST", path(act.ID)+"/cancel", reason, bearer(org.Organiser)...).JSON(t, &got)
		if got.Status != "cancelled" || got.CancelReason["pl"] != "Biblioteka jest zamknięta" {
			t.Fatalf("bad cancel: %+v", got)
		}
		a.must(200, "POST", path(act.ID)+"/cancel", reason, bearer(org.Organiser)...) // again: harmless
		a.must(200, "GET", path(act.ID), nil)                                         // still visible, as cancelled
	})
	t.Run("CancelErrNoReason", func(t *testing.T) {
		act := a.publishedActivity(t, org.Organiser, activityBody(3, nil))
		r := a.do("POST", path(act.ID)+"/cancel", map[string]any{"reason": map[string]string{}}, bearer(org.Organiser)...)
		wantError(t, r, 422, "validation_failed")
		if fieldErrors(t, r)["reason"] == "" {
			t.Fatalf("want reason: %s", r.Body)
		}
		wantError(t, a.do("POST", path(act.ID)+"/cancel", nil, bearer(org.Organiser)...), 400, "bad_request")
		var got activityJSON
		a.must(200, "GET", path(act.ID), nil).JSON(t, &got)
		if got.Status != "published" {
			t.Fatalf("a rejected cancel changed the status to %s", got.Status)
		}
	})
	t.Run("DeleteOK", func(t *testing.T) {
		act := a.createActivity(t, org.Organiser, activityBody(3, nil))
		a.must(204, "DELETE", path(act.ID), nil, bearer(org.Organiser)...)
		wantError(t, a.do("GET", path(act.ID), nil, bearer(org.Organiser)...), 404, "not_found")
		wantError(t, a.do("DELETE", path(act.ID), nil, bearer(org.Organiser)...), 404, "not_found")
	})
	t.Run("DeleteErrPublished", func(t *testing.T) {
		act := a.publishedActivity(t, org.Organiser, activityBody(3, nil))
		wantError(t, a.do("DELETE", path(act.ID), nil, bearer(org.Organiser)...), 409, "not_deletable")
	})
	t.Run("DeleteErrDraftWithSignups", func(t *testing.T) {
		act := a.createActivity(t, org.Organiser, activityBody(3, nil))
		a.insertSignupDoc(t, act.ID, "cancelled")
		wantError(t, a.do("DELETE", path(act.ID), nil, bearer(org.Organiser)...), 409, "not_deletable")
		a.must(200, "GET", path(act.ID), nil, bearer(org.Organiser)...)
	})
}
