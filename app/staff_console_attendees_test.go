package main

import (
	"net/url"
	"strings"
	"testing"
)

func TestConsoleAttendees(t *testing.T) {
	a := startApp(t, nil)
	org := a.newOrg(t, a.adminToken(t), "door-lib")
	c := a.consoleLogin(t, "organiser@door-lib.example.org", "password-organiser")
	// door publishes an activity of 3 seats: Olena's pair and Jan hold
	// them, Amal waits. The subtests that change signups each take their
	// own, and set up what their siblings did before them with the steps
	// below.
	door := func(t *testing.T) (id, base string, first, second, waiting signupJSON) {
		t.Helper()
		id = a.publishedActivity(t, org.Organiser, activityBody(3, map[string]any{"capacity": 3, "max_party_size": 2,
			"questions": []map[string]any{{"id": "diet", "type": "text", "label": map[string]string{"en": "Diet"}}}})).ID
		first = a.signUp(t, id, signupBody("olena@example.org", map[string]any{"party_size": 2, "answers": map[string]any{"diet": "vegan"}}))
		second = a.signUp(t, id, signupBody("jan@example.org", map[string]any{"name": "Jan Kowalski"}))
		waiting = a.signUp(t, id, signupBody("amal@example.org", map[string]any{"name": "Amal Haddad"}))
		if waiting.Status != "waitlisted" {
			t.Fatalf("third signup %s, want waitlisted", waiting.Status)
		}
		return id, "/staff/activities/" + id + "/attendees", first, second, waiting
	}
	// cancelJan cancels Jan's signup from the console: Amal moves up.
	cancelJan := func(t *testing.T, id string, jan signupJSON) {
		t.Helper()
		wantRedirect(t, c.post("/staff/signups/"+jan.ID+"/cancel", url.Values{"activity": {id}}))
	}
	// checkIn records Olena as attended and Amal as no-show.
	checkIn := func(t *testing.T, id string, olena, amal signupJSON) {
		t.Helper()
		wantRedirect(t, c.post("/staff/signups/"+olena.ID+"/checkin", url.Values{"status": {"attended"}, "activity": {id}}))
		wantRedirect(t, c.post("/staff/signups/"+amal.ID+"/checkin", url.Values{"status": {"no_show"}, "activity": {id}}))
	}
	id, base, first, _, _ := door(t) // List and FilterAndSearch only read it

	t.Run("List", func(t *testing.T) {
		body := wantConsolePage(t, c.get(base), 200)
		wantContains(t, body, "Olena Kovalenko", "Jan Kowalski", "Amal Haddad", "olena@example.org", "vegan",
			"All (3)", "Confirmed (2)", "Waiting list (1)", `href="/staff/activities/`+id+`/attendees.csv"`,
			`id="s-`+first.ID+`"`, `action="/staff/signups/`+first.ID+`/checkin"`, "3 of 3 places taken")
	})
	t.Run("FilterAndSearch", func(t *testing.T) {
		body := wantConsolePage(t, c.get(base+"?status=waitlisted"), 200)
		if !strings.Contains(body, "Amal Haddad") || strings.Contains(body, "Jan Kowalski") {
			t.Error("status=waitlisted shows the wrong signups")
		}
		body = wantConsolePage(t, c.get(base+"?q=KOWAL"), 200)
		if !strings.Contains(body, "Jan Kowalski") || strings.Contains(body, "Amal Haddad") {
			t.Error("search by name shows the wrong signups")
		}
		body = wantConsolePage(t, c.get(base+"?q=amal%40example"), 200)
		if !strings.Contains(body, "Amal Haddad") || strings.Contains(body, "Jan Kowalski") {
			t.Error("search by email shows the wrong signups")
		}
		wantPage(t, c.get(base+"?status=nonsense"), 400, "en")
	})
	t.Run("StaffCancelPromotes", func(t *testing.T) {
		id, _, _, second, waiting := door(t)
		cancelJan(t, id, second)
		got := a.checkSeatInvariant(t, org.Organiser, id)
		if got[second.ID].Status != "cancelled" || got[waiting.ID].Status != "confirmed" {
			t.Fatalf("after staff cancel: %s; the waiting signup is %s", got[second.ID].Status, got[waiting.ID].Status)
		}
	})
	t.Run("CheckIn", func(t *testing.T) {
		id, base, first, second, waiting := door(t)
		cancelJan(t, id, second)
		r := c.post("/staff/signups/"+first.ID+"/checkin", url.Values{"status": {"attended"}, "activity": {id},
			"filter": {"confirmed"}, "q": {"olena"}})
		loc := wantRedirect(t, r)
		if loc != base+"?done=checkin&q=olena&status=confirmed#s-"+first.ID {
			t.Fatalf("check-in went to %q", loc)
		}
		wantRedirect(t, c.post("/staff/signups/"+waiting.ID+"/checkin", url.Values{"status": {"no_show"}, "activity": {id}}))
		got := a.checkSeatInvariant(t, org.Organiser, id)
		if got[first.ID].Status != "attended" || got[waiting.ID].Status != "no_show" {
			t.Fatalf("after check-in: %s, %s", got[first.ID].Status, got[waiting.ID].Status)
		}
		body := wantConsolePage(t, c.get(base+"?done=checkin"), 200)
		wantContains(t, body, "Attended (1)", "No-show (1)", "Cancelled (1)", `class="chosen" aria-pressed="true"`)
	})
	t.Run("ErrCheckInCancelled", func(t *testing.T) {
		id, _, _, second, _ := door(t)
		cancelJan(t, id, second)
		body := wantConsolePage(t, c.post("/staff/signups/"+second.ID+"/checkin",
			url.Values{"status": {"attended"}, "activity": {id}}), 409)
		wantContains(t, body, "This conflicts with existing data.", "Jan Kowalski")
	})
	t.Run("CSV", func(t *testing.T) {
		id, _, first, second, waiting := door(t)
		cancelJan(t, id, second)
		checkIn(t, id, first, waiting)
		r := c.send("GET", "/staff/activities/"+id+"/attendees.csv", nil)
		if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") {
			t.Fatalf("CSV: %d %s", r.Status, r.Header.Get("Content-Type"))
		}
		csv := string(r.Body)
		if lines := strings.Count(csv, "\n"); lines != 4 {
			t.Errorf("CSV has %d lines, want a header and 3 signups:\n%s", lines, csv)
		}
		wantContains(t, csv, "olena@example.org", "attended", "no_show", "cancelled", "vegan", "Diet [diet]")
	})
}
