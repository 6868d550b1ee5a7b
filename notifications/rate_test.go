package notifications

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/agora-events/agora/notifications/smtptest"
)

// receiptSpread queues n emails, starts delivery with the given rate, and
// returns the time between the server's first and last receipt.
func receiptSpread(t *testing.T, n int, ratePerSecond float64) time.Duration {
	t.Helper()
	o, st := newTestOutbox(t)
	srv := smtptest.Start(t)
	ctx := context.Background()
	for i := range n {
		e := emailFor(KindConfirmed, fmt.Sprintf("s%d", i), fmt.Sprintf("guest%d@example.org", i), "en")
		if err := o.QueueSignupEmail(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	opts := smtpOptions(st, srv, o)
	opts.RatePerSecond = ratePerSecond
	runDelivery(t, opts)
	srv.WaitFor(1, 30*time.Second)
	first := time.Now()
	msgs := srv.WaitFor(n, 60*time.Second)
	spread := time.Since(first)
	seen := map[string]bool{}
	for _, m := range msgs {
		seen[m.To[0]] = true
	}
	if len(msgs) != n || len(seen) != n {
		t.Fatalf("%d messages to %d addresses, want %d each", len(msgs), len(seen), n)
	}
	return spread
}

// TestMailRatePerSecond: MAIL_RATE_PER_SECOND spreads delivery over time
// at the relay, not only on average: at 5 per second (a burst of 5), 20
// emails cannot reach the server in less than (20-5)/5 = 3 s. Only a lower
// bound is asserted for the limited case.
func TestMailRatePerSecond(t *testing.T) {
	const n, rate = 20, 5
	const least = 2500 * time.Millisecond // 3 s less scheduling slack
	t.Run("OKLimited", func(t *testing.T) {
		if spread := receiptSpread(t, n, rate); spread < least {
			t.Fatalf("%d emails at %d/s arrived within %v, want at least %v", n, rate, spread, least)
		}
	})
	t.Run("OKUnlimitedIsFaster", func(t *testing.T) {
		// Shows the limited case measures the limiter, not a slow server.
		if spread := receiptSpread(t, n, 0); spread >= least {
			t.Fatalf("without a rate %d emails took %v, not faster than %v", n, spread, least)
		}
	})
}
