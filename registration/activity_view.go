package registration

import (
	"context"
	"time"

	"github.com/agora-events/agora/models"
)

// How an activity is shown to one caller: what they may see of it, in
// the times of its own place.

// view presents one activity to a caller.
func (s *Service) view(ctx context.Context, a *Actor, act models.Activity) (*ActivityView, error) {
	views, err := s.views(ctx, a, []models.Activity{act})
	if err != nil {
		return nil, err
	}
	return &views[0], nil
}

// views presents activities to a caller. The waiting list lives on the
// activity document, so its length needs no further query.
func (s *Service) views(ctx context.Context, a *Actor, acts []models.Activity) ([]ActivityView, error) {
	out := make([]ActivityView, len(acts))
	for i, act := range acts {
		if !a.Sees(act.OrganisationID) {
			act.Venue.OnlineURL = ""
		}
		localise(&act)
		act.SetWaitlistDefaults()
		if act.Description == nil {
			act.Description = models.Text{}
		}
		if act.Languages == nil {
			act.Languages = []string{}
		}
		if act.Questions == nil {
			act.Questions = []models.Question{}
		}
		out[i] = ActivityView{Activity: act, SeatsLeft: act.SeatsLeft(), WaitlistCount: act.WaitlistCount}
	}
	return out, nil
}

// localise shows an activity's times in its own time zone, as the people
// going there read them, and always as times that RFC 3339 can write
// (see showable).
func localise(act *models.Activity) {
	loc, err := time.LoadLocation(act.Timezone)
	if err != nil {
		loc = time.UTC
	}
	act.StartsAt, act.EndsAt = showable(act.StartsAt, loc), showable(act.EndsAt, loc)
	if t := act.RegistrationOpensAt; t != nil {
		v := showable(*t, loc)
		act.RegistrationOpensAt = &v
	}
	if t := act.RegistrationClosesAt; t != nil {
		v := showable(*t, loc)
		act.RegistrationClosesAt = &v
	}
}

// showable returns t in loc, or, when its year there is outside the
// years RFC 3339 (and so JSON) can write, 0 to 9999, the nearest instant
// it can write, in UTC. Validation keeps the times of new and edited
// activities within a few years (models.CheckSchedule), but the store may
// hold older values, written before that rule or imported: one of them
// must not fail every list it appears in, for every organisation.
func showable(t time.Time, loc *time.Location) time.Time {
	if l := t.In(loc); l.Year() >= 0 && l.Year() <= 9999 {
		return l
	}
	first := time.Date(0, time.January, 1, 0, 0, 0, 0, time.UTC)
	last := time.Date(9999, time.December, 31, 23, 59, 59, 0, time.UTC)
	switch {
	case t.Before(first):
		return first
	case t.After(last):
		return last
	}
	return t.UTC()
}
