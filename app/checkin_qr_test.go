package main

import (
	"bytes"
	"encoding/base64"
	"html"
	"image/png"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
)

// decodeQR reads a QR code from a PNG image with a decoder independent of
// the encoder the service uses, as a phone camera would.
func decodeQR(t testing.TB, data []byte) string {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("not a PNG image: %v", err)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	// The image is exactly what the service drew (no camera, no skew):
	// PURE_BARCODE reads its modules straight from the grid, where the
	// general detector misjudges the module size of about one code in a
	// thousand.
	res, err := qrcode.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_PURE_BARCODE: true})
	if err != nil {
		t.Fatalf("no QR code in the image: %v", err)
	}
	return res.GetText()
}

var qrDataURI = regexp.MustCompile(`<img src="data:image/png;base64,([^"]+)"`)

// showLibrarian is what the check-in page says to anyone who may not see
// whom a code names.
const showLibrarian = "Show this code to the librarian"

// TestCheckinQR: the QR code in the confirmation email decodes to the
// signup's /c/ address; there staff of the organisation see the person
// and check them in with one button (no JavaScript, CSRF-protected,
// idempotent); nobody else — no session, staff of another organisation —
// sees anything personal, and a forged code gets the very same page. The
// manage page shows the same code.
func TestCheckinQR(t *testing.T) {
	box, smtpURL := newMailbox(t)
	a := startApp(t, map[string]string{"SMTP_URL": smtpURL, "MAIL_RETRY_BASE": "50ms"})
	admin := a.adminToken(t)
	org := a.newOrg(t, admin, "qr-lib")
	a.newOrg(t, admin, "qr-other")
	act := a.publishedActivity(t, org.Organiser, activityBody(3, nil))
	const name = "Olena QR-Kovalenko"
	su := a.signUp(t, act.ID, signupBody("qr@example.org", map[string]any{"name": name, "language": "en"}))
	if su.Status != "confirmed" {
		t.Fatalf("signup %s, want confirmed", su.Status)
	}
	mail := box.waitAll(t, a, 1)[0]
	checkinURL := decodeQR(t, []byte(mail.Parts["image/png"]))
	u, err := url.Parse(checkinURL)
	if err != nil || u.Scheme+"://"+u.Host != "http://localhost:3000" || !strings.HasPrefix(u.Path, "/c/") {
		t.Fatalf("QR code reads %q, want an address under BASE_URL/c/", checkinURL)
	}
	if !strings.Contains(mail.Parts["text/plain"], checkinURL) || !strings.Contains(mail.Parts["text/html"], checkinURL) {
		t.Error("the email does not give the check-in address as text")
	}
	wantContains(t, mail.Parts["text/html"], `src="cid:checkin-qr@agora"`)
	if raw := strings.ToLower(string(box.srv.Messages()[0].Data)); !strings.Contains(raw, "content-id: <checkin-qr@agora>") {
		t.Error("the QR image is not an inline part with the Content-ID the HTML shows")
	}
	path := u.Path

	t.Run("ManagePageShowsTheSameCode", func(t *testing.T) {
		body := wantPage(t, a.page(t, "/signups/"+su.ManageToken+"?lang=en"), 200, "en")
		m := qrDataURI.FindStringSubmatch(body)
		if m == nil {
			t.Fatal("no QR image on the manage page")
		}
		img, err := base64.StdEncoding.DecodeString(html.UnescapeString(m[1]))
		if err != nil {
			t.Fatal(err)
		}
		if got := decodeQR(t, img); got != checkinURL {
			t.Fatalf("manage page QR reads %q, want %q", got, checkinURL)
		}
		wantContains(t, body, ">"+checkinURL+"<")
	})
	t.Run("NobodyLoggedInSeesNothingPersonal", func(t *testing.T) {
		body := wantPage(t, a.page(t, path+"?lang=en"), 200, "en")
		wantContains(t, body, showLibrarian)
		if strings.Contains(body, name) || strings.Contains(body, "Kovalenko") {
			t.Fatal("the check-in page shows the name to someone not logged in")
		}
		// A forged code: the same page, the same status.
		forged := path[:len(path)-4] + "AAAA"
		other := wantPage(t, a.page(t, forged+"?lang=en"), 200, "en")
		code := strings.TrimPrefix(path, "/c/")
		if strings.ReplaceAll(other, strings.TrimPrefix(forged, "/c/"), code) != body {
			t.Error("a forged code gets another page than a genuine one")
		}
		// Posting changes nothing.
		wantPage(t, a.postForm(t, path, url.Values{}), 200, "en")
		if st := a.checkinStatus(t, org.Organiser, act.ID, su.ID); st != "confirmed" {
			t.Fatalf("status %s after an anonymous post, want confirmed", st)
		}
	})
	t.Run("StaffOfAnotherOrganisationSeesNothingPersonal", func(t *testing.T) {
		c := a.consoleLogin(t, "manager@qr-other.example.org", "password-manager")
		body := wantConsolePage(t, c.get(path+"?lang=en"), 200)
		// Logged in (the console's navigation shows), and still nothing.
		wantContains(t, body, showLibrarian, `class="staffnav"`)
		if strings.Contains(body, name) {
			t.Fatal("staff of another organisation see the name")
		}
		wantConsolePage(t, c.post(path, url.Values{}), 200)
		if st := a.checkinStatus(t, org.Organiser, act.ID, su.ID); st != "confirmed" {
			t.Fatalf("status %s after another organisation's post, want confirmed", st)
		}
	})
	t.Run("StaffCheckIn", func(t *testing.T) {
		c := a.consoleLogin(t, "organiser@qr-lib.example.org", "password-organiser")
		body := wantConsolePage(t, c.get(path+"?lang=en"), 200)
		wantContains(t, body, name, `<form method="post" action="`+path+`">`, ">Check in</button>")
		if strings.Contains(body, showLibrarian) {
			t.Error("staff of the organisation get the page for others")
		}
		wantConsolePage(t, c.postRaw(path, url.Values{"csrf": {"forged"}}), 403)
		if st := a.checkinStatus(t, org.Organiser, act.ID, su.ID); st != "confirmed" {
			t.Fatalf("status %s after a post without the CSRF token, want confirmed", st)
		}
		for range 2 { // idempotent
			loc := wantRedirect(t, c.postRaw(path, url.Values{"csrf": {csrfOf(t, body)}}))
			if loc != path+"?done=checkin" {
				t.Fatalf("check-in went to %q", loc)
			}
			if st := a.checkinStatus(t, org.Organiser, act.ID, su.ID); st != "attended" {
				t.Fatalf("status %s after check-in, want attended", st)
			}
		}
		done := wantConsolePage(t, c.get(path+"?done=checkin&lang=en"), 200)
		wantContains(t, done, "Checked in")
		if strings.Contains(done, ">Check in</button>") {
			t.Error("the button is still offered after check-in")
		}
	})
	t.Run("LoginComesBackToTheCode", func(t *testing.T) {
		c := a.newConsole(t)
		body := wantPage(t, c.get(path+"?lang=en"), 200, "en")
		next := "/staff/login?" + url.Values{"next": {path}}.Encode()
		wantContains(t, body, `href="`+strings.ReplaceAll(next, "&", "&amp;")+`"`)
		token := csrfOf(t, wantPage(t, c.get(next), 200, "en"))
		r := c.postRaw("/staff/login", url.Values{"csrf": {token}, "email": {"manager@qr-lib.example.org"},
			"password": {"password-manager"}, "next": {path}})
		if loc := wantRedirect(t, r); loc != path {
			t.Fatalf("login went to %q, want %q", loc, path)
		}
		wantContains(t, wantConsolePage(t, c.get(path), 200), name)
	})
	t.Run("ErasedShowsNothingEvenToStaff", func(t *testing.T) {
		gone := a.signUp(t, act.ID, signupBody("gone@example.org", map[string]any{"name": "Gone Person"}))
		m := checkinLink.FindStringSubmatch(wantPage(t, a.page(t, "/signups/"+gone.ManageToken+"?lang=en"), 200, "en"))
		if m == nil {
			t.Fatal("no check-in address on the manage page")
		}
		a.must(204, "DELETE", "/api/v1/signups/"+gone.ManageToken, nil)
		c := a.consoleLogin(t, "organiser@qr-lib.example.org", "password-organiser")
		body := wantConsolePage(t, c.get(m[1]+"?lang=en"), 200)
		wantContains(t, body, showLibrarian)
		if strings.Contains(body, "Gone Person") || strings.Contains(body, ">Check in</button>") {
			t.Fatal("an erased signup's code still opens its check-in page")
		}
	})
}

// checkinStatus is a signup's status as staff see it.
func (a *testApp) checkinStatus(t testing.TB, token, activityID, signupID string) string {
	t.Helper()
	for _, s := range a.allSignups(t, token, activityID) {
		if s.ID == signupID {
			return s.Status
		}
	}
	t.Fatalf("signup %s not listed", signupID)
	return ""
}

// TestCheckinQRPromoted: the confirmation of a promotion from the waiting
// list carries the check-in QR code too; the waiting-list email, which
// gives no seat, does not.
func TestCheckinQRPromoted(t *testing.T) {
	box, smtpURL := newMailbox(t)
	a := startApp(t, map[string]string{"SMTP_URL": smtpURL, "MAIL_RETRY_BASE": "50ms"})
	org := a.newOrg(t, a.adminToken(t), "qr-promote")
	act := a.publishedActivity(t, org.Organiser, activityBody(3, map[string]any{"capacity": 1}))
	first := a.signUp(t, act.ID, signupBody("first@example.org", map[string]any{"language": "en"}))
	second := a.signUp(t, act.ID, signupBody("second@example.org", map[string]any{"language": "ar"}))
	if second.Status != "waitlisted" {
		t.Fatalf("second signup %s, want waitlisted", second.Status)
	}
	a.must(200, "POST", "/api/v1/signups/"+first.ManageToken+"/cancel", nil)
	msgs := to(box.waitAll(t, a, 4), "second@example.org")
	if len(msgs) != 2 {
		t.Fatalf("%d emails to the second person, want 2 (waitlisted, promoted)", len(msgs))
	}
	for _, m := range msgs {
		png, hasQR := m.Parts["image/png"]
		promoted := m.Subject == box.subject("ar", "promoted", "Kawiarenka językowa") // the organisation's language: no Arabic title
		switch {
		case promoted && !hasQR:
			t.Error("the promotion has no check-in QR code")
		case promoted:
			got := decodeQR(t, []byte(png))
			if !strings.Contains(got, "/c/"+second.ID+".") || !strings.Contains(m.Parts["text/plain"], got) {
				t.Errorf("the promotion's QR code reads %q", got)
			}
		case hasQR:
			t.Errorf("%q carries a check-in QR code", m.Subject)
		}
	}
}

// TestCheckinQRDoorClosed: before the check-in window opens (default 2h
// before the start), the page names the person but offers no button, and
// a post is refused (409) with the reason, changing nothing.
func TestCheckinQRDoorClosed(t *testing.T) {
	a := startApp(t, map[string]string{"CHECKIN_OPENS_BEFORE": ""})
	org := a.newOrg(t, a.adminToken(t), "qr-closed")
	act := a.publishedActivity(t, org.Organiser, activityBody(3, nil))
	su := a.signUp(t, act.ID, signupBody("early@example.org", map[string]any{"name": "Early Bird"}))
	m := checkinLink.FindStringSubmatch(wantPage(t, a.page(t, "/signups/"+su.ManageToken+"?lang=en"), 200, "en"))
	if m == nil {
		t.Fatal("no check-in address on the manage page")
	}
	c := a.consoleLogin(t, "organiser@qr-closed.example.org", "password-organiser")
	body := wantConsolePage(t, c.get(m[1]+"?lang=en"), 200)
	wantContains(t, body, "Early Bird", "Check-in is not open yet")
	if strings.Contains(body, ">Check in</button>") {
		t.Error("the button is offered before the window opens")
	}
	wantContains(t, wantConsolePage(t, c.postRaw(m[1], url.Values{"csrf": {csrfOf(t, body)}}), 409), "Check-in is not open yet")
	if st := a.checkinStatus(t, org.Organiser, act.ID, su.ID); st != "confirmed" {
		t.Fatalf("status %s after a refused check-in, want confirmed", st)
	}
}
