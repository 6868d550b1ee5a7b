package registration

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/store"
)

// Manage tokens are the attendee's only key to their signup. A token is
// HMAC-SHA256(secret key, "manage:" + signup id + ":" + nonce), the nonce
// random and kept on the signup so that later emails can carry the link
// again. Knowing the id does not help without the secret and the nonce;
// the store keeps only SHA-256(token) to find the signup, and the token is
// then checked against the HMAC in constant time. Erasure deletes the hash
// and the nonce, so the token stops working for good.

// tokenLen is the length of a manage token: 32 bytes in unpadded base64url.
var tokenLen = base64.RawURLEncoding.EncodedLen(sha256.Size)

func (s *Service) manageToken(signupID, nonce string) string {
	m := hmac.New(sha256.New, s.secret)
	m.Write([]byte("manage:" + signupID + ":" + nonce))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// manageURL is the attendee's page for their signup.
func (s *Service) manageURL(signupID, nonce string) string {
	return s.baseURL + "/signups/" + s.manageToken(signupID, nonce)
}

// tokenHash is what the store keeps of a token.
func tokenHash(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

func randomNonce() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// signupByToken finds the signup a manage token belongs to. Anything
// wrong (malformed, unknown, erased, not yet decided) is not_found.
func (s *Service) signupByToken(ctx context.Context, token string) (*models.Signup, error) {
	notFound := models.Errorf(models.ErrNotFound, "no signup for this token")
	if len(token) != tokenLen {
		return nil, notFound
	}
	su, err := s.store.SignupByTokenHash(ctx, tokenHash(token))
	if err != nil {
		return nil, err
	}
	want := s.manageToken(su.ID, su.ManageNonce)
	if su.ManageNonce == "" || su.Status == models.SignupPending ||
		subtle.ConstantTimeCompare([]byte(want), []byte(token)) != 1 {
		return nil, notFound
	}
	return su, nil
}

// ManagedSignup is what an attendee sees of their signup.
type ManagedSignup struct {
	Signup           models.Signup
	Activity         models.Activity
	WaitlistPosition int
	// OnlineURL is the activity's online link, given only to a signup
	// holding seats.
	OnlineURL string
}

// SignupByToken returns the signup of a manage token.
func (s *Service) SignupByToken(ctx context.Context, token string) (*ManagedSignup, error) {
	su, err := s.signupByToken(ctx, token)
	if err != nil {
		return nil, err
	}
	a, err := s.store.ActivityByID(ctx, su.ActivityID)
	if err != nil {
		return nil, err
	}
	m := &ManagedSignup{Signup: *su, Activity: *a, WaitlistPosition: a.WaitingPosition(su.ID)}
	if models.SignupHoldsSeat(su.Status) && a.Status != models.StatusCancelled {
		m.OnlineURL = a.Venue.OnlineURL
	}
	return m, nil
}

// CancelByToken cancels the signup of a manage token and frees its seats
// for the waiting list. Cancelling a cancelled signup succeeds again;
// once the activity has started it is activity_started.
func (s *Service) CancelByToken(ctx context.Context, token string) (*models.Signup, error) {
	su, err := s.signupByToken(ctx, token)
	if err != nil {
		return nil, err
	}
	if su.Status != models.SignupCancelled {
		a, err := s.store.ActivityByID(ctx, su.ActivityID)
		if err != nil {
			return nil, err
		}
		if !s.now().Before(a.StartsAt) || !models.SignupActive(su.Status) {
			return nil, models.Errorf(models.ErrActivityStarted, "activity %s started", a.ID)
		}
	}
	return s.cancelSignup(ctx, su.ID, su.ActivityID, models.CancelledByAttendee, true)
}

// EraseByToken cancels the signup of a manage token if it is active and
// erases its personal data (name, email, phone, answers) and the emails
// written to it; what remains counts anonymously in reports. The token
// stops working. The emails go first, so that a failure leaves the token
// working for a retry.
func (s *Service) EraseByToken(ctx context.Context, token string) error {
	su, err := s.signupByToken(ctx, token)
	if err != nil {
		return err
	}
	if _, err := s.cancelSignup(ctx, su.ID, su.ActivityID, models.CancelledByAttendee, false); err != nil &&
		!models.IsCode(err, models.ErrConflict) {
		return err
	}
	now := s.now().UTC()
	if err := s.store.EraseOutbox(ctx, store.OutboxScope{SignupID: su.ID}, now); err != nil {
		return err
	}
	return s.eraseSignup(ctx, su.ID, su.ActivityID, now)
}
