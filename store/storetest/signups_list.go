package storetest

// The cases of ListSignups and EachSignupBatch: order, statuses and keyset paging.

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/store"
)

func (s *suite) listSignups(t *testing.T) {
	// listFixture stores signups of one activity in every status, several
	// sharing a creation time, and one of another activity.
	type listed struct {
		f   *fixture
		a   *models.Activity
		all []*models.Signup // decided, in (created_at, id) order
		by  map[string][]string
	}
	setup := func(t *testing.T) *listed {
		t.Helper()
		f := s.fixture(t)
		o := f.org()
		l := &listed{f: f, a: f.activity(o.ID, nil), by: map[string][]string{}}
		other := f.activity(o.ID, nil)
		statuses := []string{models.SignupConfirmed, models.SignupWaitlisted, models.SignupCancelled,
			models.SignupAttended, models.SignupNoShow}
		for i := range 17 {
			status := statuses[i%len(statuses)]
			created := f.now.Add(time.Duration(i/3) * time.Second) // threes share a time
			su := f.decided(l.a, fmt.Sprintf("s%02d@example.org", i), 1, status,
				func(su *models.Signup) { su.CreatedAt = created })
			l.all = append(l.all, su)
		}
		f.signup(l.a, "pending@example.org", 1, nil)
		f.decided(other, "elsewhere@example.org", 1, models.SignupConfirmed, nil)
		slices.SortFunc(l.all, func(x, y *models.Signup) int {
			if c := x.CreatedAt.Compare(y.CreatedAt); c != 0 {
				return c
			}
			return strings.Compare(x.ID, y.ID)
		})
		for _, su := range l.all {
			l.by[su.Status] = append(l.by[su.Status], su.ID)
			l.by[""] = append(l.by[""], su.ID)
		}
		return l
	}
	page := func(t *testing.T, l *listed, statuses []string, limit int) []string {
		t.Helper()
		var ids []string
		var after *store.SignupCursor
		for range 50 {
			got, err := l.f.st.ListSignups(l.f.ctx, l.a.ID, statuses, after, limit)
			must(t, err, "list signups")
			if len(got) > limit {
				t.Fatalf("page of %d, limit %d", len(got), limit)
			}
			ids = append(ids, signupIDs(got)...)
			if len(got) < limit {
				return ids
			}
			last := got[len(got)-1]
			after = &store.SignupCursor{CreatedAt: last.CreatedAt, ID: last.ID}
		}
		t.Fatal("paging never ends")
		return nil
	}
	t.Run("ListSignups/OKAllButPendingOldestFirst", func(t *testing.T) {
		l := setup(t)
		got, err := l.f.st.ListSignups(l.f.ctx, l.a.ID, nil, nil, 100)
		must(t, err, "list")
		wantIDs(t, signupIDs(got), l.by[""], "all decided signups")
		for i, g := range got {
			wantSignup(t, &g, l.all[i])
		}
	})
	t.Run("ListSignups/OKStatuses", func(t *testing.T) {
		l := setup(t)
		got, err := l.f.st.ListSignups(l.f.ctx, l.a.ID, []string{models.SignupWaitlisted, models.SignupAttended}, nil, 100)
		must(t, err, "list")
		var want []string
		for _, su := range l.all {
			if su.Status == models.SignupWaitlisted || su.Status == models.SignupAttended {
				want = append(want, su.ID)
			}
		}
		wantIDs(t, signupIDs(got), want, "waitlisted and attended")
		got, err = l.f.st.ListSignups(l.f.ctx, l.a.ID, []string{models.SignupPending}, nil, 100)
		must(t, err, "list pending")
		if len(got) != 1 || got[0].Email != "pending@example.org" {
			t.Fatalf("pending: %v", signupIDs(got))
		}
	})
	t.Run("ListSignups/OKKeysetPagingWithoutDuplicatesOrGaps", func(t *testing.T) {
		l := setup(t)
		for _, limit := range []int{1, 2, 3, 4, 5, 17, 18} {
			wantIDs(t, page(t, l, nil, limit), l.by[""], fmt.Sprintf("pages of %d", limit))
		}
		wantIDs(t, page(t, l, []string{models.SignupConfirmed}, 2), l.by[models.SignupConfirmed], "confirmed, pages of 2")
	})
	t.Run("EachSignupBatch/OKInOrderLeavingOutErased", func(t *testing.T) {
		l := setup(t)
		statuses := []string{models.SignupConfirmed, models.SignupWaitlisted, models.SignupAttended}
		var want []string
		erased := map[string]bool{}
		selected := 0
		for _, su := range l.all {
			if !slices.Contains(statuses, su.Status) {
				continue
			}
			if selected++; selected%3 == 2 {
				wantTrue(t, "erase")(l.f.st.EraseSignup(l.f.ctx, su.ID, l.f.now))
				erased[su.ID] = true
				continue
			}
			want = append(want, su.ID)
		}
		if len(erased) == 0 {
			t.Fatal("fixture erased nothing")
		}
		for _, size := range []int{1, 2, 3, 100} {
			var got []string
			must(t, l.f.st.EachSignupBatch(l.f.ctx, l.a.ID, statuses, size, func(batch []models.Signup) error {
				if len(batch) == 0 || len(batch) > size {
					t.Fatalf("batch of %d, size %d", len(batch), size)
				}
				for _, su := range batch {
					if su.Email == "" || su.ErasedAt != nil {
						t.Fatalf("erased signup %s in a batch", su.ID)
					}
					if !slices.Contains(statuses, su.Status) {
						t.Fatalf("signup %s is %s", su.ID, su.Status)
					}
				}
				got = append(got, signupIDs(batch)...)
				return nil
			}), "each")
			wantIDs(t, got, want, fmt.Sprintf("batches of %d", size))
		}
		err := l.f.st.EachSignupBatch(l.f.ctx, l.a.ID, statuses, 2, func([]models.Signup) error { return errBoom })
		if !errors.Is(err, errBoom) {
			t.Fatalf("fn's error: got %v", err)
		}
	})
}
