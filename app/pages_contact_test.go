package main

import (
	"strings"
	"testing"
)

// TestPagesContactAndMap: the activity and manage pages show how to reach
// the organiser and link the address to a map, escaped.
func TestPagesContactAndMap(t *testing.T) {
	a := startApp(t, nil)
	org := a.newOrg(t, a.adminToken(t), "contact-lib")
	a.must(200, "PATCH", "/api/v1/organisations/"+org.ID, map[string]any{"contact": map[string]string{
		"email": "hello@library.example", "phone": "+48 (22) 123-45-67", "website": "https://library.example/events?x=1&y=2"}},
		bearer(org.Manager)...)
	act := a.publishedActivity(t, org.Organiser, activityBody(5, map[string]any{
		"venue": map[string]string{"name": "Main library", "address": "Rynek 1 & 2, Kraków <centre>"}}))
	want := []string{
		`href="mailto:hello@library.example"`,
		`href="tel:&#43;48221234567"`, `&#43;48 (22) 123-45-67`,
		`href="https://library.example/events?x=1&amp;y=2"`,
		`href="https://www.openstreetmap.org/search?query=Rynek&#43;1&#43;%26&#43;2%2C&#43;Krak%C3%B3w&#43;%3Ccentre%3E"`,
		"Show on a map (OpenStreetMap)", "Contact the organiser",
	}
	check := func(t *testing.T, body string) {
		t.Helper()
		for _, w := range want {
			if !strings.Contains(body, w) {
				t.Errorf("page lacks %s", w)
			}
		}
		if strings.Contains(body, "<centre>") {
			t.Error("the address is not escaped")
		}
	}
	t.Run("ActivityPage", func(t *testing.T) {
		check(t, wantPage(t, a.page(t, "/activities/"+act.ID), 200, "en"))
	})
	t.Run("ManagePage", func(t *testing.T) {
		su := a.signUp(t, act.ID, signupBody("reader@example.org", nil))
		check(t, wantPage(t, a.page(t, "/signups/"+su.ManageToken), 200, "en"))
	})
	t.Run("ArabicLabels", func(t *testing.T) {
		body := wantPage(t, a.page(t, "/activities/"+act.ID+"?lang=ar"), 200, "ar")
		if !strings.Contains(body, "التواصل مع المنظِّم") || !strings.Contains(body, `dir="ltr">hello@library.example`) {
			t.Error("the Arabic page lacks the translated contact heading or the isolated address")
		}
	})
}
