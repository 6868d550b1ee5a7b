package registration

import (
	"context"
	"strconv"
	"time"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/store"
)

// The audit log answers "who did what to which activity, signup or account,
// and when" for the managers of an organisation and for admins. Each staff
// use case records its action once it succeeded, with one call to audit.

// auditTarget is the thing an action was done to, and the organisation
// whose managers may read about it.
type auditTarget struct {
	typ, id, org, detail string
}

// with returns the target with a short detail (a new status, a count).
func (t auditTarget) with(detail string) auditTarget { t.detail = detail; return t }

func activityTarget(a *models.Activity) auditTarget {
	return auditTarget{typ: models.AuditTargetActivity, id: a.ID, org: a.OrganisationID}
}

func signupTarget(su *models.Signup) auditTarget {
	return auditTarget{typ: models.AuditTargetSignup, id: su.ID, org: su.OrganisationID}
}

func userTarget(u *models.User) auditTarget {
	return auditTarget{typ: models.AuditTargetUser, id: u.ID, org: u.OrganisationID}
}

// audit records that actor did action to target; a nil actor is Agora
// itself (retention). The action has already happened: failing to record
// it is logged, never turned into a failure of the action, which the
// caller could not undo.
func (s *Service) audit(ctx context.Context, actor *Actor, action string, t auditTarget) {
	e := &models.AuditEntry{ID: models.NewID(), OrganisationID: t.org, Action: action,
		TargetType: t.typ, TargetID: t.id, Detail: t.detail,
		At: s.now().UTC().Truncate(time.Millisecond), ActorRole: models.AuditActorSystem}
	if actor != nil {
		e.ActorID, e.ActorEmail, e.ActorRole = actor.User.ID, actor.User.Email, string(actor.User.Role)
	}
	if err := s.store.InsertAudit(context.WithoutCancel(ctx), e); err != nil {
		s.logger.Error("audit: entry not recorded", "action", action, "target", t.id, "err", err)
	}
}

// AuditPage is one page of the audit log, newest first.
type AuditPage struct {
	Items      []models.AuditEntry
	NextCursor *string
}

// ListAudit returns the audit log of an organisation, newest first, to its
// managers and to admins. An admin who names no organisation sees every
// entry, the platform's own (logins of admins, new organisations) too.
func (s *Service) ListAudit(ctx context.Context, actor *Actor, organisationID, cursor string, limit int) (*AuditPage, error) {
	if actor == nil {
		return nil, models.Errorf(models.ErrUnauthorized, "no actor")
	}
	org := organisationID
	if org == "" && actor.User.Role != models.RoleAdmin {
		org = actor.User.OrganisationID
	}
	if org != "" || actor.User.Role != models.RoleAdmin {
		if err := actor.Authorize(ActViewAudit, org); err != nil {
			return nil, err
		}
	}
	limit = clampLimit(limit)
	f := store.AuditFilter{OrganisationID: org, Limit: limit + 1}
	if cursor != "" {
		parts, err := decodeCursor(cursor, 2)
		if err != nil {
			return nil, err
		}
		ms, err := strconv.ParseInt(parts[0], 10, 64)
		if err != nil {
			return nil, models.Errorf(models.ErrBadRequest, "malformed cursor")
		}
		f.After = &store.AuditCursor{At: time.UnixMilli(ms).UTC(), ID: parts[1]}
	}
	items, err := s.store.ListAudit(ctx, f)
	if err != nil {
		return nil, err
	}
	page := &AuditPage{Items: items}
	if len(items) > limit {
		last := items[limit-1]
		next := encodeCursor(strconv.FormatInt(last.At.UnixMilli(), 10), last.ID)
		page.Items, page.NextCursor = items[:limit], &next
	}
	return page, nil
}

// auditLoginFailed records a failed login, without the password: against
// the account when the email is one (its organisation's managers see it),
// else with the address masked, since it may be anyone's, or a password
// typed into the wrong field.
func (s *Service) auditLoginFailed(ctx context.Context, u *models.User, email string) {
	if u != nil {
		s.audit(ctx, &Actor{User: *u}, models.AuditLoginFailed, userTarget(u))
		return
	}
	s.audit(ctx, &Actor{User: models.User{Email: models.MaskEmail(email)}}, models.AuditLoginFailed,
		auditTarget{typ: models.AuditTargetUser})
}
