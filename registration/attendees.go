package registration

import (
	"context"
	"slices"
	"strings"

	"github.com/agora-events/agora/models"
)

// MaxAttendees bounds the signups one attendees page shows; a search
// narrows a longer list.
const MaxAttendees = 500

// AttendeeFilter selects the signups of an attendees page: with one of
// Statuses (all when empty) and, when Query is set, whose name or email
// contains it (case and accents ignored).
type AttendeeFilter struct {
	Statuses []string
	Query    string
}

// AttendeeList is the signups of an activity that match a filter, oldest
// first, with the number of signups in each status (whatever the filter)
// for the page's tabs.
type AttendeeList struct {
	Activity models.Activity
	Items    []models.Signup
	Counts   map[string]int
	// Reachable counts, by status, the signups an email can reach: with
	// an address (walk-ins may have none), not erased.
	Reachable map[string]int
	// Truncated says that more than MaxAttendees signups matched.
	Truncated bool
}

// FindAttendees lists an activity's signups for the staff at the door. It
// reads them through ExportSignups, so it answers to exactly the same
// authorisation as the list and the CSV export.
func (s *Service) FindAttendees(ctx context.Context, actor *Actor, activityID string, f AttendeeFilter) (*AttendeeList, error) {
	for _, st := range f.Statuses {
		if !slices.Contains(signupStatuses, st) {
			return nil, models.Errorf(models.ErrBadRequest, "unknown status %q", st)
		}
	}
	if len(f.Query) > 200 {
		return nil, models.Errorf(models.ErrBadRequest, "query too long")
	}
	exp, err := s.ExportSignups(ctx, actor, activityID)
	if err != nil {
		return nil, err
	}
	q := models.FoldSearch(strings.TrimSpace(f.Query))
	out := &AttendeeList{Activity: exp.Activity, Items: []models.Signup{}, Counts: map[string]int{}, Reachable: map[string]int{}}
	err = exp.Each(ctx, func(su *models.Signup) error {
		out.Counts[su.Status]++
		if su.Email != "" && su.ErasedAt == nil {
			out.Reachable[su.Status]++
		}
		if len(f.Statuses) > 0 && !slices.Contains(f.Statuses, su.Status) {
			return nil
		}
		if q != "" && !strings.Contains(models.FoldSearch(su.Name+" "+su.Email), q) {
			return nil
		}
		if len(out.Items) == MaxAttendees {
			out.Truncated = true
			return nil
		}
		out.Items = append(out.Items, *su)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// maxActivityMessages bounds the messages listed on an activity's page.
const maxActivityMessages = 50

// ActivityMessages returns the latest organiser messages of an activity,
// newest first, to the staff who may send them.
func (s *Service) ActivityMessages(ctx context.Context, actor *Actor, activityID string) ([]models.Message, error) {
	act, err := s.activityFor(ctx, actor, ActSendMessages, activityID)
	if err != nil {
		return nil, err
	}
	return s.store.MessagesOfActivity(ctx, act.ID, maxActivityMessages)
}

// MessageWithStatus is an organiser message with its delivery counts.
type MessageWithStatus struct {
	Message models.Message
	Status  MessageStatus
}

// MessageDetails returns a message and its delivery, through the same
// authorisation as MessageStatus.
func (s *Service) MessageDetails(ctx context.Context, actor *Actor, id string) (*MessageWithStatus, error) {
	st, err := s.MessageStatus(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	m, err := s.store.MessageByID(ctx, id)
	if err != nil {
		return nil, err
	}
	return &MessageWithStatus{Message: *m, Status: *st}, nil
}

// StaffActivity returns an activity with everything its staff see (the
// online link, drafts), to its organisation's staff only: anyone else is
// forbidden, even when the activity is published.
func (s *Service) StaffActivity(ctx context.Context, actor *Actor, id string) (*ActivityView, error) {
	act, err := s.activityFor(ctx, actor, ActViewActivities, id)
	if err != nil {
		return nil, err
	}
	return s.view(ctx, actor, *act)
}
