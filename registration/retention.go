package registration

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/store"
)

// Retention (GDPR storage limitation): RETENTION_DAYS after an activity
// ends, its attendees' personal data is erased — name, email, phone,
// answers, the hashes of their manage tokens — together with the emails
// written to them and the copies Agora keeps of those (.eml files); the
// store is then scrubbed, so that no old copy stays in its files. Nothing
// derived from a client's IP address is ever stored (rate limits keep
// addresses in memory for a minute), so there is nothing of that kind to
// erase. What stays is anonymous and keeps every
// count right: each signup's status, party size, language and times, and
// the activity's seat counters.
//
// The job is idempotent and safe on several instances at once: each step
// is a conditional write that a second run finds done, and an activity is
// marked finished only when nothing of it is left to erase.

// Batch sizes of the retention job.
const (
	retentionActivities = 100
	retentionSignups    = 200
)

// ErasePersonalData erases the personal data of the attendees of every
// activity that ended more than retention ago (0: that ended at all). The
// scheduler runs it. A signup still pending is left for the reconciler to
// finish; the activity is then done at a later run.
func (s *Service) ErasePersonalData(ctx context.Context, retention time.Duration) error {
	now := s.now().UTC()
	var errs []error
	touched := false
	defer func() {
		if touched {
			s.scrub(ctx)
		}
	}()
	for {
		acts, err := s.store.ActivitiesToErase(ctx, now.Add(-retention), retentionActivities)
		if err != nil {
			return err
		}
		finished := 0
		for i := range acts {
			touched = true // even a failed attempt may have erased some
			done, err := s.eraseActivity(ctx, &acts[i], now)
			if err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				errs = append(errs, fmt.Errorf("activity %s: %w", acts[i].ID, err))
				continue
			}
			if done {
				finished++
			}
		}
		// A full batch that made progress may hide more behind it; one
		// that made none would be read again unchanged.
		if len(acts) < retentionActivities || finished == 0 {
			return errors.Join(errs...)
		}
	}
}

// eraseActivity erases the personal data of one activity's attendees and
// of the emails about it, and marks it done when nothing is left.
func (s *Service) eraseActivity(ctx context.Context, a *models.Activity, now time.Time) (done bool, err error) {
	done = true
	erased := 0
	after := ""
	series := map[string]bool{} // series signups with a date here
	for {
		batch, err := s.store.UnerasedSignups(ctx, a.ID, after, retentionSignups)
		if err != nil {
			return false, err
		}
		for _, su := range batch {
			after = su.ID
			if su.Status == models.SignupPending {
				done = false // the reconciler decides it first
				continue
			}
			if err := s.eraseSignup(ctx, su.ID, a.ID, now); err != nil {
				return false, err
			}
			if su.SeriesSignupID != "" {
				series[su.SeriesSignupID] = true
			}
			erased++
		}
		if len(batch) < retentionSignups {
			break
		}
	}
	if err := s.eraseEmails(ctx, store.OutboxScope{ActivityID: a.ID}, now); err != nil {
		return false, err
	}
	for id := range series {
		if err := s.eraseEndedSeries(ctx, id, a, now); err != nil {
			return false, err
		}
	}
	if !done {
		return false, nil
	}
	unlock := s.locks.Lock(a.ID)
	err = s.store.MarkPersonalDataErased(ctx, a.ID, now)
	unlock()
	if err != nil {
		return false, err
	}
	if erased > 0 {
		s.logger.Info("retention: erased attendees' personal data", "activity_id", a.ID, "signups", erased)
		s.audit(ctx, nil, models.AuditPersonalDataErased,
			activityTarget(a).with(fmt.Sprintf("%d signups erased", erased)))
	}
	return true, nil
}

// eraseEndedSeries erases a series signup (its person and the emails
// about it, such as the one listing every date) once a, being erased, is
// the last date of its series to end: every other date ended before, so
// nothing is left for the person to come to.
func (s *Service) eraseEndedSeries(ctx context.Context, seriesSignupID string, a *models.Activity, now time.Time) error {
	ss, err := s.store.SeriesSignupByID(ctx, seriesSignupID)
	if err != nil || ss.ErasedAt != nil || ss.Status == models.SeriesSignupPending {
		return err
	}
	acts, err := s.store.ActivitiesOfSeries(ctx, ss.SeriesID, maxSeriesDates)
	if err != nil {
		return err
	}
	for _, other := range acts {
		if other.Status != models.StatusDraft && other.EndsAt.After(a.EndsAt) {
			return nil // a later date will erase it
		}
	}
	if err := s.eraseEmails(ctx, store.OutboxScope{SignupID: ss.ID}, now); err != nil {
		return err
	}
	_, err = s.store.EraseSeriesSignup(ctx, ss.ID, now)
	return err
}

// eraseSignup deletes the personal data of one signup, under its
// activity's lock. It is the only code that erases a signup: the
// attendee's own request (EraseByToken) and retention both call it.
func (s *Service) eraseSignup(ctx context.Context, signupID, activityID string, now time.Time) error {
	unlock := s.locks.Lock(activityID)
	defer unlock()
	_, err := s.store.EraseSignup(ctx, signupID, now)
	return err
}

// eraseEmails erases the emails in scope: their personal data in the
// outbox (their links stop working), then the copies this process's
// delivery kept of them. Both steps are safe to repeat, so a failure of
// the second is retried by the caller's next attempt, which finds the
// same emails in scope.
func (s *Service) eraseEmails(ctx context.Context, scope store.OutboxScope, now time.Time) error {
	ids, err := s.store.EraseOutbox(ctx, scope, now)
	if err != nil {
		return err
	}
	return s.mailCopies.EraseCopies(ctx, ids)
}

// scrub makes what was just erased unrecoverable from the store's files
// (Store.Scrub). The erasure has committed whatever happens here: a
// failure (a long read holding an old snapshot) is logged, and the
// scheduler's next scrub, or the store's close, does it.
func (s *Service) scrub(ctx context.Context) {
	if err := s.store.Scrub(context.WithoutCancel(ctx)); err != nil {
		s.logger.Warn("erasure: old copies of erased data stay in the store's files until the next scrub", "err", err)
	}
}
