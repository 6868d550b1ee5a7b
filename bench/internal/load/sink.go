package load

import (
	"io"
	"net"
	"sync/atomic"
	"time"

	"github.com/emersion/go-smtp"
)

// Sink is an SMTP server on loopback that accepts and discards every
// message, counting messages and bytes: the one receiving end for both
// sides of a mail measurement, so that neither is measured against a
// faster server.
type Sink struct {
	Addr     string
	srv      *smtp.Server
	Received atomic.Int64 // messages
	Bytes    atomic.Int64 // message data, headers included
}

// StartSink listens on a free loopback port.
func StartSink() (*Sink, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &Sink{Addr: ln.Addr().String()}
	s.srv = smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return sinkSession{s}, nil }))
	s.srv.Domain = "localhost"
	s.srv.ReadTimeout, s.srv.WriteTimeout = time.Minute, time.Minute
	s.srv.MaxMessageBytes = 4 << 20
	go func() { _ = s.srv.Serve(ln) }()
	return s, nil
}

// URL is the sink as SMTP_URL names it.
func (s *Sink) URL() string { return "smtp://" + s.Addr + "?tls=none" }

// Close stops the sink.
func (s *Sink) Close() { _ = s.srv.Close() }

type sinkSession struct{ s *Sink }

func (sinkSession) Reset()                               {}
func (sinkSession) Logout() error                        { return nil }
func (sinkSession) Mail(string, *smtp.MailOptions) error { return nil }
func (sinkSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (ss sinkSession) Data(r io.Reader) error {
	n, err := io.Copy(io.Discard, r)
	if err != nil {
		return err
	}
	ss.s.Bytes.Add(n)
	ss.s.Received.Add(1)
	return nil
}
