package main

import (
	"strings"
	"testing"
)

// A lost manage link is found again: by signing up again, or by asking
// for it; either way only the registered address is written to, once per
// ten minutes per signup, and the answer never says who is registered.
func TestLostManageLink(t *testing.T) {
	box, smtpURL := newMailbox(t)
	a := startApp(t, map[string]string{"SMTP_URL": smtpURL, "MAIL_RETRY_BASE": "50ms"})
	org := signupOrg(t, a)
	act := a.publishedActivity(t, org.Organiser, activityBody(7, nil))
	olena := a.signUp(t, act.ID, signupBody("olena@example.org", nil))
	maria := a.signUp(t, act.ID, signupBody("maria@example.org", map[string]any{"language": "es"}))

	// Olena signs up again: refused as before, and sent her link, once.
	for range 2 {
		wantError(t, a.do("POST", "/api/v1/activities/"+act.ID+"/signups", signupBody("OLENA@example.org", nil)),
			409, "already_registered")
	}
	ask := func(email string) *response {
		return a.do("POST", "/api/v1/activities/"+act.ID+"/manage-link", map[string]string{"email": email})
	}
	registered, unknown := ask("Maria@Example.org"), ask("nobody@example.org")
	for _, r := range []*response{registered, unknown, ask("olena@example.org"), ask("maria@example.org")} {
		if r.Status != 202 || strings.TrimSpace(string(r.Body)) != "{}" {
			t.Fatalf("manage-link answer %d %s, want 202 {}", r.Status, r.Body)
		}
	}

	msgs := box.waitAll(t, a, 4) // two confirmations, one link each
	for _, who := range []struct{ addr, lang, subject, token, id string }{
		{"olena@example.org", "uk", "Ваше посилання:", olena.ManageToken, olena.ID},
		{"maria@example.org", "es", "Tu enlace para", maria.ManageToken, maria.ID},
	} {
		got := to(msgs, who.addr)
		if len(got) != 2 || !strings.HasPrefix(got[1].Subject, who.subject) || got[1].Lang != who.lang {
			t.Fatalf("emails to %s: %+v", who.addr, got)
		}
		tokens := linkTokens(got[1].Parts["text/plain"])
		if len(tokens) != 1 || tokens[0] == who.token {
			t.Fatalf("link email to %s carries %v, want one new token", who.addr, tokens)
		}
		// The new link and the first one both open the signup.
		for _, tok := range []string{tokens[0], who.token} {
			var m managedJSON
			a.must(200, "GET", "/api/v1/signups/"+tok, nil).JSON(t, &m)
			if m.ID != who.id {
				t.Fatalf("token opens %s, want %s", m.ID, who.id)
			}
		}
	}
	if got := to(msgs, "nobody@example.org"); len(got) != 0 {
		t.Fatalf("an unregistered address was written to: %+v", got)
	}

	t.Run("ErrBadInput", func(t *testing.T) {
		path := "/api/v1/activities/" + act.ID + "/manage-link"
		wantError(t, a.do("POST", "/api/v1/activities/nope/manage-link", map[string]string{"email": "olena@example.org"}), 404, "not_found")
		for _, body := range []map[string]any{{"email": "not-an-address"}, {}, {"email": "a@example.org", "name": "x"}} {
			r := a.do("POST", path, body)
			wantError(t, r, 422, "validation_failed")
			if len(fieldErrors(t, r)) != 1 {
				t.Errorf("%v: fields %v", body, fieldErrors(t, r))
			}
		}
		wantError(t, a.do("POST", path, "olena@example.org"), 400, "bad_request")
		draft := a.createActivity(t, org.Organiser, activityBody(7, nil))
		wantError(t, a.do("POST", "/api/v1/activities/"+draft.ID+"/manage-link", map[string]string{"email": "a@example.org"}), 404, "not_found")
	})
}

// The manage-link endpoint shares the signups' per-IP limit.
func TestLostManageLinkRateLimited(t *testing.T) {
	a := startApp(t, map[string]string{"SIGNUP_RATE_PER_MINUTE": "2"})
	org := signupOrg(t, a)
	act := a.publishedActivity(t, org.Organiser, activityBody(7, nil))
	a.signUp(t, act.ID, signupBody("olena@example.org", nil))
	path := "/api/v1/activities/" + act.ID + "/manage-link"
	a.must(202, "POST", path, map[string]string{"email": "olena@example.org"})
	r := a.do("POST", path, map[string]string{"email": "olena@example.org"})
	wantError(t, r, 429, "rate_limited")
	if r.Header.Get("Retry-After") == "" {
		t.Error("429 without Retry-After")
	}
}
