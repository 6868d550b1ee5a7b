package main

import (
	"bytes"
	"errors"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/agora-events/agora/notifications/smtptest"
)

// What a copy of the data folder gives away: these tests read every file
// under DATA_DIR as raw bytes — the database, its write-ahead log and
// shared memory, the .eml files of an installation without SMTP — as
// whoever steals a backup or a disk would.

// filesHolding returns, for each needle found in any file under the app's
// DATA_DIR, the files (relative to it) that hold it.
func (a *testApp) filesHolding(t testing.TB, needles ...string) map[string][]string {
	t.Helper()
	dir := a.env["DATA_DIR"]
	found := map[string][]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) {
			return nil // removed between listing and reading
		}
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		b, err := os.ReadFile(path)
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		for _, n := range needles {
			if bytes.Contains(b, []byte(n)) {
				found[n] = append(found[n], rel)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

// waitNothingOnDisk waits until no file under DATA_DIR holds any of
// needles.
func (a *testApp) waitNothingOnDisk(t testing.TB, needles ...string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		found := a.filesHolding(t, needles...)
		if len(found) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("still in the data folder: %v", found)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// mailFile is an .eml file written for lack of an SMTP server.
type mailFile struct {
	Name string
	To   string
	Text string // the text/plain part, decoded
}

// mailFiles waits until DATA_DIR/mail holds at least n .eml files and
// returns them.
func (a *testApp) mailFiles(t testing.TB, n int) []mailFile {
	t.Helper()
	dir := filepath.Join(a.env["DATA_DIR"], "mail")
	deadline := time.Now().Add(15 * time.Second)
	for {
		names, err := filepath.Glob(filepath.Join(dir, "*.eml"))
		if err != nil {
			t.Fatal(err)
		}
		if len(names) >= n {
			var out []mailFile
			for _, name := range names {
				raw, err := os.ReadFile(name)
				if err != nil {
					t.Fatal(err)
				}
				p := smtptest.Parse(t, raw)
				out = append(out, mailFile{Name: filepath.Base(name), To: p.Header.Get("To"), Text: p.Parts["text/plain"]})
			}
			return out
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d .eml files in %s, want %d", len(names), dir, n)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// manageLinkToken finds the manage tokens in an email's text.
var manageLinkToken = regexp.MustCompile(`/signups/([A-Za-z0-9_-]{43})\b`)

// linkTokens returns the manage tokens of the links in text.
func linkTokens(text string) []string {
	var out []string
	for _, m := range manageLinkToken.FindAllStringSubmatch(text, -1) {
		if !slices.Contains(out, m[1]) {
			out = append(out, m[1])
		}
	}
	return out
}

// TestErasureLeavesNothingOnDisk: erasing a signup — through the API, or
// the manage page reached from an email's link — leaves no trace of the
// person in any file of the data folder: not in the .eml files of the
// emails written to them, not in the database's free space, not in its
// write-ahead log. Other people's data stays.
func TestErasureLeavesNothingOnDisk(t *testing.T) {
	a := startApp(t, nil) // no SMTP_URL: emails are .eml files under DATA_DIR/mail
	org := signupOrg(t, a)
	act := a.publishedActivity(t, org.Organiser, activityBody(7, map[string]any{"capacity": 1,
		"questions": []map[string]any{{"id": "diet", "type": "text", "label": map[string]string{"en": "Diet"}}}}))
	zofia := []string{"zofia.erase@example.org", "Zofia Wisniewska-Erasmus", "+48 600 999 111", "no peanuts, zofia"}
	piotr := []string{"piotr.erase@example.org", "Piotr Nowak-Erasmus", "+48 600 888 222", "gluten free, piotr"}
	kept := []string{"kept.person@example.org", "Kept Person-Erasmus"}
	signUp := func(p []string) signupJSON {
		over := map[string]any{"name": p[1]}
		if len(p) > 2 {
			over["phone"], over["answers"] = p[2], map[string]any{"diet": p[3]}
		}
		return a.signUp(t, act.ID, signupBody(p[0], over))
	}
	first := signUp(zofia) // confirmed
	signUp(piotr)          // waitlisted, promoted when zofia goes
	signUp(kept)           // waitlisted
	a.mailFiles(t, 3)
	everyone := slices.Concat(zofia, piotr, kept)
	if found := a.filesHolding(t, everyone...); len(found) != len(everyone) {
		t.Fatalf("before erasure, only %d of %d personal values are on disk: %v", len(found), len(everyone), found)
	}

	t.Run("ByAPI", func(t *testing.T) {
		a.must(204, "DELETE", "/api/v1/signups/"+first.ManageToken, nil)
		if found := a.filesHolding(t, zofia...); len(found) != 0 {
			t.Fatalf("erased data still in the data folder: %v", found)
		}
	})
	t.Run("ByManagePageFromAnEmail", func(t *testing.T) {
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
		found := a.filesHolding(t, kept...)
		if len(found) != len(kept) || !slices.ContainsFunc(found[kept[0]], func(f string) bool { return strings.HasPrefix(f, "mail") }) {
			t.Fatalf("another attendee's data or email went too: %v", found)
		}
	})
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
	msgs := box.waitAll(t, 5)
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
