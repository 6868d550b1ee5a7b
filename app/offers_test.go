package main

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// Place offers over HTTP: on an activity whose waitlist_mode is offer, a
// freed seat is offered to the next person, who accepts or declines by
// their manage token; an offer not answered in time passes on when the
// scheduler runs (each test runs its pass itself: SCHEDULER_INTERVAL is
// long); inside the cut-off no offer is made.

// offerApp starts the app with a mailbox; the scheduler does not tick
// during the test.
func offerApp(t *testing.T, env map[string]string) (*testApp, *mailbox) {
	t.Helper()
	box, smtpURL := newMailbox(t)
	full := map[string]string{"SMTP_URL": smtpURL, "SCHEDULER_INTERVAL": "1h"}
	for k, v := range env {
		full[k] = v
	}
	return startApp(t, full), box
}

// offerActivity publishes an activity of one seat in offer mode, changed
// by over.
func offerActivity(t *testing.T, a *testApp, over map[string]any) (testOrg, activityJSON) {
	t.Helper()
	org := signupOrg(t, a)
	body := map[string]any{"capacity": 1, "waitlist_mode": "offer"}
	for k, v := range over {
		body[k] = v
	}
	return org, a.publishedActivity(t, org.Organiser, activityBody(7, body))
}

// managed reads a signup by its manage token, with its offer.
func (a *testApp) managed(t *testing.T, token string) (status string, expires *time.Time) {
	t.Helper()
	var m struct {
		Status         string     `json:"status"`
		OfferExpiresAt *time.Time `json:"offer_expires_at"`
	}
	a.must(200, "GET", "/api/v1/signups/"+token, nil).JSON(t, &m)
	return m.Status, m.OfferExpiresAt
}

// answerOffer posts an answer ("accept" or "decline") and returns the
// status answered, failing unless it is 200.
func (a *testApp) answerOffer(t *testing.T, token, answer string) string {
	t.Helper()
	var out struct {
		Status string `json:"status"`
	}
	a.must(200, "POST", "/api/v1/signups/"+token+"/offer/"+answer, nil).JSON(t, &out)
	return out.Status
}

// runScheduler runs one pass of every scheduled job, as a tick does.
func (a *testApp) runScheduler() {
	a.main.runJobs(context.Background(), a.main.scheduledJobs())
}

// withSubject is the one email of msgs with that subject: emails queued
// one after the other may arrive in either order.
func withSubject(t *testing.T, msgs []receivedMail, subject string) receivedMail {
	t.Helper()
	var found []receivedMail
	for _, m := range msgs {
		if m.Subject == subject {
			found = append(found, m)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d emails with subject %q among %d", len(found), subject, len(msgs))
	}
	return found[0]
}

var offerLink = regexp.MustCompile(`https?://\S+/signups/(\S+)/offer\?choice=(accept|decline)`)

func TestPlaceOffers(t *testing.T) {
	t.Run("NotAcceptedInTimeMovesOn", func(t *testing.T) {
		a, box := offerApp(t, nil)
		// 0.0005 h is 1.8 s to answer.
		org, act := offerActivity(t, a, map[string]any{"offer_hours": 0.0005})
		first := a.signUp(t, act.ID, signupBody("first@example.org", nil))
		second := a.signUp(t, act.ID, signupBody("second@example.org", nil))
		third := a.signUp(t, act.ID, signupBody("third@example.org", nil))
		if first.Status != "confirmed" || second.Status != "waitlisted" || third.Status != "waitlisted" {
			t.Fatalf("statuses %s, %s, %s", first.Status, second.Status, third.Status)
		}
		a.must(200, "POST", "/api/v1/signups/"+first.ManageToken+"/cancel", nil)
		status, expires := a.managed(t, second.ManageToken)
		if status != "offered" || expires == nil || time.Until(*expires) > 2*time.Second {
			t.Fatalf("second after the cancellation: %s until %v, want offered for 1.8s", status, expires)
		}
		if got := a.activity(t, org.Organiser, act.ID); got.SeatsTaken != 1 || got.SeatsLeft != 0 {
			t.Fatalf("the offered seat is not taken: %d taken, %d left", got.SeatsTaken, got.SeatsLeft)
		}
		if status, _ := a.managed(t, third.ManageToken); status != "waitlisted" {
			t.Fatalf("third is %s while the seat is offered to second", status)
		}
		msgs := box.waitAll(t, a, 5) // 3 answers, 1 receipt, 1 offer
		offer := withSubject(t, to(msgs, "second@example.org"), box.subject("uk", "offered", offerTitle))
		links := offerLink.FindAllStringSubmatch(offer.Parts["text/plain"], -1)
		if len(links) != 2 || links[0][2] != "accept" || links[1][2] != "decline" {
			t.Fatalf("offer email links %v in:\n%s", links, offer.Parts["text/plain"])
		}

		time.Sleep(time.Until(*expires) + 50*time.Millisecond)
		// Accepting after the time ran out fails even before the
		// scheduler has passed the seat on.
		wantError(t, a.do("POST", "/api/v1/signups/"+second.ManageToken+"/offer/accept", nil), 409, "offer_expired")
		a.runScheduler()
		if status, _ := a.managed(t, second.ManageToken); status != "cancelled" {
			t.Fatalf("second after expiry: %s", status)
		}
		if status, _ := a.managed(t, third.ManageToken); status != "offered" {
			t.Fatalf("third after second's offer expired: %s", status)
		}
		wantError(t, a.do("POST", "/api/v1/signups/"+second.ManageToken+"/offer/accept", nil), 409, "offer_expired")
		if got := a.answerOffer(t, third.ManageToken, "accept"); got != "confirmed" {
			t.Fatalf("third accepted: %s", got)
		}
		msgs = box.waitAll(t, a, 8) // + expired to second, offer and confirmation to third
		if got := to(msgs, "second@example.org"); got[2].Subject != box.subject("uk", "offer_expired", offerTitle) {
			t.Fatalf("second's last email %q", got[2].Subject)
		}
		if got := to(msgs, "third@example.org"); len(got) != 3 || got[2].Subject != box.subject("uk", "promoted", offerTitle) {
			t.Fatalf("third's emails %d", len(got))
		}
		a.checkSeatInvariant(t, org.Organiser, act.ID)
	})

	t.Run("AcceptedOnceAcrossARestart", func(t *testing.T) {
		a, box := offerApp(t, nil)
		org, act := offerActivity(t, a, nil)
		first := a.signUp(t, act.ID, signupBody("first@example.org", nil))
		second := a.signUp(t, act.ID, signupBody("second@example.org", nil))
		a.must(200, "POST", "/api/v1/signups/"+first.ManageToken+"/cancel", nil)
		if got := a.answerOffer(t, second.ManageToken, "accept"); got != "confirmed" {
			t.Fatalf("accepted: %s", got)
		}
		box.waitAll(t, a, 5) // 2 answers, receipt, offer, confirmation
		a.stop()

		b := startApp(t, a.env) // the same DATA_DIR and mail server
		if got := b.answerOffer(t, second.ManageToken, "accept"); got != "confirmed" {
			t.Fatalf("accepted again after the restart: %s", got)
		}
		b.runScheduler()
		msgs := box.waitAll(t, b, 5) // no second confirmation
		if got := to(msgs, "second@example.org"); len(got) != 3 || got[2].Subject != box.subject("uk", "promoted", offerTitle) {
			t.Fatalf("second's emails: %d", len(got))
		}
		if status, _ := b.managed(t, second.ManageToken); status != "confirmed" {
			t.Fatalf("second is %s", status)
		}
		if got := b.activity(t, org.Organiser, act.ID); got.SeatsTaken != 1 {
			t.Fatalf("%d seats taken", got.SeatsTaken)
		}
	})

	t.Run("DeclinePassesItOn", func(t *testing.T) {
		a, box := offerApp(t, nil)
		org, act := offerActivity(t, a, nil)
		first := a.signUp(t, act.ID, signupBody("first@example.org", nil))
		second := a.signUp(t, act.ID, signupBody("second@example.org", nil))
		third := a.signUp(t, act.ID, signupBody("third@example.org", nil))
		a.must(200, "POST", "/api/v1/signups/"+first.ManageToken+"/cancel", nil)
		for range 2 { // declining twice is fine
			if got := a.answerOffer(t, second.ManageToken, "decline"); got != "cancelled" {
				t.Fatalf("declined: %s", got)
			}
		}
		if status, _ := a.managed(t, third.ManageToken); status != "offered" {
			t.Fatalf("third after second declined: %s", status)
		}
		wantError(t, a.do("POST", "/api/v1/signups/"+second.ManageToken+"/offer/accept", nil), 409, "conflict")
		box.waitAll(t, a, 7) // 3 answers, 2 receipts, 2 offers
		a.checkSeatInvariant(t, org.Organiser, act.ID)
	})

	t.Run("InsideTheCutoffNoOffer", func(t *testing.T) {
		a, box := offerApp(t, nil)
		start := time.Now().Add(2 * time.Hour).Truncate(time.Minute)
		org, act := offerActivity(t, a, map[string]any{"offer_cutoff_hours": 3,
			"starts_at": start.Format(time.RFC3339), "ends_at": start.Add(time.Hour).Format(time.RFC3339)})
		first := a.signUp(t, act.ID, signupBody("first@example.org", nil))
		second := a.signUp(t, act.ID, signupBody("second@example.org", nil))
		a.must(200, "POST", "/api/v1/signups/"+first.ManageToken+"/cancel", nil)
		a.runScheduler()
		if status, _ := a.managed(t, second.ManageToken); status != "waitlisted" {
			t.Fatalf("second inside the cut-off: %s", status)
		}
		got := a.activity(t, org.Organiser, act.ID)
		if got.SeatsLeft != 1 || got.WaitlistCount != 1 {
			t.Fatalf("inside the cut-off: %d seats left, %d waiting; want the seat free and second waiting", got.SeatsLeft, got.WaitlistCount)
		}
		box.waitAll(t, a, 3) // 2 answers, the receipt: no offer
	})

	t.Run("OfferPage", func(t *testing.T) {
		a, box := offerApp(t, nil)
		_, act := offerActivity(t, a, nil)
		first := a.signUp(t, act.ID, signupBody("first@example.org", nil))
		second := a.signUp(t, act.ID, signupBody("second@example.org", nil))
		a.must(200, "POST", "/api/v1/signups/"+first.ManageToken+"/cancel", nil)
		offer := withSubject(t, to(box.waitAll(t, a, 4), "second@example.org"), box.subject("uk", "offered", offerTitle))
		link := offerLink.FindStringSubmatch(offer.Parts["text/plain"])
		u, err := url.Parse(link[0])
		if err != nil {
			t.Fatal(err)
		}
		page := a.must(200, "GET", u.RequestURI(), nil, "Accept-Language", "uk")
		action := "/signups/" + link[1] + "/offer/accept"
		if !strings.Contains(string(page.Body), `action="`+action+`"`) {
			t.Fatalf("the offer page has no accept form posting to %s:\n%s", action, page.Body)
		}
		r := a.do("POST", action, "", "Content-Type", "application/x-www-form-urlencoded", "Origin", a.URL)
		if r.Status != http.StatusSeeOther {
			t.Fatalf("accept form: %d %s", r.Status, r.Body)
		}
		if status, _ := a.managed(t, second.ManageToken); status != "confirmed" {
			t.Fatalf("after the accept form: %s", status)
		}
		// The page of an answered offer is the manage page.
		if r := a.do("GET", u.RequestURI(), nil); r.Status != http.StatusSeeOther {
			t.Fatalf("offer page after accepting: %d", r.Status)
		}
	})

	t.Run("Validation", func(t *testing.T) {
		a, _ := offerApp(t, nil)
		org := signupOrg(t, a)
		for field, v := range map[string]any{"offer_hours": 0, "offer_cutoff_hours": -1, "waitlist_mode": "lottery"} {
			r := a.do("POST", "/api/v1/activities", activityBody(7, map[string]any{field: v}),
				append(bearer(org.Organiser), "Accept-Language", "pl")...)
			wantError(t, r, 422, "validation_failed")
			var e struct {
				Error struct {
					Fields map[string]string `json:"fields"`
				} `json:"error"`
			}
			r.JSON(t, &e)
			if e.Error.Fields[field] == "" {
				t.Fatalf("%s=%v: no error on the field: %s", field, v, r.Body)
			}
		}
		act := a.createActivity(t, org.Organiser, activityBody(7, nil))
		if act.WaitlistMode != "auto" || act.OfferHours != 24 || act.OfferCutoffHours != 3 {
			t.Fatalf("defaults %q %v %v", act.WaitlistMode, act.OfferHours, act.OfferCutoffHours)
		}
	})
}

// offerTitle is the activities' title in the attendees' emails (their
// language, uk, falls back to the organisation's, pl).
const offerTitle = "Kawiarenka językowa"
