package registration

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// argon2id parameters: OWASP's recommended minimum (19 MiB, 2 passes, 1
// lane). Stored with each hash so they can be raised later without
// invalidating existing passwords (within the bounds of parseHash, which
// passwordSlots assumes).
const (
	argonMemoryKiB = 19 * 1024
	argonTime      = 2
	argonThreads   = 1
	argonKeyLen    = 32
	argonSaltLen   = 16
)

// Bounds on the parameters of a stored hash. A hash outside them never
// matches: one crafted hash (an imported data file, a tampered store)
// must not make each login attempt on its account take gigabytes or
// minutes. They leave room to raise today's parameters several times.
const (
	maxArgonMemoryKiB = 4 * argonMemoryKiB
	maxArgonTime      = 16
	maxArgonThreads   = 8
	maxArgonBytes     = 64 // salt and key
)

// HashPassword returns an argon2id hash in the PHC string format.
func HashPassword(password string) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemoryKiB, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemoryKiB, argonTime,
		argonThreads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// VerifyPassword reports whether password matches hash, in constant time.
// A malformed hash never matches.
func VerifyPassword(hash, password string) bool {
	h, ok := parseHash(hash)
	return ok && h.matches(password)
}

// argonHash is a stored argon2id hash, taken apart.
type argonHash struct {
	memory, time uint32
	threads      uint8
	salt, key    []byte
}

// parseHash reads a hash in the PHC string format; ok is false for
// anything else, and for parameters outside the bounds above.
func parseHash(encoded string) (h argonHash, ok bool) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return h, false
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return h, false
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &h.memory, &h.time, &h.threads); err != nil {
		return h, false
	}
	if h.memory == 0 || h.memory > maxArgonMemoryKiB || h.time == 0 || h.time > maxArgonTime ||
		h.threads == 0 || h.threads > maxArgonThreads {
		return h, false
	}
	var err error
	if h.salt, err = b64.DecodeString(parts[4]); err != nil || len(h.salt) > maxArgonBytes {
		return h, false
	}
	if h.key, err = b64.DecodeString(parts[5]); err != nil || len(h.key) == 0 || len(h.key) > maxArgonBytes {
		return h, false
	}
	return h, true
}

// matches computes argon2id of password with h's salt and parameters — the
// one expensive step of a login — and compares it with h's key in constant
// time.
func (h argonHash) matches(password string) bool {
	got := argon2.IDKey([]byte(password), h.salt, h.time, h.memory, h.threads, uint32(len(h.key)))
	return subtle.ConstantTimeCompare(got, h.key) == 1
}

// dummyHash is a valid argon2id hash, with today's parameters, of a
// password nobody uses. Every login that has no real hash to check (an
// unknown or over-long email, an account without a password yet, an
// over-long password) checks this one instead, so that it costs the same
// time as a real check and timing tells nothing about accounts.
const dummyHash = "$argon2id$v=19$m=19456,t=2,p=1$jFglFpSAGFYcLGo5BBoRfA$wwLyonC3h2hd4SPSfBIwhV+i9nfM6VvXcyPzo5eVJBA"

var dummy = func() argonHash {
	h, ok := parseHash(dummyHash)
	if !ok {
		panic("registration: dummyHash does not parse")
	}
	return h
}()

var b64 = base64.RawStdEncoding
