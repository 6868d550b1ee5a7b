// Package load is the plumbing every bench shares: a closed-loop load
// generator with latency percentiles, a keep-alive HTTP client, the real
// service and a bare Fiber app served on loopback, the store a bench runs
// on, an SMTP sink, and the PASS/MISS verdicts. Each bench measures its
// subject and its reference with the same code from here, in the same
// run, so that neither side is flattered by a different tool.
package load

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Options is how much load Run applies: Concurrency workers, each sending
// its next request as soon as its previous one is answered (closed loop,
// like browsers or API clients waiting for their answer), until Requests
// were sent or, when Requests is 0, until Duration has passed.
type Options struct {
	Concurrency int
	Requests    int
	Duration    time.Duration
}

// Result is what one Run measured.
type Result struct {
	Requests  int
	Elapsed   time.Duration
	Latencies []time.Duration // sorted, one per request
}

// Rate is requests per second over the whole run.
func (r Result) Rate() float64 { return float64(r.Requests) / r.Elapsed.Seconds() }

// P is the q-quantile latency (0 < q ≤ 1), nearest rank.
func (r Result) P(q float64) time.Duration { return Percentile(r.Latencies, q) }

// String is the one-line summary every bench prints.
func (r Result) String() string {
	return fmt.Sprintf("%6d req in %5.2fs  %9.1f req/s  p50 %8s  p99 %8s",
		r.Requests, r.Elapsed.Seconds(), r.Rate(), ms(r.P(0.50)), ms(r.P(0.99)))
}

// Percentile is the q-quantile of sorted latencies by nearest rank: a
// latency that was really observed, not an interpolation.
func Percentile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(float64(len(sorted))*q)) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

// ms formats a latency in milliseconds with enough digits for loopback.
func ms(d time.Duration) string { return fmt.Sprintf("%.3fms", float64(d)/float64(time.Millisecond)) }

// Run calls do(i) for i = 0, 1, … from o.Concurrency workers and times
// each call. The first error stops the run and is returned: a bench whose
// requests fail has no figures worth printing.
func Run(o Options, do func(i int) error) (Result, error) {
	if o.Concurrency < 1 || (o.Requests <= 0 && o.Duration <= 0) {
		return Result{}, errors.New("load: need a concurrency and a number of requests or a duration")
	}
	var (
		next    atomic.Int64
		stopped atomic.Bool
		first   error
		once    sync.Once
		wg      sync.WaitGroup
	)
	lat := make([][]time.Duration, o.Concurrency)
	start := time.Now()
	deadline := start.Add(o.Duration)
	for w := range o.Concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stopped.Load() {
				i := int(next.Add(1) - 1)
				if o.Requests > 0 && i >= o.Requests || o.Requests <= 0 && !time.Now().Before(deadline) {
					return
				}
				t := time.Now()
				if err := do(i); err != nil {
					once.Do(func() { first = fmt.Errorf("request %d: %w", i, err) })
					stopped.Store(true)
					return
				}
				lat[w] = append(lat[w], time.Since(t))
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	if first != nil {
		return Result{}, first
	}
	all := slices.Concat(lat...)
	slices.Sort(all)
	return Result{Requests: len(all), Elapsed: elapsed, Latencies: all}, nil
}
