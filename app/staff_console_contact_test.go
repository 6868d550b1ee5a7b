package main

import (
	"net/url"
	"strings"
	"testing"
)

// TestStaffConsoleContact: a manager sets the organisation's contact on
// the staff page; bad input shows the form again, nothing saved; an
// organiser gets no form and cannot post one.
func TestStaffConsoleContact(t *testing.T) {
	f := newStaffAccounts(t)
	action := "/staff/organisations/" + f.org.ID + "/contact"
	t.Run("OK", func(t *testing.T) {
		body := wantConsolePage(t, f.m.get("/staff/users"), 200)
		wantContains(t, body, `action="`+action+`"`, "Contact for attendees")
		wantRedirect(t, f.m.post(action, url.Values{"email": {"hello@staff-lib.example"}, "phone": {"+48 22 123 45 67"},
			"website": {"https://staff-lib.example"}}))
		body = wantConsolePage(t, f.m.get("/staff/users"), 200)
		wantContains(t, body, `value="hello@staff-lib.example"`, `value="https://staff-lib.example"`)
	})
	t.Run("ErrInvalidShowsForm", func(t *testing.T) {
		r := f.m.post(action, url.Values{"email": {"not an address"}, "phone": {""}, "website": {"javascript:alert(1)"}})
		body := wantConsolePage(t, r, 422)
		wantContains(t, body, `value="not an address"`, `id="f-contact-email-error"`, `id="f-contact-website-error"`)
		var o struct{ Contact struct{ Email string } }
		f.a.must(200, "PATCH", "/api/v1/organisations/"+f.org.ID, map[string]any{}, bearer(f.org.Manager)...).JSON(t, &o)
		if o.Contact.Email != "hello@staff-lib.example" {
			t.Fatalf("a refused form changed the contact to %q", o.Contact.Email)
		}
	})
	t.Run("ErrForbiddenOrganiser", func(t *testing.T) {
		org := f.a.consoleLogin(t, "organiser@staff-lib.example.org", "password-organiser")
		r := org.post(action, url.Values{"email": {"x@example.org"}})
		if r.Status != 403 {
			t.Fatalf("organiser posting the contact: status %d, want 403", r.Status)
		}
		if body := string(org.get("/staff/").Body); strings.Contains(body, action) {
			t.Error("the organiser is offered the contact form")
		}
	})
}
