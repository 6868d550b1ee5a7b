// Package registration holds every use case and every business rule of
// Agora: staff accounts and authorisation, activities, signups with their
// seats and waiting list, cancellations, promotion, check-in, and the
// housekeeping that repairs and purges. Handlers call it; it calls the
// store and queues emails through notifications.
package registration

import (
	"log/slog"
	"time"

	"github.com/agora-events/agora/store"
)

// Service is the entry point of every use case. It is safe for concurrent
// use.
type Service struct {
	store  *store.Store
	now    func() time.Time
	logger *slog.Logger
	locks  *keyedMutex
}

// Options configures a Service.
type Options struct {
	Store  *store.Store
	Logger *slog.Logger
	// Now is the clock; tests move it. Defaults to time.Now.
	Now func() time.Time
}

// New returns a Service.
func New(o Options) *Service {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	return &Service{store: o.Store, now: o.Now, logger: o.Logger, locks: newKeyedMutex()}
}
