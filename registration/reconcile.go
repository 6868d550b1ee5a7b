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
// cancellation or a promotion may have left on a store that is not
// Transactional (MongoDB); the scheduler runs it. On the embedded store
// those steps commit together, so only pending signups (none, normally)
// and expired Idempotency-Keys are looked at. It
// trusts the activity documents (the source of truth for seats and waiting
// lists). Signups pending for longer than PendingGrace are finished. Then,
// for each activity that has not ended, under its lock: seat holders and
// waiting entries whose signup is cancelled (or gone) are taken off;
// signups whose status lags behind the activity (a pending or waitlisted
// seat holder, a pending waiting entry) get their status and their email;
// seats_taken is recomputed from the holders; the waiting list is
// promoted. It also removes expired Idempotency-Keys.
func (s *Service) Reconcile(ctx context.Context) error {
	return s.reconcile(ctx, s.now().Add(-PendingGrace))
}

// ReconcileAtStart is Reconcile for the start of the process, when no
// request of this process is in flight: every pending signup is finished.
// On the embedded store, which no other process shares, the requests that
// held Idempotency-Keys died with the previous process: their retries may
// resume at once instead of waiting for the keys' leases to end.
func (s *Service) ReconcileAtStart(ctx context.Context) error {
	if s.store.SingleProcess() {
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
	if err := s.finishPendingSeries(ctx, pendingBefore); err != nil {
		errs = append(errs, err)
	}
	if err := s.finishPending(ctx, pendingBefore); err != nil {
		errs = append(errs, err)
	}
	if s.store.Transactional() {
		// Every sequence of steps committed whole or not at all: no
		// activity can disagree with its signups, and start-up does no
		// work that grows with the data.
		if _, err := s.store.DeleteExpiredIdempotencyKeys(ctx, now); err != nil {
			errs = append(errs, err)
		}
		return errors.Join(errs...)
	}
	err := s.store.EachActivityToReconcile(ctx, now, func(id string) error {
		if err := s.reconcileActivity(ctx, id); err != nil {
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

// finishPending decides every signup pending since before pendingBefore:
// seats, the waiting list, or (never accepted) deleted.
func (s *Service) finishPending(ctx context.Context, pendingBefore time.Time) error {
	seen := map[string]bool{}
	for {
		batch, err := s.store.PendingSignups(ctx, pendingBefore, reconcileBatch)
		if err != nil {
			return err
		}
		progress := false
		for _, su := range batch {
			if seen[su.ID] {
				continue
			}
			seen[su.ID], progress = true, true
			_, err := s.decideSignup(ctx, su.ID, su.ActivityID)
			if models.IsCode(err, models.ErrNotFound) {
				// Its activity is gone: nothing to finish it into.
				err = s.store.DeletePendingSignup(ctx, su.ID)
			}
			if err != nil && !isRefusal(err) {
				return err
			}
			s.logger.Warn("reconcile: finished a pending signup", "signup_id", su.ID, "activity_id", su.ActivityID)
		}
		if len(batch) < reconcileBatch || !progress {
			return nil
		}
	}
}

// finishPendingSeries finishes every series signup pending since before
// pendingBefore (see SignUpSeries): on both stores, since its steps span
// several activities and never commit together.
func (s *Service) finishPendingSeries(ctx context.Context, pendingBefore time.Time) error {
	seen := map[string]bool{}
	for {
		batch, err := s.store.PendingSeriesSignups(ctx, pendingBefore, reconcileBatch)
		if err != nil {
			return err
		}
		progress := false
		for i := range batch {
			ss := &batch[i]
			if seen[ss.ID] {
				continue
			}
			seen[ss.ID], progress = true, true
			if _, err := s.finishSeriesSignup(ctx, ss); err != nil && !isRefusal(err) &&
				!models.IsCode(err, models.ErrRegistrationClosed) {
				return err
			}
			s.logger.Warn("reconcile: finished a pending series signup", "series_signup_id", ss.ID)
		}
		if len(batch) < reconcileBatch || !progress {
			return nil
		}
	}
}

// ReconcileActivity repairs one activity; see Reconcile.
func (s *Service) ReconcileActivity(ctx context.Context, activityID string) error {
	return s.reconcileActivity(ctx, activityID)
}

func (s *Service) reconcileActivity(ctx context.Context, activityID string) error {
	unlock := s.locks.Lock(activityID)
	defer unlock()
	defer s.publicChanged()
	a, err := s.store.ActivityByID(ctx, activityID)
	if err != nil {
		return err
	}
	for _, list := range [][]models.SeatHolder{a.SeatHolders, a.WaitingList} {
		// A copy: a changes as the loop repairs.
		list = append([]models.SeatHolder(nil), list...)
		for start := 0; start < len(list); start += reconcileBatch {
			if a, err = s.reconcileEntries(ctx, a, list[start:min(start+reconcileBatch, len(list))]); err != nil {
				return err
			}
		}
	}
	if a, err = s.store.ActivityByID(ctx, activityID); err != nil {
		return err
	}
	if a.Status == models.StatusCancelled && a.TellPending {
		// The cancellation was interrupted before everyone was told.
		if err := s.notifyActivityCancelled(ctx, a); err != nil {
			return err
		}
		if err := s.store.MarkPeopleTold(ctx, a.ID); err != nil {
			return err
		}
		s.logger.Warn("reconcile: told the people of a cancelled activity", "activity_id", a.ID)
	}
	if n := a.ChangeNotice; n != nil && !n.Queued && a.Status == models.StatusPublished {
		// An edit of the time or place was saved, its emails interrupted.
		if err := s.finishChangeNotice(ctx, a, true); err != nil {
			return err
		}
		s.logger.Warn("reconcile: announced an interrupted change", "activity_id", a.ID)
	}
	if fixed, err := s.store.RepairSeatsTaken(ctx, a); err != nil {
		return err
	} else if fixed != nil {
		s.logger.Warn("reconcile: seats_taken repaired", "activity_id", a.ID, "was", a.SeatsTaken, "now", fixed.SeatsTaken)
	}
	return s.promoteLocked(ctx, activityID)
}

// reconcileEntries makes the signups of some entries of the activity's
// seat holders or waiting list agree with it, and returns the activity as
// it is afterwards. The caller holds the activity lock.
func (s *Service) reconcileEntries(ctx context.Context, a *models.Activity, entries []models.SeatHolder) (*models.Activity, error) {
	ids := make([]string, len(entries))
	for i, h := range entries {
		ids[i] = h.SignupID
	}
	signups, err := s.store.SignupsByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]*models.Signup, len(signups))
	for i := range signups {
		byID[signups[i].ID] = &signups[i]
	}
	now := s.now().UTC()
	for _, h := range entries {
		su := byID[h.SignupID]
		seated, position := a.HoldsSeats(h.SignupID), a.WaitingPosition(h.SignupID)
		switch {
		case su == nil || su.Status == models.SignupCancelled:
			if su != nil && su.CancelledBy == models.CancelledByAttendee && su.ErasedAt == nil {
				// The receipt may not have been queued before the crash.
				if err := s.queueSignupEmail(ctx, notifications.KindCancelled, su, a, 0); err != nil {
					return nil, err
				}
			}
			var after *models.Activity
			if seated {
				after, err = s.store.ReleaseSeats(ctx, a, h)
			} else {
				after, err = s.store.LeaveWaitingList(ctx, a, h)
			}
			if err != nil {
				return nil, err
			}
			if after != nil {
				a = after
			}
			s.logger.Warn("reconcile: took a cancelled signup off the activity", "activity_id", a.ID, "signup_id", h.SignupID)
		case seated && (su.Status == models.SignupPending || su.Status == models.SignupWaitlisted):
			was := su.Status
			if err := s.tellSeated(ctx, su, a, now); err != nil {
				return nil, err
			}
			s.logger.Warn("reconcile: signup set to what the activity says", "activity_id", a.ID, "signup_id", su.ID,
				"was", was, "now", su.Status)
		case position > 0 && su.Status == models.SignupPending:
			if err := s.setStatusTold(ctx, su, a, models.SignupWaitlisted, notifications.KindWaitlisted, position, now); err != nil {
				return nil, err
			}
		}
	}
	return a, nil
}

// setStatusTold queues the email announcing a status, then sets it.
func (s *Service) setStatusTold(ctx context.Context, su *models.Signup, a *models.Activity, status, kind string, position int, now time.Time) error {
	from := su.Status
	su.Status = status
	if err := s.queueSignupEmail(ctx, kind, su, a, position); err != nil {
		return err
	}
	if _, err := s.store.SetSignupStatus(ctx, su.ID, []string{from}, status, now); err != nil {
		return err
	}
	s.logger.Warn("reconcile: signup set to what the activity says", "activity_id", a.ID, "signup_id", su.ID,
		"was", from, "now", status)
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
