package storetest

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/store"
)

func (s *suite) reports(t *testing.T) {
	// reportFixture: organisation A has two published lunches (days 1 and
	// 5), a published workshop without signups (day 3), a draft and a
	// cancelled lunch (never counted); organisation B one published lunch
	// (day 2). Each lunch has signups in every status.
	type reported struct {
		f                 *fixture
		orgA, orgB        string
		day               func(d int) time.Time
		lunch1, lunch5    *models.Activity
		workshop, lunchB2 *models.Activity
		signups           []*models.Signup
	}
	setup := func(t *testing.T) *reported {
		t.Helper()
		f := s.fixture(t)
		r := &reported{f: f, orgA: f.org().ID, orgB: f.org().ID}
		r.day = func(d int) time.Time { return f.now.Add(time.Duration(d) * 24 * time.Hour) }
		at := func(d int, kind, status string) func(a *models.Activity) {
			return func(a *models.Activity) {
				a.StartsAt, a.EndsAt, a.Kind, a.Status = r.day(d), r.day(d).Add(time.Hour), kind, status
			}
		}
		r.lunch1 = f.activity(r.orgA, at(1, models.KindLunch, models.StatusPublished))
		r.lunch5 = f.activity(r.orgA, at(5, models.KindLunch, models.StatusPublished))
		r.workshop = f.activity(r.orgA, at(3, models.KindWorkshop, models.StatusPublished))
		draft := f.activity(r.orgA, at(2, models.KindLunch, models.StatusDraft))
		cancelled := f.activity(r.orgA, at(2, models.KindLunch, models.StatusPublished))
		r.lunchB2 = f.activity(r.orgB, at(2, models.KindLunch, models.StatusPublished))
		// party sizes by status: confirmed 2, waitlisted 3, cancelled 4,
		// attended 1+2, no_show 3, pending 5 (never counted)
		for _, a := range []*models.Activity{r.lunch1, r.lunch5, draft, cancelled, r.lunchB2} {
			for i, st := range []struct {
				status string
				party  int
			}{{models.SignupConfirmed, 2}, {models.SignupWaitlisted, 3}, {models.SignupCancelled, 4},
				{models.SignupAttended, 1}, {models.SignupAttended, 2}, {models.SignupNoShow, 3}, {models.SignupPending, 5}} {
				r.signups = append(r.signups, f.decided(a, fmt.Sprintf("%s-%d@example.org", st.status, i), st.party, st.status, nil))
			}
		}
		wantTrue(t, "cancel")(f.st.SetActivityStatus(f.ctx, cancelled.ID, []string{models.StatusPublished}, models.StatusCancelled, nil, f.now))
		return r
	}
	// One lunch's figures: 6 signups (all but pending), people 2+1+2+3,
	// attended 1+2, no-show 3.
	lunch := store.KindFigures{Activities: 1, Signups: 6, People: 8, Attended: 3, NoShow: 3}
	times := func(k store.KindFigures, n int) store.KindFigures {
		return store.KindFigures{Activities: k.Activities * n, Signups: k.Signups * n, People: k.People * n,
			Attended: k.Attended * n, NoShow: k.NoShow * n}
	}
	workshop := store.KindFigures{Activities: 1}
	report := func(t *testing.T, r *reported, q store.ReportQuery) map[string]store.KindFigures {
		t.Helper()
		rows, err := r.f.st.AttendanceByActivity(r.f.ctx, q)
		must(t, err, "attendance")
		got := store.SumByKind(rows)
		// A kind without activities may be absent or all zero.
		if got == nil {
			got = map[string]store.KindFigures{}
		}
		for k, v := range got {
			if v == (store.KindFigures{}) {
				delete(got, k)
			}
		}
		return got
	}
	want := func(t *testing.T, got, want map[string]store.KindFigures, what string) {
		t.Helper()
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s:\n got  %+v\n want %+v", what, got, want)
		}
	}
	t.Run("AttendanceByActivity/OKOneRowPerActivity", func(t *testing.T) {
		r := setup(t)
		rows, err := r.f.st.AttendanceByActivity(r.f.ctx, store.ReportQuery{OrganisationID: r.orgA})
		must(t, err, "attendance")
		byID := map[string]store.ActivityFigures{}
		for _, row := range rows {
			byID[row.ID] = row
		}
		if len(rows) != 3 || len(byID) != 3 {
			t.Fatalf("rows %+v, want one per published activity of A", rows)
		}
		for _, c := range []struct {
			a       *models.Activity
			figures store.KindFigures
		}{{r.lunch1, lunch}, {r.lunch5, lunch}, {r.workshop, workshop}} {
			got := byID[c.a.ID]
			if got.Kind != c.a.Kind || got.Timezone != c.a.Timezone || !got.StartsAt.Equal(c.a.StartsAt) ||
				got.KindFigures != c.figures {
				t.Errorf("activity %s: got %+v, want kind %s, zone %s, start %v, %+v", c.a.ID, got, c.a.Kind,
					c.a.Timezone, c.a.StartsAt, c.figures)
			}
		}
	})
	// Every lunch has the same four seat-holding addresses (confirmed-0,
	// attended-3, attended-4, no_show-5): four people however many lunches.
	unique := func(t *testing.T, r *reported, q store.ReportQuery) int {
		t.Helper()
		n, err := r.f.st.UniquePeople(r.f.ctx, q)
		must(t, err, "unique people")
		return n
	}
	t.Run("UniquePeople/OKCountsEachPersonOnce", func(t *testing.T) {
		r := setup(t)
		if n := unique(t, r, store.ReportQuery{}); n != 4 {
			t.Errorf("every organisation: %d people, want 4", n)
		}
		// A new person at lunch 5 (seated) and one without an email (no key).
		r.f.decided(r.lunch5, "new@example.org", 1, models.SignupConfirmed, nil)
		r.f.decided(r.lunch5, "walkin@example.org", 1, models.SignupAttended, func(su *models.Signup) { su.PersonKey = "" })
		r.f.decided(r.lunch5, "waiting@example.org", 1, models.SignupWaitlisted, nil)
		if n := unique(t, r, store.ReportQuery{OrganisationID: r.orgA}); n != 5 {
			t.Errorf("A: %d people, want 5", n)
		}
		if n := unique(t, r, store.ReportQuery{OrganisationID: r.orgA, To: ptr(r.day(1))}); n != 4 {
			t.Errorf("A until day 1: %d people, want 4", n)
		}
		if n := unique(t, r, store.ReportQuery{OrganisationID: r.orgB}); n != 4 {
			t.Errorf("B: %d people, want 4", n)
		}
		if n := unique(t, r, store.ReportQuery{From: ptr(r.day(6))}); n != 0 {
			t.Errorf("after everything: %d people, want 0", n)
		}
	})
	t.Run("UniquePeople/OKSurvivesErasure", func(t *testing.T) {
		r := setup(t)
		for _, su := range r.signups {
			if su.Status != models.SignupPending {
				wantTrue(t, "erase")(r.f.st.EraseSignup(r.f.ctx, su.ID, r.f.now))
			}
		}
		if n := unique(t, r, store.ReportQuery{}); n != 4 {
			t.Errorf("after erasure: %d people, want 4", n)
		}
	})
	t.Run("AttendanceByKind/OKEveryOrganisation", func(t *testing.T) {
		r := setup(t)
		want(t, report(t, r, store.ReportQuery{}),
			map[string]store.KindFigures{models.KindLunch: times(lunch, 3), models.KindWorkshop: workshop}, "all")
	})
	t.Run("AttendanceByKind/OKOneOrganisation", func(t *testing.T) {
		r := setup(t)
		want(t, report(t, r, store.ReportQuery{OrganisationID: r.orgA}),
			map[string]store.KindFigures{models.KindLunch: times(lunch, 2), models.KindWorkshop: workshop}, "A")
		want(t, report(t, r, store.ReportQuery{OrganisationID: r.orgB}),
			map[string]store.KindFigures{models.KindLunch: lunch}, "B")
	})
	t.Run("AttendanceByKind/OKWindowInclusive", func(t *testing.T) {
		r := setup(t)
		from, to := r.day(2), r.day(5)
		want(t, report(t, r, store.ReportQuery{From: &from, To: &to}),
			map[string]store.KindFigures{models.KindLunch: times(lunch, 2), models.KindWorkshop: workshop}, "days 2 to 5")
		to = r.day(3)
		want(t, report(t, r, store.ReportQuery{OrganisationID: r.orgA, To: &to}),
			map[string]store.KindFigures{models.KindLunch: lunch, models.KindWorkshop: workshop}, "A until day 3")
		from = r.day(6)
		want(t, report(t, r, store.ReportQuery{From: &from}), map[string]store.KindFigures{}, "after everything")
	})
	t.Run("AttendanceByKind/OKSurvivesErasure", func(t *testing.T) {
		r := setup(t)
		before := report(t, r, store.ReportQuery{})
		for _, su := range r.signups {
			if su.Status != models.SignupPending {
				wantTrue(t, "erase")(r.f.st.EraseSignup(r.f.ctx, su.ID, r.f.now))
			}
		}
		want(t, report(t, r, store.ReportQuery{}), before, "after erasure")
		want(t, before, map[string]store.KindFigures{models.KindLunch: times(lunch, 3), models.KindWorkshop: workshop}, "before erasure")
	})
	t.Run("AttendanceByKind/OKFollowsStatusChanges", func(t *testing.T) {
		r := setup(t)
		// Check in the confirmed signup of lunch 1 as a no-show, cancel its
		// waitlisted one, drop its pending one.
		for _, su := range r.signups {
			if su.ActivityID != r.lunch1.ID {
				continue
			}
			switch su.Status {
			case models.SignupConfirmed:
				wantTrue(t, "no-show")(r.f.st.SetSignupStatus(r.f.ctx, su.ID, []string{models.SignupConfirmed}, models.SignupNoShow, r.f.now))
			case models.SignupWaitlisted:
				wantTrue(t, "cancel")(r.f.st.CancelSignup(r.f.ctx, su.ID, models.CancelledByStaff, r.f.now))
			case models.SignupPending:
				must(t, r.f.st.DeletePendingSignup(r.f.ctx, su.ID), "delete pending")
			}
		}
		changed := lunch
		changed.NoShow += 2 // the confirmed pair; people unchanged, signups unchanged
		want(t, report(t, r, store.ReportQuery{OrganisationID: r.orgA, To: ptr(r.day(1))}),
			map[string]store.KindFigures{models.KindLunch: changed}, "lunch 1 after changes")
	})
}

func ptr[T any](v T) *T { return &v }
