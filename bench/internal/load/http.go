package load

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/gofiber/fiber/v2"
)

// NewClient is the HTTP client of every bench: keep-alive with an idle
// connection kept for each of conc workers, so that both the subject and
// its reference are measured over reused connections, never paying a
// handshake the other side does not.
func NewClient(conc int) *http.Client {
	return &http.Client{
		Timeout: 2 * time.Minute,
		Transport: &http.Transport{
			MaxIdleConns:        2 * conc,
			MaxIdleConnsPerHost: conc,
			IdleConnTimeout:     time.Minute,
			DisableCompression:  true, // neither server compresses; say so on the wire
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// Request is one HTTP request a bench sends, with the status it expects.
type Request struct {
	Method string // GET when empty
	URL    string
	Header http.Header
	Body   []byte
	Want   int // 200 when 0
}

// Fetch sends r and returns the answer's header and body; a status other
// than r.Want is an error carrying the body.
func Fetch(c *http.Client, r Request) (http.Header, []byte, error) {
	res, err := send(c, r)
	if err != nil {
		return nil, nil, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, nil, err
	}
	if err := wantStatus(r, res.StatusCode, body); err != nil {
		return nil, nil, err
	}
	return res.Header, body, nil
}

// Hit sends r and reads the answer to the end without keeping it: what
// the load loops call.
func Hit(c *http.Client, r Request) error {
	res, err := send(c, r)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != want(r) {
		body, _ := io.ReadAll(io.LimitReader(res.Body, 2048))
		return wantStatus(r, res.StatusCode, body)
	}
	_, err = io.Copy(io.Discard, res.Body)
	return err
}

func send(c *http.Client, r Request) (*http.Response, error) {
	method := r.Method
	if method == "" {
		method = http.MethodGet
	}
	var body io.Reader
	if r.Body != nil {
		body = bytes.NewReader(r.Body)
	}
	req, err := http.NewRequest(method, r.URL, body)
	if err != nil {
		return nil, err
	}
	for k, vs := range r.Header {
		req.Header[k] = vs
	}
	return c.Do(req)
}

func want(r Request) int {
	if r.Want == 0 {
		return http.StatusOK
	}
	return r.Want
}

func wantStatus(r Request, got int, body []byte) error {
	if got != want(r) {
		return fmt.Errorf("%s %s: status %d, want %d: %.300s", r.Method, r.URL, got, want(r), body)
	}
	return nil
}

// Serve serves app on a free loopback port and returns its base URL and
// a function that shuts it down.
func Serve(app *fiber.App) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	go func() { _ = app.Listener(ln) }()
	return "http://" + ln.Addr().String(), func() { _ = app.ShutdownWithTimeout(5 * time.Second) }, nil
}

// BareApp is the reference server: a Fiber app with one route that
// answers body with contentType, doing nothing else. Measured with the
// same client and load as the real route, it is the ceiling of Fiber plus
// the client on this machine, so that a ratio against it says how much of
// that ceiling the real work leaves.
func BareApp(path, contentType string, body []byte) *fiber.App {
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	app.Get(path, func(c *fiber.Ctx) error {
		c.Set(fiber.HeaderContentType, contentType)
		return c.Send(body)
	})
	return app
}
