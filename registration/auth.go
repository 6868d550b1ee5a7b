package registration

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"math"
	"strings"
	"time"

	"github.com/agora-events/agora/models"
)

// SessionTTL is how long a staff login lasts. A working day: a stolen
// token is useful for hours, not weeks.
const SessionTTL = 12 * time.Hour

// LoginResult is what a successful login returns. Token is the only copy
// of the raw token: the store keeps its SHA-256.
type LoginResult struct {
	Token     string
	ExpiresAt time.Time
	User      models.User
}

// Bounds on what a login reads. An address longer than RFC 5321 allows
// (254 octets) cannot be an account's; a password longer than 1024
// characters of up to 4 bytes cannot be one either. Past them a login is
// simply wrong, and neither value is kept whole anywhere: the limiter
// keys an email by its hash, and the audit log keeps it masked and cut.
const (
	maxLoginEmailBytes    = 254
	maxLoginPasswordBytes = 4 * 1024
)

// Login checks a staff user's email and password and opens a session.
//
// A wrong password, an unknown or over-long email, an account without a
// password yet and a disabled account all get the same unauthorized
// error after exactly one argon2 check (of a dummy hash when there is no
// real one), so neither the answer nor its time reveals which emails
// exist. Attempts are limited per client IP and per email: each is
// counted before its password is checked, so concurrent attempts cannot
// overrun the limit; a success takes its attempt back and forgets the
// email's failures. Over the limit the answer is rate_limited with the
// seconds to wait, whether or not the password is right; so it is when
// too many password checks are already running (see passwordWork).
func (s *Service) Login(ctx context.Context, email, password, clientIP string) (*LoginResult, error) {
	now := s.now()
	email = strings.ToLower(strings.TrimSpace(email))
	keys := []string{"ip:" + clientIP, "email:" + hashToken(email)}
	if wait := s.logins.reserve(now, keys...); wait > 0 {
		return nil, &models.Error{Code: models.ErrRateLimited, Detail: "too many failed logins",
			RetryAfter: int(math.Ceil(wait.Seconds()))}
	}
	u, err := s.loginAccount(ctx, email)
	if err != nil {
		s.logins.release(now, keys...)
		return nil, err
	}
	stored, hasHash := dummy, false
	if u != nil && len(password) <= maxLoginPasswordBytes {
		stored, hasHash = parseHash(u.PasswordHash) // false without a password yet
		if !hasHash {
			stored = dummy
		}
	}
	match, err := s.passwords.check(ctx, stored, password)
	if err != nil {
		s.logins.release(now, keys...)
		return nil, err
	}
	if !hasHash || !match || u.Disabled {
		s.auditLoginFailed(ctx, u, email)
		return nil, models.Errorf(models.ErrUnauthorized, "wrong email or password")
	}
	s.logins.release(now, keys[0])
	s.logins.reset(keys[1])
	token, hash, err := newSessionToken()
	if err != nil {
		return nil, err
	}
	sess := &models.Session{TokenHash: hash, UserID: u.ID, ExpiresAt: now.Add(SessionTTL).UTC(), CreatedAt: now.UTC()}
	if err := s.store.InsertSession(ctx, sess); err != nil {
		return nil, err
	}
	s.audit(ctx, &Actor{User: *u}, models.AuditLogin, userTarget(u))
	return &LoginResult{Token: token, ExpiresAt: sess.ExpiresAt, User: *u}, nil
}

// loginAccount is the account an email names, or nil when there is none
// (an over-long email is none without asking the store).
func (s *Service) loginAccount(ctx context.Context, email string) (*models.User, error) {
	if len(email) > maxLoginEmailBytes {
		return nil, nil
	}
	u, err := s.store.UserByEmail(ctx, email)
	if models.IsCode(err, models.ErrNotFound) {
		return nil, nil
	}
	return u, err
}

// Authenticate turns a bearer token into the Actor it belongs to. A
// missing, unknown, expired or revoked token, or a disabled user, is
// unauthorized.
func (s *Service) Authenticate(ctx context.Context, token string) (*Actor, error) {
	if token == "" || len(token) > 128 {
		return nil, models.Errorf(models.ErrUnauthorized, "no token")
	}
	sess, err := s.store.SessionByHash(ctx, hashToken(token))
	if models.IsCode(err, models.ErrNotFound) {
		return nil, models.Errorf(models.ErrUnauthorized, "unknown token")
	}
	if err != nil {
		return nil, err
	}
	if !s.now().Before(sess.ExpiresAt) {
		return nil, models.Errorf(models.ErrUnauthorized, "expired token")
	}
	u, err := s.store.UserByID(ctx, sess.UserID)
	if models.IsCode(err, models.ErrNotFound) {
		return nil, models.Errorf(models.ErrUnauthorized, "user gone")
	}
	if err != nil {
		return nil, err
	}
	if u.Disabled {
		return nil, models.Errorf(models.ErrUnauthorized, "user disabled")
	}
	return &Actor{User: *u}, nil
}

// Logout revokes the session of token; the token stops working at once.
func (s *Service) Logout(ctx context.Context, token string) error {
	return s.store.DeleteSession(ctx, hashToken(token))
}

// PurgeExpiredSessions deletes the sessions that have expired; the
// scheduler's housekeeping calls it (the embedded store has no TTL).
// Expired sessions are refused anyway; this only keeps the store small.
func (s *Service) PurgeExpiredSessions(ctx context.Context) (int64, error) {
	return s.store.DeleteExpiredSessions(ctx, s.now().UTC())
}

// newSessionToken returns a random 256-bit token and its stored hash.
func newSessionToken() (token, hash string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", err
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, hashToken(token), nil
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
