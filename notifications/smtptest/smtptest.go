// Package smtptest is a real SMTP server for tests, running in the test
// process on a loopback port: it speaks the protocol with
// github.com/emersion/go-smtp, offers STARTTLS with a certificate made in
// memory (or implicit TLS), optionally requires AUTH PLAIN, records every
// message it accepts, and can be told to refuse messages or recipients with
// a given reply code, so that delivery, retries and permanent failures are
// tested against the wire protocol rather than a mock.
package smtptest

import (
	"crypto/tls"
	"crypto/x509"
	"io"
	"log"
	"net"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// Message is one message the server accepted.
type Message struct {
	From     string
	To       []string
	Data     []byte // the raw message as received: headers and body
	TLS      bool   // whether it came over an encrypted connection
	Username string // the AUTH PLAIN user, "" without authentication
}

// Server is a running test SMTP server. Its methods are safe for
// concurrent use.
type Server struct {
	Addr string // host:port to dial
	Host string // always 127.0.0.1
	Port int

	t     testing.TB
	opts  options
	certs *x509.CertPool
	srv   *smtp.Server

	mu          sync.Mutex
	messages    []Message
	changed     chan struct{} // closed and replaced by signal
	attempts    int
	connections int
	open        int // connections not closed yet
	failNext    int
	failCode    int
	failRcpt    map[string]int
}

type options struct {
	username, password string
	requireTLS         bool
	implicitTLS        bool
}

// Option changes how Start sets the server up.
type Option func(*options)

// WithAuth makes the server offer AUTH PLAIN and refuse mail from clients
// that did not log in with these credentials.
func WithAuth(username, password string) Option {
	return func(o *options) { o.username, o.password = username, password }
}

// WithRequireTLS makes the server refuse MAIL until the client has issued
// STARTTLS, as a relay that mandates encryption does.
func WithRequireTLS() Option { return func(o *options) { o.requireTLS = true } }

// WithImplicitTLS makes the server speak TLS from the first byte, as on
// port 465 (smtps://), instead of offering STARTTLS.
func WithImplicitTLS() Option { return func(o *options) { o.implicitTLS = true } }

// Start runs a server on 127.0.0.1 on a free port until the test ends.
// Without options it accepts any mail, with or without STARTTLS, and offers
// no AUTH.
func Start(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s := &Server{t: t, changed: make(chan struct{}), failRcpt: map[string]int{}}
	for _, o := range opts {
		o(&s.opts)
	}
	cert, pool, err := selfSignedCert()
	if err != nil {
		t.Fatalf("smtptest: certificate: %v", err)
	}
	s.certs = pool
	tlsConfig := &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("smtptest: listen: %v", err)
	}
	s.Addr = ln.Addr().String()
	s.Host = "127.0.0.1"
	s.Port = ln.Addr().(*net.TCPAddr).Port
	ln = countingListener{Listener: ln, s: s}

	s.srv = smtp.NewServer(backend{s})
	s.srv.Domain = "localhost"
	s.srv.ReadTimeout = 30 * time.Second
	s.srv.WriteTimeout = 30 * time.Second
	s.srv.MaxMessageBytes = 16 << 20
	s.srv.MaxRecipients = 100
	s.srv.AllowInsecureAuth = !s.opts.requireTLS
	s.srv.ErrorLog = log.New(io.Discard, "", 0)
	if s.opts.implicitTLS {
		ln = tls.NewListener(ln, tlsConfig)
	} else {
		s.srv.TLSConfig = tlsConfig
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = s.srv.Serve(ln)
	}()
	t.Cleanup(func() {
		_ = s.srv.Close()
		<-done
	})
	return s
}

// CertPool holds the server's self-signed certificate, for clients that
// verify it.
func (s *Server) CertPool() *x509.CertPool { return s.certs }

// ClientTLSConfig is a client TLS configuration that trusts the server.
func (s *Server) ClientTLSConfig() *tls.Config {
	return &tls.Config{RootCAs: s.certs, ServerName: s.Host, MinVersion: tls.VersionTLS12}
}

// FailNext makes the server answer code (e.g. 451, 554) at the end of DATA
// for the next n messages instead of accepting them. It replaces any
// earlier FailNext that has not run out.
func (s *Server) FailNext(n, code int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failNext, s.failCode = n, code
}

// FailRecipient makes the server answer code (e.g. 550) to RCPT TO for
// addr (compared case-insensitively) from now on; code 0 accepts it again.
func (s *Server) FailRecipient(addr string, code int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if code == 0 {
		delete(s.failRcpt, strings.ToLower(addr))
		return
	}
	s.failRcpt[strings.ToLower(addr)] = code
}

// Messages returns a copy of every message accepted so far, in order.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return copyMessages(s.messages)
}

// WaitFor waits until at least n messages were accepted and returns them
// all; it fails the test when that takes longer than timeout.
func (s *Server) WaitFor(n int, timeout time.Duration) []Message {
	s.t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		if len(s.messages) >= n {
			out := copyMessages(s.messages)
			s.mu.Unlock()
			return out
		}
		changed, got := s.changed, len(s.messages)
		s.mu.Unlock()
		select {
		case <-changed:
		case <-deadline.C:
			s.t.Fatalf("smtptest: %d messages after %v, want %d", got, timeout, n)
			return nil
		}
	}
}

// WaitIdle waits until every connection the server accepted is closed,
// and fails the test when that takes longer than timeout. The server
// closes a connection only after it has handled all that the client sent
// on it, so once the clients are gone (a killed or stopped process),
// Messages holds every message they will ever deliver: a test proves that
// no extra copy came without waiting an arbitrary time for one. A
// connection counts from the moment the server accepts it, which every
// client that has read the server's greeting knows has happened.
func (s *Server) WaitIdle(timeout time.Duration) {
	s.t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		changed, open := s.changed, s.open
		s.mu.Unlock()
		if open == 0 {
			return
		}
		select {
		case <-changed:
		case <-deadline.C:
			s.t.Fatalf("smtptest: %d connections still open after %v", open, timeout)
			return
		}
	}
}

// signal wakes the waiters of WaitFor and WaitIdle; s.mu is held.
func (s *Server) signal() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// Attempts is how many messages reached the end of DATA, accepted or
// refused by FailNext: with Messages, it shows how often a sender retried.
func (s *Server) Attempts() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.attempts
}

// Connections is how many TCP connections clients opened: it shows
// whether a sender reuses its connections.
func (s *Server) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.connections
}

func copyMessages(in []Message) []Message {
	out := make([]Message, len(in))
	for i, m := range in {
		m.To = slices.Clone(m.To)
		m.Data = slices.Clone(m.Data)
		out[i] = m
	}
	return out
}
