package registration

import (
	"context"
	"time"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/notifications"
)

// promote gives free seats of an activity to its waiting list; see
// promoteLocked.
func (s *Service) promote(ctx context.Context, activityID string) error {
	unlock := s.locks.Lock(activityID)
	defer unlock()
	return s.atomic(ctx, func(ctx context.Context) error { return s.promoteLocked(ctx, activityID) })
}

// promoteLocked is promoteCounted for callers that only need it done.
func (s *Service) promoteLocked(ctx context.Context, activityID string) error {
	_, err := s.promoteCounted(ctx, activityID)
	return err
}

// promoteCounted walks the waiting list in signup order and confirms every
// signup whose whole party fits into the free seats; a party too large
// for them does not block smaller ones behind it. Each promotion moves the
// signup from the waiting list to the seat holders in one update of the
// activity, queues the promotion email, then confirms the signup, so a
// crash leaves at worst a waitlisted seat holder, which the reconciler
// confirms. Nothing is promoted once the activity has started or if it is
// not published. The caller holds the activity lock. It reports how many
// signups moved up, so that staff are told the truth about a cancellation.
func (s *Service) promoteCounted(ctx context.Context, activityID string) (promoted int, err error) {
	a, err := s.store.ActivityByID(ctx, activityID)
	if err != nil {
		return 0, err
	}
	for i, attempts := 0, 0; i < len(a.WaitingList); {
		if a.Status != models.StatusPublished || a.Started(s.now()) || a.SeatsLeft() == 0 {
			return promoted, nil
		}
		if _, ok := a.OfferUntil(s.now()); a.Offers() && !ok {
			// Inside the cut-off: no more offers; the seats stay free
			// and staff see who is waiting.
			return promoted, nil
		}
		w := a.WaitingList[i]
		if !a.Fits(w.Party) {
			i++
			continue
		}
		after, err := s.store.PromoteFromWaitingList(ctx, a, w)
		if err != nil {
			return promoted, err
		}
		if after == nil {
			// Changed meanwhile (another instance, on MongoDB): start over.
			if attempts++; attempts > maxPlaceAttempts {
				return promoted, models.Errorf(models.ErrConflict, "activity %s keeps changing", a.ID)
			}
			if a, err = s.store.ActivityByID(ctx, activityID); err != nil {
				return promoted, err
			}
			i = 0
			continue
		}
		a = after // w left the list: index i is now the next one
		faultPoint("promote:moved")
		var confirmed bool
		if a, confirmed, err = s.confirmPromoted(ctx, w, a); err != nil {
			return promoted, err
		}
		if confirmed {
			promoted++
		}
	}
	return promoted, nil
}

// confirmPromoted tells a signup just moved to the seat holders, then
// confirms it (or, on an activity that offers freed seats, offers it the
// seat: see tellSeated), and returns the activity as it is now. A signup
// found cancelled (a crash interrupted its cancellation) gives its seats
// back; confirmed says whether the signup got the seat, not gave it back.
func (s *Service) confirmPromoted(ctx context.Context, h models.SeatHolder, a *models.Activity) (_ *models.Activity, confirmed bool, err error) {
	su, err := s.store.SignupByID(ctx, h.SignupID)
	if err != nil && !models.IsCode(err, models.ErrNotFound) {
		return nil, false, err
	}
	if su == nil || (su.Status != models.SignupWaitlisted && su.Status != models.SignupPending) {
		after, err := s.store.ReleaseSeats(ctx, a, h)
		if err != nil || after == nil {
			return a, false, err
		}
		return after, false, nil
	}
	err = s.tellSeated(ctx, su, a, s.now().UTC())
	return a, err == nil, err
}

// tellSeated settles a pending or waitlisted signup that the activity
// says holds seats: on an activity in offer mode, a waitlisted one is
// offered the seat until OfferUntil (the seat stays counted as taken, so
// it is never given twice); otherwise, or from the cut-off on (the seat
// is held already), it is confirmed. The email goes first (the outbox
// ignores a repeat), then the status, conditional on the one read.
func (s *Service) tellSeated(ctx context.Context, su *models.Signup, a *models.Activity, now time.Time) error {
	from := su.Status
	if until, ok := a.OfferUntil(now); a.Offers() && ok && from == models.SignupWaitlisted {
		su.Status, su.OfferExpiresAt = models.SignupOffered, &until
		if err := s.queueSignupEmail(ctx, notifications.KindOffered, su, a, 0); err != nil {
			return err
		}
		_, err := s.store.OfferSignup(ctx, su.ID, []string{from}, until, now)
		return err
	}
	su.Status = models.SignupConfirmed
	kind := notifications.KindPromoted
	if from == models.SignupPending {
		kind = notifications.KindConfirmed // it was never told it was waiting
	}
	if err := s.queueSignupEmail(ctx, kind, su, a, 0); err != nil {
		return err
	}
	_, err := s.store.SetSignupStatus(ctx, su.ID, []string{from}, models.SignupConfirmed, now)
	return err
}
