package mongo

import (
	"context"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/agora-events/agora/models"
)

// SignupByActiveKey finds the signup holding an active key, through the
// unique active_key index: at most one, active or still pending.
func (s *Store) SignupByActiveKey(ctx context.Context, key string) (*models.Signup, error) {
	return s.findSignup(ctx, bson.D{{Key: "active_key", Value: key}})
}

// ChangeSignup sets the party size and answers of an active signup. The
// signup document follows the activity's (ResizeSeats), which is the truth
// for seats: registration writes the activity first.
func (s *Store) ChangeSignup(ctx context.Context, id string, party int, answers map[string]any, now time.Time) (bool, error) {
	set := bson.D{{Key: "party_size", Value: party}, {Key: "updated_at", Value: now}}
	update := bson.D{}
	if len(answers) > 0 {
		set = append(set, bson.E{Key: "answers", Value: answers})
	} else {
		update = append(update, bson.E{Key: "$unset", Value: bson.D{{Key: "answers", Value: ""}}})
	}
	update = append(update, bson.E{Key: "$set", Value: set})
	return s.updateSignup(ctx, id, []string{models.SignupConfirmed, models.SignupWaitlisted}, update)
}

// ResizeSeats writes h's list, as a read it, again with h's element
// holding the new party in its place: one update conditioned on the list
// being exactly as read (a compare-and-swap, so a change made meanwhile
// by anyone refuses it and the caller reads again). A holder's change
// moves seats_taken with it, and a holder grows only when the added people
// fit into the capacity the caller saw (models.Activity.FitsResize,
// decided by the filter). The positional operator would spare rewriting
// the list, but the embedded FerretDB the tests use does not know it, and
// parties change rarely.
func (s *Store) ResizeSeats(ctx context.Context, a *models.Activity, h models.SeatHolder, party int) (*models.Activity, error) {
	field, list := "seat_holders", a.SeatHolders
	if a.WaitingPosition(h.SignupID) > 0 {
		field, list = "waiting_list", a.WaitingList
	}
	i := slices.Index(list, h)
	if i < 0 {
		return nil, nil // not on a's lists as read: read again
	}
	was, now := make(bson.A, len(list)), make(bson.A, len(list))
	for j, e := range list {
		was[j], now[j] = holderDoc(e), holderDoc(e)
	}
	now[i] = holderDoc(models.SeatHolder{SignupID: h.SignupID, Party: party, Queue: h.Queue})
	cond := []bson.E{{Key: field, Value: was}}
	update := bson.D{{Key: "$set", Value: bson.D{{Key: field, Value: now}}}}
	if field == "seat_holders" {
		if grow := party - h.Party; grow > 0 {
			cond = append(cond, fits(a, models.SeatHolder{SignupID: h.SignupID, Party: grow})...)
		}
		update = append(update, bson.E{Key: "$inc", Value: bson.D{{Key: "seats_taken", Value: party - h.Party}}})
	}
	return s.updateActivity(ctx, a.ID, cond, update)
}
