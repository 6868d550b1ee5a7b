package main

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"
)

// parseCalendar checks the iCalendar framing (CRLF lines of at most 75
// octets) and parses the body.
func parseCalendar(t *testing.T, r *response) *ics.Calendar {
	t.Helper()
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/calendar") {
		t.Fatalf("content type %q", ct)
	}
	if !bytes.HasSuffix(r.Body, []byte("\r\n")) {
		t.Fatal("lines must end in CRLF")
	}
	for _, line := range strings.Split(strings.TrimSuffix(string(r.Body), "\r\n"), "\r\n") {
		if len(line) > 75 {
			t.Fatalf("line of %d octets is not folded: %q", len(line), line)
		}
		if !utf8.ValidString(line) {
			t.Fatalf("folding split a character: %q", line)
		}
		if strings.ContainsAny(line, "\r\n") {
			t.Fatalf("bare line break inside a line: %q", line)
		}
	}
	cal, err := ics.ParseCalendar(bytes.NewReader(r.Body))
	if err != nil {
		t.Fatalf("not iCalendar: %v\n%s", err, r.Body)
	}
	return cal
}

func TestActivityCalendar(t *testing.T) {
	a := startApp(t, nil)
	admin := a.adminToken(t)
	org := a.newOrg(t, admin, "ics")
	long := strings.Repeat("Zażółć gęślą jaźń; ", 12)
	act := a.publishedActivity(t, org.Organiser, activityBody(3, map[string]any{
		"title":       map[string]string{"en": "Lunch, talk; and \\ more", "pl": "Obiad"},
		"description": map[string]string{"en": "Line one\r\nLine two\n" + long},
		"venue":       map[string]string{"name": "Hall A", "address": "Rynek 1, Kraków", "online_url": "https://secret.example.org/x"}}))
	lunch := a.publishedActivity(t, org.Organiser, activityBody(4, map[string]any{"kind": "lunch"}))
	draft := a.createActivity(t, org.Organiser, activityBody(4, nil))

	t.Run("OKSingle", func(t *testing.T) {
		r := a.must(200, "GET", "/api/v1/activities/"+act.ID+".ics", nil)
		cal := parseCalendar(t, r)
		evs := cal.Events()
		if len(evs) != 1 {
			t.Fatalf("want one event, got %d", len(evs))
		}
		ev := evs[0]
		uid := ev.GetProperty(ics.ComponentPropertyUniqueId).Value
		if !strings.Contains(uid, act.ID) {
			t.Fatalf("UID %q does not name the activity", uid)
		}
		if got := ev.GetProperty(ics.ComponentPropertySummary).Value; got != "Lunch, talk; and \\ more" {
			t.Fatalf("summary round trip: %q", got)
		}
		if !bytes.Contains(r.Body, []byte(`SUMMARY:Lunch\, talk\; and \\ more`)) {
			t.Fatalf("summary not escaped:\n%s", r.Body)
		}
		desc := ev.GetProperty(ics.ComponentPropertyDescription).Value
		if !strings.HasPrefix(desc, "Line one\nLine two\n"+strings.TrimSpace(long)) || !strings.Contains(desc, "/activities/"+act.ID) {
			t.Fatalf("description round trip: %q", desc)
		}
		start, err := ev.GetStartAt()
		if err != nil || !start.Equal(act.StartsAt) {
			t.Fatalf("DTSTART %v (%v), want %v", start, err, act.StartsAt)
		}
		if !bytes.Contains(r.Body, []byte("DTSTART:"+act.StartsAt.UTC().Format("20060102T150405Z"))) {
			t.Fatalf("DTSTART not in UTC:\n%s", r.Body)
		}
		if bytes.Contains(r.Body, []byte("secret.example.org")) {
			t.Fatal("the online link is private")
		}
		if got := ev.GetProperty(ics.ComponentPropertyLocation).Value; got != "Hall A, Rynek 1, Kraków" {
			t.Fatalf("location %q", got)
		}
		again := parseCalendar(t, a.must(200, "GET", "/api/v1/activities/"+act.ID+".ics", nil))
		if again.Events()[0].GetProperty(ics.ComponentPropertyUniqueId).Value != uid {
			t.Fatal("UID must be stable")
		}
	})
	t.Run("OKFeedWithFilters", func(t *testing.T) {
		cal := parseCalendar(t, a.must(200, "GET", "/api/v1/activities.ics", nil))
		uids := map[string]bool{}
		for _, ev := range cal.Events() {
			uids[ev.GetProperty(ics.ComponentPropertyUniqueId).Value] = true
		}
		if len(uids) != 2 {
			t.Fatalf("want the two published activities, got %v", uids)
		}
		single := parseCalendar(t, a.must(200, "GET", "/api/v1/activities/"+lunch.ID+".ics", nil))
		if !uids[single.Events()[0].GetProperty(ics.ComponentPropertyUniqueId).Value] {
			t.Fatal("the feed and the single file must use the same UID")
		}
		cal = parseCalendar(t, a.must(200, "GET", "/api/v1/activities.ics?kind=lunch", nil))
		if len(cal.Events()) != 1 || !strings.Contains(cal.Events()[0].GetProperty(ics.ComponentPropertyUniqueId).Value, lunch.ID) {
			t.Fatalf("kind filter not applied to the feed")
		}
	})
	t.Run("OKCancelled", func(t *testing.T) {
		a.must(200, "POST", "/api/v1/activities/"+lunch.ID+"/cancel", map[string]any{"reason": map[string]string{"en": "x"}}, bearer(org.Organiser)...)
		r := a.must(200, "GET", "/api/v1/activities/"+lunch.ID+".ics", nil)
		if !bytes.Contains(r.Body, []byte("STATUS:CANCELLED")) {
			t.Fatalf("cancelled activity not marked:\n%s", r.Body)
		}
	})
	t.Run("ErrDraftHidden", func(t *testing.T) {
		wantError(t, a.do("GET", "/api/v1/activities/"+draft.ID+".ics", nil), 404, "not_found")
	})
	t.Run("ErrBadFilter", func(t *testing.T) {
		wantError(t, a.do("GET", "/api/v1/activities.ics?kind=rave", nil), 400, "bad_request")
	})
}
