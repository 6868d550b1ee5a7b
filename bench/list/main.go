// Command list measures the public activity list, the page `/` and the
// API `/api/v1/activities`, over HTTP against the real service holding the
// demo catalogue (7 published activities), C clients at a time.
//
// Reference, in the same run: a bare Fiber app whose one route answers the
// very bytes and Content-Type captured from one real answer, loaded with
// the same client, concurrency and duration. The ratio of request rates
// says how much of what Fiber and the client can do at all on this machine
// is left once the service does its real work (store query, templates,
// translations, middleware). Target: ≥ 0.30 for each. The handlers cache
// public answers while nothing is written; a query parameter the list
// ignores, new on every request, also measures it on a cache miss, for
// information.
//
// Run: go run ./bench/list [-c 8] [-d 5s] [-n 0]. With MONGODB_URI set it
// runs on that MongoDB; otherwise on the embedded SQLite store.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"os"
	"time"

	"github.com/agora-events/agora/bench/internal/load"
)

// acceptLanguage is what a browser set to Polish with English as a
// fallback sends: the middleware parses and matches it on every request.
const acceptLanguage = "pl-PL,pl;q=0.9,en-US;q=0.8,en;q=0.7"

func main() {
	conc := flag.Int("c", 8, "concurrent clients")
	dur := flag.Duration("d", 5*time.Second, "measuring time of each side")
	n := flag.Int("n", 0, "requests per side instead of a duration (0: use -d)")
	warm := flag.Duration("warmup", time.Second, "unmeasured load before each side")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the run to this file")
	flag.Parse()
	stopProfile := load.Profile(*cpuProfile)
	err := run(*conc, *dur, *n, *warm)
	stopProfile()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(conc int, dur time.Duration, n int, warm time.Duration) error {
	ctx := context.Background()
	logger := load.Logger()
	st, engine, closeStore, err := load.OpenStore(ctx, "list", logger)
	if err != nil {
		return err
	}
	defer closeStore()
	svc, err := load.NewService(st, logger, nil)
	if err != nil {
		return err
	}
	if seeded, err := svc.Reg.SeedDemo(ctx); err != nil || !seeded {
		return fmt.Errorf("seeding the demo catalogue: seeded=%v, %v", seeded, err)
	}
	base, stop, err := svc.Serve()
	if err != nil {
		return err
	}
	defer stop()

	fmt.Printf("store: %s; demo catalogue; %d clients; Accept-Language: %s\n", engine, conc, acceptLanguage)
	client := load.NewClient(conc)
	plan := load.Options{Concurrency: conc, Requests: n, Duration: dur}
	for _, ep := range []struct{ name, path, accept string }{
		{"page", "/", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"},
		{"API", "/api/v1/activities", "application/json"},
	} {
		h := http.Header{"Accept-Language": {acceptLanguage}, "Accept": {ep.accept}}
		svcReq := load.Request{URL: base + ep.path, Header: h}
		hdr, body, err := load.Fetch(client, svcReq)
		if err != nil {
			return err
		}
		if err := checkSeven(ep.path, body); err != nil {
			return err
		}
		ctype := hdr.Get("Content-Type")
		bareURL, stopBare, err := load.Serve(load.BareApp(ep.path, ctype, body))
		if err != nil {
			return err
		}
		at := func(url string, miss bool) func(int) load.Request {
			return func(i int) load.Request {
				if miss {
					return load.Request{URL: fmt.Sprintf("%s%s?nocache=%d", url, ep.path, i), Header: h}
				}
				return load.Request{URL: url + ep.path, Header: h}
			}
		}
		realRes, err := measure(client, plan, warm, at(base, false))
		var missRes, bareRes load.Result
		if err == nil {
			missRes, err = measure(client, plan, warm, at(base, true))
		}
		if err == nil {
			bareRes, err = measure(client, plan, warm, at(bareURL, false))
		}
		stopBare()
		if err != nil {
			return err
		}
		fmt.Printf("\n%s %s (%d bytes, %s)\n", ep.name, ep.path, len(body), ctype)
		fmt.Printf("  %-21s %s\n", "service:", realRes)
		fmt.Printf("  %-21s %s\n", "service, cache miss:", missRes)
		fmt.Printf("  %-21s %s\n", "bare Fiber:", bareRes)
		load.AtLeast(fmt.Sprintf("%s req/s service / bare Fiber", ep.name), realRes.Rate()/bareRes.Rate(), 0.30)
		fmt.Printf("info %s req/s on a cache miss / bare Fiber: %.3f (no target)\n", ep.name, missRes.Rate()/bareRes.Rate())
	}
	return nil
}

// measure warms req up, unmeasured, then loads it as plan says.
func measure(client *http.Client, plan load.Options, warm time.Duration, req func(i int) load.Request) (load.Result, error) {
	if warm > 0 {
		if _, err := load.Run(load.Options{Concurrency: plan.Concurrency, Duration: warm}, func(i int) error {
			return load.Hit(client, req(-1-i)) // numbers the measured run never uses
		}); err != nil {
			return load.Result{}, err
		}
	}
	return load.Run(plan, func(i int) error { return load.Hit(client, req(i)) })
}

// checkSeven makes sure the answer shows the whole demo catalogue, so
// that the figures are those of a list of seven activities, not of an
// error page or an empty list.
func checkSeven(path string, body []byte) error {
	n := bytes.Count(body, []byte(`<h3><a href="/activities/`))
	if path == "/api/v1/activities" {
		var page struct {
			Items []json.RawMessage `json:"items"`
		}
		if err := json.Unmarshal(body, &page); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		n = len(page.Items)
	}
	if n != 7 {
		return fmt.Errorf("%s shows %d activities, want the 7 of the demo catalogue", path, n)
	}
	return nil
}
