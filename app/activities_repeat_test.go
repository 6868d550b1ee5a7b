package main

import (
	"testing"
	"time"
)

// lastSundayOfMarch returns the next last Sunday of March still ahead,
// the day Europe switches to summer time.
func lastSundayOfMarch(loc *time.Location) time.Time {
	for y := time.Now().Year(); ; y++ {
		d := time.Date(y, time.March, 31, 0, 0, 0, 0, loc)
		for d.Weekday() != time.Sunday {
			d = d.AddDate(0, 0, -1)
		}
		if d.After(time.Now().AddDate(0, 0, 7)) {
			return d
		}
	}
}

func TestRepeatActivity(t *testing.T) {
	a := startApp(t, nil)
	admin := a.adminToken(t)
	org := a.newOrg(t, admin, "repeat")
	warsaw, err := time.LoadLocation("Europe/Warsaw")
	if err != nil {
		t.Fatal(err)
	}
	path := func(id string) string { return "/api/v1/activities/" + id + "/repeat" }

	t.Run("OKWeeklyKeepsWallClockAcrossDST", func(t *testing.T) {
		dst := lastSundayOfMarch(warsaw)
		start := time.Date(dst.Year(), dst.Month(), dst.Day()-5, 18, 0, 0, 0, warsaw) // the Tuesday before
		src := a.publishedActivity(t, org.Organiser, activityBody(0, map[string]any{
			"starts_at": start.Format(time.RFC3339), "ends_at": start.Add(2 * time.Hour).Format(time.RFC3339),
			"timezone": "Europe/Warsaw"}))
		var out struct {
			Items []activityJSON `json:"items"`
		}
		a.must(201, "POST", path(src.ID), map[string]any{"frequency": "weekly", "count": 3}, bearer(org.Organiser)...).JSON(t, &out)
		if len(out.Items) != 3 {
			t.Fatalf("want 3 copies, got %d", len(out.Items))
		}
		for i, c := range out.Items {
			local := c.StartsAt.In(warsaw)
			want := start.AddDate(0, 0, 7*(i+1))
			if local.Hour() != 18 || local.Minute() != 0 || local.Day() != want.Day() || local.Month() != want.Month() {
				t.Errorf("copy %d starts %v, want 18:00 on %s", i, local, want.Format(time.DateOnly))
			}
			if end := c.EndsAt.In(warsaw); end.Hour() != 20 {
				t.Errorf("copy %d ends %v, want 20:00", i, end)
			}
			if c.SeriesID == nil || *c.SeriesID == "" || c.Status != "published" || c.SeatsTaken != 0 || c.ID == src.ID {
				t.Errorf("bad copy: %+v", c)
			}
			if c.SeriesID != nil && out.Items[0].SeriesID != nil && *c.SeriesID != *out.Items[0].SeriesID {
				t.Errorf("copies in different series")
			}
		}
		// Before the change 18:00 is 17:00 UTC, after it 16:00 UTC.
		if h := src.StartsAt.UTC().Hour(); h != 17 {
			t.Fatalf("source starts %d:00 UTC, want 17", h)
		}
		if h := out.Items[0].StartsAt.UTC().Hour(); h != 16 {
			t.Fatalf("copy after the change starts %d:00 UTC, want 16", h)
		}
		var again activityJSON
		a.must(200, "GET", "/api/v1/activities/"+src.ID, nil).JSON(t, &again)
		if again.SeriesID == nil || out.Items[0].SeriesID == nil || *again.SeriesID != *out.Items[0].SeriesID {
			t.Fatalf("the source must share the series: %v vs %v", again.SeriesID, out.Items[0].SeriesID)
		}
	})
	t.Run("OKMonthlyAndDaily", func(t *testing.T) {
		src := a.createActivity(t, org.Organiser, activityBody(2, nil))
		var out struct {
			Items []activityJSON `json:"items"`
		}
		a.must(201, "POST", path(src.ID), map[string]any{"frequency": "monthly", "count": 2}, bearer(org.Organiser)...).JSON(t, &out)
		if len(out.Items) != 2 || out.Items[1].StartsAt.In(warsaw).Hour() != 18 || out.Items[0].Status != "draft" {
			t.Fatalf("monthly: %+v", out.Items)
		}
		a.must(201, "POST", path(src.ID), map[string]any{"frequency": "daily", "count": 52}, bearer(org.Organiser)...).JSON(t, &out)
		if len(out.Items) != 52 {
			t.Fatalf("daily: %d", len(out.Items))
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		src := a.createActivity(t, org.Organiser, activityBody(2, nil))
		for body, field := range map[string]string{
			`{"frequency": "weekly", "count": 53}`:  "count",
			`{"frequency": "weekly", "count": 0}`:   "count",
			`{"frequency": "yearly", "count": 2}`:   "frequency",
			`{"frequency": "weekly", "count": "2"}`: "count",
		} {
			r := a.do("POST", path(src.ID), body, bearer(org.Organiser)...)
			wantError(t, r, 422, "validation_failed")
			if fieldErrors(t, r)[field] == "" {
				t.Errorf("%s: want a message for %s, got %s", body, field, r.Body)
			}
		}
	})
	t.Run("ErrCountZeroSaysMin", func(t *testing.T) {
		src := a.createActivity(t, org.Organiser, activityBody(2, nil))
		for lang, want := range map[string]string{"en": "count must be 1 or greater", "pl": "count musi być równe 1 lub więcej"} {
			for _, body := range []string{`{"frequency": "weekly", "count": 0}`, `{"frequency": "weekly"}`} {
				r := a.do("POST", path(src.ID)+"?lang="+lang, body, bearer(org.Organiser)...)
				wantError(t, r, 422, "validation_failed")
				if got := fieldErrors(t, r)["count"]; got != want {
					t.Errorf("%s %s: count message %q, want %q", lang, body, got, want)
				}
			}
		}
	})
	t.Run("ErrCancelled", func(t *testing.T) {
		src := a.createActivity(t, org.Organiser, activityBody(2, nil))
		a.must(200, "POST", "/api/v1/activities/"+src.ID+"/cancel", map[string]any{"reason": map[string]string{"en": "x"}}, bearer(org.Organiser)...)
		wantError(t, a.do("POST", path(src.ID), map[string]any{"frequency": "weekly", "count": 2}, bearer(org.Organiser)...), 409, "activity_cancelled")
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		wantError(t, a.do("POST", path("nope"), map[string]any{"frequency": "weekly", "count": 2}, bearer(org.Organiser)...), 404, "not_found")
	})
}
