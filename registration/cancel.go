package registration

import (
	"context"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/notifications"
)

// A cancellation is made in steps under the activity lock, inside one
// store.Atomic (all or nothing on the embedded store), each idempotent
// (for MongoDB): mark the signup cancelled (which frees its email for a
// new signup), queue the receipt, release its seats on the activity
// document, then promote from the waiting list. After a crash on MongoDB,
// a repeated request finishes the steps; without one, the reconciler
// releases the seats of any cancelled holder and promotes.

// cancelSignup cancels an active signup (or finishes the cancellation of
// a cancelled one) and gives its seats to the waiting list. receipt asks
// for the email that tells the attendee: their own receipt, or the news
// that staff cancelled them, each with the calendar file that removes
// the entry. A signup that is neither active nor
// cancelled (attended, no-show) is a conflict. It also reports how many
// waiting signups got the freed seats.
func (s *Service) cancelSignup(ctx context.Context, signupID, activityID, by string, receipt bool) (*models.Signup, int, error) {
	unlock := s.locks.Lock(activityID)
	defer unlock()
	var su *models.Signup
	var promoted int
	err := s.atomic(ctx, func(ctx context.Context) (err error) {
		su, promoted, err = s.cancelLocked(ctx, signupID, activityID, by, receipt)
		return err
	})
	return su, promoted, err
}

// cancelLocked is cancelSignup under the activity lock and the caller's
// Atomic.
func (s *Service) cancelLocked(ctx context.Context, signupID, activityID, by string, receipt bool) (*models.Signup, int, error) {
	su, err := s.store.SignupByID(ctx, signupID)
	if err != nil {
		return nil, 0, err
	}
	if su.Status != models.SignupCancelled && !models.SignupActive(su.Status) {
		return nil, 0, models.Errorf(models.ErrConflict, "signup %s is %s", su.ID, su.Status)
	}
	now := s.now().UTC()
	if su.Status != models.SignupCancelled {
		if _, err := s.store.CancelSignup(ctx, su.ID, by, now); err != nil {
			return nil, 0, err
		}
		su.Status, su.CancelledBy, su.CancelledAt, su.ActiveKey = models.SignupCancelled, by, &now, su.ID
	}
	faultPoint("cancel:marked")
	a, err := s.store.ActivityByID(ctx, activityID)
	if err != nil {
		return nil, 0, err
	}
	if receipt && su.ErasedAt == nil {
		kind := notifications.KindCancelled
		if su.CancelledBy == models.CancelledByStaff {
			kind = notifications.KindCancelledByStaff
		}
		if err := s.queueSignupEmail(ctx, kind, su, a, 0); err != nil {
			return nil, 0, err
		}
	}
	freed, err := s.unplace(ctx, a, su.ID)
	if err != nil {
		return nil, 0, err
	}
	faultPoint("cancel:released")
	promoted := 0
	if freed {
		if promoted, err = s.promoteCounted(ctx, activityID); err != nil {
			return nil, 0, err
		}
	}
	return su, promoted, nil
}

// unplace takes a signup off the activity (as read under the activity
// lock): its seats are released, or it leaves the waiting list. It
// reports whether seats were freed.
func (s *Service) unplace(ctx context.Context, a *models.Activity, signupID string) (bool, error) {
	for _, h := range a.SeatHolders {
		if h.SignupID == signupID {
			after, err := s.store.ReleaseSeats(ctx, a, h)
			return after != nil, err
		}
	}
	for _, h := range a.WaitingList {
		if h.SignupID == signupID {
			_, err := s.store.LeaveWaitingList(ctx, a, h)
			return false, err
		}
	}
	return false, nil
}

// CancelSignup is a staff cancellation of a signup, at any time. notify
// tells the attendee by email (with the calendar file that removes the
// entry); staff leave it off when they have told them themselves.
func (s *Service) CancelSignup(ctx context.Context, actor *Actor, signupID string, notify bool) (*models.Signup, error) {
	c, err := s.StaffCancelSignup(ctx, actor, signupID, notify)
	if err != nil {
		return nil, err
	}
	return c.Signup, nil
}

// SignupCancellation is what a staff cancellation did, so that the console
// says only what happened: whether the attendee was emailed, and how many
// people on the waiting list got the freed seats.
type SignupCancellation struct {
	Signup   *models.Signup
	Told     bool // an email to the attendee was queued
	Promoted int  // waiting signups confirmed in the freed seats
}

// StaffCancelSignup is CancelSignup reporting what followed. A signup
// already cancelled is left as it is: nobody is told, nobody moves up.
func (s *Service) StaffCancelSignup(ctx context.Context, actor *Actor, signupID string, notify bool) (*SignupCancellation, error) {
	su, err := s.staffSignup(ctx, actor, signupID)
	if err != nil {
		return nil, err
	}
	if su.Status == models.SignupCancelled {
		return &SignupCancellation{Signup: su}, nil
	}
	su, promoted, err := s.cancelSignup(ctx, su.ID, su.ActivityID, models.CancelledByStaff, notify)
	if err != nil {
		return nil, err
	}
	s.audit(ctx, actor, models.AuditSignupCancel, signupTarget(su))
	return &SignupCancellation{Signup: su, Promoted: promoted,
		Told: notify && su.Email != "" && su.ErasedAt == nil}, nil
}

// StaffSignup is a signup as the staff who manage its organisation see it,
// for the console to say whom an action concerns before it is taken.
func (s *Service) StaffSignup(ctx context.Context, actor *Actor, signupID string) (*models.Signup, error) {
	return s.staffSignup(ctx, actor, signupID)
}

// CheckIn records whether a confirmed attendee came (attended or no_show);
// it may be corrected later. Waitlisted and cancelled signups cannot be
// checked in: conflict; so is a check-in before the window opens
// (CheckInOpen).
func (s *Service) CheckIn(ctx context.Context, actor *Actor, signupID, status string) (*models.Signup, error) {
	if status != models.SignupAttended && status != models.SignupNoShow {
		return nil, models.InvalidField("status", "oneof", models.SignupAttended+", "+models.SignupNoShow)
	}
	su, err := s.staffSignup(ctx, actor, signupID)
	if err != nil {
		return nil, err
	}
	if !models.SignupHoldsSeat(su.Status) {
		return nil, models.Errorf(models.ErrConflict, "signup %s is %s", su.ID, su.Status)
	}
	act, err := s.store.ActivityByID(ctx, su.ActivityID)
	if err != nil {
		return nil, err
	}
	now := s.now().UTC()
	if !s.CheckInOpen(act) {
		return nil, models.Errorf(models.ErrConflict, "check-in opens %s before the start", s.checkInOpensBefore)
	}
	unlock := s.locks.Lock(su.ActivityID)
	ok, err := s.store.SetSignupStatus(ctx, su.ID,
		[]string{models.SignupConfirmed, models.SignupAttended, models.SignupNoShow}, status, now)
	unlock()
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, models.Errorf(models.ErrConflict, "signup %s changed", su.ID)
	}
	su.Status, su.UpdatedAt = status, now
	s.audit(ctx, actor, models.AuditSignupCheckIn, signupTarget(su).with(status))
	return su, nil
}

// CheckInOpen reports whether staff may check people in to a now, so
// that the console offers the buttons exactly when CheckIn accepts them.
func (s *Service) CheckInOpen(a *models.Activity) bool {
	return models.CheckInOpen(a.StartsAt, s.now(), s.checkInOpensBefore)
}

// staffSignup finds a signup for a staff use case, checking that the
// actor may manage its organisation's signups.
func (s *Service) staffSignup(ctx context.Context, actor *Actor, signupID string) (*models.Signup, error) {
	if actor == nil {
		return nil, models.Errorf(models.ErrUnauthorized, "no actor")
	}
	su, err := s.store.SignupByID(ctx, signupID)
	if err != nil {
		return nil, err
	}
	if su.Status == models.SignupPending {
		// Not decided yet: nobody has been told about it.
		return nil, models.Errorf(models.ErrNotFound, "signup %s pending", su.ID)
	}
	if err := actor.Authorize(ActManageSignups, su.OrganisationID); err != nil {
		return nil, err
	}
	return su, nil
}
