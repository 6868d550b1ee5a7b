package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestBrowserCertificate checks the certificate page, the verification
// form and its answer with axe, in Arabic and Ukrainian, on a 320 px phone
// and a wide screen: no violation, no sideways scrolling, each column in
// its own language and direction. With AGORA_SCREENSHOTS set to a folder
// it also saves the Arabic certificate on screen and as printed.
func TestBrowserCertificate(t *testing.T) {
	kit := needBrowser(t)
	a := startApp(t, nil)
	org := a.newOrg(t, a.adminToken(t), "cert-browser")
	arActivity, ar := a.attendedSignup(t, org, "mariam@example.org", "مريم الخطيب", "ar")
	_, uk := a.attendedSignup(t, org, "olena@example.org", "Олена Коваленко", "uk")
	arCode, _ := a.openCertificate(t, ar.ManageToken, "ar")
	ended := a.publishedActivity(t, org.Organiser, activityBody(3, nil))
	absent := a.signUp(t, ended.ID, signupBody("absent@example.org", nil))
	a.endActivity(t, org.Organiser, ended.ID, 3*time.Hour)
	verify := "/verify/" + strings.ReplaceAll(arCode, "-", "")
	ctx := newBrowser(t, kit)

	submitName := func(name string) step {
		return chromedp.Steps(
			chromedp.SetValue(`#name`, name),
			chromedp.Click(chromedp.CSS(`form button[type="submit"]`)),
			chromedp.WaitVisible(chromedp.CSS(`.verify-result`)),
		)
	}
	pages := map[string][]axePage{
		"ar": {{"certificate", "/signups/" + ar.ManageToken + "/certificate", nil}},
		"uk": {{"certificate", "/signups/" + uk.ManageToken + "/certificate", nil}},
	}
	for lang := range pages {
		pages[lang] = append(pages[lang],
			axePage{"verify-form", verify, nil},
			axePage{"verify-valid", verify, submitName("  مريم   الخطيب ")},
			axePage{"verify-invalid", verify, submitName("Someone Else")},
			axePage{"certificate-not-attended", "/signups/" + absent.ManageToken + "/certificate", nil},
			axePage{"manage-with-certificate", "/signups/" + ar.ManageToken, nil})
	}
	for _, lang := range []string{"ar", "uk"} {
		for _, width := range []int{320, 1280} {
			for _, p := range pages[lang] {
				checkPageAt(t, ctx, kit, a.URL, p, lang, width)
			}
		}
	}

	// The console's certificates: the list on the ended activity's page
	// and the revocation's confirmation.
	browserLogin(t, ctx, a, "organiser@cert-browser.example.org", "password-organiser")
	for _, p := range []axePage{
		{"staff-certificates", "/staff/activities/" + arActivity, nil},
		{"staff-revoke", "/staff/activities/" + arActivity + "/certificates/" + strings.ReplaceAll(arCode, "-", "") + "/revoke", nil},
	} {
		for _, lang := range []string{"ar", "uk"} {
			for _, width := range []int{320, 1280} {
				checkPageAt(t, ctx, kit, a.URL, p, lang, width)
			}
		}
	}

	// The Arabic certificate: Arabic right to left next to Polish left to
	// right, the name isolated.
	run(t, ctx, "certificate ar", viewport(1280), chromedp.Navigate(a.URL+"/signups/"+ar.ManageToken+"/certificate?lang=ar"))
	dirs := get(t, ctx, "column directions", chromedp.Evaluate[string](
		`[...document.querySelectorAll('.cert-column')].map(c => c.lang + ':' + c.dir + ':' + getComputedStyle(c).direction).join(' ')`))
	if dirs != "ar:rtl:rtl pl:ltr:ltr" {
		t.Fatalf("columns %q, want Arabic then Polish, each in its direction", dirs)
	}
	if got := textOf(t, ctx, `.cert-column[lang="ar"] .cert-name bdi`); got != "مريم الخطيب" {
		t.Fatalf("name %q", got)
	}
	side := get(t, ctx, "side by side", chromedp.Evaluate[bool](
		`(() => { const c = document.querySelectorAll('.cert-column'); return c[0].getBoundingClientRect().top === c[1].getBoundingClientRect().top })()`))
	if !side {
		t.Error("the two languages are not side by side at 1280 px")
	}
	if dir := os.Getenv("AGORA_SCREENSHOTS"); dir != "" {
		media := func(m string) step {
			return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
				_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: m})
				return err
			})
		}
		screen := get(t, ctx, "screenshot", chromedp.FullScreenshot(100))
		run(t, ctx, "print media", media("print"), viewport(794)) // A4 at 96 dpi
		print := get(t, ctx, "printed screenshot", chromedp.FullScreenshot(100))
		run(t, ctx, "screen media", media(""))
		for name, img := range map[string][]byte{"certificate-ar.png": screen, "certificate-ar-print.png": print} {
			if err := os.WriteFile(filepath.Join(dir, name), img, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}
