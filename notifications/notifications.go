// Package notifications owns every email Agora sends: the durable outbox
// (one document per email, written in the same step as the state change
// that causes it), the delivery workers, the templates in every language
// and calendar attachments. It decides nobody's email: registration says
// who is written to and why (reminders included) through its Mailer port,
// which Outbox implements. Nothing is sent directly: everything is queued,
// then delivered with retries.
package notifications

import "github.com/agora-events/agora/models"

// Kinds of signup emails.
const (
	KindConfirmed         = "confirmed"          // seats given at signup
	KindWaitlisted        = "waitlisted"         // on the waiting list, with the position
	KindPromoted          = "promoted"           // moved up from the waiting list
	KindCancelled         = "cancelled"          // receipt of the attendee's own cancellation
	KindActivityCancelled = "activity_cancelled" // the organiser cancelled the activity
	KindReminder          = "reminder"           // REMINDER_BEFORE the start
	KindChanged           = "changed"            // the time, place or online link changed
	KindCancelledByStaff  = "cancelled_by_staff" // the organisers cancelled this one signup
	KindOffered           = "offered"            // a freed seat is offered, with a time to accept
	KindOfferExpired      = "offer_expired"      // the offer was not answered in time and passed on
	KindPendingDraw       = "pending_draw"       // in the pool of a draw, with the time of the results
)

// SignupEmail asks for one email about one signup. Registration builds it
// at the moment of the state change and queues it before answering.
type SignupEmail struct {
	Kind         string
	Signup       models.Signup
	Activity     models.Activity
	Organisation models.Organisation
	// ManageURL is the attendee's manage/cancel link, for rendering. The
	// Outbox sets it when it queues the email: each email that carries
	// the link (CarriesManageLink) gets a token of its own.
	ManageURL string
	// CheckInURL is the signup's check-in address (registration's
	// CheckInURL); the kinds that carry it (CarriesCheckIn) show it as
	// text and as a QR image.
	CheckInURL string
	// WaitlistPosition is the 1-based position for KindWaitlisted.
	WaitlistPosition int
	// Old is the schedule before the change a KindChanged email
	// announces; the activity holds the new one.
	Old *models.Schedule
}

// CheckInContentID is the Content-ID of the check-in QR image that the
// HTML part of a confirmation shows inline.
const CheckInContentID = "checkin-qr@agora"

// CarriesCheckIn reports whether emails of kind carry the check-in code:
// the confirmations (at signup and on promotion), which the attendee
// keeps and shows at the door.
func CarriesCheckIn(kind string) bool {
	return kind == KindConfirmed || kind == KindPromoted
}
