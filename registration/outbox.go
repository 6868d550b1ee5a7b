package registration

import (
	"context"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/store"
)

// OutboxPage is one page of outbox emails, newest first.
type OutboxPage struct {
	Items      []models.OutboxEmail
	NextCursor string
}

// ListOutbox lists an organisation's emails for staff, optionally of one
// status (so they can see which failed). Staff see their organisation's;
// an admin sees every organisation's, or one given by organisationID.
func (s *Service) ListOutbox(ctx context.Context, actor *Actor, organisationID, status, cursor string, limit int) (*OutboxPage, error) {
	if actor == nil {
		return nil, models.Errorf(models.ErrUnauthorized, "no actor")
	}
	if status != "" && !models.IsOutboxStatus(status) {
		return nil, models.Errorf(models.ErrBadRequest, "unknown status %q", status)
	}
	org := organisationID
	if actor.User.Role != models.RoleAdmin {
		if org == "" {
			org = actor.User.OrganisationID
		}
		if err := actor.Authorize(ActSendMessages, org); err != nil {
			return nil, err
		}
	}
	f := store.OutboxFilter{OrganisationID: org, Status: status, Limit: clampLimit(limit) + 1}
	if cursor != "" {
		parts, err := decodeCursor(cursor, 1)
		if err != nil {
			return nil, err
		}
		f.After = parts[0]
	}
	items, err := s.store.ListOutbox(ctx, f)
	if err != nil {
		return nil, err
	}
	page := &OutboxPage{Items: items}
	if n := clampLimit(limit); len(items) > n {
		page.Items = items[:n]
		page.NextCursor = encodeCursor(items[n-1].ID)
	}
	return page, nil
}

// RetryOutbox sends a failed email again, with a fresh count of attempts.
// Retrying one that is pending or being sent changes nothing; one already
// sent is a conflict (sending it again is not a retry).
func (s *Service) RetryOutbox(ctx context.Context, actor *Actor, id string) (*models.OutboxEmail, error) {
	e, err := loadAuthorized(ctx, actor, ActSendMessages, id, s.store.OutboxByID,
		func(e *models.OutboxEmail) string { return e.OrganisationID })
	if err != nil {
		return nil, err
	}
	switch e.Status {
	case models.OutboxSent:
		return nil, models.Errorf(models.ErrConflict, "email already sent")
	case models.OutboxFailed:
		if e.To == "" {
			return nil, models.Errorf(models.ErrConflict, "email %s: its recipient was erased", id)
		}
		if _, err := s.store.RetryOutbox(ctx, id, s.now()); err != nil {
			return nil, err
		}
		s.audit(ctx, actor, models.AuditOutboxRetry, auditTarget{typ: models.AuditTargetEmail, id: e.ID, org: e.OrganisationID})
		if e, err = s.store.OutboxByID(ctx, id); err != nil {
			return nil, err
		}
		s.mail.Wake()
	}
	e.Text, e.HTML, e.Attachments = "", "", nil
	return e, nil
}
