package main

import (
	"strings"
	"testing"
)

func TestOrganisations(t *testing.T) {
	a := startApp(t, nil)
	admin := a.adminToken(t)
	org := a.newOrg(t, admin, "lib-one")
	body := func(slug string) map[string]string {
		return map[string]string{"name": "Library " + slug, "slug": slug, "country": "LT",
			"timezone": "Europe/Vilnius", "default_language": "lt"}
	}

	t.Run("CreateOK", func(t *testing.T) {
		var o struct{ ID, Name, Slug, Country, Timezone, DefaultLanguage string }
		a.must(201, "POST", "/api/v1/organisations", body("lib-two"), bearer(admin)...).JSON(t, &o)
		if o.ID == "" || o.Slug != "lib-two" || o.Country != "LT" || o.Timezone != "Europe/Vilnius" {
			t.Fatalf("bad organisation: %+v", o)
		}
	})
	t.Run("CreateErrUnauthorized", func(t *testing.T) {
		wantError(t, a.do("POST", "/api/v1/organisations", body("lib-x")), 401, "unauthorized")
	})
	t.Run("CreateErrForbidden", func(t *testing.T) {
		wantError(t, a.do("POST", "/api/v1/organisations", body("lib-x"), bearer(org.Manager)...), 403, "forbidden")
	})
	t.Run("CreateErrDuplicateSlug", func(t *testing.T) {
		wantError(t, a.do("POST", "/api/v1/organisations", body("lib-one"), bearer(admin)...), 409, "conflict")
	})
	t.Run("CreateErrInvalid", func(t *testing.T) {
		r := a.do("POST", "/api/v1/organisations", map[string]string{"name": "", "slug": "Bad slug!",
			"country": "Poland", "timezone": "Mars/Olympus", "default_language": "polish"}, bearer(admin)...)
		wantError(t, r, 422, "validation_failed")
		f := fieldErrors(t, r)
		for _, k := range []string{"name", "slug", "country", "timezone", "default_language"} {
			if f[k] == "" {
				t.Errorf("no message for %s: %v", k, f)
			}
		}
	})
	t.Run("CreateErrMessagesTranslated", func(t *testing.T) {
		r := a.do("POST", "/api/v1/organisations?lang=lt", map[string]string{"name": "x", "slug": "ok-slug",
			"timezone": "Mars/Olympus"}, bearer(admin)...)
		wantError(t, r, 422, "validation_failed")
		if got := fieldErrors(t, r)["timezone"]; got != "turi būti laiko juosta, pvz., Europe/Warsaw" {
			t.Fatalf("timezone message in Lithuanian: %q", got)
		}
		r = a.do("POST", "/api/v1/organisations", map[string]string{"slug": "ok-slug", "timezone": "UTC"},
			append(bearer(admin), "Accept-Language", "pl-PL,pl;q=0.9")...)
		if got := fieldErrors(t, r)["name"]; got == "" || got == "is required" {
			t.Fatalf("name message not in Polish: %q", got)
		}
	})
	t.Run("ListOK", func(t *testing.T) {
		// Its own app: the list is of every organisation, in creation order.
		a := startApp(t, nil)
		admin := a.adminToken(t)
		org := a.newOrg(t, admin, "lib-one")
		a.must(201, "POST", "/api/v1/organisations", body("lib-two"), bearer(admin)...)
		var page struct {
			Items []struct {
				ID, Slug, Name, Country string
				Timezone                *string `json:"timezone"`
			} `json:"items"`
			NextCursor *string `json:"next_cursor"`
		}
		a.must(200, "GET", "/api/v1/organisations?limit=1", nil).JSON(t, &page)
		if len(page.Items) != 1 || page.Items[0].Slug != "lib-one" || page.Items[0].ID != org.ID ||
			page.Items[0].Country != "PL" || page.NextCursor == nil {
			t.Fatalf("first page: %+v", page)
		}
		if page.Items[0].Timezone != nil {
			t.Fatal("the public list shows only id, slug, name and country")
		}
		next := *page.NextCursor
		page.Items, page.NextCursor = nil, nil
		a.must(200, "GET", "/api/v1/organisations?limit=1&cursor="+next, nil).JSON(t, &page)
		if len(page.Items) != 1 || page.Items[0].Slug != "lib-two" {
			t.Fatalf("second page: %+v", page)
		}
	})
	t.Run("ListErrBadQuery", func(t *testing.T) {
		wantError(t, a.do("GET", "/api/v1/organisations?limit=ten", nil), 400, "bad_request")
		wantError(t, a.do("GET", "/api/v1/organisations?cursor=!!!", nil), 400, "bad_request")
	})
}

func TestStaffUsers(t *testing.T) {
	a := startApp(t, nil)
	admin := a.adminToken(t)
	one := a.newOrg(t, admin, "one")
	two := a.newOrg(t, admin, "two")
	users := "/api/v1/organisations/" + one.ID + "/users"
	user := func(email, role string) map[string]string {
		return map[string]string{"email": email, "name": "Ana", "role": role, "password": "long enough pw"}
	}

	t.Run("CreateOKByAdmin", func(t *testing.T) {
		var u struct {
			ID, Email, Role string
			OrganisationID  string `json:"organisation_id"`
		}
		r := a.must(201, "POST", users, user("Ana@Example.org", "organiser"), bearer(admin)...)
		r.JSON(t, &u)
		if u.ID == "" || u.Email != "ana@example.org" || u.Role != "organiser" || u.OrganisationID != one.ID {
			t.Fatalf("bad user: %s", r.Body)
		}
		if bodyContains(r.Body, "password") {
			t.Fatalf("user answer mentions the password: %s", r.Body)
		}
		a.loginToken(t, "ana@example.org", "long enough pw")
	})
	t.Run("CreateOKByOwnManager", func(t *testing.T) {
		a.must(201, "POST", users, user("bo@example.org", "manager"), bearer(one.Manager)...)
	})
	t.Run("CreateErrDuplicateEmail", func(t *testing.T) {
		a.must(201, "POST", users, user("Dup@Example.org", "organiser"), bearer(admin)...)
		wantError(t, a.do("POST", users, user("DUP@example.org", "organiser"), bearer(admin)...), 409, "conflict")
	})
	t.Run("CreateErrOtherManager", func(t *testing.T) {
		wantError(t, a.do("POST", users, user("cy@example.org", "organiser"), bearer(two.Manager)...), 403, "forbidden")
	})
	t.Run("CreateErrOrganiser", func(t *testing.T) {
		wantError(t, a.do("POST", users, user("cy@example.org", "organiser"), bearer(one.Organiser)...), 403, "forbidden")
	})
	t.Run("CreateErrUnauthorized", func(t *testing.T) {
		wantError(t, a.do("POST", users, user("cy@example.org", "organiser")), 401, "unauthorized")
	})
	t.Run("CreateErrNoSuchOrganisation", func(t *testing.T) {
		wantError(t, a.do("POST", "/api/v1/organisations/nope/users", user("cy@example.org", "organiser"), bearer(admin)...), 404, "not_found")
	})
	t.Run("CreateErrInvalid", func(t *testing.T) {
		r := a.do("POST", users, map[string]string{"email": "not-an-email", "name": "", "role": "boss", "password": "short"}, bearer(admin)...)
		wantError(t, r, 422, "validation_failed")
		f := fieldErrors(t, r)
		for _, k := range []string{"email", "name", "role", "password"} {
			if f[k] == "" {
				t.Errorf("no message for %s: %v", k, f)
			}
		}
		wantError(t, a.do("GET", "/api/v1/me", nil, bearer("x")...), 401, "unauthorized")
	})
	// listed is an organisation of its own with four users: its manager and
	// organiser, and two more, so that the lists do not depend on which
	// of the subtests above ran.
	listed := func(t *testing.T, slug string) (testOrg, string) {
		t.Helper()
		org := a.newOrg(t, admin, slug)
		path := "/api/v1/organisations/" + org.ID + "/users"
		a.must(201, "POST", path, user("ana@"+slug+".example.org", "organiser"), bearer(admin)...)
		a.must(201, "POST", path, user("bo@"+slug+".example.org", "manager"), bearer(org.Manager)...)
		return org, path
	}
	t.Run("ListOK", func(t *testing.T) {
		one, users := listed(t, "list-ok")
		var out struct {
			Items []struct{ Email string } `json:"items"`
		}
		a.must(200, "GET", users, nil, bearer(one.Manager)...).JSON(t, &out)
		if len(out.Items) != 4 { // manager, organiser, ana, bo
			t.Fatalf("want 4 users, got %+v", out.Items)
		}
	})
	t.Run("ListPaginationOK", func(t *testing.T) {
		one, users := listed(t, "list-pages")
		var all struct {
			Items []struct{ Email string } `json:"items"`
		}
		a.must(200, "GET", users, nil, bearer(admin)...).JSON(t, &all)
		var want, seen []string
		for _, u := range all.Items {
			want = append(want, u.Email)
		}
		path := users + "?limit=3"
		for pages := 1; ; pages++ {
			if pages > 3 {
				t.Fatal("the cursor does not end")
			}
			var page struct {
				Items      []struct{ Email string } `json:"items"`
				NextCursor *string                  `json:"next_cursor"`
			}
			a.must(200, "GET", path, nil, bearer(one.Manager)...).JSON(t, &page)
			if len(page.Items) > 3 {
				t.Fatalf("page %d has %d items, limit 3", pages, len(page.Items))
			}
			for _, u := range page.Items {
				seen = append(seen, u.Email)
			}
			if page.NextCursor == nil {
				if pages != 2 {
					t.Fatalf("%d pages, want 2", pages)
				}
				break
			}
			path = users + "?limit=3&cursor=" + *page.NextCursor
		}
		if len(want) != 4 || strings.Join(seen, ",") != strings.Join(want, ",") {
			t.Fatalf("pages gave %v, want %v", seen, want)
		}
	})
	t.Run("ListErrBadPaging", func(t *testing.T) {
		wantError(t, a.do("GET", users+"?limit=0", nil, bearer(admin)...), 400, "bad_request")
		wantError(t, a.do("GET", users+"?limit=x", nil, bearer(admin)...), 400, "bad_request")
		wantError(t, a.do("GET", users+"?cursor=%%%", nil, bearer(admin)...), 400, "bad_request")
		wantError(t, a.do("GET", users+"?cursor=YR9i", nil, bearer(admin)...), 400, "bad_request") // two parts
	})
	t.Run("ListErrOtherManager", func(t *testing.T) {
		wantError(t, a.do("GET", users, nil, bearer(two.Manager)...), 403, "forbidden")
	})
}
