package main

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// seriesSignupJSON is the answer to a series signup, and the part of GET
// /signups/{manage_token} a series signup adds.
type seriesSignupJSON struct {
	ID          string           `json:"id"`
	SeriesID    string           `json:"series_id"`
	Status      string           `json:"status"`
	ManageToken string           `json:"manage_token"`
	ManageURL   string           `json:"manage_url"`
	Occurrences []occurrenceJSON `json:"occurrences"`
}

type occurrenceJSON struct {
	ActivityID       string `json:"activity_id"`
	Status           string `json:"status"`
	WaitlistPosition *int   `json:"waitlist_position"`
}

type rosterJSON struct {
	Dates []struct {
		ActivityID string `json:"activity_id"`
	} `json:"dates"`
	People []struct {
		Name     string   `json:"name"`
		Status   string   `json:"status"`
		Statuses []string `json:"statuses"`
	} `json:"people"`
}

// seriesOf makes a published activity of capacity 2 and repeats it
// weekly count times, open for series signup: count+1 dates.
func seriesOf(t *testing.T, a *testApp, org testOrg, count int) []activityJSON {
	t.Helper()
	src := a.publishedActivity(t, org.Organiser, activityBody(3, map[string]any{"capacity": 2}))
	var out struct {
		Items []activityJSON `json:"items"`
	}
	a.must(201, "POST", "/api/v1/activities/"+src.ID+"/repeat",
		map[string]any{"frequency": "weekly", "count": count, "series_signup": true}, bearer(org.Organiser)...).JSON(t, &out)
	src.SeriesID = out.Items[0].SeriesID // the source joined the series
	return append([]activityJSON{src}, out.Items...)
}

func statusesOf(ocs []occurrenceJSON) map[string]string {
	out := map[string]string{}
	for _, oc := range ocs {
		out[oc.ActivityID] = oc.Status
	}
	return out
}

func TestSeriesSignup(t *testing.T) {
	box, smtpURL := newMailbox(t)
	a := startApp(t, map[string]string{"SMTP_URL": smtpURL, "MAIL_RETRY_BASE": "50ms"})
	org := signupOrg(t, a)
	dates := seriesOf(t, a, org, 5)
	series := *dates[0].SeriesID
	// Two dates are full before the person comes.
	fill := map[int][]signupJSON{}
	for _, d := range []int{1, 3} {
		for i := range 2 {
			fill[d] = append(fill[d], a.signUp(t, dates[d].ID,
				signupBody(strings.Repeat("x", i+1)+"@fill.example.org", map[string]any{"language": "en"})))
		}
	}
	box.waitAll(t, a, 4)

	var got seriesSignupJSON
	a.must(201, "POST", "/api/v1/series/"+series+"/signups", signupBody("maria@example.org", map[string]any{"language": "en"})).JSON(t, &got)
	if len(got.Occurrences) != 6 || got.ManageToken == "" || !strings.Contains(got.ManageURL, got.ManageToken) {
		t.Fatalf("answer: %+v", got)
	}
	st := statusesOf(got.Occurrences)
	for i, d := range dates {
		want := "confirmed"
		if i == 1 || i == 3 {
			want = "waitlisted"
		}
		if st[d.ID] != want {
			t.Fatalf("date %d: %s, want %s (%+v)", i, st[d.ID], want, got.Occurrences)
		}
	}
	msgs := to(box.waitAll(t, a, 5), "maria@example.org")
	if len(msgs) != 1 {
		t.Fatalf("%d emails to the person, want one", len(msgs))
	}
	m := msgs[0]
	if m.Subject != box.subject("en", "series_confirmed", "Language café") {
		t.Fatalf("subject %q", m.Subject)
	}
	cal := icsText(m.Parts["text/calendar"])
	if n := strings.Count(cal, "BEGIN:VEVENT"); n != 6 {
		t.Fatalf("%d events in the .ics, want 6:\n%s", n, cal)
	}
	if c, w := strings.Count(cal, "STATUS:CONFIRMED"), strings.Count(cal, "STATUS:TENTATIVE"); c != 4 || w != 2 {
		t.Fatalf("%d confirmed, %d tentative events, want 4 and 2", c, w)
	}
	if !strings.Contains(m.Parts["text/calendar"], "\r\n") || strings.Count(m.Parts["text/plain"], "- ") < 6 {
		t.Fatalf("calendar line endings or the list of dates:\n%s", m.Parts["text/plain"])
	}
	uids := regexp.MustCompile(`UID:signup-([0-9a-f]+)@`).FindAllStringSubmatch(cal, -1)
	if len(uids) != 6 {
		t.Fatalf("UIDs: %v", uids)
	}
	token := got.ManageToken
	t.Run("ManageShowsEveryDate", func(t *testing.T) {
		var m seriesSignupJSON
		a.must(200, "GET", "/api/v1/signups/"+token, nil).JSON(t, &m)
		if m.SeriesID != series || len(m.Occurrences) != 6 || statusesOf(m.Occurrences)[dates[1].ID] != "waitlisted" {
			t.Fatalf("manage view: %+v", m)
		}
	})
	t.Run("ErrAlreadyRegistered", func(t *testing.T) {
		wantError(t, a.do("POST", "/api/v1/series/"+series+"/signups", signupBody("MARIA@example.org", nil)), 409, "already_registered")
	})

	// Two more people on the first date: one seat, one on the waiting list.
	a.signUp(t, dates[0].ID, signupBody("q@example.org", map[string]any{"language": "en"}))
	waiting := a.signUp(t, dates[0].ID, signupBody("r@example.org", map[string]any{"language": "en"}))
	if waiting.Status != "waitlisted" {
		t.Fatalf("r: %s", waiting.Status)
	}
	box.waitAll(t, a, 7)
	skip := "/api/v1/signups/" + token + "/occurrences/" + dates[0].ID
	var oc occurrenceJSON
	a.must(200, "POST", skip+"/skip", nil).JSON(t, &oc)
	if oc.Status != "cancelled" || oc.ActivityID != dates[0].ID {
		t.Fatalf("skip: %+v", oc)
	}
	msgs = box.waitAll(t, a, 9)
	if r := to(msgs, "r@example.org"); len(r) != 2 || r[1].Subject != box.subject("en", "promoted", "Language café") {
		t.Fatalf("the next person is not told of the freed seat: %+v", r)
	}
	var r managedJSON
	a.must(200, "GET", "/api/v1/signups/"+waiting.ManageToken, nil).JSON(t, &r)
	if r.Status != "confirmed" {
		t.Fatalf("the next person is %s, want confirmed", r.Status)
	}
	a.must(200, "POST", skip+"/skip", nil).JSON(t, &oc) // again: as it is
	if oc.Status != "cancelled" {
		t.Fatalf("skip again: %+v", oc)
	}
	a.must(200, "POST", skip+"/rejoin", nil).JSON(t, &oc)
	if oc.Status != "waitlisted" || oc.WaitlistPosition == nil || *oc.WaitlistPosition != 1 {
		t.Fatalf("rejoin a full date: %+v", oc)
	}
	box.waitAll(t, a, 10)

	t.Run("Roster", func(t *testing.T) {
		var ro rosterJSON
		a.must(200, "GET", "/api/v1/series/"+series+"/roster", nil, bearer(org.Organiser)...).JSON(t, &ro)
		if len(ro.Dates) != 6 || len(ro.People) != 1 {
			t.Fatalf("roster: %+v", ro)
		}
		want := []string{"waitlisted", "waitlisted", "confirmed", "waitlisted", "confirmed", "confirmed"}
		if p := ro.People[0]; p.Name != "Olena Kovalenko" || strings.Join(p.Statuses, ",") != strings.Join(want, ",") {
			t.Fatalf("roster row %+v, want %v", p, want)
		}
		other := a.newOrg(t, a.adminToken(t), "otherlib")
		wantError(t, a.do("GET", "/api/v1/series/"+series+"/roster", nil, bearer(other.Organiser)...), 403, "forbidden")
		wantError(t, a.do("GET", "/api/v1/series/"+series+"/roster", nil), 401, "unauthorized")
	})

	// Repeating again enrols the series' people on the new date.
	{
		var out struct {
			Items []activityJSON `json:"items"`
		}
		a.must(201, "POST", "/api/v1/activities/"+dates[5].ID+"/repeat",
			map[string]any{"frequency": "weekly", "count": 1}, bearer(org.Organiser)...).JSON(t, &out)
		if len(out.Items) != 1 || out.Items[0].SeatsTaken != 1 {
			t.Fatalf("new date: %+v", out.Items)
		}
		msgs := to(box.waitAll(t, a, 11), "maria@example.org")
		if last := msgs[len(msgs)-1]; last.Subject != box.subject("en", "confirmed", "Language café") {
			t.Fatalf("no confirmation of the new date: %q", last.Subject)
		}
		var m seriesSignupJSON
		a.must(200, "GET", "/api/v1/signups/"+token, nil).JSON(t, &m)
		if len(m.Occurrences) != 7 || statusesOf(m.Occurrences)[out.Items[0].ID] != "confirmed" {
			t.Fatalf("manage view after the new date: %+v", m.Occurrences)
		}
	}

	// The series shows every date.
	{
		var sv struct {
			ID           string         `json:"id"`
			SeriesSignup bool           `json:"series_signup"`
			Activities   []activityJSON `json:"activities"`
		}
		a.must(200, "GET", "/api/v1/series/"+series, nil).JSON(t, &sv)
		if sv.ID != series || !sv.SeriesSignup || len(sv.Activities) != 7 {
			t.Fatalf("series: %+v", sv)
		}
	}

	// A seat freed on a date the person waits for: promoted, with that date's own email.
	{
		a.must(200, "POST", "/api/v1/signups/"+fill[1][0].ManageToken+"/cancel", nil)
		msgs := to(box.waitAll(t, a, 13), "maria@example.org")
		if last := msgs[len(msgs)-1]; last.Subject != box.subject("en", "promoted", "Language café") ||
			!strings.Contains(last.Parts["text/calendar"], "STATUS:CONFIRMED") {
			t.Fatalf("no promotion email for the waited date: %q", last.Subject)
		}
		var m seriesSignupJSON
		a.must(200, "GET", "/api/v1/signups/"+token, nil).JSON(t, &m)
		if st := statusesOf(m.Occurrences)[dates[1].ID]; st != "confirmed" {
			t.Fatalf("the waited date is %s after the promotion", st)
		}
	}

	// Leaving the whole series.
	{
		a.must(200, "POST", "/api/v1/signups/"+token+"/cancel", nil)
		msgs := to(box.waitAll(t, a, 14), "maria@example.org")
		last := msgs[len(msgs)-1]
		if last.Subject != box.subject("en", "series_cancelled", "Language café") ||
			!strings.Contains(last.Parts["text/calendar"], "METHOD:CANCEL") {
			t.Fatalf("receipt: %q", last.Subject)
		}
		var m seriesSignupJSON
		a.must(200, "GET", "/api/v1/signups/"+token, nil).JSON(t, &m)
		for _, oc := range m.Occurrences {
			if oc.Status != "cancelled" {
				t.Fatalf("a date is still %s after leaving: %+v", oc.Status, m.Occurrences)
			}
		}
		if act := a.activity(t, org.Organiser, dates[2].ID); act.SeatsTaken != 0 {
			t.Fatalf("seats still taken: %d", act.SeatsTaken)
		}
		a.must(200, "POST", "/api/v1/signups/"+token+"/cancel", nil) // again
		wantError(t, a.do("POST", skip+"/rejoin", nil), 409, "signup_cancelled")
		// A new series signup is possible again.
		a.must(201, "POST", "/api/v1/series/"+series+"/signups", signupBody("maria@example.org", map[string]any{"language": "en"}))
	}
}

func TestSeriesSignupBadInput(t *testing.T) {
	a := startApp(t, nil)
	org := signupOrg(t, a)
	dates := seriesOf(t, a, org, 2)
	series := *dates[0].SeriesID
	path := "/api/v1/series/" + series + "/signups"
	t.Run("ErrValidation", func(t *testing.T) {
		r := a.do("POST", path, signupBody("v@example.org", map[string]any{"consent": false, "party_size": 9}))
		wantError(t, r, 422, "validation_failed")
		for _, f := range []string{"consent", "party_size"} {
			if !strings.Contains(string(r.Body), `"`+f+`"`) {
				t.Fatalf("no error for %s: %s", f, r.Body)
			}
		}
	})
	t.Run("ErrBadRequest", func(t *testing.T) {
		wantError(t, a.do("POST", path, "not json"), 400, "bad_request")
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		wantError(t, a.do("POST", "/api/v1/series/nope/signups", signupBody("n@example.org", nil)), 404, "not_found")
		wantError(t, a.do("GET", "/api/v1/series/nope", nil), 404, "not_found")
		// A series not open for series signup.
		src := a.publishedActivity(t, org.Organiser, activityBody(3, nil))
		var out struct {
			Items []activityJSON `json:"items"`
		}
		a.must(201, "POST", "/api/v1/activities/"+src.ID+"/repeat", map[string]any{"frequency": "weekly", "count": 1},
			bearer(org.Organiser)...).JSON(t, &out)
		wantError(t, a.do("POST", "/api/v1/series/"+*out.Items[0].SeriesID+"/signups", signupBody("n@example.org", nil)), 404, "not_found")
	})
	t.Run("ErrNotFoundOccurrence", func(t *testing.T) {
		var got seriesSignupJSON
		a.must(201, "POST", path, signupBody("o@example.org", nil)).JSON(t, &got)
		wantError(t, a.do("POST", "/api/v1/signups/"+got.ManageToken+"/occurrences/nope/skip", nil), 404, "not_found")
		wantError(t, a.do("POST", "/api/v1/signups/"+strings.Repeat("A", 43)+"/occurrences/"+dates[0].ID+"/skip", nil), 404, "not_found")
	})
	t.Run("OKIdempotent", func(t *testing.T) {
		body := signupBody("i@example.org", nil)
		first := a.must(201, "POST", path, body, "Idempotency-Key", "series-1")
		again := a.must(201, "POST", path, body, "Idempotency-Key", "series-1")
		if string(first.Body) != string(again.Body) {
			t.Fatalf("replay differs:\n%s\n%s", first.Body, again.Body)
		}
	})
}

// TestSeriesSignupErasure: the person's own erasure (DELETE by the series
// manage token) and retention after the last date both erase the series
// signup, its dates' signups and the emails about them.
func TestSeriesSignupErasure(t *testing.T) {
	a := startApp(t, map[string]string{"SCHEDULER_INTERVAL": "100ms", "RETENTION_DAYS": "0"})
	org := signupOrg(t, a)
	dates := seriesOf(t, a, org, 1)
	series := *dates[0].SeriesID
	t.Run("ByToken", func(t *testing.T) {
		var got seriesSignupJSON
		a.must(201, "POST", "/api/v1/series/"+series+"/signups", signupBody("erase.me@example.org",
			map[string]any{"name": "Zofia Erasable"})).JSON(t, &got)
		a.must(204, "DELETE", "/api/v1/signups/"+got.ManageToken, nil)
		wantError(t, a.do("GET", "/api/v1/signups/"+got.ManageToken, nil), 404, "not_found")
		a.waitMailSettled(t)
		if found := a.whereStored(t, "erase.me@example.org", "Zofia Erasable"); len(found) > 0 {
			t.Fatalf("erased data still stored in %v", found)
		}
		for _, d := range dates {
			if act := a.activity(t, org.Organiser, d.ID); act.SeatsTaken != 0 {
				t.Fatalf("seats still taken after erasure: %d", act.SeatsTaken)
			}
		}
	})
	t.Run("Retention", func(t *testing.T) {
		a.must(201, "POST", "/api/v1/series/"+series+"/signups", signupBody("kept@example.org",
			map[string]any{"name": "Kasia Retained"}))
		// The first date ends: the series signup stays for the second.
		a.endActivity(t, org.Organiser, dates[0].ID, 3*time.Hour)
		a.waitErased(t, org.Organiser, dates[0].ID)
		a.waitRetentionRun(t, org, 3*time.Hour)
		if found := a.whereStored(t, "Kasia Retained"); !slices.Contains(found["Kasia Retained"], "series_signups") {
			t.Fatalf("the series signup was erased before its last date: %v", found)
		}
		a.endActivity(t, org.Organiser, dates[1].ID, 2*time.Hour)
		a.waitErased(t, org.Organiser, dates[1].ID)
		a.waitRetentionRun(t, org, 2*time.Hour)
		a.waitMailSettled(t)
		if found := a.whereStored(t, "kept@example.org", "Kasia Retained"); len(found) > 0 {
			t.Fatalf("data still stored after the last date: %v", found)
		}
	})
}
