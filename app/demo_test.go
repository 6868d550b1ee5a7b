package main

import (
	"testing"
	"time"
)

func TestDemoData(t *testing.T) {
	t.Run("OKEmbeddedStoreIsSeeded", func(t *testing.T) {
		dir := t.TempDir()
		env := map[string]string{"MONGODB_URI": "", "DATA_DIR": dir, "DEMO_DATA": "auto"}
		a := startApp(t, env)
		var page activityPage
		a.must(200, "GET", "/api/v1/activities?limit=100", nil).JSON(t, &page)
		if len(page.Items) < 6 {
			t.Fatalf("want at least six demo activities, got %d", len(page.Items))
		}
		kinds := map[string]bool{}
		langs := map[string]bool{}
		for _, it := range page.Items {
			kinds[it.Kind] = true
			for l := range it.Title {
				langs[l] = true
			}
			if it.Status != "published" || !it.StartsAt.After(time.Now()) {
				t.Errorf("demo activity %s is %s, starts %v", it.ID, it.Status, it.StartsAt)
			}
		}
		for _, k := range []string{"language_cafe", "lunch", "escape_game", "conference", "workshop", "other"} {
			if !kinds[k] {
				t.Errorf("no demo activity of kind %s", k)
			}
		}
		if len(langs) < 5 {
			t.Errorf("demo titles in only %d languages", len(langs))
		}
		var orgs struct {
			Items []struct{ Slug string } `json:"items"`
		}
		a.must(200, "GET", "/api/v1/organisations", nil).JSON(t, &orgs)
		if len(orgs.Items) != 1 || orgs.Items[0].Slug != "demo-library" {
			t.Fatalf("want the demo library alone, got %+v", orgs.Items)
		}
	})
	t.Run("OKSeededOnce", func(t *testing.T) {
		env := map[string]string{"MONGODB_URI": "", "DATA_DIR": t.TempDir(), "DEMO_DATA": "auto"}
		count := func() int {
			var page activityPage
			var n int
			t.Run("start", func(t *testing.T) {
				a := startApp(t, env)
				a.must(200, "GET", "/api/v1/activities?limit=100", nil).JSON(t, &page)
				n = len(page.Items)
			})
			return n
		}
		first, second := count(), count()
		if first < 6 || second != first {
			t.Fatalf("first start has %d activities, the restart %d: seed only an empty store", first, second)
		}
	})
	t.Run("OKGivenStoreIsNeverSeeded", func(t *testing.T) {
		env := mongoEnv(t)
		env["DEMO_DATA"] = "auto"
		a := startApp(t, env)
		var page activityPage
		a.must(200, "GET", "/api/v1/activities", nil).JSON(t, &page)
		if len(page.Items) != 0 {
			t.Fatalf("a MONGODB_URI store got %d demo activities", len(page.Items))
		}
	})
	t.Run("OKOffWhenFalse", func(t *testing.T) {
		a := startApp(t, map[string]string{"MONGODB_URI": "", "DATA_DIR": t.TempDir(), "DEMO_DATA": "false"})
		var page activityPage
		a.must(200, "GET", "/api/v1/activities", nil).JSON(t, &page)
		if len(page.Items) != 0 {
			t.Fatalf("DEMO_DATA=false seeded %d activities", len(page.Items))
		}
	})
}
