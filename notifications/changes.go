package notifications

import (
	"context"
	"fmt"
	"strings"

	"github.com/agora-events/agora/models"
)

// changeLine is one thing a KindChanged email says changed: its label and
// its value before and now, in the reader's language.
type changeLine struct {
	Label, Old, New string
}

// changes lists what differs between e.Old and the activity's schedule,
// as the reader sees it: times as the activity's page writes them, in its
// zone; the online link only for those who hold seats (Venue.OnlineURL is
// private). An empty list means nothing this reader can see changed.
func (r *Renderer) changes(lang string, e SignupEmail) []changeLine {
	old, cur := *e.Old, e.Activity.Schedule()
	none := r.catalog.T(lang, "email.changed.none", nil)
	value := func(parts ...string) string {
		var kept []string
		for _, p := range parts {
			if p = oneLine(p); p != "" {
				kept = append(kept, p)
			}
		}
		if len(kept) == 0 {
			return none
		}
		return strings.Join(kept, ", ")
	}
	var out []changeLine
	if !old.StartsAt.Equal(cur.StartsAt) || !old.EndsAt.Equal(cur.EndsAt) {
		zone := activityZone(e.Activity, e.Organisation)
		span := func(s models.Schedule) string {
			return r.catalog.Span(lang, s.StartsAt, s.EndsAt, zone) + " (" + zone + ")"
		}
		out = append(out, changeLine{r.catalog.T(lang, "email.changed.time", nil), span(old), span(cur)})
	}
	if old.Venue != cur.Venue || old.Address != cur.Address {
		out = append(out, changeLine{r.catalog.T(lang, "email.changed.place", nil),
			value(old.Venue, old.Address), value(cur.Venue, cur.Address)})
	}
	if old.OnlineURL != cur.OnlineURL && seated(e) {
		out = append(out, changeLine{r.catalog.T(lang, "email.online", nil), value(old.OnlineURL), value(cur.OnlineURL)})
	}
	return out
}

// ChangeNotice asks for the KindChanged emails of one announcement window
// (models.ChangeNotice) to the people signed up, after an edit.
type ChangeNotice struct {
	Activity     models.Activity
	Organisation models.Organisation
	Signups      []models.Signup
	// Repair queues only what is missing: an email of the window that
	// exists already, sent or not, is left alone (the reconciler finishing
	// an interrupted edit must not tell anyone twice).
	Repair bool
}

// changeDedupKey names the changed email of a signup in one window.
func changeDedupKey(signupID string, window int) string {
	return fmt.Sprintf("%s:%s:%d", KindChanged, signupID, window)
}

// QueueChangeNotices queues, due at the notice's Due, one KindChanged
// email per signup saying what changed since the window opened, or
// rewrites the one an earlier edit of the window queued, so that several
// edits make one email; when a reader can see no change any more (an edit
// undone), their waiting email is withdrawn. Should the window's email
// have left already (a staff retry, clocks apart), the change goes in an
// email of its own, due at once.
func (o *Outbox) QueueChangeNotices(ctx context.Context, n ChangeNotice) error {
	notice := n.Activity.ChangeNotice
	if notice == nil {
		return fmt.Errorf("notifications: activity %s has no change notice", n.Activity.ID)
	}
	now, repair := o.now(), n.Repair
	for _, su := range n.Signups {
		if su.Email == "" {
			continue // personal data erased: nobody to write to
		}
		e := SignupEmail{Kind: KindChanged, Signup: su, Activity: n.Activity, Organisation: n.Organisation, Old: &notice.Old}
		key := changeDedupKey(su.ID, notice.Window)
		lang := EmailLanguage(su.Language, n.Organisation.DefaultLanguage)
		if len(o.renderer.changes(lang, e)) == 0 {
			if _, err := o.store.ReplacePendingOutbox(ctx, key, nil, now); err != nil {
				return fmt.Errorf("notifications: withdraw changed email: %w", err)
			}
			continue
		}
		doc, err := o.signupEmail(e)
		if err != nil {
			return err
		}
		doc.DedupKey, doc.NextAttemptAt = key, notice.Due
		if ok, err := o.store.ReplacePendingOutbox(ctx, key, &doc, now); err != nil || ok {
			if err != nil {
				return fmt.Errorf("notifications: rewrite changed email: %w", err)
			}
			continue
		}
		if n, err := o.insertMany(ctx, []models.OutboxEmail{doc}); err != nil || n == 1 || repair {
			if err != nil {
				return fmt.Errorf("notifications: queue changed email: %w", err)
			}
			continue
		}
		doc.DedupKey = changeDedupKey(su.ID, n.Activity.Revision)
		doc.NextAttemptAt = now
		if _, err := o.insertMany(ctx, []models.OutboxEmail{doc}); err != nil {
			return fmt.Errorf("notifications: queue changed email: %w", err)
		}
	}
	return nil
}

// withdrawChange withdraws the "changed" email still waiting for the
// signup of a cancellation email: news of a change that arrives after the
// cancellation would only confuse.
func (o *Outbox) withdrawChange(ctx context.Context, e SignupEmail) error {
	n := e.Activity.ChangeNotice
	switch {
	case n == nil, e.Kind != KindCancelled && e.Kind != KindCancelledByStaff && e.Kind != KindActivityCancelled:
		return nil
	}
	if _, err := o.store.ReplacePendingOutbox(ctx, changeDedupKey(e.Signup.ID, n.Window), nil, o.now()); err != nil {
		return fmt.Errorf("notifications: withdraw changed email: %w", err)
	}
	return nil
}

// Calendar renders the calendar file of a signup as its emails attach it
// (SignupCalendar, in the signup's language), for the attendee's manage
// page to offer, with its MIME type.
func (o *Outbox) Calendar(e SignupEmail) ([]byte, string, error) {
	lang := EmailLanguage(e.Signup.Language, e.Organisation.DefaultLanguage)
	data, method, err := o.renderer.SignupCalendar(lang, o.host, e, o.now())
	if err != nil {
		return nil, "", err
	}
	return data, CalendarContentType(method), nil
}
