package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// TestRetention: RETENTION_DAYS=0 erases, at the next housekeeping run
// after an activity ended, every trace of its attendees — in the signups,
// in the emails sent, failed or still waiting — with two instances running
// the job at once; the figures (seats, waiting list, statuses, party
// sizes, message counts) stay, and so does everything of an activity that
// has not ended.
func TestRetention(t *testing.T) {
	box, smtpURL := newMailbox(t)
	env := map[string]string{"SMTP_URL": smtpURL, "MAIL_RETRY_BASE": "1h", "SCHEDULER_INTERVAL": "100ms",
		"RETENTION_DAYS": "0"}
	a := startApp(t, env)
	org := signupOrg(t, a)
	act := a.publishedActivity(t, org.Organiser, activityBody(7, map[string]any{"capacity": 4, "max_party_size": 2,
		"questions": []map[string]any{{"id": "diet", "type": "text", "label": map[string]string{"en": "Diet"}}}}))
	future := a.publishedActivity(t, org.Organiser, activityBody(8, nil))

	box.srv.FailRecipient("bogdan@example.org", 550) // permanent: failed emails
	box.srv.FailRecipient("chen@example.org", 451)   // temporary: emails still pending
	amira := a.signUp(t, act.ID, signupBody("amira@example.org", map[string]any{"name": "Amira Haddad",
		"party_size": 2, "phone": "+48 600 100 200", "answers": map[string]any{"diet": "halal please"}}))
	bogdan := a.signUp(t, act.ID, signupBody("bogdan@example.org", map[string]any{"name": "Bogdan Petrenko"}))
	chen := a.signUp(t, act.ID, signupBody("chen@example.org", map[string]any{"name": "Chen Wei", "party_size": 2}))
	dara := a.signUp(t, act.ID, signupBody("dara@example.org", map[string]any{"name": "Dara Nouri"}))
	erin := a.signUp(t, future.ID, signupBody("erin@example.org", map[string]any{"name": "Erin Keane"}))
	if amira.Status != "confirmed" || bogdan.Status != "confirmed" || chen.Status != "waitlisted" || dara.Status != "confirmed" {
		t.Fatalf("statuses %s %s %s %s", amira.Status, bogdan.Status, chen.Status, dara.Status)
	}
	a.must(200, "PATCH", "/api/v1/signups/"+amira.ID, map[string]string{"status": "attended"}, bearer(org.Organiser)...)
	a.must(200, "POST", "/api/v1/signups/"+dara.ManageToken+"/cancel", nil)
	var msg struct {
		ID string `json:"id"`
	}
	a.must(202, "POST", "/api/v1/activities/"+act.ID+"/messages", map[string]any{"subject": map[string]string{"en": "Bring a friend"},
		"body": map[string]string{"en": "See you there."}, "audience": []string{"confirmed", "attended"}},
		bearer(org.Organiser)...).JSON(t, &msg)
	// Delivered: amira's confirmation and message, dara's confirmation and
	// receipt, erin's confirmation. Bogdan's two emails fail; chen's waits.
	box.waitAll(t, a, 5)
	a.waitTried(t, org.Organiser, "chen@example.org")
	msgBefore := a.waitMessage(t, org.Organiser, msg.ID)
	// The window holds the activity both before and after it is moved
	// into the past below.
	report := "/api/v1/reports/attendance?from=" + time.Now().AddDate(0, 0, -2).Format(time.DateOnly) +
		"&to=" + time.Now().AddDate(0, 0, 30).Format(time.DateOnly)
	reportBefore := a.must(200, "GET", report, nil, bearer(org.Organiser)...).Body
	before := a.checkSeatInvariant(t, org.Organiser, act.ID)
	actBefore := a.activity(t, org.Organiser, act.ID)

	people := []string{"amira@example.org", "Amira Haddad", "+48 600 100 200", "halal please",
		"bogdan@example.org", "Bogdan Petrenko", "chen@example.org", "Chen Wei", "dara@example.org", "Dara Nouri"}
	if found := a.whereStored(t, people...); len(found) != len(people) {
		t.Fatalf("before the end, only %d of %d personal values are stored: %v", len(found), len(people), found)
	}

	a.endActivity(t, org.Organiser, act.ID, 3*time.Hour)
	after := a.waitErased(t, org.Organiser, act.ID)

	t.Run("NothingPersonalLeft", func(t *testing.T) {
		// An email a worker was sending when the job ran is erased at a
		// later run.
		deadline := time.Now().Add(10 * time.Second)
		for {
			found := a.whereStored(t, people...)
			if len(found) == 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("personal data still stored after the retention period: %v", found)
			}
			time.Sleep(100 * time.Millisecond)
		}
		for _, su := range after {
			// The staff list always carries phone and answers (API.md):
			// erased, they are empty.
			if su.Phone != "" || len(su.Answers) != 0 {
				t.Fatalf("signup %s keeps phone %q, answers %v", su.ID, su.Phone, su.Answers)
			}
		}
	})
	t.Run("FiguresStay", func(t *testing.T) {
		got := a.checkSeatInvariant(t, org.Organiser, act.ID)
		if len(got) != len(before) {
			t.Fatalf("%d signups after, %d before", len(got), len(before))
		}
		for id, b := range before {
			if g := got[id]; g.Status != b.Status || g.PartySize != b.PartySize || !g.CreatedAt.Equal(b.CreatedAt) {
				t.Fatalf("signup %s: %+v became %+v", id, b, g)
			}
		}
		actAfter := a.activity(t, org.Organiser, act.ID)
		if actAfter.SeatsTaken != actBefore.SeatsTaken || actAfter.WaitlistCount != actBefore.WaitlistCount {
			t.Fatalf("seats %d/%d became %d/%d", actBefore.SeatsTaken, actBefore.WaitlistCount,
				actAfter.SeatsTaken, actAfter.WaitlistCount)
		}
		if got := a.must(200, "GET", report, nil, bearer(org.Organiser)...).Body; !bytes.Equal(got, reportBefore) {
			t.Fatalf("attendance report changed by the erasure:\n%s\nbecame\n%s", reportBefore, got)
		}
		var totals struct {
			Totals struct {
				Activities, Signups, People, Attended int
			} `json:"totals"`
		}
		if err := json.Unmarshal(reportBefore, &totals); err != nil || totals.Totals.Activities != 2 ||
			totals.Totals.Attended != 2 {
			t.Fatalf("the report does not count the activities (%v): %s", err, reportBefore)
		}
		var msgAfter messageStatusJSON
		a.must(200, "GET", "/api/v1/messages/"+msg.ID, nil, bearer(org.Organiser)...).JSON(t, &msgAfter)
		if msgAfter != msgBefore {
			t.Fatalf("message counts %+v became %+v", msgBefore, msgAfter)
		}
	})
	t.Run("EmailsStripped", func(t *testing.T) {
		var page struct {
			Items []struct {
				ID         string `json:"id"`
				To         string `json:"to"`
				Status     string `json:"status"`
				ActivityID string `json:"activity_id"`
			} `json:"items"`
		}
		a.must(200, "GET", "/api/v1/outbox?limit=100", nil, bearer(org.Organiser)...).JSON(t, &page)
		failed := ""
		for _, e := range page.Items {
			if e.ActivityID != act.ID {
				continue
			}
			if e.To != "" || (e.Status != "sent" && e.Status != "failed") {
				t.Fatalf("email %s to %q is %s after erasure", e.ID, e.To, e.Status)
			}
			if e.Status == "failed" {
				failed = e.ID
			}
		}
		if failed == "" {
			t.Fatal("bogdan's failed emails are gone: their counts would change")
		}
		wantError(t, a.do("POST", "/api/v1/outbox/"+failed+"/retry", nil, bearer(org.Organiser)...), 409, "conflict")
	})
	t.Run("TokensStopWorking", func(t *testing.T) {
		for _, su := range []signupJSON{amira, bogdan, chen, dara} {
			wantError(t, a.do("GET", "/api/v1/signups/"+su.ManageToken, nil), 404, "not_found")
		}
	})
	t.Run("AuditRecordsIt", func(t *testing.T) {
		var page auditPage
		a.must(200, "GET", "/api/v1/audit?limit=100", nil, bearer(org.Manager)...).JSON(t, &page)
		n := 0
		for _, e := range page.Items {
			if e.Action == "activity.personal_data_erased" && e.TargetID == act.ID {
				n++
				if e.ActorRole != "system" || e.ActorID != "" || e.OrganisationID != org.ID ||
					!strings.HasSuffix(e.Detail, " signups erased") {
					t.Fatalf("%+v", e)
				}
			}
		}
		if n == 0 {
			t.Fatal("no audit entry for the erasure")
		}
	})
	t.Run("NotEndedKept", func(t *testing.T) {
		var m managedJSON
		a.must(200, "GET", "/api/v1/signups/"+erin.ManageToken, nil).JSON(t, &m)
		if m.Name != "Erin Keane" {
			t.Fatalf("%+v", m)
		}
		if found := a.whereStored(t, "erin@example.org"); len(found["erin@example.org"]) == 0 {
			t.Fatal("the signup of an activity that has not ended was erased")
		}
	})
}

// TestRetentionDays: an activity that ended less than RETENTION_DAYS ago
// keeps its attendees' data; one that ended longer ago loses it.
func TestRetentionDays(t *testing.T) {
	a := startApp(t, map[string]string{"SCHEDULER_INTERVAL": "100ms", "RETENTION_DAYS": "2"})
	org := signupOrg(t, a)
	old := a.publishedActivity(t, org.Organiser, activityBody(7, nil))
	recent := a.publishedActivity(t, org.Organiser, activityBody(7, nil))
	a.signUp(t, old.ID, signupBody("old@example.org", nil))
	kept := a.signUp(t, recent.ID, signupBody("recent@example.org", nil))
	a.endActivity(t, org.Organiser, recent.ID, 47*time.Hour) // ended 46 h ago
	a.endActivity(t, org.Organiser, old.ID, 50*time.Hour)    // ended 49 h ago
	a.waitErased(t, org.Organiser, old.ID)
	a.waitRetentionRun(t, org, 50*time.Hour)
	var m managedJSON
	a.must(200, "GET", "/api/v1/signups/"+kept.ManageToken, nil).JSON(t, &m)
	if m.Name != "Olena Kovalenko" {
		t.Fatalf("erased before RETENTION_DAYS: %+v", m)
	}
}

// TestEraseOnRequestErasesEmails: DELETE /signups/{token} erases the
// attendee's emails too — sent ones stripped, waiting ones deleted — and
// leaves other attendees' alone.
func TestEraseOnRequestErasesEmails(t *testing.T) {
	box, smtpURL := newMailbox(t)
	a := startApp(t, map[string]string{"SMTP_URL": smtpURL, "MAIL_RETRY_BASE": "1h"})
	org := signupOrg(t, a)
	act := a.publishedActivity(t, org.Organiser, activityBody(7, nil))
	box.srv.FailRecipient("waiting.mail@example.org", 451)
	sent := a.signUp(t, act.ID, signupBody("sent.mail@example.org", map[string]any{"name": "Sent Person"}))
	waiting := a.signUp(t, act.ID, signupBody("waiting.mail@example.org", map[string]any{"name": "Waiting Person"}))
	other := a.signUp(t, act.ID, signupBody("other.mail@example.org", map[string]any{"name": "Other Person"}))
	box.waitAll(t, a, 2)
	a.waitTried(t, org.Organiser, "waiting.mail@example.org")
	for _, su := range []signupJSON{sent, waiting} {
		a.must(204, "DELETE", "/api/v1/signups/"+su.ManageToken, nil)
	}
	gone := []string{"sent.mail@example.org", "Sent Person", "waiting.mail@example.org", "Waiting Person"}
	if found := a.whereStored(t, gone...); len(found) != 0 {
		t.Fatalf("erased attendees still stored: %v", found)
	}
	if found := a.whereStored(t, "other.mail@example.org"); len(found["other.mail@example.org"]) < 2 {
		t.Fatalf("another attendee's signup or email was erased: %v", found)
	}
	var m managedJSON
	a.must(200, "GET", "/api/v1/signups/"+other.ManageToken, nil).JSON(t, &m)
	if m.Name != "Other Person" {
		t.Fatalf("%+v", m)
	}
}

// TestRetentionAfterMovedBack: an ended activity whose attendees were
// erased, then moved back into the future, takes new signups; when it ends
// again, they are erased too.
func TestRetentionAfterMovedBack(t *testing.T) {
	a := startApp(t, map[string]string{"SCHEDULER_INTERVAL": "100ms", "RETENTION_DAYS": "0"})
	org := signupOrg(t, a)
	act := a.publishedActivity(t, org.Organiser, activityBody(7, nil))
	a.signUp(t, act.ID, signupBody("before@example.org", nil))
	a.endActivity(t, org.Organiser, act.ID, 3*time.Hour)
	a.waitErased(t, org.Organiser, act.ID)
	a.endActivity(t, org.Organiser, act.ID, -7*24*time.Hour) // a week ahead
	a.signUp(t, act.ID, signupBody("after@example.org", nil))
	a.waitRetentionRun(t, org, 3*time.Hour) // runs while it lies ahead change nothing
	if found := a.whereStored(t, "after@example.org"); len(found) == 0 {
		t.Fatal("the signup of an activity moved back into the future was erased")
	}
	a.endActivity(t, org.Organiser, act.ID, 3*time.Hour)
	a.waitErased(t, org.Organiser, act.ID)
}
