package main

import (
	"strings"
	"testing"
)

// TestPhoneLayout: on a phone the public list folds its filters into a
// "Filter" disclosure, so that the first activity shows on the first
// screen, and the console's header carries a compact "Menu" next to the
// brand and the language (staff.css shows it below 48rem, the bar above).
func TestPhoneLayout(t *testing.T) {
	a := startApp(t, nil)
	org := a.newOrg(t, a.adminToken(t), "phone-lib")
	a.publishedActivity(t, org.Organiser, activityBody(3, nil))

	for lang, summary := range map[string]string{"en": "Filter", "ar": "تصفية"} {
		t.Run("PublicFilters_"+lang, func(t *testing.T) {
			body := wantPage(t, a.page(t, "/?lang="+lang), 200, lang)
			wantContains(t, body, `<details class="filterbox">`+"\n"+`<summary>`+summary+`</summary>`+"\n"+`<form class="filters"`)
			details, results := strings.Index(body, `<details class="filterbox">`), strings.Index(body, `id="results-title"`)
			if end := details + strings.Index(body[details:], `</details>`); !(details < strings.Index(body, `name="kind"`) &&
				strings.Index(body, `name="q"`) < end && end < results) {
				t.Error("the filters are not all inside the disclosure, before the results")
			}
			if strings.Contains(body, `<details class="filterbox" open`) {
				t.Error("the filters start open")
			}
		})
	}
	t.Run("PublicFilteredKeepsReset", func(t *testing.T) {
		body := wantPage(t, a.page(t, "/?kind=lunch&lang=en"), 200, "en")
		wantContains(t, body, `<p class="reset"><a href="/">Clear filters</a></p>`, `value="lunch" checked`)
	})
	for lang, menu := range map[string]string{"en": "Menu", "ar": "القائمة"} {
		t.Run("StaffMenu_"+lang, func(t *testing.T) {
			c := a.consoleLogin(t, "manager@phone-lib.example.org", "password-manager")
			body := wantPage(t, c.get("/staff/?lang="+lang), 200, lang)
			bar := body[strings.Index(body, `<div class="wrap bar">`):strings.Index(body, `<nav class="staffnav"`)]
			wantContains(t, bar, `<details class="staffmenu">`+"\n"+`<summary>`+menu+`</summary>`, `href="/staff/reports"`,
				`href="/staff/users"`, `action="/staff/logout"`, `<span class="lang-code" aria-hidden="true">`+lang+`</span>`)
			if strings.Count(body, `href="/staff/reports"`) != 2 {
				t.Error("the menu and the bar do not both lead to the reports")
			}
		})
	}
	t.Run("PublicHeaderHasNoStaffMenu", func(t *testing.T) {
		body := wantPage(t, a.page(t, "/?lang=en"), 200, "en")
		if strings.Contains(body, "staffmenu") || strings.Contains(body, "lang-code") {
			t.Error("the public header carries the console's menu")
		}
	})
}
