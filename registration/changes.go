package registration

import (
	"context"
	"slices"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/notifications"
	"github.com/agora-events/agora/store"
)

// announceChange queues the "changed" emails of a's pending ChangeNotice
// to everyone confirmed or waiting, a page at a time, inside the edit's
// Atomic. The notice names the emails: a further edit before it is due
// rewrites them (one email per person for the whole window), and an edit
// that undoes the change withdraws them (notifications.QueueChangeNotices).
// The activity's ChangeNotice is the truth of what people are owed. On
// the embedded store the edit and its emails commit together; on MongoDB,
// where Atomic is no transaction, a crash between the two leaves the edit
// unqueued (ChangeNotice.Queued false), and the reconciler finishes it.
func (s *Service) announceChange(ctx context.Context, a *models.Activity, repair bool) error {
	org, err := s.store.OrganisationByID(ctx, a.OrganisationID)
	if err != nil {
		return err
	}
	return s.eachPersonToTell(ctx, a.ID, func(page []models.Signup) error {
		if repair {
			// Who signed up after the edit saw the new schedule already.
			page = slices.DeleteFunc(page, func(su models.Signup) bool { return su.CreatedAt.After(a.UpdatedAt) })
		}
		return s.mail.QueueChangeNotices(ctx, notifications.ChangeNotice{Activity: *a, Organisation: *org,
			Signups: page, Repair: repair})
	})
}

// finishChangeNotice queues the emails of a's ChangeNotice and, where they
// were not written with the edit (MongoDB), then marks the notice queued.
// repair is the reconciler finishing an edit a crash interrupted: emails
// that already exist for the window are kept as they are, never doubled.
func (s *Service) finishChangeNotice(ctx context.Context, a *models.Activity, repair bool) error {
	if err := s.announceChange(ctx, a, repair); err != nil {
		return err
	}
	if a.ChangeNotice.Queued {
		return nil
	}
	a.ChangeNotice.Queued = true
	return s.store.UpdateActivityDetails(ctx, a)
}

// eachPersonToTell calls fn with the confirmed and waitlisted signups of
// an activity, the people news of it is for, a page at a time in signup
// order, so that no step holds them all.
func (s *Service) eachPersonToTell(ctx context.Context, activityID string, fn func(page []models.Signup) error) error {
	statuses := []string{models.SignupConfirmed, models.SignupOffered, models.SignupWaitlisted, models.SignupPendingDraw}
	var after *store.SignupCursor
	for {
		page, err := s.store.ListSignups(ctx, activityID, statuses, after, reconcileBatch)
		if err != nil {
			return err
		}
		if err := fn(page); err != nil {
			return err
		}
		if len(page) < reconcileBatch {
			return nil
		}
		last := page[len(page)-1]
		after = &store.SignupCursor{CreatedAt: last.CreatedAt, ID: last.ID}
	}
}

// PeopleToTell counts who an edit of the activity's time, place or
// online link would email now: the confirmed and the waiting signups, for
// the staff form to say before saving. A draft tells nobody.
func (s *Service) PeopleToTell(ctx context.Context, actor *Actor, id string) (int, error) {
	a, err := s.activityFor(ctx, actor, ActManageActivities, id)
	if err != nil || a.Status != models.StatusPublished {
		return 0, err
	}
	return len(a.SeatHolders) + len(a.WaitingList), nil
}

// CalendarByToken returns the calendar file of the signup of a manage
// token, as its emails attach it (same UID, current SEQUENCE), and its
// MIME type: the attendee's "Add to calendar". For a cancelled signup or
// activity it is the file that removes the entry.
func (s *Service) CalendarByToken(ctx context.Context, token string) ([]byte, string, error) {
	m, err := s.SignupByToken(ctx, token)
	if err != nil {
		return nil, "", err
	}
	if m.Signup.Status == models.SignupPending || m.Signup.ErasedAt != nil {
		return nil, "", models.Errorf(models.ErrNotFound, "signup %s has no calendar entry", m.Signup.ID)
	}
	org, err := s.store.OrganisationByID(ctx, m.Activity.OrganisationID)
	if err != nil {
		return nil, "", err
	}
	return s.mail.Calendar(notifications.SignupEmail{Signup: m.Signup, Activity: m.Activity, Organisation: *org})
}
