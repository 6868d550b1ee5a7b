package storetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/agora-events/agora/models"
)

// newSeriesSignup returns, unstored, a pending series signup of seriesID
// as registration makes one.
func (f *fixture) newSeriesSignup(orgID, seriesID, email string) *models.SeriesSignup {
	id := models.NewID()
	return &models.SeriesSignup{ID: id, SeriesID: seriesID, OrganisationID: orgID, Name: "Ana " + email,
		Email: email, Phone: "+48 123 456 789", PartySize: 2, Language: "uk",
		Answers: map[string]any{"diet": "vegan"}, Status: models.SeriesSignupPending,
		ActiveKey: models.SeriesActiveKey(seriesID, email), ManageTokenHash: "hash-" + id,
		ConsentAt: f.now, CreatedAt: f.now, UpdatedAt: f.now}
}

// seriesSignup stores a new series signup (see newSeriesSignup).
func (f *fixture) seriesSignup(orgID, seriesID, email string) *models.SeriesSignup {
	f.t.Helper()
	ss := f.newSeriesSignup(orgID, seriesID, email)
	if err := f.st.InsertSeriesSignup(f.ctx, ss); err != nil {
		f.t.Fatalf("insert series signup %s: %v", email, err)
	}
	return ss
}

func (f *fixture) readSeriesSignup(id string) *models.SeriesSignup {
	f.t.Helper()
	ss, err := f.st.SeriesSignupByID(f.ctx, id)
	if err != nil {
		f.t.Fatalf("series signup %s: %v", id, err)
	}
	return ss
}

func wantSeriesSignup(t *testing.T, got, want *models.SeriesSignup) {
	t.Helper()
	if got.ID != want.ID || got.SeriesID != want.SeriesID || got.OrganisationID != want.OrganisationID ||
		got.Name != want.Name || got.Email != want.Email || got.Phone != want.Phone || got.PartySize != want.PartySize ||
		got.Language != want.Language || !reflect.DeepEqual(got.Answers, want.Answers) || got.Status != want.Status ||
		got.ActiveKey != want.ActiveKey || got.ManageTokenHash != want.ManageTokenHash {
		t.Fatalf("series signup\n got %+v\nwant %+v", got, want)
	}
	sameTime(t, got.CreatedAt, want.CreatedAt, "created_at")
	sameTime(t, got.ConsentAt, want.ConsentAt, "consent_at")
}

// series pins down the series records and series signups: one active
// series signup per email and series, lookups by token (its own and an
// email's), status moves, erasure, and the links from dates' signups.
func (s *suite) series(t *testing.T) {
	t.Run("SaveSeries/OKInsertsThenReplacesTheFlag", func(t *testing.T) {
		f := s.fixture(t)
		o := f.org()
		wantCode(t, errOf(f.st.SeriesByID(f.ctx, "series-1")), models.ErrNotFound, "unknown series")
		must(t, f.st.SaveSeries(f.ctx, &models.Series{ID: "series-1", OrganisationID: o.ID, SeriesSignup: true,
			CreatedAt: f.now, UpdatedAt: f.now}), "save")
		later := f.now.Add(time.Hour)
		must(t, f.st.SaveSeries(f.ctx, &models.Series{ID: "series-1", OrganisationID: "other", SeriesSignup: false,
			CreatedAt: later, UpdatedAt: later}), "save again")
		got, err := f.st.SeriesByID(f.ctx, "series-1")
		must(t, err, "read")
		if got.SeriesSignup || got.OrganisationID != o.ID {
			t.Fatalf("series %+v: flag must be replaced, organisation kept", got)
		}
		sameTime(t, got.CreatedAt, f.now, "created_at")
		sameTime(t, got.UpdatedAt, later, "updated_at")
	})
	t.Run("ActivitiesOfSeries/OKByStartWithCounts", func(t *testing.T) {
		f := s.fixture(t)
		o := f.org()
		series := "series-1"
		var ids []string
		for i := 3; i >= 1; i-- {
			a := f.activity(o.ID, func(a *models.Activity) {
				a.SeriesID = &series
				a.StartsAt, a.EndsAt = f.now.Add(time.Duration(i)*24*time.Hour), f.now.Add(time.Duration(i)*25*time.Hour)
				if i == 2 {
					a.Status = models.StatusDraft
				}
			})
			ids = append([]string{a.ID}, ids...)
		}
		f.activity(o.ID, nil) // in no series
		got, err := f.st.ActivitiesOfSeries(f.ctx, series, 10)
		must(t, err, "list")
		wantIDs(t, activityIDs(got), ids, "activities of the series")
		first := f.read(ids[0])
		su := f.signup(first, "a@example.org", 3, nil)
		applied(t, "claim")(f.st.ClaimSeats(f.ctx, first, holder(su)))
		got, err = f.st.ActivitiesOfSeries(f.ctx, series, 2)
		must(t, err, "list again")
		if len(got) != 2 || got[0].SeatsTaken != 3 {
			t.Fatalf("limit 2 and seats_taken 3: %d activities, %+v", len(got), got[0].SeatsTaken)
		}
	})
	t.Run("InsertSeriesSignup/OK", func(t *testing.T) {
		f := s.fixture(t)
		o := f.org()
		ss := f.seriesSignup(o.ID, "s1", "maria@example.org")
		wantSeriesSignup(t, f.readSeriesSignup(ss.ID), ss)
		wantCode(t, errOf(f.st.SeriesSignupByID(f.ctx, "nope")), models.ErrNotFound, "unknown")
	})
	t.Run("InsertSeriesSignup/ErrAlreadyRegistered", func(t *testing.T) {
		f := s.fixture(t)
		o := f.org()
		f.seriesSignup(o.ID, "s1", "maria@example.org")
		again := f.newSeriesSignup(o.ID, "s1", "MARIA@example.org")
		wantCode(t, f.st.InsertSeriesSignup(f.ctx, again), models.ErrAlreadyRegistered, "same email, same series")
		f.seriesSignup(o.ID, "s2", "maria@example.org") // another series is fine
	})
	t.Run("InsertSeriesSignup/ErrConflictSameID", func(t *testing.T) {
		f := s.fixture(t)
		o := f.org()
		ss := f.seriesSignup(o.ID, "s1", "maria@example.org")
		again := f.newSeriesSignup(o.ID, "s1", "other@example.org")
		again.ID = ss.ID
		wantCode(t, f.st.InsertSeriesSignup(f.ctx, again), models.ErrConflict, "same id")
	})
	t.Run("SeriesSignupByTokenHash/OKOwnAndEmailLink", func(t *testing.T) {
		f := s.fixture(t)
		o := f.org()
		ss := f.seriesSignup(o.ID, "s1", "maria@example.org")
		got, err := f.st.SeriesSignupByTokenHash(f.ctx, ss.ManageTokenHash)
		must(t, err, "by own hash")
		wantSeriesSignup(t, got, ss)
		link := "link-" + ss.ID
		f.email(func(e *models.OutboxEmail) { e.SignupID, e.LinkTokenHash = ss.ID, link })
		got, err = f.st.SeriesSignupByTokenHash(f.ctx, link)
		must(t, err, "by an email's link")
		wantSeriesSignup(t, got, ss)
		wantCode(t, errOf(f.st.SeriesSignupByTokenHash(f.ctx, "unknown")), models.ErrNotFound, "unknown hash")
		// A signup's own token is no series signup's.
		a := f.activity(o.ID, nil)
		su := f.signup(a, "x@example.org", 1, nil)
		wantCode(t, errOf(f.st.SeriesSignupByTokenHash(f.ctx, su.ManageTokenHash)), models.ErrNotFound, "a signup's hash")
	})
	t.Run("ReplaceSeriesManageToken/OKUnlessErased", func(t *testing.T) {
		f := s.fixture(t)
		o := f.org()
		ss := f.seriesSignup(o.ID, "s1", "maria@example.org")
		wantTrue(t, "replace")(f.st.ReplaceSeriesManageToken(f.ctx, ss.ID, "new-hash"))
		if got := f.readSeriesSignup(ss.ID); got.ManageTokenHash != "new-hash" {
			t.Fatalf("hash %q", got.ManageTokenHash)
		}
		wantTrue(t, "activate")(f.st.SetSeriesSignupStatus(f.ctx, ss.ID, []string{models.SeriesSignupPending}, models.SeriesSignupActive, f.now))
		wantTrue(t, "erase")(f.st.EraseSeriesSignup(f.ctx, ss.ID, f.now))
		wantFalse(t, "replace erased")(f.st.ReplaceSeriesManageToken(f.ctx, ss.ID, "newer"))
	})
	t.Run("SetSeriesSignupStatus/OKCancelFreesEmail", func(t *testing.T) {
		f := s.fixture(t)
		o := f.org()
		ss := f.seriesSignup(o.ID, "s1", "maria@example.org")
		wantFalse(t, "from active while pending")(f.st.SetSeriesSignupStatus(f.ctx, ss.ID, []string{models.SeriesSignupActive}, models.SeriesSignupCancelled, f.now))
		wantTrue(t, "activate")(f.st.SetSeriesSignupStatus(f.ctx, ss.ID, []string{models.SeriesSignupPending}, models.SeriesSignupActive, f.now))
		wantTrue(t, "cancel")(f.st.SetSeriesSignupStatus(f.ctx, ss.ID, []string{models.SeriesSignupActive}, models.SeriesSignupCancelled, f.now))
		got := f.readSeriesSignup(ss.ID)
		if got.Status != models.SeriesSignupCancelled || got.ActiveKey != ss.ID {
			t.Fatalf("cancelled: %+v", got)
		}
		sameTimePtr(t, got.CancelledAt, &f.now, "cancelled_at")
		f.seriesSignup(o.ID, "s1", "maria@example.org") // the email is free again
	})
	t.Run("EraseSeriesSignup/OK", func(t *testing.T) {
		f := s.fixture(t)
		o := f.org()
		ss := f.seriesSignup(o.ID, "s1", "maria@example.org")
		wantFalse(t, "erase pending")(f.st.EraseSeriesSignup(f.ctx, ss.ID, f.now))
		wantTrue(t, "activate")(f.st.SetSeriesSignupStatus(f.ctx, ss.ID, []string{models.SeriesSignupPending}, models.SeriesSignupActive, f.now))
		wantTrue(t, "erase")(f.st.EraseSeriesSignup(f.ctx, ss.ID, f.now))
		got := f.readSeriesSignup(ss.ID)
		if got.Name != "" || got.Email != "" || got.Phone != "" || len(got.Answers) != 0 || got.ErasedAt == nil ||
			got.PartySize != 2 || got.ActiveKey != ss.ID {
			t.Fatalf("erased: %+v", got)
		}
		wantCode(t, errOf(f.st.SeriesSignupByTokenHash(f.ctx, ss.ManageTokenHash)), models.ErrNotFound, "old token")
	})
	t.Run("SeriesSignupsOf/OKByStatusOldestFirst", func(t *testing.T) {
		f := s.fixture(t)
		o := f.org()
		first := f.seriesSignup(o.ID, "s1", "a@example.org")
		f.now = f.now.Add(time.Second)
		second := f.seriesSignup(o.ID, "s1", "b@example.org")
		f.seriesSignup(o.ID, "s2", "c@example.org")
		wantTrue(t, "activate")(f.st.SetSeriesSignupStatus(f.ctx, second.ID, []string{models.SeriesSignupPending}, models.SeriesSignupActive, f.now))
		all, err := f.st.SeriesSignupsOf(f.ctx, "s1", nil, 10)
		must(t, err, "all")
		if len(all) != 2 || all[0].ID != first.ID || all[1].ID != second.ID {
			t.Fatalf("all: %+v", all)
		}
		active, err := f.st.SeriesSignupsOf(f.ctx, "s1", []string{models.SeriesSignupActive}, 10)
		must(t, err, "active")
		if len(active) != 1 || active[0].ID != second.ID {
			t.Fatalf("active: %+v", active)
		}
		limited, err := f.st.SeriesSignupsOf(f.ctx, "s1", nil, 1)
		must(t, err, "limit")
		if len(limited) != 1 || limited[0].ID != first.ID {
			t.Fatalf("limit 1: %+v", limited)
		}
	})
	t.Run("PendingSeriesSignups/OKBefore", func(t *testing.T) {
		f := s.fixture(t)
		o := f.org()
		old := f.seriesSignup(o.ID, "s1", "a@example.org")
		done := f.seriesSignup(o.ID, "s1", "b@example.org")
		wantTrue(t, "activate")(f.st.SetSeriesSignupStatus(f.ctx, done.ID, []string{models.SeriesSignupPending}, models.SeriesSignupActive, f.now))
		got, err := f.st.PendingSeriesSignups(f.ctx, f.now.Add(time.Second), 10)
		must(t, err, "pending")
		if len(got) != 1 || got[0].ID != old.ID {
			t.Fatalf("pending: %+v", got)
		}
		if got, err := f.st.PendingSeriesSignups(f.ctx, f.now, 10); err != nil || len(got) != 0 {
			t.Fatalf("none pending before they were made: %v, %v", got, err)
		}
	})
	t.Run("SignupsOfSeriesSignups/OKLinkedAndDecided", func(t *testing.T) {
		f := s.fixture(t)
		o := f.org()
		a := f.activity(o.ID, nil)
		ss := f.seriesSignup(o.ID, "s1", "a@example.org")
		other := f.seriesSignup(o.ID, "s1", "b@example.org")
		linked := f.decided(a, "a@example.org", 2, models.SignupConfirmed, func(su *models.Signup) { su.SeriesSignupID = ss.ID })
		f.signup(a, "pending@example.org", 1, func(su *models.Signup) { su.SeriesSignupID = ss.ID })
		f.decided(a, "b@example.org", 1, models.SignupWaitlisted, func(su *models.Signup) { su.SeriesSignupID = other.ID })
		f.decided(a, "c@example.org", 1, models.SignupConfirmed, nil)
		got, err := f.st.SignupsOfSeriesSignups(f.ctx, []string{ss.ID})
		must(t, err, "linked")
		if len(got) != 1 || got[0].ID != linked.ID || got[0].SeriesSignupID != ss.ID {
			t.Fatalf("linked: %+v", got)
		}
		if read := f.readSignup(linked.ID); read.SeriesSignupID != ss.ID {
			t.Fatalf("series_signup_id %q", read.SeriesSignupID)
		}
		both, err := f.st.SignupsOfSeriesSignups(f.ctx, []string{ss.ID, other.ID})
		must(t, err, "both")
		if len(both) != 2 {
			t.Fatalf("both: %d", len(both))
		}
	})
	t.Run("UnerasedSignups/OKCarriesSeriesSignup", func(t *testing.T) {
		f := s.fixture(t)
		o := f.org()
		a := f.activity(o.ID, nil)
		ss := f.seriesSignup(o.ID, "s1", "a@example.org")
		su := f.decided(a, "a@example.org", 1, models.SignupConfirmed, func(su *models.Signup) { su.SeriesSignupID = ss.ID })
		got, err := f.st.UnerasedSignups(f.ctx, a.ID, "", 10)
		must(t, err, "unerased")
		if len(got) != 1 || got[0].ID != su.ID || got[0].SeriesSignupID != ss.ID {
			t.Fatalf("unerased: %+v", got)
		}
	})
}
