package registration

import (
	"context"
	"time"

	"github.com/agora-events/agora/models"
)

// ActivityView is an activity as one caller may see it: times in the
// activity's own time zone, the seats left and the waiting list's length,
// and the online link only for its organisation's staff.
type ActivityView struct {
	models.Activity
	SeatsLeft     int
	WaitlistCount int
}

// CreateActivity creates a draft activity of the caller's organisation
// (an admin names the organisation). Defaults: one person per signup, a
// waiting list, the organisation's time zone.
func (s *Service) CreateActivity(ctx context.Context, a *Actor, req *models.ActivityRequest) (*ActivityView, error) {
	if a == nil {
		return nil, models.Errorf(models.ErrUnauthorized, "no actor")
	}
	orgID := a.User.OrganisationID
	if req.OrganisationID != nil && *req.OrganisationID != "" {
		orgID = *req.OrganisationID
	}
	if orgID == "" {
		return nil, models.InvalidField("organisation_id", "required", "")
	}
	if err := a.Authorize(ActManageActivities, orgID); err != nil {
		return nil, err
	}
	org, err := s.store.OrganisationByID(ctx, orgID)
	if models.IsCode(err, models.ErrNotFound) {
		return nil, models.InvalidField("organisation_id", "invalid", "")
	}
	if err != nil {
		return nil, err
	}
	now := s.now().UTC()
	act := models.Activity{ID: models.NewID(), OrganisationID: org.ID, Timezone: org.Timezone, MaxPartySize: 1,
		Waitlist: true, Status: models.StatusDraft, SeatHolders: []models.SeatHolder{}, CreatedAt: now, UpdatedAt: now,
		OfferCutoffHours: models.DefaultOfferCutoffHours}
	act.SetWaitlistDefaults()
	req.Patch(&act)
	if err := models.MergeInvalid(req.Required(true), act.CheckSchedule(now), models.Validate(act),
		drawInFuture(act.DrawAt, now)); err != nil {
		return nil, err
	}
	if err := s.store.InsertActivity(ctx, &act); err != nil {
		return nil, err
	}
	s.publicChanged()
	s.audit(ctx, a, models.AuditActivityCreate, activityTarget(&act))
	return s.view(ctx, a, act)
}

// GetActivity returns an activity. Drafts exist only for their
// organisation's staff: anyone else gets not_found.
func (s *Service) GetActivity(ctx context.Context, a *Actor, id string) (*ActivityView, error) {
	act, err := s.store.ActivitySummary(ctx, id)
	if err != nil {
		return nil, err
	}
	if act.Status == models.StatusDraft && !a.Sees(act.OrganisationID) {
		return nil, models.Errorf(models.ErrNotFound, "draft %s", id)
	}
	return s.view(ctx, a, *act)
}

// UpdateActivity changes what the request carries. Lowering the capacity
// below the seats taken is capacity_below_taken; raising it lets waiting
// signups in (afterCapacityRaised). A cancelled activity cannot change.
func (s *Service) UpdateActivity(ctx context.Context, a *Actor, id string, req *models.ActivityRequest) (*ActivityView, error) {
	act, err := s.activityFor(ctx, a, ActManageActivities, id)
	if err != nil {
		return nil, err
	}
	if req.OrganisationID != nil && *req.OrganisationID != act.OrganisationID {
		return nil, models.InvalidField("organisation_id", "immutable", "")
	}
	if err := req.Required(false); err != nil {
		return nil, err
	}
	unlock := s.locks.Lock(id)
	err = s.atomic(ctx, func(ctx context.Context) error {
		raised, err := s.updateLocked(ctx, id, req)
		if err != nil || !raised {
			return err
		}
		// Waiting signups that now fit get their seats in the same
		// transaction (on MongoDB, a failure here is finished by the
		// reconciler).
		return s.afterCapacityRaised(ctx, id)
	})
	unlock()
	if err != nil {
		return nil, err
	}
	s.audit(ctx, a, models.AuditActivityUpdate, activityTarget(act))
	return s.GetActivity(ctx, a, id)
}

// updateLocked applies req under the activity's lock, so that no seat
// change slips between reading the seats taken and writing the capacity.
// It reports whether the capacity went up.
func (s *Service) updateLocked(ctx context.Context, id string, req *models.ActivityRequest) (raised bool, err error) {
	act, err := s.store.ActivityByID(ctx, id)
	if err != nil {
		return false, err
	}
	if act.Status == models.StatusCancelled {
		return false, models.Errorf(models.ErrActivityCancelled, "activity %s is cancelled", id)
	}
	oldCapacity, before, oldDraw := act.Capacity, act.Schedule(), act.DrawAt
	act.SetWaitlistDefaults()
	req.Patch(act)
	now := s.now().UTC()
	var drawErr error
	if req.DrawAt.Set && !sameTime(oldDraw, act.DrawAt) {
		if act.DrawnAt != nil {
			drawErr = models.InvalidField("draw_at", "immutable", "")
		} else {
			drawErr = drawInFuture(act.DrawAt, now)
		}
	}
	if err := models.MergeInvalid(act.CheckSchedule(now), models.Validate(*act), drawErr); err != nil {
		return false, err
	}
	seats := models.Activity{Capacity: oldCapacity, SeatsTaken: act.SeatsTaken} // as it is now
	if err := seats.CanSetCapacity(act.Capacity); err != nil {
		return false, err
	}
	act.UpdatedAt = now
	announce := act.Reschedule(before, now, s.changeDelay)
	if announce {
		// In one transaction the edit and its emails commit together, so
		// the mark is true at once; otherwise it becomes true after the
		// emails (finishChangeNotice).
		act.ChangeNotice.Queued = s.store.Transactional()
	}
	if err := s.store.UpdateActivityDetails(ctx, act); err != nil {
		return false, err
	}
	if announce {
		faultPoint("edit-before-change-emails")
		if err := s.finishChangeNotice(ctx, act, false); err != nil {
			return false, err
		}
	}
	return act.Capacity > oldCapacity, nil
}

// PublishActivity opens a draft for signups. Publishing a published
// activity again is harmless; a cancelled one stays cancelled.
func (s *Service) PublishActivity(ctx context.Context, a *Actor, id string) (*ActivityView, error) {
	draft, err := s.activityFor(ctx, a, ActManageActivities, id)
	if err != nil {
		return nil, err
	}
	if draft.Status == models.StatusDraft {
		if err := drawInFuture(draft.DrawAt, s.now()); err != nil {
			return nil, err
		}
	}
	unlock := s.locks.Lock(id)
	moved, err := s.store.SetActivityStatus(ctx, id, []string{models.StatusDraft}, models.StatusPublished, nil, s.now().UTC())
	unlock()
	s.publicChanged()
	if err != nil {
		return nil, err
	}
	act, err := s.store.ActivityByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if !moved && act.Status == models.StatusCancelled {
		return nil, models.Errorf(models.ErrActivityCancelled, "activity %s is cancelled", id)
	}
	if moved {
		s.audit(ctx, a, models.AuditActivityPublish, activityTarget(act))
	}
	return s.view(ctx, a, *act)
}

// CancelActivity cancels an activity with a reason that everyone who
// signed up is told (afterActivityCancelled). Cancelling again returns the
// cancelled activity and tells anyone not yet told, so a retry after a
// failure completes the job.
func (s *Service) CancelActivity(ctx context.Context, a *Actor, id string, req models.CancelActivityRequest) (*ActivityView, error) {
	if _, err := s.activityFor(ctx, a, ActManageActivities, id); err != nil {
		return nil, err
	}
	req.Normalize()
	if err := models.Validate(req); err != nil {
		return nil, err
	}
	// The status and the email to everyone commit together on the
	// embedded store: a crash cannot leave a cancelled activity whose
	// people were never told. On MongoDB a repeated cancel tells whoever
	// was missed (the outbox de-duplicates).
	unlock := s.locks.Lock(id)
	var moved bool
	var act *models.Activity
	err := s.atomic(ctx, func(ctx context.Context) error {
		var err error
		moved, err = s.store.SetActivityStatus(ctx, id, []string{models.StatusDraft, models.StatusPublished},
			models.StatusCancelled, req.Reason, s.now().UTC())
		if err != nil {
			return err
		}
		if act, err = s.store.ActivityByID(ctx, id); err != nil {
			return err
		}
		if err := s.afterActivityCancelled(ctx, *act); err != nil {
			return err
		}
		// Everyone is told: on MongoDB a crash before this line leaves
		// the mark for the reconciler to find.
		act.TellPending = false
		return s.store.MarkPeopleTold(ctx, id)
	})
	unlock()
	if err != nil {
		return nil, err
	}
	if moved {
		s.audit(ctx, a, models.AuditActivityCancel, activityTarget(act))
	}
	return s.view(ctx, a, *act)
}

// DeleteActivity deletes a draft that nobody signed up for; anything else
// is not_deletable (cancel it instead).
func (s *Service) DeleteActivity(ctx context.Context, a *Actor, id string) error {
	act, err := s.activityFor(ctx, a, ActManageActivities, id)
	if err != nil {
		return err
	}
	unlock := s.locks.Lock(id)
	defer unlock()
	if act.Status != models.StatusDraft {
		return models.Errorf(models.ErrNotDeletable, "activity %s is %s", id, act.Status)
	}
	has, err := s.store.ActivityHasSignups(ctx, id)
	if err != nil {
		return err
	}
	if has {
		return models.Errorf(models.ErrNotDeletable, "activity %s has signups", id)
	}
	deleted, err := s.store.DeleteDraftActivity(ctx, id)
	s.publicChanged()
	if err != nil {
		return err
	}
	if !deleted {
		return models.Errorf(models.ErrNotDeletable, "activity %s is no longer a draft", id)
	}
	s.audit(ctx, a, models.AuditActivityDelete, activityTarget(act))
	return nil
}

// drawInFuture checks that a draw time, when set, is still to come: a
// draw is set up, and published, before it happens.
func drawInFuture(drawAt *time.Time, now time.Time) error {
	if drawAt != nil && !drawAt.After(now) {
		return models.InvalidField("draw_at", "in_future", "")
	}
	return nil
}

// sameTime reports whether two optional times are the same to the
// minute, as the console's form writes them back.
func sameTime(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Truncate(time.Minute).Equal(b.Truncate(time.Minute))
}
