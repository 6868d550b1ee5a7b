package main

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/agora-events/agora/web"
)

// TestBrowserLibrarianDay walks a librarian's day on a phone (320 px), in
// English and in Arabic: find last month's activity among the past ones,
// open its attendees, add a walk-in who is at the door as attended, cancel
// a signup of the next activity through its confirmation step (the
// attendee's email arrives) and download the year's report. axe checks
// every page on the way.
func TestBrowserLibrarianDay(t *testing.T) {
	kit := needBrowser(t)
	mb, smtpURL := newMailbox(t)
	a := startApp(t, map[string]string{"SMTP_URL": smtpURL, "MAIL_RETRY_BASE": "100ms"})
	org := a.newOrg(t, a.adminToken(t), "day-lib")
	cat, err := web.NewCatalog()
	if err != nil {
		t.Fatal(err)
	}
	ctx := newBrowser(t, kit)
	browserLogin(t, ctx, a, "organiser@day-lib.example.org", "password-organiser")
	run(t, ctx, "phone", viewport(320))

	sent := 0
	for _, lang := range []string{"en", "ar"} {
		t.Run(lang, func(t *testing.T) {
			title := "Book club " + lang
			past := a.publishedActivity(t, org.Organiser, activityBody(1, map[string]any{
				"title": map[string]string{"en": title}})).ID
			a.signUp(t, past, signupBody("reader-"+lang+"@example.org", nil))
			a.moveToPast(t, past, 31*24*time.Hour)
			next := a.publishedActivity(t, org.Organiser, activityBody(3, nil)).ID
			leaving := a.signUp(t, next, signupBody("leaving-"+lang+"@example.org", map[string]any{"language": lang}))
			sent += 2 // the two confirmations

			run(t, ctx, "find last month's activity",
				chromedp.Navigate(a.URL+"/staff/?tab=past&lang="+lang),
				chromedp.WaitReady(chromedp.CSS(`#f-dash-q`)),
				chromedp.SendKeys(chromedp.CSS(`#f-dash-q`), title),
				chromedp.Submit(chromedp.CSS(`#f-dash-q`)),
				chromedp.WaitReady(chromedp.CSS(`main a[href="/staff/activities/`+past+`/attendees"]`)),
			)
			checkPage(t, ctx, kit, "past activities found "+lang)
			run(t, ctx, "open its attendees",
				chromedp.Click(chromedp.CSS(`main a[href="/staff/activities/`+past+`/attendees"]`)),
				chromedp.WaitReady(chromedp.CSS(`ul.attendees`)),
			)
			if got := textOf(t, ctx, "ul.attendees"); !strings.Contains(got, "reader-"+lang+"@example.org") {
				t.Fatalf("attendees of last month's activity: %q", got)
			}
			checkPage(t, ctx, kit, "attendees "+lang)

			run(t, ctx, "add a walk-in at the door",
				chromedp.Navigate(a.URL+"/staff/activities/"+past+"?lang="+lang),
				chromedp.WaitReady(chromedp.CSS(`#add-f-name`)),
				chromedp.SendKeys(chromedp.CSS(`#add-f-name`), "أمينة يوسف"),
				chromedp.SetValue(chromedp.CSS(`#add-f-language`), "ar"),
				chromedp.Click(chromedp.CSS(`#add-f-attended`)),
				chromedp.Submit(chromedp.CSS(`#add-f-name`)),
				chromedp.WaitReady(chromedp.CSS(`main .notice`)),
			)
			checkPage(t, ctx, kit, "walk-in added "+lang)
			var list struct {
				Items []struct {
					Name, Status, Source string
				} `json:"items"`
			}
			a.must(200, "GET", "/api/v1/activities/"+past+"/signups", nil, bearer(org.Organiser)...).JSON(t, &list)
			walkIn := false
			for _, su := range list.Items {
				walkIn = walkIn || su.Name == "أمينة يوسف" && su.Status == "attended" && su.Source == "staff"
			}
			if !walkIn {
				t.Fatalf("no attended walk-in among %+v", list.Items)
			}

			run(t, ctx, "cancel a signup: the confirmation step",
				chromedp.Navigate(a.URL+"/staff/activities/"+next+"/attendees?lang="+lang),
				chromedp.WaitReady(chromedp.CSS(`#s-`+leaving.ID+` a.danger-link`)),
				chromedp.Click(chromedp.CSS(`#s-`+leaving.ID+` a.danger-link`)),
				chromedp.WaitReady(chromedp.CSS(`main button.danger`)),
			)
			checkPage(t, ctx, kit, "cancel signup confirmation "+lang)
			run(t, ctx, "cancel the signup",
				chromedp.Click(chromedp.CSS(`main button.danger`)),
				chromedp.WaitReady(chromedp.CSS(`main .notice`)),
			)
			checkPage(t, ctx, kit, "signup cancelled "+lang)
			sent++
			mails := to(mb.waitAll(t, a, sent), "leaving-"+lang+"@example.org")
			if len(mails) != 2 {
				t.Fatalf("the leaving attendee got %d emails, want the confirmation and the cancellation", len(mails))
			}

			run(t, ctx, "open the report",
				chromedp.Navigate(a.URL+"/staff/reports?lang="+lang),
				chromedp.WaitReady(chromedp.CSS(`main a.csv`)),
			)
			checkPage(t, ctx, kit, "report "+lang)
			if csv := string(download(t, ctx, "main a.csv")); !strings.Contains(csv, cat.T(lang, "kind.language_cafe", nil)) {
				t.Fatalf("report CSV:\n%s", csv)
			}
		})
	}
}
