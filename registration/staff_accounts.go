package registration

import (
	"context"
	"time"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/notifications"
)

// InvitationTTL is how long a set-password link works: long enough for a
// new colleague to find the email after a weekend, short enough that an
// old link found in a mailbox is useless.
const InvitationTTL = 7 * 24 * time.Hour

// InviteUser creates a staff account of an organisation without a
// password and emails the person a link to choose one. An admin or that
// organisation's manager may; a taken email is a conflict. The email is
// in the inviting user's language (lang).
func (s *Service) InviteUser(ctx context.Context, a *Actor, orgID string, req models.InviteRequest, lang string) (*models.User, error) {
	o, err := s.staffOrganisation(ctx, a, orgID)
	if err != nil {
		return nil, err
	}
	req.Normalize()
	if err := models.Validate(req); err != nil {
		return nil, err
	}
	u := &models.User{ID: models.NewID(), Email: req.Email, Name: req.Name, Role: req.Role,
		OrganisationID: o.ID, CreatedAt: s.now().UTC()}
	if err := s.store.InsertUser(ctx, u); err != nil {
		return nil, err
	}
	if err := s.sendInvitation(ctx, u, o, lang); err != nil {
		return nil, err
	}
	s.audit(ctx, a, models.AuditUserInvite, userTarget(u).with(string(u.Role)))
	return u, nil
}

// ResendInvitation replaces the set-password link of an account that has
// no password yet with a fresh one, and emails it again.
func (s *Service) ResendInvitation(ctx context.Context, a *Actor, userID, lang string) (*models.User, error) {
	u, err := s.managedUser(ctx, a, userID)
	if err != nil {
		return nil, err
	}
	if u.PasswordHash != "" || u.Disabled {
		return nil, models.Errorf(models.ErrConflict, "user %s has a password or is disabled", u.ID)
	}
	o, err := s.store.OrganisationByID(ctx, u.OrganisationID)
	if err != nil {
		return nil, err
	}
	if err := s.sendInvitation(ctx, u, o, lang); err != nil {
		return nil, err
	}
	s.audit(ctx, a, models.AuditUserInvite, userTarget(u).with("again"))
	return u, nil
}

// sendInvitation makes a new set-password link for u (the old ones stop
// working) and queues it by email.
func (s *Service) sendInvitation(ctx context.Context, u *models.User, o *models.Organisation, lang string) error {
	if err := s.store.DeleteInvitationsOfUser(ctx, u.ID); err != nil {
		return err
	}
	token, hash, err := newSessionToken()
	if err != nil {
		return err
	}
	now := s.now().UTC()
	inv := &models.Invitation{TokenHash: hash, UserID: u.ID, ExpiresAt: now.Add(InvitationTTL), CreatedAt: now}
	if err := s.store.InsertInvitation(ctx, inv); err != nil {
		return err
	}
	return s.mail.QueueInvitation(ctx, notifications.Invitation{
		ID: hash[:16], User: *u, Organisation: *o, Language: lang,
		Link: s.links.Invitation.With(token), ExpiresAt: inv.ExpiresAt})
}

// InvitedUser returns the account a set-password link belongs to; an
// unknown, used or expired link is not_found.
func (s *Service) InvitedUser(ctx context.Context, token string) (*models.User, error) {
	_, u, err := s.invitation(ctx, token)
	return u, err
}

// AcceptInvitation sets the password of the account a link belongs to;
// the link then stops working. The password has the API's rules.
func (s *Service) AcceptInvitation(ctx context.Context, token, password string) (*models.User, error) {
	inv, u, err := s.invitation(ctx, token)
	if err != nil {
		return nil, err
	}
	if n := len([]rune(password)); n < models.MinPasswordLength {
		return nil, models.InvalidField("password", "min_length", "8")
	} else if len(password) > 1024 {
		return nil, models.InvalidField("password", "max", "1024")
	}
	hash, err := HashPassword(password)
	if err != nil {
		return nil, err
	}
	if err := s.store.SetUserPassword(ctx, inv.UserID, hash); err != nil {
		return nil, err
	}
	if err := s.store.DeleteInvitationsOfUser(ctx, inv.UserID); err != nil {
		return nil, err
	}
	u.PasswordHash = hash
	return u, nil
}

func (s *Service) invitation(ctx context.Context, token string) (*models.Invitation, *models.User, error) {
	if token == "" || len(token) > 128 {
		return nil, nil, models.Errorf(models.ErrNotFound, "no invitation")
	}
	inv, err := s.store.InvitationByHash(ctx, hashToken(token))
	if err != nil {
		return nil, nil, err
	}
	if !s.now().Before(inv.ExpiresAt) {
		return nil, nil, models.Errorf(models.ErrNotFound, "invitation expired")
	}
	u, err := s.store.UserByID(ctx, inv.UserID)
	if err != nil {
		return nil, nil, err
	}
	if u.Disabled {
		return nil, nil, models.Errorf(models.ErrNotFound, "user disabled")
	}
	return inv, u, nil
}

// ChangeRole makes a staff member a manager or an organiser of their
// organisation. Admins are not changed this way, and nobody changes their
// own role (a manager could lock their organisation out of its staff
// pages).
func (s *Service) ChangeRole(ctx context.Context, a *Actor, userID string, role models.Role) (*models.User, error) {
	u, err := s.managedUser(ctx, a, userID)
	if err != nil {
		return nil, err
	}
	if !role.IsStaffRole() {
		return nil, models.InvalidField("role", "oneof", "manager organiser")
	}
	if err := s.store.SetUserRole(ctx, u.ID, role); err != nil {
		return nil, err
	}
	u.Role = role
	s.audit(ctx, a, models.AuditUserRoleChange, userTarget(u).with(string(role)))
	return u, nil
}

// SetUserActive turns a staff account off or back on. Turning it off ends
// its sessions and its set-password links at once; nobody turns their own
// account off.
func (s *Service) SetUserActive(ctx context.Context, a *Actor, userID string, active bool) (*models.User, error) {
	u, err := s.managedUser(ctx, a, userID)
	if err != nil {
		return nil, err
	}
	if err := s.store.SetUserDisabled(ctx, u.ID, !active); err != nil {
		return nil, err
	}
	if !active {
		if err := s.store.DeleteSessionsOfUser(ctx, u.ID); err != nil {
			return nil, err
		}
		if err := s.store.DeleteInvitationsOfUser(ctx, u.ID); err != nil {
			return nil, err
		}
	}
	u.Disabled = !active
	action := models.AuditUserEnable
	if !active {
		action = models.AuditUserDisable
	}
	s.audit(ctx, a, action, userTarget(u))
	return u, nil
}

// ManagedAccount is another staff account the actor may change, for the
// console to name the person before their access is turned off.
func (s *Service) ManagedAccount(ctx context.Context, a *Actor, userID string) (*models.User, error) {
	return s.managedUser(ctx, a, userID)
}

// managedUser loads another staff account of an organisation the actor
// manages: not_found when it does not exist, forbidden for an admin
// account, the actor's own, or another organisation's.
func (s *Service) managedUser(ctx context.Context, a *Actor, userID string) (*models.User, error) {
	u, err := loadAuthorized(ctx, a, ActManageStaff, userID, s.store.UserByID,
		func(u *models.User) string { return u.OrganisationID })
	if err != nil {
		return nil, err
	}
	if !a.MayChangeAccount(u) {
		return nil, models.Errorf(models.ErrForbidden, "user %s is an admin or the actor", u.ID)
	}
	return u, nil
}

// PurgeExpiredInvitations deletes set-password links that expired; they
// are refused anyway, this keeps the store small.
func (s *Service) PurgeExpiredInvitations(ctx context.Context) (int64, error) {
	return s.store.DeleteExpiredInvitations(ctx, s.now().UTC())
}
