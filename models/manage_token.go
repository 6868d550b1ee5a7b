package models

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
)

// Manage tokens are an attendee's only key to their signup, so nothing
// kept in the store or the data folder may rebuild one. Each link handed
// out — the answer to the signup, and each email that carries the link —
// has a token of its own: 256 random bits, of which only the SHA-256 is
// stored (on the signup for the answer's, on the email's outbox record for
// an email's). A link works while its hash is stored and its signup is not
// erased; erasure clears every hash of the signup.

// ManageTokenLen is the length of a manage token: 32 bytes in unpadded
// base64url. Anything else is not a token.
var ManageTokenLen = base64.RawURLEncoding.EncodedLen(sha256.Size)

// NewManageToken returns a new random manage token and its hash, which is
// what the store keeps of it.
func NewManageToken() (token, hash string) {
	b := make([]byte, sha256.Size)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, ManageTokenHash(token)
}

// ManageTokenHash is what the store keeps of a manage token, and looks it
// up by: its SHA-256 in hex. A token has 256 random bits, so a fast hash
// does not weaken it (there is nothing to guess offline).
func ManageTokenHash(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}
