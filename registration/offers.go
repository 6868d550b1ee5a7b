package registration

import (
	"context"
	"errors"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/notifications"
)

// Place offers. On an activity whose WaitlistMode is offer, a freed seat
// is not confirmed to the next person who fits but offered to them
// (tellSeated): the signup moves to the seat holders — the seat counts as
// taken from then on, so it is never given to two people — and becomes
// offered until its OfferExpiresAt, with an email whose links lead to the
// offer page. Offers are records in the store (the signup's status and
// expiry), so a restart loses none: the scheduler's ExpireOffers passes
// every overdue one on, whenever it runs.

// expireBatch bounds how many overdue offers are read at a time.
const expireBatch = 100

// AcceptOffer confirms the signup of a manage token in the seat offered
// to it. Accepting again is fine (the signup is confirmed: it says so);
// after the offer expired it is offer_expired, whether or not the
// scheduler has passed the seat on yet. The confirmation email is queued
// under the same de-duplication key as every promotion, so a repeat,
// even across a restart, never sends a second one.
func (s *Service) AcceptOffer(ctx context.Context, token string) (*models.Signup, error) {
	su, err := s.signupByToken(ctx, token)
	if err != nil {
		return nil, err
	}
	unlock := s.locks.Lock(su.ActivityID)
	defer unlock()
	err = s.atomic(ctx, func(ctx context.Context) error {
		if su, err = s.store.SignupByID(ctx, su.ID); err != nil {
			return err
		}
		switch {
		case models.SignupHoldsSeat(su.Status) && su.Status != models.SignupOffered:
			return nil // accepted before
		case su.Status == models.SignupCancelled && su.CancelledBy == models.CancelledByOfferExpired,
			su.Status == models.SignupOffered && su.OfferExpired(s.now()):
			return models.Errorf(models.ErrOfferExpired, "offer to signup %s expired", su.ID)
		case su.Status != models.SignupOffered:
			return models.Errorf(models.ErrConflict, "signup %s is %s, not offered a seat", su.ID, su.Status)
		}
		a, err := s.store.ActivityByID(ctx, su.ActivityID)
		if err != nil {
			return err
		}
		if a.Status == models.StatusCancelled {
			return models.Errorf(models.ErrActivityCancelled, "activity %s cancelled", a.ID)
		}
		su.Status = models.SignupConfirmed
		if err := s.queueSignupEmail(ctx, notifications.KindPromoted, su, a, 0); err != nil {
			return err
		}
		_, err = s.store.SetSignupStatus(ctx, su.ID, []string{models.SignupOffered}, models.SignupConfirmed, s.now().UTC())
		return err
	})
	if err != nil {
		return nil, err
	}
	return su, nil
}

// DeclineOffer cancels the signup of a manage token that was offered a
// seat, and offers the seat to the next person. Declining again is fine
// (the signup is cancelled); so is declining an offer that just expired
// (the person does not want it either way). A signup that holds a seat
// it accepted is cancelled through the ordinary cancellation instead.
func (s *Service) DeclineOffer(ctx context.Context, token string) (*models.Signup, error) {
	su, err := s.signupByToken(ctx, token)
	if err != nil {
		return nil, err
	}
	switch su.Status {
	case models.SignupCancelled:
		return su, nil
	case models.SignupOffered:
	default:
		return nil, models.Errorf(models.ErrConflict, "signup %s is %s, not offered a seat", su.ID, su.Status)
	}
	su, _, err = s.cancelSignup(ctx, su.ID, su.ActivityID, models.CancelledByAttendee, true)
	return su, err
}

// ExpireOffers passes on every offer whose time ran out: the signup is
// cancelled (CancelledByOfferExpired) and told so, its seat released and
// offered to the next person who fits (promoteCounted, which makes no
// offer from the cut-off on). The scheduler runs it, start-up included,
// so an offer that expired while the process was down is passed on as
// soon as it is back. Each step is idempotent (cancelSignup).
func (s *Service) ExpireOffers(ctx context.Context) error {
	var errs []error
	seen := map[string]bool{}
	for {
		batch, err := s.store.ExpiredOffers(ctx, s.now().UTC(), expireBatch)
		if err != nil {
			return err
		}
		progress := false
		for _, su := range batch {
			if seen[su.ID] {
				continue
			}
			seen[su.ID], progress = true, true
			if err := s.expireOffer(ctx, su.ID, su.ActivityID); err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				s.logger.Error("offers: expire", "signup_id", su.ID, "err", err)
				errs = append(errs, err)
			}
		}
		if len(batch) < expireBatch || !progress {
			return errors.Join(errs...)
		}
	}
}

// expireOffer passes on one offer, if it is still offered and overdue
// under the activity's lock (it may have been accepted meanwhile).
func (s *Service) expireOffer(ctx context.Context, signupID, activityID string) error {
	unlock := s.locks.Lock(activityID)
	defer unlock()
	return s.atomic(ctx, func(ctx context.Context) error {
		su, err := s.store.SignupByID(ctx, signupID)
		if err != nil {
			return err
		}
		if su.Status != models.SignupOffered || !su.OfferExpired(s.now()) {
			return nil
		}
		a, err := s.store.ActivityByID(ctx, activityID)
		if err != nil {
			return err
		}
		now := s.now().UTC()
		// Told first (the outbox ignores a repeat), then cancelled: a
		// crash between leaves an offered signup the next pass finishes.
		told := *su
		told.Status, told.CancelledBy = models.SignupCancelled, models.CancelledByOfferExpired
		if err := s.queueSignupEmail(ctx, notifications.KindOfferExpired, &told, a, 0); err != nil {
			return err
		}
		if _, err := s.store.CancelSignup(ctx, su.ID, models.CancelledByOfferExpired, now); err != nil {
			return err
		}
		freed, err := s.unplace(ctx, a, su.ID)
		if err != nil {
			return err
		}
		s.logger.Info("offers: an offer expired and passes on", "activity_id", a.ID, "signup_id", su.ID)
		if freed {
			_, err = s.promoteCounted(ctx, activityID)
		}
		return err
	})
}
