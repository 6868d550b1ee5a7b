package notifications

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/agora-events/agora/models"
)

// changedEmail is sampleEmail's activity moved by an hour to another
// venue, as a KindChanged email says.
func changedEmail() SignupEmail {
	e := sampleEmail(KindChanged)
	old := e.Activity.Schedule()
	e.Old = &old
	e.Activity.StartsAt, e.Activity.EndsAt = old.StartsAt.Add(time.Hour), old.EndsAt.Add(time.Hour)
	e.Activity.Venue.Name, e.Activity.Revision = "Branch library", 2
	return e
}

// TestChangedAndStaffCancelRenderInEveryLanguage: the new kinds are
// translated everywhere, and a change says what it was and what it is.
func TestChangedAndStaffCancelRenderInEveryLanguage(t *testing.T) {
	r := newTestRenderer(t)
	for _, lang := range models.Languages() {
		t.Run(lang, func(t *testing.T) {
			e := changedEmail()
			got, err := r.RenderSignup(lang, e)
			if err != nil {
				t.Fatal(err)
			}
			checkRendered(t, lang, got)
			for _, want := range []string{
				r.catalog.Span(lang, e.Old.StartsAt, e.Old.EndsAt, "Europe/Warsaw"),
				r.catalog.Span(lang, e.Activity.StartsAt, e.Activity.EndsAt, "Europe/Warsaw"),
				"City Library, Main St 1", "Branch library, Main St 1",
			} {
				if !strings.Contains(got.Text, want) || !strings.Contains(got.HTML, "<bdi>") {
					t.Errorf("changed email lacks %q (or isolation):\n%s", want, got.Text)
				}
			}
			staff, err := r.RenderSignup(lang, sampleEmail(KindCancelledByStaff))
			if err != nil {
				t.Fatal(err)
			}
			checkRendered(t, lang, staff)
		})
	}
	t.Run("WithoutOldSchedule", func(t *testing.T) {
		if _, err := r.RenderSignup("en", sampleEmail(KindChanged)); err == nil {
			t.Fatal("a changed email without the old schedule rendered")
		}
	})
}

// TestSignupCalendarMethods: each kind's file has the method, status and
// sequence it should, the same UID, and CRLF line ends.
func TestSignupCalendarMethods(t *testing.T) {
	r := newTestRenderer(t)
	for _, c := range []struct {
		kind, status, method, state string
		seq                         int
	}{
		{KindConfirmed, models.SignupPending, "PUBLISH", "CONFIRMED", 2},
		{KindChanged, models.SignupConfirmed, "PUBLISH", "CONFIRMED", 2},
		{KindChanged, models.SignupWaitlisted, "PUBLISH", "TENTATIVE", 2},
		{KindCancelled, models.SignupCancelled, "CANCEL", "CANCELLED", 3},
		{KindCancelledByStaff, models.SignupCancelled, "CANCEL", "CANCELLED", 3},
		{KindActivityCancelled, models.SignupConfirmed, "CANCEL", "CANCELLED", 3},
		{"", models.SignupCancelled, "CANCEL", "CANCELLED", 3},
	} {
		t.Run(c.kind+"/"+c.status, func(t *testing.T) {
			e := changedEmail()
			e.Kind, e.Signup.Status = c.kind, c.status
			data, method, err := r.SignupCalendar("en", "agora.example.org", e, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			s := string(data)
			if string(method) != c.method || strings.Count(s, "\n") != strings.Count(s, "\r\n") {
				t.Fatalf("method %s (want %s), or a line not ending in CRLF:\n%s", method, c.method, s)
			}
			for _, want := range []string{"METHOD:" + c.method, "STATUS:" + c.state, "UID:signup-s1@agora.example.org",
				"SEQUENCE:" + strconv.Itoa(c.seq)} {
				if !strings.Contains(s, want+"\r\n") {
					t.Errorf("calendar lacks %q:\n%s", want, s)
				}
			}
			if online := strings.Contains(s, "meet.example.org"); online != (c.state == "CONFIRMED") {
				t.Errorf("online link in the file: %v, want %v", online, c.state == "CONFIRMED")
			}
		})
	}
}
