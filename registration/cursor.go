package registration

import (
	"encoding/base64"
	"strings"

	"github.com/agora-events/agora/models"
)

// List limits of the HTTP contract.
const (
	DefaultLimit = 20
	MaxLimit     = 100
)

// encodeCursor makes an opaque cursor of its parts. Cursors are not
// secret, only opaque: clients must not build them, and a tampered one
// can do no more than a hand-written filter.
func encodeCursor(parts ...string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strings.Join(parts, "\x1f")))
}

// decodeCursor splits a cursor made by encodeCursor into n parts; anything
// else is a bad_request.
func decodeCursor(cursor string, n int) ([]string, error) {
	raw, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil {
		return nil, models.Errorf(models.ErrBadRequest, "malformed cursor")
	}
	parts := strings.Split(string(raw), "\x1f")
	if len(parts) != n {
		return nil, models.Errorf(models.ErrBadRequest, "malformed cursor")
	}
	return parts, nil
}

// clampLimit applies the default and the maximum to a requested page size.
func clampLimit(n int) int {
	if n <= 0 {
		return DefaultLimit
	}
	return min(n, MaxLimit)
}
