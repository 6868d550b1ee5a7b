package main

import (
	"strings"
	"testing"
	"time"
)

type messageStatusJSON struct {
	ID         string `json:"id"`
	Recipients int    `json:"recipients"`
	Sent       int    `json:"sent"`
	Failed     int    `json:"failed"`
	Pending    int    `json:"pending"`
}

// waitMessage polls a message's counts until nothing is pending.
func (a *testApp) waitMessage(t testing.TB, token, id string) messageStatusJSON {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var st messageStatusJSON
		a.must(200, "GET", "/api/v1/messages/"+id, nil, bearer(token)...).JSON(t, &st)
		if st.Pending == 0 && st.Sent+st.Failed == st.Recipients {
			return st
		}
		if time.Now().After(deadline) {
			t.Fatalf("message still pending: %+v", st)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestOrganiserMessages: each recipient in the audience gets exactly one
// email, in their language when the message has it, else the
// organisation's default (pl), else the first language given; the counts
// show what was sent and what failed.
func TestOrganiserMessages(t *testing.T) {
	box, smtpURL := newMailbox(t)
	a := startApp(t, map[string]string{"SMTP_URL": smtpURL, "MAIL_RETRY_BASE": "50ms"})
	org := signupOrg(t, a)
	act := a.publishedActivity(t, org.Organiser, activityBody(7, map[string]any{"capacity": 4}))
	langs := map[string]string{"en@example.org": "en", "es@example.org": "es", "uk@example.org": "uk",
		"bounce@example.org": "ar", "waiting@example.org": "ru"}
	for _, addr := range []string{"en@example.org", "es@example.org", "uk@example.org", "bounce@example.org", "waiting@example.org"} {
		a.signUp(t, act.ID, signupBody(addr, map[string]any{"language": langs[addr]}))
	}
	box.waitAll(t, a, 5) // confirmations and the waitlisted email
	box.srv.FailRecipient("bounce@example.org", 550)

	// Keys in this order: es is the first language given.
	body := `{"subject": {"es": "Hola", "en": "Hello", "pl": "Cześć"},
	          "body": {"es": "Texto **es**", "en": "Text **en** <script>alert(1)</script>", "pl": "Tekst pl"},
	          "audience": ["confirmed"], "format": "markdown"}`
	r := a.must(202, "POST", "/api/v1/activities/"+act.ID+"/messages", body, bearer(org.Organiser)...)
	var accepted struct {
		ID         string `json:"id"`
		Recipients int    `json:"recipients"`
	}
	r.JSON(t, &accepted)
	if accepted.Recipients != 4 {
		t.Fatalf("recipients %d, want 4 confirmed", accepted.Recipients)
	}
	st := a.waitMessage(t, org.Organiser, accepted.ID)
	if st.Sent != 3 || st.Failed != 1 || st.Pending != 0 {
		t.Fatalf("counts %+v, want 3 sent, 1 failed", st)
	}
	msgs := box.waitAll(t, a, 8)[5:]
	want := map[string]string{"en@example.org": "Hello", "es@example.org": "Hola", "uk@example.org": "Cześć"}
	for addr, subject := range want {
		got := to(msgs, addr)
		if len(got) != 1 || got[0].Subject != subject {
			t.Errorf("%s: %d messages, want one with subject %q", addr, len(got), subject)
		}
	}
	en := to(msgs, "en@example.org")[0]
	if !strings.Contains(en.Parts["text/html"], "<strong>en</strong>") || strings.Contains(en.Parts["text/html"], "<script>") {
		t.Errorf("Markdown not rendered safely:\n%s", en.Parts["text/html"])
	}
	if !strings.Contains(en.Parts["text/plain"], "/signups/") {
		t.Errorf("no manage link in the message")
	}

	t.Run("FirstLanguageGivenWhenNeitherRecipientsNorDefault", func(t *testing.T) {
		r := a.must(202, "POST", "/api/v1/activities/"+act.ID+"/messages",
			`{"subject": {"es": "Hola", "en": "Hello"}, "body": {"es": "Texto", "en": "Text"}, "audience": ["confirmed", "waitlisted"]}`,
			bearer(org.Organiser)...)
		r.JSON(t, &accepted)
		if accepted.Recipients != 5 {
			t.Fatalf("recipients %d, want 5", accepted.Recipients)
		}
		a.waitMessage(t, org.Organiser, accepted.ID)
		msgs := box.waitAll(t, a, 12)[8:]
		for addr, subject := range map[string]string{"uk@example.org": "Hola", "waiting@example.org": "Hola", "en@example.org": "Hello"} {
			if got := to(msgs, addr); len(got) != 1 || got[0].Subject != subject {
				t.Errorf("%s: want one message %q, got %d", addr, subject, len(got))
			}
		}
	})

	t.Run("ErrInvalid", func(t *testing.T) {
		path := "/api/v1/activities/" + act.ID + "/messages"
		cases := map[string]struct{ body, field string }{
			"unknown audience": {`{"subject":{"en":"a"},"body":{"en":"b"},"audience":["everyone"]}`, "audience.0"},
			"no audience":      {`{"subject":{"en":"a"},"body":{"en":"b"}}`, "audience"},
			"line break":       {`{"subject":{"en":"a\r\nBcc: x@example.org"},"body":{"en":"b"},"audience":["confirmed"]}`, "subject.en"},
			"missing subject":  {`{"subject":{"en":"a"},"body":{"en":"b","pl":"c"},"audience":["confirmed"]}`, "subject.pl"},
			"no body":          {`{"subject":{"en":"a"},"audience":["confirmed"]}`, "body"},
			"wrong type":       {`{"subject":"a","body":{"en":"b"},"audience":["confirmed"]}`, "subject"},
			"unknown format":   {`{"subject":{"en":"a"},"body":{"en":"b"},"audience":["confirmed"],"format":"html"}`, "format"},
		}
		for name, c := range cases {
			r := a.do("POST", path, c.body, bearer(org.Organiser)...)
			wantError(t, r, 422, "validation_failed")
			if _, ok := fieldErrors(t, r)[c.field]; !ok {
				t.Errorf("%s: no error for %s in %s", name, c.field, r.Body)
			}
		}
	})
	t.Run("ErrForbidden", func(t *testing.T) {
		other := a.newOrg(t, a.adminToken(t), "other-msg")
		r := a.do("POST", "/api/v1/activities/"+act.ID+"/messages",
			`{"subject":{"en":"a"},"body":{"en":"b"},"audience":["confirmed"]}`, bearer(other.Organiser)...)
		wantError(t, r, 403, "forbidden")
		wantError(t, a.do("GET", "/api/v1/messages/"+accepted.ID, nil, bearer(other.Organiser)...), 403, "forbidden")
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		wantError(t, a.do("GET", "/api/v1/messages/nope", nil, bearer(org.Organiser)...), 404, "not_found")
		wantError(t, a.do("POST", "/api/v1/activities/nope/messages",
			`{"subject":{"en":"a"},"body":{"en":"b"},"audience":["confirmed"]}`, bearer(org.Organiser)...), 404, "not_found")
	})
	t.Run("ErrUnauthorized", func(t *testing.T) {
		wantError(t, a.do("GET", "/api/v1/messages/"+accepted.ID, nil), 401, "unauthorized")
	})
}

type outboxItemJSON struct {
	ID        string `json:"id"`
	To        string `json:"to"`
	Kind      string `json:"kind"`
	Status    string `json:"status"`
	Attempts  int    `json:"attempts"`
	LastError string `json:"last_error"`
}

// TestOutboxFailedAndRetry: staff see their organisation's failed emails
// (and no one else's) and can send one again.
func TestOutboxFailedAndRetry(t *testing.T) {
	box, smtpURL := newMailbox(t)
	box.srv.FailRecipient("typo@example.org", 550)
	a := startApp(t, map[string]string{"SMTP_URL": smtpURL, "MAIL_RETRY_BASE": "50ms"})
	org := signupOrg(t, a)
	act := a.publishedActivity(t, org.Organiser, activityBody(7, nil))
	a.signUp(t, act.ID, signupBody("typo@example.org", nil))
	a.signUp(t, act.ID, signupBody("fine@example.org", nil))
	box.srv.WaitFor(1, 30*time.Second)

	var page struct {
		Items      []outboxItemJSON `json:"items"`
		NextCursor *string          `json:"next_cursor"`
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		a.must(200, "GET", "/api/v1/outbox?status=failed", nil, bearer(org.Organiser)...).JSON(t, &page)
		if len(page.Items) > 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if len(page.Items) != 1 || page.Items[0].To != "typo@example.org" || !strings.Contains(page.Items[0].LastError, "550") {
		t.Fatalf("failed emails %+v", page.Items)
	}
	failed := page.Items[0]

	t.Run("OtherOrganisationSeesNothing", func(t *testing.T) {
		other := a.newOrg(t, a.adminToken(t), "other-outbox")
		a.must(200, "GET", "/api/v1/outbox?status=failed", nil, bearer(other.Organiser)...).JSON(t, &page)
		if len(page.Items) != 0 {
			t.Fatalf("another organisation sees %+v", page.Items)
		}
		wantError(t, a.do("POST", "/api/v1/outbox/"+failed.ID+"/retry", nil, bearer(other.Organiser)...), 403, "forbidden")
	})
	t.Run("ErrUnknownStatus", func(t *testing.T) {
		wantError(t, a.do("GET", "/api/v1/outbox?status=lost", nil, bearer(org.Organiser)...), 400, "bad_request")
	})
	t.Run("RetryDelivers", func(t *testing.T) {
		box.srv.FailRecipient("typo@example.org", 0)
		var e outboxItemJSON
		a.must(200, "POST", "/api/v1/outbox/"+failed.ID+"/retry", nil, bearer(org.Organiser)...).JSON(t, &e)
		if e.Status != "pending" || e.Attempts != 0 {
			t.Fatalf("after retry: %+v", e)
		}
		msgs := box.waitAll(t, a, 2)
		if len(to(msgs, "typo@example.org")) != 1 {
			t.Fatal("retried email not delivered")
		}
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
			a.must(200, "GET", "/api/v1/outbox?status=sent", nil, bearer(org.Organiser)...).JSON(t, &page)
			if len(page.Items) == 2 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("sent emails %+v", page.Items)
			}
		}
		wantError(t, a.do("POST", "/api/v1/outbox/"+failed.ID+"/retry", nil, bearer(org.Organiser)...), 409, "conflict")
	})
}
