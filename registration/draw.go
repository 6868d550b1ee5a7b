package registration

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"strconv"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/notifications"
)

// Draws. An activity with a DrawAt opens with a draw: everyone who signs
// up before DrawAt joins the pool (status pending_draw: no seat, no place
// on the waiting list, an email saying when the results come). At DrawAt
// the scheduler (or the first signup after it, whichever comes first)
// draws: a 32-byte seed from crypto/rand, recorded in hex in the audit
// log (action activity.draw); the pool, listed by signup time then id,
// ordered by models.DrawOrder(seed). In drawn order each signup gets
// seats when its whole party fits, else a place on the waiting list at
// its drawn rank (models.DrawQueue), as at any signup a large party does
// not block smaller ones; everyone is told (confirmed or waitlisted
// email). From then on, first come, first served.

// drawBatch is how many pool members are read at a time.
const drawBatch = 500

// DrawDue makes every draw whose time has come, each with a seed from
// crypto/rand. The scheduler runs it.
func (s *Service) DrawDue(ctx context.Context) error {
	ids, err := s.store.ActivitiesDueForDraw(ctx, s.now().UTC(), 100)
	if err != nil {
		return err
	}
	var errs []error
	for _, id := range ids {
		if err := s.drawRandom(ctx, id); err != nil {
			s.logger.Error("draw", "activity_id", id, "err", err)
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// drawRandom draws an activity's seats with a new random seed.
func (s *Service) drawRandom(ctx context.Context, activityID string) error {
	var seed [32]byte
	if _, err := rand.Read(seed[:]); err != nil {
		return err
	}
	return s.Draw(ctx, activityID, seed)
}

// Draw draws an activity's seats with seed (see the package's
// description of draws), unless they were drawn. The scheduler calls it
// with a random seed; tests give a fixed one to check the documented
// order.
func (s *Service) Draw(ctx context.Context, activityID string, seed [32]byte) error {
	unlock := s.locks.Lock(activityID)
	defer unlock()
	return s.atomic(ctx, func(ctx context.Context) error { return s.drawLocked(ctx, activityID, seed) })
}

// drawLocked is Draw under the activity's lock and the caller's Atomic.
// On MongoDB each step is idempotent: a draw interrupted by a crash is
// made again by the next pass with a new seed over those still in the
// pool (those placed keep their place), and the audit log has both
// seeds.
func (s *Service) drawLocked(ctx context.Context, activityID string, seed [32]byte) error {
	a, err := s.store.ActivityByID(ctx, activityID)
	if err != nil {
		return err
	}
	now := s.now().UTC()
	if !a.DrawPending() || a.Status != models.StatusPublished || now.Before(*a.DrawAt) {
		return nil
	}
	var pool []models.Signup
	err = s.store.EachSignupBatch(ctx, a.ID, []string{models.SignupPendingDraw}, drawBatch, func(b []models.Signup) error {
		pool = append(pool, b...)
		return nil
	})
	if err != nil {
		return err
	}
	order := models.DrawOrder(seed, len(pool))
	s.audit(ctx, nil, models.AuditActivityDraw, activityTarget(a).with("seed="+hex.EncodeToString(seed[:])+
		" pool="+strconv.Itoa(len(pool))))
	org, err := s.store.OrganisationByID(ctx, a.OrganisationID)
	if err != nil {
		return err
	}
	for rank, k := range order {
		su := &pool[k]
		h := models.SeatHolder{SignupID: su.ID, Party: su.PartySize, Queue: models.DrawQueue(*a.DrawAt, len(pool), rank)}
		if a, err = s.placeDrawn(ctx, a, h); err != nil {
			return err
		}
		status, kind, position := models.SignupConfirmed, notifications.KindConfirmed, 0
		if !a.HoldsSeats(su.ID) {
			status, kind, position = models.SignupWaitlisted, notifications.KindWaitlisted, a.WaitingPosition(su.ID)
		}
		su.Status = status
		if err := s.queueEmailFor(ctx, org, kind, su, a, position); err != nil {
			return err
		}
		if _, err := s.store.SetSignupStatus(ctx, su.ID, []string{models.SignupPendingDraw}, status, now); err != nil {
			return err
		}
	}
	if _, err := s.store.MarkDrawn(ctx, a.ID, now); err != nil {
		return err
	}
	s.logger.Info("draw made", "activity_id", a.ID, "pool", len(pool), "seats_taken", a.SeatsTaken)
	return nil
}

// placeDrawn gives a drawn signup seats when its party fits, else its
// place on the waiting list, and returns the activity afterwards (with
// its lists). One already placed keeps its place.
func (s *Service) placeDrawn(ctx context.Context, a *models.Activity, h models.SeatHolder) (*models.Activity, error) {
	for attempt := 0; attempt < maxPlaceAttempts; attempt++ {
		if a.HoldsSeats(h.SignupID) || a.WaitingPosition(h.SignupID) > 0 {
			return a, nil
		}
		var after *models.Activity
		var err error
		if a.Fits(h.Party) {
			after, err = s.store.ClaimSeats(ctx, a, h)
		} else {
			after, err = s.store.JoinWaitingList(ctx, a, h)
		}
		if err != nil {
			return nil, err
		}
		if after != nil {
			return after, nil
		}
		if a, err = s.store.ActivityByID(ctx, a.ID); err != nil {
			return nil, err
		}
	}
	return nil, models.Errorf(models.ErrConflict, "activity %s keeps changing", a.ID)
}

// joinsDraw reports whether a pending signup joins its activity's draw
// pool instead of being placed: it was made before DrawAt and the draw is
// not made yet (as the store says under the activity's lock). fresh is
// the activity when the caller read it (nil: read it here).
func (s *Service) joinsDraw(ctx context.Context, su *models.Signup, fresh *models.Activity) (*models.Activity, bool, error) {
	a := fresh
	if a == nil || a.DrawPending() {
		// fresh was read before the lock: the draw may have been made
		// since, and a signup joining a drawn pool would wait forever.
		var err error
		if a, err = s.store.ActivitySummary(ctx, su.ActivityID); err != nil {
			return nil, false, err
		}
	}
	return a, a.DrawPending() && a.Status == models.StatusPublished && su.CreatedAt.Before(*a.DrawAt), nil
}
