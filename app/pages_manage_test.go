package main

import (
	"strings"
	"testing"
)

// manageFixture publishes an activity of 2 seats under an organisation
// named slug, in which first (a pair) holds both seats and second waits,
// and returns the activity's id and their manage tokens.
func manageFixture(t *testing.T, a *testApp, slug string) (id, first, second string) {
	t.Helper()
	id = pageFixture(t, a, slug, 3, map[string]any{"capacity": 2, "max_party_size": 2})
	return id, a.signUpByForm(t, id, validForm("first@example.org")), a.signUpByForm(t, id, validForm("second@example.org"))
}

func TestPagesManage(t *testing.T) {
	a := startApp(t, nil)

	t.Run("Waitlisted", func(t *testing.T) {
		_, _, second := manageFixture(t, a, "manage-waiting")
		r := a.page(t, "/signups/"+second+"?done=signup&lang=pl")
		body := wantPage(t, r, 200, "pl")
		wantPrivate(t, r)
		for _, want := range []string{"Dziękujemy, jesteś na liście oczekujących.", "Na liście oczekujących",
			"Jesteś na 1. miejscu na liście oczekujących."} {
			if !strings.Contains(body, want) {
				t.Errorf("waitlisted page lacks %q", want)
			}
		}
		if strings.Contains(body, "meet.example.org") {
			t.Error("a waitlisted attendee sees the online link")
		}
	})
	t.Run("FullActivityOffersWaitingList", func(t *testing.T) {
		id, _, _ := manageFixture(t, a, "manage-full")
		body := wantPage(t, a.page(t, "/activities/"+id), 200, "en")
		if !strings.Contains(body, "Join the waiting list") || !strings.Contains(body, "1 person on the waiting list") {
			t.Errorf("full activity page does not offer the waiting list:\n%s", body)
		}
	})
	t.Run("CancelRedirects", func(t *testing.T) {
		_, first, second := manageFixture(t, a, "manage-cancel")
		loc := wantRedirect(t, a.postForm(t, "/signups/"+first+"/cancel", nil))
		if loc != "/signups/"+first+"?done=cancel" {
			t.Fatalf("redirect to %q", loc)
		}
		body := wantPage(t, a.page(t, loc), 200, "en")
		if !strings.Contains(body, "Your registration is cancelled.") || strings.Contains(body, "/cancel\"") {
			t.Errorf("cancelled page wrong:\n%s", body)
		}
		// The waiting signup moved up into the freed seats.
		if body := wantPage(t, a.page(t, "/signups/"+second), 200, "en"); !strings.Contains(body, "Confirmed") {
			t.Error("the waiting signup was not confirmed after the cancellation")
		}
		wantRedirect(t, a.postForm(t, "/signups/"+first+"/cancel", nil)) // again: fine
	})
	t.Run("CancelAsksFirst", func(t *testing.T) {
		_, first, _ := manageFixture(t, a, "manage-cancel-ask")
		manage := wantPage(t, a.page(t, "/signups/"+first), 200, "en")
		if !strings.Contains(manage, `href="/signups/`+first+`/cancel"`) || strings.Contains(manage, `action="/signups/`+first+`/cancel"`) {
			t.Errorf("the manage page cancels without asking:\n%s", manage)
		}
		a.wantAsksFirst(t, first, "cancel", "نعم، ألغِ مكاني", "Confirmed")
		loc := wantRedirect(t, a.postForm(t, "/signups/"+first+"/cancel", nil))
		if body := wantPage(t, a.page(t, loc), 200, "en"); !strings.Contains(body, "Your registration is cancelled.") {
			t.Error("confirming did not cancel")
		}
		// Once cancelled, the confirmation leads back to the manage page.
		if loc := wantRedirect(t, a.page(t, "/signups/"+first+"/cancel")); loc != "/signups/"+first {
			t.Errorf("confirmation of a cancelled signup redirects to %q", loc)
		}
	})
	t.Run("ErrCancelCrossOrigin", func(t *testing.T) {
		_, first, second := manageFixture(t, a, "manage-origin")
		wantRedirect(t, a.postForm(t, "/signups/"+first+"/cancel", nil)) // second moves up
		wantPage(t, a.postForm(t, "/signups/"+second+"/cancel", nil, "Origin", "https://evil.example"), 403, "en")
		if body := wantPage(t, a.page(t, "/signups/"+second), 200, "en"); !strings.Contains(body, "Confirmed") {
			t.Error("a cross-origin post cancelled the signup")
		}
	})
	t.Run("EraseAsksFirst", func(t *testing.T) {
		_, _, second := manageFixture(t, a, "manage-ask")
		a.wantAsksFirst(t, second, "erase", "نعم، احذف بياناتي", "Amal Haddad")
	})
	t.Run("Erase", func(t *testing.T) {
		_, _, second := manageFixture(t, a, "manage-erase")
		loc := wantRedirect(t, a.postForm(t, "/signups/"+second+"/erase", nil))
		if loc != "/?done=erased" {
			t.Fatalf("redirect to %q", loc)
		}
		if body := wantPage(t, a.page(t, loc), 200, "en"); !strings.Contains(body, "Your data has been erased.") {
			t.Error("no erased notice")
		}
		wantPage(t, a.page(t, "/signups/"+second), 404, "en")
	})
	t.Run("ErrUnknownToken", func(t *testing.T) {
		r := a.page(t, "/signups/"+strings.Repeat("x", 43))
		wantPage(t, r, 404, "en")
		wantPrivate(t, r)
	})
}

// wantAsksFirst checks the confirmation page of step for token: in Arabic,
// private, with its confirm button (confirm) posting to the step, and
// changing nothing by being shown (the manage page still shows still).
func (a *testApp) wantAsksFirst(t *testing.T, token, step, confirm, still string) {
	t.Helper()
	r := a.page(t, "/signups/"+token+"/"+step+"?lang=ar")
	body := wantPage(t, r, 200, "ar")
	wantPrivate(t, r)
	if !strings.Contains(body, `action="/signups/`+token+`/`+step+`"`) || !strings.Contains(body, confirm) {
		t.Errorf("no %s confirmation form:\n%s", step, body)
	}
	if body := wantPage(t, a.page(t, "/signups/"+token), 200, "en"); !strings.Contains(body, still) {
		t.Errorf("showing the %s confirmation changed the signup", step)
	}
}
