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
	Token     string      `json:"token"`
	ExpiresAt time.Time   `json:"expires_at"`
	User      models.User `json:"user"`
}

// Login checks a staff user's email and password and opens a session.
// A wrong password, an unknown email and a disabled account get the same
// unauthorized error after the same argon2 work, so the answer reveals
// nothing about which emails exist. Failed logins are limited per client
// IP and per email; over the limit the answer is rate_limited with the
// seconds to wait, whether or not the password is right.
func (s *Service) Login(ctx context.Context, email, password, clientIP string) (*LoginResult, error) {
	now := s.now()
	email = strings.ToLower(strings.TrimSpace(email))
	ipKey, emailKey := "ip:"+clientIP, "email:"+email
	if wait := max(s.logins.blocked(ipKey, now), s.logins.blocked(emailKey, now)); wait > 0 {
		return nil, &models.Error{Code: models.ErrRateLimited, Detail: "too many failed logins",
			RetryAfter: int(math.Ceil(wait.Seconds()))}
	}
	u, err := s.store.UserByEmail(ctx, email)
	if err != nil && !models.IsCode(err, models.ErrNotFound) {
		return nil, err
	}
	ok := false
	if u == nil {
		VerifyPassword(dummyHash, password) // same time as a real check
	} else {
		ok = VerifyPassword(u.PasswordHash, password) && !u.Disabled
	}
	if !ok {
		s.logins.fail(ipKey, now)
		s.logins.fail(emailKey, now)
		s.auditLoginFailed(ctx, u, email)
		return nil, models.Errorf(models.ErrUnauthorized, "wrong email or password")
	}
	s.logins.reset(emailKey)
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

// dummyHash is a valid argon2id hash, with today's parameters, of a
// password nobody uses. Login verifies it for unknown emails so that they
// cost as much time as known ones.
const dummyHash = "$argon2id$v=19$m=19456,t=2,p=1$jFglFpSAGFYcLGo5BBoRfA$wwLyonC3h2hd4SPSfBIwhV+i9nfM6VvXcyPzo5eVJBA"
