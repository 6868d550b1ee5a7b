package registration

import (
	"context"

	"github.com/agora-events/agora/models"
)

// afterCapacityRaised runs after an activity's capacity went up and the
// change is stored, without the activity's lock held (take it inside).
// It is where waiting signups that now fit get their seats.
func (s *Service) afterCapacityRaised(ctx context.Context, activityID string) error {
	return s.promote(ctx, activityID)
}

// afterActivityCancelled runs after an activity was cancelled (and again
// when a cancel is repeated), without the activity's lock held. It is
// where everyone confirmed or waiting is told, with the reason; it must be
// idempotent, and an error makes the cancel request fail so that the
// organiser retries it.
func (s *Service) afterActivityCancelled(ctx context.Context, act models.Activity) error {
	return s.notifyActivityCancelled(ctx, &act)
}
