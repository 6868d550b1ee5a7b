package sqlite_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/store"
)

func TestAudit(t *testing.T) {
	ctx := context.Background()
	// entries: ids in the order newest first expects for org "o".
	insert := func(t *testing.T, st interface {
		InsertAudit(context.Context, *models.AuditEntry) error
	}) {
		t.Helper()
		for _, e := range []struct {
			id, org string
			at      time.Duration
		}{
			{"e1", "o", 0}, {"e2", "o", time.Minute}, {"e3", "o", time.Minute}, {"e4", "o", time.Minute},
			{"e5", "o", 2 * time.Minute}, {"p1", "", time.Minute}, {"q1", "q", 3 * time.Minute},
		} {
			err := st.InsertAudit(ctx, &models.AuditEntry{ID: e.id, OrganisationID: e.org, ActorID: "u", ActorEmail: "u@x.lv",
				ActorRole: string(models.RoleManager), Action: models.AuditActivityCreate, TargetType: "activity",
				TargetID: "a-" + e.id, Detail: "d", At: regT0.Add(e.at)})
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	ids := func(es []models.AuditEntry) []string {
		out := []string{}
		for _, e := range es {
			out = append(out, e.ID)
		}
		return out
	}
	pages := func(t *testing.T, st interface {
		ListAudit(context.Context, store.AuditFilter) ([]models.AuditEntry, error)
	}, org string, limit int) []string {
		t.Helper()
		var got []string
		f := store.AuditFilter{OrganisationID: org, Limit: limit}
		for {
			page, err := st.ListAudit(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, ids(page)...)
			if len(page) < limit {
				return got
			}
			last := page[len(page)-1]
			f.After = &store.AuditCursor{At: last.At, ID: last.ID}
		}
	}

	t.Run("RoundTrip", func(t *testing.T) {
		st := regStore(t)
		e := &models.AuditEntry{ID: "x", OrganisationID: "o", ActorID: "u", ActorEmail: "u@x.lv", ActorRole: "admin",
			Action: models.AuditActivityPublish, TargetType: "activity", TargetID: "a", Detail: "why", At: regT0}
		if err := st.InsertAudit(ctx, e); err != nil {
			t.Fatal(err)
		}
		got, err := st.ListAudit(ctx, store.AuditFilter{Limit: 10})
		if err != nil || len(got) != 1 || !reflect.DeepEqual(got[0], *e) {
			t.Fatalf("got %+v %v, want %+v", got, err, e)
		}
		wantCode(t, st.InsertAudit(ctx, e), models.ErrConflict)
	})

	t.Run("NewestFirstOfOrganisation", func(t *testing.T) {
		st := regStore(t)
		insert(t, st)
		want := []string{"e5", "e4", "e3", "e2", "e1"}
		for _, limit := range []int{1, 2, 3, 10} {
			if got := pages(t, st, "o", limit); !reflect.DeepEqual(got, want) {
				t.Fatalf("limit %d: got %v, want %v", limit, got, want)
			}
		}
	})

	t.Run("NewestFirstOfAll", func(t *testing.T) {
		st := regStore(t)
		insert(t, st)
		want := []string{"q1", "e5", "p1", "e4", "e3", "e2", "e1"}
		for _, limit := range []int{1, 2, 4, 10} {
			if got := pages(t, st, "", limit); !reflect.DeepEqual(got, want) {
				t.Fatalf("limit %d: got %v, want %v", limit, got, want)
			}
		}
	})

	t.Run("Empty", func(t *testing.T) {
		st := regStore(t)
		got, err := st.ListAudit(ctx, store.AuditFilter{OrganisationID: "o", Limit: 10})
		if err != nil || got == nil || len(got) != 0 {
			t.Fatalf("got %#v %v", got, err)
		}
	})
}
