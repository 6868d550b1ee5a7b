package notifications

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/wneessen/go-mail"
)

// testMsg is a message as the outbox builds one: its Message-ID's local
// part is the outbox id.
func testMsg(t *testing.T, id string) *mail.Msg {
	t.Helper()
	m := mail.NewMsg()
	m.SetMessageIDWithValue(id + "@agora.test")
	if err := m.From("agora@agora.test"); err != nil {
		t.Fatal(err)
	}
	if err := m.To("olena@example.org"); err != nil {
		t.Fatal(err)
	}
	m.SetBodyString(mail.TypeTextPlain, "Hello Olena")
	return m
}

// TestMailDirErase: erasing emails removes their .eml files, also the file
// of an email a worker was writing when it was erased; other emails' files
// stay, and what a crash left half written goes at the next start.
func TestMailDirErase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mail")
	if err := os.MkdirAll(path, 0o700); err != nil {
		t.Fatal(err)
	}
	partial := filepath.Join(path, ".e0.eml.tmp")
	if err := os.WriteFile(partial, []byte("To: olena@example.org"), 0o600); err != nil {
		t.Fatal(err)
	}
	dir, err := newMailDir(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(partial); !os.IsNotExist(err) {
		t.Fatalf("a half-written file survived the start: %v", err)
	}
	tr := &fileTransport{dir: dir}
	ctx := context.Background()
	if err := tr.send(ctx, []*mail.Msg{testMsg(t, "e1"), testMsg(t, "e2")}); err != nil {
		t.Fatal(err)
	}
	exists := func(id string) bool {
		_, err := os.Stat(filepath.Join(path, emlName(id)))
		return err == nil
	}
	if !exists("e1") || !exists("e2") {
		t.Fatal("the files were not written")
	}
	if err := dir.erase([]string{"e1", "e3"}, time.Now()); err != nil {
		t.Fatal(err)
	}
	if exists("e1") || !exists("e2") {
		t.Fatalf("after erasing e1: e1 %v, e2 %v", exists("e1"), exists("e2"))
	}
	// e3 was being sent when it was erased: its file does not stay.
	if err := tr.send(ctx, []*mail.Msg{testMsg(t, "e3")}); err != nil {
		t.Fatal(err)
	}
	if exists("e3") {
		t.Fatal("the file of an email erased while it was being written stayed")
	}
	if err := dir.erase([]string{"e1"}, time.Now()); err != nil {
		t.Fatalf("erasing again: %v", err)
	}
}
