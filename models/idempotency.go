package models

import "time"

// Idempotency record states.
const (
	IdempotencyInProgress = "in_progress"
	IdempotencyDone       = "done"
)

// IdempotencyRecord remembers one Idempotency-Key of a request that
// creates something, so that a retry gets the first answer again instead
// of creating a second thing. Only hashes of the key and of the request
// are kept.
type IdempotencyRecord struct {
	// KeyHash is the SHA-256 of the key (hex); its uniqueness is what lets
	// exactly one of several concurrent duplicates go ahead.
	KeyHash string `bson:"_id"`
	// RequestHash is the SHA-256 of what the request asked for (target
	// and body): the same key with another request is refused.
	RequestHash string `bson:"request_hash"`
	State       string `bson:"state"`
	// ResourceID is the id reserved for the created thing before the work
	// starts, so that a retry after a crash resumes the same thing.
	ResourceID string `bson:"resource_id"`
	// LeaseUntil is when an in-progress record may be taken over by a
	// retry, the first attempt being presumed dead.
	LeaseUntil  time.Time `bson:"lease_until"`
	Status      int       `bson:"status,omitempty"`
	Body        []byte    `bson:"body,omitempty"`
	ContentType string    `bson:"content_type,omitempty"`
	CreatedAt   time.Time `bson:"created_at"`
	ExpiresAt   time.Time `bson:"expires_at"`
}
