package models

import (
	"math/rand/v2"
	"time"
)

// How an activity gives a freed seat to its waiting list.
const (
	WaitlistAuto  = "auto"
	WaitlistOffer = "offer"
)

// Defaults of the place offers: a day to answer, and no offers in the
// last three hours before the start.
const (
	DefaultOfferHours       = 24
	DefaultOfferCutoffHours = 3
)

// SetWaitlistDefaults fills in the waiting-list settings an activity
// stored before they existed lacks, so that it validates like a new one.
func (a *Activity) SetWaitlistDefaults() {
	if a.WaitlistMode == "" {
		a.WaitlistMode = WaitlistAuto
		if a.OfferCutoffHours == 0 {
			a.OfferCutoffHours = DefaultOfferCutoffHours
		}
	}
	if a.OfferHours == 0 {
		a.OfferHours = DefaultOfferHours
	}
}

// Offers reports whether freed seats are offered rather than given.
func (a *Activity) Offers() bool { return a.WaitlistMode == WaitlistOffer }

// hours is h hours as a duration, to the millisecond.
func hours(h float64) time.Duration {
	return time.Duration(h * float64(time.Hour)).Truncate(time.Millisecond)
}

// OfferCutoff is the instant from which no seat is offered any more.
func (a *Activity) OfferCutoff() time.Time { return a.StartsAt.Add(-hours(a.OfferCutoffHours)) }

// OfferUntil is when an offer made at now expires: OfferHours later, but
// never after the cut-off, so that an answer always comes before the
// start. ok is false from the cut-off on: then no offer is made, and
// freed seats stay free (staff see who is waiting).
func (a *Activity) OfferUntil(now time.Time) (until time.Time, ok bool) {
	cutoff := a.OfferCutoff()
	if !now.Before(cutoff) {
		return time.Time{}, false
	}
	until = now.Add(hours(a.OfferHours))
	if until.After(cutoff) {
		until = cutoff
	}
	return until.UTC().Truncate(time.Millisecond), true
}

// OfferExpired reports whether an offered signup's time to answer is
// over at now.
func (su *Signup) OfferExpired(now time.Time) bool {
	return su.OfferExpiresAt != nil && !now.Before(*su.OfferExpiresAt)
}

// DrawPending reports whether the activity's draw is still to be made.
func (a *Activity) DrawPending() bool { return a.DrawAt != nil && a.DrawnAt == nil }

// DrawQueue is the Queue of the signup drawn at rank i (0-based) of n:
// just before the draw time, in drawn order, so the drawn waiting list
// comes before every signup made after the draw (their Queue is their
// signup time, later than DrawAt).
func DrawQueue(drawAt time.Time, n, i int) int64 {
	return QueueAt(drawAt) - int64(n) + int64(i)
}

// DrawOrder is the order of a draw among n signups (listed by signup
// time, then id): a permutation of 0..n-1, where DrawOrder(seed, n)[k] is
// the index of the signup drawn k-th. It is the Fisher–Yates shuffle
// driven by ChaCha8 (math/rand/v2) seeded with the 32-byte seed: for i
// from n-1 down to 1, swap i with IntN(i+1). The same seed and signups
// give the same order, so a draw recorded with its seed can be checked.
func DrawOrder(seed [32]byte, n int) []int {
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	r := rand.New(rand.NewChaCha8(seed))
	for i := n - 1; i > 0; i-- {
		j := r.IntN(i + 1)
		order[i], order[j] = order[j], order[i]
	}
	return order
}
