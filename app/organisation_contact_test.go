package main

import (
	"testing"
)

// TestOrganisationContact: a manager or an admin sets the contact, an
// organiser may not, bad input changes nothing, and the contact's email
// is the Reply-To of the emails about the organisation's activities.
func TestOrganisationContact(t *testing.T) {
	box, smtpURL := newMailbox(t)
	a := startApp(t, map[string]string{"SMTP_URL": smtpURL})
	admin := a.adminToken(t)
	org := a.newOrg(t, admin, "lib-contact")
	path := "/api/v1/organisations/" + org.ID
	type contact struct{ Email, Phone, Website string }
	read := func(t *testing.T, r *response) contact {
		t.Helper()
		var o struct{ Contact contact }
		r.JSON(t, &o)
		return o.Contact
	}
	good := map[string]any{"contact": map[string]string{"email": "hello@library.example",
		"phone": "+48 22 123 45 67", "website": "https://library.example/events"}}

	t.Run("ErrForbiddenOrganiser", func(t *testing.T) {
		wantError(t, a.do("PATCH", path, good, bearer(org.Organiser)...), 403, "forbidden")
	})
	t.Run("ErrForbiddenOtherManager", func(t *testing.T) {
		other := a.newOrg(t, admin, "lib-contact-other")
		wantError(t, a.do("PATCH", path, good, bearer(other.Manager)...), 403, "forbidden")
	})
	t.Run("OKManager", func(t *testing.T) {
		got := read(t, a.must(200, "PATCH", path, good, bearer(org.Manager)...))
		if got != (contact{"hello@library.example", "+48 22 123 45 67", "https://library.example/events"}) {
			t.Fatalf("contact %+v", got)
		}
	})
	t.Run("OKAdminPartial", func(t *testing.T) {
		got := read(t, a.must(200, "PATCH", path, map[string]any{"contact": map[string]string{"phone": "+48 22 765 43 21"}},
			bearer(admin)...))
		if got.Phone != "+48 22 765 43 21" || got.Email != "hello@library.example" {
			t.Fatalf("contact after a partial change %+v", got)
		}
	})
	t.Run("ErrInvalidChangesNothing", func(t *testing.T) {
		r := a.do("PATCH", path+"?lang=pl", map[string]any{"contact": map[string]string{
			"email": "x@y\r\nBcc: z@example.org", "phone": "call me", "website": "javascript:alert(1)"}}, bearer(org.Manager)...)
		wantError(t, r, 422, "validation_failed")
		f := fieldErrors(t, r)
		for _, k := range []string{"contact.email", "contact.phone", "contact.website"} {
			if f[k] == "" || f[k] == "is not valid" {
				t.Errorf("%s: %q, want a Polish message", k, f[k])
			}
		}
		r = a.do("PATCH", path, map[string]any{"contact": map[string]string{"email": "new@library.example",
			"website": "ftp://library.example"}}, bearer(org.Manager)...)
		wantError(t, r, 422, "validation_failed")
		got := read(t, a.must(200, "PATCH", path, map[string]any{}, bearer(org.Manager)...))
		if got.Email != "hello@library.example" || got.Website != "https://library.example/events" {
			t.Fatalf("a refused change changed the contact: %+v", got)
		}
	})
	t.Run("ErrUnknownFieldInvalid", func(t *testing.T) {
		wantError(t, a.do("PATCH", path, map[string]any{"name": "x"}, bearer(org.Manager)...), 422, "validation_failed")
	})
	t.Run("ReplyToOnConfirmation", func(t *testing.T) {
		act := a.publishedActivity(t, org.Organiser, activityBody(7, nil))
		a.signUp(t, act.ID, signupBody("reader@example.org", nil))
		msgs := box.waitAll(t, a, 1)
		if got := msgs[0].Header.Get("Reply-To"); got != "<hello@library.example>" && got != "hello@library.example" {
			t.Fatalf("Reply-To %q, want the organisation's contact", got)
		}
	})
}
