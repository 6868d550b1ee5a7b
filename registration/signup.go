package registration

import (
	"context"
	"crypto/rand"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/notifications"
)

// A signup is made in steps, under the activity lock and inside one
// store.Atomic:
//
//  1. insert the signup as pending: the unique active_key index makes
//     "one active signup per email and activity" atomic;
//  2. claim seats on the activity (the source of truth for seats and the
//     waiting list) or put the signup at the end of its waiting list;
//  3. queue its email (the outbox de-duplicates a repeated request);
//  4. set its status from pending to what was decided.
//
// On the embedded store the four commit together or not at all. On
// MongoDB each step is a single-document atomic write and idempotent: a
// crash between steps leaves a pending signup, or a seat holder not yet
// confirmed, which the reconciler finishes from the activity document. A
// signup answered 201 has finished step 4.

// SignupResult is the outcome of a signup, with the manage token of its
// answer, which is shown only here (the store keeps only its hash; each
// email carries a token of its own).
type SignupResult struct {
	Signup           models.Signup
	WaitlistPosition int // 0 unless waitlisted
	// OverCapacity says that staff gave the signup seats beyond capacity.
	OverCapacity bool
	ManageToken  string
	ManageURL    string
}

// SignUp registers an attendee for a published activity. id is the id to
// give the signup, reserved beforehand by an Idempotency-Key (empty: a
// new one): when a signup with this id exists, SignUp finishes and
// returns it instead of making another. Such a resumed answer carries a
// new manage token, which replaces the first attempt's: that one was
// never kept anywhere, and its answer, if it went out, is the one the
// client is retrying.
func (s *Service) SignUp(ctx context.Context, activityID, id string, in SignupInput) (*SignupResult, error) {
	a, err := s.store.ActivitySummary(ctx, activityID)
	if err != nil {
		return nil, err
	}
	now := s.signupTime()
	switch {
	case a.Status == models.StatusCancelled:
		return nil, models.Errorf(models.ErrActivityCancelled, "activity %s cancelled", a.ID)
	case a.Status != models.StatusPublished:
		return nil, models.Errorf(models.ErrNotFound, "activity %s not published", a.ID)
	case !a.RegistrationOpen(now):
		return nil, models.Errorf(models.ErrRegistrationClosed, "activity %s not open", a.ID)
	}
	in.normalise()
	if err := in.validate(a); err != nil {
		return nil, err
	}
	if id == "" {
		id = models.NewID()
	}
	token, hash := models.NewManageToken()
	org, err := s.store.OrganisationByID(ctx, a.OrganisationID)
	if err != nil {
		return nil, err
	}
	su := s.pendingSignup(id, a, in, answersToStore(in.Answers), models.SourcePublic, hash, now)
	unlock := s.locks.Lock(a.ID)
	var res *SignupResult
	exists := false
	err = s.atomic(ctx, func(ctx context.Context) error {
		fresh := a
		if a.DrawPending() && !now.Before(*a.DrawAt) {
			// The draw's time has come and the scheduler has not made it
			// yet: the pool goes first, then this signup.
			var seed [32]byte
			if _, err := rand.Read(seed[:]); err != nil {
				return err
			}
			if err := s.drawLocked(ctx, a.ID, seed); err != nil {
				return err
			}
			fresh = nil
		}
		if err := s.store.InsertSignup(ctx, su); err != nil {
			exists = models.IsCode(err, models.ErrConflict)
			return err
		}
		faultPoint("signup:inserted")
		res, err = s.decideLocked(ctx, su, org, fresh, placement{}, true)
		return err
	})
	unlock()
	if exists {
		// A retry of a request whose first attempt inserted this signup.
		return s.resumeSignup(ctx, id, a.ID)
	}
	if models.IsCode(err, models.ErrAlreadyRegistered) {
		// Most often someone who lost their link: send it again.
		s.remindOfLink(ctx, a, in.Email)
	}
	if err != nil {
		return nil, err
	}
	res.ManageToken, res.ManageURL = token, s.links.Manage.With(token)
	return res, nil
}

// resumeSignup finishes a signup whose first attempt was interrupted and
// answers with a new manage token, which replaces that of the first
// answer.
func (s *Service) resumeSignup(ctx context.Context, id, activityID string) (*SignupResult, error) {
	res, err := s.decideSignup(ctx, id, activityID)
	if err != nil {
		return nil, err
	}
	token, hash := models.NewManageToken()
	ok, err := s.store.ReplaceManageToken(ctx, id, hash)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, models.Errorf(models.ErrConflict, "signup %s was erased", id)
	}
	res.Signup.ManageTokenHash = hash
	res.ManageToken, res.ManageURL = token, s.links.Manage.With(token)
	return res, nil
}

// decideSignup gives a pending signup its seats or its place on the
// waiting list (steps 2–4 above), under the activity lock. A signup that
// is no longer pending (finished by the reconciler, or by the first
// attempt of a retried request) is reported as it is. The result carries
// no manage token.
func (s *Service) decideSignup(ctx context.Context, signupID, activityID string) (*SignupResult, error) {
	unlock := s.locks.Lock(activityID)
	defer unlock()
	su, err := s.store.SignupByID(ctx, signupID)
	if err != nil {
		return nil, err
	}
	if su.ActivityID != activityID {
		return nil, models.Errorf(models.ErrConflict, "signup %s is for another activity", su.ID)
	}
	if su.Status != models.SignupPending {
		return s.signupResult(ctx, su)
	}
	tell, err := s.tellsOwnEmail(ctx, su)
	if err != nil {
		return nil, err
	}
	var res *SignupResult
	err = s.atomic(ctx, func(ctx context.Context) error {
		res, err = s.decideLocked(ctx, su, nil, nil, placement{}, tell)
		return err
	})
	return res, err
}

// tellsOwnEmail reports whether deciding su sends its own email: not for
// a date of a series signup still being made, whose one email tells every
// date (see SignUpSeries).
func (s *Service) tellsOwnEmail(ctx context.Context, su *models.Signup) (bool, error) {
	if su.SeriesSignupID == "" {
		return true, nil
	}
	ss, err := s.store.SeriesSignupByID(ctx, su.SeriesSignupID)
	if models.IsCode(err, models.ErrNotFound) {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	return ss.Status != models.SeriesSignupPending, nil
}

// decideLocked is decideSignup for a signup known to be pending under the
// activity lock, which the caller holds (nothing else changes it then),
// inside the caller's Atomic. org is the activity's organisation when the
// caller has it already (nil: read it); fresh is the activity as read
// just before su was inserted, when it was (nil: su may be placed already).
// p is what staff allowed beyond the public rules (zero for the public):
// a walk-in seated at once or past capacity never joins a draw's pool.
// tell false leaves the decision's email to the caller (a series signup
// tells every date in one email).
func (s *Service) decideLocked(ctx context.Context, su *models.Signup, org *models.Organisation, fresh *models.Activity, p placement, tell bool) (*SignupResult, error) {
	a, pool, err := fresh, false, error(nil)
	if !p.attended && !p.overCapacity {
		a, pool, err = s.joinsDraw(ctx, su, fresh)
	}
	if err != nil {
		return nil, err
	}
	position := 0
	status, kind := models.SignupPendingDraw, notifications.KindPendingDraw
	if !pool {
		if a, position, err = s.placeSignup(ctx, su, fresh, p); err != nil {
			return nil, err
		}
		faultPoint("signup:placed")
		status, kind = models.SignupConfirmed, notifications.KindConfirmed
		if position > 0 {
			status, kind = models.SignupWaitlisted, notifications.KindWaitlisted
		}
	}
	su.Status = status
	if tell {
		if err := s.queueEmailFor(ctx, org, kind, su, a, position); err != nil {
			return nil, err
		}
	}
	faultPoint("signup:mailed")
	if p.attended && position == 0 {
		status = models.SignupAttended
	}
	if _, err := s.store.FinishSignup(ctx, su.ID, status, s.now().UTC()); err != nil {
		return nil, err
	}
	su.Status = status
	// Only a claim past capacity leaves more seats taken than there are.
	beyond := p.overCapacity && position == 0 && a.SeatsTaken > a.Capacity
	return &SignupResult{Signup: *su, WaitlistPosition: position, OverCapacity: beyond}, nil
}

// placement is what staff who add an attendee allow beyond the public
// rules of placeSignup.
type placement struct {
	// overCapacity gives the party seats even when they do not fit.
	overCapacity bool
	// attended checks the person in at once: they need seats, never a
	// place on the waiting list (without seats the answer is full).
	attended bool
}

// placeSignup gives a pending signup seats when its party fits, else a
// place at the end of the waiting list, and returns the activity after
// that with the signup's place on the waiting list (0: it holds seats). A
// signup already placed (by an attempt that crashed after this step)
// keeps its place. When the activity is no longer published, or is full
// without a waiting list, the signup, never accepted, is deleted and the
// answer is activity_cancelled, not_found or full.
//
// A signup inserted by this very request cannot be placed yet: then the
// activity without its lists (fresh, read before the lock, or read again
// when it did not offer a seat) is enough to decide, and nothing reads the
// lists, whose length grows with the activity. If it changed meanwhile,
// the seat change refuses and the activity is read again, whole.
//
// p lets staff place a signup past capacity, or refuse it a place on the
// waiting list.
func (s *Service) placeSignup(ctx context.Context, su *models.Signup, fresh *models.Activity, p placement) (*models.Activity, int, error) {
	h := models.SeatHolder{SignupID: su.ID, Party: su.PartySize, Queue: models.QueueAt(su.CreatedAt)}
	for attempt := 0; attempt < maxPlaceAttempts; attempt++ {
		a := fresh
		if a != nil && (a.Status != models.StatusPublished || !a.Fits(h.Party)) {
			// Read before the lock: a seat claim made on it is checked by
			// the store, but anything else (the waiting list, a refusal)
			// is decided on the activity as it is now — a seat may have
			// been freed meanwhile, with nobody waiting to take it.
			var err error
			if a, err = s.store.ActivitySummary(ctx, su.ActivityID); err != nil {
				return nil, 0, err
			}
		}
		if a == nil {
			var err error
			if a, err = s.store.ActivityByID(ctx, su.ActivityID); err != nil {
				return nil, 0, err
			}
			if a.HoldsSeats(su.ID) || a.WaitingPosition(su.ID) > 0 {
				return a, a.WaitingPosition(su.ID), nil
			}
		}
		fresh = nil
		var after *models.Activity
		var err error
		waiting := false
		switch {
		case a.Status != models.StatusPublished:
			return nil, 0, s.refuse(ctx, su, a)
		case a.Fits(h.Party):
			after, err = s.store.ClaimSeats(ctx, a, h)
		case p.overCapacity:
			after, err = s.store.ClaimSeatsOverCapacity(ctx, a, h)
		case a.Waitlist && !p.attended:
			after, err = s.store.JoinWaitingList(ctx, a, h)
			waiting = true
		default:
			return nil, 0, s.refuse(ctx, su, a)
		}
		if err != nil {
			return nil, 0, err
		}
		if after != nil {
			position := 0
			if waiting {
				// Its place follows its signup time, not necessarily the
				// end: a signup made later may have taken the lock first.
				// Under the lock the lists, read once, say where it is.
				if after.WaitingList == nil {
					if after, err = s.store.ActivityByID(ctx, su.ActivityID); err != nil {
						return nil, 0, err
					}
				}
				position = after.WaitingPosition(su.ID)
			}
			return after, position, nil
		}
		// The activity changed since it was read (another request, or
		// another instance on MongoDB): read it again and decide again.
	}
	return nil, 0, models.Errorf(models.ErrConflict, "activity %s keeps changing", su.ActivityID)
}

// maxPlaceAttempts bounds the retries of a conditional update that lost
// a race; only other instances on MongoDB can make it lose.
const maxPlaceAttempts = 50

// refuse deletes a pending signup that cannot be accepted and says why.
func (s *Service) refuse(ctx context.Context, su *models.Signup, a *models.Activity) error {
	if err := s.store.DeletePendingSignup(ctx, su.ID); err != nil {
		return err
	}
	switch a.Status {
	case models.StatusCancelled:
		return models.Errorf(models.ErrActivityCancelled, "activity %s cancelled", a.ID)
	case models.StatusPublished:
		return models.Errorf(models.ErrFull, "activity %s full", a.ID)
	}
	return models.Errorf(models.ErrNotFound, "activity %s not published", a.ID)
}

// signupResult describes a signup that was already decided.
func (s *Service) signupResult(ctx context.Context, su *models.Signup) (*SignupResult, error) {
	if su.Status == models.SignupPending || su.ErasedAt != nil {
		return nil, models.Errorf(models.ErrConflict, "signup %s is %s", su.ID, su.Status)
	}
	a, err := s.store.ActivityByID(ctx, su.ActivityID)
	if err != nil {
		return nil, err
	}
	return &SignupResult{Signup: *su, WaitlistPosition: a.WaitingPosition(su.ID)}, nil
}

// queueSignupEmail asks for the email of kind about su. It must succeed
// before the state change it announces is written, so that no change goes
// untold; the outbox ignores a repeat of the same (signup, kind).
func (s *Service) queueSignupEmail(ctx context.Context, kind string, su *models.Signup, a *models.Activity, position int) error {
	return s.queueEmailFor(ctx, nil, kind, su, a, position)
}

// queueEmailFor is queueSignupEmail with the organisation already read
// (nil: read it here).
func (s *Service) queueEmailFor(ctx context.Context, org *models.Organisation, kind string, su *models.Signup, a *models.Activity, position int) error {
	if org == nil {
		var err error
		if org, err = s.store.OrganisationByID(ctx, a.OrganisationID); err != nil {
			return err
		}
	}
	return s.mail.QueueSignupEmail(ctx, notifications.SignupEmail{
		Kind: kind, Signup: *su, Activity: *a, Organisation: *org, WaitlistPosition: position,
		CheckInURL: s.CheckInURL(su.ID),
	})
}
