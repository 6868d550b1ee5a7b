package registration

import (
	"context"
	"fmt"

	"github.com/agora-events/agora/models"
)

// Staff add attendees who did not sign up themselves: a walk-in at the
// door, someone who phoned the library. The signup is made like a public
// one (the same steps under the activity lock, the same seat rules), with
// what only staff may do: leave the email out, skip required questions,
// check the person in at once, and, for a manager, seat them beyond
// capacity.

// AttendeeInput is what staff send to add an attendee. Consent is not
// asked: staff record it when they take the details.
type AttendeeInput struct {
	SignupInput
	// Attended checks the person in at once; they need seats then.
	Attended bool
	// OverCapacity seats the party even when it does not fit (managers
	// and admins only).
	OverCapacity bool
}

// AddAttendee adds an attendee to a published activity, even after it
// started (that is the point: at the door). A cancelled activity is
// activity_cancelled; a draft, which takes no signups until published,
// is registration_closed. The party gets seats when it fits, else a place
// on the waiting list, else full; with Attended it needs seats and is
// checked in (within the check-in window, like CheckIn). Without an email
// nobody is ever emailed about the signup; with one, the attendee gets the
// usual confirmation or waiting-list email, and the email is unique among
// the activity's active signups (already_registered).
func (s *Service) AddAttendee(ctx context.Context, actor *Actor, activityID string, in AttendeeInput) (*SignupResult, error) {
	a, err := loadAuthorized(ctx, actor, ActManageSignups, activityID, s.store.ActivitySummary,
		func(a *models.Activity) string { return a.OrganisationID })
	if err != nil {
		return nil, err
	}
	if in.OverCapacity {
		if err := actor.Authorize(ActExceedCapacity, a.OrganisationID); err != nil {
			return nil, err
		}
	}
	switch {
	case a.Status == models.StatusCancelled:
		return nil, models.Errorf(models.ErrActivityCancelled, "activity %s cancelled", a.ID)
	case a.Status != models.StatusPublished:
		return nil, models.Errorf(models.ErrRegistrationClosed, "activity %s is a draft", a.ID)
	case in.Attended && !s.CheckInOpen(a):
		return nil, models.Errorf(models.ErrConflict, "check-in opens %s before the start", s.checkInOpensBefore)
	}
	in.normalise()
	if err := in.check(a, true); err != nil {
		return nil, err
	}
	org, err := s.store.OrganisationByID(ctx, a.OrganisationID)
	if err != nil {
		return nil, err
	}
	now := s.now().UTC()
	id := models.NewID()
	_, hash := models.NewManageToken() // never shown: each email carries a token of its own
	su := s.pendingSignup(id, a, in.SignupInput, answersToStore(in.Answers), models.SourceStaff, hash, now)
	p := placement{overCapacity: in.OverCapacity, attended: in.Attended}
	unlock := s.locks.Lock(a.ID)
	var res *SignupResult
	err = s.atomic(ctx, func(ctx context.Context) error {
		if err := s.store.InsertSignup(ctx, su); err != nil {
			return err
		}
		res, err = s.decideLocked(ctx, su, org, a, p, true)
		return err
	})
	unlock()
	if err != nil {
		return nil, err
	}
	s.audit(ctx, actor, models.AuditSignupAdd, signupTarget(&res.Signup).with(res.Signup.Status))
	if res.OverCapacity {
		after, err := s.store.ActivitySummary(ctx, a.ID)
		detail := fmt.Sprintf("party %d", su.PartySize)
		if err == nil {
			detail += fmt.Sprintf("; seats taken %d of %d", after.SeatsTaken, after.Capacity)
		}
		s.audit(ctx, actor, models.AuditSignupOverCapacity, signupTarget(&res.Signup).with(detail))
	}
	return res, nil
}
