package api

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/handlers/httpx"
	"github.com/agora-events/agora/models"
)

// certificateRoutes registers certificates: public verification (rate
// limited like signups, since each answer tests one name), and staff
// issue and revocation.
func (s *Server) certificateRoutes(r fiber.Router) {
	r.Get("/api/v1/certificates/:code", s.RateLimit(s.SignupLimit), s.verifyCertificate)
	r.Delete("/api/v1/certificates/:code", s.RequireStaff, s.revokeCertificate)
	r.Post("/api/v1/activities/:id/certificates", s.RequireStaff, s.issueCertificates)
}

// maxVerifyName bounds the name a verification may send.
const maxVerifyName = 500

// certificateJSON is a verified certificate: what it says, and nothing of
// the person.
type certificateJSON struct {
	Valid        bool                 `json:"valid"`
	Activity     models.Text          `json:"activity"`
	Organisation string               `json:"organisation"`
	Dates        []certificateSession `json:"dates"`
	Hours        float64              `json:"hours"`
}

type certificateSession struct {
	StartsAt string `json:"starts_at"`
	EndsAt   string `json:"ends_at"`
}

// certificateView writes a certificate's sessions in its activity's time
// zone, as the activity itself is written.
func certificateView(c *models.Certificate) certificateJSON {
	loc, err := time.LoadLocation(c.Timezone)
	if err != nil {
		loc = time.UTC
	}
	out := certificateJSON{Valid: true, Activity: c.Title, Organisation: c.OrganisationName, Hours: c.Hours(),
		Dates: make([]certificateSession, len(c.Sessions))}
	for i, se := range c.Sessions {
		out.Dates[i] = certificateSession{StartsAt: se.StartsAt.In(loc).Format(time.RFC3339),
			EndsAt: se.EndsAt.In(loc).Format(time.RFC3339)}
	}
	return out
}

// verifyCertificate answers whether a code and the name as printed belong
// to a valid certificate: 200 with what it certifies, else 404 alike for a
// wrong code, a wrong name and a revoked certificate.
func (s *Server) verifyCertificate(c *fiber.Ctx) error {
	name := c.Query("name")
	if name == "" || len(name) > maxVerifyName {
		return models.Errorf(models.ErrBadRequest, "name must be given, at most %d bytes", maxVerifyName)
	}
	cert, err := s.Reg.VerifyCertificate(c.UserContext(), c.Params("code"), name)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(certificateView(cert))
}

// revokeCertificate revokes a certificate for its organisation's staff.
func (s *Server) revokeCertificate(c *fiber.Ctx) error {
	if err := s.Reg.RevokeCertificate(c.UserContext(), httpx.Actor(c), c.Params("code")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// issueCertificates issues the certificates of an ended activity's
// attendees: {"issued": n}, the number new (existing ones stay as they
// are).
func (s *Server) issueCertificates(c *fiber.Ctx) error {
	n, err := s.Reg.IssueCertificates(c.UserContext(), httpx.Actor(c), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"issued": n})
}
