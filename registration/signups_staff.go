package registration

import (
	"context"
	"slices"
	"strconv"
	"time"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/notifications"
	"github.com/agora-events/agora/store"
)

// signupStatuses are the statuses staff may filter signups by; unexported
// so that no caller can change what the filters accept.
var signupStatuses = models.DecidedStatuses()

// SignupStatuses returns the statuses staff may filter signups by, in
// display order, as a fresh slice.
func SignupStatuses() []string { return slices.Clone(signupStatuses) }

// SignupPage is one page of an activity's signups, oldest first.
type SignupPage struct {
	Items []models.Signup
	// NextCursor continues the list; empty on the last page.
	NextCursor string
}

// ListSignups returns a page of an activity's signups for staff, with
// the given statuses (all when none). Unknown statuses or a malformed
// cursor are bad_request.
func (s *Service) ListSignups(ctx context.Context, actor *Actor, activityID string, statuses []string, cursor string, limit int) (*SignupPage, error) {
	if _, err := s.activityFor(ctx, actor, ActManageSignups, activityID); err != nil {
		return nil, err
	}
	for _, st := range statuses {
		if !slices.Contains(signupStatuses, st) {
			return nil, models.Errorf(models.ErrBadRequest, "unknown status %q", st)
		}
	}
	after, err := decodeSignupCursor(cursor)
	if err != nil {
		return nil, err
	}
	limit = clampLimit(limit)
	items, err := s.store.ListSignups(ctx, activityID, statuses, after, limit+1)
	if err != nil {
		return nil, err
	}
	page := &SignupPage{Items: items}
	if len(items) > limit {
		page.Items = items[:limit]
		last := page.Items[limit-1]
		page.NextCursor = encodeSignupCursor(last.CreatedAt, last.ID)
	}
	return page, nil
}

// SignupExport streams an activity's signups to staff.
type SignupExport struct {
	Activity models.Activity
	svc      *Service
}

// ExportSignups checks that actor may see the activity's signups and
// returns an export of them.
func (s *Service) ExportSignups(ctx context.Context, actor *Actor, activityID string) (*SignupExport, error) {
	a, err := s.activityFor(ctx, actor, ActManageSignups, activityID)
	if err != nil {
		return nil, err
	}
	return &SignupExport{Activity: *a, svc: s}, nil
}

// Each calls fn with every signup of the export, oldest first, reading a
// page at a time so that no cursor stays open while fn writes.
func (e *SignupExport) Each(ctx context.Context, fn func(*models.Signup) error) error {
	var after *store.SignupCursor
	for {
		page, err := e.svc.store.ListSignups(ctx, e.Activity.ID, nil, after, reconcileBatch)
		if err != nil {
			return err
		}
		for i := range page {
			if err := fn(&page[i]); err != nil {
				return err
			}
		}
		if len(page) < reconcileBatch {
			return nil
		}
		last := page[len(page)-1]
		after = &store.SignupCursor{CreatedAt: last.CreatedAt, ID: last.ID}
	}
}

// notifyActivityCancelled tells every confirmed and waitlisted attendee
// that the activity is cancelled, a page at a time. The outbox ignores a
// repeat, so running it again after a crash is safe.
func (s *Service) notifyActivityCancelled(ctx context.Context, a *models.Activity) error {
	return s.eachPersonToTell(ctx, a.ID, func(page []models.Signup) error {
		for i := range page {
			if err := s.queueSignupEmail(ctx, notifications.KindActivityCancelled, &page[i], a, 0); err != nil {
				return err
			}
			faultPoint("cancel-activity:told")
		}
		return nil
	})
}

// Signup cursors are made of the last signup's creation time (unix ms)
// and id.
func encodeSignupCursor(t time.Time, id string) string {
	return encodeCursor(strconv.FormatInt(t.UnixMilli(), 10), id)
}

func decodeSignupCursor(c string) (*store.SignupCursor, error) {
	if c == "" {
		return nil, nil
	}
	parts, err := decodeCursor(c, 2)
	if err != nil {
		return nil, err
	}
	ms, err := strconv.ParseInt(parts[0], 10, 64)
	if err != nil || parts[1] == "" {
		return nil, models.Errorf(models.ErrBadRequest, "malformed cursor")
	}
	return &store.SignupCursor{CreatedAt: time.UnixMilli(ms).UTC(), ID: parts[1]}, nil
}
