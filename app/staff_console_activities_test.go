package main

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

// activityForm is a valid activity form: two languages, a choice
// question, starting in days at 18:00 (Warsaw).
func activityForm(days int) url.Values {
	day := time.Now().AddDate(0, 0, days).Format(time.DateOnly)
	return url.Values{
		"action": {"save"}, "kind": {"language_cafe"}, "text_rows": {"2"},
		"t.0.lang": {"en"}, "t.0.title": {"Language café"}, "t.0.description": {"Talk and tea."},
		"t.1.lang": {"pl"}, "t.1.title": {"Kawiarenka językowa"},
		"languages": {"en", "pl"}, "timezone": {"Europe/Warsaw"},
		"starts_at": {day + "T18:00"}, "ends_at": {day + "T20:00"},
		"venue_name": {"Main library"}, "venue_address": {"Rynek 1"}, "venue_online_url": {"https://meet.example.org/cafe"},
		"capacity": {"10"}, "max_party_size": {"2"}, "waitlist": {"yes"},
		"question_rows": {"1"}, "q.0.id": {"q1"}, "q.0.type": {"choice"}, "q.0.label.en": {"Diet"},
		"q.0.label.pl": {"Dieta"}, "q.0.options": {"none\r\nvegetarian\r\n"}, "q.0.required": {"yes"},
	}
}

// createByForm creates an activity with the console's form and returns
// its id.
func (c *console) createByForm(form url.Values) string {
	c.t.Helper()
	loc := wantRedirect(c.t, c.post("/staff/activities", form))
	id, ok := strings.CutPrefix(loc, "/staff/activities/")
	id, ok2 := strings.CutSuffix(id, "?done=created")
	if !ok || !ok2 {
		c.t.Fatalf("create went to %q", loc)
	}
	return id
}

func TestConsoleActivityForm(t *testing.T) {
	a := startApp(t, nil)
	org := a.newOrg(t, a.adminToken(t), "form-lib")
	c := a.consoleLogin(t, "organiser@form-lib.example.org", "password-organiser")

	t.Run("NewForm", func(t *testing.T) {
		body := wantConsolePage(t, c.get("/staff/activities/new"), 200)
		wantContains(t, body, `<select id="f-kind" name="kind" required>`, `name="t.0.lang"`,
			`<option value="pl" selected lang="pl">Polski</option>`, // the organisation's language first
			`value="Europe/Warsaw"`, `type="datetime-local"`, `name="action" value="add_text"`,
			`name="action" value="add_question"`, `<label class="chip"><input type="checkbox" id="f-languages"`)
		if strings.Contains(body, `name="organisation_id"`) {
			t.Error("an organiser is asked for the organisation")
		}
	})
	t.Run("AddAndRemoveRows", func(t *testing.T) {
		f := activityForm(7)
		f.Set("action", "add_text")
		body := wantConsolePage(t, c.post("/staff/activities", f), 200)
		wantContains(t, body, `name="text_rows" value="3"`, `id="t-2-lang"`, `value="Kawiarenka językowa"`,
			`value="remove_text.2"`)
		f.Set("action", "remove_text.0")
		body = wantConsolePage(t, c.post("/staff/activities", f), 200)
		wantContains(t, body, `name="text_rows" value="1"`, `value="Kawiarenka językowa"`)
		if strings.Contains(body, `value="Language café"`) {
			t.Error("the removed row is still there")
		}
		f.Set("action", "add_question")
		body = wantConsolePage(t, c.post("/staff/activities", f), 200)
		wantContains(t, body, `name="question_rows" value="2"`, `name="q.1.id" value="q2"`,
			`id="q-1-label-en"`, `id="q-1-label-pl"`, `<label for="q-0-label-pl">`)
		a.must(200, "GET", "/api/v1/activities?status=draft", nil, bearer(org.Organiser)...)
		var page activityPage
		a.must(200, "GET", "/api/v1/activities?status=draft", nil, bearer(org.Organiser)...).JSON(t, &page)
		if len(page.Items) != 0 {
			t.Fatalf("adding rows created %d activities", len(page.Items))
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		f := activityForm(7)
		f.Set("capacity", "")
		f.Set("ends_at", f.Get("starts_at")[:10]+"T17:00")
		f.Set("t.1.title", "")
		f.Set("venue_online_url", "not a link")
		body := wantConsolePage(t, c.post("/staff/activities", f), 422)
		wantContains(t, body, `<div class="errors" role="alert"`, `href="#f-capacity"`, `href="#f-ends"`,
			`href="#t-1-title"`, `href="#f-online"`, `id="f-capacity-error"`, `aria-describedby="f-ends-error"`,
			`value="Language café"`, `value="not a link"`, "<title>Error: New activity")
	})
	t.Run("ErrNotANumber", func(t *testing.T) {
		f := activityForm(7)
		f.Set("capacity", "ten")
		body := wantConsolePage(t, c.post("/staff/activities", f), 422)
		wantContains(t, body, `href="#f-capacity"`, `value="ten"`)
	})

	// published creates an activity with the form and publishes it, for
	// the subtests that change one; each has its own.
	published := func(t *testing.T, c *console) string {
		t.Helper()
		id := c.createByForm(activityForm(7))
		wantRedirect(t, c.post("/staff/activities/"+id+"/publish", nil))
		return id
	}
	t.Run("Create", func(t *testing.T) {
		id := c.createByForm(activityForm(7))
		body := wantConsolePage(t, c.get("/staff/activities/"+id+"?done=created"), 200)
		wantContains(t, body, "saved as a draft", "Language café", "meet.example.org/cafe", "0 of 10 places taken",
			`action="/staff/activities/`+id+`/publish"`, "Diet")
		var got struct {
			activityJSON
			Description map[string]string `json:"description"`
			Questions   []struct {
				ID       string            `json:"id"`
				Type     string            `json:"type"`
				Label    map[string]string `json:"label"`
				Required bool              `json:"required"`
				Options  []string          `json:"options"`
			} `json:"questions"`
		}
		a.must(200, "GET", "/api/v1/activities/"+id, nil, bearer(org.Organiser)...).JSON(t, &got)
		if got.Status != "draft" || got.Title["en"] != "Language café" || got.Title["pl"] != "Kawiarenka językowa" ||
			got.Description["en"] != "Talk and tea." || got.Capacity != 10 || got.MaxPartySize != 2 || !got.Waitlist ||
			got.Venue["online_url"] != "https://meet.example.org/cafe" || len(got.Languages) != 2 {
			t.Fatalf("created %+v", got)
		}
		if got.StartsAt.Format("15:04 -07:00") != "18:00 +01:00" && got.StartsAt.Format("15:04 -07:00") != "18:00 +02:00" {
			t.Errorf("starts at %v, want 18:00 in Warsaw", got.StartsAt)
		}
		if len(got.Questions) != 1 || got.Questions[0].ID != "q1" || got.Questions[0].Type != "choice" ||
			got.Questions[0].Label["pl"] != "Dieta" || !got.Questions[0].Required ||
			strings.Join(got.Questions[0].Options, ",") != "none,vegetarian" {
			t.Fatalf("questions %+v", got.Questions)
		}
	})
	t.Run("Edit", func(t *testing.T) {
		id := c.createByForm(activityForm(7))
		body := wantConsolePage(t, c.get("/staff/activities/"+id+"/edit"), 200)
		wantContains(t, body, `value="Kawiarenka językowa"`, `value="10"`, `name="q.0.id" value="q1"`,
			`value="`+activityForm(7).Get("starts_at")+`"`, ">Talk and tea.</textarea>")
		f := activityForm(7)
		f.Set("capacity", "12")
		f.Set("registration_closes_at", f.Get("starts_at")[:10]+"T12:00")
		loc := wantRedirect(t, c.post("/staff/activities/"+id+"/edit", f))
		if loc != "/staff/activities/"+id+"?done=saved" {
			t.Fatalf("save went to %q", loc)
		}
		var got activityJSON
		a.must(200, "GET", "/api/v1/activities/"+id, nil, bearer(org.Organiser)...).JSON(t, &got)
		if got.Capacity != 12 {
			t.Fatalf("capacity %d after the edit", got.Capacity)
		}
	})
	t.Run("Publish", func(t *testing.T) {
		id := c.createByForm(activityForm(7))
		loc := wantRedirect(t, c.post("/staff/activities/"+id+"/publish", nil))
		if loc != "/staff/activities/"+id+"?done=published" {
			t.Fatalf("publish went to %q", loc)
		}
		var got activityJSON
		a.must(200, "GET", "/api/v1/activities/"+id, nil).JSON(t, &got)
		if got.Status != "published" {
			t.Fatalf("status %q", got.Status)
		}
	})
	t.Run("Repeat", func(t *testing.T) {
		// An organisation of its own: the dashboard shows all of its
		// activities, and only this one and its copies may be there.
		a.newOrg(t, a.adminToken(t), "repeat-lib")
		c := a.consoleLogin(t, "organiser@repeat-lib.example.org", "password-organiser")
		id := published(t, c)
		wantRedirect(t, c.post("/staff/activities/"+id+"/repeat", url.Values{"frequency": {"weekly"}, "count": {"2"}}))
		body := wantConsolePage(t, c.get("/staff/"), 200)
		if n := strings.Count(body, `<li class="card">`); n != 3 {
			t.Errorf("dashboard shows the activity %d times, want 3 (the original and 2 copies)", n)
		}
		body = wantConsolePage(t, c.post("/staff/activities/"+id+"/repeat", url.Values{"frequency": {"yearly"}, "count": {"60"}}), 422)
		wantContains(t, body, `href="#f-frequency"`, `href="#f-count"`)
	})
	t.Run("ErrDeletePublished", func(t *testing.T) {
		id := published(t, c)
		body := wantConsolePage(t, c.post("/staff/activities/"+id+"/delete", nil), 409)
		wantContains(t, body, "Only a draft without signups can be deleted.")
	})
	t.Run("Cancel", func(t *testing.T) {
		id := published(t, c)
		body := wantConsolePage(t, c.post("/staff/activities/"+id+"/cancel", url.Values{"reason.en": {""}}), 422)
		wantContains(t, body, `href="#f-reason-en"`)
		wantRedirect(t, c.post("/staff/activities/"+id+"/cancel", url.Values{"reason.en": {"The room is flooded."},
			"reason.pl": {"Sala jest zalana."}}))
		var got activityJSON
		a.must(200, "GET", "/api/v1/activities/"+id, nil).JSON(t, &got)
		if got.Status != "cancelled" || got.CancelReason["pl"] != "Sala jest zalana." {
			t.Fatalf("after cancelling: %+v", got)
		}
	})
	t.Run("DeleteDraft", func(t *testing.T) {
		draft := c.createByForm(activityForm(9))
		if loc := wantRedirect(t, c.post("/staff/activities/"+draft+"/delete", nil)); loc != "/staff/?done=deleted" {
			t.Fatalf("delete went to %q", loc)
		}
		wantError(t, a.do("GET", "/api/v1/activities/"+draft, nil, bearer(org.Organiser)...), 404, "not_found")
	})
}

func TestConsoleAdminCreatesForAnOrganisation(t *testing.T) {
	a := startApp(t, nil)
	org := a.newOrg(t, a.adminToken(t), "admin-lib")
	c := a.consoleLogin(t, testAdminEmail, testAdminPassword)
	body := wantConsolePage(t, c.get("/staff/activities/new"), 200)
	wantContains(t, body, `name="organisation_id"`, `value="`+org.ID+`"`)
	f := activityForm(5)
	body = wantConsolePage(t, c.post("/staff/activities", f), 422)
	wantContains(t, body, `href="#f-org"`)
	f.Set("organisation_id", org.ID)
	id := c.createByForm(f)
	var got activityJSON
	a.must(200, "GET", "/api/v1/activities/"+id, nil, bearer(org.Organiser)...).JSON(t, &got)
	if got.OrganisationID != org.ID {
		t.Fatalf("created for %q", got.OrganisationID)
	}
}
