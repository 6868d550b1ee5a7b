// Command signups measures a signup storm: N people sign up for one
// activity over HTTP, C at a time, against the real service (handlers,
// registration, outbox, store); half get seats, half the waiting list.
//
// Reference, in the same run and on the same store: the store's raw rate
// for the very transaction a signup commits, called directly: in one
// Atomic, insert the pending signup, claim its seat, queue its email (a
// copy of a real confirmation email, rendered once by the service) and
// finish the signup. It is timed one after the other and at C
// concurrent callers, and the higher rate is the reference: the most the
// store can do, so that the ratio says what the rest of the service costs.
// Target: ≥ 0.50.
//
// Run: go run ./bench/signups [-n 2000] [-c 8]. With MONGODB_URI set it
// runs on that MongoDB (where Atomic is not a transaction); otherwise on
// the embedded SQLite store.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"time"

	"github.com/agora-events/agora/bench/internal/load"
	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/notifications"
	"github.com/agora-events/agora/registration"
)

func main() {
	n := flag.Int("n", 2000, "signups in the storm (and in each reference run)")
	c := flag.Int("c", 8, "concurrent clients")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the run to this file")
	flag.Parse()
	stopProfile := load.Profile(*cpuProfile)
	err := run(*n, *c)
	stopProfile()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(n, conc int) error {
	ctx := context.Background()
	logger := load.Logger()
	st, engine, closeStore, err := load.OpenStore(ctx, "signups", logger)
	if err != nil {
		return err
	}
	defer closeStore()
	svc, err := load.NewService(st, logger, nil)
	if err != nil {
		return err
	}
	base, stop, err := svc.Serve()
	if err != nil {
		return err
	}
	defer stop()

	email, err := confirmationEmail(ctx, st, svc.Reg)
	if err != nil {
		return err
	}
	seq, err := reference(ctx, st, email, n, 1)
	if err != nil {
		return err
	}
	par, err := reference(ctx, st, email, n, conc)
	if err != nil {
		return err
	}
	refRate, refName := seq.Rate(), "sequential"
	if par.Rate() > refRate {
		refRate, refName = par.Rate(), fmt.Sprintf("%d concurrent", conc)
	}

	// The storm: half the signups get seats, half go on the waiting list.
	act, err := load.PublishedActivity(ctx, st, n/2)
	if err != nil {
		return err
	}
	client := load.NewClient(conc)
	storm, err := load.Run(load.Options{Concurrency: conc, Requests: n}, func(i int) error {
		return load.Hit(client, signupRequest(base, act.ID, i))
	})
	if err != nil {
		return err
	}
	got, err := st.ActivityByID(ctx, act.ID)
	if err != nil {
		return err
	}
	if got.SeatsTaken != n/2 || len(got.WaitingList) != n-n/2 {
		return fmt.Errorf("after the storm: %d seats taken, %d waiting; want %d and %d",
			got.SeatsTaken, len(got.WaitingList), n/2, n-n/2)
	}

	fmt.Printf("store: %s\n", engine)
	fmt.Printf("confirmation email queued by the reference: %d bytes (text %d, html %d, attachments %d)\n",
		emailSize(email), len(email.Text), len(email.HTML), attachmentsSize(email))
	fmt.Printf("HTTP signup storm (%d, %d clients):   %s\n", n, conc, storm)
	fmt.Printf("store transaction, sequential (%d):  %s\n", n, seq)
	fmt.Printf("store transaction, %d concurrent (%d): %s\n", conc, n, par)
	fmt.Printf("reference: the %s store rate, %.1f transactions/s\n", refName, refRate)
	load.AtLeast("signups/s over HTTP / store transactions/s", storm.Rate()/refRate, 0.50)
	return nil
}

// confirmationEmail signs one person up through the use case, on an
// activity of its own, and returns the confirmation email it queued, body
// and calendar attachment included: the document the reference queues.
func confirmationEmail(ctx context.Context, st load.Store, reg *registration.Service) (*models.OutboxEmail, error) {
	a, err := load.PublishedActivity(ctx, st, 10)
	if err != nil {
		return nil, err
	}
	res, err := reg.SignUp(ctx, a.ID, "", registration.SignupInput{Name: "Anna Kowalska", Email: "anna.kowalska@example.org",
		Language: "pl", PartySize: 1, Consent: true})
	if err != nil {
		return nil, err
	}
	due, err := st.ClaimOutboxExclusive(ctx, time.Now().Add(time.Minute), 10, nil, func(string) bool { return false })
	if err != nil {
		return nil, err
	}
	for i := range due {
		if due[i].SignupID == res.Signup.ID && due[i].Kind == notifications.KindConfirmed {
			return &due[i], nil
		}
	}
	return nil, errors.New("the probe signup's confirmation email is not in the outbox")
}

// reference runs the signup transaction n times at conc callers on an
// activity with a seat for each.
func reference(ctx context.Context, st load.Store, email *models.OutboxEmail, n, conc int) (load.Result, error) {
	a, err := load.PublishedActivity(ctx, st, n)
	if err != nil {
		return load.Result{}, err
	}
	// As the signup use case passes it (registration reads it with
	// ActivitySummary): without its lists, so that the seat claim does not
	// read them back. The store's best rate for the same transaction.
	a.SeatHolders, a.WaitingList = nil, nil
	return load.Run(load.Options{Concurrency: conc, Requests: n}, func(i int) error {
		su := load.Signup(a, i, models.SignupPending)
		e := *email
		e.ID = models.NewID()
		e.DedupKey = notifications.SignupDedupKey(notifications.KindConfirmed, su.ID)
		e.To, e.ToName, e.SignupID, e.ActivityID = su.Email, su.Name, su.ID, a.ID
		e.HeaderMessageID = e.ID + "@agora.example.org"
		_, e.LinkTokenHash = models.NewManageToken() // each email's link has a token of its own
		e.Status, e.NextAttemptAt, e.CreatedAt, e.UpdatedAt = models.OutboxPending, su.CreatedAt, su.CreatedAt, su.CreatedAt
		return st.Atomic(ctx, func(ctx context.Context) error {
			if err := st.InsertSignup(ctx, su); err != nil {
				return err
			}
			after, err := st.ClaimSeats(ctx, a, models.SeatHolder{SignupID: su.ID, Party: 1})
			if err != nil {
				return err
			}
			if after == nil {
				return errors.New("reference seat claim refused")
			}
			if _, err := st.InsertOutbox(ctx, &e); err != nil {
				return err
			}
			_, err = st.FinishSignup(ctx, su.ID, models.SignupConfirmed, time.Now().UTC())
			return err
		})
	})
}

func signupRequest(base, activityID string, i int) load.Request {
	body, _ := json.Marshal(map[string]any{"name": fmt.Sprintf("Guest %d", i), "email": fmt.Sprintf("guest%d@example.org", i),
		"language": "en", "consent": true})
	return load.Request{Method: http.MethodPost, URL: base + "/api/v1/activities/" + activityID + "/signups",
		Header: http.Header{"Content-Type": {"application/json"}}, Body: body, Want: http.StatusCreated}
}

func emailSize(e *models.OutboxEmail) int {
	return len(e.Subject) + len(e.Text) + len(e.HTML) + attachmentsSize(e)
}

func attachmentsSize(e *models.OutboxEmail) int {
	n := 0
	for _, a := range e.Attachments {
		n += len(a.Data)
	}
	return n
}
