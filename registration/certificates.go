package registration

import (
	"context"
	"crypto/hmac"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/agora-events/agora/models"
)

// Certificates are proofs of participation that outlive the attendee's
// personal data. The attendee opens theirs from the manage page once the
// activity has ended and they were checked in; that first view issues it
// (staff may issue a whole activity's at once). The record keeps only what
// is printed, with a keyed hash of the name (models.Certificate), so
// erasure and retention, which never touch certificates, leave it
// verifiable by its code and the name as printed.
//
// A certificate covers one activity or, for an activity of a series
// (models.Activity.SeriesID, made by repeat), every session of the series
// that had ended when it was issued and that the same person attended:
// the sessions are signed up for one by one, so the person is known by
// the email of their signups (case-insensitive), while their data is
// kept. Each session lists its dates and the hours add up.

// Why a signup has no certificate (CertificateView.Missing).
const (
	CertificateNotEnded    = "not_ended"
	CertificateNotAttended = "not_attended"
	CertificateRevoked     = "revoked"
)

// CertificateView is an attendee's certificate as their page prints it,
// or why there is none (Missing).
type CertificateView struct {
	// Missing is empty when there is a certificate, else one of the
	// Certificate… reasons.
	Missing     string
	Certificate models.Certificate
	// Code is the verification code (models.CertificateCode).
	Code         string
	Name         string
	Language     string
	Organisation models.Organisation
	Activity     models.Activity
}

// CertificateByToken returns the certificate of a manage token's signup,
// issuing it on the first view. A signup not checked in, or an activity
// not ended yet, has none: the view says why.
func (s *Service) CertificateByToken(ctx context.Context, token string) (*CertificateView, error) {
	su, err := s.signupByToken(ctx, token)
	if err != nil {
		return nil, err
	}
	a, err := s.store.ActivityByID(ctx, su.ActivityID)
	if err != nil {
		return nil, err
	}
	org, err := s.store.OrganisationByID(ctx, a.OrganisationID)
	if err != nil {
		return nil, err
	}
	v := &CertificateView{Name: su.Name, Language: su.Language, Organisation: *org, Activity: *a}
	switch {
	case su.Status != models.SignupAttended:
		v.Missing = CertificateNotAttended
		return v, nil
	case !s.ended(a):
		v.Missing = CertificateNotEnded
		return v, nil
	}
	series, err := s.seriesAttendance(ctx, a)
	if err != nil {
		return nil, err
	}
	c, _, err := s.issueCertificate(ctx, su, a, org, series)
	if err != nil {
		return nil, err
	}
	v.Certificate, v.Code = *c, models.CertificateCode(s.secret, su.ID)
	if c.RevokedAt != nil {
		v.Missing = CertificateRevoked
	}
	return v, nil
}

// CertificateReady reports whether a signup's certificate may be opened:
// it was checked in and its activity has ended.
func (s *Service) CertificateReady(su *models.Signup, a *models.Activity) bool {
	return su.Status == models.SignupAttended && s.ended(a)
}

func (s *Service) ended(a *models.Activity) bool { return !a.EndsAt.After(s.now()) }

// issueCertificate stores the certificate of an attended signup unless it
// exists, and returns it with whether it is new. Issuing twice, or
// concurrently, keeps the first: the id is the hash of the code, which the
// signup determines.
func (s *Service) issueCertificate(ctx context.Context, su *models.Signup, a *models.Activity, org *models.Organisation,
	series map[string][]models.CertificateSession) (*models.Certificate, bool, error) {
	id := models.CertificateCodeHash(models.CertificateCode(s.secret, su.ID))
	if c, err := s.store.CertificateByID(ctx, id); err == nil {
		return c, false, nil
	} else if !models.IsCode(err, models.ErrNotFound) {
		return nil, false, err
	}
	sessions := series[strings.ToLower(su.Email)]
	if len(sessions) == 0 || su.Email == "" { // no series, or nobody to match (added by staff without email)
		sessions = []models.CertificateSession{sessionOf(a)}
	}
	minutes := 0
	for _, se := range sessions {
		minutes += int(se.EndsAt.Sub(se.StartsAt) / time.Minute)
	}
	c := &models.Certificate{ID: id, SignupID: su.ID, ActivityID: a.ID, OrganisationID: a.OrganisationID,
		Title: a.Title, OrganisationName: org.Name, Language: org.DefaultLanguage, Timezone: a.Timezone,
		Sessions: sessions, Minutes: minutes,
		NameHash: models.CertificateNameHash(s.secret, su.Name), IssuedAt: s.now().UTC().Truncate(time.Millisecond)}
	err := s.store.InsertCertificate(ctx, c)
	if models.IsCode(err, models.ErrConflict) {
		c, err = s.store.CertificateByID(ctx, id)
		return c, false, err
	}
	if err != nil {
		return nil, false, err
	}
	return c, true, nil
}

// IssueCertificates issues the certificate of every attended signup of an
// ended activity that has none yet, and returns how many it issued. Erased
// signups have no name left to print and are skipped.
func (s *Service) IssueCertificates(ctx context.Context, actor *Actor, activityID string) (int, error) {
	a, err := s.activityFor(ctx, actor, ActManageSignups, activityID)
	if err != nil {
		return 0, err
	}
	if !s.CertificatesOpen(a) {
		return 0, models.Errorf(models.ErrActivityNotEnded, "activity %s has not taken place", a.ID)
	}
	org, err := s.store.OrganisationByID(ctx, a.OrganisationID)
	if err != nil {
		return 0, err
	}
	series, err := s.seriesAttendance(ctx, a)
	if err != nil {
		return 0, err
	}
	issued := 0
	err = s.store.EachSignupBatch(ctx, a.ID, []string{models.SignupAttended}, retentionSignups, func(page []models.Signup) error {
		for i := range page {
			_, created, err := s.issueCertificate(ctx, &page[i], a, org, series)
			if err != nil {
				return err
			}
			if created {
				issued++
			}
		}
		return nil
	})
	if err != nil {
		return issued, err
	}
	s.audit(ctx, actor, models.AuditCertificateIssue, activityTarget(a).with(strconv.Itoa(issued)))
	return issued, nil
}

// certificateByCode finds the certificate of a code as typed; anything
// that is not one is not_found.
func (s *Service) certificateByCode(ctx context.Context, code string) (*models.Certificate, error) {
	parsed, ok := models.ParseCertificateCode(code)
	if !ok {
		return nil, models.Errorf(models.ErrNotFound, "not a certificate code")
	}
	return s.store.CertificateByID(ctx, models.CertificateCodeHash(parsed))
}

// VerifyCertificate returns the certificate of code when name is the name
// printed on it (compared after models.NormaliseName) and it is not
// revoked. Every other case is the same not_found, so that an answer
// tells nothing about which of code and name was wrong.
func (s *Service) VerifyCertificate(ctx context.Context, code, name string) (*models.Certificate, error) {
	notFound := models.Errorf(models.ErrNotFound, "no certificate for this code and name")
	c, err := s.certificateByCode(ctx, code)
	if models.IsCode(err, models.ErrNotFound) {
		return nil, notFound
	}
	if err != nil {
		return nil, err
	}
	if c.RevokedAt != nil || !hmac.Equal([]byte(c.NameHash), []byte(models.CertificateNameHash(s.secret, name))) {
		return nil, notFound
	}
	return c, nil
}

// RevokeCertificate revokes a certificate for its organisation's staff:
// it stops verifying. Revoking it again changes nothing and is recorded
// once.
func (s *Service) RevokeCertificate(ctx context.Context, actor *Actor, code string) error {
	if actor == nil {
		return models.Errorf(models.ErrUnauthorized, "no actor")
	}
	c, err := s.certificateByCode(ctx, code)
	if err != nil {
		return err
	}
	if err := actor.Authorize(ActManageSignups, c.OrganisationID); err != nil {
		return err
	}
	done, err := s.store.RevokeCertificate(ctx, c.ID, s.now().UTC().Truncate(time.Millisecond))
	if err != nil {
		return err
	}
	if done {
		s.audit(ctx, actor, models.AuditCertificateRevoke, auditTarget{typ: models.AuditTargetCertificate,
			id: c.ID, org: c.OrganisationID, detail: c.ActivityID})
	}
	return nil
}

// IssuedCertificate is one certificate of an activity as staff see it.
type IssuedCertificate struct {
	Code string
	// Name is the attendee's, while their data is kept ("" once erased).
	Name    string
	Revoked bool
}

// ActivityCertificates lists the certificates of an activity for its
// organisation's staff, with the names still known.
func (s *Service) ActivityCertificates(ctx context.Context, actor *Actor, activityID string) ([]IssuedCertificate, error) {
	a, err := s.activityFor(ctx, actor, ActManageSignups, activityID)
	if err != nil {
		return nil, err
	}
	cs, err := s.store.CertificatesOfActivity(ctx, a.ID)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(cs))
	for i := range cs {
		ids[i] = cs[i].SignupID
	}
	sus, err := s.store.SignupsByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	names := make(map[string]string, len(sus))
	for _, su := range sus {
		if su.ErasedAt == nil {
			names[su.ID] = su.Name
		}
	}
	out := make([]IssuedCertificate, len(cs))
	for i, c := range cs {
		out[i] = IssuedCertificate{Code: models.CertificateCode(s.secret, c.SignupID), Name: names[c.SignupID],
			Revoked: c.RevokedAt != nil}
	}
	return out, nil
}

// CertificatesOpen reports whether certificates of a may be issued: it
// took place (published, not cancelled) and has ended.
func (s *Service) CertificatesOpen(a *models.Activity) bool {
	return a.Status == models.StatusPublished && s.ended(a)
}

func sessionOf(a *models.Activity) models.CertificateSession {
	return models.CertificateSession{StartsAt: a.StartsAt.UTC(), EndsAt: a.EndsAt.UTC()}
}

// seriesAttendance maps the lower-cased email of everyone checked in at a
// session of a's series to the sessions they attended, in order, counting
// the sessions that took place (published) and have ended. It is nil
// when a is in no series. Erased signups have no email and count for
// nobody.
func (s *Service) seriesAttendance(ctx context.Context, a *models.Activity) (map[string][]models.CertificateSession, error) {
	if a.SeriesID == nil {
		return nil, nil
	}
	sessions, err := s.store.SeriesSessions(ctx, *a.SeriesID)
	if err != nil {
		return nil, err
	}
	out := map[string][]models.CertificateSession{}
	for i := range sessions {
		x := &sessions[i]
		if !s.CertificatesOpen(x) {
			continue
		}
		err := s.store.EachSignupBatch(ctx, x.ID, []string{models.SignupAttended}, retentionSignups, func(page []models.Signup) error {
			for _, su := range page {
				key := strings.ToLower(su.Email)
				if su.Email == "" || slices.Contains(out[key], sessionOf(x)) {
					continue // erased, or the same person twice (added by staff)
				}
				out[key] = append(out[key], sessionOf(x))
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}
