package main

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
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
