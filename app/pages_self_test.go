package main

import (
	"net/url"
	"strings"
	"testing"
)

func TestPagesChangeSignup(t *testing.T) {
	a := startApp(t, nil)
	_, first, second := manageFixture(t, a, "manage-change") // a pair holds both seats, a pair waits
	change := func(token string, form url.Values, headers ...string) *response {
		return a.postForm(t, "/signups/"+token+"/change", form, headers...)
	}
	party := func(token string) string {
		body := wantPage(t, a.page(t, "/signups/"+token), 200, "en")
		for _, n := range []string{"1 person", "2 people", "3 people"} {
			if strings.Contains(body, n) {
				return n
			}
		}
		return ""
	}

	body := wantPage(t, a.page(t, "/signups/"+first+"?lang=ar"), 200, "ar")
	for _, want := range []string{`action="/signups/` + first + `/change"`, `name="party_size"`, `name="q.diet"`,
		`value="halal" checked`, "تغيير تسجيلك", "حفظ التغييرات"} {
		if !strings.Contains(body, want) {
			t.Errorf("edit form lacks %q", want)
		}
	}
	// The waiting pair becomes one: it keeps its place, still waiting.
	loc := wantRedirect(t, change(second, url.Values{"party_size": {"1"}, "q.diet": {"none"}}))
	if loc != "/signups/"+second+"?done=change" {
		t.Fatalf("redirect to %q", loc)
	}
	if body := wantPage(t, a.page(t, loc), 200, "en"); !strings.Contains(body, "Your registration has been changed.") ||
		!strings.Contains(body, "number 1 on the waiting list") || !strings.Contains(body, `value="none" checked`) {
		t.Fatalf("after the change:\n%s", body)
	}
	// The holding pair becomes one: the freed seat goes to the waiting one.
	wantRedirect(t, change(first, url.Values{"party_size": {"1"}, "q.diet": {"halal"}}))
	if body := wantPage(t, a.page(t, "/signups/"+second), 200, "en"); !strings.Contains(body, "Confirmed") {
		t.Fatal("the waiting signup did not move up")
	}
	// Back to two: no seat is free, so the page explains and nothing changes.
	r := change(first, url.Values{"party_size": {"2"}, "q.diet": {"halal"}, "q.note": {"x"}}, "Accept-Language", "pl")
	body = wantPage(t, r, 409, "pl")
	if !strings.Contains(body, "Brak wystarczającej liczby wolnych miejsc") || !strings.Contains(body, `href="/signups/`+first+`"`) {
		t.Errorf("no_seats page:\n%s", body)
	}
	if got := party(first); got != "1 person" {
		t.Errorf("after no_seats the party is %q", got)
	}
	// Bad input: shown on the form, translated, nothing changed.
	body = wantPage(t, change(first, url.Values{"party_size": {"0"}, "q.diet": {""}}, "Accept-Language", "ar"), 422, "ar")
	if !strings.Contains(body, `aria-invalid="true"`) || !strings.Contains(body, `href="#f-party"`) {
		t.Errorf("bad input page:\n%s", body)
	}
	if got := party(first); got != "1 person" {
		t.Errorf("after bad input the party is %q", got)
	}
	wantPage(t, change(first, url.Values{"party_size": {"2"}}, "Origin", "https://evil.example"), 403, "en")
	// A cancelled signup has no form, and a late post says why.
	wantRedirect(t, a.postForm(t, "/signups/"+second+"/cancel", nil))
	if body := wantPage(t, a.page(t, "/signups/"+second), 200, "en"); strings.Contains(body, "/change") {
		t.Error("a cancelled signup still has the edit form")
	}
	body = wantPage(t, change(second, url.Values{"party_size": {"1"}, "q.diet": {"none"}}), 409, "en")
	if !strings.Contains(body, "This registration is cancelled") {
		t.Errorf("late change:\n%s", body)
	}
}

func TestPagesLostLink(t *testing.T) {
	a := startApp(t, nil)
	id, _, _ := manageFixture(t, a, "lost-link") // first@ and second@ are registered
	body := wantPage(t, a.page(t, "/activities/"+id+"?lang=ar"), 200, "ar")
	if !strings.Contains(body, `action="/activities/`+id+`/manage-link"`) || !strings.Contains(body, "هل فقدت رابطك؟") {
		t.Fatalf("no lost-link form:\n%s", body)
	}
	// The same answer, registered or not.
	var locs []string
	for _, email := range []string{"first@example.org", "nobody@example.org"} {
		locs = append(locs, wantRedirect(t, a.postForm(t, "/activities/"+id+"/manage-link", url.Values{"email": {email}})))
	}
	if locs[0] != locs[1] || locs[0] != "/activities/"+id+"?link=sent#lost-link" {
		t.Fatalf("answers differ or are wrong: %q", locs)
	}
	if body := wantPage(t, a.page(t, locs[0]), 200, "en"); !strings.Contains(body, "If this address is registered for this activity") {
		t.Errorf("no neutral notice:\n%s", body)
	}
	body = wantPage(t, a.postForm(t, "/activities/"+id+"/manage-link", url.Values{"email": {"not an address"}}), 422, "en")
	if !strings.Contains(body, `href="#f-lost-email"`) || !strings.Contains(body, `value="not an address"`) {
		t.Errorf("invalid address page:\n%s", body)
	}
	wantPage(t, a.postForm(t, "/activities/"+id+"/manage-link", url.Values{"email": {"first@example.org"}},
		"Origin", "https://evil.example"), 403, "en")
}
