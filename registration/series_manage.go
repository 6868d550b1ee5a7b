package registration

import (
	"context"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/notifications"
	"github.com/agora-events/agora/store"
)

// The manage link of a series signup: every date with its status, skip
// or rejoin one date, leave the whole series, erase it all. Each date's
// signup changes by the ordinary rules (cancelSignup, placeOccurrence).

// ManagedSeries is what a person sees of their series signup.
type ManagedSeries struct {
	SeriesSignup models.SeriesSignup
	Occurrences  []ManagedOccurrence
}

// ManagedOccurrence is one date of a managed series signup with what the
// person may do to it now.
type ManagedOccurrence struct {
	Occurrence
	CanSkip   bool
	CanRejoin bool
}

// seriesByToken finds the series signup a manage token belongs to;
// anything wrong (unknown, erased, not finished) is not_found.
func (s *Service) seriesByToken(ctx context.Context, token string) (*models.SeriesSignup, error) {
	notFound := models.Errorf(models.ErrNotFound, "no signup for this token")
	if len(token) != models.ManageTokenLen {
		return nil, notFound
	}
	ss, err := s.store.SeriesSignupByTokenHash(ctx, models.ManageTokenHash(token))
	if models.IsCode(err, models.ErrNotFound) {
		return nil, notFound
	}
	if err != nil {
		return nil, err
	}
	if ss.ErasedAt != nil || ss.Status == models.SeriesSignupPending {
		return nil, notFound
	}
	return ss, nil
}

// managedSeries describes a series signup for its manage page.
func (s *Service) managedSeries(ctx context.Context, ss *models.SeriesSignup) (*ManagedSignup, error) {
	ocs, err := s.occurrencesOf(ctx, ss)
	if err != nil {
		return nil, err
	}
	now := s.now()
	active := ss.Status == models.SeriesSignupActive
	ms := &ManagedSeries{SeriesSignup: *ss}
	m := &ManagedSignup{Series: ms}
	summary := models.SignupCancelled
	for _, oc := range ocs {
		mo := ManagedOccurrence{Occurrence: oc}
		notStarted := oc.Activity.Status == models.StatusPublished && !oc.Activity.Started(now)
		if oc.Signup != nil && models.SignupActive(oc.Status) {
			mo.CanSkip = active && notStarted
			if summary != models.SignupConfirmed {
				summary = oc.Status
			}
		} else {
			mo.CanRejoin = active && notStarted && oc.Activity.RegistrationOpen(now)
		}
		m.CanCancel = m.CanCancel || mo.CanSkip
		ms.Occurrences = append(ms.Occurrences, mo)
		if m.Activity.ID == "" && !oc.Activity.Started(now) {
			m.Activity = oc.Activity // the next date
		}
	}
	if m.Activity.ID == "" && len(ocs) > 0 {
		m.Activity = ocs[len(ocs)-1].Activity
	}
	if !active {
		summary = models.SignupCancelled
	}
	m.Signup = models.Signup{ID: ss.ID, ActivityID: m.Activity.ID, OrganisationID: ss.OrganisationID,
		Name: ss.Name, Email: ss.Email, Phone: ss.Phone, PartySize: ss.PartySize, Language: ss.Language,
		Answers: ss.Answers, Status: summary, CreatedAt: ss.CreatedAt, UpdatedAt: ss.UpdatedAt}
	return m, nil
}

// occurrenceByToken finds one date of the series signup of token.
func (s *Service) occurrenceByToken(ctx context.Context, token, activityID string) (*models.SeriesSignup, *Occurrence, error) {
	ss, err := s.seriesByToken(ctx, token)
	if err != nil {
		return nil, nil, err
	}
	ocs, err := s.occurrencesOf(ctx, ss)
	if err != nil {
		return nil, nil, err
	}
	for i := range ocs {
		if ocs[i].Activity.ID == activityID {
			return ss, &ocs[i], nil
		}
	}
	return nil, nil, models.Errorf(models.ErrNotFound, "activity %s is not a date of this series", activityID)
}

// occurrenceNow reads one date of a series signup again, after a change.
func (s *Service) occurrenceNow(ctx context.Context, token, activityID string) (*Occurrence, error) {
	_, oc, err := s.occurrenceByToken(ctx, token, activityID)
	return oc, err
}

// SkipOccurrence cancels the person's signup on one date of their series
// signup (with the ordinary receipt, whose calendar file removes that
// date) and gives its seats to the waiting list. Skipping a date skipped
// already, or never signed up for, answers it as it is; once the date has
// started it is activity_started; after leaving the series,
// signup_cancelled.
func (s *Service) SkipOccurrence(ctx context.Context, token, activityID string) (*Occurrence, error) {
	ss, oc, err := s.occurrenceByToken(ctx, token, activityID)
	if err != nil {
		return nil, err
	}
	if oc.Signup == nil || oc.Status == models.SignupCancelled {
		return oc, nil
	}
	if ss.Status != models.SeriesSignupActive {
		return nil, models.Errorf(models.ErrSignupCancelled, "series signup %s left", ss.ID)
	}
	if oc.Activity.Started(s.now()) || !models.SignupActive(oc.Status) {
		return nil, models.Errorf(models.ErrActivityStarted, "activity %s started", activityID)
	}
	if _, _, err := s.cancelSignup(ctx, oc.Signup.ID, activityID, models.CancelledByAttendee, true); err != nil {
		return nil, err
	}
	s.publicChanged()
	return s.occurrenceNow(ctx, token, activityID)
}

// RejoinOccurrence signs the person of a series signup up again on one
// date (skipped, or full when they signed up), by the ordinary seat rules
// and with the ordinary email. A date they hold a signup on answers it as
// it is; a full date without a waiting list is full; a date closed for
// signups registration_closed (activity_cancelled when cancelled).
func (s *Service) RejoinOccurrence(ctx context.Context, token, activityID string) (*Occurrence, error) {
	ss, oc, err := s.occurrenceByToken(ctx, token, activityID)
	if err != nil {
		return nil, err
	}
	if oc.Signup != nil && models.SignupActive(oc.Status) {
		return oc, nil
	}
	if ss.Status != models.SeriesSignupActive {
		return nil, models.Errorf(models.ErrSignupCancelled, "series signup %s left", ss.ID)
	}
	a := &oc.Activity
	switch {
	case a.Status == models.StatusCancelled:
		return nil, models.Errorf(models.ErrActivityCancelled, "activity %s cancelled", a.ID)
	case a.Status != models.StatusPublished:
		return nil, models.Errorf(models.ErrNotFound, "activity %s not published", a.ID)
	case !a.RegistrationOpen(s.now()):
		return nil, models.Errorf(models.ErrRegistrationClosed, "activity %s not open", a.ID)
	}
	org, err := s.store.OrganisationByID(ctx, a.OrganisationID)
	if err != nil {
		return nil, err
	}
	placed, err := s.placeOccurrence(ctx, ss, a, org, models.NewID(), true)
	if err != nil {
		return nil, err
	}
	switch placed.Status {
	case notifications.OccurrenceFull:
		return nil, models.Errorf(models.ErrFull, "activity %s full", a.ID)
	case notifications.OccurrenceRegistered:
		return nil, models.Errorf(models.ErrAlreadyRegistered, "already signed up for activity %s", a.ID)
	case notifications.OccurrenceNone:
		return nil, models.Errorf(models.ErrRegistrationClosed, "activity %s not open", a.ID)
	}
	return s.occurrenceNow(ctx, token, activityID)
}

// leaveSeries cancels a series signup and every date it holds that has
// not started (quietly: one receipt, whose calendar file removes them
// all, tells the person), giving the seats to the waiting lists. Leaving
// again succeeds again and finishes an interrupted leave.
func (s *Service) leaveSeries(ctx context.Context, ss *models.SeriesSignup, receipt bool) error {
	now := s.now().UTC()
	if _, err := s.store.SetSeriesSignupStatus(ctx, ss.ID, []string{models.SeriesSignupActive},
		models.SeriesSignupCancelled, now); err != nil {
		return err
	}
	ocs, err := s.occurrencesOf(ctx, ss)
	if err != nil {
		return err
	}
	var left []Occurrence
	for _, oc := range ocs {
		if oc.Signup == nil || !models.SignupActive(oc.Status) || oc.Activity.Started(now) {
			continue
		}
		su, _, err := s.cancelSignup(ctx, oc.Signup.ID, oc.Activity.ID, models.CancelledByAttendee, false)
		if err != nil {
			return err
		}
		oc.Signup, oc.Status = su, su.Status
		left = append(left, oc)
	}
	s.publicChanged()
	if !receipt || len(left) == 0 {
		return nil
	}
	org, err := s.store.OrganisationByID(ctx, ss.OrganisationID)
	if err != nil {
		return err
	}
	return s.mail.QueueSeriesEmail(ctx, seriesEmail(notifications.KindSeriesCancelled, ss, org, left))
}

// eraseSeries leaves a series signup and erases its personal data, that
// of each date's signup and the emails written about them.
func (s *Service) eraseSeries(ctx context.Context, ss *models.SeriesSignup) error {
	if err := s.leaveSeries(ctx, ss, false); err != nil {
		return err
	}
	signups, err := s.store.SignupsOfSeriesSignups(ctx, []string{ss.ID})
	if err != nil {
		return err
	}
	now := s.now().UTC()
	for _, su := range signups {
		if su.ErasedAt != nil {
			continue
		}
		if err := s.eraseEmails(ctx, store.OutboxScope{SignupID: su.ID}, now); err != nil {
			return err
		}
		if err := s.eraseSignup(ctx, su.ID, su.ActivityID, now); err != nil {
			return err
		}
	}
	if err := s.eraseEmails(ctx, store.OutboxScope{SignupID: ss.ID}, now); err != nil {
		return err
	}
	if _, err := s.store.EraseSeriesSignup(ctx, ss.ID, now); err != nil {
		return err
	}
	s.scrub(ctx)
	return nil
}
