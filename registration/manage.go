package registration

import (
	"context"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/store"
)

// Manage tokens are the attendee's only key to their signup (see
// models.NewManageToken): random, one per link handed out, stored only as
// hashes, so that no copy of the store or of the data folder, secret key
// included, rebuilds a link. The answer to a signup carries one token;
// each email that carries the link carries its own, which the outbox
// issues with the email. Any of them opens the signup until it is erased.

// signupByToken finds the signup a manage token belongs to. Anything
// wrong (malformed, unknown, erased, not yet decided) is not_found.
func (s *Service) signupByToken(ctx context.Context, token string) (*models.Signup, error) {
	notFound := models.Errorf(models.ErrNotFound, "no signup for this token")
	if len(token) != models.ManageTokenLen {
		return nil, notFound
	}
	su, err := s.store.SignupByTokenHash(ctx, models.ManageTokenHash(token))
	if models.IsCode(err, models.ErrNotFound) {
		return nil, notFound
	}
	if err != nil {
		return nil, err
	}
	if su.ErasedAt != nil || su.Status == models.SignupPending {
		return nil, notFound
	}
	return su, nil
}

// ManagedSignup is what an attendee sees of their signup.
type ManagedSignup struct {
	Signup           models.Signup
	Activity         models.Activity
	WaitlistPosition int
	// OnlineURL is the activity's online link, given only to a signup
	// holding seats.
	OnlineURL string
	// CanCancel says whether the attendee may cancel now: the signup is
	// active and the activity neither cancelled nor started (CancelByToken
	// decides by the same rule).
	CanCancel bool
	// CanChange says the party and answers may change now (ChangeSignup
	// decides by the same rule).
	CanChange bool
	// CheckInURL is the signup's check-in address (CheckInURL), given
	// while it holds seats in an activity that is not cancelled.
	CheckInURL string
	// CertificateReady says the attendee may open their certificate
	// (CertificateByToken issues it).
	CertificateReady bool
	// Series is set for the manage token of a series signup: Signup and
	// Activity then describe it as a whole (its next date).
	Series *ManagedSeries
}

// SignupByToken returns the signup of a manage token.
func (s *Service) SignupByToken(ctx context.Context, token string) (*ManagedSignup, error) {
	su, err := s.signupByToken(ctx, token)
	if models.IsCode(err, models.ErrNotFound) {
		if ss, serr := s.seriesByToken(ctx, token); serr == nil {
			return s.managedSeries(ctx, ss)
		}
	}
	if err != nil {
		return nil, err
	}
	a, err := s.store.ActivityByID(ctx, su.ActivityID)
	if err != nil {
		return nil, err
	}
	m := &ManagedSignup{Signup: *su, Activity: *a, WaitlistPosition: a.WaitingPosition(su.ID)}
	if models.SignupHoldsSeat(su.Status) && a.Status != models.StatusCancelled {
		m.OnlineURL = a.Venue.OnlineURL
		m.CheckInURL = s.CheckInURL(su.ID)
	}
	m.CanCancel = models.SignupActive(su.Status) && a.Status != models.StatusCancelled && !a.Started(s.now())
	m.CanChange = s.changeAllowed(su, a) == nil
	m.CertificateReady = s.CertificateReady(su, a)
	return m, nil
}

// CancelByToken cancels the signup of a manage token and frees its seats
// for the waiting list. Cancelling a cancelled signup succeeds again;
// once the activity has started it is activity_started.
func (s *Service) CancelByToken(ctx context.Context, token string) (*models.Signup, error) {
	su, err := s.signupByToken(ctx, token)
	if models.IsCode(err, models.ErrNotFound) {
		if ss, serr := s.seriesByToken(ctx, token); serr == nil {
			// The whole series is left.
			if err := s.leaveSeries(ctx, ss, true); err != nil {
				return nil, err
			}
			return &models.Signup{ID: ss.ID, Status: models.SignupCancelled}, nil
		}
	}
	if err != nil {
		return nil, err
	}
	if su.Status != models.SignupCancelled {
		a, err := s.store.ActivityByID(ctx, su.ActivityID)
		if err != nil {
			return nil, err
		}
		if a.Started(s.now()) || !models.SignupActive(su.Status) {
			return nil, models.Errorf(models.ErrActivityStarted, "activity %s started", a.ID)
		}
	}
	su, _, err = s.cancelSignup(ctx, su.ID, su.ActivityID, models.CancelledByAttendee, true)
	return su, err
}

// EraseByToken cancels the signup of a manage token if it is active and
// erases its personal data (name, email, phone, answers) and the emails
// written to it, with the copies Agora keeps of them (.eml files); what
// remains counts anonymously in reports. Every manage link of the signup
// stops working. The emails go first, so that a failure leaves the token
// working for a retry; once the signup is erased, the store is scrubbed of
// the old copies (see Store.Scrub).
func (s *Service) EraseByToken(ctx context.Context, token string) error {
	su, err := s.signupByToken(ctx, token)
	if models.IsCode(err, models.ErrNotFound) {
		if ss, serr := s.seriesByToken(ctx, token); serr == nil {
			return s.eraseSeries(ctx, ss)
		}
	}
	if err != nil {
		return err
	}
	if _, _, err := s.cancelSignup(ctx, su.ID, su.ActivityID, models.CancelledByAttendee, false); err != nil &&
		!models.IsCode(err, models.ErrConflict) {
		return err
	}
	now := s.now().UTC()
	if err := s.eraseEmails(ctx, store.OutboxScope{SignupID: su.ID}, now); err != nil {
		return err
	}
	if err := s.eraseSignup(ctx, su.ID, su.ActivityID, now); err != nil {
		return err
	}
	s.scrub(ctx)
	return nil
}
