package storetest

// The invariants the use-case cases check after their concurrent runs: seats,
// waiting lists and emails agree with the signups.

import (
	"log/slog"
	"maps"
	"os"
	"slices"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/notifications"
	"github.com/agora-events/agora/registration"
	"github.com/agora-events/agora/store"
	"github.com/agora-events/agora/store/storetest/seatcheck"
	"github.com/agora-events/agora/web"
)

// instances returns n Services on the fixture's store, as n processes
// sharing it would run: each has its own activity lock, so only the
// store keeps them from overbooking. Each queues its emails into the real
// outbox of the store.
func (f *fixture) instances(n int) []*registration.Service {
	f.t.Helper()
	catalog, err := web.NewCatalog()
	must(f.t, err, "catalog")
	renderer, err := notifications.NewRenderer(catalog)
	must(f.t, err, "renderer")
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	out := make([]*registration.Service, n)
	for i := range out {
		outbox, err := notifications.NewOutbox(notifications.OutboxOptions{Store: f.st, Renderer: renderer,
			BaseURL: "http://agora.test", ManageLink: "http://agora.test/manage/" + models.LinkToken})
		must(f.t, err, "outbox")
		out[i] = registration.New(registration.Options{Store: f.st, Mail: outbox, Logger: logger,
			SecretKey: "0123456789abcdef0123456789abcdef", Links: registration.Links{
				Manage:     "http://agora.test/manage/" + models.LinkToken,
				Invitation: "http://agora.test/invitation/" + models.LinkToken}})
	}
	return out
}

func input(email string, party int) registration.SignupInput {
	return registration.SignupInput{Name: "Ana " + email, Email: email, PartySize: party, Language: "uk", Consent: true}
}

// signed is the answer to one signup request.
type signed struct {
	email string
	party int
	res   *registration.SignupResult
	err   error
}

// allSignups reads every signup of an activity, in any status.
func (f *fixture) allSignups(activityID string) map[string]models.Signup {
	f.t.Helper()
	statuses := []string{models.SignupPending, models.SignupConfirmed, models.SignupWaitlisted, models.SignupCancelled,
		models.SignupAttended, models.SignupNoShow}
	out := map[string]models.Signup{}
	var after *store.SignupCursor
	for {
		page, err := f.st.ListSignups(f.ctx, activityID, statuses, after, 200)
		must(f.t, err, "list signups")
		for _, su := range page {
			if _, dup := out[su.ID]; dup {
				f.t.Fatalf("signup %s listed twice", su.ID)
			}
			out[su.ID] = su
		}
		if len(page) < 200 {
			return out
		}
		last := page[len(page)-1]
		after = &store.SignupCursor{CreatedAt: last.CreatedAt, ID: last.ID}
	}
}

// checkLists asserts what the store alone guarantees at any moment, even
// while the steps of several instances interleave (seatcheck.Lists), and
// that a list of activities shows the same figures as the activity itself.
func (f *fixture) checkLists(activityID string) *models.Activity {
	t := f.t
	t.Helper()
	a := f.read(activityID)
	seatcheck.Lists(t, a)
	listed, err := f.st.ListActivities(f.ctx, store.ActivityQuery{
		Scopes:    []store.ActivityScope{{Statuses: []string{a.Status}, OrganisationID: a.OrganisationID}},
		EndsAfter: f.now, Limit: 100})
	must(t, err, "list activities")
	i := slices.IndexFunc(listed, func(l models.Activity) bool { return l.ID == a.ID })
	if i < 0 {
		t.Fatalf("activity %s not listed", a.ID)
	}
	if l := listed[i]; l.SeatsTaken != a.SeatsTaken || l.WaitlistCount != a.WaitlistCount || l.Capacity != a.Capacity {
		t.Fatalf("listed with %d taken, %d waiting, capacity %d; the activity says %d, %d, %d",
			l.SeatsTaken, l.WaitlistCount, l.Capacity, a.SeatsTaken, a.WaitlistCount, a.Capacity)
	}
	return a
}

// checkSeats asserts, besides checkLists, the whole seat invariant once
// every request has answered and nothing is left for the reconciler
// (seatcheck.Check with Settled), plus the rules asked for. It returns
// the activity and its signups by id.
func (f *fixture) checkSeats(activityID string, rules ...seatcheck.Rule) (*models.Activity, map[string]models.Signup) {
	f.t.Helper()
	a := f.checkLists(activityID)
	all := f.allSignups(activityID)
	seatcheck.Check(f.t, a, slices.Collect(maps.Values(all)), append(rules, seatcheck.Settled)...)
	return a, all
}

// hasEmail reports whether the email of kind about a signup is queued.
func (f *fixture) hasEmail(kind, signupID string) bool {
	f.t.Helper()
	_, err := f.st.OutboxByDedupKey(f.ctx, notifications.SignupDedupKey(kind, signupID))
	if err != nil && !models.IsCode(err, models.ErrNotFound) {
		f.t.Fatalf("email: %v", err)
	}
	return err == nil
}
