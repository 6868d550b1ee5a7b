package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/agora-events/agora/bench/internal/load"
	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/registration"
	"github.com/agora-events/agora/store/sqlite"
)

// Staff account the service creates at start and the bench logs in with.
const (
	adminEmail    = "admin@example.org"
	adminPassword = "correct horse battery staple"
)

// shape is the data of one size: about the same catalogue in every size
// (activities, mostly past, some upcoming), with total signups spread
// over them, except the target activity, which has exactly target
// signups in every size so that its pages are measured on the same
// content while everything around it grows.
type shape struct {
	activities, upcoming, total, target int
}

// dataset is a seeded data directory.
type dataset struct {
	dir          string
	shape        shape
	targetID     string
	first, last  time.Time // starts of the earliest and the latest activity
	seedTime     time.Duration
	deliverTime  time.Duration
	databaseSize int64
	freeSize     int64 // of databaseSize, in free pages
}

// seed fills dir through the real use cases: the first admin, three
// libraries, the catalogue, and every signup through
// registration.Service.SignUp (seats, waiting lists, confirmation emails
// rendered and queued as in production), with the clock set before each
// activity's start, 500 signups to a transaction for speed. Then it
// records every queued email as sent through the store's delivery calls
// (what the delivery workers do after the SMTP server accepts), since a
// running service has long sent the emails of past activities.
func seed(ctx context.Context, dir string, sh shape) (*dataset, error) {
	logger := load.Logger()
	st, err := sqlite.Open(ctx, sqlite.Options{DataDir: dir, Logger: logger})
	if err != nil {
		return nil, err
	}
	defer st.Close(ctx)
	var clock time.Time
	svc, err := load.NewService(st, logger, func() time.Time { return clock })
	if err != nil {
		return nil, err
	}
	clock = time.Now().UTC()
	if _, err := svc.Reg.EnsureFirstAdmin(ctx, adminEmail, adminPassword); err != nil {
		return nil, err
	}
	ds := &dataset{dir: dir, shape: sh}
	acts, target, err := catalogue(ctx, st, sh)
	if err != nil {
		return nil, err
	}
	ds.targetID, ds.first, ds.last = target.ID, acts[0].StartsAt, acts[len(acts)-1].StartsAt

	start := time.Now()
	others := make([]*models.Activity, 0, len(acts)-1)
	for i := range acts {
		if acts[i].ID != target.ID {
			others = append(others, &acts[i])
		}
	}
	// The target's signups first, then the rest round-robin.
	pick := func(i int) *models.Activity {
		if i < sh.target {
			return target
		}
		return others[(i-sh.target)%len(others)]
	}
	now := time.Now().UTC()
	for from := 0; from < sh.total; from += 500 {
		err := st.Atomic(ctx, func(ctx context.Context) error {
			for i := from; i < min(from+500, sh.total); i++ {
				a := pick(i)
				clock = minTime(now.Add(-time.Hour), a.StartsAt.Add(-5*24*time.Hour)).Add(time.Duration(i) * time.Millisecond)
				_, err := svc.Reg.SignUp(ctx, a.ID, "", registration.SignupInput{Name: fmt.Sprintf("Person %d", i),
					Email: fmt.Sprintf("person%d@example.org", i), Language: models.Languages()[i%len(models.Languages())],
					PartySize: 1, Consent: true})
				if err != nil {
					return fmt.Errorf("signup %d: %w", i, err)
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		if from > 0 && from%20000 == 0 {
			fmt.Fprintf(os.Stderr, "  %d signups in %.0fs\n", from, time.Since(start).Seconds())
		}
	}
	ds.seedTime = time.Since(start)

	start = time.Now()
	if err := markSent(ctx, st); err != nil {
		return nil, err
	}
	ds.deliverTime = time.Since(start)
	if err := st.Close(ctx); err != nil {
		return nil, err
	}
	ds.databaseSize, ds.freeSize, err = fileSizes(ctx, filepath.Join(dir, sqlite.FileName))
	return ds, err
}

// fileSizes reads the database file's size and how much of it is free
// pages (left by dropped email bodies, say), read-only, with the driver
// the store registered.
func fileSizes(ctx context.Context, path string) (total, free int64, err error) {
	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(path)+"?mode=ro")
	if err != nil {
		return 0, 0, err
	}
	defer db.Close()
	var pageSize, pages, freePages int64
	for q, v := range map[string]*int64{"page_size": &pageSize, "page_count": &pages, "freelist_count": &freePages} {
		if err := db.QueryRowContext(ctx, "PRAGMA "+q).Scan(v); err != nil {
			return 0, 0, err
		}
	}
	return pages * pageSize, freePages * pageSize, nil
}

// catalogue stores the activities in start order: past ones over the
// last 80 days (inside the 90 days of retention, so that the service's
// scheduler has nothing to erase during the measurements), upcoming ones
// from two days ahead (no reminders due) over eight weeks. The target is
// the sixth upcoming one, with room for every signup the bench makes.
func catalogue(ctx context.Context, st *sqlite.Store, sh shape) ([]models.Activity, *models.Activity, error) {
	var orgs []*models.Organisation
	for _, name := range []string{"Biblioteka Miejska", "Fundacja Sąsiedzi", "Dom Kultury"} {
		org, err := load.Organisation(ctx, st, name)
		if err != nil {
			return nil, nil, err
		}
		orgs = append(orgs, org)
	}
	today := time.Now().UTC().Truncate(24 * time.Hour)
	past := sh.activities - sh.upcoming
	acts := make([]models.Activity, 0, sh.activities)
	kinds := models.Kinds()
	for j := range sh.activities {
		var start time.Time
		if j < past {
			start = today.Add(-80 * 24 * time.Hour).Add(time.Duration(j) * 79 * 24 * time.Hour / time.Duration(past))
		} else {
			start = today.Add(2 * 24 * time.Hour).Add(time.Duration(j-past) * 56 * 24 * time.Hour / time.Duration(sh.upcoming))
		}
		start = start.Add(17 * time.Hour)
		a := load.Activity(orgs[j%len(orgs)], fmt.Sprintf("Activity %d", j), start, 120+(j%6)*40)
		a.Kind = kinds[j%len(kinds)]
		acts = append(acts, a)
	}
	target := &acts[past+min(5, sh.upcoming-1)]
	target.Capacity = 5000
	if err := st.InsertActivities(ctx, acts); err != nil {
		return nil, nil, err
	}
	return acts, target, nil
}

// markSent records every queued email as sent, a thousand at a time.
func markSent(ctx context.Context, st *sqlite.Store) error {
	never := func(string) bool { return false }
	for {
		done := false
		err := st.Atomic(ctx, func(ctx context.Context) error {
			due, err := st.ClaimOutboxExclusive(ctx, time.Now().Add(time.Hour), 1000, nil, never)
			if err != nil || len(due) == 0 {
				done = true
				return err
			}
			if err := st.RecordOutboxSent(ctx, due, time.Now().UTC()); err != nil {
				return err
			}
			ids := make([]string, len(due))
			for i := range due {
				ids[i] = due[i].ID
			}
			return st.DropOutboxQueued(ctx, ids)
		})
		if err != nil || done {
			return err
		}
	}
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
