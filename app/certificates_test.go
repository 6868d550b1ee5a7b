package main

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestCertificates: an attendee checked in opens their certificate once
// the activity has ended; it verifies by its code and the name as printed
// (whatever the case, spacing or Unicode form), not with another name,
// and still after the person erased their data or retention did; revoked,
// it stops verifying, and the revocation is in the audit log. Nobody not
// checked in gets one, staff issue a whole activity's at once, and other
// organisations' staff can do neither.
func TestCertificates(t *testing.T) {
	a := startApp(t, map[string]string{"RETENTION_DAYS": "1", "SCHEDULER_INTERVAL": "100ms"})
	admin := a.adminToken(t)
	org := a.newOrg(t, admin, "cert-lib")
	other := a.newOrg(t, admin, "cert-other")

	t.Run("VerifiesByCodeAndName", func(t *testing.T) {
		name := "Zoë Ñúñez Haddad"
		actID, su := a.attendedSignup(t, org, "zoe@example.org", name, "uk")
		manage := wantPage(t, a.page(t, "/signups/"+su.ManageToken+"?lang=uk"), 200, "uk")
		wantContains(t, manage, `href="/signups/`+su.ManageToken+`/certificate"`)
		code, body := a.openCertificate(t, su.ManageToken, "uk")
		// The attendee's language (uk) and the organisation's (pl) side
		// by side; the name isolated; the QR code leads to the check.
		wantContains(t, body, `<section class="cert-column" lang="uk" dir="ltr">`,
			`<section class="cert-column" lang="pl" dir="ltr">`, "<bdi>"+name+"</bdi>",
			"Сертифікат про участь", "Zaświadczenie o udziale", "Kawiarenka językowa",
			`<svg xmlns="http://www.w3.org/2000/svg"`, "/verify/"+strings.ReplaceAll(code, "-", ""))
		again, _ := a.openCertificate(t, su.ManageToken, "uk")
		if again != code {
			t.Fatalf("second view printed code %s, first %s", again, code)
		}
		c := a.wantVerifies(t, code, name)
		act := a.activity(t, org.Organiser, actID)
		if c.Organisation != "Library cert-lib" || c.Activity["pl"] != "Kawiarenka językowa" || c.Hours != 1 ||
			len(c.Dates) != 1 || !c.Dates[0].StartsAt.Equal(act.StartsAt) || !c.Dates[0].EndsAt.Equal(act.EndsAt) {
			t.Fatalf("certificate says %+v; activity %+v", c, act)
		}
		for _, typed := range []string{"  ZOË   ñúñez haddad ", "Zoe\u0308 N\u0303u\u0301n\u0303ez Haddad", "zoë\tÑÚÑEZ HADDAD"} {
			a.wantVerifies(t, code, typed)
		}
		a.wantVerifies(t, strings.ToLower(strings.ReplaceAll(code, "-", "")), name)
		a.wantNotVerified(t, code, "Zoe Nunez Haddad")
		a.wantNotVerified(t, code, "Olena Kovalenko")
		a.wantNotVerified(t, "ZZZZZ-ZZZZZ", name)
		a.wantNotVerified(t, "not-a-code", name)
		wantError(t, a.do("GET", "/api/v1/certificates/"+code, nil), 400, "bad_request")

		// The page the QR code leads to: a form, then the answer.
		verifyPath := "/verify/" + strings.ReplaceAll(code, "-", "")
		form := wantPage(t, a.page(t, verifyPath+"?lang=ar"), 200, "ar")
		wantContains(t, form, `name="name"`, "التحقق من شهادة", code)
		ok := wantPage(t, a.postForm(t, verifyPath+"?lang=uk", url.Values{"name": {" zoë  ñúñez HADDAD"}}), 200, "uk")
		wantContains(t, ok, "Цей сертифікат дійсний.", "Kawiarenka językowa")
		bad := wantPage(t, a.postForm(t, verifyPath+"?lang=uk", url.Values{"name": {"Someone Else"}}), 200, "uk")
		wantContains(t, bad, "Немає дійсного сертифіката з цим кодом і цим ім’ям.")
		if strings.Contains(bad, "Kawiarenka") {
			t.Error("a wrong name shows what the certificate certifies")
		}
		empty := wantPage(t, a.postForm(t, verifyPath, url.Values{"name": {"  "}}), 422, "en")
		wantContains(t, empty, "Enter the name printed on the certificate")
	})

	t.Run("NoneWithoutAttendanceOrBeforeTheEnd", func(t *testing.T) {
		act := a.publishedActivity(t, org.Organiser, activityBody(3, nil))
		came := a.signUp(t, act.ID, signupBody("came@example.org", map[string]any{"name": "Came Early"}))
		stayed := a.signUp(t, act.ID, signupBody("stayed@example.org", map[string]any{"name": "Stayed Home"}))
		a.must(200, "PATCH", "/api/v1/signups/"+came.ID, map[string]string{"status": "attended"}, bearer(org.Organiser)...)
		notEnded := wantPage(t, a.page(t, "/signups/"+came.ManageToken+"/certificate?lang=en"), 200, "en")
		wantContains(t, notEnded, "Your certificate will be ready here once the activity has ended.")
		wantError(t, a.do("POST", "/api/v1/activities/"+act.ID+"/certificates", nil, bearer(org.Organiser)...), 409, "activity_not_ended")

		a.endActivity(t, org.Organiser, act.ID, 3*time.Hour)
		a.must(200, "PATCH", "/api/v1/signups/"+stayed.ID, map[string]string{"status": "no_show"}, bearer(org.Organiser)...)
		page := wantPage(t, a.page(t, "/signups/"+stayed.ManageToken+"/certificate?lang=en"), 200, "en")
		wantContains(t, page, "Certificates are given only to people the organisers checked in")
		manage := wantPage(t, a.page(t, "/signups/"+stayed.ManageToken+"?lang=en"), 200, "en")
		for _, body := range []string{notEnded, page, manage} {
			if certificateCode.MatchString(body) || strings.Contains(body, "/certificate\"") {
				t.Fatalf("a certificate or its link offered:\n%.2000s", body)
			}
		}
		var issued struct {
			Issued int `json:"issued"`
		}
		a.must(200, "POST", "/api/v1/activities/"+act.ID+"/certificates", nil, bearer(org.Organiser)...).JSON(t, &issued)
		if issued.Issued != 1 {
			t.Fatalf("issued %d, want 1 (the no-show gets none)", issued.Issued)
		}
		a.wantNotVerified(t, "", "Stayed Home")
	})

	t.Run("StillVerifiesAfterErasure", func(t *testing.T) {
		name := "Bogdan Petrenko"
		_, su := a.attendedSignup(t, org, "bogdan@example.org", name, "uk")
		code, _ := a.openCertificate(t, su.ManageToken, "uk")
		a.must(204, "DELETE", "/api/v1/signups/"+su.ManageToken, nil)
		wantPage(t, a.page(t, "/signups/"+su.ManageToken+"/certificate"), 404, "en")
		a.wantVerifies(t, code, name)
		a.wantNotVerified(t, code, "Olena Kovalenko")
	})

	t.Run("StillVerifiesAfterRetention", func(t *testing.T) {
		name := "Mariam Al-Khatib مريم"
		actID, su := a.attendedSignup(t, org, "mariam@example.org", name, "ar")
		code, _ := a.openCertificate(t, su.ManageToken, "ar")
		a.endActivity(t, org.Organiser, actID, 50*time.Hour) // past RETENTION_DAYS=1
		a.waitErased(t, org.Organiser, actID)
		deadline := time.Now().Add(10 * time.Second)
		for found := a.whereStored(t, name); len(found) > 0; found = a.whereStored(t, name) {
			if time.Now().After(deadline) {
				t.Fatalf("the name is still stored after retention: %v", found)
			}
			time.Sleep(100 * time.Millisecond)
		}
		c := a.wantVerifies(t, code, name)
		if c.Hours != 1 || c.Organisation != "Library cert-lib" {
			t.Fatalf("after retention the certificate says %+v", c)
		}
		a.wantNotVerified(t, code, "Mariam")
	})

	t.Run("RevokedStopsVerifyingAndIsAudited", func(t *testing.T) {
		name := "Chen Wei"
		_, su := a.attendedSignup(t, org, "chen@example.org", name, "en")
		code, _ := a.openCertificate(t, su.ManageToken, "en")
		a.wantVerifies(t, code, name)
		wantError(t, a.do("DELETE", "/api/v1/certificates/"+code, nil), 401, "unauthorized")
		wantError(t, a.do("DELETE", "/api/v1/certificates/"+code, nil, bearer(other.Organiser)...), 403, "forbidden")
		wantError(t, a.do("DELETE", "/api/v1/certificates/ZZZZZ-ZZZZZ", nil, bearer(org.Organiser)...), 404, "not_found")
		a.wantVerifies(t, code, name)
		a.must(204, "DELETE", "/api/v1/certificates/"+code, nil, bearer(org.Organiser)...)
		a.must(204, "DELETE", "/api/v1/certificates/"+code, nil, bearer(org.Organiser)...)
		a.wantNotVerified(t, code, name)
		page := wantPage(t, a.page(t, "/signups/"+su.ManageToken+"/certificate?lang=en"), 200, "en")
		wantContains(t, page, "The organisers have withdrawn this certificate.")
		if certificateCode.MatchString(page) {
			t.Fatal("a revoked certificate is still printed")
		}
		revocations := 0
		for _, e := range a.allAudit(t, org.Manager, "", 100).Items {
			if e.Action == "certificate.revoke" {
				revocations++
				if e.TargetType != "certificate" || e.ActorRole != "organiser" || e.OrganisationID != org.ID ||
					strings.Contains(e.Detail+e.TargetID, name) {
					t.Fatalf("revocation entry %+v", e)
				}
			}
		}
		if revocations != 1 {
			t.Fatalf("%d revocations in the audit log, want 1", revocations)
		}
	})

	t.Run("StaffIssueForTheWholeActivity", func(t *testing.T) {
		act := a.publishedActivity(t, org.Organiser, activityBody(3, nil))
		names := []string{"Amira Haddad", "Dara Nouri", "Erin Keane"}
		var signups []signupJSON
		for i, n := range names {
			su := a.signUp(t, act.ID, signupBody(strings.ToLower(strings.Fields(n)[0])+"@example.org", map[string]any{"name": n}))
			status := "attended"
			if i == 2 {
				status = "no_show"
			}
			a.must(200, "PATCH", "/api/v1/signups/"+su.ID, map[string]string{"status": status}, bearer(org.Organiser)...)
			signups = append(signups, su)
		}
		a.endActivity(t, org.Organiser, act.ID, 3*time.Hour)
		// The first attendee opened theirs already: it is not issued twice.
		first, _ := a.openCertificate(t, signups[0].ManageToken, "en")
		wantError(t, a.do("POST", "/api/v1/activities/"+act.ID+"/certificates", nil, bearer(other.Organiser)...), 403, "forbidden")
		wantError(t, a.do("POST", "/api/v1/activities/"+act.ID+"/certificates", nil), 401, "unauthorized")
		issue := func() int {
			var out struct {
				Issued int `json:"issued"`
			}
			a.must(200, "POST", "/api/v1/activities/"+act.ID+"/certificates", nil, bearer(org.Organiser)...).JSON(t, &out)
			return out.Issued
		}
		if n := issue(); n != 1 {
			t.Fatalf("issued %d, want 1 (one attendee had theirs, one did not come)", n)
		}
		if n := issue(); n != 0 {
			t.Fatalf("issued %d again, want 0", n)
		}
		second, _ := a.openCertificate(t, signups[1].ManageToken, "en")
		again, _ := a.openCertificate(t, signups[0].ManageToken, "en")
		if again != first || second == first {
			t.Fatalf("codes %s, %s, %s: a certificate changed or two share a code", first, again, second)
		}
		a.wantVerifies(t, second, "Dara Nouri")

		// The console lists them, with the issue button and a revoke step.
		c := a.consoleLogin(t, "organiser@cert-lib.example.org", "password-organiser")
		body := wantConsolePage(t, c.get("/staff/activities/"+act.ID), 200)
		wantContains(t, body, `action="/staff/activities/`+act.ID+`/certificates"`, "Amira Haddad", first, second)
		wantRedirect(t, c.post("/staff/activities/"+act.ID+"/certificates", url.Values{}))
		revoke := "/staff/activities/" + act.ID + "/certificates/" + strings.ReplaceAll(second, "-", "") + "/revoke"
		wantContains(t, body, `href="`+revoke+`"`)
		wantContains(t, wantConsolePage(t, c.get(revoke), 200), "Revoke this certificate?")
		wantRedirect(t, c.post(revoke, url.Values{}))
		a.wantNotVerified(t, second, "Dara Nouri")
		a.wantVerifies(t, first, "Amira Haddad")
		oc := a.consoleLogin(t, "organiser@cert-other.example.org", "password-organiser")
		wantConsolePage(t, oc.post(revoke, url.Values{}), 403)
	})
}

// TestCertificateSeries: for an activity repeated into a series, the
// certificate counts every ended session the same person (by email)
// attended — its dates listed, its hours added up — and no session they
// missed or that has not ended.
func TestCertificateSeries(t *testing.T) {
	a := startApp(t, nil)
	org := a.newOrg(t, a.adminToken(t), "cert-series")
	first := a.publishedActivity(t, org.Organiser, activityBody(3, nil))
	var copies struct {
		Items []activityJSON `json:"items"`
	}
	a.must(201, "POST", "/api/v1/activities/"+first.ID+"/repeat", map[string]any{"frequency": "weekly", "count": 3},
		bearer(org.Organiser)...).JSON(t, &copies)
	sessions := append([]string{first.ID}, copies.Items[0].ID, copies.Items[1].ID, copies.Items[2].ID)
	name := "Yusuf Demir"
	var mine []signupJSON
	for i, id := range sessions {
		email := "Yusuf@Example.org"
		if i == 1 {
			email = "yusuf@example.org" // the same person, written otherwise
		}
		su := a.signUp(t, id, signupBody(email, map[string]any{"name": name}))
		status := map[int]string{0: "attended", 1: "attended", 2: "no_show", 3: "attended"}[i]
		a.must(200, "PATCH", "/api/v1/signups/"+su.ID, map[string]string{"status": status}, bearer(org.Organiser)...)
		mine = append(mine, su)
	}
	other := a.signUp(t, sessions[2], signupBody("someone@example.org", map[string]any{"name": "Someone Else"}))
	a.must(200, "PATCH", "/api/v1/signups/"+other.ID, map[string]string{"status": "attended"}, bearer(org.Organiser)...)
	// Three sessions took place, two weeks, one week and a day ago; the
	// last is still ahead.
	for i, ago := range []time.Duration{14 * 24 * time.Hour, 7 * 24 * time.Hour, 24 * time.Hour} {
		a.endActivity(t, org.Organiser, sessions[i], ago)
	}
	code, body := a.openCertificate(t, mine[1].ManageToken, "en")
	c := a.wantVerifies(t, code, name)
	if c.Hours != 2 || len(c.Dates) != 2 {
		t.Fatalf("series certificate says %+v; want two sessions, 2 hours", c)
	}
	for i, id := range sessions[:2] {
		if act := a.activity(t, org.Organiser, id); !c.Dates[i].StartsAt.Equal(act.StartsAt) || !c.Dates[i].EndsAt.Equal(act.EndsAt) {
			t.Fatalf("session %d: %+v, want %v–%v", i, c.Dates[i], act.StartsAt, act.EndsAt)
		}
	}
	// Each column lists both sessions, then the total: 2 hours.
	if got := strings.Count(body, "<dd>"); got != 2*4 || !strings.Contains(body, "<dt>Hours</dt>\n<dd>2</dd>") {
		t.Fatalf("the page does not list both sessions and 2 hours (%d <dd>):\n%.3000s", got, body)
	}
	ahead := wantPage(t, a.page(t, "/signups/"+mine[3].ManageToken+"/certificate?lang=en"), 200, "en")
	if certificateCode.MatchString(ahead) {
		t.Fatal("a certificate for a session still ahead")
	}
}
