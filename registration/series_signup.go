package registration

import (
	"context"
	"slices"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/notifications"
)

// A series signup is made in steps, each idempotent, so that a retry (same
// Idempotency-Key) or recovery finishes what a crash interrupted:
//
//  1. insert the series signup as pending: the unique active key makes
//     "one series signup per email" atomic;
//  2. on each date open for signup, under that activity's lock and inside
//     one store.Atomic, make an ordinary signup (id derived from the series
//     signup's and the activity's, models.SeriesOccurrenceID, so that a
//     second attempt finds the first one's) and place it by the ordinary
//     seat rules, without its own email;
//  3. queue the one email that lists every date (the outbox de-duplicates);
//  4. set the series signup active.
//
// The activities stay the truth for seats; a pending series signup is
// finished by the reconciler (finishPendingSeries).

// maxSeriesDates bounds the dates of a series read at once: four years of
// weekly dates, far more than one repeat makes.
const maxSeriesDates = 208

// Occurrence is one date of a series signup: the activity, the signup
// made on it (nil: none) and its status (the signup's, or one of
// notifications' Occurrence* statuses).
type Occurrence struct {
	Activity         models.Activity
	Signup           *models.Signup
	Status           string
	WaitlistPosition int
}

// SeriesSignupResult is the outcome of a series signup, with the manage
// token of its answer, shown only here.
type SeriesSignupResult struct {
	SeriesSignup models.SeriesSignup
	Occurrences  []Occurrence
	ManageToken  string
	ManageURL    string
}

// SignUpSeries signs a person up, once, for every date of a series open
// for series signup that is published and open for signups: confirmed
// where the party fits, waitlisted where not, and not signed up on a full
// date without a waiting list. id is the id reserved by an
// Idempotency-Key (empty: a new one); a series signup with this id is
// finished and answered with a new manage token instead of made again.
// One email lists every date, with one calendar file.
func (s *Service) SignUpSeries(ctx context.Context, seriesID, id string, in SignupInput) (*SeriesSignupResult, error) {
	sr, err := s.store.SeriesByID(ctx, seriesID)
	if models.IsCode(err, models.ErrNotFound) || (err == nil && !sr.SeriesSignup) {
		return nil, models.Errorf(models.ErrNotFound, "series %s is not open for series signup", seriesID)
	}
	if err != nil {
		return nil, err
	}
	open, err := s.openDates(ctx, seriesID)
	if err != nil {
		return nil, err
	}
	if len(open) == 0 {
		return nil, models.Errorf(models.ErrRegistrationClosed, "series %s has no date open", seriesID)
	}
	in.normalise()
	if err := in.validate(&open[0]); err != nil {
		return nil, err
	}
	if id == "" {
		id = models.NewID()
	}
	now := s.now().UTC()
	token, hash := models.NewManageToken()
	ss := &models.SeriesSignup{ID: id, SeriesID: seriesID, OrganisationID: sr.OrganisationID,
		Name: in.Name, Email: in.Email, Phone: in.Phone, PartySize: in.PartySize, Language: in.Language,
		Answers: answersToStore(in.Answers), Status: models.SeriesSignupPending,
		ActiveKey: models.SeriesActiveKey(seriesID, in.Email), ManageTokenHash: hash,
		ConsentAt: now, CreatedAt: now, UpdatedAt: now}
	err = s.store.InsertSeriesSignup(ctx, ss)
	if models.IsCode(err, models.ErrConflict) {
		// A retry of a request whose first attempt inserted it.
		if ss, err = s.store.SeriesSignupByID(ctx, id); err != nil {
			return nil, err
		}
		if ss.SeriesID != seriesID || ss.ErasedAt != nil {
			return nil, models.Errorf(models.ErrConflict, "series signup %s is another", id)
		}
		if ok, err := s.store.ReplaceSeriesManageToken(ctx, id, hash); err != nil {
			return nil, err
		} else if !ok {
			return nil, models.Errorf(models.ErrConflict, "series signup %s was erased", id)
		}
	} else if err != nil {
		return nil, err
	}
	faultPoint("series:inserted")
	res, err := s.finishSeriesSignup(ctx, ss)
	if err != nil {
		return nil, err
	}
	res.ManageToken, res.ManageURL = token, s.links.Manage.With(token)
	return res, nil
}

// openDates are the dates of a series open for signups now, soonest first.
func (s *Service) openDates(ctx context.Context, seriesID string) ([]models.Activity, error) {
	acts, err := s.store.ActivitiesOfSeries(ctx, seriesID, maxSeriesDates)
	if err != nil {
		return nil, err
	}
	now := s.now()
	return slices.DeleteFunc(acts, func(a models.Activity) bool {
		return a.Status != models.StatusPublished || !a.RegistrationOpen(now)
	}), nil
}

// finishSeriesSignup does steps 2–4 of a pending series signup; one no
// longer pending is described as it is. When no date took the person
// (every open one full, or none open any more) the series signup is
// withdrawn and the answer is full or registration_closed.
func (s *Service) finishSeriesSignup(ctx context.Context, ss *models.SeriesSignup) (*SeriesSignupResult, error) {
	if ss.Status != models.SeriesSignupPending {
		ocs, err := s.occurrencesOf(ctx, ss)
		if err != nil {
			return nil, err
		}
		return &SeriesSignupResult{SeriesSignup: *ss, Occurrences: ocs}, nil
	}
	open, err := s.openDates(ctx, ss.SeriesID)
	if err != nil {
		return nil, err
	}
	org, err := s.store.OrganisationByID(ctx, ss.OrganisationID)
	if err != nil {
		return nil, err
	}
	ocs := make([]Occurrence, 0, len(open))
	placed := 0
	for i := range open {
		oc, err := s.placeOccurrence(ctx, ss, &open[i], org, models.SeriesOccurrenceID(ss.ID, open[i].ID), false)
		if err != nil {
			return nil, err
		}
		if oc.Signup != nil {
			placed++
		}
		ocs = append(ocs, oc)
		faultPoint("series:placed")
	}
	now := s.now().UTC()
	if placed == 0 {
		if _, err := s.store.SetSeriesSignupStatus(ctx, ss.ID, []string{models.SeriesSignupPending},
			models.SeriesSignupCancelled, now); err != nil {
			return nil, err
		}
		if len(ocs) == 0 {
			return nil, models.Errorf(models.ErrRegistrationClosed, "series %s has no date open", ss.SeriesID)
		}
		return nil, models.Errorf(models.ErrFull, "every date of series %s is full", ss.SeriesID)
	}
	if err := s.mail.QueueSeriesEmail(ctx, seriesEmail(notifications.KindSeriesConfirmed, ss, org, ocs)); err != nil {
		return nil, err
	}
	faultPoint("series:mailed")
	if _, err := s.store.SetSeriesSignupStatus(ctx, ss.ID, []string{models.SeriesSignupPending},
		models.SeriesSignupActive, now); err != nil {
		return nil, err
	}
	ss.Status = models.SeriesSignupActive
	s.publicChanged()
	return &SeriesSignupResult{SeriesSignup: *ss, Occurrences: ocs}, nil
}

// placeOccurrence makes the signup of a series signup on one date, with
// id, and places it by the ordinary rules under the activity's lock; a
// signup with this id already there (a retried step) is finished or
// reported as it is. tell says whether the signup gets its own email. A
// full date without a waiting list, or one the person signed up for on
// its own, is reported by its status with no signup; a date no longer
// open is an error (closed or cancelled) the caller reports.
func (s *Service) placeOccurrence(ctx context.Context, ss *models.SeriesSignup, a *models.Activity, org *models.Organisation, id string, tell bool) (Occurrence, error) {
	now := s.now().UTC()
	_, hash := models.NewManageToken() // the series signup's token manages it
	su := s.pendingSignup(id, a, SignupInput{Name: ss.Name, Email: ss.Email, Phone: ss.Phone, PartySize: ss.PartySize,
		Language: ss.Language}, ss.Answers, models.SourcePublic, hash, now)
	su.SeriesSignupID, su.ConsentAt = ss.ID, ss.ConsentAt
	unlock := s.locks.Lock(a.ID)
	var res *SignupResult
	exists := false
	err := s.atomic(ctx, func(ctx context.Context) error {
		if err := s.store.InsertSignup(ctx, su); err != nil {
			exists = models.IsCode(err, models.ErrConflict)
			return err
		}
		var err error
		res, err = s.decideLocked(ctx, su, org, a, placement{}, tell)
		return err
	})
	unlock()
	if exists {
		res, err = s.decideSignup(ctx, id, a.ID)
	}
	oc := Occurrence{Activity: *a}
	switch {
	case err == nil:
	case models.IsCode(err, models.ErrAlreadyRegistered):
		oc.Status = notifications.OccurrenceRegistered
		return oc, nil
	case models.IsCode(err, models.ErrFull):
		oc.Status = notifications.OccurrenceFull
		return oc, nil
	case models.IsCode(err, models.ErrActivityCancelled), models.IsCode(err, models.ErrNotFound):
		// Cancelled or unpublished since it was read.
		oc.Status = notifications.OccurrenceNone
		return oc, nil
	default:
		return oc, err
	}
	s.publicChanged()
	oc.Signup, oc.Status, oc.WaitlistPosition = &res.Signup, res.Signup.Status, res.WaitlistPosition
	return oc, nil
}

// seriesEmail is the email of kind about a series signup and its dates.
func seriesEmail(kind string, ss *models.SeriesSignup, org *models.Organisation, ocs []Occurrence) notifications.SeriesEmail {
	e := notifications.SeriesEmail{Kind: kind, SeriesSignup: *ss, Organisation: *org}
	for _, oc := range ocs {
		e.Occurrences = append(e.Occurrences, notifications.SeriesOccurrence{Activity: oc.Activity, Signup: oc.Signup,
			Status: oc.Status, WaitlistPosition: oc.WaitlistPosition})
	}
	return e
}

// occurrencesOf describes every date of a series signup's series that the
// public may see (not drafts), soonest first, with the person's latest
// signup on it.
func (s *Service) occurrencesOf(ctx context.Context, ss *models.SeriesSignup) ([]Occurrence, error) {
	acts, err := s.store.ActivitiesOfSeries(ctx, ss.SeriesID, maxSeriesDates)
	if err != nil {
		return nil, err
	}
	signups, err := s.store.SignupsOfSeriesSignups(ctx, []string{ss.ID})
	if err != nil {
		return nil, err
	}
	latest := latestByActivity(signups)
	out := make([]Occurrence, 0, len(acts))
	for _, a := range acts {
		if a.Status == models.StatusDraft {
			continue
		}
		oc := Occurrence{Activity: a, Status: notifications.OccurrenceNone}
		if su, ok := latest[a.ID]; ok {
			oc.Signup, oc.Status = &su, su.Status
			if su.Status == models.SignupWaitlisted {
				full, err := s.store.ActivityByID(ctx, a.ID)
				if err != nil {
					return nil, err
				}
				oc.WaitlistPosition = full.WaitingPosition(su.ID)
			}
		}
		out = append(out, oc)
	}
	return out, nil
}

// latestByActivity is, per activity, the latest of signups (the one a
// rejoin made after a skip).
func latestByActivity(signups []models.Signup) map[string]models.Signup {
	out := map[string]models.Signup{}
	for _, su := range signups {
		if cur, ok := out[su.ActivityID]; !ok || su.CreatedAt.After(cur.CreatedAt) ||
			(su.CreatedAt.Equal(cur.CreatedAt) && models.SignupActive(su.Status)) {
			out[su.ActivityID] = su
		}
	}
	return out
}
