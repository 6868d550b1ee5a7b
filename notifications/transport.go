package notifications

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/wneessen/go-mail"

	"github.com/agora-events/agora/config"
)

// transport delivers built messages. Each worker owns one; it is not safe
// for concurrent use.
type transport interface {
	// send delivers msgs. A failure of one message is recorded on it
	// (msg.SendError); a returned error means none was attempted.
	send(ctx context.Context, msgs []*mail.Msg) error
	close()
}

// smtpTransport keeps one SMTP connection open across messages and dials
// again only after the connection failed or idled out.
type smtpTransport struct {
	client    *mail.Client
	connected bool
}

func newSMTPTransport(s config.SMTPSettings, tlsConfig *tls.Config) (*smtpTransport, error) {
	if tlsConfig == nil {
		tlsConfig = &tls.Config{ServerName: s.Host, MinVersion: tls.VersionTLS12}
	}
	opts := []mail.Option{mail.WithTimeout(30 * time.Second), mail.WithTLSConfig(tlsConfig)}
	switch s.TLS {
	case config.TLSImplicit:
		opts = append(opts, mail.WithSSL())
	case config.TLSNone:
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	default:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	}
	if s.Username != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover),
			mail.WithUsername(s.Username), mail.WithPassword(s.Password))
	}
	opts = append(opts, mail.WithPort(s.Port))
	c, err := mail.NewClient(s.Host, opts...)
	if err != nil {
		return nil, fmt.Errorf("notifications: SMTP client: %w", err)
	}
	return &smtpTransport{client: c}, nil
}

func (t *smtpTransport) send(ctx context.Context, msgs []*mail.Msg) error {
	for try := 0; ; try++ {
		if !t.connected {
			if err := t.client.DialWithContext(ctx); err != nil {
				return fmt.Errorf("connect: %w", err)
			}
			t.connected = true
		}
		err := t.client.Send(msgs...)
		var se *mail.SendError
		if err != nil && errors.As(err, &se) && se.Reason == mail.ErrConnCheck {
			// The kept connection died while idle (the server closed
			// it); nothing was sent, so dial once more.
			t.close()
			if try == 0 {
				continue
			}
			return err
		}
		for _, m := range msgs {
			if m.HasSendError() && needsReconnect(m.SendError()) {
				t.close()
				break
			}
		}
		return nil
	}
}

func (t *smtpTransport) close() {
	if t.connected {
		_ = t.client.Close()
		t.connected = false
	}
}

// needsReconnect reports whether the connection is unusable after err: a
// network failure, or 421 (the server is closing the channel).
func needsReconnect(err error) bool {
	var se *mail.SendError
	if !errors.As(err, &se) {
		return true
	}
	code := se.ErrorCode()
	return code == 0 || code == 421
}

// mailDir is the folder of .eml files of an installation without SMTP:
// the only copies of sent emails that Agora keeps itself, and so erased
// with their emails (EraseCopies). A file is named after its email's
// outbox id and appears whole (written aside, then renamed), so a retry
// after a crash overwrites instead of duplicating. Its fileTransports,
// one per worker, share it.
type mailDir struct {
	path string
	// erased holds the ids of emails erased lately, and when: a worker
	// that was writing one of them when it was erased removes its file
	// at once.
	mu     sync.Mutex
	erased map[string]time.Time
}

// erasedMemory is how long an erased email is remembered: longer than
// any send that began before its erasure.
const erasedMemory = 10 * time.Minute

// newMailDir creates the folder if needed and removes what a crash left
// half written.
func newMailDir(path string) (*mailDir, error) {
	if err := os.MkdirAll(path, 0o700); err != nil {
		return nil, fmt.Errorf("notifications: mail dir: %w", err)
	}
	partial, err := filepath.Glob(filepath.Join(path, ".*.tmp"))
	if err != nil {
		return nil, err
	}
	for _, p := range partial {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("notifications: mail dir: %w", err)
		}
	}
	return &mailDir{path: path, erased: map[string]time.Time{}}, nil
}

// erase removes the files of the emails with these outbox ids, and of any
// of them a worker is writing now.
func (d *mailDir) erase(ids []string, now time.Time) error {
	d.mu.Lock()
	for id, at := range d.erased {
		if now.Sub(at) > erasedMemory {
			delete(d.erased, id)
		}
	}
	for _, id := range ids {
		d.erased[id] = now
	}
	d.mu.Unlock()
	var errs []error
	for _, id := range ids {
		if err := os.Remove(filepath.Join(d.path, emlName(id))); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// written is called once a message's file is in place: the file of an
// email erased meanwhile goes at once. (Erasure marks first, then
// removes; this checks after the rename: one of the two removes it.)
func (d *mailDir) written(id, path string) error {
	d.mu.Lock()
	_, erased := d.erased[id]
	d.mu.Unlock()
	if !erased {
		return nil
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// fileTransport writes each message as an .eml file into its mailDir.
type fileTransport struct {
	dir *mailDir
}

func (t *fileTransport) send(_ context.Context, msgs []*mail.Msg) error {
	for _, m := range msgs {
		id := outboxIDOf(m)
		name := emlName(id)
		tmp := filepath.Join(t.dir.path, "."+name+".tmp")
		if err := m.WriteToFile(tmp); err != nil {
			return err
		}
		path := filepath.Join(t.dir.path, name)
		if err := os.Rename(tmp, path); err != nil {
			return err
		}
		if err := t.dir.written(id, path); err != nil {
			return err
		}
	}
	return nil
}

func (t *fileTransport) close() {}

// outboxIDOf is the outbox id of a message: its Message-ID's local part.
func outboxIDOf(m *mail.Msg) string {
	id, _, _ := strings.Cut(strings.TrimPrefix(m.GetMessageID(), "<"), "@")
	return id
}

// emlName is the file name of an email's .eml file: its outbox id, of
// which only letters, digits and dashes are kept.
func emlName(id string) string {
	clean := make([]rune, 0, len(id))
	for _, r := range id {
		if r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '-' {
			clean = append(clean, r)
		}
	}
	return string(clean) + ".eml"
}
