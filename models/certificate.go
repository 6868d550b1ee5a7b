package models

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// Certificate is the verification record of a proof of participation. It
// keeps nothing personal in clear, so that it survives the erasure of the
// attendee's data (by them or by retention) and anyone holding the paper
// can still verify it: what was attended (title, sessions, hours, the
// organisation, all as printed) and a keyed hash of the name. The
// verification code itself is not stored, only its SHA-256 (the ID), like
// every token Agora hands out; it is derived from the signup and the
// service secret (CertificateCode), so opening the certificate again
// shows the same code.
type Certificate struct {
	// ID is CertificateCodeHash of the verification code.
	ID string `bson:"_id" json:"-"`
	// SignupID is the signup it was issued for, which stays (anonymous)
	// after erasure: issuing again finds the same record.
	SignupID         string `bson:"signup_id" json:"-"`
	ActivityID       string `bson:"activity_id" json:"-"`
	OrganisationID   string `bson:"organisation_id" json:"-"`
	Title            Text   `bson:"title" json:"activity"`
	OrganisationName string `bson:"organisation_name" json:"organisation"`
	// Language is the organisation's default language when it was
	// issued: the fallback of the title, as everywhere.
	Language string               `bson:"language" json:"-"`
	Timezone string               `bson:"timezone" json:"-"`
	Sessions []CertificateSession `bson:"sessions" json:"dates"`
	// Minutes is the sum of the sessions' durations.
	Minutes int `bson:"minutes" json:"-"`
	// NameHash is CertificateNameHash of the name as printed.
	NameHash  string     `bson:"name_hash" json:"-"`
	IssuedAt  time.Time  `bson:"issued_at" json:"-"`
	RevokedAt *time.Time `bson:"revoked_at,omitempty" json:"-"`
}

// CertificateSession is one attended session: its start and end.
type CertificateSession struct {
	StartsAt time.Time `bson:"starts_at" json:"starts_at"`
	EndsAt   time.Time `bson:"ends_at" json:"ends_at"`
}

// Hours is the certificate's duration in hours (Minutes / 60).
func (c *Certificate) Hours() float64 { return float64(c.Minutes) / 60 }

// crockford is Crockford's base32 alphabet: no I, L, O or U, so that a
// code read aloud or typed from paper is not mistaken.
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// CertificateCodeLen is the length of a verification code: 10 characters
// of base32, 50 bits taken from a keyed hash.
const CertificateCodeLen = 10

// CertificateCode is the verification code of the certificate of a
// signup: the first 50 bits of HMAC-SHA256(secret, signup id) in
// Crockford base32. Nobody without the secret can guess a code, and the
// same signup always gets the same one.
func CertificateCode(secret []byte, signupID string) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("agora certificate code\x00" + signupID))
	sum := m.Sum(nil)
	var bits uint64
	for _, b := range sum[:8] {
		bits = bits<<8 | uint64(b)
	}
	out := make([]byte, CertificateCodeLen)
	for i := range out {
		out[i] = crockford[bits>>(64-5*(i+1))&31]
	}
	return string(out)
}

// GroupCertificateCode writes a code as printed: two groups of five.
func GroupCertificateCode(code string) string {
	if len(code) != CertificateCodeLen {
		return code
	}
	return code[:5] + "-" + code[5:]
}

// ParseCertificateCode reads a code as a person types it: any case, with
// dashes or spaces, O for 0 and I or L for 1 (Crockford's rules). It
// reports false for anything that cannot be a code.
func ParseCertificateCode(s string) (string, bool) {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch {
		case r == '-' || r == ' ':
			continue
		case r == 'O':
			r = '0'
		case r == 'I' || r == 'L':
			r = '1'
		case !strings.ContainsRune(crockford, r):
			return "", false
		}
		b.WriteRune(r)
		if b.Len() > CertificateCodeLen {
			return "", false
		}
	}
	if b.Len() != CertificateCodeLen {
		return "", false
	}
	return b.String(), true
}

// CertificateCodeHash is what the store keeps of a code: its SHA-256 in
// hex.
func CertificateCodeHash(code string) string {
	h := sha256.Sum256([]byte(code))
	return hex.EncodeToString(h[:])
}

// NormaliseName is a name as verification compares it: Unicode NFKC
// (composed and decomposed accents, full-width letters alike), case
// folded, with spaces trimmed and runs of white space made one space.
func NormaliseName(name string) string {
	s := norm.NFKC.String(cases.Fold().String(norm.NFKC.String(name)))
	return strings.Join(strings.Fields(s), " ")
}

// CertificateNameHash is the keyed hash of a name kept on a certificate:
// HMAC-SHA256 with the service secret of the normalised name, so that the
// record holds no name and a copy of the store without the secret cannot
// test names against it.
func CertificateNameHash(secret []byte, name string) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("agora certificate name\x00" + NormaliseName(name)))
	return hex.EncodeToString(m.Sum(nil))
}
