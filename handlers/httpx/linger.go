package httpx

import (
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// A server that closes a connection while the client is still sending
// (a body over BodyLimit, refused with 413 as soon as its length is
// known) makes the kernel answer the unread bytes with a reset, and a
// reset destroys the answer the client has not read yet: the client sees
// "connection reset" instead of its 413. So connections are closed in
// stages, as RFC 9112 §9.6 advises: the write side first (the client
// reads the whole answer, then end of file), then what the client still
// sends is read and discarded, up to a bound, before the full close.
const (
	// lingerBytes is the most discarded per connection: enough for a body
	// several times BodyLimit, not an unlimited sink. A client sending
	// more gets the reset.
	lingerBytes = 16 << 20
	// lingerIdle ends the wait when the client goes quiet, and lingerTotal
	// whatever it does.
	lingerIdle  = 2 * time.Second
	lingerTotal = 10 * time.Second
	// maxLingering bounds the connections lingering at once; beyond it a
	// connection is closed at once, as before.
	maxLingering = 1024
)

// Serve answers HTTP on ln until the app is shut down, closing each
// connection in stages (see lingerBytes).
func (s *Server) Serve(ln net.Listener) error {
	return s.app.Listener(&lingeringListener{Listener: ln})
}

type lingeringListener struct {
	net.Listener
	lingering atomic.Int64
}

func (l *lingeringListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &lingeringConn{Conn: c, l: l}, nil
}

type lingeringConn struct {
	net.Conn
	l    *lingeringListener
	once sync.Once
	err  error
}

// halfCloser is a connection whose write side closes alone (TCP, TLS).
type halfCloser interface{ CloseWrite() error }

// Close shuts the write side and returns; the full close follows once
// the client has closed its side, gone quiet, or sent lingerBytes.
func (c *lingeringConn) Close() error {
	c.once.Do(func() { c.err = c.closeInStages() })
	return c.err
}

func (c *lingeringConn) closeInStages() error {
	hc, ok := c.Conn.(halfCloser)
	if !ok {
		return c.Conn.Close()
	}
	if c.l.lingering.Add(1) > maxLingering {
		c.l.lingering.Add(-1)
		return c.Conn.Close()
	}
	if err := hc.CloseWrite(); err != nil {
		c.l.lingering.Add(-1)
		return c.Conn.Close()
	}
	go c.linger()
	return nil
}

func (c *lingeringConn) linger() {
	defer func() {
		_ = c.Conn.Close() // the answer is out; nothing is left to report
		c.l.lingering.Add(-1)
	}()
	end := time.Now().Add(lingerTotal)
	buf := make([]byte, 32<<10)
	for left := lingerBytes; left > 0; {
		deadline := time.Now().Add(lingerIdle)
		if deadline.After(end) {
			deadline = end
		}
		if c.Conn.SetReadDeadline(deadline) != nil {
			return
		}
		n, err := c.Conn.Read(buf[:min(len(buf), left)])
		left -= n
		if err != nil {
			return
		}
	}
}
