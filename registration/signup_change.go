package registration

import (
	"context"
	"maps"
	"reflect"
	"strconv"
	"strings"

	"github.com/agora-events/agora/models"
)

// A signup's party and answers can change after it is made, through its
// manage link, until the activity starts. The seats follow the party in
// one step under the activity lock and inside one store.Atomic: the
// activity's lists first (the source of truth for seats), then the signup,
// then the waiting list moves up into seats a smaller party freed. A party
// keeps its place: a holder keeps its seats and takes more only when they
// are free (models.Activity.FitsResize), else nothing changes (no_seats);
// a waiting party keeps its place on the list, and is confirmed when it
// now fits and nobody before it does. On MongoDB a crash between the
// steps leaves the activity changed and the signup not: repeating the
// request finishes it (the party is compared with the activity's), and
// the reconciler promotes into freed seats.

// SignupChange is what an attendee may change of their signup; nil fields
// stay as they are. Answers are merged into those given before: an answer
// of null or "" clears one.
type SignupChange struct {
	PartySize *int
	Answers   map[string]any
}

// ChangeByToken changes the signup of a manage token and returns it as
// SignupByToken does. A change to what the signup already is changes
// nothing and succeeds.
func (s *Service) ChangeByToken(ctx context.Context, token string, ch SignupChange) (*ManagedSignup, error) {
	su, err := s.signupByToken(ctx, token)
	if err != nil {
		return nil, err
	}
	a, err := s.store.ActivitySummary(ctx, su.ActivityID)
	if err != nil {
		return nil, err
	}
	if err := s.changeAllowed(su, a); err != nil {
		return nil, err
	}
	party, answers, err := ch.apply(su, a)
	if err != nil {
		return nil, err
	}
	unlock := s.locks.Lock(a.ID)
	err = s.atomic(ctx, func(ctx context.Context) error {
		return s.changeLocked(ctx, su.ID, party, answers)
	})
	unlock()
	if err != nil {
		return nil, err
	}
	return s.SignupByToken(ctx, token)
}

// changeAllowed says why su may not change now, if it may not.
func (s *Service) changeAllowed(su *models.Signup, a *models.Activity) error {
	switch {
	case su.Status == models.SignupCancelled:
		return models.Errorf(models.ErrSignupCancelled, "signup %s cancelled", su.ID)
	case a.Status == models.StatusCancelled:
		return models.Errorf(models.ErrActivityCancelled, "activity %s cancelled", a.ID)
	case !models.SignupActive(su.Status) || a.Started(s.now()):
		return models.Errorf(models.ErrActivityStarted, "activity %s started", a.ID)
	case su.Status == models.SignupPendingDraw || su.Status == models.SignupOffered:
		// A party in the draw's pool or holding an offer changes once
		// the draw is made or the offer answered: both decide by its size.
		return models.Errorf(models.ErrConflict, "signup %s is %s", su.ID, su.Status)
	}
	return nil
}

// apply checks the change against the activity's rules, as a signup's
// input is checked, and returns the party and answers it asks for.
func (ch SignupChange) apply(su *models.Signup, a *models.Activity) (int, map[string]any, error) {
	fields := map[string]models.FieldError{}
	bad := func(path, key, param string) { fields[path] = models.FieldError{Key: key, Param: param} }
	party := su.PartySize
	if ch.PartySize != nil {
		party = *ch.PartySize
		switch maxParty := max(a.MaxPartySize, 1); {
		case party < 1:
			bad("party_size", "min", "1")
		case party > maxParty:
			bad("party_size", "max", strconv.Itoa(maxParty))
		}
	}
	// The answers kept are those to questions still asked; unknown ones in
	// the change are refused by validateAnswers.
	answers := map[string]any{}
	for _, q := range a.Questions {
		if v, ok := su.Answers[q.ID]; ok {
			answers[q.ID] = v
		}
	}
	for k, v := range ch.Answers {
		if s, ok := v.(string); ok {
			v = strings.TrimSpace(models.CleanText(s))
		}
		answers[k] = v
	}
	validateAnswers(a.Questions, answers, true, bad)
	if len(fields) > 0 {
		return 0, nil, models.Invalid(fields)
	}
	return party, answersToStore(answers), nil
}

// changeLocked writes the change under the activity lock, inside the
// caller's Atomic, reading the signup and the activity again there.
func (s *Service) changeLocked(ctx context.Context, signupID string, party int, answers map[string]any) error {
	su, err := s.store.SignupByID(ctx, signupID)
	if err != nil {
		return err
	}
	for attempt := 0; ; attempt++ {
		if attempt == maxPlaceAttempts {
			return models.Errorf(models.ErrConflict, "activity %s keeps changing", su.ActivityID)
		}
		a, err := s.store.ActivityByID(ctx, su.ActivityID)
		if err != nil {
			return err
		}
		if err := s.changeAllowed(su, a); err != nil {
			return err
		}
		h, holds := placeOf(a, su.ID)
		if h.Party == party || h.SignupID == "" {
			break // the seats are as asked (or, unplaced, the reconciler's)
		}
		if holds && !a.FitsResize(h.Party, party) {
			return models.Errorf(models.ErrNoSeats, "activity %s: %d seats left, %d more asked", a.ID, a.SeatsLeft(), party-h.Party)
		}
		after, err := s.store.ResizeSeats(ctx, a, h, party)
		if err != nil {
			return err
		}
		if after != nil {
			break
		}
		// Changed since read (another instance on MongoDB): read again.
	}
	if su.PartySize == party && (reflect.DeepEqual(su.Answers, answers) || len(su.Answers)+len(answers) == 0) {
		return nil // nothing to write
	}
	if ok, err := s.store.ChangeSignup(ctx, su.ID, party, maps.Clone(answers), s.now().UTC()); err != nil || !ok {
		if err == nil {
			err = models.Errorf(models.ErrSignupCancelled, "signup %s changed meanwhile", su.ID)
		}
		return err
	}
	// Seats freed by a smaller party, or a waiting party that now fits:
	// the waiting list moves up.
	return s.promoteLocked(ctx, su.ActivityID)
}

// placeOf finds a signup on the activity's lists: its element and whether
// it holds seats (a zero holder when it is on neither).
func placeOf(a *models.Activity, signupID string) (models.SeatHolder, bool) {
	for _, h := range a.SeatHolders {
		if h.SignupID == signupID {
			return h, true
		}
	}
	for _, h := range a.WaitingList {
		if h.SignupID == signupID {
			return h, false
		}
	}
	return models.SeatHolder{}, false
}
