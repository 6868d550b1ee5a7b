package main

import (
	"net/url"
	"strings"
	"testing"
)

// TestConsoleSafeActions walks the console's destructive actions through
// their confirmation pages: each says what will happen and who is told,
// and the notice afterwards says only what happened.
func TestConsoleSafeActions(t *testing.T) {
	box, smtpURL := newMailbox(t)
	a := startApp(t, map[string]string{"SMTP_URL": smtpURL, "MAIL_RETRY_BASE": "50ms"})
	org := a.newOrg(t, a.adminToken(t), "safe-lib")
	c := a.consoleLogin(t, "organiser@safe-lib.example.org", "password-organiser")
	// door publishes 3 seats: Olena's pair and Jan hold them, Amal waits.
	door := func(t *testing.T) (id string, olena, jan, amal signupJSON) {
		t.Helper()
		id = a.publishedActivity(t, org.Organiser, activityBody(3, map[string]any{"capacity": 3, "max_party_size": 2})).ID
		olena = a.signUp(t, id, signupBody(id+"-olena@example.org", map[string]any{"party_size": 2}))
		jan = a.signUp(t, id, signupBody(id+"-jan@example.org", map[string]any{"name": "Jan Kowalski"}))
		amal = a.signUp(t, id, signupBody(id+"-amal@example.org", map[string]any{"name": "Amal Haddad", "language": "ar"}))
		if amal.Status != "waitlisted" {
			t.Fatalf("third signup %s, want waitlisted", amal.Status)
		}
		return id, olena, jan, amal
	}
	// mailTo is every email addr received once the outbox is idle.
	mailTo := func(t *testing.T, addr string) []receivedMail {
		t.Helper()
		a.waitMailSettled(t)
		return to(box.exactly(t, len(box.srv.Messages())), addr)
	}

	t.Run("AttendeesLinkToConfirmation", func(t *testing.T) {
		id, _, jan, _ := door(t)
		body := wantConsolePage(t, c.get("/staff/activities/"+id+"/attendees?status=confirmed"), 200)
		wantContains(t, body, `href="/staff/signups/`+jan.ID+`/cancel?status=confirmed"`)
		if strings.Contains(body, `action="/staff/signups/`+jan.ID+`/cancel"`) {
			t.Error("the attendees page still cancels a signup in one tap")
		}
	})
	t.Run("CancelSignupTellsAttendee", func(t *testing.T) {
		id, _, jan, amal := door(t)
		body := wantConsolePage(t, c.get("/staff/signups/"+jan.ID+"/cancel"), 200)
		wantContains(t, body, "Cancel this signup?", "The signup of Jan Kowalski will be cancelled.",
			"Jan Kowalski will get an email in their language (Українська)", `name="notify" value="yes" checked`,
			"the next person on the waiting list who fits gets them", `action="/staff/signups/`+jan.ID+`/cancel"`, `name="csrf"`, `href="/staff/activities/`+id+`/attendees#s-`+jan.ID+`"`)
		loc := wantRedirect(t, c.post("/staff/signups/"+jan.ID+"/cancel", url.Values{"notify": {"yes"}, "activity": {id}}))
		body = wantConsolePage(t, c.get(loc), 200)
		wantContains(t, body, "The signup is cancelled. The attendee was told by email. The next person on the waiting list got the place.")
		got := mailTo(t, id+"-jan@example.org")
		if last := got[len(got)-1]; last.Lang != "uk" || last.Subject != box.subject("uk", "cancelled_by_staff", "Kawiarenka językowa") {
			t.Errorf("Jan's last email: %q in %q", last.Subject, last.Lang)
		}
		if s := a.checkSeatInvariant(t, org.Organiser, id)[amal.ID].Status; s != "confirmed" {
			t.Errorf("Amal is %s, want confirmed", s)
		}
	})
	t.Run("UntickedTellsNobody", func(t *testing.T) {
		id, _, _, amal := door(t)
		before := len(mailTo(t, id+"-amal@example.org"))
		if body := wantConsolePage(t, c.get("/staff/signups/"+amal.ID+"/cancel"), 200); strings.Contains(body, "who fits gets them") {
			t.Error("cancelling a waiting signup promises the waiting list a place")
		}
		loc := wantRedirect(t, c.post("/staff/signups/"+amal.ID+"/cancel", url.Values{"activity": {id}}))
		body := wantConsolePage(t, c.get(loc), 200)
		wantContains(t, body, "The signup is cancelled.")
		if strings.Contains(body, "told by email") || strings.Contains(body, "got the place") {
			t.Error("the notice claims an email or a promotion that did not happen")
		}
		if n := len(mailTo(t, id+"-amal@example.org")); n != before {
			t.Errorf("Amal got %d emails after an unticked cancel", n-before)
		}
	})
	t.Run("ErrNoCSRF", func(t *testing.T) {
		id, _, jan, _ := door(t)
		wantPage(t, c.postRaw("/staff/signups/"+jan.ID+"/cancel", url.Values{"notify": {"yes"}, "activity": {id}}), 403, "en")
		if s := a.checkSeatInvariant(t, org.Organiser, id)[jan.ID].Status; s != "confirmed" {
			t.Errorf("Jan is %s after a refused post", s)
		}
	})
	t.Run("DraftOffersDeleteNotCancel", func(t *testing.T) {
		draft := a.createActivity(t, org.Organiser, activityBody(5, nil)).ID
		body := wantConsolePage(t, c.get("/staff/activities/"+draft), 200)
		wantContains(t, body, `href="/staff/activities/`+draft+`/delete"`)
		if strings.Contains(body, `/staff/activities/`+draft+`/cancel"`) {
			t.Error("a draft offers cancel")
		}
		wantConsolePage(t, c.get("/staff/activities/"+draft+"/cancel"), 409)
		body = wantConsolePage(t, c.get("/staff/activities/"+draft+"/delete"), 200)
		wantContains(t, body, "will be deleted for good", `action="/staff/activities/`+draft+`/delete"`)
		wantRedirect(t, c.post("/staff/activities/"+draft+"/delete", nil))
	})
	t.Run("PublishedOffersCancelNotDelete", func(t *testing.T) {
		id, _, _, _ := door(t)
		body := wantConsolePage(t, c.get("/staff/activities/"+id), 200)
		wantContains(t, body, `href="/staff/activities/`+id+`/cancel"`)
		if strings.Contains(body, `/staff/activities/`+id+`/delete"`) {
			t.Error("a published activity offers delete")
		}
		wantConsolePage(t, c.get("/staff/activities/"+id+"/delete"), 409)
	})
	t.Run("CancelActivityCountsWhoIsTold", func(t *testing.T) {
		id, _, _, _ := door(t)
		body := wantConsolePage(t, c.get("/staff/activities/"+id+"/cancel"), 200)
		wantContains(t, body, "Signed up: 3 (confirmed: 2, waiting: 1). Each of them will be emailed with your reason.",
			`id="f-reason-en"`, `action="/staff/activities/`+id+`/cancel"`)
		body = wantConsolePage(t, c.post("/staff/activities/"+id+"/cancel", url.Values{"reason.en": {""}}), 422)
		wantContains(t, body, `href="#f-reason-en"`, "Signed up: 3")
		wantRedirect(t, c.post("/staff/activities/"+id+"/cancel", url.Values{"reason.en": {"The room is flooded."}}))
	})
}

// TestConsoleRevokeConfirmation turns an account off through its
// confirmation page: it names the person, and then they cannot log in.
func TestConsoleRevokeConfirmation(t *testing.T) {
	f := newStaffAccounts(t)
	a, m, newID := f.a, f.m, f.mariaWithPassword(t)
	body := wantConsolePage(t, m.get("/staff/users"), 200)
	wantContains(t, body, `href="/staff/users/`+newID+`/active"`)
	body = wantConsolePage(t, m.get("/staff/users/"+newID+"/active"), 200)
	wantContains(t, body, "Turn off access for Maria Nowak?", "will no longer be able to log in",
		`action="/staff/users/`+newID+`/active"`, `name="active" value="no"`, `href="/staff/users"`)
	wantPage(t, m.postRaw("/staff/users/"+newID+"/active", url.Values{"active": {"no"}}), 403, "en")
	a.consoleLogin(t, "maria@example.org", "a long new password")
	wantRedirect(t, m.post("/staff/users/"+newID+"/active", url.Values{"active": {"no"}}))
	wantPage(t, a.newConsole(t).login("maria@example.org", "a long new password"), 401, "en")
}
