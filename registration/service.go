// Package registration holds every use case and every business rule of
// Agora: staff accounts and authorisation, activities, signups with their
// seats and waiting list, cancellations, promotion, check-in, reminders,
// and the housekeeping that repairs and purges. Handlers call it; it calls
// the store and queues emails through one port, Mailer (notifications'
// outbox). The capacity rules themselves are models' predicates; the
// addresses it hands out are templates the HTTP layer gives (Links).
package registration

import (
	"context"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/agora-events/agora/models"
)

// Service is the entry point of every use case. It is safe for concurrent
// use.
type Service struct {
	store  Store
	now    func() time.Time
	logger *slog.Logger
	locks  *keyedMutex
	mail   Mailer
	secret []byte
	links  Links
	// mailCopies erases the kept copies of erased emails.
	mailCopies MailCopies
	// logins limits failed logins per client IP and per email.
	logins *failureLimiter
	// passwords bounds the argon2 work of logins running at once.
	passwords *passwordWork
	// changeDelay is how long a schedule change waits before it is
	// announced, so that edits in that window make one email.
	changeDelay time.Duration
	// checkInOpensBefore is how long before the start check-in opens
	// (models.CheckInOpen).
	checkInOpensBefore time.Duration
	// messageBatch is how many message recipients are read and queued
	// at a time (defaultMessageBatch; tests make it small).
	messageBatch int
	// lastSignupMS is the time of the latest signup of this process, in
	// Unix milliseconds (see signupTime).
	lastSignupMS atomic.Int64
	// publicVersion changes whenever this process may have changed what
	// the public sees (see PublicVersion).
	publicVersion atomic.Uint64
}

// PublicVersion changes whenever this process may have changed something
// the public sees: an activity, its seats or waiting list, an
// organisation. Caches of public pages keep an answer only while it is
// unchanged (other instances on a shared MongoDB are not seen: such
// caches also expire after a short time).
func (s *Service) PublicVersion() uint64 { return s.publicVersion.Load() }

// publicChanged records a change the public may see.
func (s *Service) publicChanged() { s.publicVersion.Add(1) }

// signupTime is the time of a new signup: now, to the millisecond (what
// both stores keep), but always later than the signup before it in this
// process. The waiting list is in signup-time order (models.SeatHolder's
// Queue), and the staff list in (created_at, id) order: unique times keep
// the two the same, and two requests a millisecond apart in the order
// they arrived, whichever takes the activity's lock first.
func (s *Service) signupTime() time.Time {
	ms := s.now().UnixMilli()
	for {
		last := s.lastSignupMS.Load()
		next := max(ms, last+1)
		if s.lastSignupMS.CompareAndSwap(last, next) {
			return time.UnixMilli(next).UTC()
		}
	}
}

// atomic runs fn through store.Atomic, a change the public may see.
func (s *Service) atomic(ctx context.Context, fn func(ctx context.Context) error) error {
	defer s.publicChanged()
	return s.store.Atomic(ctx, fn)
}

// Options configures a Service.
type Options struct {
	Store  Store
	Logger *slog.Logger
	// Now is the clock; tests move it. Defaults to time.Now.
	Now func() time.Time
	// Mail queues emails; nil sends none (and refuses organiser
	// messages, whose senders count on them; see noMail).
	Mail Mailer
	// MailCopies erases the copies of sent emails kept by the delivery;
	// nil: none are kept.
	MailCopies MailCopies
	// SecretKey seals the answers kept for Idempotency-Keys.
	SecretKey string
	// Links are the addresses the use cases hand out.
	Links Links
	// LoginRatePerMinute is how many failed logins one client IP, or one
	// email, may make per minute; 0 turns the limit off.
	LoginRatePerMinute int
	// PasswordSlots is how many login password checks may run at once;
	// 0 sizes it from the CPUs and the memory limit (passwordSlots).
	PasswordSlots int
	// ChangeNoticeDelay is how long the "changed" emails of an edit of a
	// published activity's time or place wait, so that further edits in
	// that window update them instead of sending more (0: due at once).
	ChangeNoticeDelay time.Duration
	// CheckInOpensBefore is how long before an activity's start staff may
	// check people in; 0 means models.DefaultCheckInOpensBefore.
	CheckInOpensBefore time.Duration
}

// Links are the addresses that use cases hand out, as templates that the
// HTTP layer gives (its route patterns at the public address, wired in
// app): registration fills in the tokens and writes no path itself.
type Links struct {
	// Manage is an attendee's page for their signup, which the answer
	// to a signup links to.
	Manage models.LinkTemplate
	// Invitation is where a new staff member chooses a password.
	Invitation models.LinkTemplate
	// CheckIn is the address a signup's QR code opens (CheckInURL).
	CheckIn models.LinkTemplate
}

// New returns a Service.
func New(o Options) *Service {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Mail == nil {
		o.Mail = noMail{logger: o.Logger}
	}
	if o.CheckInOpensBefore <= 0 {
		o.CheckInOpensBefore = models.DefaultCheckInOpensBefore
	}
	if o.MailCopies == nil {
		o.MailCopies = noCopies{}
	}
	return &Service{store: o.Store, now: o.Now, logger: o.Logger, locks: newKeyedMutex(),
		mail: o.Mail, secret: []byte(o.SecretKey), links: o.Links,
		mailCopies:   o.MailCopies,
		logins:       newFailureLimiter(o.LoginRatePerMinute, time.Minute),
		passwords:    newPasswordWork(o.PasswordSlots),
		messageBatch: defaultMessageBatch, changeDelay: max(o.ChangeNoticeDelay, 0),
		checkInOpensBefore: o.CheckInOpensBefore}
}
