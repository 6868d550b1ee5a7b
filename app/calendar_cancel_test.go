package main

import (
	"strings"
	"testing"
	"time"
)

// TestCancellationCalendars: the attendee's own cancellation, a staff
// cancellation and the activity's cancellation each send a calendar file
// that cancels the confirmation's entry (same UID, METHOD:CANCEL,
// STATUS:CANCELLED, a higher SEQUENCE); staff may cancel without telling.
func TestCancellationCalendars(t *testing.T) {
	box, smtpURL := newMailbox(t)
	a := startApp(t, map[string]string{"SMTP_URL": smtpURL, "MAIL_RETRY_BASE": "50ms"})
	org := signupOrg(t, a)
	act := a.publishedActivity(t, org.Organiser, activityBody(7, nil))
	own := a.signUp(t, act.ID, signupBody("own@example.org", nil))
	staff := a.signUp(t, act.ID, signupBody("staff@example.org", map[string]any{"language": "tr"}))
	quiet := a.signUp(t, act.ID, signupBody("quiet@example.org", nil))
	all := a.signUp(t, act.ID, signupBody("all@example.org", map[string]any{"language": "ar"}))
	box.srv.WaitFor(4, 30*time.Second)

	a.must(200, "POST", "/api/v1/signups/"+own.ManageToken+"/cancel", nil)
	a.must(200, "POST", "/api/v1/signups/"+staff.ID+"/cancel", nil, bearer(org.Organiser)...)
	a.must(200, "POST", "/api/v1/signups/"+quiet.ID+"/cancel", map[string]any{"notify": false}, bearer(org.Organiser)...)
	wantError(t, a.do("POST", "/api/v1/signups/"+all.ID+"/cancel", map[string]any{"notify": "yes"}, bearer(org.Organiser)...),
		422, "validation_failed")
	a.must(200, "POST", "/api/v1/activities/"+act.ID+"/cancel",
		map[string]any{"reason": map[string]string{"pl": "Sala zalana."}}, bearer(org.Organiser)...)

	got := receivedFor(t, box.srv, 7)
	if n := len(got["quiet@example.org"]); n != 1 {
		t.Errorf("%d emails to the person cancelled with notify false, want the confirmation only", n)
	}
	for _, c := range []struct {
		name, addr, lang, id, kind string
	}{
		{"Own", "own@example.org", "uk", own.ID, "cancelled"},
		{"Staff", "staff@example.org", "tr", staff.ID, "cancelled_by_staff"},
		{"Activity", "all@example.org", "ar", all.ID, "activity_cancelled"},
	} {
		t.Run(c.name, func(t *testing.T) {
			title := act.Title[c.lang]
			if title == "" {
				title = act.Title["pl"]
			}
			confirmed := only(t, got[c.addr], box.subject(c.lang, "confirmed", title)).Calendar
			cancel := only(t, got[c.addr], box.subject(c.lang, c.kind, title)).Calendar
			if confirmed == nil || cancel == nil {
				t.Fatalf("calendar files: confirmation %v, cancellation %v", confirmed != nil, cancel != nil)
			}
			if cancel.Method != "CANCEL" || cancel.Status != "CANCELLED" {
				t.Errorf("METHOD %q, STATUS %q; want CANCEL, CANCELLED", cancel.Method, cancel.Status)
			}
			if cancel.UID != confirmed.UID || cancel.UID != "signup-"+c.id+"@localhost" {
				t.Errorf("UID %q, confirmation's %q", cancel.UID, confirmed.UID)
			}
			if cancel.Sequence <= confirmed.Sequence {
				t.Errorf("SEQUENCE %d, confirmation's %d: it must grow", cancel.Sequence, confirmed.Sequence)
			}
		})
	}
}

// TestManageCalendar: the manage page offers the signup's calendar file,
// private like the page; once cancelled, the file removes the entry.
func TestManageCalendar(t *testing.T) {
	a := startApp(t, nil)
	org := signupOrg(t, a)
	act := a.publishedActivity(t, org.Organiser, activityBody(7, nil))
	su := a.signUp(t, act.ID, signupBody("olena@example.org", nil))
	link := "/signups/" + su.ManageToken + "/calendar.ics"
	if page := a.must(200, "GET", "/signups/"+su.ManageToken, nil); !strings.Contains(string(page.Body), `href="`+link+`"`) {
		t.Fatalf("the manage page does not link %s", link)
	}
	r := a.must(200, "GET", link, nil)
	if cc := r.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control %q, want no-store", cc)
	}
	f := parseSignupCalendar(t, string(r.Body), r.Header.Get("Content-Type"))
	if f.Method != "PUBLISH" || f.Status != "CONFIRMED" || f.UID != "signup-"+su.ID+"@localhost" {
		t.Errorf("calendar %+v", f)
	}
	a.must(200, "POST", "/api/v1/signups/"+su.ManageToken+"/cancel", nil)
	r = a.must(200, "GET", link, nil)
	c := parseSignupCalendar(t, string(r.Body), r.Header.Get("Content-Type"))
	if c.Method != "CANCEL" || c.Status != "CANCELLED" || c.UID != f.UID || c.Sequence <= f.Sequence {
		t.Errorf("after cancelling: %+v; want CANCEL of %s with a higher SEQUENCE than %d", c, f.UID, f.Sequence)
	}
	a.must(404, "GET", "/signups/not-a-token/calendar.ics", nil)
}
