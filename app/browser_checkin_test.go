package main

import (
	"regexp"
	"testing"

	"github.com/chromedp/chromedp"
)

var checkinLink = regexp.MustCompile(`>https?://[^/<]+(/c/[^<"]+)<`)

// TestBrowserCheckin: the page a QR code opens, on a 320 px phone in
// English and Arabic — the staff member's, with its one button pressed
// without JavaScript, and everyone else's — and the sign-in sheet, with
// axe finding nothing.
func TestBrowserCheckin(t *testing.T) {
	kit := needBrowser(t)
	a := startApp(t, nil)
	org := a.newOrg(t, a.adminToken(t), "door-lib")
	act := a.publishedActivity(t, org.Organiser, activityBody(2, map[string]any{"languages": []string{"ar", "en"}}))
	su := a.signUp(t, act.ID, signupBody("door@example.org", map[string]any{"name": "مريم حداد", "party_size": 1}))
	m := checkinLink.FindStringSubmatch(wantPage(t, a.page(t, "/signups/"+su.ManageToken+"?lang=en"), 200, "en"))
	if m == nil {
		t.Fatal("no check-in address on the manage page")
	}
	path := m[1]

	anon := newBrowser(t, kit)
	for _, lang := range []string{"en", "ar"} {
		checkPageAt(t, anon, kit, a.URL, axePage{name: "check-in (not staff)", path: path}, lang, 320)
	}

	ctx := newBrowser(t, kit)
	run(t, ctx, "phone", viewport(320))
	browserLogin(t, ctx, a, "organiser@door-lib.example.org", "password-organiser")
	for _, lang := range []string{"en", "ar"} {
		checkPageAt(t, ctx, kit, a.URL, axePage{name: "check-in", path: path}, lang, 320)
		checkPageAt(t, ctx, kit, a.URL, axePage{name: "sign-in sheet", path: "/staff/activities/" + act.ID + "/sheet"}, lang, 320)
	}
	// axe needs JavaScript: the button is pressed in a browser without.
	door := newBrowser(t, kit)
	run(t, door, "phone", viewport(320))
	browserLogin(t, door, a, "organiser@door-lib.example.org", "password-organiser")
	run(t, door, "check in without JavaScript", noJavaScript(),
		chromedp.Navigate(a.URL+path+"?lang=ar"),
		chromedp.Click(chromedp.CSS(`button.checkin-button`)),
		chromedp.WaitReady(chromedp.CSS(`.checked-in`)),
	)
	checkPageAt(t, ctx, kit, a.URL, axePage{name: "checked in", path: path + "?done=checkin"}, "ar", 320)
	if st := a.checkinStatus(t, org.Organiser, act.ID, su.ID); st != "attended" {
		t.Fatalf("status %s after pressing the button, want attended", st)
	}
}
