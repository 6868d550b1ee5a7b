package main

import (
	"strings"
	"testing"
	"time"

	"github.com/agora-events/agora/web"
)

// TestChangeAnnounced: moving a published activity by an hour emails every
// confirmed and waitlisted person once, in their language, saying what
// changed, with a calendar file of their confirmation's UID and a higher
// SEQUENCE; an edit of anything else, or a refused one, emails nobody.
func TestChangeAnnounced(t *testing.T) {
	box, smtpURL := newMailbox(t)
	a := startApp(t, map[string]string{"SMTP_URL": smtpURL, "MAIL_RETRY_BASE": "50ms"})
	org := signupOrg(t, a)
	act := a.publishedActivity(t, org.Organiser, activityBody(7, map[string]any{"capacity": 1}))
	olena := a.signUp(t, act.ID, signupBody("olena@example.org", map[string]any{"language": "uk"}))
	amal := a.signUp(t, act.ID, signupBody("amal@example.org", map[string]any{"language": "ar", "name": "أمل"}))
	box.srv.WaitFor(2, 30*time.Second)

	a.must(200, "PATCH", "/api/v1/activities/"+act.ID, map[string]any{"capacity": 1, "max_party_size": 1}, bearer(org.Organiser)...)
	// A refused edit changes nothing and tells nobody.
	wantError(t, a.do("PATCH", "/api/v1/activities/"+act.ID, map[string]any{
		"starts_at": act.EndsAt.Add(time.Hour).Format(time.RFC3339)}, bearer(org.Organiser)...), 422, "validation_failed")
	start, end := act.StartsAt.Add(time.Hour), act.EndsAt.Add(time.Hour)
	a.must(200, "PATCH", "/api/v1/activities/"+act.ID, map[string]any{
		"starts_at": start.Format(time.RFC3339), "ends_at": end.Format(time.RFC3339)}, bearer(org.Organiser)...)

	got := receivedFor(t, box.srv, 4)
	cat, _ := web.NewCatalog()
	for _, p := range []struct {
		addr, lang, id, first string
	}{{"olena@example.org", "uk", olena.ID, "confirmed"}, {"amal@example.org", "ar", amal.ID, "waitlisted"}} {
		t.Run(p.addr, func(t *testing.T) {
			title := act.Title[p.lang]
			if title == "" {
				title = act.Title["pl"]
			}
			changed := only(t, got[p.addr], box.subject(p.lang, "changed", title))
			if changed.Calendar == nil {
				t.Fatal("the changed email has no calendar file")
			}
			c := changed.Calendar
			if c.UID != "signup-"+p.id+"@localhost" || c.Method != "PUBLISH" {
				t.Errorf("UID %q, METHOD %q; want signup-%s@localhost, PUBLISH", c.UID, c.Method, p.id)
			}
			before := 0
			if first := only(t, got[p.addr], box.subject(p.lang, p.first, title)); first.Calendar != nil {
				if first.Calendar.UID != c.UID {
					t.Errorf("confirmation UID %q, change UID %q", first.Calendar.UID, c.UID)
				}
				before = first.Calendar.Sequence
			}
			if c.Sequence <= before {
				t.Errorf("SEQUENCE %d after %d: it must grow", c.Sequence, before)
			}
			for _, want := range []string{
				cat.Span(p.lang, act.StartsAt, act.EndsAt, "Europe/Warsaw"),
				cat.Span(p.lang, start, end, "Europe/Warsaw"),
				cat.T(p.lang, "email.changed.time", nil),
			} {
				if !strings.Contains(changed.Text, want) {
					t.Errorf("the email lacks %q:\n%s", want, changed.Text)
				}
			}
			if strings.Contains(c.Raw, "meet.example.org") != (p.first == "confirmed") {
				t.Errorf("online link in the calendar of a %s signup: %v", p.first, !(p.first == "confirmed"))
			}
		})
	}
}

// TestChangesInWindowMakeOneEmail: edits within CHANGE_NOTICE_DELAY make
// one email, from the values before the first to those after the last;
// edits that undo themselves make none, and whoever cancels in the window
// is not told of the change.
func TestChangesInWindowMakeOneEmail(t *testing.T) {
	box, smtpURL := newMailbox(t)
	a := startApp(t, map[string]string{"SMTP_URL": smtpURL, "MAIL_RETRY_BASE": "50ms", "CHANGE_NOTICE_DELAY": "2s"})
	org := signupOrg(t, a)
	act := a.publishedActivity(t, org.Organiser, activityBody(7, nil))
	undone := a.publishedActivity(t, org.Organiser, activityBody(8, nil))
	a.signUp(t, act.ID, signupBody("olena@example.org", nil))
	a.signUp(t, undone.ID, signupBody("lucia@example.org", map[string]any{"language": "es"}))
	gone := a.signUp(t, act.ID, signupBody("gone@example.org", nil))
	box.srv.WaitFor(3, 30*time.Second)

	later := act.StartsAt.Add(30 * time.Minute)
	patch := func(id string, body map[string]any) {
		a.must(200, "PATCH", "/api/v1/activities/"+id, body, bearer(org.Organiser)...)
	}
	patch(act.ID, map[string]any{"starts_at": later.Format(time.RFC3339)})
	a.must(200, "POST", "/api/v1/signups/"+gone.ManageToken+"/cancel", nil) // told of the change no more
	patch(act.ID, map[string]any{"venue": map[string]string{"name": "Branch library", "address": "Nowa 2"}})
	patch(act.ID, map[string]any{"starts_at": later.Add(30 * time.Minute).Format(time.RFC3339)})
	patch(undone.ID, map[string]any{"venue": map[string]string{"name": "Elsewhere"}})
	patch(undone.ID, map[string]any{"venue": undone.Venue})

	got := receivedFor(t, box.srv, 5)
	if n := len(got["gone@example.org"]); n != 2 {
		t.Errorf("%d emails to the person who cancelled in the window, want the confirmation and the receipt", n)
	}
	if n := len(got["lucia@example.org"]); n != 1 {
		t.Errorf("%d emails to the person whose activity changed and changed back, want the confirmation only", n)
	}
	changed := only(t, got["olena@example.org"], box.subject("uk", "changed", act.Title["pl"]))
	cat, _ := web.NewCatalog()
	for _, want := range []string{
		cat.Span("uk", act.StartsAt, act.EndsAt, "Europe/Warsaw"),              // before the first edit
		cat.Span("uk", later.Add(30*time.Minute), act.EndsAt, "Europe/Warsaw"), // after the last
		"Main library, Rynek 1", "Branch library, Nowa 2",
	} {
		if !strings.Contains(changed.Text, want) {
			t.Errorf("the one email lacks %q:\n%s", want, changed.Text)
		}
	}
	if changed.Calendar == nil || changed.Calendar.Sequence != 3 {
		t.Errorf("calendar %+v, want SEQUENCE 3 (three changes)", changed.Calendar)
	}
}
