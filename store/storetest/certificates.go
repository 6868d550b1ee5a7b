package storetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/agora-events/agora/models"
)

// certificate returns, unstored, a certificate of an attended signup of a
// issued at f.now plus offset.
func (f *fixture) newCertificate(a *models.Activity, offset time.Duration) *models.Certificate {
	signup := models.NewID()
	return &models.Certificate{ID: models.CertificateCodeHash(models.CertificateCode([]byte("k"), signup)),
		SignupID: signup, ActivityID: a.ID, OrganisationID: a.OrganisationID,
		Title: models.Text{"en": "Language café", "ar": "مقهى اللغة"}, OrganisationName: "City Library", Language: "pl",
		Timezone: a.Timezone, Sessions: []models.CertificateSession{{StartsAt: a.StartsAt, EndsAt: a.EndsAt}},
		Minutes: 120, NameHash: "name-hash-" + signup, IssuedAt: f.now.Add(offset)}
}

func (s *suite) certificates(t *testing.T) {
	same := func(t *testing.T, got, want *models.Certificate) {
		t.Helper()
		if got.ID != want.ID || got.SignupID != want.SignupID || got.ActivityID != want.ActivityID ||
			got.OrganisationID != want.OrganisationID || !reflect.DeepEqual(got.Title, want.Title) ||
			got.OrganisationName != want.OrganisationName || got.Language != want.Language || got.Timezone != want.Timezone ||
			got.Minutes != want.Minutes || got.NameHash != want.NameHash || len(got.Sessions) != len(want.Sessions) {
			t.Fatalf("read %+v, stored %+v", got, want)
		}
		for i := range got.Sessions {
			sameTime(t, got.Sessions[i].StartsAt, want.Sessions[i].StartsAt, "session start")
			sameTime(t, got.Sessions[i].EndsAt, want.Sessions[i].EndsAt, "session end")
		}
		sameTime(t, got.IssuedAt, want.IssuedAt, "issued at")
		sameTimePtr(t, got.RevokedAt, want.RevokedAt, "revoked at")
	}
	t.Run("InsertCertificate/OK", func(t *testing.T) {
		f := s.fixture(t)
		c := f.newCertificate(f.activity(f.org().ID, nil), 0)
		must(t, f.st.InsertCertificate(f.ctx, c), "insert")
		got, err := f.st.CertificateByID(f.ctx, c.ID)
		must(t, err, "read")
		same(t, got, c)
	})
	t.Run("InsertCertificate/ErrConflict", func(t *testing.T) {
		f := s.fixture(t)
		c := f.newCertificate(f.activity(f.org().ID, nil), 0)
		must(t, f.st.InsertCertificate(f.ctx, c), "insert")
		again := *c
		again.NameHash = "another"
		wantCode(t, f.st.InsertCertificate(f.ctx, &again), models.ErrConflict, "same id again")
		got, err := f.st.CertificateByID(f.ctx, c.ID)
		must(t, err, "read")
		same(t, got, c)
	})
	t.Run("CertificateByID/ErrNotFound", func(t *testing.T) {
		f := s.fixture(t)
		wantCode(t, errOf(f.st.CertificateByID(f.ctx, "no-such-hash")), models.ErrNotFound, "unknown id")
	})
	t.Run("RevokeCertificate/OKOnce", func(t *testing.T) {
		f := s.fixture(t)
		c := f.newCertificate(f.activity(f.org().ID, nil), 0)
		must(t, f.st.InsertCertificate(f.ctx, c), "insert")
		wantTrue(t, "revoke")(f.st.RevokeCertificate(f.ctx, c.ID, f.now))
		wantFalse(t, "revoke again")(f.st.RevokeCertificate(f.ctx, c.ID, f.now.Add(time.Hour)))
		got, err := f.st.CertificateByID(f.ctx, c.ID)
		must(t, err, "read")
		at := f.now
		c.RevokedAt = &at // the first revocation's time stays
		same(t, got, c)
	})
	t.Run("RevokeCertificate/ErrNotFound", func(t *testing.T) {
		f := s.fixture(t)
		wantCode(t, errOf(f.st.RevokeCertificate(f.ctx, "no-such-hash", f.now)), models.ErrNotFound, "unknown id")
	})
	t.Run("CertificatesOfActivity/OKInIssueOrder", func(t *testing.T) {
		f := s.fixture(t)
		o := f.org()
		a, other := f.activity(o.ID, nil), f.activity(o.ID, nil)
		late, early := f.newCertificate(a, time.Minute), f.newCertificate(a, 0)
		for _, c := range []*models.Certificate{late, early, f.newCertificate(other, 0)} {
			must(t, f.st.InsertCertificate(f.ctx, c), "insert")
		}
		got, err := f.st.CertificatesOfActivity(f.ctx, a.ID)
		must(t, err, "list")
		if len(got) != 2 {
			t.Fatalf("%d certificates, want 2", len(got))
		}
		same(t, &got[0], early)
		same(t, &got[1], late)
		none, err := f.st.CertificatesOfActivity(f.ctx, "no-such-activity")
		must(t, err, "list none")
		if none == nil || len(none) != 0 {
			t.Fatalf("no certificates: %#v, want an empty list", none)
		}
	})
	t.Run("SeriesSessions/OKByStart", func(t *testing.T) {
		f := s.fixture(t)
		o := f.org()
		series := "series-1"
		at := func(days int, status string) func(a *models.Activity) {
			return func(a *models.Activity) {
				a.StartsAt, a.EndsAt = f.now.AddDate(0, 0, days), f.now.AddDate(0, 0, days).Add(90*time.Minute)
				a.Status, a.SeriesID = status, &series
			}
		}
		late := f.activity(o.ID, at(14, models.StatusPublished))
		early := f.activity(o.ID, at(-7, models.StatusCancelled))
		mid := f.activity(o.ID, at(0, models.StatusPublished))
		f.activity(o.ID, nil) // in no series
		other := "series-2"
		f.activity(o.ID, func(a *models.Activity) { a.SeriesID = &other })
		got, err := f.st.SeriesSessions(f.ctx, series)
		must(t, err, "sessions")
		wantIDs(t, activityIDs(got), []string{early.ID, mid.ID, late.ID}, "by start")
		for i, want := range []*models.Activity{early, mid, late} {
			if got[i].Status != want.Status {
				t.Fatalf("session %d: status %q, want %q", i, got[i].Status, want.Status)
			}
			sameTime(t, got[i].StartsAt, want.StartsAt, "start")
			sameTime(t, got[i].EndsAt, want.EndsAt, "end")
		}
		none, err := f.st.SeriesSessions(f.ctx, "no-such-series")
		must(t, err, "no series")
		if none == nil || len(none) != 0 {
			t.Fatalf("no series: %#v, want an empty list", none)
		}
	})
	t.Run("EraseSignup/OKCertificateStays", func(t *testing.T) {
		f := s.fixture(t)
		a := f.activity(f.org().ID, nil)
		su := f.decided(a, "ana@example.org", 1, models.SignupAttended, nil)
		c := f.newCertificate(a, 0)
		c.SignupID = su.ID
		must(t, f.st.InsertCertificate(f.ctx, c), "insert")
		wantTrue(t, "erase")(f.st.EraseSignup(f.ctx, su.ID, f.now))
		must(t, f.st.MarkPersonalDataErased(f.ctx, a.ID, f.now), "mark erased")
		must(t, f.st.Scrub(f.ctx), "scrub")
		got, err := f.st.CertificateByID(f.ctx, c.ID)
		must(t, err, "read after erasure")
		same(t, got, c)
	})
}
