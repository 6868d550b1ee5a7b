package registration

import (
	"context"

	"github.com/agora-events/agora/models"
)

// afterCapacityRaised runs after an activity's capacity went up, under
// the activity's lock and inside the Atomic that raised it. It is where
// waiting signups that now fit get their seats.
func (s *Service) afterCapacityRaised(ctx context.Context, activityID string) error {
	return s.promoteLocked(ctx, activityID)
}

// afterActivityCancelled runs when an activity was cancelled (and again
// when a cancel is repeated), under the activity's lock and inside the
// Atomic that cancelled it. It is where everyone confirmed or waiting is
// told, with the reason; it must be idempotent, and an error makes the
// cancel fail (on the embedded store: undone) so that the organiser
// retries it.
func (s *Service) afterActivityCancelled(ctx context.Context, act models.Activity) error {
	return s.notifyActivityCancelled(ctx, &act)
}
