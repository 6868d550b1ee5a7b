package models

import (
	"errors"
	"fmt"

	"github.com/go-playground/validator/v10"
)

// Error codes of the HTTP contract. Each maps to exactly one HTTP status in
// handlers; the code, not the message, is what clients branch on.
const (
	ErrBadRequest           = "bad_request"
	ErrUnauthorized         = "unauthorized"
	ErrForbidden            = "forbidden"
	ErrNotFound             = "not_found"
	ErrAlreadyRegistered    = "already_registered"
	ErrRegistrationClosed   = "registration_closed"
	ErrFull                 = "full"
	ErrActivityCancelled    = "activity_cancelled"
	ErrActivityStarted      = "activity_started"
	ErrNoSeats              = "no_seats"         // a change of party asks more seats than are free
	ErrOfferExpired         = "offer_expired"    // an offered seat was answered after its time ran out
	ErrSignupCancelled      = "signup_cancelled" // a cancelled signup cannot be changed
	ErrCapacityBelowTaken   = "capacity_below_taken"
	ErrNotDeletable         = "not_deletable"
	ErrConflict             = "conflict"
	ErrActivityNotEnded     = "activity_not_ended" // certificates wait for the end
	ErrIdempotencyKeyReused = "idempotency_key_reused"
	ErrPayloadTooLarge      = "payload_too_large"
	ErrValidationFailed     = "validation_failed"
	ErrRateLimited          = "rate_limited"
	ErrInternal             = "internal"
)

// Error is the one application error type. Code selects the HTTP status and
// the translated message ("error.<code>" in the translation files); Detail is
// an optional English note for logs, never shown to users; Fields carries
// per-field translation keys for validation errors, keyed by JSON path.
type Error struct {
	Code   string
	Detail string
	Fields map[string]FieldError
	// RetryAfter is set on rate_limited errors, in whole seconds.
	RetryAfter int
}

// FieldError is one invalid field: a translation key and its parameter
// (for example "min" with Param "1"), never text. The HTTP layer turns it
// into the reader's language once (web's Catalog.FieldMessage).
type FieldError struct {
	Key   string
	Param string
	// cause is validator's own error, when the validator found this one:
	// validator ships messages for some languages, and only the checker
	// that found the error can produce them (see ValidatorText).
	cause validator.FieldError
}

func (e *Error) Error() string {
	if e.Detail != "" {
		return e.Code + ": " + e.Detail
	}
	return e.Code
}

// Errorf returns an *Error with the given code and a detail for logs.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Detail: fmt.Sprintf(format, args...)}
}

// Invalid returns a validation_failed error for the given fields.
func Invalid(fields map[string]FieldError) *Error {
	return &Error{Code: ErrValidationFailed, Fields: fields}
}

// InvalidField is Invalid for a single field.
func InvalidField(path, key, param string) *Error {
	return Invalid(map[string]FieldError{path: {Key: key, Param: param}})
}

// ErrorCode returns the code of an application error, or ErrInternal for
// anything else: an unknown error is always treated as a fault of ours.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ErrInternal
}

// IsCode reports whether err is an application error with the given code.
func IsCode(err error, code string) bool {
	var e *Error
	return errors.As(err, &e) && e.Code == code
}
