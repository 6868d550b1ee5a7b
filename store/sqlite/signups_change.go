package sqlite

import (
	"context"
	"time"

	"github.com/agora-events/agora/models"
)

// SignupByActiveKey finds the signup holding an active key, through its
// unique index: at most one, active or still pending.
func (s *Store) SignupByActiveKey(ctx context.Context, key string) (*models.Signup, error) {
	su, err := scanSignup(s.reader(ctx).QueryRowContext(ctx, `SELECT `+signupColumns+` FROM signups WHERE active_key = ?`, key))
	return su, notFound(err, "signup")
}

// ChangeSignup sets the party size and answers of an active signup.
func (s *Store) ChangeSignup(ctx context.Context, id string, party int, answers map[string]any, now time.Time) (bool, error) {
	var stored any
	if len(answers) > 0 {
		stored = mustJSON(answers)
	}
	return s.updateSignup(ctx, id, []string{models.SignupConfirmed, models.SignupWaitlisted},
		`party_size = ?, answers = ?, updated_at = ?`, party, stored, ms(now))
}

// ResizeSeats changes the party of h, as read on either list, to party in
// its row, which keeps its seq and so its place; the sum of seats changes
// with a holder's party. A holder grows only when the added people fit
// (the condition mirrors models.Activity.FitsResize) into the capacity the
// caller saw.
func (s *Store) ResizeSeats(ctx context.Context, a *models.Activity, h models.SeatHolder, party int) (*models.Activity, error) {
	var waiting int
	return s.seatChange(ctx, a, func(q querier) (bool, error) {
		ok, err := exists(ctx, q, `SELECT 1 FROM places WHERE activity_id = ? AND signup_id = ? AND party = ?`,
			a.ID, h.SignupID, h.Party)
		if err != nil || !ok {
			return false, err
		}
		if err := q.QueryRowContext(ctx, `SELECT waiting FROM places WHERE activity_id = ? AND signup_id = ?`,
			a.ID, h.SignupID).Scan(&waiting); err != nil {
			return false, err
		}
		if waiting == 1 || party <= h.Party {
			return true, nil
		}
		return exists(ctx, q, `SELECT 1 FROM activities WHERE id = ? AND status = 'published' AND capacity = ?
			AND seats_taken + ? <= capacity`, a.ID, a.Capacity, party-h.Party)
	}, func(q querier) error {
		if _, err := q.ExecContext(ctx, `UPDATE places SET party = ? WHERE activity_id = ? AND signup_id = ?`,
			party, a.ID, h.SignupID); err != nil {
			return err
		}
		if waiting == 1 {
			return nil
		}
		_, err := q.ExecContext(ctx, `UPDATE activities SET seats_taken = seats_taken + ? WHERE id = ?`, party-h.Party, a.ID)
		return err
	})
}
