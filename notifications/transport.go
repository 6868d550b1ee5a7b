package notifications

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"os"
	"path/filepath"
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

// fileTransport writes each message as an .eml file under dir, for
// installations without SMTP. File names are the outbox ids, and files
// appear whole (written aside, then renamed), so a retry after a crash
// overwrites instead of duplicating.
type fileTransport struct {
	dir string
}

func newFileTransport(dir string) (*fileTransport, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("notifications: mail dir: %w", err)
	}
	return &fileTransport{dir: dir}, nil
}

func (t *fileTransport) send(_ context.Context, msgs []*mail.Msg) error {
	for _, m := range msgs {
		name := fileNameOf(m)
		tmp := filepath.Join(t.dir, "."+name+".tmp")
		if err := m.WriteToFile(tmp); err != nil {
			return err
		}
		if err := os.Rename(tmp, filepath.Join(t.dir, name)); err != nil {
			return err
		}
	}
	return nil
}

func (t *fileTransport) close() {}

// fileNameOf names a message's .eml file after its Message-ID's local part
// (the outbox id).
func fileNameOf(m *mail.Msg) string {
	id := m.GetMessageID()
	for i, r := range id {
		if r == '@' {
			id = id[:i]
			break
		}
	}
	clean := make([]rune, 0, len(id))
	for _, r := range id {
		if r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '-' {
			clean = append(clean, r)
		}
	}
	return string(clean) + ".eml"
}
