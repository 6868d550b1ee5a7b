package registration

import (
	"context"
	"strconv"

	"github.com/agora-events/agora/models"
)

// MaxBulkCheckIn is how many signups one bulk check-in may name: more
// than any room holds, few enough that checking each stays quick.
const MaxBulkCheckIn = 1000

// CheckInCounts is what a bulk check-in recorded.
type CheckInCounts struct {
	Attended, NoShow int
}

// BulkCheckIn records at once who came (attended) and who did not
// (no_show) among an activity's signups: the sign-in sheet ticked after
// an activity in a room without signal. Every id must be a signup of the
// activity holding a seat (confirmed, attended or no_show), and none may
// be named twice; otherwise validation_failed names each bad entry
// ("attended.2") and nothing changes. The writes are one Atomic step, so
// on the embedded store a failure halfway leaves nothing half done.
func (s *Service) BulkCheckIn(ctx context.Context, actor *Actor, activityID string, attended, noShow []string) (*CheckInCounts, error) {
	a, err := s.activityFor(ctx, actor, ActManageSignups, activityID)
	if err != nil {
		return nil, err
	}
	if len(attended)+len(noShow) > MaxBulkCheckIn {
		return nil, models.InvalidField("attended", "max", strconv.Itoa(MaxBulkCheckIn))
	}
	unlock := s.locks.Lock(a.ID)
	defer unlock()
	lists := []struct {
		field, status string
		ids           []string
	}{{"attended", models.SignupAttended, attended}, {"no_show", models.SignupNoShow, noShow}}
	fields := map[string]models.FieldError{}
	seen := map[string]bool{}
	for _, l := range lists {
		for i, id := range l.ids {
			path := l.field + "." + strconv.Itoa(i)
			if seen[id] {
				fields[path] = models.FieldError{Key: "unique"}
				continue
			}
			seen[id] = true
			su, err := s.store.SignupByID(ctx, id)
			switch {
			case models.IsCode(err, models.ErrNotFound) || err == nil && su.ActivityID != a.ID:
				fields[path] = models.FieldError{Key: "not_of_activity"}
			case err != nil:
				return nil, err
			case !models.SignupHoldsSeat(su.Status):
				fields[path] = models.FieldError{Key: "not_checkable", Param: su.Status}
			}
		}
	}
	if len(fields) > 0 {
		return nil, models.Invalid(fields)
	}
	if !s.CheckInOpen(a) {
		return nil, models.Errorf(models.ErrConflict, "check-in opens %s before the start", s.checkInOpensBefore)
	}
	now := s.now().UTC()
	err = s.atomic(ctx, func(ctx context.Context) error {
		for _, l := range lists {
			for _, id := range l.ids {
				ok, err := s.store.SetSignupStatus(ctx, id,
					[]string{models.SignupConfirmed, models.SignupAttended, models.SignupNoShow}, l.status, now)
				if err != nil {
					return err
				}
				if !ok {
					return models.Errorf(models.ErrConflict, "signup %s changed", id)
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, l := range lists {
		for _, id := range l.ids {
			s.audit(ctx, actor, models.AuditSignupCheckIn, signupTarget(&models.Signup{ID: id, ActivityID: a.ID,
				OrganisationID: a.OrganisationID}).with(l.status))
		}
	}
	return &CheckInCounts{Attended: len(attended), NoShow: len(noShow)}, nil
}
