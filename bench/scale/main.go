// Command scale measures how the service's answers grow with its data:
// the same catalogue (about 500 activities of three libraries, mostly
// past, some upcoming) holding 1,000 and then 100,000 signups, each with
// its email. One upcoming target activity holds the same 100 signups in
// both, so its pages are compared on the same content while the data
// around it grows 100×.
//
// Each size is seeded through the real use cases into a fresh data
// directory (the bench opens the SQLite store itself, then closes it),
// and the service runs on it as a child process, the binary built from
// ./app, as it ships. Measured over HTTP: the p50 of 200 requests one
// after the other (after 20 unmeasured) and of 400 at 8 clients, for the
// public list and the target's page, its staff attendee list and CSV, the
// attendance report over every activity, and a signup to the target; then
// (after reading memory, since each fills the public cache) the public
// pages as cache misses.
//
// Reference: the same measurement at 1,000 signups, in the same run.
// Targets: p50 at 100k / p50 at 1k ≤ 2.0 for each; at 100k, start-up
// (process start to /readyz 200) < 2 s and resident memory after the
// measurements < 150 MB.
//
// Run: go run ./bench/scale [-small 1000] [-large 100000]. It needs the
// embedded SQLite store (MONGODB_URI is not passed to the service).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/agora-events/agora/bench/internal/load"
)

func main() {
	small := flag.Int("small", 1000, "signups in the small data set")
	large := flag.Int("large", 100000, "signups in the large data set")
	acts := flag.Int("activities", 500, "activities in each data set")
	target := flag.Int("target", 100, "signups of the target activity in each data set (at most 100)")
	seqN := flag.Int("n", 200, "requests measured one after the other")
	concN := flag.Int("cn", 400, "requests measured at -c clients")
	conc := flag.Int("c", 8, "concurrent clients")
	keep := flag.Bool("keep", false, "keep the data directories (printed)")
	flag.Parse()
	if *target > 100 || *target < 1 || *small <= *target {
		fmt.Fprintln(os.Stderr, "bench: want 1 ≤ -target ≤ 100 and -small > -target")
		os.Exit(2)
	}
	p := params{shape: shape{activities: *acts, upcoming: max(1, *acts*7/100), target: *target},
		sizes: []int{*small, *large}, seqN: *seqN, concN: *concN, conc: *conc, keep: *keep}
	if err := run(p); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

type params struct {
	shape             shape
	sizes             []int
	seqN, concN, conc int
	keep              bool
}

// result is one size's measurements.
type result struct {
	ds        *dataset
	startup   time.Duration
	rss, peak float64
	// rssAfterMisses is VmRSS after the cache misses too, which fill the
	// public cache with a page per address.
	rssAfterMisses float64
	figures        []figures
}

func run(p params) error {
	ctx := context.Background()
	tmp, err := os.MkdirTemp("", "agora-bench-scale-")
	if err != nil {
		return err
	}
	if !p.keep {
		defer os.RemoveAll(tmp)
	}
	fmt.Fprintln(os.Stderr, "building ./app …")
	bin, err := load.BuildApp(tmp)
	if err != nil {
		return err
	}
	sink, err := load.StartSink()
	if err != nil {
		return err
	}
	defer sink.Close()

	var results []result
	for _, size := range p.sizes {
		sh := p.shape
		sh.total = size
		dir, err := os.MkdirTemp(tmp, fmt.Sprintf("data-%d-", size))
		if err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "seeding %d signups over %d activities into %s …\n", size, sh.activities, dir)
		ds, err := seed(ctx, dir, sh)
		if err != nil {
			return fmt.Errorf("seeding %d: %w", size, err)
		}
		r, err := runService(bin, sink, ds, p)
		if err != nil {
			return fmt.Errorf("at %d signups: %w", size, err)
		}
		results = append(results, r)
		if !p.keep {
			_ = os.RemoveAll(dir)
		}
	}
	report(p, results)
	return nil
}

// runService starts the built service on ds, measures it, reads its
// memory and stops it.
func runService(bin string, sink *load.Sink, ds *dataset, p params) (result, error) {
	addr, err := load.FreeAddr()
	if err != nil {
		return result{}, err
	}
	proc, err := load.StartProcess(bin, map[string]string{
		"DATA_DIR": ds.dir, "ADDR": addr, "BASE_URL": load.BaseURL, "SECRET_KEY": load.SecretKey,
		"DEMO_DATA": "false", "SIGNUP_RATE_PER_MINUTE": "0", "LOGIN_RATE_PER_MINUTE": "0",
		"ADMIN_EMAIL": adminEmail, "ADMIN_PASSWORD": adminPassword, "LOG_LEVEL": "warn",
		"SMTP_URL": sink.URL(), // confirmation emails of the measured signups go out as in production
	})
	if err != nil {
		return result{}, err
	}
	r := result{ds: ds, startup: proc.Startup}
	client := load.NewClient(p.conc)
	stop := func(err error) (result, error) {
		if serr := proc.Stop(); err == nil && serr != nil {
			err = fmt.Errorf("stopping the service: %w", serr)
		}
		return r, err
	}
	token, err := login(client, proc.URL)
	if err != nil {
		return stop(err)
	}
	eps := endpoints(proc.URL, token, ds)
	if err := check(client, eps, ds); err != nil {
		return stop(err)
	}
	if r.figures, err = measure(client, eps[:epListMiss], 20, p.seqN, p.concN, p.conc); err != nil {
		return stop(err)
	}
	if r.rss, r.peak, err = proc.Memory(); err != nil {
		return stop(err)
	}
	misses, err := measure(client, eps[epListMiss:], 20, p.seqN, p.concN, p.conc)
	if err != nil {
		return stop(err)
	}
	r.figures = append(r.figures, misses...)
	if r.rssAfterMisses, _, err = proc.Memory(); err != nil {
		return stop(err)
	}
	return stop(nil)
}

func report(p params, rs []result) {
	small, large := rs[0], rs[len(rs)-1]
	var names []string
	for _, ep := range endpoints("", "", &dataset{}) {
		names = append(names, ep.name)
	}
	fmt.Printf("data: %d activities (%d upcoming) of 3 libraries; signups %d and %d, each with its email, all recorded sent\n",
		p.shape.activities, p.shape.upcoming, small.ds.shape.total, large.ds.shape.total)
	fmt.Printf("target activity: upcoming, %d signups in both sizes (its pages are compared on the same content)\n", p.shape.target)
	for _, r := range rs {
		fmt.Printf("seeded %6d signups through SignUp in %6.1fs (%4.0f/s), emails recorded sent in %4.1fs, database %5.1f MB (%.1f MB free pages)\n",
			r.ds.shape.total, r.ds.seedTime.Seconds(), float64(r.ds.shape.total)/r.ds.seedTime.Seconds(),
			r.ds.deliverTime.Seconds(), float64(r.ds.databaseSize)/(1<<20), float64(r.ds.freeSize)/(1<<20))
	}
	fmt.Printf("\np50 over HTTP: %d sequential requests, and %d at %d clients (after 20 unmeasured)\n", p.seqN, p.concN, p.conc)
	sn, ln := size(small.ds.shape.total), size(large.ds.shape.total)
	fmt.Printf("%-28s %10s %10s %6s   %10s %10s %6s\n", "p50", "seq "+sn, "seq "+ln, "ratio",
		fmt.Sprintf("c=%d %s", p.conc, sn), fmt.Sprintf("c=%d %s", p.conc, ln), "ratio")
	for k, name := range names {
		a, b := small.figures[k], large.figures[k]
		fmt.Printf("%-28s %10s %10s %6.2f   %10s %10s %6.2f\n", name,
			msStr(a.seq.P(0.5)), msStr(b.seq.P(0.5)), ratio(b.seq.P(0.5), a.seq.P(0.5)),
			msStr(a.conc.P(0.5)), msStr(b.conc.P(0.5)), ratio(b.conc.P(0.5), a.conc.P(0.5)))
	}
	fmt.Println()
	for k, name := range names {
		a, b := small.figures[k], large.figures[k]
		load.AtMost(fmt.Sprintf("%s: p50 %s / %s, sequential", name, ln, sn), ratio(b.seq.P(0.5), a.seq.P(0.5)), 2.0, "")
		load.AtMost(fmt.Sprintf("%s: p50 %s / %s, c=%d", name, ln, sn, p.conc), ratio(b.conc.P(0.5), a.conc.P(0.5)), 2.0, "")
	}
	fmt.Printf("\nstart-up (process start to /readyz 200, page cache warm from seeding): %.3fs at %s, %.3fs at %s\n",
		small.startup.Seconds(), sn, large.startup.Seconds(), ln)
	fmt.Printf("memory after the measurements: VmRSS %.1f MB at %s, %.1f MB at %s; peak VmHWM %.1f MB, %.1f MB\n",
		small.rss, sn, large.rss, ln, small.peak, large.peak)
	fmt.Printf("after the cache-miss measurements as well (each fills the public cache with another page): VmRSS %.1f MB at %s, %.1f MB at %s\n",
		small.rssAfterMisses, sn, large.rssAfterMisses, ln)
	load.Below("start-up at "+ln, large.startup.Seconds(), 2.0, "s")
	load.Below("VmRSS at "+ln+" after the measurements", large.rss, 150, " MB")
	load.Below("peak VmHWM at "+ln, large.peak, 150, " MB")
}

// size names a number of signups the way the targets do: 1k, 100k.
func size(n int) string {
	if n%1000 == 0 {
		return fmt.Sprintf("%dk", n/1000)
	}
	return fmt.Sprint(n)
}

func ratio(a, b time.Duration) float64 { return float64(a) / float64(b) }

func msStr(d time.Duration) string {
	return fmt.Sprintf("%.2fms", float64(d)/float64(time.Millisecond))
}
