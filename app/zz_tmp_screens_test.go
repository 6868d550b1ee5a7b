package main

import (
	"os"
	"testing"

	"github.com/chromedp/chromedp"
)

func TestTmpScreens(t *testing.T) {
	kit := needBrowser(t)
	a := startApp(t, nil)
	org := a.newOrg(t, a.adminToken(t), "shot-lib")
	id := pageFixture(t, a, "shot-lib2", 3, nil)
	_ = org
	a.signUpByForm(t, id, validForm("amal@example.org"))
	a.signUp(t, id, signupBody("olena@example.org", map[string]any{"answers": map[string]any{"diet": "none", "note": "I bring cake"}}))
	ctx := newBrowser(t, kit)
	browserLogin(t, ctx, a, testAdminEmail, testAdminPassword)
	for _, w := range []int{1280, 320} {
		for name, path := range map[string]string{"dash": "/staff/", "act": "/staff/activities/" + id, "edit": "/staff/activities/" + id + "/edit",
			"att": "/staff/activities/" + id + "/attendees", "msg": "/staff/activities/" + id + "/message", "rep": "/staff/reports",
			"users": "/staff/users?organisation=" + org.ID, "login": "/staff/login"} {
			run(t, ctx, name, viewport(w), chromedp.Navigate(a.URL+path))
			b := get(t, ctx, "shot", chromedp.FullScreenshot(100))
			os.WriteFile("/tmp/x/shots/"+name+"-"+string(rune('0'+w/320))+".png", b, 0o644)
		}
	}
}
