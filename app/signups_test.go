package main

import (
	"strings"
	"testing"
	"time"

	"github.com/agora-events/agora/store/storetest/seatcheck"
)

// questionsBody are the signup questions of the test activities.
var questionsBody = []map[string]any{
	{"id": "diet", "type": "choice", "label": map[string]string{"en": "Diet"}, "required": true,
		"options": []string{"none", "vegetarian", "halal"}},
	{"id": "childcare", "type": "boolean", "label": map[string]string{"en": "Childcare"}},
	{"id": "note", "type": "text", "label": map[string]string{"en": "Note"}},
}

// signupFixture is the app with an organisation; fresh gives each subtest
// its own published activity (3 seats, parties up to 2, questionsBody), so
// that no subtest depends on what its siblings signed up.
type signupFixture struct {
	a   *testApp
	org testOrg
}

func (f signupFixture) fresh(t *testing.T) (activityJSON, string) {
	t.Helper()
	act := f.a.publishedActivity(t, f.org.Organiser, activityBody(7, map[string]any{
		"capacity": 3, "max_party_size": 2, "questions": questionsBody}))
	return act, "/api/v1/activities/" + act.ID + "/signups"
}

// olenaAnswers are the answers of the first signup of each subtest.
var olenaAnswers = map[string]any{"diet": "halal", "childcare": true, "note": "=1+1"}

// signUpOlena signs up a party of 2 with a phone and every answer.
func (f signupFixture) signUpOlena(t *testing.T, activityID string) signupJSON {
	t.Helper()
	return f.a.signUp(t, activityID, signupBody("olena@example.org", map[string]any{"party_size": 2,
		"answers": olenaAnswers, "phone": "+48 600 100 200"}))
}

func TestSignUp(t *testing.T) {
	a := startApp(t, map[string]string{"BASE_URL": "https://agora.example.org"})
	org := signupOrg(t, a)
	f := signupFixture{a: a, org: org}
	answers := olenaAnswers

	t.Run("OK", func(t *testing.T) {
		act, _ := f.fresh(t)
		r := f.signUpOlena(t, act.ID)
		if r.Status != "confirmed" || r.WaitlistPosition != nil || r.ID == "" {
			t.Fatalf("%+v", r)
		}
		if len(r.ManageToken) < 40 || r.ManageURL != "https://agora.example.org/signups/"+r.ManageToken {
			t.Fatalf("manage token %q, url %q", r.ManageToken, r.ManageURL)
		}
		got := a.activity(t, org.Organiser, act.ID)
		if got.SeatsTaken != 2 || got.SeatsLeft != 1 || got.WaitlistCount != 0 {
			t.Fatalf("seats_taken %d seats_left %d waitlist_count %d", got.SeatsTaken, got.SeatsLeft, got.WaitlistCount)
		}
		a.checkSeatInvariant(t, org.Organiser, act.ID, seatcheck.Settled, seatcheck.NobodyWaitsWhoFits)
	})
	t.Run("Waitlisted", func(t *testing.T) {
		act, _ := f.fresh(t)
		f.signUpOlena(t, act.ID) // 1 seat left
		r := a.signUp(t, act.ID, signupBody("pair@example.org", map[string]any{"party_size": 2,
			"answers": map[string]any{"diet": "none"}}))
		if r.Status != "waitlisted" || r.WaitlistPosition == nil || *r.WaitlistPosition != 1 {
			t.Fatalf("%+v", r)
		}
		r = a.signUp(t, act.ID, signupBody("pair2@example.org", map[string]any{"party_size": 2,
			"answers": map[string]any{"diet": "none"}}))
		if r.Status != "waitlisted" || *r.WaitlistPosition != 2 {
			t.Fatalf("%+v", r)
		}
		// A single person still fits behind the waiting pairs.
		r = a.signUp(t, act.ID, signupBody("single@example.org", map[string]any{"answers": map[string]any{"diet": "none"}}))
		if r.Status != "confirmed" {
			t.Fatalf("%+v", r)
		}
		got := a.activity(t, org.Organiser, act.ID)
		if got.SeatsTaken != 3 || got.SeatsLeft != 0 || got.WaitlistCount != 2 {
			t.Fatalf("seats_taken %d seats_left %d waitlist_count %d", got.SeatsTaken, got.SeatsLeft, got.WaitlistCount)
		}
		a.checkSeatInvariant(t, org.Organiser, act.ID, seatcheck.Settled, seatcheck.NobodyWaitsWhoFits)
	})
	t.Run("ErrAlreadyRegistered", func(t *testing.T) {
		act, path := f.fresh(t)
		f.signUpOlena(t, act.ID)
		r := a.do("POST", path, signupBody("  OLENA@Example.ORG ", map[string]any{"answers": answers}))
		wantError(t, r, 409, "already_registered")
	})
	t.Run("ErrValidation", func(t *testing.T) {
		act, path := f.fresh(t)
		f.signUpOlena(t, act.ID)
		for _, tc := range []struct {
			name  string
			body  map[string]any
			field string
		}{
			{"NameMissing", signupBody("v1@example.org", map[string]any{"name": nil, "answers": answers}), "name"},
			{"NameBlank", signupBody("v1@example.org", map[string]any{"name": "   ", "answers": answers}), "name"},
			{"NameWithNewline", signupBody("v1@example.org", map[string]any{"name": "A\r\nBcc: x@y.z", "answers": answers}), "name"},
			{"EmailMissing", signupBody("", map[string]any{"answers": answers}), "email"},
			{"EmailBad", signupBody("not-an-email", map[string]any{"answers": answers}), "email"},
			{"EmailHeaderInjection", signupBody("a@b.org\r\nBcc: c@d.org", map[string]any{"answers": answers}), "email"},
			{"PhoneBad", signupBody("v1@example.org", map[string]any{"phone": "call me", "answers": answers}), "phone"},
			{"PartyZero", signupBody("v1@example.org", map[string]any{"party_size": 0, "answers": answers}), "party_size"},
			{"PartyOverMax", signupBody("v1@example.org", map[string]any{"party_size": 3, "answers": answers}), "party_size"},
			{"PartyWrongType", signupBody("v1@example.org", map[string]any{"party_size": "two", "answers": answers}), "party_size"},
			{"LanguageUnknown", signupBody("v1@example.org", map[string]any{"language": "xx", "answers": answers}), "language"},
			{"LanguageMissing", signupBody("v1@example.org", map[string]any{"language": nil, "answers": answers}), "language"},
			{"ConsentFalse", signupBody("v1@example.org", map[string]any{"consent": false, "answers": answers}), "consent"},
			{"ConsentMissing", signupBody("v1@example.org", map[string]any{"consent": nil, "answers": answers}), "consent"},
			{"ConsentWrongType", signupBody("v1@example.org", map[string]any{"consent": "yes", "answers": answers}), "consent"},
			{"RequiredAnswerMissing", signupBody("v1@example.org", nil), "answers.diet"},
			{"ChoiceNotAnOption", signupBody("v1@example.org", map[string]any{"answers": map[string]any{"diet": "vegan"}}), "answers.diet"},
			{"ChoiceWrongType", signupBody("v1@example.org", map[string]any{"answers": map[string]any{"diet": 3}}), "answers.diet"},
			{"BooleanWrongType", signupBody("v1@example.org", map[string]any{"answers": map[string]any{"diet": "none", "childcare": "yes"}}), "answers.childcare"},
			{"TextWrongType", signupBody("v1@example.org", map[string]any{"answers": map[string]any{"diet": "none", "note": []int{1}}}), "answers.note"},
			{"UnknownQuestion", signupBody("v1@example.org", map[string]any{"answers": map[string]any{"diet": "none", "shoe_size": "42"}}), "answers.shoe_size"},
			{"AnswersWrongType", signupBody("v1@example.org", map[string]any{"answers": "diet"}), "answers"},
			{"UnknownField", signupBody("v1@example.org", map[string]any{"answers": answers, "admin": true}), "admin"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				r := a.do("POST", path+"?lang=pl", tc.body)
				wantError(t, r, 422, "validation_failed")
				fields := fieldErrors(t, r)
				if fields[tc.field] == "" {
					t.Fatalf("no message for %s in %s", tc.field, r.Body)
				}
			})
		}
		// Nothing of the refused requests was stored.
		got := a.activity(t, org.Organiser, act.ID)
		if got.SeatsTaken != 2 || got.WaitlistCount != 0 {
			t.Fatalf("bad input changed the activity: %+v", got)
		}
		for _, su := range a.allSignups(t, org.Organiser, act.ID) {
			if su.Email == "v1@example.org" {
				t.Fatalf("a refused signup was stored: %+v", su)
			}
		}
	})
	t.Run("ErrValidationTranslated", func(t *testing.T) {
		_, path := f.fresh(t)
		r := a.do("POST", path+"?lang=uk", signupBody("v2@example.org", map[string]any{"consent": false, "answers": answers}))
		wantError(t, r, 422, "validation_failed")
		en := fieldErrors(t, a.do("POST", path+"?lang=en", signupBody("v2@example.org", map[string]any{"consent": false, "answers": answers})))
		if uk := fieldErrors(t, r); uk["consent"] == "" || uk["consent"] == en["consent"] {
			t.Fatalf("consent message not translated: uk %q, en %q", uk["consent"], en["consent"])
		}
	})
	t.Run("ErrBadRequest", func(t *testing.T) {
		_, path := f.fresh(t)
		wantError(t, a.do("POST", path, `{"name": "x",`), 400, "bad_request")
		wantError(t, a.do("POST", path, `[1, 2]`), 400, "bad_request")
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		wantError(t, a.do("POST", "/api/v1/activities/nope/signups", signupBody("n@example.org", nil)), 404, "not_found")
		draft := a.createActivity(t, org.Organiser, activityBody(7, nil))
		wantError(t, a.do("POST", "/api/v1/activities/"+draft.ID+"/signups", signupBody("n@example.org", nil)), 404, "not_found")
	})
	t.Run("ErrActivityCancelled", func(t *testing.T) {
		other := a.publishedActivity(t, org.Organiser, activityBody(7, nil))
		a.must(200, "POST", "/api/v1/activities/"+other.ID+"/cancel", map[string]any{"reason": map[string]string{"en": "Ill"}},
			bearer(org.Organiser)...)
		wantError(t, a.do("POST", "/api/v1/activities/"+other.ID+"/signups", signupBody("c@example.org", nil)), 409, "activity_cancelled")
	})
	t.Run("ErrRegistrationClosed", func(t *testing.T) {
		now := time.Now()
		for name, over := range map[string]map[string]any{
			"NotYetOpen": {"registration_opens_at": now.Add(time.Hour).Format(time.RFC3339)},
			"Closed":     {"registration_closes_at": now.Add(-time.Hour).Format(time.RFC3339)},
			"Started": {"starts_at": now.Add(-time.Hour).Format(time.RFC3339),
				"ends_at": now.Add(time.Hour).Format(time.RFC3339)},
		} {
			t.Run(name, func(t *testing.T) {
				closed := a.publishedActivity(t, org.Organiser, activityBody(7, over))
				wantError(t, a.do("POST", "/api/v1/activities/"+closed.ID+"/signups", signupBody("w@example.org", nil)),
					409, "registration_closed")
			})
		}
	})
	t.Run("ErrFull", func(t *testing.T) {
		small := a.publishedActivity(t, org.Organiser, activityBody(7, map[string]any{"capacity": 1, "waitlist": false}))
		a.signUp(t, small.ID, signupBody("first@example.org", nil))
		wantError(t, a.do("POST", "/api/v1/activities/"+small.ID+"/signups", signupBody("second@example.org", nil)), 409, "full")
		if got := a.activity(t, org.Organiser, small.ID); got.SeatsTaken != 1 || got.WaitlistCount != 0 {
			t.Fatalf("%+v", got)
		}
	})
	t.Run("ConsentTimeRecorded", func(t *testing.T) {
		act, _ := f.fresh(t)
		f.signUpOlena(t, act.ID)
		a.signUp(t, act.ID, signupBody("single@example.org", map[string]any{"answers": map[string]any{"diet": "none"}}))
		if r := a.signUp(t, act.ID, signupBody("pair@example.org", map[string]any{"party_size": 2,
			"answers": map[string]any{"diet": "none"}})); r.Status != "waitlisted" {
			t.Fatalf("the pair: %+v", r)
		}
		for _, su := range a.allSignups(t, org.Organiser, act.ID) {
			if su.ConsentAt.IsZero() || su.ConsentAt.After(time.Now().Add(time.Minute)) {
				t.Fatalf("consent_at %v of %s", su.ConsentAt, su.Email)
			}
			if su.Email == "olena@example.org" && (su.Phone != "+48 600 100 200" || su.Answers["diet"] != "halal" ||
				su.Answers["childcare"] != true || !strings.HasPrefix(su.Answers["note"].(string), "=")) {
				t.Fatalf("stored signup %+v", su)
			}
		}
	})
}
