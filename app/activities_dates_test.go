package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/store/sqlite"
)

// TestActivityDateWindow: an activity's times must lie between 2000 and
// ten years from now. Creating, editing or repeating beyond that is 422
// naming the field (count for a repeat), and the public list keeps
// answering; an activity stored with a time no JSON can carry (written
// before the rule, or imported) does not break any read either.
func TestActivityDateWindow(t *testing.T) {
	a := startApp(t, nil)
	org := signupOrg(t, a)
	// In Warsaw this is already the year 10000, which RFC 3339 cannot
	// write: before the rule, creating it failed with 500, and once
	// published it failed the public list for everyone.
	farStart, farEnd := "9999-12-31T23:30:00Z", "9999-12-31T23:45:00Z"
	wantFields := func(t *testing.T, r *response, fields ...string) {
		t.Helper()
		wantError(t, r, 422, "validation_failed")
		got := fieldErrors(t, r)
		for _, f := range fields {
			if got[f] == "" {
				t.Errorf("no message for %s in %s", f, r.Body)
			}
		}
	}

	t.Run("ErrCreateFarFuture", func(t *testing.T) {
		r := a.do("POST", "/api/v1/activities?lang=en", activityBody(7, map[string]any{"starts_at": farStart, "ends_at": farEnd}),
			bearer(org.Organiser)...)
		wantFields(t, r, "starts_at", "ends_at")
		if msg := fieldErrors(t, r)["starts_at"]; !strings.HasPrefix(msg, "must not be after ") {
			t.Errorf("starts_at message %q, want must not be after <date>", msg)
		}
		r = a.do("POST", "/api/v1/activities?lang=uk", activityBody(7, map[string]any{"starts_at": farStart, "ends_at": farEnd}),
			bearer(org.Organiser)...)
		if msg := fieldErrors(t, r)["starts_at"]; !strings.HasPrefix(msg, "має бути не пізніше") {
			t.Errorf("starts_at message in Ukrainian %q", msg)
		}
	})
	t.Run("ErrCreateBefore2000", func(t *testing.T) {
		wantFields(t, a.do("POST", "/api/v1/activities", activityBody(7, map[string]any{
			"starts_at": "1999-12-31T18:00:00+01:00", "ends_at": "1999-12-31T20:00:00+01:00"}), bearer(org.Organiser)...),
			"starts_at", "ends_at")
	})
	t.Run("ErrRegistrationWindow", func(t *testing.T) {
		wantFields(t, a.do("POST", "/api/v1/activities", activityBody(7, map[string]any{
			"registration_opens_at": "0001-01-01T00:00:00Z"}), bearer(org.Organiser)...), "registration_opens_at")
	})
	t.Run("ErrEditFarFuture", func(t *testing.T) {
		act := a.publishedActivity(t, org.Organiser, activityBody(7, nil))
		wantFields(t, a.do("PATCH", "/api/v1/activities/"+act.ID, map[string]any{"starts_at": farStart, "ends_at": farEnd},
			bearer(org.Organiser)...), "starts_at", "ends_at")
		if got := a.activity(t, org.Organiser, act.ID); !got.StartsAt.Equal(act.StartsAt) {
			t.Fatalf("a refused edit changed starts_at to %v", got.StartsAt)
		}
	})
	t.Run("ErrRepeatLeavesWindow", func(t *testing.T) {
		// Two months before the end of the window: 52 months later is
		// far beyond it.
		days := int(time.Until(time.Now().AddDate(models.ScheduleYearsAhead, 0, 0)).Hours()/24) - 60
		act := a.publishedActivity(t, org.Organiser, activityBody(days, nil))
		path := "/api/v1/activities/" + act.ID + "/repeat"
		wantFields(t, a.do("POST", path, map[string]any{"frequency": "monthly", "count": 52}, bearer(org.Organiser)...), "count")
		if got := a.activity(t, org.Organiser, act.ID); got.SeriesID != nil {
			t.Fatalf("a refused repeat gave the activity a series %s", *got.SeriesID)
		}
		var out struct {
			Items []activityJSON `json:"items"`
		}
		a.must(201, "POST", path, map[string]any{"frequency": "weekly", "count": 2}, bearer(org.Organiser)...).JSON(t, &out)
		if len(out.Items) != 2 {
			t.Fatalf("a repeat within the window made %d copies, want 2", len(out.Items))
		}
	})
	t.Run("OKPublicListAfterwards", func(t *testing.T) {
		var page activityPage
		a.must(200, "GET", "/api/v1/activities?limit=100", nil).JSON(t, &page)
		a.must(200, "GET", "/api/v1/activities?organisation="+org.Slug, nil)
		for _, it := range page.Items {
			if it.StartsAt.Year() > time.Now().Year()+models.ScheduleYearsAhead {
				t.Fatalf("listed activity %s starts %v", it.ID, it.StartsAt)
			}
		}
	})
}

// TestStoredFarFutureTimeStillReads: an activity stored with times that
// RFC 3339 cannot write in its own time zone (9999-12-31 23:30 UTC is
// 10000-01-01 in Kiritimati), as an older version or an import may have
// left it, is still shown, and every other activity with it.
func TestStoredFarFutureTimeStillReads(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, sqlite.Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC().Truncate(time.Millisecond)
	org := models.Organisation{ID: models.NewID(), Name: "Far library", Slug: "far", Country: "KI",
		Timezone: "Pacific/Kiritimati", DefaultLanguage: "en", CreatedAt: now}
	far := time.Date(9999, time.December, 31, 23, 30, 0, 0, time.UTC)
	opens := far.Add(-time.Hour)
	bad := models.Activity{ID: models.NewID(), OrganisationID: org.ID, Kind: models.KindOther,
		Title: models.Text{"en": "Far away"}, StartsAt: far, EndsAt: far.Add(20 * time.Minute), Timezone: org.Timezone,
		Capacity: 5, MaxPartySize: 1, RegistrationOpensAt: &opens, Status: models.StatusPublished, CreatedAt: now, UpdatedAt: now}
	bad.SetSearchText()
	soon := now.Add(48 * time.Hour).Truncate(time.Hour)
	good := models.Activity{ID: models.NewID(), OrganisationID: org.ID, Kind: models.KindLunch,
		Title: models.Text{"en": "Lunch"}, StartsAt: soon, EndsAt: soon.Add(time.Hour), Timezone: org.Timezone,
		Capacity: 5, MaxPartySize: 1, Status: models.StatusPublished, CreatedAt: now, UpdatedAt: now}
	good.SetSearchText()
	for _, err := range []error{st.InsertOrganisation(ctx, &org), st.InsertActivity(ctx, &bad), st.InsertActivity(ctx, &good)} {
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Close(ctx); err != nil {
		t.Fatal(err)
	}

	a := startApp(t, map[string]string{"DATA_DIR": dir})
	var page activityPage
	a.must(200, "GET", "/api/v1/activities?limit=100", nil).JSON(t, &page)
	if len(page.Items) != 2 || page.Items[0].ID != good.ID || page.Items[1].ID != bad.ID {
		t.Fatalf("list: %+v", page.Items)
	}
	if got := page.Items[1].StartsAt; got.Year() != 9999 {
		t.Errorf("the far activity is listed as starting %v", got)
	}
	a.must(200, "GET", "/api/v1/activities?organisation=far", nil)
	a.must(200, "GET", "/api/v1/activities/"+bad.ID, nil)
	a.must(200, "GET", "/api/v1/activities.ics", nil)
	wantPage(t, a.page(t, "/?lang=en"), 200, "en")
	wantPage(t, a.page(t, "/activities/"+bad.ID+"?lang=en"), 200, "en")
}
