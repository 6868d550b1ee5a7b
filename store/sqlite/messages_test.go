package sqlite_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/agora-events/agora/models"
)

func regMessage(t *testing.T, st interface {
	InsertMessage(context.Context, *models.Message) error
}, id, activityID, status string, created time.Time) *models.Message {
	t.Helper()
	m := &models.Message{ID: id, OrganisationID: "org", ActivityID: activityID,
		Subject: models.Text{"en": "Room change", "lv": "Telpas maiņa"}, Body: models.Text{"en": "B", "lv": "Ķ"},
		Languages: []string{"en", "lv"}, Format: "text", Audience: []string{models.SignupConfirmed, models.SignupWaitlisted},
		Recipients: 0, Status: status, CreatedBy: "user-1", CreatedAt: created}
	if err := st.InsertMessage(context.Background(), m); err != nil {
		t.Fatalf("insert message: %v", err)
	}
	return m
}

func TestMessages(t *testing.T) {
	ctx := context.Background()

	t.Run("RoundTrip", func(t *testing.T) {
		st := regStore(t)
		m := regMessage(t, st, "m1", "a1", models.MessageQueuing, regT0)
		got, err := st.MessageByID(ctx, "m1")
		if err != nil || !reflect.DeepEqual(got, m) {
			t.Fatalf("got %+v %v, want %+v", got, err, m)
		}
		wantCode(t, st.InsertMessage(ctx, m), models.ErrConflict)
		_, err = st.MessageByID(ctx, "nope")
		wantCode(t, err, models.ErrNotFound)
	})

	t.Run("NilListsStayNil", func(t *testing.T) {
		st := regStore(t)
		m := &models.Message{ID: "m", ActivityID: "a", Status: models.MessageQueuing, CreatedAt: regT0}
		if err := st.InsertMessage(ctx, m); err != nil {
			t.Fatal(err)
		}
		got, err := st.MessageByID(ctx, "m")
		if err != nil || !reflect.DeepEqual(got, m) {
			t.Fatalf("got %#v %v, want %#v", got, err, m)
		}
	})

	t.Run("SetQueued", func(t *testing.T) {
		st := regStore(t)
		regMessage(t, st, "m1", "a1", models.MessageQueuing, regT0)
		if err := st.SetMessageQueued(ctx, "m1", 42); err != nil {
			t.Fatal(err)
		}
		got, err := st.MessageByID(ctx, "m1")
		if err != nil || got.Status != models.MessageQueued || got.Recipients != 42 {
			t.Fatalf("got %+v %v", got, err)
		}
		if err := st.SetMessageQueued(ctx, "nope", 1); err != nil {
			t.Fatalf("unknown message: %v", err)
		}
	})

	t.Run("Queuing", func(t *testing.T) {
		st := regStore(t)
		regMessage(t, st, "old", "a1", models.MessageQueuing, regT0.Add(-2*time.Minute))
		regMessage(t, st, "older", "a2", models.MessageQueuing, regT0.Add(-3*time.Minute))
		regMessage(t, st, "done", "a1", models.MessageQueued, regT0.Add(-time.Hour))
		regMessage(t, st, "now", "a1", models.MessageQueuing, regT0)
		regMessage(t, st, "fresh", "a1", models.MessageQueuing, regT0.Add(time.Second))
		got, err := st.MessagesQueuing(ctx, regT0)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, m := range got {
			ids = append(ids, m.ID)
		}
		if want := []string{"older", "old"}; !reflect.DeepEqual(ids, want) {
			t.Fatalf("got %v, want %v", ids, want)
		}
	})

	t.Run("QueuingAtMost100", func(t *testing.T) {
		st := regStore(t)
		for i := range 105 {
			regMessage(t, st, fmt.Sprintf("m%03d", i), "a", models.MessageQueuing, regT0.Add(time.Duration(i)*time.Millisecond))
		}
		got, err := st.MessagesQueuing(ctx, regT0.Add(time.Hour))
		if err != nil || len(got) != 100 || got[0].ID != "m000" {
			t.Fatalf("got %d %v", len(got), err)
		}
	})

	t.Run("OfActivityNewestFirst", func(t *testing.T) {
		st := regStore(t)
		regMessage(t, st, "m1", "a1", models.MessageQueued, regT0)
		regMessage(t, st, "m3", "a1", models.MessageQueued, regT0.Add(time.Minute))
		regMessage(t, st, "m2", "a1", models.MessageQueued, regT0.Add(time.Minute))
		regMessage(t, st, "m4", "a1", models.MessageQueuing, regT0.Add(-time.Minute))
		regMessage(t, st, "x", "a2", models.MessageQueued, regT0.Add(time.Hour))
		got, err := st.MessagesOfActivity(ctx, "a1", 3)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, m := range got {
			ids = append(ids, m.ID)
		}
		if want := []string{"m3", "m2", "m1"}; !reflect.DeepEqual(ids, want) {
			t.Fatalf("got %v, want %v", ids, want)
		}
		none, err := st.MessagesOfActivity(ctx, "a3", 10)
		if err != nil || none == nil || len(none) != 0 {
			t.Fatalf("none: %#v %v", none, err)
		}
	})
}
