package notifications

import (
	"context"
	"strconv"
	"time"

	"github.com/agora-events/agora/models"
)

// KindManageLink sends a signup its manage link again, when its address
// asks for it (the "Lost your link?" form, or a second signup with the
// same address). Like every email that carries the link, it carries a
// token of its own: the links sent before keep working.
const KindManageLink = "manage_link"

// ManageLinkEvery is the least time between two manage-link emails to one
// signup, so that nobody can flood an inbox through the public forms.
const ManageLinkEvery = 10 * time.Minute

// manageLinkKey is the de-duplication key of a manage-link email queued at
// t: one per signup and ManageLinkEvery window, so the outbox's unique key
// refuses a second email in the same window, durably and across instances.
func manageLinkKey(signupID string, t time.Time) string {
	window := t.Unix() / int64(ManageLinkEvery/time.Second)
	return KindManageLink + ":" + signupID + ":" + strconv.FormatInt(window, 10)
}

// manageLinkSentRecently reports whether the previous window's email was
// queued less than ManageLinkEvery ago: without this check, two emails on
// either side of a window's edge would come minutes apart. (Two requests
// racing at that very edge could still both pass; that costs one email.)
func (o *Outbox) manageLinkSentRecently(ctx context.Context, signupID string, now time.Time) (bool, error) {
	prev, err := o.store.OutboxByDedupKey(ctx, manageLinkKey(signupID, now.Add(-ManageLinkEvery)))
	if models.IsCode(err, models.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return prev.CreatedAt.After(now.Add(-ManageLinkEvery)), nil
}

// signupDedupKey is the de-duplication key of a signup email queued at
// now: one of each kind per signup (SignupDedupKey), but one per window
// for manage links.
func signupDedupKey(kind, signupID string, now time.Time) string {
	if kind == KindManageLink {
		return manageLinkKey(signupID, now)
	}
	return SignupDedupKey(kind, signupID)
}
