package models

import "time"

// Audit actions: what a staff user (or the system) did. The names are part
// of the API (GET /api/v1/audit); add new ones, never rename one.
const (
	AuditActivityCreate     = "activity.create"
	AuditActivityUpdate     = "activity.update"
	AuditActivityPublish    = "activity.publish"
	AuditActivityCancel     = "activity.cancel"
	AuditActivityDelete     = "activity.delete"
	AuditActivityRepeat     = "activity.repeat"
	AuditActivityDraw       = "activity.draw"
	AuditSignupCheckIn      = "signup.check_in"
	AuditSignupCancel       = "signup.cancel"
	AuditSignupAdd          = "signup.add"           // an attendee added by staff (walk-in, phone)
	AuditSignupOverCapacity = "signup.over_capacity" // seated beyond capacity by a manager
	AuditMessageSend        = "message.send"
	AuditOutboxRetry        = "outbox.retry"
	AuditUserCreate         = "user.create"
	AuditUserInvite         = "user.invite"
	AuditUserRoleChange     = "user.role_change"
	AuditUserDisable        = "user.disable"
	AuditUserEnable         = "user.enable"
	AuditOrganisationCreate = "organisation.create"
	AuditOrganisationUpdate = "organisation.update"
	AuditLogin              = "auth.login"
	AuditLoginFailed        = "auth.login_failed"
	AuditPersonalDataErased = "activity.personal_data_erased"
	AuditCertificateIssue   = "certificate.issue"
	AuditCertificateRevoke  = "certificate.revoke"
)

// Audit target types.
const (
	AuditTargetActivity     = "activity"
	AuditTargetSignup       = "signup"
	AuditTargetMessage      = "message"
	AuditTargetEmail        = "email"
	AuditTargetUser         = "user"
	AuditTargetOrganisation = "organisation"
	AuditTargetCertificate  = "certificate"
)

// AuditActorSystem is the role recorded for what Agora does by itself
// (the retention job).
const AuditActorSystem = "system"

// AuditEntry records who did what to which thing, and when. Entries are
// never changed. They name staff (who have accounts and answer for their
// actions) but no attendee: a signup appears by its id alone, so the log
// survives the erasure of attendees' personal data unchanged. A failed
// login for an unknown address keeps only the address masked.
type AuditEntry struct {
	ID string `bson:"_id" json:"id"`
	// OrganisationID is the organisation whose managers may read the
	// entry; empty for platform-wide events, which only admins see.
	OrganisationID string    `bson:"organisation_id,omitempty" json:"organisation_id,omitempty"`
	ActorID        string    `bson:"actor_id,omitempty" json:"actor_id,omitempty"`
	ActorEmail     string    `bson:"actor_email,omitempty" json:"actor_email,omitempty"`
	ActorRole      string    `bson:"actor_role,omitempty" json:"actor_role,omitempty"`
	Action         string    `bson:"action" json:"action"`
	TargetType     string    `bson:"target_type" json:"target_type"`
	TargetID       string    `bson:"target_id,omitempty" json:"target_id,omitempty"`
	Detail         string    `bson:"detail,omitempty" json:"detail,omitempty"`
	At             time.Time `bson:"at" json:"at"`
}
