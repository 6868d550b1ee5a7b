package main

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserAccessibility runs axe-core on every public page, in English
// and in Arabic, on a wide screen and on a 320 px phone, and expects no
// violation and no sideways scrolling.
func TestBrowserAccessibility(t *testing.T) {
	kit := needBrowser(t)
	a := startApp(t, nil)
	id := pageFixture(t, a, "axe-lib", 3, nil)
	token := a.signUpByForm(t, id, validForm("axe@example.org"))
	ctx := newBrowser(t, kit)

	submitEmpty := chromedp.Steps(
		chromedp.Click(chromedp.CSS(`form[action$="/signup"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.errors`)),
	)
	// A change the edit form refuses (an answer too long) shows its errors.
	badEdit := chromedp.Steps(
		chromedp.SetValue(`#f-q-2`, strings.Repeat("x", 2001)),
		chromedp.Click(chromedp.CSS(`form[action$="/change"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.errors`)),
	)
	pages := []axePage{
		{"list", "/", nil},
		{"list-filtered", "/?kind=lunch&language=ar", nil},
		{"activity", "/activities/" + id, nil},
		{"activity-form-errors", "/activities/" + id, submitEmpty},
		{"manage", "/signups/" + token + "?done=signup", nil},
		{"manage-edit-errors", "/signups/" + token, badEdit},
		{"manage-changed", "/signups/" + token + "?done=change", nil},
		{"cancel", "/signups/" + token + "/cancel", nil},
		{"erase", "/signups/" + token + "/erase", nil},
		{"activity-link-sent", "/activities/" + id + "?link=sent", nil},
		{"not-found", "/activities/no-such-activity", nil},
	}
	for _, lang := range []string{"en", "ar"} {
		for _, width := range []int{1280, 320} {
			for _, p := range pages {
				checkPageAt(t, ctx, kit, a.URL, p, lang, width)
			}
		}
	}
}

// TestBrowserAxeFindsViolations proves the harness: axe, run as the
// tests run it, reports a page that breaks the rules.
func TestBrowserAxeFindsViolations(t *testing.T) {
	kit := needBrowser(t)
	ctx := newBrowser(t, kit)
	run(t, ctx, "bad page", chromedp.Navigate(`data:text/html,<html><title>x</title><body>`+
		`<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text"></body></html>`))
	found := map[string]bool{}
	for _, v := range runAxe(t, ctx, kit, "bad page").Violations {
		found[v.ID] = true
	}
	for _, want := range []string{"html-has-lang", "image-alt", "label"} {
		if !found[want] {
			t.Errorf("axe did not report %s; found %v", want, found)
		}
	}
}

// TestBrowserSignUpAndCancel fills the signup form, lands on the manage
// page, and cancels there.
func TestBrowserSignUpAndCancel(t *testing.T) {
	kit := needBrowser(t)
	a := startApp(t, nil)
	id := pageFixture(t, a, "journey-lib", 3, nil)
	ctx := newBrowser(t, kit)

	run(t, ctx, "sign up",
		viewport(1280),
		chromedp.Navigate(a.URL+"/activities/"+id+"?lang=en"),
		chromedp.SendKeys(chromedp.CSS(`#f-name`), "Jan Kowalski"),
		chromedp.SendKeys(chromedp.CSS(`#f-email`), "jan@example.org"),
		chromedp.SetValue(chromedp.CSS(`#f-party`), "3"),
		chromedp.Click(chromedp.CSS(`input[name="q.diet"][value="vegetarian"]`)),
		chromedp.SendKeys(chromedp.CSS(`#f-q-2`), "I come with my children"),
		chromedp.Click(chromedp.CSS(`#f-consent`)),
		chromedp.Click(chromedp.CSS(`form[action$="/signup"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.notice`)),
	)
	if url := get(t, ctx, "location", chromedp.Location()); !strings.Contains(url, "/signups/") {
		t.Fatalf("after signing up the browser is at %s, want the manage page", url)
	}
	if got := textOf(t, ctx, ".status"); got != "Confirmed" {
		t.Fatalf("status %q, want Confirmed", got)
	}
	if got := textOf(t, ctx, ".details"); !strings.Contains(got, "3 people") || !strings.Contains(got, "meet.example.org") {
		t.Errorf("manage page details: %q", got)
	}
	wantSeatsTaken(t, a, id, 3)

	run(t, ctx, "cancel",
		chromedp.Click(chromedp.CSS(`a[href$="/cancel"]`)),
		chromedp.WaitVisible(chromedp.CSS(`form[action$="/cancel"] button`)),
		chromedp.Click(chromedp.CSS(`form[action$="/cancel"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`.notice`)),
	)
	if got := textOf(t, ctx, ".notice"); !strings.Contains(got, "Your registration is cancelled.") {
		t.Errorf("notice after cancelling: %q", got)
	}
	if got := textOf(t, ctx, ".status"); got != "Cancelled" {
		t.Errorf("status %q, want Cancelled", got)
	}
	wantSeatsTaken(t, a, id, 0)
}

// TestBrowserSwitchLanguage switches to Arabic with the language picker
// and checks that the choice holds on the next page.
func TestBrowserSwitchLanguage(t *testing.T) {
	kit := needBrowser(t)
	a := startApp(t, nil)
	ctx := newBrowser(t, kit)

	run(t, ctx, "switch to Arabic",
		viewport(320),
		chromedp.Navigate(a.URL+"/"),
		chromedp.Click(chromedp.CSS(`details.langs summary`)),
		chromedp.Click(chromedp.CSS(`a[hreflang="ar"]`)),
		chromedp.WaitReady(chromedp.CSS(`html[lang="ar"][dir="rtl"]`)),
		chromedp.Navigate(a.URL+"/activities/no-such-activity"),
	)
	lang := get(t, ctx, "lang", chromedp.AttributeValue(chromedp.CSS("html"), "lang")).Value
	dir := get(t, ctx, "dir", chromedp.AttributeValue(chromedp.CSS("html"), "dir")).Value
	if lang != "ar" || dir != "rtl" {
		t.Fatalf("after choosing Arabic, the next page is lang=%q dir=%q", lang, dir)
	}
	if got := textOf(t, ctx, "h1"); got != "الصفحة غير موجودة" {
		t.Errorf("heading %q, want the Arabic 404 heading", got)
	}
	run(t, ctx, "switch back", chromedp.Navigate(a.URL+"/?lang=en"),
		chromedp.WaitReady(chromedp.CSS(`html[lang="en"][dir="ltr"]`)))
}

// TestBrowserArabicJourneyWithoutJavaScript is the whole journey of the
// issue: in Arabic, on a 320 px screen, with JavaScript off — find an
// activity with the filters, sign up, receive the confirmation email,
// manage, cancel, receive the receipt.
func TestBrowserArabicJourneyWithoutJavaScript(t *testing.T) {
	kit := needBrowser(t)
	mb, smtpURL := newMailbox(t)
	a := startApp(t, map[string]string{"SMTP_URL": smtpURL, "MAIL_RETRY_BASE": "100ms"})
	id := pageFixture(t, a, "nojs-lib", 3, nil)
	a.publishedActivity(t, a.newOrg(t, a.adminToken(t), "other-lib").Organiser,
		activityBody(4, map[string]any{"kind": "lunch", "title": map[string]string{"en": "Lunch"}}))
	ctx := newBrowser(t, kit)

	run(t, ctx, "turn JavaScript off", viewport(320), noJavaScript(),
		chromedp.Navigate(`data:text/html,<title>off</title><script>document.title="on"</script>`))
	if title := get(t, ctx, "title", chromedp.Title()); title != "off" {
		t.Fatalf("a page script ran (title %q): JavaScript is not off", title)
	}
	run(t, ctx, "find the activity",
		chromedp.Navigate(a.URL+"/?lang=ar"),
		chromedp.Click(chromedp.CSS(`details.filterbox summary`)), // the filters fold away on a phone
		chromedp.Click(chromedp.CSS(`input[name="kind"][value="language_cafe"]`)),
		chromedp.Click(chromedp.CSS(`form.filters button[type="submit"]`)),
		chromedp.WaitReady(chromedp.CSS(`p.reset a[href="/"]`)), // "clear filters": the new page
		chromedp.WaitReady(chromedp.CSS(`input[name="kind"][value="language_cafe"]:checked`)),
	)
	if cards := textOf(t, ctx, "ul.cards"); !strings.Contains(cards, "مقهى اللغات") || strings.Contains(cards, "Lunch") {
		t.Fatalf("filtered list: %q", cards)
	}
	run(t, ctx, "sign up",
		chromedp.Click(chromedp.CSS(`a[href="/activities/`+id+`"]`)),
		chromedp.WaitReady(chromedp.CSS(`#f-name`)),
		chromedp.SendKeys(chromedp.CSS(`#f-name`), "أمل حداد"),
		chromedp.SendKeys(chromedp.CSS(`#f-email`), "amal@example.org"),
		chromedp.Click(chromedp.CSS(`input[name="q.diet"][value="halal"]`)),
		chromedp.Click(chromedp.CSS(`#f-consent`)),
		chromedp.Click(chromedp.CSS(`form[action$="/signup"] button[type="submit"]`)),
		chromedp.WaitReady(chromedp.CSS(`.notice`)),
	)
	if url := get(t, ctx, "location", chromedp.Location()); !strings.Contains(url, "/signups/") {
		t.Fatalf("after signing up the browser is at %s", url)
	}
	if got := textOf(t, ctx, ".status"); got != "مؤكَّد" {
		t.Fatalf("status %q, want confirmed in Arabic", got)
	}
	confirmation := to(mb.waitAll(t, a, 1), "amal@example.org")
	if len(confirmation) != 1 || confirmation[0].Subject != mb.subject("ar", "confirmed", "مقهى اللغات") {
		t.Fatalf("confirmation email: %+v", confirmation)
	}
	run(t, ctx, "cancel",
		chromedp.Click(chromedp.CSS(`a[href$="/cancel"]`)),
		chromedp.WaitVisible(chromedp.CSS(`form[action$="/cancel"] button`)),
		chromedp.Click(chromedp.CSS(`form[action$="/cancel"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`.notice`)),
	)
	if got := textOf(t, ctx, ".notice"); !strings.Contains(got, "أُلغي تسجيلك.") {
		t.Fatalf("notice after cancelling: %q", got)
	}
	receipt := to(mb.waitAll(t, a, 2), "amal@example.org")
	if len(receipt) != 2 || receipt[1].Subject != mb.subject("ar", "cancelled", "مقهى اللغات") {
		t.Fatalf("emails after cancelling: %+v", receipt)
	}
	wantSeatsTaken(t, a, id, 0)
}
