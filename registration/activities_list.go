package registration

import (
	"context"
	"strconv"
	"time"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/store"
)

// Status filters of the activity list besides the activity statuses:
// all of them, or every one but drafts (the console's upcoming and past
// tabs, which keep drafts apart).
const (
	StatusAll       = "all"
	StatusScheduled = "scheduled"
)

// Periods of the activity list: which activities by date. The public and
// the API list what has not ended; the console's tabs also reach the
// past (newest first, what a librarian looks for) and, for drafts, any
// date, so that no activity becomes unreachable once its date passes.
const (
	PeriodUpcoming = ""     // not ended, soonest first
	PeriodPast     = "past" // ended, newest first
	PeriodAny      = "any"  // whatever the date, soonest first
)

// ActivityFilter selects activities for the list and the calendar feed.
// Every field is optional; handlers parse it from the query string.
type ActivityFilter struct {
	Kind         string
	Language     string     // spoken at the activity
	Organisation string     // id or slug
	From, To     *time.Time // bounds on the start, inclusive
	Q            string     // text in a title, any language, case and accents ignored
	// Status is "" or published (everyone), or draft, cancelled or all:
	// staff only, adding their own organisation's activities in that status.
	Status string
	Period string // PeriodUpcoming, PeriodPast or PeriodAny
	Cursor string
	Limit  int
}

// ActivityPage is one page of the activity list.
type ActivityPage struct {
	Items      []ActivityView
	NextCursor *string
}

// ListActivities returns activities that have not ended, soonest first (or
// those of f.Period), a page at a time; the cursor follows the period's
// order. The public sees published ones; with Status, staff also
// see their own organisation's drafts or cancelled ones (an admin sees
// every organisation's).
func (s *Service) ListActivities(ctx context.Context, a *Actor, f ActivityFilter) (*ActivityPage, error) {
	q, ok, err := s.activityQuery(ctx, a, f)
	if err != nil {
		return nil, err
	}
	page := &ActivityPage{Items: []ActivityView{}}
	if !ok {
		return page, nil
	}
	if f.Cursor != "" {
		parts, err := decodeCursor(f.Cursor, 2)
		if err != nil {
			return nil, err
		}
		ms, err := strconv.ParseInt(parts[0], 10, 64)
		if err != nil {
			return nil, models.Errorf(models.ErrBadRequest, "malformed cursor")
		}
		q.After = &store.ActivityCursor{StartsAt: time.UnixMilli(ms).UTC(), ID: parts[1]}
	}
	q.Limit = clampLimit(f.Limit) + 1
	acts, err := s.store.ListActivities(ctx, q)
	if err != nil {
		return nil, err
	}
	if len(acts) == q.Limit {
		acts = acts[:len(acts)-1]
		last := acts[len(acts)-1]
		next := encodeCursor(strconv.FormatInt(last.StartsAt.UnixMilli(), 10), last.ID)
		page.NextCursor = &next
	}
	if page.Items, err = s.views(ctx, a, acts); err != nil {
		return nil, err
	}
	return page, nil
}

// MaxCalendarItems bounds the calendar feed, which has no pages.
const MaxCalendarItems = 500

// CalendarActivities returns the activities of the calendar feed: the
// list's filters, without pages, up to MaxCalendarItems.
func (s *Service) CalendarActivities(ctx context.Context, a *Actor, f ActivityFilter) ([]ActivityView, error) {
	q, ok, err := s.activityQuery(ctx, a, f)
	if err != nil || !ok {
		return []ActivityView{}, err
	}
	q.Limit = MaxCalendarItems
	acts, err := s.store.ListActivities(ctx, q)
	if err != nil {
		return nil, err
	}
	return s.views(ctx, a, acts)
}

// activityQuery turns a filter into a store query for this caller; ok is
// false when nothing can match (an unknown organisation).
func (s *Service) activityQuery(ctx context.Context, a *Actor, f ActivityFilter) (store.ActivityQuery, bool, error) {
	now := s.now().UTC()
	q := store.ActivityQuery{EndsAfter: now, Kind: f.Kind, Language: f.Language,
		From: f.From, To: f.To, Text: models.FoldSearch(f.Q)}
	switch f.Period {
	case PeriodUpcoming:
	case PeriodPast:
		q.EndsAfter, q.EndedBy, q.Descending = time.Time{}, &now, true
	case PeriodAny:
		q.EndsAfter = time.Time{}
	default:
		return q, false, models.Errorf(models.ErrBadRequest, "unknown period %q", f.Period)
	}
	published := store.ActivityScope{Statuses: []string{models.StatusPublished}}
	switch f.Status {
	case "", models.StatusPublished:
		q.Scopes = []store.ActivityScope{published}
	case models.StatusDraft, models.StatusCancelled, StatusAll, StatusScheduled:
		if a == nil {
			return q, false, models.Errorf(models.ErrUnauthorized, "status filter needs staff")
		}
		own := store.ActivityScope{Statuses: []string{f.Status}}
		switch f.Status {
		case StatusAll:
			own.Statuses = []string{models.StatusDraft, models.StatusPublished, models.StatusCancelled}
		case StatusScheduled:
			own.Statuses = []string{models.StatusPublished, models.StatusCancelled}
		}
		if a.User.Role != models.RoleAdmin {
			if err := a.Authorize(ActViewActivities, a.User.OrganisationID); err != nil {
				return q, false, err
			}
			own.OrganisationID = a.User.OrganisationID
		}
		q.Scopes = []store.ActivityScope{own}
		if f.Status == StatusAll || f.Status == StatusScheduled {
			q.Scopes = append(q.Scopes, published)
		}
	default:
		return q, false, models.Errorf(models.ErrBadRequest, "unknown status %q", f.Status)
	}
	if f.Organisation != "" {
		o, err := s.OrganisationByRef(ctx, f.Organisation)
		if models.IsCode(err, models.ErrNotFound) {
			return q, false, nil
		}
		if err != nil {
			return q, false, err
		}
		q.OrganisationID = o.ID
	}
	return q, true, nil
}
