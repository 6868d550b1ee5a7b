package main

import (
	"net/url"
	"strings"
	"testing"
)

// TestConsoleCSRF posts every kind of console form without its token, with
// a forged one and with another session's: each is refused with 403 and a
// translated page, and nothing changes.
func TestConsoleCSRF(t *testing.T) {
	a := startApp(t, nil)
	org := a.newOrg(t, a.adminToken(t), "csrf-lib")
	draft := a.createActivity(t, org.Organiser, activityBody(4, nil)).ID
	c := a.consoleLogin(t, "organiser@csrf-lib.example.org", "password-organiser")
	other := a.consoleLogin(t, "manager@csrf-lib.example.org", "password-manager")

	forms := map[string]url.Values{
		"/staff/activities":                       activityForm(5),
		"/staff/activities/" + draft + "/edit":    activityForm(5),
		"/staff/activities/" + draft + "/publish": {},
		"/staff/activities/" + draft + "/delete":  {},
		"/staff/activities/" + draft + "/cancel":  {"reason.en": {"No."}},
		"/staff/activities/" + draft + "/repeat":  {"frequency": {"weekly"}, "count": {"2"}},
		"/staff/logout":                           {},
	}
	// The forged token differs from the real one in its first character,
	// whatever that character is.
	forged := "x" + c.csrf[1:]
	if forged == c.csrf {
		forged = "y" + c.csrf[1:]
	}
	tokens := map[string]string{"ErrNoToken": "", "ErrForged": forged, "ErrOtherSession": other.csrf}
	for name, token := range tokens {
		t.Run(name, func(t *testing.T) {
			for path, form := range forms {
				f := url.Values{}
				for k, v := range form {
					f[k] = v
				}
				if token != "" {
					f.Set("csrf", token)
				}
				body := wantPage(t, c.postRaw(path, f), 403, "en")
				wantContains(t, body, "This form has expired or did not come from this site.")
			}
		})
	}
	t.Run("Translated", func(t *testing.T) {
		body := wantPage(t, c.postRaw("/staff/activities/"+draft+"/publish?lang=pl", url.Values{}), 403, "pl")
		wantContains(t, body, "Ten formularz wygasł")
	})
	t.Run("NothingChanged", func(t *testing.T) {
		got := a.activity(t, org.Organiser, draft)
		if got.Status != "draft" {
			t.Fatalf("status %q after refused posts", got.Status)
		}
		var page activityPage
		a.must(200, "GET", "/api/v1/activities?status=all", nil, bearer(org.Organiser)...).JSON(t, &page)
		if len(page.Items) != 1 {
			t.Fatalf("%d activities after refused posts, want 1", len(page.Items))
		}
		wantConsolePage(t, c.get("/staff/?lang=en"), 200) // still logged in
	})
	t.Run("OKWithToken", func(t *testing.T) {
		wantRedirect(t, c.post("/staff/activities/"+draft+"/publish", nil))
	})
}

// TestConsoleAuthorisation walks the console as staff of another
// organisation and with too low a role: every page and form answers
// through the same Authorize as the API.
func TestConsoleAuthorisation(t *testing.T) {
	a := startApp(t, nil)
	admin := a.adminToken(t)
	orgA := a.newOrg(t, admin, "lib-a")
	orgB := a.newOrg(t, admin, "lib-b")
	actB := a.publishedActivity(t, orgB.Organiser, activityBody(4, nil)).ID
	draftB := a.createActivity(t, orgB.Organiser, activityBody(5, nil)).ID
	su := a.signUp(t, actB, signupBody("visitor@example.org", nil))
	orgAOrganiser := a.consoleLogin(t, "organiser@lib-a.example.org", "password-organiser")
	orgAManager := a.consoleLogin(t, "manager@lib-a.example.org", "password-manager")

	t.Run("ErrOtherOrganisationPages", func(t *testing.T) {
		for _, path := range []string{"/staff/activities/" + actB, "/staff/activities/" + actB + "/edit",
			"/staff/activities/" + actB + "/attendees", "/staff/activities/" + actB + "/attendees.csv",
			"/staff/activities/" + actB + "/message", "/staff/activities/" + draftB,
			"/staff/reports?organisation=" + orgB.ID, "/staff/reports.csv?organisation=" + orgB.ID} {
			r := orgAOrganiser.get(path)
			if r.Status != 403 && r.Status != 404 {
				t.Errorf("GET %s as another organisation's organiser: %d", path, r.Status)
			}
		}
	})
	t.Run("ErrOtherOrganisationForms", func(t *testing.T) {
		for path, form := range map[string]url.Values{
			"/staff/activities/" + actB + "/edit":     activityForm(5),
			"/staff/activities/" + actB + "/publish":  {},
			"/staff/activities/" + actB + "/cancel":   {"reason.en": {"No."}},
			"/staff/activities/" + actB + "/repeat":   {"frequency": {"weekly"}, "count": {"1"}},
			"/staff/activities/" + draftB + "/delete": {},
			"/staff/activities/" + actB + "/message":  {"action": {"send"}, "audience": {"confirmed"}, "m.0.lang": {"en"}, "m.0.subject": {"x"}, "m.0.body": {"y"}},
			"/staff/signups/" + su.ID + "/checkin":    {"status": {"attended"}, "activity": {actB}},
			"/staff/signups/" + su.ID + "/cancel":     {"activity": {actB}},
		} {
			r := orgAOrganiser.post(path, form)
			if r.Status != 403 && r.Status != 404 {
				t.Errorf("POST %s as another organisation's organiser: %d", path, r.Status)
			}
		}
		got := a.activity(t, orgB.Organiser, actB)
		if got.Status != "published" || a.activity(t, orgB.Organiser, draftB).Status != "draft" {
			t.Fatal("another organisation's activity changed")
		}
		if a.checkSeatInvariant(t, orgB.Organiser, actB)[su.ID].Status != "confirmed" {
			t.Fatal("another organisation's signup changed")
		}
	})
	t.Run("ErrOrganiserManagesStaff", func(t *testing.T) {
		wantPage(t, orgAOrganiser.get("/staff/users"), 403, "en")
		wantPage(t, orgAOrganiser.post("/staff/users", url.Values{"name": {"X"}, "email": {"x@example.org"},
			"role": {"manager"}}), 403, "en")
		wantPage(t, orgAOrganiser.get("/staff/organisations"), 403, "en")
		body := wantConsolePage(t, orgAOrganiser.get("/staff/"), 200)
		if strings.Contains(body, `href="/staff/users"`) || strings.Contains(body, `href="/staff/organisations"`) {
			t.Error("an organiser's navigation links to staff accounts or organisations")
		}
	})
	t.Run("ErrManagerOtherOrganisation", func(t *testing.T) {
		wantPage(t, orgAManager.get("/staff/organisations"), 403, "en")
		wantPage(t, orgAManager.post("/staff/organisations", url.Values{"name": {"X"}, "slug": {"x"},
			"timezone": {"UTC"}, "default_language": {"en"}}), 403, "en")
		// A manager's staff page is their own organisation's, whatever they ask.
		body := wantConsolePage(t, orgAManager.get("/staff/users?organisation="+orgB.ID), 200)
		if strings.Contains(body, "lib-b.example.org") || !strings.Contains(body, "lib-a.example.org") {
			t.Error("a manager sees another organisation's staff")
		}
		var users struct {
			Items []struct {
				ID    string `json:"id"`
				Email string `json:"email"`
			} `json:"items"`
		}
		a.must(200, "GET", "/api/v1/organisations/"+orgB.ID+"/users", nil, bearer(admin)...).JSON(t, &users)
		for _, u := range users.Items {
			for _, path := range []string{"/staff/users/" + u.ID + "/role", "/staff/users/" + u.ID + "/active"} {
				if r := orgAManager.post(path, url.Values{"role": {"manager"}, "active": {"no"}}); r.Status != 403 {
					t.Errorf("POST %s on another organisation's account: %d", path, r.Status)
				}
			}
		}
	})
	t.Run("OwnOrganisation", func(t *testing.T) {
		body := wantConsolePage(t, orgAManager.get("/staff/users"), 200)
		wantContains(t, body, "organiser@lib-a.example.org", `action="/staff/users"`, `value="`+orgA.ID+`"`)
	})
}
