package sqlite_test

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/store/sqlite"
)

func TestActivitiesToErase(t *testing.T) {
	ctx := context.Background()

	t.Run("EndedFirstFirstWithOnlyWhatErasureNeeds", func(t *testing.T) {
		st := regStore(t)
		o := regOrg(t, st, "o")
		// Activities last an hour: ends = starts + 1h.
		late := regActivity(t, st, o.ID, models.KindLunch, models.StatusPublished, regT0.Add(-2*time.Hour))
		early := regActivity(t, st, o.ID, models.KindLunch, models.StatusCancelled, regT0.Add(-5*time.Hour))
		regActivity(t, st, o.ID, models.KindLunch, models.StatusPublished, regT0.Add(-time.Hour)) // ends at regT0: not before
		regActivity(t, st, o.ID, models.KindLunch, models.StatusPublished, regT0)                 // not ended
		got, err := st.ActivitiesToErase(ctx, regT0, 10)
		if err != nil {
			t.Fatal(err)
		}
		want := []models.Activity{
			{ID: early.ID, OrganisationID: o.ID, EndsAt: early.EndsAt},
			{ID: late.ID, OrganisationID: o.ID, EndsAt: late.EndsAt},
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("got %+v, want %+v", got, want)
		}
	})

	t.Run("LimitAndMark", func(t *testing.T) {
		st := regStore(t)
		o := regOrg(t, st, "o")
		var ids []string
		for i := range 5 {
			ids = append(ids, regActivity(t, st, o.ID, models.KindLunch, models.StatusPublished,
				regT0.Add(-time.Duration(10-i)*time.Hour)).ID)
		}
		first, err := st.ActivitiesToErase(ctx, regT0, 2)
		if err != nil || len(first) != 2 || first[0].ID != ids[0] || first[1].ID != ids[1] {
			t.Fatalf("first: %+v %v", first, err)
		}
		for _, a := range first {
			if err := st.MarkPersonalDataErased(ctx, a.ID, regT0); err != nil {
				t.Fatal(err)
			}
		}
		rest, err := st.ActivitiesToErase(ctx, regT0, 10)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, a := range rest {
			got = append(got, a.ID)
		}
		if !reflect.DeepEqual(got, ids[2:]) {
			t.Fatalf("after marking: got %v, want %v", got, ids[2:])
		}
	})

	t.Run("SameEndInIDOrder", func(t *testing.T) {
		st := regStore(t)
		o := regOrg(t, st, "o")
		var ids []string
		for range 4 {
			ids = append(ids, regActivity(t, st, o.ID, models.KindLunch, models.StatusPublished, regT0.Add(-3*time.Hour)).ID)
		}
		slices.Sort(ids)
		got, err := st.ActivitiesToErase(ctx, regT0, 3)
		if err != nil || len(got) != 3 {
			t.Fatalf("%+v %v", got, err)
		}
		for i := range got {
			if got[i].ID != ids[i] {
				t.Fatalf("position %d: %s, want %s", i, got[i].ID, ids[i])
			}
		}
	})

	t.Run("QueryPlan", func(t *testing.T) {
		st := regStore(t)
		plan, err := sqlite.QueryPlan(ctx, st, `SELECT id, organisation_id, ends_at FROM activities
			WHERE personal_data_erased_at IS NULL AND ends_at < ? ORDER BY ends_at, id LIMIT ?`, 1, 10)
		if err != nil {
			t.Fatal(err)
		}
		if text := strings.Join(plan, "\n"); !strings.Contains(text, "USING INDEX activities_to_erase (ends_at<?)") {
			t.Fatalf("plan:\n%s", text)
		}
	})
}

func TestUnerasedSignups(t *testing.T) {
	ctx := context.Background()

	t.Run("IDOrderAfterCursor", func(t *testing.T) {
		st := regStore(t)
		o := regOrg(t, st, "o")
		a := regActivity(t, st, o.ID, models.KindLunch, models.StatusPublished, regT0)
		other := regActivity(t, st, o.ID, models.KindLunch, models.StatusPublished, regT0)
		var want []models.Signup
		for i, status := range []string{models.SignupConfirmed, models.SignupPending, models.SignupCancelled,
			models.SignupAttended, models.SignupWaitlisted} {
			su := regSignup(t, st, a, 1, status)
			if i == 2 {
				if ok, err := st.EraseSignup(ctx, su.ID, regT0); err != nil || !ok {
					t.Fatalf("erase: %v %v", ok, err)
				}
				continue
			}
			want = append(want, models.Signup{ID: su.ID, ActivityID: a.ID, Status: status, CreatedAt: su.CreatedAt})
		}
		regSignup(t, st, other, 1, models.SignupConfirmed)
		slices.SortFunc(want, func(a, b models.Signup) int { return strings.Compare(a.ID, b.ID) })

		var got []models.Signup
		after := ""
		for {
			page, err := st.UnerasedSignups(ctx, a.ID, after, 2)
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, page...)
			if len(page) < 2 {
				break
			}
			after = page[len(page)-1].ID
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("got %+v, want %+v", got, want)
		}
	})

	t.Run("None", func(t *testing.T) {
		st := regStore(t)
		got, err := st.UnerasedSignups(ctx, "nope", "", 10)
		if err != nil || got == nil || len(got) != 0 {
			t.Fatalf("got %#v %v", got, err)
		}
	})
}
