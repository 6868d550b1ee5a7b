package registration

import (
	"context"

	"github.com/agora-events/agora/models"
)

// CreateOrganisation adds a library or NGO. Only an admin may; a taken
// slug is a conflict.
func (s *Service) CreateOrganisation(ctx context.Context, a *Actor, req models.OrganisationRequest) (*models.Organisation, error) {
	if err := a.Authorize(ActManageOrganisations, ""); err != nil {
		return nil, err
	}
	req.Normalize()
	if err := models.Validate(req); err != nil {
		return nil, err
	}
	o := &models.Organisation{ID: models.NewID(), Name: req.Name, Slug: req.Slug, Country: req.Country,
		Timezone: req.Timezone, DefaultLanguage: req.DefaultLanguage, CreatedAt: s.now().UTC()}
	defer s.publicChanged()
	if err := s.store.InsertOrganisation(ctx, o); err != nil {
		return nil, err
	}
	s.audit(ctx, a, models.AuditOrganisationCreate, auditTarget{typ: models.AuditTargetOrganisation, id: o.ID, org: o.ID})
	return o, nil
}

// OrganisationPage is one page of the public list of organisations.
type OrganisationPage struct {
	Items      []models.OrganisationSummary
	NextCursor *string
}

// ListOrganisations returns the organisations in slug order, a page at a
// time; anyone may see this list.
func (s *Service) ListOrganisations(ctx context.Context, cursor string, limit int) (*OrganisationPage, error) {
	after := ""
	if cursor != "" {
		parts, err := decodeCursor(cursor, 1)
		if err != nil {
			return nil, err
		}
		after = parts[0]
	}
	limit = clampLimit(limit)
	orgs, err := s.store.ListOrganisations(ctx, after, limit+1)
	if err != nil {
		return nil, err
	}
	page := &OrganisationPage{Items: []models.OrganisationSummary{}}
	for i := range orgs {
		if i == limit {
			next := encodeCursor(orgs[i-1].Slug)
			page.NextCursor = &next
			break
		}
		page.Items = append(page.Items, orgs[i].Summary())
	}
	return page, nil
}

// OrganisationByRef finds an organisation by id or, failing that, by slug.
func (s *Service) OrganisationByRef(ctx context.Context, ref string) (*models.Organisation, error) {
	o, err := s.store.OrganisationByID(ctx, ref)
	if models.IsCode(err, models.ErrNotFound) {
		return s.store.OrganisationBySlug(ctx, ref)
	}
	return o, err
}

// CreateUser adds a staff account (manager or organiser) to an
// organisation. An admin or that organisation's manager may; a taken email
// is a conflict.
func (s *Service) CreateUser(ctx context.Context, a *Actor, orgID string, req models.UserRequest) (*models.User, error) {
	o, err := s.staffOrganisation(ctx, a, orgID)
	if err != nil {
		return nil, err
	}
	req.Normalize()
	if err := models.Validate(req); err != nil {
		return nil, err
	}
	hash, err := HashPassword(req.Password)
	if err != nil {
		return nil, err
	}
	u := &models.User{ID: models.NewID(), Email: req.Email, Name: req.Name, Role: req.Role,
		OrganisationID: o.ID, PasswordHash: hash, CreatedAt: s.now().UTC()}
	if err := s.store.InsertUser(ctx, u); err != nil {
		return nil, err
	}
	s.audit(ctx, a, models.AuditUserCreate, userTarget(u).with(string(u.Role)))
	return u, nil
}

// ListUsers returns the staff accounts of an organisation, to an admin or
// that organisation's manager.
func (s *Service) ListUsers(ctx context.Context, a *Actor, orgID string) ([]models.User, error) {
	o, err := s.staffOrganisation(ctx, a, orgID)
	if err != nil {
		return nil, err
	}
	return s.store.UsersOfOrganisation(ctx, o.ID)
}

// UserPage is one page of an organisation's staff accounts.
type UserPage struct {
	Items      []models.User
	NextCursor *string
}

// ListUsersPage returns a page of an organisation's staff accounts in
// email order, following the list convention (limit, opaque cursor).
func (s *Service) ListUsersPage(ctx context.Context, a *Actor, orgID, cursor string, limit int) (*UserPage, error) {
	o, err := s.staffOrganisation(ctx, a, orgID)
	if err != nil {
		return nil, err
	}
	after := ""
	if cursor != "" {
		parts, err := decodeCursor(cursor, 1)
		if err != nil {
			return nil, err
		}
		after = parts[0]
	}
	limit = clampLimit(limit)
	users, err := s.store.UsersOfOrganisationPage(ctx, o.ID, after, limit+1)
	if err != nil {
		return nil, err
	}
	page := &UserPage{Items: users}
	if len(users) > limit {
		page.Items = users[:limit]
		next := encodeCursor(users[limit-1].Email)
		page.NextCursor = &next
	}
	return page, nil
}

// staffOrganisation loads an organisation whose staff accounts actor
// manages: not_found when it does not exist (read before the actor is
// checked), forbidden when actor may not manage its staff.
func (s *Service) staffOrganisation(ctx context.Context, a *Actor, orgID string) (*models.Organisation, error) {
	o, err := s.store.OrganisationByID(ctx, orgID)
	if err != nil {
		return nil, err
	}
	if err := a.Authorize(ActManageStaff, o.ID); err != nil {
		return nil, err
	}
	return o, nil
}
