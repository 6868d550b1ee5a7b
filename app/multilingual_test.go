package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestMultilingualOptionsAndAccessibility: choice options and the venue's
// accessibility note may be given by language; the API returns each in
// the form it was given, pages show the reader's language, and answers
// carry option ids.
func TestMultilingualOptionsAndAccessibility(t *testing.T) {
	a := startApp(t, nil)
	org := a.newOrg(t, a.adminToken(t), "multi-lib")
	diet := map[string]any{"id": "diet", "type": "choice", "label": map[string]string{"en": "Diet", "ar": "النظام الغذائي"},
		"required": true, "options": []any{
			map[string]any{"id": "veg", "label": map[string]string{"en": "Vegetarian", "ar": "نباتي"}}, "none"}}
	act := a.publishedRaw(t, org.Organiser, activityBody(5, map[string]any{
		"questions": []any{diet},
		"venue": map[string]any{"name": "Main library", "address": "Rynek 1",
			"accessibility": map[string]string{"en": "Step-free entrance", "ar": "مدخل بدون درج"}}}))

	t.Run("APIKeepsTheFormGiven", func(t *testing.T) {
		var got struct {
			Venue     struct{ Accessibility json.RawMessage }
			Questions []struct{ Options []json.RawMessage }
		}
		a.must(200, "GET", "/api/v1/activities/"+act.ID, nil).JSON(t, &got)
		if len(got.Questions) != 1 || len(got.Questions[0].Options) != 2 {
			t.Fatalf("questions %+v", got.Questions)
		}
		if o := string(got.Questions[0].Options[0]); !strings.Contains(o, `"id":"veg"`) || !strings.Contains(o, `"ar":"نباتي"`) {
			t.Errorf("object option read back as %s", o)
		}
		if o := string(got.Questions[0].Options[1]); o != `"none"` {
			t.Errorf("string option read back as %s, want the string", o)
		}
		if s := string(got.Venue.Accessibility); !strings.HasPrefix(s, "{") || !strings.Contains(s, "مدخل بدون درج") {
			t.Errorf("accessibility read back as %s", s)
		}
	})
	t.Run("PageInArabic", func(t *testing.T) {
		body := wantPage(t, a.page(t, "/activities/"+act.ID+"?lang=ar"), 200, "ar")
		for _, w := range []string{`value="veg"`, "نباتي", `value="none"`, `lang="ar" dir="rtl">مدخل بدون درج`} {
			if !strings.Contains(body, w) {
				t.Errorf("Arabic page lacks %s", w)
			}
		}
		if strings.Contains(body, "Vegetarian") || strings.Contains(body, "Step-free") {
			t.Error("the Arabic page shows English labels")
		}
	})
	t.Run("PageInEnglish", func(t *testing.T) {
		body := wantPage(t, a.page(t, "/activities/"+act.ID), 200, "en")
		if !strings.Contains(body, "Vegetarian") || !strings.Contains(body, "Step-free entrance") {
			t.Error("the English page lacks the English label or note")
		}
	})
	t.Run("SignUpWithOptionID", func(t *testing.T) {
		a.signUp(t, act.ID, signupBody("veg@example.org", map[string]any{"answers": map[string]any{"diet": "veg"}}))
		r := a.do("POST", "/api/v1/activities/"+act.ID+"/signups",
			signupBody("label@example.org", map[string]any{"answers": map[string]any{"diet": "Vegetarian"}}))
		wantError(t, r, 422, "validation_failed")
		if f := fieldErrors(t, r); f["answers.diet"] == "" {
			t.Errorf("no message for answers.diet: %v", f)
		}
	})
	t.Run("StaffCSVShowsLabels", func(t *testing.T) {
		body := string(a.must(200, "GET", "/api/v1/activities/"+act.ID+"/signups.csv?lang=ar", nil, bearer(org.Organiser)...).Body)
		if !strings.Contains(body, "نباتي [veg]") || !strings.Contains(body, "النظام الغذائي [diet]") {
			t.Errorf("the Arabic export lacks the Arabic label with the id:\n%s", body)
		}
	})
	t.Run("ErrBadOptions", func(t *testing.T) {
		bad := []any{
			map[string]any{"id": "", "label": map[string]string{"en": "Nothing"}},
			map[string]any{"id": "x", "label": map[string]string{}},
			map[string]any{"id": "y", "label": map[string]string{"english": "Y"}},
		}
		dup := []any{map[string]any{"id": "a", "label": map[string]string{"en": "A"}}, "a"}
		for name, opts := range map[string][]any{"Invalid": bad, "Duplicate": dup} {
			q := map[string]any{"id": "q", "type": "choice", "label": map[string]string{"en": "Q"}, "options": opts}
			r := a.do("POST", "/api/v1/activities", activityBody(5, map[string]any{"questions": []any{q}}),
				bearer(org.Organiser)...)
			wantError(t, r, 422, "validation_failed")
			if len(fieldErrors(t, r)) == 0 {
				t.Errorf("%s options: no field errors", name)
			}
		}
	})
}

// publishedRaw creates and publishes an activity whose venue the
// activityJSON of other tests cannot read (a multilingual note).
func (a *testApp) publishedRaw(t testing.TB, token string, body map[string]any) struct{ ID string } {
	t.Helper()
	var act struct{ ID string }
	a.must(201, "POST", "/api/v1/activities", body, bearer(token)...).JSON(t, &act)
	a.must(200, "POST", "/api/v1/activities/"+act.ID+"/publish", nil, bearer(token)...)
	return act
}
