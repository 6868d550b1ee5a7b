package registration

import (
	"context"
	"time"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/notifications"
	"github.com/agora-events/agora/store"
)

// Store is the persistence registration needs, grouped by noun. Two
// implementations exist, store/sqlite (the embedded default) and
// store/mongo; both pass the conformance suite in store/storetest, which
// pins down every guarantee written here. Methods take ctx first, return
// models values, and report failures as models error codes: not_found for
// an unknown id, conflict (or the code named) for a broken uniqueness.
type Store interface {
	Transactions
	Organisations
	Users
	Activities
	Seats
	Signups
	Messages
	IdempotencyKeys
	AuditLog
	Reports
	Retention
	Reminders
	Certificates
	SeriesStore
	notifications.Store
	// Ping checks that the store answers; /readyz uses it.
	Ping(ctx context.Context) error
}

// Transactions groups several writes into one all-or-nothing step.
type Transactions interface {
	// Atomic runs fn so that the writes it makes through the store, with
	// the ctx it is given, commit together or not at all, isolated from
	// other writers (on SQLite: one transaction). A store that cannot
	// (MongoDB: only single-document updates are atomic) runs fn as it
	// is; the use cases keep every step idempotent and the reconciler
	// finishes interrupted sequences there. Calls nest: an inner Atomic
	// joins the outer one.
	Atomic(ctx context.Context, fn func(ctx context.Context) error) error
	// Transactional reports whether Atomic is all-or-nothing: then a crash
	// leaves no half-done sequence, and recovery has nothing to scan.
	Transactional() bool
}

// Organisations are the libraries and NGOs that run activities.
type Organisations interface {
	// InsertOrganisation stores a new organisation; a taken slug is conflict.
	InsertOrganisation(ctx context.Context, o *models.Organisation) error
	OrganisationByID(ctx context.Context, id string) (*models.Organisation, error)
	OrganisationBySlug(ctx context.Context, slug string) (*models.Organisation, error)
	// ListOrganisations returns up to limit organisations in slug order
	// after afterSlug ("" for the first page).
	ListOrganisations(ctx context.Context, afterSlug string, limit int) ([]models.Organisation, error)
	CountOrganisations(ctx context.Context) (int64, error)
	// SetOrganisationContact replaces an organisation's contact;
	// not_found when there is no such organisation.
	SetOrganisationContact(ctx context.Context, id string, c models.Contact) error
}

// Users are staff accounts with their sessions and set-password links.
type Users interface {
	CountUsers(ctx context.Context) (int64, error)
	// InsertUser stores a new user; a taken email (case-insensitive) is
	// conflict.
	InsertUser(ctx context.Context, u *models.User) error
	// UserByEmail finds a user by email, case-insensitively.
	UserByEmail(ctx context.Context, email string) (*models.User, error)
	UserByID(ctx context.Context, id string) (*models.User, error)
	// UsersOfOrganisation returns an organisation's accounts by email (at
	// most 1,000).
	UsersOfOrganisation(ctx context.Context, orgID string) ([]models.User, error)
	// UsersOfOrganisationPage returns up to limit accounts in email order
	// after afterEmail ("" for the first page).
	UsersOfOrganisationPage(ctx context.Context, orgID, afterEmail string, limit int) ([]models.User, error)
	SetUserPassword(ctx context.Context, userID, hash string) error
	SetUserRole(ctx context.Context, userID string, role models.Role) error
	SetUserDisabled(ctx context.Context, userID string, disabled bool) error

	InsertSession(ctx context.Context, sess *models.Session) error
	// SessionByHash finds a session by its token's hash; expiry is the
	// caller's to check.
	SessionByHash(ctx context.Context, hash string) (*models.Session, error)
	// DeleteSession removes a session; a missing one is not an error.
	DeleteSession(ctx context.Context, hash string) error
	DeleteSessionsOfUser(ctx context.Context, userID string) error
	DeleteExpiredSessions(ctx context.Context, now time.Time) (int64, error)

	InsertInvitation(ctx context.Context, inv *models.Invitation) error
	// InvitationByHash finds a set-password link by its token's hash;
	// expiry is the caller's to check.
	InvitationByHash(ctx context.Context, hash string) (*models.Invitation, error)
	DeleteInvitationsOfUser(ctx context.Context, userID string) error
	DeleteExpiredInvitations(ctx context.Context, now time.Time) (int64, error)
}

// Activities are what people sign up for. Seats and the waiting list of
// an activity change only through Seats.
type Activities interface {
	InsertActivity(ctx context.Context, a *models.Activity) error
	// InsertActivities stores new activities (the copies of a repeat), all
	// or none.
	InsertActivities(ctx context.Context, as []models.Activity) error
	// ActivityByID finds an activity, whatever its status, with its seat
	// holders and waiting list.
	ActivityByID(ctx context.Context, id string) (*models.Activity, error)
	// ActivitySummary finds an activity with SeatsTaken and WaitlistCount
	// but not necessarily its lists (nil when not loaded): for readers of
	// its definition and counts, whose cost must not grow with its size.
	ActivitySummary(ctx context.Context, id string) (*models.Activity, error)
	// UpdateActivityDetails writes what staff may edit (never seats,
	// status or series) only while the activity is not cancelled and its
	// taken seats fit the new capacity, checked atomically with the write;
	// otherwise activity_cancelled or capacity_below_taken.
	UpdateActivityDetails(ctx context.Context, a *models.Activity) error
	// SetActivityStatus moves an activity to status when it is in one of
	// from (recording reason when not nil) and reports whether it did.
	// Moving to cancelled also sets TellPending, in the same write.
	SetActivityStatus(ctx context.Context, id string, from []string, status string, reason models.Text, now time.Time) (bool, error)
	// MarkPeopleTold clears TellPending once everyone has been told.
	MarkPeopleTold(ctx context.Context, id string) error
	SetActivitySeries(ctx context.Context, id, seriesID string) error
	// MarkDrawn records that an activity's draw was made, unless it was
	// already, and reports whether it did.
	MarkDrawn(ctx context.Context, id string, now time.Time) (bool, error)
	// ActivitiesDueForDraw returns the ids of up to limit published
	// activities whose DrawAt is at or before now and whose draw is not
	// made, soonest first.
	ActivitiesDueForDraw(ctx context.Context, now time.Time, limit int) ([]string, error)
	// DeleteDraftActivity deletes an activity while it is a draft and
	// reports whether it did.
	DeleteDraftActivity(ctx context.Context, id string) (bool, error)
	// ActivityHasSignups reports whether any signup, in any status, exists.
	ActivityHasSignups(ctx context.Context, activityID string) (bool, error)
	CountActivities(ctx context.Context) (int64, error)
	// ListActivities returns the activities matching q by start time then
	// id, reading by index and paging by keyset. Their seat holders and
	// waiting lists are not loaded; SeatsTaken and WaitlistCount are.
	ListActivities(ctx context.Context, q store.ActivityQuery) ([]models.Activity, error)
	// EachActivityToReconcile calls fn with the id of every activity not
	// ended at notEndedAt, in id order, a batch at a time.
	EachActivityToReconcile(ctx context.Context, notEndedAt time.Time, fn func(id string) error) error
}

// Seats changes who holds an activity's seats and who waits for them. The
// activity is the source of truth: its holders and waiting list (in
// signup order), and SeatsTaken, their party sum. Each method takes the
// activity as the caller read it and applies its change only if its
// conditions still hold, atomically with the check; it returns the
// activity afterwards — with its lists when a had them, perhaps without
// when a came from ActivitySummary — or nil when they did not hold (the
// caller reads again and decides again). Confirmed seats never exceed
// capacity, except through ClaimSeatsOverCapacity.
type Seats interface {
	// ClaimSeats gives h.Party seats of a published activity to a signup
	// on neither list when they fit in the free seats.
	ClaimSeats(ctx context.Context, a *models.Activity, h models.SeatHolder) (*models.Activity, error)
	// ClaimSeatsOverCapacity gives h.Party seats of a published activity
	// to a signup on neither list even when they do not fit: the one way
	// past capacity, for a manager who lets a walk-in in (audit-logged by
	// the caller). Seats taken may then exceed capacity until people leave.
	ClaimSeatsOverCapacity(ctx context.Context, a *models.Activity, h models.SeatHolder) (*models.Activity, error)
	// JoinWaitingList puts a signup on neither list at the end of the
	// waiting list of a published activity that has one.
	JoinWaitingList(ctx context.Context, a *models.Activity, h models.SeatHolder) (*models.Activity, error)
	// PromoteFromWaitingList moves h from the waiting list to the seat
	// holders when its party fits, in one step.
	PromoteFromWaitingList(ctx context.Context, a *models.Activity, h models.SeatHolder) (*models.Activity, error)
	// ReleaseSeats takes back the seats of a holder.
	ReleaseSeats(ctx context.Context, a *models.Activity, h models.SeatHolder) (*models.Activity, error)
	// LeaveWaitingList takes h off the waiting list.
	LeaveWaitingList(ctx context.Context, a *models.Activity, h models.SeatHolder) (*models.Activity, error)
	// ResizeSeats makes h's party, as read on either list of a (with its
	// lists), party people in its place; a holder's seats follow, growing
	// only when the added people fit (models.Activity.FitsResize).
	ResizeSeats(ctx context.Context, a *models.Activity, h models.SeatHolder, party int) (*models.Activity, error)
	// RepairSeatsTaken sets SeatsTaken to the party sum of the holders,
	// unless they changed since a was read.
	RepairSeatsTaken(ctx context.Context, a *models.Activity) (*models.Activity, error)
}

// Signups are people's registrations. Every status change is conditional
// on the status expected, so that repeating a step changes nothing.
type Signups interface {
	// InsertSignup stores a new pending signup. A second active signup with
	// the same email (case-insensitive) for the activity is
	// already_registered, decided atomically; an existing id is conflict.
	InsertSignup(ctx context.Context, su *models.Signup) error
	SignupByID(ctx context.Context, id string) (*models.Signup, error)
	// SignupByTokenHash finds a signup by the hash of one of its manage
	// tokens (models.ManageTokenHash): its answer's (ManageTokenHash) or
	// an email's (the LinkTokenHash of an outbox email about it). Whether
	// the signup is erased is the caller's to check.
	SignupByTokenHash(ctx context.Context, hash string) (*models.Signup, error)
	// ReplaceManageToken sets the hash of the token of a signup's answer,
	// unless the signup is erased; it reports whether it did.
	ReplaceManageToken(ctx context.Context, id, hash string) (bool, error)
	// SignupByActiveKey finds the one signup, active or pending, holding an
	// active key (an activity and an email; see InsertSignup).
	SignupByActiveKey(ctx context.Context, key string) (*models.Signup, error)
	// ChangeSignup sets the party size and answers of a confirmed or
	// waitlisted signup and reports whether it did (seats: ResizeSeats).
	ChangeSignup(ctx context.Context, id string, party int, answers map[string]any, now time.Time) (bool, error)
	// SetSignupStatus moves a signup from one of from to status and
	// reports whether it did.
	SetSignupStatus(ctx context.Context, id string, from []string, status string, now time.Time) (bool, error)
	// OfferSignup moves a signup in one of from to offered, holding the
	// seat offered until expires, and reports whether it did.
	OfferSignup(ctx context.Context, id string, from []string, expires, now time.Time) (bool, error)
	// ExpiredOffers returns up to limit offered signups, of any activity,
	// whose offer expired at or before now, soonest expiry first.
	ExpiredOffers(ctx context.Context, now time.Time, limit int) ([]models.Signup, error)
	// FinishSignup moves a pending signup to its decided status
	// (confirmed, waitlisted, or attended for a walk-in checked in at once).
	FinishSignup(ctx context.Context, id, status string, now time.Time) (bool, error)
	// CancelSignup marks an active signup cancelled, freeing its email for
	// a new signup, and reports whether it was active.
	CancelSignup(ctx context.Context, id, by string, now time.Time) (bool, error)
	// EraseSignup deletes the personal data of a decided signup (status,
	// party size and language stay for counts); its answer's token stops
	// working (EraseOutbox ends those of its emails).
	EraseSignup(ctx context.Context, id string, now time.Time) (bool, error)
	// DeletePendingSignup removes a signup still pending (never accepted).
	DeletePendingSignup(ctx context.Context, id string) error
	// ListSignups returns up to limit signups of an activity in one of
	// statuses (all but pending when none), oldest first, after the cursor.
	ListSignups(ctx context.Context, activityID string, statuses []string, after *store.SignupCursor, limit int) ([]models.Signup, error)
	// SignupsByIDs returns those of the signups that exist, in no order.
	SignupsByIDs(ctx context.Context, ids []string) ([]models.Signup, error)
	// PendingSignups returns up to limit signups pending since before
	// createdBefore, oldest first.
	PendingSignups(ctx context.Context, createdBefore time.Time, limit int) ([]models.Signup, error)
	// EachSignupBatch calls fn with the signups of an activity in one of
	// statuses, in signup order, at most size at a time, leaving out
	// erased ones and those without an email (nobody to write to: its
	// callers all send email); only one batch is held in memory.
	EachSignupBatch(ctx context.Context, activityID string, statuses []string, size int, fn func([]models.Signup) error) error
}
