// Command signups measures a signup storm: N people sign up for one
// activity over HTTP, C at a time, against the real server (handlers,
// registration, outbox, store). For reference it measures, in the same run
// and on the same store, the raw rate of the store's conditional seat
// update (store.ClaimSeats, one after the other, as the activity lock
// makes them), and prints the ratio. Run: go run ./bench/signups
// [-n 500] [-c 50]. With MONGODB_URI set it uses that MongoDB; otherwise
// the embedded store.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/agora-events/agora/config"
	"github.com/agora-events/agora/handlers"
	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/notifications"
	"github.com/agora-events/agora/registration"
	mongostore "github.com/agora-events/agora/store/mongo"
	"github.com/agora-events/agora/web"
)

func main() {
	n := flag.Int("n", 500, "signups in the storm")
	c := flag.Int("c", 50, "concurrent clients")
	flag.Parse()
	if err := run(*n, *c); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(n, conc int) error {
	ctx := context.Background()
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	dir, err := os.MkdirTemp("", "agora-bench-signups-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	uri := os.Getenv("MONGODB_URI")
	st, err := mongostore.Open(ctx, mongostore.Options{URI: uri, Database: fmt.Sprintf("bench_signups_%d", time.Now().UnixNano()),
		DataDir: dir, Logger: logger})
	if err != nil {
		return err
	}
	defer func() { _ = st.Drop(ctx); _ = st.Close(ctx) }()
	engine := "MongoDB"
	if uri == "" {
		engine = "embedded FerretDB (SQLite)"
	}

	base, stop, err := serve(ctx, st, logger)
	if err != nil {
		return err
	}
	defer stop()

	// Reference: the store's conditional seat update, alone.
	ref, err := seedActivity(ctx, st, n)
	if err != nil {
		return err
	}
	t0 := time.Now()
	for i := range n {
		after, err := st.ClaimSeats(ctx, ref, models.SeatHolder{SignupID: fmt.Sprintf("ref%08d", i), Party: 1})
		if err != nil {
			return err
		}
		if after == nil {
			return errors.New("reference claim refused")
		}
		ref = after
	}
	rawRate := float64(n) / time.Since(t0).Seconds()

	// The storm: half the signups get seats, half go on the waiting list.
	act, err := seedActivity(ctx, st, n/2)
	if err != nil {
		return err
	}
	client := &http.Client{Timeout: 10 * time.Minute, Transport: &http.Transport{MaxIdleConnsPerHost: conc}}
	var next, failed atomic.Int64
	var wg sync.WaitGroup
	t0 = time.Now()
	for range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := next.Add(1); i <= int64(n); i = next.Add(1) {
				if err := signUp(client, base, act.ID, i); err != nil {
					if failed.Add(1) == 1 {
						fmt.Fprintln(os.Stderr, "signup failed:", err)
					}
				}
			}
		}()
	}
	wg.Wait()
	httpRate := float64(n) / time.Since(t0).Seconds()
	if failed.Load() > 0 {
		return fmt.Errorf("%d signups failed", failed.Load())
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
	fmt.Printf("signup storm over HTTP (%d signups, %d concurrent): %8.1f signups/s\n", n, conc, httpRate)
	fmt.Printf("store conditional seat update (%d, sequential):    %8.1f updates/s\n", n, rawRate)
	fmt.Printf("ratio HTTP signups / raw seat updates:              %8.3f\n", httpRate/rawRate)
	return nil
}

// serve runs the real HTTP server on a loopback port.
func serve(ctx context.Context, st *mongostore.Store, logger *slog.Logger) (string, func(), error) {
	cfg, err := config.Load(func(k string) string {
		return map[string]string{"SIGNUP_RATE_PER_MINUTE": "0", "BASE_URL": "https://agora.example.org"}[k]
	})
	if err != nil {
		return "", nil, err
	}
	cat, err := web.NewCatalog()
	if err != nil {
		return "", nil, err
	}
	renderer, err := notifications.NewRenderer(cat)
	if err != nil {
		return "", nil, err
	}
	outbox, err := notifications.NewOutbox(notifications.OutboxOptions{Store: st, Renderer: renderer, BaseURL: cfg.BaseURL})
	if err != nil {
		return "", nil, err
	}
	reg := registration.New(registration.Options{Store: st, Logger: logger, Mail: outbox,
		SecretKey: "bench-secret-bench-secret-bench-secret", BaseURL: cfg.BaseURL})
	srv := handlers.New(handlers.Deps{Config: cfg, Store: st, Registration: reg, Catalog: cat, Logger: logger,
		Registry: prometheus.NewRegistry()})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	go func() { _ = srv.App().Listener(ln) }()
	return "http://" + ln.Addr().String(), func() { _ = srv.App().ShutdownWithContext(ctx) }, nil
}

// seedActivity stores an organisation and a published activity.
func seedActivity(ctx context.Context, st *mongostore.Store, capacity int) (*models.Activity, error) {
	now := time.Now().UTC()
	org := &models.Organisation{ID: models.NewID(), Name: "Bench library", Slug: "bench-" + models.NewID(),
		Country: "PL", Timezone: "Europe/Warsaw", DefaultLanguage: "pl", CreatedAt: now}
	if err := st.InsertOrganisation(ctx, org); err != nil {
		return nil, err
	}
	a := &models.Activity{ID: models.NewID(), OrganisationID: org.ID, Kind: models.KindLunch,
		Title: models.Text{"en": "International lunch"}, StartsAt: now.Add(7 * 24 * time.Hour),
		EndsAt: now.Add(7*24*time.Hour + 2*time.Hour), Timezone: "Europe/Warsaw", Venue: models.Venue{Name: "Hall"},
		Capacity: capacity, MaxPartySize: 1, Waitlist: true, Status: models.StatusPublished,
		SeatHolders: []models.SeatHolder{}, CreatedAt: now, UpdatedAt: now}
	return a, st.InsertActivity(ctx, a)
}

func signUp(client *http.Client, base, activityID string, i int64) error {
	body, _ := json.Marshal(map[string]any{"name": fmt.Sprintf("Guest %d", i), "email": fmt.Sprintf("guest%d@example.org", i),
		"language": "en", "consent": true})
	res, err := client.Post(base+"/api/v1/activities/"+activityID+"/signups", "application/json", bytes.NewReader(body))
	if err != nil {
		return err
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusCreated {
		return fmt.Errorf("status %d: %s", res.StatusCode, raw)
	}
	return nil
}
