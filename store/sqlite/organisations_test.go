package sqlite_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/agora-events/agora/models"
)

func TestOrganisations(t *testing.T) {
	ctx := context.Background()

	t.Run("RoundTrip", func(t *testing.T) {
		st := regStore(t)
		o := regOrg(t, st, "riga-library")
		byID, err := st.OrganisationByID(ctx, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(byID, o) {
			t.Fatalf("by id: got %+v, want %+v", byID, o)
		}
		bySlug, err := st.OrganisationBySlug(ctx, "riga-library")
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(bySlug, o) {
			t.Fatalf("by slug: got %+v, want %+v", bySlug, o)
		}
	})

	t.Run("Unknown", func(t *testing.T) {
		st := regStore(t)
		_, err := st.OrganisationByID(ctx, "nope")
		wantCode(t, err, models.ErrNotFound)
		_, err = st.OrganisationBySlug(ctx, "nope")
		wantCode(t, err, models.ErrNotFound)
	})

	t.Run("TakenSlugOrID", func(t *testing.T) {
		st := regStore(t)
		o := regOrg(t, st, "taken")
		err := st.InsertOrganisation(ctx, &models.Organisation{ID: models.NewID(), Slug: "taken", Name: "Other", CreatedAt: regT0})
		wantCode(t, err, models.ErrConflict)
		err = st.InsertOrganisation(ctx, &models.Organisation{ID: o.ID, Slug: "free", Name: "Other", CreatedAt: regT0})
		wantCode(t, err, models.ErrConflict)
		if n, err := st.CountOrganisations(ctx); err != nil || n != 1 {
			t.Fatalf("count: %d %v", n, err)
		}
	})

	t.Run("ListAndCount", func(t *testing.T) {
		st := regStore(t)
		for _, slug := range []string{"c", "a", "e", "b", "d"} {
			regOrg(t, st, slug)
		}
		if n, err := st.CountOrganisations(ctx); err != nil || n != 5 {
			t.Fatalf("count: %d %v", n, err)
		}
		var got []string
		after := ""
		for {
			page, err := st.ListOrganisations(ctx, after, 2)
			if err != nil {
				t.Fatal(err)
			}
			for _, o := range page {
				got = append(got, o.Slug)
			}
			if len(page) < 2 {
				break
			}
			after = page[len(page)-1].Slug
		}
		if want := []string{"a", "b", "c", "d", "e"}; !reflect.DeepEqual(got, want) {
			t.Fatalf("pages: got %v, want %v", got, want)
		}
		all, err := st.ListOrganisations(ctx, "", 0)
		if err != nil || len(all) != 5 {
			t.Fatalf("limit 0 lists all: %d %v", len(all), err)
		}
	})

	t.Run("ListEmpty", func(t *testing.T) {
		st := regStore(t)
		page, err := st.ListOrganisations(ctx, "", 10)
		if err != nil || page == nil || len(page) != 0 {
			t.Fatalf("got %#v %v, want an empty list", page, err)
		}
	})
}
