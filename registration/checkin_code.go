package registration

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strings"

	"github.com/agora-events/agora/models"
)

// A check-in code is what the QR code of a confirmed signup carries: the
// signup's id and an HMAC of it under SECRET_KEY (checkInMACLen bytes,
// 192 bits, in unpadded base64url). It opens nothing by itself — only
// staff of the signup's organisation, logged in, see whom it names — so
// it needs no record of its own: nothing is stored, in clear or hashed,
// and the manage page and every email can show the same code again
// without keeping it. Whoever holds SECRET_KEY can make codes, but they
// can also sign staff sessions, which open far more than a check-in.
const checkInMACLen = 24

// checkInSep joins the id and the MAC; it is not in the base64url
// alphabet, so the MAC part never contains it.
const checkInSep = "."

// checkInMAC is the MAC part of signupID's code.
func (s *Service) checkInMAC(signupID string) string {
	h := hmac.New(sha256.New, append([]byte("agora check-in code\x00"), s.secret...))
	h.Write([]byte(signupID))
	return base64.RawURLEncoding.EncodeToString(h.Sum(nil)[:checkInMACLen])
}

// CheckInCode is the check-in code of a signup.
func (s *Service) CheckInCode(signupID string) string {
	return signupID + checkInSep + s.checkInMAC(signupID)
}

// CheckInURL is the address a signup's QR code opens.
func (s *Service) CheckInURL(signupID string) string {
	return s.links.CheckIn.With(s.CheckInCode(signupID))
}

// checkInSignupID is the signup id of a genuine code, else "".
func (s *Service) checkInSignupID(code string) string {
	id, mac, ok := strings.Cut(code, checkInSep)
	if !ok || id == "" || len(code) > 200 {
		return ""
	}
	if !hmac.Equal([]byte(mac), []byte(s.checkInMAC(id))) {
		return ""
	}
	return id
}

// CheckInCard is what a check-in code shows the staff member who scans it.
type CheckInCard struct {
	Signup   models.Signup
	Activity models.Activity
	// Open says whether the door is open (CheckInOpen) and the signup
	// holds a seat, so that the page offers its one button.
	Open bool
}

// CheckInByCode is the signup a check-in code names, for staff of its
// organisation. Anything else — no actor, another organisation, a code
// that is not genuine, a signup erased or pending — is not_found, the
// same answer for each, so that the page says nothing about the code.
func (s *Service) CheckInByCode(ctx context.Context, actor *Actor, code string) (*CheckInCard, error) {
	id := s.checkInSignupID(code)
	if id == "" || actor == nil {
		return nil, models.Errorf(models.ErrNotFound, "no such check-in code")
	}
	su, err := s.staffSignup(ctx, actor, id)
	switch {
	case models.IsCode(err, models.ErrNotFound), models.IsCode(err, models.ErrForbidden),
		models.IsCode(err, models.ErrUnauthorized), err == nil && su.ErasedAt != nil:
		return nil, models.Errorf(models.ErrNotFound, "no such check-in code")
	case err != nil:
		return nil, err
	}
	a, err := s.store.ActivityByID(ctx, su.ActivityID)
	if err != nil {
		return nil, err
	}
	return &CheckInCard{Signup: *su, Activity: *a,
		Open: models.SignupHoldsSeat(su.Status) && a.Status != models.StatusCancelled && s.CheckInOpen(a)}, nil
}

// CheckInWithCode marks the signup of a check-in code attended, for staff
// of its organisation (CheckInByCode). Repeating it changes nothing.
func (s *Service) CheckInWithCode(ctx context.Context, actor *Actor, code string) (*CheckInCard, error) {
	card, err := s.CheckInByCode(ctx, actor, code)
	if err != nil {
		return nil, err
	}
	if card.Signup.Status == models.SignupAttended {
		return card, nil
	}
	su, err := s.CheckIn(ctx, actor, card.Signup.ID, models.SignupAttended)
	if err != nil {
		return nil, err
	}
	card.Signup = *su
	return card, nil
}
