package registration

import (
	"context"
	"errors"
	"log/slog"

	"github.com/agora-events/agora/notifications"
)

// Mailer is the one port through which registration sends email, with
// every ability the use cases need. notifications.Outbox implements it,
// and app checks that at compile time: a mailer that lacks an ability
// fails the build, never a send. Each Queue method writes to the durable
// outbox, so a queued email is as durable as the state change that caused
// it, and is idempotent per the email's de-duplication key (signup and
// kind, message and recipient), since recovery may queue it again.
type Mailer interface {
	// QueueSignupEmail queues one email about a signup.
	QueueSignupEmail(ctx context.Context, e notifications.SignupEmail) error
	// QueueSignupEmails queues many emails about signups in one write and
	// returns how many were new.
	QueueSignupEmails(ctx context.Context, es []notifications.SignupEmail) (int, error)
	// QueueSeriesEmail queues the one email about a series signup of its
	// kind (confirmation or receipt of leaving).
	QueueSeriesEmail(ctx context.Context, e notifications.SeriesEmail) error
	// QueueChangeNotices queues, or rewrites while they wait, the
	// "changed" emails of the activity's pending ChangeNotice to the
	// signups given, so that edits within the notice's window make one
	// email per person.
	QueueChangeNotices(ctx context.Context, n notifications.ChangeNotice) error
	// Calendar renders the calendar file of a signup, as its emails
	// attach it, and its MIME type.
	Calendar(e notifications.SignupEmail) (data []byte, contentType string, err error)
	// QueueMessage queues one email per recipient of a batch of an
	// organiser message and returns how many were new.
	QueueMessage(ctx context.Context, b notifications.MessageBatch) (int, error)
	// QueueInvitation queues the set-password email of a staff account.
	QueueInvitation(ctx context.Context, inv notifications.Invitation) error
	// Wake asks this process's delivery to look for due emails now
	// instead of at its next poll (after a staff retry, say).
	Wake()
}

// noMail is the Mailer of a Service built without one (tests of the
// layers above): emails about signups vanish, a staff invitation is
// logged as not sent, and an organiser message is refused, since its
// sender would count on it being delivered.
type noMail struct{ logger *slog.Logger }

func (noMail) QueueSignupEmail(context.Context, notifications.SignupEmail) error { return nil }

func (noMail) QueueSignupEmails(context.Context, []notifications.SignupEmail) (int, error) {
	return 0, nil
}

func (noMail) QueueSeriesEmail(context.Context, notifications.SeriesEmail) error { return nil }

func (noMail) QueueChangeNotices(context.Context, notifications.ChangeNotice) error { return nil }

func (noMail) Calendar(notifications.SignupEmail) ([]byte, string, error) {
	return nil, "", errors.New("registration: no mailer renders calendar files")
}

func (noMail) QueueMessage(context.Context, notifications.MessageBatch) (int, error) {
	return 0, errors.New("registration: the mailer cannot queue messages")
}

func (m noMail) QueueInvitation(_ context.Context, inv notifications.Invitation) error {
	m.logger.Warn("no mailer for staff invitations; the link is not sent", "user", inv.User.ID)
	return nil
}

func (noMail) Wake() {}

// MailCopies erases the copies of sent emails that Agora itself keeps:
// notifications.Delivery implements it (the .eml files written when no
// SMTP server is configured; a relay's copies are the relay's).
type MailCopies interface {
	// EraseCopies removes what is kept of the emails with these outbox
	// ids; ids with nothing kept are no error.
	EraseCopies(ctx context.Context, ids []string) error
}

// noCopies is the MailCopies used when none is configured.
type noCopies struct{}

func (noCopies) EraseCopies(context.Context, []string) error { return nil }
