package main

import (
	"net/url"
	"sort"
	"testing"
)

// TestListLimits checks the list conventions (limit 20 by default, at most
// 100) against more activities than the largest page: 105 published
// activities made by repeating one weekly and daily.
func TestListLimits(t *testing.T) {
	a := startApp(t, nil)
	admin := a.adminToken(t)
	org := a.newOrg(t, admin, "list-limits")
	src := a.publishedActivity(t, org.Organiser, activityBody(1, nil))
	all := []activityJSON{src}
	for _, freq := range []string{"weekly", "daily"} {
		var out struct {
			Items []activityJSON `json:"items"`
		}
		a.must(201, "POST", "/api/v1/activities/"+src.ID+"/repeat", map[string]any{"frequency": freq, "count": 52},
			bearer(org.Organiser)...).JSON(t, &out)
		for _, c := range out.Items {
			if c.Status != "published" {
				t.Fatalf("copy of a published activity is %s", c.Status)
			}
		}
		all = append(all, out.Items...)
	}
	if len(all) != 105 {
		t.Fatalf("made %d activities, want 105", len(all))
	}
	// Soonest first; weekly and daily copies share start times, so the id
	// decides between them.
	sort.Slice(all, func(i, j int) bool {
		if !all[i].StartsAt.Equal(all[j].StartsAt) {
			return all[i].StartsAt.Before(all[j].StartsAt)
		}
		return all[i].ID < all[j].ID
	})
	want := make([]string, len(all))
	for i, x := range all {
		want[i] = x.ID
	}
	page := func(t *testing.T, query string) activityPage {
		t.Helper()
		var p activityPage
		a.must(200, "GET", "/api/v1/activities?"+query, nil).JSON(t, &p)
		return p
	}

	t.Run("OKDefault20", func(t *testing.T) {
		p := page(t, "")
		if len(p.Items) != 20 || p.NextCursor == nil {
			t.Fatalf("default page: %d items, next_cursor %v; want 20 and a cursor", len(p.Items), p.NextCursor)
		}
		got := make([]string, len(p.Items))
		for i, it := range p.Items {
			got[i] = it.ID
		}
		sameIDs(t, "default page", got, want[:20]...)
	})
	t.Run("OKLimit100", func(t *testing.T) {
		if p := page(t, "limit=100"); len(p.Items) != 100 || p.NextCursor == nil {
			t.Fatalf("limit=100: %d items, next_cursor %v", len(p.Items), p.NextCursor)
		}
	})
	t.Run("OKLimitCappedAt100", func(t *testing.T) {
		if p := page(t, "limit=1000"); len(p.Items) != 100 || p.NextCursor == nil {
			t.Fatalf("limit=1000: %d items, next_cursor %v; want 100 and a cursor", len(p.Items), p.NextCursor)
		}
	})
	t.Run("OKCursorWalkVisitsEachOnce", func(t *testing.T) {
		var got []string
		seen := map[string]bool{}
		q := ""
		for pages := 1; ; pages++ {
			if pages > 10 {
				t.Fatalf("more than 10 pages of 20 for %d activities", len(want))
			}
			p := page(t, q)
			for _, it := range p.Items {
				if seen[it.ID] {
					t.Fatalf("page %d repeats %s", pages, it.ID)
				}
				seen[it.ID] = true
				got = append(got, it.ID)
			}
			if p.NextCursor == nil {
				if pages != 6 || len(p.Items) != 5 {
					t.Fatalf("last page %d has %d items; want page 6 with 5", pages, len(p.Items))
				}
				break
			}
			if len(p.Items) != 20 {
				t.Fatalf("page %d has %d items and a next cursor", pages, len(p.Items))
			}
			q = "cursor=" + url.QueryEscape(*p.NextCursor)
		}
		sameIDs(t, "walk", got, want...)
	})
}
