package main

import (
	"net/url"
	"sort"
	"testing"
	"time"
)

func listIDs(t *testing.T, a *testApp, query string, headers ...string) []string {
	t.Helper()
	var page activityPage
	a.must(200, "GET", "/api/v1/activities?"+query, nil, headers...).JSON(t, &page)
	ids := make([]string, len(page.Items))
	for i, it := range page.Items {
		ids[i] = it.ID
	}
	return ids
}

func sameIDs(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: got %v, want %v", what, got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("%s: got %v, want %v", what, got, want)
		}
	}
}

func TestListActivities(t *testing.T) {
	a := startApp(t, nil)
	admin := a.adminToken(t)
	one := a.newOrg(t, admin, "list-one")
	two := a.newOrg(t, admin, "list-two")

	cafe := a.publishedActivity(t, one.Organiser, activityBody(5, map[string]any{
		"title": map[string]string{"en": "Café Lingua (Spanish)", "es": "Café de idiomas"}, "languages": []string{"es", "en"}}))
	lunch := a.publishedActivity(t, one.Organiser, activityBody(2, map[string]any{"kind": "lunch",
		"title": map[string]string{"pl": "Wspólny Obiad Świąteczny"}, "languages": []string{"pl"}}))
	game := a.publishedActivity(t, two.Organiser, activityBody(9, map[string]any{"kind": "escape_game",
		"title": map[string]string{"en": "Escape game"}, "languages": []string{"en"}}))
	draft := a.createActivity(t, one.Organiser, activityBody(1, nil))
	otherDraft := a.createActivity(t, two.Organiser, activityBody(1, nil))
	cancelled := a.publishedActivity(t, one.Organiser, activityBody(3, nil))
	a.must(200, "POST", "/api/v1/activities/"+cancelled.ID+"/cancel", map[string]any{"reason": map[string]string{"en": "x"}}, bearer(one.Organiser)...)
	// Started yesterday, still going on until tomorrow: listed. Ended an hour ago: hidden.
	now := time.Now()
	ongoing := a.publishedActivity(t, one.Organiser, activityBody(0, map[string]any{
		"starts_at": now.Add(-24 * time.Hour).Format(time.RFC3339), "ends_at": now.Add(24 * time.Hour).Format(time.RFC3339)}))
	a.publishedActivity(t, one.Organiser, activityBody(0, map[string]any{
		"starts_at": now.Add(-3 * time.Hour).Format(time.RFC3339), "ends_at": now.Add(-time.Hour).Format(time.RFC3339)}))

	t.Run("OKPublicSoonestFirst", func(t *testing.T) {
		sameIDs(t, "public", listIDs(t, a, ""), ongoing.ID, lunch.ID, cafe.ID, game.ID)
		r := a.must(200, "GET", "/api/v1/activities", nil)
		if bodyContains(r.Body, "online_url") {
			t.Fatalf("online_url in the public list: %s", r.Body)
		}
	})
	t.Run("OKFilters", func(t *testing.T) {
		sameIDs(t, "kind", listIDs(t, a, "kind=lunch"), lunch.ID)
		sameIDs(t, "language", listIDs(t, a, "language=es"), cafe.ID)
		sameIDs(t, "organisation id", listIDs(t, a, "organisation="+two.ID), game.ID)
		sameIDs(t, "organisation slug", listIDs(t, a, "organisation=list-two"), game.ID)
		sameIDs(t, "unknown organisation", listIDs(t, a, "organisation=nobody"))
		from := time.Now().AddDate(0, 0, 4).Format(time.RFC3339)
		sameIDs(t, "from", listIDs(t, a, "from="+url.QueryEscape(from)), cafe.ID, game.ID)
		to := time.Now().AddDate(0, 0, 6).Format(time.DateOnly)
		sameIDs(t, "from+to", listIDs(t, a, "from="+url.QueryEscape(from)+"&to="+to), cafe.ID)
		sameIDs(t, "q any case", listIDs(t, a, "q=CAFE+LINGUA"), cafe.ID)
		sameIDs(t, "q any language", listIDs(t, a, "q=idiomas"), cafe.ID)
		sameIDs(t, "q accents", listIDs(t, a, "q=obiad+swiateczny"), lunch.ID)
		sameIDs(t, "q regexp characters are text", listIDs(t, a, "q="+url.QueryEscape("(spanish)")), cafe.ID)
		sameIDs(t, "q regexp wildcards match nothing", listIDs(t, a, "q="+url.QueryEscape(".*")))
		sameIDs(t, "combined", listIDs(t, a, "kind=language_cafe&language=es&organisation=list-one"), cafe.ID)
	})
	t.Run("OKStaffStatus", func(t *testing.T) {
		sameIDs(t, "drafts", listIDs(t, a, "status=draft", bearer(one.Organiser)...), draft.ID)
		sameIDs(t, "cancelled", listIDs(t, a, "status=cancelled", bearer(one.Manager)...), cancelled.ID)
		sameIDs(t, "all", listIDs(t, a, "status=all", bearer(one.Organiser)...),
			ongoing.ID, draft.ID, lunch.ID, cancelled.ID, cafe.ID, game.ID)
		// Both drafts start at the same moment: the id decides.
		drafts := []string{draft.ID, otherDraft.ID}
		sort.Strings(drafts)
		sameIDs(t, "admin drafts", listIDs(t, a, "status=draft", bearer(admin)...), drafts...)
		sameIDs(t, "staff without status", listIDs(t, a, "", bearer(one.Organiser)...), ongoing.ID, lunch.ID, cafe.ID, game.ID)
	})
	t.Run("ErrStatusNeedsStaff", func(t *testing.T) {
		wantError(t, a.do("GET", "/api/v1/activities?status=draft", nil), 401, "unauthorized")
	})
	t.Run("ErrUnknownQueryValues", func(t *testing.T) {
		for _, q := range []string{"kind=rave", "language=english", "status=secret", "limit=0", "limit=x",
			"from=yesterday", "to=2026-13-01", "cursor=%25%25"} {
			wantError(t, a.do("GET", "/api/v1/activities?"+q, nil), 400, "bad_request")
		}
	})
}

func TestListPagination(t *testing.T) {
	a := startApp(t, nil)
	admin := a.adminToken(t)
	org := a.newOrg(t, admin, "pages")
	start := time.Now().Add(48 * time.Hour).Truncate(time.Hour)
	var want []string
	// Seven activities, three starting at the same moment: the id breaks ties.
	for _, offset := range []int{0, 1, 1, 1, 2, 3, 4} {
		s := start.Add(time.Duration(offset) * time.Hour)
		act := a.publishedActivity(t, org.Organiser, activityBody(0, map[string]any{
			"starts_at": s.Format(time.RFC3339), "ends_at": s.Add(time.Hour).Format(time.RFC3339)}))
		want = append(want, act.ID)
	}
	sort.Strings(want[1:4]) // simultaneous activities come in id order
	t.Run("OK", func(t *testing.T) {
		var got []string
		cursor := ""
		pages := 0
		for {
			var page activityPage
			q := "/api/v1/activities?limit=2"
			if cursor != "" {
				q += "&cursor=" + url.QueryEscape(cursor)
			}
			a.must(200, "GET", q, nil).JSON(t, &page)
			pages++
			for _, it := range page.Items {
				got = append(got, it.ID)
			}
			if page.NextCursor == nil {
				break
			}
			if len(page.Items) != 2 || pages > 10 {
				t.Fatalf("page %d has %d items and a next cursor", pages, len(page.Items))
			}
			cursor = *page.NextCursor
		}
		if pages != 4 {
			t.Fatalf("want 4 pages of 2, got %d", pages)
		}
		sameIDs(t, "pages", got, want...)
	})
	t.Run("OKLimitCapped", func(t *testing.T) {
		if ids := listIDs(t, a, "limit=1000"); len(ids) != 7 {
			t.Fatalf("limit above 100 should be capped, not refused: %v", ids)
		}
	})
	t.Run("OKDefaultLimit", func(t *testing.T) {
		var page activityPage
		a.must(200, "GET", "/api/v1/activities", nil).JSON(t, &page)
		if len(page.Items) != 7 || page.NextCursor != nil {
			t.Fatalf("default page: %d items, cursor %v", len(page.Items), page.NextCursor)
		}
	})
}
