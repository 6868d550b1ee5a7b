package registration

import (
	"context"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/notifications"
)

// promoteBatch is how many waitlisted signups are read at a time.
const promoteBatch = 100

// promote gives free seats of an activity to its waiting list; see
// promoteLocked.
func (s *Service) promote(ctx context.Context, activityID string) error {
	unlock := s.locks.Lock(activityID)
	defer unlock()
	return s.promoteLocked(ctx, activityID)
}

// promoteLocked walks the waiting list in signup order and confirms every
// signup whose whole party fits into the free seats; a party too large
// for them does not block smaller ones behind it. Each promotion claims
// the seats, queues the promotion email, then confirms the signup, so a
// crash leaves at worst a waitlisted seat holder, which the reconciler
// confirms. Nothing is promoted once the activity has started or if it is
// not published. The caller holds the activity lock.
func (s *Service) promoteLocked(ctx context.Context, activityID string) error {
	a, err := s.store.ActivityByID(ctx, activityID)
	if err != nil {
		return err
	}
	if a.Status != models.StatusPublished || !s.now().Before(a.StartsAt) {
		return nil
	}
	var after int64
	for a.Capacity-a.SeatsTaken > 0 {
		batch, err := s.store.WaitlistedSignups(ctx, a.ID, after, promoteBatch)
		if err != nil {
			return err
		}
		for i := range batch {
			su := &batch[i]
			after = su.Seq
			if su.PartySize > a.Capacity-a.SeatsTaken {
				continue
			}
			holder := models.SeatHolder{SignupID: su.ID, Party: su.PartySize}
			claimed, fresh, err := s.claimSeats(ctx, a.ID, holder)
			if err != nil {
				return err
			}
			if fresh.Status != models.StatusPublished {
				return nil
			}
			if claimed && !fresh.HoldsSeats(su.ID) {
				// fresh was read just before the claim
				fresh.SeatsTaken += su.PartySize
				fresh.SeatHolders = append(fresh.SeatHolders, holder)
			}
			a = fresh
			if claimed {
				if err := s.confirmPromoted(ctx, su, a); err != nil {
					return err
				}
			}
			if a.Capacity-a.SeatsTaken <= 0 {
				return nil
			}
		}
		if len(batch) < promoteBatch {
			return nil
		}
	}
	return nil
}

// confirmPromoted tells a waitlisted signup that now holds seats, then
// confirms it.
func (s *Service) confirmPromoted(ctx context.Context, su *models.Signup, a *models.Activity) error {
	faultPoint("promote:claimed")
	su.Status = models.SignupConfirmed
	if err := s.queueSignupEmail(ctx, notifications.KindPromoted, su, a, 0); err != nil {
		return err
	}
	_, err := s.store.SetSignupStatus(ctx, su.ID, []string{models.SignupWaitlisted}, models.SignupConfirmed, 0, s.now().UTC())
	return err
}
