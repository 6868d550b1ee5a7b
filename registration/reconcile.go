package registration

import (
	"context"
	"errors"
	"time"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/notifications"
)

// PendingGrace is how long a signup may stay pending before the scheduled
// reconciler finishes it: far longer than any request takes, so that it
// does not race requests in flight (if it does, every step is idempotent).
const PendingGrace = 2 * time.Minute

// reconcileBatch bounds how many signups are read at a time.
const reconcileBatch = 200

// Reconcile repairs what a crash between the steps of a signup, a
// cancellation or a promotion may have left, for every activity that has
// not ended; the scheduler runs it. For each activity, under its lock, it
// trusts the activity document's seat holders: holders whose signup is
// cancelled (or gone) are released; holders whose signup is pending or
// waitlisted are confirmed and told; signups pending for longer than
// PendingGrace are finished; seats_taken is recomputed from the holders;
// then the waiting list is promoted. It also removes expired
// Idempotency-Keys.
func (s *Service) Reconcile(ctx context.Context) error {
	return s.reconcile(ctx, s.now().Add(-PendingGrace))
}

// ReconcileAtStart is Reconcile for the start of the process, when no
// request of this process is in flight: every pending signup is finished.
// On the embedded store, which no other process shares, the requests that
// held Idempotency-Keys died with the previous process: their retries may
// resume at once instead of waiting for the keys' leases to end.
func (s *Service) ReconcileAtStart(ctx context.Context) error {
	if s.store.Embedded() {
		now := s.now().UTC().Truncate(time.Millisecond)
		if _, err := s.store.ReleaseAllIdempotencyLeases(ctx, now); err != nil {
			return err
		}
	}
	return s.reconcile(ctx, s.now().Add(time.Second))
}

func (s *Service) reconcile(ctx context.Context, pendingBefore time.Time) error {
	now := s.now().UTC()
	var errs []error
	err := s.store.EachActivityToReconcile(ctx, now, func(id string) error {
		if err := s.reconcileActivity(ctx, id, pendingBefore); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			// One broken activity must not stop the repair of the others.
			s.logger.Error("reconcile: activity", "activity_id", id, "err", err)
			errs = append(errs, err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if _, err := s.store.DeleteExpiredIdempotencyKeys(ctx, now); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// ReconcileActivity repairs one activity; see Reconcile.
func (s *Service) ReconcileActivity(ctx context.Context, activityID string) error {
	return s.reconcileActivity(ctx, activityID, s.now().Add(-PendingGrace))
}

func (s *Service) reconcileActivity(ctx context.Context, activityID string, pendingBefore time.Time) error {
	unlock := s.locks.Lock(activityID)
	defer unlock()
	a, err := s.store.ActivityByID(ctx, activityID)
	if err != nil {
		return err
	}
	for start := 0; start < len(a.SeatHolders); start += reconcileBatch {
		holders := a.SeatHolders[start:min(start+reconcileBatch, len(a.SeatHolders))]
		if err := s.reconcileHolders(ctx, a, holders); err != nil {
			return err
		}
	}
	if a, err = s.store.ActivityByID(ctx, activityID); err != nil {
		return err
	}
	if fixed, err := s.store.RepairSeatsTaken(ctx, a); err != nil {
		return err
	} else if fixed {
		s.logger.Warn("reconcile: seats_taken repaired", "activity_id", a.ID, "was", a.SeatsTaken)
	}
	for {
		pending, err := s.store.PendingSignups(ctx, a.ID, pendingBefore, reconcileBatch)
		if err != nil {
			return err
		}
		for i := range pending {
			_, err := s.decideLocked(ctx, &pending[i])
			if err != nil && !isRefusal(err) {
				return err
			}
		}
		if len(pending) < reconcileBatch {
			break
		}
	}
	return s.promoteLocked(ctx, activityID)
}

// reconcileHolders makes the signups of some seat holders agree with the
// activity document.
func (s *Service) reconcileHolders(ctx context.Context, a *models.Activity, holders []models.SeatHolder) error {
	ids := make([]string, len(holders))
	for i, h := range holders {
		ids[i] = h.SignupID
	}
	signups, err := s.store.SignupsByIDs(ctx, ids)
	if err != nil {
		return err
	}
	byID := make(map[string]*models.Signup, len(signups))
	for i := range signups {
		byID[signups[i].ID] = &signups[i]
	}
	now := s.now().UTC()
	for _, h := range holders {
		su := byID[h.SignupID]
		switch {
		case su == nil || su.Status == models.SignupCancelled:
			if su != nil && su.CancelledBy == models.CancelledByAttendee && su.ManageNonce != "" {
				// The receipt may not have been queued before the crash.
				if err := s.queueSignupEmail(ctx, notifications.KindCancelled, su, a, 0); err != nil {
					return err
				}
			}
			if _, err := s.store.ReleaseSeats(ctx, a.ID, h); err != nil {
				return err
			}
			s.logger.Warn("reconcile: released the seats of a cancelled signup", "activity_id", a.ID, "signup_id", h.SignupID)
		case su.Status == models.SignupPending || su.Status == models.SignupWaitlisted:
			kind, seq := notifications.KindPromoted, int64(0)
			if su.Status == models.SignupPending {
				kind, seq = notifications.KindConfirmed, s.seq.next(now)
			}
			from := su.Status
			su.Status = models.SignupConfirmed
			if err := s.queueSignupEmail(ctx, kind, su, a, 0); err != nil {
				return err
			}
			if _, err := s.store.SetSignupStatus(ctx, su.ID, []string{from}, models.SignupConfirmed, seq, now); err != nil {
				return err
			}
			s.logger.Warn("reconcile: confirmed a seat holder", "activity_id", a.ID, "signup_id", su.ID, "was", from)
		}
	}
	return nil
}

// isRefusal reports whether err is a signup refused for a reason of the
// activity (full, cancelled), which the reconciler has nobody to tell.
func isRefusal(err error) bool {
	switch models.ErrorCode(err) {
	case models.ErrFull, models.ErrActivityCancelled, models.ErrNotFound:
		return true
	}
	return false
}
