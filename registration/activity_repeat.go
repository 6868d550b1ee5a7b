package registration

import (
	"context"
	"fmt"
	"time"

	"github.com/agora-events/agora/models"
)

// RepeatActivity makes req.Count more activities like this one, each
// shifted by the frequency in the activity's own time zone, so that 18:00
// stays 18:00 across daylight saving changes. The copies are new
// occurrences of the original's definition (models.NewOccurrence): they
// share its series_id (given to it now if it had none) and its status
// (draft or published), and carry nothing of its seats, seat holders or
// waiting list. With series_signup the series opens for one signup
// covering every date; the people signed up that way join the new dates
// (enrolNewDates). A cancelled activity is not repeated; a repeat whose
// copies would leave the schedule window is refused naming count.
func (s *Service) RepeatActivity(ctx context.Context, a *Actor, id string, req models.RepeatRequest) ([]ActivityView, error) {
	src, err := s.activityFor(ctx, a, ActManageActivities, id)
	if err != nil {
		return nil, err
	}
	if err := models.Validate(req); err != nil {
		return nil, err
	}
	if src.Status == models.StatusCancelled {
		return nil, models.Errorf(models.ErrActivityCancelled, "activity %s is cancelled", id)
	}
	loc, err := time.LoadLocation(src.Timezone)
	if err != nil {
		return nil, err
	}
	series := src.ID
	if src.SeriesID != nil {
		series = *src.SeriesID
	}
	now := s.now().UTC()
	if err := src.CheckSchedule(now); err != nil {
		return nil, err
	}
	copies := make([]models.Activity, 0, req.Count)
	for n := 1; n <= req.Count; n++ {
		c := src.NewOccurrence(models.NewID(), func(t time.Time) time.Time {
			return ShiftWallClock(t, loc, req.Frequency, n)
		}, now)
		c.Status, c.SeriesID = src.Status, &series
		if c.CheckSchedule(now) != nil {
			_, last := models.ScheduleWindow(now)
			return nil, models.InvalidField("count", "repeat_too_late", last.Format(time.DateOnly))
		}
		copies = append(copies, c)
	}
	if src.SeriesID == nil {
		unlock := s.locks.Lock(id)
		err := s.store.SetActivitySeries(ctx, id, series)
		unlock()
		if err != nil {
			return nil, err
		}
	}
	defer s.publicChanged()
	if err := s.store.InsertActivities(ctx, copies); err != nil {
		return nil, err
	}
	if req.SeriesSignup {
		if err := s.openSeries(ctx, series, src.OrganisationID); err != nil {
			return nil, err
		}
	}
	s.audit(ctx, a, models.AuditActivityRepeat, activityTarget(src).with(fmt.Sprintf("%d copies, %s", req.Count, req.Frequency)))
	// People signed up for the whole series join the new dates.
	if err := s.enrolNewDates(ctx, series, copies); err != nil {
		return nil, err
	}
	return s.views(ctx, a, copies)
}

// ShiftWallClock returns t moved n steps of freq (daily, weekly, monthly)
// on the calendar of loc, keeping its wall-clock time: 18:00 in Warsaw
// stays 18:00 whether or not summer time began in between. A monthly step
// from the 31st lands on the last day of shorter months.
func ShiftWallClock(t time.Time, loc *time.Location, freq string, n int) time.Time {
	l := t.In(loc)
	y, m, d := l.Date()
	hh, mm, ss := l.Clock()
	switch freq {
	case models.RepeatDaily:
		d += n
	case models.RepeatWeekly:
		d += 7 * n
	case models.RepeatMonthly:
		m += time.Month(n)
		if last := time.Date(y, m+1, 0, 0, 0, 0, 0, loc).Day(); d > last {
			d = last
		}
	}
	return time.Date(y, m, d, hh, mm, ss, l.Nanosecond(), loc).UTC()
}
