package sqlite

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/store"
)

const signupColumns = `id, activity_id, organisation_id, name, email, phone, party_size, language, answers, status,
	active_key, manage_token_hash, cancelled_at, cancelled_by, consent_at, created_at, updated_at, erased_at, source,
	person_key, series_signup_id,
	offer_expires_at`

func scanSignup(sc scanner) (*models.Signup, error) {
	var (
		su                        models.Signup
		answers                   sql.NullString
		cancelled, erased, offer  sql.NullInt64
		consent, created, updated int64
	)
	err := sc.Scan(&su.ID, &su.ActivityID, &su.OrganisationID, &su.Name, &su.Email, &su.Phone, &su.PartySize,
		&su.Language, &answers, &su.Status, &su.ActiveKey, &su.ManageTokenHash, &cancelled,
		&su.CancelledBy, &consent, &created, &updated, &erased, &su.Source, &su.PersonKey, &su.SeriesSignupID, &offer)
	if err != nil {
		return nil, err
	}
	if err := fromJSON(answers, &su.Answers); err != nil {
		return nil, err
	}
	su.CancelledAt, su.ErasedAt, su.OfferExpiresAt = timePtr(cancelled), timePtr(erased), timePtr(offer)
	su.ConsentAt, su.CreatedAt, su.UpdatedAt = fromMS(consent), fromMS(created), fromMS(updated)
	return &su, nil
}

func collectSignups(rows *sql.Rows, err error) ([]models.Signup, error) {
	if err != nil {
		return nil, err
	}
	return collect(rows, scanSignup)
}

// InsertSignup stores a new signup. The unique active_key decides "one
// active signup per email and activity" (already_registered); an existing
// id is conflict, which lets a retried request find its first attempt.
func (s *Store) InsertSignup(ctx context.Context, su *models.Signup) error {
	var answers any
	if len(su.Answers) > 0 {
		answers = mustJSON(su.Answers)
	}
	_, err := s.writer(ctx).ExecContext(ctx, `INSERT INTO signups (`+signupColumns+`) VALUES (`+placeholders(22)+`)`,
		su.ID, su.ActivityID, su.OrganisationID, su.Name, su.Email, su.Phone, su.PartySize, su.Language, answers,
		su.Status, su.ActiveKey, su.ManageTokenHash, msPtr(su.CancelledAt), su.CancelledBy,
		ms(su.ConsentAt), ms(su.CreatedAt), ms(su.UpdatedAt), msPtr(su.ErasedAt), su.Origin(), su.PersonKey, su.SeriesSignupID,
		msPtr(su.OfferExpiresAt))
	if !isUnique(err, "") {
		return err
	}
	// SQLite names one violated constraint of several: the id decides.
	if taken, ierr := exists(ctx, s.writer(ctx), `SELECT 1 FROM signups WHERE id = ?`, su.ID); ierr != nil {
		return ierr
	} else if taken || !isUnique(err, "signups.active_key") {
		return models.Errorf(models.ErrConflict, "signup %s exists", su.ID)
	}
	return models.Errorf(models.ErrAlreadyRegistered, "email already signed up")
}

// SignupByID finds a signup by id.
func (s *Store) SignupByID(ctx context.Context, id string) (*models.Signup, error) {
	su, err := scanSignup(s.reader(ctx).QueryRowContext(ctx, `SELECT `+signupColumns+` FROM signups WHERE id = ?`, id))
	return su, notFound(err, "signup")
}

// sqlSignupByTokenHash finds a signup by the hash of its answer's manage
// token (?1), else of the token of an email's link, each through a unique
// index (the second repeats the condition of outbox_by_link_token).
const sqlSignupByTokenHash = `SELECT ` + signupColumns + ` FROM signups WHERE manage_token_hash = ?1
	UNION ALL
	SELECT ` + signupColumns + ` FROM signups
	WHERE id = (SELECT signup_id FROM outbox WHERE link_token_hash = ?1 AND link_token_hash != '')
	LIMIT 1`

// SignupByTokenHash finds a signup by the hash of its answer's manage
// token, else of the token of an email's link.
func (s *Store) SignupByTokenHash(ctx context.Context, hash string) (*models.Signup, error) {
	su, err := scanSignup(s.reader(ctx).QueryRowContext(ctx, sqlSignupByTokenHash, hash))
	return su, notFound(err, "signup")
}

// ReplaceManageToken sets the hash of the token of a signup's answer,
// unless the signup is erased.
func (s *Store) ReplaceManageToken(ctx context.Context, id, hash string) (bool, error) {
	return s.execOne(ctx, `UPDATE signups SET manage_token_hash = ? WHERE id = ? AND erased_at IS NULL`,
		hash, id)
}

// SetSignupStatus moves a signup from one of from to status.
func (s *Store) SetSignupStatus(ctx context.Context, id string, from []string, status string, now time.Time) (bool, error) {
	return s.updateSignup(ctx, id, from, `status = ?, updated_at = ?`, status, ms(now))
}

// FinishSignup moves a pending signup to its decided status.
func (s *Store) FinishSignup(ctx context.Context, id, status string, now time.Time) (bool, error) {
	return s.SetSignupStatus(ctx, id, []string{models.SignupPending}, status, now)
}

// CancelSignup marks an active signup cancelled and frees its email.
func (s *Store) CancelSignup(ctx context.Context, id, by string, now time.Time) (bool, error) {
	return s.updateSignup(ctx, id, models.ActiveStatuses(),
		`status = 'cancelled', active_key = id, cancelled_at = ?, cancelled_by = ?, updated_at = ?`, ms(now), by, ms(now))
}

// EraseSignup deletes the personal data of a decided signup. The row is
// overwritten in place; secure_delete zeroes the old bytes in the pages.
func (s *Store) EraseSignup(ctx context.Context, id string, now time.Time) (bool, error) {
	return s.updateSignup(ctx, id, decidedStatuses,
		`name = '', email = '', phone = '', answers = NULL, active_key = id,
		manage_token_hash = 'erased:' || id, erased_at = ?, updated_at = ?`, ms(now), ms(now))
}

// DeletePendingSignup removes a signup still pending.
func (s *Store) DeletePendingSignup(ctx context.Context, id string) error {
	_, err := s.writer(ctx).ExecContext(ctx, `DELETE FROM signups WHERE id = ? AND status = 'pending'
		AND NOT EXISTS (SELECT 1 FROM places WHERE signup_id = ?)`, id, id)
	return err
}

// updateSignup applies set (with its values) to a signup in one of from,
// and reports whether it did.
func (s *Store) updateSignup(ctx context.Context, id string, from []string, set string, vals ...any) (bool, error) {
	vals = append(append(vals, id), args(from)...)
	return s.execOne(ctx, `UPDATE signups SET `+set+` WHERE id = ? AND status IN (`+
		placeholders(len(from))+`)`, vals...)
}

// decidedStatuses are every status but pending.
var decidedStatuses = models.DecidedStatuses()

// OfferSignup moves a waitlisted (or pending) signup to offered, its seat
// held until expires.
func (s *Store) OfferSignup(ctx context.Context, id string, from []string, expires, now time.Time) (bool, error) {
	return s.updateSignup(ctx, id, from, `status = 'offered', offer_expires_at = ?, updated_at = ?`, ms(expires), ms(now))
}

// ExpiredOffers returns up to limit offered signups whose time to answer
// ended at or before now, soonest first, through signups_offers.
func (s *Store) ExpiredOffers(ctx context.Context, now time.Time, limit int) ([]models.Signup, error) {
	return collectSignups(s.reader(ctx).QueryContext(ctx, `SELECT `+signupColumns+` FROM signups
		WHERE status = 'offered' AND offer_expires_at <= ? ORDER BY offer_expires_at, id LIMIT ?`, ms(now), limit))
}

// ListSignups returns a page of an activity's signups in signup order,
// walking signups_by_activity from the cursor.
func (s *Store) ListSignups(ctx context.Context, activityID string, statuses []string, after *store.SignupCursor, limit int) ([]models.Signup, error) {
	if len(statuses) == 0 {
		statuses = decidedStatuses
	}
	where := []string{"activity_id = ?", "status IN (" + placeholders(len(statuses)) + ")"}
	vals := append([]any{activityID}, args(statuses)...)
	if after != nil {
		where = append(where, "(created_at > ? OR (created_at = ? AND id > ?))")
		vals = append(vals, ms(after.CreatedAt), ms(after.CreatedAt), after.ID)
	}
	vals = append(vals, limit)
	return collectSignups(s.reader(ctx).QueryContext(ctx, `SELECT `+signupColumns+` FROM signups WHERE `+
		strings.Join(where, " AND ")+` ORDER BY created_at, id LIMIT ?`, vals...))
}

// SignupsByIDs returns those of the signups that exist.
func (s *Store) SignupsByIDs(ctx context.Context, ids []string) ([]models.Signup, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	return collectSignups(s.reader(ctx).QueryContext(ctx, `SELECT `+signupColumns+` FROM signups WHERE id IN (`+
		placeholders(len(ids))+`)`, args(ids)...))
}

// PendingSignups returns signups pending since before createdBefore.
func (s *Store) PendingSignups(ctx context.Context, createdBefore time.Time, limit int) ([]models.Signup, error) {
	return collectSignups(s.reader(ctx).QueryContext(ctx, `SELECT `+signupColumns+` FROM signups
		WHERE status = 'pending' AND created_at < ? ORDER BY created_at, id LIMIT ?`, ms(createdBefore), limit))
}

// EachSignupBatch calls fn with an activity's unerased signups with an
// email in one of statuses, in signup order, size at a time (keyset
// paging: no cursor stays open while fn works).
func (s *Store) EachSignupBatch(ctx context.Context, activityID string, statuses []string, size int, fn func([]models.Signup) error) error {
	var after *store.SignupCursor
	for {
		batch, err := s.ListSignups(ctx, activityID, statuses, after, size)
		if err != nil {
			return err
		}
		last := len(batch)
		if last > 0 {
			after = &store.SignupCursor{CreatedAt: batch[last-1].CreatedAt, ID: batch[last-1].ID}
		}
		live := batch[:0]
		for _, su := range batch {
			if su.ErasedAt == nil && su.Email != "" {
				live = append(live, su)
			}
		}
		if len(live) > 0 {
			if err := fn(live); err != nil {
				return err
			}
		}
		if last < size {
			return nil
		}
	}
}
