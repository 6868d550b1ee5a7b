package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/agora-events/agora/models"
)

// Seats live in the places table, with their sums on the activity row
// (seats_taken, waitlist_count); every method below changes both in one
// transaction, after checking its conditions on the rows as they are
// inside it. Since a transaction holds the only write connection, no
// other writer can come between the check and the change: capacity holds
// however many requests race. Each returns the activity afterwards, or nil
// when a condition did not hold.

// loadPlaces reads an activity's seat holders, in the order of joining,
// and its waiting list, in queue order (models.SeatHolder.Queue; equal
// keys in the order of joining). SQLite joins them into one string
// ("id:party:waiting:queue,…"), parsed here: one row through database/sql instead of one
// per place, which is what a signup to a large activity would otherwise
// spend most of its time on.
func (s *Store) loadPlaces(ctx context.Context, q querier, a *models.Activity) error {
	var list sql.NullString
	err := q.QueryRowContext(ctx, `SELECT group_concat(signup_id || ':' || party || ':' || waiting || ':' || queue_at, ',')
		FROM (SELECT signup_id, party, waiting, queue_at FROM places WHERE activity_id = ?
			ORDER BY waiting, CASE WHEN waiting = 1 THEN queue_at ELSE 0 END, seq)`, a.ID).Scan(&list)
	if err != nil {
		return err
	}
	a.SeatHolders, a.WaitingList = []models.SeatHolder{}, nil
	if !list.Valid || list.String == "" {
		return nil
	}
	for _, p := range strings.Split(list.String, ",") {
		f := strings.Split(p, ":")
		if len(f) != 4 {
			return fmt.Errorf("store: activity %s: malformed place %q", a.ID, p)
		}
		n, err1 := strconv.Atoi(f[1])
		queue, err2 := strconv.ParseInt(f[3], 10, 64)
		if err1 != nil || err2 != nil {
			return fmt.Errorf("store: activity %s: malformed place %q", a.ID, p)
		}
		waiting := f[2]
		h := models.SeatHolder{SignupID: f[0], Party: n, Queue: queue}
		if waiting == "1" {
			a.WaitingList = append(a.WaitingList, h)
		} else {
			a.SeatHolders = append(a.SeatHolders, h)
		}
	}
	return nil
}

// seatChange runs check and, when it reports true, change, in one
// transaction, and returns the activity afterwards (nil when check said
// no), with its places when a had them.
func (s *Store) seatChange(ctx context.Context, a *models.Activity, check func(q querier) (bool, error), change func(q querier) error) (*models.Activity, error) {
	id, withLists := a.ID, a.SeatHolders != nil
	var after *models.Activity
	err := s.Atomic(ctx, func(ctx context.Context) error {
		q := s.writer(ctx)
		ok, err := check(q)
		if err != nil || !ok {
			return err
		}
		if err := change(q); err != nil {
			return err
		}
		if withLists {
			after, err = s.ActivityByID(ctx, id)
		} else {
			after, err = s.ActivitySummary(ctx, id)
		}
		return err
	})
	return after, err
}

// exists runs a query that selects 1 when something holds.
func exists(ctx context.Context, q querier, query string, vals ...any) (bool, error) {
	var one int
	err := q.QueryRowContext(ctx, query, vals...).Scan(&one)
	if err == sql.ErrNoRows {
		return false, nil
	}
	return err == nil, err
}

// newPlace is where a signup on neither list goes.
type newPlace int

const (
	placeSeats       newPlace = iota // seats, when the party fits
	placeSeatsBeyond                 // seats, even beyond capacity (ClaimSeatsOverCapacity)
	placeWaiting                     // the end of the waiting list
)

// fitsAndNew is the condition of a new place: the activity is published
// with the capacity the caller saw, the party fits (for placeSeats; the
// condition mirrors models.Activity.Fits) or the activity has a waiting
// list (for placeWaiting), and the signup is on neither list.
func fitsAndNew(ctx context.Context, q querier, a *models.Activity, h models.SeatHolder, p newPlace) (bool, error) {
	cond := `status = 'published' AND capacity = ?`
	vals := []any{a.ID, a.Capacity}
	switch p {
	case placeSeats:
		cond += ` AND seats_taken + ? <= capacity`
		vals = append(vals, h.Party)
	case placeWaiting:
		cond += ` AND waitlist = 1`
	}
	vals = append(vals, a.ID, h.SignupID)
	return exists(ctx, q, `SELECT 1 FROM activities WHERE id = ? AND `+cond+`
		AND NOT EXISTS (SELECT 1 FROM places WHERE activity_id = ? AND signup_id = ?)`, vals...)
}

// insertPlace adds h to a list of the activity (waiting: 0 the holders,
// 1 the waiting list) with a new seq, at the end of the order of joining.
func insertPlace(ctx context.Context, q querier, activityID string, h models.SeatHolder, waiting int) error {
	_, err := q.ExecContext(ctx, `INSERT INTO places (activity_id, signup_id, party, waiting, queue_at) VALUES (?, ?, ?, ?, ?)`,
		activityID, h.SignupID, h.Party, waiting, h.Queue)
	return err
}

// ClaimSeats gives h.Party seats to a signup on neither list when they fit.
func (s *Store) ClaimSeats(ctx context.Context, a *models.Activity, h models.SeatHolder) (*models.Activity, error) {
	return s.claimSeats(ctx, a, h, placeSeats)
}

// ClaimSeatsOverCapacity gives h.Party seats to a signup on neither list,
// whether or not they fit.
func (s *Store) ClaimSeatsOverCapacity(ctx context.Context, a *models.Activity, h models.SeatHolder) (*models.Activity, error) {
	return s.claimSeats(ctx, a, h, placeSeatsBeyond)
}

func (s *Store) claimSeats(ctx context.Context, a *models.Activity, h models.SeatHolder, p newPlace) (*models.Activity, error) {
	return s.seatChange(ctx, a, func(q querier) (bool, error) {
		return fitsAndNew(ctx, q, a, h, p)
	}, func(q querier) error {
		if err := insertPlace(ctx, q, a.ID, h, 0); err != nil {
			return err
		}
		_, err := q.ExecContext(ctx, `UPDATE activities SET seats_taken = seats_taken + ? WHERE id = ?`, h.Party, a.ID)
		return err
	})
}

// JoinWaitingList puts a signup on neither list at the end of the waiting
// list of a published activity that has one.
func (s *Store) JoinWaitingList(ctx context.Context, a *models.Activity, h models.SeatHolder) (*models.Activity, error) {
	return s.seatChange(ctx, a, func(q querier) (bool, error) {
		return fitsAndNew(ctx, q, a, h, placeWaiting)
	}, func(q querier) error {
		if err := insertPlace(ctx, q, a.ID, h, 1); err != nil {
			return err
		}
		_, err := q.ExecContext(ctx, `UPDATE activities SET waitlist_count = waitlist_count + 1 WHERE id = ?`, a.ID)
		return err
	})
}

// PromoteFromWaitingList moves h from the waiting list to the seat holders
// when its party fits into the capacity the caller saw (the condition
// mirrors models.Activity.Fits).
func (s *Store) PromoteFromWaitingList(ctx context.Context, a *models.Activity, h models.SeatHolder) (*models.Activity, error) {
	return s.seatChange(ctx, a, func(q querier) (bool, error) {
		return exists(ctx, q, `SELECT 1 FROM activities WHERE id = ? AND status = 'published' AND capacity = ?
			AND seats_taken + ? <= capacity
			AND EXISTS (SELECT 1 FROM places WHERE activity_id = ? AND signup_id = ? AND party = ? AND waiting = 1)`,
			a.ID, a.Capacity, h.Party, a.ID, h.SignupID, h.Party)
	}, func(q querier) error {
		// A new seq: the holder joins the end of the holders.
		if _, err := q.ExecContext(ctx, `DELETE FROM places WHERE activity_id = ? AND signup_id = ?`, a.ID, h.SignupID); err != nil {
			return err
		}
		if err := insertPlace(ctx, q, a.ID, h, 0); err != nil {
			return err
		}
		_, err := q.ExecContext(ctx, `UPDATE activities SET seats_taken = seats_taken + ?, waitlist_count = waitlist_count - 1
			WHERE id = ?`, h.Party, a.ID)
		return err
	})
}

// ReleaseSeats takes back the seats of a holder.
func (s *Store) ReleaseSeats(ctx context.Context, a *models.Activity, h models.SeatHolder) (*models.Activity, error) {
	return s.leave(ctx, a, h, 0)
}

// LeaveWaitingList takes h off the waiting list.
func (s *Store) LeaveWaitingList(ctx context.Context, a *models.Activity, h models.SeatHolder) (*models.Activity, error) {
	return s.leave(ctx, a, h, 1)
}

// leave deletes h's place on one list and takes it out of the sums.
func (s *Store) leave(ctx context.Context, a *models.Activity, h models.SeatHolder, waiting int) (*models.Activity, error) {
	activityID := a.ID
	var party int
	return s.seatChange(ctx, a, func(q querier) (bool, error) {
		err := q.QueryRowContext(ctx, `SELECT party FROM places WHERE activity_id = ? AND signup_id = ? AND waiting = ?`,
			activityID, h.SignupID, waiting).Scan(&party)
		if err == sql.ErrNoRows {
			return false, nil
		}
		return err == nil, err
	}, func(q querier) error {
		if _, err := q.ExecContext(ctx, `DELETE FROM places WHERE activity_id = ? AND signup_id = ?`, activityID, h.SignupID); err != nil {
			return err
		}
		if waiting == 1 {
			_, err := q.ExecContext(ctx, `UPDATE activities SET waitlist_count = waitlist_count - 1 WHERE id = ?`, activityID)
			return err
		}
		_, err := q.ExecContext(ctx, `UPDATE activities SET seats_taken = seats_taken - ? WHERE id = ?`, party, activityID)
		return err
	})
}

// RepairSeatsTaken sets the sums to what the places say, unless they
// changed since a was read. Transactions keep them in step, so this finds
// nothing to repair unless the file was edited by hand.
func (s *Store) RepairSeatsTaken(ctx context.Context, a *models.Activity) (*models.Activity, error) {
	var taken, waiting int
	return s.seatChange(ctx, a, func(q querier) (bool, error) {
		err := q.QueryRowContext(ctx, `SELECT COALESCE(SUM(CASE WHEN waiting = 0 THEN party END), 0),
			COUNT(CASE WHEN waiting = 1 THEN 1 END) FROM places WHERE activity_id = ?`, a.ID).Scan(&taken, &waiting)
		if err != nil {
			return false, err
		}
		return exists(ctx, q, `SELECT 1 FROM activities WHERE id = ? AND seats_taken = ? AND (seats_taken != ? OR waitlist_count != ?)`,
			a.ID, a.SeatsTaken, taken, waiting)
	}, func(q querier) error {
		_, err := q.ExecContext(ctx, `UPDATE activities SET seats_taken = ?, waitlist_count = ? WHERE id = ?`, taken, waiting, a.ID)
		return err
	})
}
