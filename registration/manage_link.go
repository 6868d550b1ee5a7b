package registration

import (
	"context"
	"strings"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/notifications"
)

// A lost manage link is found again by email: the address that signed up
// is sent a link, never the one who asks, so knowing an address opens
// nothing. The link is a new token of the email's own, like every email's
// (see manage.go): the links handed out before keep working, as they do
// for every other email that carries one. The answer never says whether
// the address is registered: the same for every address, and the email
// is queued in the outbox, never sent while the request waits. What still
// differs is the time the queuing takes (a render and one insert), which
// is small beside a request's own variation.

// RequestManageLink asks for the manage link of the active signup of email
// to activityID to be emailed to that address (at most once per
// notifications.ManageLinkEvery per signup). Only an unknown (or draft)
// activity and an invalid address are errors; whether anything is sent is
// not told.
func (s *Service) RequestManageLink(ctx context.Context, activityID, email string) error {
	a, err := s.store.ActivitySummary(ctx, activityID)
	if err != nil {
		return err
	}
	if a.Status == models.StatusDraft {
		return models.Errorf(models.ErrNotFound, "draft %s", a.ID)
	}
	email = strings.TrimSpace(email)
	switch {
	case email == "":
		return models.InvalidField("email", "required", "")
	case !validSignupEmail(email):
		return models.InvalidField("email", "email", "")
	}
	return s.sendManageLink(ctx, a, email)
}

// sendManageLink queues the manage link of the active signup of email to
// a, if there is one that is decided (a pending one is being answered
// right now, with a link of its own).
func (s *Service) sendManageLink(ctx context.Context, a *models.Activity, email string) error {
	su, err := s.store.SignupByActiveKey(ctx, activeKey(a.ID, email))
	if models.IsCode(err, models.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if !models.SignupActive(su.Status) || su.ErasedAt != nil {
		return nil
	}
	return s.queueSignupEmail(ctx, notifications.KindManageLink, su, a, 0)
}

// remindOfLink is sendManageLink for a signup refused as
// already_registered: the address gets its link, and the refusal stands
// whatever becomes of the email (a failure to queue is logged).
func (s *Service) remindOfLink(ctx context.Context, a *models.Activity, email string) {
	if err := s.sendManageLink(ctx, a, email); err != nil {
		s.logger.Error("manage link not queued after already_registered", "activity", a.ID, "err", err)
	}
}
