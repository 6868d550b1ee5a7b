package main

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserStaffJourney is the librarian's journey of the issue, in a
// real browser: log in, create an activity in two languages with a
// question, publish it, see a signup arrive, check it in, download the
// attendee list, write to the attendees — and axe finds nothing on the
// way.
func TestBrowserStaffJourney(t *testing.T) {
	kit := needBrowser(t)
	mb, smtpURL := newMailbox(t)
	a := startApp(t, map[string]string{"SMTP_URL": smtpURL, "MAIL_RETRY_BASE": "100ms"})
	org := a.newOrg(t, a.adminToken(t), "journey-lib")
	ctx := newBrowser(t, kit)
	run(t, ctx, "wide screen", viewport(1280))
	browserLogin(t, ctx, a, "organiser@journey-lib.example.org", "password-organiser")
	checkPage(t, ctx, kit, "dashboard")

	day := time.Now().AddDate(0, 0, 5).Format(time.DateOnly)
	run(t, ctx, "fill the activity form",
		chromedp.Click(chromedp.CSS(`main a.button[href="/staff/activities/new"]`)),
		chromedp.WaitReady(chromedp.CSS(`#f-kind`)),
		chromedp.SetValue(chromedp.CSS(`#f-kind`), "language_cafe"),
		chromedp.SendKeys(chromedp.CSS(`#t-0-title`), "Kawiarenka językowa"),
		chromedp.Click(chromedp.CSS(`button[value="add_text"]`)),
		chromedp.WaitReady(chromedp.CSS(`#t-1-lang`)),
		chromedp.SetValue(chromedp.CSS(`#t-1-lang`), "en"),
		chromedp.SendKeys(chromedp.CSS(`#t-1-title`), "Language café"),
		chromedp.SendKeys(chromedp.CSS(`#t-1-desc`), "Talk, drink tea, make friends."),
		chromedp.Click(chromedp.CSS(`button[value="add_question"]`)),
		chromedp.WaitReady(chromedp.CSS(`#q-0-label-en`)),
		chromedp.SetValue(chromedp.CSS(`#q-0-type`), "choice"),
		chromedp.SendKeys(chromedp.CSS(`#q-0-label-pl`), "Dieta"),
		chromedp.SendKeys(chromedp.CSS(`#q-0-label-en`), "Diet"),
		chromedp.SetValue(chromedp.CSS(`#q-0-options`), "none\nvegetarian\nhalal"),
		chromedp.Click(chromedp.CSS(`#q-0-required`)),
		chromedp.Click(chromedp.CSS(`#f-languages-1`)), // Polski, after English
		chromedp.SetValue(chromedp.CSS(`#f-starts`), day+"T18:00"),
		chromedp.SetValue(chromedp.CSS(`#f-ends`), day+"T20:00"),
		chromedp.SendKeys(chromedp.CSS(`#f-venue`), "Main library"),
		chromedp.SetValue(chromedp.CSS(`#f-capacity`), "10"),
	)
	checkPage(t, ctx, kit, "activity form")
	run(t, ctx, "save the draft",
		chromedp.Click(chromedp.CSS(`button[value="save"]`)),
		chromedp.WaitReady(chromedp.CSS(`.notice`)),
	)
	if got := textOf(t, ctx, ".notice"); !strings.Contains(got, "draft") {
		t.Fatalf("after saving: %q", got)
	}
	checkPage(t, ctx, kit, "activity page (draft)")
	run(t, ctx, "publish",
		chromedp.Click(chromedp.CSS(`form[action$="/publish"] button`)),
		chromedp.WaitReady(chromedp.CSS(`.badge-published`)),
	)
	loc := get(t, ctx, "location", chromedp.Location())
	u, err := url.Parse(loc)
	if err != nil {
		t.Fatal(err)
	}
	id := strings.TrimPrefix(u.Path, "/staff/activities/")
	var act struct {
		activityJSON
		Questions []struct {
			Label map[string]string `json:"label"`
		} `json:"questions"`
	}
	a.must(200, "GET", "/api/v1/activities/"+id, nil).JSON(t, &act)
	if act.Status != "published" || act.Title["en"] != "Language café" || act.Title["pl"] != "Kawiarenka językowa" ||
		len(act.Questions) != 1 || act.Questions[0].Label["pl"] != "Dieta" {
		t.Fatalf("published activity %+v", act)
	}

	su := a.signUp(t, id, signupBody("olena@example.org", map[string]any{"answers": map[string]any{"q1": "vegetarian"}}))
	run(t, ctx, "see the signup arrive",
		chromedp.Click(chromedp.CSS(`main a[href="/staff/activities/`+id+`/attendees"]`)),
		chromedp.WaitReady(chromedp.CSS(`#s-`+su.ID)),
	)
	if got := textOf(t, ctx, "#s-"+su.ID); !strings.Contains(got, "Olena Kovalenko") || !strings.Contains(got, "vegetarian") {
		t.Fatalf("attendee card: %q", got)
	}
	checkPage(t, ctx, kit, "attendees")
	run(t, ctx, "check in at the door", viewport(320),
		chromedp.Click(chromedp.CSS(`#s-`+su.ID+` form[action$="/checkin"] button`)),
		chromedp.WaitReady(chromedp.CSS(`#s-`+su.ID+` .badge-attended`)),
	)
	checkPage(t, ctx, kit, "attendees after check-in 320px")
	run(t, ctx, "wide again", viewport(1280))
	csv := string(download(t, ctx, "a.csv"))
	if !strings.Contains(csv, "olena@example.org") || !strings.Contains(csv, "attended") || !strings.Contains(csv, "Diet [q1]") {
		t.Fatalf("downloaded CSV:\n%s", csv)
	}

	run(t, ctx, "write to the attendees",
		chromedp.Navigate(a.URL+"/staff/activities/"+id+"/message"),
		chromedp.WaitReady(chromedp.CSS(`#m-0-subject`)),
		chromedp.Click(chromedp.CSS(`input[name="audience"][value="attended"]`)),
		chromedp.SendKeys(chromedp.CSS(`#m-0-subject`), "Dziękujemy"),
		chromedp.SendKeys(chromedp.CSS(`#m-0-body`), "Do zobaczenia za tydzień!"),
	)
	checkPage(t, ctx, kit, "message form")
	run(t, ctx, "preview", chromedp.Click(chromedp.CSS(`button[value="preview"]`)),
		chromedp.WaitReady(chromedp.CSS(`.preview`)))
	if got := textOf(t, ctx, "main .notice"); !strings.Contains(got, "1 person") {
		t.Fatalf("preview says %q", got)
	}
	checkPage(t, ctx, kit, "message preview")
	run(t, ctx, "send", chromedp.Click(chromedp.CSS(`button[value="send"]`)),
		chromedp.WaitReady(chromedp.CSS(`dl.figures-list`)))
	checkPage(t, ctx, kit, "delivery")
	mails := to(mb.waitAll(t, a, 2), "olena@example.org")
	if len(mails) != 2 || mails[1].Subject != "Dziękujemy" {
		t.Fatalf("Olena's emails: %+v", mails)
	}
	_ = org
}

// TestBrowserStaffAccessibility runs axe on every console page, in
// English and Arabic, at 1280 and 320 px.
func TestBrowserStaffAccessibility(t *testing.T) {
	kit := needBrowser(t)
	mb, smtpURL := newMailbox(t)
	a := startApp(t, map[string]string{"SMTP_URL": smtpURL, "MAIL_RETRY_BASE": "100ms"})
	org := a.newOrg(t, a.adminToken(t), "axe-staff")
	id := pageFixture(t, a, "axe-staff-lib", 3, nil)
	draft := a.createActivity(t, org.Organiser, activityBody(6, nil)).ID
	a.signUpByForm(t, id, validForm("amal@example.org"))
	admin := a.consoleLogin(t, testAdminEmail, testAdminPassword)
	wantRedirect(t, admin.post("/staff/users", url.Values{"organisation_id": {org.ID}, "name": {"New"},
		"email": {"new@example.org"}, "role": {"organiser"}}))
	invite := invitationLink.FindStringSubmatch(to(mb.waitAll(t, a, 2), "new@example.org")[0].Parts["text/plain"])[1]
	organiser := a.consoleLogin(t, "organiser@axe-staff-lib.example.org", "password-organiser")
	loc := wantRedirect(t, organiser.post("/staff/activities/"+id+"/message", url.Values{"action": {"send"},
		"audience": {"confirmed"}, "text_rows": {"1"}, "m.0.lang": {"en"}, "m.0.subject": {"Hi"}, "m.0.body": {"Hello"}}))
	message := strings.TrimSuffix(loc, "?done=sent")
	jan := a.signUp(t, id, signupBody("jan@example.org", map[string]any{"name": "Jan Kowalski", "answers": map[string]any{"diet": "halal"}}))
	ctx := newBrowser(t, kit)

	submit := func(sel, wait string) step {
		return chromedp.Steps(chromedp.Click(chromedp.CSS(sel)), chromedp.WaitReady(chromedp.CSS(wait)))
	}
	pages := []axePage{
		{"login", "/staff/login", nil},
		{"invitation", "/staff/invitations/" + invite, nil},
		{"invitation-errors", "/staff/invitations/" + invite, submit(`main button[type="submit"]`, `.errors`)},
		{"dashboard", "/staff/", nil},
		{"new-activity", "/staff/activities/new?organisation=" + org.ID, nil},
		{"new-activity-errors", "/staff/activities/new?organisation=" + org.ID, submit(`button[value="save"]`, `.errors`)},
		{"activity", "/staff/activities/" + id, nil},
		{"add-attendee-errors", "/staff/activities/" + id, submit(`form[action$="/attendees"] button[type="submit"]`, `.errors`)},
		{"draft", "/staff/activities/" + draft, nil},
		{"edit", "/staff/activities/" + id + "/edit", nil},
		{"attendees", "/staff/activities/" + id + "/attendees", nil},
		{"cancel-signup", "/staff/signups/" + jan.ID + "/cancel", nil},
		{"cancel-activity", "/staff/activities/" + id + "/cancel", nil},
		{"delete-draft", "/staff/activities/" + draft + "/delete", nil},
		{"message", "/staff/activities/" + id + "/message", nil},
		{"message-errors", "/staff/activities/" + id + "/message", submit(`button[value="preview"]`, `.errors`)},
		{"message-preview", "/staff/activities/" + id + "/message", chromedp.Steps(
			chromedp.SendKeys(chromedp.CSS(`#m-0-subject`), "Bring a cup"),
			chromedp.SendKeys(chromedp.CSS(`#m-0-body`), "Please bring your own cup."),
			submit(`button[value="preview"]`, `.preview`))},
		{"delivery", message, nil},
		{"reports", "/staff/reports", nil},
		{"users", "/staff/users?organisation=" + org.ID, nil},
		{"organisations", "/staff/organisations", nil},
		{"forbidden", "/staff/activities/no-such-activity", nil},
	}
	loggedIn := false
	for _, lang := range []string{"en", "ar"} {
		for _, width := range []int{1280, 320} {
			for _, p := range pages {
				if p.name == "dashboard" && !loggedIn {
					browserLogin(t, ctx, a, testAdminEmail, testAdminPassword)
					loggedIn = true
				}
				checkPageAt(t, ctx, kit, a.URL, p, lang, width)
			}
		}
	}
}
