package main

import (
	"html"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/agora-events/agora/web"
)

// TestConsoleAddAttendee: the activity page's "Add attendee" form adds a
// walk-in (CSRF-protected, without JavaScript), offers "allow over
// capacity" only to managers, and shows a bad form again with the
// values kept and translated errors; the attendees page reminds the door
// staff to check people in once the activity has started.
func TestConsoleAddAttendee(t *testing.T) {
	a := startApp(t, nil)
	org := a.newOrg(t, a.adminToken(t), "walkin-console")
	cat, err := web.NewCatalog()
	if err != nil {
		t.Fatal(err)
	}
	organiser := a.consoleLogin(t, "organiser@walkin-console.example.org", "password-organiser")
	act := a.publishedActivity(t, org.Organiser, activityBody(7, map[string]any{"capacity": 2, "max_party_size": 2,
		"questions": questionsBody}))
	page, form := "/staff/activities/"+act.ID, "/staff/activities/"+act.ID+"/attendees"
	walkIn := func(over url.Values) url.Values {
		v := url.Values{"name": {"Amina Yusuf"}, "phone": {"+48 600 100 200"}, "party_size": {"1"}, "language": {"ar"}}
		for k, vs := range over {
			v[k] = vs
		}
		return v
	}

	t.Run("FormShown", func(t *testing.T) {
		body := wantConsolePage(t, organiser.get(page), 200)
		wantContains(t, body, `action="`+form+`"`, cat.T("en", "staff.add_attendee_title", nil),
			cat.T("en", "staff.walkin_attended", nil), `name="attended"`, `name="q.diet"`)
		if strings.Contains(body, `name="over_capacity"`) || strings.Contains(body, `name="consent"`) {
			t.Error("an organiser is offered over capacity, or the form asks for consent")
		}
		manager := a.consoleLogin(t, "manager@walkin-console.example.org", "password-manager")
		wantContains(t, wantConsolePage(t, manager.get(page), 200), `name="over_capacity"`,
			cat.T("en", "staff.walkin_over_capacity", nil))
		draft := a.createActivity(t, org.Organiser, activityBody(7, nil))
		if strings.Contains(wantConsolePage(t, organiser.get("/staff/activities/"+draft.ID), 200), `name="attended"`) {
			t.Error("a draft offers the Add attendee form")
		}
	})
	t.Run("ErrWithoutCSRF", func(t *testing.T) {
		before := len(a.allSignups(t, org.Organiser, act.ID))
		wantConsolePage(t, organiser.postRaw(form, walkIn(nil)), 403)
		if n := len(a.allSignups(t, org.Organiser, act.ID)); n != before {
			t.Fatalf("%d signups after a post without CSRF, want %d", n, before)
		}
	})
	t.Run("OKAddsWalkIn", func(t *testing.T) {
		loc := wantRedirect(t, organiser.post(form, walkIn(url.Values{"q.diet": {"halal"}})))
		if !strings.HasPrefix(loc, page+"?done=walkin#") {
			t.Fatalf("redirect to %q", loc)
		}
		wantContains(t, wantConsolePage(t, organiser.get(strings.Split(loc, "#")[0]), 200), cat.T("en", "staff.notice_walkin", nil))
		var found *staffSignupJSON
		for _, su := range a.allSignups(t, org.Organiser, act.ID) {
			if su.Name == "Amina Yusuf" {
				found = &su
			}
		}
		if found == nil || found.Email != "" || found.Phone != "+48 600 100 200" || found.Status != "confirmed" ||
			found.Answers["diet"] != "halal" {
			t.Fatalf("walk-in as listed: %+v", found)
		}
		attendees := html.UnescapeString(wantConsolePage(t, organiser.get(form), 200))
		wantContains(t, attendees, "Amina Yusuf", `dir="ltr">+48 600 100 200</a>`, cat.T("en", "staff.source_staff", nil))
		// A message's preview counts only the people an email reaches.
		roomy := a.publishedActivity(t, org.Organiser, activityBody(7, nil))
		a.signUp(t, roomy.ID, signupBody("reachable@example.org", nil))
		a.addAttendee(t, org.Organiser, roomy.ID, walkInBody(nil))
		preview := wantConsolePage(t, organiser.post("/staff/activities/"+roomy.ID+"/message", url.Values{
			"audience": {"confirmed"}, "format": {"text"}, "text_rows": {"1"}, "action": {"preview"},
			"m.0.lang": {"en"}, "m.0.subject": {"Bring a cup"}, "m.0.body": {"Please bring your own cup."}}), 200)
		wantContains(t, preview, "This message will go to 1 person.")
	})
	t.Run("ErrBadFormEnglish", func(t *testing.T) {
		before := len(a.allSignups(t, org.Organiser, act.ID))
		r := organiser.post(form, walkIn(url.Values{"name": {""}, "q.diet": {"pizza"}, "email": {"kept@example.org"}}))
		body := html.UnescapeString(wantConsolePage(t, r, 422))
		wantContains(t, body, `id="add-f-name-error"`, cat.T("en", "form.err_choice", nil),
			`value="kept@example.org"`, `value="+48 600 100 200"`, cat.T("en", "staff.add_attendee_title", nil))
		if n := len(a.allSignups(t, org.Organiser, act.ID)); n != before {
			t.Fatalf("%d signups after a bad form, want %d", n, before)
		}
	})
	t.Run("ErrBadFormPolish", func(t *testing.T) {
		pl := a.consoleLogin(t, "organiser@walkin-console.example.org", "password-organiser")
		before := len(a.allSignups(t, org.Organiser, act.ID))
		r := pl.post(form+"?lang=pl", walkIn(url.Values{"party_size": {"0"}, "q.diet": {"pizza"}}))
		body := html.UnescapeString(wantPage(t, r, 422, "pl"))
		wantContains(t, body, cat.T("pl", "form.err_choice", nil), cat.T("pl", "form.err_party", map[string]any{"Max": 2}),
			cat.T("pl", "staff.add_attendee_title", nil))
		if strings.Contains(body, cat.T("en", "form.err_choice", nil)) {
			t.Error("the Polish page shows the English error")
		}
		if n := len(a.allSignups(t, org.Organiser, act.ID)); n != before {
			t.Fatalf("%d signups after a bad form, want %d", n, before)
		}
	})
	t.Run("OKCheckedInNowAndOverCapacity", func(t *testing.T) {
		door := a.startingIn(t, org.Organiser, -5*time.Minute, map[string]any{"capacity": 1})
		doorForm := "/staff/activities/" + door.ID + "/attendees"
		loc := wantRedirect(t, organiser.post(doorForm, walkIn(url.Values{"attended": {"yes"}})))
		if !strings.Contains(loc, "done=walkin_attended") {
			t.Fatalf("redirect to %q", loc)
		}
		wantContains(t, wantConsolePage(t, organiser.get(strings.Split(loc, "#")[0]), 200), cat.T("en", "staff.notice_walkin_attended", nil))
		// Full now: an organiser's tick is refused, a manager's lets them in.
		wantConsolePage(t, organiser.post(doorForm, walkIn(url.Values{"over_capacity": {"yes"}})), 403)
		manager := a.consoleLogin(t, "manager@walkin-console.example.org", "password-manager")
		wantRedirect(t, manager.post(doorForm, walkIn(url.Values{"over_capacity": {"yes"}, "attended": {"yes"}})))
		if got := a.activity(t, org.Organiser, door.ID); got.SeatsTaken != 2 || got.Capacity != 1 {
			t.Fatalf("seats taken %d of %d", got.SeatsTaken, got.Capacity)
		}
	})
	t.Run("NoCheckInsHint", func(t *testing.T) {
		started := a.startingIn(t, org.Organiser, -10*time.Minute, nil)
		walk := a.addAttendee(t, org.Organiser, started.ID, walkInBody(nil))
		base := "/staff/activities/" + started.ID + "/attendees"
		wantContains(t, wantConsolePage(t, organiser.get(base), 200), cat.T("en", "staff.no_checkins_hint", nil))
		pl := a.consoleLogin(t, "organiser@walkin-console.example.org", "password-organiser")
		wantContains(t, html.UnescapeString(wantPage(t, pl.get(base+"?lang=pl"), 200, "pl")), cat.T("pl", "staff.no_checkins_hint", nil))
		a.must(200, "PATCH", "/api/v1/signups/"+walk.ID, map[string]string{"status": "attended"}, bearer(org.Organiser)...)
		if strings.Contains(wantConsolePage(t, organiser.get(base), 200), cat.T("en", "staff.no_checkins_hint", nil)) {
			t.Error("the hint stays after someone was checked in")
		}
		// Not before the start.
		later := a.publishedActivity(t, org.Organiser, activityBody(7, nil))
		a.addAttendee(t, org.Organiser, later.ID, walkInBody(nil))
		if strings.Contains(wantConsolePage(t, organiser.get("/staff/activities/"+later.ID+"/attendees"), 200),
			cat.T("en", "staff.no_checkins_hint", nil)) {
			t.Error("the hint shows before the start")
		}
	})
}
