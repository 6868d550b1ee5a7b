package registration

import (
	"context"
	"slices"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/notifications"
)

// Series: the activities a repeat made, which share a series_id, and the
// record saying whether people may sign up for all of them at once.

// maxSeriesSignups bounds the series signups read at once (roster, new
// dates): a series is a group that meets, not a crowd.
const maxSeriesSignups = 1000

// SeriesView is a series as a caller may see it: its activities (drafts
// only for its organisation's staff), soonest first.
type SeriesView struct {
	ID           string
	SeriesSignup bool
	Activities   []ActivityView
}

// GetSeries returns a series. One with no activity the caller may see is
// not_found.
func (s *Service) GetSeries(ctx context.Context, a *Actor, id string) (*SeriesView, error) {
	acts, err := s.store.ActivitiesOfSeries(ctx, id, maxSeriesDates)
	if err != nil {
		return nil, err
	}
	acts = slices.DeleteFunc(acts, func(act models.Activity) bool {
		return act.Status != models.StatusPublished && !a.Sees(act.OrganisationID)
	})
	if len(acts) == 0 {
		return nil, models.Errorf(models.ErrNotFound, "series %s not found", id)
	}
	open, err := s.seriesOpen(ctx, id)
	if err != nil {
		return nil, err
	}
	views, err := s.views(ctx, a, acts)
	if err != nil {
		return nil, err
	}
	return &SeriesView{ID: id, SeriesSignup: open, Activities: views}, nil
}

// seriesOpen reports whether a series is open for series signup.
func (s *Service) seriesOpen(ctx context.Context, id string) (bool, error) {
	sr, err := s.store.SeriesByID(ctx, id)
	if models.IsCode(err, models.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return sr.SeriesSignup, nil
}

// SeriesOpenForSignup reports whether the series of an activity (nil: it
// has none) is open for series signup: the activity page offers "sign up
// for all dates" then.
func (s *Service) SeriesOpenForSignup(ctx context.Context, seriesID *string) bool {
	if seriesID == nil {
		return false
	}
	open, err := s.seriesOpen(ctx, *seriesID)
	if err != nil {
		s.logger.Error("series: read", "series_id", *seriesID, "err", err)
	}
	return open
}

// openSeries records that a series is open for series signup.
func (s *Service) openSeries(ctx context.Context, id, orgID string) error {
	now := s.now().UTC()
	return s.store.SaveSeries(ctx, &models.Series{ID: id, OrganisationID: orgID, SeriesSignup: true,
		CreatedAt: now, UpdatedAt: now})
}

// enrolNewDates signs the people of a series open for series signup (its
// active series signups) up for its new dates, each within its seats and
// with its own email, as any signup on that date. A new date that is not
// published, or not open, is left. Each signup's id is derived from the
// series signup and the date, so that doing it again changes nothing.
// Errors are logged per person: one failure must not keep the others off.
func (s *Service) enrolNewDates(ctx context.Context, seriesID string, dates []models.Activity) error {
	if open, err := s.seriesOpen(ctx, seriesID); err != nil || !open {
		return err
	}
	people, err := s.store.SeriesSignupsOf(ctx, seriesID, []string{models.SeriesSignupActive}, maxSeriesSignups)
	if err != nil || len(people) == 0 {
		return err
	}
	now := s.now()
	for i := range dates {
		a := &dates[i]
		if a.Status != models.StatusPublished || !a.RegistrationOpen(now) {
			continue
		}
		org, err := s.store.OrganisationByID(ctx, a.OrganisationID)
		if err != nil {
			return err
		}
		for j := range people {
			ss := &people[j]
			fresh, err := s.store.ActivitySummary(ctx, a.ID)
			if err == nil {
				_, err = s.placeOccurrence(ctx, ss, fresh, org, models.SeriesOccurrenceID(ss.ID, a.ID), true)
			}
			if err != nil {
				s.logger.Error("series: enrol on a new date", "series_signup_id", ss.ID, "activity_id", a.ID, "err", err)
			}
		}
		if fresh, err := s.store.ActivitySummary(ctx, a.ID); err == nil {
			*a = *fresh // the answer shows the seats now taken
		}
	}
	return nil
}

// RosterRow is one person of a series roster with their status on each
// date of SeriesRoster.Dates (a signup status, "cancelled" for a skipped
// date, or notifications.OccurrenceNone).
type RosterRow struct {
	SeriesSignup models.SeriesSignup
	Statuses     []string
}

// SeriesRoster is the people of a series signup against its dates.
type SeriesRoster struct {
	SeriesID string
	Dates    []models.Activity
	Rows     []RosterRow
}

// Roster returns the people who signed up for a whole series (those who
// left it too) × its dates (drafts left out), for its organisation's
// staff.
func (s *Service) Roster(ctx context.Context, actor *Actor, id string) (*SeriesRoster, error) {
	acts, err := s.store.ActivitiesOfSeries(ctx, id, maxSeriesDates)
	if err != nil {
		return nil, err
	}
	if len(acts) == 0 {
		return nil, models.Errorf(models.ErrNotFound, "series %s not found", id)
	}
	if err := actor.Authorize(ActManageSignups, acts[0].OrganisationID); err != nil {
		return nil, err
	}
	acts = slices.DeleteFunc(acts, func(a models.Activity) bool { return a.Status == models.StatusDraft })
	for i := range acts {
		localise(&acts[i])
	}
	people, err := s.store.SeriesSignupsOf(ctx, id, []string{models.SeriesSignupActive, models.SeriesSignupCancelled}, maxSeriesSignups)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(people))
	for i, ss := range people {
		ids[i] = ss.ID
	}
	byPerson := map[string][]models.Signup{}
	for start := 0; start < len(ids); start += reconcileBatch {
		batch, err := s.store.SignupsOfSeriesSignups(ctx, ids[start:min(start+reconcileBatch, len(ids))])
		if err != nil {
			return nil, err
		}
		for _, su := range batch {
			byPerson[su.SeriesSignupID] = append(byPerson[su.SeriesSignupID], su)
		}
	}
	r := &SeriesRoster{SeriesID: id, Dates: acts}
	for _, ss := range people {
		latest := latestByActivity(byPerson[ss.ID])
		row := RosterRow{SeriesSignup: ss, Statuses: make([]string, len(acts))}
		for i, a := range acts {
			row.Statuses[i] = notifications.OccurrenceNone
			if su, ok := latest[a.ID]; ok {
				row.Statuses[i] = su.Status
			}
		}
		r.Rows = append(r.Rows, row)
	}
	return r, nil
}

// RosterStatus is how a roster names a date's status: a cancelled date
// was skipped.
func RosterStatus(status string) string {
	if status == models.SignupCancelled {
		return "skipped"
	}
	return status
}
