package smtptest

import (
	"errors"
	"fmt"
	"io"
	"net"
	"slices"
	"strings"
	"sync"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// reply builds an SMTP error with a plausible enhanced status code.
func reply(code int, msg string) *smtp.SMTPError {
	return &smtp.SMTPError{Code: code, EnhancedCode: smtp.EnhancedCode{code / 100, 0, 0}, Message: msg}
}

type backend struct{ s *Server }

// NewSession runs on every EHLO of a new connection and again after
// STARTTLS.
func (b backend) NewSession(c *smtp.Conn) (smtp.Session, error) {
	return &session{s: b.s, conn: c}, nil
}

// countingListener counts accepted connections, and those still open.
type countingListener struct {
	net.Listener
	s *Server
}

func (l countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return c, err
	}
	l.s.mu.Lock()
	defer l.s.mu.Unlock()
	l.s.connections++
	l.s.open++
	return &countedConn{Conn: c, s: l.s}, nil
}

// countedConn tells the server when the session that owned it has closed
// it: the server closes a connection once it has handled everything the
// client sent on it, or when the client went away.
type countedConn struct {
	net.Conn
	s    *Server
	once sync.Once
}

func (c *countedConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(func() {
		c.s.mu.Lock()
		defer c.s.mu.Unlock()
		c.s.open--
		c.s.signal()
	})
	return err
}

// session is one client connection's state.
type session struct {
	s    *Server
	conn *smtp.Conn
	user string
	from string
	to   []string
}

func (ss *session) isTLS() bool {
	_, ok := ss.conn.TLSConnectionState()
	return ok
}

func (ss *session) AuthMechanisms() []string {
	if ss.s.opts.username == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (ss *session) Auth(mech string) (sasl.Server, error) {
	if ss.s.opts.username == "" || mech != sasl.Plain {
		return nil, smtp.ErrAuthUnknownMechanism
	}
	return sasl.NewPlainServer(func(_, username, password string) error {
		if username != ss.s.opts.username || password != ss.s.opts.password {
			return smtp.ErrAuthFailed
		}
		ss.user = username
		return nil
	}), nil
}

func (ss *session) Mail(from string, _ *smtp.MailOptions) error {
	if ss.s.opts.requireTLS && !ss.isTLS() {
		return &smtp.SMTPError{Code: 530, EnhancedCode: smtp.EnhancedCode{5, 7, 0},
			Message: "Must issue a STARTTLS command first"}
	}
	if ss.s.opts.username != "" && ss.user == "" {
		return smtp.ErrAuthRequired
	}
	ss.from, ss.to = from, nil
	return nil
}

func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.s.mu.Lock()
	code := ss.s.failRcpt[strings.ToLower(to)]
	ss.s.mu.Unlock()
	if code != 0 {
		return reply(code, fmt.Sprintf("Recipient <%s> refused by smtptest", to))
	}
	ss.to = append(ss.to, to)
	return nil
}

func (ss *session) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if len(ss.to) == 0 {
		return errors.New("no recipients")
	}
	s := ss.s
	s.mu.Lock()
	defer s.mu.Unlock()
	s.attempts++
	if s.failNext > 0 {
		s.failNext--
		return reply(s.failCode, "Message refused by smtptest")
	}
	s.messages = append(s.messages, Message{From: ss.from, To: slices.Clone(ss.to), Data: data,
		TLS: ss.isTLS(), Username: ss.user})
	s.signal()
	return nil
}

func (ss *session) Reset() { ss.from, ss.to = "", nil }

func (ss *session) Logout() error { return nil }
