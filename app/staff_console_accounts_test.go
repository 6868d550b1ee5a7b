package main

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
)

var invitationLink = regexp.MustCompile(`https?://[^\s"<>]+/staff/invitations/([A-Za-z0-9_-]{43})`)

// staffAccounts is an app of its own (the mailbox counts every email it
// sends) with an organisation whose manager is logged in to the console.
type staffAccounts struct {
	mb  *mailbox
	a   *testApp
	org testOrg
	m   *console
}

func newStaffAccounts(t *testing.T) *staffAccounts {
	t.Helper()
	mb, smtpURL := newMailbox(t)
	a := startApp(t, map[string]string{"SMTP_URL": smtpURL, "MAIL_RETRY_BASE": "100ms"})
	org := a.newOrg(t, a.adminToken(t), "staff-lib")
	return &staffAccounts{mb: mb, a: a, org: org, m: a.consoleLogin(t, "manager@staff-lib.example.org", "password-manager")}
}

// inviteMaria invites Maria Nowak as an organiser and returns the token of
// the link in her invitation.
func (f *staffAccounts) inviteMaria(t *testing.T) string {
	t.Helper()
	wantRedirect(t, f.m.post("/staff/users", url.Values{"name": {"Maria Nowak"}, "email": {"Maria@Example.org"}, "role": {"organiser"}}))
	mail := to(f.mb.waitAll(t, f.a, 1), "maria@example.org")
	link := invitationLink.FindStringSubmatch(mail[0].Parts["text/plain"])
	if link == nil {
		t.Fatalf("no set-password link in:\n%s", mail[0].Parts["text/plain"])
	}
	return link[1]
}

// mariaWithPassword invites Maria, sets her password through the link and
// returns her account's id.
func (f *staffAccounts) mariaWithPassword(t *testing.T) string {
	t.Helper()
	c := f.a.newConsole(t)
	token := f.inviteMaria(t)
	csrf := csrfOf(t, wantPage(t, c.get("/staff/invitations/"+token), 200, "en"))
	wantRedirect(t, c.postRaw("/staff/invitations/"+token, url.Values{"csrf": {csrf},
		"password": {"a long new password"}, "password2": {"a long new password"}}))
	var me struct {
		ID string `json:"id"`
	}
	f.a.must(200, "GET", "/api/v1/me", nil, bearer(f.a.loginToken(t, "maria@example.org", "a long new password"))...).JSON(t, &me)
	return me.ID
}

func TestConsoleStaffAccounts(t *testing.T) {
	t.Run("Invite", func(t *testing.T) {
		f := newStaffAccounts(t)
		a, mb, m := f.a, f.mb, f.m
		r := m.post("/staff/users", url.Values{"name": {"Maria Nowak"}, "email": {"Maria@Example.org"}, "role": {"organiser"}})
		if loc := wantRedirect(t, r); loc != "/staff/users?done=invited" {
			t.Fatalf("invite went to %q", loc)
		}
		body := wantConsolePage(t, m.get("/staff/users?done=invited"), 200)
		wantContains(t, body, "The invitation is sent by email.", "Maria Nowak", "maria@example.org",
			"Invitation not accepted yet", "Send the invitation again")
		mail := to(mb.waitAll(t, a, 1), "maria@example.org")
		if len(mail) != 1 || mail[0].Subject != "Your staff account at Library staff-lib" {
			t.Fatalf("invitation email: %+v", mail)
		}
		link := invitationLink.FindStringSubmatch(mail[0].Parts["text/plain"])
		if link == nil {
			t.Fatalf("no set-password link in:\n%s", mail[0].Parts["text/plain"])
		}
		// No password yet: nobody logs in as the new account.
		wantError(t, a.do("POST", "/api/v1/auth/login", map[string]string{"email": "maria@example.org",
			"password": ""}), 401, "unauthorized")
	})
	t.Run("ErrInviteTaken", func(t *testing.T) {
		f := newStaffAccounts(t)
		m := f.m
		f.inviteMaria(t)
		body := wantConsolePage(t, m.post("/staff/users", url.Values{"name": {"Again"},
			"email": {"maria@example.org"}, "role": {"organiser"}}), 409)
		wantContains(t, body, `href="#f-email"`, "is already in use")
		body = wantConsolePage(t, m.post("/staff/users", url.Values{"name": {""}, "email": {"nope"}, "role": {"admin"}}), 422)
		wantContains(t, body, `href="#f-name"`, `href="#f-email"`, `href="#f-role"`)
	})
	t.Run("SetPassword", func(t *testing.T) {
		f := newStaffAccounts(t)
		a, org := f.a, f.org
		token := f.inviteMaria(t)
		c := a.newConsole(t)
		body := wantPage(t, c.get("/staff/invitations/"+token), 200, "en")
		wantContains(t, body, "Welcome, Maria Nowak.", `autocomplete="new-password"`)
		csrf := csrfOf(t, body)
		body = wantPage(t, c.postRaw("/staff/invitations/"+token, url.Values{"csrf": {csrf},
			"password": {"short"}, "password2": {"short"}}), 422, "en")
		wantContains(t, body, `href="#f-password"`)
		body = wantPage(t, c.postRaw("/staff/invitations/"+token, url.Values{"csrf": {csrf},
			"password": {"a long new password"}, "password2": {"another one"}}), 422, "en")
		wantContains(t, body, `href="#f-password2"`, "must be the same password as above")
		wantPage(t, c.postRaw("/staff/invitations/"+token, url.Values{"password": {"a long new password"},
			"password2": {"a long new password"}}), 403, "en")
		r := c.postRaw("/staff/invitations/"+token, url.Values{"csrf": {csrf},
			"password": {"a long new password"}, "password2": {"a long new password"}})
		if loc := wantRedirect(t, r); loc != "/staff/login?done=password" {
			t.Fatalf("set password went to %q", loc)
		}
		// The link works once.
		wantPage(t, c.get("/staff/invitations/"+token), 404, "en")
		maria := a.consoleLogin(t, "maria@example.org", "a long new password")
		wantConsolePage(t, maria.get("/staff/"), 200)
		var me struct {
			ID             string `json:"id"`
			Role           string `json:"role"`
			OrganisationID string `json:"organisation_id"`
		}
		a.must(200, "GET", "/api/v1/me", nil, bearer(a.loginToken(t, "maria@example.org", "a long new password"))...).JSON(t, &me)
		if me.Role != "organiser" || me.OrganisationID != org.ID {
			t.Fatalf("new account %+v", me)
		}
	})
	t.Run("ChangeRole", func(t *testing.T) {
		f := newStaffAccounts(t)
		a, m, newID := f.a, f.m, f.mariaWithPassword(t)
		wantRedirect(t, m.post("/staff/users/"+newID+"/role", url.Values{"role": {"manager"}}))
		maria := a.consoleLogin(t, "maria@example.org", "a long new password")
		wantConsolePage(t, maria.get("/staff/users"), 200)
		wantPage(t, m.post("/staff/users/"+newID+"/role", url.Values{"role": {"admin"}}), 422, "en")
	})
	t.Run("ErrOwnAccount", func(t *testing.T) {
		f := newStaffAccounts(t)
		a, m, org := f.a, f.m, f.org
		var me struct {
			ID string `json:"id"`
		}
		a.must(200, "GET", "/api/v1/me", nil, bearer(org.Manager)...).JSON(t, &me)
		wantPage(t, m.post("/staff/users/"+me.ID+"/active", url.Values{"active": {"no"}}), 403, "en")
		wantPage(t, m.post("/staff/users/"+me.ID+"/role", url.Values{"role": {"organiser"}}), 403, "en")
	})
	t.Run("Deactivate", func(t *testing.T) {
		f := newStaffAccounts(t)
		a, m, newID := f.a, f.m, f.mariaWithPassword(t)
		maria := a.consoleLogin(t, "maria@example.org", "a long new password")
		wantRedirect(t, m.post("/staff/users/"+newID+"/active", url.Values{"active": {"no"}}))
		// Her open session ends at once, and she cannot log in again.
		if loc := wantRedirect(t, maria.get("/staff/")); !strings.HasPrefix(loc, "/staff/login") {
			t.Fatalf("a turned-off account's session still works: %q", loc)
		}
		wantPage(t, a.newConsole(t).login("maria@example.org", "a long new password"), 401, "en")
		body := wantConsolePage(t, m.get("/staff/users"), 200)
		wantContains(t, body, "Turned off", "Turn on again")
		wantRedirect(t, m.post("/staff/users/"+newID+"/active", url.Values{"active": {"yes"}}))
		a.consoleLogin(t, "maria@example.org", "a long new password")
	})
	t.Run("ResendInvitation", func(t *testing.T) {
		f := newStaffAccounts(t)
		a, mb, m := f.a, f.mb, f.m
		wantRedirect(t, m.post("/staff/users", url.Values{"name": {"Piotr"}, "email": {"piotr@example.org"}, "role": {"organiser"}}))
		first := invitationLink.FindStringSubmatch(to(mb.waitAll(t, a, 1), "piotr@example.org")[0].Parts["text/plain"])[1]
		body := wantConsolePage(t, m.get("/staff/users"), 200)
		i := strings.Index(body, "piotr@example.org")
		resend := regexp.MustCompile(`action="(/staff/users/[^"]+/invite)"`).FindStringSubmatch(body[i:])
		if resend == nil {
			t.Fatal("no resend form for the pending account")
		}
		wantRedirect(t, m.post(resend[1], nil))
		second := invitationLink.FindStringSubmatch(to(mb.waitAll(t, a, 2), "piotr@example.org")[1].Parts["text/plain"])[1]
		if first == second {
			t.Fatal("the resent link is the old one")
		}
		wantPage(t, a.newConsole(t).get("/staff/invitations/"+first), 404, "en")
		wantPage(t, a.newConsole(t).get("/staff/invitations/"+second), 200, "en")
	})
}

func TestConsoleOrganisations(t *testing.T) {
	a := startApp(t, nil)
	c := a.consoleLogin(t, testAdminEmail, testAdminPassword)
	body := wantConsolePage(t, c.get("/staff/organisations"), 200)
	wantContains(t, body, "Add an organisation", `id="f-slug"`)
	form := url.Values{"name": {"Biblioteka Główna"}, "slug": {"glowna"}, "country": {"pl"},
		"timezone": {"Europe/Warsaw"}, "default_language": {"pl"}}
	if loc := wantRedirect(t, c.post("/staff/organisations", form)); loc != "/staff/organisations?done=org" {
		t.Fatalf("create went to %q", loc)
	}
	body = wantConsolePage(t, c.get("/staff/organisations?done=org"), 200)
	wantContains(t, body, "The organisation is added.", "Biblioteka Główna", "glowna", "PL")
	body = wantConsolePage(t, c.post("/staff/organisations", form), 409)
	wantContains(t, body, `href="#f-slug"`, "is already in use")
	form.Set("slug", "Not A Slug")
	form.Set("timezone", "Mars/Olympus")
	body = wantConsolePage(t, c.post("/staff/organisations", form), 422)
	wantContains(t, body, `href="#f-slug"`, `href="#f-tz"`)
	var list struct {
		Items []struct {
			Slug string `json:"slug"`
		} `json:"items"`
	}
	a.must(200, "GET", "/api/v1/organisations", nil).JSON(t, &list)
	if len(list.Items) != 1 || list.Items[0].Slug != "glowna" {
		t.Fatalf("organisations %+v", list.Items)
	}
}
