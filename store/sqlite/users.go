package sqlite

import (
	"context"
	"strings"

	"github.com/agora-events/agora/models"
)

const userColumns = `id, email, name, role, organisation_id, password_hash, disabled, created_at`

func scanUser(sc scanner) (*models.User, error) {
	var (
		u        models.User
		role     string
		disabled int
		created  int64
	)
	if err := sc.Scan(&u.ID, &u.Email, &u.Name, &role, &u.OrganisationID, &u.PasswordHash, &disabled, &created); err != nil {
		return nil, err
	}
	u.Role, u.Disabled, u.CreatedAt = models.Role(role), disabled == 1, fromMS(created)
	return &u, nil
}

// CountUsers returns how many staff accounts exist.
func (s *Store) CountUsers(ctx context.Context) (int64, error) {
	return s.queryCount(ctx, `SELECT COUNT(*) FROM users`)
}

// InsertUser stores a new user, its email lower-cased (in u too, as on
// MongoDB); a taken email is conflict. The column's NOCASE collation makes
// the unique index case-insensitive for ASCII as well.
func (s *Store) InsertUser(ctx context.Context, u *models.User) error {
	u.Email = strings.ToLower(u.Email)
	_, err := s.writer(ctx).ExecContext(ctx, `INSERT INTO users (`+userColumns+`) VALUES (`+placeholders(8)+`)`,
		u.ID, u.Email, u.Name, string(u.Role), u.OrganisationID, u.PasswordHash, boolInt(u.Disabled), ms(u.CreatedAt))
	switch {
	case isUnique(err, "users.email"):
		return models.Errorf(models.ErrConflict, "email taken")
	case isUnique(err, ""):
		return models.Errorf(models.ErrConflict, "user %s exists", u.ID)
	}
	return err
}

// UserByEmail finds a user by email, case-insensitively.
func (s *Store) UserByEmail(ctx context.Context, email string) (*models.User, error) {
	u, err := scanUser(s.reader(ctx).QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE email = ?`,
		strings.ToLower(email)))
	return u, notFound(err, "user")
}

// UserByID finds a user by id.
func (s *Store) UserByID(ctx context.Context, id string) (*models.User, error) {
	u, err := scanUser(s.reader(ctx).QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, id))
	return u, notFound(err, "user")
}

// UsersOfOrganisation returns the staff accounts of an organisation, by
// email (at most 1,000: the console shows them on one page).
func (s *Store) UsersOfOrganisation(ctx context.Context, orgID string) ([]models.User, error) {
	return s.UsersOfOrganisationPage(ctx, orgID, "", 1000)
}

// UsersOfOrganisationPage returns up to limit staff accounts of an
// organisation in email order after afterEmail ("" for the first page),
// walking users_by_organisation. Emails are unique, so the email alone is
// a stable cursor. Admins belong to no organisation: an empty orgID
// finds no one, as on MongoDB, where their organisation is absent.
func (s *Store) UsersOfOrganisationPage(ctx context.Context, orgID, afterEmail string, limit int) ([]models.User, error) {
	out := []models.User{}
	if orgID == "" {
		return out, nil
	}
	where, vals := `organisation_id = ?`, []any{orgID}
	if afterEmail != "" {
		where, vals = where+` AND email > ?`, append(vals, afterEmail)
	}
	rows, err := s.reader(ctx).QueryContext(ctx, `SELECT `+userColumns+` FROM users WHERE `+where+
		` ORDER BY email LIMIT ?`, append(vals, limitOrAll(limit))...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *u)
	}
	return out, rows.Err()
}

// SetUserPassword stores a new password hash for a user.
func (s *Store) SetUserPassword(ctx context.Context, userID, hash string) error {
	return s.setUser(ctx, userID, `password_hash = ?`, hash)
}

// SetUserRole changes a user's role.
func (s *Store) SetUserRole(ctx context.Context, userID string, role models.Role) error {
	return s.setUser(ctx, userID, `role = ?`, string(role))
}

// SetUserDisabled turns a user's account off (no login, no session) or
// back on.
func (s *Store) SetUserDisabled(ctx context.Context, userID string, disabled bool) error {
	return s.setUser(ctx, userID, `disabled = ?`, boolInt(disabled))
}

// setUser applies set to a user; an unknown user is not_found (SQLite
// counts a matched row as changed even when its values stay the same).
func (s *Store) setUser(ctx context.Context, userID, set string, val any) error {
	res, err := s.writer(ctx).ExecContext(ctx, `UPDATE users SET `+set+` WHERE id = ?`, val, userID)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err == nil && n == 0 {
		err = models.Errorf(models.ErrNotFound, "user %s not found", userID)
	}
	return err
}
