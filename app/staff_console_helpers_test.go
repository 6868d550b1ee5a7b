package main

import (
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// console is a browser-like client of the staff console: it keeps cookies,
// posts forms with the session's CSRF token, and follows no redirect.
type console struct {
	a      *testApp
	t      testing.TB
	client *http.Client
	csrf   string
}

var csrfInput = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// csrfOf returns the CSRF token of the first form of a page.
func csrfOf(t testing.TB, body string) string {
	t.Helper()
	m := csrfInput.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no CSRF token in the page:\n%.2000s", body)
	}
	return html.UnescapeString(m[1])
}

// newConsole returns a console client without a session.
func (a *testApp) newConsole(t testing.TB) *console {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &console{a: a, t: t, client: &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// consoleLogin logs a staff user into the console and returns the client.
func (a *testApp) consoleLogin(t testing.TB, email, password string) *console {
	t.Helper()
	c := a.newConsole(t)
	if loc := wantRedirect(t, c.login(email, password)); loc != "/staff/" {
		t.Fatalf("login went to %q, want /staff/", loc)
	}
	c.csrf = csrfOf(t, wantPage(t, c.get("/staff/"), 200, "en"))
	return c
}

// login posts the login form with the token of a freshly loaded form.
func (c *console) login(email, password string) *response {
	c.t.Helper()
	token := csrfOf(c.t, wantPage(c.t, c.get("/staff/login"), 200, "en"))
	return c.postRaw("/staff/login", url.Values{"csrf": {token}, "email": {email}, "password": {password}})
}

// get loads a page as a browser would.
func (c *console) get(path string) *response {
	c.t.Helper()
	return c.send("GET", path, nil, "Accept", "text/html")
}

// post submits a console form with the session's CSRF token.
func (c *console) post(path string, form url.Values) *response {
	c.t.Helper()
	f := url.Values{}
	for k, v := range form {
		f[k] = v
	}
	f.Set("csrf", c.csrf)
	return c.postRaw(path, f)
}

// postRaw submits a form as given (no CSRF token added).
func (c *console) postRaw(path string, form url.Values) *response {
	c.t.Helper()
	return c.send("POST", path, strings.NewReader(form.Encode()),
		"Accept", "text/html", "Content-Type", "application/x-www-form-urlencoded", "Origin", c.a.URL)
}

func (c *console) send(method, path string, body io.Reader, headers ...string) *response {
	c.t.Helper()
	req, err := http.NewRequest(method, c.a.URL+path, body)
	if err != nil {
		c.t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := c.client.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return &response{Status: res.StatusCode, Header: res.Header, Body: raw}
}

// cookie returns the console's cookie of that name, or nil.
func (c *console) cookie(name string) *http.Cookie {
	u, _ := url.Parse(c.a.URL + "/staff/")
	for _, ck := range c.client.Jar.Cookies(u) {
		if ck.Name == name {
			return ck
		}
	}
	return nil
}

// wantConsolePage fails unless r is a console page with the status, not
// cacheable, and returns its body.
func wantConsolePage(t testing.TB, r *response, status int) string {
	t.Helper()
	body := wantPage(t, r, status, "en")
	if cc := r.Header.Get("Cache-Control"); cc != "no-store" {
		t.Fatalf("console page Cache-Control %q, want no-store", cc)
	}
	return body
}

// wantContains fails unless body contains every string.
func wantContains(t testing.TB, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("page lacks %q", w)
		}
	}
}

// setCookie returns the Set-Cookie header of name in r, parsed.
func setCookie(t testing.TB, r *response, name string) *http.Cookie {
	t.Helper()
	for _, v := range r.Header.Values("Set-Cookie") {
		if ck, err := http.ParseSetCookie(v); err == nil && ck.Name == name {
			return ck
		}
	}
	t.Fatalf("no Set-Cookie %s in %v", name, r.Header.Values("Set-Cookie"))
	return nil
}
