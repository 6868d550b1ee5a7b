package main

import (
	"encoding/csv"
	"net/url"
	"strings"
	"testing"
)

// dirty is "Alice" with a NUL and a right-to-left override inside: both
// invisible, and the override turns what follows around wherever the text
// is shown again (a CSV in a spreadsheet, an email, a page).
const dirty = "A\x00li\u202Ece"

// wantClean fails when s holds a character that no stored text may hold.
func wantClean(t testing.TB, what, s string) {
	t.Helper()
	if i := strings.IndexFunc(s, func(r rune) bool {
		return r == 0 || r == 0x1b || r == 0x7f || (r >= 0x80 && r <= 0x9f) ||
			(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
	}); i >= 0 {
		t.Errorf("%s holds %U: %q", what, []rune(s[i:])[0], s)
	}
}

// TestSignupTextIsCleaned: a name and a text answer with NUL and a
// bidirectional override, sent through the API or the form, are stored
// without them; the staff list and the CSV export show "Alice".
func TestSignupTextIsCleaned(t *testing.T) {
	a := startApp(t, nil)
	org := signupOrg(t, a)
	act := a.publishedActivity(t, org.Organiser, activityBody(7, map[string]any{"questions": []map[string]any{
		{"id": "note", "type": "text", "label": map[string]string{"en": "Note"}}}}))

	viaAPI := a.signUp(t, act.ID, signupBody("api@example.org", map[string]any{"name": dirty, "phone": "+48\x00 600\u2066 100 200",
		"answers": map[string]any{"note": dirty + "\nsecond\u0085 line"}}))
	form := url.Values{"name": {dirty}, "email": {"form@example.org"}, "language": {"en"}, "q.note": {dirty},
		"consent": {"yes"}, "website": {""}}
	a.signUpByForm(t, act.ID, form)

	var managed managedJSON
	a.must(200, "GET", "/api/v1/signups/"+viaAPI.ManageToken, nil).JSON(t, &managed)
	if managed.Name != "Alice" {
		t.Errorf("manage page name %q, want Alice", managed.Name)
	}
	list := a.allSignups(t, org.Organiser, act.ID)
	if len(list) != 2 {
		t.Fatalf("%d signups, want 2", len(list))
	}
	for _, su := range list {
		wantNote := "Alice"
		if su.Email == "api@example.org" {
			wantNote = "Alice\nsecond line" // a text answer keeps its lines
			if su.Phone != "+48 600 100 200" {
				t.Errorf("phone %q", su.Phone)
			}
		}
		if su.Name != "Alice" || su.Answers["note"] != wantNote {
			t.Errorf("%s: name %q, note %q; want Alice, %q", su.Email, su.Name, su.Answers["note"], wantNote)
		}
	}
	r := a.must(200, "GET", "/api/v1/activities/"+act.ID+"/signups.csv", nil, bearer(org.Organiser)...)
	export := strings.TrimPrefix(string(r.Body), "\uFEFF")
	wantClean(t, "the CSV export", export)
	rows, err := csv.NewReader(strings.NewReader(export)).ReadAll()
	if err != nil || len(rows) != 3 {
		t.Fatalf("CSV export (%v):\n%s", err, export)
	}
	for _, row := range rows[1:] {
		if row[3] != "Alice" || !strings.HasPrefix(row[8], "Alice") {
			t.Errorf("CSV row %q: want the name and the note Alice", row)
		}
	}

	// A line break in a name still refuses the signup: it would reach a
	// mail header.
	r = a.do("POST", "/api/v1/activities/"+act.ID+"/signups", signupBody("crlf@example.org", map[string]any{"name": "A\r\nBcc: x@y.z"}))
	wantError(t, r, 422, "validation_failed")
}

// TestStaffTextIsCleaned: what staff type (organisation and staff names,
// activity texts, venue, questions, cancellation reason, organiser
// messages) is stored without control and bidirectional override
// characters; multi-line texts keep their lines, one-line texts get a
// space for a line break.
func TestStaffTextIsCleaned(t *testing.T) {
	box, smtpURL := newMailbox(t)
	a := startApp(t, map[string]string{"SMTP_URL": smtpURL, "MAIL_RETRY_BASE": "50ms"})
	admin := a.adminToken(t)

	var org struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	}
	a.must(201, "POST", "/api/v1/organisations", map[string]string{"name": "City\u202E Library\x00", "slug": "clean",
		"country": "PL", "timezone": "Europe/Warsaw", "default_language": "en"}, bearer(admin)...).JSON(t, &org)
	if org.Name != "City Library" {
		t.Errorf("organisation name %q", org.Name)
	}
	var user struct {
		Name string `json:"name"`
	}
	a.must(201, "POST", "/api/v1/organisations/"+org.ID+"/users", map[string]string{"email": "ola@clean.example.org",
		"name": "Ola\x00 Nowak\u2067", "role": "organiser", "password": "password-organiser"}, bearer(admin)...).JSON(t, &user)
	if user.Name != "Ola Nowak" {
		t.Errorf("staff name %q", user.Name)
	}
	tok := a.loginToken(t, "ola@clean.example.org", "password-organiser")

	act := a.publishedActivity(t, tok, activityBody(7, map[string]any{
		"title":       map[string]string{"en": "Caf\u202Eé\x00 club\r\nBcc", "ar": "\u200Fمقهى\u2066 اللغات"},
		"description": map[string]string{"en": "Line one\r\nLine\x00 two\u202D"},
		"venue":       map[string]string{"name": "Main\x1b hall", "address": "Rynek 1\n00-001\u202E Kraków"},
		"questions": []map[string]any{{"id": "diet", "type": "choice", "label": map[string]string{"en": "Diet\x00"},
			"options": []string{"none\x00", "halal\u202E"}}},
	}))
	var got struct {
		Title       map[string]string `json:"title"`
		Description map[string]string `json:"description"`
		Venue       map[string]string `json:"venue"`
		Questions   []struct {
			Label   map[string]string `json:"label"`
			Options []string          `json:"options"`
		} `json:"questions"`
	}
	a.must(200, "GET", "/api/v1/activities/"+act.ID, nil, bearer(tok)...).JSON(t, &got)
	for what, pair := range map[string][2]string{
		"title.en":       {got.Title["en"], "Café club Bcc"},
		"title.ar":       {got.Title["ar"], "\u200Fمقهى اللغات"}, // the right-to-left mark stays
		"description.en": {got.Description["en"], "Line one\r\nLine two"},
		"venue.name":     {got.Venue["name"], "Main hall"},
		"venue.address":  {got.Venue["address"], "Rynek 1\n00-001 Kraków"},
	} {
		if pair[0] != pair[1] {
			t.Errorf("%s is %q, want %q", what, pair[0], pair[1])
		}
	}
	if len(got.Questions) != 1 || got.Questions[0].Label["en"] != "Diet" ||
		strings.Join(got.Questions[0].Options, "|") != "none|halal" {
		t.Errorf("questions %+v", got.Questions)
	}

	a.signUp(t, act.ID, signupBody("reader@example.org", map[string]any{"language": "en", "answers": map[string]any{"diet": "halal"}}))
	var sent struct {
		ID string `json:"id"`
	}
	a.must(202, "POST", "/api/v1/activities/"+act.ID+"/messages", map[string]any{
		"subject": map[string]string{"en": "Room\u202E change\x00"}, "body": map[string]string{"en": "We meet\x00 upstairs.\n\nSee you\u2069!"},
		"audience": []string{"confirmed"}}, bearer(tok)...).JSON(t, &sent)
	a.must(200, "POST", "/api/v1/activities/"+act.ID+"/cancel", map[string]any{
		"reason": map[string]string{"en": "The\u202E room\x00 flooded.\nSorry."}}, bearer(tok)...)
	var cancelled activityJSON
	a.must(200, "GET", "/api/v1/activities/"+act.ID, nil, bearer(tok)...).JSON(t, &cancelled)
	if cancelled.CancelReason["en"] != "The room flooded.\nSorry." {
		t.Errorf("cancel reason %q", cancelled.CancelReason["en"])
	}

	// confirmation, message, cancellation
	msgs := box.waitAll(t, a, 3)
	for _, m := range msgs {
		wantClean(t, "subject "+m.Subject, m.Subject)
		for typ, part := range m.Parts {
			if strings.HasPrefix(typ, "text/") { // not the check-in QR image
				wantClean(t, m.Subject+" "+typ, part)
			}
		}
		if m.Subject == "Room change" && !strings.Contains(m.Parts["text/plain"], "We meet upstairs.") {
			t.Errorf("message text:\n%s", m.Parts["text/plain"])
		}
	}
	found := false
	for _, m := range msgs {
		found = found || m.Subject == "Room change"
	}
	if !found {
		t.Errorf("no message with the subject Room change among %d emails", len(msgs))
	}
}
