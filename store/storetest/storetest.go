// Package storetest is the conformance suite of registration.Store: one
// suite that every implementation (store/sqlite, store/mongo) runs from its
// own tests, so that the use cases can rely on exactly what the interface
// documents, whatever the engine. Each case opens a fresh store, so that
// any subtest passes when run alone (go test -run), and is named by its
// outcome: OK when the change applies, Err<Code> for an error code,
// False/Refused when a conditional change must report that it did not
// apply.
//
// The suite checks the store methods one by one, then the invariants that
// only show under concurrency: directly on the store, and through the real
// use cases (registration.Service with the real notifications outbox), run
// as several instances sharing the store, as several processes share a
// MongoDB. Instances do not share registration's in-process activity lock,
// so the store's conditional updates alone must keep capacity.
package storetest

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/registration"
)

// Options says what the store under test can prove.
type Options struct {
	// Concurrent says that the store applies a conditional update
	// atomically with its check even when other writers race it, so that
	// the invariants resting on that (capacity never exceeded, exactly one
	// winner of a take-over, no lost update of a list) can be tested by
	// racing it. Uniqueness races (one email, one key) are tested anyway:
	// every store must decide them atomically.
	Concurrent bool
	// NotConcurrent says why Concurrent is false; the cases skipped for it
	// repeat it in their skip message.
	NotConcurrent string
}

// Open returns a fresh, empty store for one test; it is closed and
// removed when the test ends.
type Open func(t *testing.T) registration.Store

// Run runs the whole suite against the stores open returns.
func Run(t *testing.T, open Open, opts Options) {
	s := &suite{open: open, opts: opts}
	defer func() {
		if len(s.unproven) > 0 {
			t.Logf("not proven on this store, %s:\n  %s", s.opts.NotConcurrent, strings.Join(s.unproven, "\n  "))
		}
	}()
	t.Run("Organisations", s.organisations)
	t.Run("OrganisationContact", s.organisationContact)
	t.Run("Users", s.users)
	t.Run("Sessions", s.sessions)
	t.Run("Invitations", s.invitations)
	t.Run("Activities", s.activities)
	t.Run("ActivityRevision", s.activityRevision)
	t.Run("OutboxReplace", s.outboxReplace)
	t.Run("ListActivities", s.listActivities)
	t.Run("ListPastActivities", s.listPastActivities)
	t.Run("Seats", s.seats)
	t.Run("WaitingOrder", s.waitingOrder)
	t.Run("Offers", s.offers)
	t.Run("Draws", s.draws)
	t.Run("SeatPredicates", s.predicates)
	t.Run("Signups", s.signups)
	t.Run("ListSignups", s.listSignups)
	t.Run("SignupChanges", s.signupChanges)
	t.Run("WalkIns", s.walkIns)
	t.Run("Messages", s.messages)
	t.Run("IdempotencyKeys", s.idempotencyKeys)
	t.Run("AuditLog", s.auditLog)
	t.Run("Reports", s.reports)
	t.Run("Retention", s.retention)
	t.Run("Reminders", s.reminders)
	t.Run("Certificates", s.certificates)
	t.Run("Series", s.series)
	t.Run("Outbox", s.outbox)
	t.Run("Atomic", s.atomic)
	t.Run("Races", s.races)
	t.Run("UseCases", s.useCases)
}

type suite struct {
	open Open
	opts Options
	// unproven names the cases skipped for want of Options.Concurrent.
	mu       sync.Mutex
	unproven []string
}

// needConcurrent skips a case that only a Concurrent store can prove.
func (s *suite) needConcurrent(t *testing.T) {
	t.Helper()
	if !s.opts.Concurrent {
		reason := s.opts.NotConcurrent
		if reason == "" {
			reason = "Options.Concurrent is false"
		}
		s.mu.Lock()
		s.unproven = append(s.unproven, t.Name())
		s.mu.Unlock()
		t.Skip("not provable on this store: " + reason)
	}
}

// fixture is a fresh store with a context and a clock reading for one test.
type fixture struct {
	t   *testing.T
	st  registration.Store
	ctx context.Context
	// now is the test's "now", in UTC and to the millisecond, which both
	// engines store exactly.
	now time.Time
}

func (s *suite) fixture(t *testing.T) *fixture {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	t.Cleanup(cancel)
	st := s.open(t)
	return &fixture{t: t, st: st, ctx: ctx, now: time.Now().UTC().Truncate(time.Millisecond)}
}

// org stores a new organisation.
func (f *fixture) org() *models.Organisation {
	f.t.Helper()
	id := models.NewID()
	o := &models.Organisation{ID: id, Name: "Library " + id, Slug: "lib-" + id, Country: "PL",
		Timezone: "Europe/Warsaw", DefaultLanguage: "pl", CreatedAt: f.now}
	if err := f.st.InsertOrganisation(f.ctx, o); err != nil {
		f.t.Fatalf("insert organisation: %v", err)
	}
	return o
}

// newActivity returns, unstored, a published activity of orgID a week
// ahead (capacity 10, parties up to 4, a waiting list), changed by edit.
func (f *fixture) newActivity(orgID string, edit func(a *models.Activity)) *models.Activity {
	a := &models.Activity{ID: models.NewID(), OrganisationID: orgID, Kind: models.KindLunch,
		Title: models.Text{"en": "Lunch"}, StartsAt: f.now.Add(7 * 24 * time.Hour),
		EndsAt: f.now.Add(7*24*time.Hour + 2*time.Hour), Timezone: "Europe/Warsaw",
		Venue: models.Venue{Name: "Hall"}, Capacity: 10, MaxPartySize: 4, Waitlist: true,
		Status: models.StatusPublished, SeatHolders: []models.SeatHolder{}, CreatedAt: f.now, UpdatedAt: f.now}
	if edit != nil {
		edit(a)
	}
	a.SetSearchText()
	return a
}

// activity stores a new activity (see newActivity).
func (f *fixture) activity(orgID string, edit func(a *models.Activity)) *models.Activity {
	f.t.Helper()
	a := f.newActivity(orgID, edit)
	if err := f.st.InsertActivity(f.ctx, a); err != nil {
		f.t.Fatalf("insert activity: %v", err)
	}
	return a
}

// ActiveKey is what registration stores in models.Signup.ActiveKey for an
// active signup: the activity and the lower-cased email.
func ActiveKey(activityID, email string) string {
	return activityID + "|" + strings.ToLower(email)
}

// newSignup returns, unstored, a pending signup for a as registration
// makes one, changed by edit.
func (f *fixture) newSignup(a *models.Activity, email string, party int, edit func(su *models.Signup)) *models.Signup {
	id := models.NewID()
	su := &models.Signup{ID: id, ActivityID: a.ID, OrganisationID: a.OrganisationID, Name: "Ana " + email,
		Email: email, Phone: "+48 123 456 789", PartySize: party, Language: "uk",
		Answers: map[string]any{"diet": "vegan", "first_time": true}, Status: models.SignupPending,
		ActiveKey: ActiveKey(a.ID, email), ManageTokenHash: "hash-" + id, PersonKey: "person-" + strings.ToLower(email),
		ConsentAt: f.now, CreatedAt: f.now, UpdatedAt: f.now}
	if edit != nil {
		edit(su)
	}
	return su
}

// signup stores a new pending signup (see newSignup).
func (f *fixture) signup(a *models.Activity, email string, party int, edit func(su *models.Signup)) *models.Signup {
	f.t.Helper()
	su := f.newSignup(a, email, party, edit)
	if err := f.st.InsertSignup(f.ctx, su); err != nil {
		f.t.Fatalf("insert signup %s: %v", email, err)
	}
	return su
}

// decided stores a signup and moves it to status through the store's own
// status changes (seats are not touched).
func (f *fixture) decided(a *models.Activity, email string, party int, status string, edit func(su *models.Signup)) *models.Signup {
	f.t.Helper()
	su := f.signup(a, email, party, edit)
	f.setStatus(su, status)
	return su
}

// setStatus moves a pending signup to status.
func (f *fixture) setStatus(su *models.Signup, status string) {
	f.t.Helper()
	var ok bool
	var err error
	switch status {
	case models.SignupPending:
		return
	case models.SignupConfirmed, models.SignupWaitlisted:
		ok, err = f.st.FinishSignup(f.ctx, su.ID, status, f.now)
	case models.SignupCancelled:
		ok, err = f.st.CancelSignup(f.ctx, su.ID, models.CancelledByAttendee, f.now)
		at := f.now
		su.CancelledAt, su.CancelledBy = &at, models.CancelledByAttendee
	case models.SignupAttended, models.SignupNoShow:
		if ok, err = f.st.FinishSignup(f.ctx, su.ID, models.SignupConfirmed, f.now); ok && err == nil {
			ok, err = f.st.SetSignupStatus(f.ctx, su.ID, []string{models.SignupConfirmed}, status, f.now)
		}
	default:
		f.t.Fatalf("unknown status %q", status)
	}
	if err != nil || !ok {
		f.t.Fatalf("set signup %s to %s: %v, %v", su.ID, status, ok, err)
	}
	su.Status = status
}

// read returns an activity as stored.
func (f *fixture) read(id string) *models.Activity {
	f.t.Helper()
	a, err := f.st.ActivityByID(f.ctx, id)
	if err != nil {
		f.t.Fatalf("activity %s: %v", id, err)
	}
	return a
}

// readSignup returns a signup as stored.
func (f *fixture) readSignup(id string) *models.Signup {
	f.t.Helper()
	su, err := f.st.SignupByID(f.ctx, id)
	if err != nil {
		f.t.Fatalf("signup %s: %v", id, err)
	}
	return su
}

// holder is the seat holder of a signup.
func holder(su *models.Signup) models.SeatHolder {
	return models.SeatHolder{SignupID: su.ID, Party: su.PartySize, Queue: models.QueueAt(su.CreatedAt)}
}
