package smtptest_test

import (
	"errors"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wneessen/go-mail"

	"github.com/agora-events/agora/notifications/smtptest"
)

// send delivers one message to srv with go-mail, as Agora's mailer does.
// It may run in any goroutine, so it reports every problem as an error.
func send(srv *smtptest.Server, to []string, extra ...mail.Option) error {
	m := mail.NewMsg()
	if err := m.From("Agora <no-reply@example.org>"); err != nil {
		return err
	}
	if err := m.To(to...); err != nil {
		return err
	}
	m.Subject("Potwierdzenie zapisu")
	m.SetBodyString(mail.TypeTextPlain, "Do zobaczenia w bibliotece!")
	opts := append([]mail.Option{mail.WithPort(srv.Port), mail.WithTimeout(10 * time.Second),
		mail.WithTLSConfig(srv.ClientTLSConfig())}, extra...)
	c, err := mail.NewClient(srv.Host, opts...)
	if err != nil {
		return err
	}
	return c.DialAndSend(m)
}

func TestServer(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		srv := smtptest.Start(t)
		if err := send(srv, []string{"ana@example.org", "Ola@Example.org"}, mail.WithTLSPolicy(mail.TLSMandatory)); err != nil {
			t.Fatal(err)
		}
		msgs := srv.WaitFor(1, 5*time.Second)
		m := msgs[0]
		if m.From != "no-reply@example.org" || strings.Join(m.To, ",") != "ana@example.org,Ola@Example.org" {
			t.Errorf("envelope from %q to %v", m.From, m.To)
		}
		if !m.TLS || m.Username != "" {
			t.Errorf("TLS=%v Username=%q, want STARTTLS and no AUTH", m.TLS, m.Username)
		}
		data := string(m.Data)
		if !strings.Contains(data, "Subject: Potwierdzenie zapisu") || !strings.Contains(data, "Do zobaczenia") {
			t.Errorf("raw data lacks subject or body:\n%s", data)
		}
		if srv.Attempts() != 1 || srv.Connections() != 1 || len(srv.Messages()) != 1 {
			t.Errorf("attempts %d connections %d messages %d, want 1 each",
				srv.Attempts(), srv.Connections(), len(srv.Messages()))
		}
	})
	t.Run("PlainWithoutTLS", func(t *testing.T) {
		srv := smtptest.Start(t)
		if err := send(srv, []string{"ana@example.org"}, mail.WithTLSPolicy(mail.NoTLS)); err != nil {
			t.Fatal(err)
		}
		if m := srv.WaitFor(1, 5*time.Second)[0]; m.TLS {
			t.Error("TLS reported on a plain connection")
		}
	})
	t.Run("ImplicitTLS", func(t *testing.T) {
		srv := smtptest.Start(t, smtptest.WithImplicitTLS())
		if err := send(srv, []string{"ana@example.org"}, mail.WithSSL()); err != nil {
			t.Fatal(err)
		}
		if m := srv.WaitFor(1, 5*time.Second)[0]; !m.TLS {
			t.Error("TLS not reported on an implicit TLS connection")
		}
	})
	t.Run("Auth", func(t *testing.T) {
		srv := smtptest.Start(t, smtptest.WithAuth("agora", "s3cret"), smtptest.WithRequireTLS())
		auth := func(pass string) []mail.Option {
			return []mail.Option{mail.WithTLSPolicy(mail.TLSMandatory), mail.WithSMTPAuth(mail.SMTPAuthPlain),
				mail.WithUsername("agora"), mail.WithPassword(pass)}
		}
		if err := send(srv, []string{"ana@example.org"}, auth("wrong")...); err == nil {
			t.Fatal("wrong password accepted")
		}
		if err := send(srv, []string{"ana@example.org"}, mail.WithTLSPolicy(mail.TLSMandatory)); err == nil {
			t.Fatal("mail without AUTH accepted")
		}
		if err := send(srv, []string{"ana@example.org"}, auth("s3cret")...); err != nil {
			t.Fatal(err)
		}
		if m := srv.WaitFor(1, 5*time.Second)[0]; m.Username != "agora" || !m.TLS {
			t.Errorf("Username %q TLS %v", m.Username, m.TLS)
		}
		if n := len(srv.Messages()); n != 1 {
			t.Errorf("%d messages recorded, want 1", n)
		}
	})
	t.Run("ErrRequireTLS", func(t *testing.T) {
		srv := smtptest.Start(t, smtptest.WithRequireTLS())
		if err := send(srv, []string{"ana@example.org"}, mail.WithTLSPolicy(mail.NoTLS)); err == nil {
			t.Fatal("plain-text mail accepted by a server requiring TLS")
		}
		if len(srv.Messages()) != 0 {
			t.Fatal("message recorded")
		}
	})
}

func TestServerFailures(t *testing.T) {
	t.Run("FailNextTemporary", func(t *testing.T) {
		srv := smtptest.Start(t)
		srv.FailNext(3, 451)
		for i := range 3 {
			err := send(srv, []string{"ana@example.org"})
			var se *mail.SendError
			if !errors.As(err, &se) || !se.IsTemp() || se.ErrorCode() != 451 {
				t.Fatalf("attempt %d: want a temporary 451 SendError, got %v", i, err)
			}
		}
		if err := send(srv, []string{"ana@example.org"}); err != nil {
			t.Fatalf("fourth attempt: %v", err)
		}
		if n, a := len(srv.WaitFor(1, 5*time.Second)), srv.Attempts(); n != 1 || a != 4 {
			t.Fatalf("%d messages after %d attempts, want 1 after 4", n, a)
		}
	})
	t.Run("FailRecipientPermanent", func(t *testing.T) {
		srv := smtptest.Start(t)
		srv.FailRecipient("Gone@Example.org", 550)
		err := send(srv, []string{"gone@example.org"})
		var se *mail.SendError
		if !errors.As(err, &se) || se.IsTemp() || se.ErrorCode() != 550 {
			t.Fatalf("want a permanent 550 SendError, got %v", err)
		}
		if err := send(srv, []string{"ana@example.org"}); err != nil {
			t.Fatalf("another recipient: %v", err)
		}
		srv.FailRecipient("gone@example.org", 0)
		if err := send(srv, []string{"gone@example.org"}); err != nil {
			t.Fatalf("after clearing the failure: %v", err)
		}
		msgs := srv.WaitFor(2, 5*time.Second)
		if len(msgs) != 2 || msgs[0].To[0] != "ana@example.org" || msgs[1].To[0] != "gone@example.org" {
			t.Fatalf("messages %+v", msgs)
		}
	})
	t.Run("WaitIdleAfterClientLeft", func(t *testing.T) {
		// A client writes a whole transaction at once and leaves without
		// reading a reply: once WaitIdle returns, its message is recorded.
		srv := smtptest.Start(t)
		conn, err := net.DialTimeout("tcp", srv.Addr, 5*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		// Like every SMTP client, wait for the greeting: until the server
		// has accepted the connection, it cannot know that it exists.
		conn.SetReadDeadline(time.Now().Add(5 * time.Second))
		greeting := make([]byte, 4)
		if _, err := io.ReadFull(conn, greeting); err != nil || string(greeting) != "220 " {
			t.Fatalf("greeting %q, %v", greeting, err)
		}
		if _, err := io.WriteString(conn, "EHLO client\r\nMAIL FROM:<no-reply@example.org>\r\n"+
			"RCPT TO:<ana@example.org>\r\nDATA\r\nSubject: Hi\r\n\r\nBye.\r\n.\r\n"); err != nil {
			t.Fatal(err)
		}
		if err := conn.(*net.TCPConn).CloseWrite(); err != nil {
			t.Fatal(err)
		}
		srv.WaitIdle(5 * time.Second)
		if n := len(srv.Messages()); n != 1 || srv.Connections() != 1 {
			t.Fatalf("%d messages over %d connections once idle, want 1 and 1", n, srv.Connections())
		}
	})
	t.Run("WaitForConcurrentSenders", func(t *testing.T) {
		srv := smtptest.Start(t)
		var wg sync.WaitGroup
		errs := make(chan error, 10)
		for range 10 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs <- send(srv, []string{"ana@example.org"})
			}()
		}
		msgs := srv.WaitFor(10, 10*time.Second)
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if len(msgs) != 10 || srv.Connections() != 10 {
			t.Fatalf("%d messages over %d connections, want 10 and 10", len(msgs), srv.Connections())
		}
	})
}
