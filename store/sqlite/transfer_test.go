package sqlite_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/store/sqlite/sqlitetest"
	"github.com/agora-events/agora/store/transfer"
)

// TestImportChecksReferences: an import whose records do not hold
// together is refused whole, naming what is wrong, and writes nothing.
func TestImportChecksReferences(t *testing.T) {
	ctx := context.Background()
	now := time.Now().UTC().Truncate(time.Millisecond)
	org := &models.Organisation{ID: "o1", Name: "Library", Slug: "library", Country: "PL", Timezone: "Europe/Warsaw",
		DefaultLanguage: "pl", CreatedAt: now}
	activity := func(id string, holders ...models.SeatHolder) *transfer.Activity {
		return &transfer.Activity{Activity: models.Activity{ID: id, OrganisationID: "o1", Kind: models.KindOther,
			Title: models.Text{"en": "A"}, StartsAt: now.Add(time.Hour), EndsAt: now.Add(2 * time.Hour),
			Timezone: "UTC", Capacity: 10, MaxPartySize: 2, Status: models.StatusPublished, SeatHolders: holders,
			CreatedAt: now, UpdatedAt: now}}
	}
	signup := func(id, activityID string) *models.Signup {
		return &models.Signup{ID: id, ActivityID: activityID, OrganisationID: "o1", Name: "N", Email: id + "@example.org",
			PartySize: 1, Language: "en", Status: models.SignupConfirmed, ActiveKey: activityID + "|" + id,
			ManageTokenHash: "h" + id, ConsentAt: now, CreatedAt: now, UpdatedAt: now}
	}
	for _, c := range []struct {
		name, want string
		load       func(s transfer.Sink) error
	}{
		{"ErrMissingSignup", "places s1 refers to a missing row of signups", func(s transfer.Sink) error {
			return s.Activity(activity("a1", models.SeatHolder{SignupID: "s1", Party: 1}))
		}},
		{"ErrMissingActivity", "signups s1 refers to a missing row of activities", func(s transfer.Sink) error {
			return s.Signup(signup("s1", "a1"))
		}},
		{"ErrSignupOfAnotherActivity", "activity a2 lists signup s1, which belongs to another activity", func(s transfer.Sink) error {
			if err := s.Activity(activity("a1")); err != nil {
				return err
			}
			if err := s.Activity(activity("a2", models.SeatHolder{SignupID: "s1", Party: 1})); err != nil {
				return err
			}
			return s.Signup(signup("s1", "a1"))
		}},
		{"ErrListedTwice", "activity a1 lists signup s1 twice", func(s transfer.Sink) error {
			a := activity("a1", models.SeatHolder{SignupID: "s1", Party: 1})
			a.WaitingList = []models.SeatHolder{{SignupID: "s1", Party: 1}}
			return s.Activity(a)
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			st := sqlitetest.New(t)
			err := st.Import(ctx, func(s transfer.Sink) error {
				if err := s.Organisation(org); err != nil {
					return err
				}
				return c.load(s)
			})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want an error saying %q", err, c.want)
			}
			if n, err := st.CountOrganisations(ctx); n != 0 || err != nil {
				t.Fatalf("a refused import left %d organisations (%v)", n, err)
			}
		})
	}

	t.Run("OK", func(t *testing.T) {
		st := sqlitetest.New(t)
		err := st.Import(ctx, func(s transfer.Sink) error {
			for _, step := range []func() error{
				func() error { return s.Organisation(org) },
				func() error {
					a := activity("a1", models.SeatHolder{SignupID: "s1", Party: 1})
					a.WaitingList = []models.SeatHolder{{SignupID: "s3", Party: 1}, {SignupID: "s2", Party: 1}}
					return s.Activity(a)
				},
				func() error { return s.Signup(signup("s1", "a1")) },
				func() error { return s.Signup(signup("s2", "a1")) },
				func() error { return s.Signup(signup("s3", "a1")) },
			} {
				if err := step(); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		a, err := st.ActivityByID(ctx, "a1")
		if err != nil {
			t.Fatal(err)
		}
		if a.SeatsTaken != 1 || a.WaitlistCount != 2 || a.WaitingPosition("s3") != 1 || a.WaitingPosition("s2") != 2 {
			t.Fatalf("seats %d, waiting %+v (count %d)", a.SeatsTaken, a.WaitingList, a.WaitlistCount)
		}
		if err := st.Import(ctx, func(transfer.Sink) error { return nil }); err == nil ||
			!strings.Contains(err.Error(), transfer.ErrNotEmpty.Error()) {
			t.Fatalf("a second import: got %v, want %v", err, transfer.ErrNotEmpty)
		}
	})
}
