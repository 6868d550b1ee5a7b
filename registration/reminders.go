package registration

import (
	"context"
	"fmt"
	"time"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/notifications"
)

// reminderBatch is how many reminders are read, rendered and written at a
// time, so that memory does not grow with an activity's signups.
const reminderBatch = 200

// SendReminders queues a reminder for every confirmed signup of each
// published activity that starts within before from now, and returns how
// many were new. The scheduler runs it on every instance at every tick,
// which is safe: the outbox's de-duplication key (reminder and signup)
// makes each reminder single across restarts and instances, and an
// activity whose reminders are all queued is recorded and skipped
// afterwards. People confirmed after that (a promotion on the last day)
// got their confirmation moments before, so they get no separate reminder.
func (s *Service) SendReminders(ctx context.Context, before time.Duration) (int, error) {
	if before <= 0 {
		return 0, nil
	}
	now := s.now()
	activities, err := s.store.ActivitiesDueForReminders(ctx, now, before)
	if err != nil {
		return 0, fmt.Errorf("reminders: %w", err)
	}
	total := 0
	for _, a := range activities {
		org, err := s.store.OrganisationByID(ctx, a.OrganisationID)
		if err != nil {
			return total, fmt.Errorf("reminders: organisation of %s: %w", a.ID, err)
		}
		err = s.store.EachSignupBatch(ctx, a.ID, []string{models.SignupConfirmed}, reminderBatch, func(batch []models.Signup) error {
			es := make([]notifications.SignupEmail, len(batch))
			for i, su := range batch {
				es[i] = notifications.SignupEmail{Kind: notifications.KindReminder, Signup: su, Activity: a, Organisation: *org}
			}
			n, err := s.mail.QueueSignupEmails(ctx, es)
			total += n
			return err
		})
		if err != nil {
			return total, fmt.Errorf("reminders of %s: %w", a.ID, err)
		}
		if err := s.store.SetRemindersQueued(ctx, a.ID, now); err != nil {
			return total, err
		}
	}
	return total, nil
}
