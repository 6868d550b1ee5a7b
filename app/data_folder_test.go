package main

import (
	"bytes"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestErasureLeavesNothingOnDisk: erasing a signup — through the API, or
// the manage page reached from an email's link — leaves no trace of the
// person in any file of the data folder: not in the .eml files of the
// emails written to them, not in the database's free space, not in its
// write-ahead log. Other people's data stays.
func TestErasureLeavesNothingOnDisk(t *testing.T) {
	t.Run("ByAPI", func(t *testing.T) {
		f := newErasureFixture(t)
		f.a.must(204, "DELETE", "/api/v1/signups/"+f.zofiaSignup.ManageToken, nil)
		if found := f.a.filesHolding(t, f.zofia...); len(found) != 0 {
			t.Fatalf("erased data still in the data folder: %v", found)
		}
	})
	t.Run("ByManagePageFromAnEmail", func(t *testing.T) {
		f := newErasureFixture(t)
		a, piotr := f.a, f.piotr
		a.must(204, "DELETE", "/api/v1/signups/"+f.zofiaSignup.ManageToken, nil) // piotr is promoted
		var tokens []string
		for deadline := time.Now().Add(15 * time.Second); len(tokens) < 2; time.Sleep(50 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("piotr's emails carry %d manage links, want 2 (waiting, promoted)", len(tokens))
			}
			tokens = nil
			for _, m := range a.mailFiles(t, 1) {
				if strings.Contains(m.To, piotr[0]) {
					tokens = append(tokens, linkTokens(m.Text)...)
				}
			}
		}
		token := tokens[0]
		if loc := wantRedirect(t, a.postForm(t, "/signups/"+token+"/erase", url.Values{})); loc != "/?done=erased" {
			t.Fatalf("erased to %q", loc)
		}
		if found := a.filesHolding(t, piotr...); len(found) != 0 {
			t.Fatalf("erased data still in the data folder: %v", found)
		}
	})
	t.Run("OthersKept", func(t *testing.T) {
		f := newErasureFixture(t)
		f.a.must(204, "DELETE", "/api/v1/signups/"+f.zofiaSignup.ManageToken, nil)
		f.a.must(204, "DELETE", "/api/v1/signups/"+f.piotrSignup.ManageToken, nil)
		found := f.a.filesHolding(t, f.kept...)
		if len(found) != len(f.kept) || !slices.ContainsFunc(found[f.kept[0]], func(f string) bool { return strings.HasPrefix(f, "mail") }) {
			t.Fatalf("another attendee's data or email went too: %v", found)
		}
	})
}

// erasureFixture is an app of its own (the checks read its whole data
// folder) with one seat: zofia holds it, piotr then kept wait, and every
// personal value of the three is on disk.
type erasureFixture struct {
	a                        *testApp
	zofia, piotr, kept       []string
	zofiaSignup, piotrSignup signupJSON
}

func newErasureFixture(t *testing.T) *erasureFixture {
	t.Helper()
	a := startApp(t, nil) // no SMTP_URL: emails are .eml files under DATA_DIR/mail
	org := signupOrg(t, a)
	act := a.publishedActivity(t, org.Organiser, activityBody(7, map[string]any{"capacity": 1,
		"questions": []map[string]any{{"id": "diet", "type": "text", "label": map[string]string{"en": "Diet"}}}}))
	f := &erasureFixture{a: a,
		zofia: []string{"zofia.erase@example.org", "Zofia Wisniewska-Erasmus", "+48 600 999 111", "no peanuts, zofia"},
		piotr: []string{"piotr.erase@example.org", "Piotr Nowak-Erasmus", "+48 600 888 222", "gluten free, piotr"},
		kept:  []string{"kept.person@example.org", "Kept Person-Erasmus"}}
	signUp := func(p []string) signupJSON {
		over := map[string]any{"name": p[1]}
		if len(p) > 2 {
			over["phone"], over["answers"] = p[2], map[string]any{"diet": p[3]}
		}
		return a.signUp(t, act.ID, signupBody(p[0], over))
	}
	f.zofiaSignup = signUp(f.zofia) // confirmed
	f.piotrSignup = signUp(f.piotr) // waitlisted, promoted when zofia goes
	signUp(f.kept)                  // waitlisted
	a.mailFiles(t, 3)
	everyone := slices.Concat(f.zofia, f.piotr, f.kept)
	if found := a.filesHolding(t, everyone...); len(found) != len(everyone) {
		t.Fatalf("before erasure, only %d of %d personal values are on disk: %v", len(found), len(everyone), found)
	}
	return f
}

// TestRetentionLeavesNothingOnDisk: RETENTION_DAYS after an activity
// ended, nothing of its attendees is left in any file of the data folder
// (emails' .eml files, database free space, write-ahead log); the
// attendees of an activity still to come keep theirs.
func TestRetentionLeavesNothingOnDisk(t *testing.T) {
	a := startApp(t, map[string]string{"SCHEDULER_INTERVAL": "100ms", "RETENTION_DAYS": "0"})
	org := signupOrg(t, a)
	act := a.publishedActivity(t, org.Organiser, activityBody(7, map[string]any{"capacity": 1,
		"questions": []map[string]any{{"id": "diet", "type": "text", "label": map[string]string{"en": "Diet"}}}}))
	future := a.publishedActivity(t, org.Organiser, activityBody(8, nil))
	a.signUp(t, act.ID, signupBody("amira.retained@example.org", map[string]any{"name": "Amira Haddad-Retained",
		"phone": "+48 600 100 222", "answers": map[string]any{"diet": "halal, amira"}}))
	a.signUp(t, act.ID, signupBody("bogdan.retained@example.org", map[string]any{"name": "Bogdan Petrenko-Retained"}))
	a.signUp(t, future.ID, signupBody("erin.future@example.org", map[string]any{"name": "Erin Keane-Future"}))
	a.mailFiles(t, 3)
	people := []string{"amira.retained@example.org", "Amira Haddad-Retained", "+48 600 100 222", "halal, amira",
		"bogdan.retained@example.org", "Bogdan Petrenko-Retained"}
	if found := a.filesHolding(t, people...); len(found) != len(people) {
		t.Fatalf("before the end, only %d of %d personal values are on disk: %v", len(found), len(people), found)
	}
	a.endActivity(t, org.Organiser, act.ID, 3*time.Hour)
	a.waitErased(t, org.Organiser, act.ID)
	a.waitNothingOnDisk(t, people...)
	if found := a.filesHolding(t, "erin.future@example.org"); len(found["erin.future@example.org"]) < 2 {
		t.Fatalf("the attendee of an activity to come lost their data or email: %v", found)
	}
}

// TestManageLinksNotInDataFolder: a manage link cannot be rebuilt from a
// copy of the data folder (the secret key included): the answer to a
// signup and each email carry a token of their own, of which only hashes
// are stored, and the answer kept for an Idempotency-Key is sealed. Every
// link works until the signup is erased, then none does.
func TestManageLinksNotInDataFolder(t *testing.T) {
	box, smtpURL := newMailbox(t)
	a := startApp(t, map[string]string{"SMTP_URL": smtpURL, "SCHEDULER_INTERVAL": "100ms"})
	org := signupOrg(t, a)
	act := a.publishedActivity(t, org.Organiser, activityBody(7, map[string]any{"capacity": 1}))
	path := "/api/v1/activities/" + act.ID + "/signups"
	body := signupBody("first.links@example.org", nil)
	answered := a.must(201, "POST", path, body, "Idempotency-Key", "links-key-1")
	var first signupJSON
	answered.JSON(t, &first)
	second := a.signUp(t, act.ID, signupBody("second.links@example.org", nil)) // waitlisted
	a.must(200, "POST", "/api/v1/signups/"+first.ManageToken+"/cancel", nil)   // second promoted
	a.must(202, "POST", "/api/v1/activities/"+act.ID+"/messages", map[string]any{
		"subject": map[string]string{"en": "Hello"}, "body": map[string]string{"en": "See you."},
		"audience": []string{"confirmed"}}, bearer(org.Organiser)...)
	// first: confirmation, receipt; second: waiting, promoted, message.
	msgs := box.waitAll(t, a, 5)
	handed := []string{first.ManageToken, second.ManageToken}
	var secondLinks []string
	for _, m := range msgs {
		tokens := linkTokens(m.Parts["text/plain"])
		handed = append(handed, tokens...)
		if m.To == "second.links@example.org" {
			secondLinks = append(secondLinks, tokens...)
		}
	}
	if len(secondLinks) != 3 {
		t.Fatalf("second's emails carry %d manage links, want 3 (waiting, promoted, message)", len(secondLinks))
	}
	secondAll := append([]string{second.ManageToken}, secondLinks...)

	t.Run("EveryLinkHasItsOwnToken", func(t *testing.T) {
		for i, tok := range secondAll {
			if slices.Index(secondAll, tok) != i {
				t.Fatalf("token %s handed out twice: %v", tok, secondAll)
			}
			var m managedJSON
			a.must(200, "GET", "/api/v1/signups/"+tok, nil).JSON(t, &m)
			if m.ID != second.ID || m.Status != "confirmed" {
				t.Fatalf("link %d opens %+v", i, m)
			}
		}
	})
	t.Run("ReplayKeepsTheAnswer", func(t *testing.T) {
		again := a.must(201, "POST", path, body, "Idempotency-Key", "links-key-1")
		if !bytes.Equal(again.Body, answered.Body) || again.Header.Get("Idempotent-Replayed") != "true" {
			t.Fatalf("replay %s, first answer %s", again.Body, answered.Body)
		}
	})
	t.Run("NoTokenOnDisk", func(t *testing.T) {
		// Once emails are sent, their bodies (and links) leave the
		// outbox, and the scheduler's scrub the write-ahead log.
		a.waitNothingOnDisk(t, handed...)
	})
	t.Run("EraseEndsEveryLink", func(t *testing.T) {
		a.must(204, "DELETE", "/api/v1/signups/"+secondLinks[1], nil)
		for _, tok := range secondAll {
			wantError(t, a.do("GET", "/api/v1/signups/"+tok, nil), 404, "not_found")
		}
	})
}
