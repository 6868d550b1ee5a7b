package main

import (
	"encoding/csv"
	"fmt"
	"strings"
	"testing"
	"time"
)

// attendeeJSON is the answer to POST /activities/{id}/attendees: the
// signup as the staff list shows it.
type attendeeJSON struct {
	staffSignupJSON
	Source string `json:"source"`
}

// walkInBody is a staff-added attendee without an email, with fields
// replaced by over (a nil value removes the field).
func walkInBody(over map[string]any) map[string]any {
	b := map[string]any{"name": "Amina Yusuf", "language": "ar"}
	for k, v := range over {
		if v == nil {
			delete(b, k)
			continue
		}
		b[k] = v
	}
	return b
}

func (a *testApp) addAttendee(t testing.TB, token, activityID string, body map[string]any) attendeeJSON {
	t.Helper()
	var out attendeeJSON
	a.must(201, "POST", "/api/v1/activities/"+activityID+"/attendees", body, bearer(token)...).JSON(t, &out)
	if out.Source != "staff" {
		t.Fatalf("source %q, want staff", out.Source)
	}
	return out
}

// startingIn publishes an activity that starts d from now (negative: it
// has started), moved there after publication when that is in the past.
func (a *testApp) startingIn(t testing.TB, token string, d time.Duration, over map[string]any) activityJSON {
	t.Helper()
	act := a.publishedActivity(t, token, activityBody(7, over))
	start := time.Now().Add(d).UTC().Truncate(time.Minute)
	var out activityJSON
	a.must(200, "PATCH", "/api/v1/activities/"+act.ID, map[string]any{"starts_at": start.Format(time.RFC3339),
		"ends_at": start.Add(2 * time.Hour).Format(time.RFC3339)}, bearer(token)...).JSON(t, &out)
	return out
}

// TestAddAttendee: staff add walk-ins and phone registrations with the
// public seat rules; only managers and admins seat them past capacity,
// which the audit log records; people can be checked in at once; the
// email is optional but unique; bad input changes nothing.
func TestAddAttendee(t *testing.T) {
	a := startApp(t, nil)
	admin := a.adminToken(t)
	org := a.newOrg(t, admin, "walkins")
	other := a.newOrg(t, admin, "walkins-other")
	path := func(id string) string { return "/api/v1/activities/" + id + "/attendees" }
	// full publishes an activity of 2 seats, both taken by a public signup.
	full := func(t *testing.T, waitlist bool) activityJSON {
		t.Helper()
		act := a.publishedActivity(t, org.Organiser, activityBody(7, map[string]any{"capacity": 2, "max_party_size": 2,
			"waitlist": waitlist}))
		a.signUp(t, act.ID, signupBody("first@example.org", map[string]any{"party_size": 2}))
		return act
	}

	t.Run("OKConfirmedWithoutEmail", func(t *testing.T) {
		act := a.publishedActivity(t, org.Organiser, activityBody(7, map[string]any{"max_party_size": 3}))
		got := a.addAttendee(t, org.Organiser, act.ID, walkInBody(map[string]any{"phone": "+48 600 100 200", "party_size": 3}))
		if got.Status != "confirmed" || got.Email != "" || got.Phone != "+48 600 100 200" || got.PartySize != 3 ||
			got.Name != "Amina Yusuf" || got.ID == "" {
			t.Fatalf("%+v", got)
		}
		second := a.addAttendee(t, org.Organiser, act.ID, walkInBody(nil))
		if second.Status != "confirmed" || second.ID == got.ID {
			t.Fatalf("a second walk-in without email: %+v", second)
		}
		if taken := a.activity(t, org.Organiser, act.ID).SeatsTaken; taken != 4 {
			t.Fatalf("seats taken %d, want 4", taken)
		}
	})
	t.Run("OKRetriedWithIdempotencyKey", func(t *testing.T) {
		// A walk-in typed at the door on a failing connection: the retry
		// answers the first answer again and adds nobody; another account
		// sending the same key and body never gets that answer.
		act := a.publishedActivity(t, org.Organiser, activityBody(7, nil))
		key := append(bearer(org.Organiser), "Idempotency-Key", "door-1")
		var first, again attendeeJSON
		a.must(201, "POST", path(act.ID), walkInBody(nil), key...).JSON(t, &first)
		r := a.must(201, "POST", path(act.ID), walkInBody(nil), key...)
		r.JSON(t, &again)
		if again.ID != first.ID || r.Header.Get("Idempotent-Replayed") != "true" {
			t.Fatalf("retry answered %+v (replayed %q), first %+v", again, r.Header.Get("Idempotent-Replayed"), first)
		}
		if taken := a.activity(t, org.Organiser, act.ID).SeatsTaken; taken != 1 {
			t.Fatalf("seats taken %d after a retried walk-in, want 1", taken)
		}
		wantError(t, a.do("POST", path(act.ID), walkInBody(nil), append(bearer(other.Organiser), "Idempotency-Key", "door-1")...),
			409, "idempotency_key_reused")
	})
	t.Run("ErrOtherOrganisation", func(t *testing.T) {
		act := a.publishedActivity(t, org.Organiser, activityBody(7, nil))
		wantError(t, a.do("POST", path(act.ID), walkInBody(nil), bearer(other.Organiser)...), 403, "forbidden")
		wantError(t, a.do("POST", path(act.ID), walkInBody(map[string]any{"over_capacity": true}), bearer(other.Manager)...), 403, "forbidden")
		wantError(t, a.do("POST", path(act.ID), walkInBody(nil)), 401, "unauthorized")
		if n := len(a.allSignups(t, org.Organiser, act.ID)); n != 0 {
			t.Fatalf("%d signups after refusals", n)
		}
	})
	t.Run("ErrFullWithoutWaitlist", func(t *testing.T) {
		act := full(t, false)
		wantError(t, a.do("POST", path(act.ID), walkInBody(nil), bearer(org.Organiser)...), 409, "full")
		if n := len(a.allSignups(t, org.Organiser, act.ID)); n != 1 {
			t.Fatalf("%d signups, want 1", n)
		}
	})
	t.Run("OKWaitlisted", func(t *testing.T) {
		act := full(t, true)
		got := a.addAttendee(t, org.Organiser, act.ID, walkInBody(nil))
		if got.Status != "waitlisted" {
			t.Fatalf("status %q, want waitlisted", got.Status)
		}
		if w := a.activity(t, org.Organiser, act.ID).WaitlistCount; w != 1 {
			t.Fatalf("waitlist_count %d", w)
		}
	})
	t.Run("ErrOverCapacityPlainStaff", func(t *testing.T) {
		act := full(t, false)
		wantError(t, a.do("POST", path(act.ID), walkInBody(map[string]any{"over_capacity": true}), bearer(org.Organiser)...),
			403, "forbidden")
		if got := a.activity(t, org.Organiser, act.ID); got.SeatsTaken != 2 {
			t.Fatalf("seats taken %d after a refusal", got.SeatsTaken)
		}
	})
	t.Run("OKOverCapacityManagerAudited", func(t *testing.T) {
		act := full(t, false)
		got := a.addAttendee(t, org.Manager, act.ID, walkInBody(map[string]any{"over_capacity": true, "party_size": 2}))
		if got.Status != "confirmed" {
			t.Fatalf("status %q", got.Status)
		}
		after := a.activity(t, org.Manager, act.ID)
		if after.SeatsTaken != 4 || after.SeatsLeft != 0 || after.Capacity != 2 {
			t.Fatalf("after: taken %d, left %d, capacity %d", after.SeatsTaken, after.SeatsLeft, after.Capacity)
		}
		// The activity stays editable with its capacity kept; lowering it is refused.
		a.must(200, "PATCH", "/api/v1/activities/"+act.ID, map[string]any{"title": map[string]string{"en": "Full house"}},
			bearer(org.Organiser)...)
		wantError(t, a.do("PATCH", "/api/v1/activities/"+act.ID, map[string]any{"capacity": 1, "max_party_size": 1},
			bearer(org.Organiser)...), 409, "capacity_below_taken")
		// Public signups still wait or are refused: nothing is free.
		wantError(t, a.do("POST", "/api/v1/activities/"+act.ID+"/signups", signupBody("late@example.org", nil)), 409, "full")
		found, added := false, false
		for _, e := range a.allAudit(t, org.Manager, "", 100).Items {
			if e.Action == "signup.add" && e.TargetID == got.ID {
				added = e.Detail == "confirmed" && e.ActorRole == "manager"
			}
			if e.Action == "signup.over_capacity" && e.TargetID == got.ID {
				found = e.ActorRole == "manager" && e.OrganisationID == org.ID && strings.Contains(e.Detail, "4 of 2")
				if !found {
					t.Fatalf("audit entry %+v", e)
				}
			}
		}
		if !found || !added {
			t.Fatalf("audit log: signup.over_capacity %v, signup.add %v", found, added)
		}
		// When the party fits, over_capacity changes nothing and logs nothing.
		roomy := a.publishedActivity(t, org.Manager, activityBody(7, nil))
		fits := a.addAttendee(t, org.Manager, roomy.ID, walkInBody(map[string]any{"over_capacity": true}))
		for _, e := range a.allAudit(t, org.Manager, "", 100).Items {
			if e.Action == "signup.over_capacity" && e.TargetID == fits.ID {
				t.Fatalf("a party that fits was logged as over capacity: %+v", e)
			}
		}
	})
	t.Run("OKAdminOverCapacity", func(t *testing.T) {
		act := full(t, true)
		got := a.addAttendee(t, admin, act.ID, walkInBody(map[string]any{"over_capacity": true}))
		if got.Status != "confirmed" || a.activity(t, admin, act.ID).SeatsTaken != 3 {
			t.Fatalf("%+v", got)
		}
	})
	t.Run("OKAttendedAtOnceAfterStart", func(t *testing.T) {
		act := a.startingIn(t, org.Organiser, -30*time.Minute, map[string]any{"capacity": 2})
		got := a.addAttendee(t, org.Organiser, act.ID, walkInBody(map[string]any{"attended": true}))
		if got.Status != "attended" {
			t.Fatalf("status %q, want attended", got.Status)
		}
		late := a.addAttendee(t, org.Organiser, act.ID, walkInBody(map[string]any{"name": "Late Comer"}))
		if late.Status != "confirmed" {
			t.Fatalf("a walk-in after the start: %q", late.Status)
		}
		if act := a.activity(t, org.Organiser, act.ID); act.SeatsTaken != 2 {
			t.Fatalf("seats taken %d", act.SeatsTaken)
		}
		// Full with a waiting list: checking in needs a seat.
		wantError(t, a.do("POST", path(act.ID), walkInBody(map[string]any{"attended": true}), bearer(org.Organiser)...), 409, "full")
		over := a.addAttendee(t, org.Manager, act.ID, walkInBody(map[string]any{"attended": true, "over_capacity": true}))
		if over.Status != "attended" {
			t.Fatalf("attended past capacity: %q", over.Status)
		}
	})
	t.Run("ErrCancelledOrDraft", func(t *testing.T) {
		cancelled := a.publishedActivity(t, org.Organiser, activityBody(7, nil))
		a.must(200, "POST", "/api/v1/activities/"+cancelled.ID+"/cancel", map[string]any{"reason": map[string]string{"en": "Flood"}},
			bearer(org.Organiser)...)
		wantError(t, a.do("POST", path(cancelled.ID), walkInBody(nil), bearer(org.Organiser)...), 409, "activity_cancelled")
		draft := a.createActivity(t, org.Organiser, activityBody(7, nil))
		wantError(t, a.do("POST", path(draft.ID), walkInBody(nil), bearer(org.Organiser)...), 409, "registration_closed")
		wantError(t, a.do("POST", path("no-such-activity"), walkInBody(nil), bearer(org.Organiser)...), 404, "not_found")
	})
	t.Run("ErrDuplicateEmail", func(t *testing.T) {
		act := a.publishedActivity(t, org.Organiser, activityBody(7, nil))
		a.signUp(t, act.ID, signupBody("taken@example.org", nil))
		wantError(t, a.do("POST", path(act.ID), walkInBody(map[string]any{"email": "TAKEN@example.org"}), bearer(org.Organiser)...),
			409, "already_registered")
		mine := a.addAttendee(t, org.Organiser, act.ID, walkInBody(map[string]any{"email": "phoned@example.org"}))
		if mine.Email != "phoned@example.org" {
			t.Fatalf("%+v", mine)
		}
		wantError(t, a.do("POST", "/api/v1/activities/"+act.ID+"/signups", signupBody("phoned@example.org", nil)), 409, "already_registered")
		if n := len(a.allSignups(t, org.Organiser, act.ID)); n != 2 {
			t.Fatalf("%d signups, want 2", n)
		}
	})
	t.Run("ErrBadInput", func(t *testing.T) {
		act := a.publishedActivity(t, org.Organiser, activityBody(7, map[string]any{"max_party_size": 2, "questions": questionsBody}))
		for _, c := range []struct {
			name  string
			over  map[string]any
			field string
		}{
			{"EmptyName", map[string]any{"name": "  "}, "name"},
			{"BadLanguage", map[string]any{"language": "xx"}, "language"},
			{"NoLanguage", map[string]any{"language": nil}, "language"},
			{"PartyZero", map[string]any{"party_size": 0}, "party_size"},
			{"PartyTooBig", map[string]any{"party_size": 3}, "party_size"},
			{"BadEmail", map[string]any{"email": "not-an-email"}, "email"},
			{"BadPhone", map[string]any{"phone": "call me"}, "phone"},
			{"InvalidChoice", map[string]any{"answers": map[string]any{"diet": "pizza"}}, "answers.diet"},
			{"UnknownQuestion", map[string]any{"answers": map[string]any{"shoe": "42"}}, "answers.shoe"},
		} {
			t.Run(c.name, func(t *testing.T) {
				r := a.do("POST", path(act.ID)+"?lang=pl", walkInBody(c.over), bearer(org.Organiser)...)
				wantError(t, r, 422, "validation_failed")
				if msg := fieldErrors(t, r)[c.field]; msg == "" {
					t.Fatalf("no error for %s: %s", c.field, r.Body)
				}
			})
		}
		wantError(t, a.do("POST", path(act.ID), "not json", bearer(org.Organiser)...), 400, "bad_request")
		r := a.do("POST", path(act.ID), walkInBody(map[string]any{"party_size": "two"}), bearer(org.Organiser)...)
		wantError(t, r, 422, "validation_failed")
		if _, ok := fieldErrors(t, r)["party_size"]; !ok {
			t.Fatalf("a party size of the wrong type: %s", r.Body)
		}
		if n := len(a.allSignups(t, org.Organiser, act.ID)); n != 0 {
			t.Fatalf("%d signups after bad input", n)
		}
		// Staff may leave a required question unanswered; a valid choice is kept.
		ok := a.addAttendee(t, org.Organiser, act.ID, walkInBody(map[string]any{"answers": map[string]any{"note": "wheelchair"}}))
		withDiet := a.addAttendee(t, org.Organiser, act.ID, walkInBody(map[string]any{"answers": map[string]any{"diet": "halal"}}))
		if ok.Answers["note"] != "wheelchair" || withDiet.Answers["diet"] != "halal" {
			t.Fatalf("answers %v, %v", ok.Answers, withDiet.Answers)
		}
	})
	t.Run("SourceInListAndCSV", func(t *testing.T) {
		act := a.publishedActivity(t, org.Organiser, activityBody(7, nil))
		public := a.signUp(t, act.ID, signupBody("public@example.org", nil))
		staff := a.addAttendee(t, org.Organiser, act.ID, walkInBody(nil))
		var page struct {
			Items []attendeeJSON `json:"items"`
		}
		a.must(200, "GET", "/api/v1/activities/"+act.ID+"/signups", nil, bearer(org.Organiser)...).JSON(t, &page)
		sources := map[string]string{}
		for _, su := range page.Items {
			sources[su.ID] = su.Source
		}
		if sources[public.ID] != "public" || sources[staff.ID] != "staff" || len(sources) != 2 {
			t.Fatalf("sources %v", sources)
		}
		body := string(a.must(200, "GET", "/api/v1/activities/"+act.ID+"/signups.csv", nil, bearer(org.Organiser)...).Body)
		rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\uFEFF"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		col := -1
		for i, h := range rows[0] {
			if h == "source" {
				col = i
			}
		}
		if col < 0 || len(rows) != 3 {
			t.Fatalf("header %v, %d rows", rows[0], len(rows))
		}
		got := map[string]string{rows[1][0]: rows[1][col], rows[2][0]: rows[2][col]}
		if want := map[string]string{public.ID: "public", staff.ID: "staff"}; fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("CSV sources %v, want %v", got, want)
		}
	})
}

// TestAddAttendeeCheckInWindow: with the default CHECKIN_OPENS_BEFORE
// (2h), a walk-in cannot be checked in a week before the start, and
// nothing is added.
func TestAddAttendeeCheckInWindow(t *testing.T) {
	a := startApp(t, map[string]string{"CHECKIN_OPENS_BEFORE": ""})
	org := a.newOrg(t, a.adminToken(t), "walkin-window")
	act := a.publishedActivity(t, org.Organiser, activityBody(7, nil))
	wantError(t, a.do("POST", "/api/v1/activities/"+act.ID+"/attendees", walkInBody(map[string]any{"attended": true}),
		bearer(org.Organiser)...), 409, "conflict")
	if n := len(a.allSignups(t, org.Organiser, act.ID)); n != 0 {
		t.Fatalf("%d signups after a refusal", n)
	}
	if got := a.addAttendee(t, org.Organiser, act.ID, walkInBody(nil)); got.Status != "confirmed" {
		t.Fatalf("a phone registration a week ahead: %q", got.Status)
	}
}

// TestAddAttendeeEmails: a walk-in without an email is never written to
// (neither confirmation nor organiser messages count them); with an email
// the usual confirmation arrives.
func TestAddAttendeeEmails(t *testing.T) {
	box, smtpURL := newMailbox(t)
	a := startApp(t, map[string]string{"SMTP_URL": smtpURL, "MAIL_RETRY_BASE": "50ms"})
	org := a.newOrg(t, a.adminToken(t), "walkin-mail")
	act := a.publishedActivity(t, org.Organiser, activityBody(7, map[string]any{"capacity": 1}))
	a.addAttendee(t, org.Organiser, act.ID, walkInBody(nil))
	a.addAttendee(t, org.Organiser, act.ID, walkInBody(map[string]any{"name": "Waiting Walk-in"}))
	a.waitMailSettled(t)
	box.exactly(t, 0)

	got := a.addAttendee(t, org.Organiser, act.ID, walkInBody(map[string]any{"email": "phoned@example.org", "language": "pl"}))
	if got.Status != "waitlisted" {
		t.Fatalf("status %q", got.Status)
	}
	msgs := box.waitAll(t, a, 1)
	if msgs[0].To != "phoned@example.org" || msgs[0].Lang != "pl" ||
		msgs[0].Subject != box.subject("pl", "waitlisted", "Kawiarenka językowa") {
		t.Fatalf("email to %s in %s: %q", msgs[0].To, msgs[0].Lang, msgs[0].Subject)
	}
	var sent struct {
		Recipients int `json:"recipients"`
	}
	a.must(202, "POST", "/api/v1/activities/"+act.ID+"/messages", map[string]any{
		"subject": map[string]string{"en": "Bring a mug"}, "body": map[string]string{"en": "See you"},
		"audience": []string{"confirmed", "waitlisted"}}, bearer(org.Organiser)...).JSON(t, &sent)
	if sent.Recipients != 1 {
		t.Fatalf("message recipients %d, want 1 (walk-ins without email are not written to)", sent.Recipients)
	}
	box.waitAll(t, a, 2)
}
