package notifications

import (
	"context"
	"fmt"
	"time"

	"github.com/agora-events/agora/models"
)

// QueueReminders queues a reminder for every confirmed signup of each
// published activity that starts within before from now, and returns how
// many were new. It is safe to run on every instance at every scheduler
// tick: the dedup key "reminder:<signup id>" makes each reminder single
// across restarts and instances, and an activity whose reminders are all
// queued is recorded and skipped afterwards. People who become confirmed
// after that (a promotion on the last day) got their confirmation email
// moments before, so they get no separate reminder.
func (o *Outbox) QueueReminders(ctx context.Context, now time.Time, before time.Duration) (int, error) {
	if before <= 0 {
		return 0, nil
	}
	activities, err := o.store.ActivitiesDueForReminders(ctx, now, before)
	if err != nil {
		return 0, fmt.Errorf("notifications: reminders: %w", err)
	}
	total := 0
	for _, a := range activities {
		org, err := o.store.OrganisationByID(ctx, a.OrganisationID)
		if err != nil {
			return total, fmt.Errorf("notifications: reminders: organisation of %s: %w", a.ID, err)
		}
		err = o.store.EachSignupBatch(ctx, a.ID, []string{models.SignupConfirmed}, 200, func(batch []models.Signup) error {
			docs := make([]models.OutboxEmail, 0, len(batch))
			for _, su := range batch {
				doc, err := o.signupEmail(SignupEmail{Kind: KindReminder, Signup: su, Activity: a, Organisation: *org})
				if err != nil {
					return err
				}
				docs = append(docs, doc)
			}
			n, err := o.insertMany(ctx, docs)
			total += n
			return err
		})
		if err != nil {
			return total, fmt.Errorf("notifications: reminders of %s: %w", a.ID, err)
		}
		if err := o.store.SetRemindersQueued(ctx, a.ID, now); err != nil {
			return total, err
		}
	}
	return total, nil
}
