package models

import (
	"slices"
	"time"
)

// Outbox email statuses. An email is pending until a worker leases it
// (sending), then sent, or back to pending with a later next_attempt_at
// after a temporary failure, or failed for good.
const (
	OutboxPending = "pending"
	OutboxSending = "sending"
	OutboxSent    = "sent"
	OutboxFailed  = "failed"
)

// outboxStatuses lists every outbox status; unexported so that no caller
// can change it.
var outboxStatuses = []string{OutboxPending, OutboxSending, OutboxSent, OutboxFailed}

// OutboxStatuses returns every outbox status as a fresh slice, for counts
// by status.
func OutboxStatuses() []string { return slices.Clone(outboxStatuses) }

// IsOutboxStatus reports whether s is an outbox status, for validating
// filters and imported records.
func IsOutboxStatus(s string) bool { return slices.Contains(outboxStatuses, s) }

// Attachment is a file sent with an email, such as a calendar invitation.
type Attachment struct {
	Filename    string `bson:"filename" json:"filename"`
	ContentType string `bson:"content_type" json:"content_type"`
	Data        []byte `bson:"data" json:"-"`
	// ContentID makes the file an inline part of the HTML body, which
	// shows it as <img src="cid:ContentID"> (the check-in QR code).
	ContentID string `bson:"content_id,omitempty" json:"content_id,omitempty"`
}

// OutboxEmail is one email in the durable outbox: fully rendered when
// queued, so delivery needs nothing but this document. DedupKey is unique:
// one event never queues two emails.
type OutboxEmail struct {
	ID          string       `bson:"_id" json:"id"`
	DedupKey    string       `bson:"dedup_key" json:"-"`
	Kind        string       `bson:"kind" json:"kind"`
	Language    string       `bson:"language" json:"language"`
	To          string       `bson:"to" json:"to"`
	ToName      string       `bson:"to_name,omitempty" json:"to_name,omitempty"`
	Subject     string       `bson:"subject" json:"subject"`
	Text        string       `bson:"text" json:"-"`
	HTML        string       `bson:"html" json:"-"`
	Attachments []Attachment `bson:"attachments,omitempty" json:"-"`
	// HeaderMessageID is the Message-ID header, without angle brackets:
	// the same on every attempt, so that a receiving server or client can
	// recognise a copy sent twice.
	HeaderMessageID string `bson:"header_message_id" json:"-"`

	Status        string    `bson:"status" json:"status"`
	Attempts      int       `bson:"attempts" json:"attempts"`
	NextAttemptAt time.Time `bson:"next_attempt_at" json:"next_attempt_at"`
	// LeaseUntil and LeaseToken belong to the worker sending the email;
	// Claims counts the leases ever taken and names the next claim ticket.
	LeaseUntil time.Time `bson:"lease_until" json:"-"`
	LeaseToken string    `bson:"lease_token,omitempty" json:"-"`
	Claims     int       `bson:"claims" json:"-"`
	LastError  string    `bson:"last_error,omitempty" json:"last_error,omitempty"`

	OrganisationID string `bson:"organisation_id,omitempty" json:"organisation_id,omitempty"`
	ActivityID     string `bson:"activity_id,omitempty" json:"activity_id,omitempty"`
	SignupID       string `bson:"signup_id,omitempty" json:"signup_id,omitempty"`
	// MessageID is the organiser message this email delivers, if any.
	MessageID string `bson:"message_id,omitempty" json:"message_id,omitempty"`
	// LinkTokenHash is the hash of the manage token in the email's link
	// (ManageTokenHash), when it carries one: the link works while the
	// record keeps it. Erasing the email clears it.
	LinkTokenHash string `bson:"link_token_hash,omitempty" json:"-"`
	// ReplyTo is the organisation's contact address when the email is
	// about its activities ("" for none): replies reach the organiser.
	ReplyTo string `bson:"reply_to,omitempty" json:"-"`

	CreatedAt time.Time  `bson:"created_at" json:"created_at"`
	UpdatedAt time.Time  `bson:"updated_at" json:"updated_at"`
	SentAt    *time.Time `bson:"sent_at,omitempty" json:"sent_at,omitempty"`
}
