package sqlite_test

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/store"
	"github.com/agora-events/agora/store/sqlite"
)

// reportFixture is two organisations' activities, in and out of the
// window [from, to], with signups in every status.
type reportFixture struct {
	st       *sqlite.Store
	org      string
	from, to time.Time
	lunchA   *models.Activity
}

func newReportFixture(t *testing.T) *reportFixture {
	t.Helper()
	ctx := context.Background()
	st := regStore(t)
	o, other := regOrg(t, st, "o"), regOrg(t, st, "other")
	from, to := regT0, regT0.Add(48*time.Hour)

	a := regActivity(t, st, o.ID, models.KindLunch, models.StatusPublished, from) // starts at from: inside
	regSignup(t, st, a, 2, models.SignupConfirmed)
	regSignup(t, st, a, 3, models.SignupWaitlisted)
	c := regSignup(t, st, a, 2, models.SignupConfirmed)
	if ok, err := st.CancelSignup(ctx, c.ID, "attendee", regT0); err != nil || !ok {
		t.Fatalf("cancel: %v %v", ok, err)
	}
	regSignup(t, st, a, 4, models.SignupAttended)
	regSignup(t, st, a, 1, models.SignupAttended)
	regSignup(t, st, a, 3, models.SignupNoShow)
	regSignup(t, st, a, 5, models.SignupPending)
	gone := regSignup(t, st, a, 4, models.SignupPending)
	if err := st.DeletePendingSignup(ctx, gone.ID); err != nil {
		t.Fatal(err)
	}

	regActivity(t, st, o.ID, models.KindLunch, models.StatusPublished, from.Add(time.Hour)) // no signups
	w := regActivity(t, st, o.ID, models.KindWorkshop, models.StatusPublished, to)          // starts at to: inside
	regSignup(t, st, w, 2, models.SignupAttended)

	draft := regActivity(t, st, o.ID, models.KindLunch, models.StatusDraft, from.Add(time.Hour))
	regSignup(t, st, draft, 1, models.SignupConfirmed)
	cancelled := regActivity(t, st, o.ID, models.KindWorkshop, models.StatusCancelled, from.Add(time.Hour))
	regSignup(t, st, cancelled, 1, models.SignupAttended)
	before := regActivity(t, st, o.ID, models.KindLunch, models.StatusPublished, from.Add(-time.Millisecond))
	regSignup(t, st, before, 1, models.SignupConfirmed)
	after := regActivity(t, st, o.ID, models.KindLunch, models.StatusPublished, to.Add(time.Millisecond))
	regSignup(t, st, after, 1, models.SignupNoShow)

	g := regActivity(t, st, other.ID, models.KindConference, models.StatusPublished, from.Add(time.Hour))
	regSignup(t, st, g, 1, models.SignupConfirmed)
	return &reportFixture{st: st, org: o.ID, from: from, to: to, lunchA: a}
}

func TestAttendanceByKind(t *testing.T) {
	ctx := context.Background()
	lunch := store.KindFigures{Activities: 2, Signups: 6, People: 10, Attended: 5, NoShow: 3}
	workshop := store.KindFigures{Activities: 1, Signups: 1, People: 2, Attended: 2}
	conference := store.KindFigures{Activities: 1, Signups: 1, People: 1}

	check := func(t *testing.T, st *sqlite.Store, q store.ReportQuery, want map[string]store.KindFigures) {
		t.Helper()
		rows, err := st.AttendanceByActivity(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		got := store.SumByKind(rows)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("got %+v, want %+v", got, want)
		}
	}

	t.Run("OrganisationInWindow", func(t *testing.T) {
		f := newReportFixture(t)
		check(t, f.st, store.ReportQuery{OrganisationID: f.org, From: &f.from, To: &f.to},
			map[string]store.KindFigures{models.KindLunch: lunch, models.KindWorkshop: workshop})
	})

	t.Run("OrganisationUnbounded", func(t *testing.T) {
		f := newReportFixture(t)
		wide := store.KindFigures{Activities: 4, Signups: 8, People: 12, Attended: 5, NoShow: 4}
		check(t, f.st, store.ReportQuery{OrganisationID: f.org},
			map[string]store.KindFigures{models.KindLunch: wide, models.KindWorkshop: workshop})
	})

	t.Run("OneSidedWindow", func(t *testing.T) {
		f := newReportFixture(t)
		fromOnly := store.KindFigures{Activities: 3, Signups: 7, People: 11, Attended: 5, NoShow: 4}
		check(t, f.st, store.ReportQuery{OrganisationID: f.org, From: &f.from},
			map[string]store.KindFigures{models.KindLunch: fromOnly, models.KindWorkshop: workshop})
	})

	t.Run("EveryOrganisationInWindow", func(t *testing.T) {
		f := newReportFixture(t)
		check(t, f.st, store.ReportQuery{From: &f.from, To: &f.to}, map[string]store.KindFigures{
			models.KindLunch: lunch, models.KindWorkshop: workshop, models.KindConference: conference})
	})

	t.Run("Nothing", func(t *testing.T) {
		st := regStore(t)
		check(t, st, store.ReportQuery{}, map[string]store.KindFigures{})
	})

	t.Run("SurvivesErasure", func(t *testing.T) {
		f := newReportFixture(t)
		signups, err := f.st.UnerasedSignups(ctx, f.lunchA.ID, "", 100)
		if err != nil {
			t.Fatal(err)
		}
		erased := 0
		for _, su := range signups {
			ok, err := f.st.EraseSignup(ctx, su.ID, regT0.Add(72*time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			if ok {
				erased++
			}
		}
		if erased != 6 {
			t.Fatalf("erased %d signups, want the 6 decided ones", erased)
		}
		check(t, f.st, store.ReportQuery{OrganisationID: f.org, From: &f.from, To: &f.to},
			map[string]store.KindFigures{models.KindLunch: lunch, models.KindWorkshop: workshop})
	})

	// The report reads activities by index and the counters by primary
	// key; the signups table is never read, so the cost does not grow
	// with signups.
	t.Run("QueryPlan", func(t *testing.T) {
		st := regStore(t)
		from, to := regT0, regT0.Add(time.Hour)
		for _, c := range []struct {
			name  string
			q     store.ReportQuery
			index string
		}{
			{"All", store.ReportQuery{}, "activities_by_start (status=?)"},
			{"Window", store.ReportQuery{From: &from, To: &to}, "activities_by_start (status=? AND starts_at>? AND starts_at<?)"},
			{"Organisation", store.ReportQuery{OrganisationID: "o"}, "activities_by_organisation (organisation_id=?)"},
			{"OrganisationWindow", store.ReportQuery{OrganisationID: "o", From: &from, To: &to},
				"activities_by_organisation (organisation_id=? AND starts_at>? AND starts_at<?)"},
		} {
			query, vals := sqlite.AttendanceSQL(c.q)
			plan, err := sqlite.QueryPlan(ctx, st, query, vals...)
			if err != nil {
				t.Fatal(err)
			}
			text := strings.Join(plan, "\n")
			if !strings.Contains(text, "SEARCH a USING INDEX "+c.index) ||
				!strings.Contains(text, "SEARCH c USING PRIMARY KEY (activity_id=?)") ||
				strings.Contains(text, "SCAN") || strings.Contains(text, "signups ") {
				t.Errorf("%s: plan\n%s", c.name, text)
			}
			// Unique people read the window's signups only, by activity.
			query, vals = sqlite.UniquePeopleSQL(c.q)
			if plan, err = sqlite.QueryPlan(ctx, st, query, vals...); err != nil {
				t.Fatal(err)
			}
			text = strings.Join(plan, "\n")
			if !strings.Contains(text, "INDEX "+c.index) ||
				!strings.Contains(text, "SEARCH s USING INDEX signups_by_activity (activity_id=?)") || strings.Contains(text, "SCAN") {
				t.Errorf("%s: unique people's plan\n%s", c.name, text)
			}
		}
	})
}
