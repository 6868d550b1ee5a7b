package main

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestConsoleMessages(t *testing.T) {
	mb, smtpURL := newMailbox(t)
	a := startApp(t, map[string]string{"SMTP_URL": smtpURL, "MAIL_RETRY_BASE": "100ms"})
	org := a.newOrg(t, a.adminToken(t), "msg-lib")
	id := a.publishedActivity(t, org.Organiser, activityBody(3, map[string]any{"capacity": 2})).ID
	a.signUp(t, id, signupBody("olena@example.org", map[string]any{"language": "uk"}))
	a.signUp(t, id, signupBody("jan@example.org", map[string]any{"language": "pl"}))
	a.signUp(t, id, signupBody("amal@example.org", map[string]any{"language": "ar"})) // waiting
	mb.waitAll(t, a, 3)
	c := a.consoleLogin(t, "organiser@msg-lib.example.org", "password-organiser")
	path := "/staff/activities/" + id + "/message"
	msg := url.Values{"audience": {"confirmed"}, "format": {"text"}, "text_rows": {"2"},
		"m.0.lang": {"en"}, "m.0.subject": {"Bring a cup"}, "m.0.body": {"Please bring your own cup."},
		"m.1.lang": {"uk"}, "m.1.subject": {"Візьміть чашку"}, "m.1.body": {"Будь ласка, візьміть свою чашку."}}
	with := func(action string) url.Values {
		f := url.Values{}
		for k, v := range msg {
			f[k] = v
		}
		f.Set("action", action)
		return f
	}

	t.Run("Compose", func(t *testing.T) {
		body := wantConsolePage(t, c.get(path), 200)
		wantContains(t, body, `name="audience" value="confirmed" checked`, `name="audience" value="waitlisted">`,
			`id="m-0-subject"`, `<option value="pl" selected lang="pl">`, `value="add_text"`)
	})
	t.Run("AddLanguage", func(t *testing.T) {
		body := wantConsolePage(t, c.post(path, with("add_text")), 200)
		wantContains(t, body, `name="text_rows" value="3"`, `id="m-2-lang"`, `value="Візьміть чашку"`)
	})
	t.Run("Preview", func(t *testing.T) {
		body := wantConsolePage(t, c.post(path, with("preview")), 200)
		wantContains(t, body, "This message will go to 2 people.", "Please bring your own cup.",
			`<input type="hidden" name="m.1.subject" value="Візьміть чашку">`, `value="send"`, `value="edit"`,
			`<article class="preview" lang="uk" dir="ltr"`)
	})
	t.Run("ErrPreviewIncomplete", func(t *testing.T) {
		f := with("preview")
		f.Set("m.0.body", "")
		body := wantConsolePage(t, c.post(path, f), 422)
		wantContains(t, body, `href="#m-0-body"`, `value="Bring a cup"`)
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		f := with("send")
		f.Set("m.1.subject", "")
		f.Del("audience")
		body := wantConsolePage(t, c.post(path, f), 422)
		wantContains(t, body, `href="#m-1-subject"`, `href="#f-audience"`, `>Please bring your own cup.</textarea>`)
	})
	t.Run("Send", func(t *testing.T) {
		loc := wantRedirect(t, c.post(path, with("send")))
		mid, ok := strings.CutPrefix(loc, "/staff/messages/")
		mid, ok2 := strings.CutSuffix(mid, "?done=sent")
		if !ok || !ok2 {
			t.Fatalf("send went to %q", loc)
		}
		body := wantConsolePage(t, c.get(loc), 200)
		wantContains(t, body, "The message is on its way.", "Bring a cup", "<dt>Recipients</dt><dd>2</dd>")
		mails := mb.waitAll(t, a, 5)
		if got := to(mails, "olena@example.org"); len(got) != 2 || got[1].Subject != "Візьміть чашку" {
			t.Fatalf("Olena's emails: %+v", got)
		}
		if got := to(mails, "jan@example.org"); len(got) != 2 || got[1].Subject != "Bring a cup" {
			t.Fatalf("Jan's emails (no Polish text: the first language): %+v", got)
		}
		if got := to(mails, "amal@example.org"); len(got) != 1 {
			t.Fatalf("the waiting list got the message meant for the confirmed: %+v", got)
		}
		// The outbox marks an email sent just after the server took it.
		deadline := time.Now().Add(10 * time.Second)
		for body = wantConsolePage(t, c.get("/staff/messages/"+mid), 200); !strings.Contains(body, "<dt>Sent</dt><dd>2</dd>"); {
			if time.Now().After(deadline) {
				t.Fatalf("delivery page never shows 2 sent:\n%s", body)
			}
			time.Sleep(100 * time.Millisecond)
			body = wantConsolePage(t, c.get("/staff/messages/"+mid), 200)
		}
		body = wantConsolePage(t, c.get("/staff/activities/"+id), 200)
		wantContains(t, body, `href="/staff/messages/`+mid+`"`, "2 recipients")
	})
}
